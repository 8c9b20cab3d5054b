//! Applying agent updates to the roster store (target: at least 1,000,000 updates per second).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::model::{
    Activity, Agent, Freshness, Presence, Reason, ReasonCategory, RosterScope, RosterStore,
    SkillRef,
};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::sync::Arc;

fn agents(backend: &Arc<str>, n: usize, round: usize) -> Vec<Agent> {
    (0..n)
        .map(|i| Agent {
            name: format!("Agent {i}"),
            presence: if (i + round) % 3 == 0 {
                Presence::Break
            } else {
                Presence::Ready
            },
            activity: if (i + round) % 2 == 0 {
                Activity::Talking
            } else {
                Activity::None
            },
            reason: ((i + round) % 3 == 0).then(|| Reason {
                code: "lunch".into(),
                label: "Lunch".into(),
                category: ReasonCategory::Meal,
                planned_secs: Some(1800),
            }),
            since: Some(1_795_000_000_000 + i as i64),
            freshness: Freshness::Fresh,
            skills: vec![SkillRef {
                id: "sales@ccc".into(),
                name: "sales".into(),
                level: Some(3),
                signed: true,
            }],
            extension: format!("8{i:07}"),
            ..Agent::unknown(backend.clone(), format!("agent{i}@ccc-sim"))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let n = 10_000;
    let mut group = c.benchmark_group("roster");
    group.throughput(Throughput::Elements(n as u64));
    let mut store = RosterStore::new();
    let a = store.add_backend("aliyun", RosterScope::All);
    let h = store.add_backend("huawei", RosterScope::All);
    for agent in agents(&a, n, 0).into_iter().chain(agents(&h, n, 0)) {
        store.upsert(agent);
    }
    let mut round = 0;
    group.bench_function("upsert 10k updates into a 20k roster", |b| {
        b.iter_batched(
            || {
                round += 1;
                agents(&a, n, round)
            },
            |updates| {
                for u in updates {
                    store.upsert(u);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("distribution of a 20k roster", |b| {
        b.iter(|| store.distribution(None))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
