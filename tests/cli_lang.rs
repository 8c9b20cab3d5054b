//! The headless commands speak the person's language: under a zh_CN locale `act`'s refusals,
//! usage errors and outcomes and `check`'s lines are Chinese (the vendor's and the backend's own
//! words inside them as sent), `--lang en` puts them back in English, and what scripts read (JSON,
//! the audit log) stays English.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::*;

const ZH: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8")];

/// `callboard --config CFG ARGS…` under a Chinese locale.
fn zh(sim: &Sim, args: &[&str]) -> Run {
    let config = sim.config.display().to_string();
    let mut all = vec!["--config", config.as_str()];
    all.extend_from_slice(args);
    callboard_env(sim.dir.path(), &all, ZH)
}

#[test]
fn act_refusals_and_usage_errors_are_chinese_under_a_chinese_locale() {
    let sim = Sim::start("lang-act");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");

    // A backend the config does not have: a usage error, in Chinese, with the names there are.
    let run = zh(
        &sim,
        &["act", "ready", "--backend", "nope", "--agent", &ready],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("中没有名为“nope”的后端；请使用其中之一：aliyun-sim, huawei-sim"),
        "{}",
        run.stderr
    );
    // An empty --agent, found before the config is read.
    let run = zh(
        &sim,
        &["act", "ready", "--backend", "aliyun-sim", "--agent", " "],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("callboard act ready: --agent 为空"),
        "{}",
        run.stderr
    );
    // A flag the vendor does not have.
    let run = zh(
        &sim,
        &[
            "act",
            "reset",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--idle",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--idle 不适用于阿里云 CCC")
            && run.stderr.contains("因此没有发送任何请求"),
        "{}",
        run.stderr
    );
    // reset-all on Huawei.
    let run = zh(&sim, &["act", "reset-all", "--backend", "huawei-sim"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("reset-all 不适用于华为 CC-Gateway"),
        "{}",
        run.stderr
    );
    // Read-only: refused (exit 1) in Chinese; the audit log keeps the English words.
    let run = zh(
        &sim,
        &[
            "--readonly",
            "act",
            "sign-out",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "callboard act sign-out aliyun-sim 上的座席 {ready}：被拒绝：只读模式（read-only）"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("使用了 --readonly"), "{}", run.stderr);
    let audit = sim.audit_lines();
    let last = audit.last().expect("audited");
    assert!(
        last["summary"].as_str().unwrap_or_default().starts_with(
            "read-only: callboard does not act on agents because --readonly was given"
        ),
        "{last}"
    );
    assert!(
        audit.iter().any(|l| l["summary"]
            .as_str()
            .unwrap_or_default()
            .starts_with("no backend named \"nope\"")),
        "{audit:?}"
    );
    assert_eq!(sim.agent("aliyun", &ready)["state"], "Ready");

    // The same refusals with --lang en: English, as before.
    let run = zh(
        &sim,
        &[
            "--lang",
            "en",
            "act",
            "ready",
            "--backend",
            "nope",
            "--agent",
            &ready,
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no backend named \"nope\" in "),
        "{}",
        run.stderr
    );
    let run = zh(
        &sim,
        &[
            "--lang",
            "en",
            "--readonly",
            "act",
            "sign-out",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
        ],
    );
    assert!(
        run.stderr.starts_with(&format!(
            "callboard act sign-out agent {ready} on aliyun-sim: not done: read-only: "
        )),
        "{}",
        run.stderr
    );
    let run = zh(
        &sim,
        &[
            "--lang",
            "en",
            "act",
            "reset-all",
            "--backend",
            "huawei-sim",
        ],
    );
    assert!(
        run.stderr
            .contains("reset-all does not apply to Huawei CC-Gateway"),
        "{}",
        run.stderr
    );
}

#[test]
fn act_outcomes_are_chinese_around_the_backends_words_and_json_stays_english() {
    let sim = Sim::start("lang-act-done");
    let mut taken = Vec::new();
    let ready = sim.pick("aliyun", &mut taken, |a| a["state"] == "Ready");
    let run = zh(
        &sim,
        &[
            "act",
            "break",
            "--backend",
            "aliyun-sim",
            "--agent",
            &ready,
            "--code",
            "lunch",
        ],
    );
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("小休 aliyun-sim 上的座席 {ready}：已完成：")),
        "{}",
        run.stdout
    );
    assert_eq!(sim.agent("aliyun", &ready)["break_code"], "lunch");

    // An unknown agent: refused by callboard, the status word in Chinese.
    let run = zh(
        &sim,
        &[
            "act",
            "ready",
            "--backend",
            "aliyun-sim",
            "--agent",
            "nobody@ccc-sim",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("callboard act ready aliyun-sim 上的座席 nobody@ccc-sim："),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("：被拒绝：") || run.stderr.contains("：未完成："),
        "{}",
        run.stderr
    );

    // JSON stays English under any locale.
    let run = zh(
        &sim,
        &[
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
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["status"], "ok");
    assert!(!run.stdout.contains("已完成"), "{}", run.stdout);
}

#[test]
fn check_lines_are_chinese_under_a_chinese_locale_and_english_with_lang_en() {
    let sim = Sim::start("lang-check");
    let run = zh(&sim, &["check"]);
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    let config = sim.config.display().to_string();
    for line in [
        format!("配置 {config}：正常（2 个后端）"),
        "语言：zh-CN（来自 LANG）".to_string(),
        "主题 default：正常（内置）".to_string(),
        "全部正常".to_string(),
    ] {
        assert!(run.stdout.contains(&line), "{line:?} in:\n{}", run.stdout);
    }
    assert!(
        run.stdout.contains("后端 aliyun-sim（aliyun，"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(": ok"), "{}", run.stdout);

    let run = zh(&sim, &["--lang", "en", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        format!("config {config}: ok (2 backends)"),
        "language: en (--lang)".to_string(),
        "theme default: ok (built-in)".to_string(),
        "all good".to_string(),
    ] {
        assert!(run.stdout.contains(&line), "{line:?} in:\n{}", run.stdout);
    }

    // A theme that does not exist: Chinese, with the built-in themes to use.
    let run = zh(&sim, &["--theme", "solarized", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("主题 solarized：未知主题；请使用 default, light, high-contrast, mono 之一"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_config_is_counted_in_chinese() {
    let dir = TempDir::new("lang-badcfg");
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[[backend]]\nname = \"x\"\nkind = \"nope\"\n").expect("write");
    let cfg = cfg.display().to_string();
    let run = callboard_env(dir.path(), &["--config", &cfg, "check"], ZH);
    assert_eq!(run.code, 2, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("callboard check：配置有 ") && run.stderr.contains("个问题"),
        "{}",
        run.stderr
    );
    let run = callboard_env(dir.path(), &["--config", &cfg, "--lang", "en", "check"], ZH);
    assert!(
        run.stderr.contains("callboard check: the config has "),
        "{}",
        run.stderr
    );
}
