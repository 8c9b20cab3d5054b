//! The inspector's (质检员) operations, `qualitycontrol/{id}/...`: `beginmonitor` / `endmonitor`
//! (then `QC_AgentState_Notify` on its own poll) and forced busy, idle, rest and sign-out.

use super::envelope::{rc, Reply};
use super::routes::{self, Op, Route};
use super::Caller;
use crate::sim::world::{Controller, OpError, Origin, Vendor, Why, HUAWEI_INSPECTOR};
use crate::sim::SimCore;

/// Most agents per `beginmonitor` / `endmonitor` call (Huawei's bridge demo batches by 500).
pub const MAX_MONITOR: usize = 500;

fn qc_error(e: OpError) -> Reply {
    match e {
        OpError::UnknownAgent(_) => Reply::err(rc::QC_NO_AGENT, "no such agent in this VDN"),
        OpError::NotSignedIn => Reply::err(rc::QC_STATE, "the agent has not signed in"),
        OpError::WrongState { actual, expected } => Reply::err(
            rc::QC_STATE,
            format!("the agent's state {actual} does not allow this (needs {expected})"),
        ),
        e => Reply::err(rc::INTERNAL, e.to_string()),
    }
}

/// Runs an inspector operation.
pub fn run(core: &mut SimCore, caller: &Caller, route: &Route) -> Reply {
    if caller.workno != HUAWEI_INSPECTOR || caller.agent.is_some() {
        return Reply::err(rc::QC_NO_RIGHT, "the caller has no inspector right");
    }
    match &route.op {
        Op::BeginMonitor | Op::EndMonitor => monitor(core, caller, route),
        Op::ForceBusy { workno }
        | Op::ForceIdle { workno }
        | Op::ForceLogout { workno }
        | Op::ForceRest { workno, .. } => {
            if workno == &caller.workno {
                return Reply::err(rc::QC_SELF, "the inspected agent is the inspector");
            }
            let target =
                routes::workno(workno).and_then(|_| core.world.agent_index(Vendor::Huawei, workno));
            let Some(i) = target else {
                return Reply::err(rc::QC_NO_AGENT, "no such agent in this VDN");
            };
            force(core, i, &route.op)
        }
        _ => Reply::err(rc::INTERNAL, "not an inspector operation"),
    }
}

fn force(core: &mut SimCore, i: usize, op: &Op) -> Reply {
    let world = &mut core.world;
    let result = match op {
        // Busy reason 3 = forced by an inspector.
        Op::ForceBusy { .. } => world.say_busy(i, 3, Origin::Supervisor).map(|_| ()),
        Op::ForceIdle { .. } => world.force_idle(i).map(|_| ()),
        Op::ForceRest { time, reason, .. } => {
            let time = time
                .parse::<u32>()
                .ok()
                .filter(|t| (1..=86_399).contains(t));
            let reason = reason.parse::<u8>().ok().filter(|r| *r >= 1);
            let (Some(t), Some(r)) = (time, reason) else {
                return Reply::err(
                    rc::BAD_PARAM,
                    "forcerest needs time 1-86399 and reason 1-255",
                );
            };
            world.rest(i, t, r, Origin::Supervisor).map(|_| ())
        }
        // Forced sign-out works in any state (a call is released), so a stuck agent can be reset.
        Op::ForceLogout { .. } => {
            let r = world.sign_out(i, true, Why::SignedOut, Origin::Supervisor);
            if r.is_ok() {
                world.set_controller(i, Controller::World);
            }
            r
        }
        _ => return Reply::err(rc::INTERNAL, "not a forced operation"),
    };
    match result {
        Ok(()) => Reply::done(),
        Err(e) => qc_error(e),
    }
}

/// `beginmonitor?agents=a;b;c` / `endmonitor?agents=...`: at most 500 work numbers per call.
/// Unknown work numbers are skipped (lenient, UNCONFIRMED); if none is known the answer is 900-004.
fn monitor(core: &mut SimCore, caller: &Caller, route: &Route) -> Reply {
    let list: Vec<&str> = route
        .query("agents")
        .unwrap_or("")
        .split([';', ','])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    if list.is_empty() || list.len() > MAX_MONITOR {
        return Reply::err(
            rc::BAD_PARAM,
            format!("agents must list 1 to {MAX_MONITOR} work numbers separated by ;"),
        );
    }
    if list.iter().any(|a| routes::workno(a).is_none()) {
        return Reply::err(
            rc::BAD_PARAM,
            "agents must be work numbers from 101 to 999999",
        );
    }
    let found: Vec<usize> = list
        .iter()
        .filter_map(|a| core.world.agent_index(Vendor::Huawei, a))
        .collect();
    if found.is_empty() {
        return Reply::err(rc::QC_NO_AGENT, "none of these agents is in this VDN");
    }
    let Some(s) = core.huawei.sessions.get_mut(&caller.workno) else {
        return Reply::err(rc::NOT_SIGNED_IN, "the inspector has not signed in");
    };
    if route.op == Op::BeginMonitor {
        s.monitored.extend(found);
    } else {
        for i in found {
            s.monitored.remove(&i);
        }
    }
    Reply::done()
}
