//! Backend snapshots of both vendors equal the simulator's ground truth; pollers report
//! Connecting → Snapshot → Connected; `coalesce` keeps the newest snapshot per backend.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{coalesce, BackendEvent, Health, RefreshMemory};
use callboard::config::BackendKind;
use callboard::model::{Agent, Freshness, RosterScope, RosterStore};
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
                backend,
                agents,
                kept,
                ..
            } => {
                // The first one lists every agent; later ones only what changed.
                assert!(!agents.is_empty() || !kept.is_empty());
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
        kept: Vec::new(),
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

fn fold(store: &mut RosterStore, r: callboard::backend::Refresh, at: i64) {
    fold_refresh(store, ALI, r, at);
}

#[tokio::test]
async fn an_aliyun_refresh_sends_only_the_agents_whose_record_changed() {
    let env = env(120).await;
    let fleet = fleet(&env).await;
    let ali = fleet.backend(ALI).expect("aliyun");
    let mut memory = RefreshMemory::new();
    let mut store = RosterStore::new();
    store.add_backend(ALI, RosterScope::All);

    let first = ali.refresh(&mut memory).await.expect("first refresh");
    let n = first.agents.len();
    assert!(
        n > 0 && first.kept.is_empty(),
        "the first refresh sends everyone"
    );
    fold(&mut store, first, 1);

    // The world is frozen: nothing changed, nobody is sent again, everyone is seen.
    let second = ali.refresh(&mut memory).await.expect("second refresh");
    assert!(second.agents.is_empty(), "{:?}", second.agents);
    assert_eq!(second.kept.len(), n);
    let version = store.version();
    fold(&mut store, second, 2);
    assert_eq!(
        store.version(),
        version,
        "an unchanged refresh touches no view"
    );
    assert!(store.agents().iter().all(|a| a.last_seen == Some(2)));

    // The world moves: only the changed agents come, and the store equals the ground truth.
    reqwest::Client::new()
        .post(format!("{}_sim/advance?seconds=120", env.sim.aliyun_url()))
        .send()
        .await
        .expect("advance");
    let third = ali.refresh(&mut memory).await.expect("third refresh");
    assert!(!third.agents.is_empty() && !third.kept.is_empty());
    assert_eq!(third.agents.len() + third.kept.len(), n);
    fold(&mut store, third, 3);
    let diff = compare(&env.sim, "aliyun", store.agents()).await;
    assert!(diff.is_empty(), "{diff:#?}");

    // The same as a full snapshot folded into a fresh store (but for when each was seen).
    let (full, _) = ali.snapshot().await.expect("full snapshot");
    let mut other = RosterStore::new();
    other.add_backend(ALI, RosterScope::All);
    other.apply_snapshot(ALI, full, 3);
    assert_eq!(sorted(&store), sorted(&other));
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_changed_directory_reaches_the_agents_and_an_unchanged_one_maps_nobody_again() {
    use callboard::backend::aliyun::backend::DIRECTORY_EVERY;
    use callboard::sim::world::Vendor;
    let env = env(120).await;
    let fleet = fleet(&env).await;
    let ali = fleet.backend(ALI).expect("aliyun");
    let mut memory = RefreshMemory::new();
    let mut store = RosterStore::new();
    store.add_backend(ALI, RosterScope::All);
    let first = ali.refresh(&mut memory).await.expect("first refresh");
    let n = first.agents.len();
    fold(&mut store, first, 1);

    // Every refresh up to and through the next directory reload: the directory's items are the
    // same, so nobody is mapped again.
    for at in 2..=(DIRECTORY_EVERY as i64 + 1) {
        let r = ali.refresh(&mut memory).await.expect("refresh");
        assert!(r.agents.is_empty(), "refresh {at}: {:?}", r.agents.len());
        assert_eq!(r.kept.len(), n);
        fold(&mut store, r, at);
    }

    // A skill level changes in the world (only ListUsers says so): at the next reload every agent
    // is mapped again (the directory is part of each), and the store has the new level.
    let (id, group) = {
        let mut shared = env.sim.shared.lock();
        let world = &mut shared.world;
        let (i, _) = world
            .agents_of(Vendor::Aliyun)
            .find(|(_, a)| !a.skills.is_empty())
            .expect("an agent with a skill");
        let agent = &mut world.agents[i];
        agent.skills[0].level = if agent.skills[0].level == 9 { 8 } else { 9 };
        let group = world.groups[agent.skills[0].group].id.clone();
        (agent.id.clone(), group)
    };
    let level_in_store = |store: &RosterStore| {
        store
            .agents()
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.skills.iter().find(|s| s.id == group))
            .and_then(|s| s.level)
    };
    let before = level_in_store(&store);
    let mut sent = 0;
    for at in 0..DIRECTORY_EVERY as i64 {
        let r = ali.refresh(&mut memory).await.expect("refresh");
        sent += r.agents.len();
        fold(&mut store, r, 100 + at);
    }
    assert_eq!(sent, n, "everyone mapped once, at the reload");
    let after = level_in_store(&store);
    assert_ne!(after, before);
    let diff = compare(&env.sim, "aliyun", store.agents()).await;
    assert!(diff.is_empty(), "{diff:#?}");
    fleet.shutdown().await;
}

#[test]
fn coalesced_changes_are_carried_into_the_newest_snapshot() {
    let b: Arc<str> = Arc::from("a");
    let agent = |id: &str, name: &str| {
        let mut a = Agent::unknown(b.clone(), id);
        a.name = name.to_string();
        a.freshness = Freshness::Fresh;
        a
    };
    let ids = |v: &[&str]| v.iter().map(|s| Arc::<str>::from(*s)).collect::<Vec<_>>();
    let ev = |agents: Vec<Agent>, kept: Vec<Arc<str>>, at| BackendEvent::Snapshot {
        backend: b.clone(),
        agents,
        kept,
        queues: Vec::new(),
        at,
    };
    let out = coalesce(vec![
        ev(vec![agent("x", "x1"), agent("y", "y1")], ids(&["z"]), 1),
        ev(vec![agent("x", "x2")], ids(&["y", "z"]), 2),
        ev(Vec::new(), ids(&["x", "y", "z"]), 3),
    ]);
    assert_eq!(out.len(), 1);
    let BackendEvent::Snapshot {
        agents, kept, at, ..
    } = &out[0]
    else {
        panic!("a snapshot")
    };
    assert_eq!(*at, 3);
    let mut got: Vec<(String, String)> = agents
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![("x".into(), "x2".into()), ("y".into(), "y1".into())],
        "the newest change of each id"
    );
    assert_eq!(kept, &ids(&["z"]));
}
