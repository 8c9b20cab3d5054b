//! Truthful action outcomes through the real fleet against a frozen simulator with faults on
//! (`PUT /_sim/faults`): an HTTP 5xx is `failed` (not `refused`); an answer that was lost or garbled
//! is `unknown` and then checked against the agent's state read back from the vendor (`applied`,
//! `not applied`, or still `unknown` when the read-back fails too); every attempt leaves exactly one
//! audit line carrying the final word.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{ActionKind, ActionOutcome, Fleet};
use serde_json::Value;
use std::time::Duration;
use tokio::time::Instant;

/// The outcome as `act --format json` and the audit log see it.
fn json(o: &ActionOutcome) -> Value {
    serde_json::to_value(o).expect("outcome is JSON")
}

/// A snapshot of every backend first, so the Alibaba directory is cached before faults start.
async fn warm(fleet: &Fleet) {
    for b in fleet.backends() {
        b.snapshot().await.expect("snapshot before the faults");
    }
}

/// Runs the action with `faults` on; once the ground truth of `agent` satisfies `applied` (or after
/// `give_up`), the faults go off, so only the action's own answer was hit.
#[allow(clippy::too_many_arguments)]
async fn act_under_faults(
    env: &Env,
    fleet: &Fleet,
    backend: &str,
    vendor: &str,
    agent_id: &str,
    kind: ActionKind,
    faults: &str,
    applied: impl Fn(&Value) -> bool,
    give_up: Duration,
) -> ActionOutcome {
    sim_put(&env.sim, "/_sim/faults", faults).await;
    let watch = async {
        let start = Instant::now();
        while start.elapsed() < give_up {
            if applied(&agent(&env.sim, vendor, agent_id).await) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        sim_put(&env.sim, "/_sim/faults", "off").await;
    };
    let (outcome, ()) = tokio::join!(act(fleet, backend, agent_id, kind), watch);
    outcome
}

/// Exactly one audit line was written for the action, recording `outcome`.
fn assert_one_audit_line(env: &Env, outcome: &str) {
    let lines = audit_lines(env);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["outcome"], outcome, "{lines:#?}");
}

#[tokio::test]
async fn a_server_error_is_failed_not_refused() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    warm(&fleet).await;
    let ali = pick(&env.sim, "aliyun", |a| a["state"] == "Ready").await;
    let hw = pick(&env.sim, "huawei", |a| a["state"] == "idle").await;
    sim_put(&env.sim, "/_sim/faults", "5xx=1").await;
    let a = act(
        &fleet,
        ALI,
        &ali,
        ActionKind::Break {
            code: "lunch".into(),
            secs: None,
        },
    )
    .await;
    let h = act(
        &fleet,
        HW,
        &hw,
        ActionKind::Break {
            code: "2".into(),
            secs: Some(600),
        },
    )
    .await;
    sim_put(&env.sim, "/_sim/faults", "off").await;
    for (o, what) in [(&a, "aliyun 503"), (&h, "huawei 503")] {
        let j = json(o);
        assert_eq!(j["ok"], false, "{what}: {j}");
        assert_eq!(j["status"], "failed", "{what}: {j}");
        assert!(!o.summary.contains("refused"), "{what}: {}", o.summary);
    }
    assert_eq!(agent(&env.sim, "aliyun", &ali).await["state"], "Ready");
    let lines = audit_lines(&env);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines.iter().all(|l| l["outcome"] == "failed"), "{lines:#?}");
    fleet.shutdown().await;
}

#[tokio::test]
async fn aliyun_garbled_answer_to_an_applied_action_is_verified_applied() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    warm(&fleet).await;
    let id = pick(&env.sim, "aliyun", |a| a["state"] == "Ready").await;
    let o = act_under_faults(
        &env,
        &fleet,
        ALI,
        "aliyun",
        &id,
        ActionKind::Break {
            code: "lunch".into(),
            secs: None,
        },
        "malformed=1",
        |t| t["state"] == "Break",
        Duration::from_secs(8),
    )
    .await;
    let j = json(&o);
    eprintln!("outcome: {j}");
    assert_eq!(j["ok"], true, "{j}");
    assert_eq!(j["status"], "ok", "{j}");
    assert_eq!(j["verification"], "applied", "{j}");
    assert!(
        o.summary.contains("verified from the next poll"),
        "{}",
        o.summary
    );
    assert_one_audit_line(&env, "verified-applied");
    fleet.shutdown().await;
}

#[tokio::test]
async fn huawei_garbled_answer_to_an_applied_action_is_verified_applied() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    warm(&fleet).await;
    let id = pick(&env.sim, "huawei", |a| a["state"] == "idle").await;
    let o = act_under_faults(
        &env,
        &fleet,
        HW,
        "huawei",
        &id,
        ActionKind::Break {
            code: "2".into(),
            secs: Some(600),
        },
        "malformed=1",
        |t| t["state"] == "rest",
        Duration::from_secs(8),
    )
    .await;
    let j = json(&o);
    eprintln!("outcome: {j}");
    assert_eq!(j["status"], "ok", "{j}");
    assert_eq!(j["verification"], "applied", "{j}");
    assert_one_audit_line(&env, "verified-applied");
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_lost_request_is_verified_not_applied() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    warm(&fleet).await;
    let id = pick(&env.sim, "aliyun", |a| a["state"] == "Ready").await;
    // `drop` closes the connection before the request is served: nothing happens on the server.
    let o = act_under_faults(
        &env,
        &fleet,
        ALI,
        "aliyun",
        &id,
        ActionKind::SignOut,
        "drop=1",
        |_| false,
        Duration::from_millis(150),
    )
    .await;
    let j = json(&o);
    eprintln!("outcome: {j}");
    assert_eq!(j["ok"], false, "{j}");
    assert_eq!(j["status"], "failed", "{j}");
    assert_eq!(j["verification"], "not-applied", "{j}");
    assert!(o.summary.contains("not applied"), "{}", o.summary);
    assert_eq!(agent(&env.sim, "aliyun", &id).await["state"], "Ready");
    assert_one_audit_line(&env, "verified-not-applied");
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_garbled_answer_stays_unknown_when_the_agent_cannot_be_read_back() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    warm(&fleet).await;
    let id = pick(&env.sim, "aliyun", |a| a["state"] == "Ready").await;
    sim_put(&env.sim, "/_sim/faults", "malformed=1").await;
    let o = act(&fleet, ALI, &id, ActionKind::SignOut).await;
    sim_put(&env.sim, "/_sim/faults", "off").await;
    let j = json(&o);
    eprintln!("outcome: {j}");
    assert_eq!(j["ok"], false, "{j}");
    assert_eq!(j["status"], "unknown", "{j}");
    assert_eq!(j["verification"], "unverified", "{j}");
    assert!(o.summary.contains("unknown"), "{}", o.summary);
    assert!(o.summary.contains("check the agent"), "{}", o.summary);
    assert_one_audit_line(&env, "unknown");
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_business_refusal_is_refused() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    let talking = pick(&env.sim, "aliyun", |a| a["state"] == "Talking").await;
    let o = act(&fleet, ALI, &talking, ActionKind::SignOut).await;
    let j = json(&o);
    eprintln!("outcome: {j}");
    assert_eq!(j["status"], "refused", "{j}");
    assert!(j.get("verification").is_none_or(Value::is_null), "{j}");
    assert_one_audit_line(&env, "refused");
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_timed_out_action_is_verified_against_the_agents_state() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    warm(&fleet).await;
    let id = pick(&env.sim, "aliyun", |a| a["state"] == "Talking").await;
    // The reset is held 11 s, past the client's 10 s timeout; the faults go off as soon as it is on
    // its way, so the read-back is answered at once. (The simulator drops a request whose client
    // gave up, so here the reset does not happen; whichever way, the verdict must match the truth.)
    let o = act_under_faults(
        &env,
        &fleet,
        ALI,
        "aliyun",
        &id,
        ActionKind::Reset { idle: false },
        "latency=1@11s",
        |_| false,
        Duration::from_millis(300),
    )
    .await;
    let j = json(&o);
    eprintln!("outcome: {j}");
    assert!(o.summary.contains("timed out"), "{}", o.summary);
    let applied = agent(&env.sim, "aliyun", &id).await["state"] == "Offline";
    let (status, verification, audit) = if applied {
        ("ok", "applied", "verified-applied")
    } else {
        ("failed", "not-applied", "verified-not-applied")
    };
    assert_eq!(j["status"], status, "{j}");
    assert_eq!(j["verification"], verification, "{j}");
    assert_one_audit_line(&env, audit);
    fleet.shutdown().await;
}
