//! The screen's words for types whose own modules do not speak a language: the view tabs, an
//! agent's presence and activity, the attention reasons, a backend's vendor, and each vendor's own
//! word for the state an agent is shown in (the detail pane's raw codes, `docs/glossary.md`).

use super::attention::Alert;
use super::View;
use crate::config::BackendKind;
use crate::i18n::{t, Lang};
use crate::model::{Activity, Agent, Freshness, Presence, StateKey};

/// The tab and panel title of a view.
pub fn view_label(v: View, lang: Lang) -> String {
    t(
        lang,
        match v {
            View::Roster => "view-roster",
            View::Groups => "view-groups",
            View::Log => "view-log",
            View::Trends => "view-trends",
            View::Wall => "view-wall",
        },
    )
}

/// An agent's presence (signed in and available or not), as the detail pane names it.
pub fn presence_label(p: Presence, lang: Lang) -> String {
    t(
        lang,
        match p {
            Presence::Offline => "presence-offline",
            Presence::SigningIn => "presence-signing-in",
            Presence::Ready => "presence-ready",
            Presence::NotReady => "presence-not-ready",
            Presence::Break => "presence-break",
        },
    )
}

/// What an agent is doing with a call, as the detail pane names it.
pub fn activity_label(a: Activity, lang: Lang) -> String {
    t(
        lang,
        match a {
            Activity::None => "activity-none",
            Activity::Ringing => "activity-ringing",
            Activity::Dialing => "activity-dialing",
            Activity::Talking => "activity-talking",
            Activity::WrapUp => "activity-wrap-up",
            Activity::Supervising => "activity-supervising",
        },
    )
}

/// Why an agent needs attention, in a sentence (the one wording, [`Alert::describe_in`]).
pub fn alert_label(alert: Alert, lang: Lang) -> String {
    alert.describe_in(lang)
}

/// A backend's vendor, as the detail pane names it.
pub fn vendor_label(kind: BackendKind, lang: Lang) -> String {
    t(
        lang,
        match kind {
            BackendKind::Aliyun => "vendor-name-aliyun",
            BackendKind::Huawei => "vendor-name-huawei",
        },
    )
}

/// A number after `prefix ` at the start of a raw code (`cti 3 (occupied)` → 3).
fn raw_number(raw: Option<&str>, prefix: &str) -> Option<i64> {
    raw?.strip_prefix(prefix)?
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The vendor's own word for the state `agent` is shown in: Alibaba's console words (空闲, 振铃,
/// 通话中, 话后处理, 小休, 离线) or Huawei's (空闲态, 示忙, 休息, 整理态, 签出, and the CTI
/// stages of a ringing call), from `docs/glossary.md`. `None` while nothing is known of the agent.
pub fn vendor_state_label(kind: BackendKind, agent: &Agent, lang: Lang) -> Option<String> {
    if agent.freshness == Freshness::Unknown && agent.raw.state.is_empty() {
        return None;
    }
    let state = StateKey::of(agent);
    let id = match kind {
        BackendKind::Aliyun => match state {
            StateKey::Ready => "vendor-aliyun-ready",
            StateKey::Ringing => "vendor-aliyun-ringing",
            StateKey::Dialing => "vendor-aliyun-dialing",
            StateKey::Talking => "vendor-aliyun-talking",
            StateKey::Supervising => "vendor-aliyun-supervising",
            StateKey::WrapUp => "vendor-aliyun-wrap-up",
            // Alibaba has no busy state: the system breaks (RingingTimeout, RejectCall) are breaks.
            StateKey::NotReady | StateKey::Break => "vendor-aliyun-break",
            StateKey::SigningIn => "vendor-aliyun-warm-up",
            StateKey::Offline => "vendor-aliyun-offline",
        },
        BackendKind::Huawei => match state {
            StateKey::Ready => "vendor-huawei-idle",
            // The CTI status tells the stage of a ringing call (2 pre-occupied, 3 occupied, 4
            // answering).
            StateKey::Ringing => match raw_number(agent.raw.sub_state.as_deref(), "cti") {
                Some(2) => "vendor-huawei-pre-occupied",
                Some(3) => "vendor-huawei-occupied",
                Some(4) => "vendor-huawei-answering",
                _ => "vendor-huawei-ringing",
            },
            StateKey::Dialing => "vendor-huawei-outbound",
            StateKey::Talking => "vendor-huawei-talking",
            StateKey::Supervising => "vendor-huawei-monitoring",
            StateKey::WrapUp => "vendor-huawei-wrap-up",
            StateKey::NotReady => "vendor-huawei-busy",
            StateKey::Break => "vendor-huawei-rest",
            StateKey::SigningIn => "vendor-huawei-signed-in",
            StateKey::Offline => "vendor-huawei-signed-out",
        },
    };
    Some(t(lang, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawCodes;
    use std::sync::Arc;

    fn agent(presence: Presence, activity: Activity, cti: Option<&str>) -> Agent {
        Agent {
            presence,
            activity,
            freshness: Freshness::Fresh,
            raw: RawCodes {
                state: "x".into(),
                sub_state: cti.map(str::to_string),
                extra: Vec::new(),
            },
            ..Agent::unknown(Arc::from("b"), "a".to_string())
        }
    }

    #[test]
    fn each_vendor_has_its_own_word_for_a_state() {
        let zh = Lang::ZhCn;
        let busy = agent(Presence::NotReady, Activity::None, None);
        assert_eq!(
            vendor_state_label(BackendKind::Huawei, &busy, zh).as_deref(),
            Some("示忙")
        );
        assert_eq!(
            vendor_state_label(BackendKind::Aliyun, &busy, zh).as_deref(),
            Some("小休")
        );
        let rest = agent(Presence::Break, Activity::None, None);
        assert_eq!(
            vendor_state_label(BackendKind::Huawei, &rest, zh).as_deref(),
            Some("休息")
        );
        let idle = agent(Presence::Ready, Activity::None, None);
        assert_eq!(
            vendor_state_label(BackendKind::Huawei, &idle, zh).as_deref(),
            Some("空闲态")
        );
        assert_eq!(
            vendor_state_label(BackendKind::Aliyun, &idle, Lang::En).as_deref(),
            Some("Ready")
        );
        let wrap = agent(Presence::Ready, Activity::WrapUp, None);
        assert_eq!(
            vendor_state_label(BackendKind::Huawei, &wrap, zh).as_deref(),
            Some("整理态")
        );
        assert_eq!(
            vendor_state_label(BackendKind::Aliyun, &wrap, zh).as_deref(),
            Some("话后处理")
        );
        let ringing = agent(Presence::Ready, Activity::Ringing, Some("cti 3 (occupied)"));
        assert_eq!(
            vendor_state_label(BackendKind::Huawei, &ringing, zh).as_deref(),
            Some("占用")
        );
        let off = agent(Presence::Offline, Activity::None, None);
        assert_eq!(
            vendor_state_label(BackendKind::Huawei, &off, zh).as_deref(),
            Some("签出")
        );
        let nothing = Agent::unknown(Arc::from("b"), "a".to_string());
        assert_eq!(vendor_state_label(BackendKind::Aliyun, &nothing, zh), None);
    }

    #[test]
    fn raw_numbers_are_read_from_the_start_of_a_code() {
        assert_eq!(raw_number(Some("cti 4 (answering)"), "cti"), Some(4));
        assert_eq!(raw_number(Some("status 7"), "cti"), None);
        assert_eq!(raw_number(None, "cti"), None);
    }
}
