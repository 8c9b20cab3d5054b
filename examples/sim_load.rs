//! Load harness for the simulator (not a test): holds thousands of concurrent Huawei event long-polls
//! and measures Alibaba RPC throughput at the same time, against a `callboard sim` child process.
//!
//! ```text
//! cargo build --release && cargo run --release --example sim_load -- --polls 2000 --secs 30
//! ```
//! Prints the held long-polls over time, Alibaba requests per second with latency percentiles, and
//! the simulator's CPU time and resident memory (from /proc).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/procstat.rs"]
mod procstat;

use callboard::backend::aliyun::sign::{sign_rpc, RpcCall, SignatureVersion};
use callboard::secret::Secret;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const AK: &str = "LTAI5tCallboardSim0001";
const SECRET: &str = "sim-secret-callboard-0001";

struct Args {
    polls: usize,
    secs: u64,
    concurrency: usize,
    sim: String,
    agents: usize,
}

fn args() -> Args {
    let mut a = Args {
        polls: 2000,
        secs: 30,
        concurrency: 16,
        sim: String::new(),
        agents: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--polls" => a.polls = value.parse().unwrap_or(a.polls),
            "--secs" => a.secs = value.parse().unwrap_or(a.secs),
            "--concurrency" => a.concurrency = value.parse().unwrap_or(a.concurrency),
            "--sim" => a.sim = value,
            "--agents" => a.agents = value.parse().unwrap_or(0),
            _ => eprintln!("ignored argument {flag}"),
        }
    }
    if a.sim.is_empty() {
        let exe = std::env::current_exe().unwrap_or_default();
        let dir = exe
            .parent()
            .and_then(|p| p.parent())
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        a.sim = dir.join("callboard").display().to_string();
    }
    a
}

/// (user+system CPU seconds, RSS MiB, peak RSS MiB) of a process.
fn proc_usage(pid: u32) -> (f64, f64, f64) {
    let u = procstat::usage(&pid.to_string());
    (u.cpu_secs, u.rss_mib, u.peak_rss_mib)
}

#[tokio::main]
async fn main() {
    let args = args();
    let agents = if args.agents > 0 {
        args.agents
    } else {
        (args.polls * 2 + 200).max(60)
    };
    let mut child = match Command::new(&args.sim)
        .args([
            "sim",
            "--listen",
            "127.0.0.1:0",
            "--speed",
            "1",
            "--seed",
            "1",
            "--agents",
            &agents.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "cannot start {}: {e}; run `cargo build --release` first or pass --sim PATH",
                args.sim
            );
            std::process::exit(2);
        }
    };
    let pid = child.id();
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let mut reader = BufReader::new(out);
        let _ = reader.read_line(&mut first);
        // Keep draining the banner so the simulator never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    }
    let addr = first.split_whitespace().nth(4).unwrap_or("").to_string();
    println!("simulator pid {pid} at {addr} with {agents} agents");
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.polls + args.concurrency)
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap_or_default();

    let truth: serde_json::Value = match client.get(format!("{base}/_sim/state")).send().await {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => {
            eprintln!("simulator not reachable: {e}");
            let _ = child.kill();
            std::process::exit(1);
        }
    };
    let huawei: Vec<(String, String)> = truth["agents"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|a| a["vendor"] == "huawei")
                .map(|a| {
                    (
                        a["id"].as_str().unwrap_or("").to_string(),
                        a["device_id"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let aliyun_count = truth["agents"]
        .as_array()
        .map(|a| a.iter().filter(|a| a["vendor"] == "aliyun").count())
        .unwrap_or(0);

    // Sign in the agents whose events we will poll (forcelogin takes over desk sessions).
    let started = Instant::now();
    let mut sessions = Vec::new();
    for (workno, phone) in huawei.iter().take(args.polls) {
        let body = serde_json::json!({"password": "Agent@sim1", "phonenum": phone, "status": 4, "autoanswer": true});
        let resp = client
            .put(format!(
                "{base}/agentgateway/resource/onlineagent/{workno}/forcelogin"
            ))
            .header("content-type", "application/json; charset=UTF-8")
            .json(&body)
            .send()
            .await;
        let Ok(resp) = resp else { continue };
        let guid = resp
            .headers()
            .get("set-guid")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim_start_matches("JSESSIONID=").to_string())
            .unwrap_or_default();
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or("")
            .to_string();
        let ok = resp
            .json::<serde_json::Value>()
            .await
            .map(|v| v["retcode"] == "0")
            .unwrap_or(false);
        if ok {
            sessions.push((workno.clone(), guid, cookie));
        }
    }
    println!(
        "signed in {} Huawei agents in {:.1} s",
        sessions.len(),
        started.elapsed().as_secs_f64()
    );

    let in_flight = Arc::new(AtomicUsize::new(0));
    let polls_done = Arc::new(AtomicU64::new(0));
    let events = Arc::new(AtomicU64::new(0));
    let poll_errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.secs);
    let mut tasks = Vec::new();
    for (workno, guid, cookie) in sessions {
        let (client, base) = (client.clone(), base.clone());
        let (in_flight, polls_done, events, poll_errors) = (
            in_flight.clone(),
            polls_done.clone(),
            events.clone(),
            poll_errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut guid = guid;
            while Instant::now() < deadline {
                in_flight.fetch_add(1, Ordering::Relaxed);
                let resp = client
                    .get(format!("{base}/agentgateway/resource/agentevent/{workno}"))
                    .header("guid", &guid)
                    .header("cookie", &cookie)
                    .send()
                    .await;
                in_flight.fetch_sub(1, Ordering::Relaxed);
                match resp {
                    Ok(r) => {
                        if let Some(g) = r.headers().get("set-guid").and_then(|v| v.to_str().ok()) {
                            guid = g.trim_start_matches("JSESSIONID=").to_string();
                        }
                        let v: serde_json::Value = r.json().await.unwrap_or_default();
                        if v["retcode"] == "0" {
                            polls_done.fetch_add(1, Ordering::Relaxed);
                            if !v["event"].is_null() {
                                events.fetch_add(1, Ordering::Relaxed);
                            }
                        } else {
                            poll_errors.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(500)).await;
                        }
                    }
                    Err(_) => {
                        poll_errors.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                }
            }
        }));
    }

    // Alibaba load while the long-polls are held: signed V3 calls, a realistic poll mix.
    let rpc_done = Arc::new(AtomicU64::new(0));
    let rpc_errors = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(std::sync::Mutex::new(Vec::<u32>::new()));
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rpc_start = Instant::now();
    let rpc_deadline = deadline - Duration::from_secs(1);
    let pages = aliyun_count.div_ceil(100).max(1);
    let host = addr.clone();
    let mut workers = Vec::new();
    for w in 0..args.concurrency {
        let (client, base, host) = (client.clone(), base.clone(), host.clone());
        let (rpc_done, rpc_errors, latencies) =
            (rpc_done.clone(), rpc_errors.clone(), latencies.clone());
        workers.push(tokio::spawn(async move {
            let secret = Secret::new(SECRET);
            let mut n = w;
            while Instant::now() < rpc_deadline {
                n += 1;
                let (action, query) = match n % 4 {
                    0 => (
                        "GetRealtimeInstanceStates",
                        vec![("InstanceId", "ccc-sim".to_string())],
                    ),
                    1 => (
                        "ListRealtimeSkillGroupStates",
                        vec![
                            ("InstanceId", "ccc-sim".into()),
                            ("PageNumber", "1".into()),
                            ("PageSize", "100".into()),
                        ],
                    ),
                    _ => (
                        "ListRealtimeAgentStates",
                        vec![
                            ("InstanceId", "ccc-sim".into()),
                            ("PageNumber", (n / 4 % pages + 1).to_string()),
                            ("PageSize", "100".into()),
                        ],
                    ),
                };
                let query: BTreeMap<String, String> =
                    query.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                let body = BTreeMap::new();
                let nonce = uuid::Uuid::new_v4().simple().to_string();
                let timestamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
                let call = RpcCall {
                    host: &host,
                    action,
                    version: "2020-07-01",
                    query: &query,
                    body: &body,
                    timestamp: &timestamp,
                    nonce: &nonce,
                };
                let signed = sign_rpc(&call, SignatureVersion::V3, AK, &secret);
                let mut req = client
                    .post(format!("{base}/?{}", signed.query))
                    .body(signed.body);
                for (k, v) in &signed.headers {
                    req = req.header(k, v);
                }
                let t = Instant::now();
                match req.send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        rpc_done.fetch_add(1, Ordering::Relaxed);
                        if let Ok(mut l) = latencies.lock() {
                            l.push(t.elapsed().as_micros() as u32);
                        }
                    }
                    _ => {
                        rpc_errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }

    let (cpu0, _, _) = proc_usage(pid);
    let mut min_held = usize::MAX;
    let mut max_held = 0;
    let mut second = 0;
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_secs(1)).await;
        second += 1;
        let held = in_flight.load(Ordering::Relaxed);
        if second > 12 && Instant::now() + Duration::from_secs(2) < deadline {
            min_held = min_held.min(held);
        }
        max_held = max_held.max(held);
        if second % 5 == 0 {
            let (cpu, rss, _) = proc_usage(pid);
            println!("t={second:>3}s held long-polls {held:>5}  rpc ok {:>7}  sim cpu {:.1}s rss {rss:.0} MiB", rpc_done.load(Ordering::Relaxed), cpu);
        }
    }
    for w in workers {
        let _ = w.await;
    }
    let rpc_secs = rpc_start.elapsed().as_secs_f64() - 1.0;
    for t in tasks {
        t.abort();
    }
    let (cpu1, rss, peak) = proc_usage(pid);
    let mut lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    let ok = rpc_done.load(Ordering::Relaxed);
    println!();
    println!("Huawei long-polls: {} sessions, held concurrently min {} / max {} (steady state), {} polls answered, {} events, {} errors",
        huawei.len().min(args.polls), if min_held == usize::MAX { 0 } else { min_held }, max_held,
        polls_done.load(Ordering::Relaxed), events.load(Ordering::Relaxed), poll_errors.load(Ordering::Relaxed));
    println!("Alibaba RPC (signed V3, {} workers): {ok} ok, {} errors, {:.0} req/s, latency p50 {:.2} ms p99 {:.2} ms",
        args.concurrency, rpc_errors.load(Ordering::Relaxed), ok as f64 / rpc_secs, pct(0.5), pct(0.99));
    println!("Simulator process: {:.1} s CPU during the load ({:.0}% of one core), RSS {rss:.0} MiB, peak {peak:.0} MiB",
        cpu1 - cpu0, (cpu1 - cpu0) / args.secs as f64 * 100.0);
    let _ = child.kill();
    let _ = child.wait();
}
