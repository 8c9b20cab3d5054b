//! A full Alibaba Cloud roster refresh of 10,000 agents from the simulator (target: ≤ 500 ms
//! wall): `Backend::snapshot` = every page of ListRealtimeAgentStates (100 per page, 4 at once),
//! the skill groups' realtime states, and the directory every tenth refresh. The simulator runs in
//! the same process (on its own runtime), so the figure includes serving the requests.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::backend::Backend;
use callboard::sim::{self, SimConfig};
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

fn refresh(c: &mut Criterion) {
    let sim_rt = tokio::runtime::Runtime::new().expect("sim runtime");
    let sim_cfg = SimConfig {
        agents: 20_000,
        speed: 0.0,
        ..SimConfig::default()
    };
    let running = sim_rt
        .block_on(sim::start(sim_cfg.clone()))
        .expect("sim starts");
    let truth = running.shared.lock().world.truth();
    let mut config = sim::write_config::sim_config(&sim_cfg, running.addr, &truth);
    config.backends.retain(|b| b.name == "aliyun-sim");
    if let Some(b) = config.backends.first_mut() {
        b.roster = callboard::config::Roster::default();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let backend = rt
        .block_on(Backend::connect(&config.backends[0]))
        .expect("connect");
    let (agents, _) = rt.block_on(backend.snapshot()).expect("first refresh");
    assert_eq!(agents.len(), 10_000);

    let mut g = c.benchmark_group("aliyun");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(15));
    g.bench_function("full refresh of 10,000 agents", |b| {
        b.iter(|| {
            let (agents, _) = rt.block_on(backend.snapshot()).expect("refresh");
            assert_eq!(agents.len(), 10_000);
        })
    });
    g.finish();
    drop(running);
}

criterion_group!(benches, refresh);
criterion_main!(benches);
