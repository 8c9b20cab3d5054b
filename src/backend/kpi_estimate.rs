//! Service level computed by callboard when a vendor reports none for a group: an estimate from
//! the queue figures of successive polls (waiting calls, longest wait), labelled
//! [`KpiSource::Computed`]. Method (docs/shift-kpis.md): the calls waiting are tracked as a
//! first-in-first-out line of estimated entry times; a call that appears between two polls entered
//! at the later poll (its wait is under-estimated by at most one poll interval; the calls waiting at
//! the first poll are tracked but not counted as offered), the head's entry
//! is re-anchored on the vendor's longest wait when it gives one, and calls that left between two
//! polls left from the head with the wait up to that poll. Whether a call that left was answered
//! or abandoned cannot be seen from queue figures, so answered and abandoned stay unknown and the
//! service level is "left the queue within T s" over "left the queue". The figures cover the
//! current hour.

use super::{KpiSource, QueueFigures, QueueKpis};
use crate::model::UnixMs;
use std::collections::{HashMap, VecDeque};

const HOUR_MS: i64 = 3_600_000;
/// Most calls tracked per group (a queue longer than this is capped; memory stays bounded).
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Default)]
struct Line {
    /// Whether a poll was seen: the calls waiting at the first one were not seen arriving, so
    /// they are tracked (their leaving counts) but not counted as offered.
    seen: bool,
    since: UnixMs,
    entries: VecDeque<UnixMs>,
    offered: u64,
    left: u64,
    left_within: u64,
    wait_ms: u64,
}

/// The estimate of every group of one backend, fed with each poll's queue figures.
#[derive(Debug, Default)]
pub struct Estimator {
    lines: HashMap<String, Line>,
}

impl Estimator {
    /// Feeds one poll's figures at `now` and returns each group's estimate, in `queues` order.
    pub fn observe(
        &mut self,
        now: UnixMs,
        threshold_secs: u64,
        queues: &[QueueFigures],
    ) -> Vec<QueueKpis> {
        let hour = now.div_euclid(HOUR_MS) * HOUR_MS;
        self.lines
            .retain(|id, _| queues.iter().any(|q| &q.group_id == id));
        queues
            .iter()
            .map(|q| {
                let line = self
                    .lines
                    .entry(q.group_id.clone())
                    .or_insert_with(|| Line {
                        since: hour,
                        ..Line::default()
                    });
                if line.since != hour {
                    *line = Line {
                        seen: true,
                        since: hour,
                        entries: std::mem::take(&mut line.entries),
                        ..Line::default()
                    };
                }
                line.step(now, threshold_secs, q);
                line.kpis(threshold_secs)
            })
            .collect()
    }
}

impl Line {
    fn step(&mut self, now: UnixMs, threshold_secs: u64, q: &QueueFigures) {
        let waiting = usize::try_from(q.waiting)
            .unwrap_or(usize::MAX)
            .min(MAX_TRACKED);
        while self.entries.len() > waiting {
            if let Some(entered) = self.entries.pop_front() {
                let wait = (now - entered).max(0) as u64;
                self.left += 1;
                self.wait_ms += wait;
                if wait <= threshold_secs * 1000 {
                    self.left_within += 1;
                }
            }
        }
        while self.entries.len() < waiting {
            self.entries.push_back(now);
            if self.seen {
                self.offered += 1;
            }
        }
        self.seen = true;
        if let (Some(longest), Some(head)) = (q.longest(), self.entries.front_mut()) {
            *head = (now - longest as i64 * 1000).min(*head);
        }
    }

    fn kpis(&self, threshold_secs: u64) -> QueueKpis {
        QueueKpis {
            source: KpiSource::Computed,
            since: self.since,
            offered: Some(self.offered),
            answered: None,
            answered_in_threshold: Some(self.left_within),
            threshold_secs,
            abandoned: None,
            avg_answer_secs: (self.left > 0)
                .then(|| (self.wait_ms as f64 / 1000.0 / self.left as f64).round() as u64),
            left_queue: Some(self.left),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(waiting: u64, longest: Option<u64>) -> QueueFigures {
        QueueFigures {
            group_id: "g".into(),
            name: "g".into(),
            waiting,
            longest_wait_secs: longest,
            kpis: None,
        }
    }

    #[test]
    fn calls_leaving_the_head_count_with_their_estimated_wait() {
        let mut e = Estimator::default();
        let t0 = 10 * HOUR_MS;
        // The first poll: two calls wait (not seen arriving: not offered), the head for 5 s.
        let k = e.observe(t0, 20, &[q(2, Some(5))]).remove(0);
        assert_eq!((k.offered, k.left_queue), (Some(0), Some(0)));
        // 10 s later one left (it waited 15 s: within 20 s).
        let k = e.observe(t0 + 10_000, 20, &[q(1, Some(10))]).remove(0);
        assert_eq!(k.source, KpiSource::Computed);
        assert_eq!(
            (k.offered, k.left_queue, k.answered_in_threshold),
            (Some(0), Some(1), Some(1))
        );
        assert_eq!(k.avg_answer_secs, Some(15));
        assert_eq!((k.answered, k.abandoned), (None, None), "unknown, never 0");
        // Two arrive; then all three leave 30 s later: after 40 s, 30 s and 30 s (outside 20 s).
        let k = e.observe(t0 + 10_000, 20, &[q(3, Some(10))]).remove(0);
        assert_eq!(k.offered, Some(2));
        let k = e.observe(t0 + 40_000, 20, &[q(0, None)]).remove(0);
        assert_eq!((k.left_queue, k.answered_in_threshold), (Some(4), Some(1)));
        assert_eq!(k.avg_answer_secs, Some(29), "(15 + 40 + 30 + 30) / 4");
        assert_eq!(k.service_level_pct(), Some(25.0));
        // A new hour starts the counts again.
        let k = e.observe(t0 + HOUR_MS, 20, &[q(0, None)]).remove(0);
        assert_eq!((k.since, k.left_queue), (t0 + HOUR_MS, Some(0)));
        assert_eq!(k.service_level_pct(), None);
    }
}
