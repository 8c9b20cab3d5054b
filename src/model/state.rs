//! The one display classification of an agent: the state it is shown, counted, filtered and
//! coloured as (activity wins over presence), used by the header distribution, the roster, the
//! skill-group view and the headless output alike.

use super::agent::{Activity, Agent, Presence};

/// The state an agent is shown in (and counted and coloured by). Activity wins over presence:
/// an agent who is ready but talking is Talking; one on break with a call ringing is Ringing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateKey {
    Ready,
    Ringing,
    Dialing,
    Talking,
    Supervising,
    WrapUp,
    NotReady,
    Break,
    SigningIn,
    Offline,
}

impl StateKey {
    /// Every state, in display order.
    pub const ALL: [StateKey; 10] = [
        StateKey::Ready,
        StateKey::Ringing,
        StateKey::Dialing,
        StateKey::Talking,
        StateKey::Supervising,
        StateKey::WrapUp,
        StateKey::NotReady,
        StateKey::Break,
        StateKey::SigningIn,
        StateKey::Offline,
    ];

    pub fn of(agent: &Agent) -> StateKey {
        match (agent.presence, agent.activity) {
            (_, Activity::Ringing) => StateKey::Ringing,
            (_, Activity::Dialing) => StateKey::Dialing,
            (_, Activity::Talking) => StateKey::Talking,
            (_, Activity::Supervising) => StateKey::Supervising,
            (_, Activity::WrapUp) => StateKey::WrapUp,
            (Presence::Offline, _) => StateKey::Offline,
            (Presence::Ready, _) => StateKey::Ready,
            (Presence::SigningIn, _) => StateKey::SigningIn,
            (Presence::NotReady, _) => StateKey::NotReady,
            (Presence::Break, _) => StateKey::Break,
        }
    }

    /// The state a compact summary (the skill-group view's columns) counts this one under:
    /// dialing and supervising are on a call, so they count as Talking; signing in counts as
    /// Not ready. Every other state is its own column.
    pub fn summary(self) -> StateKey {
        match self {
            StateKey::Dialing | StateKey::Supervising => StateKey::Talking,
            StateKey::SigningIn => StateKey::NotReady,
            other => other,
        }
    }

    /// The columns of a compact summary, in display order.
    pub const SUMMARY: [StateKey; 7] = [
        StateKey::Ready,
        StateKey::Ringing,
        StateKey::Talking,
        StateKey::WrapUp,
        StateKey::NotReady,
        StateKey::Break,
        StateKey::Offline,
    ];

    /// The theme key and filter word (`wrap-up`, `not-ready`, …).
    pub fn key(self) -> &'static str {
        match self {
            StateKey::Ready => "ready",
            StateKey::Ringing => "ringing",
            StateKey::Dialing => "dialing",
            StateKey::Talking => "talking",
            StateKey::Supervising => "supervising",
            StateKey::WrapUp => "wrap-up",
            StateKey::NotReady => "not-ready",
            StateKey::Break => "break",
            StateKey::SigningIn => "signing-in",
            StateKey::Offline => "offline",
        }
    }

    /// The label shown in the table.
    pub fn label(self) -> &'static str {
        match self {
            StateKey::Ready => "Ready",
            StateKey::Ringing => "Ringing",
            StateKey::Dialing => "Dialing",
            StateKey::Talking => "Talking",
            StateKey::Supervising => "Supervising",
            StateKey::WrapUp => "Wrap-up",
            StateKey::NotReady => "Not ready",
            StateKey::Break => "Break",
            StateKey::SigningIn => "Signing in",
            StateKey::Offline => "Offline",
        }
    }

    /// The label shown in the table, in `lang` (`docs/glossary.md`).
    pub fn label_in(self, lang: crate::i18n::Lang) -> String {
        crate::i18n::t(lang, self.message_id())
    }

    /// The catalogue id of the label.
    pub fn message_id(self) -> &'static str {
        match self {
            StateKey::Ready => "state-ready",
            StateKey::Ringing => "state-ringing",
            StateKey::Dialing => "state-dialing",
            StateKey::Talking => "state-talking",
            StateKey::Supervising => "state-supervising",
            StateKey::WrapUp => "state-wrap-up",
            StateKey::NotReady => "state-not-ready",
            StateKey::Break => "state-break",
            StateKey::SigningIn => "state-signing-in",
            StateKey::Offline => "state-offline",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a filter word; lenient about case, `_`, spaces and common vendor words.
    pub fn parse(word: &str) -> Option<StateKey> {
        let w: String = word
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        Some(match w.as_str() {
            "ready" | "idle" | "available" => StateKey::Ready,
            "ringing" | "ring" => StateKey::Ringing,
            "dialing" | "dial" | "outbound" => StateKey::Dialing,
            "talking" | "talk" | "oncall" | "call" => StateKey::Talking,
            "supervising" | "monitoring" => StateKey::Supervising,
            "wrapup" | "acw" | "working" | "wrap" => StateKey::WrapUp,
            "notready" | "busy" => StateKey::NotReady,
            "break" | "rest" => StateKey::Break,
            "signingin" | "warmup" => StateKey::SigningIn,
            "offline" | "signedout" | "loggedout" => StateKey::Offline,
            _ => return None,
        })
    }

    /// The `[backend.thresholds.stuck_after]` key that applies to this state.
    pub fn stuck_key(self) -> Option<&'static str> {
        match self {
            StateKey::Ringing => Some("ringing"),
            StateKey::Talking | StateKey::Dialing | StateKey::Supervising => Some("talking"),
            StateKey::WrapUp => Some("wrap-up"),
            StateKey::NotReady => Some("not-ready"),
            StateKey::Break => Some("break"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_words_parse() {
        for s in StateKey::ALL {
            assert_eq!(StateKey::parse(s.key()), Some(s));
        }
        assert_eq!(StateKey::parse("ACW"), Some(StateKey::WrapUp));
        assert_eq!(StateKey::parse("nonsense"), None);
    }
}
