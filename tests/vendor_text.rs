//! Vendor text never reaches the screen, stderr, logs or the audit log raw: a tiny hostile HTTP
//! peer answers the real clients with names, codes and error messages full of escape sequences,
//! bidi overrides and newlines, and the roster, the outcomes, the errors and the audit log come out
//! clean; the dashboard's event log and toasts keep their borders with such text.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui;

use callboard::app::{Reply, View};
use callboard::backend::{
    ActionKind, ActionOutcome, ActionRequest, BackendEvent, BackendStatus, Fleet, Health, LogEntry,
    LogLevel,
};
use callboard::config::{BackendConfig, BackendKind, Config, HuaweiLogin, SecretSource};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Clears the screen, sets the window title, reverses the text direction, breaks the line, and
/// opens a C1 CSI: what a hostile or broken vendor could put in any string.
const EVIL: &str =
    "Forbidden.\u{1b}[2J\u{1b}]0;pwned\u{7}Evil\u{202e}gnp.exe\r\nnext\tline\u{9b}31m\u{2066}end";

/// Why `s` is not safe to print, if it is not.
fn dirt(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    })
}

fn assert_clean(s: &str, what: &str) {
    assert_eq!(dirt(s), None, "{what} is not clean: {s:?}");
}

/// Every string inside a JSON value.
fn assert_clean_json(v: &Value, what: &str) {
    match v {
        Value::String(s) => assert_clean(s, what),
        Value::Array(a) => a.iter().for_each(|x| assert_clean_json(x, what)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            assert_clean(k, what);
            assert_clean_json(x, what);
        }),
        _ => {}
    }
}

/// A peer that answers every request with `answer(request head and body)`: (status, JSON body).
async fn peer(answer: fn(&str) -> (u16, String)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Head, then as much body as Content-Length says.
                loop {
                    let Ok(n) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text[..end]
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let request = String::from_utf8_lossy(&buf).to_string();
                let (status, body) = answer(&request);
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("http://{addr}/")
}

fn page(list: Value) -> String {
    json!({"RequestId": "R-1", "Code": "OK", "HttpStatusCode": 200,
           "Data": {"PageNumber": 1, "PageSize": 100, "TotalCount": 1, "List": list}})
    .to_string()
}

/// Alibaba: realtime states with hostile names and codes; every other call refused with a
/// hostile message.
fn hostile_aliyun(request: &str) -> (u16, String) {
    let lower = request.to_ascii_lowercase();
    let is = |action: &str| {
        lower.contains(&format!("x-acs-action: {}", action.to_ascii_lowercase()))
            || request.contains(&format!("Action={action}"))
    };
    if is("ListRealtimeAgentStates") {
        return (
            200,
            page(json!([{
                "AgentId": "evil@inst", "AgentName": EVIL, "State": "Break",
                "BreakCode": format!("lunch{EVIL}"), "Extension": EVIL, "StateCode": EVIL,
                "SkillGroupIdList": [EVIL], "SkillGroupNameList": [EVIL], "WorkMode": EVIL,
                "CallType": EVIL, "CounterParty": EVIL
            }])),
        );
    }
    if is("ListRealtimeSkillGroupStates") {
        return (
            200,
            page(json!([{"SkillGroupId": EVIL, "SkillGroupName": EVIL, "WaitingCalls": 1}])),
        );
    }
    (
        403,
        json!({"RequestId": format!("R{EVIL}"), "Code": format!("Forbidden.NoPermission{EVIL}"), "Message": EVIL})
            .to_string(),
    )
}

/// Huawei: every call refused with a hostile retcode message.
fn hostile_huawei(_request: &str) -> (u16, String) {
    (
        200,
        json!({"retcode": "100-004", "message": EVIL, "result": {}}).to_string(),
    )
}

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(backends: Vec<BackendConfig>) -> (Config, Dir) {
    let dir = std::env::temp_dir().join(format!("callboard-vendor-text-{}", uuid::Uuid::new_v4()));
    let audit = dir.join("audit.jsonl");
    let config = Config {
        backends,
        audit_log: Some(audit.to_string_lossy().into_owned()),
        ..Config::default()
    };
    (config, Dir(dir))
}

#[tokio::test]
async fn hostile_alibaba_text_comes_out_clean_everywhere() {
    let endpoint = peer(hostile_aliyun).await;
    let backend = BackendConfig {
        instance_id: Some("inst".into()),
        access_key_id: Some(SecretSource::Value("id".into())),
        access_key_secret: Some(SecretSource::Value("secret".into())),
        ..BackendConfig::new("hostile", BackendKind::Aliyun, endpoint)
    };
    let (config, dir) = config(vec![backend]);
    let (fleet, errors) = Fleet::connect(&config).await;
    assert!(errors.is_empty(), "{errors:?}");

    // The roster and the queues.
    let (agents, queues) = fleet.backends()[0].snapshot().await.expect("snapshot");
    assert_eq!(agents.len(), 1);
    let roster = serde_json::to_value(&agents).expect("json");
    assert_clean_json(&roster, "the mapped agent");
    assert!(agents[0].name.contains("Evil"), "{:?}", agents[0].name);
    assert_clean_json(&serde_json::to_value(&queues).expect("json"), "the queues");

    // An action refused with a hostile message: the outcome and the audit line are clean.
    let outcome = fleet
        .act(ActionRequest {
            backend: "hostile".into(),
            agent: "evil@inst".into(),
            kind: ActionKind::Ready,
        })
        .await;
    assert!(!outcome.ok);
    assert_clean(&outcome.summary, "the outcome's summary");
    assert!(
        outcome.summary.contains("Forbidden."),
        "{}",
        outcome.summary
    );
    assert_clean_json(
        &serde_json::to_value(&outcome).expect("json"),
        "the outcome",
    );
    let text = std::fs::read_to_string(dir.0.join("audit.jsonl")).expect("audit");
    assert_eq!(text.lines().count(), 1);
    assert!(
        !text.contains("\\u001b") && !text.contains('\u{202e}'),
        "{text}"
    );
    let line: Value = serde_json::from_str(text.trim()).expect("audit line");
    assert_clean_json(&line, "the audit line");

    // A refresh that fails on the hostile answer: the error for the header and stderr is clean.
    let e = fleet.backends()[0]
        .choices("evil@inst")
        .await
        .expect_err("refused");
    assert_clean(&e.to_string(), "the backend error");
    fleet.shutdown().await;
}

#[tokio::test]
async fn hostile_huawei_text_comes_out_clean_in_errors() {
    let endpoint = peer(hostile_huawei).await;
    let backend = BackendConfig {
        inspector: Some(HuaweiLogin {
            workno: "900".into(),
            password: SecretSource::Value("pw".into()),
            phonenum: None,
        }),
        ..BackendConfig::new("hostile-hw", BackendKind::Huawei, endpoint)
    };
    let (config, _dir) = config(vec![backend]);
    let (fleet, errors) = Fleet::connect(&config).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    let text = errors[0].to_string();
    assert_clean(&text, "the inspector sign-in error");
    assert!(text.contains("100-004"), "{text}");
    fleet.shutdown().await;
}

#[test]
fn huawei_names_from_snapshots_are_clean() {
    use callboard::backend::huawei::{AgentSnapshot, HuaweiAgentState};
    let snap = AgentSnapshot::from_value(&json!({
        "workno": "1001", "name": EVIL, "status": 4,
        "skilllist": [{"id": 1, "name": EVIL}]
    }))
    .expect("snapshot");
    let mut st = HuaweiAgentState::new("1001");
    st.apply_snapshot(&snap, 1_000);
    let agent = st.to_agent(Arc::from("hw"), 2_000);
    assert_clean_json(&serde_json::to_value(&agent).expect("json"), "the agent");
    assert!(agent.name.contains("Evil"), "{:?}", agent.name);
}

/// Every cell of the screen is printable, and each row of the boxed area keeps its side borders.
fn assert_screen_intact(app: &callboard::app::App, what: &str) {
    let term = tui::render(app, tui::W, tui::H);
    let buf = term.backend().buffer();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            assert_eq!(dirt(sym), None, "{what}: cell ({x},{y}) holds {sym:?}");
        }
    }
    let text = tui::buffer_text(buf);
    let rows: Vec<&str> = text.lines().collect();
    let top = rows.iter().position(|r| r.starts_with('┌')).expect("a box");
    let bottom = rows
        .iter()
        .rposition(|r| r.starts_with('└'))
        .expect("its bottom");
    for row in &rows[top + 1..bottom] {
        let chars: Vec<char> = row.chars().collect();
        assert_eq!(chars.first(), Some(&'│'), "{what}: left border\n{text}");
        assert!(
            row.ends_with('│') || row.trim_end().ends_with('│'),
            "{what}: right border\n{text}"
        );
    }
}

#[test]
fn hostile_text_keeps_the_event_log_toasts_and_header_intact() {
    let mut app = tui::world_app(30, 60);
    let now = 1_767_258_100_000;
    app.apply_event(BackendEvent::Log(LogEntry {
        at: now,
        backend: Arc::from("aliyun-sim"),
        agent: None,
        level: LogLevel::Error,
        text: EVIL.to_string(),
    }));
    app.apply_event(BackendEvent::Status(BackendStatus {
        backend: Arc::from("aliyun-sim"),
        health: Health::Degraded {
            reason: EVIL.to_string(),
        },
        last_ok: Some(now),
        insecure_tls: false,
    }));
    app.apply_reply(Reply::ActionDone {
        request: ActionRequest {
            backend: "aliyun-sim".into(),
            agent: String::new(),
            kind: ActionKind::ResetAll,
        },
        outcome: ActionOutcome::refused(EVIL),
    });
    assert_screen_intact(&app, "the roster with a toast");
    while app.view != View::Log {
        app.handle_key(tui::code(crossterm::event::KeyCode::Tab));
    }
    assert_screen_intact(&app, "the event log");
    let text = tui::screen(&app);
    assert!(text.contains("Forbidden."), "{text}");
}
