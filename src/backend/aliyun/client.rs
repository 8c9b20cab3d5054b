//! The Alibaba Cloud CCC RPC client: signs (V3 or V2), sends, classifies errors and retries
//! read-only calls with backoff; one generic `call` plus the transport shared by the typed APIs.

use super::error::{self, AliyunError};
use super::lenient::field_bool;
use super::sign::{sign_rpc, RpcCall, SignatureVersion};
use crate::backend::backoff;
use crate::config::BackendConfig;
use crate::secret::Secret;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The current CCC API version.
pub const V2020: &str = "2020-07-01";
/// The old version of the seed APIs `ResetUserStatus` and `GetRoutePoint`.
pub const V2017: &str = "2017-07-05";
/// The documented default endpoint (cn-shanghai).
pub const DEFAULT_ENDPOINT: &str = "https://ccc.cn-shanghai.aliyuncs.com/";

/// How failed calls are repeated.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled each time, with jitter.
    pub base_delay: Duration,
    /// Cap of the computed backoff.
    pub max_delay: Duration,
    /// A server-requested `x-acs-retry-after` longer than this is not waited for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), or `None` to give up.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let jittered = backoff::delay(
            self.base_delay,
            self.max_delay,
            attempt,
            &mut rand::thread_rng(),
        );
        match retry_after {
            Some(ra) if ra > self.max_retry_after => None,
            Some(ra) => Some(ra.max(jittered)),
            None => Some(jittered),
        }
    }
}

/// Client settings besides the endpoint and credentials.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    pub signature: SignatureVersion,
    /// Whole-request timeout of one attempt.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// Pages fetched at once by the `list_all_*` methods.
    pub page_concurrency: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            signature: SignatureVersion::V3,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            page_concurrency: 4,
        }
    }
}

/// One RPC as [`AliyunClient::execute`] retries it: each attempt signs and sends it afresh.
#[derive(Clone, Copy)]
struct Rpc<'a> {
    action: &'a str,
    version: &'a str,
    query: &'a BTreeMap<String, String>,
    body: &'a BTreeMap<String, String>,
}

struct Inner {
    http: reqwest::Client,
    /// `scheme://host[:port]/`
    base: String,
    /// `host[:port]` as sent in the Host header, for V3 signing.
    host: String,
    instance_id: String,
    access_key_id: String,
    secret: Secret,
    options: ClientOptions,
}

/// A CCC client for one instance. Cheap to clone (shared connection pool).
#[derive(Clone)]
pub struct AliyunClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for AliyunClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AliyunClient")
            .field("endpoint", &self.inner.base)
            .field("instance_id", &self.inner.instance_id)
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret", &self.inner.secret)
            .field("options", &self.inner.options)
            .finish()
    }
}

/// Whether an action only reads (List*, Get*, Describe*, Poll*, Query*): such calls may be
/// repeated after any retryable failure.
pub fn is_read_only(action: &str) -> bool {
    ["List", "Get", "Describe", "Poll", "Query"]
        .iter()
        .any(|p| action.starts_with(p))
}

/// `(base URL, Host)` of an endpoint; a missing scheme means HTTPS.
fn parse_endpoint(endpoint: &str) -> Result<(String, String), AliyunError> {
    let text = endpoint.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let url = reqwest::Url::parse(&with_scheme)
        .map_err(|e| AliyunError::Config(format!("endpoint `{text}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AliyunError::Config(format!(
            "endpoint `{text}` must start with https:// (or http:// for a local simulator)"
        )));
    }
    let host = url
        .host_str()
        .ok_or_else(|| AliyunError::Config(format!("endpoint `{text}` has no host")))?;
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    Ok((format!("{}://{}/", url.scheme(), host), host))
}

/// A reqwest failure in plain words, without the URL (it holds the signed query).
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

impl AliyunClient {
    /// A client for `endpoint` (e.g. `https://ccc.cn-shanghai.aliyuncs.com/`) and one instance.
    pub fn new(
        endpoint: &str,
        instance_id: &str,
        access_key_id: &str,
        secret: Secret,
        options: ClientOptions,
    ) -> Result<AliyunClient, AliyunError> {
        let (base, host) = parse_endpoint(endpoint)?;
        if instance_id.trim().is_empty() {
            return Err(AliyunError::Config("instance_id is empty".to_string()));
        }
        if access_key_id.trim().is_empty() || secret.is_empty() {
            return Err(AliyunError::Config(
                "the AccessKey id or secret is empty (set ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET)"
                    .to_string(),
            ));
        }
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .pool_max_idle_per_host(options.page_concurrency.max(4))
            .user_agent(concat!("callboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AliyunError::Config(format!("HTTP client: {}", describe(e))))?;
        Ok(AliyunClient {
            inner: Arc::new(Inner {
                http,
                base,
                host,
                instance_id: instance_id.trim().to_string(),
                access_key_id: access_key_id.trim().to_string(),
                secret,
                options,
            }),
        })
    }

    /// A client from a `[[backend]]` entry (endpoint, instance id, `signature = "v2"|"v3"`) and
    /// the already-resolved credentials.
    pub fn from_config(
        cfg: &BackendConfig,
        access_key_id: &str,
        secret: Secret,
    ) -> Result<AliyunClient, AliyunError> {
        let signature = match cfg.signature.as_deref().map(str::to_ascii_lowercase) {
            None => SignatureVersion::V3,
            Some(s) if s == "v3" || s.is_empty() => SignatureVersion::V3,
            Some(s) if s == "v2" => SignatureVersion::V2,
            Some(other) => {
                return Err(AliyunError::Config(format!(
                    "signature `{other}` is not known; use \"v3\" (default) or \"v2\""
                )))
            }
        };
        let instance = cfg.instance_id.as_deref().ok_or_else(|| {
            AliyunError::Config(format!("backend `{}` needs an instance_id", cfg.name))
        })?;
        let endpoint = if cfg.endpoint.trim().is_empty() {
            DEFAULT_ENDPOINT
        } else {
            cfg.endpoint.as_str()
        };
        AliyunClient::new(
            endpoint,
            instance,
            access_key_id,
            secret,
            ClientOptions {
                signature,
                ..ClientOptions::default()
            },
        )
    }

    pub fn instance_id(&self) -> &str {
        &self.inner.instance_id
    }

    /// The endpoint base URL (`scheme://host[:port]/`).
    pub fn endpoint(&self) -> &str {
        &self.inner.base
    }

    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// Calls any RPC action and returns the whole JSON body as `T` (use `serde_json::Value` for
    /// the raw body). `query` goes in the query string, `body` in a form body. Read-only actions
    /// are retried per the retry policy; others only when the request never reached the server.
    pub async fn call<T: DeserializeOwned>(
        &self,
        action: &str,
        version: &str,
        query: &[(&str, String)],
        body: &[(&str, String)],
    ) -> Result<T, AliyunError> {
        let to_map = |pairs: &[(&str, String)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let value = self
            .execute(action, version, &to_map(query), &to_map(body))
            .await?;
        serde_json::from_value(value).map_err(|e| AliyunError::Decode {
            action: action.to_string(),
            detail: e.to_string(),
        })
    }

    /// Calls `action` and returns its `Data` as `T`.
    pub(crate) async fn data<T: DeserializeOwned>(
        &self,
        action: &str,
        version: &str,
        query: BTreeMap<String, String>,
        body: BTreeMap<String, String>,
    ) -> Result<T, AliyunError> {
        let value = self.execute(action, version, &query, &body).await?;
        let data = match value {
            Value::Object(mut map) => map.remove("Data").unwrap_or(Value::Null),
            _ => Value::Null,
        };
        if data.is_null() {
            return Err(AliyunError::Decode {
                action: action.to_string(),
                detail: "the answer has no Data".to_string(),
            });
        }
        serde_json::from_value(data).map_err(|e| AliyunError::Decode {
            action: action.to_string(),
            detail: format!("Data: {e}"),
        })
    }

    /// The whole body of `action`, after retries.
    pub(crate) async fn execute(
        &self,
        action: &str,
        version: &str,
        query: &BTreeMap<String, String>,
        body: &BTreeMap<String, String>,
    ) -> Result<Value, AliyunError> {
        let rpc = Rpc {
            action,
            version,
            query,
            body,
        };
        let read_only = is_read_only(action);
        let mut attempt = 1;
        loop {
            let err = match self.attempt(&rpc).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let repeatable = err.is_retryable() && (read_only || err.never_reached_server());
            let retry_after = match &err {
                AliyunError::Throttled { retry_after, .. } => *retry_after,
                _ => None,
            };
            let delay = if repeatable {
                self.inner.options.retry.delay(attempt, retry_after)
            } else {
                None
            };
            let Some(delay) = delay else {
                tracing::debug!(action, attempt, error = %err, "ccc call failed");
                return Err(err);
            };
            tracing::debug!(action, attempt, delay_ms = delay.as_millis() as u64, error = %err, "ccc call retried");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One signed request (fresh timestamp and nonce each time).
    async fn attempt(&self, rpc: &Rpc<'_>) -> Result<Value, AliyunError> {
        let Rpc {
            action,
            version,
            query,
            body,
        } = *rpc;
        let inner = &self.inner;
        let timestamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = uuid::Uuid::new_v4().to_string();
        let signed = sign_rpc(
            &RpcCall {
                host: &inner.host,
                action,
                version,
                query,
                body,
                timestamp: &timestamp,
                nonce: &nonce,
            },
            inner.options.signature,
            &inner.access_key_id,
            &inner.secret,
        );
        let url = if signed.query.is_empty() {
            inner.base.clone()
        } else {
            format!("{}?{}", inner.base, signed.query)
        };
        let mut req = inner.http.post(url).body(signed.body);
        for (k, v) in &signed.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let net_err = |e: reqwest::Error, sent: bool| {
            if e.is_timeout() {
                AliyunError::Timeout {
                    action: action.to_string(),
                    after: inner.options.timeout,
                }
            } else if e.is_connect() && !sent {
                AliyunError::Connect {
                    action: action.to_string(),
                    endpoint: inner.base.clone(),
                    detail: describe(e),
                }
            } else {
                AliyunError::Disconnected {
                    action: action.to_string(),
                    detail: describe(e),
                }
            }
        };
        let resp = req.send().await.map_err(|e| net_err(e, false))?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after = error::retry_after_header(header("x-acs-retry-after").as_deref());
        let header_request_id = header("x-acs-request-id");
        let text = resp.text().await.map_err(|e| net_err(e, true))?;
        if !(200..300).contains(&status) {
            let err = error::from_response(
                action,
                status,
                retry_after,
                header_request_id.as_deref(),
                &text,
            );
            tracing::debug!(
                action,
                status,
                request_id = err.request_id().unwrap_or(""),
                code = err.code().unwrap_or(""),
                "ccc error"
            );
            return Err(err);
        }
        let value: Value = serde_json::from_str(&text).map_err(|e| AliyunError::Decode {
            action: action.to_string(),
            detail: format!(
                "not JSON ({e}); the body starts with: {}",
                error::snippet(&text, 120)
            ),
        })?;
        if !value.is_object() {
            return Err(AliyunError::Decode {
                action: action.to_string(),
                detail: format!(
                    "expected a JSON object, got: {}",
                    error::snippet(&text, 120)
                ),
            });
        }
        if field_bool(&value, &["Success", "success"]) == Some(false) {
            return Err(error::from_response(
                action,
                status,
                retry_after,
                header_request_id.as_deref(),
                &text,
            ));
        }
        let request_id = value
            .get("RequestId")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("");
        tracing::debug!(action, status, request_id, "ccc call ok");
        Ok(value)
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
