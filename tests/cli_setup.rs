//! `callboard init`, `callboard check` and `callboard` without a command, as processes.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::*;

#[test]
fn init_writes_a_starter_that_check_accepts_and_refuses_to_overwrite() {
    let dir = TempDir::new("init");
    let path = dir.path().join("sub/callboard.toml");
    let config = path.display().to_string();

    let run = callboard_in(dir.path(), &["--config", &config, "init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&config), "{}", run.stdout);
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.starts_with("# callboard configuration"));

    let again = callboard_in(dir.path(), &["--config", &config, "init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
    let forced = callboard_in(dir.path(), &["--config", &config, "init", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);

    // The config is fine; its example backends cannot be reached: exit 1, a fix per backend.
    let check = callboard_in(dir.path(), &["--config", &config, "check"]);
    assert_eq!(check.code, 1, "{} {}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains(&format!("config {config}: ok")),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("theme default: ok"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("backend shanghai (aliyun"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("backend guangzhou (huawei"),
        "{}",
        check.stdout
    );
    assert_eq!(
        check.stdout.matches("FAILED").count(),
        2,
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains("sim-secret"), "no secret printed");
}

#[test]
fn init_without_config_uses_the_default_path() {
    let dir = TempDir::new("init-default");
    let run = callboard_in(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("config/callboard/config.toml").is_file());
}

#[test]
fn check_against_the_simulator_is_all_good() {
    let sim = Sim::start("check-ok");
    let run = sim.callboard(&["check"]);
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("backend aliyun-sim (aliyun"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("backend huawei-sim (huawei"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("all good"), "{}", run.stdout);
    assert!(!run.stdout.contains("sim-secret-callboard") && !run.stdout.contains("Agent@sim1"));
    // CMS is tried and reported on its own line.
    assert!(
        run.stdout.contains("  cms of huawei-sim (http://")
            && run
                .stdout
                .contains("/rest/cmsapp/v1/openapi/): ok, 30 agents with state times"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("cms-sim-secret"), "{}", run.stdout);

    // A wrong CMS secret fails the check, on the CMS line, with the fix and without the secret.
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let wrong = text.replace("cms-sim-secret-0001", "not-the-secret");
    assert_ne!(wrong, text, "the simulator's config holds the CMS secret");
    let bad = sim.dir.path().join("bad-cms.toml");
    std::fs::write(&bad, wrong).expect("write");
    let run = callboard_in(
        sim.dir.path(),
        &["--config", &bad.display().to_string(), "check"],
    );
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("  cms of huawei-sim (")
            && run
                .stdout
                .contains("FAILED: Huawei CMS refused the C2 signature")
            && run.stdout.contains("check cms.ak and cms.sk"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("not-the-secret"), "{}", run.stdout);

    let bad_theme = sim.callboard(&["--theme", "neon", "check"]);
    assert_eq!(bad_theme.code, 2, "{}", bad_theme.stderr);
    assert!(
        bad_theme.stderr.contains("high-contrast"),
        "{}",
        bad_theme.stderr
    );
}

#[test]
fn check_reports_config_errors_with_line_and_column() {
    let dir = TempDir::new("check-bad");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "theme = \"defualt\"\nreadonly = \"yes\"\n").expect("write");
    let run = callboard_in(
        dir.path(),
        &["--config", &path.display().to_string(), "check"],
    );
    assert_eq!(run.code, 2, "{} {}", run.stdout, run.stderr);
    let first = run.stderr.lines().next().unwrap_or("");
    assert!(
        first.starts_with(&format!("{}:", path.display())),
        "{}",
        run.stderr
    );
    assert!(
        first
            .split(':')
            .nth(1)
            .is_some_and(|l| l.parse::<usize>().is_ok()),
        "{first}"
    );
}

#[test]
fn no_command_without_config_says_how_to_start() {
    let dir = TempDir::new("nocmd");
    let run = callboard_in(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("callboard demo") && run.stderr.contains("callboard init"),
        "{}",
        run.stderr
    );
}

#[test]
fn log_level_takes_one_of_the_five_levels() {
    let dir = TempDir::new("log-level");
    let run = callboard_in(dir.path(), &["--log-level", "bogus", "check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bogus"), "{}", run.stderr);
    for level in ["error", "warn", "info", "debug", "trace"] {
        assert!(run.stderr.contains(level), "{level}: {}", run.stderr);
    }
    assert!(!dir.path().join("config").exists(), "nothing ran");

    // Any case is accepted, on every command.
    let config = dir.path().join("c.toml").display().to_string();
    let run = callboard_in(
        dir.path(),
        &["--config", &config, "init", "--log-level", "DEBUG"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn completions_man_page_and_help_examples() {
    let dir = TempDir::new("completions");
    let bash = callboard_in(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("_callboard()"), "{}", bash.stdout);
    for sub in ["snapshot", "act", "check", "demo", "completions"] {
        assert!(bash.stdout.contains(sub), "bash completion lacks {sub}");
    }
    let zsh = callboard_in(dir.path(), &["completions", "zsh"]);
    assert!(
        zsh.stdout.starts_with("#compdef callboard"),
        "{}",
        zsh.stdout
    );
    let fish = callboard_in(dir.path(), &["completions", "fish"]);
    assert!(
        fish.stdout.contains("complete -c callboard"),
        "{}",
        fish.stdout
    );
    // The script is valid bash.
    let script = dir.path().join("callboard.bash");
    std::fs::write(&script, &bash.stdout).expect("write");
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let bad = callboard_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);

    let man = callboard_in(dir.path(), &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(man.stdout.contains(".TH callboard"), "{}", man.stdout);
    assert!(man.stdout.contains("snapshot"), "{}", man.stdout);

    let help = callboard_in(dir.path(), &["--help"]);
    assert!(help.stdout.contains("Examples:"), "{}", help.stdout);
    assert!(
        help.stdout.contains("callboard.log"),
        "the log file's place: {}",
        help.stdout
    );
}
