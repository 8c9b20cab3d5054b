//! One frame of a 10,000-agent roster at 200×50 with a filter and a sort active.
//!
//! `draw` is what every frame costs (the visible rows are cached in the App and rebuilt only when
//! the roster, the filter or the sort changed); `refresh+draw` adds re-filtering and re-sorting
//! all 10,000 agents, what a frame costs right after a roster update or a filter key.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::app::App;
use callboard::fixtures as fixture;
use callboard::sim::{World, WorldSpec};
use callboard::theme::Theme;
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn app() -> App {
    let world = World::new(&WorldSpec {
        seed: 1,
        agents: 10_000,
        epoch: 1_767_258_000_000,
    });
    let truth = world.truth();
    let mut app = App::new(fixture::app_options(truth.clock.now_ms, Theme::fallback()));
    for ev in fixture::snapshot_events(&truth) {
        app.apply_event(ev);
    }
    // A filter (agents not offline, and not Huawei busy) and a sort (time in state, longest first).
    for c in "/!state=offline !code=busy".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    for _ in 0..11 {
        app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE));
    }
    app.page = callboard::ui::roster_rows(50);
    app
}

fn frame(c: &mut Criterion) {
    let mut app = app();
    assert_eq!(app.roster.len(), 10_000);
    assert!(app.visible.len() > 1000 && app.sort.column.is_some());
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    c.bench_function("frame 10k agents 200x50 filter+sort: draw", |b| {
        b.iter(|| {
            term.draw(|f| callboard::ui::draw(f, &app)).expect("draw");
        })
    });
    c.bench_function("frame 10k agents 200x50 filter+sort: refresh+draw", |b| {
        b.iter(|| {
            app.rebuild_view(); // re-filter and re-sort all 10,000 agents
            term.draw(|f| callboard::ui::draw(f, &app)).expect("draw");
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
