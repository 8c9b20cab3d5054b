//! The CC-CMS answer envelope `{result, resultCode, resultDesc}`, the result codes the simulator uses
//! (docs/huawei-cms.md §1, §3, §4) and the HTTP responses built from them.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde_json::{json, Value};

/// `resultCode` values. Only `0100000` (success) is documented; the failure codes are the
/// simulator's (docs/huawei-cms.md, [UNCONFIRMED]).
pub mod code {
    pub const OK: &str = "0100000";
    /// Parameter error: malformed JSON, a field missing, of the wrong type, out of range, too many.
    pub const PARAM: &str = "0100001";
    /// The `ccId`/`vdn` is not this call center's.
    pub const NOT_FOUND_SCOPE: &str = "0100002";
    /// C2 authentication failed (HTTP 401).
    pub const AUTH: &str = "0100401";
    /// No such interface (HTTP 404).
    pub const NO_INTERFACE: &str = "0100404";
    /// Wrong HTTP method (HTTP 405).
    pub const METHOD: &str = "0100405";
    /// Request body too large (HTTP 413).
    pub const TOO_LARGE: &str = "0100413";
    /// Flow control: more than one `skill/servicequality` call per second (HTTP 429).
    pub const FLOW: &str = "0100429";
    /// The service is unavailable (HTTP 503, fault injection).
    pub const UNAVAILABLE: &str = "0100503";
}

/// Success: HTTP 200, `result` "0", `resultCode` `0100000`, the data in `resultDesc`.
pub fn success(data: Value) -> Response<Body> {
    json_response(
        StatusCode::OK,
        &json!({"result": "0", "resultCode": code::OK, "resultDesc": data}),
    )
}

/// Failure: the given HTTP status, `result` "1", the code, and the reason as `resultDesc` text.
pub fn failure(status: StatusCode, result_code: &str, reason: &str) -> Response<Body> {
    json_response(
        status,
        &json!({"result": "1", "resultCode": result_code, "resultDesc": reason}),
    )
}

/// A C2 authentication failure: HTTP 401 with `authentication failed: <why>`.
pub fn unauthorized(why: &str) -> Response<Body> {
    failure(
        StatusCode::UNAUTHORIZED,
        code::AUTH,
        &format!("authentication failed: {why}"),
    )
}

/// A parameter or scope error: HTTP 200 with a non-success `resultCode`.
pub fn rejected(result_code: &str, reason: &str) -> Response<Body> {
    failure(StatusCode::OK, result_code, reason)
}

/// Unknown path under `/rest/cmsapp/`: HTTP 404.
pub fn not_found() -> Response<Body> {
    failure(
        StatusCode::NOT_FOUND,
        code::NO_INTERFACE,
        "no such interface",
    )
}

/// Known interface, method other than POST: HTTP 405 with `Allow: POST`.
pub fn method_not_allowed() -> Response<Body> {
    let mut response = failure(
        StatusCode::METHOD_NOT_ALLOWED,
        code::METHOD,
        "method not allowed; this interface takes POST only",
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

/// Body over the simulator's limit: HTTP 413.
pub fn too_large(limit: usize) -> Response<Body> {
    failure(
        StatusCode::PAYLOAD_TOO_LARGE,
        code::TOO_LARGE,
        &format!("request body unreadable or larger than {limit} bytes"),
    )
}

/// What CC-CMS behind a failing load balancer answers in the simulator: HTTP 503 in the envelope.
pub fn unavailable() -> Response<Body> {
    failure(
        StatusCode::SERVICE_UNAVAILABLE,
        code::UNAVAILABLE,
        "service temporarily unavailable",
    )
}

fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// Flow control: HTTP 429 with `0100429` (the documents say one call per second is allowed, not
/// what a faster caller gets: \[UNCONFIRMED\]).
pub fn flow_controlled() -> Response<Body> {
    failure(
        StatusCode::TOO_MANY_REQUESTS,
        code::FLOW,
        "flow control: skill/servicequality allows one call per second",
    )
}
