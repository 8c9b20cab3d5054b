//! What `callboard serve` costs per attached supervisor (a harness, not a timed test). Three
//! processes, so each figure is its own: the simulator (`--agents`, half Alibaba, half Huawei,
//! world moving in real time, seed 7) in one child, `callboard serve` on its config in another, and
//! the SSH clients (russh's, each with a pty of 120×36) here.
//!
//! 1. One session attached: for `--secs`, the vendor requests per second the simulator answers
//!    (`GET /_sim/requests`), serve's CPU (share of one core) and RSS.
//! 2. `--sessions` attached: the same figures; the difference, divided by the sessions added, is
//!    what each added session costs. The request rate must not move (one set of polls).
//! 3. One session stops reading (a frozen client: its SSH window fills, its TCP backs up): for
//!    `--secs`, the frames the other sessions receive per second and the longest gap between two
//!    of their frames, beside the same figures from phase 2.
//!
//! `cargo run --release --example serve_load -- [--sessions 50] [--agents 10000] [--secs 20]`
// A harness, not the product: a failed expectation aborts it, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/procstat.rs"]
mod procstat;

use callboard::config::{Config, Roster};
use callboard::serve::{self, hostkey, ServeSetup};
use callboard::sim::{self, SimConfig};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use russh::{client, ChannelMsg};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn value(argv: &[String], name: &str) -> Option<String> {
    argv.iter()
        .position(|x| x == name)
        .and_then(|i| argv.get(i + 1))
        .cloned()
}

fn num(argv: &[String], name: &str, default: f64) -> f64 {
    value(argv, name).map_or(default, |v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} takes a number, got {v}"))
    })
}

#[tokio::main]
async fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if let Some(path) = value(&argv, "--sim-child") {
        return sim_child(num(&argv, "--agents", 10_000.0) as usize, Path::new(&path)).await;
    }
    if let Some(config) = value(&argv, "--serve-child") {
        let keys = value(&argv, "--keys").expect("--keys");
        let ready = value(&argv, "--ready").expect("--ready");
        return serve_child(Path::new(&config), Path::new(&keys), Path::new(&ready)).await;
    }
    let sessions = num(&argv, "--sessions", 50.0) as usize;
    let agents = num(&argv, "--agents", 10_000.0) as usize;
    let secs = num(&argv, "--secs", 20.0);
    run(sessions.max(2), agents, Duration::from_secs_f64(secs)).await;
}

async fn sim_child(agents: usize, path: &Path) {
    let config = SimConfig {
        agents,
        seed: 7,
        ..SimConfig::default()
    };
    let running = sim::start(config.clone()).await.expect("sim");
    let truth = running.shared.lock().world.truth();
    let cfg = sim::write_config::sim_config(&config, running.addr, &truth);
    let text = sim::write_config::render(&cfg, running.addr).expect("config");
    let tmp = path.with_extension("tmp");
    sim::write_config::write(&tmp, &text).expect("write config");
    std::fs::rename(&tmp, path).expect("config in place");
    std::future::pending::<()>().await;
}

async fn serve_child(config: &Path, keys: &Path, ready: &Path) {
    let mut config: Config = Config::load(Some(config)).expect("config").config;
    for b in &mut config.backends {
        b.roster = Roster::default();
    }
    config.audit_log = Some(
        ready
            .with_extension("audit.jsonl")
            .to_string_lossy()
            .into_owned(),
    );
    let setup = ServeSetup {
        config,
        listen: "127.0.0.1:0".parse().expect("addr"),
        host_key: ready.with_extension("host"),
        authorized_keys: keys.to_path_buf(),
        readonly: false,
        theme: None,
        lang: Some(callboard::i18n::Lang::En),
    };
    let running = serve::start(setup).await.expect("serve");
    std::fs::write(ready, running.addr.to_string()).expect("ready");
    std::future::pending::<()>().await;
}

fn wait_file(path: &Path, what: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            if !text.is_empty() {
                return text;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Client;
impl client::Handler for Client {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// What one session's reader saw.
#[derive(Default)]
struct Seen {
    frames: AtomicU64,
    /// Set once the roster's count line arrived.
    shown: AtomicBool,
    /// Frame arrival times since the last reset.
    times: Mutex<Vec<Instant>>,
    /// Stop reading (a frozen client).
    freeze: AtomicBool,
}

async fn attach(addr: std::net::SocketAddr, key: Arc<PrivateKey>, seen: Arc<Seen>) {
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, addr, Client)
        .await
        .expect("connect");
    let ok = handle
        .authenticate_publickey("load", PrivateKeyWithHashAlg::new(key, None))
        .await
        .expect("auth")
        .success();
    assert!(ok, "key accepted");
    let mut channel = handle.channel_open_session().await.expect("session");
    channel
        .request_pty(false, "xterm-256color", 120, 36, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    tokio::spawn(async move {
        let _handle = handle;
        loop {
            if seen.freeze.load(Ordering::SeqCst) {
                // Never read again: the channel's buffer, then the TCP connection, back up.
                std::future::pending::<()>().await;
            }
            match channel.wait().await {
                Some(ChannelMsg::Data { data }) => {
                    // Each frame is wrapped in synchronized output: count its end.
                    let ends = data.windows(8).filter(|w| w == b"\x1b[?2026l").count() as u64;
                    if ends > 0 {
                        seen.frames.fetch_add(ends, Ordering::SeqCst);
                        seen.times.lock().unwrap().push(Instant::now());
                    }
                    if !seen.shown.load(Ordering::SeqCst)
                        && data.windows(7).any(|w| w == b" agents")
                    {
                        seen.shown.store(true, Ordering::SeqCst);
                    }
                }
                None | Some(ChannelMsg::Close) => return,
                Some(_) => {}
            }
        }
    });
}

async fn requests(sim: &str) -> u64 {
    let v: serde_json::Value = reqwest::get(format!("http://{sim}/_sim/requests"))
        .await
        .expect("requests")
        .json()
        .await
        .expect("json");
    ["aliyun", "huawei", "cms"]
        .iter()
        .map(|k| v[k].as_u64().unwrap_or(0))
        .sum()
}

struct Phase {
    req_per_sec: f64,
    cpu_share: f64,
    rss_mib: f64,
    peak_rss_mib: f64,
}

async fn measure(sim: &str, pid: &str, span: Duration) -> Phase {
    let (r0, u0, t0) = (requests(sim).await, procstat::usage(pid), Instant::now());
    tokio::time::sleep(span).await;
    let (r1, u1, dt) = (
        requests(sim).await,
        procstat::usage(pid),
        t0.elapsed().as_secs_f64(),
    );
    Phase {
        req_per_sec: (r1 - r0) as f64 / dt,
        cpu_share: (u1.cpu_secs - u0.cpu_secs) / dt,
        rss_mib: u1.rss_mib,
        peak_rss_mib: u1.peak_rss_mib,
    }
}

fn reset_times(seen: &[Arc<Seen>]) {
    for s in seen {
        s.times.lock().unwrap().clear();
        s.frames.store(0, Ordering::SeqCst);
    }
}

/// Frames per second per session and the longest gap between two frames of a session.
fn frame_stats(seen: &[Arc<Seen>], span: Duration) -> (f64, Duration) {
    let mut total = 0u64;
    let mut gap = Duration::ZERO;
    for s in seen {
        total += s.frames.load(Ordering::SeqCst);
        let times = s.times.lock().unwrap();
        for w in times.windows(2) {
            gap = gap.max(w[1] - w[0]);
        }
    }
    (total as f64 / seen.len() as f64 / span.as_secs_f64(), gap)
}

async fn wait_shown(seen: &[Arc<Seen>]) {
    let started = Instant::now();
    while !seen.iter().all(|s| s.shown.load(Ordering::SeqCst)) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "sessions did not show the roster"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn run(sessions: usize, agents: usize, span: Duration) {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("callboard-serve-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let exe = std::env::current_exe().expect("exe");
    let sim_cfg = dir.join("sim.toml");
    let _sim = Kill(
        Command::new(&exe)
            .args([
                "--sim-child",
                sim_cfg.to_str().unwrap(),
                "--agents",
                &agents.to_string(),
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("sim child"),
    );
    wait_file(&sim_cfg, "the simulator");
    let config = Config::load(Some(&sim_cfg)).expect("sim config").config;
    let sim_addr = config.backends[0]
        .endpoint
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let key = Arc::new(hostkey::generate());
    let keys = dir.join("authorized_keys");
    std::fs::write(&keys, key.public_key().to_openssh().unwrap()).expect("keys");
    let ready = dir.join("serve.addr");
    let serve = Kill(
        Command::new(&exe)
            .args(["--serve-child", sim_cfg.to_str().unwrap()])
            .args([
                "--keys",
                keys.to_str().unwrap(),
                "--ready",
                ready.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("serve child"),
    );
    let addr: std::net::SocketAddr = wait_file(&ready, "callboard serve").trim().parse().unwrap();
    let pid = serve.0.id().to_string();
    println!("callboard serve load: {agents} agents, sessions 1 then {sessions}, {:.0} s per phase (serve pid {pid})", span.as_secs_f64());

    // Let the backends connect and load the floor before measuring.
    let mut seen: Vec<Arc<Seen>> = vec![Arc::new(Seen::default())];
    attach(addr, key.clone(), seen[0].clone()).await;
    wait_shown(&seen).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let one = measure(&sim_addr, &pid, span).await;
    println!(
        "1 session:   {:7.1} vendor req/s   serve CPU {:5.1} % of a core   RSS {:6.1} MiB",
        one.req_per_sec,
        one.cpu_share * 100.0,
        one.rss_mib
    );

    for _ in 1..sessions {
        let s = Arc::new(Seen::default());
        attach(addr, key.clone(), s.clone()).await;
        seen.push(s);
    }
    wait_shown(&seen).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    reset_times(&seen);
    let many = measure(&sim_addr, &pid, span).await;
    let (fps_before, gap_before) = frame_stats(&seen[1..], span);
    let added = (sessions - 1) as f64;
    println!(
        "{sessions} sessions: {:7.1} vendor req/s   serve CPU {:5.1} % of a core   RSS {:6.1} MiB",
        many.req_per_sec,
        many.cpu_share * 100.0,
        many.rss_mib
    );
    println!(
        "request rate {sessions} vs 1: {:+.1} %",
        (many.req_per_sec / one.req_per_sec - 1.0) * 100.0
    );
    println!(
        "per added session: CPU {:.3} % of a core, RSS {:.2} MiB",
        (many.cpu_share - one.cpu_share) * 100.0 / added,
        (many.rss_mib - one.rss_mib) / added
    );

    // A frozen client: session 0 stops reading.
    seen[0].freeze.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(3)).await;
    reset_times(&seen);
    let frozen = measure(&sim_addr, &pid, span).await;
    let (fps_frozen, gap_frozen) = frame_stats(&seen[1..], span);
    println!(
        "others' frames: {fps_before:.2}/s per session, longest gap {:.2} s; with one client frozen: {fps_frozen:.2}/s, longest gap {:.2} s ({:.1} vendor req/s, serve CPU {:.1} %)",
        gap_before.as_secs_f64(),
        gap_frozen.as_secs_f64(),
        frozen.req_per_sec,
        frozen.cpu_share * 100.0
    );
    println!(
        "serve peak RSS {:.1} MiB",
        frozen.peak_rss_mib.max(many.peak_rss_mib)
    );
    drop(serve);
    let _ = std::fs::remove_dir_all(&dir);
}
