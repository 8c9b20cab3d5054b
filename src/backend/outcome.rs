//! Building [`ActionOutcome`]s and telling refusals (the vendor or callboard said no) from failures
//! (the backend could not be reached or answered nonsense).

use super::ActionOutcome;
use serde_json::{json, Value};

impl ActionOutcome {
    /// The action was done.
    pub fn done(summary: impl Into<String>, vendor_reply: Value) -> ActionOutcome {
        ActionOutcome {
            ok: true,
            summary: summary.into(),
            vendor_reply,
        }
    }

    /// The vendor refused: `vendor_reply` carries its code (`code` / `retcode`) and message.
    pub fn refused_by_vendor(summary: impl Into<String>, vendor_reply: Value) -> ActionOutcome {
        ActionOutcome {
            ok: false,
            summary: summary.into(),
            vendor_reply,
        }
    }

    /// callboard refused before asking the vendor (unknown agent, bad parameter, read-only…).
    pub fn refused(summary: impl Into<String>) -> ActionOutcome {
        ActionOutcome {
            ok: false,
            summary: summary.into(),
            vendor_reply: json!({"refused_by": "callboard"}),
        }
    }

    /// The backend could not be reached or its answer could not be read.
    pub fn failed(summary: impl Into<String>, error: impl Into<String>) -> ActionOutcome {
        ActionOutcome {
            ok: false,
            summary: summary.into(),
            vendor_reply: json!({"error": error.into()}),
        }
    }

    /// `ok`, `refused` (the vendor or callboard said no) or `failed` (no usable answer).
    pub fn status(&self) -> &'static str {
        if self.ok {
            return "ok";
        }
        let has = |k: &str| self.vendor_reply.get(k).is_some_and(|v| !v.is_null());
        if has("refused_by") || has("code") || has("retcode") {
            "refused"
        } else {
            "failed"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(ActionOutcome::done("x", Value::Null).status(), "ok");
        assert_eq!(ActionOutcome::refused("x").status(), "refused");
        assert_eq!(
            ActionOutcome::refused_by_vendor("x", json!({"code": "NotExists.UserId"})).status(),
            "refused"
        );
        assert_eq!(ActionOutcome::failed("x", "timeout").status(), "failed");
    }
}
