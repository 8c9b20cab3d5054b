//! `callboard sim --write-config FILE`: a callboard config pointing at this simulator.

use super::world::{Truth, Vendor};
use super::{SimConfig, TEST_AGENT_PASSWORD};
use crate::config::{
    BackendConfig, BackendKind, Config, HuaweiCms, HuaweiLogin, Roster, SecretSource, Thresholds,
};
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// The config for a simulator at `addr`: one Alibaba and one Huawei backend, roster = every agent.
pub fn sim_config(config: &SimConfig, addr: SocketAddr, truth: &Truth) -> Config {
    let roster = |vendor: Vendor| {
        Roster::List(
            truth
                .agents
                .iter()
                .filter(|a| a.vendor == vendor)
                .map(|a| a.id.clone())
                .collect(),
        )
    };
    let key = config.access_keys.first();
    let planned = |pairs: &[(&str, u64)]| Thresholds {
        planned: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        stuck_after: BTreeMap::new(),
    };
    let aliyun = BackendConfig {
        roster: roster(Vendor::Aliyun),
        poll_interval_secs: Some(2.0),
        thresholds: Some(planned(&[
            ("lunch", 1800),
            ("break", 600),
            ("meeting", 1800),
            ("training", 3600),
            ("coaching", 900),
        ])),
        instance_id: Some(truth.aliyun_instance.clone()),
        access_key_id: key.map(|k| SecretSource::Value(k.id.clone())),
        access_key_secret: key.map(|k| SecretSource::Value(k.secret.clone())),
        ..BackendConfig::new("aliyun-sim", BackendKind::Aliyun, format!("http://{addr}/"))
    };
    let cms_key = config.huawei.cms_keys.first();
    let huawei = BackendConfig {
        roster: roster(Vendor::Huawei),
        // CMS answers every refresh: state times and queue figures stay within 5 s.
        poll_interval_secs: Some(5.0),
        thresholds: Some(planned(&[
            ("1", 1800),
            ("2", 600),
            ("3", 1800),
            ("4", 3600),
        ])),
        inspector: Some(HuaweiLogin {
            workno: super::world::HUAWEI_INSPECTOR.to_string(),
            password: SecretSource::Value(config.huawei.inspector_password.clone()),
            phonenum: None,
        }),
        agent_password: Some(SecretSource::Value(
            if config.huawei.agent_password.is_empty() {
                TEST_AGENT_PASSWORD.to_string()
            } else {
                config.huawei.agent_password.clone()
            },
        )),
        agent_phone: Some("4{workno}".to_string()),
        cms: Some(HuaweiCms {
            endpoint: format!("http://{addr}/rest/cmsapp/v1/openapi/"),
            ak: SecretSource::Value(
                cms_key
                    .map_or(super::TEST_CMS_AK, |k| k.id.as_str())
                    .to_string(),
            ),
            sk: SecretSource::Value(
                cms_key
                    .map_or(super::TEST_CMS_SK, |k| k.secret.as_str())
                    .to_string(),
            ),
            ccid: config.huawei.cms_ccid,
            vdn: truth.huawei_vdn,
        }),
        ..BackendConfig::new(
            "huawei-sim",
            BackendKind::Huawei,
            format!("http://{addr}/agentgateway/resource/"),
        )
    };
    Config {
        backends: vec![aliyun, huawei],
        ..Config::default()
    }
}

/// The file text: a header comment and the TOML.
pub fn render(config: &Config, addr: SocketAddr) -> Result<String, toml::ser::Error> {
    let body = toml::to_string(config)?;
    Ok(format!(
        "# callboard configuration for the simulator at {addr}, written by `callboard sim --write-config`.\n\
         # The secrets below are the simulator's public test credentials; for a real backend use\n\
         # {{ env = \"NAME\" }}, {{ file = \"PATH\" }} or {{ command = \"...\" }} instead of {{ value = \"...\" }}.\n\n{body}"
    ))
}

/// Writes the file readable by its owner only (it holds test credentials): a new file is created
/// with mode 0600, an existing one is set to 0600 before its old text is replaced.
pub fn write(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    // Not `truncate`: the mode is narrowed first, so the credentials never sit in a 0644 file.
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.set_len(0)?;
    file.write_all(text.as_bytes())
}
