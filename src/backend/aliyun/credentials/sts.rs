//! STS `AssumeRole` (2015-04-01, RPC style, HMAC-SHA1 `SignatureVersion=1.0` as sts.aliyuncs.com
//! expects): temporary credentials for a RAM role, signed with a permanent AccessKey.

use super::fetch;
use super::{Credential, CredentialError};
use crate::backend::aliyun::sign::{sign_rpc, RpcCall, SignatureVersion};
use crate::secret::Secret;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The public STS endpoint.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.aliyuncs.com/";
/// The STS API version.
pub const STS_VERSION: &str = "2015-04-01";

/// What `AssumeRole` is called with.
#[derive(Clone)]
pub struct AssumeRole {
    pub http: reqwest::Client,
    /// `scheme://host[:port]/`.
    pub endpoint: String,
    /// The permanent AccessKey that may assume the role.
    pub access_key_id: String,
    pub secret: Secret,
    pub role_arn: String,
    pub session_name: String,
    /// 900–43200 at Alibaba Cloud.
    pub duration_secs: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    credentials: Option<Temporary>,
    code: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Temporary {
    pub access_key_id: String,
    pub access_key_secret: String,
    pub security_token: String,
    pub expiration: String,
}

impl Temporary {
    /// The credential, when every field is there and `Expiration` is an ISO 8601 UTC time.
    pub(super) fn into_credential(self) -> Result<Credential, String> {
        if self.access_key_id.trim().is_empty()
            || self.access_key_secret.is_empty()
            || self.security_token.is_empty()
        {
            return Err(
                "the answer lacks AccessKeyId, AccessKeySecret or SecurityToken".to_string(),
            );
        }
        let expiration = parse_expiration(&self.expiration).ok_or_else(|| {
            format!(
                "Expiration `{}` is not an ISO 8601 UTC time",
                crate::backend::bounded::echo(&self.expiration)
            )
        })?;
        Ok(Credential {
            access_key_id: self.access_key_id.trim().to_string(),
            secret: Secret::new(self.access_key_secret),
            security_token: Some(Secret::new(self.security_token)),
            expiration: Some(expiration),
            obtained: Utc::now(),
        })
    }
}

/// `2015-04-09T11:52:19Z` (also with fractional seconds or an offset).
pub(super) fn parse_expiration(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
                .ok()
                .map(|n| n.and_utc())
        })
}

/// `(base URL, host)` of an STS endpoint; no scheme means HTTPS.
pub(super) fn endpoint(text: &str) -> Result<(String, String), String> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let url =
        reqwest::Url::parse(&with_scheme).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{text}` must start with https://"));
    }
    let host = url
        .host_str()
        .ok_or_else(|| format!("`{text}` has no host"))?;
    let host = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    Ok((format!("{}://{host}/", url.scheme()), host))
}

impl AssumeRole {
    fn error(&self, detail: String) -> CredentialError {
        CredentialError::Sts {
            role_arn: self.role_arn.clone(),
            endpoint: self.endpoint.clone(),
            detail,
        }
    }

    /// Calls `AssumeRole` once.
    pub async fn fetch(&self) -> Result<Credential, CredentialError> {
        let (_, host) = endpoint(&self.endpoint).map_err(|e| self.error(e))?;
        let mut query = BTreeMap::new();
        query.insert("RoleArn".to_string(), self.role_arn.clone());
        query.insert("RoleSessionName".to_string(), self.session_name.clone());
        query.insert(
            "DurationSeconds".to_string(),
            self.duration_secs.to_string(),
        );
        let body = BTreeMap::new();
        let timestamp = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = uuid::Uuid::new_v4().to_string();
        let signed = sign_rpc(
            &RpcCall {
                host: &host,
                action: "AssumeRole",
                version: STS_VERSION,
                query: &query,
                body: &body,
                timestamp: &timestamp,
                nonce: &nonce,
            },
            SignatureVersion::V2,
            &self.access_key_id,
            &self.secret,
        );
        let url = format!("{}?{}", self.endpoint, signed.query);
        let mut req = self.http.post(url).body(signed.body);
        for (k, v) in &signed.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let (status, bytes) = fetch::send(req).await.map_err(|e| self.error(e))?;
        let answer: Option<Answer> = serde_json::from_slice(&bytes).ok();
        if !(200..300).contains(&status) {
            let (code, message) = answer
                .map(|a| (a.code.unwrap_or_default(), a.message.unwrap_or_default()))
                .unwrap_or_default();
            return Err(self.error(format!(
                "HTTP {status} {}: {}",
                crate::backend::bounded::echo(&code),
                crate::backend::bounded::echo(&message)
            )));
        }
        answer
            .and_then(|a| a.credentials)
            .ok_or_else(|| self.error("the answer has no Credentials".to_string()))?
            .into_credential()
            .map_err(|e| self.error(e))
    }
}
