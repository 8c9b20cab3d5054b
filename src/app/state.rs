//! What the screen derives from an agent: its one-word display state, whether it needs attention
//! (stuck in a state, over its planned break) and how long it has been in its state.

use crate::config::Thresholds;
use crate::model::{Activity, Agent, Freshness, Presence, UnixMs};

/// The state an agent is shown in (and coloured by). Activity wins over presence, as in the
/// header's distribution.
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
    fn stuck_key(self) -> Option<&'static str> {
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

/// Why an agent stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// On break (or not ready) longer than the reason's planned duration.
    OverBreak { planned: u64, over: u64 },
    /// In one state longer than its stuck threshold.
    Stuck { limit: u64 },
}

impl Alert {
    pub fn describe(self) -> String {
        match self {
            Alert::OverBreak { planned, over } => format!(
                "over planned break ({} planned, {} over)",
                duration(planned),
                duration(over)
            ),
            Alert::Stuck { limit } => {
                format!("stuck: longer than {} in this state", duration(limit))
            }
        }
    }
}

/// Stuck thresholds used when the config sets none for a state (seconds).
pub const DEFAULT_STUCK_AFTER: &[(&str, u64)] = &[
    ("ringing", 60),
    ("talking", 3600),
    ("wrap-up", 600),
    ("not-ready", 1800),
];

/// Whether `agent` needs attention at `now`.
pub fn alert(agent: &Agent, now: UnixMs, thresholds: Option<&Thresholds>) -> Option<Alert> {
    let secs = agent.secs_in_state(now)?;
    let state = StateKey::of(agent);
    if matches!(state, StateKey::Break | StateKey::NotReady) {
        if let Some(reason) = &agent.reason {
            let planned = reason.planned_secs.or_else(|| {
                thresholds.and_then(|t| t.planned_for(&reason.code).map(|d| d.as_secs()))
            });
            if let Some(planned) = planned.filter(|p| *p > 0) {
                if secs > planned {
                    return Some(Alert::OverBreak {
                        planned,
                        over: secs - planned,
                    });
                }
                return None;
            }
        }
    }
    let key = state.stuck_key()?;
    let limit = thresholds
        .and_then(|t| t.stuck_after_for(key).map(|d| d.as_secs()))
        .or_else(|| {
            DEFAULT_STUCK_AFTER
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| *v)
        })?;
    (secs > limit).then_some(Alert::Stuck { limit })
}

/// Whether the agent's data is not fresh.
pub fn is_stale(agent: &Agent) -> bool {
    agent.freshness != Freshness::Fresh
}

/// A compact duration: `9s`, `4m05s`, `2h07m`, `3d04h`.
pub fn duration(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m{:02}s", secs / 60, secs % 60),
        3600..=86_399 => format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60),
        _ => format!("{}d{:02}h", secs / 86_400, (secs % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Reason, ReasonCategory};
    use std::sync::Arc;

    fn agent(presence: Presence, activity: Activity, since: UnixMs) -> Agent {
        Agent {
            presence,
            activity,
            since: Some(since),
            freshness: Freshness::Fresh,
            ..Agent::unknown(Arc::from("b"), "1")
        }
    }

    #[test]
    fn durations_are_compact() {
        assert_eq!(duration(9), "9s");
        assert_eq!(duration(245), "4m05s");
        assert_eq!(duration(7620), "2h07m");
        assert_eq!(duration(3 * 86_400 + 4 * 3600), "3d04h");
    }

    #[test]
    fn over_break_uses_reason_then_config() {
        let mut a = agent(Presence::Break, Activity::None, 0);
        a.reason = Some(Reason {
            code: "lunch".into(),
            label: "Lunch".into(),
            category: ReasonCategory::Meal,
            planned_secs: None,
        });
        let mut t = Thresholds::default();
        assert_eq!(alert(&a, 4_000_000, Some(&t)), None);
        t.planned.insert("lunch".into(), 1800);
        assert_eq!(
            alert(&a, 2_000_000, Some(&t)),
            Some(Alert::OverBreak {
                planned: 1800,
                over: 200
            })
        );
        assert_eq!(alert(&a, 1_000_000, Some(&t)), None);
    }

    #[test]
    fn stuck_uses_config_then_defaults() {
        let a = agent(Presence::Ready, Activity::Ringing, 0);
        assert_eq!(alert(&a, 61_000, None), Some(Alert::Stuck { limit: 60 }));
        let mut t = Thresholds::default();
        t.stuck_after.insert("ringing".into(), 120);
        assert_eq!(alert(&a, 61_000, Some(&t)), None);
        let ready = agent(Presence::Ready, Activity::None, 0);
        assert_eq!(alert(&ready, 99_999_000, None), None);
    }

    #[test]
    fn state_words_parse() {
        for s in StateKey::ALL {
            assert_eq!(StateKey::parse(s.key()), Some(s));
        }
        assert_eq!(StateKey::parse("ACW"), Some(StateKey::WrapUp));
        assert_eq!(StateKey::parse("nonsense"), None);
    }
}
