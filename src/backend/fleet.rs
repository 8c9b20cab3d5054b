//! The configured backends as one [`Fleet`]: connecting them all at once, opening the audit log,
//! and finding a backend by name. Its pollers are in [`super::poller`], its audited action path
//! ([`Fleet::act`]) in [`super::act`].

use super::{Backend, BackendError};
use crate::audit::{self, AuditLog};
use crate::config::{expand_home, Config};
use futures_util::future::join_all;

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
        // Each connect runs concurrently on this task; results keep the config order.
        let results = join_all(config.backends.iter().map(Backend::connect)).await;
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

    /// Stops every backend's background work (see [`Backend::shutdown`]).
    pub async fn shutdown(&self) {
        for b in &self.backends {
            b.shutdown().await;
        }
    }
}
