//! CCC states to the unified agent model: realtime `State`/`StateCode`/`BreakCode`/`CallType`
//! and agent-context `UserState` to presence × activity, flags, reason, timing and skills
//! (supervisor-anchors §2, aliyun-ccc §5). Every agent built here has its vendor text cleaned
//! ([`crate::text::clean`]).

use super::wire::{CallContext, RealtimeAgentState, SkillGroup, SkillLevel, User, UserContext};
use crate::backend::clean;
use crate::backend::memory::FastHash;
use crate::model::{
    Activity, Agent, Flags, Freshness, Presence, RawCodes, Reason, ReasonCategory, SkillRef, UnixMs,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The system break code after sign-in, before the agent becomes ready.
pub const WARM_UP: &str = "Warm-up";
/// The system break code after a call rang unanswered.
pub const RINGING_TIMEOUT: &str = "RingingTimeout";
/// The system break code after the agent rejected a call.
pub const REJECT_CALL: &str = "RejectCall";

/// Presence and activity of a realtime-report `State` (`Ready`, `Talking`, `ACW`, `Break`,
/// `Ringing`, `Offline`, `Dialing`) or of an agent-context `UserState` (`READY`, `TALKING`,
/// `WORKING`, `BREAK`, `RINGING`, `OFFLINE`, `DIALING`); `None` for anything undocumented.
/// `Break` is refined by the break code (see [`break_reason`]).
pub fn state_of(state: &str) -> Option<(Presence, Activity)> {
    let s = state.trim();
    let is = |word: &str| s.eq_ignore_ascii_case(word);
    Some(if is("READY") {
        (Presence::Ready, Activity::None)
    } else if is("TALKING") {
        (Presence::Ready, Activity::Talking)
    } else if is("ACW") || is("WORKING") {
        (Presence::Ready, Activity::WrapUp)
    } else if is("BREAK") {
        (Presence::Break, Activity::None)
    } else if is("RINGING") {
        (Presence::Ready, Activity::Ringing)
    } else if is("DIALING") {
        (Presence::Ready, Activity::Dialing)
    } else if is("OFFLINE") {
        (Presence::Offline, Activity::None)
    } else {
        return None;
    })
}

fn squash(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The category a break code suggests: the system codes exactly, custom codes by common English
/// and Chinese words; `Unknown` when nothing matches.
pub fn category_of(code: &str) -> ReasonCategory {
    let squashed = squash(code);
    match squashed.as_str() {
        "warmup" => return ReasonCategory::WarmUp,
        "ringingtimeout" => return ReasonCategory::SystemNoAnswer,
        "rejectcall" => return ReasonCategory::SystemReject,
        _ => {}
    }
    let l = code.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if has(&[
        "lunch",
        "meal",
        "dinner",
        "breakfast",
        "supper",
        "eating",
        "午餐",
        "就餐",
        "用餐",
        "吃饭",
        "晚餐",
        "早餐",
        "餐",
    ]) {
        ReasonCategory::Meal
    } else if has(&["meeting", "会议", "开会", "briefing"]) {
        ReasonCategory::Meeting
    } else if has(&[
        "training", "coaching", "coach", "study", "learn", "培训", "辅导", "学习",
    ]) {
        ReasonCategory::Training
    } else if has(&["forced", "force", "强制"]) {
        ReasonCategory::SupervisorForced
    } else if has(&["busy", "示忙", "忙碌", "admin", "后台"]) {
        ReasonCategory::BusyOther
    } else if has(&[
        "break", "rest", "小休", "休息", "coffee", "toilet", "restroom", "如厕", "默认", "default",
    ]) {
        ReasonCategory::ShortBreak
    } else {
        ReasonCategory::Unknown
    }
}

/// The config key of a category (`meal`, `short-break`, …), also accepted in `thresholds.planned`.
pub fn category_key(c: ReasonCategory) -> &'static str {
    match c {
        ReasonCategory::ShortBreak => "short-break",
        ReasonCategory::Meal => "meal",
        ReasonCategory::Meeting => "meeting",
        ReasonCategory::Training => "training",
        ReasonCategory::BusyOther => "busy-other",
        ReasonCategory::SystemNoAnswer => "system-no-answer",
        ReasonCategory::SystemReject => "system-reject",
        ReasonCategory::WarmUp => "warm-up",
        ReasonCategory::SupervisorForced => "supervisor-forced",
        ReasonCategory::Device => "device",
        ReasonCategory::Unknown => "unknown",
    }
}

/// Planned seconds for a break code from `thresholds.planned`: the exact code, then the code in
/// any letter case, then the category key (`meal = 3600` covers every meal code).
pub fn planned_secs(
    code: &str,
    category: ReasonCategory,
    planned: &BTreeMap<String, u64>,
) -> Option<u64> {
    planned
        .get(code)
        .or_else(|| {
            planned
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(code))
                .map(|(_, v)| v)
        })
        .or_else(|| planned.get(category_key(category)))
        .copied()
}

/// Presence and reason of an agent in state `Break` with `code`: `Warm-up` is signing in,
/// `RingingTimeout` / `RejectCall` are system not-ready, anything else is a break.
pub fn break_reason(code: &str, planned: &BTreeMap<String, u64>) -> (Presence, Option<Reason>) {
    let code = code.trim();
    if code.is_empty() {
        return (Presence::Break, None);
    }
    let category = category_of(code);
    let (presence, label) = match category {
        ReasonCategory::WarmUp => (Presence::SigningIn, "warm-up after sign-in".to_string()),
        ReasonCategory::SystemNoAnswer => (Presence::NotReady, "no answer (ring timeout)".into()),
        ReasonCategory::SystemReject => (Presence::NotReady, "rejected a call".to_string()),
        _ => (Presence::Break, code.to_string()),
    };
    let reason = Reason {
        code: code.to_string(),
        label,
        category,
        planned_secs: planned_secs(code, category, planned),
    };
    (presence, Some(reason))
}

/// What a `StateCode` sub-state adds: supervising activity, or monitored / coached flags.
pub fn apply_state_code(state_code: &str, activity: &mut Activity, flags: &mut Flags) {
    match state_code.trim().to_ascii_uppercase().as_str() {
        "MONITORING" | "COACHING" | "BARGING" | "INTERCEPTING" => *activity = Activity::Supervising,
        "MONITORED" => flags.monitored = true,
        "COACHED" => flags.coached = true,
        _ => {}
    }
}

/// Whether a call type means the agent is supervising someone else's call.
pub fn is_supervising_call_type(call_type: &str) -> bool {
    matches!(
        call_type.trim().to_ascii_uppercase().as_str(),
        "MONITOR" | "COACH" | "BARGE" | "INTERCEPT"
    )
}

/// Folds a call's channel of `agent.id` into the agent: call id, hold/mute/monitored/coached
/// flags and supervising (`MONITORING`/`COACHING` flags or a MONITOR/COACH/BARGE/INTERCEPT leg).
pub fn apply_call_context(agent: &mut Agent, call: &CallContext) {
    if !call.job_id.is_empty() && agent.call_id.is_none() {
        agent.call_id = Some(call.job_id.clone());
    }
    for ch in call
        .channel_contexts
        .iter()
        .filter(|c| c.user_id == agent.id)
    {
        for flag in ch
            .channel_flags
            .split(|c: char| c == ',' || c == '|' || c.is_whitespace())
            .map(|f| f.trim().to_ascii_uppercase())
        {
            match flag.as_str() {
                "HOLD" => agent.flags.hold = true,
                "MUTED" | "MUTE" => agent.flags.mute = true,
                "MONITORED" => agent.flags.monitored = true,
                "COACHED" => agent.flags.coached = true,
                "MONITORING" | "COACHING" => agent.activity = Activity::Supervising,
                _ => {}
            }
        }
        if is_supervising_call_type(&ch.call_type) && agent.activity != Activity::None {
            agent.activity = Activity::Supervising;
        }
    }
}

/// Names and skill levels from `ListUsers` / `ListSkillGroups`, joined into mapped agents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    users: HashMap<String, DirUser, FastHash>,
    groups: HashMap<String, String, FastHash>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct DirUser {
    name: String,
    extension: String,
    levels: Vec<SkillLevel>,
}

impl Directory {
    pub fn new(users: &[User], groups: &[SkillGroup]) -> Directory {
        let mut d = Directory::of_groups(groups);
        for u in users {
            d.add_user(u.clone());
        }
        d
    }

    /// A directory of `groups` and no user yet (see [`Directory::add_user`]).
    pub fn of_groups(groups: &[SkillGroup]) -> Directory {
        let mut d = Directory::default();
        for g in groups {
            let name = if g.display_name.is_empty() {
                &g.skill_group_name
            } else {
                &g.display_name
            };
            d.groups.insert(g.skill_group_id.clone(), name.clone());
        }
        d
    }

    /// Adds a user (moved in: a reload of 10,000 users copies none of their text), and the
    /// names of its groups the group list lacked.
    pub fn add_user(&mut self, u: User) {
        for l in &u.skill_level_list {
            if !l.skill_group_name.is_empty() {
                self.groups
                    .entry(l.skill_group_id.clone())
                    .or_insert_with(|| l.skill_group_name.clone());
            }
        }
        let name = if u.display_name.is_empty() {
            u.login_name
        } else {
            u.display_name
        };
        self.users.insert(
            u.user_id,
            DirUser {
                name,
                extension: u.extension,
                levels: u.skill_level_list,
            },
        );
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.groups.is_empty()
    }

    /// Whether `user_id` is a user of the instance.
    pub fn knows(&self, user_id: &str) -> bool {
        self.users.contains_key(user_id)
    }

    /// The skill levels `ListUsers` gives `user_id` (none for an unknown user).
    pub fn levels(&self, user_id: &str) -> &[SkillLevel] {
        self.users.get(user_id).map_or(&[], |u| u.levels.as_slice())
    }

    fn group_name(&self, id: &str) -> String {
        self.groups
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.split('@').next().unwrap_or(id).to_string())
    }

    /// Signed groups first (in the vendor's order, with levels when known), then the agent's other
    /// groups from `ListUsers` as not signed.
    fn skills(&self, user_id: &str, signed: &[String], signed_names: &[String]) -> Vec<SkillRef> {
        self.skills_owned(user_id, signed.to_vec(), signed_names.to_vec())
    }

    /// [`Directory::skills`], moving the signed groups' ids and names into the skills instead of
    /// copying them (the refresh path: only the not-signed groups' text is copied).
    fn skills_owned(
        &self,
        user_id: &str,
        signed: Vec<String>,
        signed_names: Vec<String>,
    ) -> Vec<SkillRef> {
        let levels: &[SkillLevel] = self
            .users
            .get(user_id)
            .map(|u| u.levels.as_slice())
            .unwrap_or(&[]);
        let level_of = |id: &str| {
            levels
                .iter()
                .find(|l| l.skill_group_id == id)
                .and_then(|l| u8::try_from(l.skill_level).ok())
                .filter(|l| *l > 0)
        };
        let is_signed = |id: &str| signed.iter().any(|s| s == id);
        let unsigned = levels
            .iter()
            .filter(|l| !is_signed(&l.skill_group_id))
            .count();
        let mut out: Vec<SkillRef> = Vec::with_capacity(signed.len() + unsigned);
        for l in levels.iter().filter(|l| !is_signed(&l.skill_group_id)) {
            out.push(SkillRef {
                id: l.skill_group_id.clone(),
                name: if l.skill_group_name.is_empty() {
                    self.group_name(&l.skill_group_id)
                } else {
                    l.skill_group_name.clone()
                },
                level: level_of(&l.skill_group_id),
                signed: false,
            });
        }
        let mut names = signed_names.into_iter();
        let signed_skills = signed.into_iter().map(|id| {
            let name = names
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| self.group_name(&id));
            SkillRef {
                level: level_of(&id),
                id,
                name,
                signed: true,
            }
        });
        // Signed groups first: insert them ahead of the not-signed ones (no reallocation, the
        // capacity is already there).
        out.splice(0..0, signed_skills);
        out
    }
}

/// What a mapping needs besides the vendor record.
#[derive(Debug, Clone)]
pub struct MapContext<'a> {
    /// The configured backend name.
    pub backend: Arc<str>,
    /// Our clock, for `last_seen` and `since` from `Duration`.
    pub now_ms: UnixMs,
    /// `thresholds.planned`: break code (or category key) → planned seconds.
    pub planned: &'a BTreeMap<String, u64>,
    pub directory: &'a Directory,
}

/// When a realtime state started: `StateTime` (ms; seconds are accepted too), else
/// `now − Duration`.
pub fn since_of(state_time: i64, duration_secs: i64, now_ms: UnixMs) -> Option<UnixMs> {
    if state_time >= 100_000_000_000 {
        Some(state_time)
    } else if state_time >= 1_000_000_000 {
        Some(state_time * 1000)
    } else if duration_secs > 0 {
        Some(now_ms - duration_secs.saturating_mul(1000))
    } else {
        None
    }
}

fn login_of(id: &str) -> String {
    id.split('@').next().unwrap_or(id).to_string()
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "无").then(|| t.to_string())
}

/// [`non_empty`] of an owned string: kept as it is when it needs no trimming.
fn non_empty_owned(s: String) -> Option<String> {
    if s.len() == s.trim().len() {
        (!s.is_empty() && s != "无").then_some(s)
    } else {
        non_empty(&s)
    }
}

/// Presence, activity, reason and freshness of a state word plus break code.
fn classify(
    state: &str,
    break_code: &str,
    planned: &BTreeMap<String, u64>,
) -> (Presence, Activity, Option<Reason>, Freshness) {
    match state_of(state) {
        Some((Presence::Break, activity)) => {
            let (presence, reason) = break_reason(break_code, planned);
            (presence, activity, reason, Freshness::Fresh)
        }
        Some((presence, activity)) => (presence, activity, None, Freshness::Fresh),
        None => (Presence::Offline, Activity::None, None, Freshness::Unknown),
    }
}

/// One `ListRealtimeAgentStates` item as a unified agent.
pub fn agent_from_realtime(s: &RealtimeAgentState, ctx: &MapContext<'_>) -> Agent {
    agent_from_realtime_owned(s.clone(), ctx)
}

/// [`agent_from_realtime`], moving the item's text into the agent instead of copying it (the
/// refresh path: 10,000 of these per refresh).
pub fn agent_from_realtime_owned(s: RealtimeAgentState, ctx: &MapContext<'_>) -> Agent {
    let (presence, mut activity, reason, freshness) =
        classify(&s.state, &s.break_code, ctx.planned);
    let mut flags = Flags {
        outbound_only: s.outbound_scenario,
        ..Flags::default()
    };
    apply_state_code(&s.state_code, &mut activity, &mut flags);
    if activity == Activity::Talking && is_supervising_call_type(&s.call_type) {
        activity = Activity::Supervising;
    }
    let dir = ctx.directory.users.get(&s.agent_id);
    let skills =
        ctx.directory
            .skills_owned(&s.agent_id, s.skill_group_id_list, s.skill_group_name_list);
    let since = since_of(s.state_time, s.duration, ctx.now_ms);
    let name = match non_empty_owned(s.agent_name) {
        Some(n) => n,
        None => dir
            .map(|d| d.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| login_of(&s.agent_id)),
    };
    let extension = non_empty_owned(s.extension)
        .or_else(|| dir.map(|d| d.extension.clone()))
        .unwrap_or_default();
    let mut extra = Vec::with_capacity(3);
    for (k, v) in [
        ("BreakCode", s.break_code),
        ("CallType", s.call_type),
        ("CounterParty", s.counter_party),
    ] {
        if !v.is_empty() {
            extra.push((k.to_string(), v));
        }
    }
    let mut agent = Agent {
        backend: ctx.backend.clone(),
        id: s.agent_id,
        name,
        presence,
        activity,
        flags,
        reason,
        since,
        last_seen: Some(ctx.now_ms),
        freshness,
        skills,
        extension,
        work_mode: non_empty_owned(s.work_mode),
        call_id: None,
        raw: RawCodes {
            state: s.state,
            sub_state: non_empty_owned(s.state_code),
            extra,
        },
    };
    clean::agent(&mut agent);
    agent
}

/// An agent context (action result, `PollUserStatus.UserContext`) as a unified agent, with its
/// current call folded in when given. The context carries no state start time.
pub fn agent_from_context(
    c: &UserContext,
    call: Option<&CallContext>,
    ctx: &MapContext<'_>,
) -> Agent {
    let (presence, activity, reason, freshness) =
        classify(&c.user_state, &c.break_code, ctx.planned);
    let dir = ctx.directory.users.get(&c.user_id);
    let mut extra = Vec::new();
    if !c.break_code.is_empty() {
        extra.push(("BreakCode".to_string(), c.break_code.clone()));
    }
    if let Some(call) = call.filter(|c| !c.call_type.is_empty()) {
        extra.push(("CallType".to_string(), call.call_type.clone()));
    }
    let mut agent = Agent {
        backend: ctx.backend.clone(),
        id: c.user_id.clone(),
        name: dir
            .map(|d| d.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| login_of(&c.user_id)),
        presence,
        activity,
        flags: Flags {
            outbound_only: c.outbound_scenario,
            ..Flags::default()
        },
        reason,
        since: None,
        last_seen: Some(ctx.now_ms),
        freshness,
        skills: ctx
            .directory
            .skills(&c.user_id, &c.signed_skill_group_id_list, &[]),
        extension: non_empty(&c.extension)
            .or_else(|| dir.map(|d| d.extension.clone()))
            .unwrap_or_default(),
        work_mode: non_empty(&c.work_mode),
        call_id: non_empty(&c.job_id),
        raw: RawCodes {
            state: c.user_state.clone(),
            sub_state: None,
            extra,
        },
    };
    if let Some(call) = call {
        apply_call_context(&mut agent, call);
    }
    clean::agent(&mut agent);
    agent
}

#[cfg(test)]
#[path = "map_tests.rs"]
mod tests;
