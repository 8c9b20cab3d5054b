//! The honest screen: stale data counted once and marked (header counts, queue figures), repeated
//! failures as one updating line, vendor reasons shown in full, a bad filter that never
//! half-applies, small terminals that keep what matters (columns, footer, help), sort arrows that
//! point the way the rows run, popups that leave no stray half of a wide character, and break
//! codes by their labels. On ratatui's TestBackend, from the deterministic world (seed 1).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui_support;
use callboard::app::{App, Reply, ToastLevel};
use callboard::backend::{
    ActionKind, ActionOutcome, ActionRequest, BackendEvent, BackendStatus, Health, LogEntry,
    LogLevel,
};
use callboard::fixtures::{ALIYUN, HUAWEI};
use crossterm::event::KeyCode;
use std::sync::Arc;
use tui_support::*;

fn down(app: &mut App, backend: &str) {
    app.apply_event(BackendEvent::Status(BackendStatus {
        backend: Arc::from(backend),
        health: Health::Down {
            reason: format!("backend {backend}: ListRealtimeAgentStates: HTTP 503"),
        },
        last_ok: app.backend(backend).and_then(|b| b.status.last_ok),
        insecure_tls: false,
    }));
}

#[test]
fn stale_agents_are_counted_once_and_queues_marked_stale() {
    let mut app = world_app(60, 600);
    let fresh = header_counts(screen_at(&app, 200, 30).lines().nth(1).unwrap());
    assert_eq!(fresh.iter().map(|(_, n)| n).sum::<usize>(), 60, "{fresh:?}");

    down(&mut app, ALIYUN);
    let text = screen_at(&app, 200, 30);
    let counts = header_counts(text.lines().nth(1).unwrap());
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        app.roster.len(),
        "every agent counted once: {counts:?}"
    );
    assert!(counts.contains(&("Stale".to_string(), 30)), "{counts:?}");
    let queues = text.lines().nth(2).unwrap();
    let ali = queues.split(ALIYUN).nth(1).unwrap();
    assert!(
        ali.contains("stale"),
        "the stale backend's queues: {queues}"
    );
    assert!(
        !queues.split(HUAWEI).nth(1).unwrap().contains("stale"),
        "the fresh backend's queues: {queues}"
    );

    down(&mut app, HUAWEI);
    let text = screen_at(&app, 200, 30);
    let counts = header_counts(text.lines().nth(1).unwrap());
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        60,
        "{counts:?}"
    );
    assert!(counts.contains(&("Stale".to_string(), 60)), "{counts:?}");
    let queues = text.lines().nth(2).unwrap();
    let totals = queues.split(ALIYUN).next().unwrap();
    assert!(
        totals.contains("stale"),
        "totals from stale backends only: {queues}"
    );
}

#[test]
fn a_backend_that_stopped_refreshing_turns_stale_after_three_poll_intervals() {
    let mut app = world_app(60, 600);
    // Alibaba polls every 2 s, Huawei every 30 s (the demo's intervals): 20 s without a refresh
    // is ten missed Alibaba polls but less than one Huawei poll.
    let now = app.now;
    app.tick(now + 20_000);
    let text = screen_at(&app, 200, 30);
    let head = text.lines().next().unwrap();
    let (ali, hw) = head.split_once(HUAWEI).unwrap();
    assert!(ali.contains("stale"), "{head}");
    assert!(hw.contains("connected"), "{head}");
    let counts = header_counts(text.lines().nth(1).unwrap());
    assert!(counts.contains(&("Stale".to_string(), 30)), "{counts:?}");
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        60,
        "{counts:?}"
    );
    // The next refresh makes it fresh again.
    let agents: Vec<_> = app
        .roster
        .agents()
        .iter()
        .filter(|a| &*a.backend == ALIYUN)
        .map(|a| callboard::model::Agent {
            freshness: callboard::model::Freshness::Fresh,
            ..a.clone()
        })
        .collect();
    app.apply_event(BackendEvent::Snapshot {
        backend: Arc::from(ALIYUN),
        agents,
        kept: Vec::new(),
        queues: Vec::new(),
        at: now + 20_000,
    });
    let counts = header_counts(screen_at(&app, 200, 30).lines().nth(1).unwrap());
    assert!(counts.iter().all(|(l, _)| l != "Stale"), "{counts:?}");
}

fn failure(app: &mut App, backend: &str, n: u32) {
    app.apply_event(BackendEvent::Log(LogEntry {
        at: app.now,
        backend: Arc::from(backend),
        agent: None,
        level: LogLevel::Error,
        text: format!(
            "refresh failed ({n} in a row), next try in {}.{} s: backend {backend}: ListRealtimeAgentStates: HTTP 503 ServiceUnavailable",
            n % 2,
            n % 10
        ),
    }));
}

#[test]
fn repeated_failures_are_one_updating_line() {
    let mut app = world_app(60, 600);
    let lines_before = app.log.len();
    failure(&mut app, ALIYUN, 1);
    app.apply_event(BackendEvent::Status(BackendStatus {
        backend: Arc::from(ALIYUN),
        health: Health::Degraded {
            reason: "backend aliyun-sim: HTTP 503".into(),
        },
        last_ok: app.backend(ALIYUN).and_then(|b| b.status.last_ok),
        insecure_tls: false,
    }));
    failure(&mut app, ALIYUN, 2);
    down(&mut app, ALIYUN);
    for n in 3..=10 {
        app.tick(app.now + 1000);
        failure(&mut app, ALIYUN, n);
    }
    let about: Vec<_> = app
        .toasts
        .iter()
        .filter(|t| t.text.contains(ALIYUN))
        .collect();
    assert_eq!(about.len(), 1, "one toast for the backend: {about:?}");
    assert!(about[0].text.contains("10 in a row"), "{about:?}");
    assert_eq!(about[0].level, ToastLevel::Error);
    let failed: Vec<_> = app
        .log
        .iter()
        .skip(lines_before)
        .filter(|e| e.text.contains("refresh failed"))
        .collect();
    assert_eq!(failed.len(), 1, "one updating log line: {failed:?}");
    assert!(failed[0].text.contains("10 in a row"), "{failed:?}");

    // It answers again: the failure toast gives way to one saying so.
    app.apply_event(BackendEvent::Log(LogEntry {
        at: app.now,
        backend: Arc::from(ALIYUN),
        agent: None,
        level: LogLevel::Info,
        text: "backend aliyun-sim answers again after 10 failed refresh(es)".into(),
    }));
    let about: Vec<_> = app
        .toasts
        .iter()
        .filter(|t| t.text.contains(ALIYUN))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].text.contains("answers again"), "{about:?}");
    // A failure after recovery is a new line, not folded into the old streak.
    failure(&mut app, ALIYUN, 1);
    let failed = app
        .log
        .iter()
        .skip(lines_before)
        .filter(|e| e.text.contains("refresh failed"))
        .count();
    assert_eq!(failed, 2);
}

/// A refusal whose vendor reason is longer than one toast line.
const REASON: &str = "break `lunch` of agent emma.reyes@ccc-sim refused: the agent's state does not allow it (CCC Forbidden.AgentState: User state (OFFLINE) does not allow this operation; sign the agent in first, then try again)";

fn refuse(app: &mut App) -> String {
    let agent = app.selected_agent().unwrap().clone();
    app.apply_reply(Reply::ActionDone {
        request: ActionRequest {
            backend: agent.backend.to_string(),
            agent: agent.id.clone(),
            kind: ActionKind::Break {
                code: "lunch".into(),
                secs: None,
            },
        },
        outcome: ActionOutcome::refused(REASON),
    });
    agent.id
}

/// The text of a screen with line breaks and the borders' `│` taken out, so wrapped text reads on.
fn flowing(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_refusal_shows_the_vendors_full_reason_in_the_toast_the_log_and_the_detail() {
    let mut app = world_app(60, 600);
    refuse(&mut app);
    let tail = "sign the agent in first, then try again)";
    let text = screen_at(&app, 80, 24);
    assert!(
        flowing(&text).contains(tail),
        "the toast wraps the whole reason:\n{text}"
    );
    app.handle_key(code(KeyCode::Enter));
    let text = screen_at(&app, 80, 24);
    assert!(
        flowing(&text).contains("does not allow this operation"),
        "the detail pane shows the last action's reason:\n{text}"
    );
    app.handle_key(code(KeyCode::Esc));
    app.toasts.clear();
    app.handle_key(code(KeyCode::Tab));
    app.handle_key(code(KeyCode::Tab));
    let text = screen_at(&app, 80, 24);
    assert!(
        flowing(&text).contains(tail),
        "the event log wraps the whole reason:\n{text}"
    );
}

#[test]
fn a_list_of_states_filters_by_any_of_them() {
    let mut app = world_app(60, 600);
    press(&mut app, "/state=break,ready");
    app.handle_key(code(KeyCode::Enter));
    let states: Vec<_> = app
        .visible
        .iter()
        .map(|&i| callboard::model::StateKey::of(&app.roster.agents()[i]))
        .collect();
    use callboard::model::StateKey;
    assert!(states.contains(&StateKey::Break) && states.contains(&StateKey::Ready));
    assert!(states
        .iter()
        .all(|s| matches!(s, StateKey::Break | StateKey::Ready)));
    assert!(screen(&app).contains("filter: state=break,ready"));
}

#[test]
fn a_bad_filter_never_half_applies() {
    let mut app = world_app(60, 600);
    press(&mut app, "/state=talking");
    app.handle_key(code(KeyCode::Enter));
    let talking = app.visible.len();
    assert!(talking > 0 && talking < 60);

    // Typing a bad one: the filter in force stays the last valid one, and the error is inline.
    press(&mut app, "/");
    app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    press(&mut app, "state=brk");
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.visible.len(), talking, "the previous filter stays");
    let text = screen_at(&app, 80, 24);
    let head = text.lines().nth(3).unwrap();
    assert!(head.contains("filter: state=talking"), "{head}");
    let foot = text.lines().last().unwrap();
    assert!(foot.contains("state=brk"), "still editing: {foot}");
    assert!(foot.contains("unknown state"), "the error inline: {foot}");
    assert!(
        app.toasts.iter().all(|t| !t.text.contains("unknown state")),
        "not only a toast"
    );
    // Fixed, it applies; Esc in the prompt clears, as the footer says.
    app.handle_key(code(KeyCode::Backspace));
    press(&mut app, "eak");
    assert!(!app.visible.is_empty() && app.visible.len() != talking);
    let foot = screen_at(&app, 80, 24);
    assert!(!foot.contains("unknown state"), "the error goes once fixed");
    app.handle_key(code(KeyCode::Esc));
    assert_eq!(app.visible.len(), 60);
}

#[test]
fn narrow_screens_keep_state_time_and_reason() {
    let app = world_app(60, 600);
    let text = screen_at(&app, 80, 24);
    let head = text.lines().nth(5).unwrap();
    for col in ["Agent", "State", "Time", "Reason"] {
        assert!(head.contains(col), "{col} at 80 columns: {head}");
    }
    let text = screen_at(&app, 50, 24);
    let head = text.lines().nth(5).unwrap();
    for col in ["State", "Time", "Reason"] {
        assert!(head.contains(col), "{col} at 50 columns: {head}");
    }
}

#[test]
fn the_footer_keeps_whole_keys_and_help() {
    let app = world_app(60, 600);
    for w in [40u16, 60, 80, 100] {
        let text = screen_at(&app, w, 24);
        let foot = text.lines().last().unwrap().trim_end();
        assert!(foot.contains("? help"), "{w}: {foot}");
        assert!(!foot.ends_with('…'), "{w}: {foot}");
        // The last word is a whole label of the footer at full width.
        let full = screen_at(&app, 200, 24);
        let full = full.lines().last().unwrap();
        let last = foot.rsplit(' ').next().unwrap();
        assert!(
            full.split(' ').any(|w| w == last),
            "{w}: `{last}` is cut: {foot}"
        );
    }
}

#[test]
fn the_help_overlay_scrolls_to_its_last_row() {
    let mut app = world_app(60, 600);
    app.set_screen(24, callboard::ui::roster_rows(24));
    press(&mut app, "?");
    let last = "rows: ! needs attention";
    assert!(!screen_at(&app, 80, 24).contains(last));
    app.handle_key(code(KeyCode::PageDown));
    app.handle_key(code(KeyCode::PageDown));
    assert!(app.help, "scrolling keeps help open");
    let text = screen_at(&app, 80, 24);
    assert!(text.contains(last), "{text}");
    press(&mut app, "x");
    assert!(!app.help, "any other key closes it");
}

fn secs(text: &str) -> Option<u64> {
    let mut total = 0;
    let mut n = 0;
    let mut any = false;
    for c in text.chars() {
        match c {
            '0'..='9' => n = n * 10 + u64::from(c.to_digit(10)?),
            'd' => (total, n, any) = (total + n * 86_400, 0, true),
            'h' => (total, n, any) = (total + n * 3600, 0, true),
            'm' => (total, n, any) = (total + n * 60, 0, true),
            's' => (total, n, any) = (total + n, 0, true),
            _ => return None,
        }
    }
    any.then_some(total)
}

#[test]
fn sort_arrows_point_the_way_the_rows_run() {
    let mut app = world_app(60, 600);
    // Sort by time (the sixth column of the cycle), then reversed.
    for _ in 0..2 {
        while app.sort.column != Some(callboard::app::sort::Column::Time) {
            press(&mut app, "s");
        }
        let text = screen_at(&app, 120, 36);
        let head = text.lines().nth(5).unwrap();
        let at = head.find("Time").unwrap();
        let arrow = head[at + 4..].chars().next().unwrap();
        let col = unicode_width::UnicodeWidthStr::width(&head[..at]);
        let times: Vec<u64> = text
            .lines()
            .skip(6)
            .filter(|l| l.starts_with('│'))
            .filter_map(|l| {
                let rest: String = l
                    .chars()
                    .scan(0, |w, c| {
                        let here = *w;
                        *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                        Some((here, c))
                    })
                    .filter(|(w, _)| *w >= col)
                    .map(|(_, c)| c)
                    .collect();
                secs(rest.split_whitespace().next()?)
            })
            .collect();
        assert!(times.len() > 10, "{times:?}");
        let (first, last) = (times[0], times[times.len() - 1]);
        match arrow {
            '↑' => assert!(first <= last, "↑ but {times:?}"),
            '↓' => assert!(first >= last, "↓ but {times:?}"),
            other => panic!("no arrow after Time: {other:?} in {head}"),
        }
        let header = text.lines().nth(3).unwrap();
        assert!(header.contains(&format!("Time {arrow}")), "{header}");
        press(&mut app, "s");
    }
}

#[test]
fn a_dialog_over_wide_characters_leaves_no_stray_half() {
    // At 144 columns the dialog (72 wide) starts at column 36, the second half of the first
    // character of a two-column name that starts at column 35.
    let mut app = world_app(60, 600);
    press(&mut app, "/ccc-sim");
    app.handle_key(code(KeyCode::Enter));
    press(&mut app, "y");
    let d = app.dialog.as_ref().expect("dialog");
    assert!(d.title().starts_with("Ready"));
    // Under the dialog's left edge, some row has a wide character straddling it.
    let dialog = app.dialog.take();
    let under = render(&app, 144, 36);
    app.dialog = dialog;
    let term = render(&app, 144, 36);
    let buf = term.backend().buffer();
    let text = buffer_text(buf);
    let top = text
        .lines()
        .position(|l| l.contains(" Ready · "))
        .expect("the dialog's title");
    let mut straddled = 0;
    for (y, line) in text.lines().enumerate().skip(top) {
        let width: usize = line
            .chars()
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum();
        assert_eq!(width, 144, "row {y} keeps its width: {line}");
        let wide = under.backend().buffer()[(35, y as u16)].symbol();
        straddled += usize::from(unicode_width::UnicodeWidthStr::width(wide) > 1);
        // The border is at column 36 of every row of the dialog.
        let mut col = 0;
        let mut at36 = None;
        for c in line.chars() {
            if col == 36 {
                at36 = Some(c);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        assert!(
            matches!(at36, Some('┌' | '│' | '└')),
            "row {y}: {at36:?} at the dialog's left edge: {line}"
        );
        if at36 == Some('└') {
            break;
        }
    }
    assert!(straddled > 0, "the test must cover a straddling character");
}

#[test]
fn break_and_rest_codes_show_their_labels_in_the_header() {
    let app = world_app(60, 600);
    let text = screen_at(&app, 200, 30);
    let line = text.lines().nth(1).unwrap();
    assert!(!line.contains("rest:"), "{line}");
    assert!(line.contains("Short break"), "{line}");
}

#[test]
fn reset_all_says_where_and_the_toast_names_the_backend() {
    let mut app = world_app(60, 600);
    press(&mut app, "R");
    let d = app.dialog.as_ref().expect("dialog");
    assert!(d.title().contains(ALIYUN), "{}", d.title());
    press(&mut app, "y");
    let toast = app.toasts.last().expect("toast");
    assert!(toast.text.contains("reset-all"), "{}", toast.text);
    assert!(
        !toast.text.contains("→  ("),
        "no empty agent: {}",
        toast.text
    );
    assert!(toast.text.contains(ALIYUN), "{}", toast.text);
}

#[test]
fn the_skill_groups_of_a_stale_backend_are_marked() {
    let mut app = world_app(60, 600);
    down(&mut app, ALIYUN);
    app.handle_key(code(KeyCode::Tab));
    let text = screen(&app);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("│aliyun")).collect();
    assert!(!rows.is_empty(), "{text}");
    assert!(rows.iter().all(|r| r.contains('~')), "{rows:#?}");
    let fresh: Vec<&str> = text.lines().filter(|l| l.starts_with("│huawei")).collect();
    assert!(fresh.iter().all(|r| !r.contains('~')), "{fresh:#?}");
}

#[test]
fn a_reset_all_says_its_backend_and_what_callboard_sees_stuck_there() {
    use callboard::app::dialog::Dialog;
    use callboard::app::reset_all::ResetAllTarget;
    let mut app = world_app(60, 600);
    press(&mut app, "R");
    let target = ResetAllTarget {
        backend: "aliyun-sim".into(),
        stuck: 7,
        first_ids: ["a", "b", "c", "d", "e"]
            .iter()
            .map(|s| format!("{s}@ccc-sim"))
            .collect(),
    };
    app.dialog = Some(Dialog::reset_all(vec![target], Some("aliyun-sim".into())));
    let text = screen_at(&app, 100, 30);
    assert!(text.contains("Reset all · aliyun-sim"), "{text}");
    for line in [
        "(ResetUserStatus); aliyun-sim decides which, so how many is known",
        "only from its answer. callboard shows 7 agents: a@ccc-sim,",
        "b@ccc-sim, c@ccc-sim, d@ccc-sim, e@ccc-sim and 2 more stuck there.",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    press(&mut app, "y");
    let toast = &app.toasts.last().expect("toast").text;
    assert_eq!(
        toast,
        "sent: reset-all → every abnormal agent on aliyun-sim"
    );
}
