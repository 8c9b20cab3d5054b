//! One agent changed in a 10,000-agent roster, folded to frame-ready: the event goes through
//! `App::apply_event` (event log, roster store, view) exactly as the dashboard takes it, until
//! the visible rows are rebuilt and the next frame can be drawn. Two shapes of the same change:
//!
//! - `agent event`: a `BackendEvent::Agents` with the one agent (a Huawei event);
//! - `changes-only snapshot`: the backend's whole refresh as an Alibaba poll sends it now: the
//!   changed agent, and the ids of the 4,999 unchanged ones;
//! - `full snapshot`: the same refresh with every agent in it (5,000, one of them changed), as
//!   it was sent before unchanged agents were skipped; the event is built outside the timing.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::app::App;
use callboard::backend::BackendEvent;
use callboard::fixtures as fixture;
use callboard::model::{Agent, Presence};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn loaded() -> (App, Vec<BackendEvent>) {
    let (mut app, events) = fixture::loaded_app(1, 10_000);
    app.page = callboard::ui::roster_rows(50);
    app.rebuild_view();
    (app, events)
}

/// The `n`th change of one agent: its presence flips between ready and break.
fn changed(a: &Agent, n: u64) -> Agent {
    let mut a = a.clone();
    a.presence = if n % 2 == 0 {
        Presence::Break
    } else {
        Presence::Ready
    };
    a
}

fn fold(c: &mut Criterion) {
    let (mut app, events) = loaded();
    assert_eq!(app.roster.len(), 10_000);
    let BackendEvent::Snapshot {
        backend, agents, ..
    } = events[0].clone()
    else {
        panic!("a snapshot first")
    };
    let at = app.now;
    let mut n = 0u64;
    c.bench_function(
        "one agent changed in 10,000, fold to frame-ready: agent event",
        |b| {
            b.iter_batched(
                || {
                    n += 1;
                    BackendEvent::Agents {
                        backend: backend.clone(),
                        agents: vec![changed(&agents[7], n)],
                        at,
                    }
                },
                |ev| app.apply_event(ev),
                BatchSize::SmallInput,
            )
        },
    );
    let kept: Vec<std::sync::Arc<str>> = agents
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 7)
        .map(|(_, a)| std::sync::Arc::from(a.id.as_str()))
        .collect();
    c.bench_function(
        "one agent changed in 10,000, fold to frame-ready: changes-only snapshot",
        |b| {
            b.iter_batched(
                || {
                    n += 1;
                    BackendEvent::Snapshot {
                        backend: backend.clone(),
                        agents: vec![changed(&agents[7], n)],
                        kept: kept.clone(),
                        queues: Vec::new(),
                        at,
                    }
                },
                |ev| app.apply_event(ev),
                BatchSize::LargeInput,
            )
        },
    );
    c.bench_function(
        "one agent changed in 10,000, fold to frame-ready: full snapshot",
        |b| {
            b.iter_batched(
                || {
                    n += 1;
                    let mut all = agents.clone();
                    all[7] = changed(&all[7], n);
                    BackendEvent::Snapshot {
                        backend: backend.clone(),
                        agents: all,
                        kept: Vec::new(),
                        queues: Vec::new(),
                        at,
                    }
                },
                |ev| app.apply_event(ev),
                BatchSize::LargeInput,
            )
        },
    );
}

criterion_group!(benches, fold);
criterion_main!(benches);
