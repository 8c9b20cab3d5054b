//! The canonical strings of Alibaba Cloud RPC signatures, as the gateway rebuilds them to verify a
//! request: V2 CanonicalizedQueryString and StringToSign (HMAC-SHA1), V3 CanonicalRequest,
//! CanonicalHeaders and StringToSign (ACS3-HMAC-SHA256), the `Authorization` header's parts, and
//! constant-time comparison. Written from `shared/reference/aliyun-ccc.md` §3-§4.

use super::auth::AuthError;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The V3 signature algorithm name (the only one supported).
pub(super) const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// RFC 3986 unreserved characters stay literal; everything else is `%XY` (uppercase hex).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// All values of header `name` (case-insensitive), in request order.
pub(super) fn header_values<'h>(headers: &'h [(String, String)], name: &str) -> Vec<&'h str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Decodes `a=1&b=%20x` into pairs (a key without `=` gets an empty value).
pub(crate) fn decode_pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// RFC 3986 percent-encoding (space → `%20`, `*` → `%2A`, `~` kept).
pub(crate) fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

/// `enc(k)=enc(v)` pairs sorted by name (then value), joined with `&`.
pub(super) fn sorted_encoded(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// V2 CanonicalizedQueryString over the signed params (`Signature` must already be removed).
pub(crate) fn v2_canonical_query(params: &[(String, String)]) -> String {
    sorted_encoded(params)
}

/// V2 `StringToSign = METHOD & %2F & enc(CanonicalizedQueryString)`.
pub(crate) fn v2_string_to_sign(method: &str, params: &[(String, String)]) -> String {
    format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&v2_canonical_query(params))
    )
}

/// V2 `Base64(HMAC-SHA1(secret + "&", StringToSign))`.
pub(crate) fn v2_signature(secret: &str, string_to_sign: &str) -> Option<String> {
    hmac_sha1(format!("{secret}&").as_bytes(), string_to_sign.as_bytes())
        .map(|mac| base64::engine::general_purpose::STANDARD.encode(mac))
}

/// V3 CanonicalQueryString from decoded params (`k=` for empty values).
pub(crate) fn v3_canonical_query(params: &[(String, String)]) -> String {
    sorted_encoded(params)
}

/// V3 CanonicalHeaders: `name:value\n` for each signed header (values trimmed, sorted, `,`-joined).
pub(crate) fn v3_canonical_headers(headers: &[(String, String)], signed: &[String]) -> String {
    signed
        .iter()
        .map(|name| {
            let mut values: Vec<String> = header_values(headers, name)
                .iter()
                .map(|v| v.trim().to_owned())
                .collect();
            values.sort();
            format!("{name}:{}\n", values.join(","))
        })
        .collect()
}

/// V3 CanonicalRequest.
pub(crate) fn v3_canonical_request(
    method: &str,
    path: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &str,
    hashed_payload: &str,
) -> String {
    let path = if path.is_empty() { "/" } else { path };
    format!("{method}\n{path}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}")
}

/// V3 `StringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest))`.
pub(crate) fn v3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "{V3_ALGORITHM}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    )
}

/// V3 `hex(HMAC-SHA256(secret, StringToSign))`.
pub(crate) fn v3_signature(secret: &str, string_to_sign: &str) -> Option<String> {
    hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes()).map(hex::encode)
}

/// The parts of an `Authorization: ACS3-HMAC-SHA256 ...` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct V3Authorization {
    pub(crate) access_key_id: String,
    /// Lowercase, sorted, deduplicated.
    pub(crate) signed_headers: Vec<String>,
    pub(crate) signature: String,
}

/// Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`.
pub(crate) fn parse_v3_authorization(value: &str) -> Result<V3Authorization, AuthError> {
    let incomplete = |m: &str| AuthError::IncompleteSignature(m.to_owned());
    let (algorithm, rest) = value
        .trim()
        .split_once(' ')
        .ok_or_else(|| incomplete("Malformed Authorization header."))?;
    if algorithm != V3_ALGORITHM {
        return Err(AuthError::IncompleteSignature(format!(
            "Unsupported signature algorithm {algorithm}; expected {V3_ALGORITHM}."
        )));
    }
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v.trim().to_owned()),
            Some(("SignedHeaders", v)) => signed = Some(v.trim().to_owned()),
            Some(("Signature", v)) => signature = Some(v.trim().to_owned()),
            _ => return Err(incomplete("Malformed Authorization header.")),
        }
    }
    let access_key_id = credential
        .filter(|c| !c.is_empty())
        .ok_or_else(|| incomplete("Authorization header lacks Credential."))?;
    let signature = signature
        .filter(|s| !s.is_empty())
        .ok_or_else(|| incomplete("Authorization header lacks Signature."))?;
    let mut signed_headers: Vec<String> = signed
        .ok_or_else(|| incomplete("Authorization header lacks SignedHeaders."))?
        .split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    signed_headers.sort();
    signed_headers.dedup();
    Ok(V3Authorization {
        access_key_id,
        signed_headers,
        signature,
    })
}

pub(super) fn hmac_sha1(key: &[u8], msg: &[u8]) -> Option<Vec<u8>> {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).ok()?;
    mac.update(msg);
    Some(mac.finalize().into_bytes().to_vec())
}

pub(super) fn hmac_sha256(key: &[u8], msg: &[u8]) -> Option<Vec<u8>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(msg);
    Some(mac.finalize().into_bytes().to_vec())
}

/// Constant-time equality of two byte strings (lengths are not secret).
pub(super) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
