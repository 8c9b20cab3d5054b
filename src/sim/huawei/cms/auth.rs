//! Server-side check of CC-CMS "C2" AK/SK authentication (docs/huawei-cms.md §2): parses
//! `Authorization: auth-v2/{ak}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}`,
//! rebuilds the canonical request from the request as received and verifies the HMAC-SHA256
//! signature in constant time. Transport-agnostic: the HTTP layer hands over a [`C2Request`].

use crate::sim::AccessKey;
use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::{Digest, Sha256};

/// How far in the future a timestamp may be (clock skew).
const MAX_FUTURE_SECS: i64 = 5 * 60;
/// The longest a signature stays valid, whatever its `expirationSeconds`.
const MAX_AGE_SECS: i64 = 15 * 60;
/// `yyyy-MM-dd'T'HH:mm:ss'Z'`.
const TIMESTAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";
/// Bounds on the header's parts (a longer part is malformed, not looked up).
const MAX_AK_CHARS: usize = 128;
const MAX_SIGNED_HEADERS: usize = 32;
const MAX_HEADER_NAME: usize = 64;

/// A request as the CC-CMS server received it.
#[derive(Debug, Clone, Copy)]
pub struct C2Request<'a> {
    pub method: &'a str,
    /// The path as sent (still percent-encoded).
    pub raw_path: &'a str,
    /// The query as sent, without `?`.
    pub raw_query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// Why a request is refused (HTTP 401). The texts name no secret and no header value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("no Authorization header")]
    Missing,
    #[error("malformed Authorization header: {0}")]
    Malformed(&'static str),
    #[error("unknown access key")]
    UnknownKey,
    #[error("timestamp is more than 5 minutes in the future")]
    Future,
    #[error("signature expired (older than expirationSeconds, at most 15 minutes)")]
    Expired,
    #[error("host is not among the signed headers")]
    HostNotSigned,
    #[error("signed header {0} is missing from the request")]
    HeaderMissing(String),
    #[error("signed header {0} appears more than once")]
    HeaderRepeated(String),
    #[error("signature does not match")]
    BadSignature,
}

/// The parts of an `auth-v2` Authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key: String,
    pub timestamp: DateTime<Utc>,
    /// `auth-v2/{ak}/{timestamp}/{expirationSeconds}` exactly as sent.
    pub prefix: String,
    pub expiration_secs: u64,
    /// Lower-case, sorted, without duplicates.
    pub signed_headers: Vec<String>,
    pub signature: Vec<u8>,
}

/// Checks a request's C2 authentication; `now` is wall-clock time. Returns the AK on success.
pub fn verify(
    request: &C2Request<'_>,
    keys: &[AccessKey],
    now: DateTime<Utc>,
) -> Result<String, AuthError> {
    let mut values = request.headers.get_all(http::header::AUTHORIZATION).iter();
    let value = values.next().ok_or(AuthError::Missing)?;
    if values.next().is_some() {
        return Err(AuthError::Malformed("more than one Authorization header"));
    }
    let text = value
        .to_str()
        .map_err(|_| AuthError::Malformed("not ASCII"))?;
    let auth = parse(text)?;
    let key = keys
        .iter()
        .find(|k| k.id == auth.access_key)
        .ok_or(AuthError::UnknownKey)?;
    check_time(&auth, now)?;
    if !auth.signed_headers.iter().any(|h| h == "host") {
        return Err(AuthError::HostNotSigned);
    }
    let canonical = canonical_request(request, &auth.signed_headers)?;
    let signing_key = hex::encode(hmac_sha256(key.secret.as_bytes(), auth.prefix.as_bytes())?);
    let mut mac = new_mac(signing_key.as_bytes())?;
    mac.update(canonical.as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&auth.signature)
        .map_err(|_| AuthError::BadSignature)?;
    Ok(auth.access_key)
}

/// Parses `auth-v2/{ak}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}`.
pub fn parse(text: &str) -> Result<Authorization, AuthError> {
    let parts: Vec<&str> = text.trim().split('/').collect();
    let [scheme, ak, stamp, expiration, signed, signature] = parts[..] else {
        return Err(AuthError::Malformed(
            "expected auth-v2/ak/timestamp/expiration/signedHeaders/signature",
        ));
    };
    if scheme != "auth-v2" {
        return Err(AuthError::Malformed("scheme is not auth-v2"));
    }
    if ak.is_empty() || ak.chars().count() > MAX_AK_CHARS {
        return Err(AuthError::Malformed("access key empty or too long"));
    }
    let timestamp = NaiveDateTime::parse_from_str(stamp, TIMESTAMP_FORMAT)
        .map_err(|_| AuthError::Malformed("timestamp is not yyyy-MM-ddTHH:mm:ssZ"))?
        .and_utc();
    if expiration.is_empty()
        || expiration.len() > 10
        || !expiration.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AuthError::Malformed("expirationSeconds is not a number"));
    }
    let expiration_secs = expiration
        .parse::<u64>()
        .map_err(|_| AuthError::Malformed("expirationSeconds is not a number"))?;
    let mut signed_headers = Vec::new();
    for name in signed.split(';') {
        let name = name.trim().to_ascii_lowercase();
        let token = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if name.is_empty() || name.len() > MAX_HEADER_NAME || !name.bytes().all(token) {
            return Err(AuthError::Malformed(
                "signedHeaders is not a ;-list of header names",
            ));
        }
        signed_headers.push(name);
    }
    if signed_headers.len() > MAX_SIGNED_HEADERS {
        return Err(AuthError::Malformed("too many signed headers"));
    }
    signed_headers.sort();
    signed_headers.dedup();
    if signature.len() != 64 {
        return Err(AuthError::Malformed("signature is not 64 hex digits"));
    }
    let signature = hex::decode(signature)
        .map_err(|_| AuthError::Malformed("signature is not 64 hex digits"))?;
    Ok(Authorization {
        access_key: ak.to_string(),
        timestamp,
        prefix: format!("{scheme}/{ak}/{stamp}/{expiration}"),
        expiration_secs,
        signed_headers,
        signature,
    })
}

/// At most 5 minutes ahead; no older than `expirationSeconds` and than 15 minutes.
fn check_time(auth: &Authorization, now: DateTime<Utc>) -> Result<(), AuthError> {
    let ahead = (auth.timestamp - now).num_seconds();
    if ahead > MAX_FUTURE_SECS {
        return Err(AuthError::Future);
    }
    let limit = i64::try_from(auth.expiration_secs)
        .unwrap_or(i64::MAX)
        .min(MAX_AGE_SECS);
    if -ahead > limit {
        return Err(AuthError::Expired);
    }
    Ok(())
}

/// `METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n hex(SHA-256(body))`.
pub fn canonical_request(
    request: &C2Request<'_>,
    signed_headers: &[String],
) -> Result<String, AuthError> {
    let mut headers = Vec::with_capacity(signed_headers.len());
    for name in signed_headers {
        let mut values = request.headers.get_all(name.as_str()).iter();
        let value = values
            .next()
            .ok_or_else(|| AuthError::HeaderMissing(name.clone()))?;
        if values.next().is_some() {
            return Err(AuthError::HeaderRepeated(name.clone()));
        }
        headers.push(format!("{name}:{}", encode(trim(value.as_bytes()), false)));
    }
    Ok(format!(
        "{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        encode(&decode(request.raw_path), true),
        canonical_query(request.raw_query.unwrap_or("")),
        headers.join("\n"),
        hex::encode(Sha256::digest(request.body)),
    ))
}

/// Query pairs decoded, re-encoded, `k=v` (a pair without `=` is `k=`), sorted, joined by `&`.
fn canonical_query(raw: &str) -> String {
    let mut pairs: Vec<String> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            format!(
                "{}={}",
                encode(&decode(k), false),
                encode(&decode(v), false)
            )
        })
        .collect();
    pairs.sort();
    pairs.join("&")
}

/// RFC 3986 percent-encoding: unreserved bytes kept, `/` kept when `keep_slash`, the rest `%XX`.
pub fn encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding; a `%` not followed by two hex digits stays as it is.
fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_pair = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex_pair) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &bytes[start..end.max(start)]
}

fn new_mac(key: &[u8]) -> Result<Hmac<Sha256>, AuthError> {
    // HMAC takes keys of any length; the error arm is unreachable but costs nothing to map.
    Hmac::<Sha256>::new_from_slice(key).map_err(|_| AuthError::BadSignature)
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
    let mut mac = new_mac(key)?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

#[cfg(test)]
#[path = "auth_tests.rs"]
mod tests;
