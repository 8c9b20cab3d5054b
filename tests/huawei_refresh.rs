//! The Huawei refresh sent as changes (inspector + CMS against the simulator on loopback): the
//! first refresh sends every agent, a frozen world sends none again, an agent changed by an
//! action (through the inspector, or a session callboard signs in) is sent alone, and the roster
//! folded from the changes equals a full snapshot and the simulator's ground truth.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::huawei::HuaweiBackend;
use callboard::backend::{apply_event, ActionKind, Backend, Refresh, RefreshMemory};
use callboard::model::{RosterScope, RosterStore};
use std::time::Duration;
use tokio::sync::mpsc;

fn fold(store: &mut RosterStore, r: callboard::backend::Refresh, at: i64) {
    fold_refresh(store, HW, r, at);
}

fn ids(r: &Refresh) -> Vec<String> {
    let mut v: Vec<String> = r.agents.iter().map(|a| a.id.clone()).collect();
    v.sort();
    v
}

/// Waits (bounded) until the inspector has folded an event of `id` (a snapshot alone never sets
/// the last event), so that the event cannot land after the next refresh.
async fn until_event_folded(hw: &HuaweiBackend, id: &str, before: Option<String>) {
    for _ in 0..100 {
        let last = hw.inspector().agent_state(id).and_then(|s| s.last_event);
        if last.is_some() && last != before {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no event of {id} reached the inspector");
}

/// The store equals the simulator's truth and a full snapshot folded into a fresh store (but
/// for when each agent was seen).
async fn assert_exact(env: &Env, hw: &HuaweiBackend, store: &RosterStore, at: i64) {
    let diff = compare(&env.sim, "huawei", store.agents()).await;
    assert!(diff.is_empty(), "{diff:#?}");
    let (full, _) = hw.snapshot().await.expect("full snapshot");
    let mut other = RosterStore::new();
    other.add_backend(HW, RosterScope::All);
    other.apply_snapshot(HW, full, at);
    assert_eq!(sorted(store), sorted(&other));
}

#[tokio::test]
async fn a_huawei_refresh_sends_only_the_agents_whose_inputs_changed() {
    let env = env(120).await;
    let fleet = fleet(&env).await;
    let Some(Backend::Huawei(hw)) = fleet.backend(HW) else {
        panic!("huawei")
    };
    let mut memory = RefreshMemory::new();
    let mut store = RosterStore::new();
    store.add_backend(HW, RosterScope::All);

    let first = hw.refresh(&mut memory).await.expect("first refresh");
    let n = first.agents.len();
    assert!(
        n > 0 && first.kept.is_empty(),
        "the first refresh sends everyone"
    );
    assert_eq!(hw.cms_report(), Some(Ok(n)), "CMS is part of the merge");
    fold(&mut store, first, 1);
    assert_exact(&env, hw, &store, 1).await;

    // Frozen world: nobody is sent again, everyone is seen, no view is touched.
    let second = hw.refresh(&mut memory).await.expect("second refresh");
    assert!(second.agents.is_empty(), "{:?}", ids(&second));
    assert_eq!(second.kept.len(), n);
    let version = store.version();
    fold(&mut store, second, 2);
    assert_eq!(
        store.version(),
        version,
        "an unchanged refresh touches no view"
    );
    assert!(store.agents().iter().all(|a| a.last_seen == Some(2)));

    // One agent forced out through the inspector: it alone is sent (by its event, folded as the
    // dashboard folds it, and by the refreshes), and the store is exact.
    let (tx, mut rx) = mpsc::channel(1024);
    hw.set_sink(tx);
    let out = pick(&env.sim, "huawei", |a| a["state"] == "idle").await;
    let before = hw.inspector().agent_state(&out).and_then(|s| s.last_event);
    let o = act(&fleet, HW, &out, ActionKind::Reset { idle: false }).await;
    assert!(o.ok, "{o:?}");
    until_event_folded(hw, &out, before).await;
    let third = hw.refresh(&mut memory).await.expect("third refresh");
    assert_eq!(ids(&third), vec![out.clone()]);
    assert_eq!(third.kept.len(), n - 1);
    fold(&mut store, third, 3);
    // An agent an event sent is sent again at the refresh after the one that took its mark
    // (its event may reach the roster after a refresh); then nothing is.
    let mut at = 3;
    let mut resent = 0;
    loop {
        while let Ok(ev) = rx.try_recv() {
            apply_event(&mut store, ev);
        }
        at += 1;
        let r = hw.refresh(&mut memory).await.expect("refresh");
        assert!(r.agents.iter().all(|a| a.id == out), "{:?}", ids(&r));
        let quiet = r.agents.is_empty();
        fold(&mut store, r, at);
        if quiet {
            break;
        }
        resent += 1;
        assert!(at < 7, "{out} is sent again and again");
    }
    assert!(resent >= 1, "the event's agent was not sent again");
    assert_exact(&env, hw, &store, at).await;

    // An agent signed in by callboard: its held session's state is an input too.
    let held = pick(&env.sim, "huawei", |a| {
        a["state"] == "signed-out" && a["id"] != out.as_str()
    })
    .await;
    let o = act(
        &fleet,
        HW,
        &held,
        ActionKind::SignIn {
            device: None,
            skill_groups: vec![],
        },
    )
    .await;
    assert!(o.ok, "{o:?}");
    let fifth = hw.refresh(&mut memory).await.expect("fifth refresh");
    assert!(
        ids(&fifth).contains(&held),
        "{held} signed in: {:?}",
        ids(&fifth)
    );
    assert_eq!(fifth.agents.len() + fifth.kept.len(), n);

    // A forgotten memory (the poller's, after a failed refresh) sends everyone again.
    memory.clear();
    let again = hw.refresh(&mut memory).await.expect("refresh after clear");
    assert_eq!((again.agents.len(), again.kept.len()), (n, 0));
    fleet.shutdown().await;
}
