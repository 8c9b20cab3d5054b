//! The simulator's Huawei CC-Gateway sessions over real HTTP: sign-in and sign-out, Guid rotation
//! and expiry, idle sign-out and overlapping requests. Bodies are raw JSON written from the reference.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/huawei.rs"]
mod huawei;

use callboard::sim::HuaweiOptions;
use huawei::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn sign_in_rest_cancel_and_sign_out() {
    let gw = start(options()).await;
    let id = gw.pick(|a| state_of(a) == "signed-out").await;
    let truth = gw.agent(&id).await;
    // The seed's own sample body: numbers and booleans as strings.
    let body = json!({"password": AGENT_PW, "phonenum": truth["device_id"], "status": "4",
                      "releasephone": "true", "agenttype": "4", "autoanswer": true,
                      "ip": "10.1.2.3", "serviceworkid": "biz-7"});
    let (a, s) = gw.login(&id, "", body).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.retcode(), "0", "{}", a.body);
    let r = &a.body["result"];
    assert_eq!(r["vdnid"], 1);
    assert_eq!(r["workno"], id.as_str());
    assert_eq!(r["mediatype"], "TTF");
    assert_eq!(r["isForceChange"], "false");
    assert_eq!(r["serverName"], "AgentGateway");
    assert_eq!(r["timeRemaining"], "");
    assert!(r["loginTime"]
        .as_str()
        .is_some_and(|t| t.parse::<i64>().is_ok()));
    assert!(a
        .guid
        .as_deref()
        .is_some_and(|g| g.ends_with(".AgentGateway0")));
    assert!(a
        .cookie
        .as_deref()
        .is_some_and(|c| c.starts_with("AGW_NODE=agw0")));
    let mut s = s.expect("session");

    let first = gw.poll(&mut s).await;
    assert_eq!(first.body["event"]["eventType"], "AgentOther_InService");
    assert_eq!(first.body["event"]["workNo"], id.as_str());
    assert!(first.body["event"]["eventGenTime"].is_i64());
    assert!(first.guid.is_some(), "agentevent carries Set-GUID");
    gw.expect_event(&mut s, "AgentState_Ready").await;
    let truth = gw.agent(&id).await;
    assert_eq!(state_of(&truth), "idle");
    assert_eq!(truth["controller"], "api");

    let rest = gw.op(&mut s, Method::POST, "rest/600/2").await;
    assert_eq!(rest.retcode(), "0", "{}", rest.body);
    assert_eq!(rest.body["result"], json!({}));
    let ev = gw.expect_event(&mut s, "AgentState_SetRest_Success").await;
    assert_eq!(ev["content"]["reason"], "2");
    let truth = gw.agent(&id).await;
    assert_eq!(state_of(&truth), "rest");
    assert_eq!(truth["rest_cause"], 2);

    assert_eq!(
        gw.op(&mut s, Method::POST, "cancelrest").await.retcode(),
        "0"
    );
    gw.expect_event(&mut s, "AgentState_CancelRest_Success")
        .await;
    assert_eq!(state_of(&gw.agent(&id).await), "idle");
    // Cancel rest when not resting is a state error.
    assert_eq!(
        gw.op(&mut s, Method::POST, "cancelrest").await.retcode(),
        "100-009"
    );

    assert_eq!(gw.op(&mut s, Method::DELETE, "logout").await.retcode(), "0");
    let ev = gw.expect_event(&mut s, "AgentOther_ShutdownService").await;
    assert_eq!(ev["content"]["loginTime"], r["loginTime"]);
    let truth = gw.agent(&id).await;
    assert_eq!(state_of(&truth), "signed-out");
    assert_eq!(truth["controller"], "world");
    assert_eq!(gw.poll(&mut s).await.retcode(), "100-006");
    assert_eq!(
        gw.op(&mut s, Method::POST, "sayfree").await.retcode(),
        "100-006"
    );
}

#[tokio::test]
async fn sign_in_status_events_and_validation() {
    let gw = start(options()).await;
    let ids = gw.pick_n(3, |a| state_of(a) == "signed-out").await;
    let phone = |id: &str| format!("4{id}");
    let ok = |id: &str| json!({"password": AGENT_PW, "phonenum": phone(id)});
    let cases: Vec<(Value, &str)> = vec![
        (json!("not an object"), "100-001"),
        (json!({"phonenum": phone(&ids[0])}), "100-001"),
        (
            json!({"password": 123456, "phonenum": phone(&ids[0])}),
            "100-001",
        ),
        (json!({"password": AGENT_PW}), "100-001"),
        (
            json!({"password": "x".repeat(33), "phonenum": phone(&ids[0])}),
            "100-011",
        ),
        (
            json!({"password": "wrong", "phonenum": phone(&ids[0])}),
            "100-004",
        ),
        (json!({"password": AGENT_PW, "phonenum": "4abc"}), "100-013"),
        (
            json!({"password": AGENT_PW, "phonenum": "499999"}),
            "100-014",
        ),
        (
            json!({"password": AGENT_PW, "phonenum": "4".repeat(25)}),
            "100-011",
        ),
        (merge(ok(&ids[0]), json!({"agenttype": 5})), "100-012"),
        (merge(ok(&ids[0]), json!({"agenttype": "four"})), "100-001"),
        (merge(ok(&ids[0]), json!({"status": 6})), "100-011"),
        (merge(ok(&ids[0]), json!({"status": 8})), "100-011"),
        (
            merge(ok(&ids[0]), json!({"status": 8, "time": 0, "restcause": 1})),
            "100-011",
        ),
        (
            merge(
                ok(&ids[0]),
                json!({"status": 8, "time": 60, "restcause": 256}),
            ),
            "100-011",
        ),
        (merge(ok(&ids[0]), json!({"ip": "300.1.1.1"})), "100-016"),
        (merge(ok(&ids[0]), json!({"ip": "::1"})), "100-016"),
        (merge(ok(&ids[0]), json!({"autoanswer": "yes"})), "100-001"),
        (
            merge(ok(&ids[0]), json!({"serviceToken": "bad token!"})),
            "100-001",
        ),
        (
            merge(ok(&ids[0]), json!({"serviceworkid": "w".repeat(31)})),
            "100-011",
        ),
        (merge(ok(&ids[0]), json!({"time": 1e300})), "100-001"),
        (
            merge(ok(&ids[0]), json!({"status": "99999999999999999999999"})),
            "100-011",
        ),
    ];
    for (body, code) in cases {
        let (a, _) = gw.login(&ids[0], "", body.clone()).await;
        assert_eq!(a.retcode(), code, "body {body}: {}", a.body);
    }
    for (id, code) in [
        ("99", "100-001"),
        ("1000000", "100-001"),
        ("abc", "100-001"),
        ("5000", "100-004"),
    ] {
        let (a, _) = gw.login(id, "", ok(&ids[0])).await;
        assert_eq!(a.retcode(), code, "agent id {id}");
    }
    let (a, _) = gw.login(&ids[0], "", json!({})).await;
    assert_eq!(a.retcode(), "100-001");
    // A body that is not UTF-8 / not JSON at all.
    let a = gw
        .raw(
            Method::PUT,
            &format!("onlineagent/{}", ids[0]),
            None,
            false,
            Some(vec![0xff, 0xfe, 0x00, 0x7b]),
        )
        .await;
    assert_eq!(a.retcode(), "100-001");
    assert_eq!(state_of(&gw.agent(&ids[0]).await), "signed-out");

    // status 3 (busy), 5 (wrap-up) and 8 (rest) each add their state event.
    let statuses = [
        (
            json!({"status": 3}),
            "AgentState_SetNotReady_Success",
            "busy",
        ),
        (json!({"status": "5"}), "AgentState_Work", "wrap-up"),
        (
            json!({"status": 8, "time": "120", "restcause": "3"}),
            "AgentState_SetRest_Success",
            "rest",
        ),
    ];
    for (id, (extra, event, state)) in ids.iter().zip(statuses) {
        let (a, s) = gw.login(id, "", merge(ok(id), extra)).await;
        assert_eq!(a.retcode(), "0", "{}", a.body);
        let mut s = s.expect("session");
        let kinds: Vec<Value> = {
            let mut v = Vec::new();
            for _ in 0..3 {
                v.push(gw.poll(&mut s).await.body["event"]["eventType"].clone());
            }
            v
        };
        assert_eq!(
            kinds,
            vec![
                json!("AgentOther_InService"),
                json!("AgentState_Ready"),
                json!(event)
            ]
        );
        assert_eq!(state_of(&gw.agent(id).await), state);
        // Signing in again without force: already signed in.
        let (again, _) = gw.login(id, "", ok(id)).await;
        assert_eq!(again.retcode(), "100-002");
    }
}

#[tokio::test]
async fn world_signed_in_agent_needs_forcelogin() {
    let gw = start(options()).await;
    let id = gw
        .pick(|a| state_of(a) == "idle" && a["controller"] == "world")
        .await;
    let truth = gw.agent(&id).await;
    assert_eq!(truth["controller"], "world");
    let body = json!({"password": AGENT_PW, "phonenum": truth["device_id"]});
    let (a, _) = gw.login(&id, "", body.clone()).await;
    assert_eq!(a.retcode(), "100-002");
    let (a, s) = gw.login(&id, "/forcelogin", body.clone()).await;
    assert_eq!(a.retcode(), "0", "{}", a.body);
    let mut s = s.expect("session");
    assert_eq!(
        gw.poll(&mut s).await.body["event"]["eventType"],
        "AgentOther_InService"
    );
    assert_eq!(gw.agent(&id).await["controller"], "api");
    // A second forcelogin pushes the first API session out: its Guid no longer works.
    let (_, s2) = gw.login(&id, "/forcelogin", body).await;
    let mut s2 = s2.expect("second session");
    let old = gw.op(&mut s, Method::GET, "agentstatus").await;
    assert_eq!(old.retcode(), "000-003");
    let st = gw.op(&mut s2, Method::GET, "agentstatus").await;
    assert_eq!(st.retcode(), "0");
    assert_eq!(
        st.body["result"],
        json!({"agentState": 4, "isWorking": false})
    );
    // forcelogout works from any state; the desk client gets the agent back.
    assert_eq!(
        gw.op(&mut s2, Method::DELETE, "forcelogout")
            .await
            .retcode(),
        "0"
    );
    gw.expect_event(&mut s2, "AgentOther_ShutdownService").await;
    let truth = gw.agent(&id).await;
    assert_eq!(state_of(&truth), "signed-out");
    assert_eq!(truth["controller"], "world");
}

#[tokio::test]
async fn guid_rotates_and_old_guid_expires() {
    let gw = start(HuaweiOptions {
        guid_interval: Duration::from_millis(300),
        guid_timeout: Duration::from_millis(700),
        ..options()
    })
    .await;
    let id = gw.pick(|a| state_of(a) == "signed-out").await;
    let mut s = gw.login_agent(&id, false).await;
    let g0 = s.guid.clone();
    let path = format!("onlineagent/{id}/agentstatus");
    assert_eq!(
        gw.raw(Method::GET, &path, Some(&g0), true, None)
            .await
            .retcode(),
        "0"
    );
    // Header name is case-insensitive; missing Guid or cookie is no right.
    let a = gw
        .http
        .get(gw.url(&path))
        .header("GUID", &g0)
        .header("Cookie", COOKIE)
        .send()
        .await;
    let a: Value = a.expect("sent").json().await.expect("json");
    assert_eq!(a["retcode"], "0");
    assert_eq!(
        gw.raw(Method::GET, &path, None, true, None).await.retcode(),
        "000-003"
    );
    assert_eq!(
        gw.raw(Method::GET, &path, Some("nope"), true, None)
            .await
            .retcode(),
        "000-003"
    );
    assert_eq!(
        gw.raw(Method::GET, &path, Some(&g0), false, None)
            .await
            .retcode(),
        "000-003"
    );

    gw.drain(&mut s).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let p = gw.poll(&mut s).await;
    let g1 = p.guid.clone().expect("Set-GUID on agentevent");
    assert_ne!(g1, g0, "the Guid rotated");
    assert_eq!(s.guid, g1);
    // The replaced Guid is still accepted for a while.
    assert_eq!(
        gw.raw(Method::GET, &path, Some(&g0), true, None)
            .await
            .retcode(),
        "0"
    );
    // A client that keeps polling and takes up Set-GUID stays signed in across rotations.
    let started = Instant::now();
    let mut seen = vec![g0.clone(), g1];
    while started.elapsed() < Duration::from_millis(1500) {
        assert_eq!(gw.poll(&mut s).await.retcode(), "0");
        if !seen.contains(&s.guid) {
            seen.push(s.guid.clone());
        }
    }
    assert!(seen.len() >= 4, "rotated repeatedly: {seen:?}");
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.retcode(),
        "0"
    );
    // Long after its replacement the first Guid is refused.
    assert_eq!(
        gw.raw(Method::GET, &path, Some(&g0), true, None)
            .await
            .retcode(),
        "000-003"
    );
    // An agent without a session: not signed in.
    let other = gw
        .pick(|a| state_of(a) == "idle" && a["controller"] == "world")
        .await;
    let a = gw
        .raw(
            Method::GET,
            &format!("onlineagent/{other}/agentstatus"),
            Some(&s.guid),
            true,
            None,
        )
        .await;
    assert_eq!(a.retcode(), "100-006");
}

#[tokio::test]
async fn guid_expiry_fault_then_forcelogin_recovers() {
    let gw = start(options()).await;
    let id = gw.pick(|a| state_of(a) == "signed-out").await;
    let mut s = gw.login_agent(&id, false).await;
    gw.faults("guid-expiry=1").await;
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.retcode(),
        "000-003"
    );
    gw.faults("off").await;
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.retcode(),
        "000-003"
    );
    let mut s = gw.login_agent(&id, true).await;
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.retcode(),
        "0"
    );
    assert_eq!(state_of(&gw.agent(&id).await), "idle");
}

#[tokio::test]
async fn unpolled_agent_is_signed_out_but_a_held_poll_keeps_it() {
    let gw = start(HuaweiOptions {
        poll_hold: Duration::from_millis(1000),
        idle_timeout: Duration::from_millis(500),
        ..options()
    })
    .await;
    let ids = gw.pick_n(2, |a| state_of(a) == "signed-out").await;
    let mut quiet = gw.login_agent(&ids[0], false).await;
    let mut busy = gw.login_agent(&ids[1], false).await;
    gw.drain(&mut busy).await; // ends with a poll held for 1 s, longer than the idle timeout
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        state_of(&gw.agent(&ids[1]).await),
        "idle",
        "polled agent stays"
    );
    let truth = gw.agent(&ids[0]).await;
    assert_eq!(
        state_of(&truth),
        "signed-out",
        "unpolled agent is signed out"
    );
    assert_eq!(truth["controller"], "world");
    // Its last events, ending with the sign-out, can still be collected; then 100-006.
    gw.expect_event(&mut quiet, "AgentOther_ShutdownService")
        .await;
    assert_eq!(gw.poll(&mut quiet).await.retcode(), "100-006");
}

#[tokio::test]
async fn overlapping_requests_are_refused() {
    let gw = start(options()).await;
    let ids = gw.pick_n(2, |a| state_of(a) == "signed-out").await;
    let (id, other) = (&ids[0], &ids[1]);

    // A sign-in still in flight: another sign-in gets 100-021.
    let sock = half_request(&gw, "PUT", &format!("onlineagent/{id}"), None).await;
    let bad_login = || async { gw.login(id, "", json!("bad body")).await.0 };
    until_code("100-021", bad_login).await;
    // The client goes away mid-request: the slot is freed.
    drop(sock);
    until_code("100-001", bad_login).await;
    let mut s = gw.login_agent(id, false).await;

    // An operation in flight: another operation gets 000-007, sign-out too; a poll is separate.
    let mut sock = half_request(
        &gw,
        "POST",
        &format!("voicecall/{id}/transfer"),
        Some(&s.guid),
    )
    .await;
    let path = format!("onlineagent/{id}/agentstatus");
    let guid = s.guid.clone();
    until_code("000-007", || {
        gw.raw(Method::GET, &path, Some(&guid), true, None)
    })
    .await;
    assert_eq!(
        gw.op(&mut s, Method::DELETE, "logout").await.retcode(),
        "000-007"
    );
    assert_eq!(gw.poll(&mut s).await.retcode(), "0");
    // Finishing the body completes the first request (a transfer without a call).
    let rest = " ".repeat(200 - "{\"password\":".len());
    sock.write_all(rest.as_bytes()).await.expect("write rest");
    let mut buf = vec![0u8; 4096];
    let n = sock.read(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(
        text.contains("000-002"),
        "truncated JSON is a bad parameter: {text}"
    );
    assert_eq!(
        gw.op(&mut s, Method::GET, "agentstatus").await.retcode(),
        "0"
    );

    // Two polls of the same agent at once: the second is refused.
    gw.drain(&mut s).await;
    let mut s_copy = Sess {
        id: s.id.clone(),
        guid: s.guid.clone(),
    };
    let (first, second) = tokio::join!(gw.poll(&mut s), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        gw.poll(&mut s_copy).await
    });
    assert_eq!(first.retcode(), "0");
    assert_eq!(second.retcode(), "000-007");
    // Other agents are not affected.
    let mut o = gw.login_agent(other, false).await;
    assert_eq!(
        gw.op(&mut o, Method::GET, "agentstatus").await.retcode(),
        "0"
    );
}
