//! The Huawei pump task: drains the inspector's and the held sessions' updates, keeps the session
//! map current (a session the gateway ended is dropped), and forwards merged agents in batches
//! (`Agents` events) and log lines to the poller's channel when one is set.

use super::backend::{inspector_log, session_log, HuaweiBackend, Inner};
use super::inspector::InspectorUpdate;
use super::session::{SessionUpdate, UpdateKind};
use super::HuaweiAgentState;
use crate::backend::BackendEvent;
use crate::clock::now_ms;
use crate::sync::lock;
use std::collections::BTreeMap;
use std::sync::Weak;
use tokio::sync::mpsc;

const BATCH: usize = 512;

enum Msg {
    Inspector(InspectorUpdate),
    Session(SessionUpdate),
}

/// Runs until the backend is dropped or both channels close.
pub(super) async fn run(
    weak: Weak<Inner>,
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
        let Some(backend) = HuaweiBackend::from_weak(&weak) else {
            return;
        };
        let events = handle(&backend, batch);
        let sink = backend.sink();
        drop(backend);
        if let Some(sink) = sink {
            for ev in events {
                if sink.send(ev).await.is_err() {
                    break;
                }
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
                    logs.push(backend.log(None, level, text));
                }
            }
            Msg::Session(u) => {
                if let UpdateKind::SignedOut { .. } = &u.kind {
                    lock(&backend.inner.sessions).remove(&u.workno);
                }
                let who = format!("agent {} (held by callboard)", u.workno);
                if let Some((level, text)) = session_log(&who, &u.kind) {
                    logs.push(backend.log(Some(&u.workno), level, text));
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
