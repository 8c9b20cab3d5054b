//! A Huawei agent's derived state, folded from its events (reference §5), from the inspector's
//! `QC_AgentState_Notify` subtypes and from status snapshots, and turned into the unified [`Agent`].

use super::codes::{self, RestCauses};
use super::events::{EventKind, HuaweiEvent, QcNotify, QcSubtype};
use super::wire::{AgentSnapshot, RestInfo};
use crate::backend::memory::Print;
use crate::model::{
    Activity, Agent, Flags, Freshness, Presence, Reason, ReasonCategory, SkillRef, UnixMs,
};

/// A state change asked for and not yet confirmed by its event (busy or rest while on a call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Busy { reason: Option<u32> },
    Rest { secs: u64, cause: u32 },
}

/// What callboard knows about one Huawei agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HuaweiAgentState {
    pub workno: String,
    pub name: Option<String>,
    pub presence: Presence,
    pub activity: Activity,
    pub flags: Flags,
    pub reason: Option<Reason>,
    /// When the current presence/activity started (event time where given).
    pub since: Option<UnixMs>,
    pub call_id: Option<String>,
    /// `AgentState_Rest_Timeout` arrived: the rest is over its planned time (it does not end rest).
    pub rest_overdue: bool,
    /// Busy/rest requested and waiting for the call or wrap-up to end.
    pub pending: Option<Pending>,
    /// Last gateway status (§8.1) and CTI status (§8.2) from a snapshot.
    pub status: Option<i64>,
    pub cti_status: Option<i64>,
    pub last_event: Option<String>,
    pub skills: Vec<SkillRef>,
    /// Nothing trustworthy is known (no data yet, or status 0 / undocumented codes).
    pub unknown: bool,
    /// The call sent to an IVR flow by a suspend transfer.
    pub ivr_call: Option<String>,
    /// The cause and seconds of the last rest this client asked for (planned length of the rest).
    requested_rest: Option<(u32, u64)>,
}

impl HuaweiAgentState {
    pub fn new(workno: impl Into<String>) -> HuaweiAgentState {
        HuaweiAgentState {
            workno: workno.into(),
            name: None,
            presence: Presence::Offline,
            activity: Activity::None,
            flags: Flags::default(),
            reason: None,
            since: None,
            call_id: None,
            rest_overdue: false,
            pending: None,
            status: None,
            cti_status: None,
            last_event: None,
            skills: Vec::new(),
            unknown: true,
            ivr_call: None,
            requested_rest: None,
        }
    }

    fn set(&mut self, presence: Presence, activity: Activity, at: UnixMs) {
        if presence != self.presence || activity != self.activity || self.since.is_none() {
            self.since = Some(at);
        }
        self.presence = presence;
        self.activity = activity;
        self.unknown = false;
    }

    fn clear_pending(&mut self) {
        self.pending = None;
        self.flags.pending_next = false;
    }

    /// Presence changes; a wrap-up ends with it.
    fn set_presence(&mut self, presence: Presence, at: UnixMs) {
        let activity = if self.activity == Activity::WrapUp {
            Activity::None
        } else {
            self.activity
        };
        self.set(presence, activity, at);
        self.clear_pending();
        self.rest_overdue = false;
    }

    /// Activity changes; call activity proves a signing-in agent is in service (a forced sign-in
    /// over an agent in a call reports `InService` and then the call, without `AgentState_Ready`).
    fn set_activity(&mut self, activity: Activity, at: UnixMs) {
        let presence = if self.presence == Presence::SigningIn && activity != Activity::None {
            Presence::Ready
        } else {
            self.presence
        };
        self.set(presence, activity, at);
    }

    fn reset(&mut self, presence: Presence, at: UnixMs) {
        self.set(presence, Activity::None, at);
        self.flags = Flags::default();
        self.reason = None;
        self.call_id = None;
        self.ivr_call = None;
        self.rest_overdue = false;
        self.pending = None;
        self.requested_rest = None;
    }

    /// Busy with a reason the gateway reported: reason 4 ("rest") is a break, others not ready;
    /// the reason is kept exactly (`busy:<code>` with its known label).
    fn set_busy(&mut self, reason: Option<u32>, at: UnixMs) {
        if codes::busy_reason_is_rest(reason) {
            self.set_presence(Presence::Break, at);
        } else {
            self.set_presence(Presence::NotReady, at);
        }
        self.reason = Some(codes::busy_reason(reason));
    }

    fn end_call(&mut self, at: UnixMs) {
        if matches!(
            self.activity,
            Activity::Ringing | Activity::Dialing | Activity::Talking
        ) {
            self.set_activity(Activity::None, at);
        }
        self.call_id = None;
        self.flags.hold = false;
        self.flags.mute = false;
    }

    /// Folds one event of the agent's own poll (reference §5). `now` is used when the event has no
    /// `eventGenTime`.
    pub fn apply_event(&mut self, ev: &HuaweiEvent, now: UnixMs, causes: &RestCauses) {
        let at = ev.gen_time.unwrap_or(now);
        self.last_event = Some(ev.event_type.clone());
        use EventKind as K;
        match ev.kind {
            K::Ready | K::ForceReady | K::CancelNotReadySuccess | K::CancelRestSuccess => {
                self.set_presence(Presence::Ready, at);
                self.reason = None;
            }
            K::CancelWorkSuccess => {
                self.set_presence(Presence::Ready, at);
                self.reason = None;
                self.set_activity(Activity::None, at);
            }
            K::SetNotReadySuccess | K::ForceSetNotReady => {
                let mut reason = ev.reason();
                if ev.kind == K::ForceSetNotReady && reason.is_none_or_zero() {
                    reason = Some(3);
                }
                self.set_busy(reason, at);
                if ev.kind == K::ForceSetNotReady {
                    if let Some(r) = &mut self.reason {
                        r.category = ReasonCategory::SupervisorForced;
                    }
                }
            }
            K::SetRestSuccess => {
                let cause = ev.reason();
                let requested = self
                    .requested_rest
                    .filter(|(c, _)| Some(*c) == cause || cause.is_none())
                    .map(|(_, secs)| secs);
                self.set_presence(Presence::Break, at);
                self.reason = Some(causes.reason(cause, requested));
            }
            K::RestTimeout => self.rest_overdue = true,
            K::Work | K::SetWorkSuccess => {
                self.call_id = None;
                self.flags.hold = false;
                self.flags.mute = false;
                self.set_activity(Activity::WrapUp, at);
            }
            K::Busy => self.set_activity(Activity::Talking, at),
            K::Ringing | K::PhoneAlerting | K::AutoAnswer | K::Occupied => {
                let id = ev.call_id();
                let same_call = id.is_some() && id == self.call_id;
                if !(self.activity == Activity::Talking && same_call) {
                    self.set_activity(Activity::Ringing, at);
                }
                if id.is_some() {
                    self.call_id = id;
                }
            }
            K::Talking => {
                let id = ev.call_id();
                if id.is_some() && id == self.ivr_call {
                    self.flags.in_ivr = false;
                    self.ivr_call = None;
                }
                self.flags.hold = false;
                self.set_activity(Activity::Talking, at);
                if id.is_some() {
                    self.call_id = id;
                }
            }
            K::CustomerAlerting => {
                if matches!(self.activity, Activity::None | Activity::WrapUp) {
                    self.set_activity(Activity::Dialing, at);
                }
                if let Some(id) = ev.call_id() {
                    self.call_id = Some(id);
                }
            }
            K::Hold => self.flags.hold = true,
            K::CallRelease | K::CustomerRelease | K::NoAnswer | K::ConnectFail => {
                let id = ev.call_id();
                let ivr_call = self.flags.in_ivr
                    && (id.is_none() || id == self.ivr_call || self.ivr_call.is_none());
                if ivr_call && ev.kind == K::CallRelease {
                    // The agent left the call to the IVR; it comes back with ReturnFromIvr.
                    self.end_call(at);
                } else {
                    let other_call = id.is_some() && self.call_id.is_some() && id != self.call_id;
                    if !other_call || ivr_call {
                        self.end_call(at);
                    }
                    if ivr_call {
                        self.flags.in_ivr = false;
                        self.ivr_call = None;
                    }
                }
            }
            K::ReturnFromIvr => {
                self.flags.in_ivr = false;
                self.ivr_call = None;
                self.set_activity(Activity::Talking, at);
                if let Some(id) = ev.call_id() {
                    self.call_id = Some(id);
                }
            }
            K::InService => self.reset(Presence::SigningIn, at),
            K::ShutdownService => self.reset(Presence::Offline, at),
            K::BeQcStart => match ev.content.field("qcType").as_deref() {
                Some("20172") | Some("20173") => self.flags.coached = true,
                _ => self.flags.monitored = true,
            },
            K::BeQcStop => {
                self.flags.monitored = false;
                self.flags.coached = false;
            }
            K::PhoneOffhook
            | K::PhoneRelease
            | K::PhoneUnknown
            | K::AllAgentBusy
            | K::LinkageCapability
            | K::SuccTransResult
            | K::QcNotify
            | K::Other => {}
        }
    }

    /// Folds a monitored agent's `QC_AgentState_Notify` (inspector feed; subtypes beyond
    /// Login/Logout are read from their names).
    pub fn apply_qc(&mut self, qc: &QcNotify, at: UnixMs) {
        self.last_event = Some(qc.subtype_raw.clone());
        if let Some(name) = &qc.name {
            if name != &self.workno || self.name.is_none() {
                self.name = Some(name.clone());
            }
        }
        use QcSubtype as Q;
        match qc.subtype {
            Q::Login => self.reset(Presence::SigningIn, at),
            Q::Logout => self.reset(Presence::Offline, at),
            Q::Idle => {
                self.set_presence(Presence::Ready, at);
                self.reason = None;
                if self.activity != Activity::None {
                    self.end_call(at);
                    self.set_activity(Activity::None, at);
                }
            }
            // With a reason in the notify it is kept exactly; without one the reason is unknown
            // (an earlier known one for the same busy spell stays).
            Q::Busy if qc.reason.is_some() => self.set_busy(qc.reason, at),
            Q::Busy => {
                if !matches!(self.presence, Presence::NotReady | Presence::Break) {
                    self.set_presence(Presence::NotReady, at);
                    self.reason = Some(codes::busy_reason_unreported());
                } else {
                    self.set_presence(self.presence, at);
                }
            }
            Q::Rest if self.presence != Presence::Break => {
                self.set_presence(Presence::Break, at);
                self.reason = Some(Reason {
                    code: "rest".into(),
                    label: "rest".into(),
                    category: ReasonCategory::Unknown,
                    planned_secs: None,
                });
            }
            Q::Work => {
                self.call_id = None;
                self.set_activity(Activity::WrapUp, at);
            }
            Q::WaitAnswer => self.set_activity(Activity::Ringing, at),
            Q::WaitAlerting => self.set_activity(Activity::Dialing, at),
            Q::Active | Q::ThreeParty => self.set_activity(Activity::Talking, at),
            Q::HungUp => self.end_call(at),
            Q::Mute => self.flags.mute = true,
            Q::Monitor | Q::SuperviseInsert => self.flags.monitored = true,
            Q::StopMonitor | Q::StopSuperviseInsert => self.flags.monitored = false,
            _ => {}
        }
    }

    /// Replaces the state with a status snapshot (`allagentstatus` / `agentbyworkno`): CTI status
    /// first (finer), gateway status otherwise; a reason already known for the same presence stays.
    /// Adds what `agentrestinfo` tells about a resting agent: the rest cause (label, planned length)
    /// and when the rest began.
    pub fn apply_rest_info(&mut self, info: &RestInfo, causes: &RestCauses) {
        if self.presence != Presence::Break {
            return;
        }
        self.reason = Some(causes.reason(Some(info.cause), info.planned_secs));
        if let Some(began) = info.began.filter(|b| *b > 0) {
            self.since = Some(began);
        }
    }

    /// Applies a roster query's status codes. The gateway's roster queries do not say when the
    /// state began, so the first observation leaves the start unknown (shown as such) rather than
    /// pretending the state began now; later changes and events give real starts.
    pub fn apply_snapshot(&mut self, snap: &AgentSnapshot, now: UnixMs) {
        let first = self.status.is_none() && self.cti_status.is_none();
        let before = (self.presence, self.activity, self.since);
        self.apply_snapshot_codes(snap, now);
        let unchanged = (self.presence, self.activity) == (before.0, before.1);
        if first || (unchanged && before.2.is_none()) {
            self.since = None;
        }
    }

    fn apply_snapshot_codes(&mut self, snap: &AgentSnapshot, now: UnixMs) {
        // Compared first: a reconciliation repeats what is known for most agents.
        if !snap.name.is_empty() && self.name.as_deref() != Some(snap.name.as_str()) {
            self.name = Some(snap.name.clone());
        }
        if !snap.skills.is_empty() && self.skills != snap.skills {
            self.skills = snap.skills.clone();
        }
        self.status = snap.status;
        self.cti_status = snap.cti_status;
        let g = snap.status.map(codes::gateway_status);
        let c = snap.cti_status.map(codes::cti_status);
        let chosen = match (c, g) {
            (Some(c), _) if !c.unknown => Some(c),
            (_, Some(g)) => Some(g),
            (c, None) => c,
        };
        let Some(st) = chosen else {
            self.unknown = true;
            return;
        };
        if st.unknown {
            self.unknown = true;
            return;
        }
        // A busy reason the roster query reports is kept exactly (reason 4 "rest" is a break).
        let reported = snap
            .busy_reason
            .filter(|_| st.presence == Presence::NotReady && st.label != "adjusting");
        let presence = if codes::busy_reason_is_rest(reported) {
            Presence::Break
        } else {
            st.presence
        };
        let same_presence = presence == self.presence;
        if presence == Presence::Offline {
            self.reset(Presence::Offline, now);
            return;
        }
        self.set(presence, st.activity, now);
        if reported.is_some() {
            self.reason = Some(codes::busy_reason(reported));
        } else if !same_presence || self.reason.is_none() {
            self.reason = match (presence, st.label) {
                (Presence::NotReady, "adjusting") => Some(Reason {
                    code: "cti:10".into(),
                    label: "adjusting".into(),
                    category: ReasonCategory::Unknown,
                    planned_secs: None,
                }),
                (Presence::NotReady, _) => Some(codes::busy_reason_unreported()),
                (Presence::Break, "study") => Some(Reason {
                    code: "cti:9".into(),
                    label: "study".into(),
                    category: ReasonCategory::Training,
                    planned_secs: None,
                }),
                (Presence::Break, _) => Some(Reason {
                    code: "rest".into(),
                    label: "rest".into(),
                    category: ReasonCategory::Unknown,
                    planned_secs: None,
                }),
                _ => None,
            };
        }
        if !matches!(st.activity, Activity::Ringing | Activity::Talking) {
            self.call_id = None;
        } else if let Some(id) = snap.call_ids.first() {
            self.call_id = Some(id.clone());
        }
        let pre_rest = g.is_some_and(|g| g.pending_next);
        self.flags.pending_next = pre_rest || self.pending.is_some();
        if !self.flags.pending_next {
            self.pending = None;
        }
    }

    /// A busy or rest request was accepted: on a call or in wrap-up it waits (shown as pending)
    /// until its `AgentState_*` event arrives.
    pub fn request(&mut self, pending: Pending) {
        if let Pending::Rest { secs, cause } = pending {
            self.requested_rest = Some((cause, secs));
        }
        if matches!(
            self.activity,
            Activity::Ringing | Activity::Dialing | Activity::Talking | Activity::WrapUp
        ) {
            self.pending = Some(pending);
            self.flags.pending_next = true;
        }
    }

    /// A suspend transfer to an IVR flow was accepted: the call is in the IVR until it returns.
    pub fn sent_to_ivr(&mut self) {
        self.flags.in_ivr = true;
        self.ivr_call = self.call_id.clone();
    }

    /// The session ended without an event (`100-006` on the poll, or sign-out answered).
    pub fn signed_out(&mut self, now: UnixMs) {
        self.reset(Presence::Offline, now);
    }

    /// The unified agent (backend name given) built from this state.
    pub fn to_agent(&self, backend: std::sync::Arc<str>, now: UnixMs) -> Agent {
        let mut agent = Agent::unknown(backend, self.workno.clone());
        self.apply_to(&mut agent, now);
        agent
    }

    /// Writes this state into a unified agent, keeping what it does not know (extension, work mode).
    pub fn apply_to(&self, agent: &mut Agent, now: UnixMs) {
        if let Some(name) = &self.name {
            agent.name = name.clone();
        }
        agent.presence = self.presence;
        agent.activity = self.activity;
        agent.flags = self.flags;
        agent.reason = self.reason.clone();
        agent.since = self.since;
        agent.last_seen = Some(now);
        agent.freshness = if self.unknown {
            Freshness::Unknown
        } else {
            Freshness::Fresh
        };
        if !self.skills.is_empty() {
            agent.skills = self.skills.clone();
        }
        agent.call_id = self.call_id.clone();
        agent.raw.state = match self.status {
            Some(s) => format!("status {s} ({})", codes::gateway_status(s).label),
            None => self.last_event.clone().unwrap_or_default(),
        };
        agent.raw.sub_state = self
            .cti_status
            .map(|c| format!("cti {c} ({})", codes::cti_status(c).label));
        let mut extra = Vec::new();
        if let Some(ev) = &self.last_event {
            extra.push(("event".to_string(), ev.clone()));
        }
        if let Some(r) = &self.reason {
            extra.push(("reason".to_string(), r.code.clone()));
        }
        if self.rest_overdue {
            extra.push(("rest".to_string(), "overdue".to_string()));
        }
        if let Some(p) = self.pending {
            let text = match p {
                Pending::Busy { reason } => format!("busy:{}", reason.unwrap_or(0)),
                Pending::Rest { secs, cause } => format!("rest:{cause} for {secs}s"),
            };
            extra.push(("pending".to_string(), text));
        }
        agent.raw.extra = extra;
        // Names, skills and rest-cause labels are vendor text.
        crate::backend::clean::agent(agent);
    }
}

/// Feeds every field of a state into a fingerprint (`super::refresh`: an agent whose inputs
/// print the same as at the last refresh is not merged or sent again).
impl HuaweiAgentState {
    pub fn print(&self, p: &mut Print) {
        p.text(&self.workno);
        opt_text(p, self.name.as_deref());
        p.int(self.presence as i64).int(self.activity as i64);
        let f = self.flags;
        let bits = [
            f.hold,
            f.mute,
            f.monitored,
            f.coached,
            f.outbound_only,
            f.pending_next,
            f.in_ivr,
            self.rest_overdue,
            self.unknown,
        ]
        .iter()
        .enumerate()
        .fold(0i64, |acc, (i, b)| acc | (i64::from(*b) << i));
        p.int(bits);
        match &self.reason {
            Some(r) => {
                p.int(1).text(&r.code).text(&r.label).int(r.category as i64);
                opt_int(p, r.planned_secs.map(|s| s as i64));
            }
            None => {
                p.int(0);
            }
        }
        opt_int(p, self.since);
        opt_text(p, self.call_id.as_deref());
        match self.pending {
            None => p.int(0),
            Some(Pending::Busy { reason }) => p.int(1).int(reason.map_or(-1, i64::from)),
            Some(Pending::Rest { secs, cause }) => p.int(2).int(secs as i64).int(i64::from(cause)),
        };
        opt_int(p, self.status);
        opt_int(p, self.cti_status);
        opt_text(p, self.last_event.as_deref());
        p.int(self.skills.len() as i64);
        for k in &self.skills {
            p.text(&k.id)
                .text(&k.name)
                .int(k.level.map_or(-1, i64::from))
                .int(i64::from(k.signed));
        }
        opt_text(p, self.ivr_call.as_deref());
        match self.requested_rest {
            Some((cause, secs)) => p.int(1).int(i64::from(cause)).int(secs as i64),
            None => p.int(0),
        };
    }
}

/// An optional text field: a tag, then the text.
pub(super) fn opt_text(p: &mut Print, v: Option<&str>) {
    match v {
        Some(t) => p.int(1).text(t),
        None => p.int(0),
    };
}

/// An optional number: a tag, then the number.
pub(super) fn opt_int(p: &mut Print, v: Option<i64>) {
    match v {
        Some(n) => p.int(1).int(n),
        None => p.int(0),
    };
}

trait NoneOrZero {
    fn is_none_or_zero(&self) -> bool;
}

impl NoneOrZero for Option<u32> {
    fn is_none_or_zero(&self) -> bool {
        matches!(self, None | Some(0))
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
