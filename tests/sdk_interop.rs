//! The official Alibaba Cloud Python SDKs (V3 via tea-openapi, V2 via aliyun-python-sdk-core),
//! unchanged, against the simulator: starts the simulator on a free port and runs
//! `interop/run.sh`, which creates the SDK venv (`CALLBOARD_VENV`, default `target/interop-venv`)
//! from `interop/requirements.txt` on first use. `CALLBOARD_SKIP_INTEROP=1` skips it (offline
//! machines). A second run starts the simulator in token-checking mode and drives it with STS
//! credentials (`interop/aliyun_sdk_sts_test.py`).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::sim::{start, SimConfig, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET};
use std::path::PathBuf;
use std::time::Duration;

/// Runs `interop/run.sh` with `script` against a simulator started with `config`.
async fn run_interop(config: SimConfig, script: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let venv = std::env::var_os("CALLBOARD_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/interop-venv"));
    if std::env::var("CALLBOARD_SKIP_INTEROP").as_deref() == Ok("1") {
        eprintln!("skipping SDK interop: CALLBOARD_SKIP_INTEROP=1");
        return;
    }
    let sim = start(config).await.expect("simulator starts");
    let child = tokio::process::Command::new("bash")
        .arg(root.join("interop/run.sh"))
        .current_dir(&root)
        .env("SIM_ENDPOINT", sim.addr.to_string())
        .env("SIM_AK", TEST_ACCESS_KEY_ID)
        .env("SIM_SECRET", TEST_ACCESS_KEY_SECRET)
        .env("SIM_SCRIPT", script)
        .env("CALLBOARD_VENV", &venv)
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(300), child)
        .await
        .expect("interop/run.sh finishes within 5 minutes")
        .expect("bash runs interop/run.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success() && stdout.contains("ALL PASS"),
        "SDK interop ({script}) failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdks_pass_against_the_simulator() {
    run_interop(
        SimConfig {
            speed: 0.0,
            ..Default::default()
        },
        "aliyun_sdk_test.py",
    )
    .await;
}

/// In token-checking mode: AssumeRole through the core SDK, then the temporary credentials in
/// V3 and V2; the permanent key alone, a wrong and an expired token refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdks_pass_with_an_sts_token_in_token_checking_mode() {
    run_interop(
        SimConfig {
            speed: 0.0,
            require_sts_token: true,
            ..Default::default()
        },
        "aliyun_sdk_sts_test.py",
    )
    .await;
}
