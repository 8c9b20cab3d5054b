//! [`Fleet::act`], the one code path every action of the TUI and the CLI goes through: the checks
//! (backend, read-only, agent), the vendor call, the read-back of an outcome left unknown
//! ([`super::verify`]), and exactly one audit line with the final word. [`record_unsent`] writes
//! that line for an action refused before any backend was connected.

use super::params::unused_words;
use super::{verify, ActionKind, ActionOutcome, ActionRequest, Fleet, OutcomeStatus};
use crate::audit::{self, AuditEntry, AuditLog};
use crate::config::{BackendKind, Config};
use crate::text::{clean_capped, clean_json, cleaned};

/// The longest summary shown, printed or recorded (in characters).
pub const MAX_SUMMARY_CHARS: usize = 1000;

impl Fleet {
    /// THE action path: checks (backend, read-only, agent), the vendor call, a read-back when the
    /// answer was lost, one audit line.
    pub async fn act(&self, req: ActionRequest) -> ActionOutcome {
        self.act_by(req, None).await
    }

    /// [`Fleet::act`] on behalf of a `callboard serve` session: the audit line also names its SSH
    /// user and key.
    pub async fn act_by(&self, req: ActionRequest, by: Option<&audit::Remote>) -> ActionOutcome {
        let outcome = self.checked(&req).await;
        let outcome = match self.backend(&req.backend) {
            Some(b)
                if outcome.status == OutcomeStatus::Unknown && outcome.verification.is_none() =>
            {
                verify::check(b, &req, outcome).await
            }
            _ => outcome,
        };
        self.record_by(&req, outcome, by)
    }

    /// Writes the audit line of an action that got no further than `outcome` (e.g. its backend
    /// could not be started) and returns the outcome as recorded.
    pub fn record(&self, req: &ActionRequest, outcome: ActionOutcome) -> ActionOutcome {
        self.record_by(req, outcome, None)
    }

    /// [`Fleet::record`] naming the `callboard serve` session that asked (`by`).
    pub fn record_by(
        &self,
        req: &ActionRequest,
        outcome: ActionOutcome,
        by: Option<&audit::Remote>,
    ) -> ActionOutcome {
        let vendor = self
            .members()
            .iter()
            .find(|m| m.config.name == req.backend)
            .map(|m| m.config.kind);
        record_to(
            self.audit_log(),
            self.audit_error(),
            req,
            vendor,
            outcome,
            by,
        )
    }

    async fn checked(&self, req: &ActionRequest) -> ActionOutcome {
        let Some(backend) = self.backend(&req.backend) else {
            let names: Vec<String> = self
                .backends()
                .iter()
                .map(|b| b.name().to_string())
                .collect();
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
        if self.is_readonly() {
            return ActionOutcome::refused(
                "callboard is read-only (readonly = true in the config, or --readonly); no action was sent",
            );
        }
        let unused = req.kind.unused_by(backend.kind());
        if !unused.is_empty() {
            return ActionOutcome::refused(format!(
                "{} not sent: {}",
                req.kind.name(),
                unused_words(&unused, backend.kind())
            ));
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
}

/// Records an action refused before any backend was connected (read-only, a backend the config
/// does not have): one line in `config`'s audit log, like every other action. Returns the outcome
/// as recorded (its summary says when the line could not be written).
pub fn record_unsent(
    config: &Config,
    req: &ActionRequest,
    outcome: ActionOutcome,
) -> ActionOutcome {
    let path = audit::path_of(config);
    let vendor = config.backend(&req.backend).map(|b| b.kind);
    match AuditLog::open(Some(path.clone())) {
        Ok(log) => record_to(Some(&log), None, req, vendor, outcome, None),
        Err(e) => {
            let why = format!(
                "cannot open the audit log {}: {e}; set audit_log in the config to a writable file",
                path.display()
            );
            record_to(None, Some(&why), req, vendor, outcome, None)
        }
    }
}

/// Cleans the outcome's text (summary capped, every string of the vendor reply), appends its audit
/// line to `log` (or notes `broken`, why there is no log), and returns it. The line's parameters
/// are those `vendor` (the backend's kind, when the config has the backend) uses.
fn record_to(
    log: Option<&AuditLog>,
    broken: Option<&str>,
    req: &ActionRequest,
    vendor: Option<BackendKind>,
    mut outcome: ActionOutcome,
    by: Option<&audit::Remote>,
) -> ActionOutcome {
    outcome.summary = clean_capped(&outcome.summary, MAX_SUMMARY_CHARS).into_owned();
    clean_json(&mut outcome.vendor_reply);
    let entry = AuditEntry {
        time: audit::now_rfc3339(),
        operator: audit::operator(),
        backend: cleaned(&req.backend),
        agent: cleaned(&req.agent),
        action: req.kind.name().to_string(),
        parameters: req.kind.parameters_for(vendor),
        outcome: outcome.audit_word().to_string(),
        summary: outcome.summary.clone(),
        vendor_reply: outcome.vendor_reply.clone(),
        ssh_user: by.map(|r| cleaned(&r.ssh_user)),
        ssh_key: by.map(|r| cleaned(&r.ssh_key)),
    };
    let unrecorded = match log {
        Some(log) => log.append(&entry).err().map(|e| {
            format!(
                "cannot append to the audit log {}: {e}",
                log.path().display()
            )
        }),
        None => broken.map(str::to_string),
    };
    if let Some(why) = unrecorded {
        tracing::error!(error = %why, "action not recorded in the audit log");
        outcome.summary = format!("{} (not recorded: {why})", outcome.summary);
    }
    tracing::info!(backend = %req.backend, agent = %req.agent, action = req.kind.name(), outcome = outcome.audit_word(), "{}", outcome.summary);
    outcome
}
