//! Building [`ActionOutcome`]s: done, refused (by the vendor's business code or by callboard's own
//! checks), failed (no usable answer, HTTP 5xx) and unknown (the answer was lost or garbled after
//! the request went out), and the words the audit log records for each.

use super::{ActionOutcome, OutcomeStatus, Verification};
use serde_json::{json, Value};

impl OutcomeStatus {
    /// `ok`, `refused`, `failed` or `unknown`.
    pub fn word(self) -> &'static str {
        match self {
            OutcomeStatus::Ok => "ok",
            OutcomeStatus::Refused => "refused",
            OutcomeStatus::Failed => "failed",
            OutcomeStatus::Unknown => "unknown",
        }
    }
}

impl ActionOutcome {
    fn new(
        status: OutcomeStatus,
        summary: impl Into<String>,
        vendor_reply: Value,
    ) -> ActionOutcome {
        ActionOutcome {
            ok: status == OutcomeStatus::Ok,
            status,
            summary: summary.into(),
            vendor_reply,
            verification: None,
        }
    }

    /// The action was done.
    pub fn done(summary: impl Into<String>, vendor_reply: Value) -> ActionOutcome {
        ActionOutcome::new(OutcomeStatus::Ok, summary, vendor_reply)
    }

    /// The vendor refused with a business error code: `vendor_reply` carries it (`code` /
    /// `retcode`) and its message.
    pub fn refused_by_vendor(summary: impl Into<String>, vendor_reply: Value) -> ActionOutcome {
        ActionOutcome::new(OutcomeStatus::Refused, summary, vendor_reply)
    }

    /// callboard refused before asking the vendor (unknown agent, bad parameter, read-only…).
    pub fn refused(summary: impl Into<String>) -> ActionOutcome {
        ActionOutcome::new(
            OutcomeStatus::Refused,
            summary,
            json!({"refused_by": "callboard"}),
        )
    }

    /// Not done: the backend could not be reached, could not be prepared for the action, or
    /// answered with a server error.
    pub fn failed(summary: impl Into<String>, error: impl Into<String>) -> ActionOutcome {
        ActionOutcome::new(
            OutcomeStatus::Failed,
            summary,
            json!({"error": error.into()}),
        )
    }

    /// A server error with the vendor's reply kept (e.g. CCC `ServiceUnavailable` with HTTP 503).
    pub fn failed_with_reply(summary: impl Into<String>, vendor_reply: Value) -> ActionOutcome {
        ActionOutcome::new(OutcomeStatus::Failed, summary, vendor_reply)
    }

    /// The request went out but its answer was lost (timeout, connection broken) or garbled: it
    /// may or may not have happened. [`super::Fleet::act`] then reads the agent back.
    pub fn unknown(summary: impl Into<String>, error: impl Into<String>) -> ActionOutcome {
        ActionOutcome::new(
            OutcomeStatus::Unknown,
            summary,
            json!({"error": error.into(), "answer": "lost"}),
        )
    }

    /// This outcome after reading the agent back: applied → ok, not applied → failed,
    /// unverified → still unknown; `summary` says so.
    pub fn verified(mut self, verification: Verification, summary: String) -> ActionOutcome {
        self.status = match verification {
            Verification::Applied => OutcomeStatus::Ok,
            Verification::NotApplied => OutcomeStatus::Failed,
            Verification::Unverified => OutcomeStatus::Unknown,
        };
        self.ok = self.status == OutcomeStatus::Ok;
        self.verification = Some(verification);
        self.summary = summary;
        self
    }

    /// The audit log's word: `ok`, `refused`, `failed`, `unknown`, or `verified-applied` /
    /// `verified-not-applied` when the answer was lost and reading the agent back told.
    pub fn audit_word(&self) -> &'static str {
        match self.verification {
            Some(Verification::Applied) => "verified-applied",
            Some(Verification::NotApplied) => "verified-not-applied",
            _ => self.status.word(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        let word = |o: ActionOutcome| (o.ok, o.status.word(), o.audit_word());
        assert_eq!(
            word(ActionOutcome::done("x", Value::Null)),
            (true, "ok", "ok")
        );
        assert_eq!(
            word(ActionOutcome::refused("x")),
            (false, "refused", "refused")
        );
        assert_eq!(
            word(ActionOutcome::refused_by_vendor(
                "x",
                json!({"code": "NotExists.UserId"})
            )),
            (false, "refused", "refused")
        );
        assert_eq!(
            word(ActionOutcome::failed("x", "timeout")),
            (false, "failed", "failed")
        );
        assert_eq!(
            word(ActionOutcome::failed_with_reply(
                "x",
                json!({"code": "ServiceUnavailable", "http_status": 503})
            )),
            (false, "failed", "failed")
        );
        assert_eq!(
            word(ActionOutcome::unknown("x", "timed out")),
            (false, "unknown", "unknown")
        );
    }

    #[test]
    fn verification_gives_the_final_word() {
        let lost = || ActionOutcome::unknown("x", "timed out");
        let o = lost().verified(Verification::Applied, "applied".into());
        assert_eq!(
            (o.ok, o.status, o.audit_word()),
            (true, OutcomeStatus::Ok, "verified-applied")
        );
        let o = lost().verified(Verification::NotApplied, "not".into());
        assert_eq!(
            (o.ok, o.status, o.audit_word()),
            (false, OutcomeStatus::Failed, "verified-not-applied")
        );
        let o = lost().verified(Verification::Unverified, "?".into());
        assert_eq!(
            (o.ok, o.status, o.audit_word()),
            (false, OutcomeStatus::Unknown, "unknown")
        );
        assert_eq!(o.vendor_reply["answer"], "lost");
        let j = serde_json::to_value(&o).unwrap();
        assert_eq!(
            (&j["status"], &j["verification"]),
            (&json!("unknown"), &json!("unverified"))
        );
        let j = serde_json::to_value(ActionOutcome::done("x", Value::Null)).unwrap();
        assert!(j.get("verification").is_none(), "{j}");
    }
}
