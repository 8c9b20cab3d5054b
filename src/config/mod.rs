//! The callboard configuration file (TOML): backends, rosters, secrets and display settings.
//!
//! The format is documented in the README. Secrets are never required inline: each secret is an
//! environment variable, a file, a command, or (discouraged) an inline value.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Theme name (`default`, `light`, `high-contrast`, `mono`) or a path to a theme file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// When true, callboard never acts on agents.
    #[serde(default)]
    pub readonly: bool,
    /// Where actions are appended as JSON lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_log: Option<String>,
    /// Key bindings: action name → key (e.g. `reset = "r"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, String>,
    #[serde(default, rename = "backend")]
    pub backends: Vec<BackendConfig>,
}

/// Where a secret comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum SecretSource {
    /// An environment variable's name.
    Env(String),
    /// A file whose contents (trimmed) are the secret.
    File(String),
    /// A shell command whose standard output (trimmed) is the secret.
    Command(String),
    /// The secret itself (warned about when the file is readable by others).
    Value(String),
}

/// Which roster a backend watches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Roster {
    /// `"all"`: every agent the backend reports.
    All(String),
    /// An explicit list of agent ids.
    List(Vec<String>),
}

impl Default for Roster {
    fn default() -> Self {
        Roster::All("all".to_string())
    }
}

/// Planned durations and alert thresholds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Planned seconds per break code (Alibaba) or rest cause (Huawei), e.g. `lunch = 1800`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub planned: BTreeMap<String, u64>,
    /// Seconds in one state after which an agent is flagged as stuck, per state
    /// (`ringing`, `talking`, `wrap-up`, `not-ready`, `break`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stuck_after: BTreeMap<String, u64>,
}

/// One `[[backend]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackendConfig {
    /// A short name used in the UI and on the command line (`--backend NAME`).
    pub name: String,
    pub kind: BackendKind,
    /// Alibaba: the RPC endpoint (`https://ccc.cn-shanghai.aliyuncs.com/`); Huawei: the gateway base
    /// (`https://gw:8043/agentgateway/resource/`).
    pub endpoint: String,
    #[serde(default)]
    pub roster: Roster,
    /// Seconds between polls (Alibaba) or reconciliations (Huawei).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Thresholds>,
    /// Alibaba: the CCC instance id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Alibaba: the AccessKey id (default: `ALIBABA_CLOUD_ACCESS_KEY_ID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<SecretSource>,
    /// Alibaba: the AccessKey secret (default: `ALIBABA_CLOUD_ACCESS_KEY_SECRET`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_secret: Option<SecretSource>,
    /// Alibaba: signature version, `v3` (default) or `v2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Huawei: the inspector (质检员) account callboard watches and acts through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspector: Option<HuaweiLogin>,
    /// Huawei: credentials for agents callboard may sign in (work number → login).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agents: BTreeMap<String, HuaweiLogin>,
    /// Huawei: password used for agents without their own entry in `agents`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_password: Option<SecretSource>,
    /// Huawei: softphone number template for agents without their own entry (`{workno}` is replaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_phone: Option<String>,
    /// Huawei: PEM file of the CA that signed the gateway's certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    /// Huawei: skip TLS verification (labs only; shown as a warning in the header).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub insecure_skip_verify: bool,
}

impl BackendConfig {
    /// A backend with only its name, kind and endpoint set.
    pub fn new(name: &str, kind: BackendKind, endpoint: String) -> BackendConfig {
        BackendConfig {
            name: name.to_string(),
            kind,
            endpoint,
            roster: Roster::default(),
            poll_interval_secs: None,
            thresholds: None,
            instance_id: None,
            access_key_id: None,
            access_key_secret: None,
            signature: None,
            inspector: None,
            agents: BTreeMap::new(),
            agent_password: None,
            agent_phone: None,
            ca_file: None,
            insecure_skip_verify: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Aliyun,
    Huawei,
}

/// A Huawei work number's login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiLogin {
    pub workno: String,
    pub password: SecretSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phonenum: Option<String>,
}
