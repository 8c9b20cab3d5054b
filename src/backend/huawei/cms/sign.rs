//! C2 request signing for the CC-CMS interfaces (`docs/huawei-cms.md` §2): the `auth-v2` prefix,
//! a signing key derived from the SK, and an HMAC-SHA256 over the canonical request.

use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// RFC 3986 unreserved characters stay; everything else is `%XX`.
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// [`STRICT`] but keeping `/` (for the path).
const PATH: &AsciiSet = &STRICT.remove(b'/');

/// How long a signature is valid, in seconds (the prefix's `expirationSeconds`).
pub const EXPIRATION_SECS: u32 = 1800;

/// The request parts that are signed.
#[derive(Debug, Clone, Copy)]
pub struct Signable<'a> {
    pub method: &'a str,
    /// The URL path, not encoded (`/rest/cmsapp/v1/openapi/skill/rindex`).
    pub path: &'a str,
    /// The query string without `?` ("" when none), not encoded.
    pub query: &'a str,
    /// The signed headers (name, value); any case, any order.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC-SHA256 takes a key of any length, so `new_from_slice` cannot fail here.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// The canonical request of `req` and its `SignedHeaders` list.
pub fn canonical_request(req: &Signable<'_>) -> (String, String) {
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.trim().to_ascii_lowercase(),
                utf8_percent_encode(v.trim(), STRICT).to_string(),
            )
        })
        .collect();
    headers.sort();
    let signed: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    let canonical_headers: Vec<String> = headers.iter().map(|(n, v)| format!("{n}:{v}")).collect();
    let mut query: Vec<String> = req
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            format!(
                "{}={}",
                utf8_percent_encode(k, STRICT),
                utf8_percent_encode(v, STRICT)
            )
        })
        .collect();
    query.sort();
    let path = if req.path.is_empty() { "/" } else { req.path };
    let text = format!(
        "{}\n{}\n{}\n{}\n{}",
        req.method.to_ascii_uppercase(),
        utf8_percent_encode(path, PATH),
        query.join("&"),
        canonical_headers.join("\n"),
        hex::encode(Sha256::digest(req.body)),
    );
    (text, signed.join(";"))
}

/// The `Authorization` header value for `req`, signed at `timestamp`
/// (`yyyy-MM-ddTHH:mm:ssZ`, UTC).
pub fn authorization(ak: &str, sk: &str, timestamp: &str, req: &Signable<'_>) -> String {
    let prefix = format!("auth-v2/{ak}/{timestamp}/{EXPIRATION_SECS}");
    let signing_key = hmac_hex(sk.as_bytes(), prefix.as_bytes());
    let (canonical, signed) = canonical_request(req);
    let signature = hmac_hex(signing_key.as_bytes(), canonical.as_bytes());
    format!("{prefix}/{signed}/{signature}")
}

/// The timestamp format of the prefix, for `now`.
pub fn timestamp(now: chrono::DateTime<chrono::Utc>) -> String {
    now.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<(&'static str, &'static str)>, &'static [u8]) {
        (
            vec![
                ("Host", "10.1.2.4:28443"),
                ("Content-Type", "application/json; charset=UTF-8"),
                ("Content-Length", "40"),
            ],
            br#"{"ccId":1,"vdn":12,"agentIds":[101,102]}"#,
        )
    }

    #[test]
    fn canonical_request_layout() {
        let (headers, body) = sample();
        let (text, signed) = canonical_request(&Signable {
            method: "post",
            path: "/rest/cmsapp/v1/openapi/agentgroup/agentstatusinfobyagentids",
            query: "b=2&a=x y",
            headers: &headers,
            body,
        });
        assert_eq!(signed, "content-length;content-type;host");
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], "POST");
        assert_eq!(
            lines[1],
            "/rest/cmsapp/v1/openapi/agentgroup/agentstatusinfobyagentids"
        );
        assert_eq!(lines[2], "a=x%20y&b=2");
        assert_eq!(lines[3], "content-length:40");
        assert_eq!(
            lines[4],
            "content-type:application%2Fjson%3B%20charset%3DUTF-8"
        );
        assert_eq!(lines[5], "host:10.1.2.4%3A28443");
        assert_eq!(lines[6], hex::encode(Sha256::digest(body)));
    }

    /// The vector was computed with Python's standard library (`hmac`, `hashlib`,
    /// `urllib.parse.quote(safe="-._~")`) from the formulas of docs/huawei-cms.md §2, independently
    /// of this code.
    #[test]
    fn authorization_matches_an_independent_computation() {
        let (headers, body) = sample();
        let auth = authorization(
            "CmsSimAk0001",
            "cms-sim-secret-0001",
            "2026-12-01T10:00:00Z",
            &Signable {
                method: "POST",
                path: "/rest/cmsapp/v1/openapi/agentgroup/agentstatusinfobyagentids",
                query: "",
                headers: &headers,
                body,
            },
        );
        assert_eq!(
            auth,
            "auth-v2/CmsSimAk0001/2026-12-01T10:00:00Z/1800/content-length;content-type;host/\
             552e198122adebd1ea72ca8c353aa39dd7f09dd6817a78e6b0c9f41328db1a54"
        );
    }

    #[test]
    fn timestamp_format() {
        let t = chrono::DateTime::from_timestamp(1_764_583_200, 0).unwrap();
        assert_eq!(timestamp(t), "2025-12-01T10:00:00Z");
    }
}
