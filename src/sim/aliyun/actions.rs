//! Agent-action APIs: SignInGroup, SignOutGroup, TakeBreak, ReadyForService, ResetAgentState,
//! LaunchAuthentication, and the PollUserStatus context read (reference §6.6, §8).

use super::context::{call_context, check_instance, user, user_context, user_state, Extent};
use super::envelope::Reply;
use super::error::ApiError;
use super::request::Params;
use crate::sim::world::{OpError, Origin, Phase, SignInState, Vendor, World};
use serde_json::json;

/// Expected states named in `InvalidOperation.UserState` messages.
const NOT_ON_CALL: &str = "READY,BREAK,WORKING";

/// Turns a refusal of the world into the vendor's error for `agent`.
fn refused(world: &World, agent: usize, e: OpError, expected: &str) -> ApiError {
    match e {
        OpError::UnknownAgent(id) => ApiError::user(&id, &world.site.aliyun_instance),
        OpError::UnknownGroup(g) => ApiError::skill_group(&g, &world.site.aliyun_instance),
        OpError::UnknownCall(j) => ApiError::job(&j),
        OpError::UnknownFlow(f) => ApiError::contact_flow(&f, &world.site.aliyun_instance),
        OpError::NotSignedIn
        | OpError::AlreadySignedIn
        | OpError::NoCall
        | OpError::WrongState { .. } => ApiError::user_state(user_state(world, agent), expected),
    }
}

/// SignInGroup: signs the agent into skill groups on its own device; the agent starts in break
/// `Warm-up`. With `Additivity=true` the groups are added to a signed-in agent's groups.
pub fn sign_in_group(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    let device = p.required("DeviceId")?;
    let instance = world.site.aliyun_instance.clone();
    let a = &world.agents[agent];
    if device != a.device_id {
        return Err(ApiError::device(device, &a.id));
    }
    let groups = match p.json_list("SignedSkillGroupIdList")? {
        Some(ids) => {
            let mut out = Vec::with_capacity(ids.len());
            for id in &ids {
                let g = world
                    .group_by_id(Vendor::Aliyun, id)
                    .ok_or_else(|| ApiError::skill_group(id, &instance))?;
                if !out.contains(&g) {
                    out.push(g);
                }
            }
            Some(out)
        }
        None => None,
    };
    let additive = p.boolean("Additivity")?.unwrap_or(false);
    let chat_device = p.optional("ChatDeviceId").unwrap_or("").to_string();
    world
        .sign_in(
            agent,
            groups,
            additive,
            SignInState::WarmUp,
            Origin::Supervisor,
        )
        .map_err(|e| refused(world, agent, e, "OFFLINE"))?;
    let mut data = user_context(world, agent, Extent::Basic);
    if let Some(o) = data.as_object_mut() {
        o.insert("ChatDeviceId".into(), json!(chat_device));
    }
    Ok(Reply::action(data))
}

/// SignOutGroup: refused while the agent has a call; an agent already offline stays so.
pub fn sign_out_group(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    match world.sign_out(
        agent,
        false,
        crate::sim::world::Why::SignedOut,
        Origin::Supervisor,
    ) {
        Ok(()) | Err(OpError::NotSignedIn) => {}
        Err(e) => return Err(refused(world, agent, e, NOT_ON_CALL)),
    }
    Ok(Reply::action(user_context(world, agent, Extent::Full)))
}

/// TakeBreak: from READY, BREAK or WORKING into a break with `Code`.
pub fn take_break(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    let code = p.required("Code")?.to_string();
    world
        .take_break(agent, &code, Origin::Supervisor)
        .map_err(|e| refused(world, agent, e, NOT_ON_CALL))?;
    Ok(Reply::action(user_context(world, agent, Extent::Full)))
}

/// ReadyForService: from BREAK or WORKING (or READY, unchanged) to READY; `OutboundScenario`
/// sets outbound-only mode.
pub fn ready_for_service(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    let outbound = p.boolean("OutboundScenario")?.unwrap_or(false);
    world
        .make_ready(agent, Origin::Supervisor)
        .map_err(|e| refused(world, agent, e, "READY,BREAK,WORKING"))?;
    if let Some(a) = world.agents.get_mut(agent) {
        a.outbound_scenario = outbound;
    }
    Ok(Reply::action(user_context(world, agent, Extent::Basic)))
}

/// ResetAgentState: whatever the state, the agent ends up OFFLINE (a call is released).
pub fn reset_agent_state(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    world
        .reset(agent, Origin::Supervisor)
        .map_err(|e| refused(world, agent, e, "ANY"))?;
    Ok(Reply::action(user_context(world, agent, Extent::Basic)))
}

/// PollUserStatus: the agent's context and, on a call, the call's context.
pub fn poll_user_status(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    let mut ctx = user_context(world, agent, Extent::Full);
    if let Some(o) = ctx.as_object_mut() {
        o.insert("ParallelJobList".into(), json!([]));
    }
    Ok(Reply::action(json!({
        "ContextId": world.agents[agent].since,
        "UserContext": ctx,
        "CallContext": call_context(world, agent, true),
        "ChatContexts": [],
    })))
}

/// LaunchAuthentication: sends the agent's current call (`JobId`) into an IVR flow; it comes
/// back after the flow's visit time with `AuthResult` in its call variables.
pub fn launch_authentication(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let agent = user(world, p)?;
    let job = p.required("JobId")?.to_string();
    let flow = p.required("ContactFlowId")?.to_string();
    let variables = match p.optional("ContactFlowVariables") {
        Some(text) => serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
            .map_err(|_| ApiError::invalid("ContactFlowVariables", "a JSON object"))?,
        None => serde_json::Map::new(),
    };
    let call = world
        .call_from_text(Vendor::Aliyun, &job)
        .filter(|c| world.agents[agent].phase.call() == Some(*c))
        .ok_or_else(|| ApiError::job(&job))?;
    if !world.flows_of(Vendor::Aliyun).any(|f| f.id == flow) {
        return Err(ApiError::contact_flow(&flow, &world.site.aliyun_instance));
    }
    if !matches!(world.agents[agent].phase, Phase::Talking { .. }) {
        return Err(ApiError::user_state(user_state(world, agent), "TALKING"));
    }
    match world.launch_ivr(agent, Some(call), &flow, Origin::Supervisor) {
        Ok(_) => {}
        Err(OpError::WrongState { .. }) => {
            return Err(ApiError::channel_state("IVR", "ANSWERED"));
        }
        Err(e) => return Err(refused(world, agent, e, "TALKING")),
    }
    if let Some(c) = world.calls.get_mut(&call) {
        for (k, v) in variables {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            c.variables.insert(k, v);
        }
    }
    Ok(Reply::action(json!({
        "CallContext": call_context(world, agent, false),
        "UserContext": user_context(world, agent, Extent::Full),
    })))
}
