//! Lookups shared by the handlers (instance, user) and the agent/call context objects of the
//! action APIs and PollUserStatus (reference §6.6, §8).

use super::error::ApiError;
use super::request::Params;
use crate::sim::world::{aliyun_state, Call, Direction, Phase, Vendor, World};
use serde_json::{json, Value};

/// Checks `InstanceId` (required) against the simulated instance.
pub fn check_instance(world: &World, params: &Params) -> Result<(), ApiError> {
    let id = params.required("InstanceId")?;
    if id != world.site.aliyun_instance {
        return Err(ApiError::instance(id));
    }
    Ok(())
}

/// The index of the skill group named by the optional `SkillGroupId` (`None` without one).
pub fn optional_group(world: &World, params: &Params) -> Result<Option<usize>, ApiError> {
    params
        .optional("SkillGroupId")
        .map(|id| {
            world
                .group_by_id(Vendor::Aliyun, id)
                .ok_or_else(|| ApiError::skill_group(id, &world.site.aliyun_instance))
        })
        .transpose()
}

/// The agent named by `UserId`. Without one the call would act on the caller's RAM-mapped
/// agent; the simulator's AccessKeys map to none, so `UserId` is treated as required.
pub fn user(world: &World, params: &Params) -> Result<usize, ApiError> {
    let id = params.required("UserId")?;
    world
        .agent_index(Vendor::Aliyun, id)
        .ok_or_else(|| ApiError::user(id, &world.site.aliyun_instance))
}

/// The agent-context `UserState` (UPPER vocabulary) of an agent.
pub fn user_state(world: &World, agent: usize) -> &'static str {
    world
        .agents
        .get(agent)
        .map(|a| aliyun_state(&a.phase).1)
        .unwrap_or("OFFLINE")
}

/// Which agent-context fields an API returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// SignInGroup, ReadyForService, ResetAgentState (SignInGroup adds `ChatDeviceId`).
    Basic,
    /// SignOutGroup, TakeBreak, PollUserStatus, LaunchAuthentication: plus `Heartbeat`,
    /// `Reserved`, `Mobile`.
    Full,
}

/// The agent context object.
pub fn user_context(world: &World, agent: usize, extent: Extent) -> Value {
    let Some(a) = world.agents.get(agent) else {
        return Value::Null;
    };
    let break_code = match &a.phase {
        Phase::Break { code } => code.clone(),
        _ => String::new(),
    };
    let call = a.phase.call();
    let groups: Vec<&str> = a
        .signed_groups
        .iter()
        .filter_map(|g| world.groups.get(*g).map(|g| g.id.as_str()))
        .collect();
    let mut ctx = json!({
        "UserId": a.id,
        "InstanceId": world.site.aliyun_instance,
        "DeviceId": if a.phase.is_signed_in() { a.device_id.as_str() } else { "" },
        "Extension": a.extension,
        "WorkMode": a.work_mode,
        "BreakCode": break_code,
        "JobId": call.map(|c| world.call_id_text(c)).unwrap_or_default(),
        "UserState": aliyun_state(&a.phase).1,
        "OutboundScenario": a.outbound_scenario,
        "SignedSkillGroupIdList": groups,
    });
    if extent == Extent::Full {
        let reserved = world.call_of(agent).map(|c| c.created).unwrap_or(0);
        if let Some(o) = ctx.as_object_mut() {
            o.insert("Heartbeat".into(), json!(a.heartbeat));
            o.insert("Reserved".into(), json!(reserved));
            o.insert("Mobile".into(), json!(a.mobile));
        }
    }
    ctx
}

fn call_type(call: &Call) -> &'static str {
    match call.direction {
        Direction::Inbound => "INBOUND",
        Direction::Outbound => "OUTBOUND",
    }
}

/// Call variables as the JSON-object string CCC carries them in.
pub fn call_variables(call: &Call) -> String {
    serde_json::to_string(&call.variables).unwrap_or_else(|_| "{}".into())
}

/// The call context of an agent's current call; `poll` adds `CallVariables` and
/// `ChannelVariables` (PollUserStatus), otherwise `AssociatedData` (LaunchAuthentication).
pub fn call_context(world: &World, agent: usize, poll: bool) -> Value {
    let (Some(a), Some(call)) = (world.agents.get(agent), world.call_of(agent)) else {
        return Value::Null;
    };
    let job = world.call_id_text(call.id);
    let kind = call_type(call);
    let group = world
        .groups
        .get(call.group)
        .map(|g| g.id.as_str())
        .unwrap_or("");
    let started = call.answered.unwrap_or(call.created);
    let in_ivr = call.ivr.as_ref().is_some_and(|v| !v.returned);
    let (customer, agent_state) = match a.phase {
        Phase::Ringing { .. } => ("ANSWERED", "RINGING"),
        Phase::Dialing { .. } => ("RINGING", "ANSWERED"),
        _ => ("ANSWERED", "ANSWERED"),
    };
    let (customer_party, customer_index) = match call.direction {
        Direction::Inbound => (call.caller.as_str(), 0),
        Direction::Outbound => (call.called.as_str(), 1),
    };
    let channel = |id: String, state: &str, flags: &str, user: &str, ext: &str, index: i32| {
        let mut c = json!({
            "ChannelId": id,
            "ChannelState": state,
            "ChannelFlags": flags,
            "CallType": kind,
            "Originator": call.caller,
            "Destination": if user.is_empty() { customer_party } else { ext },
            "UserId": user,
            "UserExtension": ext,
            "SkillGroupId": group,
            "JobId": job,
            "Index": index,
            "Timestamp": started,
            "ReleaseInitiator": "",
            "ReleaseReason": "",
        });
        if let Some(o) = c.as_object_mut() {
            if poll {
                o.insert("ChannelVariables".into(), json!(""));
            } else {
                o.insert("AssociatedData".into(), json!({}));
            }
        }
        c
    };
    let mut channels = vec![
        channel(
            format!(
                "ch:customer:{}->{}:{}:{job}",
                call.caller, call.called, call.created
            ),
            customer,
            "",
            "",
            "",
            customer_index,
        ),
        channel(
            format!("ch:user:{}->{}:{started}:{job}", call.caller, a.extension),
            agent_state,
            if in_ivr { "HOLD" } else { "" },
            &a.id,
            &a.extension,
            1 - customer_index,
        ),
    ];
    channels.sort_by_key(|c| c["Index"].as_i64().unwrap_or(0));
    let mut ctx = json!({
        "CallType": kind,
        "InstanceId": world.site.aliyun_instance,
        "JobId": job,
        "ChannelContexts": channels,
    });
    if poll {
        if let Some(o) = ctx.as_object_mut() {
            o.insert("CallVariables".into(), json!(call_variables(call)));
        }
    }
    ctx
}
