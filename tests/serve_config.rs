//! The `[serve]` section of the config: read when valid, and each problem reported at its file,
//! line and column with a fix; `callboard serve` without authorized keys says what to do.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use callboard::config::{Config, ConfigError};
use std::path::Path;

const BACKEND: &str = r#"
[[backend]]
name = "shanghai"
kind = "aliyun"
endpoint = "https://ccc.cn-shanghai.aliyuncs.com/"
instance_id = "ccc-prod"
"#;

#[test]
fn a_serve_section_is_read() {
    let text = format!(
        "[serve]\nlisten = \"0.0.0.0:2222\"\nauthorized_keys = \"/etc/callboard/keys\"\nreadonly = true\n{BACKEND}"
    );
    let loaded = Config::from_toml(&text, Path::new("config.toml")).expect("loads");
    let serve = loaded.config.serve.expect("[serve]");
    assert_eq!(serve.listen.as_deref(), Some("0.0.0.0:2222"));
    assert_eq!(
        serve.authorized_keys.as_deref(),
        Some("/etc/callboard/keys")
    );
    assert!(serve.readonly);
    assert_eq!(serve.host_key, None);
}

#[test]
fn serve_problems_have_their_line_and_a_fix() {
    let text = format!("{BACKEND}\n[serve]\nlisten = \"port 22\"\nhost_key = \"\"\n");
    let problems = match Config::from_toml(&text, Path::new("config.toml")) {
        Err(ConfigError::Invalid { problems }) => problems,
        other => panic!("expected problems, got {other:?}"),
    };
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown[0].starts_with("config.toml:9:"), "{}", shown[0]);
    assert!(
        shown[0].contains("listen = \"port 22\" in [serve] is not HOST:PORT"),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("127.0.0.1:2222"), "{}", shown[0]);
    assert!(shown[1].starts_with("config.toml:10:"), "{}", shown[1]);
    // An unknown key in [serve] is an error too.
    let text = format!("{BACKEND}\n[serve]\nlisten_on = \"0.0.0.0:2222\"\n");
    assert!(Config::from_toml(&text, Path::new("config.toml")).is_err());
}

#[test]
fn serve_without_authorized_keys_says_what_to_do() {
    let dir = cli::TempDir::new("serve-no-keys");
    let out = cli::callboard_in(dir.path(), &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let stderr = &out.stderr;
    assert!(stderr.contains("--authorized-keys FILE"), "{stderr}");
    assert!(stderr.contains("callboard-role=\"operator\""), "{stderr}");
}
