//! Backend snapshots of both vendors equal the simulator's ground truth; pollers report
//! Connecting → Snapshot → Connected; `coalesce` keeps the newest snapshot per backend.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{coalesce, BackendEvent, Health};
use callboard::config::BackendKind;
use callboard::model::Agent;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

#[tokio::test]
async fn snapshots_of_both_vendors_equal_the_ground_truth() {
    let env = env(120).await;
    let fleet = fleet(&env).await;
    assert_eq!(fleet.backends().len(), 2);
    let ali = fleet.backend(ALI).expect("aliyun");
    assert_eq!(ali.kind(), BackendKind::Aliyun);
    let (agents, queues) = ali.snapshot().await.expect("aliyun snapshot");
    let diff = compare(&env.sim, "aliyun", &agents).await;
    assert!(diff.is_empty(), "{diff:#?}");
    assert!(!queues.is_empty());
    assert!(agents.iter().all(|a| !a.name.is_empty()));

    let hw = fleet.backend(HW).expect("huawei");
    assert_eq!(hw.kind(), BackendKind::Huawei);
    let (agents, queues) = hw.snapshot().await.expect("huawei snapshot");
    let diff = compare(&env.sim, "huawei", &agents).await;
    assert!(diff.is_empty(), "{diff:#?}");
    assert!(!queues.is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn pollers_report_status_then_snapshots() {
    let env = env(40).await;
    let fleet = fleet(&env).await;
    let (tx, mut rx) = mpsc::channel(64);
    let handles = fleet.spawn_pollers(tx);
    let mut connected = std::collections::BTreeSet::new();
    let mut snapshots = std::collections::BTreeSet::new();
    let mut connecting = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while connected.len() < 2 || snapshots.len() < 2 {
        let ev = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("events in time")
            .expect("channel open");
        match ev {
            BackendEvent::Status(s) if s.health == Health::Connecting => {
                assert!(!snapshots.contains(&s.backend.to_string()));
                connecting += 1;
            }
            BackendEvent::Status(s) if s.health == Health::Connected => {
                assert!(s.last_ok.is_some());
                connected.insert(s.backend.to_string());
            }
            BackendEvent::Snapshot {
                backend, agents, ..
            } => {
                assert!(!agents.is_empty());
                snapshots.insert(backend.to_string());
            }
            _ => {}
        }
    }
    assert_eq!(connecting, 2);
    drop(rx);
    for h in handles {
        tokio::time::timeout(Duration::from_secs(5), h)
            .await
            .expect("poller stops when the channel closes")
            .expect("no panic");
    }
    fleet.shutdown().await;
}

fn snap(backend: &str, n: usize) -> BackendEvent {
    BackendEvent::Snapshot {
        backend: Arc::from(backend),
        agents: (0..n)
            .map(|i| Agent::unknown(Arc::from(backend), i.to_string()))
            .collect(),
        queues: Vec::new(),
        at: n as i64,
    }
}

fn agents(backend: &str, at: i64) -> BackendEvent {
    BackendEvent::Agents {
        backend: Arc::from(backend),
        agents: Vec::new(),
        at,
    }
}

#[test]
fn coalesce_keeps_the_newest_snapshot_per_backend() {
    let out = coalesce(vec![
        snap("a", 1),
        agents("a", 1),
        snap("b", 1),
        snap("a", 2),
        agents("a", 3),
        agents("b", 2),
    ]);
    let shape: Vec<String> = out
        .iter()
        .map(|e| match e {
            BackendEvent::Snapshot { backend, at, .. } => format!("S{backend}{at}"),
            BackendEvent::Agents { backend, at, .. } => format!("A{backend}{at}"),
            _ => "other".to_string(),
        })
        .collect();
    assert_eq!(shape, vec!["Sb1", "Sa2", "Aa3", "Ab2"]);
}
