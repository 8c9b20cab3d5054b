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
use callboard::sim::SimConfig;
use callboard::theme::Theme;
use callboard::tui::runner::Actions;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const KEYWORDS: &[&str] = &[
    "Output",
    "Require",
    "Set",
    "Type",
    "Sleep",
    "Wait",
    "Hide",
    "Show",
    "Screenshot",
    "Copy",
    "Paste",
    "Env",
    "Source",
    "Enter",
    "Tab",
    "Space",
    "Backspace",
    "Delete",
    "Insert",
    "Escape",
    "Up",
    "Down",
    "Left",
    "Right",
    "PageUp",
    "PageDown",
    "ScrollUp",
    "ScrollDown",
];
const SETTINGS: &[&str] = &[
    "Shell",
    "FontFamily",
    "FontSize",
    "Framerate",
    "PlaybackSpeed",
    "Height",
    "Width",
    "LetterSpacing",
    "TypingSpeed",
    "LineHeight",
    "Padding",
    "Theme",
    "LoopOffset",
    "MarginFill",
    "Margin",
    "WindowBar",
    "WindowBarSize",
    "BorderRadius",
    "CursorBlink",
    "WaitTimeout",
    "WaitPattern",
];
/// Themes we allow (vhs checks names only when recording).
const THEMES: &[&str] = &[
    "Catppuccin Mocha",
    "Dracula",
    "Nord",
    "GitHub Dark",
    "Builtin Dark",
];

/// One step of the tape.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Keys(Vec<KeyEvent>),
    Type(String),
    WaitScreen(String),
    /// Time passes: the pollers bring a fresh roster.
    Sleep,
    Other,
}

fn duration_ok(s: &str) -> bool {
    let num = s
        .strip_suffix("ms")
        .or_else(|| s.strip_suffix('s'))
        .or_else(|| s.strip_suffix('m'))
        .unwrap_or(s);
    !num.is_empty() && num.parse::<f64>().is_ok_and(|n| n >= 0.0)
}

fn unquote(s: &str) -> Option<String> {
    let s = s.trim();
    let q = s.chars().next()?;
    if !matches!(q, '"' | '\'' | '`') || s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    Some(s[1..s.len() - 1].to_string())
}

fn key_of(name: &str) -> Option<KeyCode> {
    Some(match name {
        "Enter" => KeyCode::Enter,
        "Tab" => KeyCode::Tab,
        "Space" => KeyCode::Char(' '),
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Insert" => KeyCode::Insert,
        "Escape" => KeyCode::Esc,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        _ => return None,
    })
}

/// `Set` names and values, in order.
type Settings = Vec<(String, String)>;

/// Lexes and checks the tape; returns its settings and steps, or every problem with its line.
fn parse(text: &str) -> Result<(Settings, Vec<Step>), Vec<String>> {
    let mut errors = Vec::new();
    let mut settings = Vec::new();
    let mut steps = Vec::new();
    let mut commands_started = false;
    let mut hidden = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = n + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, rest) = line
            .split_once(' ')
            .map_or((line, ""), |(w, r)| (w, r.trim()));
        let (cmd, modifier) = word
            .split_once('@')
            .map_or((word, None), |(c, m)| (c, Some(m)));
        let base = cmd.split('+').next().unwrap_or(cmd);
        if !KEYWORDS.contains(&base)
            && !base.starts_with("Ctrl")
            && !base.starts_with("Alt")
            && !base.starts_with("Shift")
        {
            errors.push(format!("line {at}: `{word}` is not a VHS command"));
            continue;
        }
        if matches!(base, "Home" | "End") {
            errors.push(format!("line {at}: VHS has no {base} command; use g/G"));
        }
        if let Some(m) = modifier {
            if !duration_ok(m) {
                errors.push(format!("line {at}: `@{m}` is not a duration"));
            }
        }
        match base {
            "Output" | "Require" | "Set" => {
                if commands_started && base != "Set" {
                    errors.push(format!(
                        "line {at}: {base} must come before the first command"
                    ));
                }
                if commands_started && base == "Set" && !rest.starts_with("TypingSpeed") {
                    errors.push(format!(
                        "line {at}: Set after the first command is ignored by VHS"
                    ));
                }
                match base {
                    "Output" => {
                        let ok = rest.ends_with('/')
                            || [".gif", ".mp4", ".webm", ".txt", ".ascii"]
                                .iter()
                                .any(|e| rest.ends_with(e));
                        if !ok {
                            errors.push(format!(
                                "line {at}: Output needs .gif/.mp4/.webm/.txt/.ascii or a dir/"
                            ));
                        }
                    }
                    "Set" => {
                        let (name, value) = rest.split_once(' ').unwrap_or((rest, ""));
                        if !SETTINGS.contains(&name) {
                            errors.push(format!("line {at}: unknown setting {name}"));
                        }
                        if name == "Theme" && !value.starts_with('{') {
                            match unquote(value) {
                                Some(t) if THEMES.contains(&t.as_str()) => {}
                                _ => errors.push(format!(
                                    "line {at}: theme {value} is not in our allowlist"
                                )),
                            }
                        }
                        if matches!(name, "TypingSpeed" | "WaitTimeout") && !duration_ok(value) {
                            errors.push(format!("line {at}: {name} needs a duration"));
                        }
                        settings.push((name.to_string(), value.trim_matches('"').to_string()));
                    }
                    _ => {}
                }
                steps.push(Step::Other);
                continue;
            }
            _ => commands_started = true,
        }
        match base {
            "Type" => match unquote(rest) {
                Some(s) => steps.push(Step::Type(s)),
                None => errors.push(format!("line {at}: Type needs a quoted string")),
            },
            "Sleep" => {
                if !duration_ok(rest) {
                    errors.push(format!("line {at}: Sleep needs a duration"));
                }
                steps.push(Step::Sleep);
            }
            "Wait" => {
                let scope = cmd.split('+').nth(1);
                if !matches!(scope, None | Some("Screen") | Some("Line")) {
                    errors.push(format!("line {at}: Wait+{scope:?} is not a scope"));
                }
                let re = rest.strip_prefix('/').and_then(|r| r.strip_suffix('/'));
                match (scope, re) {
                    (Some("Screen"), Some(re)) => {
                        if let Err(e) = regex::Regex::new(re) {
                            errors.push(format!("line {at}: bad pattern: {e}"));
                        }
                        steps.push(Step::WaitScreen(re.to_string()));
                    }
                    _ => errors.push(format!("line {at}: use Wait+Screen /pattern/ for a TUI")),
                }
            }
            "Hide" | "Show" => {
                if (base == "Hide") == hidden {
                    errors.push(format!("line {at}: Hide and Show must alternate"));
                }
                hidden = base == "Hide";
                steps.push(Step::Other);
            }
            "Screenshot" => {
                if !rest.ends_with(".png") {
                    errors.push(format!("line {at}: Screenshot must end .png"));
                }
                steps.push(Step::Other);
            }
            "Source" => errors.push(format!("line {at}: keep the demo in one file")),
            b if b.starts_with("Ctrl") => {
                let key = cmd.rsplit('+').next().unwrap_or("");
                match key.chars().next() {
                    Some(c) if key.chars().count() == 1 => {
                        steps.push(Step::Keys(vec![KeyEvent::new(
                            KeyCode::Char(c.to_ascii_lowercase()),
                            KeyModifiers::CONTROL,
                        )]))
                    }
                    _ => errors.push(format!("line {at}: Ctrl+ needs one character")),
                }
            }
            _ => match key_of(base) {
                Some(code) => {
                    let count = if rest.is_empty() {
                        Ok(1)
                    } else {
                        rest.parse::<usize>()
                    };
                    match count {
                        Ok(c) => {
                            steps.push(Step::Keys(vec![KeyEvent::new(code, KeyModifiers::NONE); c]))
                        }
                        Err(_) => errors.push(format!("line {at}: `{rest}` is not a count")),
                    }
                }
                None => steps.push(Step::Other),
            },
        }
    }
    if hidden {
        errors.push("the tape ends hidden: add Show".to_string());
    }
    if errors.is_empty() {
        Ok((settings, steps))
    } else {
        Err(errors)
    }
}

fn setting(settings: &[(String, String)], name: &str, default: f64) -> f64 {
    settings
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(default)
}

/// The terminal size VHS gives: the canvas less the padding, in cells of 0.6 × 1.2 font size
/// (xterm.js's cell for a monospace font at line height 1).
fn size(settings: &[(String, String)]) -> (u16, u16) {
    let font = setting(settings, "FontSize", 22.0);
    let pad = setting(settings, "Padding", 60.0);
    let w = setting(settings, "Width", 1200.0) - 2.0 * pad;
    let h = setting(settings, "Height", 600.0) - 2.0 * pad;
    ((w / (font * 0.6)) as u16, (h / (font * 1.2)) as u16)
}

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
