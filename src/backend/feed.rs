//! Applying [`BackendEvent`]s to a [`RosterStore`]: the one way the roster's owner (the TUI or a
//! headless command) folds backend events in, so both treat staleness the same.

use super::{BackendEvent, Health};
use crate::model::{Freshness, RosterStore};

/// Folds one event into the store: snapshots replace (missing agents turn stale; reported ones are
/// seen at the snapshot's time), agent events upsert (a stale agent reported again is fresh), and a
/// backend going `Down` turns all its agents stale. Returns true when the store changed.
pub fn apply_event(store: &mut RosterStore, event: BackendEvent) -> bool {
    match event {
        BackendEvent::Snapshot {
            backend,
            agents,
            at,
            ..
        } => {
            store.apply_snapshot(&backend, agents, at);
            true
        }
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
            Health::Down { .. } => {
                store.mark_stale(&s.backend);
                true
            }
            _ => false,
        },
        BackendEvent::Log(_) => false,
    }
}
