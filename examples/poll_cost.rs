//! What watching a large floor costs callboard, side by side with the official Python SDK (a
//! harness, not a timed test). Every side runs in its own process, so each CPU and peak-RSS figure
//! is that side's alone: the simulator (`--agents`, half Alibaba, half Huawei, world moving in
//! real time, seed 7) in one child, callboard in another, the SDK loop in a third.
//!
//! - **Alibaba, back to back**: callboard's refresh (`Backend::snapshot`: every page of
//!   ListRealtimeAgentStates, 100 per page, 4 in flight; the skill groups' realtime states; the
//!   directory every tenth refresh) folded into a roster store as the dashboard does, for `--secs`.
//!   CPU seconds per refresh, wall per refresh, refreshes done, peak RSS.
//! - **Alibaba, watching**: the real poller at `--poll` seconds (default 2) into the store, for
//!   `--secs`: share of one core.
//! - **Python SDK** (`--peer-sdk`): `interop/poll_cost_sdk.py` making the same calls back to back
//!   against the same world (the venv of `interop/venv.sh` is created when missing); the ratio of
//!   CPU per refresh.
//! - **Huawei**: a second simulator with `--huawei-agents` Huawei agents; the inspector, CMS and
//!   the poller (5 s) into a store for `--secs`: share of one core, and how many changed agents
//!   each refresh sent (the others only as ids).
//!
//! `cargo run --release --example poll_cost -- [--agents 20000] [--secs 30] [--poll 2]
//!  [--peer-sdk] [--huawei-agents 5000] [--only aliyun|huawei]`
// A harness, not the product: a failed expectation aborts it, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/procstat.rs"]
mod procstat;

use callboard::backend::{
    apply_event, coalesce, Backend, BackendEvent, Fleet, Refresh, RefreshMemory,
};
use callboard::clock::now_ms;
use callboard::config::{Config, Roster};
use callboard::model::{RosterScope, RosterStore};
use callboard::sim::{self, SimConfig};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

struct Args {
    agents: usize,
    huawei_agents: usize,
    secs: f64,
    poll: f64,
    peer_sdk: bool,
    only: Option<String>,
}

fn value(argv: &[String], name: &str) -> Option<String> {
    argv.iter()
        .position(|x| x == name)
        .and_then(|i| argv.get(i + 1))
        .cloned()
}

fn args(argv: &[String]) -> Args {
    let num = |name: &str, default: f64| {
        value(argv, name).map_or(default, |v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number, got {v}"))
        })
    };
    Args {
        agents: num("--agents", 20_000.0) as usize,
        huawei_agents: num("--huawei-agents", 5_000.0) as usize,
        secs: num("--secs", 30.0),
        poll: num("--poll", 2.0),
        peer_sdk: argv.iter().any(|a| a == "--peer-sdk"),
        only: value(argv, "--only"),
    }
}

/// The simulator child: `agents` agents (half per vendor), its config written to `path`.
async fn sim_child(agents: usize, path: &Path) {
    let cfg = SimConfig {
        seed: 7,
        agents,
        speed: 1.0,
        ..Default::default()
    };
    let running = sim::start(cfg.clone()).await.expect("sim starts");
    let truth = running.shared.lock().world.truth();
    let config = sim::write_config::sim_config(&cfg, running.addr, &truth);
    let text = sim::write_config::render(&config, running.addr).expect("config");
    let tmp = path.with_extension("tmp");
    sim::write_config::write(&tmp, &text).expect("write config");
    std::fs::rename(&tmp, path).expect("config in place");
    std::future::pending::<()>().await;
}

fn spawn_self(args: &[&str]) -> Child {
    Command::new(std::env::current_exe().expect("exe"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("child starts")
}

/// Starts a simulator child and waits for its config.
fn start_sim(dir: &Path, agents: usize) -> (Child, PathBuf) {
    let path = dir.join(format!("sim-{agents}.toml"));
    let child = Command::new(std::env::current_exe().expect("exe"))
        .args(["--sim-child", &agents.to_string()])
        .arg(&path)
        .stdout(Stdio::null())
        .spawn()
        .expect("sim child");
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the simulator did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (child, path)
}

/// The config of one backend of the simulator, roster "all".
fn backend_config(path: &Path, name: &str, poll: Option<f64>) -> Config {
    let mut config = Config::load(Some(path)).expect("sim config").config;
    config.backends.retain(|b| b.name == name);
    for b in &mut config.backends {
        b.roster = Roster::default();
        if poll.is_some() {
            b.poll_interval_secs = poll;
        }
    }
    config.audit_log = Some(
        path.with_extension("audit.jsonl")
            .to_string_lossy()
            .into_owned(),
    );
    config
}

/// What [`pump_counted`] saw.
#[derive(Default)]
struct Counts {
    snapshots: u64,
    /// Agents in `Agents` events (sent between refreshes).
    updates: u64,
    /// Agents sent in snapshots (changed since the previous refresh).
    sent: u64,
    /// Ids of unchanged agents in snapshots.
    kept: u64,
}

/// Folds what arrives within `d` into `store`, coalesced as the dashboard does; returns the
/// snapshots and the agent updates seen.
async fn pump(
    rx: &mut mpsc::Receiver<BackendEvent>,
    store: &mut RosterStore,
    d: Duration,
) -> (u64, u64) {
    let c = pump_counted(rx, store, d).await;
    (c.snapshots, c.updates)
}

/// [`pump`], counting what the snapshots carried too.
async fn pump_counted(
    rx: &mut mpsc::Receiver<BackendEvent>,
    store: &mut RosterStore,
    d: Duration,
) -> Counts {
    let deadline = tokio::time::Instant::now() + d;
    let mut c = Counts::default();
    while let Ok(Some(first)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        let mut batch = vec![first];
        while let Ok(ev) = rx.try_recv() {
            batch.push(ev);
        }
        for ev in coalesce(batch) {
            match &ev {
                BackendEvent::Snapshot { agents, kept, .. } => {
                    c.snapshots += 1;
                    c.sent += agents.len() as u64;
                    c.kept += kept.len() as u64;
                }
                BackendEvent::Agents { agents, .. } => c.updates += agents.len() as u64,
                _ => {}
            }
            apply_event(store, ev);
        }
    }
    c
}

/// Child: callboard's Alibaba refresh back to back, then its poller; prints `key=value` lines.
async fn aliyun_child(path: &Path, secs: f64, poll: f64) {
    let config = backend_config(path, "aliyun-sim", Some(poll));
    let cfg = &config.backends[0];
    let backend = Backend::connect(cfg).await.expect("connect");
    let name = backend.name();
    let mut store = RosterStore::new();
    store.add_backend(&name, RosterScope::All);
    // The dashboard's refresh: sent as changes since the previous one (what its poller does).
    let mut memory = RefreshMemory::new();
    let fold = |store: &mut RosterStore, r: Refresh| {
        apply_event(
            store,
            BackendEvent::Snapshot {
                backend: name.clone(),
                agents: r.agents,
                kept: r.kept,
                queues: r.queues,
                at: now_ms(),
            },
        );
    };
    // Warm-up: the directory loads, the store fills, the allocator settles.
    let mut agents_seen = 0;
    for _ in 0..2 {
        let r = backend.refresh(&mut memory).await.expect("refresh");
        agents_seen = r.agents.len() + r.kept.len();
        fold(&mut store, r);
    }
    let u0 = procstat::usage("self");
    let t0 = Instant::now();
    let mut refreshes = 0u64;
    let mut changed = 0u64;
    while t0.elapsed().as_secs_f64() < secs {
        let r = backend.refresh(&mut memory).await.expect("refresh");
        changed += r.agents.len() as u64;
        fold(&mut store, r);
        refreshes += 1;
    }
    let wall = t0.elapsed().as_secs_f64();
    let u1 = procstat::usage("self");
    println!("agents={agents_seen}");
    println!("refreshes={refreshes}");
    println!(
        "changed_per_refresh={:.1}",
        changed as f64 / refreshes.max(1) as f64
    );
    println!("cpu_secs={:.4}", u1.cpu_secs - u0.cpu_secs);
    println!("wall_secs={wall:.4}");
    println!("rss_after_refreshes_mib={:.1}", u1.rss_mib);

    let (tx, mut rx) = mpsc::channel(1024);
    let poller = backend.spawn_poller(tx);
    pump(&mut rx, &mut store, Duration::from_secs_f64(poll)).await;
    let u0 = procstat::usage("self");
    let t0 = Instant::now();
    let (snapshots, _) = pump(&mut rx, &mut store, Duration::from_secs_f64(secs)).await;
    let wall = t0.elapsed().as_secs_f64();
    let u1 = procstat::usage("self");
    poller.abort();
    println!("watch_snapshots={snapshots}");
    println!("watch_cpu_secs={:.4}", u1.cpu_secs - u0.cpu_secs);
    println!("watch_wall_secs={wall:.4}");
    println!("peak_rss_mib={:.1}", u1.peak_rss_mib);
    println!("store_agents={}", store.agents().len());

    // The same refresh with every agent mapped again (a new memory each time): what a refresh
    // cost before unchanged agents were skipped, in the same run.
    let u0 = procstat::usage("self");
    let t0 = Instant::now();
    let mut full = 0u64;
    while t0.elapsed().as_secs_f64() < secs {
        let r = backend
            .refresh(&mut RefreshMemory::new())
            .await
            .expect("refresh");
        fold(&mut store, r);
        full += 1;
    }
    let u1 = procstat::usage("self");
    println!("rebuild_refreshes={full}");
    println!("rebuild_cpu_secs={:.4}", u1.cpu_secs - u0.cpu_secs);
}

/// Child: callboard watching the Huawei simulator (inspector, CMS, poller) for `secs`.
async fn huawei_child(path: &Path, secs: f64) {
    let config = backend_config(path, "huawei-sim", None);
    let (fleet, errors) = Fleet::connect(&config).await;
    assert!(errors.is_empty(), "{errors:?}");
    let (tx, mut rx) = mpsc::channel(1024);
    let pollers = fleet.spawn_pollers(tx);
    let mut store = RosterStore::new();
    store.add_backend("huawei-sim", RosterScope::All);
    // Warm-up: until the first two snapshots are in.
    let started = Instant::now();
    let mut warm = 0;
    while warm < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no Huawei snapshot"
        );
        warm += pump(&mut rx, &mut store, Duration::from_millis(200))
            .await
            .0;
    }
    let u0 = procstat::usage("self");
    let t0 = Instant::now();
    let c = pump_counted(&mut rx, &mut store, Duration::from_secs_f64(secs)).await;
    let wall = t0.elapsed().as_secs_f64();
    let u1 = procstat::usage("self");
    for p in pollers {
        p.abort();
    }
    println!("agents={}", store.agents().len());
    println!("watch_snapshots={}", c.snapshots);
    println!("watch_updates={}", c.updates);
    let per = |n: u64| n as f64 / c.snapshots.max(1) as f64;
    println!("changed_per_refresh={:.1}", per(c.sent));
    println!("kept_per_refresh={:.1}", per(c.kept));
    println!("watch_cpu_secs={:.4}", u1.cpu_secs - u0.cpu_secs);
    println!("watch_wall_secs={wall:.4}");
    println!("peak_rss_mib={:.1}", u1.peak_rss_mib);
    fleet.shutdown().await;
}

/// `key=value` lines (or one JSON object) of a child's output.
fn read_report(child: Child) -> std::collections::HashMap<String, f64> {
    let out = child.wait_with_output().expect("child output");
    assert!(out.status.success(), "a measuring child failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut map = std::collections::HashMap::new();
    for line in text.lines() {
        if let Ok(serde_json::Value::Object(obj)) = serde_json::from_str(line) {
            for (k, v) in obj {
                if let Some(n) = v.as_f64() {
                    map.insert(k, n);
                }
            }
        } else if let Some((k, v)) = line.split_once('=') {
            if let Ok(n) = v.trim().parse() {
                map.insert(k.trim().to_string(), n);
            }
        }
    }
    map
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_string))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, load average {load} at the start")
}

fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let rt = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime")
    };
    match argv.get(1).map(String::as_str) {
        Some("--sim-child") => {
            let agents = argv[2].parse().expect("agents");
            rt().block_on(sim_child(agents, Path::new(&argv[3])));
            return;
        }
        Some("--aliyun-child") => {
            let secs = argv[3].parse().expect("secs");
            let poll = argv[4].parse().expect("poll");
            let path = PathBuf::from(&argv[2]);
            // On a worker thread, as the dashboard's poller task runs (not on the thread that
            // blocks on the runtime).
            rt().block_on(async move {
                tokio::spawn(async move { aliyun_child(&path, secs, poll).await })
                    .await
                    .expect("the measuring task")
            });
            return;
        }
        Some("--huawei-child") => {
            let secs = argv[3].parse().expect("secs");
            let path = PathBuf::from(&argv[2]);
            rt().block_on(async move {
                tokio::spawn(async move { huawei_child(&path, secs).await })
                    .await
                    .expect("the measuring task")
            });
            return;
        }
        _ => {}
    }
    let a = args(&argv);
    let dir = std::env::temp_dir().join(format!("callboard-poll-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    println!(
        "poll_cost: {} ({} release build)",
        machine(),
        if cfg!(debug_assertions) { "NOT a" } else { "a" }
    );
    let want = |side: &str| a.only.as_deref().is_none_or(|o| o == side);

    if want("aliyun") {
        let (sim, path) = start_sim(&dir, a.agents);
        let secs = a.secs.to_string();
        let cb = read_report(spawn_self(&[
            "--aliyun-child",
            path.to_str().expect("utf-8 path"),
            &secs,
            &a.poll.to_string(),
        ]));
        let n = cb["refreshes"].max(1.0);
        let cb_cpu = cb["cpu_secs"] / n;
        println!(
            "callboard  Alibaba {:>6} agents: {:>7.1} ms CPU per full refresh, {:>7.1} ms wall per \
             refresh, {} refreshes in {:.0} s back to back; at a {} s poll {:.2} % of one core \
             ({} refreshes); peak RSS {:.1} MiB",
            cb["agents"],
            cb_cpu * 1e3,
            cb["wall_secs"] / n * 1e3,
            cb["refreshes"],
            cb["wall_secs"],
            a.poll,
            cb["watch_cpu_secs"] / cb["watch_wall_secs"] * 100.0,
            cb["watch_snapshots"],
            cb["peak_rss_mib"],
        );
        println!(
            "callboard  Alibaba {:>6} agents, a fresh memory each refresh (every agent parsed and mapped): \
             {:>7.1} ms CPU per full refresh ({} refreshes); changes-only refreshes sent {:.1} \
             changed agents each",
            cb["agents"],
            cb["rebuild_cpu_secs"] / cb["rebuild_refreshes"].max(1.0) * 1e3,
            cb["rebuild_refreshes"],
            cb["changed_per_refresh"],
        );
        if a.peer_sdk {
            let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            let venv = Command::new("bash")
                .arg(root.join("interop/venv.sh"))
                .output()
                .expect("interop/venv.sh runs");
            assert!(venv.status.success(), "interop/venv.sh failed");
            let python = String::from_utf8_lossy(&venv.stdout).trim().to_string();
            let sim_cfg = Config::load(Some(&path)).expect("config").config;
            let ali = &sim_cfg.backends[0];
            let addr = ali
                .endpoint
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string();
            let instance = ali.instance_id.clone().unwrap_or_default();
            let sdk = Command::new(python)
                .arg(root.join("interop/poll_cost_sdk.py"))
                .args(["--endpoint", &addr])
                .args(["--ak", sim::TEST_ACCESS_KEY_ID])
                .args(["--secret", sim::TEST_ACCESS_KEY_SECRET])
                .args(["--instance", &instance])
                .args(["--secs", &secs])
                .stdout(Stdio::piped())
                .spawn()
                .expect("python starts");
            let sdk = read_report(sdk);
            let m = sdk["refreshes"].max(1.0);
            let sdk_cpu = sdk["cpu_secs"] / m;
            println!(
                "Python SDK Alibaba {:>6} agents: {:>7.1} ms CPU per full refresh, {:>7.1} ms wall \
                 per refresh, {} refreshes in {:.0} s back to back; peak RSS {:.1} MiB",
                sdk["agents"],
                sdk_cpu * 1e3,
                sdk["wall_secs"] / m * 1e3,
                sdk["refreshes"],
                sdk["wall_secs"],
                sdk["peak_rss_mib"],
            );
            println!(
                "ratio: the official SDK spends {:.1}x callboard's CPU per refresh",
                sdk_cpu / cb_cpu.max(1e-9)
            );
        }
        kill(sim);
    }

    if want("huawei") {
        let (sim, path) = start_sim(&dir, a.huawei_agents * 2);
        let hw = read_report(spawn_self(&[
            "--huawei-child",
            path.to_str().expect("utf-8 path"),
            &a.secs.to_string(),
        ]));
        println!(
            "callboard  Huawei  {:>6} agents (inspector + CMS, 5 s poll): {:.2} % of one core \
             ({:.3} CPU-s per second of watching; {} refreshes, {} agent updates from events in \
             {:.0} s); peak RSS {:.1} MiB",
            hw["agents"],
            hw["watch_cpu_secs"] / hw["watch_wall_secs"] * 100.0,
            hw["watch_cpu_secs"] / hw["watch_wall_secs"],
            hw["watch_snapshots"],
            hw["watch_updates"],
            hw["watch_wall_secs"],
            hw["peak_rss_mib"],
        );
        println!(
            "callboard  Huawei  {:>6} agents: each refresh sent {:.1} changed agents and the ids \
             of {:.1} unchanged ones",
            hw["agents"], hw["changed_per_refresh"], hw["kept_per_refresh"],
        );
        kill(sim);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
