//! The event loop on a TestBackend with tokio's clock paused: with nothing changing it draws at
//! most once a second; bursts of backend events are coalesced and capped at ~30 frames a second;
//! `q` ends it.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui_support;
use callboard::backend::BackendEvent;
use callboard::tui::event_loop::{run, Channels, Clock, FRAME};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures_util::{stream, StreamExt};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::io;
use std::time::Duration;
use tokio::sync::mpsc;
use tui_support::*;

fn channels() -> (
    Channels,
    mpsc::Sender<BackendEvent>,
    mpsc::Sender<callboard::app::Reply>,
    mpsc::Receiver<callboard::app::UiCommand>,
) {
    let (ev_tx, events) = mpsc::channel(4096);
    let (rep_tx, replies) = mpsc::channel(16);
    let (commands, cmd_rx) = mpsc::channel(16);
    (
        Channels {
            events,
            replies,
            commands,
        },
        ev_tx,
        rep_tx,
        cmd_rx,
    )
}

#[tokio::test(start_paused = true)]
async fn idle_draws_at_most_once_a_second() {
    let mut app = world_app(60, 600);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let (ch, _ev, _rep, _cmd) = channels();
    let input = stream::pending::<io::Result<Event>>();
    let stop = tokio::time::sleep(Duration::from_secs(60));
    let clock = Clock::tokio_from(app.now);
    let stats = run(&mut app, &mut term, input, ch, clock, stop)
        .await
        .expect("loop");
    // One first frame, then one per tick of the 1 s clock.
    assert!(stats.draws <= 62, "{} draws in 60 s", stats.draws);
    assert!(
        stats.draws >= 59,
        "time in state must still move: {} draws",
        stats.draws
    );
}

#[tokio::test(start_paused = true)]
async fn bursts_are_coalesced_and_frames_capped() {
    let mut app = world_app(60, 600);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let (ch, ev_tx, _rep, _cmd) = channels();
    let backend = app.backends[0].name.clone();
    let agents: Vec<_> = app
        .roster
        .agents()
        .iter()
        .filter(|a| a.backend == backend)
        .cloned()
        .collect();
    let now = app.now;
    tokio::spawn(async move {
        // 2,000 snapshots over 2 s: one a millisecond.
        for i in 0..2000 {
            let ev = BackendEvent::Snapshot {
                backend: backend.clone(),
                agents: agents.clone(),
                kept: Vec::new(),
                queues: Vec::new(),
                at: now + i,
            };
            if ev_tx.send(ev).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    });
    let input = stream::pending::<io::Result<Event>>();
    let stop = tokio::time::sleep(Duration::from_secs(3));
    let stats = run(&mut app, &mut term, input, ch, Clock::tokio_from(now), stop)
        .await
        .expect("loop");
    let cap = (3000 / FRAME.as_millis() as u64) + 2;
    assert!(stats.draws <= cap, "{} draws, cap {cap}", stats.draws);
    assert_eq!(stats.events, 2000);
    assert_eq!(
        app.backends[0].status.last_ok,
        Some(now + 1999),
        "the newest snapshot won"
    );
}

#[tokio::test(start_paused = true)]
async fn q_quits_and_commands_reach_the_runner() {
    let mut app = world_app(60, 600);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let (ch, _ev, _rep, mut cmd_rx) = channels();
    let keys = ["r", "y", "q"].map(|k| -> io::Result<Event> {
        Ok(Event::Key(KeyEvent::new(
            KeyCode::Char(k.chars().next().unwrap_or('q')),
            KeyModifiers::NONE,
        )))
    });
    let input = stream::iter(keys).chain(stream::pending());
    let stop = tokio::time::sleep(Duration::from_secs(3600));
    let clock = Clock::tokio_from(app.now);
    let stats = run(&mut app, &mut term, input, ch, clock, stop)
        .await
        .expect("loop");
    assert!(app.quit);
    assert!(stats.draws >= 1);
    assert!(matches!(
        cmd_rx.try_recv(),
        Ok(callboard::app::UiCommand::Act(_))
    ));
}
