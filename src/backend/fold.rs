//! The roster's fold: batching [`BackendEvent`]s ([`coalesce`]) and applying them to a
//! [`RosterStore`] ([`apply_event`]), the one way the roster's owner (the TUI or a headless
//! command) takes backend events in, so both treat staleness the same.

use super::{BackendEvent, Health};
use crate::model::{Freshness, RosterStore};
use std::sync::Arc;

/// Keeps only the newest `Snapshot` of each backend, dropping that backend's older snapshots and
/// the `Agents` events before it (the snapshot supersedes them); everything else keeps its order.
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
    events
        .into_iter()
        .enumerate()
        .filter(|(i, e)| match e {
            BackendEvent::Snapshot { backend, .. } | BackendEvent::Agents { backend, .. } => {
                !superseded(backend, *i)
            }
            _ => true,
        })
        .map(|(_, e)| e)
        .collect()
}

/// Folds one event into the store: snapshots update what differs (missing agents turn stale;
/// reported ones are seen at the snapshot's time), agent events upsert (a stale agent reported again is fresh), and a
/// backend going `Down` turns all its agents stale. Returns true when the store changed.
pub fn apply_event(store: &mut RosterStore, event: BackendEvent) -> bool {
    match event {
        BackendEvent::Snapshot {
            backend,
            agents,
            at,
            ..
        } => store.apply_snapshot(&backend, agents, at),
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
