//! The gateway's HTTP layer: base URL, TLS (CA file or an explicit insecure switch), timeouts, the
//! `{message, retcode, result|event}` envelope, and per-session auth (Guid from `Set-GUID` on every
//! response, cluster cookie from the sign-in `Set-Cookie` echoed as `Cookie`). No redirect is
//! followed (it would carry the password or the Guid elsewhere); bodies and the Guid are bounded.

use super::error::HuaweiError;
use crate::backend::bounded::{self, size_text, BodyError, MAX_BODY_BYTES, MAX_HEADER_BYTES};
use crate::backend::transport::{with_tls_hint, Transport};
use reqwest::header::{HeaderMap, CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::Method;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How to reach the gateway.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// `https://gw:8043/agentgateway/resource/` (the resource path is added when missing).
    pub endpoint: String,
    /// PEM file with the CA (or CAs) that signed the gateway's certificate.
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate (labs only; the UI shows a warning).
    pub insecure_skip_verify: bool,
    pub connect_timeout: Duration,
    /// Longest wait for an answer; must exceed the gateway's long-poll hold (10 s) by ≥ 2 s.
    pub read_timeout: Duration,
}

impl HttpOptions {
    /// Defaults of Huawei's own bridge demo: connect 2 s, read 12 s.
    pub fn new(endpoint: impl Into<String>) -> HttpOptions {
        HttpOptions {
            endpoint: endpoint.into(),
            ca_file: None,
            insecure_skip_verify: false,
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(12),
        }
    }
}

/// A session's authentication: the current Guid and the cluster cookie.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Auth {
    pub guid: Option<String>,
    pub cookie: Option<String>,
}

/// [`Auth`] shared by a session's operation lane and its poll loop.
#[derive(Debug, Clone, Default)]
pub struct SharedAuth(Arc<Mutex<Auth>>);

impl SharedAuth {
    pub fn lock(&self) -> MutexGuard<'_, Auth> {
        crate::sync::lock(&self.0)
    }

    pub fn snapshot(&self) -> Auth {
        self.lock().clone()
    }

    pub fn clear(&self) {
        *self.lock() = Auth::default();
    }
}

/// The gateway's answer: `retcode` was `"0"`. Only `retcode` and `message` are read up front;
/// `result` and `event` are read from the body straight into their types by whoever needs them
/// ([`Envelope::result_as`], [`super::HuaweiEvent::from_poll_bytes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub message: String,
    pub retcode: String,
    body: Vec<u8>,
}

/// The `result` of a body, read as `T` (`T::default()`-like handling is `T`'s own: an absent
/// `result` is read from `null`).
struct ResultOf<T>(T);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for ResultOf<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = ResultOf<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a gateway answer")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut result = None;
                while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
                    if key == "result" {
                        result = Some(map.next_value::<T>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                match result {
                    Some(r) => Ok(ResultOf(r)),
                    None => T::deserialize(serde::de::value::UnitDeserializer::new()).map(ResultOf),
                }
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// The `result` of a body, read by a seed (an absent `result` is read from `null`; a repeated
/// one is skipped).
struct ResultSeed<S>(S);

impl<'de, S: serde::de::DeserializeSeed<'de>> serde::de::DeserializeSeed<'de> for ResultSeed<S> {
    type Value = S::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        struct V<S>(S);
        impl<'de, S: serde::de::DeserializeSeed<'de>> serde::de::Visitor<'de> for V<S> {
            type Value = S::Value;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a gateway answer")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut seed = Some(self.0);
                let mut result = None;
                while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
                    match seed.take() {
                        Some(s) if key == "result" => result = Some(map.next_value_seed(s)?),
                        other => {
                            seed = other;
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                match (result, seed) {
                    (Some(r), _) => Ok(r),
                    (None, Some(s)) => s.deserialize(serde::de::value::UnitDeserializer::new()),
                    // Unreachable: the seed is only taken for a `result` that was read.
                    (None, None) => Err(serde::de::Error::custom("no result")),
                }
            }
        }
        d.deserialize_map(V(self.0))
    }
}

impl Envelope {
    /// The whole body as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// `result` read straight from the body as `T` (an absent `result` reads as `null`).
    pub fn result_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        crate::backend::nesting::from_slice_bounded(
            &self.body,
            std::marker::PhantomData::<ResultOf<T>>,
        )
        .map(|r| r.0)
    }

    /// `result` read straight from the body by `seed` (e.g. item by item, without building a list).
    pub fn result_seed<'a, S: serde::de::DeserializeSeed<'a>>(
        &'a self,
        seed: S,
    ) -> Result<S::Value, serde_json::Error> {
        crate::backend::nesting::from_slice_bounded(&self.body, ResultSeed(seed))
    }

    /// `result` as a JSON value (`Null` when absent), for the rarely called queries.
    pub fn result(&self) -> Value {
        self.result_as().unwrap_or(Value::Null)
    }
}

/// `retcode` and `message` of a body, read in one pass (everything else skipped).
#[derive(Default)]
struct Head {
    retcode: Option<String>,
    message: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Head {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::backend::lenient_de::Scalar;
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Head;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a gateway answer")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut head = Head::default();
                while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
                    let slot = match key.as_ref() {
                        "retcode" => &mut head.retcode,
                        "message" => &mut head.message,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = map
                        .next_value::<Scalar<'de>>()?
                        .text()
                        .map(std::borrow::Cow::into_owned);
                }
                Ok(head)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Head::default())
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Head::default())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Head::default())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Head::default())
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Head::default())
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Head::default())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Head::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// One request to the gateway.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    /// Path under the resource base, e.g. `onlineagent/1001/saybusy?reason=200`.
    pub path: String,
    pub body: Option<Value>,
    /// Per-request timeout (the poll uses hold + margin); the client's read timeout otherwise.
    pub timeout: Option<Duration>,
    /// A sign-in: takes the cluster cookie from `Set-Cookie` and sends no Guid.
    pub sign_in: bool,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Call {
        Call {
            method,
            path: path.into(),
            body: None,
            timeout: None,
            sign_in: false,
        }
    }

    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>) -> Call {
        Call::new(Method::POST, path)
    }

    pub fn with_body(mut self, body: Value) -> Call {
        self.body = Some(body);
        self
    }
}

/// The gateway's HTTP client (cheap to clone; one connection pool).
#[derive(Debug, Clone)]
pub struct GatewayHttp {
    client: reqwest::Client,
    base: String,
    read_timeout: Duration,
    insecure: bool,
}

/// `https://gw:8043` → `https://gw:8043/agentgateway/resource/`.
pub fn normalize_base(endpoint: &str) -> Result<String, HuaweiError> {
    let e = endpoint.trim();
    if !(e.starts_with("https://") || e.starts_with("http://")) {
        return Err(HuaweiError::Config(format!(
            "endpoint `{e}` must start with https:// (for example https://gw:8043/agentgateway/resource/)"
        )));
    }
    let mut base = e.trim_end_matches('/').to_string();
    if !base.ends_with("/agentgateway/resource") {
        base.push_str("/agentgateway/resource");
    }
    base.push('/');
    Ok(base)
}

/// The Guid of a `Set-GUID` value: `JSESSIONID=<guid>` → `<guid>`.
pub fn guid_of_header(value: &str) -> Option<String> {
    let v = value.split(';').next().unwrap_or("").trim();
    let guid = match v.split_once('=') {
        Some((_, g)) => g.trim(),
        None => v,
    };
    (!guid.is_empty()).then(|| guid.to_string())
}

/// The first `name=value` of a `Set-Cookie` value.
pub fn cookie_of_header(value: &str) -> Option<String> {
    let pair = value.split(';').next().unwrap_or("").trim();
    pair.contains('=').then(|| pair.to_string())
}

/// Stores the Guid of `Set-GUID` (any answer) and the cookie of `Set-Cookie` (a sign-in); a value
/// over [`MAX_HEADER_BYTES`] is an error and nothing is stored.
fn store_auth(
    path: &str,
    headers: &HeaderMap,
    auth: &SharedAuth,
    sign_in: bool,
) -> Result<(), HuaweiError> {
    let oversized = |what: &str| HuaweiError::Oversized {
        path: path.to_string(),
        what: what.to_string(),
        limit: size_text(MAX_HEADER_BYTES),
    };
    let guid = headers
        .get_all("set-guid")
        .iter()
        .rev()
        .filter_map(|v| v.to_str().ok())
        .find_map(guid_of_header);
    if guid.as_ref().is_some_and(|g| g.len() > MAX_HEADER_BYTES) {
        return Err(oversized("Guid (Set-GUID header)"));
    }
    let cookie = if sign_in {
        headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(cookie_of_header)
    } else {
        None
    };
    if cookie.as_ref().is_some_and(|c| c.len() > MAX_HEADER_BYTES) {
        return Err(oversized("cluster cookie (Set-Cookie header)"));
    }
    if guid.is_some() || cookie.is_some() {
        let mut a = auth.lock();
        if guid.is_some() {
            a.guid = guid;
        }
        if cookie.is_some() {
            a.cookie = cookie;
        }
    }
    Ok(())
}

/// Parses an envelope's `retcode` and `message` (the rest is read later, into its type);
/// `retcode != "0"` becomes [`HuaweiError::Retcode`].
pub fn parse_envelope(path: &str, bytes: &[u8]) -> Result<Envelope, HuaweiError> {
    envelope_of(path, bytes.to_vec())
}

/// [`parse_envelope`] of a body already owned (kept in the envelope, not copied).
fn envelope_of(path: &str, bytes: Vec<u8>) -> Result<Envelope, HuaweiError> {
    let head: Head = crate::backend::nesting::from_slice_bounded(&bytes, std::marker::PhantomData)
        .map_err(|e| HuaweiError::Body {
            path: path.to_string(),
            message: format!(
                "not JSON ({e}); the answer starts with: {}",
                crate::text::clean_capped(&String::from_utf8_lossy(&bytes), 120)
            ),
        })?;
    let Some(retcode) = head.retcode else {
        return Err(HuaweiError::Body {
            path: path.to_string(),
            message: "no retcode".to_string(),
        });
    };
    let message = head.message.unwrap_or_default();
    if retcode.trim() != "0" {
        return Err(HuaweiError::retcode(retcode.trim(), message));
    }
    Ok(Envelope {
        message,
        retcode,
        body: bytes,
    })
}

impl GatewayHttp {
    pub fn new(opts: &HttpOptions) -> Result<GatewayHttp, HuaweiError> {
        let base = normalize_base(&opts.endpoint)?;
        let transport = Transport {
            vendor: "Huawei gateway",
            ca_file: opts.ca_file.as_deref(),
            insecure_skip_verify: opts.insecure_skip_verify,
        };
        let client = transport
            .builder()
            .map_err(|e| HuaweiError::Tls(e.to_string()))?
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.read_timeout)
            .pool_max_idle_per_host(64)
            .build()
            .map_err(|e| HuaweiError::Tls(e.to_string()))?;
        Ok(GatewayHttp {
            client,
            base,
            read_timeout: opts.read_timeout,
            insecure: opts.insecure_skip_verify,
        })
    }

    /// The resource base URL (ends with `/`).
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn read_timeout(&self) -> Duration {
        self.read_timeout
    }

    /// TLS verification is off.
    pub fn is_insecure(&self) -> bool {
        self.insecure
    }

    /// Sends one call with the session's Guid and cookie, stores a new Guid (every response) and
    /// cookie (sign-in), and returns the envelope of a `retcode "0"` answer.
    pub async fn call(&self, auth: &SharedAuth, call: Call) -> Result<Envelope, HuaweiError> {
        let url = format!("{}{}", self.base, call.path);
        let mut req = self
            .client
            .request(call.method.clone(), &url)
            .header(CONTENT_TYPE, "application/json; charset=UTF-8");
        {
            let a = auth.lock();
            if !call.sign_in {
                if let Some(g) = &a.guid {
                    req = req.header("Guid", g.as_str());
                }
            }
            if let Some(c) = &a.cookie {
                req = req.header(COOKIE, c.as_str());
            }
        }
        if let Some(t) = call.timeout {
            req = req.timeout(t);
        }
        if let Some(body) = &call.body {
            req = req.body(body.to_string());
        }
        let path = call.path.split('?').next().unwrap_or("").to_string();
        let resp = req.send().await.map_err(|e| HuaweiError::Transport {
            path: path.clone(),
            message: describe(&e),
        })?;
        let status = resp.status();
        if status.is_redirection() {
            return Err(HuaweiError::Redirect {
                status: status.as_u16(),
                path,
                location: bounded::location(resp.headers()),
            });
        }
        store_auth(&path, resp.headers(), auth, call.sign_in)?;
        if status != reqwest::StatusCode::OK {
            return Err(HuaweiError::Http {
                status: status.as_u16(),
                path,
            });
        }
        let bytes = bounded::read_body(resp, MAX_BODY_BYTES)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge { limit } => HuaweiError::Oversized {
                    path: path.clone(),
                    what: "answer".to_string(),
                    limit: size_text(limit),
                },
                BodyError::Transport(e) => HuaweiError::Transport {
                    path: path.clone(),
                    message: describe(&e),
                },
            })?;
        let result = envelope_of(&path, bytes);
        if let Err(e) = &result {
            tracing::debug!(%path, error = %e, "huawei call failed");
        }
        result
    }
}

/// A reqwest error in words, without the URL's query (it may carry names) and with its cause.
pub(crate) fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "the answer broke off"
    } else {
        "request failed"
    };
    let mut cause = String::new();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        cause = s.to_string();
        src = s.source();
    }
    if cause.is_empty() {
        kind.to_string()
    } else {
        with_tls_hint(format!("{kind}: {cause}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_and_cookie_headers() {
        assert_eq!(
            guid_of_header("JSESSIONID=279fe2f5.AgentGateway0").as_deref(),
            Some("279fe2f5.AgentGateway0")
        );
        assert_eq!(guid_of_header("abc").as_deref(), Some("abc"));
        assert_eq!(guid_of_header("JSESSIONID="), None);
        assert_eq!(
            cookie_of_header("SERVERID=node2; Path=/; HttpOnly").as_deref(),
            Some("SERVERID=node2")
        );
        assert_eq!(cookie_of_header("garbage"), None);
    }

    #[test]
    fn base_url_is_normalized() {
        assert_eq!(
            normalize_base("https://gw:8043").unwrap(),
            "https://gw:8043/agentgateway/resource/"
        );
        assert_eq!(
            normalize_base("https://gw:8043/agentgateway/resource/").unwrap(),
            "https://gw:8043/agentgateway/resource/"
        );
        assert!(normalize_base("gw:8043").is_err());
    }

    #[test]
    fn envelopes() {
        let ok = parse_envelope("p", br#"{"message":"","retcode":"0","result":{"a":1}}"#).unwrap();
        assert_eq!(ok.result()["a"], 1);
        let err = parse_envelope("p", br#"{"message":"no","retcode":"100-006"}"#).unwrap_err();
        assert_eq!(err.code(), Some("100-006"));
        let num = parse_envelope("p", br#"{"retcode":0}"#).unwrap();
        assert_eq!(num.result(), Value::Null);
        assert!(matches!(
            parse_envelope("p", b"<html>"),
            Err(HuaweiError::Body { .. })
        ));
    }

    #[test]
    fn missing_ca_file_is_a_tls_error() {
        let mut o = HttpOptions::new("https://gw:8043");
        o.ca_file = Some("/nonexistent/ca.pem".into());
        assert!(matches!(GatewayHttp::new(&o), Err(HuaweiError::Tls(_))));
        let o = HttpOptions {
            insecure_skip_verify: true,
            ..HttpOptions::new("https://gw:8043")
        };
        assert!(GatewayHttp::new(&o).is_ok_and(|h| h.is_insecure()));
    }

    #[test]
    fn ca_file_must_hold_pem_certificates() {
        let dir = std::env::temp_dir().join(format!("callboard-hw-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let junk = dir.join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        let mut o = HttpOptions::new("https://gw:8043");
        o.ca_file = Some(junk);
        assert!(
            matches!(GatewayHttp::new(&o), Err(HuaweiError::Tls(m)) if m.contains("no certificate") || m.contains("not PEM"))
        );
        // A real CA bundle is accepted as roots (when the system has one).
        let system = std::path::Path::new("/etc/ssl/certs/ca-certificates.crt");
        if system.exists() {
            o.ca_file = Some(system.to_path_buf());
            assert!(GatewayHttp::new(&o).is_ok());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
