//! Huawei CC-CMS real-time monitoring interfaces of the simulator (docs/huawei-cms.md), served from
//! the same world as the CC-Gateway under `/rest/cmsapp/v1/openapi/`: POST only, C2 (AK/SK)
//! authentication, `agentgroup/agentstatusinfobyagentids`, `skill/rindex` and
//! `skill/servicequality`.

mod agents;
mod auth;
mod envelope;
mod params;
pub mod quality;
mod skills;

pub use envelope::unavailable;

use super::super::server::MAX_BODY;
use super::super::Shared;
use auth::C2Request;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, Response};
use envelope::code;
use params::{ParamError, Scope};

/// The interfaces' common base path.
pub const BASE_PATH: &str = "/rest/cmsapp/v1/openapi/";

/// The interfaces served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interface {
    AgentStatusByIds,
    SkillRindex,
    ServiceQuality,
}

fn interface(path: &str) -> Option<Interface> {
    match path.strip_prefix(BASE_PATH)? {
        "agentgroup/agentstatusinfobyagentids" => Some(Interface::AgentStatusByIds),
        "skill/rindex" => Some(Interface::SkillRindex),
        "skill/servicequality" => Some(Interface::ServiceQuality),
        _ => None,
    }
}

/// Serves one request under `/rest/cmsapp/`.
pub async fn handle(shared: Shared, req: Request) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let Some(interface) = interface(parts.uri.path()) else {
        return envelope::not_found();
    };
    if parts.method != Method::POST {
        return envelope::method_not_allowed();
    }
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return envelope::too_large(MAX_BODY);
    };
    let (keys, here) = {
        let core = shared.lock();
        let scope = Scope {
            cc_id: core.huawei.options.cms_ccid,
            vdn: core.world.site.huawei_vdn,
        };
        (core.huawei.options.cms_keys.clone(), scope)
    };
    let request = C2Request {
        method: parts.method.as_str(),
        raw_path: parts.uri.path(),
        raw_query: parts.uri.query(),
        headers: &parts.headers,
        body: &body,
    };
    if let Err(why) = auth::verify(&request, &keys, chrono::Utc::now()) {
        tracing::info!(reason = %why, "cms request refused");
        return envelope::unauthorized(&why.to_string());
    }
    if interface == Interface::ServiceQuality
        && !shared
            .lock()
            .huawei
            .cms_flow
            .pass(std::time::Instant::now())
    {
        return envelope::flow_controlled();
    }
    match answer(&shared, interface, &body, here) {
        Ok(data) => envelope::success(data),
        Err(e @ ParamError::Scope { .. }) => {
            envelope::rejected(code::NOT_FOUND_SCOPE, &e.to_string())
        }
        Err(e) => envelope::rejected(code::PARAM, &e.to_string()),
    }
}

/// Reads the body and builds the interface's `resultDesc` from the world.
fn answer(
    shared: &Shared,
    interface: Interface,
    body: &[u8],
    here: Scope,
) -> Result<serde_json::Value, ParamError> {
    let obj = params::object(body)?;
    match interface {
        Interface::AgentStatusByIds => {
            let ids = params::integers(
                &obj,
                "agentIds",
                agents::MAX_AGENT_IDS,
                agents::AGENT_ID_RANGE,
            )?;
            params::scope(&obj, here)?;
            Ok(agents::status_info(&shared.lock().world, &ids))
        }
        Interface::SkillRindex => {
            let skill_ids = params::integers(
                &obj,
                "skillIds",
                skills::MAX_SKILL_IDS,
                skills::SKILL_ID_RANGE,
            )?;
            let index_ids = params::strings(
                &obj,
                "indexIds",
                skills::MAX_INDEX_IDS,
                skills::MAX_INDEX_CHARS,
            )?;
            params::scope(&obj, here)?;
            Ok(skills::rindex(&shared.lock().world, &skill_ids, &index_ids))
        }
        Interface::ServiceQuality => {
            let skill_ids = params::integers(
                &obj,
                "skillIds",
                quality::MAX_SKILL_IDS,
                quality::SKILL_ID_RANGE,
            )?;
            params::scope(&obj, here)?;
            Ok(quality::service_quality(&shared.lock().world, &skill_ids))
        }
    }
}
