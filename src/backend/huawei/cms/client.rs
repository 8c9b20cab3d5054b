//! The CC-CMS HTTP client: C2-signed JSON POSTs to the open API (`docs/huawei-cms.md`), bounded
//! answers, no redirects, and the two calls callboard makes: agents in batches and skill-queue
//! indicators.

use super::error::CmsError;
use super::sign::{self, Signable};
use super::wire::{CmsAgent, Envelope, ResultDesc, SkillIndicators, SUCCESS};
use crate::backend::bounded::{self, echo, size_text, BodyError};
use crate::backend::huawei::http::describe;
use crate::backend::transport::Transport;
use crate::secret::Secret;
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::time::Duration;

/// Most agent ids per `agentstatusinfobyagentids` call (§3).
pub const MAX_AGENT_IDS: usize = 6000;
/// Most skill ids per `skill/rindex` call (§4).
pub const MAX_SKILL_IDS: usize = 1000;
/// The largest CMS answer read: 8 MiB (6000 agents are about 2 MiB).
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
/// Calls queuing in a skill queue now (§4, \[UNCONFIRMED\] code).
pub const IDX_QUEUE_COUNT: &str = "IDX_COUNT_QUEUE";
/// Seconds the longest-queuing call has waited (§4, \[UNCONFIRMED\] code).
pub const IDX_QUEUE_MAX_WAIT: &str = "IDX_DURATION_QUEUE_MAX";

const CONTENT_TYPE_JSON: &str = "application/json; charset=UTF-8";
/// The path of the agents query (errors name it).
pub const AGENTS_PATH: &str = "agentgroup/agentstatusinfobyagentids";
const SKILLS_PATH: &str = "skill/rindex";

/// How to reach CMS.
#[derive(Debug, Clone)]
pub struct CmsOptions {
    pub endpoint: String,
    pub ak: Secret,
    pub sk: Secret,
    pub ccid: u32,
    pub vdn: u32,
    pub ca_file: Option<PathBuf>,
    pub insecure_skip_verify: bool,
    pub timeout: Duration,
}

/// A CMS client for one call center and VDN. Cheap to clone.
#[derive(Clone)]
pub struct CmsClient {
    http: reqwest::Client,
    /// `scheme://host[:port]/…/openapi/`.
    base: reqwest::Url,
    /// The `Host` header as sent (host, and port when not the scheme's default).
    host: String,
    ak: Secret,
    sk: Secret,
    ccid: u32,
    vdn: u32,
}

impl std::fmt::Debug for CmsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CmsClient")
            .field("base", &self.base.as_str())
            .field("ccid", &self.ccid)
            .field("vdn", &self.vdn)
            .finish()
    }
}

/// The open-API base of `endpoint`: `…/rest/cmsapp/v1/openapi/` is added when the path is empty.
pub fn normalize_base(endpoint: &str) -> Result<reqwest::Url, CmsError> {
    let mut url = reqwest::Url::parse(endpoint.trim())
        .map_err(|e| CmsError::Config(format!("cms.endpoint is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(CmsError::Config(
            "cms.endpoint must be an http(s) URL with a host".into(),
        ));
    }
    let path = url.path().trim_end_matches('/').to_string();
    let path = if path.is_empty() {
        "/rest/cmsapp/v1/openapi".to_string()
    } else {
        path
    };
    url.set_path(&format!("{path}/"));
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

impl CmsClient {
    pub fn new(opts: &CmsOptions) -> Result<CmsClient, CmsError> {
        let base = normalize_base(&opts.endpoint)?;
        let host = match (base.host_str(), base.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => return Err(CmsError::Config("cms.endpoint has no host".into())),
        };
        let http = Transport {
            vendor: "Huawei CMS",
            ca_file: opts.ca_file.as_deref(),
            insecure_skip_verify: opts.insecure_skip_verify,
        }
        .builder()
        .map_err(|e| CmsError::Config(e.to_string()))?
        .connect_timeout(Duration::from_secs(3))
        .timeout(opts.timeout)
        .build()
        .map_err(|e| CmsError::Config(e.to_string()))?;
        Ok(CmsClient {
            http,
            base,
            host,
            ak: opts.ak.clone(),
            sk: opts.sk.clone(),
            ccid: opts.ccid,
            vdn: opts.vdn,
        })
    }

    /// The call center id every body names.
    pub fn ccid(&self) -> u32 {
        self.ccid
    }

    /// The VDN every body names.
    pub fn vdn(&self) -> u32 {
        self.vdn
    }

    /// The open-API base URL.
    pub fn base(&self) -> &str {
        self.base.as_str()
    }

    /// The agents of `worknos` (numeric work numbers only; others are not CMS agents), asked in
    /// batches of [`MAX_AGENT_IDS`].
    pub async fn agents<W: AsRef<str>>(&self, worknos: &[W]) -> Result<Vec<CmsAgent>, CmsError> {
        let ids: Vec<u64> = worknos
            .iter()
            .filter_map(|w| w.as_ref().parse().ok())
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_AGENT_IDS) {
            let body = serde_json::json!({
                "ccId": self.ccid,
                "vdn": self.vdn,
                "agentIds": chunk,
            });
            out.extend(self.post::<CmsAgent>(AGENTS_PATH, &body).await?);
        }
        Ok(out)
    }

    /// Queue indicators (waiting calls, longest wait) of `skill_ids` (numeric ids only).
    pub async fn queues(&self, skill_ids: &[String]) -> Result<Vec<SkillIndicators>, CmsError> {
        let ids: Vec<u64> = skill_ids.iter().filter_map(|w| w.parse().ok()).collect();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_SKILL_IDS) {
            let body = serde_json::json!({
                "ccId": self.ccid,
                "vdn": self.vdn,
                "skillIds": chunk,
                "indexIds": [IDX_QUEUE_COUNT, IDX_QUEUE_MAX_WAIT],
            });
            out.extend(self.post::<SkillIndicators>(SKILLS_PATH, &body).await?);
        }
        Ok(out)
    }

    pub(super) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Vec<T>, CmsError> {
        let bytes = self.answer(path, body).await?;
        decode(path, &bytes)
    }

    /// The agents of `worknos` as [`agents`](Self::agents) asks for them, each answer kept as it
    /// came for [`CmsAgents::update`](super::records::CmsAgents::update), which checks it and
    /// parses only the records that changed.
    pub async fn agent_answers<W: AsRef<str>>(
        &self,
        worknos: &[W],
    ) -> Result<Vec<Vec<u8>>, CmsError> {
        let ids: Vec<u64> = worknos
            .iter()
            .filter_map(|w| w.as_ref().parse().ok())
            .collect();
        let mut out = Vec::new();
        for chunk in ids.chunks(MAX_AGENT_IDS) {
            let body = serde_json::json!({
                "ccId": self.ccid,
                "vdn": self.vdn,
                "agentIds": chunk,
            });
            out.push(self.answer(AGENTS_PATH, &body).await?);
        }
        Ok(out)
    }

    /// The body of a signed POST answered `200 OK` (not decoded yet).
    async fn answer(&self, path: &str, body: &serde_json::Value) -> Result<Vec<u8>, CmsError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| CmsError::Config(format!("cms.endpoint cannot take {path}: {e}")))?;
        let bytes = body.to_string().into_bytes();
        let length = bytes.len().to_string();
        let headers = [
            ("content-length", length.as_str()),
            ("content-type", CONTENT_TYPE_JSON),
            ("host", self.host.as_str()),
        ];
        let authorization = sign::authorization(
            self.ak.expose(),
            self.sk.expose(),
            &sign::timestamp(chrono::Utc::now()),
            &Signable {
                method: "POST",
                path: url.path(),
                query: url.query().unwrap_or(""),
                headers: &headers,
                body: &bytes,
            },
        );
        let resp = self
            .http
            .post(url.clone())
            .header(CONTENT_TYPE, CONTENT_TYPE_JSON)
            .header(CONTENT_LENGTH, length.as_str())
            .header(AUTHORIZATION, authorization)
            .body(bytes)
            .send()
            .await
            .map_err(|e| CmsError::Transport {
                path: path.to_string(),
                message: describe(&e),
            })?;
        let status = resp.status();
        if status.is_redirection() {
            return Err(CmsError::Redirect {
                status: status.as_u16(),
                path: path.to_string(),
                location: bounded::location(resp.headers()),
            });
        }
        let read = bounded::read_body(resp, MAX_ANSWER_BYTES).await;
        let bytes = match read {
            Ok(b) => b,
            Err(BodyError::TooLarge { limit }) => {
                return Err(CmsError::Oversized {
                    path: path.to_string(),
                    limit: size_text(limit),
                })
            }
            Err(BodyError::Transport(e)) => {
                return Err(CmsError::Transport {
                    path: path.to_string(),
                    message: describe(&e),
                })
            }
        };
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(CmsError::Auth {
                path: path.to_string(),
                reason: failure_text(&bytes),
            });
        }
        if status != reqwest::StatusCode::OK {
            return Err(CmsError::Http {
                status: status.as_u16(),
                path: path.to_string(),
            });
        }
        Ok(bytes)
    }
}

/// The items of an answer (`resultCode` checked).
fn decode<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<Vec<T>, CmsError> {
    let env: Envelope<T> = serde_json::from_slice(bytes).map_err(|e| body_error(path, &e))?;
    let words = match &env.result_desc {
        ResultDesc::Text(t) => Some(t.as_str()),
        _ => None,
    };
    check_code(path, env.result_code.as_deref(), words)?;
    match env.result_desc {
        ResultDesc::Items(items) => Ok(items),
        _ => Ok(Vec::new()),
    }
}

/// An answer that is not JSON of the envelope's shape.
pub(super) fn body_error(path: &str, e: &serde_json::Error) -> CmsError {
    CmsError::Body {
        path: path.to_string(),
        message: echo(&e.to_string()),
    }
}

/// An answer's `resultCode` checked: anything but success is a refusal, with the failure's
/// words (a text `resultDesc`) when there are some.
pub(super) fn check_code(
    path: &str,
    code: Option<&str>,
    words: Option<&str>,
) -> Result<(), CmsError> {
    let code = code.unwrap_or_default();
    if code == SUCCESS {
        return Ok(());
    }
    Err(CmsError::Refused {
        path: path.to_string(),
        code: echo(code),
        message: words.map(echo).unwrap_or_default(),
    })
}

/// The words of a failure answer (`resultDesc` text), cleaned and cut.
fn failure_text(bytes: &[u8]) -> String {
    serde_json::from_slice::<Envelope<serde::de::IgnoredAny>>(bytes)
        .ok()
        .and_then(|e| match e.result_desc {
            ResultDesc::Text(t) => Some(echo(&t)),
            _ => None,
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_gets_the_open_api_path() {
        assert_eq!(
            normalize_base("https://cms:28443").unwrap().as_str(),
            "https://cms:28443/rest/cmsapp/v1/openapi/"
        );
        assert_eq!(
            normalize_base("http://127.0.0.1:9/rest/cmsapp/v1/openapi")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9/rest/cmsapp/v1/openapi/"
        );
        assert!(normalize_base("cms:28443").is_err());
    }
}
