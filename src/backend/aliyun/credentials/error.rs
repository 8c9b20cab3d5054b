//! Why no credentials could be had: each message names the credential that is missing and where
//! callboard looked, never a secret or a token.

/// A credential that is missing, unreadable or refused on the way to signing.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CredentialError {
    /// A configured secret source (`access_key_id`, `access_key_secret`, `security_token`).
    #[error("{what} ({described}): {detail}")]
    Secret {
        what: &'static str,
        described: String,
        detail: String,
    },
    /// Only one half of the AccessKey pair is in the environment.
    #[error("{present} is set but {missing} is not; set both (or neither, to use the aliyun CLI profile or the ECS RAM role)")]
    EnvHalf {
        present: &'static str,
        missing: &'static str,
    },
    /// The aliyun CLI profile file is unreadable, or its profile incomplete.
    #[error("{path}: {detail}")]
    Profile { path: String, detail: String },
    /// STS `AssumeRole` failed.
    #[error("AssumeRole of {role_arn} at {endpoint} failed: {detail}")]
    Sts {
        role_arn: String,
        endpoint: String,
        detail: String,
    },
    /// The ECS metadata service gave no role credentials.
    #[error("the ECS RAM role from the metadata service {url} is not available: {detail}")]
    Metadata { url: String, detail: String },
    /// Temporary credentials ran out and could not be renewed.
    #[error("the temporary credentials ({source_text}) expired at {expired} and could not be renewed: {detail}")]
    Expired {
        source_text: String,
        expired: String,
        detail: String,
    },
    /// The whole chain yielded nothing.
    #[error("no Alibaba Cloud credentials found; looked at: {}; set access_key_id/access_key_secret in the backend, or export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run `aliyun configure`", looked.join("; "))]
    NoneFound { looked: Vec<String> },
}
