//! `agentgroup/agentstatusinfobyagentids` (docs/huawei-cms.md §3): the world's Huawei agents as
//! CC-CMS describes them, state start and sign-in time in simulated Unix milliseconds.

use crate::sim::world::{huawei_status, Phase, Vendor, World};
use serde_json::{json, Value};

/// Most agent ids per call.
pub const MAX_AGENT_IDS: usize = 6000;
/// Range of a work number in the request.
pub const AGENT_ID_RANGE: std::ops::RangeInclusive<i64> = 101..=59_999;

/// The agent objects of the requested work numbers, in request order; unknown ones left out.
pub fn status_info(world: &World, agent_ids: &[i64]) -> Value {
    let list: Vec<Value> = agent_ids
        .iter()
        .filter_map(|id| world.agent_index(Vendor::Huawei, &id.to_string()))
        .filter_map(|i| agent_object(world, i))
        .collect();
    Value::Array(list)
}

/// One agent: `{agentId, name, currentState, currentStateReason, currentStateTime, loginDate,
/// phoneNumber, skillList}`.
fn agent_object(world: &World, i: usize) -> Option<Value> {
    let a = world.agents.get(i)?;
    let agent_id: i64 = a.id.parse().ok()?;
    let (_, _, cti) = huawei_status(&a.phase, a.pending.as_ref());
    let reason: i64 = match a.phase {
        Phase::Busy { reason } => i64::from(reason),
        Phase::Rest { cause, .. } => i64::from(cause),
        _ => 0,
    };
    let login_date = if a.phase.is_signed_in() {
        a.login_time
    } else {
        0
    };
    let skills: Vec<Value> = a
        .skills
        .iter()
        .filter_map(|s| {
            let g = world.groups.get(s.group)?;
            Some(json!({
                "skillId": g.num,
                "skillName": g.name,
                "skillLevel": s.level,
                "signed": a.signed_groups.contains(&s.group),
            }))
        })
        .collect();
    Some(json!({
        "agentId": agent_id,
        "name": a.display_name,
        "currentState": cti,
        "currentStateReason": reason,
        "currentStateTime": a.since,
        "loginDate": login_date,
        "phoneNumber": a.extension,
        "skillList": skills,
    }))
}
