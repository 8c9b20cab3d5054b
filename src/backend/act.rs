//! [`Fleet::act`], the one code path every action of the TUI and the CLI goes through: the checks
//! (backend, read-only, agent), the vendor call, and one audit line.

use super::{ActionKind, ActionOutcome, ActionRequest, Fleet};
use crate::audit::{self, AuditEntry};
use crate::config::BackendKind;

impl Fleet {
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
        let unrecorded = match self.audit_log() {
            Some(log) => log.append(&entry).err().map(|e| {
                format!(
                    "cannot append to the audit log {}: {e}",
                    log.path().display()
                )
            }),
            None => self.audit_error().map(str::to_string),
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

/// The action's parameters for the audit line (the action's own fields; never secrets).
fn parameters(kind: &ActionKind) -> serde_json::Value {
    let mut v = serde_json::to_value(kind).unwrap_or(serde_json::Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("action");
    }
    v
}
