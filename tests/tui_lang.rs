//! `:lang zh-CN` / `:lang en` switch the dashboard's own words live: toasts, `:` command messages,
//! filter errors, dialog titles, fields and confirmations, action outcomes and event-log lines
//! come out in Chinese after `:lang zh-CN` and in English again after `:lang en`; the vendor's and
//! the backend's words inside them stay as sent.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui;

use callboard::app::{App, Reply, ToastLevel, UiCommand};
use callboard::backend::{ActionOutcome, BackendEvent, BackendStatus, Health};
use callboard::i18n::Lang;
use crossterm::event::KeyCode;
use serde_json::json;
use tui::*;

fn command(app: &mut App, line: &str) {
    press(app, ":");
    press(app, line);
    app.handle_key(code(KeyCode::Enter));
}

fn last_toast(app: &App) -> (ToastLevel, String) {
    let t = app.toasts.last().expect("a toast");
    (t.level, t.text.clone())
}

/// Selects the first agent matching `filter` (the prompt closed).
fn select(app: &mut App, filter: &str) -> String {
    press(app, "/");
    press(app, filter);
    app.handle_key(code(KeyCode::Enter));
    app.selected_agent().expect("an agent").id.clone()
}

#[test]
fn lang_switches_command_messages_and_filter_errors_live() {
    let mut app = world_app(60, 30);
    assert_eq!(app.lang, Lang::En);
    command(&mut app, "lang zh-CN");
    assert_eq!(app.lang, Lang::ZhCn);
    assert_eq!(
        last_toast(&app),
        (
            ToastLevel::Info,
            "界面语言：简体中文（zh-CN）；:lang en 切换回 English".to_string()
        )
    );

    command(&mut app, "frobnicate");
    assert_eq!(
        last_toast(&app).1,
        "未知命令 `frobnicate`：请使用 :backend 名称、:theme 名称、:filter 文本、:lang en|zh-CN、:export 文件、:help 或 :q"
    );
    command(&mut app, "lang fr");
    assert_eq!(app.lang, Lang::ZhCn, "an unknown language changes nothing");
    assert_eq!(
        last_toast(&app),
        (
            ToastLevel::Warn,
            "未知语言“fr”；请使用 en 或 zh-CN".to_string()
        )
    );
    command(&mut app, "lang");
    assert_eq!(
        last_toast(&app).1,
        "用法：:lang en 或 :lang zh-CN（当前为 zh-CN）"
    );
    command(&mut app, "backend nope");
    assert_eq!(
        last_toast(&app).1,
        "没有后端 `nope`；现有后端：aliyun-sim, huawei-sim"
    );
    command(&mut app, "backend huawei-sim");
    assert_eq!(last_toast(&app).1, "只显示后端 huawei-sim");
    command(&mut app, "backend");
    command(&mut app, "filter state=brk");
    assert!(
        last_toast(&app)
            .1
            .starts_with("未知状态 `brk`：请使用 ready、"),
        "{}",
        last_toast(&app).1
    );

    // The filter prompt's inline error.
    press(&mut app, "/state=sleepy");
    match &app.mode {
        callboard::app::Mode::Filter(p) => {
            let e = p.error.as_deref().unwrap_or_default();
            assert!(e.starts_with("未知状态 `sleepy`"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    app.handle_key(code(KeyCode::Esc));

    // Back to English: the same messages as before.
    command(&mut app, "lang en");
    assert_eq!(app.lang, Lang::En);
    assert_eq!(
        last_toast(&app).1,
        "language: English (en); :lang zh-CN switches to 简体中文"
    );
    command(&mut app, "frobnicate");
    assert!(
        last_toast(&app)
            .1
            .starts_with("unknown command `frobnicate`: use :backend NAME"),
        "{}",
        last_toast(&app).1
    );
    command(&mut app, "lang klingon");
    assert_eq!(
        last_toast(&app).1,
        "unknown language \"klingon\"; use en or zh-CN"
    );
    press(&mut app, "/state=sleepy");
    match &app.mode {
        callboard::app::Mode::Filter(p) => {
            let e = p.error.as_deref().unwrap_or_default();
            assert!(e.starts_with("unknown state `sleepy`"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dialogs_toasts_and_outcomes_follow_the_language() {
    let mut app = world_app(60, 30);
    command(&mut app, "lang zh-CN");
    let id = select(&mut app, "backend=aliyun");
    let name = app.selected_agent().expect("agent").name.clone();

    // Make ready: the title, the confirmation and the note when the opening key is pressed again.
    press(&mut app, "y");
    let d = app.dialog.as_ref().expect("dialog");
    assert!(d.title().starts_with("置闲 · "), "{}", d.title());
    assert_eq!(
        d.consequence(),
        format!("将 {name}（{id}，aliyun-sim）置闲，开始接听来电。")
    );
    press(&mut app, "y");
    let note = app
        .dialog
        .as_ref()
        .and_then(|d| d.note.clone())
        .unwrap_or_default();
    assert!(note.starts_with("本对话框由 `y` 打开"), "{note}");
    // The screen shows it (drawn from the dialog's words).
    let text = screen(&app);
    assert!(text.contains("置闲 · "), "{text}");
    assert!(text.contains("开始接听来电"), "{text}");
    app.handle_key(code(KeyCode::Enter));
    assert!(matches!(app.outbox.last(), Some(UiCommand::Act(_))));
    let (level, sent) = last_toast(&app);
    assert_eq!(level, ToastLevel::Info);
    assert_eq!(sent, format!("已发送：置闲 → {name}（{id}，aliyun-sim）"));

    // The outcome: the app's words in Chinese, the backend's summary (with the vendor's reason)
    // as it came.
    let request = match app.outbox.pop() {
        Some(UiCommand::Act(r)) => r,
        other => panic!("{other:?}"),
    };
    app.apply_reply(Reply::ActionDone {
        request: request.clone(),
        outcome: ActionOutcome::refused_by_vendor(
            "ready refused: the agent is talking (CCC Agent.Busy: busy)",
            json!({"code": "Agent.Busy", "message": "busy"}),
        ),
    });
    let (level, text) = last_toast(&app);
    assert_eq!(level, ToastLevel::Error);
    assert_eq!(
        text,
        format!(
            "✗ 置闲 {name}（{id}）：被拒绝：ready refused: the agent is talking (CCC Agent.Busy: busy)"
        )
    );
    let line = app.last_action("aliyun-sim", &id).expect("logged");
    assert!(line.text.starts_with("置闲 "), "{}", line.text);

    // Break: the form's fields in Chinese.
    press(&mut app, "b");
    app.apply_reply(Reply::ChoicesReady {
        backend: "aliyun-sim".into(),
        agent: id.clone(),
        choices: Err("timeout".into()),
    });
    let d = app.dialog.as_ref().expect("dialog");
    assert_eq!(d.fields[0].label, "小休状态码");
    assert_eq!(d.note.as_deref(), Some("无法获取选项：timeout；请直接输入"));
    app.handle_key(code(KeyCode::Enter));
    let note = app
        .dialog
        .as_ref()
        .and_then(|d| d.note.clone())
        .unwrap_or_default();
    assert_eq!(note, "必须填写小休状态码");
    app.handle_key(code(KeyCode::Esc));

    // A backend going down: its toast and log line.
    app.apply_event(BackendEvent::Status(BackendStatus {
        backend: "huawei-sim".into(),
        health: Health::Down {
            reason: "connection refused".into(),
        },
        last_ok: None,
        insecure_tls: false,
    }));
    assert_eq!(last_toast(&app).1, "huawei-sim：中断：connection refused");

    // Back in English: the same steps in the old words.
    command(&mut app, "lang en");
    press(&mut app, "y");
    let d = app.dialog.as_ref().expect("dialog");
    assert!(d.title().starts_with("Ready · "), "{}", d.title());
    assert_eq!(
        d.consequence(),
        format!("Make {name} ({id}, aliyun-sim) ready for calls.")
    );
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(
        last_toast(&app).1,
        format!("sent: ready → {name} ({id}, aliyun-sim)")
    );
    app.apply_reply(Reply::ActionDone {
        request,
        outcome: ActionOutcome::done("agent is now Ready", serde_json::Value::Null),
    });
    assert_eq!(
        last_toast(&app),
        (
            ToastLevel::Ok,
            format!("✓ ready {name} ({id}): agent is now Ready")
        )
    );
}

#[test]
fn read_only_and_reset_all_refusals_follow_the_language() {
    let mut app = world_app_with(60, 30, |o| o.readonly = true);
    command(&mut app, "lang zh-CN");
    select(&mut app, "backend=aliyun");
    press(&mut app, "y");
    assert!(app.dialog.is_none());
    assert_eq!(
        last_toast(&app).1,
        "只读模式：置闲 已停用（配置中 readonly = true，或使用了 --readonly）"
    );

    // Reset-all with no Alibaba backend (a Huawei-only screen).
    let mut app = world_app_with(60, 30, |o| {
        o.backends
            .retain(|b| b.kind == callboard::config::BackendKind::Huawei);
        o.lang = Lang::ZhCn;
    });
    press(&mut app, "R");
    assert_eq!(
        last_toast(&app).1,
        "全部重置是阿里云 CCC 的操作，而配置中没有阿里云后端"
    );

    // Reset-all asking which backend, in Chinese.
    let mut app = world_app_with(60, 30, |o| o.lang = Lang::ZhCn);
    app.view = callboard::app::View::Log;
    press(&mut app, "R");
    let d = app.dialog.as_ref().expect("dialog");
    assert_eq!(d.title(), "全部重置 · 哪个阿里云后端？");
    assert_eq!(d.fields[0].label, "后端");
    app.handle_key(code(KeyCode::Enter));
    let d = app.dialog.as_ref().expect("dialog");
    assert!(
        d.consequence()
            .starts_with("重置 aliyun-sim 上所有处于异常状态的座席（ResetUserStatus）"),
        "{}",
        d.consequence()
    );
}
