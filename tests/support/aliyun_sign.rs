//! Test-only Alibaba Cloud RPC request signer (V3 ACS3-HMAC-SHA256 and V2 HMAC-SHA1), written from
//! `shared/reference/aliyun-ccc.md` §3-§4 for the simulator's integration tests. It shares no code
//! with the simulator (which verifies) or any client.
#![allow(dead_code)]

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// RFC 3986: unreserved `A-Z a-z 0-9 - _ . ~` stay, the rest is `%XY`.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn enc(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// `enc(k)=enc(v)` sorted by name, joined with `&`.
pub fn canonical(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The UTC timestamp format of `x-acs-date` and `Timestamp`.
pub fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A request ready to send: method, query string (without `?`), headers, body.
#[derive(Debug, Clone)]
pub struct Signed {
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Inputs of a V3 signature.
pub struct V3<'a> {
    pub ak: &'a str,
    pub secret: &'a str,
    pub host: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub query: &'a [(String, String)],
    /// Raw body bytes (already form-encoded) and whether to send the form content type.
    pub body: &'a [u8],
    pub form: bool,
    pub date: String,
    pub nonce: String,
}

/// Signs a POST `/` request with ACS3-HMAC-SHA256.
pub fn sign_v3(r: &V3<'_>) -> Signed {
    let hashed = hex::encode(Sha256::digest(r.body));
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), r.host.into()),
        ("x-acs-action".into(), r.action.into()),
        ("x-acs-content-sha256".into(), hashed.clone()),
        ("x-acs-date".into(), r.date.clone()),
        ("x-acs-signature-nonce".into(), r.nonce.clone()),
        ("x-acs-version".into(), r.version.into()),
    ];
    if r.form {
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    headers.sort();
    let canonical_headers: String = headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim()))
        .collect();
    let signed_headers = headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let query = canonical(r.query);
    let canonical_request =
        format!("POST\n/\n{query}\n{canonical_headers}\n{signed_headers}\n{hashed}");
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(r.secret.as_bytes()).expect("hmac key");
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    headers.push((
        "authorization".into(),
        format!(
            "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed_headers},Signature={signature}",
            r.ak
        ),
    ));
    Signed {
        query,
        headers,
        body: r.body.to_vec(),
    }
}

/// Inputs of a V2 signature: API params in the query and in the form body.
pub struct V2<'a> {
    pub ak: &'a str,
    pub secret: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub query: &'a [(String, String)],
    pub form: &'a [(String, String)],
    pub timestamp: String,
    pub nonce: String,
}

/// Signs a POST `/` request with `SignatureVersion=1.0` HMAC-SHA1.
pub fn sign_v2(r: &V2<'_>) -> Signed {
    let mut query: Vec<(String, String)> = r.query.to_vec();
    for (k, v) in [
        ("AccessKeyId", r.ak),
        ("Action", r.action),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", r.nonce.as_str()),
        ("SignatureVersion", "1.0"),
        ("Timestamp", r.timestamp.as_str()),
        ("Version", r.version),
    ] {
        query.push((k.into(), v.into()));
    }
    let mut all = query.clone();
    all.extend(r.form.iter().cloned());
    let string_to_sign = format!("POST&{}&{}", enc("/"), enc(&canonical(&all)));
    let key = format!("{}&", r.secret);
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).expect("hmac key");
    mac.update(string_to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    query.push(("Signature".into(), signature));
    let mut headers = Vec::new();
    if !r.form.is_empty() {
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    Signed {
        query: canonical(&query),
        headers,
        body: canonical(r.form).into_bytes(),
    }
}

#[cfg(test)]
mod vectors {
    use super::*;

    #[test]
    fn v3_ccc_vector() {
        let body = "AgentIdList=%5B%22agent1%40ccc-test%22%2C%22agent2%40ccc-test%22%5D&StateList=%5B%22Ready%22%2C%22Break%22%5D";
        let q = |k: &str, v: &str| (k.to_string(), v.to_string());
        let query = [
            q("InstanceId", "ccc-test"),
            q("PageNumber", "1"),
            q("PageSize", "100"),
        ];
        let s = sign_v3(&V3 {
            ak: "testid",
            secret: "testsecret",
            host: "ccc.cn-shanghai.aliyuncs.com",
            action: "ListRealtimeAgentStates",
            version: "2020-07-01",
            query: &query,
            body: body.as_bytes(),
            form: true,
            date: "2023-10-26T09:01:01Z".into(),
            nonce: "d410180a5abf7fe235dd9b74aca91fc0".into(),
        });
        let auth = &s
            .headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .unwrap()
            .1;
        assert!(auth.ends_with(
            "Signature=0f0a2391490eabc388add0bcb6a4bd0dbcdcb1cc9abe890aea871077cdf6de36"
        ));
    }

    #[test]
    fn v2_ccc_vector() {
        let q = |k: &str, v: &str| (k.to_string(), v.to_string());
        let s = sign_v2(&V2 {
            ak: "testid",
            secret: "testsecret",
            action: "ListRealtimeAgentStates",
            version: "2020-07-01",
            query: &[
                q("InstanceId", "ccc-test"),
                q("PageNumber", "1"),
                q("PageSize", "100"),
            ],
            form: &[
                q("AgentIdList", r#"["agent1@ccc-test","agent2@ccc-test"]"#),
                q("StateList", r#"["Ready","Break"]"#),
            ],
            timestamp: "2016-02-23T12:46:24Z".into(),
            nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".into(),
        });
        assert!(s
            .query
            .contains("Signature=V34rnTdHgOm%2FWVl3Se76ItrTgkY%3D"));
    }
}
