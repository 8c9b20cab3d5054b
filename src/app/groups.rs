//! The skill-group view's rows as keys (backend, group id), in the order the view draws them,
//! and what Enter on one does: the roster filtered to that group's agents.

use super::filter::Filter;
use super::{App, View};
use std::collections::BTreeSet;

impl App {
    /// Every group of the backends in scope, from the queue figures and the agents' skills,
    /// sorted by backend then group id (the skill-group view's order).
    pub fn group_keys(&self) -> Vec<(String, String)> {
        let in_scope = |b: &str| self.backend_scope.as_deref().is_none_or(|s| s == b);
        let mut keys = BTreeSet::new();
        for b in self.backends.iter().filter(|b| in_scope(&b.name)) {
            for q in &b.queues {
                keys.insert((b.name.to_string(), q.group_id.clone()));
            }
        }
        for a in self.roster.agents().iter().filter(|a| in_scope(&a.backend)) {
            for s in &a.skills {
                keys.insert((a.backend.to_string(), s.id.clone()));
            }
        }
        keys.into_iter().collect()
    }

    /// The group the skill-group view has selected (its first row is 0).
    pub fn selected_group(&self) -> Option<(String, String)> {
        let keys = self.group_keys();
        let i = self.groups_offset.min(keys.len().checked_sub(1)?);
        keys.into_iter().nth(i)
    }

    /// Enter on a skill group: the roster, filtered to that group's agents on its backend.
    pub fn open_selected_group(&mut self) {
        let Some((backend, id)) = self.selected_group() else {
            return;
        };
        // Whole-value terms: group `1` must not match `10` or `21`.
        let text = format!("backend=={backend} skill=={id}");
        if let Ok(f) = Filter::parse(&text) {
            self.filter = f;
            self.from_group = true;
            self.view = View::Roster;
            self.detail = false;
            self.settings_changed();
        }
    }
}
