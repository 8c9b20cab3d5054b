//! [`Backend`]: one connected backend of either vendor, and the dispatch of every backend
//! operation (refresh, action, choices, agent lookup, shutdown) to the vendor's own client.

use super::aliyun::AliyunBackend;
use super::huawei::HuaweiBackend;
use super::{
    ActionChoices, ActionOutcome, ActionRequest, BackendError, QueueFigures, Refresh,
    RefreshMemory, SignInPolicy,
};
use crate::config::{BackendConfig, BackendKind};
use crate::model::Agent;
use std::sync::Arc;
use std::time::Duration;

/// One connected backend. Cheap to clone (shared inside).
#[derive(Debug, Clone)]
pub enum Backend {
    Aliyun(AliyunBackend),
    Huawei(HuaweiBackend),
}

impl Backend {
    /// Resolves the secrets and builds the client. Alibaba sends no request yet; Huawei signs the
    /// inspector in and starts monitoring the roster, without taking the inspector's session over
    /// from another client ([`SignInPolicy::Respect`], for headless commands).
    pub async fn connect(cfg: &BackendConfig) -> Result<Backend, BackendError> {
        Self::connect_with(cfg, SignInPolicy::Respect).await
    }

    /// [`Self::connect`] with the given policy (the dashboard takes its inspector session over).
    pub async fn connect_with(
        cfg: &BackendConfig,
        policy: SignInPolicy,
    ) -> Result<Backend, BackendError> {
        match cfg.kind {
            BackendKind::Aliyun => AliyunBackend::connect(cfg).await.map(Backend::Aliyun),
            BackendKind::Huawei => HuaweiBackend::connect_with(cfg, policy)
                .await
                .map(Backend::Huawei),
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

    /// TLS verification is off (`insecure_skip_verify`): the header shows a warning.
    pub fn insecure_tls(&self) -> bool {
        match self {
            Backend::Aliyun(b) => b.client().is_insecure(),
            Backend::Huawei(b) => b.insecure_tls(),
        }
    }

    /// One full refresh: every rostered agent and the queues (their vendor text cleaned).
    pub async fn snapshot(&self) -> Result<(Vec<Agent>, Vec<QueueFigures>), BackendError> {
        let (agents, mut queues) = match self {
            Backend::Aliyun(b) => b.snapshot().await,
            Backend::Huawei(b) => b.snapshot().await,
        }?;
        queues.iter_mut().for_each(super::clean::queue);
        Ok((agents, queues))
    }

    /// One full refresh sent as changes since the previous refresh of `memory` (every agent the
    /// first time): Alibaba skips the agents whose record did not change; Huawei those whose
    /// inputs (inspector, held session, CMS) did not change and that no event sent meanwhile.
    pub async fn refresh(&self, memory: &mut RefreshMemory) -> Result<Refresh, BackendError> {
        let mut refresh = match self {
            Backend::Aliyun(b) => b.refresh(memory).await?,
            Backend::Huawei(b) => b.refresh(memory).await?,
        };
        refresh.queues.iter_mut().for_each(super::clean::queue);
        Ok(refresh)
    }

    /// Why the last successful refresh was only partly served (Huawei: CMS failed and the agents
    /// kept the inspector's data), shown as `Degraded`.
    pub fn partial_problem(&self) -> Option<String> {
        match self {
            Backend::Aliyun(_) => None,
            Backend::Huawei(b) => b.cms_problem(),
        }
    }

    /// What the last refresh got from a secondary data source (Huawei CMS): `None` when there is
    /// none, else the number of agents it described or why it failed.
    pub fn secondary_report(&self) -> Option<Result<usize, String>> {
        match self {
            Backend::Aliyun(_) => None,
            Backend::Huawei(b) => b.cms_report(),
        }
    }

    /// Runs one action on the vendor (no audit line; [`super::Fleet::act`] is the checked path).
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
