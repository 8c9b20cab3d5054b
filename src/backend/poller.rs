//! The poller tasks: spawning one per backend, and its loop: a full refresh every poll interval
//! sent as a `Snapshot`, health changes as `Status`, errors as `Log` lines, and jittered exponential
//! backoff while the backend fails. It never panics and only stops when the event channel closes.

use super::backoff;
use super::{Backend, BackendEvent, BackendStatus, Fleet, Health, LogEntry, LogLevel};
use crate::clock::now_ms;
use crate::model::UnixMs;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Consecutive failed refreshes after which a backend is `Down` (its agents turn stale); fewer
/// make it `Degraded`.
pub const DOWN_AFTER: u32 = 2;
/// Longest a single refresh may take before it counts as failed.
pub const REFRESH_TIMEOUT: Duration = Duration::from_secs(60);

/// The poller's backoff for `interval`: the first wait (half the poll interval, 100 ms to 5 s) and
/// the cap (two poll intervals, at most 60 s, at least the first wait).
fn backoff_bounds(interval: Duration) -> (Duration, Duration) {
    let base = (interval / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
    let cap = (interval * 2).min(Duration::from_secs(60)).max(base);
    (base, cap)
}

/// The longest wait before the next refresh after `failures` consecutive failures: half the poll
/// interval (at most 5 s), doubling per failure, capped at two poll intervals (and 60 s), so a
/// backend that recovers is seen again within two poll cycles. The poller waits a random time
/// between half of this and this (`backoff::delay`), so pollers that failed together retry apart.
pub fn backoff_delay(interval: Duration, failures: u32) -> Duration {
    let (base, cap) = backoff_bounds(interval);
    backoff::ceiling(base, cap, failures)
}

/// The jittered wait the poller sleeps after `failures` consecutive failures.
fn jittered_backoff(interval: Duration, failures: u32) -> Duration {
    let (base, cap) = backoff_bounds(interval);
    backoff::delay(base, cap, failures, &mut rand::thread_rng())
}

impl Backend {
    /// Starts this backend's poller (see the module doc); Huawei also forwards agent events
    /// between refreshes into `tx`. Stops when `tx` closes.
    pub fn spawn_poller(&self, tx: mpsc::Sender<BackendEvent>) -> JoinHandle<()> {
        if let Backend::Huawei(h) = self {
            h.set_sink(tx.clone());
        }
        tokio::spawn(run(self.clone(), tx))
    }
}

impl Fleet {
    /// One poller per backend, all sending into `tx`.
    pub fn spawn_pollers(&self, tx: mpsc::Sender<BackendEvent>) -> Vec<JoinHandle<()>> {
        self.backends()
            .iter()
            .map(|b| b.spawn_poller(tx.clone()))
            .collect()
    }
}

fn same_kind(a: &Health, b: &Health) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Runs until `tx` closes (see the module doc).
async fn run(backend: Backend, tx: mpsc::Sender<BackendEvent>) {
    let name: Arc<str> = backend.name();
    let interval = backend.poll_interval();
    let insecure = backend.insecure_tls();
    let status = |health: Health, last_ok: Option<UnixMs>| {
        BackendEvent::Status(BackendStatus {
            backend: name.clone(),
            health,
            last_ok,
            insecure_tls: insecure,
        })
    };
    let log = |level: LogLevel, text: String| {
        BackendEvent::Log(LogEntry {
            at: now_ms(),
            backend: name.clone(),
            agent: None,
            level,
            text,
        })
    };
    let mut health = Health::Connecting;
    if tx.send(status(health.clone(), None)).await.is_err() {
        return;
    }
    let mut failures = 0u32;
    let mut last_ok: Option<UnixMs> = None;
    loop {
        let started = Instant::now();
        let result = match tokio::time::timeout(REFRESH_TIMEOUT, backend.snapshot()).await {
            Ok(r) => r.map_err(|e| e.to_string()),
            Err(_) => Err(format!(
                "backend {name}: no full refresh within {} s",
                REFRESH_TIMEOUT.as_secs()
            )),
        };
        let (next, delay) = match result {
            Ok((agents, queues)) => {
                let at = now_ms();
                last_ok = Some(at);
                let snap = BackendEvent::Snapshot {
                    backend: name.clone(),
                    agents,
                    queues,
                    at,
                };
                if tx.send(snap).await.is_err() {
                    return;
                }
                if failures > 0 {
                    let text =
                        format!("backend {name} answers again after {failures} failed refresh(es)");
                    if tx.send(log(LogLevel::Info, text)).await.is_err() {
                        return;
                    }
                }
                failures = 0;
                (
                    Health::Connected,
                    interval.saturating_sub(started.elapsed()),
                )
            }
            Err(reason) => {
                failures += 1;
                let delay = jittered_backoff(interval, failures);
                tracing::warn!(backend = %name, failures, error = %reason, "refresh failed");
                let next = if failures >= DOWN_AFTER {
                    Health::Down {
                        reason: reason.clone(),
                    }
                } else {
                    Health::Degraded {
                        reason: reason.clone(),
                    }
                };
                // One log line per failure streak step up to the Down point, then every tenth.
                if failures <= DOWN_AFTER || failures % 10 == 0 {
                    let text = format!(
                        "refresh failed ({failures} in a row), next try in {:.1} s: {reason}",
                        delay.as_secs_f64()
                    );
                    if tx.send(log(LogLevel::Error, text)).await.is_err() {
                        return;
                    }
                }
                (next, delay)
            }
        };
        if !same_kind(&next, &health) {
            health = next;
            if tx.send(status(health.clone(), last_ok)).await.is_err() {
                return;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = tx.closed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_two_intervals() {
        let i = Duration::from_secs(2);
        let d: Vec<u64> = (1..=6)
            .map(|n| backoff_delay(i, n).as_millis() as u64)
            .collect();
        assert_eq!(d, vec![1000, 2000, 4000, 4000, 4000, 4000]);
        assert_eq!(
            backoff_delay(Duration::from_secs(3600), 20),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn the_poller_waits_a_jittered_share_of_the_backoff() {
        let i = Duration::from_secs(2);
        for failures in 1..=6 {
            let most = backoff_delay(i, failures);
            for _ in 0..50 {
                let d = jittered_backoff(i, failures);
                assert!(d >= most / 2 && d <= most, "{failures}: {d:?}");
            }
        }
    }
}
