//! C2 check: a fixed vector signed by hand from docs/huawei-cms.md §2 (digests computed once with
//! Python's hmac/hashlib, independently of this code), and each refusal.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use chrono::TimeZone;
use http::HeaderValue;

const AK: &str = "CmsSimAk0001";
const SK: &str = "cms-sim-secret-0001";
const STAMP: &str = "2024-05-01T08:30:00Z";
const PATH: &str = "/rest/cmsapp/v1/openapi/skill/rindex";
const BODY: &[u8] = br#"{"ccId":1,"vdn":1,"skillIds":[10],"indexIds":["IDX_COUNT_QUEUE"]}"#;
/// hex(SHA-256(BODY)).
const BODY_SHA256: &str = "cc1eeacfb7443657e7ba0f693cdfd6fed96ef18cf98d25649bc5731c5e7d428e";
/// hex(HMAC-SHA256(SK, "auth-v2/CmsSimAk0001/2024-05-01T08:30:00Z/1800")).
const SIGNING_KEY: &str = "81b17b759b0cd8c47c4e775af0c4984f151408d1288d515c5c58e85c03415cdb";
/// hex(HMAC-SHA256(SIGNING_KEY, the canonical request below)).
const SIGNATURE: &str = "4fd386235bd6085fc68541bb1a09e6fcf9d52486054aa52801d92e46c3332d78";

fn keys() -> Vec<AccessKey> {
    vec![AccessKey {
        id: AK.into(),
        secret: SK.into(),
    }]
}

/// The signing time plus `secs`.
fn at(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap() + chrono::Duration::seconds(secs)
}

/// The test's own little signer, straight from the doc's formulas.
fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

fn sign(sk: &str, prefix: &str, canonical: &str) -> String {
    let signing_key = hmac_hex(sk.as_bytes(), prefix.as_bytes());
    hmac_hex(signing_key.as_bytes(), canonical.as_bytes())
}

fn headers(authorization: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("host", HeaderValue::from_static("127.0.0.1:8043"));
    h.insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    h.insert("content-length", HeaderValue::from(BODY.len()));
    h.insert(
        "authorization",
        HeaderValue::from_str(authorization).unwrap(),
    );
    h
}

fn good_header() -> String {
    format!("auth-v2/{AK}/{STAMP}/1800/content-length;content-type;host/{SIGNATURE}")
}

fn check(
    headers: &HeaderMap,
    path: &str,
    query: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<String, AuthError> {
    let request = C2Request {
        method: "POST",
        raw_path: path,
        raw_query: query,
        headers,
        body,
    };
    verify(&request, &keys(), now)
}

#[test]
fn the_hand_signed_vector_verifies() {
    // The canonical request written out by hand.
    let canonical = format!(
        "POST\n{PATH}\n\ncontent-length:65\n\
         content-type:application%2Fjson%3B%20charset%3DUTF-8\nhost:127.0.0.1%3A8043\n{BODY_SHA256}"
    );
    let prefix = format!("auth-v2/{AK}/{STAMP}/1800");
    assert_eq!(BODY.len(), 65);
    assert_eq!(hex::encode(Sha256::digest(BODY)), BODY_SHA256);
    assert_eq!(hmac_hex(SK.as_bytes(), prefix.as_bytes()), SIGNING_KEY);
    assert_eq!(sign(SK, &prefix, &canonical), SIGNATURE);

    let h = headers(&good_header());
    let request = C2Request {
        method: "POST",
        raw_path: PATH,
        raw_query: None,
        headers: &h,
        body: BODY,
    };
    let signed = ["content-length", "content-type", "host"].map(String::from);
    assert_eq!(canonical_request(&request, &signed).unwrap(), canonical);
    assert_eq!(check(&h, PATH, None, BODY, at(10)), Ok(AK.to_string()));
    // Signed-header names in any order and case, and an upper-case signature, verify too.
    let shuffled = format!(
        "auth-v2/{AK}/{STAMP}/1800/Host;content-length;Content-Type/{}",
        SIGNATURE.to_uppercase()
    );
    assert_eq!(
        check(&headers(&shuffled), PATH, None, BODY, at(0)),
        Ok(AK.to_string())
    );
}

#[test]
fn query_and_path_are_canonicalised() {
    let prefix = format!("auth-v2/{AK}/{STAMP}/1800");
    let path = "/rest/cmsapp/v1/openapi/a b";
    let canonical = format!(
        "POST\n/rest/cmsapp/v1/openapi/a%20b\na=1&b=x%2Fy&c=\nhost:127.0.0.1%3A8043\n{BODY_SHA256}"
    );
    let signature = sign(SK, &prefix, &canonical);
    let mut h = headers(&format!("{prefix}/host/{signature}"));
    h.remove("content-type");
    // The path may arrive percent-encoded and the query unsorted.
    assert_eq!(
        check(
            &h,
            "/rest/cmsapp/v1/openapi/a%20b",
            Some("c&b=x/y&a=1"),
            BODY,
            at(0)
        ),
        Ok(AK.to_string())
    );
    assert_eq!(
        check(
            &h,
            path.replace(' ', "%20").as_str(),
            Some("b=x%2Fy&a=1"),
            BODY,
            at(0)
        ),
        Err(AuthError::BadSignature)
    );
}

#[test]
fn refusals() {
    let good = good_header();
    let h = headers(&good);
    let wrong_sig = good.replace(&SIGNATURE[..4], "0000");
    assert_eq!(
        check(&headers(&wrong_sig), PATH, None, BODY, at(0)),
        Err(AuthError::BadSignature)
    );
    // A different body, path or method than was signed.
    let tampered = br#"{"ccId":1,"vdn":1,"skillIds":[11],"indexIds":["IDX_COUNT_QUEUE"]}"#;
    assert_eq!(
        check(&h, PATH, None, tampered, at(0)),
        Err(AuthError::BadSignature)
    );
    assert_eq!(
        check(
            &h,
            "/rest/cmsapp/v1/openapi/skill/rindeX",
            None,
            BODY,
            at(0)
        ),
        Err(AuthError::BadSignature)
    );
    assert_eq!(
        check(&h, PATH, Some("x=1"), BODY, at(0)),
        Err(AuthError::BadSignature)
    );
    let mut other_host = h.clone();
    other_host.insert("host", HeaderValue::from_static("127.0.0.1:8044"));
    assert_eq!(
        check(&other_host, PATH, None, BODY, at(0)),
        Err(AuthError::BadSignature)
    );
    // The right signature made with another secret.
    let prefix = format!("auth-v2/{AK}/{STAMP}/1800");
    let canonical = format!(
        "POST\n{PATH}\n\ncontent-length:65\n\
         content-type:application%2Fjson%3B%20charset%3DUTF-8\nhost:127.0.0.1%3A8043\n{BODY_SHA256}"
    );
    let other_sk = sign("another-secret", &prefix, &canonical);
    assert_eq!(
        check(
            &headers(&format!(
                "{prefix}/content-length;content-type;host/{other_sk}"
            )),
            PATH,
            None,
            BODY,
            at(0)
        ),
        Err(AuthError::BadSignature)
    );

    assert_eq!(
        check(
            &headers(&good.replace(AK, "CmsSimAk0002")),
            PATH,
            None,
            BODY,
            at(0)
        ),
        Err(AuthError::UnknownKey)
    );
    // Time: 5 minutes ahead is fine, more is not; expirationSeconds (1800) capped at 15 minutes.
    assert_eq!(check(&h, PATH, None, BODY, at(-300)), Ok(AK.to_string()));
    assert_eq!(
        check(&h, PATH, None, BODY, at(-301)),
        Err(AuthError::Future)
    );
    assert_eq!(check(&h, PATH, None, BODY, at(900)), Ok(AK.to_string()));
    assert_eq!(
        check(&h, PATH, None, BODY, at(901)),
        Err(AuthError::Expired)
    );
    let short =
        format!("{prefix}/content-length;content-type;host/{SIGNATURE}").replace("/1800/", "/60/");
    assert_eq!(
        check(&headers(&short), PATH, None, BODY, at(61)),
        Err(AuthError::Expired)
    );

    let no_host = format!("auth-v2/{AK}/{STAMP}/1800/content-length;content-type/{SIGNATURE}");
    assert_eq!(
        check(&headers(&no_host), PATH, None, BODY, at(0)),
        Err(AuthError::HostNotSigned)
    );
    let mut missing = h.clone();
    missing.remove("content-type");
    assert_eq!(
        check(&missing, PATH, None, BODY, at(0)),
        Err(AuthError::HeaderMissing("content-type".into()))
    );
    let mut repeated = h.clone();
    repeated.append("host", HeaderValue::from_static("127.0.0.1:8043"));
    assert_eq!(
        check(&repeated, PATH, None, BODY, at(0)),
        Err(AuthError::HeaderRepeated("host".into()))
    );
    let mut none = h.clone();
    none.remove("authorization");
    assert_eq!(
        check(&none, PATH, None, BODY, at(0)),
        Err(AuthError::Missing)
    );
}

#[test]
fn malformed_headers() {
    let sig = SIGNATURE;
    for bad in [
        String::new(),
        "Bearer abc".to_string(),
        format!("auth-v1/{AK}/{STAMP}/1800/host/{sig}"),
        format!("auth-v2//{STAMP}/1800/host/{sig}"),
        format!("auth-v2/{AK}/2024-05-01 08:30:00/1800/host/{sig}"),
        format!("auth-v2/{AK}/{STAMP}/-5/host/{sig}"),
        format!("auth-v2/{AK}/{STAMP}/99999999999/host/{sig}"),
        format!("auth-v2/{AK}/{STAMP}/1800//{sig}"),
        format!("auth-v2/{AK}/{STAMP}/1800/host;;date/{sig}"),
        format!("auth-v2/{AK}/{STAMP}/1800/ho st/{sig}"),
        format!("auth-v2/{AK}/{STAMP}/1800/host/{}", &sig[..63]),
        format!("auth-v2/{AK}/{STAMP}/1800/host/{}g", &sig[..63]),
        format!("auth-v2/{AK}/{STAMP}/1800/host/{sig}/extra"),
        format!("auth-v2/{}/{STAMP}/1800/host/{sig}", "k".repeat(129)),
    ] {
        let result = parse(&bad);
        assert!(
            matches!(result, Err(AuthError::Malformed(_))),
            "{bad:?}: {result:?}"
        );
    }
    let ok = parse(&good_header()).unwrap();
    assert_eq!(ok.prefix, format!("auth-v2/{AK}/{STAMP}/1800"));
    assert_eq!(
        ok.signed_headers,
        ["content-length", "content-type", "host"]
    );
    assert_eq!(ok.expiration_secs, 1800);
}
