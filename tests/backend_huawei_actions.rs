//! Every Huawei action through `Fleet::act` changes `/_sim/state` as the gateway would: sessions
//! callboard signs in (kept alive, used for break/ready/IVR/sign-out) and inspector actions for
//! the others; refusals carry the retcode's plain words; one audit line per action.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{ActionKind, Backend};
use callboard::sim::TEST_AGENT_PASSWORD;
use std::time::Duration;

fn st(v: &serde_json::Value) -> String {
    v["state"].as_str().unwrap_or("").to_string()
}

async fn wait_state(env: &Env, id: &str, want: &str) -> serde_json::Value {
    for _ in 0..50 {
        let t = agent(&env.sim, "huawei", id).await;
        if st(&t) == want {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "agent {id} never reached {want}: {}",
        agent(&env.sim, "huawei", id).await
    );
}

#[tokio::test]
async fn held_sessions_sign_in_rest_ready_ivr_and_sign_out() {
    let env = env(120).await;
    let fleet = fleet(&env).await;
    let sim = &env.sim;
    let Some(Backend::Huawei(hw)) = fleet.backend(HW) else {
        panic!("huawei")
    };
    let id = pick(sim, "huawei", |a| a["state"] == "signed-out").await;

    let o = act(
        &fleet,
        HW,
        &id,
        ActionKind::SignIn {
            device: None,
            skill_groups: vec![],
        },
    )
    .await;
    assert!(o.ok, "{o:?}");
    assert_eq!(hw.held_sessions(), vec![id.clone()]);
    let t = agent(sim, "huawei", &id).await;
    assert_eq!(t["signed_in"], true);
    assert_eq!(t["controller"], "api");

    // Again: refused, already held.
    let o = act(
        &fleet,
        HW,
        &id,
        ActionKind::SignIn {
            device: None,
            skill_groups: vec![],
        },
    )
    .await;
    assert!(
        !o.ok && o.summary.contains("already signed in through callboard"),
        "{}",
        o.summary
    );

    // Not on a call yet.
    let o = act(&fleet, HW, &id, ActionKind::IvrAuth { flow: "x".into() }).await;
    assert!(
        !o.ok && o.summary.contains("is not on a call"),
        "{}",
        o.summary
    );

    let o = act(
        &fleet,
        HW,
        &id,
        ActionKind::Break {
            code: "2".into(),
            secs: Some(300),
        },
    )
    .await;
    assert!(o.ok, "{o:?}");
    assert!(o.summary.contains("its session"), "{}", o.summary);
    let t = wait_state(&env, &id, "rest").await;
    assert_eq!(
        (t["rest_cause"].as_u64(), t["rest_planned_s"].as_u64()),
        (Some(2), Some(300))
    );

    let o = act(&fleet, HW, &id, ActionKind::Ready).await;
    assert!(o.ok, "{o:?}");
    wait_state(&env, &id, "idle").await;

    // The session survives idle timeouts of the gateway? It is polled: still signed in later.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(hw.held_sessions().contains(&id));

    // Wait for a call, then send it to an IVR flow.
    let mut talking = false;
    let mut extra = 0;
    for _ in 0..120 {
        advance(sim, 5).await;
        let t = agent(sim, "huawei", &id).await;
        if st(&t) == "talking" && t["ringing"] == false {
            talking = true;
            break;
        }
        if st(&t) != "idle" && st(&t) != "talking" && st(&t) != "wrap-up" {
            let _ = act(&fleet, HW, &id, ActionKind::Ready).await;
            extra += 1;
        }
    }
    assert!(talking, "no call reached agent {id}");
    // Let the session's own events catch up with the call.
    for _ in 0..30 {
        if hw.inspector().agent_state(&id).is_some() {
            let s = fleet
                .backend(HW)
                .expect("hw")
                .snapshot()
                .await
                .expect("snapshot");
            if s.0
                .iter()
                .any(|a| a.id == id && a.activity == callboard::model::Activity::Talking)
            {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Talking: a plain sign-out is refused by the gateway.
    let o = act(&fleet, HW, &id, ActionKind::SignOut).await;
    assert!(!o.ok, "{o:?}");
    assert!(o.vendor_reply["retcode"].is_string(), "{o:?}");
    let choices = fleet
        .backend(HW)
        .expect("hw")
        .choices(&id)
        .await
        .expect("choices");
    let flow = choices.flows.first().expect("an IVR flow").id.clone();
    assert!(!choices.break_codes.is_empty());
    let o = act(&fleet, HW, &id, ActionKind::IvrAuth { flow }).await;
    assert!(o.ok, "{o:?}");
    assert_eq!(agent(sim, "huawei", &id).await["in_ivr"], true);

    // Back from the IVR and the call ends; then sign out through the held session.
    for _ in 0..60 {
        advance(sim, 30).await;
        let t = agent(sim, "huawei", &id).await;
        if st(&t) != "talking" && t["call_id"].is_null() {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let o = act(&fleet, HW, &id, ActionKind::SignOut).await;
    assert!(o.ok, "{o:?}");
    assert!(
        o.summary.contains("the session callboard held"),
        "{}",
        o.summary
    );
    assert_eq!(st(&agent(sim, "huawei", &id).await), "signed-out");
    assert!(hw.held_sessions().is_empty());
    assert_eq!(audit_lines(&env).len(), 8 + extra);
    fleet.shutdown().await;
}

#[tokio::test]
async fn inspector_actions_and_refusals() {
    let env = env(120).await;
    let fleet = fleet(&env).await;
    let sim = &env.sim;
    let id = pick(sim, "huawei", |a| {
        a["state"] == "idle" && a["controller"] == "world"
    })
    .await;

    let o = act(
        &fleet,
        HW,
        &id,
        ActionKind::Break {
            code: "rest:1".into(),
            secs: None,
        },
    )
    .await;
    assert!(o.ok, "{o:?}");
    assert!(o.summary.contains("the inspector"), "{}", o.summary);
    let t = wait_state(&env, &id, "rest").await;
    assert_eq!(t["rest_cause"].as_u64(), Some(1));
    // Planned length from the config (`"1" = 1800`).
    assert_eq!(t["rest_planned_s"].as_u64(), Some(1800));

    let o = act(&fleet, HW, &id, ActionKind::Ready).await;
    assert!(o.ok, "{o:?}");
    wait_state(&env, &id, "idle").await;

    let o = act(&fleet, HW, &id, ActionKind::Reset { idle: false }).await;
    assert!(o.ok, "{o:?}");
    wait_state(&env, &id, "signed-out").await;

    // Wrong state: forcing a signed-out agent idle is refused with the retcode's words.
    let o = act(&fleet, HW, &id, ActionKind::Reset { idle: true }).await;
    assert!(!o.ok, "{o:?}");
    let retcode = o.vendor_reply["retcode"].as_str().unwrap_or("").to_string();
    assert!(!retcode.is_empty(), "{o:?}");
    assert!(
        o.summary.contains(&format!("gateway retcode {retcode}")),
        "{}",
        o.summary
    );

    // Sign-out of an agent callboard does not hold goes through forcelogout.
    let other = pick(sim, "huawei", |a| {
        a["state"] == "idle" && a["controller"] == "world" && a["id"] != id.as_str()
    })
    .await;
    let o = act(&fleet, HW, &other, ActionKind::SignOut).await;
    assert!(o.ok, "{o:?}");
    wait_state(&env, &other, "signed-out").await;

    // Refusals in plain words.
    let busy = pick(sim, "huawei", |a| a["state"] == "talking").await;
    let o = act(&fleet, HW, &busy, ActionKind::IvrAuth { flow: "1".into() }).await;
    assert!(
        !o.ok && o.summary.contains("sign the agent in with callboard first"),
        "{}",
        o.summary
    );
    let o = act(
        &fleet,
        HW,
        &busy,
        ActionKind::SignIn {
            device: None,
            skill_groups: vec![],
        },
    )
    .await;
    assert!(
        !o.ok && o.summary.contains("already signed in elsewhere"),
        "{}",
        o.summary
    );
    let o = act(&fleet, HW, "99999", ActionKind::Ready).await;
    assert!(
        !o.ok && o.summary.contains("has no agent `99999`"),
        "{}",
        o.summary
    );
    let o = act(
        &fleet,
        HW,
        &other,
        ActionKind::Break {
            code: "999".into(),
            secs: None,
        },
    )
    .await;
    assert!(!o.ok && o.summary.contains("out of range"), "{}", o.summary);
    let o = act(
        &fleet,
        HW,
        &other,
        ActionKind::Break {
            code: "1".into(),
            secs: Some(0),
        },
    )
    .await;
    assert!(
        !o.ok && o.summary.contains("1 to 86399 seconds"),
        "{}",
        o.summary
    );
    let o = act(&fleet, HW, "", ActionKind::ResetAll).await;
    assert!(
        !o.ok && o.summary.contains("Alibaba Cloud action"),
        "{}",
        o.summary
    );

    let lines = audit_lines(&env);
    assert_eq!(lines.len(), 11);
    let outcomes: Vec<&str> = lines
        .iter()
        .map(|l| l["outcome"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(outcomes[..5], ["ok", "ok", "ok", "refused", "ok"]);
    let text = std::fs::read_to_string(&env.audit).expect("audit");
    assert!(!text.contains(TEST_AGENT_PASSWORD));
    fleet.shutdown().await;
}
