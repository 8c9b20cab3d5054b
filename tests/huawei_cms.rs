//! The Huawei backend with CC-CMS (`docs/huawei-cms.md`) against the simulator over loopback:
//! state start times, extensions, skill levels and queue figures equal the ground truth; without
//! CMS the unknowns stay unknown (never 0); a refused C2 signature or a failing CMS degrades to
//! the inspector's data with a visible `Degraded` mark.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{BackendEvent, Fleet, Health, QueueFigures};
use callboard::config::SecretSource;
use callboard::model::Agent;
use serde_json::Value;
use std::time::Duration;
use tokio::sync::mpsc;

fn huawei_queues(truth: &Value) -> Vec<Value> {
    truth["skill_groups"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|g| g["vendor"] == "huawei")
        .collect()
}

async fn huawei_snapshot(fleet: &Fleet) -> (Vec<Agent>, Vec<QueueFigures>) {
    fleet
        .backend(HW)
        .expect("huawei backend")
        .snapshot()
        .await
        .expect("huawei snapshot")
}

#[tokio::test]
async fn cms_times_extensions_levels_and_queues_equal_the_ground_truth() {
    let env = env(120).await;
    assert!(
        env.config.backends.iter().any(|b| b.cms.is_some()),
        "the simulator's config sets [backend.cms]"
    );
    let fleet = fleet(&env).await;
    let (agents, queues) = huawei_snapshot(&fleet).await;
    let hw = fleet.backend(HW).unwrap();
    assert_eq!(hw.partial_problem(), None);
    assert_eq!(hw.secondary_report(), Some(Ok(agents.len())));
    let truth = truth(&env.sim).await;
    let mut timed = 0;
    for t in agents_of(&env.sim, "huawei").await {
        let id = t["id"].as_str().unwrap();
        let a = agents.iter().find(|a| a.id == id).expect("agent mapped");
        assert_eq!(a.since, t["since_ms"].as_i64(), "since of {id}");
        timed += 1;
        assert_eq!(
            a.extension,
            t["extension"].as_str().unwrap(),
            "extension of {id}"
        );
        for g in t["skill_groups"].as_array().unwrap() {
            let gid = g["id"].as_str().unwrap();
            let got = a.skills.iter().find(|s| s.id == gid);
            assert_eq!(
                got.and_then(|s| s.level).map(u64::from),
                g["level"].as_u64(),
                "level of {id} in {gid}"
            );
        }
    }
    assert!(timed > 20, "{timed} agents compared");
    let want = huawei_queues(&truth);
    assert!(!want.is_empty());
    let mut waiting_somewhere = false;
    for g in &want {
        let q = queues
            .iter()
            .find(|q| q.group_id == g["id"].as_str().unwrap())
            .expect("queue reported");
        assert_eq!(Some(q.waiting), g["waiting_calls"].as_u64(), "{}", q.name);
        assert_eq!(
            q.longest_wait_secs,
            g["longest_wait_s"].as_u64(),
            "{}",
            q.name
        );
        waiting_somewhere |= q.waiting > 0;
    }
    assert!(waiting_somewhere, "the world has waiting calls to compare");
    fleet.shutdown().await;
}

#[tokio::test]
async fn without_cms_the_longest_wait_is_unknown_never_zero() {
    let mut env = env(120).await;
    for b in &mut env.config.backends {
        b.cms = None;
    }
    let fleet = fleet(&env).await;
    let (_, queues) = huawei_snapshot(&fleet).await;
    let hw = fleet.backend(HW).unwrap();
    assert_eq!(hw.secondary_report(), None);
    assert_eq!(hw.partial_problem(), None);
    assert!(queues.iter().any(|q| q.waiting > 0));
    for q in &queues {
        if q.waiting > 0 {
            assert_eq!(q.longest_wait_secs, None, "{} has calls waiting", q.name);
        } else {
            assert_eq!(
                q.longest_wait_secs,
                Some(0),
                "{} has no calls waiting",
                q.name
            );
        }
    }
    let json = serde_json::to_value(&queues).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["longest_wait_secs"].is_null()));
    fleet.shutdown().await;
}

/// Waits for the Huawei backend's next health of the kind `want` from the pollers.
async fn health_of(rx: &mut mpsc::Receiver<BackendEvent>, want: fn(&Health) -> bool) -> Health {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let ev = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("status in time")
            .expect("channel open");
        if let BackendEvent::Status(s) = ev {
            if &*s.backend == HW && want(&s.health) {
                return s.health;
            }
        }
    }
}

#[tokio::test]
async fn a_refused_signature_degrades_to_the_inspector_data() {
    let mut env = env(60).await;
    let wrong = "not-the-cms-secret";
    for b in &mut env.config.backends {
        if let Some(c) = &mut b.cms {
            c.sk = SecretSource::Value(wrong.into());
        }
    }
    let fleet = fleet(&env).await;
    let (agents, queues) = huawei_snapshot(&fleet).await;
    let diff = compare(&env.sim, "huawei", &agents).await;
    assert!(diff.is_empty(), "the inspector's data stays: {diff:#?}");
    assert!(!queues.is_empty(), "the gateway's queue figures stay");
    let hw = fleet.backend(HW).unwrap();
    let problem = hw.partial_problem().expect("CMS refused");
    assert!(problem.contains("HTTP 401"), "{problem}");
    assert!(problem.contains("cms.sk"), "names the fix: {problem}");
    assert!(!problem.contains(wrong), "never the secret: {problem}");
    assert!(matches!(hw.secondary_report(), Some(Err(_))));

    let (tx, mut rx) = mpsc::channel(256);
    let handles = fleet.spawn_pollers(tx);
    let h = health_of(&mut rx, |h| matches!(h, Health::Degraded { .. })).await;
    assert!(format!("{h:?}").contains("401"), "{h:?}");
    drop(rx);
    for h in handles {
        let _ = tokio::time::timeout(Duration::from_secs(5), h).await;
    }
    fleet.shutdown().await;
}

#[tokio::test]
async fn cms_faults_degrade_and_recover() {
    let env = env(60).await;
    let fleet = fleet(&env).await;
    sim_put(&env.sim, "/_sim/faults", "5xx=1,only=cms").await;
    let (agents, _) = huawei_snapshot(&fleet).await;
    assert!(
        compare(&env.sim, "huawei", &agents).await.is_empty(),
        "the gateway still answers"
    );
    let hw = fleet.backend(HW).unwrap();
    let problem = hw.partial_problem().expect("CMS fails");
    assert!(problem.contains("503"), "{problem}");

    let (tx, mut rx) = mpsc::channel(256);
    let handles = fleet.spawn_pollers(tx);
    health_of(&mut rx, |h| matches!(h, Health::Degraded { .. })).await;
    sim_put(&env.sim, "/_sim/faults", "off").await;
    health_of(&mut rx, |h| *h == Health::Connected).await;
    assert_eq!(hw.partial_problem(), None);
    drop(rx);
    for h in handles {
        let _ = tokio::time::timeout(Duration::from_secs(5), h).await;
    }
    fleet.shutdown().await;
}
