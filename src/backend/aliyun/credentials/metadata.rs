//! The ECS instance metadata service in its hardened mode (IMDSv2): a session token from
//! `PUT /latest/api/token`, then the role name from `/latest/meta-data/ram/security-credentials/`
//! and the role's temporary credentials from `…/ROLE`.

use super::fetch;
use super::sts::Temporary;
use super::{Credential, CredentialError};
use serde::Deserialize;

/// The metadata service of every ECS instance.
pub const DEFAULT_METADATA_URL: &str = "http://100.100.100.200";
/// Seconds the metadata session token lives (the longest the service grants is 21600).
const TOKEN_TTL_SECS: u32 = 21600;
/// The longest role name accepted from the service.
const MAX_ROLE_CHARS: usize = 64;

/// An ECS RAM role read from the metadata service at `base`.
#[derive(Clone)]
pub struct EcsRole {
    pub http: reqwest::Client,
    /// `http://100.100.100.200` (no trailing slash).
    pub base: String,
    /// The role; `None` asks the service which role the instance has.
    pub role: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleAnswer {
    code: Option<String>,
    #[serde(flatten)]
    temporary: Option<Temporary>,
}

impl EcsRole {
    fn error(&self, detail: String) -> CredentialError {
        CredentialError::Metadata {
            url: self.base.clone(),
            detail,
        }
    }

    async fn get(&self, path: &str, token: &str) -> Result<String, CredentialError> {
        let req = self
            .http
            .get(format!("{}{path}", self.base))
            .header("X-aliyun-ecs-metadata-token", token);
        let (status, body) = fetch::send(req).await.map_err(|e| self.error(e))?;
        if status != 200 {
            return Err(self.error(format!("GET {path} answered HTTP {status}")));
        }
        String::from_utf8(body).map_err(|_| self.error(format!("GET {path} is not text")))
    }

    /// The role's credentials, once.
    pub async fn fetch(&self) -> Result<(String, Credential), CredentialError> {
        let req = self
            .http
            .put(format!("{}/latest/api/token", self.base))
            .header(
                "X-aliyun-ecs-metadata-token-ttl-seconds",
                TOKEN_TTL_SECS.to_string(),
            );
        let (status, body) = fetch::send(req).await.map_err(|e| self.error(e))?;
        if status != 200 {
            return Err(self.error(format!("the session token request answered HTTP {status}")));
        }
        let token = String::from_utf8(body)
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| self.error("the session token is not text".to_string()))?;
        let role = match &self.role {
            Some(r) => r.clone(),
            None => {
                let listing = self
                    .get("/latest/meta-data/ram/security-credentials/", &token)
                    .await?;
                listing
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .filter(|r| {
                        r.chars().count() <= MAX_ROLE_CHARS
                            && r.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                    })
                    .map(str::to_string)
                    .ok_or_else(|| {
                        self.error("the instance has no RAM role attached".to_string())
                    })?
            }
        };
        let text = self
            .get(
                &format!("/latest/meta-data/ram/security-credentials/{role}"),
                &token,
            )
            .await?;
        let answer: RoleAnswer = serde_json::from_str(&text)
            .map_err(|e| self.error(format!("the role credentials are not JSON: {e}")))?;
        if answer.code.as_deref().is_some_and(|c| c != "Success") {
            return Err(self.error(format!(
                "the role credentials answer Code {}",
                crate::backend::bounded::echo(answer.code.as_deref().unwrap_or_default())
            )));
        }
        let cred = answer
            .temporary
            .ok_or_else(|| self.error("the answer lacks the credentials".to_string()))?
            .into_credential()
            .map_err(|e| self.error(e))?;
        Ok((role, cred))
    }
}
