//! demo.tape, read by VHS's rules (tui-anchors §5) and replayed: every line must be a VHS command
//! in the right place with well-formed arguments, and its keys, sent to the app (real fleet,
//! frozen simulator) on a TestBackend of the tape's size, must make each `Wait+Screen` pattern
//! appear.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;
#[path = "support/tui.rs"]
mod tui_support;
use backend_support::env_with;
use callboard::app::{App, AppOptions, Reply, UiCommand};
use callboard::backend::{BackendEvent, Fleet};
use callboard::fixtures::tape::{parse, size, Step};
use callboard::sim::SimConfig;
use callboard::theme::Theme;
use callboard::tui::runner::Actions;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[test]
fn the_tape_follows_vhs_rules() {
    let text = std::fs::read_to_string("demo.tape").expect("demo.tape");
    let (settings, steps) = parse(&text).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert!(
        text.contains("Type \"callboard demo\""),
        "the tape starts the app in demo mode"
    );
    assert!(
        steps
            .iter()
            .filter(|s| matches!(s, Step::WaitScreen(_)))
            .count()
            >= 6
    );
    let (w, h) = size(&settings);
    assert!(
        (120..=240).contains(&w) && (30..=80).contains(&h),
        "{w}x{h}"
    );
    // The checker itself catches what vhs validate misses.
    for bad in [
        "Home",
        "Type unquoted",
        "Sleep soon",
        "Output demo",
        "Hide\nType \"x\"",
        "Set Theme \"Nonexistent\"",
        "Type \"x\"\nOutput late.gif",
        "Wait /x/",
        "Launch",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

async fn poll(app: &mut App, fleet: &Fleet) {
    for b in fleet.backends() {
        if let Ok((agents, queues)) = b.snapshot().await {
            app.apply_event(BackendEvent::Snapshot {
                backend: b.name(),
                agents,
                kept: Vec::new(),
                queues,
                at: chrono::Utc::now().timestamp_millis(),
            });
        }
    }
}

async fn pump(app: &mut App, fleet: &Fleet) {
    while !app.outbox.is_empty() {
        for cmd in std::mem::take(&mut app.outbox) {
            let reply = match cmd {
                UiCommand::Act(request) => Reply::ActionDone {
                    outcome: Actions::act(fleet, request.clone()).await,
                    request,
                },
                UiCommand::Choices { backend, agent } => Reply::ChoicesReady {
                    choices: Actions::choices(fleet, &backend, &agent).await,
                    backend,
                    agent,
                },
                // The tape exports nothing; a write would only be answered.
                UiCommand::WriteFile { path, lines, .. } => Reply::Written {
                    path,
                    result: Ok(lines),
                },
            };
            app.apply_reply(reply);
        }
    }
}

#[tokio::test]
async fn the_tape_replays_against_the_app() {
    let text = std::fs::read_to_string("demo.tape").expect("demo.tape");
    let (settings, steps) = parse(&text).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let (w, h) = size(&settings);
    // The demo's world (seed 1, 60 agents), frozen so the replay is repeatable.
    let env = env_with(SimConfig {
        seed: 1,
        agents: 60,
        speed: 0.0,
        ..SimConfig::default()
    })
    .await;
    let (fleet, errors) = Fleet::connect(&env.config).await;
    assert!(errors.is_empty(), "{errors:?}");
    let now = chrono::Utc::now().timestamp_millis();
    let mut app = App::new(AppOptions::from_config(
        &env.config,
        Theme::load("default").expect("theme"),
        now,
    ));
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let mut launched = false;
    let mut started = false;
    let mut seen = Vec::new();
    for step in steps {
        match step {
            Step::Type(s) if !launched => {
                assert_eq!(s, "callboard demo");
                launched = true;
                poll(&mut app, &fleet).await;
            }
            // The shell's Enter that runs the command.
            Step::Keys(_) if !started => started = true,
            Step::Type(s) => {
                for c in s.chars() {
                    let m = if c.is_ascii_uppercase() {
                        KeyModifiers::SHIFT
                    } else {
                        KeyModifiers::NONE
                    };
                    app.handle_key(KeyEvent::new(KeyCode::Char(c), m));
                }
            }
            Step::Keys(keys) => {
                for k in keys {
                    app.handle_key(k);
                }
            }
            Step::WaitScreen(re) => {
                let re = regex::Regex::new(&re).expect("pattern");
                let mut found = false;
                for _ in 0..20 {
                    pump(&mut app, &fleet).await;
                    app.page = callboard::ui::roster_rows(h);
                    term.draw(|f| callboard::ui::draw(f, &app)).expect("draw");
                    let screen = tui_support::buffer_text(term.backend().buffer());
                    if re.is_match(&screen) {
                        found = true;
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    poll(&mut app, &fleet).await;
                }
                let screen = tui_support::buffer_text(term.backend().buffer());
                assert!(
                    found,
                    "Wait+Screen /{re}/ never matched; the screen:\n{screen}"
                );
                seen.push(re.to_string());
            }
            Step::Sleep => poll(&mut app, &fleet).await,
            Step::Other => {}
        }
    }
    assert!(app.quit, "the tape ends by quitting");
    assert!(seen.len() >= 6, "{seen:?}");
}
