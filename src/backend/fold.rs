//! The roster's fold: batching [`BackendEvent`]s ([`coalesce`]) and applying them to a
//! [`RosterStore`] ([`apply_event`]), the one way the roster's owner (the TUI or a headless
//! command) takes backend events in, so both treat staleness the same.

use super::{BackendEvent, Health};
use crate::model::{Agent, Freshness, RosterStore};
use std::collections::HashMap;
use std::sync::Arc;

/// Keeps only the newest `Snapshot` of each backend, dropping that backend's older snapshots and
/// the `Agents` events before it (the snapshot supersedes them); everything else keeps its order.
/// A snapshot sent as changes ([`BackendEvent::Snapshot::kept`]) does not repeat an agent that
/// changed in a snapshot it replaces, so such an agent is carried into the newest one (in place
/// of its kept id): no change is lost by coalescing.
pub fn coalesce(events: Vec<BackendEvent>) -> Vec<BackendEvent> {
    let mut newest: Vec<(Arc<str>, usize)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if let BackendEvent::Snapshot { backend, .. } = e {
            match newest.iter_mut().find(|(b, _)| b == backend) {
                Some(slot) => slot.1 = i,
                None => newest.push((backend.clone(), i)),
            }
        }
    }
    if newest.is_empty() {
        return events;
    }
    let superseded =
        |backend: &Arc<str>, i: usize| newest.iter().any(|(b, last)| b == backend && i < *last);
    // The changed agents of each superseded snapshot, per backend, oldest first.
    let mut carried: Vec<(Arc<str>, Vec<Agent>)> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for (i, e) in events.into_iter().enumerate() {
        match e {
            BackendEvent::Snapshot {
                backend, agents, ..
            } if superseded(&backend, i) => match carried.iter_mut().find(|(b, _)| *b == backend) {
                Some((_, list)) => list.extend(agents),
                None => carried.push((backend, agents)),
            },
            BackendEvent::Agents { ref backend, .. } if superseded(backend, i) => {}
            BackendEvent::Snapshot {
                backend,
                mut agents,
                mut kept,
                queues,
                at,
            } => {
                if let Some(pos) = carried.iter().position(|(b, _)| *b == backend) {
                    let (_, older) = carried.swap_remove(pos);
                    carry_changes(older, &mut agents, &mut kept);
                }
                out.push(BackendEvent::Snapshot {
                    backend,
                    agents,
                    kept,
                    queues,
                    at,
                });
            }
            other => out.push(other),
        }
    }
    out
}

/// Moves each agent of `older` (changes of replaced snapshots, oldest first) whose id the newer
/// snapshot only lists as kept into that snapshot's changes; the newest change of an id wins.
fn carry_changes(older: Vec<Agent>, agents: &mut Vec<Agent>, kept: &mut Vec<Arc<str>>) {
    if kept.is_empty() {
        return;
    }
    let mut latest: HashMap<String, Agent> = HashMap::with_capacity(older.len());
    for a in older {
        latest.insert(a.id.clone(), a);
    }
    kept.retain(|id| match latest.remove(&**id) {
        Some(a) => {
            agents.push(a);
            false
        }
        None => true,
    });
}

/// Folds one event into the store: snapshots update what differs (missing agents turn stale;
/// reported ones are seen at the snapshot's time), agent events upsert (a stale agent reported again is fresh), and a
/// backend going `Down` turns all its agents stale. Returns true when the store changed.
pub fn apply_event(store: &mut RosterStore, event: BackendEvent) -> bool {
    match event {
        BackendEvent::Snapshot {
            backend,
            agents,
            kept,
            at,
            ..
        } => store.apply_refresh(&backend, agents, &kept, at),
        BackendEvent::Agents {
            backend,
            agents,
            at,
        } => {
            let mut changed = false;
            for mut a in agents {
                if a.backend != backend {
                    continue;
                }
                if a.freshness == Freshness::Stale {
                    a.freshness = Freshness::Fresh;
                }
                if a.last_seen.is_none() {
                    a.last_seen = Some(at);
                }
                changed |= store.upsert(a);
            }
            changed
        }
        BackendEvent::Status(s) => match s.health {
            // Refused credentials after having answered: what was shown is no longer current.
            Health::Down { .. } | Health::AuthFailed { .. } => {
                store.mark_stale(&s.backend);
                true
            }
            _ => false,
        },
        BackendEvent::Log(_) => false,
    }
}
