//! Errors of the Huawei CC-Gateway client, each with a plain-words message (no secrets in any of them).

use super::retcode;
use crate::backend::bounded::echo;

/// Why a gateway call or a session command failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HuaweiError {
    /// The gateway could not be reached, the connection broke or the answer timed out.
    #[error("cannot reach the Huawei gateway ({path}): {message}")]
    Transport { path: String, message: String },
    /// The gateway answered with an HTTP status other than 200.
    #[error("the Huawei gateway answered HTTP {status} to {path}")]
    Http { status: u16, path: String },
    /// A 3xx answer: redirects are never followed (they would carry the password or Guid elsewhere).
    #[error("the Huawei gateway answered HTTP {status} to {path}, a redirect to {location}; callboard follows no redirects, for safety (they could carry passwords or the session to another host): set endpoint to the final URL")]
    Redirect {
        status: u16,
        path: String,
        /// The `Location` header, cut to a readable length.
        location: String,
    },
    /// A part of the answer (`body`, `Set-GUID` header) is larger than callboard accepts.
    #[error("the Huawei gateway's {what} for {path} is over the {limit} callboard accepts; this is not a CC-Gateway answer: check endpoint and any proxy in front of the gateway")]
    Oversized {
        path: String,
        what: String,
        limit: String,
    },
    /// The answer was not the gateway's JSON envelope.
    #[error("the Huawei gateway's answer to {path} is not its JSON envelope: {message}")]
    Body { path: String, message: String },
    /// The gateway refused the call with a `retcode` other than `"0"`.
    #[error("gateway error {code}: {meaning}{}", server_text(.message))]
    Retcode {
        code: String,
        /// The server's own `message`.
        message: String,
        /// Plain words from [`retcode::meaning`].
        meaning: &'static str,
    },
    /// The CA file or the TLS settings are unusable.
    #[error("TLS setup for the Huawei gateway failed: {0}")]
    Tls(String),
    /// A configuration value is unusable (endpoint, work number…).
    #[error("invalid Huawei setting: {0}")]
    Config(String),
    /// The operation needs a signed-in session.
    #[error("agent {0} is not signed in through callboard")]
    NotSignedIn(String),
    /// The session's task has stopped.
    #[error("the session of agent {0} has stopped")]
    Closed(String),
}

fn server_text(message: &str) -> String {
    let m = message.trim();
    if m.is_empty() || m.eq_ignore_ascii_case("success") {
        String::new()
    } else {
        format!(" (gateway says: {m})")
    }
}

impl HuaweiError {
    /// A retcode error with its plain-words meaning.
    /// The code and the message are the gateway's own text: both are cut to
    /// [`MAX_ECHO_CHARS`](crate::backend::bounded::MAX_ECHO_CHARS) characters.
    pub fn retcode(code: impl Into<String>, message: impl Into<String>) -> HuaweiError {
        let code = echo(&code.into());
        HuaweiError::Retcode {
            meaning: retcode::meaning(&code),
            code,
            message: echo(&message.into()),
        }
    }

    /// The request may have reached the gateway and run, but its answer was lost: it timed out,
    /// broke off, or was not the envelope. (A connection that could not be made never sent it;
    /// [`super::http`] words those "connection failed".)
    pub fn answer_lost(&self) -> bool {
        match self {
            HuaweiError::Transport { message, .. } => !message.starts_with("connection failed"),
            HuaweiError::Body { .. } | HuaweiError::Oversized { .. } => true,
            _ => false,
        }
    }

    /// The gateway `retcode`, if this is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            HuaweiError::Retcode { code, .. } => Some(code),
            _ => None,
        }
    }

    /// `100-002`: the agent is signed in elsewhere (force sign-in is the way).
    pub fn is_already_signed_in(&self) -> bool {
        self.code() == Some("100-002")
    }

    /// The session is gone or the Guid no longer accepted (`100-006`, `000-003`, DR codes).
    pub fn is_session_lost(&self) -> bool {
        self.code().is_some_and(retcode::is_session_lost)
    }

    /// Transport, HTTP or body trouble (worth retrying with backoff), as opposed to a refusal.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            HuaweiError::Transport { .. }
                | HuaweiError::Http { .. }
                | HuaweiError::Body { .. }
                | HuaweiError::Oversized { .. }
        ) || self.code().is_some_and(retcode::is_busy_retry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retcode_errors_carry_plain_words() {
        let e = HuaweiError::retcode("100-002", "agent has login");
        assert!(e.is_already_signed_in());
        assert_eq!(
            e.to_string(),
            "gateway error 100-002: the agent is already signed in elsewhere; use force sign-in (gateway says: agent has login)"
        );
        let e = HuaweiError::retcode("000-003", "");
        assert!(e.is_session_lost());
        assert!(!e.to_string().contains("gateway says"));
        assert!(HuaweiError::retcode("000-007", "").is_transient());
    }

    #[test]
    fn retcode_text_is_cleaned() {
        let e = HuaweiError::retcode("100-004\u{1b}[2J", "bad\u{1b}]0;t\u{7}\u{202e}\npw");
        assert_eq!(e.code(), Some("100-004"));
        assert!(e.to_string().ends_with("(gateway says: bad pw)"), "{e}");
    }

    #[test]
    fn lost_answers_are_told_from_connections_never_made() {
        let t = |m: &str| HuaweiError::Transport {
            path: "p".into(),
            message: m.into(),
        };
        assert!(!t("connection failed: refused").answer_lost());
        assert!(t("timed out").answer_lost());
        assert!(t("the answer broke off").answer_lost());
        assert!(HuaweiError::Body {
            path: "p".into(),
            message: "x".into()
        }
        .answer_lost());
        assert!(!HuaweiError::Http {
            status: 503,
            path: "p".into()
        }
        .answer_lost());
        assert!(!HuaweiError::retcode("100-006", "").answer_lost());
    }
}
