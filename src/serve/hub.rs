//! The hub: the one task that folds the backends' events for every session. It owns the floor's
//! [`App`] (the roster, health, queues and event log, through the same fold as the dashboard) and
//! publishes a [`Floor`] after each batch on a `watch` channel: one slot, newest wins, so a session
//! that cannot keep up skips straight to the newest floor and never holds the hub back. Sessions
//! send it the outcomes of their actions, so every supervisor's log shows what was done.

use crate::app::{App, BackendView, LogLine, Reply};
use crate::backend::{coalesce, BackendEvent};
use crate::model::RosterStore;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// The floor as every session shows it: cheap to share (the roster and the log are behind `Arc`s
/// and copied only when they change).
#[derive(Debug, Clone)]
pub struct Floor {
    pub roster: Arc<RosterStore>,
    pub backends: Vec<BackendView>,
    pub log: Arc<VecDeque<LogLine>>,
    /// Moves whenever `log` changes (a session copies the log only then).
    pub log_gen: u64,
}

/// What a session holds of the hub: the floor, where to send action outcomes, the session count.
#[derive(Debug, Clone)]
pub struct HubHandle {
    pub floor: watch::Receiver<Arc<Floor>>,
    pub outcomes: mpsc::Sender<Reply>,
    sessions: Arc<AtomicUsize>,
}

impl HubHandle {
    /// Counts one attached session until the guard is dropped.
    pub fn attach(&self) -> SessionGuard {
        self.sessions.fetch_add(1, Ordering::SeqCst);
        SessionGuard(self.sessions.clone())
    }

    /// How many sessions are attached now.
    pub fn sessions(&self) -> usize {
        self.sessions.load(Ordering::SeqCst)
    }
}

/// One attached session (see [`HubHandle::attach`]).
#[derive(Debug)]
pub struct SessionGuard(Arc<AtomicUsize>);

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How often the floor's clock ticks (late backends turn stale).
const TICK: Duration = Duration::from_secs(1);
/// The shortest time between two floors published: every session refilters and resorts its
/// roster on a new floor, so a busy floor (Huawei events arrive all the time) is shown at most
/// this often — the same figures everywhere, a fraction of the work.
pub const PUBLISH: Duration = Duration::from_millis(500);

fn floor_of(app: &App, log: Arc<VecDeque<LogLine>>, log_gen: u64) -> Arc<Floor> {
    Arc::new(Floor {
        roster: app.roster.clone(),
        backends: app.backends.clone(),
        log,
        log_gen,
    })
}

/// A cheap mark of the log's content: its length and its newest line (lines are only appended, or
/// the newest folded into).
fn log_mark(log: &VecDeque<LogLine>) -> (usize, Option<(i64, u32, usize)>) {
    (
        log.len(),
        log.back()
            .map(|l| (l.entry.at, l.repeats, l.entry.text.len())),
    )
}

/// Starts the hub on `app` (the floor's state, built from the config), fed by `events` from the
/// pollers. It runs until `events` and every outcome sender are gone.
pub fn spawn(
    mut app: App,
    mut events: mpsc::Receiver<BackendEvent>,
) -> (HubHandle, tokio::task::JoinHandle<()>) {
    let log = Arc::new(app.log.clone());
    let (floor_tx, floor_rx) = watch::channel(floor_of(&app, log.clone(), 0));
    let (outcome_tx, mut outcome_rx) = mpsc::channel::<Reply>(256);
    let handle = HubHandle {
        floor: floor_rx,
        outcomes: outcome_tx,
        sessions: Arc::new(AtomicUsize::new(0)),
    };
    let task = tokio::spawn(async move {
        let mut log = log;
        let mut log_gen = 0u64;
        let mut published_gen = 0u64;
        let mut mark = log_mark(&app.log);
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut events_open = true;
        let mut pending = false;
        let mut last_publish = tokio::time::Instant::now();
        loop {
            let version = app.roster.version();
            let backends_before = app.backends.clone();
            let publish_at = last_publish + PUBLISH;
            tokio::select! {
                _ = tokio::time::sleep_until(publish_at), if pending => {}
                ev = events.recv(), if events_open => match ev {
                    Some(first) => {
                        let mut batch = vec![first];
                        while let Ok(more) = events.try_recv() {
                            batch.push(more);
                        }
                        for ev in coalesce(batch) {
                            app.apply_event(ev);
                        }
                    }
                    None => events_open = false,
                },
                reply = outcome_rx.recv() => match reply {
                    Some(r @ Reply::ActionDone { .. }) => app.apply_reply(r),
                    Some(_) => {}
                    None if !events_open => break,
                    None => {}
                },
                _ = tick.tick() => app.tick(crate::clock::now_ms()),
                _ = floor_tx.closed() => break,
            }
            // The floor keeps no dialogs or toasts of its own.
            app.toasts.clear();
            let new_mark = log_mark(&app.log);
            let log_changed = new_mark != mark;
            if log_changed {
                mark = new_mark;
                log_gen += 1;
            }
            pending |= log_changed
                || app.roster.version() != version
                || !same_backends(&backends_before, &app.backends);
            if pending && tokio::time::Instant::now() >= publish_at {
                // The log is copied once per floor that changed it, never per session.
                if log_gen != published_gen {
                    log = Arc::new(app.log.clone());
                    published_gen = log_gen;
                }
                floor_tx.send_replace(floor_of(&app, log.clone(), log_gen));
                pending = false;
                last_publish = tokio::time::Instant::now();
            }
        }
    });
    (handle, task)
}

fn same_backends(a: &[BackendView], b: &[BackendView]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.status == y.status && x.queues == y.queues)
}
