//! The credential chain, in the official SDKs' order: the backend's own config, then the
//! environment, then the aliyun CLI profile file, then the ECS instance RAM role. The first
//! source that is there wins; a source that is there but incomplete is an error (it is not
//! skipped), as in the SDKs.

use super::metadata::{EcsRole, DEFAULT_METADATA_URL};
use super::profile::{self, Profile, ProfileMode};
use super::sts::{self, AssumeRole, DEFAULT_STS_ENDPOINT};
use super::{Credential, CredentialError, Keyring, Source, SECURITY_TOKEN_ENV};
use crate::backend::transport::Transport;
use crate::config::{
    BackendConfig, SecretSource, ALIBABA_ACCESS_KEY_ID_ENV, ALIBABA_ACCESS_KEY_SECRET_ENV,
};
use crate::secret::Secret;

/// The aliyun CLI profile to use instead of the file's `current`.
pub const PROFILE_ENV: &str = "ALIBABA_CLOUD_PROFILE";
/// The ECS RAM role name; setting it turns the metadata source on (as in the SDKs).
pub const ECS_ROLE_ENV: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `true` turns the metadata source off.
pub const ECS_METADATA_DISABLED_ENV: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// The metadata service's base URL (callboard's own; default `http://100.100.100.200`).
pub const METADATA_URL_ENV: &str = "CALLBOARD_ECS_METADATA_URL";
/// The STS endpoint for `AssumeRole` (callboard's own; default `https://sts.aliyuncs.com/`).
pub const STS_ENDPOINT_ENV: &str = "ALIBABA_CLOUD_STS_ENDPOINT";

/// What the chain reads besides the backend's config: environment variables and the profile
/// file's place. [`ChainEnv::from_process`] is the real one; tests build their own.
#[derive(Debug, Clone, Default)]
pub struct ChainEnv {
    /// Variable name → value (the chain reads only the ones it knows).
    pub vars: std::collections::BTreeMap<String, String>,
    /// The aliyun CLI profile file (`~/.aliyun/config.json`).
    pub profile_file: std::path::PathBuf,
}

impl ChainEnv {
    /// This process's environment and `~/.aliyun/config.json`.
    pub fn from_process() -> ChainEnv {
        let names = [
            ALIBABA_ACCESS_KEY_ID_ENV,
            ALIBABA_ACCESS_KEY_SECRET_ENV,
            SECURITY_TOKEN_ENV,
            PROFILE_ENV,
            ECS_ROLE_ENV,
            ECS_METADATA_DISABLED_ENV,
            METADATA_URL_ENV,
            STS_ENDPOINT_ENV,
        ];
        ChainEnv {
            vars: names
                .iter()
                .filter_map(|n| Some((n.to_string(), std::env::var(n).ok()?)))
                .collect(),
            profile_file: profile::profile_path(),
        }
    }

    fn get(&self, name: &str) -> Option<String> {
        self.vars
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }
}

async fn secret(what: &'static str, source: SecretSource) -> Result<Secret, CredentialError> {
    let described = source.describe();
    let joined = tokio::task::spawn_blocking(move || source.resolve()).await;
    match joined {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(CredentialError::Secret {
            what,
            described,
            detail: e.to_string(),
        }),
        Err(e) => Err(CredentialError::Secret {
            what,
            described,
            detail: format!("could not be read: {e}"),
        }),
    }
}

fn http(cfg: &BackendConfig) -> Result<reqwest::Client, String> {
    let ca = cfg.ca_file.as_deref().map(crate::config::expand_home);
    super::fetch::client(&Transport {
        vendor: "Alibaba Cloud STS / ECS metadata",
        ca_file: ca.as_deref(),
        insecure_skip_verify: cfg.insecure_skip_verify,
    })
}

fn sts_endpoint(cfg: &BackendConfig, envs: &ChainEnv) -> Result<String, CredentialError> {
    let text = cfg
        .sts_endpoint
        .clone()
        .or_else(|| envs.get(STS_ENDPOINT_ENV))
        .unwrap_or_else(|| DEFAULT_STS_ENDPOINT.to_string());
    sts::endpoint(&text)
        .map(|(base, _)| base)
        .map_err(|detail| CredentialError::Sts {
            role_arn: String::new(),
            endpoint: text,
            detail,
        })
}

fn metadata_url(cfg: &BackendConfig, envs: &ChainEnv) -> String {
    cfg.metadata_url
        .clone()
        .or_else(|| envs.get(METADATA_URL_ENV))
        .unwrap_or_else(|| DEFAULT_METADATA_URL.to_string())
        .trim_end_matches('/')
        .to_string()
}

/// Resolves `cfg`'s credentials along the chain and obtains the first set (calling STS or the
/// metadata service when the source needs it). No CCC request is sent.
pub async fn resolve(cfg: &BackendConfig) -> Result<Keyring, CredentialError> {
    resolve_in(cfg, &ChainEnv::from_process()).await
}

/// [`resolve`] with the environment `envs`.
pub async fn resolve_in(cfg: &BackendConfig, envs: &ChainEnv) -> Result<Keyring, CredentialError> {
    // 1. The backend's own config.
    if cfg.access_key_id.is_some()
        || cfg.access_key_secret.is_some()
        || cfg.security_token.is_some()
    {
        let id = secret("AccessKey id", cfg.access_key_id_source()).await?;
        let key = secret("AccessKey secret", cfg.access_key_secret_source()).await?;
        let token = match cfg.security_token.clone() {
            Some(s) => Some(secret("STS security token", s).await?),
            None => None,
        };
        let source = Source::Config {
            token: token.is_some(),
        };
        return Ok(Keyring::fixed(
            source,
            Credential::fixed(id.expose(), key, token),
        ));
    }
    let mut looked = vec![format!(
        "no access_key_id / access_key_secret in backend `{}`",
        crate::config::echo(&cfg.name)
    )];
    // 2. The environment.
    match (
        envs.get(ALIBABA_ACCESS_KEY_ID_ENV),
        envs.get(ALIBABA_ACCESS_KEY_SECRET_ENV),
    ) {
        (Some(id), Some(key)) => {
            let token = envs.get(SECURITY_TOKEN_ENV).map(Secret::new);
            let source = Source::Env {
                token: token.is_some(),
            };
            return Ok(Keyring::fixed(
                source,
                Credential::fixed(&id, Secret::new(key), token),
            ));
        }
        (Some(_), None) => {
            return Err(CredentialError::EnvHalf {
                present: ALIBABA_ACCESS_KEY_ID_ENV,
                missing: ALIBABA_ACCESS_KEY_SECRET_ENV,
            })
        }
        (None, Some(_)) => {
            return Err(CredentialError::EnvHalf {
                present: ALIBABA_ACCESS_KEY_SECRET_ENV,
                missing: ALIBABA_ACCESS_KEY_ID_ENV,
            })
        }
        (None, None) => looked.push(format!(
            "{ALIBABA_ACCESS_KEY_ID_ENV} / {ALIBABA_ACCESS_KEY_SECRET_ENV} not set"
        )),
    }
    // 3. The aliyun CLI profile file.
    let path = envs.profile_file.clone();
    let shown = path.display().to_string();
    match crate::config::read_local_text(&path, profile::MAX_PROFILE_FILE_BYTES) {
        Ok(text) => {
            let wanted = envs.get(PROFILE_ENV);
            let found = profile::select(&text, wanted.as_deref()).map_err(|detail| {
                CredentialError::Profile {
                    path: shown.clone(),
                    detail,
                }
            })?;
            let source = Source::Profile {
                name: found.name.clone(),
                path: shown.clone(),
                mode: found.mode,
            };
            return from_profile(cfg, envs, source, found.profile).await;
        }
        Err(crate::config::LocalFileError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            looked.push(format!("no aliyun CLI profile file {shown}"));
        }
        Err(e) => {
            return Err(CredentialError::Profile {
                path: shown,
                detail: format!("cannot be read: {e}"),
            })
        }
    }
    // 4. The ECS instance RAM role, when asked for (as the SDKs do with ALIBABA_CLOUD_ECS_METADATA).
    let disabled = envs
        .get(ECS_METADATA_DISABLED_ENV)
        .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    let role = envs.get(ECS_ROLE_ENV);
    if !disabled && (role.is_some() || cfg.metadata_url.is_some()) {
        return ecs(cfg, envs, role).await;
    }
    looked.push(if disabled {
        format!("ECS RAM role turned off ({ECS_METADATA_DISABLED_ENV})")
    } else {
        format!("ECS RAM role not asked for ({ECS_ROLE_ENV} and metadata_url not set)")
    });
    Err(CredentialError::NoneFound { looked })
}

async fn from_profile(
    cfg: &BackendConfig,
    envs: &ChainEnv,
    source: Source,
    profile: Profile,
) -> Result<Keyring, CredentialError> {
    match profile {
        Profile::Ak { id, secret, token } => Ok(Keyring::fixed(
            source,
            Credential::fixed(&id, Secret::new(secret), token.map(Secret::new)),
        )),
        Profile::RamRoleArn {
            id,
            secret,
            role_arn,
            session_name,
            duration_secs,
        } => {
            let endpoint = sts_endpoint(cfg, envs)?;
            let client = http(cfg).map_err(|detail| CredentialError::Sts {
                role_arn: role_arn.clone(),
                endpoint: endpoint.clone(),
                detail,
            })?;
            let call = AssumeRole {
                http: client,
                endpoint,
                access_key_id: id,
                secret: Secret::new(secret),
                role_arn,
                session_name,
                duration_secs,
            };
            let initial = call.fetch().await?;
            Ok(Keyring::renewing(source, initial, move || {
                let call = call.clone();
                async move { call.fetch().await }
            }))
        }
        Profile::EcsRamRole { role } => {
            let ring = ecs(cfg, envs, role).await?;
            // The profile is the source; the metadata service only supplies the credentials.
            Ok(ring.with_source(match source {
                Source::Profile { name, path, .. } => Source::Profile {
                    name,
                    path,
                    mode: ProfileMode::EcsRamRole,
                },
                other => other,
            }))
        }
    }
}

async fn ecs(
    cfg: &BackendConfig,
    envs: &ChainEnv,
    role: Option<String>,
) -> Result<Keyring, CredentialError> {
    let url = metadata_url(cfg, envs);
    let client = http(cfg).map_err(|detail| CredentialError::Metadata {
        url: url.clone(),
        detail,
    })?;
    let service = EcsRole {
        http: client,
        base: url.clone(),
        role,
    };
    let (role, initial) = service.fetch().await?;
    // Ask for the role found once; later renewals read it directly.
    let service = EcsRole {
        role: Some(role.clone()),
        ..service
    };
    Ok(Keyring::renewing(
        Source::EcsRole { role, url },
        initial,
        move || {
            let service = service.clone();
            async move { service.fetch().await.map(|(_, c)| c) }
        },
    ))
}
