//! Agent sessions of the gateway: Guid issue and rotation (AUTHMODE 2), the cluster cookie, event
//! queues, liveness, and the one-request-in-flight-per-agent guard.

use super::envelope::{rc, Reply};
use axum::http::HeaderMap;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// The cluster (ELB stickiness) cookie set at sign-in. Clients must echo it as `Cookie` on every
/// later request. The simulator is strict on purpose: a request without it is treated as having
/// landed on another gateway node, which does not know the Guid, so it gets `000-003`.
pub const CLUSTER_COOKIE: &str = "AGW_NODE=agw0; Path=/; HttpOnly";
const COOKIE_NAME: &str = "AGW_NODE";
const COOKIE_VALUE: &str = "agw0";

/// Most replaced Guids remembered per session.
pub const MAX_OLD_GUIDS: usize = 8;

/// Most events kept per session; beyond this the oldest are dropped.
pub const MAX_QUEUE: usize = 500;

/// A new Guid in the gateway's style: `<32 hex>.AgentGateway0`.
pub fn new_guid() -> String {
    format!("{}.AgentGateway0", uuid::Uuid::new_v4().simple())
}

/// One signed-in agent (or the inspector) as the gateway sees it.
#[derive(Debug)]
pub struct Session {
    pub workno: String,
    /// Index of the world agent; `None` for the inspector, who is not in the roster.
    pub agent: Option<usize>,
    /// Distinguishes this session from an earlier one of the same work number.
    pub generation: u64,
    pub guid: String,
    pub guid_at: Instant,
    /// Guids replaced by rotation and until when each is still accepted (`GUIDTIMEOUT` after
    /// its replacement); at most [`MAX_OLD_GUIDS`] are kept.
    pub old_guids: VecDeque<(String, Instant)>,
    /// Sign-in time (simulated Unix ms), reported as `loginTime`.
    pub login_ms: i64,
    /// Push mode (sign-in carried `callBackUri` and `serviceToken`): no event polling.
    pub push: bool,
    pub queue: VecDeque<Value>,
    pub notify: Arc<Notify>,
    /// Last sign of life (event poll, handshake, sign-in).
    pub last_seen: Instant,
    /// Signed out (its last events can still be polled); when.
    pub closed: Option<Instant>,
    /// Inspector: the agents it monitors (world indices).
    pub monitored: BTreeSet<usize>,
}

impl Session {
    pub fn new(
        workno: &str,
        agent: Option<usize>,
        generation: u64,
        login_ms: i64,
        push: bool,
        now: Instant,
    ) -> Session {
        Session {
            workno: workno.to_string(),
            agent,
            generation,
            guid: new_guid(),
            guid_at: now,
            old_guids: VecDeque::new(),
            login_ms,
            push,
            queue: VecDeque::new(),
            notify: Arc::new(Notify::new()),
            last_seen: now,
            closed: None,
            monitored: BTreeSet::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// Queues an event (dropping the oldest beyond [`MAX_QUEUE`]) and wakes the held poll.
    pub fn push_event(&mut self, event: Value) {
        while self.queue.len() >= MAX_QUEUE {
            self.queue.pop_front();
        }
        self.queue.push_back(event);
        self.notify.notify_one();
    }

    /// Rotates the Guid when `interval` has passed; the old one stays valid for `timeout`.
    pub fn rotate_if_due(&mut self, now: Instant, interval: Duration, timeout: Duration) {
        if now.saturating_duration_since(self.guid_at) >= interval {
            let old = std::mem::replace(&mut self.guid, new_guid());
            self.old_guids.retain(|(_, until)| now < *until);
            while self.old_guids.len() >= MAX_OLD_GUIDS {
                self.old_guids.pop_front();
            }
            self.old_guids.push_back((old, now + timeout));
            self.guid_at = now;
        }
    }

    /// Invalidates the current and previous Guid (fault injection: Guid expiry).
    pub fn expire_guid(&mut self) {
        self.guid = new_guid();
        self.old_guids.clear();
    }

    pub fn guid_valid(&self, guid: &str, now: Instant) -> bool {
        if guid == self.guid {
            return true;
        }
        self.old_guids
            .iter()
            .any(|(g, until)| g == guid && now < *until)
    }

    pub fn close(&mut self, now: Instant) {
        if self.closed.is_none() {
            self.closed = Some(now);
        }
        self.notify.notify_one();
    }
}

/// Whether the request carries the cluster cookie.
pub fn has_cluster_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name.trim() == COOKIE_NAME && value.trim() == COOKIE_VALUE)
}

/// The `guid` request header (HTTP header names are case-insensitive).
pub fn guid_header(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("guid")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Checks Guid and cookie of a request against a session.
pub fn authenticate(session: &Session, headers: &HeaderMap, now: Instant) -> Result<(), Reply> {
    let guid_ok = guid_header(headers).is_some_and(|g| session.guid_valid(g, now));
    if !guid_ok {
        return Err(Reply::err(
            rc::NO_RIGHT,
            "no right to call the interface: the Guid is missing, wrong or expired",
        ));
    }
    if !has_cluster_cookie(headers) {
        return Err(Reply::err(
            rc::NO_RIGHT,
            "no right to call the interface: the cluster cookie was not sent (request reached another gateway node)",
        ));
    }
    Ok(())
}

/// Which request slot of an agent a request takes: operations share one, event polls have their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    Ops,
    Poll,
}

/// What holds the operations slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Op,
    SignInOut,
}

type FlightMap = HashMap<(String, Lane), (u64, Kind)>;

/// Requests in flight per agent. Its own small lock (never held across an await, never held while
/// taking the core lock) so a guard can be released from `Drop` whatever else is locked.
#[derive(Debug, Clone, Default)]
pub struct InFlight {
    map: Arc<Mutex<(u64, FlightMap)>>,
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, FlightMap)> {
        crate::sync::lock(&self.map)
    }

    /// Takes the slot, or says who holds it: `000-007` (repeated call) or `100-021` (sign-in/out).
    pub fn acquire(&self, workno: &str, lane: Lane, kind: Kind) -> Result<FlightGuard, Reply> {
        let mut map = self.lock();
        let key = (workno.to_string(), lane);
        if let Some((_, held)) = map.1.get(&key) {
            return Err(match held {
                Kind::SignInOut => Reply::err(
                    rc::SIGNING_IN,
                    "the agent is signing in or out; do not call repeatedly",
                ),
                Kind::Op => Reply::err(
                    rc::REPEATED,
                    "interface invoked repeatedly: the previous request has not been answered",
                ),
            });
        }
        map.0 += 1;
        let token = map.0;
        map.1.insert(key.clone(), (token, kind));
        Ok(FlightGuard {
            flights: self.clone(),
            key,
            token,
        })
    }

    pub fn is_held(&self, workno: &str, lane: Lane) -> bool {
        self.lock().1.contains_key(&(workno.to_string(), lane))
    }
}

/// Releases its slot when dropped: on every return path, and when the client disconnects and the
/// handler future is dropped mid-request.
#[derive(Debug)]
pub struct FlightGuard {
    flights: InFlight,
    key: (String, Lane),
    token: u64,
}

impl Drop for FlightGuard {
    fn drop(&mut self) {
        let mut map = self.flights.lock();
        if map.1.get(&self.key).is_some_and(|(t, _)| *t == self.token) {
            map.1.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn rotated_guid_stays_valid_until_timeout() {
        let t0 = Instant::now();
        let mut s = Session::new("1001", Some(0), 1, 0, false, t0);
        let first = s.guid.clone();
        s.rotate_if_due(t0, Duration::from_secs(60), Duration::from_secs(120));
        assert_eq!(s.guid, first, "not due yet");
        let t1 = t0 + Duration::from_secs(61);
        s.rotate_if_due(t1, Duration::from_secs(60), Duration::from_secs(120));
        assert_ne!(s.guid, first);
        assert!(s.guid_valid(&first, t1 + Duration::from_secs(119)));
        assert!(!s.guid_valid(&first, t1 + Duration::from_secs(121)));
        s.expire_guid();
        assert!(!s.guid_valid(&first, t1));
    }

    #[test]
    fn guard_is_exclusive_and_released_on_drop() {
        let f = InFlight::default();
        let g = f.acquire("1001", Lane::Ops, Kind::SignInOut);
        assert!(g.is_ok());
        let again = f.acquire("1001", Lane::Ops, Kind::Op);
        assert_eq!(again.err().map(|r| r.retcode), Some(rc::SIGNING_IN));
        assert!(f.acquire("1001", Lane::Poll, Kind::Op).is_ok());
        drop(g);
        let op = f.acquire("1001", Lane::Ops, Kind::Op);
        assert!(op.is_ok());
        let again = f.acquire("1001", Lane::Ops, Kind::Op);
        assert_eq!(again.err().map(|r| r.retcode), Some(rc::REPEATED));
    }

    #[test]
    fn cookie_must_be_echoed() {
        let mut h = HeaderMap::new();
        assert!(!has_cluster_cookie(&h));
        h.insert("cookie", HeaderValue::from_static("a=b; AGW_NODE=agw0"));
        assert!(has_cluster_cookie(&h));
        h.insert("cookie", HeaderValue::from_static("AGW_NODE=agw1"));
        assert!(!has_cluster_cookie(&h));
    }

    #[test]
    fn queue_is_bounded() {
        let mut s = Session::new("1001", Some(0), 1, 0, false, Instant::now());
        for i in 0..(MAX_QUEUE + 10) {
            s.push_event(serde_json::json!(i));
        }
        assert_eq!(s.queue.len(), MAX_QUEUE);
        assert_eq!(s.queue.front(), Some(&serde_json::json!(10)));
    }
}
