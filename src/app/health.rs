//! A backend's freshness as the screen tells it, in one place: the age of its data (time since
//! its last full, successful refresh; the same meaning for both vendors, whatever their poll
//! interval or live event feed), when that data counts as late (three poll intervals, at least
//! [`LATE_AT_LEAST_SECS`]), and whether its figures are stale (down, refused at sign-in after
//! having answered, or late). The header's dot, its queue marks and the agents' freshness all
//! follow from these.

use super::{App, BackendView};
use crate::backend::Health;
use crate::model::UnixMs;

/// Data is never called late sooner than this, however short the poll interval.
pub const LATE_AT_LEAST_SECS: u64 = 10;

impl BackendView {
    /// Seconds since the last full, successful refresh; `None` before the first one.
    pub fn data_age_secs(&self, now: UnixMs) -> Option<u64> {
        self.status
            .last_ok
            .map(|ok| ((now - ok).max(0) / 1000) as u64)
    }

    /// How old the data may get before it is late: three poll intervals, at least 10 s.
    pub fn late_after_secs(&self) -> u64 {
        (self.poll_interval.as_secs_f64() * 3.0)
            .ceil()
            .max(LATE_AT_LEAST_SECS as f64) as u64
    }

    /// No full refresh for longer than [`BackendView::late_after_secs`] (a refresh hangs, or
    /// the poller stopped), although the health has not said so yet.
    pub fn is_late(&self, now: UnixMs) -> bool {
        self.data_age_secs(now)
            .is_some_and(|age| age > self.late_after_secs())
    }

    /// Whether what the screen shows of this backend is its last known state, not its current one:
    /// it is down, it refused the credentials after having answered, or its data is late.
    pub fn is_stale(&self, now: UnixMs) -> bool {
        match self.status.health {
            Health::Down { .. } => true,
            Health::AuthFailed { .. } => self.status.last_ok.is_some(),
            _ => self.is_late(now),
        }
    }

    /// Whether queue figures have come in at all (before the first refresh they are unknown).
    pub fn has_queue_figures(&self) -> bool {
        self.status.last_ok.is_some()
    }

    /// This backend's queue figures: (waiting calls, longest wait in seconds if known).
    pub fn queue_figures(&self) -> (u64, Option<u64>) {
        (
            self.queues.iter().map(|q| q.waiting).sum(),
            crate::backend::longest_of(&self.queues),
        )
    }
}

/// How far the queue totals can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueTrust {
    /// Every backend's figures are current.
    Fresh,
    /// Some backends' figures are stale.
    PartlyStale,
    /// Every backend with figures is stale.
    Stale,
    /// No backend has reported queue figures yet.
    Unknown,
}

impl App {
    /// Agents of backends whose data is late are marked stale (their backend has not said it is
    /// down, but the data is older than three poll intervals). Returns whether any changed.
    pub(crate) fn mark_late_backends(&mut self) -> bool {
        let late: Vec<_> = self
            .backends
            .iter()
            .filter(|b| b.is_late(self.now))
            .map(|b| b.name.clone())
            .collect();
        let mut changed = false;
        for name in late {
            // Checked first: a shared roster (`callboard serve`) is copied only to change it.
            if self.roster.has_fresh(&name) {
                changed |= self.roster_mut().mark_stale(&name);
            }
        }
        changed
    }

    /// Totals of the queue figures of the backends in scope: (waiting calls, longest wait in
    /// seconds if every backend knows it, how far they can be trusted).
    pub fn queue_summary(&self) -> (u64, Option<u64>, QueueTrust) {
        let mut waiting = 0;
        let mut longest = Some(0);
        let (mut reported, mut stale) = (0, 0);
        for b in self
            .backends
            .iter()
            .filter(|b| self.backend_scope.as_deref().is_none_or(|s| s == &*b.name))
            .filter(|b| b.has_queue_figures())
        {
            let (w, l) = b.queue_figures();
            waiting += w;
            longest = longest.zip(l).map(|(a, b)| a.max(b));
            reported += 1;
            stale += usize::from(b.is_stale(self.now));
        }
        let trust = match (reported, stale) {
            (0, _) => QueueTrust::Unknown,
            (_, 0) => QueueTrust::Fresh,
            (r, s) if s == r => QueueTrust::Stale,
            _ => QueueTrust::PartlyStale,
        };
        (waiting, longest, trust)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::BackendStatus;
    use crate::config::{BackendKind, Thresholds};
    use std::sync::Arc;
    use std::time::Duration;

    fn view(poll_secs: f64, health: Health, last_ok: Option<UnixMs>) -> BackendView {
        BackendView {
            name: Arc::from("b"),
            kind: BackendKind::Aliyun,
            thresholds: Thresholds::default(),
            poll_interval: Duration::from_secs_f64(poll_secs),
            status: BackendStatus {
                backend: Arc::from("b"),
                health,
                last_ok,
                insecure_tls: false,
            },
            queues: Vec::new(),
        }
    }

    #[test]
    fn late_means_three_poll_intervals_for_either_vendor() {
        let alibaba = view(2.0, Health::Connected, Some(0));
        let huawei = view(30.0, Health::Connected, Some(0));
        assert_eq!(alibaba.late_after_secs(), 10);
        assert_eq!(huawei.late_after_secs(), 90);
        assert!(!alibaba.is_late(10_000) && alibaba.is_late(11_000));
        assert!(!huawei.is_late(90_000) && huawei.is_late(91_000));
        assert_eq!(huawei.data_age_secs(91_500), Some(91));
        assert!(!view(2.0, Health::Connecting, None).is_stale(1_000_000));
    }

    #[test]
    fn down_and_refused_after_answering_are_stale() {
        let down = Health::Down { reason: "x".into() };
        let refused = Health::AuthFailed { reason: "x".into() };
        assert!(view(2.0, down, Some(0)).is_stale(0));
        assert!(view(2.0, refused.clone(), Some(0)).is_stale(0));
        assert!(!view(2.0, refused, None).is_stale(0));
        assert!(!view(2.0, Health::Degraded { reason: "x".into() }, Some(0)).is_stale(0));
    }
}
