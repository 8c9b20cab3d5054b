//! STS of the simulator, written from Alibaba's STS and gateway documents: temporary
//! credentials (`STS.`-prefixed AccessKey ids with a `CAIS…` security token and an expiry in
//! wall-clock time), the `AssumeRole` action (2015-04-01, any well-formed RoleArn), and the
//! security-token check every signed request goes through (`InvalidSecurityToken.*`).

use super::error::ApiError;
use super::request::Params;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rand::Rng;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::VecDeque;
use std::time::Duration;

/// The STS API version.
pub const STS_VERSION: &str = "2015-04-01";
/// Issued credentials remembered (the oldest are forgotten beyond this).
const MAX_ISSUED: usize = 10_000;
/// `DurationSeconds` bounds of AssumeRole.
const DURATION_RANGE: std::ops::RangeInclusive<i64> = 900..=43_200;
/// Time format of `Expiration`.
const EXPIRATION_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// One set of temporary credentials the simulator handed out.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Issued {
    pub access_key_id: String,
    pub access_key_secret: String,
    pub security_token: String,
    #[serde(serialize_with = "expiration_text")]
    pub expiration: DateTime<Utc>,
}

fn expiration_text<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(EXPIRATION_FORMAT).to_string())
}

/// What the token check and STS counted (read at `GET /_sim/sts`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct StsCounters {
    pub assume_role: u64,
    pub metadata_credentials: u64,
    pub accepted_with_token: u64,
    pub rejected_missing: u64,
    pub rejected_expired: u64,
    pub rejected_malformed: u64,
    pub rejected_mismatch: u64,
}

/// The simulator's STS state.
#[derive(Debug)]
pub struct Sts {
    issued: VecDeque<Issued>,
    /// Refuse requests signed without a security token (the AssumeRole call itself excepted).
    pub require_token: bool,
    /// Lifetime of every issued credential, overriding `DurationSeconds` (for tests).
    pub lifetime: Option<Duration>,
    pub counters: StsCounters,
}

fn random_text(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
        .collect()
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Whether `token` looks like an STS security token: `CAIS` then base64 text.
fn well_formed(token: &str) -> bool {
    token.len() > 8
        && token.starts_with("CAIS")
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

/// A refused security token: the gateway's code and message.
fn refused(code: &str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

impl Sts {
    pub fn new(require_token: bool, lifetime: Option<Duration>) -> Sts {
        Sts {
            issued: VecDeque::new(),
            require_token,
            lifetime,
            counters: StsCounters::default(),
        }
    }

    /// Hands out new temporary credentials valid for `lifetime` from `now` (whole seconds, as
    /// `Expiration` says).
    pub fn issue(&mut self, lifetime: Duration, now: DateTime<Utc>) -> Issued {
        let secs = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2);
        let expiration = now + chrono::Duration::seconds(secs);
        let expiration = DateTime::from_timestamp(expiration.timestamp(), 0).unwrap_or(expiration);
        let issued = Issued {
            access_key_id: format!("STS.{}", random_text(28, ALNUM)),
            access_key_secret: random_text(44, ALNUM),
            security_token: format!("CAIS{}", random_text(300, BASE64)),
            expiration,
        };
        if self.issued.len() >= MAX_ISSUED {
            self.issued.pop_front();
        }
        self.issued.push_back(issued.clone());
        issued
    }

    /// The secret of an issued AccessKey id (expired ones too: their token check says so).
    pub fn secret(&self, access_key_id: &str) -> Option<String> {
        self.issued
            .iter()
            .find(|i| i.access_key_id == access_key_id)
            .map(|i| i.access_key_secret.clone())
    }

    /// The security-token check of a request signed by `access_key_id`, carrying `token`.
    pub fn check(
        &mut self,
        access_key_id: &str,
        token: Option<&str>,
        action: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let token = token.map(str::trim).filter(|t| !t.is_empty());
        let issued = self
            .issued
            .iter()
            .find(|i| i.access_key_id == access_key_id);
        let counters = &mut self.counters;
        match (issued, token) {
            (Some(_), None) => {
                counters.rejected_missing += 1;
                Err(refused(
                    "InvalidSecurityToken.MissingParameter",
                    "The SecurityToken is mandatory for an STS AccessKey.",
                ))
            }
            (Some(_), Some(t)) if !well_formed(t) => {
                counters.rejected_malformed += 1;
                Err(refused(
                    "InvalidSecurityToken.Malformed",
                    "Specified SecurityToken is malformed.",
                ))
            }
            (Some(i), Some(t)) if i.security_token != t => {
                counters.rejected_mismatch += 1;
                Err(refused(
                    "InvalidSecurityToken.MismatchWithAccessKey",
                    "Specified SecurityToken mismatch with the AccessKey.",
                ))
            }
            (Some(i), Some(_)) if now >= i.expiration => {
                counters.rejected_expired += 1;
                Err(refused(
                    "InvalidSecurityToken.Expired",
                    "Specified SecurityToken is expired.",
                ))
            }
            (Some(_), Some(_)) => {
                counters.accepted_with_token += 1;
                Ok(())
            }
            (None, Some(t)) if !well_formed(t) => {
                counters.rejected_malformed += 1;
                Err(refused(
                    "InvalidSecurityToken.Malformed",
                    "Specified SecurityToken is malformed.",
                ))
            }
            (None, Some(_)) => {
                counters.rejected_mismatch += 1;
                Err(refused(
                    "InvalidSecurityToken.MismatchWithAccessKey",
                    "Specified SecurityToken mismatch with the AccessKey.",
                ))
            }
            (None, None) if self.require_token && action != Some("AssumeRole") => {
                counters.rejected_missing += 1;
                Err(refused(
                    "InvalidSecurityToken.MissingParameter",
                    "This account accepts only STS credentials: the SecurityToken is mandatory.",
                ))
            }
            (None, None) => Ok(()),
        }
    }

    /// `AssumeRole`: `RoleArn` (`acs:ram::<account>:role/<name>`), `RoleSessionName` (2–64 of
    /// `A-Za-z0-9.@-_`), `DurationSeconds` (900–43200, default 3600).
    pub fn assume_role(
        &mut self,
        params: &Params,
        now: DateTime<Utc>,
    ) -> Result<Map<String, Value>, ApiError> {
        let arn = params.required("RoleArn")?;
        let role = arn
            .strip_prefix("acs:ram::")
            .and_then(|rest| rest.split_once(":role/"))
            .filter(|(account, name)| {
                !account.is_empty()
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && !name.is_empty()
            })
            .map(|(account, name)| (account.to_string(), name.to_string()))
            .ok_or_else(|| {
                refused(
                    "InvalidParameter.RoleArn",
                    "The parameter RoleArn is invalid.",
                )
            })?;
        let session = params.required("RoleSessionName")?;
        let session_ok = (2..=64).contains(&session.len())
            && session
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.@=,".contains(&b));
        if !session_ok {
            return Err(refused(
                "InvalidParameter.RoleSessionName",
                "The parameter RoleSessionName is invalid.",
            ));
        }
        let duration = match params.optional("DurationSeconds") {
            None => 3600,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|d| DURATION_RANGE.contains(d))
                .ok_or_else(|| {
                    refused(
                        "InvalidParameter.DurationSeconds",
                        "The parameter DurationSeconds must be between 900 and 43200.",
                    )
                })?,
        };
        let lifetime = self
            .lifetime
            .unwrap_or(Duration::from_secs(duration.unsigned_abs()));
        let issued = self.issue(lifetime, now);
        self.counters.assume_role += 1;
        let mut body = Map::new();
        body.insert(
            "AssumedRoleUser".into(),
            json!({
                "Arn": format!("acs:ram::{}:assumed-role/{}/{session}", role.0, role.1),
                "AssumedRoleId": format!("3{}:{session}", random_text(16, b"0123456789")),
            }),
        );
        body.insert("Credentials".into(), json!(issued));
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_check_names_what_is_wrong() {
        let now = Utc::now();
        let mut sts = Sts::new(true, None);
        let live = sts.issue(Duration::from_secs(60), now);
        let dead = sts.issue(Duration::from_secs(0), now);
        let code = |r: Result<(), ApiError>| r.err().map(|e| e.code);
        assert_eq!(
            code(sts.check(&live.access_key_id, Some(&live.security_token), None, now)),
            None
        );
        assert_eq!(
            code(sts.check(&live.access_key_id, None, None, now)).as_deref(),
            Some("InvalidSecurityToken.MissingParameter")
        );
        assert_eq!(
            code(sts.check(&live.access_key_id, Some("junk!"), None, now)).as_deref(),
            Some("InvalidSecurityToken.Malformed")
        );
        assert_eq!(
            code(sts.check(&live.access_key_id, Some(&dead.security_token), None, now)).as_deref(),
            Some("InvalidSecurityToken.MismatchWithAccessKey")
        );
        assert_eq!(
            code(sts.check(&dead.access_key_id, Some(&dead.security_token), None, now)).as_deref(),
            Some("InvalidSecurityToken.Expired")
        );
        assert_eq!(
            code(sts.check("LTAIpermanent", None, None, now)).as_deref(),
            Some("InvalidSecurityToken.MissingParameter")
        );
        assert_eq!(
            code(sts.check("LTAIpermanent", None, Some("AssumeRole"), now)),
            None
        );
        sts.require_token = false;
        assert_eq!(code(sts.check("LTAIpermanent", None, None, now)), None);
        assert_eq!(sts.counters.rejected_expired, 1);
        assert_eq!(sts.counters.rejected_missing, 2);
    }
}
