//! Sign-in family (`PUT onlineagent/{id}`, `forcelogin`, `loginex`), sign-out (`logout`,
//! `forcelogout`, `forcelogoutwithreason`) and keep-alives (`handshake`, `updateGuid`).

use super::envelope::{rc, Reply};
use super::fields::{self, FieldError};
use super::routes::{self, Op, Route};
use super::session::{Kind, Lane, CLUSTER_COOKIE};
use super::{events, read_body, Caller};
use crate::sim::world::{Controller, OpError, Origin, SignInState, Vendor, Why, HUAWEI_INSPECTOR};
use crate::sim::{Shared, SimCore};
use axum::body::Body;
use serde_json::{json, Map, Value};
use std::time::Instant;

/// A validated sign-in body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    pub password: String,
    pub phonenum: Option<String>,
    /// 3 busy, 4 idle, 5 wrap-up, 8 rest.
    pub status: u8,
    pub rest_s: u32,
    pub rest_cause: u8,
    /// `callBackUri` and `serviceToken` both given: events are pushed, not polled.
    pub push: bool,
}

fn field(code: &'static str) -> impl Fn(FieldError) -> Reply {
    move |e| Reply::err(code, e.to_string())
}

/// Type errors and missing mandatory fields are `100-001`; values out of range `100-011`.
fn checked<T>(r: Result<T, FieldError>) -> Result<T, Reply> {
    r.map_err(|e| match e {
        FieldError::Range(_) => Reply::err(rc::SIGNIN_INVALID, e.to_string()),
        _ => Reply::err(rc::SIGNIN_PARAM, e.to_string()),
    })
}

fn is_ipv4(text: &str) -> bool {
    text.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Validates every body field the sign-in page documents.
pub fn parse(body: &[u8], need_phone: bool) -> Result<SignIn, Reply> {
    let obj: Map<String, Value> = fields::object(body)
        .ok_or_else(|| Reply::err(rc::SIGNIN_PARAM, "the sign-in body must be a JSON object"))?;
    let password = checked(fields::string(&obj, "password", 32))?
        .ok_or_else(|| field(rc::SIGNIN_PARAM)(FieldError::Missing("password")))?;
    let phonenum = checked(fields::string(&obj, "phonenum", 24))?;
    if need_phone && phonenum.as_deref().is_none_or(|p| p.is_empty()) {
        return Err(field(rc::SIGNIN_PARAM)(FieldError::Missing("phonenum")));
    }
    for key in [
        "autoanswer",
        "autoenteridle",
        "releasephone",
        "phonelinkage",
        "checkInWebm",
        "checkInMailm",
        "listenStatus",
    ] {
        checked(fields::boolean(&obj, key))?;
    }
    let agenttype = checked(fields::integer(&obj, "agenttype", i64::MIN..=i64::MAX))?;
    if agenttype.is_some_and(|t| t != 4 && t != 11) {
        return Err(Reply::err(
            rc::AGENT_TYPE,
            "agenttype must be 4 (PC+phone) or 11 (PC+phone video)",
        ));
    }
    let status = checked(fields::integer(&obj, "status", 0..=255))?.unwrap_or(4);
    if ![3, 4, 5, 8].contains(&status) {
        return Err(Reply::err(
            rc::SIGNIN_INVALID,
            "status must be 3 (busy), 4 (idle), 5 (wrap-up) or 8 (rest)",
        ));
    }
    let time = checked(fields::integer(&obj, "time", 1..=86_399))?;
    let restcause = checked(fields::integer(&obj, "restcause", 0..=255))?;
    if status == 8 && (time.is_none() || restcause.is_none()) {
        return Err(Reply::err(
            rc::SIGNIN_INVALID,
            "time (1-86399) and restcause (0-255) are mandatory when status is 8 (rest)",
        ));
    }
    match fields::string(&obj, "ip", 15) {
        Ok(None) => {}
        Ok(Some(ip)) if is_ipv4(&ip) => {}
        _ => {
            return Err(Reply::err(
                rc::IP_INVALID,
                "ip must be an IPv4 address of at most 15 characters",
            ))
        }
    }
    checked(fields::string(&obj, "entryIp", 64))?;
    checked(fields::string(&obj, "vcPhoneNumber", 24))?;
    checked(fields::string(&obj, "serviceworkid", 30))?;
    let callback = checked(fields::string(&obj, "callBackUri", 2048))?;
    let token = fields::string(&obj, "serviceToken", 50)
        .map_err(|e| Reply::err(rc::SIGNIN_PARAM, e.to_string()))?;
    if token
        .as_deref()
        .is_some_and(|t| !t.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(Reply::err(
            rc::SIGNIN_PARAM,
            "serviceToken must not contain special characters",
        ));
    }
    match obj.get("signInMode") {
        None | Some(Value::Null) => {}
        Some(Value::String(m)) if m == "0" || m == "1" => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n <= 1) => {}
        Some(_) => {
            return Err(Reply::err(
                rc::SIGNIN_INVALID,
                "signInMode must be 0 (WebRTC) or 1 (OpenEye)",
            ))
        }
    }
    let push = callback.is_some_and(|c| !c.is_empty()) && token.is_some_and(|t| !t.is_empty());
    Ok(SignIn {
        password,
        phonenum,
        status: status as u8,
        rest_s: time.unwrap_or(0) as u32,
        rest_cause: restcause.unwrap_or(0) as u8,
        push,
    })
}

/// `PUT onlineagent/{id}` and its `forcelogin` / `loginex` variants.
pub async fn sign_in(shared: &Shared, route: &Route, body: Body) -> Reply {
    let Op::SignIn { force, ex } = route.op else {
        return Reply::err(rc::INTERNAL, "not a sign-in");
    };
    if routes::workno(&route.agent).is_none() {
        return Reply::err(
            rc::SIGNIN_PARAM,
            "agentid must be a work number from 101 to 999999",
        );
    }
    let flights = shared.lock().huawei.inflight.clone();
    let _guard = match flights.acquire(&route.agent, Lane::Ops, Kind::SignInOut) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    let Some(bytes) = read_body(body).await else {
        return Reply::err(
            rc::SIGNIN_PARAM,
            "the request body is unreadable or too large",
        );
    };
    let request = match parse(&bytes, !ex) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    complete(shared, &route.agent, force, &request)
}

fn login_result(vdn: u32, workno: &str, login_ms: i64) -> Value {
    json!({
        "vdnid": vdn,
        "workno": workno,
        "mediatype": "TTF",
        "loginTime": login_ms.to_string(),
        "isForceChange": "false",
        "serverName": "AgentGateway",
        "timeRemaining": "",
    })
}

fn signed_in(result: Value, guid: String) -> Reply {
    let mut reply = Reply::ok(result).with_guid(Some(guid));
    reply.message = String::new();
    reply.set_cookie = Some(CLUSTER_COOKIE);
    reply
}

fn complete(shared: &Shared, workno: &str, force: bool, req: &SignIn) -> Reply {
    let mut core = shared.lock();
    let core: &mut SimCore = &mut core;
    core.flush();
    let now = Instant::now();
    let inspector = workno == HUAWEI_INSPECTOR;
    let agent = core.world.agent_index(Vendor::Huawei, workno);
    let (password, device) = match (inspector, agent) {
        (true, _) => (
            core.huawei.options.inspector_password.clone(),
            format!("4{workno}"),
        ),
        (false, Some(i)) => (
            core.huawei.options.agent_password.clone(),
            core.world.agents[i].device_id.clone(),
        ),
        (false, None) => {
            return Reply::err(rc::WRONG_PASSWORD, "unknown work number or wrong password")
        }
    };
    if req.password != password {
        return Reply::err(rc::WRONG_PASSWORD, "unknown work number or wrong password");
    }
    if let Some(phone) = req.phonenum.as_deref().filter(|p| !p.is_empty()) {
        if !phone.bytes().all(|b| b.is_ascii_digit()) {
            return Reply::err(rc::PHONE_INVALID, "invalid phone number");
        }
        if phone != device {
            return Reply::err(
                rc::PHONE_RANGE,
                "the phone number is not in the range configured for this agent",
            );
        }
    }
    let already = "the agent is already signed in; use forcelogin to take the session over";
    let vdn = core.world.site.huawei_vdn;
    let sim_now = core.world.now;
    let Some(i) = agent else {
        // The inspector: not in the roster, only a gateway session.
        if core.huawei.has_session(workno) && !force {
            return Reply::err(rc::ALREADY_SIGNED_IN, already);
        }
        let s = core
            .huawei
            .open_session(workno, None, sim_now, req.push, now);
        for kind in ["AgentOther_InService", "AgentState_Ready"] {
            s.push_event(events::event(workno, kind, Value::Null, sim_now));
        }
        let guid = s.guid.clone();
        return signed_in(login_result(vdn, workno, sim_now), guid);
    };
    if core.world.agents[i].phase.is_signed_in() {
        if !force {
            return Reply::err(rc::ALREADY_SIGNED_IN, already);
        }
        // forcelogin: the other client (desk client or an earlier API session) is pushed out.
        if let Some(old) = core.huawei.sessions.remove(workno) {
            old.notify.notify_one();
        }
        if core.world.agents[i].phase.call().is_some() {
            // UNCONFIRMED: taking over an agent in a call keeps the call (and its state) rather
            // than releasing the customer; the new session is told the current state.
            core.world.set_controller(i, Controller::Api);
            let login_ms = core.world.agents[i].login_time;
            let state = events::current_state_events(&core.world, i);
            let s = core
                .huawei
                .open_session(workno, Some(i), login_ms, req.push, now);
            for (kind, content) in state {
                s.push_event(events::event(workno, kind, content, sim_now));
            }
            let guid = s.guid.clone();
            return signed_in(login_result(vdn, workno, login_ms), guid);
        }
        if let Err(e) = core.world.sign_out(i, false, Why::SignedOut, Origin::Agent) {
            return Reply::err(rc::INTERNAL, e.to_string());
        }
        core.flush();
    }
    let state = SignInState::Huawei {
        status: req.status,
        rest_s: req.rest_s,
        rest_cause: req.rest_cause,
    };
    if let Err(e) = core.world.sign_in(i, None, false, state, Origin::Agent) {
        return Reply::err(rc::INTERNAL, e.to_string());
    }
    core.world.set_controller(i, Controller::Api);
    let guid = core
        .huawei
        .open_session(workno, Some(i), sim_now, req.push, now)
        .guid
        .clone();
    core.flush();
    signed_in(login_result(vdn, workno, sim_now), guid)
}

/// `DELETE logout` (refused on a call), `forcelogout`, `forcelogoutwithreason/{1-255}`.
pub fn logout(core: &mut SimCore, caller: &Caller, route: &Route) -> Reply {
    let Op::Logout { force, reason } = &route.op else {
        return Reply::err(rc::INTERNAL, "not a sign-out");
    };
    if let Some(r) = reason {
        if !r.parse::<u16>().is_ok_and(|r| (1..=255).contains(&r)) {
            return Reply::err(rc::SIGNOUT_PARAM, "the sign-out reason must be 1 to 255");
        }
    }
    let now = Instant::now();
    let Some(i) = caller.agent else {
        if let Some(s) = core.huawei.sessions.get_mut(&caller.workno) {
            let content = json!({"loginTime": s.login_ms.to_string()});
            let ev = events::event(
                &caller.workno,
                "AgentOther_ShutdownService",
                content,
                core.world.now,
            );
            s.push_event(ev);
            s.close(now);
        }
        return Reply::done();
    };
    match core
        .world
        .sign_out(i, *force, Why::SignedOut, Origin::Agent)
    {
        Ok(()) => {
            core.world.set_controller(i, Controller::World);
            Reply::done()
        }
        Err(OpError::WrongState { actual, .. }) => Reply::err(
            rc::SIGNOUT_STATE,
            format!("cannot sign out in state {actual} (on a call); use forcelogout"),
        ),
        Err(OpError::NotSignedIn) => {
            if let Some(s) = core.huawei.sessions.get_mut(&caller.workno) {
                s.close(now);
            }
            core.world.set_controller(i, Controller::World);
            Reply::err(rc::ALREADY_SIGNED_OUT, "the agent has already signed out")
        }
        Err(e) => Reply::err(rc::INTERNAL, e.to_string()),
    }
}

/// `POST handshake` (liveness, push mode) and `PUT updateGuid` (a fresh Guid now).
pub fn keepalive(core: &mut SimCore, caller: &Caller, route: &Route) -> Reply {
    let timeout = core.huawei.options.guid_timeout;
    let Some(s) = core.huawei.sessions.get_mut(&caller.workno) else {
        return Reply::err(rc::NOT_SIGNED_IN, "the agent has not signed in");
    };
    let now = Instant::now();
    s.last_seen = now;
    if route.op == Op::UpdateGuid {
        s.rotate_if_due(now, std::time::Duration::ZERO, timeout);
    }
    Reply::done()
}
