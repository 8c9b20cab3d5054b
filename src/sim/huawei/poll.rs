//! `GET agentevent/{id}`: the long poll. Holds up to `poll_hold` (woken at once by a new event),
//! answers one event per reply or `event: null`, and is the session's heartbeat.

use super::envelope::{rc, Reply};
use super::routes::{self, Route};
use super::session::{Kind, Lane};
use crate::sim::Shared;
use axum::http::HeaderMap;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Notify;

/// Serves one poll.
pub async fn poll(shared: &Shared, route: &Route, headers: &HeaderMap) -> Reply {
    if routes::workno(&route.agent).is_none() {
        return Reply::err(
            rc::BAD_PARAM,
            "agentid must be a work number from 101 to 999999",
        );
    }
    let (generation, notify, deadline, flights) = match start(shared, &route.agent, headers) {
        Ok(s) => s,
        Err(reply) => return reply,
    };
    // A second concurrent poll of the same agent is refused; the slot is released on every exit,
    // including when the client goes away and this future is dropped.
    let _guard = match flights.acquire(&route.agent, Lane::Poll, Kind::Op) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    loop {
        if let Some(reply) = step(shared, &route.agent, generation, deadline) {
            return reply;
        }
        let until = tokio::time::Instant::from_std(deadline);
        let _ = tokio::time::timeout_at(until, notify.notified()).await;
    }
}

type Start = (u64, Arc<Notify>, Instant, super::session::InFlight);

fn start(shared: &Shared, workno: &str, headers: &HeaderMap) -> Result<Start, Reply> {
    let mut core = shared.lock();
    let gw = &mut core.huawei;
    let hold = gw.options.poll_hold;
    let flights = gw.inflight.clone();
    let now = Instant::now();
    let s = gw.authorize(workno, headers, now, true)?;
    if s.push {
        return Err(Reply::err(
            rc::WRONG_EVENT_MODE,
            "this agent signed in for pushed events (callBackUri and serviceToken); polling is not allowed",
        ));
    }
    s.last_seen = now;
    Ok((s.generation, s.notify.clone(), now + hold, flights))
}

/// One look at the queue: an event, the end of the session, the end of the hold, or keep waiting.
fn step(shared: &Shared, workno: &str, generation: u64, deadline: Instant) -> Option<Reply> {
    let mut core = shared.lock();
    let gw = &mut core.huawei;
    let shutting_down = gw.shutting_down;
    let now = Instant::now();
    let gone = || Reply::err(rc::NOT_SIGNED_IN, "the agent has signed out");
    let Some(s) = gw
        .sessions
        .get_mut(workno)
        .filter(|s| s.generation == generation)
    else {
        return Some(gone());
    };
    s.last_seen = now;
    if let Some(ev) = s.queue.pop_front() {
        return Some(Reply::event(ev).with_guid(Some(s.guid.clone())));
    }
    if s.closed.is_some() {
        gw.sessions.remove(workno);
        return Some(gone());
    }
    if shutting_down || now >= deadline {
        return Some(Reply::event(Value::Null).with_guid(Some(s.guid.clone())));
    }
    None
}
