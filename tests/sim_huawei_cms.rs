//! The simulator's Huawei CC-CMS real-time monitoring interfaces over real HTTP, signed by a
//! test-side C2 signer written from docs/huawei-cms.md: answers equal the ground truth, and C2,
//! parameter, routing and fault failures take the documented shapes.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cms_test_signer.rs"]
mod cms_test_signer;
#[path = "support/huawei.rs"]
mod huawei;

use callboard::sim::{TEST_CMS_AK, TEST_CMS_CCID, TEST_CMS_SK};
use cms_test_signer::TestC2Signing;
use huawei::{options, start, Gw};
use reqwest::StatusCode;
use serde_json::{json, Value};

const CONTENT_TYPE: &str = "application/json; charset=UTF-8";
const AGENTS: &str = "agentgroup/agentstatusinfobyagentids";
const RINDEX: &str = "skill/rindex";

struct Answer {
    status: StatusCode,
    allow: Option<String>,
    body: Value,
}

impl Answer {
    fn code(&self) -> &str {
        self.body["resultCode"].as_str().unwrap_or("<none>")
    }
}

/// POSTs `sent` to an interface, signed (when `signing` is given) as if the body were `signed`.
async fn post_as(
    gw: &Gw,
    iface: &str,
    signing: Option<&TestC2Signing>,
    signed: &[u8],
    sent: Vec<u8>,
) -> Answer {
    let path = format!("/rest/cmsapp/v1/openapi/{iface}");
    let mut req = gw
        .http
        .post(format!("{}{iface}", gw.sim.huawei_cms_url()))
        .header("content-type", CONTENT_TYPE);
    if let Some(s) = signing {
        let headers = [
            ("host", gw.sim.addr.to_string()),
            ("content-type", CONTENT_TYPE.to_string()),
            ("content-length", signed.len().to_string()),
        ];
        req = req.header("authorization", s.sign("POST", &path, "", &headers, signed));
    }
    read(req.body(sent).send().await.expect("cms request")).await
}

async fn read(r: reqwest::Response) -> Answer {
    let status = r.status();
    let allow = r
        .headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = r.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    Answer {
        status,
        allow,
        body,
    }
}

/// POSTs a JSON body signed now with the simulator's test AK/SK.
async fn post(gw: &Gw, iface: &str, body: &Value) -> Answer {
    let bytes = body.to_string().into_bytes();
    let signing = TestC2Signing::now(TEST_CMS_AK, TEST_CMS_SK);
    post_as(gw, iface, Some(&signing), &bytes.clone(), bytes).await
}

fn huawei_agents(state: &Value) -> Vec<Value> {
    state["agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["vendor"] == "huawei")
        .cloned()
        .collect()
}

fn huawei_groups(state: &Value) -> Vec<Value> {
    state["skill_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["vendor"] == "huawei")
        .cloned()
        .collect()
}

fn vdn(state: &Value) -> u64 {
    state["huawei_vdn"].as_u64().unwrap()
}

#[tokio::test]
async fn agent_information_equals_the_ground_truth() {
    let gw = start(options()).await;
    gw.advance(900).await;
    let state = gw.state().await;
    let agents = huawei_agents(&state);
    let mut ids: Vec<u64> = agents
        .iter()
        .map(|a| a["id"].as_str().unwrap().parse().unwrap())
        .collect();
    ids.push(59_999); // no such agent: left out
    let answer = post(
        &gw,
        AGENTS,
        &json!({"ccId": TEST_CMS_CCID, "vdn": vdn(&state), "agentIds": ids}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["result"], "0");
    assert_eq!(answer.code(), "0100000");
    let got = answer.body["resultDesc"].as_array().unwrap();
    assert_eq!(got.len(), agents.len());
    let epoch = state["clock"]["epoch_ms"].as_i64().unwrap();
    let (mut moved, mut signed_in, mut with_reason) = (0, 0, 0);
    for (cms, truth) in got.iter().zip(&agents) {
        let id = truth["id"].as_str().unwrap();
        assert_eq!(cms["agentId"].to_string(), id);
        assert_eq!(cms["name"], truth["display_name"], "{id}");
        assert_eq!(cms["currentState"], truth["cti_status"], "{id}");
        assert_eq!(cms["currentStateTime"], truth["since_ms"], "{id}");
        assert_eq!(cms["phoneNumber"], truth["extension"], "{id}");
        let reason = if truth["busy_reason"].is_null() {
            truth["rest_cause"].as_u64().unwrap_or(0)
        } else {
            truth["busy_reason"].as_u64().unwrap()
        };
        assert_eq!(cms["currentStateReason"], reason, "{id}");
        let truth_skills: Vec<Value> = truth["skill_groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                json!({"skillId": s["id"].as_str().unwrap().parse::<u64>().unwrap(),
                       "skillName": s["name"], "skillLevel": s["level"], "signed": s["signed"]})
            })
            .collect();
        assert!(!truth_skills.is_empty(), "{id}");
        assert_eq!(cms["skillList"], Value::Array(truth_skills), "{id}");
        let login = cms["loginDate"].as_i64().unwrap();
        if truth["signed_in"] == true {
            signed_in += 1;
            // Signed in before the current state began (the world starts mid-shift).
            let since = truth["since_ms"].as_i64().unwrap();
            assert!(
                login > 0 && login <= since,
                "{id}: loginDate {login}, since {since}"
            );
        } else {
            assert_eq!(login, 0, "{id}");
        }
        moved += usize::from(truth["since_ms"].as_i64().unwrap() > epoch);
        with_reason += usize::from(reason > 0);
    }
    // The world has moved on, so the comparison above covered real values.
    assert!(
        moved > 0 && signed_in > 0 && with_reason > 0,
        "{moved} {signed_in} {with_reason}"
    );
}

#[tokio::test]
async fn queue_indicators_equal_the_ground_truth() {
    let gw = start(options()).await;
    let mut state = gw.state().await;
    for _ in 0..60 {
        if huawei_groups(&state)
            .iter()
            .any(|g| g["longest_wait_s"].as_i64().unwrap() > 0)
        {
            break;
        }
        gw.advance(30).await;
        state = gw.state().await;
    }
    let groups = huawei_groups(&state);
    assert!(
        groups
            .iter()
            .any(|g| g["waiting_calls"].as_u64().unwrap() > 0),
        "no call ever queued"
    );
    let mut skill_ids: Vec<u64> = groups
        .iter()
        .map(|g| g["id"].as_str().unwrap().parse().unwrap())
        .collect();
    skill_ids.push(1999); // no such queue: left out
    let answer = post(
        &gw,
        RINDEX,
        &json!({"ccId": TEST_CMS_CCID, "vdn": vdn(&state), "skillIds": skill_ids,
                "indexIds": ["IDX_COUNT_QUEUE", "IDX_DURATION_QUEUE_MAX", "IDX_NO_SUCH_THING"]}),
    )
    .await;
    assert_eq!((answer.status, answer.code()), (StatusCode::OK, "0100000"));
    let got = answer.body["resultDesc"].as_array().unwrap();
    assert_eq!(got.len(), groups.len());
    for (cms, truth) in got.iter().zip(&groups) {
        assert_eq!(cms["id"].to_string(), truth["id"].as_str().unwrap());
        assert_eq!(
            cms["idxs"],
            json!([
                {"id": "IDX_COUNT_QUEUE", "val": truth["waiting_calls"]},
                {"id": "IDX_DURATION_QUEUE_MAX", "val": truth["longest_wait_s"]},
                {"id": "IDX_NO_SUCH_THING", "val": null},
            ])
        );
    }
}

#[tokio::test]
async fn c2_refusals_are_401_with_the_envelope() {
    let gw = start(options()).await;
    let body =
        json!({"ccId": TEST_CMS_CCID, "vdn": 1, "skillIds": [10], "indexIds": ["IDX_COUNT_QUEUE"]})
            .to_string()
            .into_bytes();
    let now = chrono::Utc::now();
    let good = TestC2Signing::now(TEST_CMS_AK, TEST_CMS_SK);
    assert_eq!(
        post_as(&gw, RINDEX, Some(&good), &body, body.clone())
            .await
            .code(),
        "0100000"
    );

    let wrong_sk = TestC2Signing::now(TEST_CMS_AK, "not-the-secret");
    let unknown_ak = TestC2Signing::now("CmsSimAk9999", TEST_CMS_SK);
    let old = TestC2Signing::at(
        TEST_CMS_AK,
        TEST_CMS_SK,
        now - chrono::Duration::minutes(20),
    );
    let future = TestC2Signing::at(
        TEST_CMS_AK,
        TEST_CMS_SK,
        now + chrono::Duration::minutes(10),
    );
    let mut short = TestC2Signing::at(TEST_CMS_AK, TEST_CMS_SK, now - chrono::Duration::minutes(3));
    short.expiration_secs = 60;
    let mut no_host = good.clone();
    no_host.signed_headers = vec!["content-type".into(), "content-length".into()];
    let mut absent_header = good.clone();
    absent_header.signed_headers.push("x-not-sent".into());
    let tampered =
        json!({"ccId": TEST_CMS_CCID, "vdn": 1, "skillIds": [15], "indexIds": ["IDX_COUNT_QUEUE"]})
            .to_string()
            .into_bytes();
    for (what, signing, sent, why) in [
        (
            "wrong secret",
            Some(&wrong_sk),
            body.clone(),
            "signature does not match",
        ),
        (
            "unknown AK",
            Some(&unknown_ak),
            body.clone(),
            "unknown access key",
        ),
        ("20 minutes old", Some(&old), body.clone(), "expired"),
        ("10 minutes ahead", Some(&future), body.clone(), "future"),
        ("past its 60 s", Some(&short), body.clone(), "expired"),
        ("host not signed", Some(&no_host), body.clone(), "host"),
        (
            "signed header not sent",
            Some(&absent_header),
            body.clone(),
            "x-not-sent",
        ),
        (
            "body changed",
            Some(&good),
            tampered,
            "signature does not match",
        ),
        ("no Authorization", None, body.clone(), "no Authorization"),
    ] {
        let a = post_as(&gw, RINDEX, signing, &body, sent).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{what}");
        assert_eq!(a.body["result"], "1", "{what}");
        assert_eq!(a.code(), "0100401", "{what}");
        let desc = a.body["resultDesc"].as_str().unwrap();
        assert!(
            desc.starts_with("authentication failed: ") && desc.contains(why),
            "{what}: {desc}"
        );
        assert!(!desc.contains(TEST_CMS_SK), "{what}: {desc}");
    }
    // A malformed header.
    let r = gw
        .http
        .post(format!("{}{RINDEX}", gw.sim.huawei_cms_url()))
        .header("authorization", "auth-v2/CmsSimAk0001/yesterday")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let a = read(r).await;
    assert_eq!((a.status, a.code()), (StatusCode::UNAUTHORIZED, "0100401"));
    assert!(a.body["resultDesc"].as_str().unwrap().contains("malformed"));
}

#[tokio::test]
async fn parameter_and_scope_errors() {
    let gw = start(options()).await;
    let many_agents: Vec<u64> = (0..6001).map(|i| 1001 + i).collect();
    let ok_agents: Vec<u64> = (0..6000).map(|i| 1001 + i).collect();
    let idx13: Vec<String> = (0..13).map(|i| format!("IDX_{i}")).collect();
    let skills1001: Vec<u64> = (1..=1001).collect();
    for (what, iface, body, code) in [
        (
            "6000 ids",
            AGENTS,
            json!({"ccId": 1, "vdn": 1, "agentIds": ok_agents}),
            "0100000",
        ),
        (
            "6001 ids",
            AGENTS,
            json!({"ccId": 1, "vdn": 1, "agentIds": many_agents}),
            "0100001",
        ),
        (
            "work number 100",
            AGENTS,
            json!({"ccId": 1, "vdn": 1, "agentIds": [100]}),
            "0100001",
        ),
        (
            "string id",
            AGENTS,
            json!({"ccId": 1, "vdn": 1, "agentIds": ["1001"]}),
            "0100001",
        ),
        (
            "no agentIds",
            AGENTS,
            json!({"ccId": 1, "vdn": 1}),
            "0100001",
        ),
        (
            "no ccId",
            AGENTS,
            json!({"vdn": 1, "agentIds": [1001]}),
            "0100001",
        ),
        (
            "ccId string",
            AGENTS,
            json!({"ccId": "1", "vdn": 1, "agentIds": [1001]}),
            "0100001",
        ),
        (
            "ccId 70000",
            AGENTS,
            json!({"ccId": 70000, "vdn": 1, "agentIds": [1001]}),
            "0100001",
        ),
        (
            "other ccId",
            AGENTS,
            json!({"ccId": 2, "vdn": 1, "agentIds": [1001]}),
            "0100002",
        ),
        (
            "other vdn",
            AGENTS,
            json!({"ccId": 1, "vdn": 2, "agentIds": [1001]}),
            "0100002",
        ),
        ("not an object", AGENTS, json!([1001]), "0100001"),
        (
            "13 indexIds",
            RINDEX,
            json!({"ccId": 1, "vdn": 1, "skillIds": [10], "indexIds": idx13}),
            "0100001",
        ),
        (
            "1001 skillIds",
            RINDEX,
            json!({"ccId": 1, "vdn": 1, "skillIds": skills1001, "indexIds": ["IDX_COUNT_QUEUE"]}),
            "0100001",
        ),
        (
            "skill 2001",
            RINDEX,
            json!({"ccId": 1, "vdn": 1, "skillIds": [2001], "indexIds": ["IDX_COUNT_QUEUE"]}),
            "0100001",
        ),
        (
            "numeric index",
            RINDEX,
            json!({"ccId": 1, "vdn": 1, "skillIds": [10], "indexIds": [7]}),
            "0100001",
        ),
        (
            "other vdn",
            RINDEX,
            json!({"ccId": 1, "vdn": 9, "skillIds": [10], "indexIds": ["IDX_COUNT_QUEUE"]}),
            "0100002",
        ),
    ] {
        let a = post(&gw, iface, &body).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::OK, code),
            "{what}: {}",
            a.body
        );
        if code != "0100000" {
            assert_eq!(a.body["result"], "1", "{what}");
            assert!(a.body["resultDesc"].is_string(), "{what}");
        }
    }
    // Empty lists are empty answers; a repeated id is answered once.
    let a = post(&gw, AGENTS, &json!({"ccId": 1, "vdn": 1, "agentIds": []})).await;
    assert_eq!((a.code(), &a.body["resultDesc"]), ("0100000", &json!([])));
    let a = post(
        &gw,
        AGENTS,
        &json!({"ccId": 1, "vdn": 1, "agentIds": [1002, 1001, 1002]}),
    )
    .await;
    let ids: Vec<&Value> = a.body["resultDesc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| &o["agentId"])
        .collect();
    assert_eq!(ids, [&json!(1002), &json!(1001)]);
    // Malformed JSON, signed correctly.
    let bad = b"{\"ccId\": 1, \"vdn\": ".to_vec();
    let signing = TestC2Signing::now(TEST_CMS_AK, TEST_CMS_SK);
    let a = post_as(&gw, AGENTS, Some(&signing), &bad, bad.clone()).await;
    assert_eq!((a.status, a.code()), (StatusCode::OK, "0100001"));
    // Over the simulator's body limit (1 MiB).
    let huge = vec![b' '; (1 << 20) + 1];
    let a = post_as(&gw, AGENTS, Some(&signing), &huge, huge.clone()).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.body["result"], "1");
}

#[tokio::test]
async fn unknown_paths_and_other_methods() {
    let gw = start(options()).await;
    let body = json!({"ccId": 1, "vdn": 1, "agentIds": [1001]});
    for iface in [
        "agentgroup/nosuch",
        "skill/rindex/",
        "querymonitor/systemstate",
    ] {
        let a = post(&gw, iface, &body).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{iface}");
        assert_eq!(a.body["result"], "1", "{iface}");
    }
    let r = gw
        .http
        .post(format!(
            "http://{}/rest/cmsapp/v2/openapi/{AGENTS}",
            gw.sim.addr
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    for method in [
        reqwest::Method::GET,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let r = gw
            .http
            .request(
                method.clone(),
                format!("{}{AGENTS}", gw.sim.huawei_cms_url()),
            )
            .send()
            .await
            .unwrap();
        let a = read(r).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(a.allow.as_deref(), Some("POST"), "{method}");
    }
}

#[tokio::test]
async fn server_error_faults_reach_cms_as_503_envelopes() {
    let gw = start(options()).await;
    let body = json!({"ccId": 1, "vdn": 1, "agentIds": [1001]});
    assert_eq!(post(&gw, AGENTS, &body).await.status, StatusCode::OK);
    gw.faults("5xx=1").await;
    let a = post(&gw, AGENTS, &body).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        (a.body["result"].as_str(), a.code()),
        (Some("1"), "0100503")
    );
    gw.faults("off").await;
    assert_eq!(post(&gw, AGENTS, &body).await.code(), "0100000");
}
