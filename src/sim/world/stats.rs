//! The world's own queue statistics, the ground truth of service level: per skill group and per
//! 5-minute interval, the calls offered to the queue, answered (with each answer's wait, so
//! "answered within T s" for any T up to 60 s), abandoned and overflowed. Memory is bounded: the
//! last [`KEEP_BUCKETS`] intervals per group, a fixed-size record each.
//!
//! Attribution: a call counts as offered in the interval it entered the queue, as answered or
//! abandoned in the interval it left it. The wait of an answered call is from entering the queue
//! to the agent answering (ringing included), in whole seconds (the world ticks every second).

use super::SimMs;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Length of one interval: 5 minutes, aligned to the Unix epoch (00–05, 05–10, …).
pub const BUCKET_MS: SimMs = 300_000;
/// Intervals kept per group: 24 hours.
pub const KEEP_BUCKETS: usize = 12 * 24;
/// Waits are counted per whole second 0..=60; the last slot holds every wait over 60 s.
pub const WAIT_SLOTS: usize = 62;

/// The start of the interval holding `at`.
pub fn bucket_start(at: SimMs) -> SimMs {
    at.div_euclid(BUCKET_MS) * BUCKET_MS
}

/// The counts of one group over some span (one interval, or several summed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub overflow: u64,
    /// Sum of the answered calls' waits, milliseconds.
    pub answer_wait_ms: u64,
    /// Answered calls per wait in whole seconds (index 61: over 60 s).
    pub waits: Vec<u32>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            offered: 0,
            answered: 0,
            abandoned: 0,
            overflow: 0,
            answer_wait_ms: 0,
            waits: vec![0; WAIT_SLOTS],
        }
    }
}

impl Tally {
    /// Calls answered with a wait of at most `secs` seconds; `None` above 60 s (not counted).
    pub fn answered_within(&self, secs: u64) -> Option<u64> {
        let last = usize::try_from(secs).ok().filter(|s| *s < WAIT_SLOTS - 1)?;
        Some(self.waits[..=last].iter().map(|n| u64::from(*n)).sum())
    }

    /// Average wait of the answered calls in seconds (unrounded); `None` when none was answered.
    pub fn avg_answer_secs(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.answer_wait_ms as f64 / 1000.0 / self.answered as f64)
    }

    fn add(&mut self, other: &Tally) {
        self.offered += other.offered;
        self.answered += other.answered;
        self.abandoned += other.abandoned;
        self.overflow += other.overflow;
        self.answer_wait_ms += other.answer_wait_ms;
        for (a, b) in self.waits.iter_mut().zip(&other.waits) {
            *a += *b;
        }
    }
}

#[derive(Debug, Clone)]
struct Bucket {
    start: SimMs,
    tally: Tally,
}

/// The statistics of every group, by group index.
#[derive(Debug, Clone, Default)]
pub struct QueueStats {
    groups: Vec<VecDeque<Bucket>>,
}

impl QueueStats {
    pub fn new(groups: usize) -> QueueStats {
        QueueStats {
            groups: vec![VecDeque::new(); groups],
        }
    }

    fn bucket(&mut self, group: usize, at: SimMs) -> Option<&mut Tally> {
        let list = self.groups.get_mut(group)?;
        let start = bucket_start(at);
        if list.back().is_none_or(|b| b.start < start) {
            list.push_back(Bucket {
                start,
                tally: Tally::default(),
            });
            while list.len() > KEEP_BUCKETS {
                list.pop_front();
            }
        }
        // Events arrive in time order, so the interval is the last one (or, for a clock that
        // never goes back, one just pushed); an older one is looked up.
        list.iter_mut()
            .rev()
            .find(|b| b.start == start)
            .map(|b| &mut b.tally)
    }

    pub fn offered(&mut self, group: usize, at: SimMs) {
        if let Some(t) = self.bucket(group, at) {
            t.offered += 1;
        }
    }

    pub fn answered(&mut self, group: usize, at: SimMs, wait_ms: SimMs) {
        if let Some(t) = self.bucket(group, at) {
            let wait_ms = wait_ms.max(0);
            t.answered += 1;
            t.answer_wait_ms += wait_ms as u64;
            let slot = usize::try_from(wait_ms / 1000)
                .unwrap_or(WAIT_SLOTS - 1)
                .min(WAIT_SLOTS - 1);
            t.waits[slot] += 1;
        }
    }

    pub fn abandoned(&mut self, group: usize, at: SimMs) {
        if let Some(t) = self.bucket(group, at) {
            t.abandoned += 1;
        }
    }

    /// The counts of `group` over the intervals starting in `[from, to)`.
    pub fn sum(&self, group: usize, from: SimMs, to: SimMs) -> Tally {
        let mut out = Tally::default();
        if let Some(list) = self.groups.get(group) {
            for b in list.iter().filter(|b| b.start >= from && b.start < to) {
                out.add(&b.tally);
            }
        }
        out
    }

    /// Every kept interval of `group` as `(start, counts)`, oldest first.
    pub fn intervals(&self, group: usize) -> impl Iterator<Item = (SimMs, &Tally)> {
        self.groups
            .get(group)
            .into_iter()
            .flatten()
            .map(|b| (b.start, &b.tally))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_in_their_interval_and_sum_over_a_span() {
        let mut s = QueueStats::new(2);
        s.offered(0, 1_000);
        s.answered(0, 2_000, 15_000);
        s.answered(0, 3_000, 25_000);
        s.offered(0, BUCKET_MS + 1);
        s.abandoned(0, BUCKET_MS + 2);
        s.offered(1, 5);
        let first = s.sum(0, 0, BUCKET_MS);
        assert_eq!((first.offered, first.answered, first.abandoned), (1, 2, 0));
        assert_eq!(first.answered_within(20), Some(1));
        assert_eq!(first.answered_within(25), Some(2));
        assert_eq!(first.answered_within(61), None);
        assert_eq!(first.avg_answer_secs(), Some(20.0));
        let both = s.sum(0, 0, 2 * BUCKET_MS);
        assert_eq!((both.offered, both.abandoned), (2, 1));
        assert_eq!(s.sum(1, 0, BUCKET_MS).offered, 1);
        assert_eq!(s.intervals(0).count(), 2);
    }

    #[test]
    fn memory_is_bounded_to_the_kept_intervals() {
        let mut s = QueueStats::new(1);
        for i in 0..(KEEP_BUCKETS as i64 + 50) {
            s.offered(0, i * BUCKET_MS);
        }
        assert_eq!(s.intervals(0).count(), KEEP_BUCKETS);
        assert_eq!(s.intervals(0).next().map(|(t, _)| t), Some(50 * BUCKET_MS));
    }

    #[test]
    fn an_unknown_group_is_ignored() {
        let mut s = QueueStats::new(1);
        s.offered(7, 0);
        assert_eq!(s.sum(7, 0, BUCKET_MS), Tally::default());
    }
}
