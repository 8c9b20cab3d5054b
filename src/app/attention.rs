//! Whether an agent needs attention (stuck in a state, over its planned break), from its display
//! state, its reason and the backend's thresholds.

use crate::config::Thresholds;
use crate::duration::compact_in;
use crate::i18n::{tf, Lang};
use crate::model::{Agent, Freshness, StateKey, UnixMs};

/// Why an agent stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// On break (or not ready) longer than the reason's planned duration.
    OverBreak { planned: u64, over: u64 },
    /// In one state longer than its stuck threshold.
    Stuck { limit: u64 },
}

impl Alert {
    /// Why the agent stands out, in English.
    pub fn describe(self) -> String {
        self.describe_in(Lang::En)
    }

    /// Why the agent stands out, in `lang`.
    pub fn describe_in(self, lang: Lang) -> String {
        match self {
            Alert::OverBreak { planned, over } => tf(
                lang,
                "alert-over-break",
                &[
                    ("planned", compact_in(planned, lang).into()),
                    ("over", compact_in(over, lang).into()),
                ],
            ),
            Alert::Stuck { limit } => tf(
                lang,
                "alert-stuck",
                &[("limit", compact_in(limit, lang).into())],
            ),
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

/// Whether `agent` needs attention at `now`. Only fresh data can say so: a stale agent's time
/// in its last known state is not a time anyone is stuck in (the row is marked stale instead).
pub fn alert(agent: &Agent, now: UnixMs, thresholds: Option<&Thresholds>) -> Option<Alert> {
    if is_stale(agent) {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Presence, Reason, ReasonCategory};
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
    fn alerts_in_both_languages() {
        let a = Alert::OverBreak {
            planned: 600,
            over: 90,
        };
        assert_eq!(
            a.describe(),
            "over planned break (10m00s planned, 1m30s over)"
        );
        assert_eq!(
            a.describe_in(Lang::ZhCn),
            "超出计划小休（计划 10分00秒，已超出 1分30秒）"
        );
        assert!(Alert::Stuck { limit: 60 }
            .describe_in(Lang::ZhCn)
            .starts_with("卡住"));
    }

    #[test]
    fn stale_data_raises_no_alert() {
        let a = Agent {
            freshness: Freshness::Stale,
            ..agent(Presence::Ready, Activity::Ringing, 0)
        };
        assert_eq!(alert(&a, 61_000, None), None);
    }
}
