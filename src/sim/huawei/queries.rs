//! Read-only queries of any signed-in caller, limited to its VDN: `agentgroup` (agent details, all
//! agents' status, rest reasons) and `queuedevice` (VDN skill queues and their waiting calls).

use super::agent_ops::skill_list;
use super::envelope::{rc, Reply};
use super::events::call_text;
use super::routes::{self, Op, Route};
use super::Caller;
use crate::sim::world::{
    huawei_status, Phase, Vendor, World, HUAWEI_FIRST_WORKNO, HUAWEI_INSPECTOR,
};
use crate::sim::SimCore;
use serde_json::{json, Value};

/// "No such agent" of the agent-group queries. The 300-00x numbering comes from Huawei's toolbar
/// constants (no right / no agent / no group); which number is which is UNCONFIRMED.
const NO_AGENT: &str = "300-002";

/// One agent as `agentbyworkno` describes it: `{workno, name, status, ctiStatus, groupid,
/// groupname, skilllist, callids, mediatype}` (status codes: gateway table 1, CTI table 2).
/// `skilllist` lists the queues the agent is signed into while signed in, else its configured ones.
/// A busy agent also has `busyReason` (UNCONFIRMED: the documented table stops at `mediatype`;
/// without it an inspector could not tell a no-answer busy from any other).
pub fn agent_info(world: &World, i: usize) -> Value {
    let Some(a) = world.agents.get(i) else {
        return Value::Null;
    };
    let (_, status, cti) = huawei_status(&a.phase, a.pending.as_ref());
    let signed_in = a.phase.is_signed_in();
    let skills: Vec<usize> = if signed_in {
        a.signed_groups.clone()
    } else {
        a.skills.iter().map(|s| s.group).collect()
    };
    let team =
        a.id.parse::<usize>()
            .map(|n| n.saturating_sub(HUAWEI_FIRST_WORKNO) / 10 + 1)
            .unwrap_or(1);
    let callids: Vec<String> = a
        .phase
        .call()
        .map(|c| call_text(world, c))
        .into_iter()
        .collect();
    let mut info = json!({
        "workno": a.id,
        "name": a.display_name,
        "status": status,
        "ctiStatus": cti,
        "groupid": team,
        "groupname": "",
        "skilllist": skill_list(world, skills),
        "callids": callids,
        "mediatype": if signed_in { "TTF" } else { "FFF" },
    });
    if let Phase::Busy { reason } = a.phase {
        info["busyReason"] = json!(reason);
    }
    info
}

/// Runs a query.
pub fn run(core: &mut SimCore, caller: &Caller, route: &Route) -> Reply {
    let world = &core.world;
    match &route.op {
        Op::AgentByWorkno { workno } => {
            if routes::workno(workno).is_none() {
                return Reply::err(rc::BAD_PARAM, "workno must be from 101 to 999999");
            }
            match world.agent_index(Vendor::Huawei, workno) {
                Some(i) => Reply::ok(agent_info(world, i)),
                None => Reply::err(NO_AGENT, "no such agent in this VDN"),
            }
        }
        Op::AllAgentStatus => {
            let list: Vec<Value> = world
                .agents_of(Vendor::Huawei)
                .map(|(i, _)| agent_info(world, i))
                .collect();
            Reply::ok(Value::Array(list))
        }
        // Shape UNCONFIRMED for this path; mirrors `config/vdn/restcause`: causeId, causeNo, causeDesc.
        Op::RestReason => {
            let list: Vec<Value> = world
                .reasons_of(Vendor::Huawei)
                .filter_map(|r| {
                    let n = r.code.parse::<u32>().ok()?;
                    Some(json!({"causeId": n, "causeNo": n, "causeDesc": r.label}))
                })
                .collect();
            Reply::ok(Value::Array(list))
        }
        // The path exists in Huawei's own gateway client ("rest detail"); its shape is UNCONFIRMED.
        // Built leniently: one entry per resting agent of the VDN with the rest cause, the planned
        // rest length in seconds and when the rest began (ms), which the roster queries lack.
        Op::RestInfo => {
            let list: Vec<Value> = world
                .agents_of(Vendor::Huawei)
                .filter_map(|(_, a)| match a.phase {
                    Phase::Rest { cause, planned_s } => Some(json!({
                        "workno": a.id,
                        "restCause": cause,
                        "restTime": planned_s,
                        "restBeginTime": a.since,
                    })),
                    _ => None,
                })
                .collect();
            Reply::ok(Value::Array(list))
        }
        // UNCONFIRMED shape: a boolean, true for an inspector.
        Op::IsCensor => Reply::ok(json!(caller.workno == HUAWEI_INSPECTOR)),
        Op::VdnSkill => {
            let list: Vec<Value> = world
                .groups_of(Vendor::Huawei)
                .map(|(_, g)| {
                    json!({"name": g.name, "id": g.num, "mediatype": 5, "serviceType": 5, "realFlag": 1})
                })
                .collect();
            Reply::ok(Value::Array(list))
        }
        // UNCONFIRMED shape: the number of calls waiting in the skill queue, as an integer.
        Op::SkillWaitNum { skill } => {
            let group = skill.parse::<u32>().ok().and_then(|n| {
                world
                    .groups_of(Vendor::Huawei)
                    .find(|(_, g)| g.num == n)
                    .map(|(g, _)| g)
            });
            match group {
                Some(g) => Reply::ok(json!(world.queue_figures(g).0)),
                None => Reply::err(rc::SKILL_PARAM, "no such skill queue in this VDN"),
            }
        }
        // UNCONFIRMED shape: calls waiting in all skill queues of the VDN, as an integer.
        Op::WaitNum => {
            let total: usize = world
                .groups_of(Vendor::Huawei)
                .map(|(g, _)| world.queue_figures(g).0)
                .sum();
            Reply::ok(json!(total))
        }
        _ => Reply::err(rc::INTERNAL, "not a query"),
    }
}
