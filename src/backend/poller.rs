//! The poller tasks: spawning one per backend, and its loop. Until the backend is connected it
//! connects with backoff in the background (`Retrying` with the attempt and the last error, or
//! `AuthFailed`, retried slowly); then a full refresh every poll interval sent as a `Snapshot`,
//! health changes as `Status`, errors as `Log` lines, and jittered exponential backoff while the
//! backend fails. It never panics and only stops when the event channel closes.

use super::backoff;
use super::{
    Backend, BackendError, BackendEvent, BackendStatus, Fleet, Health, LogEntry, LogLevel, Refresh,
    RefreshMemory, SignInPolicy,
};
use crate::clock::now_ms;
use crate::config::{BackendConfig, BackendKind};
use crate::model::UnixMs;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Consecutive failed refreshes after which a backend is `Down` (its agents turn stale); fewer
/// make it `Degraded`.
pub const DOWN_AFTER: u32 = 2;
/// Longest a single refresh may take before it counts as failed.
pub const REFRESH_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest one attempt to connect (Huawei: sign-in, rest causes, monitoring) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// First wait after the vendor refused the credentials: such a backend is retried, but slowly
/// (the config or the account has to change first).
pub const AUTH_RETRY_BASE: Duration = Duration::from_secs(30);
/// Longest wait between two attempts with refused credentials.
pub const AUTH_RETRY_CAP: Duration = Duration::from_secs(300);

/// The poller's backoff for `interval`: the first wait (half the poll interval, 100 ms to 5 s) and
/// the cap (one poll interval, at most 60 s, at least the first wait).
fn backoff_bounds(interval: Duration) -> (Duration, Duration) {
    let base = (interval / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
    let cap = interval.min(Duration::from_secs(60)).max(base);
    (base, cap)
}

/// The longest wait before the next refresh after `failures` consecutive failures: half the poll
/// interval (at most 5 s), doubling per failure, capped at one poll interval (and 60 s), so a
/// backend that recovers is refreshed again, refresh included, within two poll cycles (the
/// 10,000-agent soak measured 2.2 and 2.3 cycles after throttling with caps of 2 and 1.5
/// intervals). A failing backend is thus polled no faster than a healthy one; the Alibaba client
/// still honours `x-acs-retry-after` within a refresh. The poller waits a random time
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

/// The wait after `failures` consecutive failures, slow ones when the credentials were refused.
fn retry_delay(interval: Duration, failures: u32, auth: bool) -> Duration {
    if auth {
        backoff::delay(
            AUTH_RETRY_BASE,
            AUTH_RETRY_CAP,
            failures,
            &mut rand::thread_rng(),
        )
    } else {
        jittered_backoff(interval, failures)
    }
}

impl Backend {
    /// Starts this (connected) backend's poller (see the module doc); Huawei also forwards agent
    /// events between refreshes into `tx`. Stops when `tx` closes.
    pub fn spawn_poller(&self, tx: mpsc::Sender<BackendEvent>) -> JoinHandle<()> {
        let slot = Arc::new(OnceLock::new());
        let _ = slot.set(self.clone());
        tokio::spawn(run(self.config().clone(), slot, SignInPolicy::Respect, tx))
    }
}

impl Fleet {
    /// One poller per configured backend, all sending into `tx`; those not connected yet are
    /// connected first, in the background, with the fleet's sign-in policy.
    pub fn spawn_pollers(&self, tx: mpsc::Sender<BackendEvent>) -> Vec<JoinHandle<()>> {
        self.members()
            .iter()
            .map(|m| {
                tokio::spawn(run(
                    m.config.clone(),
                    m.backend.clone(),
                    self.policy(),
                    tx.clone(),
                ))
            })
            .collect()
    }
}

fn same_kind(a: &Health, b: &Health) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// What a poller sends: statuses and log lines of one backend.
struct Out {
    name: Arc<str>,
    insecure: bool,
    tx: mpsc::Sender<BackendEvent>,
}

impl Out {
    /// Sends a status; `false` when the channel is closed (the poller stops).
    async fn status(&self, health: Health, last_ok: Option<UnixMs>) -> bool {
        let ev = BackendEvent::Status(BackendStatus {
            backend: self.name.clone(),
            health,
            last_ok,
            insecure_tls: self.insecure,
        });
        self.tx.send(ev).await.is_ok()
    }

    /// Sends an event-log line; `false` when the channel is closed.
    async fn log(&self, level: LogLevel, text: String) -> bool {
        let ev = BackendEvent::Log(LogEntry {
            at: now_ms(),
            backend: self.name.clone(),
            agent: None,
            level,
            text,
        });
        self.tx.send(ev).await.is_ok()
    }

    /// Sleeps `delay`; `false` when the channel closed meanwhile.
    async fn wait(&self, delay: Duration) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(delay) => true,
            _ = self.tx.closed() => false,
        }
    }
}

/// Runs until `tx` closes (see the module doc).
async fn run(
    cfg: BackendConfig,
    slot: Arc<OnceLock<Backend>>,
    policy: SignInPolicy,
    tx: mpsc::Sender<BackendEvent>,
) {
    let mut out = Out {
        name: Arc::from(cfg.name.as_str()),
        insecure: cfg.kind == BackendKind::Huawei && cfg.insecure_skip_verify,
        tx,
    };
    if !out.status(Health::Connecting, None).await {
        return;
    }
    let (backend, health) = match slot.get() {
        Some(b) => (b.clone(), Health::Connecting),
        None => match connect(&cfg, &slot, policy, &out).await {
            Some(connected) => connected,
            None => return,
        },
    };
    out.insecure = backend.insecure_tls();
    if let Backend::Huawei(h) = &backend {
        h.set_sink(out.tx.clone());
    }
    refresh(backend, out, health).await;
}

/// Connects with backoff until it works (`None` when the channel closed first); returns the
/// backend and the health last shown.
async fn connect(
    cfg: &BackendConfig,
    slot: &OnceLock<Backend>,
    policy: SignInPolicy,
    out: &Out,
) -> Option<(Backend, Health)> {
    let interval = cfg.poll_interval();
    let mut attempt: u32 = 1;
    let mut shown = Health::Connecting;
    loop {
        let result =
            match tokio::time::timeout(CONNECT_TIMEOUT, Backend::connect_with(cfg, policy)).await {
                Ok(r) => r,
                Err(_) => Err(BackendError::Unreachable {
                    backend: cfg.name.clone(),
                    message: format!(
                    "no answer while connecting within {} s; check the endpoint, the network path \
                     and any proxy or firewall",
                    CONNECT_TIMEOUT.as_secs()
                ),
                }),
            };
        let e = match result {
            Ok(b) => {
                // Connected elsewhere meanwhile (Fleet::connect): keep that one.
                if let Err(extra) = slot.set(b) {
                    extra.shutdown().await;
                }
                return Some((slot.get()?.clone(), shown));
            }
            Err(e) => e,
        };
        let auth = e.is_auth();
        let delay = retry_delay(interval, attempt, auth);
        let reason = e.message().to_string();
        tracing::warn!(backend = %out.name, attempt, error = %reason, "connecting failed");
        let next = format!("next try in {:.1} s", delay.as_secs_f64());
        let (health, line) = if auth {
            (
                Health::AuthFailed {
                    reason: reason.clone(),
                },
                Some((
                    LogLevel::Error,
                    format!("sign-in refused (attempt {attempt}), {next}: {reason}"),
                )),
            )
        } else {
            (
                Health::Retrying {
                    attempt: attempt.saturating_add(1),
                    last_error: reason.clone(),
                },
                Some((
                    LogLevel::Warn,
                    format!("cannot connect (attempt {attempt}), {next}: {reason}"),
                )),
            )
        };
        if let Some((level, text)) = line {
            if !out.log(level, text).await {
                return None;
            }
        }
        shown = health.clone();
        if !out.status(health, None).await || !out.wait(delay).await {
            return None;
        }
        attempt = attempt.saturating_add(1);
    }
}

/// The refresh loop of a connected backend (see the module doc); `health` is what is shown now.
async fn refresh(backend: Backend, out: Out, mut health: Health) {
    let name = out.name.clone();
    let interval = backend.poll_interval();
    let mut failures = 0u32;
    let mut last_ok: Option<UnixMs> = None;
    // Sent as changes from one refresh to the next; this task is the one sender, and the
    // receiver folds every snapshot (coalescing carries changes forward), so nothing is missed.
    let mut memory = RefreshMemory::new();
    loop {
        let started = Instant::now();
        let result = match tokio::time::timeout(REFRESH_TIMEOUT, backend.refresh(&mut memory)).await
        {
            Ok(r) => r,
            Err(_) => Err(BackendError::Unreachable {
                backend: name.to_string(),
                message: format!("no full refresh within {} s", REFRESH_TIMEOUT.as_secs()),
            }),
        };
        let (next, delay) = match result {
            Ok(Refresh {
                agents,
                kept,
                queues,
            }) => {
                let at = now_ms();
                last_ok = Some(at);
                let snap = BackendEvent::Snapshot {
                    backend: name.clone(),
                    agents,
                    kept,
                    queues,
                    at,
                };
                if out.tx.send(snap).await.is_err() {
                    return;
                }
                if failures > 0 {
                    let text =
                        format!("backend {name} answers again after {failures} failed refresh(es)");
                    if !out.log(LogLevel::Info, text).await {
                        return;
                    }
                }
                failures = 0;
                let next = match backend.partial_problem() {
                    Some(reason) => {
                        if !matches!(health, Health::Degraded { .. }) {
                            let text = format!("refreshed without all its data: {reason}");
                            if !out.log(LogLevel::Warn, text).await {
                                return;
                            }
                        }
                        Health::Degraded { reason }
                    }
                    None => Health::Connected,
                };
                (next, interval.saturating_sub(started.elapsed()))
            }
            Err(e) => {
                // A refresh cut short (a timeout) may have moved the memory on without sending.
                memory.clear();
                failures += 1;
                let auth = e.is_auth();
                let delay = retry_delay(interval, failures, auth);
                let reason = e.to_string();
                tracing::warn!(backend = %name, failures, error = %reason, "refresh failed");
                let next = if auth {
                    Health::AuthFailed {
                        reason: e.message().to_string(),
                    }
                } else if failures >= DOWN_AFTER {
                    Health::Down {
                        reason: reason.clone(),
                    }
                } else {
                    Health::Degraded {
                        reason: reason.clone(),
                    }
                };
                // One line per failure: the dashboard folds the repeats into one updating line
                // (and one toast), so its count is always the current one.
                let text = format!(
                    "refresh failed ({failures} in a row), next try in {:.1} s: {reason}",
                    delay.as_secs_f64()
                );
                if !out.log(LogLevel::Error, text).await {
                    return;
                }
                (next, delay)
            }
        };
        if !same_kind(&next, &health) {
            health = next;
            if !out.status(health.clone(), last_ok).await {
                return;
            }
        }
        if !out.wait(delay).await {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_one_interval() {
        let i = Duration::from_secs(2);
        let d: Vec<u64> = (1..=6)
            .map(|n| backoff_delay(i, n).as_millis() as u64)
            .collect();
        assert_eq!(d, vec![1000, 2000, 2000, 2000, 2000, 2000]);
        assert_eq!(
            backoff_delay(Duration::from_secs(3600), 20),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn refused_credentials_are_retried_slowly() {
        let i = Duration::from_millis(500);
        for failures in 1..=8 {
            let d = retry_delay(i, failures, true);
            assert!(d >= AUTH_RETRY_BASE / 2 && d <= AUTH_RETRY_CAP, "{d:?}");
            assert!(retry_delay(i, failures, false) <= i);
        }
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
