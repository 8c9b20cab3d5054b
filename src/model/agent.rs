//! The unified agent model: presence × activity plus flags, a reason, timing, freshness and the
//! vendor's raw codes, so nothing either vendor reports is lost.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Unix time in milliseconds (server time where the vendor gives it).
pub type UnixMs = i64;

/// Whether an agent is signed in and available for work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    Offline,
    /// Signed in but not yet ready (Alibaba `Warm-up`, Huawei `AgentOther_InService` before a state).
    SigningIn,
    Ready,
    /// Not ready for a reason other than a break (Huawei 示忙 busy, system no-answer/reject).
    NotReady,
    Break,
}

/// What an agent is doing with a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    None,
    Ringing,
    Dialing,
    Talking,
    WrapUp,
    /// Monitoring, coaching or barging in on someone else's call.
    Supervising,
}

/// Extra facts that do not change presence or activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    pub hold: bool,
    pub mute: bool,
    pub monitored: bool,
    pub coached: bool,
    pub outbound_only: bool,
    /// A state change is requested and waits for the call to end (Huawei pre-busy / pre-rest).
    pub pending_next: bool,
    /// The call is visiting an IVR flow (Alibaba LaunchAuthentication, Huawei suspend transfer).
    pub in_ivr: bool,
}

/// What kind of reason an agent is not ready or on break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCategory {
    ShortBreak,
    Meal,
    Meeting,
    Training,
    BusyOther,
    SystemNoAnswer,
    SystemReject,
    WarmUp,
    SupervisorForced,
    Device,
    Unknown,
}

impl ReasonCategory {
    /// The catalogue id of the category's name (`docs/glossary.md`).
    pub fn message_id(self) -> &'static str {
        match self {
            ReasonCategory::ShortBreak => "category-short-break",
            ReasonCategory::Meal => "category-meal",
            ReasonCategory::Meeting => "category-meeting",
            ReasonCategory::Training => "category-training",
            ReasonCategory::BusyOther => "category-busy-other",
            ReasonCategory::SystemNoAnswer => "category-system-no-answer",
            ReasonCategory::SystemReject => "category-system-reject",
            ReasonCategory::WarmUp => "category-warm-up",
            ReasonCategory::SupervisorForced => "category-supervisor-forced",
            ReasonCategory::Device => "category-device",
            ReasonCategory::Unknown => "category-unknown",
        }
    }

    /// The category's name in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> String {
        crate::i18n::t(lang, self.message_id())
    }
}

/// Why an agent is not ready, on break, or signed out: the vendor's code, its label and category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The vendor's code: Alibaba break code, Huawei `rest:<cause>` or `busy:<reason>`.
    pub code: String,
    pub label: String,
    pub category: ReasonCategory,
    /// Planned length in seconds, from the vendor (Huawei rest time) or the config.
    pub planned_secs: Option<u64>,
}

/// How much the shown data can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Freshness {
    Fresh,
    /// The backend failed or stopped answering; the data is the last known.
    Stale,
    Unknown,
}

impl Freshness {
    /// The catalogue id of the mark shown for data that is not fresh (`None` when fresh).
    pub fn message_id(self) -> Option<&'static str> {
        match self {
            Freshness::Fresh => None,
            Freshness::Stale => Some("state-stale"),
            Freshness::Unknown => Some("state-unknown"),
        }
    }
}

/// An agent's membership of a skill group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillRef {
    pub id: String,
    pub name: String,
    /// 1 strongest .. 10 (Alibaba); Huawei reports none.
    pub level: Option<u8>,
    /// Signed into this group now.
    pub signed: bool,
}

/// The vendor's own codes, shown as they came in the detail pane.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawCodes {
    /// Alibaba `State`/`UserState`, Huawei gateway `status` (and last event).
    pub state: String,
    /// Alibaba `StateCode`, Huawei CTI status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_state: Option<String>,
    /// Any other raw field worth keeping (`BreakCode`, `reason`, last event type, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(String, String)>,
}

/// One agent as callboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    /// The configured backend name.
    pub backend: Arc<str>,
    /// The vendor's agent id: Alibaba `login@instance`, Huawei work number.
    pub id: String,
    pub name: String,
    pub presence: Presence,
    pub activity: Activity,
    pub flags: Flags,
    pub reason: Option<Reason>,
    /// When the current state started.
    pub since: Option<UnixMs>,
    /// When callboard last had fresh data for this agent.
    pub last_seen: Option<UnixMs>,
    pub freshness: Freshness,
    pub skills: Vec<SkillRef>,
    pub extension: String,
    pub work_mode: Option<String>,
    pub call_id: Option<String>,
    pub raw: RawCodes,
}

impl Agent {
    /// A placeholder for a rostered agent nothing is known about yet.
    pub fn unknown(backend: Arc<str>, id: impl Into<String>) -> Agent {
        Agent {
            backend,
            id: id.into(),
            name: String::new(),
            presence: Presence::Offline,
            activity: Activity::None,
            flags: Flags::default(),
            reason: None,
            since: None,
            last_seen: None,
            freshness: Freshness::Unknown,
            skills: Vec::new(),
            extension: String::new(),
            work_mode: None,
            call_id: None,
            raw: RawCodes::default(),
        }
    }

    /// Masks the customers' phone numbers among the vendor's raw fields (`132****1056`).
    pub fn mask_numbers(&mut self) {
        for (k, v) in &mut self.raw.extra {
            if crate::text::is_number_field(k) {
                *v = crate::text::mask_number(v);
            }
        }
    }

    /// Seconds in the current state at `now`, if the start is known.
    pub fn secs_in_state(&self, now: UnixMs) -> Option<u64> {
        self.since.map(|s| ((now - s).max(0) / 1000) as u64)
    }
}
