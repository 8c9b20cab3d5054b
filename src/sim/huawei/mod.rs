//! Huawei CC-Gateway (AgentGateway REST) API of the simulator: sign-in family, Guid auth (AUTHMODE 2)
//! with the cluster cookie, event long-polling, agent and inspector operations, queries and IVR; and,
//! in [`cms`], the CC-CMS real-time monitoring interfaces.

mod agent_ops;
pub mod cms;
mod envelope;
mod events;
mod fields;
mod inspector;
mod ivr;
mod poll;
mod queries;
mod routes;
mod session;
mod signin;

pub use envelope::rc;
pub use session::{CLUSTER_COOKIE, MAX_QUEUE};

use super::world::{Controller, Origin, Why, World};
use super::{HuaweiOptions, Shared, SimCore};
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Response, StatusCode};
use envelope::Reply;
use routes::{Op, Route, RouteError};
use session::{FlightGuard, InFlight, Kind, Lane, Session};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Largest request body read (sign-in JSON, transfer with ≤16k call data).
const MAX_BODY: usize = 64 * 1024;

/// Huawei gateway protocol state: sessions, Guids, event queues, monitoring.
pub struct HuaweiGateway {
    pub options: HuaweiOptions,
    /// The CC-CMS `skill/servicequality` flow control (one call per second).
    pub cms_flow: cms::quality::FlowGate,
    sessions: HashMap<String, Session>,
    inflight: InFlight,
    /// Agents whose change now being flushed was made by their own `sayfree`.
    sayfree: HashSet<usize>,
    next_generation: u64,
    shutting_down: bool,
}

impl HuaweiGateway {
    pub fn new(options: HuaweiOptions) -> HuaweiGateway {
        HuaweiGateway {
            options,
            cms_flow: Default::default(),
            sessions: HashMap::new(),
            inflight: InFlight::default(),
            sayfree: HashSet::new(),
            next_generation: 0,
            shutting_down: false,
        }
    }

    /// Whether a work number has an open session (signed in through the API).
    pub fn has_session(&self, workno: &str) -> bool {
        self.sessions.get(workno).is_some_and(Session::is_open)
    }

    /// Idle sign-out (no event poll for `idle_timeout`), Guid rotation, purge of closed sessions.
    pub fn sweep(&mut self, world: &mut World, now: Instant) {
        let opts = &self.options;
        let (interval, timeout, idle) = (opts.guid_interval, opts.guid_timeout, opts.idle_timeout);
        let mut idle_out = Vec::new();
        let mut purge = Vec::new();
        for (workno, s) in self.sessions.iter_mut() {
            s.rotate_if_due(now, interval, timeout);
            match s.closed {
                // Closed sessions keep their last events (the sign-out) for a while.
                Some(at)
                    if now.saturating_duration_since(at) > idle.max(Duration::from_secs(10)) =>
                {
                    purge.push(workno.clone())
                }
                Some(_) => {}
                None => {
                    let quiet = now.saturating_duration_since(s.last_seen);
                    if quiet > idle && !self.inflight.is_held(workno, Lane::Poll) {
                        idle_out.push(workno.clone());
                    }
                }
            }
        }
        for workno in purge {
            self.sessions.remove(&workno);
        }
        for workno in idle_out {
            let Some(s) = self.sessions.get_mut(&workno) else {
                continue;
            };
            tracing::info!(workno = %workno, "huawei session idle: signing out");
            match s.agent {
                Some(i) => {
                    // The ShutdownService event is queued when the change is flushed.
                    if world
                        .sign_out(i, true, Why::IdleTimeout, Origin::World)
                        .is_err()
                    {
                        s.close(now);
                    }
                    world.set_controller(i, Controller::World);
                }
                None => {
                    let ev = events::event(
                        &workno,
                        "AgentOther_ShutdownService",
                        serde_json::json!({"loginTime": s.login_ms.to_string()}),
                        world.now,
                    );
                    s.push_event(ev);
                    s.close(now);
                }
            }
        }
    }

    /// Fault injection: expires the Guid (current and previous) of the agent named in a request
    /// path, so its next request gets `000-003` and the client has to sign in again (forcelogin).
    pub fn expire_guid_for_path(&mut self, path: &str) {
        if let Some(workno) = routes::agent_of_path(path) {
            if let Some(s) = self.sessions.get_mut(&workno) {
                s.expire_guid();
            }
        }
    }

    /// Wakes every held long-poll (server shutdown); they answer at once with no event.
    pub fn shutdown(&mut self) {
        self.shutting_down = true;
        for s in self.sessions.values() {
            s.notify.notify_one();
        }
    }

    /// Opens a new session for a work number, replacing (and waking) any earlier one.
    fn open_session(
        &mut self,
        workno: &str,
        agent: Option<usize>,
        login_ms: i64,
        push: bool,
        now: Instant,
    ) -> &mut Session {
        if let Some(old) = self.sessions.remove(workno) {
            old.notify.notify_one();
        }
        self.next_generation += 1;
        let s = Session::new(workno, agent, self.next_generation, login_ms, push, now);
        self.sessions.entry(workno.to_string()).or_insert(s)
    }

    /// Finds the session of a work number and checks Guid and cookie (rotating a due Guid first).
    fn authorize(
        &mut self,
        workno: &str,
        headers: &HeaderMap,
        now: Instant,
        allow_closed: bool,
    ) -> Result<&mut Session, Reply> {
        let (interval, timeout) = (self.options.guid_interval, self.options.guid_timeout);
        let not_signed_in = || Reply::err(rc::NOT_SIGNED_IN, "the agent has not signed in");
        let s = self.sessions.get_mut(workno).ok_or_else(not_signed_in)?;
        if s.closed.is_some() && !allow_closed {
            return Err(not_signed_in());
        }
        s.rotate_if_due(now, interval, timeout);
        session::authenticate(s, headers, now)?;
        Ok(s)
    }

    /// The current Guid of a caller's session, if it is still that session.
    fn guid_of(&self, caller: &Caller) -> Option<String> {
        self.sessions
            .get(&caller.workno)
            .filter(|s| s.generation == caller.generation)
            .map(|s| s.guid.clone())
    }
}

/// An authenticated caller holding its agent's request slot for the life of the request.
pub(crate) struct Caller {
    workno: String,
    generation: u64,
    /// World index; `None` for the inspector.
    agent: Option<usize>,
    _guard: FlightGuard,
}

/// Serves one request under `/agentgateway/resource/`.
pub async fn handle(shared: Shared, req: Request) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let route = match routes::parse(&parts.method, parts.uri.path(), parts.uri.query()) {
        Ok(r) => r,
        Err(RouteError::NotFound) => return envelope::not_found(),
        Err(RouteError::Method(allow)) => return envelope::method_not_allowed(allow),
    };
    let reply = match route.op {
        Op::SignIn { .. } => signin::sign_in(&shared, &route, body).await,
        Op::Poll => poll::poll(&shared, &route, &parts.headers).await,
        _ => operate(&shared, &route, &parts.headers, body).await,
    };
    reply.into_response()
}

/// Reads a request body of at most [`MAX_BODY`] bytes.
async fn read_body(body: Body) -> Option<Bytes> {
    axum::body::to_bytes(body, MAX_BODY).await.ok()
}

/// Authenticates the caller and takes its request slot.
fn begin(shared: &Shared, route: &Route, headers: &HeaderMap, kind: Kind) -> Result<Caller, Reply> {
    if routes::workno(&route.agent).is_none() {
        return Err(Reply::err(
            rc::BAD_PARAM,
            "agentid must be a work number from 101 to 999999",
        ));
    }
    let mut core = shared.lock();
    let gw = &mut core.huawei;
    let flights = gw.inflight.clone();
    let s = gw.authorize(&route.agent, headers, Instant::now(), false)?;
    let (generation, agent) = (s.generation, s.agent);
    let guard = flights.acquire(&route.agent, Lane::Ops, kind)?;
    Ok(Caller {
        workno: route.agent.clone(),
        generation,
        agent,
        _guard: guard,
    })
}

/// Every operation after sign-in except the event poll.
async fn operate(shared: &Shared, route: &Route, headers: &HeaderMap, body: Body) -> Reply {
    let kind = match route.op {
        Op::Logout { .. } => Kind::SignInOut,
        _ => Kind::Op,
    };
    let caller = match begin(shared, route, headers, kind) {
        Ok(c) => c,
        Err(reply) => return reply,
    };
    let body = if route.op == Op::Transfer {
        match read_body(body).await {
            Some(b) => b,
            None => {
                return Reply::err(rc::BAD_PARAM, "the request body is unreadable or too large")
            }
        }
    } else {
        Bytes::new()
    };
    execute(shared, &caller, route, &body)
}

fn execute(shared: &Shared, caller: &Caller, route: &Route, body: &[u8]) -> Reply {
    let mut core = shared.lock();
    let core: &mut SimCore = &mut core;
    core.flush();
    if core.huawei.guid_of(caller).is_none() {
        return Reply::err(rc::NOT_SIGNED_IN, "the agent's session has ended");
    }
    let reply = match &route.op {
        Op::Logout { .. } => signin::logout(core, caller, route),
        Op::Handshake | Op::UpdateGuid => signin::keepalive(core, caller, route),
        Op::SayBusy
        | Op::SayFree
        | Op::CancelBusy
        | Op::Rest { .. }
        | Op::CancelRest
        | Op::Work
        | Op::CancelWork
        | Op::ResetSkill { .. }
        | Op::AgentSkills
        | Op::AgentSkillsByWorkno { .. }
        | Op::AgentStatus => agent_ops::run(core, caller, route),
        Op::AgentByWorkno { .. }
        | Op::AllAgentStatus
        | Op::RestReason
        | Op::RestInfo
        | Op::IsCensor
        | Op::VdnSkill
        | Op::SkillWaitNum { .. }
        | Op::WaitNum => queries::run(core, caller, route),
        Op::IvrInfo | Op::CallInfo | Op::Transfer => ivr::run(core, caller, route, body),
        Op::BeginMonitor
        | Op::EndMonitor
        | Op::ForceBusy { .. }
        | Op::ForceIdle { .. }
        | Op::ForceLogout { .. }
        | Op::ForceRest { .. } => inspector::run(core, caller, route),
        Op::SignIn { .. } | Op::Poll => Reply::err(rc::INTERNAL, "not an operation"),
    };
    core.flush();
    core.huawei.sayfree.clear();
    let guid = core.huawei.guid_of(caller);
    reply.with_guid(guid)
}

/// What a gateway behind a failing load balancer answers: 503 with an HTML page.
pub fn unavailable() -> Response<Body> {
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header("content-type", "text/html")
        .body(Body::from(
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
        ))
        .unwrap_or_default()
}
