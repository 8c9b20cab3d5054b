//! Unit tests of the Alibaba Cloud signature verifier, built on the reference test vectors.

use super::*;
use chrono::TimeZone;

fn at(s: &str) -> DateTime<Utc> {
    match NaiveDateTime::parse_from_str(s, TIMESTAMP_FORMAT) {
        Ok(t) => t.and_utc(),
        Err(e) => panic!("bad test time {s}: {e}"),
    }
}

fn keys(ak: &str) -> Option<String> {
    match ak {
        "testid" => Some("testsecret".into()),
        "YourAccessKeyId" => Some("YourAccessKeySecret".into()),
        _ => None,
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn req<'a>(
    method: &'a str,
    raw_query: &'a str,
    headers: &'a [(String, String)],
    body: &'a [u8],
    content_type: Option<&'a str>,
) -> SignedRequest<'a> {
    SignedRequest {
        method,
        path: "/",
        raw_query,
        headers,
        body,
        content_type,
    }
}

// ---------------------------------------------------------------- V2 vectors

const V2A_QUERY: &str =
    "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1\
&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0\
&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D";
const V2_TIME: &str = "2016-02-23T12:50:00Z";

#[test]
fn v2a_official_example_verifies() {
    let signed: Vec<_> = decode_pairs(V2A_QUERY)
        .into_iter()
        .filter(|(k, _)| k != "Signature")
        .collect();
    let sts = v2_string_to_sign("GET", &signed);
    assert_eq!(
        sts,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    );
    assert_eq!(
        v2_signature("testsecret", &sts).as_deref(),
        Some("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
    );
    let mut nonces = NonceCache::new();
    let v = verify(
        &req("GET", V2A_QUERY, &[], b"", None),
        &keys,
        &mut nonces,
        at(V2_TIME),
    );
    assert_eq!(
        v,
        Ok(Verified {
            access_key_id: "testid".into(),
            version: SigVersion::V2,
            action: Some("DescribeRegions".into()),
            api_version: Some("2014-05-26".into()),
        })
    );
}

#[test]
fn v2b_timestamp_capital_s_variant() {
    let params = pairs(&[
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("TimeStamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ]);
    let sts = v2_string_to_sign("GET", &params);
    assert_eq!(
        v2_signature("testsecret", &sts).as_deref(),
        Some("CT9X0VtwR86fNWSnsc6v8YGOjuE=")
    );
    // The gateway requires `Timestamp`; the old spelling is only a signing vector.
    let query = format!(
        "{}&Signature=CT9X0VtwR86fNWSnsc6v8YGOjuE%3D",
        params
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    );
    let err = verify(
        &req("GET", &query, &[], b"", None),
        &keys,
        &mut NonceCache::new(),
        at(V2_TIME),
    );
    assert_eq!(
        err.map_err(|e| e.code()),
        Err("MissingTimestamp".to_owned())
    );
}

#[test]
fn v2c_sdk_unit_test() {
    let sts = v2_string_to_sign("", &pairs(&[("test", "ok")]));
    assert_eq!(sts, "&%2F&test%3Dok");
    assert_eq!(
        v2_signature("accessKeySecret", &sts).as_deref(),
        Some("jHx/oHoHNrbVfhncHEvPdHXZwHU=")
    );
}

const V2D_QUERY: &str = "AccessKeyId=testid&Action=ListRealtimeAgentStates&Format=JSON&InstanceId=ccc-test\
&PageNumber=1&PageSize=100&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2020-07-01\
&Signature=V34rnTdHgOm%2FWVl3Se76ItrTgkY%3D";
const V2D_BODY: &str = "AgentIdList=%5B%22agent1%40ccc-test%22%2C%22agent2%40ccc-test%22%5D\
&StateList=%5B%22Ready%22%2C%22Break%22%5D";
const FORM: &str = "application/x-www-form-urlencoded; charset=UTF-8";

#[test]
fn v2d_ccc_query_and_form_body_verifies() {
    let mut signed = decode_pairs(V2D_QUERY);
    signed.retain(|(k, _)| k != "Signature");
    signed.extend(decode_pairs(V2D_BODY));
    assert_eq!(
        v2_canonical_query(&signed),
        "AccessKeyId=testid&Action=ListRealtimeAgentStates&AgentIdList=%5B%22agent1%40ccc-test%22%2C%22agent2%40ccc-test%22%5D&Format=JSON&InstanceId=ccc-test&PageNumber=1&PageSize=100&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&StateList=%5B%22Ready%22%2C%22Break%22%5D&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2020-07-01"
    );
    let r = req("POST", V2D_QUERY, &[], V2D_BODY.as_bytes(), Some(FORM));
    let v = verify(&r, &keys, &mut NonceCache::new(), at(V2_TIME));
    assert_eq!(
        v.map(|v| (v.version, v.action)),
        Ok((SigVersion::V2, Some("ListRealtimeAgentStates".into())))
    );
    // The same body sent as something other than a form is not signed: mismatch.
    let r = req(
        "POST",
        V2D_QUERY,
        &[],
        V2D_BODY.as_bytes(),
        Some("application/json"),
    );
    let err = verify(&r, &keys, &mut NonceCache::new(), at(V2_TIME));
    assert_eq!(
        err.map_err(|e| e.code()),
        Err("SignatureDoesNotMatch".into())
    );
}

#[test]
fn v2_tampered_body_wrong_secret_unknown_key() {
    let now = at(V2_TIME);
    let tampered = V2D_BODY.replace("Break", "Talking");
    let r = req("POST", V2D_QUERY, &[], tampered.as_bytes(), Some(FORM));
    let err = verify(&r, &keys, &mut NonceCache::new(), now).err();
    assert!(
        matches!(err, Some(AuthError::SignatureMismatch { .. })),
        "{err:?}"
    );

    let wrong = |_: &str| Some("not-the-secret".to_owned());
    let r = req("POST", V2D_QUERY, &[], V2D_BODY.as_bytes(), Some(FORM));
    match verify(&r, &wrong, &mut NonceCache::new(), now) {
        Err(e) => {
            assert_eq!(
                (e.code().as_str(), e.http_status()),
                ("SignatureDoesNotMatch", 400)
            );
            assert!(e.message().starts_with(
                "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Dtestid"
            ));
            assert!(!e.message().contains("not-the-secret"));
        }
        Ok(v) => panic!("wrong secret accepted: {v:?}"),
    }

    let nobody = |_: &str| None;
    let err = verify(&r, &nobody, &mut NonceCache::new(), now).err();
    assert_eq!(
        err.as_ref().map(AuthError::code).as_deref(),
        Some("InvalidAccessKeyId.NotFound")
    );
    assert_eq!(err.map(|e| e.http_status()), Some(404));
}

#[test]
fn v2_missing_params_and_timestamps() {
    let now = at(V2_TIME);
    let code = |q: &str, now| {
        verify(
            &req("GET", q, &[], b"", None),
            &keys,
            &mut NonceCache::new(),
            now,
        )
        .map_err(|e| e.code())
    };
    let no_sig = V2A_QUERY.replace("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D", "");
    assert_eq!(code(&no_sig, now), Err("MissingSignature".into()));
    assert_eq!(code("", now), Err("MissingSignature".into()));
    let no_nonce = V2A_QUERY.replace("SignatureNonce=", "X=");
    assert_eq!(code(&no_nonce, now), Err("MissingSignatureNonce".into()));
    let sha256 = V2A_QUERY.replace("HMAC-SHA1", "HMAC-SHA256");
    assert_eq!(code(&sha256, now), Err("IncompleteSignature".into()));
    let late = now + Duration::minutes(16);
    assert_eq!(
        code(V2A_QUERY, late),
        Err("InvalidTimeStamp.Expired".into())
    );
    let early = at("2016-02-23T12:30:00Z");
    assert_eq!(
        code(V2A_QUERY, early),
        Err("InvalidTimeStamp.Expired".into())
    );
    let bad = V2A_QUERY.replace("2016-02-23T12%3A46%3A24Z", "2016-02-23%2012%3A46%3A24");
    assert_eq!(code(&bad, now), Err("InvalidTimeStamp.Format".into()));
    // A '+' left unencoded in the signature is decoded as a space; still accepted.
    let raw_plus = V2A_QUERY.replace("%2B", "+");
    assert!(code(&raw_plus, now).is_ok());
}

#[test]
fn v2_replayed_nonce_rejected_after_success_only() {
    let now = at(V2_TIME);
    let mut nonces = NonceCache::new();
    let good = req("POST", V2D_QUERY, &[], V2D_BODY.as_bytes(), Some(FORM));
    let bad = req("POST", V2D_QUERY, &[], b"StateList=%5B%5D", Some(FORM));
    // A failed request does not burn the nonce.
    assert!(verify(&bad, &keys, &mut nonces, now).is_err());
    assert!(nonces.is_empty());
    assert!(verify(&good, &keys, &mut nonces, now).is_ok());
    let err = verify(&good, &keys, &mut nonces, now + Duration::minutes(1)).err();
    assert_eq!(err, Some(AuthError::NonceUsed));
    assert_eq!(err.map(|e| e.code()).as_deref(), Some("SignatureNonceUsed"));
}

// ---------------------------------------------------------------- V3 vectors

fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs(list)
}

const V3A_SIG: &str = "e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804";
const V3A_QUERY: &str =
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai";
const EMPTY_SHA: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const V3_TIME: &str = "2023-10-26T09:05:00Z";

fn v3a_headers(signature: &str) -> Vec<(String, String)> {
    let auth = format!(
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature={signature}"
    );
    headers(&[
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", EMPTY_SHA),
        ("x-acs-date", "2023-10-26T09:01:01Z"),
        ("x-acs-signature-nonce", "d410180a5abf7fe235dd9b74aca91fc0"),
        ("x-acs-version", "2014-05-26"),
        ("user-agent", "test"),
        ("authorization", &auth),
    ])
}

#[test]
fn v3a_official_example_verifies() {
    let h = v3a_headers(V3A_SIG);
    let auth = parse_v3_authorization(&h[7].1).map_err(|e| e.code());
    let signed = auth.clone().map(|a| a.signed_headers).unwrap_or_default();
    assert_eq!(
        auth.map(|a| a.access_key_id),
        Ok("YourAccessKeyId".to_owned())
    );
    let cr = v3_canonical_request(
        "POST",
        "/",
        &v3_canonical_query(&decode_pairs(V3A_QUERY)),
        &v3_canonical_headers(&h, &signed),
        &signed.join(";"),
        EMPTY_SHA,
    );
    assert!(cr.starts_with("POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n"));
    assert_eq!(
        v3_signature("YourAccessKeySecret", &v3_string_to_sign(&cr)).as_deref(),
        Some(V3A_SIG)
    );
    let v = verify(
        &req("POST", V3A_QUERY, &h, b"", None),
        &keys,
        &mut NonceCache::new(),
        at(V3_TIME),
    );
    assert_eq!(
        v,
        Ok(Verified {
            access_key_id: "YourAccessKeyId".into(),
            version: SigVersion::V3,
            action: Some("RunInstances".into()),
            api_version: Some("2014-05-26".into()),
        })
    );
}

#[test]
fn v3b_sdk_unit_test() {
    let q = v3_canonical_query(&pairs(&[("test", "ok"), ("empty", "")]));
    assert_eq!(q, "empty=&test=ok");
    let h = headers(&[("x-acs-test", "http"), ("x-acs-test", " https ")]);
    let expected_auth = "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3";
    let auth = parse_v3_authorization(expected_auth).map_err(|e| e.code());
    let signed = auth.clone().map(|a| a.signed_headers).unwrap_or_default();
    let ch = v3_canonical_headers(&h, &signed);
    assert_eq!(ch, "x-acs-test:http,https\n");
    let payload = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";
    let cr = v3_canonical_request("", "", &q, &ch, "x-acs-test", payload);
    assert_eq!(
        cr,
        format!("\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n{payload}")
    );
    assert_eq!(
        v3_signature("secret", &v3_string_to_sign(&cr)),
        auth.map(|a| a.signature).ok()
    );
}

const V3C_QUERY: &str = "InstanceId=ccc-test&PageNumber=1&PageSize=100";
const V3C_BODY: &str = "AgentIdList=%5B%22agent1%40ccc-test%22%2C%22agent2%40ccc-test%22%5D&StateList=%5B%22Ready%22%2C%22Break%22%5D";
const V3C_SHA: &str = "879bac701af17dcabba6e7d5ad9daca29ccd860910ce8730299573885df5eb49";
const V3C_SIG: &str = "0f0a2391490eabc388add0bcb6a4bd0dbcdcb1cc9abe890aea871077cdf6de36";

fn v3c_headers(ak: &str, signature: &str, date: &str) -> Vec<(String, String)> {
    let auth = format!(
        "ACS3-HMAC-SHA256 Credential={ak},SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature={signature}"
    );
    headers(&[
        ("authorization", &auth),
        ("content-type", "application/x-www-form-urlencoded"),
        ("host", "ccc.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "ListRealtimeAgentStates"),
        ("x-acs-content-sha256", V3C_SHA),
        ("x-acs-date", date),
        ("x-acs-signature-nonce", "d410180a5abf7fe235dd9b74aca91fc0"),
        ("x-acs-version", "2020-07-01"),
        ("accept", "application/json"),
    ])
}

fn v3c(ak: &str, signature: &str) -> Vec<(String, String)> {
    v3c_headers(ak, signature, "2023-10-26T09:01:01Z")
}

fn v3_code(
    h: &[(String, String)],
    body: &[u8],
    nonces: &mut NonceCache,
    now: &str,
) -> Result<SigVersion, String> {
    verify(
        &req("POST", V3C_QUERY, h, body, None),
        &keys,
        nonces,
        at(now),
    )
    .map(|v| v.version)
    .map_err(|e| e.code())
}

#[test]
fn v3c_ccc_form_body_verifies() {
    assert_eq!(hex::encode(Sha256::digest(V3C_BODY.as_bytes())), V3C_SHA);
    let h = v3c("testid", V3C_SIG);
    let v = verify(
        &req(
            "POST",
            V3C_QUERY,
            &h,
            V3C_BODY.as_bytes(),
            Some("application/x-www-form-urlencoded"),
        ),
        &keys,
        &mut NonceCache::new(),
        at(V3_TIME),
    );
    assert_eq!(
        v.map(|v| (v.access_key_id, v.action, v.api_version)),
        Ok((
            "testid".into(),
            Some("ListRealtimeAgentStates".into()),
            Some("2020-07-01".into())
        ))
    );
}

#[test]
fn v3_tampered_body_or_query_rejected() {
    let h = v3c("testid", V3C_SIG);
    let mut n = NonceCache::new();
    let tampered = V3C_BODY.replace("Break", "Talking");
    assert_eq!(
        v3_code(&h, tampered.as_bytes(), &mut n, V3_TIME),
        Err("SignatureDoesNotMatch".into())
    );
    let err = verify(
        &req(
            "POST",
            "InstanceId=ccc-test&PageNumber=2&PageSize=100",
            &h,
            V3C_BODY.as_bytes(),
            None,
        ),
        &keys,
        &mut n,
        at(V3_TIME),
    )
    .err();
    assert!(
        matches!(err, Some(AuthError::SignatureMismatch { .. })),
        "{err:?}"
    );
    assert!(n.is_empty());
    assert_eq!(
        v3_code(&h, V3C_BODY.as_bytes(), &mut n, V3_TIME),
        Ok(SigVersion::V3)
    );
}

#[test]
fn v3_wrong_secret_unknown_key_replay_expiry() {
    let body = V3C_BODY.as_bytes();
    let mut n = NonceCache::new();
    // The server holds another secret for this AK.
    let wrong = |_: &str| Some("not-the-secret".to_owned());
    let h = v3c("testid", V3C_SIG);
    match verify(
        &req("POST", V3C_QUERY, &h, body, None),
        &wrong,
        &mut n,
        at(V3_TIME),
    ) {
        Err(e) => {
            assert_eq!(e.code(), "SignatureDoesNotMatch");
            assert!(e
                .message()
                .contains("server string to sign is:ACS3-HMAC-SHA256\n"));
            assert!(!e.message().contains("not-the-secret"));
        }
        Ok(v) => panic!("wrong secret accepted: {v:?}"),
    }
    assert_eq!(
        v3_code(&v3c("testid", &"00".repeat(32)), body, &mut n, V3_TIME),
        Err("SignatureDoesNotMatch".into())
    );
    assert_eq!(
        v3_code(&v3c("ghost", V3C_SIG), body, &mut n, V3_TIME),
        Err("InvalidAccessKeyId.NotFound".into())
    );
    assert_eq!(
        v3_code(&v3c("testid", "zz"), body, &mut n, V3_TIME),
        Err("IncompleteSignature".into())
    );
    let h = v3c("testid", V3C_SIG);
    assert_eq!(
        v3_code(&h, body, &mut n, "2023-10-26T09:16:02Z"),
        Err("InvalidTimeStamp.Expired".into())
    );
    assert_eq!(
        v3_code(&h, body, &mut n, "2023-10-26T08:46:00Z"),
        Err("InvalidTimeStamp.Expired".into())
    );
    assert_eq!(v3_code(&h, body, &mut n, V3_TIME), Ok(SigVersion::V3));
    assert_eq!(
        v3_code(&h, body, &mut n, "2023-10-26T09:10:00Z"),
        Err("SignatureNonceUsed".into())
    );
    let bad_date = v3c_headers("testid", V3C_SIG, "2023-10-26 09:01:01");
    assert_eq!(
        v3_code(&bad_date, body, &mut n, V3_TIME),
        Err("InvalidTimeStamp.Format".into())
    );
}

#[test]
fn v3_missing_or_malformed_authorization() {
    let body = V3C_BODY.as_bytes();
    let mut n = NonceCache::new();
    let mut h = v3c("testid", V3C_SIG);
    h[0].1 = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host".into();
    assert_eq!(
        v3_code(&h, body, &mut n, V3_TIME),
        Err("IncompleteSignature".into())
    );
    h[0].1 = "ACS3-HMAC-SM3 Credential=testid,SignedHeaders=host,Signature=00".into();
    assert_eq!(
        v3_code(&h, body, &mut n, V3_TIME),
        Err("IncompleteSignature".into())
    );
    // Every x-acs-* header present must be signed.
    let mut h = v3c("testid", V3C_SIG);
    h.push(("x-acs-extra".into(), "1".into()));
    assert_eq!(
        v3_code(&h, body, &mut n, V3_TIME),
        Err("IncompleteSignature".into())
    );
    // Without a nonce header.
    let mut h = v3c("testid", V3C_SIG);
    h.retain(|(k, _)| k != "x-acs-signature-nonce");
    let e = verify(
        &req("POST", V3C_QUERY, &h, body, None),
        &keys,
        &mut n,
        at(V3_TIME),
    )
    .err();
    assert_eq!(
        e.as_ref().map(AuthError::code).as_deref(),
        Some("MissingParameter")
    );
    assert!(e
        .map(|e| e.message())
        .unwrap_or_default()
        .contains("x-acs-signature-nonce"));
}

#[test]
fn v3_round_trip_with_fresh_signature() {
    let now = Utc
        .with_ymd_and_hms(2030, 1, 2, 3, 4, 5)
        .single()
        .unwrap_or_else(Utc::now);
    let date = now.format(TIMESTAMP_FORMAT).to_string();
    let body = b"SignedSkillGroupIdList=%5B%22skg%40ccc-sim%22%5D";
    let sha = hex::encode(Sha256::digest(body));
    let query = "InstanceId=ccc-sim&UserId=a%40ccc-sim&Note=a%20b%2Ac~";
    let mut h = headers(&[
        ("host", "127.0.0.1:8080"),
        ("x-acs-action", "SignInGroup"),
        ("x-acs-content-sha256", &sha),
        ("x-acs-date", &date),
        ("x-acs-signature-nonce", "n-1"),
        ("x-acs-version", "2020-07-01"),
        ("content-type", "application/x-www-form-urlencoded"),
    ]);
    let signed: Vec<String> = [
        "content-type",
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let cq = v3_canonical_query(&decode_pairs(query));
    assert_eq!(cq, "InstanceId=ccc-sim&Note=a%20b%2Ac~&UserId=a%40ccc-sim");
    let cr = v3_canonical_request(
        "POST",
        "/",
        &cq,
        &v3_canonical_headers(&h, &signed),
        &signed.join(";"),
        &sha,
    );
    let sig = v3_signature("testsecret", &v3_string_to_sign(&cr)).unwrap_or_default();
    h.push((
        "authorization".into(),
        format!(
            "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders={},Signature={sig}",
            signed.join(";")
        ),
    ));
    let v = verify(
        &req("POST", query, &h, body, None),
        &keys,
        &mut NonceCache::new(),
        now,
    );
    assert_eq!(v.map(|v| v.action), Ok(Some("SignInGroup".into())));
}

#[test]
fn nonce_cache_expires_and_caps() {
    let t0 = at(V3_TIME);
    let mut n = NonceCache::with_capacity_limit(2);
    n.record("ak", "a", t0 + Duration::minutes(15), t0);
    assert!(n.is_used("ak", "a", t0));
    assert!(!n.is_used("other", "a", t0));
    assert!(!n.is_used("ak", "a", t0 + Duration::minutes(15)));
    assert!(n.is_empty());
    n.record("ak", "b", t0 + Duration::minutes(15), t0);
    n.record("ak", "c", t0 + Duration::minutes(15), t0);
    n.record("ak", "d", t0 + Duration::minutes(15), t0);
    assert_eq!(n.len(), 2);
    assert!(!n.is_used("ak", "b", t0));
    assert!(n.is_used("ak", "d", t0));
}
