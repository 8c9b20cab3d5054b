//! `callboard act` does exactly the action asked, or nothing: a flag the backend's vendor does
//! not use is a usage error naming the flag and the vendor (nothing is sent, and the audit log
//! records only what was sent); a break code nobody offers or defines is refused with a "did you
//! mean"; a Huawei sign-in is held in the foreground (`--hold`) until SIGTERM, then signed out
//! or left as chosen, and without `--hold` it is refused with what the gateway would do.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::*;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn act(sim: &Sim, args: &[&str]) -> Run {
    let mut all = vec!["act"];
    all.extend_from_slice(args);
    sim.callboard(&all)
}

/// Exit 2 (nothing tried) and stderr names every one of `words`.
fn assert_usage(run: &Run, what: &str, words: &[&str]) {
    assert_eq!(
        run.code, 2,
        "{what}: stdout {} stderr {}",
        run.stdout, run.stderr
    );
    for w in words {
        assert!(
            run.stderr.contains(w),
            "{what}: no {w:?} in: {}",
            run.stderr
        );
    }
    assert!(!run.stdout.contains("done"), "{what}: {}", run.stdout);
}

#[test]
fn a_flag_of_the_other_vendor_is_a_usage_error_and_nothing_is_sent() {
    let sim = Sim::start("exact-flags");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let out = sim.pick("huawei", &mut taken, |a| a["state"] == "signed-out");

    // `--idle` is Huawei's: on Alibaba it used to be ignored, and the agent signed out.
    let run = act(
        &sim,
        &[
            "reset",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--idle",
        ],
    );
    assert_usage(&run, "reset --idle on Alibaba", &["--idle", "Alibaba"]);
    assert_eq!(sim.agent("aliyun", &ready)["state"], "Ready", "not reset");

    // `--secs` is Huawei's rest length; Alibaba TakeBreak has none.
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--code",
            "lunch",
            "--secs",
            "60",
        ],
    );
    assert_usage(&run, "break --secs on Alibaba", &["--secs", "Alibaba"]);
    assert_eq!(sim.agent("aliyun", &ready)["state"], "Ready");

    // `--device` and `--skill-group` are Alibaba's: Huawei used to ignore both.
    let run = act(
        &sim,
        &[
            "sign-in",
            "--backend",
            "huawei-sim",
            "--agent",
            &out,
            "--device",
            "foo",
            "--skill-group",
            "bar",
        ],
    );
    assert_usage(
        &run,
        "sign-in --device --skill-group on Huawei",
        &["--device", "--skill-group", "Huawei"],
    );
    assert_eq!(sim.agent("huawei", &out)["signed_in"], false);

    // reset-all is Alibaba's ResetUserStatus.
    let run = act(&sim, &["reset-all", "--backend", "huawei-sim"]);
    assert_usage(&run, "reset-all on Huawei", &["reset-all", "Huawei"]);

    // `--hold` is for Huawei sessions; an Alibaba agent has none to hold.
    let off = sim.pick("aliyun", &mut taken, |a| a["state"] == "Offline");
    let run = act(
        &sim,
        &[
            "sign-in",
            "--backend",
            "aliyun-sim",
            "--agent",
            &off,
            "--hold",
        ],
    );
    assert_usage(&run, "sign-in --hold on Alibaba", &["--hold", "Alibaba"]);
    assert_eq!(sim.agent("aliyun", &off)["state"], "Offline");

    // Each attempt is recorded as refused; none as done.
    let audit = sim.audit_lines();
    assert_eq!(audit.len(), 5, "{audit:#?}");
    assert!(
        audit.iter().all(|l| l["outcome"] == "refused"),
        "{audit:#?}"
    );
    let sign_in = &audit[2];
    assert_eq!(sign_in["action"], "sign-in");
    assert!(
        str_of(sign_in, "summary").contains("--device"),
        "{sign_in:#}"
    );
}

#[test]
fn the_audit_log_records_only_the_parameters_sent() {
    let sim = Sim::start("exact-audit");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let idle = sim.pick("huawei", &mut taken, |a| a["state"] == "idle");
    let run = act(
        &sim,
        &["reset", "--backend", "aliyun-sim", "--agent", &ready],
    );
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    let run = act(
        &sim,
        &[
            "reset",
            "--backend",
            "huawei-sim",
            "--agent",
            &idle,
            "--idle",
        ],
    );
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    let audit = sim.audit_lines();
    assert_eq!(audit.len(), 2, "{audit:#?}");
    // Alibaba's ResetAgentState has no idle flag, so none is recorded; Huawei's reset has one.
    assert_eq!(audit[0]["parameters"], serde_json::json!({}), "{audit:#?}");
    assert_eq!(
        audit[1]["parameters"],
        serde_json::json!({"idle": true}),
        "{audit:#?}"
    );
}

#[test]
fn a_break_code_nobody_offers_is_refused_with_a_suggestion() {
    let sim = Sim::start("exact-codes");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--code",
            "lunchh",
        ],
    );
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("did you mean `lunch`?"),
        "{}",
        run.stderr
    );
    for known in ["`break`", "`lunch`", "`meeting`"] {
        assert!(run.stderr.contains(known), "{known}: {}", run.stderr);
    }
    assert_eq!(sim.agent("aliyun", &ready)["state"], "Ready", "no break");

    // A code the config defines is taken as it is.
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--code",
            "coaching",
        ],
    );
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    assert_eq!(sim.agent("aliyun", &ready)["break_code"], "coaching");

    // Huawei: a rest cause the gateway does not list.
    let idle = sim.pick("huawei", &mut taken, |a| a["state"] == "idle");
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            "huawei-sim",
            "--agent",
            &idle,
            "--code",
            "7",
        ],
    );
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("rest cause 7") && run.stderr.contains("2 小休 Short break"),
        "{}",
        run.stderr
    );
    assert_eq!(sim.agent("huawei", &idle)["state"], "idle", "no rest");
    let audit = sim.audit_lines();
    let outcomes: Vec<&str> = audit.iter().map(|l| str_of(l, "outcome")).collect();
    assert_eq!(outcomes, ["refused", "ok", "refused"], "{audit:#?}");
}

#[test]
fn a_huawei_sign_in_without_hold_says_what_the_gateway_would_do() {
    let sim = Sim::start("exact-nohold");
    let mut taken = Vec::new();
    let out = sim.pick("huawei", &mut taken, |a| a["state"] == "signed-out");
    let run = act(
        &sim,
        &["sign-in", "--backend", "huawei-sim", "--agent", &out],
    );
    assert_usage(
        &run,
        "sign-in without --hold",
        &["--hold", "heartbeat timeout (2 minutes)", "sign agent"],
    );
    assert!(run.stderr.contains(&out), "{}", run.stderr);
    assert_eq!(
        sim.agent("huawei", &out)["signed_in"],
        false,
        "not signed in"
    );
    let help = sim.callboard(&["act", "sign-in", "--help"]);
    assert_eq!(help.code, 0);
    for w in ["--hold", "--on-exit", "sign-out", "stay", "SIGTERM"] {
        assert!(help.stdout.contains(w), "{w}: {}", help.stdout);
    }
}

/// `callboard act sign-in --hold …` running, with its stdout lines arriving on a channel.
struct Holding {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Holding {
    fn start(sim: &Sim, agent: &str, extra: &[&str]) -> Holding {
        let config = sim.config.display().to_string();
        let mut args = vec![
            "--config",
            &config,
            "act",
            "sign-in",
            "--backend",
            "huawei-sim",
            "--agent",
            agent,
            "--hold",
        ];
        args.extend_from_slice(extra);
        let mut child = callboard_command(sim.dir.path(), &args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("callboard act starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Holding { child, lines }
    }

    /// The next stdout line (a hang guard, not a timing assertion).
    fn line(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(60))
            .expect("a line from callboard act")
    }

    /// Sends SIGTERM and waits for the exit: (code, the rest of stdout).
    fn terminate(mut self) -> (i32, String) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(sent.success());
        let status = self.child.wait().expect("exit");
        let rest: Vec<String> = self.lines.iter().collect();
        (status.code().unwrap_or(-1), rest.join("\n"))
    }
}

#[test]
fn a_held_huawei_sign_in_signs_out_on_sigterm() {
    let sim = Sim::start("exact-hold");
    let mut taken = Vec::new();
    let out = sim.pick("huawei", &mut taken, |a| a["state"] == "signed-out");
    let held = Holding::start(&sim, &out, &[]);
    let first = held.line();
    assert!(
        first.starts_with(&format!("sign-in agent {out} on huawei-sim: done")),
        "{first}"
    );
    let t = sim.agent("huawei", &out);
    assert_eq!(
        (&t["signed_in"], &t["controller"]),
        (&Value::from(true), &Value::from("api"))
    );

    // Holding does not keep the inspector: another headless command (which never takes the
    // inspector's one session over) can act meanwhile.
    let idle = sim.pick("huawei", &mut taken, |a| a["state"] == "idle");
    let run = act(
        &sim,
        &[
            "break",
            "--backend",
            "huawei-sim",
            "--agent",
            &idle,
            "--code",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    assert_eq!(sim.agent("huawei", &out)["signed_in"], true, "still held");

    let (code, rest) = held.terminate();
    assert_eq!(code, 0, "{rest}");
    assert!(
        rest.contains(&format!("sign-out agent {out} on huawei-sim: done")),
        "{rest}"
    );
    assert_eq!(
        sim.agent("huawei", &out)["signed_in"],
        false,
        "signed out on exit"
    );

    let audit = sim.audit_lines();
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .map(|l| (str_of(l, "action"), str_of(l, "outcome")))
        .collect();
    assert_eq!(
        actions,
        [("sign-in", "ok"), ("break", "ok"), ("sign-out", "ok")],
        "{audit:#?}"
    );
    // Huawei signs in with the config's login: no device or skill group was sent.
    assert_eq!(audit[0]["parameters"], serde_json::json!({}), "{audit:#?}");
}

#[test]
fn a_held_huawei_sign_in_can_stay_signed_in_on_exit() {
    let sim = Sim::start("exact-stay");
    let mut taken = Vec::new();
    let out = sim.pick("huawei", &mut taken, |a| a["state"] == "signed-out");
    let held = Holding::start(&sim, &out, &["--on-exit", "stay", "--format", "json"]);
    let first: Value = serde_json::from_str(&held.line()).expect("one JSON object per line");
    assert_eq!(first["request"]["kind"]["action"], "sign-in");
    assert_eq!(first["status"], "ok");
    let (code, rest) = held.terminate();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.trim().is_empty(), "nothing more was done: {rest}");
    // Left signed in: the gateway times it out later (2 minutes without a poll).
    assert_eq!(sim.agent("huawei", &out)["signed_in"], true);
    let audit = sim.audit_lines();
    assert_eq!(audit.len(), 1, "{audit:#?}");

    // --on-exit needs --hold.
    let run = act(
        &sim,
        &[
            "sign-in",
            "--backend",
            "huawei-sim",
            "--agent",
            &out,
            "--on-exit",
            "stay",
        ],
    );
    assert_eq!(run.code, 2, "{} {}", run.stdout, run.stderr);
    assert!(run.stderr.contains("--hold"), "{}", run.stderr);
}
