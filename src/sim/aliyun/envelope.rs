//! Response envelopes: the 2020-07-01 success body `{RequestId, Code, HttpStatusCode, Message,
//! [Params], Data}`, the flat 2017-07-05 body with `Success`, and gateway error bodies.

use super::error::ApiError;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{json, Map, Value};

/// Host id reported in error bodies.
const HOST_ID: &str = "ccc.cn-shanghai.aliyuncs.com";

/// What a handler answers with on success.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A 2020-07-01 body around `Data`; `params` adds the (empty) `Params` list of action APIs.
    Data { data: Value, params: bool },
    /// A 2017-07-05 body: extra top-level fields next to `Code`, `HttpStatusCode`, `Success`.
    Legacy(Map<String, Value>),
}

impl Reply {
    pub fn list(data: Value) -> Reply {
        Reply::Data {
            data,
            params: false,
        }
    }

    pub fn action(data: Value) -> Reply {
        Reply::Data { data, params: true }
    }
}

/// A new request id: an upper-case UUID, as the gateway sends.
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

fn json_response(status: StatusCode, request_id: &str, body: &Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json;charset=utf-8")
        .header("x-acs-request-id", request_id)
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

/// The success response of a reply.
pub fn success(reply: Reply) -> Response<Body> {
    let id = request_id();
    let mut body = Map::new();
    body.insert("RequestId".into(), json!(id));
    body.insert("Code".into(), json!("OK"));
    body.insert("HttpStatusCode".into(), json!(200));
    body.insert("Message".into(), json!(""));
    match reply {
        Reply::Data { data, params } => {
            if params {
                body.insert("Params".into(), json!([]));
            }
            body.insert("Data".into(), data);
        }
        Reply::Legacy(extra) => {
            body.insert("Success".into(), json!(true));
            body.extend(extra);
        }
    }
    json_response(StatusCode::OK, &id, &Value::Object(body))
}

/// A 200 answer with `body` as it is (STS answers have no CCC envelope), with a `RequestId`.
pub fn raw_success(mut body: Map<String, Value>) -> Response<Body> {
    let id = request_id();
    body.insert("RequestId".into(), json!(id));
    json_response(StatusCode::OK, &id, &Value::Object(body))
}

/// A gateway error body: `{RequestId, HostId, Code, Message, Recommend}`.
pub fn gateway_error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    let id = request_id();
    let body = json!({
        "RequestId": id,
        "HostId": HOST_ID,
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=CCC&requestId={id}"),
    });
    json_response(status, &id, &body)
}

/// The response of an API error: the gateway error body plus `HttpStatusCode`, as CCC's own
/// (business and parameter) errors carry it.
pub fn error(e: &ApiError) -> Response<Body> {
    let id = request_id();
    let body = json!({
        "RequestId": id,
        "HostId": HOST_ID,
        "HttpStatusCode": e.status.as_u16(),
        "Code": e.code,
        "Message": e.message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={}&product=CCC&requestId={id}", e.code),
    });
    json_response(e.status, &id, &body)
}

/// The throttling answer: `Throttling.User` with `x-acs-retry-after` (milliseconds).
pub fn throttled() -> Response<Body> {
    let mut r = gateway_error(
        StatusCode::BAD_REQUEST,
        "Throttling.User",
        "Request was denied due to user flow control.",
    );
    r.headers_mut()
        .insert("x-acs-retry-after", http::HeaderValue::from_static("1000"));
    r
}
