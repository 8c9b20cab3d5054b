//! Typed errors of the CCC client: API refusals with `Code`, `Message` and `RequestId`,
//! throttling, timeouts, connection failures, unexpected HTTP answers and unreadable bodies.
//! No variant ever holds the AccessKey secret.

use super::lenient::field_str;
use crate::backend::bounded::{echo, MAX_ECHO_CHARS};
use serde_json::Value;
use std::time::Duration;

/// Why a CCC call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AliyunError {
    /// CCC or the API gateway refused the call with a `Code` (e.g. `NotExists.UserId`).
    #[error("{action} was refused by Alibaba Cloud CCC (HTTP {status}): {code}: {message} (RequestId {request_id})")]
    Api {
        action: String,
        status: u16,
        code: String,
        message: String,
        request_id: String,
    },
    /// Flow control (`Throttling*` or `x-acs-retry-after`) that outlasted the retries.
    #[error("{action} was throttled by Alibaba Cloud ({code}){}; poll less often or wait", retry_hint(.retry_after))]
    Throttled {
        action: String,
        code: String,
        retry_after: Option<Duration>,
        request_id: String,
    },
    /// No answer within the request timeout.
    #[error("{action} timed out after {:.1} s waiting for Alibaba Cloud CCC", .after.as_secs_f64())]
    Timeout { action: String, after: Duration },
    /// The endpoint could not be reached (DNS, refused, TLS): the request never got there.
    #[error("{action}: cannot connect to the CCC endpoint {endpoint}: {detail}")]
    Connect {
        action: String,
        endpoint: String,
        detail: String,
    },
    /// The connection broke after the request was sent: the call may or may not have run.
    #[error(
        "{action}: the connection to the CCC endpoint broke before an answer arrived: {detail}"
    )]
    Disconnected { action: String, detail: String },
    /// An HTTP error without a readable CCC error body.
    #[error("{action}: unexpected HTTP {status} from the CCC endpoint: {body}")]
    Http {
        action: String,
        status: u16,
        /// The first few hundred characters of the body.
        body: String,
    },
    /// A body that is not the JSON the API documents.
    #[error("{action}: the answer could not be read: {detail}")]
    Decode { action: String, detail: String },
    /// A 3xx answer: redirects are never followed (they would carry the signed request elsewhere).
    #[error("{action}: the CCC endpoint answered HTTP {status}, a redirect to {location}; callboard follows no redirects, for safety: set endpoint to the final URL")]
    Redirect {
        action: String,
        status: u16,
        /// The `Location` header, cut to a readable length.
        location: String,
    },
    /// The answer was longer than callboard reads from one call; reading stopped there.
    #[error("{action}: {what} from the CCC endpoint exceeded {}; callboard stops reading there to bound its memory: check that endpoint is a CCC endpoint and not a proxy or another server", crate::backend::bounded::size_text(*.limit))]
    TooLarge {
        action: String,
        /// `the answer` (one call) or `all pages together` (one listing).
        what: &'static str,
        limit: usize,
    },
    /// A list claims more items than callboard accepts for one instance.
    #[error("{action}: the CCC endpoint claims {total} items, more than the {limit} callboard accepts for one instance; check endpoint and instance_id")]
    TooMany {
        action: String,
        total: i64,
        limit: i64,
    },
    /// The CA file or TLS settings are unusable.
    #[error("Alibaba Cloud CCC TLS settings: {0}")]
    Tls(String),
    /// The client is configured wrongly (endpoint URL, missing instance id).
    #[error("Alibaba Cloud CCC client configuration: {0}")]
    Config(String),
    /// No usable credentials to sign with (temporary ones expired and could not be renewed).
    #[error("{action}: no usable Alibaba Cloud credentials: {detail}")]
    Credentials { action: String, detail: String },
}

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) => format!(", retry after {} ms", d.as_millis()),
        None => String::new(),
    }
}

impl AliyunError {
    /// Whether trying again later may succeed: throttling, 5xx, timeouts, connection failures and
    /// unreadable bodies. (Whether a *given* call may be repeated is decided by the client.)
    pub fn is_retryable(&self) -> bool {
        match self {
            AliyunError::Api { status, code, .. } => {
                *status >= 500 || code == "ServiceUnavailable" || code.starts_with("InternalError")
            }
            AliyunError::Http { status, .. } => *status >= 500 || *status == 429,
            AliyunError::Throttled { .. }
            | AliyunError::Timeout { .. }
            | AliyunError::Connect { .. }
            | AliyunError::Disconnected { .. }
            | AliyunError::Decode { .. } => true,
            AliyunError::Config(_)
            | AliyunError::Credentials { .. }
            | AliyunError::Redirect { .. }
            | AliyunError::TooLarge { .. }
            | AliyunError::TooMany { .. }
            | AliyunError::Tls(_) => false,
        }
    }

    /// The vendor's error code, when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            AliyunError::Api { code, .. } | AliyunError::Throttled { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The request id to quote to Alibaba Cloud support, when there is one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            AliyunError::Api { request_id, .. } | AliyunError::Throttled { request_id, .. }
                if !request_id.is_empty() =>
            {
                Some(request_id)
            }
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            AliyunError::Api { status, .. }
            | AliyunError::Http { status, .. }
            | AliyunError::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server certainly did not run the call (so repeating an action is safe).
    pub fn never_reached_server(&self) -> bool {
        matches!(self, AliyunError::Connect { .. })
    }
}

/// The first `max` characters of a body, on one line, cleaned ([`crate::text::clean`]).
pub fn snippet(body: &str, max: usize) -> String {
    crate::text::clean_capped(body, max + 1).into_owned()
}

/// Reads `x-acs-retry-after` (milliseconds, positive) the way the official SDK does.
pub fn retry_after_header(value: Option<&str>) -> Option<Duration> {
    let ms: i64 = value?.trim().parse().ok()?;
    (ms > 0).then(|| Duration::from_millis(ms as u64))
}

/// The error for a non-2xx answer (or a 2xx one that says `Success: false`).
pub fn from_response(
    action: &str,
    status: u16,
    retry_after: Option<Duration>,
    header_request_id: Option<&str>,
    body: &str,
) -> AliyunError {
    let parsed: Option<Value> = serde_json::from_str(body).ok().filter(Value::is_object);
    let field = |names: &[&str]| parsed.as_ref().and_then(|v| field_str(v, names));
    // Vendor text is quoted in messages: each value is cut to a readable length.
    let code = field(&["Code", "code"]).map(|c| echo(&c));
    let message = field(&["Message", "message", "Description", "description"])
        .map(|m| echo(&m))
        .unwrap_or_default();
    let request_id = field(&["RequestId", "requestId", "requestID"])
        .or_else(|| header_request_id.map(str::to_string))
        .map(|r| echo(&r))
        .unwrap_or_default();
    let throttled = retry_after.is_some()
        || code
            .as_deref()
            .is_some_and(|c| c.starts_with("Throttling") || c == "Throttled")
        || (status == 429 && code.is_none());
    if throttled {
        return AliyunError::Throttled {
            action: action.to_string(),
            code: code.unwrap_or_else(|| "Throttling".to_string()),
            retry_after,
            request_id,
        };
    }
    match code {
        Some(code) => AliyunError::Api {
            action: action.to_string(),
            status,
            code,
            message,
            request_id,
        },
        None => AliyunError::Http {
            action: action.to_string(),
            status,
            body: snippet(body, MAX_ECHO_CHARS),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_from_gateway_body_any_casing() {
        let body = r#"{"RequestId":"R-1","HostId":"ccc","Code":"NotExists.UserId","Message":"The user a@b does not exist in instance b."}"#;
        let e = from_response("TakeBreak", 404, None, None, body);
        assert_eq!(
            e,
            AliyunError::Api {
                action: "TakeBreak".into(),
                status: 404,
                code: "NotExists.UserId".into(),
                message: "The user a@b does not exist in instance b.".into(),
                request_id: "R-1".into(),
            }
        );
        assert!(!e.is_retryable());
        assert_eq!(e.request_id(), Some("R-1"));
        let lower = r#"{"requestId":"R-2","code":"SignatureDoesNotMatch","message":"bad"}"#;
        let e = from_response("ListUsers", 400, None, None, lower);
        assert_eq!(e.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(e.request_id(), Some("R-2"));
        assert!(e.to_string().contains("ListUsers"));
    }

    #[test]
    fn throttling_by_header_or_code() {
        let e = from_response(
            "ListUsers",
            400,
            retry_after_header(Some("1000")),
            None,
            r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"R"}"#,
        );
        assert_eq!(
            e,
            AliyunError::Throttled {
                action: "ListUsers".into(),
                code: "Throttling.User".into(),
                retry_after: Some(Duration::from_millis(1000)),
                request_id: "R".into(),
            }
        );
        assert!(e.is_retryable());
        let e = from_response("ListUsers", 400, None, None, r#"{"Code":"Throttling.Api"}"#);
        assert!(matches!(
            e,
            AliyunError::Throttled {
                retry_after: None,
                ..
            }
        ));
        assert_eq!(retry_after_header(Some("0")), None);
        assert_eq!(retry_after_header(Some("abc")), None);
        assert_eq!(retry_after_header(None), None);
    }

    #[test]
    fn server_errors_and_unreadable_bodies() {
        let e = from_response(
            "ListUsers",
            503,
            None,
            Some("HDR"),
            r#"{"Code":"ServiceUnavailable"}"#,
        );
        assert!(e.is_retryable());
        assert_eq!(e.request_id(), Some("HDR"));
        let e = from_response("ListUsers", 502, None, None, "<html>bad gateway</html>");
        assert_eq!(
            e,
            AliyunError::Http {
                action: "ListUsers".into(),
                status: 502,
                body: "<html>bad gateway</html>".into()
            }
        );
        assert!(e.is_retryable());
        let e = from_response("ListUsers", 400, None, None, "x".repeat(1000).as_str());
        assert!(!e.is_retryable());
        assert!(e.to_string().len() < 400);
    }
}
