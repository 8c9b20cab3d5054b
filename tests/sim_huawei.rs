//! The simulator's Huawei CC-Gateway API over real HTTP: sign-in and sign-out, Guid rotation and
//! expiry, idle sign-out, overlapping requests, inspector monitoring and forced states, IVR
//! transfers, queries and malformed input. Bodies are raw JSON written from the reference documents.

#[path = "common/huawei.rs"]
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

#[tokio::test]
async fn inspector_monitors_and_forces_states() {
    let gw = start(options()).await;
    let ids = gw.pick_n(2, |a| state_of(a) == "idle").await;
    let (a1, a2) = (&ids[0], &ids[1]);
    let mut qc = gw.login_inspector().await;
    gw.drain(&mut qc).await;
    let path = |op: &str| format!("qualitycontrol/900/{op}");
    let a = gw
        .call(
            &mut qc,
            Method::POST,
            &format!("{}?agents={a1};{a2}", path("beginmonitor")),
            None,
        )
        .await;
    assert_eq!(a.retcode(), "0", "{}", a.body);

    let a = gw
        .call(
            &mut qc,
            Method::POST,
            &path(&format!("forcebusy/{a1}")),
            None,
        )
        .await;
    assert_eq!(a.retcode(), "0", "{}", a.body);
    let truth = gw.agent(a1).await;
    assert_eq!(state_of(&truth), "busy");
    assert_eq!(truth["busy_reason"], 3);
    let ev = gw.expect_event(&mut qc, "QC_AgentState_Notify").await;
    assert_eq!(ev["workNo"], "900");
    assert_eq!(ev["content"]["subtype"], "QC_AgentState_Busy");
    assert_eq!(ev["content"]["monitoredagent"], a1.as_str());
    assert_eq!(ev["content"]["mediaserver"], "CtiServer");
    assert_eq!(ev["content"]["agentname"], truth["display_name"]);

    assert_eq!(
        gw.call(
            &mut qc,
            Method::POST,
            &path(&format!("forceidle/{a1}")),
            None
        )
        .await
        .retcode(),
        "0"
    );
    assert_eq!(state_of(&gw.agent(a1).await), "idle");
    let ev = gw.expect_event(&mut qc, "QC_AgentState_Notify").await;
    assert_eq!(ev["content"]["subtype"], "QC_AgentState_Idle");

    let a = gw
        .call(
            &mut qc,
            Method::POST,
            &path(&format!("forcerest/{a2}/300/2")),
            None,
        )
        .await;
    assert_eq!(a.retcode(), "0", "{}", a.body);
    let truth = gw.agent(a2).await;
    assert_eq!(
        (state_of(&truth), truth["rest_cause"].clone()),
        ("rest", json!(2))
    );
    let ev = gw.expect_event(&mut qc, "QC_AgentState_Notify").await;
    assert_eq!(ev["content"]["subtype"], "QC_AgentState_Rest");
    assert_eq!(ev["content"]["monitoredagent"], a2.as_str());

    assert_eq!(
        gw.call(
            &mut qc,
            Method::POST,
            &path(&format!("forcelogout/{a2}")),
            None
        )
        .await
        .retcode(),
        "0"
    );
    assert_eq!(state_of(&gw.agent(a2).await), "signed-out");
    let ev = gw.expect_event(&mut qc, "QC_AgentState_Notify").await;
    assert_eq!(ev["content"]["subtype"], "QC_AgentState_Logout");

    // A monitored agent signing in through the API shows up as Login.
    let mut s2 = gw.login_agent(a2, false).await;
    let ev = gw.expect_event(&mut qc, "QC_AgentState_Notify").await;
    assert_eq!(ev["content"]["subtype"], "QC_AgentState_Login");
    // Forced states reach the agent's own session too.
    gw.drain(&mut s2).await;
    assert_eq!(
        gw.call(
            &mut qc,
            Method::POST,
            &path(&format!("forcebusy/{a2}")),
            None
        )
        .await
        .retcode(),
        "0"
    );
    let ev = gw
        .expect_event(&mut s2, "AgentState_Force_SetNotReady")
        .await;
    assert_eq!(ev["content"]["reason"], "3");
    assert_eq!(
        gw.call(
            &mut qc,
            Method::POST,
            &path(&format!("forceidle/{a2}")),
            None
        )
        .await
        .retcode(),
        "0"
    );
    gw.expect_event(&mut s2, "AgentState_Force_Ready").await;

    // Errors.
    let cases = [
        (path("forcebusy/900"), "000-005"),
        (path("forcebusy/5000"), "900-004"),
        (path("forcebusy/12"), "900-004"),
        (path(&format!("forcerest/{a1}/0/1")), "000-002"),
        (path(&format!("forcerest/{a1}/60/0")), "000-002"),
        (path(&format!("forcerest/{a1}/60/999")), "000-002"),
        (format!("{}?agents=", path("beginmonitor")), "000-002"),
        (
            format!("{}?agents=5000;5001", path("beginmonitor")),
            "900-004",
        ),
    ];
    for (p, code) in cases {
        assert_eq!(
            gw.call(&mut qc, Method::POST, &p, None).await.retcode(),
            code,
            "{p}"
        );
    }
    let many: Vec<String> = (1001..1502).map(|n| n.to_string()).collect();
    let p = format!("{}?agents={}", path("beginmonitor"), many.join(";"));
    assert_eq!(
        gw.call(&mut qc, Method::POST, &p, None).await.retcode(),
        "000-002"
    );
    // forceidle of a signed-out agent is a state error.
    let off = gw.pick(|a| state_of(a) == "signed-out").await;
    let a = gw
        .call(
            &mut qc,
            Method::POST,
            &path(&format!("forceidle/{off}")),
            None,
        )
        .await;
    assert_eq!(a.retcode(), "900-005");
    // An ordinary agent has no inspector right.
    let p = format!("qualitycontrol/{a2}/forcebusy/{a1}");
    assert_eq!(
        gw.call(&mut s2, Method::POST, &p, None).await.retcode(),
        "900-002"
    );
    // endmonitor: no more notifications for that agent.
    let p = format!("{}?agents={a1}", path("endmonitor"));
    assert_eq!(
        gw.call(&mut qc, Method::POST, &p, None).await.retcode(),
        "0"
    );
    gw.drain(&mut qc).await;
    assert_eq!(
        gw.call(
            &mut qc,
            Method::POST,
            &path(&format!("forcebusy/{a1}")),
            None
        )
        .await
        .retcode(),
        "0"
    );
    assert!(gw.poll(&mut qc).await.body["event"].is_null());
}

#[tokio::test]
async fn ivr_suspend_transfer_returns_the_call() {
    let gw = start(options()).await;
    let ids = gw
        .pick_n(2, |a| state_of(a) == "talking" && a["ringing"] == false)
        .await;
    let (id, id2) = (&ids[0], &ids[1]);
    let call_id = gw.agent(id).await["call_id"].clone();
    // Taking over an agent in a call keeps the call and reports it.
    let mut s = gw.login_agent(id, true).await;
    let ev = gw.expect_event(&mut s, "AgentEvent_Talking").await;
    assert_eq!(ev["content"]["callid"], call_id);
    assert_eq!(ev["content"]["type"], "main");
    assert_eq!(ev["content"]["mediaAbility"], "1");

    let ivr = gw
        .call(
            &mut s,
            Method::GET,
            &format!("queuedevice/{id}/ivrinfo"),
            None,
        )
        .await;
    assert_eq!(ivr.retcode(), "0");
    let access = ivr.body["result"][0]["access"]
        .as_str()
        .expect("access")
        .to_string();
    assert!(ivr.body["result"][0]["id"].is_u64());
    let info = gw
        .call(
            &mut s,
            Method::GET,
            &format!("calldata/{id}/callinfo"),
            None,
        )
        .await;
    assert_eq!(info.body["result"]["callid"], call_id);
    assert_eq!(info.body["result"]["mediaType"], 5);

    let transfer = format!("voicecall/{id}/transfer");
    let bad = [
        json!({"devicetype": 3, "mode": 1, "address": "9999"}),
        json!({"devicetype": 1, "mode": 0, "address": access}),
        json!({"devicetype": 3, "mode": 2, "address": access}),
        json!({"devicetype": "x", "mode": 1, "address": access}),
        json!({"mode": 1, "address": access}),
        json!({"devicetype": 3, "mode": 1, "address": 1321}),
    ];
    for body in bad {
        let a = gw
            .call(&mut s, Method::POST, &transfer, Some(body.clone()))
            .await;
        assert_eq!(a.retcode(), "000-002", "{body}");
    }
    let body = json!({"devicetype": 3, "mode": 1, "address": access, "callappdata": "acct=42"});
    let a = gw
        .call(&mut s, Method::POST, &transfer, Some(body.clone()))
        .await;
    assert_eq!(a.retcode(), "0", "{}", a.body);
    assert!(gw.agent(id).await["in_ivr"].as_bool().unwrap_or(false));
    // The call is away: no second transfer.
    assert_eq!(
        gw.call(&mut s, Method::POST, &transfer, Some(body))
            .await
            .retcode(),
        "200-012"
    );
    gw.advance(35).await;
    let ev = gw.expect_event(&mut s, "AgentEvent_ReturnFromIvr").await;
    assert_eq!(ev["content"], call_id);
    assert!(!gw.agent(id).await["in_ivr"].as_bool().unwrap_or(true));

    // Release transfer: the agent leaves the call and goes to wrap-up.
    let mut s2 = gw.login_agent(id2, true).await;
    if state_of(&gw.agent(id2).await) == "talking" {
        let call2 = gw.agent(id2).await["call_id"].clone();
        let body = json!({"devicetype": "3", "mode": "0", "address": access});
        let a = gw
            .call(
                &mut s2,
                Method::POST,
                &format!("voicecall/{id2}/transfer"),
                Some(body),
            )
            .await;
        assert_eq!(a.retcode(), "0", "{}", a.body);
        let ev = gw.expect_event(&mut s2, "AgentEvent_Call_Release").await;
        assert_eq!(ev["content"], call2);
        gw.expect_event(&mut s2, "AgentState_Work").await;
        assert_eq!(state_of(&gw.agent(id2).await), "wrap-up");
    }

    // No call at all: 200-012.
    let idle = gw
        .pick(|a| state_of(a) == "idle" && a["controller"] == "world")
        .await;
    let mut s3 = gw.login_agent(&idle, true).await;
    let body = json!({"devicetype": 3, "mode": 1, "address": access});
    let a = gw
        .call(
            &mut s3,
            Method::POST,
            &format!("voicecall/{idle}/transfer"),
            Some(body),
        )
        .await;
    assert_eq!(a.retcode(), "200-012");
    let a = gw
        .call(
            &mut s3,
            Method::GET,
            &format!("calldata/{idle}/callinfo"),
            None,
        )
        .await;
    assert_eq!(a.retcode(), "100-007");
}

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
