//! The words for the agent actions in messages (`ready` / 置闲 inline, `Ready` / 置闲 in titles),
//! and for an outcome's status, in the screen's language: composed from the structured request
//! and outcome, never by translating a finished English sentence.

use super::keymap::Action;
use crate::backend::{ActionKind, ActionOutcome, OutcomeStatus, Verification};
use crate::i18n::{t, Lang};

/// The action inline (`ready`, `sign-in` in English, the command names; 置闲, 签入 in Chinese).
pub fn action_name(kind: &ActionKind, lang: Lang) -> String {
    t(
        lang,
        match kind {
            ActionKind::SignIn { .. } => "action-sign-in",
            ActionKind::Reset { .. } => "action-reset",
            ActionKind::ResetAll => "action-reset-all",
            ActionKind::IvrAuth { .. } => "action-ivr-auth",
            ActionKind::Break { .. } => "action-break",
            ActionKind::Ready => "action-ready",
            ActionKind::SignOut => "action-sign-out",
        },
    )
}

/// A key binding's action inline: the agent actions by their words, the others by their config
/// name.
pub fn key_action_name(action: Action, lang: Lang) -> String {
    let id = match action {
        Action::SignIn => "action-sign-in",
        Action::Reset => "action-reset",
        Action::ResetAll => "action-reset-all",
        Action::IvrAuth => "action-ivr-auth",
        Action::Break => "action-break",
        Action::Ready => "action-ready",
        Action::SignOut => "action-sign-out",
        other => return other.name().to_string(),
    };
    t(lang, id)
}

/// The action as a dialog's title starts (`Sign in`, `Reset all`; 签入, 全部重置).
pub fn action_title(action: Action, lang: Lang) -> String {
    t(
        lang,
        match action {
            Action::SignIn => "action-title-sign-in",
            Action::Reset => "action-title-reset",
            Action::ResetAll => "action-title-reset-all",
            Action::IvrAuth => "action-title-ivr-auth",
            Action::Break => "action-title-break",
            Action::Ready => "action-title-ready",
            Action::SignOut => "action-title-sign-out",
            _ => "action-title-other",
        },
    )
}

/// How an action went, in a word or two, from its status and, when its answer was lost, what
/// reading the agent back showed (`done`, `done (verified)`, `outcome unknown`).
pub fn status_words(outcome: &ActionOutcome, lang: Lang) -> String {
    let id = match (outcome.status, outcome.verification) {
        (OutcomeStatus::Ok, Some(Verification::Applied)) => "status-verified-applied",
        (OutcomeStatus::Ok, _) => "status-ok",
        (OutcomeStatus::Refused, _) => "status-refused",
        (_, Some(Verification::NotApplied)) => "status-verified-not-applied",
        (OutcomeStatus::Failed, _) => "status-failed",
        (OutcomeStatus::Unknown, _) => "status-unknown",
    };
    t(lang, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_inline_names_are_the_command_names() {
        for kind in [
            ActionKind::Ready,
            ActionKind::SignOut,
            ActionKind::ResetAll,
            ActionKind::Reset { idle: false },
            ActionKind::Break {
                code: "x".into(),
                secs: None,
            },
            ActionKind::IvrAuth { flow: "f".into() },
            ActionKind::SignIn {
                device: None,
                skill_groups: Vec::new(),
            },
        ] {
            assert_eq!(action_name(&kind, Lang::En), kind.name());
        }
        assert_eq!(action_name(&ActionKind::Ready, Lang::ZhCn), "置闲");
        assert_eq!(key_action_name(Action::Ready, Lang::En), "ready");
        assert_eq!(key_action_name(Action::Sort, Lang::ZhCn), "sort");
        assert_eq!(action_title(Action::ResetAll, Lang::ZhCn), "全部重置");
    }
}
