//! Request signing for Alibaba Cloud RPC APIs: V3 (ACS3-HMAC-SHA256, the SDK default) and V2
//! (HMAC-SHA1 `Signature` parameter), written from the vendor's signature documents.

use crate::secret::Secret;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The V3 algorithm name.
pub const ACS3: &str = "ACS3-HMAC-SHA256";

/// RFC 3986 percent-encoding as Alibaba Cloud signs it: unreserved `A-Z a-z 0-9 - _ . ~` stay,
/// everything else is `%XY` (upper-case hex); a space is `%20`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
                out.push(char::from(b"0123456789ABCDEF"[(b & 0xf) as usize]));
            }
        }
    }
    out
}

/// `k=v&…` sorted by name, both percent-encoded (`k=` for empty values).
pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
    // As above: any key length is valid for HMAC.
    match Hmac::<sha1::Sha1>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// The parts of a V3 request that are signed.
pub struct V3Request<'a> {
    pub method: &'a str,
    /// Path, `/` for RPC.
    pub path: &'a str,
    pub query: &'a BTreeMap<String, String>,
    /// Headers to sign, lower-case names (host, x-acs-*, content-type).
    pub headers: &'a BTreeMap<String, String>,
    /// Hex SHA-256 of the body (the `x-acs-content-sha256` value).
    pub payload_hash: &'a str,
}

/// The V3 canonical request.
pub fn v3_canonical_request(req: &V3Request<'_>) -> String {
    let path = if req.path.is_empty() { "/" } else { req.path };
    let canonical_headers: String = req
        .headers
        .iter()
        .map(|(k, v)| format!("{}:{}\n", k.to_ascii_lowercase(), v.trim()))
        .collect();
    let signed: Vec<String> = req.headers.keys().map(|k| k.to_ascii_lowercase()).collect();
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        path,
        canonical_query(req.query),
        canonical_headers,
        signed.join(";"),
        req.payload_hash
    )
}

/// The V3 `Authorization` header value.
pub fn v3_authorization(req: &V3Request<'_>, access_key_id: &str, secret: &Secret) -> String {
    let canonical = v3_canonical_request(req);
    let string_to_sign = format!("{ACS3}\n{}", sha256_hex(canonical.as_bytes()));
    let signature = hex::encode(hmac_sha256(
        secret.expose().as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let signed: Vec<String> = req.headers.keys().map(|k| k.to_ascii_lowercase()).collect();
    format!(
        "{ACS3} Credential={access_key_id},SignedHeaders={},Signature={signature}",
        signed.join(";")
    )
}

/// The V2 string to sign over all query and body parameters (without `Signature`).
pub fn v2_string_to_sign(method: &str, params: &BTreeMap<String, String>) -> String {
    format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&canonical_query(params))
    )
}

/// The V2 `Signature` value: Base64(HMAC-SHA1(secret + "&", string to sign)).
pub fn v2_signature(method: &str, params: &BTreeMap<String, String>, secret: &Secret) -> String {
    let key = format!("{}&", secret.expose());
    let string_to_sign = v2_string_to_sign(method, params);
    base64::engine::general_purpose::STANDARD
        .encode(hmac_sha1(key.as_bytes(), string_to_sign.as_bytes()))
}

/// Which signature version a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    #[default]
    V3,
    V2,
}

/// A signed RPC request, ready to send: `POST {endpoint}?{query}` with `headers` and a form `body`.
/// `Debug` shows the header names only: the query and headers may carry an STS security token.
#[derive(Clone)]
pub struct SignedRpc {
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl std::fmt::Debug for SignedRpc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("SignedRpc")
            .field("headers", &names)
            .field("query", &"***")
            .finish_non_exhaustive()
    }
}

/// Everything that goes into one RPC call.
pub struct RpcCall<'a> {
    pub host: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub query: &'a BTreeMap<String, String>,
    /// Form-body parameters (the APIs' `formData` params, such as `AgentIdList`).
    pub body: &'a BTreeMap<String, String>,
    /// `yyyy-MM-ddTHH:mm:ssZ` UTC.
    pub timestamp: &'a str,
    pub nonce: &'a str,
}

fn form(params: &BTreeMap<String, String>) -> String {
    canonical_query(params)
}

/// Signs an RPC call the way the official SDK does.
pub fn sign_rpc(
    call: &RpcCall<'_>,
    version: SignatureVersion,
    access_key_id: &str,
    secret: &Secret,
) -> SignedRpc {
    sign_rpc_with_token(call, version, access_key_id, secret, None)
}

/// [`sign_rpc`] with an STS security token: V3 sends it in the signed `x-acs-security-token`
/// header (with `x-acs-accesskey-id`), V2 in the signed `SecurityToken` parameter.
pub fn sign_rpc_with_token(
    call: &RpcCall<'_>,
    version: SignatureVersion,
    access_key_id: &str,
    secret: &Secret,
    security_token: Option<&Secret>,
) -> SignedRpc {
    let body = form(call.body);
    match version {
        SignatureVersion::V3 => {
            let mut headers = BTreeMap::new();
            headers.insert("host".to_string(), call.host.to_string());
            headers.insert("x-acs-action".to_string(), call.action.to_string());
            headers.insert("x-acs-version".to_string(), call.version.to_string());
            headers.insert("x-acs-date".to_string(), call.timestamp.to_string());
            headers.insert("x-acs-signature-nonce".to_string(), call.nonce.to_string());
            if let Some(token) = security_token {
                headers.insert("x-acs-accesskey-id".to_string(), access_key_id.to_string());
                headers.insert(
                    "x-acs-security-token".to_string(),
                    token.expose().to_string(),
                );
            }
            let hash = sha256_hex(body.as_bytes());
            headers.insert("x-acs-content-sha256".to_string(), hash.clone());
            if !body.is_empty() {
                headers.insert(
                    "content-type".to_string(),
                    "application/x-www-form-urlencoded".to_string(),
                );
            }
            let auth = v3_authorization(
                &V3Request {
                    method: "POST",
                    path: "/",
                    query: call.query,
                    headers: &headers,
                    payload_hash: &hash,
                },
                access_key_id,
                secret,
            );
            let mut out: Vec<(String, String)> =
                headers.into_iter().filter(|(k, _)| k != "host").collect();
            out.push(("authorization".to_string(), auth));
            out.push(("accept".to_string(), "application/json".to_string()));
            SignedRpc {
                query: canonical_query(call.query),
                headers: out,
                body,
            }
        }
        SignatureVersion::V2 => {
            let mut query = call.query.clone();
            for (k, v) in [
                ("Action", call.action),
                ("Version", call.version),
                ("Format", "JSON"),
                ("AccessKeyId", access_key_id),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", call.nonce),
                ("Timestamp", call.timestamp),
            ] {
                query.insert(k.to_string(), v.to_string());
            }
            if let Some(token) = security_token {
                query.insert("SecurityToken".to_string(), token.expose().to_string());
            }
            let mut all = query.clone();
            all.extend(call.body.iter().map(|(k, v)| (k.clone(), v.clone())));
            let signature = v2_signature("POST", &all, secret);
            query.insert("Signature".to_string(), signature);
            let mut headers = vec![("accept".to_string(), "application/json".to_string())];
            if !body.is_empty() {
                headers.push((
                    "content-type".to_string(),
                    "application/x-www-form-urlencoded".to_string(),
                ));
            }
            SignedRpc {
                query: canonical_query(&query),
                headers,
                body,
            }
        }
    }
}

#[cfg(test)]
#[path = "sign_tests.rs"]
mod tests;
