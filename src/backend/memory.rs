//! What a poller remembers from one refresh to the next, so that a refresh is sent as changes:
//! the fingerprint of each agent's last vendor record ([`RefreshMemory`]), and the changes
//! themselves ([`Refresh`]). Unchanged agents are neither mapped, cleaned nor sent again; the
//! roster keeps its copy and only sees them at the refresh's time.

use super::QueueFigures;
use crate::model::Agent;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

/// The hasher of the refresh path's maps keyed by vendor ids: foldhash, seeded per process (a
/// peer cannot pick ids that collide).
pub type FastHash = foldhash::fast::RandomState;

/// A fast map keyed by agent id (the refresh path's lookups).
pub type IdMap<V> = HashMap<Arc<str>, V, FastHash>;

/// One refresh of a backend: the agents whose record changed since the previous one of the same
/// [`RefreshMemory`] (all of them the first time), the ids of the others, and the queues.
#[derive(Debug, Default)]
pub struct Refresh {
    pub agents: Vec<Agent>,
    pub kept: Vec<Arc<str>>,
    pub queues: Vec<QueueFigures>,
}

/// The fingerprints of the last refresh's records, owned by the one poller that sends them.
#[derive(Debug, Default)]
pub struct RefreshMemory {
    prints: IdMap<Last>,
    /// The number of the refresh under way (entries of earlier ones were not seen in it).
    refresh: u64,
    /// What else the mapping read (e.g. the directory's version): a change rebuilds every agent.
    context: u64,
}

/// An agent's fingerprint and the refresh that last saw it.
#[derive(Debug, Clone)]
struct Last {
    /// The key's id, shared (the kept ids a refresh sends).
    id: Arc<str>,
    print: Option<u64>,
    refresh: u64,
}

impl RefreshMemory {
    pub fn new() -> RefreshMemory {
        RefreshMemory::default()
    }

    /// Forgets everything: the next refresh sends every agent (after a failure, or when the
    /// receiver may have missed a refresh).
    pub fn clear(&mut self) {
        self.prints.clear();
    }

    /// Starts a refresh whose mapping also reads `context`: the last refresh's fingerprints
    /// (forgotten when `context` changed), updated in place, for [`RefreshMemory::finish`].
    pub fn begin(&mut self, context: u64) -> Fingerprints {
        if context != self.context {
            self.prints.clear();
            self.context = context;
        }
        self.refresh += 1;
        Fingerprints {
            prints: std::mem::take(&mut self.prints),
            refresh: self.refresh,
            seen: 0,
        }
    }

    /// Keeps this refresh's fingerprints for the next one; the agents it did not see are
    /// forgotten (new again when they come back).
    pub fn finish(&mut self, mut prints: Fingerprints) {
        if prints.seen != prints.prints.len() {
            let refresh = prints.refresh;
            prints.prints.retain(|_, last| last.refresh == refresh);
        }
        self.prints = prints.prints;
    }
}

/// What a refresh's record is, next to the last refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The same as last time: the shared id.
    Kept(Arc<str>),
    /// New, changed, or never taken as unchanged: map it.
    Changed,
    /// An id this refresh already had (the list shifted between pages): the first one stands.
    Repeated,
}

/// The fingerprints of a refresh under way, updated as its records are seen.
#[derive(Debug)]
pub struct Fingerprints {
    prints: IdMap<Last>,
    refresh: u64,
    seen: usize,
}

impl Fingerprints {
    /// Records `id`'s fingerprint for this refresh (`None`: a record that can never be taken as
    /// unchanged) and says whether it changed. An empty id is always mapped, never remembered.
    pub fn seen(&mut self, id: &str, print: Option<u64>) -> Seen {
        if id.is_empty() {
            return Seen::Changed;
        }
        let refresh = self.refresh;
        let Some(last) = self.prints.get_mut(id) else {
            let id: Arc<str> = Arc::from(id);
            let last = Last {
                id: id.clone(),
                print,
                refresh,
            };
            self.prints.insert(id, last);
            self.seen += 1;
            return Seen::Changed;
        };
        if last.refresh == refresh {
            return Seen::Repeated;
        }
        self.seen += 1;
        last.refresh = refresh;
        if print.is_some() && last.print == print {
            Seen::Kept(last.id.clone())
        } else {
            last.print = print;
            Seen::Changed
        }
    }

    /// Marks `id`'s record of this refresh as never to be taken as unchanged (its mapping read more
    /// than its text, e.g. our clock): the next refresh maps it again whatever its print.
    pub fn never_keep(&mut self, id: &str) {
        if let Some(last) = self.prints.get_mut(id) {
            last.print = None;
        }
    }

    /// [`Fingerprints::seen`] as the shared id of an unchanged record (`None`: map it).
    pub fn unchanged(&mut self, id: &str, print: Option<u64>) -> Option<Arc<str>> {
        match self.seen(id, print) {
            Seen::Kept(id) => Some(id),
            Seen::Changed | Seen::Repeated => None,
        }
    }
}

/// A fingerprint builder: feed it a record's fields, in a fixed order.
pub struct Print(foldhash::quality::FoldHasher);

impl Print {
    /// A fixed seed: a record's print is the same from one refresh to the next.
    pub fn new() -> Print {
        Print(foldhash::quality::FixedState::with_seed(0x63_616c_6c62_6f61).build_hasher())
    }

    /// A text field (length-prefixed, so `("ab", "c")` and `("a", "bc")` differ).
    pub fn text(&mut self, s: &str) -> &mut Print {
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
        self
    }

    pub fn int(&mut self, n: i64) -> &mut Print {
        self.0.write_i64(n);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for Print {
    fn default() -> Print {
        Print::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_records_are_kept_changed_and_new_ones_are_not() {
        let mut m = RefreshMemory::new();
        let mut p = m.begin(1);
        assert!(p.unchanged("a", Some(1)).is_none(), "new");
        assert!(p.unchanged("b", Some(2)).is_none(), "new");
        assert!(p.unchanged("c", None).is_none(), "never kept");
        m.finish(p);
        let mut p = m.begin(1);
        assert_eq!(p.unchanged("a", Some(1)).as_deref(), Some("a"));
        assert!(p.unchanged("b", Some(3)).is_none(), "changed");
        assert!(p.unchanged("c", None).is_none(), "never kept");
        m.finish(p);
        // `a` was not reported last time: new again; `b` kept its new print.
        let mut p = m.begin(1);
        assert!(p.unchanged("b", Some(3)).is_some());
        m.finish(p);
        let mut p = m.begin(1);
        assert!(
            p.unchanged("a", Some(1)).is_none(),
            "missing from the last refresh: new"
        );
        m.finish(p);
        // Another context rebuilds everything.
        let mut p = m.begin(2);
        assert!(p.unchanged("a", Some(1)).is_none());
        m.finish(p);
        m.clear();
        let mut p = m.begin(2);
        assert!(p.unchanged("a", Some(1)).is_none(), "cleared");
    }

    #[test]
    fn a_repeated_id_is_seen_once_and_an_empty_one_never_remembered() {
        let mut m = RefreshMemory::new();
        let mut p = m.begin(1);
        assert_eq!(p.seen("a", Some(1)), Seen::Changed);
        assert_eq!(p.seen("a", Some(2)), Seen::Repeated);
        assert_eq!(p.seen("", Some(1)), Seen::Changed);
        assert_eq!(p.seen("", Some(1)), Seen::Changed);
        m.finish(p);
        let mut p = m.begin(1);
        assert_eq!(
            p.seen("a", Some(1)),
            Seen::Kept(Arc::from("a")),
            "the first stood"
        );
        assert_eq!(p.seen("", Some(1)), Seen::Changed);
        assert_eq!(p.seen("b", Some(5)), Seen::Changed);
        p.never_keep("b");
        m.finish(p);
        let mut p = m.begin(1);
        assert_eq!(p.seen("b", Some(5)), Seen::Changed, "never kept");
        m.finish(p);
        let mut p = m.begin(1);
        assert_eq!(
            p.seen("b", Some(5)),
            Seen::Kept(Arc::from("b")),
            "kept once allowed"
        );
        m.finish(p);
    }

    #[test]
    fn prints_tell_field_boundaries_apart() {
        let p = |a: &str, b: &str| Print::new().text(a).text(b).finish();
        assert_ne!(p("ab", "c"), p("a", "bc"));
        assert_eq!(p("ab", "c"), p("ab", "c"));
        assert_ne!(Print::new().int(1).finish(), Print::new().int(2).finish());
    }
}
