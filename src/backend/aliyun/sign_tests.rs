//! The reference test vectors (aliyun-ccc.md §3 and §4) for both signature versions.

use super::*;

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn v2a_params(timestamp_key: &str) -> BTreeMap<String, String> {
    map(&[
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        (timestamp_key, "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ])
}

#[test]
fn v2_a_official_example() {
    let params = v2a_params("Timestamp");
    assert_eq!(
        v2_string_to_sign("GET", &params),
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    );
    assert_eq!(
        v2_signature("GET", &params, &Secret::new("testsecret")),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
    assert_eq!(
        percent_encode("OLeaidS1JvxuMvnyHOwuJ+uX5qY="),
        "OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
    );
}

#[test]
fn v2_b_older_timestamp_spelling() {
    assert_eq!(
        v2_signature("GET", &v2a_params("TimeStamp"), &Secret::new("testsecret")),
        "CT9X0VtwR86fNWSnsc6v8YGOjuE="
    );
}

#[test]
fn v2_c_sdk_unit_test() {
    let params = map(&[("test", "ok")]);
    assert_eq!(v2_string_to_sign("", &params), "&%2F&test%3Dok");
    assert_eq!(
        v2_signature("", &params, &Secret::new("accessKeySecret")),
        "jHx/oHoHNrbVfhncHEvPdHXZwHU="
    );
}

#[test]
fn v2_d_ccc_shaped_body_and_query() {
    let params = map(&[
        ("AccessKeyId", "testid"),
        ("Action", "ListRealtimeAgentStates"),
        ("AgentIdList", r#"["agent1@ccc-test","agent2@ccc-test"]"#),
        ("Format", "JSON"),
        ("InstanceId", "ccc-test"),
        ("PageNumber", "1"),
        ("PageSize", "100"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("StateList", r#"["Ready","Break"]"#),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2020-07-01"),
    ]);
    assert_eq!(
        canonical_query(&params),
        "AccessKeyId=testid&Action=ListRealtimeAgentStates&AgentIdList=%5B%22agent1%40ccc-test%22%2C%22agent2%40ccc-test%22%5D&Format=JSON&InstanceId=ccc-test&PageNumber=1&PageSize=100&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&StateList=%5B%22Ready%22%2C%22Break%22%5D&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2020-07-01"
    );
    assert_eq!(
        v2_signature("POST", &params, &Secret::new("testsecret")),
        "V34rnTdHgOm/WVl3Se76ItrTgkY="
    );
}

#[test]
fn v3_a_official_example() {
    let query = map(&[
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
        ("RegionId", "cn-shanghai"),
    ]);
    let empty = sha256_hex(b"");
    assert_eq!(
        empty,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let headers = map(&[
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", &empty),
        ("x-acs-date", "2023-10-26T09:01:01Z"),
        ("x-acs-signature-nonce", "d410180a5abf7fe235dd9b74aca91fc0"),
        ("x-acs-version", "2014-05-26"),
    ]);
    let req = V3Request {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        payload_hash: &empty,
    };
    assert_eq!(
        v3_authorization(&req, "YourAccessKeyId", &Secret::new("YourAccessKeySecret")),
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804"
    );
}

#[test]
fn v3_b_sdk_unit_test() {
    let query = map(&[("test", "ok"), ("empty", "")]);
    let headers = map(&[("x-acs-test", "http,https")]);
    let hash = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";
    let req = V3Request {
        method: "",
        path: "",
        query: &query,
        headers: &headers,
        payload_hash: hash,
    };
    assert!(v3_canonical_request(&req).contains("\nempty=&test=ok\nx-acs-test:http,https\n"));
    assert_eq!(
        v3_authorization(&req, "acesskey", &Secret::new("secret")),
        "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3"
    );
}

#[test]
fn v3_c_ccc_shaped_form_body() {
    let query = map(&[
        ("InstanceId", "ccc-test"),
        ("PageNumber", "1"),
        ("PageSize", "100"),
    ]);
    let body = map(&[
        ("AgentIdList", r#"["agent1@ccc-test","agent2@ccc-test"]"#),
        ("StateList", r#"["Ready","Break"]"#),
    ]);
    let form = canonical_query(&body);
    assert_eq!(
        form,
        "AgentIdList=%5B%22agent1%40ccc-test%22%2C%22agent2%40ccc-test%22%5D&StateList=%5B%22Ready%22%2C%22Break%22%5D"
    );
    let hash = sha256_hex(form.as_bytes());
    assert_eq!(
        hash,
        "879bac701af17dcabba6e7d5ad9daca29ccd860910ce8730299573885df5eb49"
    );
    let call = RpcCall {
        host: "ccc.cn-shanghai.aliyuncs.com",
        action: "ListRealtimeAgentStates",
        version: "2020-07-01",
        query: &query,
        body: &body,
        timestamp: "2023-10-26T09:01:01Z",
        nonce: "d410180a5abf7fe235dd9b74aca91fc0",
    };
    let signed = sign_rpc(
        &call,
        SignatureVersion::V3,
        "testid",
        &Secret::new("testsecret"),
    );
    let auth = signed
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.clone())
        .unwrap();
    assert_eq!(
        auth,
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=0f0a2391490eabc388add0bcb6a4bd0dbcdcb1cc9abe890aea871077cdf6de36"
    );
    assert_eq!(signed.body, form);
    assert_eq!(
        signed.query,
        "InstanceId=ccc-test&PageNumber=1&PageSize=100"
    );
}

#[test]
fn v2_rpc_signs_query_and_body_together() {
    let query = map(&[("InstanceId", "ccc-test")]);
    let body = map(&[("StateList", r#"["Ready"]"#)]);
    let call = RpcCall {
        host: "h",
        action: "ListRealtimeAgentStates",
        version: "2020-07-01",
        query: &query,
        body: &body,
        timestamp: "2016-02-23T12:46:24Z",
        nonce: "n1",
    };
    let secret = Secret::new("s");
    let signed = sign_rpc(&call, SignatureVersion::V2, "ak", &secret);
    let mut all: BTreeMap<String, String> = form_urlencoded::parse(signed.query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let sig = all.remove("Signature").unwrap();
    all.extend(body.clone());
    assert_eq!(sig, v2_signature("POST", &all, &secret));
}

#[test]
fn a_security_token_is_signed_in_both_versions_and_absent_without_one() {
    let query = map(&[("InstanceId", "ccc-test")]);
    let body = BTreeMap::new();
    let call = RpcCall {
        host: "ccc.cn-shanghai.aliyuncs.com",
        action: "ListRealtimeAgentStates",
        version: "2020-07-01",
        query: &query,
        body: &body,
        timestamp: "2023-10-26T09:01:01Z",
        nonce: "n1",
    };
    let secret = Secret::new("testsecret");
    let token = Secret::new("CAIStoken");
    let v3 = sign_rpc_with_token(&call, SignatureVersion::V3, "STS.id", &secret, Some(&token));
    let header = |name: &str| {
        v3.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-acs-security-token").as_deref(), Some("CAIStoken"));
    assert_eq!(header("x-acs-accesskey-id").as_deref(), Some("STS.id"));
    let auth = header("authorization").unwrap();
    assert!(
        auth.contains("x-acs-accesskey-id;x-acs-action") && auth.contains("x-acs-security-token;"),
        "{auth}"
    );
    let plain = sign_rpc(&call, SignatureVersion::V3, "STS.id", &secret);
    assert!(plain
        .headers
        .iter()
        .all(|(k, _)| k != "x-acs-security-token"));
    let v2 = sign_rpc_with_token(&call, SignatureVersion::V2, "STS.id", &secret, Some(&token));
    assert!(v2.query.contains("SecurityToken=CAIStoken"), "{}", v2.query);
    assert!(!format!("{v2:?}").contains("CAIStoken"));
    let plain = sign_rpc(&call, SignatureVersion::V2, "STS.id", &secret);
    assert!(!plain.query.contains("SecurityToken"));
}
