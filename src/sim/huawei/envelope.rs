//! The CC-Gateway response envelope `{message, retcode, result}` / `{message, retcode, event}`, the
//! retcodes the simulator uses, and the HTTP responses built from them.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde_json::{json, Value};

/// Retcodes (`retcode` is always a string; `"0"` is success). Meanings from the error-code table.
pub mod rc {
    pub const OK: &str = "0";
    /// Wrong way to get events (event polling on a push-mode session).
    pub const WRONG_EVENT_MODE: &str = "000-001";
    /// Invalid URL parameter/address or interface parameter.
    pub const BAD_PARAM: &str = "000-002";
    /// No right to call the interface: Guid missing, wrong or expired (or the cluster cookie).
    pub const NO_RIGHT: &str = "000-003";
    /// The inspected agent is the inspector.
    pub const QC_SELF: &str = "000-005";
    /// Interface invoked repeatedly (a request of this agent is still in flight).
    pub const REPEATED: &str = "000-007";
    pub const SIGNIN_PARAM: &str = "100-001";
    pub const ALREADY_SIGNED_IN: &str = "100-002";
    pub const WRONG_PASSWORD: &str = "100-004";
    pub const SIGNOUT_PARAM: &str = "100-005";
    pub const NOT_SIGNED_IN: &str = "100-006";
    pub const INTERNAL: &str = "100-007";
    pub const ALREADY_SIGNED_OUT: &str = "100-008";
    pub const STATE_ERROR: &str = "100-009";
    pub const SIGNOUT_STATE: &str = "100-010";
    pub const SIGNIN_INVALID: &str = "100-011";
    pub const AGENT_TYPE: &str = "100-012";
    pub const PHONE_INVALID: &str = "100-013";
    pub const PHONE_RANGE: &str = "100-014";
    pub const IP_INVALID: &str = "100-016";
    pub const SKILL_PARAM: &str = "100-019";
    /// Sign-in or sign-out of this agent is still in flight.
    pub const SIGNING_IN: &str = "100-021";
    /// Transfer requested but the agent has no (talking) call.
    pub const TRANSFER_NO_CALL: &str = "200-012";
    /// Queue-device query: no IVR configured in the VDN.
    pub const NO_IVR: &str = "600-004";
    pub const QC_NO_RIGHT: &str = "900-002";
    pub const QC_NO_AGENT: &str = "900-004";
    pub const QC_STATE: &str = "900-005";
}

/// A business answer: always HTTP 200 with the envelope; errors are a non-"0" retcode.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub retcode: &'static str,
    pub message: String,
    /// `result` (or `event` when `is_event`).
    pub payload: Value,
    pub is_event: bool,
    /// `Set-GUID: JSESSIONID=<guid>` to send.
    pub set_guid: Option<String>,
    /// `Set-Cookie` to send (the cluster cookie, at sign-in).
    pub set_cookie: Option<&'static str>,
}

impl Reply {
    /// Success with a `result`.
    pub fn ok(result: Value) -> Reply {
        Reply {
            retcode: rc::OK,
            message: "success".into(),
            payload: result,
            is_event: false,
            set_guid: None,
            set_cookie: None,
        }
    }

    /// Success with an empty `result` object (`{}`), as state operations answer.
    pub fn done() -> Reply {
        Reply::ok(json!({}))
    }

    /// A business error: HTTP 200, retcode, `result` null.
    pub fn err(retcode: &'static str, message: impl Into<String>) -> Reply {
        Reply {
            retcode,
            message: message.into(),
            payload: Value::Null,
            is_event: false,
            set_guid: None,
            set_cookie: None,
        }
    }

    /// An event-poll answer: `{"message":"","retcode":"0","event":<event or null>}`.
    pub fn event(event: Value) -> Reply {
        Reply {
            retcode: rc::OK,
            message: String::new(),
            payload: event,
            is_event: true,
            set_guid: None,
            set_cookie: None,
        }
    }

    pub fn with_guid(mut self, guid: Option<String>) -> Reply {
        self.set_guid = guid;
        self
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let key = if self.is_event { "event" } else { "result" };
        json!({"message": self.message, "retcode": self.retcode, key: self.payload})
    }

    /// The HTTP response (status 200, JSON, `Set-GUID` / `Set-Cookie` when given).
    pub fn into_response(self) -> Response<Body> {
        let mut response = json_response(StatusCode::OK, self.body().to_string());
        let headers = response.headers_mut();
        if let Some(guid) = &self.set_guid {
            if let Ok(v) = HeaderValue::from_str(&format!("JSESSIONID={guid}")) {
                headers.insert("set-guid", v);
            }
        }
        if let Some(cookie) = self.set_cookie {
            headers.insert(header::SET_COOKIE, HeaderValue::from_static(cookie));
        }
        response
    }
}

fn json_response(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// Unknown resource: HTTP 404, as the gateway's servlet container answers.
pub fn not_found() -> Response<Body> {
    let mut response = Response::new(Body::from(
        "<html><body><h1>HTTP Status 404 - Not Found</h1></body></html>",
    ));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}

/// Known resource, wrong method: HTTP 405 with `Allow`.
pub fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(
        "<html><body><h1>HTTP Status 405 - Method Not Allowed</h1></body></html>",
    ));
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    headers.insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_have_the_documented_keys() {
        let ok = Reply::ok(json!({"a": 1})).body();
        assert_eq!(ok["retcode"], "0");
        assert_eq!(ok["result"]["a"], 1);
        let ev = Reply::event(Value::Null).body();
        assert!(ev.get("event").is_some() && ev["event"].is_null());
        assert_eq!(ev["message"], "");
        let err = Reply::err(rc::NO_RIGHT, "no right").body();
        assert_eq!(err["retcode"], "000-003");
        assert!(err["result"].is_null());
    }
}
