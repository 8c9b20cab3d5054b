//! Alibaba Cloud CCC RPC API of the simulator (2020-07-01, plus the 2017-07-05 seed APIs):
//! request intake, signature check, version routing and dispatch to the handlers.

mod actions;
pub mod auth;
mod canonical;
mod context;
mod directory;
mod envelope;
mod error;
mod legacy;
pub mod metadata;
mod monitor;
mod reports;
mod request;
pub mod sts;

pub use envelope::{gateway_error, throttled};

use super::server::MAX_BODY;
use super::{AccessKey, Shared, SimCore};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, Response, StatusCode};
use envelope::Reply;
use error::ApiError;
use request::Params;

/// The current API version.
pub const VERSION_2020: &str = "2020-07-01";
/// The version of the seed APIs ResetUserStatus and GetRoutePoint.
pub const VERSION_2017: &str = "2017-07-05";

/// Alibaba gateway protocol state: accepted AccessKeys, seen nonces, and STS (issued temporary
/// credentials and the security-token check).
pub struct AliyunGateway {
    pub keys: Vec<AccessKey>,
    pub nonces: auth::NonceCache,
    pub sts: sts::Sts,
    pub metadata: metadata::Metadata,
}

impl AliyunGateway {
    pub fn new(keys: Vec<AccessKey>) -> AliyunGateway {
        AliyunGateway {
            keys,
            nonces: auth::NonceCache::new(),
            sts: sts::Sts::new(false, None),
            metadata: metadata::Metadata::new(super::TEST_ECS_ROLE),
        }
    }
}

type Handler = fn(&mut SimCore, &Params) -> Result<Reply, ApiError>;

/// The served actions: name (case-sensitive), version, handler.
const ACTIONS: &[(&str, &str, Handler)] = &[
    ("ListRealtimeAgentStates", VERSION_2020, |c, p| {
        monitor::list_realtime_agent_states(&c.world, p)
    }),
    ("GetRealtimeInstanceStates", VERSION_2020, |c, p| {
        monitor::get_realtime_instance_states(&c.world, p)
    }),
    ("ListRealtimeSkillGroupStates", VERSION_2020, |c, p| {
        monitor::list_realtime_skill_group_states(&c.world, p)
    }),
    ("ListHistoricalSkillGroupReport", VERSION_2020, |c, p| {
        reports::list_historical_skill_group_report(&c.world, p)
    }),
    ("ListSkillGroups", VERSION_2020, |c, p| {
        directory::list_skill_groups(&c.world, p)
    }),
    ("ListUsers", VERSION_2020, |c, p| {
        directory::list_users(&c.world, p)
    }),
    ("ListDevices", VERSION_2020, |c, p| {
        directory::list_devices(&c.world, p)
    }),
    ("ListContactFlows", VERSION_2020, |c, p| {
        directory::list_contact_flows(&c.world, p)
    }),
    ("PollUserStatus", VERSION_2020, |c, p| {
        actions::poll_user_status(&c.world, p)
    }),
    ("SignInGroup", VERSION_2020, |c, p| {
        actions::sign_in_group(&mut c.world, p)
    }),
    ("SignOutGroup", VERSION_2020, |c, p| {
        actions::sign_out_group(&mut c.world, p)
    }),
    ("TakeBreak", VERSION_2020, |c, p| {
        actions::take_break(&mut c.world, p)
    }),
    ("ReadyForService", VERSION_2020, |c, p| {
        actions::ready_for_service(&mut c.world, p)
    }),
    ("ResetAgentState", VERSION_2020, |c, p| {
        actions::reset_agent_state(&mut c.world, p)
    }),
    ("LaunchAuthentication", VERSION_2020, |c, p| {
        actions::launch_authentication(&mut c.world, p)
    }),
    ("ResetUserStatus", VERSION_2017, |c, p| {
        legacy::reset_user_status(&mut c.world, p)
    }),
    ("GetRoutePoint", VERSION_2017, |c, p| {
        legacy::get_route_point(&c.world, p)
    }),
];

/// Serves one RPC request.
pub async fn handle(shared: Shared, req: Request) -> Response<Body> {
    let (parts, body) = req.into_parts();
    if parts.uri.path() != "/" || !(parts.method == Method::POST || parts.method == Method::GET) {
        return envelope::error(&ApiError::api_not_found());
    }
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return too_large();
    }
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return too_large(),
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_query = parts.uri.query().unwrap_or("");
    let signed = auth::SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        raw_query,
        headers: &headers,
        body: &body,
        content_type: None,
    };
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.as_str());
    let mut core = shared.lock();
    let now = chrono::Utc::now();
    let verified = {
        let gateway = &mut core.aliyun;
        let keys = &gateway.keys;
        let sts = &gateway.sts;
        let lookup = |id: &str| {
            keys.iter()
                .find(|k| k.id == id)
                .map(|k| k.secret.clone())
                .or_else(|| sts.secret(id))
        };
        auth::verify(&signed, &lookup, &mut gateway.nonces, now)
    };
    let verified = match verified {
        Ok(v) => v,
        Err(e) => {
            tracing::debug!(code = %e.code(), "aliyun signature refused");
            let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
            return gateway_error(status, &e.code(), &e.message());
        }
    };
    let params = match Params::parse(raw_query, &body, content_type) {
        Ok(p) => p,
        Err(e) => return envelope::error(&e),
    };
    // The security token: the signed x-acs-security-token header (V3) or SecurityToken (V2).
    let token = match verified.version {
        auth::SigVersion::V3 => headers
            .iter()
            .find(|(k, _)| k == "x-acs-security-token")
            .map(|(_, v)| v.as_str()),
        auth::SigVersion::V2 => params.get("SecurityToken"),
    };
    let checked = core.aliyun.sts.check(
        &verified.access_key_id,
        token,
        verified.action.as_deref(),
        now,
    );
    if let Err(e) = checked {
        tracing::debug!(code = %e.code, "aliyun security token refused");
        return envelope::error(&e);
    }
    if verified.action.as_deref() == Some("AssumeRole")
        && verified.api_version.as_deref() == Some(sts::STS_VERSION)
    {
        return match core.aliyun.sts.assume_role(&params, now) {
            Ok(body) => envelope::raw_success(body),
            Err(e) => envelope::error(&e),
        };
    }
    let result = dispatch(&mut core, &verified, &params);
    core.flush();
    drop(core);
    match result {
        Ok(reply) => envelope::success(reply),
        Err(e) => {
            tracing::debug!(error = %e, "aliyun request refused");
            envelope::error(&e)
        }
    }
}

/// Routes a verified request to its handler by action and version.
fn dispatch(
    core: &mut SimCore,
    verified: &auth::Verified,
    params: &Params,
) -> Result<Reply, ApiError> {
    let action = verified
        .action
        .as_deref()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| ApiError::missing_parameter("Action"))?;
    let version = verified
        .api_version
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing_parameter("Version"))?;
    let (_, _, handler) = ACTIONS
        .iter()
        .find(|(name, v, _)| *name == action && *v == version)
        .ok_or_else(ApiError::api_not_found)?;
    handler(core, params)
}

fn too_large() -> Response<Body> {
    gateway_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLarge",
        &format!("The request body exceeds {MAX_BODY} bytes."),
    )
}
