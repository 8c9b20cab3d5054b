//! Applying [`BackendEvent`]s to a [`RosterStore`]: the one way the roster's owner (the TUI or a
//! headless command) folds backend events in, so both treat staleness the same.

use super::{BackendEvent, Health};
use crate::model::{Freshness, RosterStore, UnixMs};

/// Folds one event into the store: snapshots replace (missing agents turn stale), agent events
/// upsert, and a backend going `Down` turns all its agents stale. Returns true when the store changed.
pub fn apply_event(store: &mut RosterStore, event: &BackendEvent, now: UnixMs) -> bool {
    match event {
        BackendEvent::Snapshot {
            backend, agents, ..
        } => {
            store.apply_snapshot(backend, agents.clone(), now);
            true
        }
        BackendEvent::Agents { agents, .. } => {
            let mut changed = false;
            for a in agents {
                let mut a = a.clone();
                if a.freshness == Freshness::Stale {
                    a.freshness = Freshness::Fresh;
                }
                changed |= store.upsert(a);
            }
            changed
        }
        BackendEvent::Status(s) => match s.health {
            Health::Down { .. } => {
                store.mark_stale(&s.backend);
                true
            }
            _ => false,
        },
        BackendEvent::Log(_) => false,
    }
}
