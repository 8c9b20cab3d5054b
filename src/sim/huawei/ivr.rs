//! IVR: `queuedevice/{id}/ivrinfo` (flows and access codes), `calldata/{id}/callinfo` (the current
//! call) and `voicecall/{id}/transfer` (suspend transfer to an IVR flow and back, or release).

use super::agent_ops::op_error;
use super::envelope::{rc, Reply};
use super::events::call_text;
use super::fields::{self, FieldError};
use super::routes::{Op, Route};
use super::Caller;
use crate::sim::world::{Direction, Origin, Phase, Vendor, World};
use crate::sim::SimCore;
use serde_json::{json, Value};

/// Runs an IVR operation.
pub fn run(core: &mut SimCore, caller: &Caller, route: &Route, body: &[u8]) -> Reply {
    match route.op {
        Op::IvrInfo => ivr_info(&core.world),
        Op::CallInfo => match caller.agent {
            Some(i) => call_info(&core.world, i),
            None => no_call(),
        },
        Op::Transfer => match caller.agent {
            Some(i) => transfer(&mut core.world, i, body),
            None => Reply::err(
                rc::TRANSFER_NO_CALL,
                "the inspector has no call to transfer",
            ),
        },
        _ => Reply::err(rc::INTERNAL, "not an IVR operation"),
    }
}

fn ivr_info(world: &World) -> Reply {
    let list: Vec<Value> = world
        .flows_of(Vendor::Huawei)
        .enumerate()
        .map(|(n, f)| {
            json!({
                "access": f.access,
                "id": f.id.parse::<u64>().unwrap_or(n as u64 + 1),
                "description": f.name,
                "serviceNo": n + 1,
            })
        })
        .collect();
    if list.is_empty() {
        return Reply::err(rc::NO_IVR, "no IVR is configured in the VDN");
    }
    Reply::ok(Value::Array(list))
}

/// No current call: UNCONFIRMED which code; `100-007` is on the calldata pages' error lists.
fn no_call() -> Reply {
    Reply::err(rc::INTERNAL, "the agent has no call")
}

/// A number field the documents type as int: a number when the digits fit, else the text.
fn number_or_text(text: &str) -> Value {
    match text.parse::<u64>() {
        Ok(n) if !text.starts_with('0') => json!(n),
        _ => json!(text),
    }
}

fn call_info(world: &World, agent: usize) -> Reply {
    let Some(call) = world.call_of(agent) else {
        return no_call();
    };
    let group = world.groups.get(call.group);
    let login = world.agents.get(agent).map(|a| a.login_time).unwrap_or(0);
    let data = call
        .variables
        .get("callappdata")
        .cloned()
        .unwrap_or_default();
    Reply::ok(json!({
        "callfeature": if call.direction == Direction::Outbound { 7 } else { 0 },
        "callid": call_text(world, call.id),
        "caller": number_or_text(&call.caller),
        "called": number_or_text(&call.called),
        "callskill": group.map(|g| g.name.clone()).unwrap_or_default(),
        "callskillid": group.map(|g| g.num).unwrap_or(0),
        "orgicallednum": "4008001000",
        "calldata": data,
        "begintime": call.answered.unwrap_or(call.created),
        "endtime": 0,
        "userPriority": 0,
        "trunkNo": 0,
        "logontimes": ((world.now - login).max(0) / 1000),
        "mediaType": 5,
    }))
}

fn bad(e: FieldError) -> Reply {
    Reply::err(rc::BAD_PARAM, e.to_string())
}

/// `POST voicecall/{id}/transfer {devicetype, mode, address, callappdata?}`. The simulator
/// transfers to IVR flows only: devicetype 3 with mode 1 (suspend: the call comes back,
/// `AgentEvent_ReturnFromIvr`) or mode 0 (release: the agent leaves the call). Other device types
/// are answered `000-002`.
fn transfer(world: &mut World, agent: usize, body: &[u8]) -> Reply {
    let Some(obj) = fields::object(body) else {
        return Reply::err(rc::BAD_PARAM, "the body must be a JSON object");
    };
    let parsed = (|| {
        let devicetype =
            fields::integer(&obj, "devicetype", 1..=5)?.ok_or(FieldError::Missing("devicetype"))?;
        let mode = fields::integer(&obj, "mode", 0..=4)?.ok_or(FieldError::Missing("mode"))?;
        let address = fields::string(&obj, "address", 24)?.ok_or(FieldError::Missing("address"))?;
        let data = fields::string(&obj, "callappdata", 16 * 1024)?;
        fields::string(&obj, "caller", 24)?;
        fields::integer(&obj, "mediaability", 0..=2)?;
        fields::boolean(&obj, "holdflag")?;
        Ok((devicetype, mode, address, data))
    })();
    let (devicetype, mode, address, data) = match parsed {
        Ok(p) => p,
        Err(e) => return bad(e),
    };
    if devicetype != 3 || mode > 1 {
        return Reply::err(
            rc::BAD_PARAM,
            "the simulator transfers to IVR only: devicetype 3 with mode 1 (suspend) or 0 (release)",
        );
    }
    if address.is_empty() || !address.bytes().all(|b| b.is_ascii_digit()) {
        return Reply::err(
            rc::BAD_PARAM,
            "address must be the IVR flow's access code (digits)",
        );
    }
    if !world.flows_of(Vendor::Huawei).any(|f| f.access == address) {
        return Reply::err(
            rc::BAD_PARAM,
            format!("no IVR flow with access code {address}"),
        );
    }
    let call = match world.agents.get(agent).map(|a| &a.phase) {
        Some(Phase::Talking { call }) => *call,
        Some(Phase::Offline) => {
            return Reply::err(rc::NOT_SIGNED_IN, "the agent has not signed in")
        }
        _ => return Reply::err(rc::TRANSFER_NO_CALL, "the agent has no call to transfer"),
    };
    let in_ivr = world
        .calls
        .get(&call)
        .and_then(|c| c.ivr.as_ref())
        .is_some_and(|v| !v.returned);
    if in_ivr {
        return Reply::err(rc::TRANSFER_NO_CALL, "the call is already in an IVR flow");
    }
    if let (Some(d), Some(c)) = (data, world.calls.get_mut(&call)) {
        c.variables.insert("callappdata".into(), d);
    }
    if mode == 1 {
        return match world.launch_ivr(agent, Some(call), &address, Origin::Agent) {
            Ok(_) => Reply::done(),
            Err(e) => op_error(e),
        };
    }
    // Release transfer: the call goes on in the IVR without the agent, who enters wrap-up.
    world.end_call(agent, call, false);
    Reply::done()
}
