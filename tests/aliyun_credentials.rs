//! The Alibaba Cloud credential chain end to end: `callboard check` and `snapshot` as processes
//! against the simulator on loopback in token-checking mode, with a private HOME holding the
//! aliyun CLI profile file: StsToken, RamRoleArn (the simulator's STS AssumeRole) and EcsRamRole
//! (its metadata port) profiles; a missing, an expired and a wrong token refused with Alibaba's
//! codes; the chain's order (config beats environment beats profile); and temporary credentials
//! renewed before they expire without a request ever signed with expired ones.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use callboard::backend::aliyun::credentials::{resolve_in, ChainEnv, Source};
use callboard::backend::aliyun::{AliyunBackend, AliyunClient};
use callboard::backend::{Backend, BackendEvent, Fleet, Health};
use callboard::config::{BackendConfig, BackendKind};
use callboard::sim::{
    start, RunningSim, SimConfig, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TEST_ECS_ROLE,
};
use cli::*;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const INSTANCE: &str = "ccc-sim";
const ROLE_ARN: &str = "acs:ram::1234567890123456:role/callboard-supervisor";

async fn sim(require_token: bool, lifetime: Option<u64>, metadata: bool) -> RunningSim {
    start(SimConfig {
        speed: 0.0,
        agents: 10,
        require_sts_token: require_token,
        sts_lifetime: lifetime.map(Duration::from_secs),
        metadata_listen: metadata.then(|| "127.0.0.1:0".parse().unwrap()),
        ..SimConfig::default()
    })
    .await
    .expect("sim starts")
}

/// Writes `config.toml` (mode 600) with one aliyun backend at `sim`, plus `extra` lines.
fn write_config(dir: &Path, sim: &RunningSim, extra: &str) -> String {
    let path = dir.join("config.toml");
    let text = format!(
        "[[backend]]\nname = \"ccc\"\nkind = \"aliyun\"\nendpoint = \"{}\"\ninstance_id = \"{INSTANCE}\"\n{extra}",
        sim.aliyun_url()
    );
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.display().to_string()
}

/// Writes `HOME/.aliyun/config.json` with `profiles`, `current` naming the first.
fn write_profiles(home: &Path, profiles: Value) -> String {
    let dir = home.join(".aliyun");
    std::fs::create_dir_all(&dir).unwrap();
    let current = profiles[0]["name"].as_str().unwrap().to_string();
    let path = dir.join("config.json");
    std::fs::write(
        &path,
        json!({"current": current, "profiles": profiles}).to_string(),
    )
    .unwrap();
    path.display().to_string()
}

/// Runs `callboard --config CFG ARGS` in `dir` (its HOME) with `env`, off the runtime's threads.
async fn run(dir: &Path, config: &str, args: &[&str], env: &[(&str, String)]) -> Run {
    let mut all = vec!["--config".to_string(), config.to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    let dir = dir.to_path_buf();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let mut cmd = callboard_command(&dir, &refs);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("callboard runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

fn counters(sim: &RunningSim) -> Value {
    serde_json::to_value(&sim.shared.lock().aliyun.sts.counters).unwrap()
}

fn issue(sim: &RunningSim, secs: u64) -> callboard::sim::aliyun::sts::Issued {
    sim.shared
        .lock()
        .aliyun
        .sts
        .issue(Duration::from_secs(secs), chrono::Utc::now())
}

fn sts_profile(name: &str, issued: &callboard::sim::aliyun::sts::Issued, token: &str) -> Value {
    json!({"name": name, "mode": "StsToken", "access_key_id": issued.access_key_id,
           "access_key_secret": issued.access_key_secret, "sts_token": token, "region_id": "cn-shanghai"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sts_token_profile_alone_gives_the_roster_and_check_names_it() {
    let sim = sim(true, None, false).await;
    let dir = TempDir::new("cred-sts");
    let config = write_config(dir.path(), &sim, "");
    let issued = issue(&sim, 3600);
    let file = write_profiles(
        dir.path(),
        json!([sts_profile("prod", &issued, &issued.security_token)]),
    );

    let snap = run(dir.path(), &config, &["snapshot", "--format", "json"], &[]).await;
    assert_eq!(snap.code, 0, "{}\n{}", snap.stdout, snap.stderr);
    let doc = snap.json();
    let agents = doc["agents"].as_array().map_or(0, Vec::len);
    assert_eq!(agents, 5, "the roster of the instance: {doc}");

    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    let line = format!("credentials: profile 'prod' from {file} (StsToken)");
    assert!(check.stdout.contains(&line), "{}", check.stdout);
    assert!(counters(&sim)["accepted_with_token"].as_u64().unwrap() > 0);
    for secret in [&issued.access_key_secret, &issued.security_token] {
        assert!(!check.stdout.contains(secret.as_str()) && !check.stderr.contains(secret.as_str()));
        assert!(!snap.stderr.contains(secret.as_str()));
    }
    let zh = run(dir.path(), &config, &["--lang", "zh-CN", "check"], &[]).await;
    assert!(
        zh.stdout
            .contains(&format!("凭据：{file} 中的配置 'prod'（StsToken）")),
        "{}",
        zh.stdout
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_token_check_fails_naming_the_missing_credential() {
    let sim = sim(true, None, false).await;
    let dir = TempDir::new("cred-missing");
    let config = write_config(dir.path(), &sim, "");
    let issued = issue(&sim, 3600);
    let file = write_profiles(dir.path(), json!([sts_profile("prod", &issued, "")]));
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 1, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains(&format!("{file}: profile 'prod' is in StsToken mode but its sts_token (the STS security token) is empty")),
        "{}",
        check.stdout
    );

    // The permanent AccessKey alone (AK mode) is refused by the token-checking gateway.
    write_profiles(
        dir.path(),
        json!([{"name": "prod", "mode": "AK",
        "access_key_id": TEST_ACCESS_KEY_ID, "access_key_secret": TEST_ACCESS_KEY_SECRET}]),
    );
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("InvalidSecurityToken.MissingParameter"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("(AK)"),
        "the source is still named: {}",
        check.stdout
    );
    assert!(counters(&sim)["rejected_missing"].as_u64().unwrap() >= 1);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_and_wrong_tokens_are_refused_with_alibabas_codes() {
    let sim = sim(true, None, false).await;
    let dir = TempDir::new("cred-expired");
    let config = write_config(dir.path(), &sim, "");
    let expired = issue(&sim, 0);
    write_profiles(
        dir.path(),
        json!([sts_profile("prod", &expired, &expired.security_token)]),
    );
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("InvalidSecurityToken.Expired"),
        "{}",
        check.stdout
    );
    assert!(counters(&sim)["rejected_expired"].as_u64().unwrap() >= 1);

    let live = issue(&sim, 3600);
    write_profiles(
        dir.path(),
        json!([sts_profile("prod", &live, &expired.security_token)]),
    );
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert!(
        check
            .stdout
            .contains("InvalidSecurityToken.MismatchWithAccessKey"),
        "{}",
        check.stdout
    );
    write_profiles(
        dir.path(),
        json!([sts_profile("prod", &live, "not-a-token")]),
    );
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert!(
        check.stdout.contains("InvalidSecurityToken.Malformed"),
        "{}",
        check.stdout
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ram_role_arn_profile_assumes_the_role_through_sts() {
    let sim = sim(true, None, false).await;
    let dir = TempDir::new("cred-role");
    let config = write_config(dir.path(), &sim, "");
    let file = write_profiles(
        dir.path(),
        json!([
        {"name": "ops", "mode": "RamRoleArn", "access_key_id": TEST_ACCESS_KEY_ID,
         "access_key_secret": TEST_ACCESS_KEY_SECRET, "ram_role_arn": ROLE_ARN,
         "ram_session_name": "callboard-test", "expired_seconds": 900},
        {"name": "other", "mode": "AK", "access_key_id": "x", "access_key_secret": "y"}]),
    );
    let env = [("ALIBABA_CLOUD_STS_ENDPOINT", sim.aliyun_url())];
    let check = run(dir.path(), &config, &["check"], &env).await;
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains(&format!(
            "credentials: profile 'ops' from {file} (RamRoleArn)"
        )),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("temporary credentials, renewed before they expire"),
        "{}",
        check.stdout
    );
    assert!(counters(&sim)["assume_role"].as_u64().unwrap() >= 1);

    // ALIBABA_CLOUD_PROFILE picks another profile than `current`.
    let env = [
        ("ALIBABA_CLOUD_STS_ENDPOINT", sim.aliyun_url()),
        ("ALIBABA_CLOUD_PROFILE", "other".to_string()),
    ];
    let check = run(dir.path(), &config, &["check"], &env).await;
    assert!(check.stdout.contains("profile 'other'"), "{}", check.stdout);
    assert_eq!(check.code, 1, "x/y is no AccessKey: {}", check.stdout);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ecs_ram_role_comes_from_the_metadata_port() {
    let sim = sim(true, None, true).await;
    let url = sim.metadata_url().expect("metadata port");
    let dir = TempDir::new("cred-ecs");
    // By environment, as the SDKs: the role name turns the source on.
    let config = write_config(dir.path(), &sim, "");
    let env = [
        ("ALIBABA_CLOUD_ECS_METADATA", TEST_ECS_ROLE.to_string()),
        ("CALLBOARD_ECS_METADATA_URL", url.clone()),
    ];
    let check = run(dir.path(), &config, &["check"], &env).await;
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains(&format!(
            "credentials: ECS RAM role '{TEST_ECS_ROLE}' from the metadata service {url}"
        )),
        "{}",
        check.stdout
    );
    // By profile (EcsRamRole, role asked of the service) and the metadata_url key.
    let config = write_config(dir.path(), &sim, &format!("metadata_url = \"{url}\"\n"));
    let file = write_profiles(
        dir.path(),
        json!([{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": ""}]),
    );
    let snap = run(dir.path(), &config, &["snapshot", "--format", "json"], &[]).await;
    assert_eq!(snap.code, 0, "{}", snap.stderr);
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert!(
        check.stdout.contains(&format!(
            "credentials: profile 'ecs' from {file} (EcsRamRole)"
        )),
        "{}",
        check.stdout
    );
    assert!(counters(&sim)["metadata_credentials"].as_u64().unwrap() >= 1);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_beats_environment_beats_profile_and_nothing_says_where_it_looked() {
    let sim = sim(false, None, false).await;
    let dir = TempDir::new("cred-order");
    let config = write_config(dir.path(), &sim, "");
    write_profiles(
        dir.path(),
        json!([{"name": "p", "mode": "AK", "access_key_id": "bad", "access_key_secret": "bad"}]),
    );
    let env = [
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            TEST_ACCESS_KEY_ID.to_string(),
        ),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            TEST_ACCESS_KEY_SECRET.to_string(),
        ),
    ];
    let check = run(dir.path(), &config, &["check"], &env).await;
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("credentials: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET from the environment"), "{}", check.stdout);

    let explicit = format!(
        "access_key_id = {{ value = \"{TEST_ACCESS_KEY_ID}\" }}\naccess_key_secret = {{ value = \"{TEST_ACCESS_KEY_SECRET}\" }}\n"
    );
    let config = write_config(dir.path(), &sim, &explicit);
    let bad_env = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "bad".to_string()),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "bad".to_string()),
    ];
    let check = run(dir.path(), &config, &["check"], &bad_env).await;
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("credentials: access_key_id / access_key_secret in backend ccc"),
        "{}",
        check.stdout
    );

    let half = [(
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        TEST_ACCESS_KEY_ID.to_string(),
    )];
    let config = write_config(dir.path(), &sim, "");
    let check = run(dir.path(), &config, &["check"], &half).await;
    assert!(
        check.stdout.contains(
            "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
        ),
        "{}",
        check.stdout
    );

    std::fs::remove_file(dir.path().join(".aliyun/config.json")).unwrap();
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 1);
    for place in [
        "no access_key_id / access_key_secret in backend `ccc`",
        "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET not set",
        "no aliyun CLI profile file",
        "ECS RAM role not asked for",
    ] {
        assert!(check.stdout.contains(place), "{place}: {}", check.stdout);
    }
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_credentials_are_renewed_before_they_expire_without_a_refused_poll() {
    // 6 s credentials: renewed when 2 s are left; polled every 0.5 s.
    let sim = sim(true, Some(6), false).await;
    let dir = TempDir::new("cred-renew");
    let file = dir.path().join("config.json");
    std::fs::write(
        &file,
        json!({"current": "ops", "profiles": [{"name": "ops", "mode": "RamRoleArn",
        "access_key_id": TEST_ACCESS_KEY_ID, "access_key_secret": TEST_ACCESS_KEY_SECRET,
        "ram_role_arn": ROLE_ARN}]})
        .to_string(),
    )
    .unwrap();
    let env = ChainEnv {
        vars: [("ALIBABA_CLOUD_STS_ENDPOINT".to_string(), sim.aliyun_url())].into(),
        profile_file: file,
    };
    let mut cfg = BackendConfig::new("ccc", BackendKind::Aliyun, sim.aliyun_url());
    cfg.instance_id = Some(INSTANCE.to_string());
    cfg.poll_interval_secs = Some(0.5);
    let keyring = Arc::new(resolve_in(&cfg, &env).await.expect("chain resolves"));
    assert!(matches!(keyring.source(), Source::Profile { .. }));
    let client = AliyunClient::from_config_keyring(&cfg, keyring.clone()).unwrap();
    let backend = AliyunBackend::from_client(&cfg, client);
    // The dashboard's own poller, every 0.5 s, until the credentials were renewed twice.
    let fleet = Fleet::from_backends(vec![Backend::Aliyun(backend)], None, true);
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let pollers = fleet.spawn_pollers(tx);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut snapshots = 0;
    while keyring.renewals() < 2 {
        let event = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("renewed twice within a minute")
            .expect("the poller runs");
        match event {
            BackendEvent::Snapshot { agents, kept, .. } => {
                // Every agent, changed (sent) or not (kept).
                assert_eq!(agents.len() + kept.len(), 5);
                snapshots += 1;
            }
            BackendEvent::Log(entry) => panic!("the poller logged {entry:?}"),
            BackendEvent::Status(status) => {
                assert!(
                    !matches!(
                        status.health,
                        Health::Down { .. } | Health::Degraded { .. } | Health::AuthFailed { .. }
                    ),
                    "{status:?}"
                )
            }
            BackendEvent::Agents { .. } => {}
        }
    }
    for p in pollers {
        p.abort();
    }
    let c = counters(&sim);
    assert_eq!(c["rejected_expired"], 0, "{c}");
    assert_eq!(c["rejected_missing"], 0, "{c}");
    assert!(c["assume_role"].as_u64().unwrap() >= 3, "{c}");
    assert!(snapshots > 2, "{snapshots} polls");
    println!(
        "{snapshots} polls, {} renewals, sim counters {c}",
        keyring.renewals()
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sts_token_from_the_environment_or_the_config_is_signed_and_never_logged() {
    let sim = sim(true, None, false).await;
    let dir = TempDir::new("cred-env-token");
    let config = write_config(dir.path(), &sim, "");
    let issued = issue(&sim, 3600);
    let env = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", issued.access_key_id.clone()),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            issued.access_key_secret.clone(),
        ),
        (
            "ALIBABA_CLOUD_SECURITY_TOKEN",
            issued.security_token.clone(),
        ),
    ];
    let check = run(
        dir.path(),
        &config,
        &["--log-level", "trace", "check"],
        &env,
    )
    .await;
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check
            .stdout
            .contains("from the environment with ALIBABA_CLOUD_SECURITY_TOKEN"),
        "{}",
        check.stdout
    );
    for secret in [&issued.access_key_secret, &issued.security_token] {
        assert!(
            !check.stderr.contains(secret.as_str()),
            "a secret in the trace log"
        );
        assert!(!check.stdout.contains(secret.as_str()));
    }

    // The same in the backend's own keys, the token from a file.
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, &issued.security_token).unwrap();
    let keys = format!(
        "access_key_id = {{ value = \"{}\" }}\naccess_key_secret = {{ value = \"{}\" }}\nsecurity_token = {{ file = \"{}\" }}\n",
        issued.access_key_id,
        issued.access_key_secret,
        token_file.display()
    );
    let config = write_config(dir.path(), &sim, &keys);
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check
            .stdout
            .contains("in backend ccc with an STS security token"),
        "{}",
        check.stdout
    );
    // Without the token the gateway says which credential is missing.
    let keys = format!(
        "access_key_id = {{ value = \"{}\" }}\naccess_key_secret = {{ value = \"{}\" }}\n",
        issued.access_key_id, issued.access_key_secret
    );
    let config = write_config(dir.path(), &sim, &keys);
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("InvalidSecurityToken.MissingParameter"),
        "{}",
        check.stdout
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_sts_endpoint_or_metadata_url_is_a_config_error_at_its_line() {
    let sim = sim(false, None, false).await;
    let dir = TempDir::new("cred-urls");
    let config = write_config(
        dir.path(),
        &sim,
        "sts_endpoint = \"sts.aliyuncs.com\"\nmetadata_url = \"ftp://100.100.100.200\"\n",
    );
    let check = run(dir.path(), &config, &["check"], &[]).await;
    assert_eq!(check.code, 2, "{}\n{}", check.stdout, check.stderr);
    let all = format!("{}{}", check.stdout, check.stderr);
    assert!(all.contains("config.toml:6:16: sts_endpoint \"sts.aliyuncs.com\" in [[backend]] \"ccc\" is not an http(s) URL"), "{all}");
    assert!(
        all.contains("metadata_url \"ftp://100.100.100.200\""),
        "{all}"
    );
    sim.shutdown().await;
}

/// A server on loopback answering every request with `response`.
async fn raw_server(response: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_metadata_and_sts_clients_follow_no_redirect_and_bound_what_they_read() {
    let mut cfg = BackendConfig::new("ccc", BackendKind::Aliyun, "http://127.0.0.1:1/".into());
    cfg.instance_id = Some(INSTANCE.to_string());
    let env_for = |url: &str| ChainEnv {
        vars: [
            (
                "ALIBABA_CLOUD_ECS_METADATA".to_string(),
                TEST_ECS_ROLE.to_string(),
            ),
            ("CALLBOARD_ECS_METADATA_URL".to_string(), url.to_string()),
        ]
        .into(),
        profile_file: "/nonexistent/config.json".into(),
    };
    let redirect = raw_server(
        b"HTTP/1.1 302 Found\r\nLocation: http://100.100.100.200/\r\nContent-Length: 0\r\n\r\n"
            .to_vec(),
    )
    .await;
    let e = resolve_in(&cfg, &env_for(&redirect))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("redirect to http://100.100.100.200/") && e.contains("follows no redirects"),
        "{e}"
    );

    let mut big = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".to_vec();
    big.extend(std::iter::repeat_n(b'a', 100_000));
    let huge = raw_server(big).await;
    let e = resolve_in(&cfg, &env_for(&huge))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("exceeded 64 KiB"), "{e}");

    // AssumeRole against the same redirecting server.
    let dir = TempDir::new("cred-sts-redirect");
    let file = dir.path().join("config.json");
    std::fs::write(
        &file,
        json!({"current": "ops", "profiles": [{"name": "ops", "mode": "RamRoleArn",
        "access_key_id": "id", "access_key_secret": "canary-secret", "ram_role_arn": ROLE_ARN}]})
        .to_string(),
    )
    .unwrap();
    let env = ChainEnv {
        vars: [("ALIBABA_CLOUD_STS_ENDPOINT".to_string(), redirect.clone())].into(),
        profile_file: file,
    };
    let e = resolve_in(&cfg, &env).await.unwrap_err().to_string();
    assert!(
        e.contains("AssumeRole of") && e.contains("follows no redirects"),
        "{e}"
    );
    assert!(
        !e.contains("canary-secret") && !e.contains("Signature="),
        "{e}"
    );
}
