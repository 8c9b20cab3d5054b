//! Huawei CC-Gateway (AgentGateway REST) API of the simulator.

use super::world::{Change, World};
use super::{HuaweiOptions, Shared};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Response, StatusCode};
use std::time::Instant;

/// Huawei gateway protocol state: sessions, Guids, event queues, monitoring.
pub struct HuaweiGateway {
    pub options: HuaweiOptions,
}

impl HuaweiGateway {
    pub fn new(options: HuaweiOptions) -> HuaweiGateway {
        HuaweiGateway { options }
    }

    /// Turns world changes into events for the sessions and inspectors that watch them.
    pub fn on_changes(&mut self, _world: &World, _changes: &[Change]) {}

    /// Idle sign-out and Guid rotation.
    pub fn sweep(&mut self, _world: &mut World, _now: Instant) {}

    /// Fault injection: expires the Guid of the agent named in a request path.
    pub fn expire_guid_for_path(&mut self, _path: &str) {}

    /// Wakes every held long-poll (server shutdown).
    pub fn shutdown(&mut self) {}
}

/// Serves one request under `/agentgateway/resource/`.
pub async fn handle(_shared: Shared, _req: Request) -> Response<Body> {
    unavailable()
}

/// What a gateway behind a failing load balancer answers: 503 with an HTML page.
pub fn unavailable() -> Response<Body> {
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header("content-type", "text/html")
        .body(Body::from(
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
        ))
        .unwrap_or_default()
}
