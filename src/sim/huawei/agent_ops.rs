//! The agent's own operations (`onlineagent/{id}/...`): busy, free, rest, work and their cancels,
//! skill queues (`resetskill`, `agentskills`, `agentskillsbyworkno`) and `agentstatus`.

use super::envelope::{rc, Reply};
use super::routes::{self, Op, Route};
use super::Caller;
use crate::sim::world::{huawei_status, OpError, Origin, Phase, Vendor, World};
use crate::sim::SimCore;
use serde_json::{json, Value};

/// Maps a refused world operation to the gateway's answer.
pub fn op_error(e: OpError) -> Reply {
    match e {
        OpError::NotSignedIn => Reply::err(rc::NOT_SIGNED_IN, "the agent has not signed in"),
        OpError::WrongState { actual, expected } => Reply::err(
            rc::STATE_ERROR,
            format!("the agent's state {actual} does not allow this (needs {expected})"),
        ),
        OpError::NoCall => Reply::err(rc::TRANSFER_NO_CALL, "the agent has no call"),
        e => Reply::err(rc::INTERNAL, e.to_string()),
    }
}

fn applied<T>(r: Result<T, OpError>) -> Reply {
    match r {
        Ok(_) => Reply::done(),
        Err(e) => op_error(e),
    }
}

/// `[{name, id, mediatype}]` of skill groups (5 = ordinary audio/video call).
pub fn skill_list(world: &World, groups: impl IntoIterator<Item = usize>) -> Value {
    let list: Vec<Value> = groups
        .into_iter()
        .filter_map(|g| world.groups.get(g))
        .map(|g| json!({"name": g.name, "id": g.num, "mediatype": 5}))
        .collect();
    Value::Array(list)
}

fn configured(world: &World, agent: usize) -> Vec<usize> {
    world
        .agents
        .get(agent)
        .map(|a| a.skills.iter().map(|s| s.group).collect())
        .unwrap_or_default()
}

/// Runs an agent operation for the caller's own agent.
pub fn run(core: &mut SimCore, caller: &Caller, route: &Route) -> Reply {
    let world = &mut core.world;
    if let Op::AgentSkillsByWorkno { workno } = &route.op {
        let Some(target) =
            routes::workno(workno).and_then(|_| world.agent_index(Vendor::Huawei, workno))
        else {
            return Reply::err(rc::SKILL_PARAM, "no such agent in this VDN");
        };
        return Reply::ok(skill_list(world, configured(world, target)));
    }
    let Some(i) = caller.agent else {
        // The inspector is no roster agent: it has no state or skills of its own.
        return match route.op {
            Op::AgentStatus => Reply::ok(json!({"agentState": 4, "isWorking": false})),
            Op::AgentSkills => Reply::ok(json!([])),
            _ => Reply::err(rc::STATE_ERROR, "the inspector has no agent state to set"),
        };
    };
    match &route.op {
        Op::SayBusy => {
            let reason = match route.query("reason").map(str::trim) {
                None | Some("") | Some("0") => 0,
                Some(r) => match r.parse::<u16>() {
                    Ok(r) if (200..=250).contains(&r) => r,
                    _ => return Reply::err(rc::BAD_PARAM, "reason must be empty, 0 or 200-250"),
                },
            };
            if let Some(p) = route.query("prolong") {
                if !p.eq_ignore_ascii_case("true") && !p.eq_ignore_ascii_case("false") {
                    return Reply::err(rc::BAD_PARAM, "prolong must be true or false");
                }
            }
            applied(world.say_busy(i, reason, Origin::Agent))
        }
        Op::SayFree => {
            core.huawei.sayfree.insert(i);
            applied(core.world.make_ready(i, Origin::Agent))
        }
        Op::CancelBusy => applied(world.cancel_busy(i, Origin::Agent)),
        Op::Rest { time, cause } => {
            let time = time
                .parse::<u32>()
                .ok()
                .filter(|t| (1..=86_399).contains(t));
            let cause = cause.parse::<u8>().ok();
            match (time, cause) {
                (Some(t), Some(c)) => applied(world.rest(i, t, c, Origin::Agent)),
                _ => Reply::err(
                    rc::BAD_PARAM,
                    "rest needs time 1-86399 (seconds) and restcause 0-255",
                ),
            }
        }
        Op::CancelRest => applied(world.cancel_rest(i, Origin::Agent)),
        Op::Work => applied(world.start_work(i, Origin::Agent)),
        Op::CancelWork => applied(world.cancel_work(i, Origin::Agent)),
        Op::ResetSkill { autoflag } => reset_skill(world, i, autoflag, route.query("skillid")),
        Op::AgentSkills => Reply::ok(skill_list(world, configured(world, i))),
        Op::AgentStatus => {
            let a = &world.agents[i];
            let (_, status, _) = huawei_status(&a.phase, a.pending.as_ref());
            let working = matches!(a.phase, Phase::Talking { .. });
            Reply::ok(json!({"agentState": status, "isWorking": working}))
        }
        _ => Reply::err(rc::INTERNAL, "not an agent operation"),
    }
}

/// `resetskill/{autoflag}?skillid=1;2`: `true` signs into every configured skill; `false` into the
/// configured skills among `skillid`. A skill id that is not a number or no skill queue of the
/// VDN is `100-019`; a real skill the agent is not configured for is left out (intersection).
fn reset_skill(world: &mut World, agent: usize, autoflag: &str, skillid: Option<&str>) -> Reply {
    let groups = if autoflag.eq_ignore_ascii_case("true") {
        configured(world, agent)
    } else if autoflag.eq_ignore_ascii_case("false") {
        let list = skillid.unwrap_or("").trim();
        if list.is_empty() || list.len() > 4000 {
            return Reply::err(
                rc::SKILL_PARAM,
                "skillid must list skill ids separated by ;",
            );
        }
        let mine = configured(world, agent);
        let mut groups = Vec::new();
        for part in list
            .split([';', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let group = part.parse::<u32>().ok().and_then(|n| {
                world
                    .groups_of(Vendor::Huawei)
                    .find(|(_, g)| g.num == n)
                    .map(|(g, _)| g)
            });
            match group {
                Some(g) if mine.contains(&g) && !groups.contains(&g) => groups.push(g),
                Some(_) => {}
                None => {
                    return Reply::err(
                        rc::SKILL_PARAM,
                        format!("no skill queue {part} in this VDN"),
                    )
                }
            }
        }
        groups
    } else {
        return Reply::err(rc::BAD_PARAM, "autoflag must be true or false");
    };
    applied(world.set_signed_groups(agent, groups, Origin::Agent))
}
