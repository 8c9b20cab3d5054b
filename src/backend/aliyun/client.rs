//! The Alibaba Cloud CCC RPC client: signs (V3 or V2), sends, classifies errors and retries
//! read-only calls with backoff; one generic `call` plus the transport shared by the typed APIs.

use super::credentials::{Credential, Keyring, Source};
use super::error::{self, AliyunError};
pub use super::options::{ClientOptions, RetryPolicy};
pub(crate) use super::reply::Shape;
use super::reply::{Answer, Read};
use super::sign::{sign_rpc_with_token, RpcCall, SignatureVersion};
use crate::backend::bounded::{self, BodyError, MAX_BODY_BYTES};
use crate::backend::transport::{describe_without_url as describe, Transport};
use crate::config::BackendConfig;
use crate::secret::Secret;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The current CCC API version.
pub const V2020: &str = "2020-07-01";
/// The old version of the seed APIs `ResetUserStatus` and `GetRoutePoint`.
pub const V2017: &str = "2017-07-05";
/// The documented default endpoint (cn-shanghai).
pub const DEFAULT_ENDPOINT: &str = "https://ccc.cn-shanghai.aliyuncs.com/";

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
    /// The credentials to sign with (renewed before they expire).
    keyring: Arc<Keyring>,
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
            .field("credentials", &self.inner.keyring)
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

/// A 2xx body and what came with it, before it is read.
struct Body {
    bytes: Vec<u8>,
    status: u16,
    retry_after: Option<std::time::Duration>,
    header_request_id: Option<String>,
}

impl Body {
    /// Reads the body with `read`.
    fn read<T>(&self, action: &str, read: impl FnOnce(&Answer<'_>) -> Read<T>) -> Read<T> {
        read(&Answer {
            action,
            status: self.status,
            retry_after: self.retry_after,
            header_request_id: self.header_request_id.as_deref(),
            bytes: &self.bytes,
        })
    }
}

/// A keyring of one permanent AccessKey from the config; refused when either half is empty.
fn fixed_keyring(access_key_id: &str, secret: Secret) -> Result<Arc<Keyring>, AliyunError> {
    if access_key_id.trim().is_empty() || secret.is_empty() {
        return Err(AliyunError::Config(
            "the AccessKey id or secret is empty (set ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET)"
                .to_string(),
        ));
    }
    Ok(Arc::new(Keyring::fixed(
        Source::Config { token: false },
        Credential::fixed(access_key_id, secret, None),
    )))
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
        let keyring = fixed_keyring(access_key_id, secret)?;
        AliyunClient::with_keyring(endpoint, instance_id, keyring, options)
    }

    /// A client that signs with `keyring`'s credentials (see [`super::credentials::resolve`]).
    pub fn with_keyring(
        endpoint: &str,
        instance_id: &str,
        keyring: Arc<Keyring>,
        options: ClientOptions,
    ) -> Result<AliyunClient, AliyunError> {
        let (base, host) = parse_endpoint(endpoint)?;
        if instance_id.trim().is_empty() {
            return Err(AliyunError::Config("instance_id is empty".to_string()));
        }
        let transport = Transport {
            vendor: "Alibaba Cloud CCC",
            ca_file: options.ca_file.as_deref(),
            insecure_skip_verify: options.insecure_skip_verify,
        };
        let http = transport
            .builder()
            .map_err(|e| AliyunError::Tls(e.to_string()))?
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .pool_max_idle_per_host(options.page_concurrency.max(4))
            .build()
            .map_err(|e| AliyunError::Config(format!("HTTP client: {}", describe(e))))?;
        Ok(AliyunClient {
            inner: Arc::new(Inner {
                http,
                base,
                host,
                instance_id: instance_id.trim().to_string(),
                keyring,
                options,
            }),
        })
    }

    /// A client from a `[[backend]]` entry (endpoint, instance id, `signature = "v2"|"v3"`,
    /// `ca_file`, `insecure_skip_verify`) and the already-resolved credentials.
    pub fn from_config(
        cfg: &BackendConfig,
        access_key_id: &str,
        secret: Secret,
    ) -> Result<AliyunClient, AliyunError> {
        AliyunClient::from_config_keyring(cfg, fixed_keyring(access_key_id, secret)?)
    }

    /// [`AliyunClient::from_config`] with credentials from the chain.
    pub fn from_config_keyring(
        cfg: &BackendConfig,
        keyring: Arc<Keyring>,
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
        AliyunClient::with_keyring(
            endpoint,
            instance,
            keyring,
            ClientOptions {
                signature,
                ca_file: cfg.ca_file.as_deref().map(crate::config::expand_home),
                insecure_skip_verify: cfg.insecure_skip_verify,
                ..ClientOptions::default()
            },
        )
    }

    /// Where the client's credentials come from, and how often they were renewed.
    pub fn keyring(&self) -> &Keyring {
        &self.inner.keyring
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

    /// TLS certificate verification is off (`insecure_skip_verify`).
    pub fn is_insecure(&self) -> bool {
        self.inner.options.insecure_skip_verify
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
        self.execute(action, version, &to_map(query), &to_map(body))
            .await
    }

    /// Calls `action` and returns its `Data` (a JSON object) as `T`.
    pub(crate) async fn data<T: DeserializeOwned>(
        &self,
        action: &str,
        version: &str,
        query: BTreeMap<String, String>,
        body: BTreeMap<String, String>,
    ) -> Result<T, AliyunError> {
        self.data_sized(action, version, query, body, Shape::Object)
            .await
            .map(|(data, _)| data)
    }

    /// Calls `action` and returns its `Data` of the given shape as `T`, with the body's size.
    pub(crate) async fn data_sized<T: DeserializeOwned>(
        &self,
        action: &str,
        version: &str,
        query: BTreeMap<String, String>,
        body: BTreeMap<String, String>,
        shape: Shape,
    ) -> Result<(T, usize), AliyunError> {
        self.execute_sized(action, version, &query, &body, |answer| answer.data(shape))
            .await
    }

    /// The whole body of `action` as `T`, after retries.
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        action: &str,
        version: &str,
        query: &BTreeMap<String, String>,
        body: &BTreeMap<String, String>,
    ) -> Result<T, AliyunError> {
        self.execute_sized(action, version, query, body, |answer| answer.whole())
            .await
            .map(|(value, _)| value)
    }

    /// `action`'s body read by `read` and its size in bytes, after retries (an answer `read`
    /// finds unreadable in a way a retry may mend counts as a failed attempt).
    async fn execute_sized<T>(
        &self,
        action: &str,
        version: &str,
        query: &BTreeMap<String, String>,
        body: &BTreeMap<String, String>,
        read: impl Fn(&Answer<'_>) -> Read<T>,
    ) -> Result<(T, usize), AliyunError> {
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
                Ok(answer) => match answer.read(action, &read) {
                    Read::Data(t) => return Ok((t, answer.bytes.len())),
                    Read::Final(e) => return Err(e),
                    Read::Retry(e) => {
                        if matches!(e, AliyunError::Decode { .. }) {
                            tracing::debug!(action, status = answer.status, error = %e, "ccc answer unreadable");
                        }
                        e
                    }
                },
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

    /// One signed request (fresh timestamp and nonce each time): a 2xx body, not read yet.
    async fn attempt(&self, rpc: &Rpc<'_>) -> Result<Body, AliyunError> {
        let Rpc {
            action,
            version,
            query,
            body,
        } = *rpc;
        let inner = &self.inner;
        // Fresh (renewed when close to expiry) credentials for every attempt.
        let cred = inner
            .keyring
            .current()
            .await
            .map_err(|e| AliyunError::Credentials {
                action: action.to_string(),
                detail: e.to_string(),
            })?;
        let timestamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = uuid::Uuid::new_v4().to_string();
        let signed = sign_rpc_with_token(
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
            &cred.access_key_id,
            &cred.secret,
            cred.security_token.as_ref(),
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
        if resp.status().is_redirection() {
            return Err(AliyunError::Redirect {
                action: action.to_string(),
                status,
                location: bounded::location(resp.headers()),
            });
        }
        let retry_after =
            error::retry_after_header(bounded::header(resp.headers(), "x-acs-retry-after"));
        let header_request_id =
            bounded::header(resp.headers(), "x-acs-request-id").map(str::to_string);
        let bytes = bounded::read_body(resp, MAX_BODY_BYTES)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge { limit } => AliyunError::TooLarge {
                    action: action.to_string(),
                    what: "the answer",
                    limit,
                },
                BodyError::Transport(e) => net_err(e, true),
            })?;
        if !(200..300).contains(&status) {
            let text = String::from_utf8_lossy(&bytes);
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
        tracing::debug!(
            action,
            status,
            request_id = header_request_id
                .as_deref()
                .map(bounded::echo)
                .unwrap_or_default(),
            "ccc call ok"
        );
        Ok(Body {
            bytes,
            status,
            retry_after,
            header_request_id,
        })
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
