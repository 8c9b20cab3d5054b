//! Server-side verification of Alibaba Cloud RPC request signatures (V2 HMAC-SHA1 and V3 ACS3-HMAC-SHA256).
//!
//! Written from the vendor documentation (`shared/reference/aliyun-ccc.md` §3-§4), independently of
//! any client code. The module is transport-agnostic: the HTTP layer hands over a [`SignedRequest`]
//! and gets a [`Verified`] identity or an [`AuthError`] carrying the gateway error code, HTTP status
//! and vendor-style message.

use std::collections::{HashMap, VecDeque};

use super::canonical::*;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use sha2::{Digest, Sha256};

/// Allowed clock skew for `Timestamp` / `x-acs-date`, and the nonce retention after that.
const MAX_SKEW_MINUTES: i64 = 15;
/// Timestamp format of both `Timestamp` (V2) and `x-acs-date` (V3).
const TIMESTAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// An incoming request, as seen by the gateway.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// Request path (RPC style: `/`).
    pub path: &'a str,
    /// The raw (still percent-encoded) query string, without the leading `?`.
    pub raw_query: &'a str,
    /// Request headers with lowercase names; repeated headers appear several times.
    pub headers: &'a [(String, String)],
    /// The exact body bytes.
    pub body: &'a [u8],
    /// The `Content-Type` header value (falls back to `headers` when `None`).
    pub content_type: Option<&'a str>,
}

/// Maps an AccessKeyId to its secret. Implemented for every `Fn(&str) -> Option<String>`.
pub trait KeyStore {
    /// The secret of `access_key_id`, or `None` if the key does not exist.
    fn secret(&self, access_key_id: &str) -> Option<String>;
}

impl<F> KeyStore for F
where
    F: Fn(&str) -> Option<String>,
{
    fn secret(&self, access_key_id: &str) -> Option<String> {
        self(access_key_id)
    }
}

/// Which signature scheme the request used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigVersion {
    /// RPC `SignatureVersion=1.0`, HMAC-SHA1 over query ∪ form params.
    V2,
    /// `Authorization: ACS3-HMAC-SHA256 ...`.
    V3,
}

/// A request whose signature has been verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The AccessKeyId that signed the request.
    pub access_key_id: String,
    /// The signature scheme used.
    pub version: SigVersion,
    /// API name (`x-acs-action` header for V3, `Action` param for V2).
    pub action: Option<String>,
    /// API version (`x-acs-version` header for V3, `Version` param for V2).
    pub api_version: Option<String>,
}

/// Gateway authentication errors, mapped to the documented error codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// A required common parameter is absent (code `Missing{Param}`, e.g. `MissingSignature`).
    #[error("{0} is mandatory for this action.")]
    MissingParam(String),
    /// A required header is absent (code `MissingParameter`).
    #[error("The input parameter \"{0}\" that is mandatory for processing this request is not supplied.")]
    MissingHeader(String),
    /// The signature is malformed or uses an unsupported scheme.
    #[error("The request signature does not conform to Aliyun standards. {0}")]
    IncompleteSignature(String),
    /// The AccessKeyId is unknown.
    #[error("Specified access key is not found.")]
    AccessKeyNotFound,
    /// The timestamp is not `yyyy-MM-ddTHH:mm:ssZ`.
    #[error("Specified time stamp or date value is not well formatted.")]
    TimestampFormat,
    /// The timestamp is more than 15 minutes away from the server clock.
    #[error("Specified time stamp or date value is expired.")]
    TimestampExpired,
    /// The nonce was already used within its validity window.
    #[error("Specified signature nonce was used already.")]
    NonceUsed,
    /// `x-acs-content-sha256` does not match the body actually received.
    #[error("Specified signature is not matched with our calculation. The x-acs-content-sha256 header does not match the SHA-256 of the request body.")]
    ContentHashMismatch,
    /// The signature differs from the server's computation.
    #[error("Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}")]
    SignatureMismatch {
        /// The server's string-to-sign (never contains the secret).
        string_to_sign: String,
    },
}

impl AuthError {
    /// The gateway error `Code`.
    pub fn code(&self) -> String {
        match self {
            AuthError::MissingParam(p) => format!("Missing{p}"),
            AuthError::MissingHeader(_) => "MissingParameter".to_owned(),
            AuthError::IncompleteSignature(_) => "IncompleteSignature".to_owned(),
            AuthError::AccessKeyNotFound => "InvalidAccessKeyId.NotFound".to_owned(),
            AuthError::TimestampFormat => "InvalidTimeStamp.Format".to_owned(),
            AuthError::TimestampExpired => "InvalidTimeStamp.Expired".to_owned(),
            AuthError::NonceUsed => "SignatureNonceUsed".to_owned(),
            AuthError::ContentHashMismatch | AuthError::SignatureMismatch { .. } => {
                "SignatureDoesNotMatch".to_owned()
            }
        }
    }

    /// The HTTP status of the error response.
    pub fn http_status(&self) -> u16 {
        match self {
            AuthError::AccessKeyNotFound => 404,
            _ => 400,
        }
    }

    /// The gateway error `Message`.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// Remembers used signature nonces per AccessKeyId until their timestamp can no longer be valid.
#[derive(Debug)]
pub struct NonceCache {
    seen: HashMap<(String, String), DateTime<Utc>>,
    order: VecDeque<(DateTime<Utc>, (String, String))>,
    capacity: usize,
}

impl Default for NonceCache {
    fn default() -> Self {
        Self::new()
    }
}

impl NonceCache {
    /// An empty cache holding at most 500,000 nonces (the oldest are dropped beyond that).
    pub fn new() -> Self {
        Self::with_capacity_limit(500_000)
    }

    /// An empty cache holding at most `capacity` nonces.
    pub fn with_capacity_limit(capacity: usize) -> Self {
        Self {
            seen: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Number of nonces currently remembered (expired ones may linger until the next prune).
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// True when no nonce is remembered.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    fn prune(&mut self, now: DateTime<Utc>) {
        while let Some((expiry, _)) = self.order.front() {
            if *expiry > now && self.order.len() <= self.capacity {
                break;
            }
            if let Some((expiry, key)) = self.order.pop_front() {
                if self.seen.get(&key) == Some(&expiry) {
                    self.seen.remove(&key);
                }
            }
        }
    }

    /// Whether `nonce` was already used by `access_key_id` and is still remembered at `now`.
    pub fn is_used(&mut self, access_key_id: &str, nonce: &str, now: DateTime<Utc>) -> bool {
        self.prune(now);
        let key = (access_key_id.to_owned(), nonce.to_owned());
        self.seen.get(&key).is_some_and(|expiry| *expiry > now)
    }

    /// Remembers `nonce` until `expires_at`.
    pub fn record(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) {
        let key = (access_key_id.to_owned(), nonce.to_owned());
        self.seen.insert(key.clone(), expires_at);
        self.order.push_back((expires_at, key));
        self.prune(now);
    }
}

/// Verifies the signature of `req` (V3 when an `Authorization` header is present, V2 otherwise).
///
/// On success the nonce is recorded in `nonces`; a failed request never consumes its nonce.
pub fn verify(
    req: &SignedRequest<'_>,
    keys: &dyn KeyStore,
    nonces: &mut NonceCache,
    now: DateTime<Utc>,
) -> Result<Verified, AuthError> {
    match header_values(req.headers, "authorization").first() {
        Some(auth) => verify_v3(req, auth, keys, nonces, now),
        None => verify_v2(req, keys, nonces, now),
    }
}

fn verify_v3(
    req: &SignedRequest<'_>,
    authorization: &str,
    keys: &dyn KeyStore,
    nonces: &mut NonceCache,
    now: DateTime<Utc>,
) -> Result<Verified, AuthError> {
    let auth = parse_v3_authorization(authorization)?;
    for name in req.headers.iter().map(|(n, _)| n.to_ascii_lowercase()) {
        if (name.starts_with("x-acs-") || name == "host") && !auth.signed_headers.contains(&name) {
            return Err(AuthError::IncompleteSignature(format!(
                "Header {name} must be included in SignedHeaders."
            )));
        }
    }
    let single = |name: &str| header_values(req.headers, name).first().map(|v| v.trim());
    let date = single("x-acs-date").ok_or_else(|| AuthError::MissingHeader("x-acs-date".into()))?;
    let nonce = single("x-acs-signature-nonce")
        .ok_or_else(|| AuthError::MissingHeader("x-acs-signature-nonce".into()))?;
    let content_hash = single("x-acs-content-sha256")
        .ok_or_else(|| AuthError::MissingHeader("x-acs-content-sha256".into()))?;
    let timestamp = check_timestamp(date, now)?;
    let secret = keys
        .secret(&auth.access_key_id)
        .ok_or(AuthError::AccessKeyNotFound)?;
    if !content_hash.eq_ignore_ascii_case(&hex::encode(Sha256::digest(req.body))) {
        return Err(AuthError::ContentHashMismatch);
    }
    let canonical_request = v3_canonical_request(
        req.method,
        req.path,
        &v3_canonical_query(&decode_pairs(req.raw_query)),
        &v3_canonical_headers(req.headers, &auth.signed_headers),
        &auth.signed_headers.join(";"),
        content_hash,
    );
    let string_to_sign = v3_string_to_sign(&canonical_request);
    if !auth.signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AuthError::IncompleteSignature(
            "Signature must be hexadecimal.".into(),
        ));
    }
    let provided = auth.signature.to_ascii_lowercase();
    let expected = v3_signature(&secret, &string_to_sign);
    if !expected.is_some_and(|e| ct_eq(e.as_bytes(), provided.as_bytes())) {
        return Err(AuthError::SignatureMismatch { string_to_sign });
    }
    consume_nonce(nonces, &auth.access_key_id, nonce, timestamp, now)?;
    Ok(Verified {
        access_key_id: auth.access_key_id,
        version: SigVersion::V3,
        action: single("x-acs-action").map(str::to_owned),
        api_version: single("x-acs-version").map(str::to_owned),
    })
}

fn verify_v2(
    req: &SignedRequest<'_>,
    keys: &dyn KeyStore,
    nonces: &mut NonceCache,
    now: DateTime<Utc>,
) -> Result<Verified, AuthError> {
    let mut params = decode_pairs(req.raw_query);
    let content_type = req.content_type.map(str::to_owned).or_else(|| {
        header_values(req.headers, "content-type")
            .first()
            .map(|v| (*v).to_owned())
    });
    if content_type.is_some_and(|ct| is_form(&ct)) {
        params.extend(decode_pairs(&String::from_utf8_lossy(req.body)));
    }
    let (signature, signed): (Vec<_>, Vec<_>) =
        params.into_iter().partition(|(k, _)| k == "Signature");
    let get = |name: &str| {
        signed
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let required = |name: &str| get(name).ok_or_else(|| AuthError::MissingParam(name.to_owned()));
    let signature = signature
        .into_iter()
        .next()
        .map(|(_, v)| v)
        .ok_or_else(|| AuthError::MissingParam("Signature".into()))?;
    let access_key_id = required("AccessKeyId")?;
    let method = required("SignatureMethod")?;
    if method != "HMAC-SHA1" {
        return Err(AuthError::IncompleteSignature(format!(
            "Unsupported SignatureMethod {method}; expected HMAC-SHA1."
        )));
    }
    let sig_version = required("SignatureVersion")?;
    if sig_version != "1.0" {
        return Err(AuthError::IncompleteSignature(format!(
            "Unsupported SignatureVersion {sig_version}; expected 1.0."
        )));
    }
    let nonce = required("SignatureNonce")?;
    let timestamp = check_timestamp(required("Timestamp")?, now)?;
    let secret = keys
        .secret(access_key_id)
        .ok_or(AuthError::AccessKeyNotFound)?;
    let string_to_sign = v2_string_to_sign(req.method, &signed);
    // A '+' the client left unencoded arrives as a space.
    let provided = signature.trim().replace(' ', "+");
    let expected = v2_signature(&secret, &string_to_sign);
    if !expected.is_some_and(|e| ct_eq(e.as_bytes(), provided.as_bytes())) {
        return Err(AuthError::SignatureMismatch { string_to_sign });
    }
    consume_nonce(nonces, access_key_id, nonce, timestamp, now)?;
    Ok(Verified {
        access_key_id: access_key_id.to_owned(),
        version: SigVersion::V2,
        action: get("Action").map(str::to_owned),
        api_version: get("Version").map(str::to_owned),
    })
}

/// Rejects a replayed nonce, otherwise remembers it until its timestamp expires.
fn consume_nonce(
    nonces: &mut NonceCache,
    access_key_id: &str,
    nonce: &str,
    timestamp: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AuthError> {
    if nonces.is_used(access_key_id, nonce, now) {
        return Err(AuthError::NonceUsed);
    }
    let expires_at = timestamp.max(now) + Duration::minutes(MAX_SKEW_MINUTES);
    nonces.record(access_key_id, nonce, expires_at, now);
    Ok(())
}

/// Parses `yyyy-MM-ddTHH:mm:ssZ` and checks it is within 15 minutes of `now`.
pub(crate) fn check_timestamp(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, AuthError> {
    let ts = NaiveDateTime::parse_from_str(value.trim(), TIMESTAMP_FORMAT)
        .map_err(|_| AuthError::TimestampFormat)?
        .and_utc();
    if (now - ts).num_seconds().abs() > MAX_SKEW_MINUTES * 60 {
        return Err(AuthError::TimestampExpired);
    }
    Ok(ts)
}

fn is_form(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|m| {
        m.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

#[cfg(test)]
#[path = "auth_tests.rs"]
mod tests;
