//! Key-driven actions through the real fleet against a frozen simulator: key press → dialog
//! (choices from the backend) → confirmation → the fleet acts → `/_sim/state` changed → the toast
//! reports it. Also: a refused action shows the vendor's reason, and read-only does nothing.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;
use backend_support::{agent, env, fleet, Env, ALI, HW};
use callboard::app::{App, AppOptions, Reply, ToastLevel, UiCommand};
use callboard::backend::{BackendEvent, Fleet};
use callboard::theme::Theme;
use callboard::tui::runner::Actions;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

struct Tui {
    env: Env,
    fleet: Fleet,
    app: App,
}

async fn tui(readonly: bool) -> Tui {
    let mut env = env(40).await;
    env.config.readonly = readonly;
    let fleet = fleet(&env).await;
    let now = chrono::Utc::now().timestamp_millis();
    let theme = Theme::load("default").expect("theme");
    let app = App::new(AppOptions::from_config(&env.config, theme, now));
    let mut t = Tui { env, fleet, app };
    t.poll().await;
    t
}

impl Tui {
    /// One poll of every backend, as the pollers would send it.
    async fn poll(&mut self) {
        for b in self.fleet.backends() {
            let (agents, queues) = b.snapshot().await.expect("snapshot");
            self.app.apply_event(BackendEvent::Snapshot {
                backend: b.name(),
                agents,
                kept: Vec::new(),
                queues,
                at: chrono::Utc::now().timestamp_millis(),
            });
        }
    }

    /// Does what the runner does with the app's commands, until there are none.
    async fn pump(&mut self) {
        while !self.app.outbox.is_empty() {
            for cmd in std::mem::take(&mut self.app.outbox) {
                let reply = match cmd {
                    UiCommand::Act(request) => Reply::ActionDone {
                        outcome: Actions::act(&self.fleet, request.clone()).await,
                        request,
                    },
                    UiCommand::Choices { backend, agent } => Reply::ChoicesReady {
                        choices: Actions::choices(&self.fleet, &backend, &agent).await,
                        backend,
                        agent,
                    },
                    UiCommand::WriteFile { path, lines, .. } => Reply::Written {
                        path,
                        result: Ok(lines),
                    },
                };
                self.app.apply_reply(reply);
            }
        }
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let m = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.app.handle_key(KeyEvent::new(KeyCode::Char(c), m));
        }
    }

    fn key(&mut self, code: KeyCode) {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// Filters the roster and returns the selected agent's id.
    fn select(&mut self, filter: &str) -> String {
        self.key(KeyCode::Esc);
        self.keys("/");
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        self.keys(filter);
        self.key(KeyCode::Enter);
        self.app
            .selected_agent()
            .unwrap_or_else(|| panic!("no agent matches {filter}"))
            .id
            .clone()
    }

    async fn truth_of(&self, vendor: &str, id: &str) -> Value {
        agent(&self.env.sim, vendor, id).await
    }

    fn last_toast(&self) -> (ToastLevel, String) {
        let t = self.app.toasts.last().expect("a toast");
        (t.level, t.text.clone())
    }

    fn assert_ok_toast(&self, action: &str) {
        let (level, text) = self.last_toast();
        assert_eq!(level, ToastLevel::Ok, "{text}");
        assert!(text.contains(action), "{text}");
    }
}

#[tokio::test]
async fn aliyun_actions_from_keys_to_the_simulator() {
    let mut t = tui(false).await;

    // Break: form with the backend's break codes, typed to narrow.
    let id = t.select("backend=aliyun state=ready");
    t.keys("b");
    assert!(matches!(
        t.app.outbox.first(),
        Some(UiCommand::Choices { .. })
    ));
    t.pump().await;
    let d = t.app.dialog.as_ref().expect("dialog");
    assert!(
        d.fields[0].choices.iter().any(|c| c.id == "lunch"),
        "{:?}",
        d.fields[0].choices
    );
    t.keys("lunch");
    t.key(KeyCode::Enter);
    assert!(t
        .app
        .dialog
        .as_ref()
        .expect("confirm")
        .consequence()
        .contains(&id));
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("break");
    assert_eq!(t.truth_of("aliyun", &id).await["break_code"], "lunch");

    // Ready: the same agent back.
    t.poll().await;
    let id2 = t.select(&format!("id={id}"));
    assert_eq!(id2, id);
    t.keys("y");
    t.key(KeyCode::Enter);
    t.pump().await;
    t.assert_ok_toast("ready");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Ready");

    // IVR authentication: a talking agent, a contact flow from the backend.
    let id = t.select("backend=aliyun state=talking");
    t.keys("a");
    t.pump().await;
    let flows = t.app.dialog.as_ref().expect("dialog").fields[0]
        .choices
        .clone();
    assert!(!flows.is_empty());
    t.key(KeyCode::Enter);
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("ivr-auth");
    assert_eq!(t.truth_of("aliyun", &id).await["in_ivr"], true);

    // Reset: a talking agent ends up signed out.
    t.poll().await;
    let id = t.select("backend=aliyun state=talking");
    t.keys("r");
    assert!(t
        .app
        .dialog
        .as_ref()
        .expect("dialog")
        .consequence()
        .contains("ResetAgentState"));
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("reset");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Offline");

    // Sign in: the agent just reset, with the backend's devices and skill groups offered.
    t.poll().await;
    t.select(&format!("id={id}"));
    t.keys("i");
    t.pump().await;
    let d = t.app.dialog.as_ref().expect("dialog");
    assert_eq!(d.fields.len(), 2);
    assert!(!d.fields[1].choices.is_empty(), "skill groups offered");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("sign-in");
    assert_eq!(t.truth_of("aliyun", &id).await["signed_in"], true);

    // Sign out.
    t.poll().await;
    let id = t.select("backend=aliyun state=ready");
    t.keys("o");
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("sign-out");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Offline");

    // Reset all (Alibaba ResetUserStatus), from an Alibaba row.
    t.keys("R");
    let d = t.app.dialog.as_ref().expect("dialog");
    assert_eq!(d.backend, ALI);
    assert!(d.consequence().contains("ResetUserStatus"));
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("reset-all");
    let stuck = backend_support::agents_of(&t.env.sim, "aliyun")
        .await
        .into_iter()
        .filter(|a| a["stuck"] == true)
        .count();
    assert_eq!(stuck, 0);

    // The outcomes are in the event log and the audit log.
    assert!(t.app.log.iter().any(|e| e.text.contains("sign-out")));
    let audit = std::fs::read_to_string(&t.env.audit).expect("audit log");
    assert_eq!(audit.lines().count(), 7, "{audit}");
}

#[tokio::test]
async fn the_key_that_opened_a_dialog_never_confirms_it() {
    let mut t = tui(false).await;
    // `y` opens "make ready" and used to confirm it too: `y y` made the agent ready at once.
    let id = t.select("backend=aliyun state=break");
    t.keys("yy");
    assert!(t.app.outbox.is_empty(), "nothing sent: {:?}", t.app.outbox);
    let d = t.app.dialog.as_ref().expect("still asking");
    assert!(
        d.note
            .as_deref()
            .unwrap_or("")
            .contains("press Enter to confirm"),
        "{:?}",
        d.note
    );
    assert_eq!(d.confirm_keys(), ["Enter"]);
    t.keys("Y");
    assert!(t.app.outbox.is_empty(), "nor its capital");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Break");
    t.key(KeyCode::Enter);
    t.pump().await;
    t.assert_ok_toast("ready");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Ready");

    // An action bound to Enter is confirmed with `y`, never with Enter.
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("detail".to_string(), "d".to_string());
    keys.insert("sign-out".to_string(), "enter".to_string());
    t.env.config.keys = keys;
    let theme = Theme::load("default").expect("theme");
    t.app = App::new(AppOptions::from_config(
        &t.env.config,
        theme,
        chrono::Utc::now().timestamp_millis(),
    ));
    t.poll().await;
    let id = t.select("backend=aliyun state=ready");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    assert!(t.app.outbox.is_empty(), "{:?}", t.app.outbox);
    assert_eq!(
        t.app.dialog.as_ref().expect("still asking").confirm_keys(),
        ["y"]
    );
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("sign-out");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Offline");
}

/// The Alibaba agents the app shows stuck, in roster order.
fn shown_stuck(app: &App) -> Vec<String> {
    let thresholds = app.thresholds(ALI).cloned();
    app.roster
        .agents()
        .iter()
        .filter(|a| &*a.backend == ALI)
        .filter(|a| {
            matches!(
                callboard::app::attention::alert(a, app.now, thresholds.as_ref()),
                Some(callboard::app::attention::Alert::Stuck { .. })
            )
        })
        .map(|a| a.id.clone())
        .collect()
}

#[tokio::test]
async fn reset_all_names_its_backend_and_what_callboard_sees_there() {
    let mut t = tui(false).await;
    let stuck = shown_stuck(&t.app);
    assert!(!stuck.is_empty(), "the world has stuck agents");

    // From a Huawei row, R does not guess: it asks which Alibaba backend.
    t.select("backend=huawei");
    t.keys("R");
    let d = t.app.dialog.as_ref().expect("dialog");
    assert_eq!(d.stage, callboard::app::dialog::Stage::Form, "it asks");
    assert_eq!(d.fields[0].label, "backend");
    let offered: Vec<&str> = d.fields[0].choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(offered, [ALI]);
    t.key(KeyCode::Enter);
    let d = t.app.dialog.as_ref().expect("confirm");
    let target = d.reset_all_target().expect("a target").clone();
    assert_eq!(target.backend, ALI);
    assert_eq!(target.stuck, stuck.len());
    let shown = stuck.len().min(callboard::app::reset_all::SHOWN_IDS);
    assert_eq!(target.first_ids, stuck[..shown]);
    assert!(
        target.stuck_words().contains(&target.first_ids[0]),
        "{}",
        target.stuck_words()
    );
    assert!(d.consequence().contains(ALI), "{}", d.consequence());
    assert!(d.title().contains(ALI), "{}", d.title());
    t.key(KeyCode::Esc);

    // From an Alibaba row: that backend, straight to the confirmation.
    t.select("backend=aliyun");
    t.keys("R");
    let d = t.app.dialog.as_ref().expect("dialog");
    assert_eq!(d.stage, callboard::app::dialog::Stage::Confirm);
    assert_eq!(d.reset_all_target().map(|t| t.stuck), Some(stuck.len()));
    t.keys("y");
    match t.app.outbox.first() {
        Some(UiCommand::Act(r)) => assert_eq!(r.backend, ALI),
        other => panic!("{other:?}"),
    }
    t.pump().await;
    t.assert_ok_toast("reset-all");
}

#[tokio::test]
async fn huawei_break_and_reset_from_keys() {
    let mut t = tui(false).await;
    let id = t.select("backend=huawei state=ready");
    t.keys("b");
    t.pump().await;
    let d = t.app.dialog.as_ref().expect("dialog");
    assert_eq!(d.fields[0].label, "rest cause");
    assert!(!d.fields[0].choices.is_empty());
    // The agent is not held by callboard, so the rest goes through the inspector's forced rest,
    // which takes causes 1-255: cause 0 ("none") is not offered.
    assert!(
        d.fields[0].choices.iter().all(|c| c.id != "0"),
        "{:?}",
        d.fields[0].choices
    );
    t.key(KeyCode::Enter);
    t.keys("600");
    t.key(KeyCode::Enter);
    assert!(t
        .app
        .dialog
        .as_ref()
        .expect("confirm")
        .consequence()
        .contains("for 600 s"));
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("break");
    let truth = t.truth_of("huawei", &id).await;
    assert_eq!(truth["state"], "rest", "{truth}");

    t.poll().await;
    t.select(&format!("backend=huawei id={id}"));
    t.keys("r");
    assert_eq!(t.app.dialog.as_ref().expect("dialog").fields.len(), 1);
    t.key(KeyCode::Enter);
    assert!(t
        .app
        .dialog
        .as_ref()
        .expect("confirm")
        .consequence()
        .contains("sign out"));
    t.keys("y");
    t.pump().await;
    t.assert_ok_toast("reset");
    assert_eq!(t.truth_of("huawei", &id).await["signed_in"], false);
    assert_eq!(
        t.app.backend(HW).map(|b| b.name.to_string()).as_deref(),
        Some(HW)
    );
}

#[tokio::test]
async fn a_refused_action_shows_the_vendors_reason() {
    let mut t = tui(false).await;
    let id = t.select("backend=aliyun state=offline");
    let before = t.truth_of("aliyun", &id).await;
    t.keys("b");
    t.pump().await;
    t.keys("lunch");
    t.key(KeyCode::Enter);
    t.keys("y");
    t.pump().await;
    let (level, text) = t.last_toast();
    assert_eq!(level, ToastLevel::Error, "{text}");
    assert!(text.contains("✗ break"), "{text}");
    assert!(
        text.to_lowercase().contains("state") || text.contains("InvalidOperation"),
        "the vendor's reason: {text}"
    );
    assert_eq!(t.truth_of("aliyun", &id).await["state"], before["state"]);
}

#[tokio::test]
async fn readonly_keys_do_nothing_but_say_why() {
    let mut t = tui(true).await;
    let id = t.select("backend=aliyun state=ready");
    for k in ["i", "r", "R", "a", "b", "y", "o"] {
        t.keys(k);
        assert!(t.app.dialog.is_none(), "{k}");
        assert!(t.app.outbox.is_empty(), "{k}");
        let (level, text) = t.last_toast();
        assert_eq!(level, ToastLevel::Warn);
        assert!(text.contains("read-only"), "{text}");
    }
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Ready");
}

#[tokio::test]
async fn a_refusal_reads_as_one_and_keeps_the_vendors_reason_on_screen() {
    let mut t = tui(false).await;
    // Signing out an agent on a call is refused by the vendor.
    let id = t.select("backend=aliyun state=talking");
    t.keys("o");
    t.keys("y");
    t.pump().await;
    let (level, text) = t.last_toast();
    assert_eq!(level, ToastLevel::Error, "{text}");
    assert!(
        text.contains(&format!("sign-out of agent {id} refused")),
        "a refusal is worded as one: {text}"
    );
    assert!(!text.contains("signed agent"), "{text}");
    // The whole reason is on the 80×24 screen: the toast wraps it.
    let message = text.rsplit("(CCC ").next().expect("the vendor's code");
    let tail: String = message
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("term");
    term.draw(|f| callboard::ui::draw(f, &t.app)).expect("draw");
    let buf = term.backend().buffer();
    let screen: String = (0..24)
        .map(|y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_matches(|c| c == ' ' || c == '│')
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    assert!(
        squash(&screen).contains(&squash(&tail)),
        "`{tail}` on screen:\n{screen}"
    );
}

#[tokio::test]
async fn after_lang_zh_the_outcome_toast_is_chinese_and_after_lang_en_english_again() {
    let mut t = tui(false).await;
    t.keys(":lang zh-CN");
    t.key(KeyCode::Enter);
    let id = t.select("backend=aliyun state=ready");
    t.keys("b");
    t.pump().await;
    let d = t.app.dialog.as_ref().expect("dialog");
    assert_eq!(d.fields[0].label, "小休状态码");
    t.keys("lunch");
    t.key(KeyCode::Enter);
    let d = t.app.dialog.as_ref().expect("confirm");
    assert!(d.consequence().starts_with("让 "), "{}", d.consequence());
    t.keys("y");
    t.pump().await;
    let (level, text) = t.last_toast();
    assert_eq!(level, ToastLevel::Ok, "{text}");
    assert!(text.starts_with("✓ 小休 "), "{text}");
    assert!(text.contains(&format!("（{id}）：已完成：")), "{text}");
    assert_eq!(t.truth_of("aliyun", &id).await["break_code"], "lunch");

    t.keys(":lang en");
    t.key(KeyCode::Enter);
    t.poll().await;
    t.select(&format!("id={id}"));
    t.keys("y");
    t.key(KeyCode::Enter);
    t.pump().await;
    let (level, text) = t.last_toast();
    assert_eq!(level, ToastLevel::Ok, "{text}");
    assert!(text.starts_with("✓ ready "), "{text}");
    assert!(!text.contains("已完成"), "{text}");
    assert_eq!(t.truth_of("aliyun", &id).await["state"], "Ready");
}
