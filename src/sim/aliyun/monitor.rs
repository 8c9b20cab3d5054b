//! Realtime monitoring APIs: ListRealtimeAgentStates, GetRealtimeInstanceStates and
//! ListRealtimeSkillGroupStates (reference §6.1-§6.3).

use super::context::{check_instance, optional_group};
use super::envelope::Reply;
use super::error::ApiError;
use super::request::Params;
use crate::sim::world::{aliyun_state, Agent, Direction, Phase, Vendor, World};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const REALTIME_STATES: &[&str] = &[
    "Ready", "Talking", "ACW", "Break", "Ringing", "Offline", "Dialing",
];
const WORK_MODES: &[&str] = &["ON_SITE", "OFF_SITE", "OFFICE_PHONE"];
const CALL_TYPES: &[&str] = &[
    "Outbound",
    "Back2Back",
    "PrivacyDial",
    "Internal",
    "Predictive",
    "Inbound",
    "Conference",
];
const MEDIA_TYPES: &[&str] = &["AUDIO", "CHAT", "VIDEO", "ALL"];
/// `AgentIdList` holds at most this many ids.
const MAX_AGENT_IDS: usize = 20;

/// A page of `items` in the `{PageNumber, PageSize, TotalCount, List}` shape; only the items on
/// the page are rendered.
pub fn page<T>(items: Vec<T>, number: usize, size: usize, render: impl FnMut(T) -> Value) -> Value {
    let total = items.len();
    let list: Vec<Value> = items
        .into_iter()
        .skip((number - 1).saturating_mul(size))
        .take(size)
        .map(render)
        .collect();
    json!({"PageNumber": number, "PageSize": size, "TotalCount": total, "List": list})
}

/// The CamelCase realtime `CallType` of an agent's call (empty when not on a call).
fn realtime_call_type(world: &World, agent: usize) -> &'static str {
    match world.call_of(agent).map(|c| c.direction) {
        Some(Direction::Inbound) => "Inbound",
        Some(Direction::Outbound) => "Outbound",
        None => "",
    }
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Whether an agent belongs to (is configured for, or signed into) a group.
fn in_group(agent: &Agent, group: usize) -> bool {
    agent.skills.iter().any(|s| s.group == group) || agent.signed_groups.contains(&group)
}

fn agent_item(world: &World, i: usize, a: &Agent) -> Value {
    let (state, _) = aliyun_state(&a.phase);
    let groups: Vec<_> = a
        .signed_groups
        .iter()
        .filter_map(|g| world.groups.get(*g))
        .collect();
    json!({
        "AgentId": a.id,
        "AgentName": a.display_name,
        "Extension": a.extension,
        "InstanceId": world.site.aliyun_instance,
        "State": state,
        "StateCode": "",
        "StateTime": a.since,
        "Duration": ((world.now - a.since) / 1000).max(0),
        "BreakCode": match &a.phase { Phase::Break { code } => code.as_str(), _ => "" },
        "CallType": realtime_call_type(world, i),
        "CounterParty": world.call_of(i).map(|c| match c.direction {
            Direction::Inbound => c.caller.as_str(),
            Direction::Outbound => c.called.as_str(),
        }).unwrap_or(""),
        "Mobile": a.mobile,
        "OutboundScenario": a.outbound_scenario,
        "SkillGroupIdList": groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        "SkillGroupNameList": groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        "WorkMode": a.work_mode,
    })
}

/// ListRealtimeAgentStates: one page of agents with their realtime state.
pub fn list_realtime_agent_states(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let (number, size) = p.paging()?;
    let ids = p.json_list("AgentIdList")?;
    if ids.as_ref().is_some_and(|l| l.len() > MAX_AGENT_IDS) {
        return Err(ApiError::maximum("AgentIdList", MAX_AGENT_IDS as i64));
    }
    let states = p.json_enum_list("StateList", REALTIME_STATES)?;
    let modes = p.json_enum_list("WorkModeList", WORK_MODES)?;
    let call_types = p.json_enum_list("CallTypeList", CALL_TYPES)?;
    let outbound = p.boolean("OutboundScenario")?;
    p.enum_value("MediaType", MEDIA_TYPES)?;
    let group = optional_group(world, p)?;
    let name = p.optional("AgentName");
    let query = p.optional("Query");
    let items: Vec<_> = world
        .agents_of(Vendor::Aliyun)
        .filter(|(_, a)| {
            ids.as_ref()
                .is_none_or(|l| l.is_empty() || l.contains(&a.id))
        })
        .filter(|(_, a)| {
            states
                .as_ref()
                .is_none_or(|s| s.is_empty() || s.contains(&aliyun_state(&a.phase).0))
        })
        .filter(|(_, a)| {
            modes
                .as_ref()
                .is_none_or(|m| m.is_empty() || m.contains(&a.work_mode))
        })
        .filter(|(i, _)| {
            call_types
                .as_ref()
                .is_none_or(|t| t.is_empty() || t.contains(&realtime_call_type(world, *i)))
        })
        .filter(|(_, a)| outbound.is_none_or(|o| !o || a.outbound_scenario))
        .filter(|(_, a)| group.is_none_or(|g| in_group(a, g)))
        .filter(|(_, a)| {
            name.is_none_or(|n| contains_ci(&a.display_name, n) || contains_ci(&a.login_name, n))
        })
        .filter(|(_, a)| {
            query.is_none_or(|q| {
                contains_ci(&a.display_name, q)
                    || contains_ci(&a.login_name, q)
                    || a.extension.contains(q)
            })
        })
        .collect();
    Ok(Reply::list(page(items, number, size, |(i, a)| {
        agent_item(world, i, a)
    })))
}

/// Agent counters and break codes over a set of agents.
#[derive(Default)]
struct Counts {
    total: usize,
    logged_in: usize,
    ready: usize,
    outbound_ready: usize,
    talking: usize,
    working: usize,
    breaking: usize,
    breaks: BTreeMap<String, usize>,
}

impl Counts {
    fn add(&mut self, a: &Agent, signed: bool) {
        self.total += 1;
        if !signed {
            return;
        }
        self.logged_in += 1;
        match aliyun_state(&a.phase).0 {
            "Ready" => {
                self.ready += 1;
                if a.outbound_scenario {
                    self.outbound_ready += 1;
                }
            }
            "Talking" => self.talking += 1,
            "ACW" => self.working += 1,
            "Break" => {
                self.breaking += 1;
                if let Phase::Break { code } = &a.phase {
                    *self.breaks.entry(code.clone()).or_default() += 1;
                }
            }
            _ => {}
        }
    }

    fn break_list(&self) -> Vec<Value> {
        self.breaks
            .iter()
            .map(|(code, n)| json!({"BreakCode": code, "Count": n}))
            .collect()
    }
}

/// GetRealtimeInstanceStates: instance-wide counters.
pub fn get_realtime_instance_states(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    p.enum_value("MediaType", MEDIA_TYPES)?;
    let mut counts = Counts::default();
    for (_, a) in world.agents_of(Vendor::Aliyun) {
        counts.add(a, a.phase.is_signed_in());
    }
    let (mut waiting, mut longest) = (0, 0);
    for (g, _) in world.groups_of(Vendor::Aliyun) {
        let (w, l) = world.queue_figures(g);
        waiting += w;
        longest = longest.max(l);
    }
    let interactive = world
        .calls
        .values()
        .filter(|c| c.vendor == Vendor::Aliyun && c.ivr.as_ref().is_some_and(|v| !v.returned))
        .count();
    Ok(Reply::list(json!({
        "InstanceId": world.site.aliyun_instance,
        "TotalAgents": counts.total,
        "LoggedInAgents": counts.logged_in,
        "ReadyAgents": counts.ready,
        "TalkingAgents": counts.talking,
        "WorkingAgents": counts.working,
        "BreakingAgents": counts.breaking,
        "WaitingCalls": waiting,
        "LongestWaitingTime": longest,
        "InteractiveCalls": interactive,
        "BreakCodeDetailList": counts.break_list(),
    })))
}

/// ListRealtimeSkillGroupStates: per-group counters; members count towards a group's states
/// while signed into it.
pub fn list_realtime_skill_group_states(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let (number, size) = p.paging()?;
    p.enum_value("MediaType", MEDIA_TYPES)?;
    let wanted = p.json_list("SkillGroupIdList")?;
    let items: Vec<_> = world
        .groups_of(Vendor::Aliyun)
        .filter(|(_, g)| {
            wanted
                .as_ref()
                .is_none_or(|w| w.is_empty() || w.contains(&g.id))
        })
        .collect();
    Ok(Reply::list(page(items, number, size, |(gi, g)| {
        let mut counts = Counts::default();
        for (_, a) in world
            .agents_of(Vendor::Aliyun)
            .filter(|(_, a)| in_group(a, gi))
        {
            counts.add(a, a.signed_groups.contains(&gi));
        }
        let (waiting, longest) = world.queue_figures(gi);
        json!({
            "SkillGroupId": g.id,
            "SkillGroupName": g.name,
            "InstanceId": world.site.aliyun_instance,
            "TotalAgents": counts.total,
            "LoggedInAgents": counts.logged_in,
            "ReadyAgents": counts.ready,
            "OutboundScenarioReadyAgents": counts.outbound_ready,
            "TalkingAgents": counts.talking,
            "WorkingAgents": counts.working,
            "BreakingAgents": counts.breaking,
            "WaitingCalls": waiting,
            "LongestWaitingTime": longest,
            "BreakCodeDetailList": counts.break_list(),
        })
    })))
}
