//! `callboard act` as a process against `callboard sim` as a process: every action on each vendor
//! changes `/_sim/state` as the vendor would and exits 0; refusals (agent talking, wrong state,
//! unknown agent, bad device, read-only) exit 1 and say why in plain words; usage errors exit 2.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::*;
use serde_json::Value;

fn act(sim: &Sim, args: &[&str]) -> Run {
    let mut all = vec!["act"];
    all.extend_from_slice(args);
    sim.callboard(&all)
}

fn assert_done(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what}: stdout {} stderr {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("done"), "{what}: {}", run.stdout);
}

/// Exit 1, and the message names one of `words` (case-insensitive).
fn assert_refused(run: &Run, what: &str, words: &[&str]) {
    assert_eq!(
        run.code, 1,
        "{what}: stdout {} stderr {}",
        run.stdout, run.stderr
    );
    let text = run.stderr.to_lowercase();
    assert!(
        words.iter().any(|w| text.contains(&w.to_lowercase())),
        "{what}: expected one of {words:?} in: {}",
        run.stderr
    );
    assert!(!text.contains("panicked"), "{}", run.stderr);
}

fn state(sim: &Sim, vendor: &str, id: &str) -> Value {
    sim.agent(vendor, id)
}

#[test]
fn aliyun_actions_change_the_world() {
    let sim = Sim::start("act-aliyun");
    let b = "aliyun-sim";
    let mut taken = Vec::new();

    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            b,
            "--agent",
            &ready,
            "--code",
            "lunch",
        ],
    );
    assert_done(&run, "break");
    let t = state(&sim, "aliyun", &ready);
    assert_eq!(
        (str_of(&t, "state"), str_of(&t, "break_code")),
        ("Break", "lunch")
    );

    let run = act(&sim, &["ready", "--backend", b, "--agent", &ready]);
    assert_done(&run, "ready");
    assert_eq!(state(&sim, "aliyun", &ready)["state"], "Ready");

    let run = act(&sim, &["sign-out", "--backend", b, "--agent", &ready]);
    assert_done(&run, "sign-out");
    assert_eq!(state(&sim, "aliyun", &ready)["state"], "Offline");

    // Signing in lands in the Warm-up break, signed into the agent's own groups.
    let run = act(&sim, &["sign-in", "--backend", b, "--agent", &ready]);
    assert_done(&run, "sign-in");
    let t = state(&sim, "aliyun", &ready);
    assert_eq!(
        (str_of(&t, "state"), str_of(&t, "break_code")),
        ("Break", "Warm-up")
    );
    assert_eq!(t["signed_in"], true);

    // Sign-in with an explicit device and one skill group.
    let offline = sim.pick("aliyun", &mut taken, |a| a["state"] == "Offline");
    let t = state(&sim, "aliyun", &offline);
    let device = str_of(&t, "device_id").to_string();
    let group = str_of(&t["skill_groups"][0], "id").to_string();
    let run = act(
        &sim,
        &[
            "sign-in",
            "--backend",
            b,
            "--agent",
            &offline,
            "--device",
            &device,
            "--skill-group",
            &group,
        ],
    );
    assert_done(&run, "sign-in with device and group");
    let t = state(&sim, "aliyun", &offline);
    assert_eq!(t["signed_in"], true);
    let signed: Vec<&str> = t["skill_groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter(|g| g["signed"] == true)
        .filter_map(|g| g["id"].as_str())
        .collect();
    assert_eq!(signed, [group.as_str()]);

    // IVR authentication on a talking agent's call.
    let talking = sim.pick("aliyun", &mut taken, |a| {
        a["state"] == "Talking" && a["in_ivr"] == false
    });
    let run = act(
        &sim,
        &[
            "ivr-auth",
            "--backend",
            b,
            "--agent",
            &talking,
            "--flow",
            "af145gfc-1108-4d55-8fca-f719bd512ebb",
        ],
    );
    assert_done(&run, "ivr-auth");
    assert_eq!(state(&sim, "aliyun", &talking)["in_ivr"], true);

    // Reset releases the call and signs the agent out.
    let run = act(&sim, &["reset", "--backend", b, "--agent", &talking]);
    assert_done(&run, "reset");
    assert_eq!(state(&sim, "aliyun", &talking)["state"], "Offline");

    // Reset-all: every stuck agent is reset.
    let run = act(&sim, &["reset-all", "--backend", b, "--format", "json"]);
    assert_eq!(run.code, 0, "reset-all: {} {}", run.stdout, run.stderr);
    let out = run.json();
    assert_eq!(out["ok"], true);
    assert_eq!(out["request"]["kind"]["action"], "reset-all");
    assert!(sim.agents("aliyun").iter().all(|a| a["stuck"] == false));

    // Every action left one audit line.
    let audit = sim.audit_lines();
    assert_eq!(audit.len(), 8, "{audit:?}");
    assert!(audit.iter().all(|l| l["backend"] == b));
}

#[test]
fn aliyun_refusals_exit_1_with_plain_words() {
    let sim = Sim::start("act-aliyun-no");
    let b = "aliyun-sim";
    let mut taken = Vec::new();

    let talking = sim.pick("aliyun", &mut taken, |a| a["state"] == "Talking");
    let run = act(&sim, &["sign-out", "--backend", b, "--agent", &talking]);
    assert_refused(&run, "sign-out while talking", &["call", "talking"]);
    assert_eq!(
        state(&sim, "aliyun", &talking)["state"],
        "Talking",
        "unchanged"
    );

    let offline = sim.pick("aliyun", &mut taken, |a| a["state"] == "Offline");
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            b,
            "--agent",
            &offline,
            "--code",
            "lunch",
        ],
    );
    assert_refused(
        &run,
        "break when offline",
        &["signed out", "offline", "not signed in"],
    );
    assert_eq!(state(&sim, "aliyun", &offline)["state"], "Offline");

    let run = act(
        &sim,
        &["ready", "--backend", b, "--agent", "nobody@ccc-sim"],
    );
    assert_refused(
        &run,
        "unknown agent",
        &["no agent", "unknown agent", "not found"],
    );

    let offline2 = sim.pick("aliyun", &mut taken, |a| a["state"] == "Offline");
    let run = act(
        &sim,
        &[
            "sign-in",
            "--backend",
            b,
            "--agent",
            &offline2,
            "--device",
            "ACC-NOT-A-DEVICE",
        ],
    );
    assert_refused(&run, "bad device", &["device"]);
    assert_eq!(state(&sim, "aliyun", &offline2)["state"], "Offline");

    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let run = act(
        &sim,
        &[
            "ivr-auth",
            "--backend",
            b,
            "--agent",
            &ready,
            "--flow",
            "Main menu",
        ],
    );
    assert_refused(&run, "ivr-auth without a call", &["call"]);
}

#[test]
fn huawei_actions_change_the_world() {
    let sim = Sim::start("act-huawei");
    let b = "huawei-sim";
    let mut taken = Vec::new();

    // Sign-in holds the session in the foreground (`--hold`): see tests/cli_act_exact.rs.

    let idle = sim.pick("huawei", &mut taken, |a| a["state"] == "idle");
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            b,
            "--agent",
            &idle,
            "--code",
            "2",
            "--secs",
            "600",
        ],
    );
    assert_done(&run, "break");
    let t = state(&sim, "huawei", &idle);
    assert_eq!(
        (str_of(&t, "state"), t["rest_cause"].as_u64()),
        ("rest", Some(2))
    );

    let run = act(&sim, &["ready", "--backend", b, "--agent", &idle]);
    assert_done(&run, "ready");
    assert_eq!(state(&sim, "huawei", &idle)["state"], "idle");

    let run = act(&sim, &["sign-out", "--backend", b, "--agent", &idle]);
    assert_done(&run, "sign-out");
    assert_eq!(state(&sim, "huawei", &idle)["state"], "signed-out");

    let resting = sim.pick("huawei", &mut taken, |a| a["state"] == "rest");
    let run = act(
        &sim,
        &["reset", "--backend", b, "--agent", &resting, "--idle"],
    );
    assert_done(&run, "reset --idle");
    assert_eq!(state(&sim, "huawei", &resting)["state"], "idle");

    let wrap = sim.pick("huawei", &mut taken, |a| a["state"] == "wrap-up");
    let run = act(&sim, &["reset", "--backend", b, "--agent", &wrap]);
    assert_done(&run, "reset");
    assert_eq!(state(&sim, "huawei", &wrap)["state"], "signed-out");

    let audit = sim.audit_lines();
    assert_eq!(audit.len(), 5, "{audit:?}");
}

#[test]
fn huawei_refusals_exit_1_with_plain_words() {
    let sim = Sim::start("act-huawei-no");
    let b = "huawei-sim";
    let mut taken = Vec::new();

    let out = sim.pick("huawei", &mut taken, |a| a["state"] == "signed-out");
    let run = act(
        &sim,
        &["break", "--backend", b, "--agent", &out, "--code", "1"],
    );
    assert_refused(
        &run,
        "break when signed out",
        &[
            "signed out",
            "not signed in",
            "offline",
            "state does not allow",
        ],
    );
    assert_eq!(state(&sim, "huawei", &out)["state"], "signed-out");

    let run = act(&sim, &["ready", "--backend", b, "--agent", "9999"]);
    assert_refused(
        &run,
        "unknown agent",
        &["no agent", "unknown agent", "not found"],
    );

    let talking = sim.pick("huawei", &mut taken, |a| a["state"] == "talking");
    let run = act(
        &sim,
        &["reset", "--idle", "--backend", b, "--agent", &talking],
    );
    assert_refused(&run, "forced idle on a call", &["call", "talking"]);
    assert_eq!(state(&sim, "huawei", &talking)["state"], "talking");

    // IVR transfer needs the agent's own session, which a one-shot command does not hold.
    let run = act(
        &sim,
        &[
            "ivr-auth",
            "--backend",
            b,
            "--agent",
            &talking,
            "--flow",
            "1321",
        ],
    );
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    assert!(!run.stderr.trim().is_empty());
}

#[test]
fn readonly_refuses_before_anything_is_sent() {
    let sim = Sim::start("act-ro");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let run = sim.callboard(&[
        "--readonly",
        "act",
        "sign-out",
        "--backend",
        "aliyun-sim",
        "--agent",
        &ready,
    ]);
    assert_refused(&run, "--readonly", &["read-only: "]);
    assert_eq!(state(&sim, "aliyun", &ready)["state"], "Ready");

    // readonly = true in the config does the same.
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let ro = sim.dir.path().join("ro.toml");
    assert!(text.contains("readonly = false"));
    std::fs::write(&ro, text.replace("readonly = false", "readonly = true")).expect("write");
    let run = callboard_in(
        sim.dir.path(),
        &[
            "--config",
            &ro.display().to_string(),
            "act",
            "ready",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1);
    let out = run.json();
    assert_eq!(out["ok"], false);
    assert!(str_of(&out, "summary").starts_with("read-only: "), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    let sim = Sim::start("act-usage");
    for args in [
        &["act", "ready", "--backend", "aliyun-sim"][..],
        &[
            "act",
            "break",
            "--backend",
            "aliyun-sim",
            "--agent",
            "x@ccc-sim",
        ],
        &[
            "act",
            "fly",
            "--backend",
            "aliyun-sim",
            "--agent",
            "x@ccc-sim",
        ],
        &["act", "ready", "--backend", "nope", "--agent", "x@ccc-sim"],
        &["act", "ready", "--backend", "aliyun-sim", "--agent", ""],
        &["snapshot", "--format", "xml"],
    ] {
        let run = sim.callboard(args);
        assert_eq!(run.code, 2, "{args:?}: {} {}", run.stdout, run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} says why");
    }
    // A missing config file is a config error.
    let dir = TempDir::new("act-noconfig");
    let run = callboard_in(
        dir.path(),
        &[
            "--config",
            "/nonexistent/callboard.toml",
            "act",
            "ready",
            "--backend",
            "b",
            "--agent",
            "a",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("callboard init"), "{}", run.stderr);
}

#[test]
fn demo_act_runs_against_an_embedded_simulator() {
    let dir = TempDir::new("act-demo");
    // The demo world is seed 1 at speed 0: 1001 is an idle Huawei agent there.
    let run = callboard_in(
        dir.path(),
        &[
            "act",
            "break",
            "--demo",
            "--backend",
            "huawei-sim",
            "--agent",
            "1001",
            "--code",
            "1",
        ],
    );
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
}

#[test]
fn actions_that_fail_before_the_vendor_call_are_audited() {
    let sim = Sim::start("act-audit");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let idle = sim.pick("huawei", &mut taken, |a| a["state"] == "idle");

    // Read-only: refused before anything is sent, and recorded.
    let run = sim.callboard(&[
        "--readonly",
        "act",
        "ready",
        "--backend",
        "aliyun-sim",
        "--agent",
        &ready,
    ]);
    assert_refused(&run, "--readonly", &["read-only: "]);

    // A backend the config does not have: a usage error, recorded all the same.
    let run = act(
        &sim,
        &["ready", "--backend", "nope", "--agent", "x@ccc-sim"],
    );
    assert_eq!(run.code, 2, "{} {}", run.stdout, run.stderr);

    // The Huawei inspector cannot sign in (wrong password): nothing is done, and it is recorded.
    let text = std::fs::read_to_string(&sim.config).expect("config");
    assert!(text.contains(callboard::sim::TEST_INSPECTOR_PASSWORD));
    let bad = sim.dir.path().join("bad-inspector.toml");
    std::fs::write(
        &bad,
        text.replace(callboard::sim::TEST_INSPECTOR_PASSWORD, "Wrong@pass1"),
    )
    .expect("write");
    let run = callboard_in(
        sim.dir.path(),
        &[
            "--config",
            &bad.display().to_string(),
            "act",
            "break",
            "--backend",
            "huawei-sim",
            "--agent",
            &idle,
            "--code",
            "1",
        ],
    );
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    assert_eq!(state(&sim, "huawei", &idle)["state"], "idle");

    let audit = sim.audit_lines();
    assert_eq!(audit.len(), 3, "{audit:#?}");
    assert_eq!(
        (
            &audit[0]["backend"],
            &audit[0]["agent"],
            &audit[0]["outcome"]
        ),
        (
            &Value::from("aliyun-sim"),
            &Value::from(ready.as_str()),
            &Value::from("refused")
        ),
        "{audit:#?}"
    );
    assert!(
        str_of(&audit[0], "summary").starts_with("read-only: "),
        "{audit:#?}"
    );
    assert_eq!(
        (&audit[1]["backend"], &audit[1]["outcome"]),
        (&Value::from("nope"), &Value::from("refused")),
        "{audit:#?}"
    );
    assert_eq!(
        (
            &audit[2]["backend"],
            &audit[2]["action"],
            &audit[2]["outcome"]
        ),
        (
            &Value::from("huawei-sim"),
            &Value::from("break"),
            &Value::from("failed")
        ),
        "{audit:#?}"
    );
    assert!(
        str_of(&audit[2], "summary").contains("inspector"),
        "{audit:#?}"
    );
    let all = serde_json::to_string(&audit).expect("json");
    assert!(!all.contains("Wrong@pass1"), "no secret in the audit log");
}
