//! The configured backends as one [`Fleet`]: one member per `[[backend]]` entry, connected at once
//! ([`Fleet::connect`], headless commands) or later in the background by its poller
//! ([`Fleet::new`], the dashboard); the audit log; finding a connected backend by name. Its
//! pollers are in [`super::poller`], its audited action path ([`Fleet::act`]) in [`super::act`].

use super::{Backend, BackendError, SignInPolicy};
use crate::audit::{self, AuditLog};
use crate::config::{expand_home, BackendConfig, Config};
use futures_util::future::join_all;
use std::sync::{Arc, OnceLock};

/// One configured backend: its config, and the backend once connecting it succeeded (set once,
/// by whoever connects first: [`Fleet::connect`] or the member's poller).
#[derive(Debug)]
pub(super) struct Member {
    pub(super) config: BackendConfig,
    pub(super) backend: Arc<OnceLock<Backend>>,
}

impl Member {
    fn new(config: BackendConfig) -> Member {
        Member {
            config,
            backend: Arc::new(OnceLock::new()),
        }
    }

    fn connected(backend: Backend) -> Member {
        let slot = OnceLock::new();
        let config = backend.config().clone();
        let _ = slot.set(backend);
        Member {
            config,
            backend: Arc::new(slot),
        }
    }
}

/// Every configured backend (connected or still connecting) plus the audit log.
pub struct Fleet {
    members: Vec<Member>,
    policy: SignInPolicy,
    audit: Option<AuditLog>,
    /// Why the audit log could not be opened (each action's summary says it).
    audit_error: Option<String>,
    readonly: bool,
}

impl std::fmt::Debug for Fleet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fleet")
            .field("backends", &self.backends())
            .field("connecting", &self.connecting())
            .field(
                "audit",
                &self.audit.as_ref().map(|a| a.path().to_path_buf()),
            )
            .field("readonly", &self.readonly)
            .finish()
    }
}

impl Fleet {
    /// Every configured backend, none connected yet (no request is sent): their pollers
    /// ([`Fleet::spawn_pollers`]) connect them in the background, retrying with backoff. Opens
    /// the audit log (`audit_log` in the config, else the platform state directory); if it cannot
    /// be opened that is the error returned, and actions still run but say they were not recorded.
    pub fn new(config: &Config, policy: SignInPolicy) -> (Fleet, Vec<BackendError>) {
        let path = config.audit_log.as_deref().map(expand_home);
        let mut errors = Vec::new();
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
            members: config.backends.iter().cloned().map(Member::new).collect(),
            policy,
            audit,
            audit_error,
            readonly: config.readonly,
        };
        (fleet, errors)
    }

    /// Connects every backend once, all at once, never taking a Huawei inspector session over
    /// from another client ([`SignInPolicy::Respect`]). The ones that fail are listed (their
    /// pollers, if spawned, keep trying), the rest are usable. Opens the audit log as
    /// [`Fleet::new`] does.
    pub async fn connect(config: &Config) -> (Fleet, Vec<BackendError>) {
        Self::connect_with(config, SignInPolicy::Respect).await
    }

    /// [`Fleet::connect`] with the given sign-in policy.
    pub async fn connect_with(config: &Config, policy: SignInPolicy) -> (Fleet, Vec<BackendError>) {
        let (fleet, audit_errors) = Fleet::new(config, policy);
        // Each connect runs concurrently on this task; results keep the config order.
        let results = join_all(
            fleet
                .members
                .iter()
                .map(|m| Backend::connect_with(&m.config, policy)),
        )
        .await;
        let mut errors = Vec::new();
        for (member, result) in fleet.members.iter().zip(results) {
            match result {
                Ok(b) => {
                    let _ = member.backend.set(b);
                }
                Err(e) => errors.push(e),
            }
        }
        errors.extend(audit_errors);
        (fleet, errors)
    }

    /// A fleet of already-connected backends.
    pub fn from_backends(backends: Vec<Backend>, audit: Option<AuditLog>, readonly: bool) -> Fleet {
        Fleet {
            members: backends.into_iter().map(Member::connected).collect(),
            policy: SignInPolicy::Respect,
            audit,
            audit_error: None,
            readonly,
        }
    }

    /// The connected backends, in config order.
    pub fn backends(&self) -> Vec<&Backend> {
        self.members
            .iter()
            .filter_map(|m| m.backend.get())
            .collect()
    }

    /// The connected backend of that name.
    pub fn backend(&self, name: &str) -> Option<&Backend> {
        self.members
            .iter()
            .filter(|m| m.config.name == name)
            .find_map(|m| m.backend.get())
    }

    /// Names of the configured backends not connected yet.
    pub fn connecting(&self) -> Vec<&str> {
        self.members
            .iter()
            .filter(|m| m.backend.get().is_none())
            .map(|m| m.config.name.as_str())
            .collect()
    }

    pub(super) fn members(&self) -> &[Member] {
        &self.members
    }

    /// How the backends sign in when another client holds the same identity.
    pub fn policy(&self) -> SignInPolicy {
        self.policy
    }

    pub fn audit_log(&self) -> Option<&AuditLog> {
        self.audit.as_ref()
    }

    /// Why the audit log could not be opened, when it could not.
    pub(super) fn audit_error(&self) -> Option<&str> {
        self.audit_error.as_deref()
    }

    pub fn is_readonly(&self) -> bool {
        self.readonly
    }

    /// `--readonly`: every action is refused (and audited as refused).
    pub fn set_readonly(&mut self, readonly: bool) {
        self.readonly = readonly;
    }

    /// Stops every connected backend's background work (see [`Backend::shutdown`]). Stop the
    /// pollers first, so none connects meanwhile.
    pub async fn shutdown(&self) {
        for b in self.backends() {
            b.shutdown().await;
        }
    }
}
