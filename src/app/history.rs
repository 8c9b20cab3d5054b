//! The shift's history: per backend and per skill group, a bounded series of the state
//! distribution and the queue figures, one point per interval. Its memory is fixed by the
//! configuration (points per series × series), never by uptime: each series is a ring of
//! fixed-size points allocated once at its full size.
//!
//! A point holds 16-bit figures with `u16::MAX` for unknown ([`Fig`]), so an unknown figure stays
//! unknown in the trends and the exports, never 0. Sampled by [`super::App::tick`] from the roster
//! the app already keeps.

use crate::backend::QueueFigures;
use crate::config::HistoryConfig;
use crate::model::{Freshness, StateKey, UnixMs};
use std::collections::BTreeMap;

/// One figure in 16 bits: `u16::MAX` is unknown; larger counts saturate at `u16::MAX - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fig(u16);

impl Fig {
    pub const UNKNOWN: Fig = Fig(u16::MAX);

    pub fn new(value: Option<u64>) -> Fig {
        match value {
            Some(v) => Fig(v.min(u64::from(u16::MAX - 1)) as u16),
            None => Fig::UNKNOWN,
        }
    }

    pub fn known(value: u64) -> Fig {
        Fig::new(Some(value))
    }

    pub fn get(self) -> Option<u64> {
        (self != Fig::UNKNOWN).then_some(u64::from(self.0))
    }
}

/// The columns of a point's state counts: [`StateKey::SUMMARY`], then stale and not yet reported.
pub const STATE_COLUMNS: usize = StateKey::SUMMARY.len() + 2;
/// Index of the stale agents in [`Point::states`].
pub const STALE: usize = StateKey::SUMMARY.len();
/// Index of the agents not reported yet in [`Point::states`].
pub const NO_DATA: usize = StateKey::SUMMARY.len() + 1;

/// One sample of a backend's totals or of one skill group (28 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// Agents per [`StateKey::SUMMARY`] column, then stale, then not reported yet.
    pub states: [Fig; STATE_COLUMNS],
    pub waiting: Fig,
    /// Seconds the longest-waiting call has waited.
    pub longest: Fig,
    /// Service level in tenths of a percent (0–1000).
    pub sl_permille: Fig,
    pub abandoned: Fig,
    /// Average speed of answer, seconds.
    pub asa: Fig,
}

impl Point {
    /// A sample where nothing is known (the group was not reported, the backend was down).
    pub const UNKNOWN: Point = Point {
        states: [Fig::UNKNOWN; STATE_COLUMNS],
        waiting: Fig::UNKNOWN,
        longest: Fig::UNKNOWN,
        sl_permille: Fig::UNKNOWN,
        abandoned: Fig::UNKNOWN,
        asa: Fig::UNKNOWN,
    };

    /// Service level in percent.
    pub fn service_level(&self) -> Option<f64> {
        self.sl_permille.get().map(|p| p as f64 / 10.0)
    }

    /// The agents in a [`StateKey::SUMMARY`] state.
    pub fn state(&self, state: StateKey) -> Option<u64> {
        let i = StateKey::SUMMARY.iter().position(|s| *s == state)?;
        self.states[i].get()
    }

    /// The queue part from a queue's figures (`stale`: the backend's figures are its last known
    /// ones, recorded as unknown).
    fn set_queue(&mut self, q: Option<&QueueFigures>) {
        let Some(q) = q else {
            return;
        };
        self.waiting = Fig::known(q.waiting);
        self.longest = Fig::new(q.longest());
        if let Some(k) = &q.kpis {
            self.sl_permille = Fig::new(k.service_level_pct().map(|p| (p * 10.0).round() as u64));
            self.abandoned = Fig::new(k.abandoned);
            self.asa = Fig::new(k.avg_answer_secs);
        }
    }
}

/// A fixed-capacity ring, oldest first; allocated once at full size.
#[derive(Debug, Clone)]
pub struct Ring<T: Copy> {
    buf: Vec<T>,
    cap: usize,
    /// Where the next value goes once the ring is full (the oldest value).
    head: usize,
}

impl<T: Copy> Ring<T> {
    pub fn new(cap: usize) -> Ring<T> {
        Ring {
            buf: Vec::with_capacity(cap.max(1)),
            cap: cap.max(1),
            head: 0,
        }
    }

    pub fn push(&mut self, value: T) {
        if self.buf.len() < self.cap {
            self.buf.push(value);
        } else {
            self.buf[self.head] = value;
            self.head = (self.head + 1) % self.cap;
        }
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// The `i`-th value, oldest first.
    pub fn get(&self, i: usize) -> Option<T> {
        if i >= self.buf.len() {
            return None;
        }
        Some(self.buf[(self.head + i) % self.buf.len()])
    }

    pub fn last(&self) -> Option<T> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Values oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = T> + '_ {
        let (new, old) = self.buf.split_at(self.head.min(self.buf.len()));
        old.iter().chain(new.iter()).copied()
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.buf.capacity() * std::mem::size_of::<T>()
    }
}

/// One skill group's series.
#[derive(Debug, Clone)]
pub struct GroupSeries {
    pub name: String,
    /// Aligned with the backend's `times`.
    pub points: Ring<Point>,
}

/// One backend's series: the sample times, its totals and its groups', all aligned.
#[derive(Debug, Clone)]
pub struct BackendSeries {
    pub name: String,
    pub times: Ring<UnixMs>,
    pub totals: Ring<Point>,
    pub groups: BTreeMap<String, GroupSeries>,
    /// Groups seen but not recorded (over `max_groups`).
    pub dropped_groups: usize,
}

impl BackendSeries {
    fn new(name: &str, cap: usize) -> BackendSeries {
        BackendSeries {
            name: name.to_string(),
            times: Ring::new(cap),
            totals: Ring::new(cap),
            groups: BTreeMap::new(),
            dropped_groups: 0,
        }
    }

    /// The last `n` points of a figure of the totals (`None` where unknown), oldest first.
    pub fn totals_tail(&self, n: usize, f: impl Fn(&Point) -> Fig) -> Vec<Option<u64>> {
        tail(&self.totals, n, f)
    }

    fn heap_bytes(&self) -> usize {
        self.name.capacity()
            + self.times.heap_bytes()
            + self.totals.heap_bytes()
            + self
                .groups
                .iter()
                .map(|(id, g)| {
                    // A BTreeMap entry: key, value, and about a node's share per entry.
                    id.capacity()
                        + g.name.capacity()
                        + g.points.heap_bytes()
                        + std::mem::size_of::<(String, GroupSeries)>()
                })
                .sum::<usize>()
    }
}

/// The last `n` values of `f` over `ring`, oldest first.
pub fn tail(ring: &Ring<Point>, n: usize, f: impl Fn(&Point) -> Fig) -> Vec<Option<u64>> {
    let skip = ring.len().saturating_sub(n);
    ring.iter().skip(skip).map(|p| f(&p).get()).collect()
}

/// Everything the history records at one sample, per backend (built by the app from its roster).
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub backend: String,
    pub totals: Point,
    /// Group id → (name, point).
    pub groups: BTreeMap<String, (String, Point)>,
}

impl Default for Point {
    fn default() -> Point {
        Point::UNKNOWN
    }
}

/// The history of every backend.
#[derive(Debug, Clone)]
pub struct History {
    pub interval_ms: i64,
    pub capacity: usize,
    pub max_groups: usize,
    pub backends: Vec<BackendSeries>,
    /// When the next sample is due.
    next_due: Option<UnixMs>,
}

impl Default for History {
    fn default() -> History {
        History::new(&HistoryConfig::default())
    }
}

impl History {
    pub fn new(config: &HistoryConfig) -> History {
        History {
            interval_ms: config.interval_secs() as i64 * 1000,
            capacity: config.capacity(),
            max_groups: config.max_groups(),
            backends: Vec::new(),
            next_due: None,
        }
    }

    /// Whether a sample is due at `now` (the first one at once, then one per interval,
    /// aligned to the interval).
    pub fn due(&self, now: UnixMs) -> bool {
        self.next_due.is_none_or(|t| now >= t)
    }

    pub fn backend(&self, name: &str) -> Option<&BackendSeries> {
        self.backends.iter().find(|b| b.name == name)
    }

    /// Records one sample per backend at `at`.
    pub fn record(&mut self, at: UnixMs, samples: Vec<Sample>) {
        self.next_due = Some((at.div_euclid(self.interval_ms) + 1) * self.interval_ms);
        for s in samples {
            self.push(at, s);
        }
    }

    /// Appends one backend's sample at `at` (also used to restore a persisted series; a point
    /// not newer than the backend's last one is ignored).
    pub fn push(&mut self, at: UnixMs, sample: Sample) {
        let cap = self.capacity;
        let max_groups = self.max_groups;
        let pos = match self.backends.iter().position(|b| b.name == sample.backend) {
            Some(i) => i,
            None => {
                self.backends.push(BackendSeries::new(&sample.backend, cap));
                self.backends.len() - 1
            }
        };
        let b = &mut self.backends[pos];
        if b.times.last().is_some_and(|t| t >= at) {
            return;
        }
        // A gap (callboard was not running, or the clock jumped): unknown points, at most a
        // ring's worth, so the series stays one point per interval.
        if let Some(last) = b.times.last() {
            let missing = ((at - last) / self.interval_ms - 1).clamp(0, cap as i64);
            for k in 1..=missing {
                b.times.push(last + k * self.interval_ms);
                b.totals.push(Point::UNKNOWN);
                for g in b.groups.values_mut() {
                    g.points.push(Point::UNKNOWN);
                }
            }
        }
        let before = b.times.len();
        b.times.push(at);
        b.totals.push(sample.totals);
        let mut seen = sample.groups;
        for (id, g) in b.groups.iter_mut() {
            match seen.remove(id) {
                Some((name, p)) => {
                    if !name.is_empty() && name != g.name {
                        g.name = name;
                    }
                    g.points.push(p);
                }
                None => g.points.push(Point::UNKNOWN),
            }
        }
        for (id, (name, p)) in seen {
            if b.groups.len() >= max_groups {
                b.dropped_groups += 1;
                continue;
            }
            let mut points = Ring::new(cap);
            for _ in 0..before.min(cap - 1) {
                points.push(Point::UNKNOWN);
            }
            points.push(p);
            b.groups.insert(id, GroupSeries { name, points });
        }
    }

    /// Bytes the history holds on the heap (every ring at its full allocated size).
    pub fn heap_bytes(&self) -> usize {
        self.backends.capacity() * std::mem::size_of::<BackendSeries>()
            + self
                .backends
                .iter()
                .map(BackendSeries::heap_bytes)
                .sum::<usize>()
    }

    /// Every point, oldest first per backend: (backend, group id or `None` for the totals,
    /// group name, time, point).
    pub fn rows(&self) -> Vec<(&str, Option<&str>, &str, UnixMs, Point)> {
        let mut out = Vec::new();
        for b in &self.backends {
            for (i, at) in b.times.iter().enumerate() {
                if let Some(p) = b.totals.get(i) {
                    out.push((b.name.as_str(), None, "", at, p));
                }
                for (id, g) in &b.groups {
                    if let Some(p) = g.points.get(i) {
                        out.push((b.name.as_str(), Some(id.as_str()), g.name.as_str(), at, p));
                    }
                }
            }
        }
        out
    }
}

/// A point's state counts from agents: the fresh ones by [`StateKey::summary`], the stale and the
/// not-yet-reported in their own columns.
pub fn count_state(states: &mut [Fig; STATE_COLUMNS], freshness: Freshness, state: StateKey) {
    let i = match freshness {
        Freshness::Stale => STALE,
        Freshness::Unknown => NO_DATA,
        Freshness::Fresh => {
            let s = state.summary();
            StateKey::SUMMARY
                .iter()
                .position(|k| *k == s)
                .unwrap_or(STALE)
        }
    };
    let now = states[i].get().unwrap_or(0);
    states[i] = Fig::known(now + 1);
}

/// A point with every state count 0 and the queue figures unknown (the start of a count).
pub fn zero_states() -> Point {
    Point {
        states: [Fig::known(0); STATE_COLUMNS],
        ..Point::UNKNOWN
    }
}

/// The queue part of a point from `queue` (none: stays unknown).
pub fn with_queue(mut p: Point, queue: Option<&QueueFigures>) -> Point {
    p.set_queue(queue);
    p
}

/// A backend's totals over its queues: waiting summed, the longest wait the longest (unknown if
/// one queue with calls does not say), the service level over the summed counts where every
/// queue gives them.
pub fn queue_totals(mut p: Point, queues: &[QueueFigures]) -> Point {
    if queues.is_empty() {
        return p;
    }
    p.waiting = Fig::known(queues.iter().map(|q| q.waiting).sum());
    p.longest = Fig::new(crate::backend::longest_of(queues));
    let kpis: Option<Vec<_>> = queues.iter().map(|q| q.kpis.as_ref()).collect();
    if let Some(kpis) = kpis {
        let sum = |f: &dyn Fn(&crate::backend::QueueKpis) -> Option<u64>| {
            kpis.iter().map(|k| f(k)).sum::<Option<u64>>()
        };
        let within = sum(&|k| k.answered_in_threshold);
        let ended = sum(&|k| k.answered).zip(sum(&|k| k.abandoned));
        p.sl_permille = Fig::new(within.zip(ended).and_then(|(w, (a, b))| {
            (a + b > 0).then(|| ((w as f64) * 1000.0 / (a + b) as f64).round() as u64)
        }));
        p.abandoned = Fig::new(sum(&|k| k.abandoned));
        // The answered-weighted mean of the queues' speeds of answer.
        let weighted = kpis
            .iter()
            .map(|k| Some(k.avg_answer_secs? * k.answered?))
            .sum::<Option<u64>>();
        let answered = sum(&|k| k.answered);
        p.asa = Fig::new(
            weighted
                .zip(answered)
                .and_then(|(w, a)| (a > 0).then(|| (w as f64 / a as f64).round() as u64)),
        );
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(backend: &str, groups: &[(&str, u64)]) -> Sample {
        Sample {
            backend: backend.into(),
            totals: Point {
                waiting: Fig::known(groups.iter().map(|g| g.1).sum()),
                ..zero_states()
            },
            groups: groups
                .iter()
                .map(|(id, w)| {
                    (
                        id.to_string(),
                        (
                            format!("group {id}"),
                            Point {
                                waiting: Fig::known(*w),
                                ..zero_states()
                            },
                        ),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn fig_keeps_unknown_apart_from_zero_and_saturates() {
        assert_eq!(Fig::new(None).get(), None);
        assert_eq!(Fig::known(0).get(), Some(0));
        assert_eq!(Fig::known(1_000_000).get(), Some(65534));
        assert_eq!(std::mem::size_of::<Point>(), 28);
    }

    #[test]
    fn ring_keeps_the_newest_in_order() {
        let mut r = Ring::new(3);
        for i in 0..5 {
            r.push(i);
        }
        assert_eq!(r.iter().collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!((r.get(0), r.last(), r.len()), (Some(2), Some(4), 3));
        assert_eq!(r.heap_bytes(), 3 * std::mem::size_of::<i32>());
    }

    #[test]
    fn groups_stay_aligned_with_the_times_and_a_missing_group_is_unknown() {
        let mut h = History::new(&HistoryConfig {
            interval_secs: Some(90),
            hours: Some(0.1), // 4 points
            ..HistoryConfig::default()
        });
        assert_eq!(h.capacity, 4);
        h.record(0, vec![sample("a", &[("1", 3)])]);
        h.record(90_000, vec![sample("a", &[("1", 4), ("2", 1)])]);
        h.record(180_000, vec![sample("a", &[("2", 2)])]);
        let b = h.backend("a").unwrap();
        assert_eq!(b.times.len(), 3);
        let w = |id: &str| tail(&b.groups[id].points, 10, |p| p.waiting);
        assert_eq!(w("1"), [Some(3), Some(4), None]);
        assert_eq!(w("2"), [None, Some(1), Some(2)]);
        assert!(!h.due(269_999) && h.due(270_000));
        // An older or repeated time is not recorded twice.
        h.push(180_000, sample("a", &[("2", 9)]));
        assert_eq!(h.backend("a").unwrap().times.len(), 3);
        // A gap of two intervals is two unknown points.
        h.record(450_000, vec![sample("a", &[("2", 5)])]);
        let b = h.backend("a").unwrap();
        assert_eq!(
            b.times.iter().collect::<Vec<_>>(),
            [180_000, 270_000, 360_000, 450_000]
        );
        let w: Vec<_> = b.totals.iter().map(|p| p.waiting.get()).collect();
        assert_eq!(w, [Some(2), None, None, Some(5)]);
    }

    #[test]
    fn groups_over_the_bound_are_counted_not_kept() {
        let mut h = History::new(&HistoryConfig {
            max_groups: Some(2),
            ..HistoryConfig::default()
        });
        h.record(0, vec![sample("a", &[("1", 0), ("2", 0), ("3", 0)])]);
        let b = h.backend("a").unwrap();
        assert_eq!((b.groups.len(), b.dropped_groups), (2, 1));
    }

    #[test]
    fn service_level_abandoned_and_speed_of_answer_come_from_the_kpis() {
        use crate::backend::{KpiSource, QueueKpis};
        let q = |answered, within, abandoned, asa| QueueFigures {
            group_id: "g".into(),
            name: "G".into(),
            waiting: 2,
            longest_wait_secs: Some(30),
            kpis: Some(QueueKpis {
                source: KpiSource::Computed,
                since: 0,
                offered: None,
                answered: Some(answered),
                answered_in_threshold: Some(within),
                threshold_secs: 20,
                abandoned: Some(abandoned),
                avg_answer_secs: Some(asa),
                left_queue: None,
            }),
        };
        let p = with_queue(zero_states(), Some(&q(8, 6, 2, 10)));
        assert_eq!(p.service_level(), Some(60.0));
        assert_eq!((p.abandoned.get(), p.asa.get()), (Some(2), Some(10)));
        // Totals: counts summed, the speed of answer weighted by the calls answered.
        let t = queue_totals(zero_states(), &[q(8, 6, 2, 10), q(2, 2, 0, 40)]);
        assert_eq!(t.service_level(), Some(66.7));
        assert_eq!(
            (t.waiting.get(), t.abandoned.get(), t.asa.get()),
            (Some(4), Some(2), Some(16))
        );
        // One queue without figures: the totals' service level is unknown, not a partial one.
        let mut none = q(1, 1, 0, 5);
        none.kpis = None;
        let t = queue_totals(zero_states(), &[q(8, 6, 2, 10), none]);
        assert_eq!((t.service_level(), t.abandoned.get()), (None, None));
        assert_eq!(t.waiting.get(), Some(4));
    }
}
