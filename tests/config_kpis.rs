//! `[backend.kpis]`: the service-level threshold and report cadence load, and bad values are
//! reported with file:line:column and a fix, like every other setting.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::config::{Config, ConfigError};
use std::path::Path;
use std::time::Duration;

const ALIYUN: &str = r#"[[backend]]
name = "shanghai"
kind = "aliyun"
endpoint = "https://ccc.cn-shanghai.aliyuncs.com/"
instance_id = "ccc-prod"
"#;

fn problems(text: &str) -> Vec<String> {
    match Config::from_toml(text, Path::new("config.toml")) {
        Ok(loaded) => panic!("expected errors, loaded {:?}", loaded.config),
        Err(ConfigError::Invalid { problems }) => problems.iter().map(|p| p.to_string()).collect(),
        Err(e) => panic!("expected Invalid, got {e}"),
    }
}

#[test]
fn the_threshold_and_cadence_load_with_defaults() {
    let loaded = Config::from_toml(ALIYUN, Path::new("config.toml")).expect("loads");
    let b = &loaded.config.backends[0];
    assert_eq!(
        (b.sl_threshold_secs(), b.kpi_refresh()),
        (20, Duration::from_secs(30))
    );
    let text = format!("{ALIYUN}kpis = {{ sl_threshold_secs = 30, refresh_secs = 60 }}\n");
    let loaded = Config::from_toml(&text, Path::new("config.toml")).expect("loads");
    let b = &loaded.config.backends[0];
    assert_eq!(
        (b.sl_threshold_secs(), b.kpi_refresh()),
        (30, Duration::from_secs(60))
    );
}

#[test]
fn bad_values_name_the_line_and_the_fix() {
    let text = format!("{ALIYUN}\n[backend.kpis]\nsl_threshold_secs = 0\nrefresh_secs = 1\n");
    let p = problems(&text);
    assert_eq!(p.len(), 2, "{p:#?}");
    assert!(
        p[0].starts_with("config.toml:8:")
            && p[0].contains("kpis.sl_threshold_secs 0")
            && p[0].contains("sl_threshold_secs = 20"),
        "{}",
        p[0]
    );
    assert!(
        p[1].starts_with("config.toml:9:") && p[1].contains("refresh_secs = 30"),
        "{}",
        p[1]
    );
    let typo = format!("{ALIYUN}kpis = {{ sl_treshold_secs = 20 }}\n");
    let p = problems(&typo);
    assert!(
        p[0].starts_with("config.toml:6:") && p[0].contains("sl_threshold_secs"),
        "{p:?}"
    );
}
