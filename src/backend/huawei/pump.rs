//! The Huawei pump task: drains the inspector's and the held sessions' updates, keeps the session
//! map current (a session the gateway ended is released), and forwards merged agents in batches
//! (`Agents` events) and its own log lines to the poller's channel when one is set.

use super::backend::{HuaweiBackend, WeakHuaweiBackend};
use super::inspector::InspectorUpdate;
use super::session::{SessionUpdate, UpdateKind};
use super::HuaweiAgentState;
use crate::backend::{BackendEvent, LogEntry, LogLevel};
use crate::clock::now_ms;
use std::collections::BTreeMap;
use tokio::sync::mpsc;

const BATCH: usize = 512;

enum Msg {
    Inspector(InspectorUpdate),
    Session(SessionUpdate),
}

/// Runs until the backend is dropped or both channels close.
pub(super) async fn run(
    weak: WeakHuaweiBackend,
    mut irx: mpsc::Receiver<InspectorUpdate>,
    mut srx: mpsc::Receiver<SessionUpdate>,
) {
    loop {
        let first = tokio::select! {
            Some(u) = irx.recv() => Msg::Inspector(u),
            Some(u) = srx.recv() => Msg::Session(u),
            else => return,
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match irx.try_recv() {
                Ok(u) => batch.push(Msg::Inspector(u)),
                Err(_) => match srx.try_recv() {
                    Ok(u) => batch.push(Msg::Session(u)),
                    Err(_) => break,
                },
            }
        }
        let Some(backend) = weak.upgrade() else {
            return;
        };
        let events = handle(&backend, batch);
        let sink = backend.sink();
        drop(backend);
        let Some(sink) = sink else {
            continue;
        };
        let mut sent = Vec::new();
        for ev in events {
            if let BackendEvent::Agents { agents, .. } = &ev {
                sent.extend(agents.iter().map(|a| a.id.clone()));
            }
            if sink.send(ev).await.is_err() {
                sent.clear();
                break;
            }
        }
        // Marked once in the channel: a refresh that takes the marks is queued after these
        // agents and sends them again; one that took them before sends them at the next.
        if let Some(backend) = weak.upgrade() {
            for id in &sent {
                backend.touch(id);
            }
        }
    }
}

fn handle(backend: &HuaweiBackend, batch: Vec<Msg>) -> Vec<BackendEvent> {
    let mut changed: BTreeMap<String, HuaweiAgentState> = BTreeMap::new();
    let mut logs = Vec::new();
    for msg in batch {
        match msg {
            Msg::Inspector(u) => {
                if let InspectorUpdate::Agent { workno, state, .. } = &u {
                    changed.insert(workno.clone(), state.clone());
                }
                if let Some((level, text)) = inspector_log(&u) {
                    logs.push(log(backend, None, level, text));
                }
            }
            Msg::Session(u) => {
                if let UpdateKind::SignedOut { .. } = &u.kind {
                    // Signed out: dropping the released handle stops its actor.
                    let _ended = backend.release(&u.workno);
                }
                let who = format!("agent {} (held by callboard)", u.workno);
                if let Some((level, text)) = session_log(&who, &u.kind) {
                    logs.push(log(backend, Some(&u.workno), level, text));
                }
                changed.insert(u.workno.clone(), u.state.clone());
            }
        }
    }
    let at = now_ms();
    let agents: Vec<_> = changed
        .iter()
        .map(|(w, st)| backend.merged(w, Some(st)))
        .collect();
    let mut events = logs;
    if !agents.is_empty() {
        events.push(BackendEvent::Agents {
            backend: backend.name(),
            agents,
            at,
        });
    }
    events
}

/// One line of the event log from this backend.
fn log(
    backend: &HuaweiBackend,
    agent: Option<&str>,
    level: LogLevel,
    text: String,
) -> BackendEvent {
    BackendEvent::Log(LogEntry {
        at: now_ms(),
        backend: backend.name(),
        agent: agent.map(str::to_string),
        level,
        text,
    })
}

/// Inspector updates that only matter as log lines.
fn inspector_log(u: &InspectorUpdate) -> Option<(LogLevel, String)> {
    match u {
        InspectorUpdate::Session(s) => session_log("inspector", &s.kind),
        InspectorUpdate::Remonitored { agents, error } => Some(match error {
            None => (
                LogLevel::Info,
                format!("monitoring of {agents} agents set up again"),
            ),
            Some(e) => (
                LogLevel::Error,
                format!("monitoring could not be set up again: {e}"),
            ),
        }),
        InspectorUpdate::Agent { .. } => None,
    }
}

/// A session update worth a log line.
fn session_log(who: &str, kind: &UpdateKind) -> Option<(LogLevel, String)> {
    match kind {
        UpdateKind::SignedIn { forced } => Some((
            LogLevel::Info,
            format!("{who} signed in{}", if *forced { " (forced)" } else { "" }),
        )),
        UpdateKind::ReSignedIn { attempts, cause } => Some((
            LogLevel::Warn,
            format!("{who} signed in again after {attempts} attempt(s) ({cause})"),
        )),
        UpdateKind::SignedOut { cause } => {
            Some((LogLevel::Warn, format!("{who} signed out: {cause:?}")))
        }
        UpdateKind::PollTrouble { error, failures } if *failures == 1 || failures % 10 == 0 => {
            Some((
                LogLevel::Warn,
                format!("{who}: event poll failed ({failures} in a row): {error}"),
            ))
        }
        UpdateKind::PollRecovered => Some((LogLevel::Info, format!("{who}: event poll recovered"))),
        _ => None,
    }
}
