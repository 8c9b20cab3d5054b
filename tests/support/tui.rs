//! Shared set-up of the TUI tests: an App fed from a deterministic simulated world (seed 1, fixed
//! epoch, fixed clock), keys, and rendering on ratatui's TestBackend.
#![allow(dead_code)]

use callboard::app::{App, AppOptions};
use callboard::fixtures as fixture;
use callboard::sim::{World, WorldSpec};
use callboard::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// 2026-01-01T09:00:00Z.
pub const EPOCH: i64 = 1_767_258_000_000;
pub const W: u16 = 120;
pub const H: u16 = 36;

/// An app showing a world of `agents` agents after `secs` simulated seconds.
pub fn world_app(agents: usize, secs: u64) -> App {
    world_app_with(agents, secs, |_| {})
}

pub fn world_app_with(agents: usize, secs: u64, tweak: impl FnOnce(&mut AppOptions)) -> App {
    let mut world = World::new(&WorldSpec {
        seed: 1,
        agents,
        epoch: EPOCH,
    });
    world.advance_secs(secs);
    let truth = world.truth();
    let mut opts = fixture::app_options(truth.clock.now_ms, Theme::load("default").expect("theme"));
    tweak(&mut opts);
    let mut app = App::new(opts);
    for ev in fixture::snapshot_events(&truth) {
        app.apply_event(ev);
    }
    // A second poll a little later, so there are state changes in the log.
    world.advance_secs(20);
    let truth = world.truth();
    for ev in fixture::snapshot_events(&truth) {
        app.apply_event(ev);
    }
    app.tick(truth.clock.now_ms + 400);
    app
}

pub fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| callboard::ui::draw(f, app)).expect("draw");
    term
}

/// The screen as text (one line per row).
pub fn screen(app: &App) -> String {
    let term = render(app, W, H);
    buffer_text(term.backend().buffer())
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

pub fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

pub fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let ev = if c.is_ascii_uppercase() {
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
        } else {
            key(c)
        };
        app.handle_key(ev);
    }
}

/// The screen at `w`×`h` as text.
pub fn screen_at(app: &App, w: u16, h: u16) -> String {
    buffer_text(render(app, w, h).backend().buffer())
}

/// The counts of the header's distribution line (`Ready 4  Not ready 1 … Stale 60`), without the
/// break breakdown in parentheses.
pub fn header_counts(line: &str) -> Vec<(String, usize)> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in line.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split("  ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .filter_map(|t| {
            let (label, n) = t.rsplit_once(' ')?;
            Some((label.to_string(), n.parse().ok()?))
        })
        .collect()
}
