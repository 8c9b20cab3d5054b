//! Alibaba Cloud CCC RPC API of the simulator (2020-07-01, plus the 2017-07-05 seed APIs).

pub mod auth;

use super::{AccessKey, Shared};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Response, StatusCode};

/// Alibaba gateway protocol state: accepted AccessKeys and seen nonces.
pub struct AliyunGateway {
    pub keys: Vec<AccessKey>,
}

impl AliyunGateway {
    pub fn new(keys: Vec<AccessKey>) -> AliyunGateway {
        AliyunGateway { keys }
    }
}

/// Serves one RPC request.
pub async fn handle(_shared: Shared, _req: Request) -> Response<Body> {
    gateway_error(
        StatusCode::NOT_FOUND,
        "InvalidApi.NotFound",
        "Specified api is not found, please check your url and method.",
    )
}

/// A gateway error body: `{RequestId, HostId, Code, Message, Recommend}`.
pub fn gateway_error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    let request_id = uuid::Uuid::new_v4().to_string().to_uppercase();
    let body = serde_json::json!({
        "RequestId": request_id,
        "HostId": "ccc.cn-shanghai.aliyuncs.com",
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=CCC&requestId={request_id}"),
    });
    Response::builder()
        .status(status)
        .header("content-type", "application/json;charset=utf-8")
        .header("x-acs-request-id", request_id)
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
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
