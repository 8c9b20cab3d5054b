//! The simulator's Huawei CC-Gateway agent operations and queries over real HTTP, malformed input,
//! and shutdown with held polls.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/huawei.rs"]
mod huawei;

use callboard::sim::HuaweiOptions;
use huawei::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn agent_operations_and_queries() {
    let gw = start(options()).await;
    let id = gw.pick(|a| state_of(a) == "signed-out").await;
    let mut s = gw.login_agent(&id, false).await;
    gw.drain(&mut s).await;

    assert_eq!(
        gw.op(&mut s, Method::POST, "saybusy?reason=201")
            .await
            .retcode(),
        "0"
    );
    let ev = gw
        .expect_event(&mut s, "AgentState_SetNotReady_Success")
        .await;
    assert_eq!(ev["content"]["reason"], "201");
    assert_eq!(gw.agent(&id).await["busy_reason"], 201);
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.body["result"]["agentState"],
        3
    );
    assert_eq!(
        gw.op(&mut s, Method::POST, "cancelbusy").await.retcode(),
        "0"
    );
    gw.expect_event(&mut s, "AgentState_CancelNotReady_Success")
        .await;
    assert_eq!(gw.op(&mut s, Method::POST, "work").await.retcode(), "0");
    gw.expect_event(&mut s, "AgentState_SetWork_Success").await;
    assert_eq!(state_of(&gw.agent(&id).await), "wrap-up");
    assert_eq!(
        gw.op(&mut s, Method::POST, "cancelwork").await.retcode(),
        "0"
    );
    gw.expect_event(&mut s, "AgentState_CancelWork_Success")
        .await;
    assert_eq!(gw.op(&mut s, Method::POST, "saybusy").await.retcode(), "0");
    gw.expect_event(&mut s, "AgentState_SetNotReady_Success")
        .await;
    assert_eq!(gw.op(&mut s, Method::POST, "sayfree").await.retcode(), "0");
    gw.expect_event(&mut s, "AgentState_Ready").await;
    assert_eq!(state_of(&gw.agent(&id).await), "idle");

    for (op, code) in [
        ("saybusy?reason=300", "000-002"),
        ("saybusy?reason=abc", "000-002"),
        ("saybusy?reason=201&prolong=maybe", "000-002"),
        ("rest/0/1", "000-002"),
        ("rest/86400/1", "000-002"),
        ("rest/60/256", "000-002"),
        ("rest/99999999999999999999/1", "000-002"),
        ("resetskill/false?skillid=abc", "100-019"),
        ("resetskill/false?skillid=99999", "100-019"),
        ("resetskill/false", "100-019"),
        ("resetskill/maybe", "000-002"),
        ("resetskill/true", "0"),
    ] {
        assert_eq!(
            gw.op(&mut s, Method::POST, op).await.retcode(),
            code,
            "{op}"
        );
    }
    let mine = gw.op(&mut s, Method::GET, "agentskills").await;
    let skills = mine.body["result"].as_array().cloned().unwrap_or_default();
    assert!(!skills.is_empty());
    assert_eq!(skills[0]["mediatype"], 5);
    let first = skills[0]["id"].as_u64().expect("skill id");
    let a = gw
        .op(
            &mut s,
            Method::POST,
            &format!("resetskill/false?skillid={first}"),
        )
        .await;
    assert_eq!(a.retcode(), "0");
    let signed: Vec<Value> = gw.agent(&id).await["skill_groups"]
        .as_array()
        .map(|g| {
            g.iter()
                .filter(|g| g["signed"] == true)
                .map(|g| g["id"].clone())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(signed, vec![json!(first.to_string())]);
    let other = gw
        .pick(|a| state_of(a) == "idle" && a["controller"] == "world")
        .await;
    let theirs = gw
        .op(&mut s, Method::GET, &format!("agentskillsbyworkno/{other}"))
        .await;
    assert!(theirs.body["result"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));

    let info = gw
        .call(
            &mut s,
            Method::GET,
            &format!("agentgroup/{id}/agentbyworkno/{other}"),
            None,
        )
        .await;
    let r = &info.body["result"];
    assert_eq!(r["workno"], other.as_str());
    assert_eq!(
        (r["status"].clone(), r["ctiStatus"].clone()),
        (json!(4), json!(1))
    );
    assert_eq!(r["mediatype"], "TTF");
    assert!(r["skilllist"].as_array().is_some_and(|l| !l.is_empty()));
    let missing = gw
        .call(
            &mut s,
            Method::GET,
            &format!("agentgroup/{id}/agentbyworkno/5000"),
            None,
        )
        .await;
    assert_eq!(missing.retcode(), "300-002");
    let all = gw
        .call(
            &mut s,
            Method::GET,
            &format!("agentgroup/{id}/allagentstatus"),
            None,
        )
        .await;
    let st = gw.state().await;
    let huawei = st["agents"]
        .as_array()
        .map(|a| a.iter().filter(|a| a["vendor"] == "huawei").count());
    assert_eq!(all.body["result"].as_array().map(Vec::len), huawei);
    let reasons = gw
        .call(
            &mut s,
            Method::GET,
            &format!("agentgroup/{id}/restreason"),
            None,
        )
        .await;
    assert!(reasons.body["result"]
        .as_array()
        .is_some_and(|r| r.iter().any(|c| c["causeNo"] == 2)));
    let queues = gw
        .call(
            &mut s,
            Method::GET,
            &format!("queuedevice/{id}/agentvdnskill"),
            None,
        )
        .await;
    let queues = queues.body["result"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!queues.is_empty() && queues[0]["realFlag"] == 1);
    for q in &queues {
        let qid = q["id"].as_u64().expect("queue id");
        let qid_text = qid.to_string();
        let n = gw
            .call(
                &mut s,
                Method::GET,
                &format!("queuedevice/{id}/skillwaitnum/{qid}"),
                None,
            )
            .await;
        let truth = st["skill_groups"]
            .as_array()
            .and_then(|g| {
                g.iter()
                    .find(|g| g["vendor"] == "huawei" && g["id"] == qid_text.as_str())
            })
            .map(|g| g["waiting_calls"].clone());
        assert_eq!(Some(n.body["result"].clone()), truth);
    }

    // Rest requested on a call is pending (pre-rest) until the call and wrap-up are over.
    let talking = gw
        .pick(|a| state_of(a) == "talking" && a["ringing"] == false)
        .await;
    let mut t = gw.login_agent(&talking, true).await;
    assert_eq!(
        gw.op(&mut t, Method::POST, "rest/300/1").await.retcode(),
        "0"
    );
    let truth = gw.agent(&talking).await;
    assert_eq!(
        (state_of(&truth), truth["pending"].clone()),
        ("pre-rest", json!("rest:1"))
    );
    assert_eq!(
        gw.op(&mut t, Method::DELETE, "logout").await.retcode(),
        "100-010"
    );
}

#[tokio::test]
async fn malformed_requests_get_documented_answers_and_the_server_keeps_serving() {
    let gw = start(options()).await;
    let id = gw.pick(|a| state_of(a) == "signed-out").await;
    let a = gw.raw(Method::GET, "nothing/here", None, false, None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = gw.raw(Method::GET, "", None, false, None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = gw
        .raw(Method::GET, &format!("onlineagent/{id}"), None, false, None)
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    let a = gw
        .raw(Method::POST, &format!("agentevent/{id}"), None, false, None)
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    // A huge body.
    let huge = vec![b'{'; 2 << 20];
    let a = gw
        .raw(
            Method::PUT,
            &format!("onlineagent/{id}"),
            None,
            false,
            Some(huge),
        )
        .await;
    assert!(
        a.retcode() == "100-001" || a.status == StatusCode::PAYLOAD_TOO_LARGE,
        "{:?}",
        a.status
    );
    // Absurd and odd ids in paths.
    for path in [
        "onlineagent/99999999999999999999999999/saybusy".to_string(),
        "agentevent/-1".to_string(),
        "agentevent/%FF%FE".to_string(),
        "agentgroup/0x10/allagentstatus".to_string(),
    ] {
        let method = if path.contains("saybusy") {
            Method::POST
        } else {
            Method::GET
        };
        let a = gw.raw(method, &path, Some("x"), true, None).await;
        assert_eq!(a.retcode(), "000-002", "{path}");
    }
    let mut s = gw.login_agent(&id, false).await;
    for body in [
        b"{not json".to_vec(),
        vec![0xc3, 0x28, 0xff],
        b"[1,2,3]".to_vec(),
        Vec::new(),
    ] {
        let a = gw
            .raw(
                Method::POST,
                &format!("voicecall/{id}/transfer"),
                Some(&s.guid),
                true,
                Some(body),
            )
            .await;
        assert_eq!(a.retcode(), "000-002");
    }
    let a = gw
        .call(
            &mut s,
            Method::GET,
            &format!("agentgroup/{id}/agentbyworkno/12abc"),
            None,
        )
        .await;
    assert_eq!(a.retcode(), "000-002");
    // Push mode (callBackUri + serviceToken): polling is the wrong way to get events.
    let other = gw
        .pick(|a| state_of(a) == "idle" && a["controller"] == "world")
        .await;
    let truth = gw.agent(&other).await;
    let body = json!({"password": AGENT_PW, "phonenum": truth["device_id"],
                      "callBackUri": "https://127.0.0.1:9/cb", "serviceToken": "abc123"});
    let (_, p) = gw.login(&other, "/forcelogin", body).await;
    let mut p = p.expect("push session");
    assert_eq!(gw.poll(&mut p).await.retcode(), "000-001");
    assert_eq!(
        gw.op(&mut p, Method::POST, "handshake").await.retcode(),
        "0"
    );
    // Still serving.
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.retcode(),
        "0"
    );
    gw.expect_event(&mut s, "AgentState_Ready").await;
}

#[tokio::test]
async fn shutdown_wakes_a_held_poll() {
    let gw = start(HuaweiOptions {
        poll_hold: Duration::from_secs(10),
        ..options()
    })
    .await;
    let id = gw.pick(|a| state_of(a) == "signed-out").await;
    let mut s = gw.login_agent(&id, false).await;
    for _ in 0..2 {
        gw.poll(&mut s).await;
    }
    let url = gw.url(&format!("agentevent/{id}"));
    let held = tokio::spawn(
        gw.http
            .get(url)
            .header("Guid", s.guid.clone())
            .header("Cookie", COOKIE)
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    gw.sim.shutdown().await;
    let r = held.await.expect("join");
    assert!(started.elapsed() < Duration::from_secs(3));
    if let Ok(r) = r {
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(v["event"].is_null());
    }
}
