//! World changes → Huawei agent events (`AgentState_*`, `AgentEvent_*`, `AgentOther_*`) for the
//! agent's own session, and `QC_AgentState_Notify` for every inspector monitoring the agent.

use super::HuaweiGateway;
use crate::sim::world::{Change, Direction, Origin, Phase, Vendor, Why, World};
use serde_json::{json, Value};
use std::time::Instant;

/// One event as it appears under `event` in a poll answer.
pub fn event(workno: &str, event_type: &str, content: Value, at_ms: i64) -> Value {
    json!({
        "eventType": event_type,
        "workNo": workno,
        "content": content,
        "eventGenTime": at_ms,
    })
}

/// A Huawei call id (`<seconds>-<n>`), also for calls the world has already removed.
pub fn call_text(world: &World, call: u64) -> String {
    format!("{}-{}", world.epoch / 1000, call)
}

/// Content of ringing / talking events: caller, called, callid, type, feature, mediaAbility.
fn call_content(world: &World, call: u64) -> Value {
    let (caller, called, feature) = match world.calls.get(&call) {
        Some(c) => (
            c.caller.clone(),
            c.called.clone(),
            if c.direction == Direction::Outbound {
                "7"
            } else {
                "0"
            },
        ),
        None => (String::new(), String::new(), "0"),
    };
    json!({
        "caller": caller,
        "called": called,
        "callid": call_text(world, call),
        "type": "main",
        "feature": feature,
        "mediaAbility": "1",
    })
}

fn reason(r: impl ToString) -> Value {
    json!({ "reason": r.to_string() })
}

/// The event that announces a phase the agent is in (after a state change into it).
fn entered(world: &World, to: &Phase, origin: Origin) -> Vec<(&'static str, Value)> {
    match to {
        Phase::Idle if origin == Origin::Supervisor => {
            vec![("AgentState_Force_Ready", Value::Null)]
        }
        Phase::Idle => vec![("AgentState_Ready", Value::Null)],
        // Content of the forced events is UNCONFIRMED; the busy reason is carried like
        // AgentState_SetNotReady_Success does.
        Phase::Busy { reason: r } if origin == Origin::Supervisor => {
            vec![("AgentState_Force_SetNotReady", reason(r))]
        }
        Phase::Busy { reason: r } => vec![("AgentState_SetNotReady_Success", reason(r))],
        Phase::Rest { cause, .. } => vec![("AgentState_SetRest_Success", reason(cause))],
        Phase::WrapUp => vec![("AgentState_Work", Value::Null)],
        Phase::Ringing { call } => vec![
            ("AgentOther_PhoneAlerting", call_content(world, *call)),
            ("AgentEvent_Ringing", call_content(world, *call)),
        ],
        Phase::Dialing { call } => {
            let other = world
                .calls
                .get(call)
                .map(|c| c.called.clone())
                .unwrap_or_default();
            vec![(
                "AgentEvent_Customer_Alerting",
                json!({"callid": call_text(world, *call), "otherPhone": other,
                       "otherPhoneWorkno": "", "type": "main"}),
            )]
        }
        Phase::Talking { call } => vec![("AgentEvent_Talking", call_content(world, *call))],
        Phase::Break { .. } | Phase::Offline => Vec::new(),
    }
}

/// The events a change produces on the agent's own session. `sayfree` marks a change made by the
/// agent's `sayfree` request (answered with `AgentState_Ready` rather than a cancel event).
pub fn agent_events(world: &World, ch: &Change, sayfree: bool) -> Vec<(&'static str, Value)> {
    let login_ms = world
        .agents
        .get(ch.agent)
        .map(|a| a.login_time)
        .unwrap_or(0);
    let released = |events: &mut Vec<(&'static str, Value)>| {
        if let Some(call) = ch.from.call() {
            events.push(("AgentEvent_Call_Release", json!(call_text(world, call))));
        }
    };
    let mut events = Vec::new();
    match &ch.why {
        Why::SignedIn { .. } => {
            events.push(("AgentOther_InService", Value::Null));
            events.push(("AgentState_Ready", Value::Null));
            if ch.to != Phase::Idle {
                events.extend(entered(world, &ch.to, Origin::Agent));
            }
        }
        Why::SignedOut | Why::IdleTimeout | Why::Reset => {
            released(&mut events);
            events.push((
                "AgentOther_ShutdownService",
                json!({"loginTime": login_ms.to_string()}),
            ));
        }
        Why::CallOffered | Why::CallAnswered => events.extend(entered(world, &ch.to, ch.origin)),
        Why::CallReleased { by_customer } => {
            if let Some(call) = ch.from.call() {
                if *by_customer {
                    events.push(("AgentEvent_Customer_Release", json!(call_text(world, call))));
                }
                events.push(("AgentEvent_Call_Release", json!(call_text(world, call))));
            }
            events.extend(entered(world, &ch.to, Origin::World));
        }
        Why::RingNoAnswer => {
            // UNCONFIRMED content: the call id as a bare string, like AgentEvent_Call_Release.
            if let Some(call) = ch.from.call() {
                events.push(("AgentEvent_No_Answer", json!(call_text(world, call))));
            }
            events.extend(entered(world, &ch.to, Origin::World));
        }
        Why::WrapUpDone => events.extend(entered(world, &ch.to, ch.origin)),
        Why::BreakStarted | Why::PendingApplied => events.extend(entered(world, &ch.to, ch.origin)),
        Why::BreakEnded => {
            if ch.origin == Origin::Supervisor || sayfree {
                events.extend(entered(world, &ch.to, ch.origin));
            } else {
                match ch.from {
                    Phase::Rest { .. } => {
                        events.push(("AgentState_CancelRest_Success", Value::Null))
                    }
                    _ => events.push(("AgentState_CancelNotReady_Success", Value::Null)),
                }
            }
        }
        Why::WorkStarted => events.push(("AgentState_SetWork_Success", Value::Null)),
        Why::WorkEnded => {
            if ch.origin == Origin::Supervisor || sayfree {
                events.extend(entered(world, &ch.to, ch.origin));
            } else {
                events.push(("AgentState_CancelWork_Success", Value::Null));
            }
        }
        Why::IvrReturned => {
            if let Some(call) = ch.to.call() {
                events.push(("AgentEvent_ReturnFromIvr", json!(call_text(world, call))));
            }
        }
        Why::RestTimeout => events.push(("AgentState_Rest_Timeout", Value::Null)),
        // No documented event marks a call leaving for the IVR (UNCONFIRMED), nor a skill change.
        Why::IvrLeft { .. } | Why::SkillsChanged => {}
    }
    events
}

/// The events describing an agent's current state, for a session that takes over an agent in the
/// middle of a call (forcelogin while talking).
pub fn current_state_events(world: &World, agent: usize) -> Vec<(&'static str, Value)> {
    let Some(a) = world.agents.get(agent) else {
        return Vec::new();
    };
    let mut events = vec![("AgentOther_InService", Value::Null)];
    events.extend(entered(world, &a.phase, Origin::World));
    events
}

fn state_subtype(phase: &Phase) -> Option<&'static str> {
    Some(match phase {
        Phase::Offline => "QC_AgentState_Logout",
        Phase::Idle => "QC_AgentState_Idle",
        Phase::Busy { .. } | Phase::Break { .. } => "QC_AgentState_Busy",
        Phase::Rest { .. } => "QC_AgentState_Rest",
        Phase::WrapUp => "QC_AgentState_Work",
        Phase::Ringing { .. } => "QC_AgentState_WaitAnswer",
        Phase::Dialing { .. } => "QC_AgentState_WaitAlerting",
        Phase::Talking { .. } => "QC_AgentState_Active",
    })
}

/// `QC_AgentState_Notify` subtypes for a change of a monitored agent (subtypes beyond Login/Logout
/// come from Huawei's bridge demo; their exact use is UNCONFIRMED).
pub fn qc_subtypes(ch: &Change) -> Vec<&'static str> {
    let mut subs = Vec::new();
    match ch.why {
        Why::SignedIn { .. } => {
            subs.push("QC_AgentState_Login");
            subs.extend(state_subtype(&ch.to));
        }
        Why::CallReleased { .. } => {
            subs.push("QC_AgentState_HungUp");
            subs.extend(state_subtype(&ch.to));
        }
        _ if ch.from != ch.to => subs.extend(state_subtype(&ch.to)),
        _ => {}
    }
    subs
}

impl HuaweiGateway {
    /// Turns world changes into events for the agents' own sessions and monitoring inspectors.
    pub fn on_changes(&mut self, world: &World, changes: &[Change]) {
        let now = Instant::now();
        for ch in changes {
            let Some(agent) = world.agents.get(ch.agent) else {
                continue;
            };
            if agent.vendor != Vendor::Huawei {
                continue;
            }
            let sayfree = self.sayfree.contains(&ch.agent) && ch.origin == Origin::Agent;
            if let Some(s) = self.sessions.get_mut(&agent.id) {
                if s.is_open() && s.agent == Some(ch.agent) {
                    for (kind, content) in agent_events(world, ch, sayfree) {
                        s.push_event(event(&agent.id, kind, content, ch.at));
                    }
                    if ch.to == Phase::Offline {
                        s.close(now);
                    }
                }
            }
            let subs = qc_subtypes(ch);
            if subs.is_empty() {
                continue;
            }
            for s in self.sessions.values_mut() {
                if s.agent.is_some() || !s.is_open() || !s.monitored.contains(&ch.agent) {
                    continue;
                }
                for sub in &subs {
                    let mut content = json!({
                        "subtype": sub,
                        "monitoredagent": agent.id,
                        "agentname": agent.display_name,
                        "mediaserver": "CtiServer",
                    });
                    // UNCONFIRMED: the docs show no QC content beyond subtype, agent and name; the
                    // busy reason is carried like AgentState_SetNotReady_Success carries it.
                    if let (&"QC_AgentState_Busy", Phase::Busy { reason: r }) = (sub, &ch.to) {
                        content["reason"] = reason(r)["reason"].clone();
                    }
                    let ev = event(&s.workno, "QC_AgentState_Notify", content, ch.at);
                    s.push_event(ev);
                }
            }
        }
    }
}
