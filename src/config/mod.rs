//! The callboard configuration file (TOML): backends, rosters, secrets and display settings.
//!
//! The format is documented in the README and in the starter config (`callboard init`,
//! [`starter_config`]). Secrets are never required inline: each secret is an environment variable,
//! a file, a command, or (discouraged) an inline value. [`Config::load`] parses and validates a file
//! and reports every problem with its file, line, column and fix.

mod alerts;
mod bindings;
mod cms;
mod diagnostic;
mod echo;
mod hints;
mod init;
mod init_zh;
mod keys;
mod kpis;
mod load;
mod local_file;
mod paths;
mod secret_command;
mod secret_source;
mod serve;
mod spans;
mod toml_reason;
mod validate;

pub use alerts::{
    history_path, read_history_file, AgentAlerts, AlertsConfig, HistoryConfig, Notify, QueueAlerts,
    HISTORY_FILE, MAX_HISTORY_FILE_BYTES, NOTIFY_SCHEMES,
};
pub use bindings::{default_keys, effective_keys, reserved, NAVIGATION, RESERVED_KEYS};
pub use cms::{HuaweiCms, CCID_RANGE, VDN_RANGE};
pub use diagnostic::{ConfigError, ConfigWarning, Diagnostic};
pub use echo::{echo, MAX_ECHO_CHARS, MAX_PARSER_MESSAGE_CHARS};
pub(crate) use hints::{did_you_mean, one_of};
pub use init::{starter_config, starter_config_in, write_starter, write_starter_in};
pub use keys::{KeyCode, KeyParseError, KeySpec, ACTIONS};
pub use kpis::{KpiSettings, DEFAULT_SL_THRESHOLD_SECS};
pub use load::LoadedConfig;
pub use load::MAX_CONFIG_FILE_BYTES;
pub use local_file::LocalFileError;
pub(crate) use local_file::{read_text as read_local_text, size_text};
pub use paths::{
    default_audit_path, default_config_path, expand_home, log_dir, log_file_path, state_dir,
    LOG_FILE_NAME,
};
pub use secret_source::{
    SecretError, MAX_SECRET_COMMAND_OUTPUT_BYTES, MAX_SECRET_FILE_BYTES, SECRET_COMMAND_TIMEOUT,
};
pub use serve::{parse_listen, ServeConfig, DEFAULT_HOST_KEY_FILE, DEFAULT_SERVE_LISTEN};
pub(crate) use toml_reason::toml_reason;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// The environment variable holding the Alibaba Cloud AccessKey id when `access_key_id` is absent.
pub const ALIBABA_ACCESS_KEY_ID_ENV: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The environment variable holding the Alibaba Cloud AccessKey secret when `access_key_secret` is absent.
pub const ALIBABA_ACCESS_KEY_SECRET_ENV: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The built-in theme names; anything else in `theme` must be a path to a theme file.
pub const THEMES: &[&str] = &["default", "light", "high-contrast", "mono"];
/// The states `[backend.thresholds.stuck_after]` accepts.
pub const STUCK_STATES: &[&str] = &["ringing", "talking", "wrap-up", "not-ready", "break"];
/// Allowed `poll_interval_secs`, inclusive.
pub const POLL_INTERVAL_RANGE: std::ops::RangeInclusive<f64> = 0.5..=3600.0;

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
    /// Key bindings: action name → key (e.g. `reset = "r"`); see [`ACTIONS`] and [`KeySpec`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, String>,
    /// The roster's columns, left to right (`backend`, `agent`, `name`, `state`, `time`,
    /// `reason`, `skills`, `ext`); default: all of them in that order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Mask customers' phone numbers (`132****1056`) on the screen and in `snapshot` (default
    /// true; false shows them in full).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask_numbers: Option<bool>,
    /// Language of the interface: `en` or `zh-CN` (default: the locale environment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Shift alerts: queue and agent thresholds, bell and desktop notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts: Option<AlertsConfig>,
    /// The trends' history: interval, hours kept, persistence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryConfig>,
    #[serde(default, rename = "backend")]
    pub backends: Vec<BackendConfig>,
    /// `[serve]`: `callboard serve`'s listen address, host key, authorized keys, read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serve: Option<ServeConfig>,
}

/// The roster's column names in the config's `columns` list, in their default order.
pub const COLUMNS: [&str; 8] = [
    "backend", "agent", "name", "state", "time", "reason", "skills", "ext",
];

/// The column name `name` stands for (its own, or `id`, `extension`, `skill-groups`, `groups`).
pub fn column_key(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    let n = match n.as_str() {
        "id" => "agent",
        "extension" => "ext",
        "skill-groups" | "groups" => "skills",
        other => other,
    };
    COLUMNS.iter().copied().find(|c| *c == n)
}

impl Config {
    /// Whether customers' numbers are masked (`mask_numbers`, on unless set to false).
    pub fn masks_numbers(&self) -> bool {
        self.mask_numbers.unwrap_or(true)
    }

    /// The validated key bindings (action → key). Entries that do not parse are skipped; a loaded
    /// config has none, because [`Config::load`] rejects them.
    pub fn key_bindings(&self) -> BTreeMap<String, KeySpec> {
        self.keys
            .iter()
            .filter_map(|(action, key)| Some((action.clone(), KeySpec::parse(key).ok()?)))
            .collect()
    }

    /// The backend named `name`.
    pub fn backend(&self, name: &str) -> Option<&BackendConfig> {
        self.backends.iter().find(|b| b.name == name)
    }
}

/// Where a secret comes from. `Debug` never shows an inline value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Env(name) => f.debug_tuple("Env").field(name).finish(),
            SecretSource::File(path) => f.debug_tuple("File").field(path).finish(),
            SecretSource::Command(cmd) => f.debug_tuple("Command").field(cmd).finish(),
            SecretSource::Value(_) => f.write_str("Value(***)"),
        }
    }
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

impl Roster {
    /// The explicit agent ids, or `None` for every agent.
    pub fn agents(&self) -> Option<&[String]> {
        match self {
            Roster::All(_) => None,
            Roster::List(ids) => Some(ids),
        }
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

impl Thresholds {
    /// The planned duration of a break code / rest cause.
    pub fn planned_for(&self, code: &str) -> Option<Duration> {
        self.planned.get(code).map(|s| Duration::from_secs(*s))
    }

    /// How long an agent may stay in `state` (one of [`STUCK_STATES`]) before it is flagged.
    pub fn stuck_after_for(&self, state: &str) -> Option<Duration> {
        self.stuck_after.get(state).map(|s| Duration::from_secs(*s))
    }
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
    /// Alibaba: an STS security token going with `access_key_id` / `access_key_secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_token: Option<SecretSource>,
    /// Alibaba: the STS endpoint for a RamRoleArn profile (default `https://sts.aliyuncs.com/`,
    /// or `ALIBABA_CLOUD_STS_ENDPOINT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sts_endpoint: Option<String>,
    /// Alibaba: the ECS metadata service for the instance RAM role (default
    /// `http://100.100.100.200`, or `CALLBOARD_ECS_METADATA_URL`); setting it turns that source on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_url: Option<String>,
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
    /// Huawei: the CC-CMS real-time monitoring interface (state times, queue figures, extensions
    /// and skill levels; `docs/huawei-cms.md`). Without it those stay unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cms: Option<HuaweiCms>,
    /// Service level and queue KPIs: the SL threshold and the report cadence (`[backend.kpis]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpis: Option<KpiSettings>,
    /// PEM file of the CA that signed the endpoint's certificate (a private CA; both vendors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    /// Skip TLS verification (labs only; both vendors; logged and shown as a warning in the header).
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
            security_token: None,
            sts_endpoint: None,
            metadata_url: None,
            inspector: None,
            agents: BTreeMap::new(),
            agent_password: None,
            agent_phone: None,
            cms: None,
            kpis: None,
            ca_file: None,
            insecure_skip_verify: false,
        }
    }

    /// Seconds between polls: `poll_interval_secs`, else 2 s for Alibaba, and for Huawei (whose
    /// agent states arrive as events; the poll reconciles) 5 s with CMS (its queue figures are
    /// polled) and 30 s without.
    pub fn poll_interval(&self) -> Duration {
        let default = match self.kind {
            BackendKind::Aliyun => 2.0,
            BackendKind::Huawei if self.cms.is_some() => 5.0,
            BackendKind::Huawei => 30.0,
        };
        let secs = self
            .poll_interval_secs
            .filter(|s| POLL_INTERVAL_RANGE.contains(s))
            .unwrap_or(default);
        Duration::from_secs_f64(secs)
    }

    /// Alibaba: where the AccessKey id comes from (`ALIBABA_CLOUD_ACCESS_KEY_ID` unless set).
    pub fn access_key_id_source(&self) -> SecretSource {
        self.access_key_id
            .clone()
            .unwrap_or_else(|| SecretSource::Env(ALIBABA_ACCESS_KEY_ID_ENV.to_string()))
    }

    /// Alibaba: where the AccessKey secret comes from (`ALIBABA_CLOUD_ACCESS_KEY_SECRET` unless set).
    pub fn access_key_secret_source(&self) -> SecretSource {
        self.access_key_secret
            .clone()
            .unwrap_or_else(|| SecretSource::Env(ALIBABA_ACCESS_KEY_SECRET_ENV.to_string()))
    }

    /// Huawei: the login for agent `workno`: its entry in `agents`, else `agent_password` with the
    /// `agent_phone` template (`{workno}` replaced). `None` when neither is configured.
    pub fn agent_login(&self, workno: &str) -> Option<HuaweiLogin> {
        if let Some(login) = self.agents.get(workno) {
            return Some(login.clone());
        }
        let password = self.agent_password.clone()?;
        Some(HuaweiLogin {
            workno: workno.to_string(),
            password,
            phonenum: self
                .agent_phone
                .as_ref()
                .map(|t| t.replace("{workno}", workno)),
        })
    }

    /// The thresholds, or empty ones.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds.clone().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Aliyun,
    Huawei,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Aliyun => "aliyun",
            BackendKind::Huawei => "huawei",
        })
    }
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
