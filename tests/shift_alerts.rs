//! Shift alerts end to end: the real simulator at `--speed 0`, the real pollers, the app's fold
//! and the shell's announcement writer. Pushing a queue over `[alerts.queue] waiting_over` with
//! `/_sim/advance` raises exactly one alert (one event-log line, the tile marked) and writes
//! exactly one bell and one OSC 9 notification; when the queue is back under the limit the alert
//! clears with one log line. The history is fed by the same ticks, one point per interval.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;
use backend_support::{advance, env, fleet};
use callboard::app::{App, AppOptions};
use callboard::backend::{coalesce, BackendEvent};
use callboard::config::{AlertsConfig, HistoryConfig, QueueAlerts};
use callboard::theme::Theme;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Applies the pollers' events and ticks the app (writing its announcements through the shell's
/// writer into `written`) until `done` holds.
async fn pump_until(
    app: &mut App,
    rx: &mut mpsc::Receiver<BackendEvent>,
    written: &mut Vec<u8>,
    what: &str,
    done: impl Fn(&App) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(app) {
        let first = match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(ev)) => ev,
            Ok(None) => panic!("a poller stopped"),
            Err(_) => panic!(
                "{what}: not within 30 s\n{:#?}",
                app.log.iter().rev().take(8).collect::<Vec<_>>()
            ),
        };
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        for ev in coalesce(batch) {
            app.apply_event(ev);
        }
        app.tick(callboard::clock::now_ms());
        callboard::tui::shift_io::after_step(app, |bytes| {
            written.extend_from_slice(bytes);
            Ok(())
        });
    }
}

/// Points recorded for the first backend that has any.
fn points(app: &App) -> usize {
    app.shift
        .history
        .backends
        .iter()
        .map(|b| b.times.len())
        .max()
        .unwrap_or(0)
}

fn lines_with(app: &App, word: &str) -> usize {
    app.log.iter().filter(|l| l.text.starts_with(word)).count()
}

/// The most calls waiting in any one group of the simulated world.
fn most_waiting(env: &backend_support::Env) -> usize {
    let core = env.sim.shared.lock();
    (0..core.world.groups.len())
        .map(|g| core.world.queue_figures(g).0)
        .max()
        .unwrap_or(0)
}

/// Calls waiting in each group the app shows, over all backends.
fn app_max_waiting(app: &App) -> u64 {
    app.backends
        .iter()
        .flat_map(|b| b.queues.iter().map(|q| q.waiting))
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_queue_over_its_limit_raises_one_alert_and_one_bell_then_clears() {
    let env = env(60).await;
    let fleet = fleet(&env).await;
    let (tx, mut rx) = mpsc::channel(1024);
    let handles = fleet.spawn_pollers(tx);
    let mut config = env.config.clone();
    // The limit: what the busiest queue holds now, so nothing is over it yet.
    let limit = most_waiting(&env) as u64;
    config.alerts = Some(AlertsConfig {
        bell: true,
        notify: Some("osc9".into()),
        queue: QueueAlerts {
            waiting_over: Some(limit),
            ..QueueAlerts::default()
        },
        ..AlertsConfig::default()
    });
    let theme = Theme::load("default").expect("theme");
    let mut app = App::new(AppOptions::from_config(
        &config,
        theme,
        callboard::clock::now_ms(),
    ));
    let history = HistoryConfig {
        interval_secs: Some(1),
        ..HistoryConfig::default()
    };
    app.configure_shift(&history, config.alerts.clone().unwrap());
    let mut written = Vec::new();
    pump_until(&mut app, &mut rx, &mut written, "first data", |a| {
        a.backends.iter().all(|b| b.status.last_ok.is_some())
    })
    .await;
    assert_eq!(lines_with(&app, "ALERT"), 0, "nothing is over {limit} yet");

    // Push a queue over the limit: simulated time runs until one group holds more.
    let mut steps = 0;
    while most_waiting(&env) as u64 <= limit {
        advance(&env.sim, 5).await;
        steps += 1;
        assert!(steps < 400, "no queue grew over {limit} in {} s", steps * 5);
    }
    pump_until(&mut app, &mut rx, &mut written, "the alert", |a| {
        lines_with(a, "ALERT") > 0
    })
    .await;
    // Some more refreshes with the queue still over: nothing more.
    let polls = points(&app);
    pump_until(&mut app, &mut rx, &mut written, "more points", |a| {
        points(a) >= polls + 3
    })
    .await;
    assert!(app_max_waiting(&app) > limit, "still over");
    assert_eq!(lines_with(&app, "ALERT"), 1, "{:#?}", app.log);
    assert_eq!(
        written.iter().filter(|b| **b == 0x07).count(),
        2,
        "one bell, and the BEL ending the one OSC 9: {written:?}"
    );
    let text = String::from_utf8(written.clone()).unwrap();
    assert!(text.starts_with("\x07\x1b]9;"), "{text:?}");
    assert!(
        text.contains("ALERT") && text.contains("calls waiting"),
        "{text:?}"
    );
    let alerted: Vec<_> = app.wall_tiles().into_iter().filter(|t| t.alerted).collect();
    assert_eq!(alerted.len(), 1, "one tile marked: {alerted:?}");

    // Back under: the alerted queue's calls are answered as simulated time runs on (other
    // queues may cross meanwhile: each is its own alert).
    let alerted_id = alerted[0].id.clone();
    let mut steps = 0;
    let name = alerted[0].name.clone();
    let about = |a: &App, word: &str| {
        a.log
            .iter()
            .filter(|l| l.text.starts_with(&format!("{word} {name}:")))
            .count()
    };
    while about(&app, "cleared") == 0 {
        advance(&env.sim, 30).await;
        let before = points(&app);
        pump_until(&mut app, &mut rx, &mut written, "a refresh", |a| {
            points(a) >= before + 2
        })
        .await;
        steps += 1;
        assert!(steps < 300, "{name} never went back under the limit");
    }
    assert_eq!(about(&app, "cleared"), 1, "{:#?}", app.log);
    assert_eq!(about(&app, "ALERT"), 1, "one alert for the group");
    assert!(app
        .wall_tiles()
        .iter()
        .all(|t| t.id != alerted_id || !t.alerted));
    // The history saw it all: at least one point over the limit in one group's series.
    let over = app.shift.history.backends.iter().any(|b| {
        b.groups.values().any(|g| {
            g.points
                .iter()
                .any(|p| p.waiting.get().is_some_and(|w| w > limit))
        })
    });
    assert!(over, "the series recorded the queue over the limit");
    for h in handles {
        h.abort();
    }
}
