//! Load harness (not criterion): a Huawei inspector plus 1,000 agent sessions callboard signed in,
//! all long-polling a simulator for N seconds, with the poller and a roster store consuming the
//! events. Reports the CPU time and RSS of this process only: the simulator runs as a separate
//! `callboard sim` process.
//!
//! `cargo bench --bench huawei_load` (env: CALLBOARD_LOAD_SECONDS, default 60;
//! CALLBOARD_LOAD_SESSIONS, default 1000; CALLBOARD_LOAD_POLL_HOLD, default 10).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/procstat.rs"]
mod procstat;

use callboard::backend::{apply_event, coalesce, ActionKind, ActionRequest, Backend, Fleet};
use callboard::config::Config;
use callboard::model::{RosterScope, RosterStore};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let seconds = env_num("CALLBOARD_LOAD_SECONDS", 60);
    let sessions = env_num("CALLBOARD_LOAD_SESSIONS", 1000) as usize;
    let hold = env_num("CALLBOARD_LOAD_POLL_HOLD", 10);
    let dir = std::env::temp_dir().join(format!("callboard-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cfg_path = dir.join("sim.toml");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let agents = (sessions * 2 + 200).to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard"))
        .args([
            "sim",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--agents",
            &agents,
        ])
        .args(["--speed", "1", "--poll-hold", &hold.to_string()])
        .arg("--write-config")
        .arg(&cfg_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("callboard sim starts");
    let started = Instant::now();
    while !cfg_path.exists() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let loaded = Config::load(Some(&cfg_path)).expect("sim config");
    let mut config: Config = loaded.config;
    config.backends.retain(|b| b.name == "huawei-sim");
    config.audit_log = Some(dir.join("audit.jsonl").to_string_lossy().into_owned());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let (fleet, errors) = Fleet::connect(&config).await;
        assert!(errors.is_empty(), "{errors:?}");
        let fleet = Arc::new(fleet);
        let (tx, mut rx) = tokio::sync::mpsc::channel(1024);
        let pollers = fleet.spawn_pollers(tx);
        let events = Arc::new(AtomicU64::new(0));
        let counted = events.clone();
        let roster: Vec<String> = config.backends[0].roster.agents().unwrap_or(&[]).to_vec();
        let mut store = RosterStore::new();
        store.add_backend("huawei-sim", RosterScope::Only(roster.clone()));
        let consumer = tokio::spawn(async move {
            while let Some(ev) = rx.recv().await {
                let mut batch = vec![ev];
                while let Ok(ev) = rx.try_recv() {
                    batch.push(ev);
                }
                counted.fetch_add(batch.len() as u64, Ordering::Relaxed);
                for ev in coalesce(batch) {
                    apply_event(&mut store, ev);
                }
            }
        });

        let t = Instant::now();
        let mut set = tokio::task::JoinSet::new();
        let mut signed = 0usize;
        for workno in roster.into_iter().take(sessions) {
            let fleet = fleet.clone();
            set.spawn(async move {
                let req = |kind| ActionRequest {
                    backend: "huawei-sim".into(),
                    agent: workno.clone(),
                    kind,
                };
                let sign_in = || req(ActionKind::SignIn { device: None, skill_groups: vec![] });
                let mut o = fleet.act(sign_in()).await;
                if !o.ok {
                    let _ = fleet.act(req(ActionKind::Reset { idle: false })).await;
                    o = fleet.act(sign_in()).await;
                }
                o.ok
            });
            while set.len() >= 50 {
                signed += usize::from(matches!(set.join_next().await, Some(Ok(true))));
            }
        }
        while let Some(r) = set.join_next().await {
            signed += usize::from(matches!(r, Ok(true)));
        }
        println!("signed in {signed} of {sessions} sessions in {:.1} s", t.elapsed().as_secs_f64());
        tokio::time::sleep(Duration::from_secs(5)).await;

        let (cpu0, ev0, t0) = (procstat::usage("self").cpu_secs, events.load(Ordering::Relaxed), Instant::now());
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        let (cpu1, ev1, wall) = (procstat::usage("self").cpu_secs, events.load(Ordering::Relaxed), t0.elapsed());
        let u = procstat::usage("self");
        let (rss, peak) = (u.rss_mib, u.peak_rss_mib);
        let held = match fleet.backend("huawei-sim") {
            Some(Backend::Huawei(h)) => h.held_sessions().len(),
            _ => 0,
        };
        let cpu = cpu1 - cpu0;
        println!(
            "huawei load: inspector + {held} held sessions (poll hold {hold} s) for {:.0} s: CPU {cpu:.2} s ({:.1}% of one core), RSS {rss:.1} MiB (peak {peak:.1} MiB), {} events ({:.0}/s)",
            wall.as_secs_f64(),
            100.0 * cpu / wall.as_secs_f64(),
            ev1 - ev0,
            (ev1 - ev0) as f64 / wall.as_secs_f64()
        );
        fleet.shutdown().await;
        consumer.abort();
        for p in pollers {
            p.abort();
        }
    });
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
