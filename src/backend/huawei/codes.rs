//! Huawei code vocabularies → the unified model: gateway status (§8.1), CTI status (§8.2), busy
//! reasons (§8.4) and rest causes, each value by value.

use crate::model::{Activity, Presence, Reason, ReasonCategory};
use std::collections::BTreeMap;

/// What one status code says about presence and activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeState {
    pub presence: Presence,
    pub activity: Activity,
    /// A state change waits for the call to end (gateway status 9 pre-rest).
    pub pending_next: bool,
    /// The code means "unknown" or is not documented.
    pub unknown: bool,
    pub label: &'static str,
}

const fn cs(presence: Presence, activity: Activity, label: &'static str) -> CodeState {
    CodeState {
        presence,
        activity,
        pending_next: false,
        unknown: false,
        label,
    }
}

/// CC-Gateway agent `status` / `agentState` (reference §8.1).
pub fn gateway_status(code: i64) -> CodeState {
    use Activity as A;
    use Presence as P;
    match code {
        1 => cs(P::SigningIn, A::None, "signed in"),
        2 => cs(P::Offline, A::None, "signed out"),
        3 => cs(P::NotReady, A::None, "busy"),
        4 => cs(P::Ready, A::None, "idle"),
        5 => cs(P::Ready, A::WrapUp, "wrap-up"),
        6 => cs(P::Ready, A::None, "idle"),
        7 => cs(P::Ready, A::Talking, "talking"),
        8 => cs(P::Break, A::None, "rest"),
        9 => CodeState {
            pending_next: true,
            ..cs(P::Ready, A::Talking, "pre-rest")
        },
        0 => CodeState {
            unknown: true,
            ..cs(P::Offline, A::None, "unknown")
        },
        _ => CodeState {
            unknown: true,
            ..cs(P::Offline, A::None, "undocumented status")
        },
    }
}

/// CTI platform `ctiStatus` (reference §8.2).
pub fn cti_status(code: i64) -> CodeState {
    use Activity as A;
    use Presence as P;
    match code {
        0 => cs(P::Offline, A::None, "not signed in"),
        1 => cs(P::Ready, A::None, "idle"),
        2 => cs(P::Ready, A::Ringing, "pre-occupied"),
        3 => cs(P::Ready, A::Ringing, "occupied"),
        4 => cs(P::Ready, A::Ringing, "answering"),
        5 => cs(P::Ready, A::Talking, "talking"),
        6 => cs(P::Ready, A::WrapUp, "wrap-up"),
        7 => cs(P::NotReady, A::None, "busy"),
        8 => cs(P::Break, A::None, "rest"),
        9 => cs(P::Break, A::None, "study"),
        10 => cs(P::NotReady, A::None, "adjusting"),
        _ => CodeState {
            unknown: true,
            ..cs(P::Offline, A::None, "undocumented CTI status")
        },
    }
}

/// The reason of `AgentState_SetNotReady_Success{reason}` (reference §8.4, D-ev:1346).
pub fn busy_reason(reason: Option<u32>) -> Reason {
    let (code, label, category) = match reason {
        None | Some(0) => (
            "busy".to_string(),
            "busy".to_string(),
            ReasonCategory::BusyOther,
        ),
        Some(n) => {
            let (label, category) = match n {
                1 => ("busy (self)".to_string(), ReasonCategory::BusyOther),
                2 => ("no answer".to_string(), ReasonCategory::SystemNoAnswer),
                3 => (
                    "forced by inspector".to_string(),
                    ReasonCategory::SupervisorForced,
                ),
                4 => ("rest".to_string(), ReasonCategory::ShortBreak),
                5 => ("phone unavailable".to_string(), ReasonCategory::Device),
                7 => ("rejected a call".to_string(), ReasonCategory::SystemReject),
                200..=250 => (format!("busy ({n})"), ReasonCategory::BusyOther),
                _ => (format!("busy reason {n}"), ReasonCategory::Unknown),
            };
            (format!("busy:{n}"), label, category)
        }
    };
    Reason {
        code,
        label,
        category,
        planned_secs: None,
    }
}

/// A busy agent whose busy reason the gateway did not report (the inspector's `QC_AgentState_Busy`
/// or a roster query without one): the reason is unknown, which is not the same as "no reason"
/// (reason 0).
pub fn busy_reason_unreported() -> Reason {
    Reason {
        code: "busy".to_string(),
        label: "busy (reason not reported)".to_string(),
        category: ReasonCategory::Unknown,
        planned_secs: None,
    }
}

/// Busy reason 4 means "rest": shown as a break rather than as busy.
pub fn busy_reason_is_rest(reason: Option<u32>) -> bool {
    reason == Some(4)
}

/// One rest cause of the VDN (`agentgroup/{id}/restreason`), with its planned length if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestCause {
    pub id: u32,
    pub label: String,
    pub planned_secs: Option<u64>,
}

/// The VDN's rest causes by id, with planned lengths from the rest-cause list or the config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestCauses {
    by_id: BTreeMap<u32, RestCause>,
    /// Planned seconds from the config (`thresholds.planned`), keyed by cause id or label.
    planned: BTreeMap<String, u64>,
}

impl RestCauses {
    pub fn new(causes: impl IntoIterator<Item = RestCause>) -> RestCauses {
        RestCauses {
            by_id: causes.into_iter().map(|c| (c.id, c)).collect(),
            planned: BTreeMap::new(),
        }
    }

    /// Adds planned lengths from the config, keyed by cause id (`"2"`, `"rest:2"`) or label.
    pub fn with_planned(mut self, planned: &BTreeMap<String, u64>) -> RestCauses {
        self.planned = planned.clone();
        self
    }

    pub fn get(&self, id: u32) -> Option<&RestCause> {
        self.by_id.get(&id)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The listed causes, by id.
    pub fn iter(&self) -> impl Iterator<Item = &RestCause> {
        self.by_id.values()
    }

    /// Whether the config defines cause `id` (a planned length keyed `"2"` or `"rest:2"`).
    pub fn configured(&self, id: u32) -> bool {
        self.planned.contains_key(&id.to_string())
            || self.planned.contains_key(&format!("rest:{id}"))
    }

    fn planned_for(&self, id: u32, label: &str) -> Option<u64> {
        self.planned
            .get(&id.to_string())
            .or_else(|| self.planned.get(&format!("rest:{id}")))
            .or_else(|| self.planned.get(label))
            .copied()
            .or_else(|| self.by_id.get(&id).and_then(|c| c.planned_secs))
    }

    /// The reason of `AgentState_SetRest_Success{reason}`: label and planned length from the list
    /// or the config; `requested_secs` (the rest request's own time) wins when known.
    pub fn reason(&self, cause: Option<u32>, requested_secs: Option<u64>) -> Reason {
        let id = cause.unwrap_or(0);
        let listed = self.by_id.get(&id);
        let (label, category) = match (id, listed) {
            (_, Some(c)) => (c.label.clone(), category_of_label(&c.label)),
            (0, None) => ("rest".to_string(), ReasonCategory::ShortBreak),
            (n, None) => (format!("rest cause {n}"), ReasonCategory::Unknown),
        };
        Reason {
            code: format!("rest:{id}"),
            planned_secs: requested_secs.or_else(|| self.planned_for(id, &label)),
            label,
            category,
        }
    }
}

/// The category a rest cause's label suggests (English or Chinese words); short break otherwise.
pub fn category_of_label(label: &str) -> ReasonCategory {
    let l = label.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if has(&["meal", "lunch", "dinner", "breakfast", "eat", "餐", "饭"]) {
        ReasonCategory::Meal
    } else if has(&["meeting", "会议", "开会", "briefing"]) {
        ReasonCategory::Meeting
    } else if has(&[
        "training", "coach", "study", "learn", "培训", "辅导", "学习",
    ]) {
        ReasonCategory::Training
    } else if has(&["forced", "强制"]) {
        ReasonCategory::SupervisorForced
    } else {
        ReasonCategory::ShortBreak
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Activity as A;
    use Presence as P;

    fn pa(c: CodeState) -> (Presence, Activity, bool, bool) {
        (c.presence, c.activity, c.pending_next, c.unknown)
    }

    #[test]
    fn gateway_status_value_by_value() {
        assert_eq!(pa(gateway_status(0)), (P::Offline, A::None, false, true));
        assert_eq!(pa(gateway_status(1)), (P::SigningIn, A::None, false, false));
        assert_eq!(pa(gateway_status(2)), (P::Offline, A::None, false, false));
        assert_eq!(pa(gateway_status(3)), (P::NotReady, A::None, false, false));
        assert_eq!(pa(gateway_status(4)), (P::Ready, A::None, false, false));
        assert_eq!(pa(gateway_status(5)), (P::Ready, A::WrapUp, false, false));
        assert_eq!(pa(gateway_status(6)), (P::Ready, A::None, false, false));
        assert_eq!(pa(gateway_status(7)), (P::Ready, A::Talking, false, false));
        assert_eq!(pa(gateway_status(8)), (P::Break, A::None, false, false));
        assert_eq!(pa(gateway_status(9)), (P::Ready, A::Talking, true, false));
        assert_eq!(pa(gateway_status(10)), (P::Offline, A::None, false, true));
        assert_eq!(pa(gateway_status(-1)), (P::Offline, A::None, false, true));
    }

    #[test]
    fn cti_status_value_by_value() {
        assert_eq!(pa(cti_status(0)), (P::Offline, A::None, false, false));
        assert_eq!(pa(cti_status(1)), (P::Ready, A::None, false, false));
        assert_eq!(pa(cti_status(2)), (P::Ready, A::Ringing, false, false));
        assert_eq!(pa(cti_status(3)), (P::Ready, A::Ringing, false, false));
        assert_eq!(pa(cti_status(4)), (P::Ready, A::Ringing, false, false));
        assert_eq!(pa(cti_status(5)), (P::Ready, A::Talking, false, false));
        assert_eq!(pa(cti_status(6)), (P::Ready, A::WrapUp, false, false));
        assert_eq!(pa(cti_status(7)), (P::NotReady, A::None, false, false));
        assert_eq!(pa(cti_status(8)), (P::Break, A::None, false, false));
        assert_eq!(pa(cti_status(9)), (P::Break, A::None, false, false));
        assert_eq!(cti_status(9).label, "study");
        assert_eq!(pa(cti_status(10)), (P::NotReady, A::None, false, false));
        assert_eq!(pa(cti_status(11)), (P::Offline, A::None, false, true));
    }

    #[test]
    fn busy_reasons_value_by_value() {
        use ReasonCategory as C;
        let cat = |r: Option<u32>| (busy_reason(r).code, busy_reason(r).category);
        assert_eq!(cat(None), ("busy".into(), C::BusyOther));
        assert_eq!(cat(Some(0)), ("busy".into(), C::BusyOther));
        assert_eq!(cat(Some(1)), ("busy:1".into(), C::BusyOther));
        assert_eq!(cat(Some(2)), ("busy:2".into(), C::SystemNoAnswer));
        assert_eq!(cat(Some(3)), ("busy:3".into(), C::SupervisorForced));
        assert_eq!(cat(Some(4)), ("busy:4".into(), C::ShortBreak));
        assert_eq!(cat(Some(5)), ("busy:5".into(), C::Device));
        assert_eq!(cat(Some(6)), ("busy:6".into(), C::Unknown));
        assert_eq!(cat(Some(7)), ("busy:7".into(), C::SystemReject));
        assert_eq!(cat(Some(199)), ("busy:199".into(), C::Unknown));
        assert_eq!(cat(Some(200)), ("busy:200".into(), C::BusyOther));
        assert_eq!(cat(Some(225)), ("busy:225".into(), C::BusyOther));
        assert_eq!(cat(Some(250)), ("busy:250".into(), C::BusyOther));
        assert_eq!(cat(Some(251)), ("busy:251".into(), C::Unknown));
        assert!(busy_reason_is_rest(Some(4)) && !busy_reason_is_rest(Some(3)));
    }

    #[test]
    fn rest_causes_give_labels_categories_and_planned() {
        let causes = RestCauses::new([
            RestCause {
                id: 1,
                label: "Lunch".into(),
                planned_secs: None,
            },
            RestCause {
                id: 2,
                label: "会议".into(),
                planned_secs: Some(1800),
            },
            RestCause {
                id: 3,
                label: "培训".into(),
                planned_secs: None,
            },
            RestCause {
                id: 4,
                label: "小休".into(),
                planned_secs: None,
            },
        ])
        .with_planned(&BTreeMap::from([("1".to_string(), 3600)]));
        let r = causes.reason(Some(1), None);
        assert_eq!((r.code.as_str(), r.label.as_str()), ("rest:1", "Lunch"));
        assert_eq!(
            (r.category, r.planned_secs),
            (ReasonCategory::Meal, Some(3600))
        );
        let r = causes.reason(Some(2), None);
        assert_eq!(
            (r.category, r.planned_secs),
            (ReasonCategory::Meeting, Some(1800))
        );
        assert_eq!(
            causes.reason(Some(3), None).category,
            ReasonCategory::Training
        );
        let r = causes.reason(Some(4), Some(300));
        assert_eq!(
            (r.category, r.planned_secs),
            (ReasonCategory::ShortBreak, Some(300))
        );
        let r = causes.reason(Some(0), None);
        assert_eq!(
            (r.label.as_str(), r.category),
            ("rest", ReasonCategory::ShortBreak)
        );
        let r = causes.reason(Some(77), None);
        assert_eq!(
            (r.label.as_str(), r.category),
            ("rest cause 77", ReasonCategory::Unknown)
        );
    }
}
