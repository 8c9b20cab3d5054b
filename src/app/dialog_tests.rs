//! The action dialogs from key to request: forms, choices, confirmation and cancel.

use super::*;

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[test]
fn break_form_then_confirm() {
    let (mut d, needs) = Dialog::open(
        Action::Break,
        "h",
        BackendKind::Huawei,
        "1001",
        "张伟",
        None,
    );
    assert!(needs);
    assert_eq!(d.stage, Stage::Loading);
    d.choices_ready(Ok(ActionChoices {
        break_codes: vec![
            choice("1", "Short break (600 s)"),
            choice("2", "Meal (1800 s)"),
        ],
        ..ActionChoices::default()
    }));
    assert_eq!(d.stage, Stage::Form);
    d.key(&key(KeyCode::Char('m')));
    d.key(&key(KeyCode::Enter));
    assert_eq!(d.focus, 1);
    d.key(&key(KeyCode::Char('x')));
    d.key(&key(KeyCode::Char('9')));
    d.key(&key(KeyCode::Enter));
    assert_eq!(d.stage, Stage::Confirm);
    assert!(
        d.consequence().contains("Meal (1800 s) for 9 s"),
        "{}",
        d.consequence()
    );
    match d.key(&key(KeyCode::Enter)) {
        DialogOutcome::Submit(r) => assert_eq!(
            r.kind,
            ActionKind::Break {
                code: "2".into(),
                secs: Some(9)
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn confirm_only_and_cancel() {
    let (mut d, needs) = Dialog::open(Action::Ready, "a", BackendKind::Aliyun, "x@i", "", None);
    assert!(!needs);
    assert_eq!(d.stage, Stage::Confirm);
    assert_eq!(d.key(&key(KeyCode::Char('n'))), DialogOutcome::Cancel);
    assert_eq!(d.key(&key(KeyCode::Esc)), DialogOutcome::Cancel);
}

#[test]
fn failed_choices_allow_free_text() {
    let (mut d, _) = Dialog::open(Action::IvrAuth, "a", BackendKind::Aliyun, "x@i", "", None);
    d.choices_ready(Err("timeout".into()));
    assert!(d.note.as_deref().unwrap_or("").contains("timeout"));
    d.key(&key(KeyCode::Enter));
    assert_eq!(d.stage, Stage::Form, "required");
    for c in "flow-1".chars() {
        d.key(&key(KeyCode::Char(c)));
    }
    d.key(&key(KeyCode::Enter));
    assert_eq!(d.stage, Stage::Confirm);
}

#[test]
fn the_opening_key_never_confirms() {
    let spec = |s: &str| crate::config::KeySpec::parse(s).ok();
    let (mut d, _) = Dialog::open(Action::Ready, "a", BackendKind::Aliyun, "x@i", "", None);
    d.opened_by = spec("y");
    assert_eq!(d.confirm_keys(), ["Enter"]);
    assert_eq!(d.key(&key(KeyCode::Char('y'))), DialogOutcome::Stay);
    assert!(d
        .note
        .as_deref()
        .unwrap_or("")
        .contains("`y` opened this dialog"));
    assert_eq!(d.key(&key(KeyCode::Char('Y'))), DialogOutcome::Stay);
    assert!(matches!(
        d.key(&key(KeyCode::Enter)),
        DialogOutcome::Submit(_)
    ));

    let (mut d, _) = Dialog::open(Action::SignOut, "a", BackendKind::Aliyun, "x@i", "", None);
    d.opened_by = spec("enter");
    assert_eq!(d.confirm_keys(), ["y"]);
    assert_eq!(d.key(&key(KeyCode::Enter)), DialogOutcome::Stay);
    assert!(matches!(
        d.key(&key(KeyCode::Char('y'))),
        DialogOutcome::Submit(_)
    ));

    // Opened by another key (or by none): both confirm.
    let (d, _) = Dialog::open(Action::SignOut, "a", BackendKind::Aliyun, "x@i", "", None);
    assert_eq!(d.confirm_keys(), ["y", "Enter"]);
}
