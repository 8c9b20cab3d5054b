//! The simulator's Alibaba Cloud gateway behaviour over real HTTP: signature failures (V3 and V2)
//! and malformed requests, which get 4xx answers and never take the server down.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/aliyun_sign.rs"]
mod aliyun_sign;
#[path = "support/aliyun_sim.rs"]
mod aliyun_sim;

use aliyun_sign::{nonce, timestamp};
use aliyun_sim::*;
use callboard::sim::{TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET};

#[tokio::test]
async fn signature_failures_are_refused() {
    let sim = Sim::start().await;
    let now = timestamp(chrono::Utc::now());
    let q = [("InstanceId", INSTANCE)];
    let send = |ak: &'static str, secret: &'static str, date: String, nonce: String| {
        sim.v3(
            ak,
            secret,
            "GetRealtimeInstanceStates",
            V2020,
            &q,
            vec![],
            date,
            nonce,
        )
    };
    let (s, b, _) = sim
        .send(send(TEST_ACCESS_KEY_ID, "wrong", now.clone(), nonce()))
        .await;
    assert_eq!(
        (s, b["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
    let (s, b, _) = sim
        .send(send(
            "LTAInobody",
            TEST_ACCESS_KEY_SECRET,
            now.clone(),
            nonce(),
        ))
        .await;
    assert_eq!(
        (s, b["Code"].as_str()),
        (404, Some("InvalidAccessKeyId.NotFound"))
    );
    let old = timestamp(chrono::Utc::now() - chrono::Duration::minutes(30));
    let (s, b, _) = sim
        .send(send(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            old,
            nonce(),
        ))
        .await;
    assert_eq!(
        (s, b["Code"].as_str()),
        (400, Some("InvalidTimeStamp.Expired"))
    );
    let once = nonce();
    let (s, _, _) = sim
        .send(send(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            now.clone(),
            once.clone(),
        ))
        .await;
    assert_eq!(s, 200);
    let (s, b, _) = sim
        .send(send(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            now.clone(),
            once,
        ))
        .await;
    assert_eq!((s, b["Code"].as_str()), (400, Some("SignatureNonceUsed")));
    let r = sim
        .v2(
            "wrong",
            "GetRoutePoint",
            V2017,
            &[("InstanceId", INSTANCE), ("ContactFlowId", "dDMD_0mif4hv")],
        )
        .await;
    assert!(err(&r, 400, "SignatureDoesNotMatch").contains("string to sign is:"));
    // A signed body cannot be swapped.
    let mut s = sim.v3(
        TEST_ACCESS_KEY_ID,
        TEST_ACCESS_KEY_SECRET,
        "ListRealtimeSkillGroupStates",
        V2020,
        &[
            ("InstanceId", INSTANCE),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ],
        form_body(&[("SkillGroupIdList", "[]")]),
        now,
        nonce(),
    );
    s.body = form_body(&[("SkillGroupIdList", "[\"x\"]")]);
    let (status, b, _) = sim.send(s).await;
    assert_eq!(
        (status, b["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
}

#[tokio::test]
async fn malformed_requests_never_crash() {
    let sim = Sim::start().await;
    let base = format!("http://{}", sim.host());
    let http = &sim.http;
    let status = |r: reqwest::Response| r.status().as_u16();
    // Unsigned, garbage bodies, bad headers, wrong paths and methods: 4xx, never 5xx.
    let r = http
        .post(format!("{base}/"))
        .body("\u{0}\u{1}garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400);
    let r = http
        .post(format!("{base}/?Action=ListUsers&%ZZ=%"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', b'&'])
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400);
    let r = http
        .post(format!("{base}/"))
        .header("authorization", "ACS3-HMAC-SHA256 garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400);
    let r = http
        .post(format!("{base}/"))
        .header(
            "authorization",
            "ACS3-HMAC-SHA256 Credential=é,SignedHeaders=host,Signature=zz",
        )
        .send()
        .await
        .unwrap();
    assert!(matches!(status(r), 400..=499));
    let r = http.put(format!("{base}/")).send().await.unwrap();
    assert_eq!(status(r), 404);
    let r = http
        .post(format!("{base}/some/where"))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 404);
    let r = http
        .post(format!("{base}/"))
        .body(vec![b'a'; (1 << 20) + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 413);
    // Signed but broken: bad UTF-8 in the form body, bad JSON lists, bad numbers, missing action.
    let r = sim
        .raw(
            "ListRealtimeAgentStates",
            V2020,
            &[
                ("InstanceId", INSTANCE),
                ("PageNumber", "1"),
                ("PageSize", "1"),
            ],
            b"Query=%FF%FE".to_vec(),
        )
        .await;
    err(&r, 400, "InvalidParameter");
    let r = sim
        .api_form(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "1")],
            &[("AgentIdList", "[1,2")],
        )
        .await;
    err(&r, 400, "InvalidParameter");
    let r = sim
        .api(
            "ListRealtimeAgentStates",
            &[("PageNumber", "one"), ("PageSize", "1")],
        )
        .await;
    err(&r, 400, "InvalidParameter");
    let r = sim.api("SignInGroup", &[("UserId", "")]).await;
    err(&r, 400, "Parameter.Blank");
    let r = sim
        .raw("", V2020, &[("InstanceId", INSTANCE)], vec![])
        .await;
    err(&r, 400, "MissingParameter");
    // Still serving.
    let r = sim.api("GetRealtimeInstanceStates", &[]).await;
    ok(&r);
}
