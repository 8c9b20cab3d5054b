//! A bounded fault soak of the backends: a simulator of both vendors in a child process (10,000
//! agents by default, frozen world advanced by hand), the fleet's pollers in this process folding
//! into a roster store as the dashboard does, and faults cycling on and off. After each `off` it
//! measures how many poll cycles the roster takes to equal the ground truth again, and it samples
//! this process's RSS and CPU throughout. Prints one line per cycle and a summary.
//!
//! `cargo run --release --example soak -- [--agents N] [--minutes M] [--poll SECS]`
// A harness, not the product: a failed expectation aborts it, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/backend.rs"]
#[allow(unused_imports)]
mod backend_support;
#[path = "../benches/support/procstat.rs"]
mod procstat;

use callboard::backend::{apply_event, coalesce, BackendEvent, Fleet};
use callboard::config::Config;
use callboard::model::{Agent, Freshness, RosterScope, RosterStore};
use callboard::sim::{self, HuaweiOptions, SimConfig};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The fault mixes, one per cycle, in turn.
const FAULTS: &[&str] = &[
    "5xx=0.5",
    "drop=0.3",
    "malformed=0.3",
    "latency=0.3@3s",
    "throttle=0.5",
    "guid-expiry=0.2",
    "latency=0.2@1s,5xx=0.1,drop=0.1,malformed=0.1,throttle=0.1,guid-expiry=0.05",
];
/// Seconds each fault mix stays on.
const FAULT_SECS: u64 = 30;
/// Simulated seconds the world moves on while the faults are on.
const WORLD_STEP: u64 = 30;
/// Give up on a convergence after this many poll cycles.
const CONVERGE_LIMIT: u32 = 15;
/// The warm-up: one round of every fault mix, so every code path has allocated once. RSS is
/// compared as the highest sample of the warm-up against the highest sample after it (RSS moves
/// by tens of MiB within a cycle as the allocator takes and returns memory, so single samples
/// are noise).
const WARM_UP_CYCLES: usize = FAULTS.len();

struct Args {
    agents: usize,
    minutes: f64,
    poll: f64,
}

fn args() -> Args {
    let mut a = Args {
        agents: 10_000,
        minutes: 10.0,
        poll: 2.0,
    };
    let argv: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        argv.iter()
            .position(|x| x == name)
            .and_then(|i| argv.get(i + 1))
            .cloned()
    };
    if let Some(v) = value("--agents") {
        a.agents = v.parse().expect("--agents N");
    }
    if let Some(v) = value("--minutes") {
        a.minutes = v.parse().expect("--minutes M");
    }
    if let Some(v) = value("--poll") {
        a.poll = v.parse().expect("--poll SECS");
    }
    a
}

/// The child: the simulator, its config written to `path`, until killed.
async fn sim_child(agents: usize, path: &Path) {
    let cfg = SimConfig {
        seed: 7,
        agents,
        speed: 0.0,
        huawei: HuaweiOptions {
            idle_timeout: Duration::from_secs(120),
            ..Default::default()
        },
        ..Default::default()
    };
    let running = sim::start(cfg.clone()).await.expect("sim starts");
    let truth = running.shared.lock().world.truth();
    let config = sim::write_config::sim_config(&cfg, running.addr, &truth);
    let text = sim::write_config::render(&config, running.addr).expect("config");
    sim::write_config::write(path, &text).expect("write config");
    std::future::pending::<()>().await;
}

async fn sim_put(base: &str, path: &str, body: &str) {
    let c = reqwest::Client::new();
    c.put(format!("{base}{path}"))
        .body(body.to_string())
        .send()
        .await
        .expect("sim control");
}

/// The fields of `/_sim/state` the comparison reads, parsed straight from the body: the harness
/// shares this process with the client it measures, so it keeps its own heap small.
#[derive(serde::Deserialize)]
struct TruthDoc {
    agents: Vec<TruthAgent>,
}

#[derive(serde::Deserialize)]
struct TruthAgent {
    vendor: String,
    id: String,
    state: String,
    #[serde(default)]
    break_code: Option<String>,
    #[serde(default)]
    rest_cause: Option<u64>,
    #[serde(default)]
    skill_groups: Vec<TruthGroup>,
}

#[derive(serde::Deserialize)]
struct TruthGroup {
    id: String,
    #[serde(default)]
    signed: bool,
}

async fn sim_truth(base: &str) -> Vec<Value> {
    let body = reqwest::get(format!("{base}/_sim/state"))
        .await
        .expect("state")
        .bytes()
        .await
        .expect("body");
    let doc: TruthDoc = serde_json::from_slice(&body).expect("truth");
    drop(body);
    doc.agents
        .into_iter()
        .map(|a| {
            serde_json::json!({
                "vendor": a.vendor,
                "id": a.id,
                "state": a.state,
                "break_code": a.break_code,
                "rest_cause": a.rest_cause,
                "skill_groups": a.skill_groups.iter()
                    .map(|g| serde_json::json!({"id": g.id, "signed": g.signed}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Agents of the store that disagree with the truth or are not fresh.
fn disagreements(store: &RosterStore, truth: &[Value]) -> usize {
    let by_id: std::collections::HashMap<(&str, &str), &Agent> = store
        .agents()
        .iter()
        .map(|a| {
            let vendor = if a.backend.starts_with("aliyun") {
                "aliyun"
            } else {
                "huawei"
            };
            ((vendor, a.id.as_str()), a)
        })
        .collect();
    truth
        .iter()
        .filter(|t| {
            let key = (
                t["vendor"].as_str().unwrap_or(""),
                t["id"].as_str().unwrap_or(""),
            );
            match by_id.get(&key) {
                Some(a) => {
                    a.freshness != Freshness::Fresh || backend_support::mismatch(t, a).is_some()
                }
                None => true,
            }
        })
        .count()
}

struct Soak {
    rx: mpsc::Receiver<BackendEvent>,
    store: RosterStore,
}

impl Soak {
    /// Applies everything that arrives within `d`, coalesced like the UI does.
    async fn pump(&mut self, d: Duration) {
        let deadline = Instant::now() + d;
        while let Ok(Some(first)) = tokio::time::timeout_at(deadline, self.rx.recv()).await {
            let mut batch = vec![first];
            while let Ok(ev) = self.rx.try_recv() {
                batch.push(ev);
            }
            for ev in coalesce(batch) {
                apply_event(&mut self.store, ev);
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("--sim-child") {
        let agents = argv[2].parse().expect("agents");
        sim_child(agents, Path::new(&argv[3])).await;
        return;
    }
    let a = args();
    let panics = Arc::new(AtomicUsize::new(0));
    let hook_panics = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        hook_panics.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));

    let dir = std::env::temp_dir().join(format!("callboard-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cfg_path: PathBuf = dir.join("config.toml");
    let mut child = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args(["--sim-child", &a.agents.to_string()])
        .arg(&cfg_path)
        .spawn()
        .expect("sim child");
    let started = Instant::now();
    while !cfg_path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the simulator did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut config = Config::load(Some(&cfg_path)).expect("config").config;
    config.audit_log = Some(dir.join("audit.jsonl").to_string_lossy().into_owned());
    for b in &mut config.backends {
        b.poll_interval_secs = Some(a.poll);
    }
    let base = config.backends[0]
        .endpoint
        .trim_end_matches('/')
        .to_string();
    let (fleet, errors) = Fleet::connect(&config).await;
    assert!(errors.is_empty(), "{errors:?}");
    let (tx, rx) = mpsc::channel(1024);
    let pollers = fleet.spawn_pollers(tx);
    let mut store = RosterStore::new();
    for b in &config.backends {
        store.add_backend(&b.name, RosterScope::All);
    }
    let mut soak = Soak { rx, store };
    let poll = Duration::from_secs_f64(a.poll);

    println!(
        "soak: {} agents, {} min, poll {}s, faults on {FAULT_SECS}s per cycle",
        a.agents, a.minutes, a.poll
    );
    soak.pump(poll * 3).await;
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(a.minutes * 60.0);
    let start_usage = procstat::usage("self");
    let mut warm_peak = 0.0f64;
    let mut later_peak = 0.0f64;
    let mut worst_cycles = 0.0f64;
    let mut not_converged = 0;
    let mut cycle = 0;
    while Instant::now() < deadline {
        let spec = FAULTS[cycle % FAULTS.len()];
        sim_put(&base, "/_sim/faults", spec).await;
        let c = reqwest::Client::new();
        c.post(format!("{base}/_sim/advance?seconds={WORLD_STEP}"))
            .send()
            .await
            .expect("advance");
        soak.pump(Duration::from_secs(FAULT_SECS)).await;
        sim_put(&base, "/_sim/faults", "off").await;
        let off = Instant::now();
        let truth = sim_truth(&base).await;
        let mut left = disagreements(&soak.store, &truth);
        while left > 0 && off.elapsed() < poll * CONVERGE_LIMIT {
            soak.pump(Duration::from_millis(250)).await;
            left = disagreements(&soak.store, &truth);
        }
        drop(truth);
        let cycles = off.elapsed().as_secs_f64() / a.poll;
        if left > 0 {
            not_converged += 1;
        } else {
            worst_cycles = worst_cycles.max(cycles);
        }
        soak.pump(poll).await;
        let u = procstat::usage("self");
        if cycle < WARM_UP_CYCLES {
            warm_peak = warm_peak.max(u.rss_mib);
        } else {
            later_peak = later_peak.max(u.rss_mib);
        }
        println!(
            "cycle {cycle:>3} {spec:<75} converged {} in {cycles:.2} poll cycles; RSS {:.1} MiB, CPU {:.1} s",
            if left == 0 { "yes" } else { "NO " },
            u.rss_mib,
            u.cpu_secs - start_usage.cpu_secs,
        );
        cycle += 1;
    }
    let end = procstat::usage("self");
    let wall = t0.elapsed().as_secs_f64();
    let growth = if later_peak > 0.0 {
        format!("{:+.1} %", (later_peak / warm_peak - 1.0) * 100.0)
    } else {
        "n/a (run longer than one round of faults)".to_string()
    };
    println!(
        "summary: {cycle} cycles in {wall:.0} s; RSS {:.1} MiB at start, highest {warm_peak:.1} MiB in the \
         warm-up ({WARM_UP_CYCLES} cycles), highest {later_peak:.1} MiB after it ({growth}), {:.1} MiB at \
         the end, peak {:.1} MiB; CPU {:.1} % of a core; convergence after off: worst \
         {worst_cycles:.2} poll cycles, {not_converged} not converged; panics {}",
        start_usage.rss_mib,
        end.rss_mib,
        end.peak_rss_mib,
        (end.cpu_secs - start_usage.cpu_secs) / wall * 100.0,
        panics.load(Ordering::SeqCst),
    );
    for p in pollers {
        p.abort();
    }
    fleet.shutdown().await;
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    if not_converged > 0 || panics.load(Ordering::SeqCst) > 0 {
        std::process::exit(1);
    }
}
