//! The shift's files and settings: `[alerts]` / `[history]` errors at their line, `:export`
//! writing the history as CSV and JSON lines that parse back to the series, the history file
//! restored across a restart (a damaged or cut line skipped), and `callboard snapshot --history`
//! printing it (and saying so when there is none).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli_support;
#[path = "support/tui.rs"]
mod tui_support;
use callboard::app::{App, UiCommand};
use callboard::config::{AlertsConfig, Config, ConfigError, HistoryConfig};
use callboard::fixtures as fixture;
use callboard::sim::{World, WorldSpec};
use callboard::theme::Theme;
use cli_support::{callboard_in, TempDir};
use crossterm::event::KeyCode;
use std::path::Path;
use tui_support::*;

fn fed_app(points: usize) -> App {
    let mut world = World::new(&WorldSpec {
        seed: 1,
        agents: 60,
        epoch: EPOCH,
    });
    let opts = fixture::app_options(
        world.truth().clock.now_ms,
        Theme::load("default").expect("theme"),
    );
    let mut app = App::new(opts);
    app.configure_shift(&HistoryConfig::default(), AlertsConfig::default());
    for _ in 0..points {
        world.advance_secs(10);
        let truth = world.truth();
        for ev in fixture::snapshot_events(&truth) {
            app.apply_event(ev);
        }
        app.tick(truth.clock.now_ms);
    }
    app
}

fn writes(app: &mut App, line: &str) -> Vec<(String, String, usize)> {
    app.outbox.clear();
    press(app, line);
    app.handle_key(code(KeyCode::Enter));
    app.outbox
        .drain(..)
        .map(|c| match c {
            UiCommand::WriteFile { path, text, lines } => (path, text, lines),
            other => panic!("not a write: {other:?}"),
        })
        .collect()
}

#[test]
fn alert_and_history_settings_are_checked_at_their_line() {
    let base = "[[backend]]\nname = \"s\"\nkind = \"aliyun\"\nendpoint = \"https://ccc.cn-shanghai.aliyuncs.com/\"\ninstance_id = \"i\"\n";
    let text = format!(
        "[alerts]\nnotify = \"growl\"\n[alerts.queue]\nservice_level_under_pct = 120\n[history]\ninterval_secs = 0\n{base}"
    );
    let problems = match Config::from_toml(&text, Path::new("config.toml")) {
        Err(ConfigError::Invalid { problems }) => problems,
        other => panic!("expected problems: {other:?}"),
    };
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{shown:#?}");
    assert!(
        shown[0].contains("config.toml:2") && shown[0].contains("growl"),
        "{shown:?}"
    );
    assert!(
        shown[1].contains("config.toml:4") && shown[1].contains("120"),
        "{shown:?}"
    );
    assert!(
        shown[2].contains("config.toml:6") && shown[2].contains("1 to 3600"),
        "{shown:?}"
    );
    let good = format!(
        "[alerts]\nbell = true\nnotify = \"osc777\"\n[alerts.queue]\nwaiting_over = 5\n[alerts.agents]\nover_break = true\n[history]\nhours = 12\n{base}"
    );
    let loaded = Config::from_toml(&good, Path::new("config.toml")).unwrap();
    let alerts = loaded.config.alerts.unwrap();
    assert_eq!(alerts.queue.waiting_over, Some(5));
    assert_eq!(loaded.config.history.unwrap().capacity(), 12 * 360);
}

#[test]
fn export_writes_the_history_beside_the_log_and_it_parses_back() {
    let mut app = fed_app(6);
    let b = app.shift.history.backend(fixture::ALIYUN).unwrap();
    let groups = b.groups.len();
    let want_waiting: Vec<Option<u64>> = b.totals.iter().map(|p| p.waiting.get()).collect();
    let w = writes(&mut app, ":export /tmp/shift.csv");
    assert_eq!(w.len(), 2);
    let (path, csv, rows) = &w[0];
    assert_eq!(path, "/tmp/shift-history.csv");
    assert_eq!(w[1].0, "/tmp/shift.csv", "the event log as before, last");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["at", "backend", "group", "name"]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), *rows);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let totals: Vec<&csv::StringRecord> = records
        .iter()
        .filter(|r| &r[col("backend")] == fixture::ALIYUN && r[col("group")].is_empty())
        .collect();
    assert_eq!(totals.len(), 6);
    let got: Vec<Option<u64>> = totals
        .iter()
        .map(|r| r[col("waiting")].parse().ok())
        .collect();
    assert_eq!(got, want_waiting);
    // The simulator gives no service level yet: an empty field, never 0.
    assert!(records
        .iter()
        .all(|r| r[col("service_level_pct")].is_empty()));
    let groups_rows = records
        .iter()
        .filter(|r| &r[col("backend")] == fixture::ALIYUN && !r[col("group")].is_empty())
        .count();
    assert_eq!(groups_rows, 6 * groups);

    let w = writes(&mut app, ":export --history /tmp/shift.jsonl");
    assert_eq!(w.len(), 1, "the history only");
    let (path, jsonl, rows) = &w[0];
    assert_eq!(path, "/tmp/shift.jsonl");
    let values: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(values.len(), *rows);
    assert!(values.iter().all(|v| v["service_level_pct"].is_null()));
    let ready: u64 = values
        .iter()
        .filter(|v| v["backend"] == fixture::ALIYUN && v["group"].is_null())
        .map(|v| v["ready"].as_u64().unwrap())
        .next()
        .unwrap();
    let first = app
        .shift
        .history
        .backend(fixture::ALIYUN)
        .unwrap()
        .totals
        .get(0)
        .unwrap();
    assert_eq!(Some(ready), first.states[0].get());
}

#[test]
fn the_history_file_survives_a_restart_and_damage() {
    let dir = TempDir::new("shift-history");
    let path = dir.path().join("state/callboard/history.jsonl");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // A first run records 5 points and appends them.
    let mut app = fed_app(0);
    callboard::tui::shift_io::configure(&mut app, &Config::default(), None, Some(path.clone()));
    let mut world = World::new(&WorldSpec {
        seed: 1,
        agents: 60,
        epoch: EPOCH,
    });
    let mut last = 0;
    for _ in 0..5 {
        world.advance_secs(10);
        let truth = world.truth();
        for ev in fixture::snapshot_events(&truth) {
            app.apply_event(ev);
        }
        app.tick(truth.clock.now_ms);
        last = truth.clock.now_ms;
        callboard::tui::shift_io::after_step(&mut app, |_| Ok(()));
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 10, "5 points × 2 backends");
    // A crash cut the last line short, and a line was garbled.
    let cut = format!("not json\n{}", &text[..text.len() - 40]);
    std::fs::write(&path, cut).unwrap();
    let mut again = App::new(fixture::app_options(last, Theme::load("default").unwrap()));
    callboard::tui::shift_io::configure(&mut again, &Config::default(), None, Some(path.clone()));
    let a = again.shift.history.backend(fixture::ALIYUN).unwrap();
    let h = again.shift.history.backend(fixture::HUAWEI).unwrap();
    assert_eq!(
        (a.times.len(), h.times.len()),
        (5, 4),
        "the cut line is skipped"
    );
    assert!(
        again
            .toasts
            .iter()
            .any(|t| t.text.contains("2 damaged lines")),
        "{:?}",
        again.toasts
    );

    // `snapshot --history` reads the same file.
    let run = callboard_in(dir.path(), &["snapshot", "--history"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("aliyun-sim  5 points"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("claims"), "{}", run.stdout);
    assert!(run.stderr.contains("2 damaged lines"), "{}", run.stderr);
    let run = callboard_in(
        dir.path(),
        &[
            "snapshot",
            "--history",
            "--format",
            "json",
            "--backend",
            "huawei-sim",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["backend"] == "huawei-sim"));
    assert_eq!(
        rows.iter().filter(|r| r["group"].is_null()).count(),
        4,
        "one total per point"
    );
}

#[test]
fn snapshot_history_without_a_file_says_where_it_would_be() {
    let dir = TempDir::new("shift-none");
    let run = callboard_in(dir.path(), &["snapshot", "--history", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("No history recorded yet"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("history.jsonl"), "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "the CSV header only: {}",
        run.stdout
    );
}

#[test]
fn wall_refuses_a_filter_that_does_not_parse_before_taking_the_terminal() {
    let dir = TempDir::new("shift-wall");
    let run = callboard_in(
        dir.path(),
        &["wall", "--demo", "--filter", "state=nonsense"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("callboard wall --filter"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nonsense"), "{}", run.stderr);
    let help = callboard_in(dir.path(), &["wall", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--groups") && help.stdout.contains("--filter"));
}
