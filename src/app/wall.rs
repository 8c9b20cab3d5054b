//! The wallboard's tiles: per skill group its queue figures and agents ready / talking / on
//! break, for the groups `--groups` names and the agents the filter passes. A figure nobody
//! reported is `None` (drawn `–`), never 0.

use super::{App, View};
use crate::model::{Freshness, StateKey};
use std::collections::BTreeMap;

/// One tile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tile {
    pub backend: String,
    pub id: String,
    pub name: String,
    pub waiting: Option<u64>,
    pub longest: Option<u64>,
    /// Service level in percent.
    pub service_level: Option<f64>,
    pub ready: u64,
    /// On a call (talking, dialing, supervising) or ringing.
    pub talking: u64,
    pub on_break: u64,
    /// The backend's figures are its last known ones.
    pub stale: bool,
    /// An alert of this group is in force.
    pub alerted: bool,
}

/// Whether `wanted` (ids or names, case-insensitive; empty: all) picks the group.
fn picked(wanted: &[String], id: &str, name: &str) -> bool {
    wanted.is_empty()
        || wanted
            .iter()
            .any(|w| w.eq_ignore_ascii_case(id) || w.eq_ignore_ascii_case(name))
}

impl App {
    /// Opens the wallboard, or goes back to the view it was opened from.
    pub fn toggle_wall(&mut self) {
        if self.view == View::Wall {
            self.view = self.shift.wall_return.take().unwrap_or(View::Roster);
        } else {
            self.shift.wall_return = Some(self.view);
            self.view = View::Wall;
            self.detail = false;
        }
        self.mark_dirty();
    }

    /// Starts on the wallboard (`callboard wall`), showing `groups` (empty: all).
    pub fn start_on_wall(&mut self, groups: Vec<String>) {
        self.shift.wall_groups = groups;
        self.shift.wall_return = None;
        self.view = View::Wall;
        self.mark_dirty();
    }

    /// Applies a filter typed in the filter language (false, and nothing changes, when it does
    /// not parse).
    pub fn apply_filter_text(&mut self, text: &str) -> bool {
        match super::filter::Filter::parse(text) {
            Ok(f) => {
                self.filter = f;
                self.settings_changed();
                self.refresh();
                true
            }
            Err(_) => false,
        }
    }

    /// The tiles, sorted by backend then group id.
    pub fn wall_tiles(&self) -> Vec<Tile> {
        let wanted = &self.shift.wall_groups;
        let filtered = !self.filter.is_empty();
        let mut tiles: BTreeMap<(String, String), Tile> = BTreeMap::new();
        let mut with_agents: BTreeMap<(String, String), bool> = BTreeMap::new();
        for b in &self.backends {
            if self.backend_scope.as_deref().is_some_and(|s| s != &*b.name) {
                continue;
            }
            let stale = b.is_stale(self.now);
            for q in &b.queues {
                let t = tiles
                    .entry((b.name.to_string(), q.group_id.clone()))
                    .or_default();
                t.backend = b.name.to_string();
                t.id = q.group_id.clone();
                t.name = q.name.clone();
                t.waiting = Some(q.waiting);
                t.longest = q.longest();
                t.service_level = q.kpis.as_ref().and_then(|k| k.service_level_pct());
                t.stale = stale;
            }
        }
        // The agents the filter and scope pass (`visible`), by their groups.
        for &i in &self.visible {
            let Some(a) = self.roster.agents().get(i) else {
                continue;
            };
            let state = StateKey::of(a).summary();
            for sk in &a.skills {
                let key = (a.backend.to_string(), sk.id.clone());
                with_agents.insert(key.clone(), true);
                let t = tiles.entry(key).or_default();
                if t.id.is_empty() {
                    t.backend = a.backend.to_string();
                    t.id = sk.id.clone();
                    t.name = sk.name.clone();
                    t.stale = self
                        .backend(&a.backend)
                        .is_some_and(|b| b.is_stale(self.now));
                }
                if a.freshness != Freshness::Fresh {
                    continue;
                }
                match state {
                    StateKey::Ready => t.ready += 1,
                    StateKey::Talking | StateKey::Ringing => t.talking += 1,
                    StateKey::Break | StateKey::NotReady => t.on_break += 1,
                    _ => {}
                }
            }
        }
        tiles
            .into_iter()
            .filter(|(k, t)| {
                picked(wanted, &t.id, &t.name) && (!filtered || with_agents.contains_key(k))
            })
            .map(|(_, mut t)| {
                t.alerted = self.shift.alerts.queue_alerted(&t.backend, &t.id);
                t
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::picked;

    #[test]
    fn groups_are_picked_by_id_or_name() {
        let w = vec!["sales".to_string(), "7".to_string()];
        assert!(picked(&w, "sg-1", "Sales"));
        assert!(picked(&w, "7", "Support"));
        assert!(!picked(&w, "8", "Support"));
        assert!(picked(&[], "8", "Support"));
    }
}
