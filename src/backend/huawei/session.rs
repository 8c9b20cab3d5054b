//! One actor per agent session callboard holds: commands run strictly one at a time (sign-in and
//! sign-out never overlap), next to the session's own event long-poll, which is also its heartbeat.
//! Lost Guids (`100-006`/`000-003`) are healed by a forced sign-in with backoff, and reported.

use super::codes::RestCauses;
use super::error::HuaweiError;
use super::events::HuaweiEvent;
use super::http::{Call, Envelope, GatewayHttp, SharedAuth};
use super::state::{HuaweiAgentState, Pending};
use super::wire::SignInInfo;
use crate::backend::backoff;
use crate::secret::Secret;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// First wait of a session's backoff (poll errors and re-sign-in).
const SESSION_BACKOFF_BASE: Duration = Duration::from_millis(500);

/// A work number's login. The password only leaves through the sign-in body.
#[derive(Debug, Clone)]
pub struct AgentLogin {
    pub workno: String,
    pub password: Secret,
    /// Softphone number (config template `4{workno}` by default).
    pub phonenum: String,
}

impl AgentLogin {
    pub fn new(workno: impl Into<String>, password: Secret, phonenum: impl Into<String>) -> Self {
        AgentLogin {
            workno: workno.into(),
            password,
            phonenum: phonenum.into(),
        }
    }
}

/// Whether the session is an agent's or the inspector's (it signs in with `loginex`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    Inspector,
}

/// Timings and sign-in settings of a session.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// Wait after each poll answer before polling again (gateway: 200–500 ms).
    pub poll_gap: Duration,
    /// Timeout of one poll: the gateway's hold (10 s) plus a margin.
    pub poll_timeout: Duration,
    /// Sign-in `status`: 3 busy, 4 idle, 5 wrap-up.
    pub sign_in_status: u8,
    pub autoanswer: bool,
    pub autoenteridle: bool,
    pub releasephone: bool,
    /// Forced sign-ins tried after a lost Guid before giving up.
    pub max_resign_attempts: u32,
    /// Cap of the jittered exponential backoff (poll errors and re-sign-in).
    pub max_backoff: Duration,
    pub rest_causes: RestCauses,
    /// A sign-in that finds the work number signed in elsewhere (`100-002`) forces the other
    /// client out (inspector: `forceloginex`). Off for the inspector of headless commands, which
    /// must never sign a running dashboard out: there the `100-002` is the answer. Signing in
    /// again after this session's own Guid was lost always forces: the session being replaced is
    /// this client's own.
    pub take_over: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            poll_gap: Duration::from_millis(200),
            poll_timeout: Duration::from_secs(12),
            sign_in_status: 4,
            autoanswer: true,
            autoenteridle: true,
            releasephone: true,
            max_resign_attempts: 5,
            max_backoff: Duration::from_secs(8),
            rest_causes: RestCauses::default(),
            take_over: true,
        }
    }
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignOutCause {
    /// callboard asked for it.
    Requested,
    /// The gateway ended it (`AgentOther_ShutdownService`: forced out, idle, elsewhere).
    Gateway,
    /// The Guid was lost and signing in again failed.
    SessionLost(HuaweiError),
}

/// What happened in a session.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateKind {
    /// An event of the session's poll (already folded into the state).
    Event(HuaweiEvent),
    SignedIn {
        forced: bool,
    },
    /// The Guid was lost (`cause`) and a forced sign-in restored the session.
    ReSignedIn {
        attempts: u32,
        cause: HuaweiError,
    },
    SignedOut {
        cause: SignOutCause,
    },
    /// A request changed the derived state (pending busy/rest, call sent to an IVR).
    Requested,
    /// The poll failed `failures` times in a row; it keeps retrying with backoff.
    PollTrouble {
        error: HuaweiError,
        failures: u32,
    },
    PollRecovered,
}

/// One update to the session's owner, with the state derived after it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionUpdate {
    pub workno: String,
    pub kind: UpdateKind,
    pub state: HuaweiAgentState,
}

pub(super) enum Effect {
    None,
    Pending(Pending),
    Ivr,
}

pub(super) enum Cmd {
    SignIn {
        force: bool,
        reply: oneshot::Sender<Result<SignInInfo, HuaweiError>>,
    },
    SignOut {
        force: bool,
        reply: oneshot::Sender<Result<(), HuaweiError>>,
    },
    Op {
        call: Call,
        effect: Effect,
        reply: oneshot::Sender<Result<Envelope, HuaweiError>>,
    },
    Resign {
        epoch: u64,
        cause: HuaweiError,
    },
    Shutdown {
        reply: oneshot::Sender<()>,
    },
}

pub(super) struct Inner {
    pub(super) state: HuaweiAgentState,
    pub(super) causes: RestCauses,
    pub(super) signed_in: bool,
    pub(super) signing_out: bool,
    /// Forced sign-ins since the last good poll (spaces out repeated Guid losses).
    pub(super) resign_streak: u32,
    /// Bumped by every successful sign-in; a poll of an older epoch is stale.
    pub(super) epoch: u64,
}

pub(super) struct Core {
    pub(super) workno: String,
    pub(super) role: Role,
    pub(super) http: GatewayHttp,
    pub(super) auth: SharedAuth,
    pub(super) opts: SessionOptions,
    pub(super) inner: Mutex<Inner>,
    pub(super) updates: mpsc::Sender<SessionUpdate>,
}

impl Core {
    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        crate::sync::lock(&self.inner)
    }

    pub(super) fn update(&self, kind: UpdateKind) -> SessionUpdate {
        SessionUpdate {
            workno: self.workno.clone(),
            kind,
            state: self.lock().state.clone(),
        }
    }

    /// Sends without waiting (the owner may be waiting on this actor's reply); a full channel drops
    /// the update, and the next one carries the whole state anyway.
    pub(super) fn notify(&self, kind: UpdateKind) {
        if self.updates.try_send(self.update(kind)).is_err() {
            tracing::warn!(workno = %self.workno, "huawei update channel full or closed; update dropped");
        }
    }

    /// The jittered wait before retry `n + 1` (`n` counts from 0): from 0.5 s, doubling, capped
    /// at `max_backoff` (see [`backoff::delay`]).
    pub(super) fn backoff(&self, n: u32) -> Duration {
        backoff::delay(
            SESSION_BACKOFF_BASE,
            self.opts.max_backoff,
            n.saturating_add(1),
            &mut rand::thread_rng(),
        )
    }
}

/// Handle of an agent session actor (see the module doc). Dropping it stops the actor and its poll
/// without signing out; call [`HuaweiSession::sign_out`] first to end the gateway session.
#[derive(Clone)]
pub struct HuaweiSession {
    core: Arc<Core>,
    tx: mpsc::Sender<Cmd>,
}

impl HuaweiSession {
    /// Starts the actor for one agent. Updates go to `updates` (bounded; keep draining it).
    pub fn spawn(
        http: GatewayHttp,
        login: AgentLogin,
        opts: SessionOptions,
        updates: mpsc::Sender<SessionUpdate>,
    ) -> Result<HuaweiSession, HuaweiError> {
        Self::spawn_role(http, login, opts, updates, Role::Agent)
    }

    pub(crate) fn spawn_role(
        http: GatewayHttp,
        login: AgentLogin,
        opts: SessionOptions,
        updates: mpsc::Sender<SessionUpdate>,
        role: Role,
    ) -> Result<HuaweiSession, HuaweiError> {
        let w = &login.workno;
        if w.is_empty() || w.len() > 10 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return Err(HuaweiError::Config(format!(
                "work number `{w}` must be digits (101-999999)"
            )));
        }
        let core = Arc::new(Core {
            workno: login.workno.clone(),
            role,
            http,
            auth: SharedAuth::default(),
            inner: Mutex::new(Inner {
                state: HuaweiAgentState::new(login.workno.clone()),
                causes: opts.rest_causes.clone(),
                signed_in: false,
                signing_out: false,
                resign_streak: 0,
                epoch: 0,
            }),
            opts,
            updates,
        });
        let (tx, rx) = mpsc::channel(32);
        let actor = super::actor::Actor::new(core.clone(), login, rx, tx.downgrade());
        tokio::spawn(actor.run());
        Ok(HuaweiSession { core, tx })
    }

    pub fn workno(&self) -> &str {
        &self.core.workno
    }

    /// The state derived so far.
    pub fn state(&self) -> HuaweiAgentState {
        self.core.lock().state.clone()
    }

    pub fn is_signed_in(&self) -> bool {
        self.core.lock().signed_in
    }

    /// Whether this session may force another client of its work number out (see
    /// [`SessionOptions::take_over`]).
    pub fn takes_over(&self) -> bool {
        self.core.opts.take_over
    }

    /// The rest causes used for labels and planned lengths.
    pub fn rest_causes(&self) -> RestCauses {
        self.core.lock().causes.clone()
    }

    /// Replaces the rest causes used for labels and planned lengths.
    pub fn set_rest_causes(&self, causes: RestCauses) {
        self.core.lock().causes = causes;
    }

    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, HuaweiError>>) -> Cmd,
    ) -> Result<T, HuaweiError> {
        let closed = || HuaweiError::Closed(self.core.workno.clone());
        let (reply, rx) = oneshot::channel();
        self.tx.send(make(reply)).await.map_err(|_| closed())?;
        rx.await.map_err(|_| closed())?
    }

    /// Signs in (`PUT onlineagent/{id}`); `force` uses `forcelogin`. Without `force`, an agent
    /// signed in elsewhere gives `100-002` and the caller decides whether to force.
    pub async fn sign_in(&self, force: bool) -> Result<SignInInfo, HuaweiError> {
        self.ask(|reply| Cmd::SignIn { force, reply }).await
    }

    /// Signs out (`DELETE …/logout`, refused while talking) or forcibly (`…/forcelogout`).
    pub async fn sign_out(&self, force: bool) -> Result<(), HuaweiError> {
        self.ask(|reply| Cmd::SignOut { force, reply }).await
    }

    pub(super) async fn op(&self, call: Call, effect: Effect) -> Result<Envelope, HuaweiError> {
        self.ask(|reply| Cmd::Op {
            call,
            effect,
            reply,
        })
        .await
    }

    pub(super) fn path(&self, family: &str, rest: &str) -> String {
        if rest.is_empty() {
            format!("{family}/{}", self.core.workno)
        } else {
            format!("{family}/{}/{rest}", self.core.workno)
        }
    }

    /// Any call of this session (path relative to the resource base), serialised with the others.
    pub async fn call(&self, call: Call) -> Result<Envelope, HuaweiError> {
        self.op(call, Effect::None).await
    }

    /// Stops the poll and the actor (no sign-out).
    pub async fn shutdown(self) {
        let (reply, rx) = oneshot::channel();
        if self.tx.send(Cmd::Shutdown { reply }).await.is_ok() {
            let _ = rx.await;
        }
    }
}
