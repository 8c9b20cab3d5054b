//! Alibaba Cloud credentials: the chain the official SDKs follow (explicit config → environment
//! → the aliyun CLI profile file → the ECS instance RAM role), the STS `AssumeRole` and ECS
//! metadata clients, and the [`Keyring`] that refreshes expiring credentials before they lapse.
//!
//! Sources and what is not confirmed by the vendor's documents: `docs/aliyun-credentials.md`.

mod chain;
mod error;
mod fetch;
mod keyring;
mod metadata;
mod profile;
mod sts;

pub use chain::{
    resolve, resolve_in, ChainEnv, ECS_METADATA_DISABLED_ENV, ECS_ROLE_ENV, METADATA_URL_ENV,
    PROFILE_ENV, STS_ENDPOINT_ENV,
};
pub use error::CredentialError;
pub use keyring::{refresh_margin, Keyring, MAX_MARGIN};
pub use metadata::DEFAULT_METADATA_URL;
pub use profile::{profile_path, ProfileMode};
pub use sts::{DEFAULT_STS_ENDPOINT, STS_VERSION};

use crate::secret::Secret;
use chrono::{DateTime, Utc};
use std::fmt;

/// The environment variable with an STS security token next to the AccessKey pair.
pub const SECURITY_TOKEN_ENV: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// One set of credentials to sign with. `Debug` shows the AccessKey id only.
#[derive(Clone)]
pub struct Credential {
    pub access_key_id: String,
    pub secret: Secret,
    /// The STS security token of temporary credentials.
    pub security_token: Option<Secret>,
    /// When temporary credentials stop working; `None` for ones that do not expire (as far as
    /// callboard knows: a static STS token's end is not written anywhere).
    pub expiration: Option<DateTime<Utc>>,
    /// When callboard obtained them (the refresh margin is a share of the lifetime).
    pub obtained: DateTime<Utc>,
}

impl Credential {
    /// Credentials that do not expire (an AccessKey pair, or a token without a known end).
    pub fn fixed(
        access_key_id: &str,
        secret: Secret,
        security_token: Option<Secret>,
    ) -> Credential {
        Credential {
            access_key_id: access_key_id.trim().to_string(),
            secret,
            security_token,
            expiration: None,
            obtained: Utc::now(),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &self.secret)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "***"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Where a backend's credentials came from, as `check` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `access_key_id` / `access_key_secret` (and `security_token`) in the backend's config.
    Config { token: bool },
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`).
    Env { token: bool },
    /// A profile of the aliyun CLI's `config.json`.
    Profile {
        name: String,
        path: String,
        mode: ProfileMode,
    },
    /// The ECS instance RAM role from the metadata service.
    EcsRole { role: String, url: String },
}

impl Source {
    /// The source in English words, for logs and errors (`check` words it through the catalogues).
    pub fn describe(&self) -> String {
        let token = |t: bool| if t { " with an STS security token" } else { "" };
        match self {
            Source::Config { token: t } => format!(
                "the backend's access_key_id / access_key_secret{}",
                token(*t)
            ),
            Source::Env { token: t } => format!(
                "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET{}",
                token(*t)
            ),
            Source::Profile { name, path, mode } => {
                format!("profile '{name}' from {path} ({mode})")
            }
            Source::EcsRole { role, url } => format!("ECS RAM role '{role}' from {url}"),
        }
    }
}
