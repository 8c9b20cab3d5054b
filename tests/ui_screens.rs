//! Snapshots of every screen on ratatui's TestBackend at 120×36, from a deterministic world
//! (seed 1, fixed epoch, fixed clock).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui_support;
use callboard::app::dialog::Dialog;
use callboard::app::keymap::Action;
use callboard::app::{Reply, ToastLevel, UiCommand};
use callboard::backend::{ActionChoices, Choice};
use callboard::config::BackendKind;
use crossterm::event::KeyCode;
use tui_support::*;

#[test]
fn main_screen() {
    let app = world_app(60, 600);
    insta::assert_snapshot!("main", screen(&app));
}

#[test]
fn detail_pane() {
    let mut app = world_app(60, 600);
    press(&mut app, "jjjj");
    app.handle_key(code(KeyCode::Enter));
    assert!(app.detail);
    insta::assert_snapshot!("detail", screen(&app));
}

#[test]
fn skill_groups_view() {
    let mut app = world_app(60, 600);
    app.handle_key(code(KeyCode::Tab));
    insta::assert_snapshot!("groups", screen(&app));
}

#[test]
fn event_log_view() {
    let mut app = world_app(60, 600);
    app.handle_key(code(KeyCode::Tab));
    app.handle_key(code(KeyCode::Tab));
    insta::assert_snapshot!("log", screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = world_app(60, 600);
    press(&mut app, "?");
    insta::assert_snapshot!("help", screen(&app));
    press(&mut app, "x");
    assert!(!app.help, "any key closes help");
}

#[test]
fn filter_and_sort() {
    let mut app = world_app(60, 600);
    press(&mut app, "/state=talking");
    app.handle_key(code(KeyCode::Enter));
    press(&mut app, "s");
    for _ in 0..9 {
        press(&mut app, "s");
    }
    insta::assert_snapshot!("filter_sort", screen(&app));
}

#[test]
fn readonly_screen() {
    let mut app = world_app_with(60, 600, |o| o.readonly = true);
    press(&mut app, "r");
    assert!(app.dialog.is_none());
    assert!(app.outbox.is_empty());
    assert!(app
        .toasts
        .iter()
        .any(|t| t.level == ToastLevel::Warn && t.text.contains("read-only")));
    insta::assert_snapshot!("readonly", screen(&app));
}

fn choices() -> ActionChoices {
    let c = |id: &str, label: &str| Choice {
        id: id.into(),
        label: label.into(),
    };
    ActionChoices {
        devices: vec![
            c("dev-8001", "softphone 8001"),
            c("dev-8002", "desk phone 8002"),
        ],
        skill_groups: vec![c("sales@ccc-sim", "Sales"), c("billing@ccc-sim", "Billing")],
        break_codes: vec![
            c("lunch", "Lunch"),
            c("break", "Short break"),
            c("meeting", "Meeting"),
        ],
        flows: vec![
            c("flow-auth", "ID check (route point 4001)"),
            c("flow-pin", "PIN check (route point 4002)"),
        ],
    }
}

/// Opens the dialog of `keys` on the selected agent and answers its choices request.
fn dialog_screen(app: &mut callboard::app::App, keys: &str) -> String {
    press(app, keys);
    let asked = app.outbox.drain(..).find_map(|c| match c {
        UiCommand::Choices { backend, agent } => Some((backend, agent)),
        _ => None,
    });
    if let Some((backend, agent)) = asked {
        app.apply_reply(Reply::ChoicesReady {
            backend,
            agent,
            choices: Ok(choices()),
        });
    }
    screen(app)
}

#[test]
fn every_dialog() {
    for (name, keys) in [
        ("sign_in", "i"),
        ("reset", "r"),
        ("reset_all", "R"),
        ("ivr_auth", "a"),
        ("break", "b"),
        ("ready", "y"),
        ("sign_out", "o"),
    ] {
        let mut app = world_app(60, 600);
        let shot = dialog_screen(&mut app, keys);
        assert!(app.dialog.is_some(), "{name}");
        insta::assert_snapshot!(format!("dialog_{name}"), shot);
    }
}

#[test]
fn huawei_dialogs_and_confirmation() {
    let mut app = world_app(60, 600);
    press(&mut app, "/backend=huawei");
    app.handle_key(code(KeyCode::Enter));
    insta::assert_snapshot!("dialog_huawei_break", dialog_screen(&mut app, "b"));
    press(&mut app, "2");
    app.handle_key(code(KeyCode::Enter));
    press(&mut app, "300");
    app.handle_key(code(KeyCode::Enter));
    insta::assert_snapshot!("dialog_huawei_break_confirm", screen(&app));
    app.handle_key(code(KeyCode::Esc));
    insta::assert_snapshot!("dialog_huawei_reset", dialog_screen(&mut app, "r"));
}

#[test]
fn loading_dialog_and_failed_choices() {
    let mut app = world_app(60, 600);
    let a = app.selected_agent().expect("agent").clone();
    let (d, _) = Dialog::open(
        Action::IvrAuth,
        &a.backend,
        BackendKind::Aliyun,
        &a.id,
        &a.name,
        None,
    );
    app.dialog = Some(d);
    insta::assert_snapshot!("dialog_loading", screen(&app));
    app.apply_reply(Reply::ChoicesReady {
        backend: a.backend.to_string(),
        agent: a.id.clone(),
        choices: Err("ListContactFlows timed out".into()),
    });
    insta::assert_snapshot!("dialog_choices_failed", screen(&app));
}

#[test]
fn chinese_names_line_up() {
    let mut app = world_app(60, 600);
    press(&mut app, "/ccc-sim");
    app.handle_key(code(KeyCode::Enter));
    let text = screen(&app);
    // Every roster row is the same display width, and the state column starts at one place.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("aliyun-sim ") && l.starts_with('│'))
        .collect();
    assert!(rows
        .iter()
        .any(|r| r.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
    let col = |r: &str| {
        let i = r.find(" aliyun-sim ").unwrap_or(0);
        unicode_width::UnicodeWidthStr::width(&r[..i])
    };
    let widths: Vec<usize> = rows
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(*r))
        .collect();
    assert!(widths.iter().all(|w| *w == W as usize), "{widths:?}");
    assert!(rows.iter().all(|r| col(r) == col(rows[0])));
    insta::assert_snapshot!("chinese_names", text);
}

#[test]
fn each_theme() {
    for theme in ["default", "light", "high-contrast", "mono"] {
        let mut app = world_app(60, 600);
        app.theme = callboard::theme::Theme::load(theme).expect("theme");
        let term = render(&app, 100, 14);
        insta::assert_debug_snapshot!(format!("theme_{theme}"), term.backend().buffer());
    }
}

#[test]
fn tiny_and_huge_terminals_do_not_panic() {
    let mut app = world_app(60, 600);
    press(&mut app, "?");
    for (w, h) in [(1, 1), (10, 3), (20, 8), (40, 12), (300, 100)] {
        render(&app, w, h);
    }
    press(&mut app, "x");
    press(&mut app, "b");
    app.handle_key(code(KeyCode::Enter));
    for (w, h) in [(1, 1), (10, 3), (20, 8), (300, 100)] {
        render(&app, w, h);
    }
}

#[test]
fn the_mouse_wheel_scrolls() {
    use crossterm::event::{Event, MouseEvent, MouseEventKind};
    let mut app = world_app(60, 600);
    let wheel = |kind| {
        Event::Mouse(MouseEvent {
            kind,
            column: 10,
            row: 10,
            modifiers: crossterm::event::KeyModifiers::NONE,
        })
    };
    app.handle_event(&wheel(MouseEventKind::ScrollDown));
    assert_eq!(app.selected, 3);
    app.handle_event(&wheel(MouseEventKind::ScrollUp));
    assert_eq!(app.selected, 0);
}

/// One classification everywhere: an agent who is ready but supervising a call is counted as
/// Supervising in the header, shown as Supervising in the roster and the detail pane, counted on a
/// call in its skill groups, and reported as `supervising` (coloured as on a call) by `snapshot`.
#[test]
fn supervising_is_one_state_everywhere() {
    use callboard::backend::BackendEvent;
    use callboard::headless::snapshot::{render_json, render_table, Report};
    use callboard::model::{Activity, Presence, RosterScope, RosterStore, StateKey};

    let mut app = world_app(60, 600);
    let mut agent = app
        .roster
        .agents()
        .iter()
        .find(|a| {
            &*a.backend == "aliyun-sim"
                && !a.skills.is_empty()
                && StateKey::of(a) == StateKey::Ready
        })
        .expect("a ready Alibaba agent with skill groups")
        .clone();
    let before_talking = app.distribution().count(StateKey::Talking);
    agent.presence = Presence::Ready;
    agent.activity = Activity::Supervising;
    app.apply_event(BackendEvent::Agents {
        backend: agent.backend.clone(),
        agents: vec![agent.clone()],
        at: app.now,
    });
    let supervising = app
        .roster
        .agents()
        .iter()
        .filter(|a| StateKey::of(a) == StateKey::Supervising)
        .count();
    assert!(supervising >= 1);

    // Header: its own count, and not counted as talking.
    assert_eq!(app.distribution().count(StateKey::Supervising), supervising);
    assert_eq!(app.distribution().count(StateKey::Talking), before_talking);
    let text = screen(&app);
    let header = text.lines().nth(1).expect("distribution line");
    assert!(
        header.contains(&format!("Supervising {supervising} ")),
        "{header}"
    );
    assert!(
        header.contains(&format!("Talking {before_talking} ")),
        "{header}"
    );

    // Roster: the agent's row says Supervising.
    press(&mut app, &format!("/id={}", agent.id));
    app.handle_key(code(KeyCode::Enter));
    let text = screen(&app);
    let row = text
        .lines()
        .find(|l| l.contains(&agent.id) && !l.contains("filter:"))
        .expect("the agent's row");
    assert!(row.contains("Supervising"), "{row}");

    // Skill groups: counted on a call (the Talk column) in each of its groups.
    let group = &agent.skills[0];
    let on_call = app
        .roster
        .agents()
        .iter()
        .filter(|a| a.backend == agent.backend && a.skills.iter().any(|s| s.id == group.id))
        .filter(|a| StateKey::of(a).summary() == StateKey::Talking)
        .count();
    app.handle_key(code(KeyCode::Tab));
    let text = screen(&app);
    let line = text
        .lines()
        .find(|l| l.contains(&format!(" {} ", group.id)))
        .expect("the group's row");
    let cells: Vec<&str> = line
        .split(&group.id)
        .nth(1)
        .expect("cells after the id")
        .split_whitespace()
        .collect();
    assert_eq!(cells[2], on_call.to_string(), "Talk column of {line}");

    // snapshot: the same display state, in JSON and in the table's colour (cyan, as talking).
    let mut roster = RosterStore::new();
    roster.add_backend(&agent.backend, RosterScope::All);
    roster.upsert(agent.clone());
    let report = Report {
        generated_at: app.now,
        backends: vec![],
        roster,
        ..Report::default()
    };
    let doc: serde_json::Value = serde_json::from_str(&render_json(&report)).expect("json");
    assert_eq!(doc["agents"][0]["state"], "supervising");
    assert_eq!(doc["agents"][0]["activity"], "supervising");
    let table = render_table(&report, true);
    assert!(
        table.contains("\x1b[36mready/supervising\x1b[0m"),
        "{table:?}"
    );
}

#[test]
fn the_detail_pane_masks_customers_numbers_unless_asked() {
    let mut app = world_app(60, 600);
    // The first row's agent is on a call with a customer (Alibaba `CounterParty`).
    let first = app.visible[0];
    let mut agent = app.roster.agents()[first].clone();
    let number = "13283411056";
    agent.raw.extra.push(("CounterParty".into(), number.into()));
    app.roster_mut().upsert(agent);
    app.rebuild_view();
    app.handle_key(code(KeyCode::Enter));
    let masked = screen(&app);
    assert!(masked.contains("CounterParty = 132****1056"), "{masked}");
    assert!(!masked.contains(number), "{masked}");
    app.mask_numbers = false;
    app.mark_dirty();
    let full = screen(&app);
    assert!(full.contains("CounterParty = 13283411056"), "{full}");
}

#[test]
fn the_command_line_completes_with_tab_and_recalls_with_up() {
    use callboard::app::Mode;
    let mut app = world_app(60, 600);
    let line = |app: &callboard::app::App| match &app.mode {
        Mode::Command(input) => input.value().to_string(),
        other => panic!("not in command mode: {other:?}"),
    };
    press(&mut app, ":ba");
    app.handle_key(code(KeyCode::Tab));
    assert_eq!(line(&app), "backend ");
    press(&mut app, "hu");
    app.handle_key(code(KeyCode::Tab));
    assert_eq!(line(&app), "backend huawei-sim");
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.backend_scope.as_deref(), Some("huawei-sim"));
    press(&mut app, ":th mono");
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.theme.name, "mono", "a unique prefix names the command");
    press(&mut app, ":");
    app.handle_key(code(KeyCode::Up));
    assert_eq!(line(&app), "th mono");
    app.handle_key(code(KeyCode::Up));
    assert_eq!(line(&app), "backend huawei-sim");
    app.handle_key(code(KeyCode::Down));
    assert_eq!(line(&app), "th mono");
    app.handle_key(code(KeyCode::Down));
    assert_eq!(line(&app), "", "past the newest: a new line");
}

#[test]
fn enter_on_a_skill_group_shows_that_groups_agents() {
    let mut app = world_app(60, 600);
    app.handle_key(code(KeyCode::Tab));
    let keys = app.group_keys();
    assert!(keys.len() > 3, "{keys:?}");
    // A Huawei group: numeric ids, where a part match would be wrong (1 is in 10 and 21).
    let pick = keys
        .iter()
        .position(|(b, _)| b.starts_with("huawei"))
        .expect("a Huawei group");
    for _ in 0..pick {
        press(&mut app, "j");
    }
    let (backend, id) = app.selected_group().expect("selected");
    assert_eq!((backend.clone(), id.clone()), keys[pick]);
    let text = screen(&app);
    assert!(text.contains(&id), "{text}");
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.view, callboard::app::View::Roster);
    assert_eq!(app.filter.text(), format!("backend=={backend} skill=={id}"));
    let members: Vec<&str> = app
        .roster
        .agents()
        .iter()
        .filter(|a| *a.backend == *backend && a.skills.iter().any(|s| s.id == id))
        .map(|a| a.id.as_str())
        .collect();
    let shown: Vec<&str> = app
        .visible
        .iter()
        .map(|&i| app.roster.agents()[i].id.as_str())
        .collect();
    assert!(!members.is_empty());
    let mut a = members.clone();
    let mut b = shown.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "exactly the group's agents");
    app.handle_key(code(KeyCode::Esc));
    assert_eq!(
        app.view,
        callboard::app::View::Groups,
        "Esc goes back to the groups"
    );
    assert!(app.filter.is_empty());
}

#[test]
fn export_writes_the_event_log_through_the_runner_and_says_so() {
    let mut app = world_app(60, 600);
    assert!(!app.log.is_empty());
    app.outbox.clear();
    press(&mut app, ":export ~/log.csv");
    app.handle_key(code(KeyCode::Enter));
    let cmd = app.outbox.pop().expect("a command for the runner");
    let UiCommand::WriteFile { path, text, lines } = cmd else {
        panic!("not a write: {cmd:?}");
    };
    assert_eq!(path, "~/log.csv");
    assert_eq!(lines, app.log.len());
    assert!(
        text.starts_with("at,first_at,repeats,backend,agent,level,text"),
        "{text}"
    );
    assert_eq!(text.lines().count(), lines + 1);
    app.apply_reply(Reply::Written {
        path: path.clone(),
        result: Ok(lines),
    });
    let toast = &app.toasts.last().expect("toast").text;
    assert!(toast.contains("event-log lines to ~/log.csv"), "{toast}");
    app.apply_reply(Reply::Written {
        path,
        result: Err("the file exists; choose a new name".into()),
    });
    let toast = &app.toasts.last().expect("toast").text;
    assert!(toast.contains("cannot export to ~/log.csv"), "{toast}");
}

#[test]
fn the_roster_shows_the_configured_columns_in_their_order() {
    use callboard::app::sort::Column;
    let mut app = world_app(60, 600);
    app.columns = vec![Column::State, Column::Time, Column::Id];
    app.mark_dirty();
    let text = screen(&app);
    let heading = text
        .lines()
        .find(|l| l.contains("State") && l.contains("Agent"))
        .expect("the heading row")
        .to_string();
    let (s, t, a) = (
        heading.find("State").unwrap(),
        heading.find("Time").unwrap(),
        heading.find("Agent").unwrap(),
    );
    assert!(s < t && t < a, "{heading}");
    assert!(
        !heading.contains("Backend") && !heading.contains("Skill"),
        "{heading}"
    );
}
