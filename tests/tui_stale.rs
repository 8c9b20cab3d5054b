//! The honest header against the real simulator, through the real pollers: with `5xx=1` every
//! agent is counted once (the header's counts add up to the roster), the queue figures are marked
//! stale, and each backend's failures are one updating toast and one event-log line; after `off`
//! the first refresh of each backend makes everything fresh again.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;
#[path = "support/tui.rs"]
mod tui_support;
use backend_support::{env, fleet, sim_put, ALI, HW};
use callboard::app::{App, AppOptions};
use callboard::backend::{coalesce, BackendEvent, Health};
use callboard::model::Freshness;
use callboard::theme::Theme;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tui_support::{header_counts, screen_at};

/// Applies what the pollers send, as the event loop does, until `done` holds (or `limit` passes);
/// returns the snapshots applied per backend meanwhile.
async fn pump_until(
    app: &mut App,
    rx: &mut mpsc::Receiver<BackendEvent>,
    limit: Duration,
    done: impl Fn(&App, &BTreeMap<String, usize>) -> bool,
) -> BTreeMap<String, usize> {
    let deadline = Instant::now() + limit;
    let mut snapshots = BTreeMap::new();
    while !done(app, &snapshots) {
        let first = match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(ev)) => ev,
            Ok(None) => panic!("a poller stopped"),
            Err(_) => panic!(
                "not within {limit:?}: {:?}\n{:#?}",
                app.backends,
                app.log.iter().rev().take(12).collect::<Vec<_>>()
            ),
        };
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        for ev in coalesce(batch) {
            if let BackendEvent::Snapshot { backend, .. } = &ev {
                *snapshots.entry(backend.to_string()).or_default() += 1;
            }
            app.apply_event(ev);
        }
        app.tick(callboard::clock::now_ms());
    }
    snapshots
}

fn down(app: &App, backend: &str) -> bool {
    matches!(
        app.backend(backend).map(|b| &b.status.health),
        Some(Health::Down { .. })
    )
}

#[tokio::test]
async fn with_every_request_failing_the_header_adds_up_and_says_stale() {
    let env = env(60).await;
    let fleet = fleet(&env).await;
    let (tx, mut rx) = mpsc::channel(1024);
    let handles = fleet.spawn_pollers(tx);
    let theme = Theme::load("default").expect("theme");
    let mut app = App::new(AppOptions::from_config(
        &env.config,
        theme,
        callboard::clock::now_ms(),
    ));
    pump_until(&mut app, &mut rx, Duration::from_secs(20), |_, s| {
        s.len() == 2
    })
    .await;
    let total = app.roster.len();
    assert_eq!(total, 60);

    sim_put(&env.sim, "/_sim/faults", "5xx=1").await;
    let log_before = app.log.len();
    // Down, and then a few more failed refreshes of each.
    pump_until(&mut app, &mut rx, Duration::from_secs(30), |a, _| {
        down(a, ALI)
            && down(a, HW)
            && a.log
                .iter()
                .filter(|l| l.repeats >= 4)
                .map(|l| l.backend.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == 2
    })
    .await;
    let text = screen_at(&app, 200, 30);
    let counts = header_counts(text.lines().nth(1).unwrap());
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        total,
        "every agent counted once: {counts:?}"
    );
    assert!(counts.contains(&("Stale".to_string(), total)), "{counts:?}");
    let queues = text.lines().nth(2).unwrap();
    assert!(queues.contains("(stale)"), "{queues}");
    for b in [ALI, HW] {
        let toasts = app
            .toasts
            .iter()
            .filter(|t| t.text.starts_with(&format!("{b}:")))
            .count();
        assert!(toasts <= 1, "{b}: one toast at most: {:?}", app.toasts);
        let failed = app
            .log
            .iter()
            .skip(log_before)
            .filter(|l| &*l.backend == b && l.text.starts_with("refresh failed"))
            .collect::<Vec<_>>();
        assert_eq!(failed.len(), 1, "{b}: one updating line: {failed:?}");
        assert!(failed[0].repeats >= 4, "{failed:?}");
        assert!(
            failed[0]
                .text
                .contains(&format!("({} in a row)", failed[0].repeats)),
            "the count is the poller's: {failed:?}"
        );
    }

    // Off: the first refresh of each backend makes every agent fresh and the header honest.
    sim_put(&env.sim, "/_sim/faults", "off").await;
    let seen = pump_until(&mut app, &mut rx, Duration::from_secs(30), |_, s| {
        s.len() == 2
    })
    .await;
    assert!(seen.values().all(|n| *n >= 1), "{seen:?}");
    assert!(
        app.roster
            .agents()
            .iter()
            .all(|a| a.freshness == Freshness::Fresh),
        "fresh after one refresh of each"
    );
    let text = screen_at(&app, 200, 30);
    let head: Vec<&str> = text.lines().take(3).collect();
    assert!(head.iter().all(|l| !l.contains("stale")), "{head:?}");
    let counts = header_counts(head[1]);
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), total);
    for h in handles {
        h.abort();
    }
}
