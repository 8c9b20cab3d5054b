//! The ECS instance metadata service of the simulator, on its own port, in hardened mode
//! (IMDSv2): `PUT /latest/api/token` (header `X-aliyun-ecs-metadata-token-ttl-seconds`, 1–21600)
//! gives a session token; with it in `X-aliyun-ecs-metadata-token`,
//! `GET /latest/meta-data/ram/security-credentials/` names the instance's RAM role and
//! `…/ROLE` gives its temporary credentials (`Code`, `AccessKeyId`, `AccessKeySecret`,
//! `SecurityToken`, `Expiration`, `LastUpdated`), the same until half their lifetime is gone.

use super::super::Shared;
use super::sts::Issued;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Response, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use std::time::Duration;

/// Session tokens remembered.
const MAX_TOKENS: usize = 1000;
/// The longest session token lifetime the service grants.
const MAX_TTL_SECS: u64 = 21_600;
/// Lifetime of the role's credentials when the simulator sets none.
const ROLE_LIFETIME: Duration = Duration::from_secs(6 * 3600);

/// The metadata service's state.
#[derive(Debug)]
pub struct Metadata {
    pub role: String,
    tokens: VecDeque<(String, DateTime<Utc>)>,
    current: Option<(Issued, DateTime<Utc>)>,
}

impl Metadata {
    pub fn new(role: &str) -> Metadata {
        Metadata {
            role: role.to_string(),
            tokens: VecDeque::new(),
            current: None,
        }
    }
}

fn text(status: StatusCode, body: impl Into<String>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "text/plain")
        .body(Body::from(body.into()))
        .unwrap_or_default()
}

/// The routes of the metadata port.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/latest/api/token", put(token))
        .route("/latest/meta-data/ram/security-credentials/", get(roles))
        .route(
            "/latest/meta-data/ram/security-credentials/{role}",
            get(role),
        )
        .fallback(|| async { text(StatusCode::NOT_FOUND, "Not Found") })
        .with_state(shared)
}

async fn token(State(shared): State<Shared>, headers: HeaderMap) -> Response<Body> {
    let ttl = headers
        .get("x-aliyun-ecs-metadata-token-ttl-seconds")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let Some(ttl) = ttl.filter(|t| (1..=MAX_TTL_SECS).contains(t)) else {
        return text(
            StatusCode::BAD_REQUEST,
            "X-aliyun-ecs-metadata-token-ttl-seconds must be 1 to 21600",
        );
    };
    let value = uuid::Uuid::new_v4().simple().to_string();
    let mut core = shared.lock();
    let md = &mut core.aliyun.metadata;
    if md.tokens.len() >= MAX_TOKENS {
        md.tokens.pop_front();
    }
    md.tokens.push_back((
        value.clone(),
        Utc::now() + chrono::Duration::seconds(ttl as i64),
    ));
    text(StatusCode::OK, value)
}

/// Whether the request carries a live session token.
fn authorised(md: &Metadata, headers: &HeaderMap) -> bool {
    let now = Utc::now();
    headers
        .get("x-aliyun-ecs-metadata-token")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| md.tokens.iter().any(|(v, exp)| v == t && *exp > now))
}

async fn roles(State(shared): State<Shared>, headers: HeaderMap) -> Response<Body> {
    let core = shared.lock();
    if !authorised(&core.aliyun.metadata, &headers) {
        return text(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    text(StatusCode::OK, core.aliyun.metadata.role.clone())
}

async fn role(
    State(shared): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response<Body> {
    let mut core = shared.lock();
    let core = &mut *core;
    if !authorised(&core.aliyun.metadata, &headers) {
        return text(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    if name != core.aliyun.metadata.role {
        return text(StatusCode::NOT_FOUND, "Not Found");
    }
    let now = Utc::now();
    let fresh = core
        .aliyun
        .metadata
        .current
        .as_ref()
        .filter(|(issued, at)| issued.expiration - now > (issued.expiration - *at) / 2)
        .cloned();
    let (issued, at) = match fresh {
        Some(c) => c,
        None => {
            let lifetime = core.aliyun.sts.lifetime.unwrap_or(ROLE_LIFETIME);
            let issued = core.aliyun.sts.issue(lifetime, now);
            core.aliyun.sts.counters.metadata_credentials += 1;
            core.aliyun.metadata.current = Some((issued.clone(), now));
            (issued, now)
        }
    };
    let body = serde_json::json!({
        "AccessKeyId": issued.access_key_id,
        "AccessKeySecret": issued.access_key_secret,
        "Expiration": issued.expiration.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "SecurityToken": issued.security_token,
        "LastUpdated": at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "Code": "Success",
    });
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "text/plain")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}
