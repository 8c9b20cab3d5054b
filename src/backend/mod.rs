//! Vendor backends behind one interface: the TUI, `snapshot` and `act` all use these types.
//!
//! A [`Backend`] is built from one `[[backend]]` config entry. Its poller task sends typed
//! [`BackendEvent`]s over a bounded channel to the single owner of the roster (the UI task or a
//! headless command); actions go through [`Backend::act`], the one code path for the TUI and the CLI.

mod act;
pub mod aliyun;
mod backoff;
pub mod bounded;
pub(crate) mod clean;
mod fleet;
mod fold;
pub mod huawei;
pub mod kpi_estimate;
pub mod lenient_de;
pub mod memory;
pub mod nesting;
pub mod object_fields;
pub mod object_texts;
mod outcome;
mod params;
mod poller;
mod transport;
mod vendor;
mod verify;
pub mod wire_key;

pub use act::{record_unsent, MAX_SUMMARY_CHARS};
pub use fleet::Fleet;
pub use fold::{apply_event, coalesce};
pub use memory::{Refresh, RefreshMemory};
pub use params::{unused_words, vendor_name, UnusedParameter};
pub use poller::{backoff_delay, DOWN_AFTER};
pub use vendor::Backend;

use crate::model::{Agent, UnixMs};
use serde::Serialize;
use std::sync::Arc;

/// Waiting calls of one skill group / queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueFigures {
    pub group_id: String,
    pub name: String,
    pub waiting: u64,
    /// How long the longest-waiting call has waited; `None` when the vendor does not say
    /// (Huawei without CMS), shown as unknown, never as 0.
    pub longest_wait_secs: Option<u64>,
    /// Service level, abandoned and speed of answer over the current interval, where a source
    /// gives them (`None`: nothing known yet, shown as unknown).
    pub kpis: Option<QueueKpis>,
}

/// Where a queue's shift figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KpiSource {
    /// Reported by the vendor (an interval report or a real-time indicator).
    Vendor,
    /// Computed by callboard from what it observed between polls (an estimate).
    Computed,
}

/// A queue's shift figures over one interval (since `since`). Every count is `None` when its
/// source does not give it; a missing count is unknown, never 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueKpis {
    pub source: KpiSource,
    /// Start of the interval the figures cover.
    pub since: UnixMs,
    /// Calls that entered the queue.
    pub offered: Option<u64>,
    /// Calls answered by an agent.
    pub answered: Option<u64>,
    /// Calls answered within `threshold_secs` of entering the queue.
    pub answered_in_threshold: Option<u64>,
    /// The service-level threshold the counts use (e.g. 20 s).
    pub threshold_secs: u64,
    /// Calls that left the queue without an agent.
    pub abandoned: Option<u64>,
    /// Average wait of the answered calls (average speed of answer), seconds.
    pub avg_answer_secs: Option<u64>,
    /// Calls that left the queue (answered or abandoned) when the split between the two is not
    /// known (computed estimates); `None` when `answered` and `abandoned` are the figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_queue: Option<u64>,
}

impl QueueKpis {
    /// Service level in percent: answered within the threshold over the calls that ended
    /// (answered + abandoned); `None` when a count is unknown or no call ended yet.
    pub fn service_level_pct(&self) -> Option<f64> {
        let within = self.answered_in_threshold?;
        let ended = match (self.answered, self.abandoned) {
            (Some(a), Some(b)) => a + b,
            _ => self.left_queue?,
        };
        (ended > 0).then(|| within as f64 * 100.0 / ended as f64)
    }

    /// [`QueueKpis::service_level_pct`] rounded to a whole percent, for display.
    pub fn service_level_rounded(&self) -> Option<u64> {
        self.service_level_pct().map(|p| p.round() as u64)
    }
}

impl QueueFigures {
    /// The longest wait as far as it is known: 0 when no call waits (true whatever the vendor
    /// says), else the vendor's figure, `None` when the vendor gives none.
    pub fn longest(&self) -> Option<u64> {
        if self.waiting == 0 {
            Some(0)
        } else {
            self.longest_wait_secs
        }
    }
}

/// The longest wait over `queues`: unknown as soon as one queue with waiting calls does not say
/// (the unknown one could be the longest), 0 for no queues.
pub fn longest_of<'a>(queues: impl IntoIterator<Item = &'a QueueFigures>) -> Option<u64> {
    queues
        .into_iter()
        .try_fold(0, |acc, q| q.longest().map(|l| acc.max(l)))
}

/// How a backend is doing, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Health {
    /// Not reached yet: the first attempt to connect is under way.
    Connecting,
    /// Not reached yet: an attempt to connect failed and the poller tries again with backoff.
    /// `attempt` is the attempt now waiting or under way (2 after the first failure).
    Retrying {
        attempt: u32,
        last_error: String,
    },
    /// The vendor refused the credentials (wrong password or AccessKey, expired, locked). Still
    /// retried, slowly, in case the config or the account is fixed meanwhile.
    AuthFailed {
        reason: String,
    },
    Connected,
    /// Answering, but with errors (retries, throttling, some calls failing).
    Degraded {
        reason: String,
    },
    /// Not answering: its agents are shown stale.
    Down {
        reason: String,
    },
}

impl Health {
    /// Not connected yet: connecting, retrying, or refused at sign-in.
    pub fn is_connecting(&self) -> bool {
        matches!(
            self,
            Health::Connecting | Health::Retrying { .. } | Health::AuthFailed { .. }
        )
    }
}

/// A backend's health and data age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackendStatus {
    pub backend: Arc<str>,
    pub health: Health,
    /// When the last full, successful refresh finished.
    pub last_ok: Option<UnixMs>,
    /// TLS verification is off for this backend (shown as a warning).
    pub insecure_tls: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Info,
    Warn,
    Error,
}

/// One line of the event log (agent state changes, backend errors, action outcomes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub at: UnixMs,
    pub backend: Arc<str>,
    pub agent: Option<String>,
    pub level: LogLevel,
    pub text: String,
}

/// What a backend tells the roster's owner.
#[derive(Debug, Clone)]
pub enum BackendEvent {
    /// A full refresh: every agent the backend reports, and its queues. Newest wins when
    /// coalescing (the changed agents of the snapshots it replaces are carried into it).
    Snapshot {
        backend: Arc<str>,
        /// The reported agents, or, when `kept` is not empty, only those whose record changed
        /// since the backend's previous refresh (and the new ones).
        agents: Vec<Agent>,
        /// Ids of the reported agents whose record did not change since the backend's previous
        /// refresh: the roster keeps their stored copy and sees them at `at`.
        kept: Vec<Arc<str>>,
        queues: Vec<QueueFigures>,
        at: UnixMs,
    },
    /// Changes of some agents (Huawei events), applied on top of the last snapshot.
    Agents {
        backend: Arc<str>,
        agents: Vec<Agent>,
        at: UnixMs,
    },
    Status(BackendStatus),
    Log(LogEntry),
}

/// An action on an agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum ActionKind {
    /// Alibaba: device and skill groups (empty = the agent's own); Huawei: the agent's credentials
    /// from config, after which callboard keeps the session alive.
    SignIn {
        device: Option<String>,
        skill_groups: Vec<String>,
    },
    /// Alibaba ResetAgentState; Huawei forced sign-out (or forced idle with `idle`) through the inspector.
    Reset {
        idle: bool,
    },
    /// Alibaba ResetUserStatus: every agent in an abnormal state.
    ResetAll,
    /// Alibaba LaunchAuthentication (contact flow by id or name); Huawei transfer to IVR in suspend
    /// mode (access code) for sessions callboard holds.
    IvrAuth {
        flow: String,
    },
    /// Alibaba break code; Huawei rest cause (number) with a duration in seconds.
    Break {
        code: String,
        secs: Option<u32>,
    },
    Ready,
    SignOut,
}

impl ActionKind {
    /// The action's command-line name (`sign-in`, `reset`, …).
    pub fn name(&self) -> &'static str {
        match self {
            ActionKind::SignIn { .. } => "sign-in",
            ActionKind::Reset { .. } => "reset",
            ActionKind::ResetAll => "reset-all",
            ActionKind::IvrAuth { .. } => "ivr-auth",
            ActionKind::Break { .. } => "break",
            ActionKind::Ready => "ready",
            ActionKind::SignOut => "sign-out",
        }
    }
}

/// An action on one agent of one backend (`agent` is empty for `reset-all`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRequest {
    pub backend: String,
    pub agent: String,
    pub kind: ActionKind,
}

/// How an action went, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeStatus {
    /// Done: the vendor said so, or the agent's state read back afterwards shows it.
    Ok,
    /// The vendor (a business error code) or callboard (a check before sending) said no.
    Refused,
    /// Not done: the backend could not be reached, answered HTTP 5xx, or was read back unchanged.
    Failed,
    /// The request went out but its answer was lost or garbled, and reading the agent back did
    /// not tell: it may or may not have happened.
    Unknown,
}

/// What reading the agent back said about an action whose answer was lost or garbled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// The agent is now in the state the action asks for.
    Applied,
    /// The agent is not in that state.
    NotApplied,
    /// The agent could not be read back, or the action leaves nothing to compare.
    Unverified,
}

/// How an action went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionOutcome {
    /// `status == ok` (kept for `act --format json` readers).
    pub ok: bool,
    pub status: OutcomeStatus,
    /// Plain words: what happened, or why it was refused and what to do.
    pub summary: String,
    /// The vendor's reply (code, message, request id / retcode), for the audit log and detail view.
    pub vendor_reply: serde_json::Value,
    /// Set when the answer was lost or garbled and callboard read the agent back to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

/// A choice offered by an action dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// What an action's form can offer, fetched from the backend.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActionChoices {
    /// Alibaba devices of the agent.
    pub devices: Vec<Choice>,
    pub skill_groups: Vec<Choice>,
    /// Alibaba break codes or Huawei rest causes.
    pub break_codes: Vec<Choice>,
    /// Alibaba contact flows (label shows the route point) or Huawei IVR access codes.
    pub flows: Vec<Choice>,
}

/// Why a backend could not be built or reached.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("backend {backend}: {message}")]
    Config { backend: String, message: String },
    #[error("backend {backend}: {message}")]
    Unreachable { backend: String, message: String },
    /// The vendor refused the credentials (the message says which and how to fix them).
    #[error("backend {backend}: {message}")]
    Auth { backend: String, message: String },
}

impl BackendError {
    /// The vendor refused the credentials.
    pub fn is_auth(&self) -> bool {
        matches!(self, BackendError::Auth { .. })
    }

    /// The message without the `backend NAME: ` prefix (the header names the backend already).
    pub fn message(&self) -> &str {
        match self {
            BackendError::Config { message, .. }
            | BackendError::Unreachable { message, .. }
            | BackendError::Auth { message, .. } => message,
        }
    }
}

/// Whether connecting may take a session over from another client of the same identity.
///
/// The Huawei gateway keeps one session per work number: a forced sign-in (`forceloginex`)
/// signs the other client out (docs/huawei-sessions.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignInPolicy {
    /// Headless commands: never sign another client out. An inspector signed in elsewhere
    /// (`100-002`, e.g. a running dashboard) is an error saying so.
    #[default]
    Respect,
    /// The dashboard: its inspector session is its own, so a session left over from an earlier
    /// run (a crash, a restart within the gateway's 2-minute idle timeout) is forced out.
    TakeOver,
}
