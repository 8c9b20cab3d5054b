//! Connection life against the simulator: a gateway that is down when the pollers start is
//! connected to once it is up (the header meanwhile says which attempt this is and why the last one
//! failed); a wrong inspector password is a distinct, visible health state; a headless snapshot
//! leaves a running dashboard's inspector session alone; Huawei busy reasons are kept exactly.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;
#[path = "support/tui.rs"]
mod tui_support;

use backend_support::*;
use callboard::backend::{
    Backend, BackendEvent, BackendStatus, Fleet, Health, LogLevel, SignInPolicy,
};
use callboard::config::{Config, SecretSource};
use callboard::model::{Agent, Presence};
use callboard::sim::{self, SimConfig};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// What the pollers said, per backend.
#[derive(Default)]
struct Seen {
    /// Every status, as its JSON (`{"state": …, …}`), in order.
    statuses: BTreeMap<String, Vec<Value>>,
    logs: Vec<(String, LogLevel, String)>,
    /// The newest agents per backend (snapshots, then event updates on top).
    agents: BTreeMap<String, BTreeMap<String, Agent>>,
    snapshots: BTreeMap<String, usize>,
}

impl Seen {
    fn take(&mut self, ev: BackendEvent) {
        match ev {
            BackendEvent::Status(s) => {
                let v = serde_json::to_value(&s.health).unwrap();
                self.statuses
                    .entry(s.backend.to_string())
                    .or_default()
                    .push(v);
            }
            BackendEvent::Log(l) => self.logs.push((l.backend.to_string(), l.level, l.text)),
            BackendEvent::Snapshot {
                backend,
                agents,
                kept,
                ..
            } => {
                *self.snapshots.entry(backend.to_string()).or_default() += 1;
                let map = self.agents.entry(backend.to_string()).or_default();
                // Kept agents did not change since the last snapshot; the others are sent.
                map.retain(|id, _| kept.iter().any(|k| **k == **id));
                map.extend(agents.into_iter().map(|a| (a.id.clone(), a)));
            }
            BackendEvent::Agents {
                backend, agents, ..
            } => {
                let map = self.agents.entry(backend.to_string()).or_default();
                map.extend(agents.into_iter().map(|a| (a.id.clone(), a)));
            }
        }
    }

    fn states(&self, backend: &str) -> Vec<String> {
        self.statuses
            .get(backend)
            .into_iter()
            .flatten()
            .map(|v| v["state"].as_str().unwrap_or("?").to_string())
            .collect()
    }

    fn last_state(&self, backend: &str) -> Option<Value> {
        self.statuses.get(backend).and_then(|v| v.last().cloned())
    }

    fn connected(&self, backend: &str) -> bool {
        self.last_state(backend)
            .is_some_and(|v| v["state"] == "connected")
            && self.snapshots.get(backend).copied().unwrap_or(0) > 0
    }

    fn agents_of(&self, backend: &str) -> Vec<Agent> {
        self.agents
            .get(backend)
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }

    fn logs_of(&self, backend: &str) -> Vec<String> {
        self.logs
            .iter()
            .filter(|(b, _, _)| b == backend)
            .map(|(_, _, t)| t.clone())
            .collect()
    }
}

/// Takes in everything that arrives within `d`.
async fn pump(rx: &mut mpsc::Receiver<BackendEvent>, seen: &mut Seen, d: Duration) {
    let deadline = Instant::now() + d;
    while let Ok(Some(ev)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        seen.take(ev);
    }
}

/// Pumps until `done` holds (checked after every event) or `limit` passes; the time it took.
async fn pump_until(
    rx: &mut mpsc::Receiver<BackendEvent>,
    seen: &mut Seen,
    limit: Duration,
    done: impl Fn(&Seen) -> bool,
) -> Option<Duration> {
    let start = Instant::now();
    let deadline = start + limit;
    loop {
        if done(seen) {
            return Some(start.elapsed());
        }
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(ev)) => seen.take(ev),
            _ => return done(seen).then(|| start.elapsed()),
        }
    }
}

/// The simulator's config for `cfg` at `addr` (poll interval 0.5 s, audit log in a temp dir).
fn config_for(cfg: &SimConfig, running: &sim::RunningSim) -> Config {
    let truth = running.shared.lock().world.truth();
    let mut config = sim::write_config::sim_config(cfg, running.addr, &truth);
    for b in &mut config.backends {
        b.poll_interval_secs = Some(0.5);
    }
    let audit = std::env::temp_dir().join(format!(
        "callboard-life-{}.jsonl",
        uuid::Uuid::new_v4().simple()
    ));
    config.audit_log = Some(audit.to_string_lossy().into_owned());
    config
}

const POLL: Duration = Duration::from_millis(500);

#[tokio::test]
async fn a_gateway_down_at_start_is_connected_once_it_is_up() {
    let cfg = sim_config(20);
    let first = sim::start(cfg.clone()).await.expect("sim starts");
    let addr = first.addr;
    let config = config_for(&cfg, &first);
    first.shutdown().await;

    // Both vendors are down: the dashboard's pollers start anyway and keep trying.
    let (fleet, errors) = Fleet::new(&config, SignInPolicy::TakeOver);
    assert!(errors.is_empty(), "{errors:?}");
    let (tx, mut rx) = mpsc::channel(1024);
    let handles = fleet.spawn_pollers(tx);
    let mut seen = Seen::default();
    let retrying = pump_until(&mut rx, &mut seen, Duration::from_secs(5), |s| {
        s.statuses.get(HW).is_some_and(|v| {
            v.iter()
                .any(|h| h["state"] == "retrying" && h["attempt"].as_u64() >= Some(2))
        })
    })
    .await;
    assert!(
        retrying.is_some(),
        "huawei says it keeps trying: {:?}",
        seen.statuses.get(HW)
    );
    let last = seen.last_state(HW).unwrap();
    let why = last["last_error"].as_str().unwrap_or("");
    assert!(
        why.contains("cannot reach"),
        "the reason of the last failure is shown: {last}"
    );
    assert!(
        !seen.connected(HW) && !seen.states(HW).contains(&"connected".to_string()),
        "{:?}",
        seen.states(HW)
    );

    // The gateway comes up on the same address: connected within a few poll cycles.
    let running = sim::start(SimConfig {
        listen: addr,
        ..cfg.clone()
    })
    .await
    .expect("sim starts again on the same port");
    let took = pump_until(&mut rx, &mut seen, Duration::from_secs(15), |s| {
        s.connected(HW) && s.connected(ALI)
    })
    .await;
    let Some(took) = took else {
        panic!(
            "never connected: huawei {:?}, aliyun {:?}, logs {:?}",
            seen.states(HW),
            seen.states(ALI),
            seen.logs
        );
    };
    eprintln!("connected {took:?} after the gateway came up");
    // The poller's connect backoff is capped at two poll intervals; the connect itself (sign-in,
    // rest causes, monitoring, first refresh) takes a few round trips more.
    assert!(took <= POLL * 2 + Duration::from_secs(3), "took {took:?}");
    let wrong = compare(&running, "huawei", &seen.agents_of(HW)).await;
    assert!(wrong.is_empty(), "{wrong:#?}");

    drop(rx);
    for h in handles {
        tokio::time::timeout(Duration::from_secs(5), h)
            .await
            .expect("poller ends")
            .expect("no panic");
    }
    fleet.shutdown().await;
    running.shutdown().await;
}

#[tokio::test]
async fn a_wrong_inspector_password_is_a_distinct_visible_state() {
    let env = env(20).await;
    let mut config = env.config.clone();
    for b in &mut config.backends {
        if let Some(login) = &mut b.inspector {
            login.password = SecretSource::Value("not-the-password".into());
        }
    }
    let (fleet, errors) = Fleet::connect(&config).await;
    assert!(
        errors.iter().any(|e| e.to_string().contains("100-004")),
        "{errors:?}"
    );
    let (tx, mut rx) = mpsc::channel(1024);
    let handles = fleet.spawn_pollers(tx);
    let mut seen = Seen::default();
    let refused = pump_until(&mut rx, &mut seen, Duration::from_secs(5), |s| {
        s.last_state(HW)
            .is_some_and(|h| h["state"] == "auth-failed")
            && s.connected(ALI)
    })
    .await;
    assert!(
        refused.is_some(),
        "huawei {:?}, aliyun {:?}",
        seen.statuses.get(HW),
        seen.states(ALI)
    );
    let last = seen.last_state(HW).unwrap();
    let reason = last["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains("100-004") && reason.contains("password"),
        "the reason says what is wrong: {last}"
    );
    assert!(!reason.contains("not-the-password"), "no secret: {reason}");
    // The reason is in the event log too, not only in the log file.
    assert!(
        seen.logs
            .iter()
            .any(|(b, level, t)| b == HW && *level == LogLevel::Error && t.contains("100-004")),
        "{:?}",
        seen.logs
    );
    // Still retried, but slowly: no second attempt within a few seconds.
    pump(&mut rx, &mut seen, Duration::from_secs(3)).await;
    let attempts = seen
        .statuses
        .get(HW)
        .map(|v| v.iter().filter(|h| h["state"] == "auth-failed").count())
        .unwrap_or(0);
    assert_eq!(attempts, 1, "{:?}", seen.statuses.get(HW));
    assert!(!seen.states(HW).contains(&"connected".to_string()));

    drop(rx);
    for h in handles {
        tokio::time::timeout(Duration::from_secs(5), h)
            .await
            .expect("poller ends")
            .expect("no panic");
    }
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_wrong_alibaba_secret_is_a_distinct_visible_state() {
    let env = env(20).await;
    let mut config = env.config.clone();
    for b in &mut config.backends {
        if b.access_key_secret.is_some() {
            b.access_key_secret = Some(SecretSource::Value("not-the-secret".into()));
        }
    }
    let (fleet, errors) = Fleet::new(&config, SignInPolicy::TakeOver);
    assert!(errors.is_empty(), "{errors:?}");
    let (tx, mut rx) = mpsc::channel(1024);
    let handles = fleet.spawn_pollers(tx);
    let mut seen = Seen::default();
    let refused = pump_until(&mut rx, &mut seen, Duration::from_secs(5), |s| {
        s.last_state(ALI)
            .is_some_and(|h| h["state"] == "auth-failed")
            && s.connected(HW)
    })
    .await;
    assert!(
        refused.is_some(),
        "aliyun {:?}, huawei {:?}",
        seen.statuses.get(ALI),
        seen.states(HW)
    );
    let last = seen.last_state(ALI).unwrap();
    let reason = last["reason"].as_str().unwrap_or("");
    assert!(reason.contains("SignatureDoesNotMatch"), "{last}");
    assert!(!reason.contains("not-the-secret"), "no secret: {reason}");
    drop(rx);
    for h in handles {
        let _ = tokio::time::timeout(Duration::from_secs(5), h).await;
    }
    fleet.shutdown().await;
}

/// Log lines that mean the dashboard's inspector lost or re-made its session.
fn session_trouble(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| {
            l.contains("inspector") && (l.contains("signed in again") || l.contains("signed out"))
                || l.contains("monitoring")
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_headless_snapshot_leaves_the_dashboard_session_alone() {
    let env = env(20).await;
    // The dashboard's own path: connected in the background, taking its session over.
    let (fleet, errors) = Fleet::new(&env.config, SignInPolicy::TakeOver);
    assert!(errors.is_empty(), "{errors:?}");
    let (tx, mut rx) = mpsc::channel(1024);
    let handles = fleet.spawn_pollers(tx);
    let mut seen = Seen::default();
    let up = pump_until(&mut rx, &mut seen, Duration::from_secs(5), |s| {
        s.connected(HW)
    })
    .await;
    assert!(up.is_some(), "{:?}", seen.states(HW));
    let snapshots_before = seen.snapshots.get(HW).copied().unwrap_or(0);

    let report = callboard::headless::snapshot::collect(&env.config).await;
    pump(&mut rx, &mut seen, Duration::from_secs(3)).await;

    let trouble = session_trouble(&seen.logs_of(HW));
    assert!(
        trouble.is_empty(),
        "the dashboard kept its session: {trouble:?}"
    );
    let Some(Backend::Huawei(hw)) = fleet.backend(HW) else {
        panic!("huawei")
    };
    assert!(hw.inspector().session().is_signed_in());
    assert!(
        seen.snapshots.get(HW).copied().unwrap_or(0) > snapshots_before + 2,
        "the dashboard kept refreshing"
    );
    assert!(
        seen.states(HW)
            .iter()
            .all(|s| s != "degraded" && s != "down"),
        "{:?}",
        seen.states(HW)
    );
    // The snapshot did not take the session over: it says why it left Huawei out, and how to
    // fix it; Alibaba is reported as usual.
    let why = report
        .errors
        .iter()
        .find(|e| e.contains(HW))
        .unwrap_or_else(|| panic!("a clear message for huawei: {:?}", report.errors));
    assert!(
        why.contains("signed in elsewhere") && why.contains("dashboard"),
        "{why}"
    );
    assert!(
        report.errors.iter().all(|e| !e.contains(ALI)),
        "{:?}",
        report.errors
    );

    drop(rx);
    for h in handles {
        let _ = tokio::time::timeout(Duration::from_secs(5), h).await;
    }
    fleet.shutdown().await;
}

/// Huawei agents the ground truth has busy, with their reason.
async fn busy_truth(sim: &sim::RunningSim) -> BTreeMap<String, u64> {
    agents_of(sim, "huawei")
        .await
        .into_iter()
        .filter(|a| a["state"] == "busy")
        .filter_map(|a| {
            Some((
                a["id"].as_str()?.to_string(),
                a["busy_reason"].as_u64().unwrap_or(0),
            ))
        })
        .collect()
}

/// Busy agents whose reason is not the one the gateway has.
fn wrong_reasons(truth: &BTreeMap<String, u64>, agents: &[Agent]) -> Vec<String> {
    let mut out = Vec::new();
    for (id, reason) in truth {
        let Some(a) = agents.iter().find(|a| &a.id == id) else {
            out.push(format!("{id} missing"));
            continue;
        };
        let want = if *reason == 0 {
            "busy".to_string()
        } else {
            format!("busy:{reason}")
        };
        let got = a.reason.as_ref().map(|r| (r.code.clone(), r.label.clone()));
        let label_ok = *reason != 2
            || got
                .as_ref()
                .is_some_and(|(_, l)| l.to_lowercase().contains("no answer"));
        if a.presence != Presence::NotReady
            || got.as_ref().map(|(c, _)| c.as_str()) != Some(want.as_str())
            || !label_ok
        {
            out.push(format!(
                "{id}: truth busy:{reason}, ours {:?} {got:?}",
                a.presence
            ));
        }
    }
    out
}

#[tokio::test]
async fn busy_reasons_are_kept_exactly() {
    let env = env(60).await;
    // Let the world run until agents went busy on an unanswered call (busy reason 2).
    let mut truth = busy_truth(&env.sim).await;
    for _ in 0..40 {
        if truth.values().any(|r| *r == 2) {
            break;
        }
        advance(&env.sim, 30).await;
        truth = busy_truth(&env.sim).await;
    }
    assert!(
        truth.values().any(|r| *r == 2),
        "no ring-no-answer: {truth:?}"
    );

    // A snapshot (the roster query) keeps them.
    let report = callboard::headless::snapshot::collect(&env.config).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let agents: Vec<Agent> = report
        .roster
        .agents()
        .iter()
        .filter(|a| &*a.backend == HW)
        .cloned()
        .collect();
    let wrong = wrong_reasons(&truth, &agents);
    assert!(wrong.is_empty(), "snapshot: {wrong:#?}");

    // The dashboard keeps them too, also for agents going busy while it watches (inspector feed).
    let fleet = fleet(&env).await;
    let (tx, mut rx) = mpsc::channel(4096);
    let handles = fleet.spawn_pollers(tx);
    let mut seen = Seen::default();
    pump_until(&mut rx, &mut seen, Duration::from_secs(5), |s| {
        s.connected(HW)
    })
    .await;
    let before = truth.clone();
    for _ in 0..40 {
        advance(&env.sim, 20).await;
        truth = busy_truth(&env.sim).await;
        if truth
            .iter()
            .any(|(id, r)| *r == 2 && !before.contains_key(id))
        {
            break;
        }
    }
    // Events only (no full refresh in between would hide a lost reason): wait briefly.
    pump(&mut rx, &mut seen, Duration::from_millis(300)).await;
    let mut wrong = wrong_reasons(&truth, &seen.agents_of(HW));
    if !wrong.is_empty() {
        pump(&mut rx, &mut seen, POLL * 3).await;
        truth = busy_truth(&env.sim).await;
        wrong = wrong_reasons(&truth, &seen.agents_of(HW));
    }
    assert!(wrong.is_empty(), "dashboard: {wrong:#?}");

    drop(rx);
    for h in handles {
        let _ = tokio::time::timeout(Duration::from_secs(5), h).await;
    }
    fleet.shutdown().await;
}

#[test]
fn the_header_says_which_attempt_and_why_or_that_sign_in_was_refused() {
    let mut app = tui_support::world_app(20, 0);
    let status = |backend: &str, health: Health| {
        BackendEvent::Status(BackendStatus {
            backend: backend.into(),
            health,
            last_ok: None,
            insecure_tls: false,
        })
    };
    app.apply_event(status(
        callboard::fixtures::HUAWEI,
        Health::Retrying {
            attempt: 3,
            last_error:
                "cannot reach the Huawei gateway (onlineagent/900/loginex): connection refused"
                    .into(),
        },
    ));
    let text = tui_support::screen(&app);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("huawei-sim ○ connecting… (attempt 3, last error: cannot reach"),
        "{header}"
    );
    app.apply_event(status(
        callboard::fixtures::HUAWEI,
        Health::AuthFailed {
            reason:
                "inspector sign-in (loginex): gateway error 100-004: wrong work number or password"
                    .into(),
        },
    ));
    let text = tui_support::screen(&app);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("huawei-sim ✖ sign-in refused: inspector sign-in"),
        "{header}"
    );
}
