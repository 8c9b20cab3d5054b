//! The simulator's Huawei inspector (质检员) over real HTTP: monitoring and forced states, IVR
//! transfers and their return.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/huawei.rs"]
mod huawei;

use huawei::*;
use reqwest::Method;
use serde_json::json;

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
