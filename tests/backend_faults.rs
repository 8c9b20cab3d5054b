//! With each fault kind on (`PUT /_sim/faults`) the pollers keep running, a failing backend goes
//! Degraded then Down and its agents turn stale (never vanish), and after `off` the roster fed by
//! the events matches `/_sim/state` again within two poll cycles (poll interval 0.5 s).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{apply_event, coalesce, BackendEvent, Fleet, Health};
use callboard::model::{Agent, Freshness, RosterScope, RosterStore};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

const POLL: Duration = Duration::from_millis(500);
/// Time for the refresh itself once it starts (the pollers retry at most two cycles apart).
const REFRESH_SLACK: Duration = Duration::from_millis(1000);

struct Watch {
    rx: mpsc::Receiver<BackendEvent>,
    store: RosterStore,
    health: BTreeMap<String, Health>,
    seen: Vec<(String, &'static str)>,
    snapshots: BTreeMap<String, usize>,
    /// Agents not stale right after a Down status was applied (must stay empty).
    fresh_while_down: Vec<String>,
}

impl Watch {
    fn new(fleet: &Fleet, env: &Env) -> (Watch, Vec<tokio::task::JoinHandle<()>>) {
        let (tx, rx) = mpsc::channel(256);
        let handles = fleet.spawn_pollers(tx);
        let mut store = RosterStore::new();
        for b in &env.config.backends {
            let scope = match b.roster.agents() {
                Some(ids) => RosterScope::Only(ids.to_vec()),
                None => RosterScope::All,
            };
            store.add_backend(&b.name, scope);
        }
        let w = Watch {
            rx,
            store,
            health: BTreeMap::new(),
            seen: Vec::new(),
            snapshots: BTreeMap::new(),
            fresh_while_down: Vec::new(),
        };
        (w, handles)
    }

    /// Applies everything that arrives within `d` (coalesced, like the UI does).
    async fn pump(&mut self, d: Duration) {
        let deadline = Instant::now() + d;
        loop {
            let mut batch = Vec::new();
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(ev)) => batch.push(ev),
                Ok(None) => panic!("a poller stopped"),
                Err(_) => return,
            }
            while let Ok(ev) = self.rx.try_recv() {
                batch.push(ev);
            }
            for ev in coalesce(batch) {
                let status = match &ev {
                    BackendEvent::Status(s) => Some(s.clone()),
                    _ => None,
                };
                if let BackendEvent::Snapshot { backend, .. } = &ev {
                    *self.snapshots.entry(backend.to_string()).or_default() += 1;
                }
                apply_event(&mut self.store, ev);
                if let Some(s) = status {
                    let word = match s.health {
                        Health::Connecting => "connecting",
                        Health::Retrying { .. } => "retrying",
                        Health::AuthFailed { .. } => "auth-failed",
                        Health::Connected => "connected",
                        Health::Degraded { .. } => "degraded",
                        Health::Down { .. } => "down",
                    };
                    self.seen.push((s.backend.to_string(), word));
                    if word == "down" {
                        self.fresh_while_down.extend(
                            self.of(&s.backend)
                                .into_iter()
                                .filter(|a| a.freshness == Freshness::Fresh)
                                .map(|a| a.id),
                        );
                    }
                    self.health.insert(s.backend.to_string(), s.health.clone());
                }
            }
        }
    }

    fn of(&self, backend: &str) -> Vec<Agent> {
        self.store
            .agents()
            .iter()
            .filter(|a| &*a.backend == backend)
            .cloned()
            .collect()
    }

    fn connected(&self, backend: &str) -> bool {
        self.health.get(backend) == Some(&Health::Connected)
    }
}

/// Faults on for a while (the world moves meanwhile), then off: the roster must converge.
async fn outage(spec: &str, failing: &[&str]) {
    let env = env(60).await;
    let fleet = fleet(&env).await;
    let (mut w, handles) = Watch::new(&fleet, &env);
    w.pump(Duration::from_millis(1500)).await;
    assert!(w.connected(ALI) && w.connected(HW), "{:?}", w.seen);

    sim_put(&env.sim, "/_sim/faults", spec).await;
    let before = w.snapshots.clone();
    for _ in 0..6 {
        w.pump(POLL).await;
        advance(&env.sim, 20).await;
    }
    w.pump(Duration::from_millis(1500)).await;
    // Going down takes two failed refreshes, and a throttled refresh first waits out the
    // vendor's retry-after: on a loaded machine that can outlast the cycles above, so wait for
    // it (a deadline for the slow case, not a timing assertion).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while tokio::time::Instant::now() < deadline
        && !failing
            .iter()
            .all(|b| w.seen.iter().any(|(n, s)| n == b && *s == "down"))
    {
        w.pump(Duration::from_millis(250)).await;
    }
    for b in failing {
        let words: Vec<&str> = w
            .seen
            .iter()
            .filter(|(n, _)| n == b)
            .map(|(_, s)| *s)
            .collect();
        assert!(
            words.contains(&"degraded") && words.contains(&"down"),
            "{spec}: {b}: {words:?}"
        );
        assert!(
            w.of(b).iter().all(|a| a.freshness != Freshness::Fresh),
            "{spec}: {b} agents stale"
        );
        assert_eq!(
            w.of(b).len(),
            agents_of(&env.sim, if *b == ALI { "aliyun" } else { "huawei" })
                .await
                .len(),
            "agents never vanish"
        );
    }
    assert!(w.fresh_while_down.is_empty(), "{:?}", w.fresh_while_down);
    for b in [ALI, HW] {
        if !failing.contains(&b) {
            assert!(
                w.snapshots.get(b) > before.get(b),
                "{spec}: {b} kept refreshing"
            );
        }
    }

    sim_put(&env.sim, "/_sim/faults", "off").await;
    let off = Instant::now();
    let mut matched = None;
    while off.elapsed() < Duration::from_secs(15) {
        w.pump(Duration::from_millis(50)).await;
        let a = compare(&env.sim, "aliyun", &w.of(ALI)).await;
        let h = compare(&env.sim, "huawei", &w.of(HW)).await;
        let fresh = w
            .store
            .agents()
            .iter()
            .all(|a| a.freshness == Freshness::Fresh);
        if a.is_empty() && h.is_empty() && fresh {
            matched = Some(off.elapsed());
            break;
        }
    }
    let Some(took) = matched else {
        let a = compare(&env.sim, "aliyun", &w.of(ALI)).await;
        let h = compare(&env.sim, "huawei", &w.of(HW)).await;
        panic!("{spec}: no convergence: {a:#?} {h:#?} {:?}", w.seen);
    };
    eprintln!("{spec}: roster matched the ground truth {took:?} after the faults stopped");
    assert!(took <= POLL * 2 + REFRESH_SLACK, "{spec}: took {took:?}");
    drop(w);
    for h in handles {
        tokio::time::timeout(Duration::from_secs(5), h)
            .await
            .expect("poller ends")
            .expect("no panic");
    }
    fleet.shutdown().await;
}

#[tokio::test]
async fn server_errors() {
    outage("5xx=1", &[ALI, HW]).await;
}

#[tokio::test]
async fn dropped_connections() {
    outage("drop=1", &[ALI, HW]).await;
}

#[tokio::test]
async fn malformed_bodies() {
    outage("malformed=1", &[ALI, HW]).await;
}

#[tokio::test]
async fn throttling() {
    outage("throttle=1", &[ALI]).await;
}

#[tokio::test]
async fn guid_expiry() {
    outage("guid-expiry=1", &[HW]).await;
}

#[tokio::test]
async fn latency() {
    outage("latency=1@150ms", &[]).await;
}

#[tokio::test]
async fn everything_at_once_at_partial_rates() {
    outage(
        "latency=0.3@100ms,5xx=0.2,drop=0.1,malformed=0.1,throttle=0.2,guid-expiry=0.1",
        &[],
    )
    .await;
}
