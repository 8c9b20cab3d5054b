//! The configured backends as one [`Fleet`]: connecting them all, their pollers, and
//! [`Fleet::act`], the one code path every action of the TUI and the CLI goes through (checks,
//! the vendor call, the audit line).

use super::aliyun::AliyunBackend;
use super::huawei::HuaweiBackend;
use super::{
    ActionChoices, ActionKind, ActionOutcome, ActionRequest, BackendError, BackendEvent,
    QueueFigures,
};
use crate::audit::{self, AuditEntry, AuditLog};
use crate::config::{expand_home, BackendConfig, BackendKind, Config};
use crate::model::Agent;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// One connected backend. Cheap to clone (shared inside).
#[derive(Debug, Clone)]
pub enum Backend {
    Aliyun(AliyunBackend),
    Huawei(HuaweiBackend),
}

impl Backend {
    /// Resolves the secrets and builds the client. Alibaba sends no request yet; Huawei signs the
    /// inspector in and starts monitoring the roster.
    pub async fn connect(cfg: &BackendConfig) -> Result<Backend, BackendError> {
        match cfg.kind {
            BackendKind::Aliyun => AliyunBackend::connect(cfg).await.map(Backend::Aliyun),
            BackendKind::Huawei => HuaweiBackend::connect(cfg).await.map(Backend::Huawei),
        }
    }

    pub fn name(&self) -> Arc<str> {
        match self {
            Backend::Aliyun(b) => b.name(),
            Backend::Huawei(b) => b.name(),
        }
    }

    pub fn kind(&self) -> BackendKind {
        match self {
            Backend::Aliyun(_) => BackendKind::Aliyun,
            Backend::Huawei(_) => BackendKind::Huawei,
        }
    }

    pub fn config(&self) -> &BackendConfig {
        match self {
            Backend::Aliyun(b) => b.config(),
            Backend::Huawei(b) => b.config(),
        }
    }

    pub fn poll_interval(&self) -> Duration {
        self.config().poll_interval()
    }

    /// TLS verification is off (Huawei `insecure_skip_verify`): the header shows a warning.
    pub fn insecure_tls(&self) -> bool {
        match self {
            Backend::Aliyun(_) => false,
            Backend::Huawei(b) => b.insecure_tls(),
        }
    }

    /// One full refresh: every rostered agent and the queues.
    pub async fn snapshot(&self) -> Result<(Vec<Agent>, Vec<QueueFigures>), BackendError> {
        match self {
            Backend::Aliyun(b) => b.snapshot().await,
            Backend::Huawei(b) => b.snapshot().await,
        }
    }

    /// Starts the poller (see [`super::poller`]); Huawei also forwards agent events between
    /// refreshes into `tx`. Stops when `tx` closes.
    pub fn spawn_poller(&self, tx: mpsc::Sender<BackendEvent>) -> JoinHandle<()> {
        if let Backend::Huawei(h) = self {
            h.set_sink(tx.clone());
        }
        tokio::spawn(super::poller::run(self.clone(), tx))
    }

    /// Runs one action on the vendor (no audit line; [`Fleet::act`] is the checked path).
    pub async fn act(&self, req: &ActionRequest) -> ActionOutcome {
        match self {
            Backend::Aliyun(b) => b.act(req).await,
            Backend::Huawei(b) => b.act(req).await,
        }
    }

    /// What the action forms can offer for `agent`.
    pub async fn choices(&self, agent: &str) -> Result<ActionChoices, BackendError> {
        match self {
            Backend::Aliyun(b) => b.choices(agent).await,
            Backend::Huawei(b) => b.choices(agent).await,
        }
    }

    /// Whether the backend has this agent (`Err` when it cannot tell right now).
    pub async fn knows(&self, agent: &str) -> Result<bool, BackendError> {
        match self {
            Backend::Aliyun(b) => b.knows(agent).await,
            Backend::Huawei(b) => b.knows(agent).await,
        }
    }

    /// Stops what runs in the background. Huawei: the inspector signs out; agent sessions
    /// callboard signed in are left to the gateway, which signs them out after its idle timeout
    /// (2 minutes) once nobody polls them. Pollers stop when their channel closes.
    pub async fn shutdown(&self) {
        if let Backend::Huawei(b) = self {
            b.shutdown().await;
        }
    }
}

/// Every connected backend plus the audit log.
pub struct Fleet {
    backends: Vec<Backend>,
    audit: Option<AuditLog>,
    /// Why the audit log could not be opened (each action's summary says it).
    audit_error: Option<String>,
    readonly: bool,
}

impl std::fmt::Debug for Fleet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fleet")
            .field("backends", &self.backends)
            .field(
                "audit",
                &self.audit.as_ref().map(|a| a.path().to_path_buf()),
            )
            .field("readonly", &self.readonly)
            .finish()
    }
}

impl Fleet {
    /// Connects every backend at once; the ones that fail are listed, the rest are usable. Opens
    /// the audit log (`audit_log` in the config, else the platform state directory); if it cannot
    /// be opened that is listed too, and actions still run but say they were not recorded.
    pub async fn connect(config: &Config) -> (Fleet, Vec<BackendError>) {
        let results =
            futures_join_all(config.backends.iter().map(Backend::connect).collect()).await;
        let mut backends = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(b) => backends.push(b),
                Err(e) => errors.push(e),
            }
        }
        let path = config.audit_log.as_deref().map(expand_home);
        let (audit, audit_error) = match AuditLog::open(path.clone()) {
            Ok(a) => (Some(a), None),
            Err(e) => {
                let shown = path.unwrap_or_else(audit::default_path);
                let message = format!(
                    "cannot open the audit log {}: {e}; set audit_log in the config to a writable file",
                    shown.display()
                );
                errors.push(BackendError::Config {
                    backend: "audit".to_string(),
                    message: message.clone(),
                });
                (None, Some(message))
            }
        };
        let fleet = Fleet {
            backends,
            audit,
            audit_error,
            readonly: config.readonly,
        };
        (fleet, errors)
    }

    /// A fleet of already-connected backends.
    pub fn from_backends(backends: Vec<Backend>, audit: Option<AuditLog>, readonly: bool) -> Fleet {
        Fleet {
            backends,
            audit,
            audit_error: None,
            readonly,
        }
    }

    pub fn backends(&self) -> &[Backend] {
        &self.backends
    }

    pub fn backend(&self, name: &str) -> Option<&Backend> {
        self.backends.iter().find(|b| &*b.name() == name)
    }

    pub fn audit_log(&self) -> Option<&AuditLog> {
        self.audit.as_ref()
    }

    pub fn is_readonly(&self) -> bool {
        self.readonly
    }

    /// `--readonly`: every action is refused (and audited as refused).
    pub fn set_readonly(&mut self, readonly: bool) {
        self.readonly = readonly;
    }

    /// One poller per backend, all sending into `tx`.
    pub fn spawn_pollers(&self, tx: mpsc::Sender<BackendEvent>) -> Vec<JoinHandle<()>> {
        self.backends
            .iter()
            .map(|b| b.spawn_poller(tx.clone()))
            .collect()
    }

    /// THE action path: checks (backend, read-only, agent), the vendor call, one audit line.
    pub async fn act(&self, req: ActionRequest) -> ActionOutcome {
        let mut outcome = self.checked(&req).await;
        let entry = AuditEntry {
            time: audit::now_rfc3339(),
            operator: audit::operator(),
            backend: req.backend.clone(),
            agent: req.agent.clone(),
            action: req.kind.name().to_string(),
            parameters: parameters(&req.kind),
            outcome: outcome.status().to_string(),
            summary: outcome.summary.clone(),
            vendor_reply: outcome.vendor_reply.clone(),
        };
        let unrecorded = match &self.audit {
            Some(log) => log.append(&entry).err().map(|e| {
                format!(
                    "cannot append to the audit log {}: {e}",
                    log.path().display()
                )
            }),
            None => self.audit_error.clone(),
        };
        if let Some(why) = unrecorded {
            tracing::error!(error = %why, "action not recorded in the audit log");
            outcome.summary = format!("{} (not recorded: {why})", outcome.summary);
        }
        tracing::info!(backend = %req.backend, agent = %req.agent, action = req.kind.name(), outcome = outcome.status(), "{}", outcome.summary);
        outcome
    }

    async fn checked(&self, req: &ActionRequest) -> ActionOutcome {
        let Some(backend) = self.backend(&req.backend) else {
            let names: Vec<String> = self.backends.iter().map(|b| b.name().to_string()).collect();
            return ActionOutcome::refused(format!(
                "there is no connected backend named `{}`; use one of: {}",
                req.backend,
                if names.is_empty() {
                    "(none connected)".to_string()
                } else {
                    names.join(", ")
                }
            ));
        };
        if self.readonly {
            return ActionOutcome::refused(
                "callboard is read-only (readonly = true in the config, or --readonly); no action was sent",
            );
        }
        if req.kind == ActionKind::ResetAll {
            return backend.act(req).await;
        }
        let agent = req.agent.trim();
        if agent.is_empty() {
            return ActionOutcome::refused(format!(
                "{} needs an agent; name one with its id",
                req.kind.name()
            ));
        }
        match backend.knows(agent).await {
            Ok(true) => {}
            Ok(false) => {
                let hint = match backend.kind() {
                    BackendKind::Aliyun => "an Alibaba agent id looks like login@instance",
                    BackendKind::Huawei => "a Huawei agent is its work number",
                };
                return ActionOutcome::refused(format!(
                    "backend {} has no agent `{agent}`; check the id ({hint})",
                    req.backend
                ));
            }
            // Cannot tell now: let the vendor answer.
            Err(e) => tracing::warn!(error = %e, "could not check the agent before acting"),
        }
        backend.act(req).await
    }

    /// Stops every backend's background work (see [`Backend::shutdown`]).
    pub async fn shutdown(&self) {
        for b in &self.backends {
            b.shutdown().await;
        }
    }
}

/// The action's parameters for the audit line (the action's own fields; never secrets).
fn parameters(kind: &ActionKind) -> serde_json::Value {
    let mut v = serde_json::to_value(kind).unwrap_or(serde_json::Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("action");
    }
    v
}

async fn futures_join_all<F: std::future::Future>(futs: Vec<F>) -> Vec<F::Output> {
    // Each connect runs concurrently on this task; results keep the config order.
    let mut slots: Vec<Option<F::Output>> = Vec::with_capacity(futs.len());
    slots.resize_with(futs.len(), || None);
    let mut pinned: Vec<_> = futs.into_iter().map(Box::pin).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if slots[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => slots[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    slots.into_iter().flatten().collect()
}

/// Keeps only the newest `Snapshot` of each backend, dropping that backend's older snapshots and
/// the `Agents` events before it (the snapshot supersedes them); everything else keeps its order.
pub fn coalesce(events: Vec<BackendEvent>) -> Vec<BackendEvent> {
    let mut newest: Vec<(Arc<str>, usize)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if let BackendEvent::Snapshot { backend, .. } = e {
            match newest.iter_mut().find(|(b, _)| b == backend) {
                Some(slot) => slot.1 = i,
                None => newest.push((backend.clone(), i)),
            }
        }
    }
    if newest.is_empty() {
        return events;
    }
    let superseded =
        |backend: &Arc<str>, i: usize| newest.iter().any(|(b, last)| b == backend && i < *last);
    events
        .into_iter()
        .enumerate()
        .filter(|(i, e)| match e {
            BackendEvent::Snapshot { backend, .. } | BackendEvent::Agents { backend, .. } => {
                !superseded(backend, *i)
            }
            _ => true,
        })
        .map(|(_, e)| e)
        .collect()
}
