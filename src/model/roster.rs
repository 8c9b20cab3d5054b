//! The roster store: every watched agent, keyed by backend and agent id, owned by one task (the UI
//! task, or a headless command) and updated from backend events.

use super::agent::{Agent, Freshness, UnixMs};
use super::state::StateKey;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Which agents of a backend the roster shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterScope {
    /// Every agent the backend reports.
    All,
    /// Only these agent ids (others the backend reports are ignored).
    Only(Vec<String>),
}

#[derive(Debug, Clone, Default)]
struct BackendSlot {
    name: Arc<str>,
    /// Agent id → index into `RosterStore::agents` (foldhash: every refresh looks up each agent).
    index: HashMap<String, usize, foldhash::fast::RandomState>,
    /// `None` = all agents.
    allowed: Option<std::collections::HashSet<String>>,
    /// Where the last refresh's kept ids stood, in their order: the next refresh's kept ids come
    /// in the same order, so each is found by one comparison instead of a hash lookup.
    kept_at: Vec<usize>,
}

/// All agents callboard watches, in a stable order (backend order, then arrival).
#[derive(Debug, Clone, Default)]
pub struct RosterStore {
    agents: Vec<Agent>,
    backends: Vec<BackendSlot>,
    version: u64,
}

/// Agents per display state, for the header: every agent is counted exactly once, fresh agents
/// under their state, the others under [`Distribution::stale`] or [`Distribution::unknown`], so
/// the buckets always add up to the roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Distribution {
    /// Fresh agents per [`StateKey`], indexed by [`StateKey::index`].
    pub by_state: [usize; StateKey::ALL.len()],
    /// Agents whose data is stale (the backend failed or stopped answering): their last known
    /// state is shown in the roster, but they are counted only here.
    pub stale: usize,
    /// Rostered agents the backend has not reported yet (counted only here).
    pub unknown: usize,
    /// Fresh agents on break, per reason code: the code's label (the first one seen; empty when
    /// the vendor gave none) and how many.
    pub breaks: BTreeMap<String, (String, usize)>,
    /// Some code came with more than one label: which label is shown then depends on the
    /// roster's order, so counts cannot be moved agent by agent ([`Distribution::movable`]).
    mixed_labels: bool,
}

impl Distribution {
    /// Fresh agents shown in `state`.
    pub fn count(&self, state: StateKey) -> usize {
        self.by_state[state.index()]
    }

    pub fn on_break(&self) -> usize {
        self.count(StateKey::Break)
    }

    /// Every agent counted: the fresh ones by state, plus the stale and the unknown.
    pub fn total(&self) -> usize {
        self.by_state.iter().sum::<usize>() + self.stale + self.unknown
    }
}

impl RosterStore {
    pub fn new() -> RosterStore {
        RosterStore::default()
    }

    /// Registers a backend and, for an explicit roster, placeholders for its agents.
    pub fn add_backend(&mut self, name: &str, scope: RosterScope) -> Arc<str> {
        let name: Arc<str> = Arc::from(name);
        let allowed = match &scope {
            RosterScope::All => None,
            RosterScope::Only(ids) => Some(ids.iter().cloned().collect()),
        };
        self.backends.push(BackendSlot {
            name: name.clone(),
            index: HashMap::default(),
            allowed,
            kept_at: Vec::new(),
        });
        if let RosterScope::Only(ids) = scope {
            for id in ids {
                self.upsert(Agent::unknown(name.clone(), id));
            }
        }
        self.version += 1;
        name
    }

    fn slot_of(&self, backend: &str) -> Option<usize> {
        self.backends.iter().position(|b| &*b.name == backend)
    }

    /// Inserts or replaces one agent. Returns false when the agent is outside the backend's roster
    /// or the backend is unknown.
    pub fn upsert(&mut self, agent: Agent) -> bool {
        let Some(slot) = self.slot_of(&agent.backend) else {
            return false;
        };
        let b = &mut self.backends[slot];
        if let Some(allowed) = &b.allowed {
            if !allowed.contains(&agent.id) {
                return false;
            }
        }
        match b.index.get(&agent.id) {
            Some(&i) => self.agents[i] = agent,
            None => {
                b.index.insert(agent.id.clone(), self.agents.len());
                self.agents.push(agent);
            }
        }
        self.version += 1;
        true
    }

    /// Applies a full refresh of one backend: every reported agent is seen at `now`; agents it
    /// did not report are kept and marked stale (they never vanish). Only what differs is
    /// touched: an agent equal to the stored one (but for `last_seen`) keeps its place and only
    /// has `last_seen` moved, and the version moves only when some agent changed, so the view and
    /// its caches are rebuilt only then. Returns whether anything but `last_seen` changed.
    pub fn apply_snapshot(&mut self, backend: &str, agents: Vec<Agent>, now: UnixMs) -> bool {
        self.apply_refresh(backend, agents, &[], now)
    }

    /// [`RosterStore::apply_snapshot`] of a refresh the backend sent as changes: `agents` are the
    /// reported agents whose record changed (or that are new), `kept` the ids of the reported
    /// agents whose record did not change since the backend's previous refresh. A kept agent
    /// keeps its stored copy and is seen at `now` (fresh again if it had turned stale); an id
    /// the store does not hold is ignored. Every other agent of the backend turns stale.
    pub fn apply_refresh(
        &mut self,
        backend: &str,
        agents: Vec<Agent>,
        kept: &[Arc<str>],
        now: UnixMs,
    ) -> bool {
        let Some(slot) = self.slot_of(backend) else {
            return false;
        };
        let mut seen = vec![false; self.agents.len()];
        let mut changed = false;
        // A backend's first refresh (thousands of agents): room for all at once, not by doubling
        // (which held the old and the new list, 1.5 times the roster, at the peak).
        let room = self.agents.capacity() - self.agents.len();
        if agents.len() > room && agents.len() >= self.agents.len() / 4 {
            self.agents.reserve_exact(agents.len());
        }
        let mut kept_at = std::mem::take(&mut self.backends[slot].kept_at);
        kept_at.resize(kept.len(), usize::MAX);
        for (id, at) in kept.iter().zip(kept_at.iter_mut()) {
            let b = &self.backends[slot];
            let hinted = Some(*at).filter(|&i| {
                self.agents
                    .get(i)
                    .is_some_and(|a| *a.id == **id && a.backend == b.name)
            });
            let Some(i) = hinted.or_else(|| b.index.get(&**id).copied()) else {
                *at = usize::MAX;
                continue;
            };
            *at = i;
            if let Some(mark) = seen.get_mut(i) {
                *mark = true;
            }
            let stored = &mut self.agents[i];
            stored.last_seen = Some(now);
            if stored.freshness == Freshness::Stale {
                stored.freshness = Freshness::Fresh;
                changed = true;
            }
        }
        self.backends[slot].kept_at = kept_at;
        for mut agent in agents {
            let b = &mut self.backends[slot];
            if *agent.backend != *b.name
                || b.allowed.as_ref().is_some_and(|a| !a.contains(&agent.id))
            {
                continue;
            }
            match b.index.get(&agent.id) {
                Some(&i) => {
                    if let Some(mark) = seen.get_mut(i) {
                        *mark = true;
                    }
                    let stored = &mut self.agents[i];
                    agent.last_seen = stored.last_seen;
                    if *stored != agent {
                        *stored = agent;
                        changed = true;
                    }
                    stored.last_seen = Some(now);
                }
                None => {
                    agent.last_seen = Some(now);
                    b.index.insert(agent.id.clone(), self.agents.len());
                    self.agents.push(agent);
                    seen.push(true);
                    changed = true;
                }
            }
        }
        for &i in self.backends[slot].index.values() {
            let unseen = !seen.get(i).copied().unwrap_or(false);
            if unseen && self.agents[i].freshness == Freshness::Fresh {
                self.agents[i].freshness = Freshness::Stale;
                changed = true;
            }
        }
        if changed {
            self.version += 1;
        }
        changed
    }

    /// Marks every fresh agent of a backend stale (the backend failed, or stopped refreshing);
    /// returns whether any was fresh (the version moves only then).
    /// Whether [`RosterStore::mark_stale`] would change anything (a fresh agent of `backend`).
    pub fn has_fresh(&self, backend: &str) -> bool {
        self.slot_of(backend).is_some_and(|slot| {
            self.backends[slot]
                .index
                .values()
                .any(|&i| self.agents[i].freshness == Freshness::Fresh)
        })
    }

    pub fn mark_stale(&mut self, backend: &str) -> bool {
        let Some(slot) = self.slot_of(backend) else {
            return false;
        };
        let mut changed = false;
        for &i in self.backends[slot].index.values() {
            if self.agents[i].freshness == Freshness::Fresh {
                self.agents[i].freshness = Freshness::Stale;
                changed = true;
            }
        }
        if changed {
            self.version += 1;
        }
        changed
    }

    /// Where `backend`'s agent `id` is in [`RosterStore::agents`].
    pub fn index_of(&self, backend: &str, id: &str) -> Option<usize> {
        let slot = self.slot_of(backend)?;
        self.backends[slot].index.get(id).copied()
    }

    pub fn get(&self, backend: &str, id: &str) -> Option<&Agent> {
        let slot = self.slot_of(backend)?;
        self.backends[slot].index.get(id).map(|&i| &self.agents[i])
    }

    pub fn agents(&self) -> &[Agent] {
        &self.agents
    }

    pub fn len(&self) -> usize {
        self.agents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }

    pub fn backends(&self) -> impl Iterator<Item = &Arc<str>> {
        self.backends.iter().map(|b| &b.name)
    }

    /// Grows on every change; the UI redraws when it differs from the last drawn version.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Agents per state, optionally for one backend (see [`Distribution`]).
    pub fn distribution(&self, backend: Option<&str>) -> Distribution {
        let mut d = Distribution::default();
        for a in self
            .agents
            .iter()
            .filter(|a| backend.is_none_or(|b| &*a.backend == b))
        {
            d.add(a);
        }
        d
    }
}

impl Distribution {
    /// Counts `a` in: under its state when fresh, else as stale or unknown.
    pub fn add(&mut self, a: &Agent) {
        match a.freshness {
            Freshness::Stale => self.stale += 1,
            Freshness::Unknown => self.unknown += 1,
            Freshness::Fresh => {
                let state = StateKey::of(a);
                self.by_state[state.index()] += 1;
                if state == StateKey::Break {
                    let (code, label) = break_code(a);
                    // Copied only for the first agent of each code.
                    match self.breaks.get_mut(code) {
                        Some(slot) => {
                            slot.1 += 1;
                            self.mixed_labels |= slot.0 != label;
                        }
                        None => {
                            self.breaks.insert(code.to_string(), (label.to_string(), 1));
                        }
                    }
                }
            }
        }
    }

    /// Whether [`Distribution::remove`] then [`Distribution::add`] of changed agents gives the
    /// same counts as counting the roster again: not once a break code came with two labels.
    pub fn movable(&self) -> bool {
        !self.mixed_labels
    }

    /// Takes `a` out again (what [`Distribution::add`] counted for it), so that one changed
    /// agent updates the header without counting the whole roster again (see
    /// [`Distribution::movable`]).
    pub fn remove(&mut self, a: &Agent) {
        match a.freshness {
            Freshness::Stale => self.stale = self.stale.saturating_sub(1),
            Freshness::Unknown => self.unknown = self.unknown.saturating_sub(1),
            Freshness::Fresh => {
                let state = StateKey::of(a);
                let n = &mut self.by_state[state.index()];
                *n = n.saturating_sub(1);
                if state == StateKey::Break {
                    let (code, _) = break_code(a);
                    if let Some(slot) = self.breaks.get_mut(code) {
                        slot.1 = slot.1.saturating_sub(1);
                        if slot.1 == 0 {
                            self.breaks.remove(code);
                        }
                    }
                }
            }
        }
    }
}

/// A break's reason code and label (empty when the vendor gave none).
fn break_code(a: &Agent) -> (&str, &str) {
    a.reason
        .as_ref()
        .map_or(("", ""), |r| (r.code.as_str(), r.label.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::agent::{Activity, Presence, Reason, ReasonCategory};

    fn agent(backend: &Arc<str>, id: &str, presence: Presence) -> Agent {
        Agent {
            presence,
            freshness: Freshness::Fresh,
            ..Agent::unknown(backend.clone(), id)
        }
    }

    #[test]
    fn upserts_replace_in_place_and_keep_order() {
        let mut r = RosterStore::new();
        let b = r.add_backend("a", RosterScope::All);
        assert!(r.upsert(agent(&b, "1", Presence::Ready)));
        assert!(r.upsert(agent(&b, "2", Presence::Offline)));
        let v = r.version();
        assert!(r.upsert(agent(&b, "1", Presence::Break)));
        assert_eq!(r.len(), 2);
        assert_eq!(r.agents()[0].presence, Presence::Break);
        assert!(r.version() > v);
    }

    #[test]
    fn explicit_rosters_ignore_other_agents_and_start_unknown() {
        let mut r = RosterStore::new();
        let b = r.add_backend("h", RosterScope::Only(vec!["1001".into()]));
        assert_eq!(
            r.get("h", "1001").map(|a| a.freshness),
            Some(Freshness::Unknown)
        );
        assert!(!r.upsert(agent(&b, "9999", Presence::Ready)));
        assert!(r.upsert(agent(&b, "1001", Presence::Ready)));
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn missing_agents_turn_stale_and_never_vanish() {
        let mut r = RosterStore::new();
        let b = r.add_backend("a", RosterScope::All);
        r.apply_snapshot(
            "a",
            vec![
                agent(&b, "1", Presence::Ready),
                agent(&b, "2", Presence::Ready),
            ],
            10,
        );
        r.apply_snapshot("a", vec![agent(&b, "1", Presence::Ready)], 20);
        assert_eq!(r.len(), 2);
        assert_eq!(r.get("a", "2").map(|a| a.freshness), Some(Freshness::Stale));
        assert_eq!(r.get("a", "1").and_then(|a| a.last_seen), Some(20));
        r.mark_stale("a");
        assert!(r.agents().iter().all(|a| a.freshness == Freshness::Stale));
    }

    #[test]
    fn a_snapshot_touches_only_what_changed() {
        let mut r = RosterStore::new();
        let b = r.add_backend("a", RosterScope::All);
        let one = |p| vec![agent(&b, "1", Presence::Ready), agent(&b, "2", p)];
        assert!(r.apply_snapshot("a", one(Presence::Ready), 10));
        let v = r.version();
        assert!(
            !r.apply_snapshot("a", one(Presence::Ready), 20),
            "nothing changed"
        );
        assert_eq!(
            r.version(),
            v,
            "the view is not rebuilt for an unchanged refresh"
        );
        assert_eq!(r.get("a", "2").and_then(|a| a.last_seen), Some(20));
        assert!(r.apply_snapshot("a", one(Presence::Break), 30));
        assert!(r.version() > v);
        assert_eq!(r.get("a", "2").map(|a| a.presence), Some(Presence::Break));
        assert_eq!(r.get("a", "1").and_then(|a| a.last_seen), Some(30));
        let v = r.version();
        assert!(r.apply_snapshot("a", vec![agent(&b, "1", Presence::Ready)], 40));
        assert!(r.version() > v, "an agent turning stale is a change");
        assert_eq!(r.get("a", "2").map(|a| a.freshness), Some(Freshness::Stale));
        let other: Arc<str> = Arc::from("other");
        let mixed = vec![
            agent(&b, "1", Presence::Ready),
            agent(&other, "9", Presence::Ready),
        ];
        assert!(!r.apply_snapshot("a", mixed, 50));
        assert_eq!(r.len(), 2, "an agent of another backend is not taken in");
    }

    #[test]
    fn distribution_counts_states_and_breaks_by_code() {
        let mut r = RosterStore::new();
        let b = r.add_backend("a", RosterScope::All);
        r.upsert(agent(&b, "1", Presence::Ready));
        r.upsert(Agent {
            activity: Activity::Talking,
            ..agent(&b, "2", Presence::Ready)
        });
        let lunch = Reason {
            code: "lunch".into(),
            label: "Lunch".into(),
            category: ReasonCategory::Meal,
            planned_secs: None,
        };
        r.upsert(Agent {
            reason: Some(lunch),
            ..agent(&b, "3", Presence::Break)
        });
        r.upsert(agent(&b, "4", Presence::Offline));
        let d = r.distribution(None);
        assert_eq!(
            (
                d.count(StateKey::Ready),
                d.count(StateKey::Talking),
                d.count(StateKey::Offline),
                d.on_break()
            ),
            (1, 1, 1, 1)
        );
        assert_eq!(d.breaks.get("lunch"), Some(&("Lunch".to_string(), 1)));
        assert_eq!(d.total(), 4);
        assert_eq!(r.distribution(Some("other")), Distribution::default());
    }

    #[test]
    fn stale_and_unknown_agents_are_counted_once_in_their_own_buckets() {
        let mut r = RosterStore::new();
        let b = r.add_backend(
            "a",
            RosterScope::Only(vec!["1".into(), "2".into(), "3".into()]),
        );
        r.upsert(agent(&b, "1", Presence::Ready));
        r.upsert(agent(&b, "2", Presence::Break));
        assert!(r.mark_stale("a"));
        assert!(!r.mark_stale("a"), "nothing fresh is left to mark");
        r.upsert(agent(&b, "1", Presence::Ready));
        let d = r.distribution(None);
        assert_eq!(d.count(StateKey::Ready), 1);
        assert_eq!(
            d.on_break(),
            0,
            "the stale agent on break is counted as stale only"
        );
        assert!(d.breaks.is_empty());
        assert_eq!((d.stale, d.unknown), (1, 1));
        assert_eq!(d.total(), r.len());
    }

    #[test]
    fn kept_agents_keep_their_copy_are_seen_and_fresh_again() {
        let mut r = RosterStore::new();
        let b = r.add_backend("a", RosterScope::All);
        let both = vec![
            agent(&b, "1", Presence::Ready),
            agent(&b, "2", Presence::Break),
        ];
        assert!(r.apply_snapshot("a", both, 10));
        assert!(r.mark_stale("a"));
        let kept: Vec<Arc<str>> = vec![Arc::from("1"), Arc::from("nobody")];
        assert!(
            r.apply_refresh("a", Vec::new(), &kept, 20),
            "1 is fresh again"
        );
        let one = r.get("a", "1").unwrap();
        assert_eq!(
            (one.presence, one.freshness, one.last_seen),
            (Presence::Ready, Freshness::Fresh, Some(20))
        );
        let two = r.get("a", "2").unwrap();
        assert_eq!((two.freshness, two.last_seen), (Freshness::Stale, Some(10)));
        assert_eq!(r.len(), 2, "an id the store does not hold is ignored");
        let v = r.version();
        assert!(!r.apply_refresh("a", Vec::new(), &kept[..1], 30));
        assert_eq!(r.version(), v, "only seen again: no new version");
        assert_eq!(r.get("a", "1").unwrap().last_seen, Some(30));
    }

    #[test]
    fn kept_ids_in_any_order_find_their_agents() {
        let mut r = RosterStore::new();
        let b = r.add_backend("a", RosterScope::All);
        let c = r.add_backend("c", RosterScope::All);
        let ids = ["1", "2", "3"];
        r.apply_snapshot(
            "a",
            ids.iter().map(|i| agent(&b, i, Presence::Ready)).collect(),
            1,
        );
        r.apply_snapshot("c", vec![agent(&c, "2", Presence::Break)], 1);
        let kept =
            |order: &[&str]| -> Vec<Arc<str>> { order.iter().map(|i| Arc::from(*i)).collect() };
        // The same order, another order, one gone, one unknown: each refresh sees exactly its ids.
        for (at, order) in [
            (2, vec!["1", "2", "3"]),
            (3, vec!["3", "1", "2"]),
            (4, vec!["x", "3", "1"]),
            (5, vec!["2", "x", "3", "1"]),
        ] {
            r.apply_refresh("a", Vec::new(), &kept(&order), at);
            for id in ids {
                let seen = r.get("a", id).unwrap().last_seen;
                assert_eq!(seen == Some(at), order.contains(&id), "{at} {id}");
            }
            assert_eq!(
                r.get("c", "2").unwrap().last_seen,
                Some(1),
                "another backend's agent"
            );
        }
    }
}
