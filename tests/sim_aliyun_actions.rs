//! The simulator's Alibaba Cloud CCC agent actions over real HTTP: each changes `/_sim/state` as
//! the vendor would, and refusals carry the documented codes and HTTP statuses.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/aliyun_sign.rs"]
mod aliyun_sign;
#[path = "support/aliyun_sim.rs"]
mod aliyun_sim;

use aliyun_sim::*;
use serde_json::Value;

#[tokio::test]
async fn sign_in_break_ready_sign_out_cycle() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let who = first_in(&truth, "Offline");
    let a = sim.agent(&who).await;
    let device = a["device_id"].as_str().unwrap().to_string();
    let groups: Vec<String> = a["skill_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["id"].as_str().map(str::to_string))
        .collect();
    let list = serde_json::to_string(&groups).unwrap();

    // Refusals first: nothing changes.
    let r = sim
        .api(
            "SignInGroup",
            &[
                ("UserId", &who),
                ("DeviceId", "ACC-not-mine"),
                ("SignedSkillGroupIdList", &list),
            ],
        )
        .await;
    err(&r, 404, "NotExists.DeviceId");
    let r = sim
        .api(
            "SignInGroup",
            &[
                ("UserId", &who),
                ("DeviceId", &device),
                ("SignedSkillGroupIdList", r#"["nope@ccc-sim"]"#),
            ],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.SkillGroupId"),
        "The skill group ID nope@ccc-sim does not exist in instance ccc-sim."
    );
    let r = sim.api("SignInGroup", &[("UserId", &who)]).await;
    err(&r, 400, "MissingDeviceId");
    let r = sim
        .api("TakeBreak", &[("UserId", &who), ("Code", "lunch")])
        .await;
    assert_eq!(
        err(&r, 400, "InvalidOperation.UserState"),
        "The operation is not allowed. User state (OFFLINE) does not meet expectations (READY,BREAK,WORKING)."
    );
    let r = sim
        .api(
            "TakeBreak",
            &[("UserId", "ghost@ccc-sim"), ("Code", "lunch")],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.UserId"),
        "The user ghost@ccc-sim does not exist in instance ccc-sim."
    );
    assert_eq!(sim.agent(&who).await["state"], "Offline");

    let r = sim
        .api(
            "SignInGroup",
            &[
                ("UserId", &who),
                ("DeviceId", &device),
                ("SignedSkillGroupIdList", &list),
            ],
        )
        .await;
    let d = ok(&r);
    assert_eq!(r.1["Params"], serde_json::json!([]));
    assert_eq!(
        (d["UserState"].as_str(), d["BreakCode"].as_str()),
        (Some("BREAK"), Some("Warm-up"))
    );
    assert_eq!(d["UserId"], who.as_str());
    assert_eq!(d["DeviceId"], device.as_str());
    assert_eq!(
        strings(&d["SignedSkillGroupIdList"]),
        groups.iter().cloned().collect()
    );
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["break_code"].as_str()),
        (Some("Break"), Some("Warm-up"))
    );
    assert_eq!(signed_groups(&a), groups.iter().cloned().collect());

    let r = sim.api("TakeBreak", &[("UserId", &who)]).await;
    err(&r, 400, "MissingCode");
    let r = sim
        .api("TakeBreak", &[("UserId", &who), ("Code", "lunch")])
        .await;
    assert_eq!(ok(&r)["BreakCode"], "lunch");
    assert!(ok(&r)["Heartbeat"].is_i64());
    assert_eq!(sim.agent(&who).await["break_code"], "lunch");

    let r = sim.api("ReadyForService", &[("UserId", &who)]).await;
    assert_eq!(ok(&r)["UserState"], "READY");
    assert_eq!(sim.agent(&who).await["state"], "Ready");

    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let d = ok(&r);
    assert_eq!(d["UserContext"]["UserState"], "READY");
    assert!(d["CallContext"].is_null());

    let r = sim.api("SignOutGroup", &[("UserId", &who)]).await;
    assert_eq!(ok(&r)["UserState"], "OFFLINE");
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["signed_in"].as_bool()),
        (Some("Offline"), Some(false))
    );
}

#[tokio::test]
async fn talking_agent_refusals_and_reset() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let who = first_in(&truth, "Talking");
    let r = sim.api("SignOutGroup", &[("UserId", &who)]).await;
    assert_eq!(
        err(&r, 400, "InvalidOperation.UserState"),
        "The operation is not allowed. User state (TALKING) does not meet expectations (READY,BREAK,WORKING)."
    );
    let r = sim
        .api("TakeBreak", &[("UserId", &who), ("Code", "lunch")])
        .await;
    err(&r, 400, "InvalidOperation.UserState");
    assert_eq!(sim.agent(&who).await["state"], "Talking");

    let r = sim
        .api(
            "ResetAgentState",
            &[("UserId", &who), ("DeviceId", "anything")],
        )
        .await;
    assert_eq!(ok(&r)["UserState"], "OFFLINE");
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["call_id"].is_null()),
        (Some("Offline"), true)
    );
}

#[tokio::test]
async fn launch_authentication_visits_ivr_and_returns() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let who = first_in(&truth, "Talking");
    let flow = "af145gfc-1108-4d55-8fca-f719bd512ebb";
    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let d = ok(&r).clone();
    let job = d["UserContext"]["JobId"].as_str().unwrap().to_string();
    assert!(job.starts_with("job-"));
    assert_eq!(d["CallContext"]["JobId"], job.as_str());
    assert_eq!(sim.agent(&who).await["call_id"], job.as_str());
    assert_eq!(
        d["CallContext"]["ChannelContexts"].as_array().map(Vec::len),
        Some(2)
    );

    let r = sim
        .api(
            "LaunchAuthentication",
            &[
                ("UserId", &who),
                ("JobId", "job-404"),
                ("ContactFlowId", flow),
            ],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.JobId"),
        "The call job-404 does not exist."
    );
    let other = truth
        .iter()
        .find(|a| a["state"] == "Talking" && a["id"] != who.as_str())
        .and_then(|a| a["call_id"].as_str());
    if let Some(other) = other {
        let r = sim
            .api(
                "LaunchAuthentication",
                &[("UserId", &who), ("JobId", other), ("ContactFlowId", flow)],
            )
            .await;
        err(&r, 404, "NotExists.JobId");
    }
    let r = sim
        .api(
            "LaunchAuthentication",
            &[
                ("UserId", &who),
                ("JobId", &job),
                ("ContactFlowId", "no-such-flow"),
            ],
        )
        .await;
    err(&r, 404, "NotExists.ContactFlowId");
    let r = sim
        .api("LaunchAuthentication", &[("UserId", &who), ("JobId", &job)])
        .await;
    err(&r, 400, "MissingContactFlowId");

    let r = sim
        .api(
            "LaunchAuthentication",
            &[
                ("UserId", &who),
                ("DeviceId", "x"),
                ("JobId", &job),
                ("ContactFlowId", flow),
                ("ContactFlowVariables", r#"{"lang":"en"}"#),
            ],
        )
        .await;
    let d = ok(&r);
    assert_eq!(d["CallContext"]["JobId"], job.as_str());
    assert_eq!(d["UserContext"]["UserState"], "TALKING");
    assert_eq!(d["UserContext"]["JobId"], job.as_str());
    assert_eq!(sim.agent(&who).await["in_ivr"], true);
    let r = sim
        .api(
            "LaunchAuthentication",
            &[("UserId", &who), ("JobId", &job), ("ContactFlowId", flow)],
        )
        .await;
    err(&r, 400, "InvalidOperation.ChannelState");
    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let vars: Value =
        serde_json::from_str(ok(&r)["CallContext"]["CallVariables"].as_str().unwrap()).unwrap();
    assert_eq!(
        (vars["AuthResult"].as_str(), vars["lang"].as_str()),
        (Some("PENDING"), Some("en"))
    );

    sim.advance(21).await;
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["in_ivr"].as_bool()),
        (Some("Talking"), Some(false))
    );
    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let vars: Value =
        serde_json::from_str(ok(&r)["CallContext"]["CallVariables"].as_str().unwrap()).unwrap();
    assert!(
        matches!(vars["AuthResult"].as_str(), Some("PASS" | "FAIL")),
        "{vars}"
    );

    // Not talking: a ready agent has no call to authenticate.
    let ready = first_in(&sim.truth().await, "Ready");
    let r = sim
        .api(
            "LaunchAuthentication",
            &[("UserId", &ready), ("JobId", &job), ("ContactFlowId", flow)],
        )
        .await;
    err(&r, 404, "NotExists.JobId");
}
