//! The config file: the simulator's config and the starter config load, every error points at a real
//! line:column with a fix, secrets resolve from every source and never leak into messages.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::config::{
    starter_config, write_starter, BackendKind, Config, ConfigError, Diagnostic, KeySpec, Roster,
    SecretError, SecretSource,
};
use callboard::sim::world::{World, WorldSpec};
use callboard::sim::write_config::{render, sim_config};
use callboard::sim::SimConfig;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

const CANARY: &str = "canary-5ecret-7f3a";

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("callboard-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

#[cfg(unix)]
fn write_mode(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The problems of a config that must not load.
fn problems(text: &str) -> Vec<Diagnostic> {
    match Config::from_toml(text, Path::new("config.toml")) {
        Ok(loaded) => panic!("expected errors, loaded {:?}", loaded.config),
        Err(ConfigError::Invalid { problems }) => problems,
        Err(e) => panic!("expected Invalid, got {e}"),
    }
}

/// The single problem of a config, as displayed.
fn problem(text: &str) -> String {
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:#?}");
    p[0].to_string()
}

const ALIYUN: &str = r#"[[backend]]
name = "shanghai"
kind = "aliyun"
endpoint = "https://ccc.cn-shanghai.aliyuncs.com/"
instance_id = "ccc-prod"
"#;

const HUAWEI: &str = r#"[[backend]]
name = "gz"
kind = "huawei"
endpoint = "https://10.1.2.3:8043/agentgateway/resource/"
inspector = { workno = "900", password = { env = "CCGW_PW" } }
"#;

#[test]
fn sim_written_config_round_trips() {
    let addr: SocketAddr = "127.0.0.1:8043".parse().unwrap();
    let truth = World::new(&WorldSpec {
        seed: 1,
        agents: 60,
        epoch: 0,
    })
    .truth();
    let config = sim_config(&SimConfig::default(), addr, &truth);
    let text = render(&config, addr).unwrap();
    let dir = temp_dir("sim");
    let path = dir.join("sim.toml");
    callboard::sim::write_config::write(&path, &text).unwrap();

    let loaded = Config::load(Some(&path)).unwrap();
    assert_eq!(loaded.config, config);
    assert_eq!(loaded.path, path);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.config.backends.len(), 2);
    assert!(matches!(&loaded.config.backends[0].roster, Roster::List(ids) if !ids.is_empty()));
    // The same file readable by others: its inline test credentials get a warning each.
    #[cfg(unix)]
    {
        write_mode(&path, &text, 0o644);
        let loaded = Config::load(Some(&path)).unwrap();
        assert!(loaded.warnings.len() >= 3, "{:#?}", loaded.warnings);
        for w in &loaded.warnings {
            assert!(
                w.message
                    .contains("inline secret in a file others can read"),
                "{w}"
            );
            assert!(
                w.fix.contains(&format!("chmod 600 {}", path.display())),
                "{w}"
            );
        }
    }
}

#[test]
fn starter_config_parses_validates_and_is_written_privately() {
    let dir = temp_dir("starter");
    let loaded = Config::from_toml(starter_config(), &dir.join("config.toml")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let kinds: Vec<_> = loaded.config.backends.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BackendKind::Aliyun, BackendKind::Huawei]);
    let huawei = &loaded.config.backends[1];
    assert!(matches!(
        huawei.inspector.as_ref().map(|l| &l.password),
        Some(SecretSource::Command(_))
    ));
    assert!(
        matches!(&huawei.agent_password, Some(SecretSource::File(p)) if Path::new(p).is_absolute())
    );
    let login = huawei.agent_login("1002").unwrap();
    assert_eq!(login.phonenum.as_deref(), Some("41002"));
    for option in [
        "theme",
        "readonly",
        "audit_log",
        "[keys]",
        "roster",
        "poll_interval_secs",
        "planned",
        "stuck_after",
        "instance_id",
        "signature",
        "inspector",
        "agent_password",
        "agent_phone",
        "ca_file",
        "insecure_skip_verify",
        "{ env =",
        "{ file =",
        "{ command =",
    ] {
        assert!(starter_config().contains(option), "starter lacks {option}");
    }

    let path = dir.join("nested/deeper/config.toml");
    write_starter(&path, false).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), starter_config());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(&path, "mine").unwrap();
    let e = write_starter(&path, false).unwrap_err();
    assert!(matches!(e, ConfigError::Exists { .. }));
    assert!(e.to_string().contains("--force"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    write_starter(&path, true).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), starter_config());
}

/// The README's example config loads (with its CA file present).
#[test]
fn readme_example_loads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## Configuration file").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let dir = temp_dir("readme");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, "pem").unwrap();
    let example = example.replace("/etc/callboard/gateway-ca.pem", &ca.display().to_string());
    let loaded = Config::from_toml(&example, &dir.join("config.toml")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.config.backends.len(), 2);
}

#[test]
fn missing_files_say_how_to_start() {
    let dir = temp_dir("missing");
    let path = dir.join("nope.toml");
    let e = Config::load(Some(&path)).unwrap_err();
    assert!(matches!(&e, ConfigError::NotFound { path: p, explicit: true } if *p == path));
    let msg = e.to_string();
    assert!(
        msg.contains("callboard init --config") && msg.contains("callboard demo"),
        "{msg}"
    );

    // The default path: $XDG_CONFIG_HOME/callboard/config.toml on Linux.
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        std::env::set_var("XDG_CONFIG_HOME", &dir.0);
        let e = Config::load(None).unwrap_err();
        let expected = dir.join("callboard").join("config.toml");
        assert!(
            matches!(&e, ConfigError::NotFound { path, explicit: false } if *path == expected),
            "{e}"
        );
        assert!(e.to_string().contains("run `callboard init`"), "{e}");
        write_starter(&expected, false).unwrap();
        assert_eq!(Config::load(None).unwrap().path, expected);
    }
}

#[test]
fn typo_in_a_field_names_line_column_and_suggestion() {
    let text = format!("{ALIYUN}intance_id = \"x\"\n");
    assert_eq!(
        problem(&text),
        "config.toml:6:1: unknown field `intance_id` in [[backend]] \"shanghai\"; did you mean `instance_id`?"
    );
    // In a sub-table that is separate from its [[backend]] header.
    let text = format!("{ALIYUN}\n[backend.thresholds.planned]\nlunch = 1800\n\n[backend.thresholds]\nstuk_after = 3\n");
    assert_eq!(
        problem(&text),
        "config.toml:11:1: unknown field `stuk_after` in [[backend]] \"shanghai\"; did you mean `stuck_after`?"
    );
    // A setting in the wrong table.
    let p = problem(&format!("{ALIYUN}audit_log = \"a.jsonl\"\n"));
    assert_eq!(p, "config.toml:6:1: unknown field `audit_log` in [[backend]] \"shanghai\"; `audit_log` is a top-level setting: move it above the first [[backend]] line");
    let p = problem(&format!("kind = \"aliyun\"\n{ALIYUN}"));
    assert!(
        p.ends_with("`kind` is a backend setting: move it below a [[backend]] line"),
        "{p}"
    );
    // A misspelt secret source.
    let p = problem(&format!("{ALIYUN}access_key_secret = {{ enn = \"X\" }}\n"));
    assert_eq!(p, "config.toml:6:23: `access_key_secret` in [[backend]] \"shanghai\" has an unknown secret source `enn`; did you mean `env`?");
    let text = format!("thme = \"light\"\n{ALIYUN}");
    let p = problem(&text);
    assert!(
        p.starts_with(
            "config.toml:1:1: unknown field `thme` at the top level; did you mean `theme`?"
        ),
        "{p}"
    );
}

#[test]
fn wrong_types_name_the_field_and_an_example() {
    let text = format!("{ALIYUN}poll_interval_secs = \"fast\"\n");
    let p = problem(&text);
    assert!(p.starts_with("config.toml:6:22: `poll_interval_secs` in [[backend]] \"shanghai\" has the wrong type: string \"fast\", expected f64; "), "{p}");
    assert!(p.contains("poll_interval_secs = 2.0"), "{p}");

    let p = problem(&format!("readonly = \"yes\"\n{ALIYUN}"));
    assert!(p.starts_with("config.toml:1:12: `readonly`"), "{p}");
    assert!(p.ends_with("write true or false without quotes"), "{p}");

    let p = problem(&ALIYUN.replace("\"aliyun\"", "\"aliyn\""));
    assert_eq!(p, "config.toml:3:8: `kind` in [[backend]] \"shanghai\" cannot be `aliyn`; did you mean `aliyun`?");

    let p = problem(&format!("{ALIYUN}roster = 5\n"));
    assert!(p.starts_with("config.toml:6:10: `roster` in [[backend]] \"shanghai\" must be \"all\" or a list of agent ids"), "{p}");

    let p = problem(&format!(
        "{ALIYUN}[backend.thresholds.planned]\nlunch = -5\n"
    ));
    assert!(p.starts_with("config.toml:7:9: `thresholds.planned.lunch` in [[backend]] \"shanghai\" has the wrong type"), "{p}");
    assert!(p.contains("lunch = 1800"), "{p}");
}

#[test]
fn missing_required_fields_point_at_the_backend() {
    let text = ALIYUN.replace("instance_id = \"ccc-prod\"\n", "");
    assert_eq!(
        problem(&format!("readonly = true\n\n{text}")),
        "config.toml:3:1: backend \"shanghai\" has kind \"aliyun\" but no instance_id; add instance_id = \"ccc-...\" (the CCC instance id from the console)"
    );
    let text = HUAWEI.replace(
        "inspector = { workno = \"900\", password = { env = \"CCGW_PW\" } }\n",
        "",
    );
    let p = problem(&text);
    assert!(p.starts_with("config.toml:1:1: backend \"gz\" has kind \"huawei\" but no inspector; add inspector = { workno"), "{p}");
    let p = problem(&format!(
        "{ALIYUN}\n{}",
        HUAWEI.replace("name = \"gz\"\n", "")
    ));
    assert!(
        p.starts_with("config.toml:7:1: [[backend]] number 2 has no `name`; add it:"),
        "{p}"
    );
    let p = problem("theme = \"default\"\n");
    assert!(
        p.starts_with("config.toml:1:1: the config has no [[backend]] entries; add one"),
        "{p}"
    );
}

#[test]
fn duplicate_and_bad_names() {
    let text = format!("{ALIYUN}\n{}", HUAWEI.replace("\"gz\"", "\"shanghai\""));
    assert_eq!(
        problem(&text),
        "config.toml:8:8: backend name \"shanghai\" is used twice (first on line 2); give every [[backend]] its own name"
    );
    let p = problem(&ALIYUN.replace("\"shanghai\"", "\"shang hai\""));
    assert!(
        p.starts_with("config.toml:2:8: backend name \"shang hai\" is empty or has spaces; "),
        "{p}"
    );
}

#[test]
fn key_bindings_and_actions_are_checked() {
    let p = problems(&format!(
        "[keys]\nreset = \"ctrl-\"\nrest = \"x\"\nquit = \"x\"\n\n{ALIYUN}"
    ));
    let shown: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(shown[0].starts_with("config.toml:2:9: `ctrl-` for `reset` in [keys] is not a key; unknown key name; write a single character"), "{}", shown[0]);
    assert_eq!(
        shown[1],
        "config.toml:3:1: unknown action `rest` in [keys]; did you mean `reset`?"
    );
    assert_eq!(shown[2], "config.toml:4:8: key `x` is bound to both `rest` and `quit` in [keys]; bind each key to one action");

    let loaded = Config::from_toml(
        &format!("[keys]\nreset = \"ctrl-r\"\nhelp = \"F1\"\n{ALIYUN}"),
        Path::new("c.toml"),
    )
    .unwrap();
    let keys = loaded.config.key_bindings();
    assert_eq!(keys["reset"], KeySpec::parse("ctrl-r").unwrap());
    assert_eq!(keys["help"].to_string(), "f1");
}

/// The problem of `[keys]` holding `keys` (one binding per line from line 2).
fn key_problem(keys: &str) -> String {
    problem(&format!("[keys]\n{keys}\n\n{ALIYUN}"))
}

#[test]
fn a_key_taken_from_quit_or_navigation_is_refused_with_its_line() {
    // `ready = "q"` used to pass and leave the footer saying `unbound quit`.
    assert_eq!(
        key_problem("ready = \"q\""),
        "config.toml:2:9: key `q` for `ready` in [keys] is the key of `quit`: nothing but ctrl-c \
         would quit callboard; bind ready to another key (free: \"x\", \"z\", \"v\", \"c\"), or \
         move `quit` to another key as well (quit = \"…\")"
    );
    // `ready = "j"` used to pass, taking `j` from `down`.
    assert_eq!(
        key_problem("ready = \"j\""),
        "config.toml:2:9: key `j` for `ready` in [keys] is a navigation key: in the roster it is \
         `down`; bind ready to another key (free: \"x\", \"z\", \"v\", \"c\"), or move `down` to \
         another key as well (down = \"…\")"
    );
    // An arrow stays navigation whatever [keys] says.
    let p = key_problem("down = \"n\"\nsign-out = \"down\"");
    assert!(
        p.starts_with("config.toml:3:12: key `down` for `sign-out` in [keys] is a navigation key: in the roster it is `down`; bind sign-out to another key"),
        "{p}"
    );
    assert!(
        p.ends_with("; `down` keeps `down` whatever [keys] says"),
        "{p}"
    );
    // Another action's default key.
    let p = key_problem("reset = \"s\"");
    assert!(
        p.starts_with("config.toml:2:9: key `s` for `reset` in [keys] is already the key of `sort`; bind reset to another key (free: "),
        "{p}"
    );
    // Keys the roster keeps for itself.
    for (key, what) in [
        ("ctrl-c", "always quits callboard"),
        ("esc", "closes the detail pane and clears the filter"),
        ("shift-tab", "shows the previous view"),
    ] {
        let p = key_problem(&format!("sign-out = \"{key}\""));
        assert!(
            p.contains(&format!(
                "for `sign-out` in [keys] is reserved: in the roster it {what}"
            )),
            "{p}"
        );
    }
    assert!(key_problem("quit = \"ctrl-c\"").contains("reserved"));

    // Moving both is fine: every key keeps one meaning.
    for ok in [
        "quit = \"Q\"\nready = \"q\"",
        "down = \"n\"\nready = \"j\"",
        "sort = \"S\"\nreset = \"s\"\nready = \"Y\"",
    ] {
        let text = format!("[keys]\n{ok}\n\n{ALIYUN}");
        let loaded = Config::from_toml(&text, Path::new("c.toml"));
        assert!(
            loaded.is_ok(),
            "{ok}: {:?}",
            loaded.err().map(|e| e.to_string())
        );
    }
}

#[test]
fn endpoints_must_be_http_urls() {
    let p = problem(&ALIYUN.replace("https://ccc.cn-shanghai.aliyuncs.com/", "ccc.cn-shanghai"));
    assert!(p.starts_with("config.toml:4:12: endpoint \"ccc.cn-shanghai\" in [[backend]] \"shanghai\" is not a URL"), "{p}");
    assert!(
        p.contains("endpoint = \"https://ccc.cn-shanghai.aliyuncs.com/\""),
        "{p}"
    );
    let p = problem(&ALIYUN.replace("https://", "ftp://"));
    assert!(p.contains("uses ftp:, not http(s)"), "{p}");

    // Plain http: a warning, except on loopback.
    let loaded =
        Config::from_toml(&HUAWEI.replace("https://", "http://"), Path::new("c.toml")).unwrap();
    assert_eq!(loaded.warnings.len(), 1);
    let w = loaded.warnings[0].to_string();
    assert!(w.starts_with("c.toml:4:12: endpoint \"http://10.1.2.3:8043/agentgateway/resource/\" in [[backend]] \"gz\" is plain http"), "{w}");
    assert!(
        w.contains("https://10.1.2.3:8043/agentgateway/resource/"),
        "{w}"
    );
    for host in ["127.0.0.1:8043", "localhost", "[::1]:80"] {
        let text = ALIYUN.replace(
            "https://ccc.cn-shanghai.aliyuncs.com",
            &format!("http://{host}"),
        );
        let loaded = Config::from_toml(&text, Path::new("c.toml")).unwrap();
        assert!(loaded.warnings.is_empty(), "{host}: {:?}", loaded.warnings);
    }
}

#[test]
fn ranges_rosters_themes_and_tls() {
    let p = problem(&format!("{ALIYUN}poll_interval_secs = 0.1\n"));
    assert!(p.starts_with("config.toml:6:22: poll_interval_secs = 0.1 in [[backend]] \"shanghai\" is out of range; write a number of seconds from 0.5 to 3600"), "{p}");
    let p = problem(&format!("{ALIYUN}roster = \"everyone\"\n"));
    assert!(
        p.starts_with("config.toml:6:10: roster = \"everyone\""),
        "{p}"
    );
    let p = problem(&format!("{ALIYUN}roster = []\n"));
    assert!(
        p.starts_with("config.toml:6:10: roster in [[backend]] \"shanghai\" is an empty list"),
        "{p}"
    );
    let p = problem(&format!("theme = \"ligth\"\n{ALIYUN}"));
    assert_eq!(
        p,
        "config.toml:1:9: unknown theme `ligth`; did you mean `light`?"
    );
    let p = problem(&format!("theme = \"themes/nope.toml\"\n{ALIYUN}"));
    assert!(
        p.starts_with("config.toml:1:9: theme file themes/nope.toml does not exist"),
        "{p}"
    );
    let p = problem(&format!(
        "{ALIYUN}[backend.thresholds.stuck_after]\ntalkin = 60\n"
    ));
    assert_eq!(p, "config.toml:7:1: unknown state `talkin` in thresholds.stuck_after in [[backend]] \"shanghai\"; did you mean `talking`?");
    let p = problem(&format!("{HUAWEI}ca_file = \"/nonexistent/ca.pem\"\n"));
    assert!(
        p.starts_with(
            "config.toml:6:11: ca_file /nonexistent/ca.pem in [[backend]] \"gz\" does not exist"
        ),
        "{p}"
    );

    let loaded = Config::from_toml(
        &format!("{HUAWEI}insecure_skip_verify = true\ninstance_id = \"x\"\n"),
        Path::new("c.toml"),
    )
    .unwrap();
    let w: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(
        w[0].starts_with("c.toml:6:24: TLS certificate verification is off in [[backend]] \"gz\""),
        "{}",
        w[0]
    );
    assert!(
        w[1].starts_with(
            "c.toml:7:15: `instance_id` is an Alibaba setting, ignored in [[backend]] \"gz\""
        ),
        "{}",
        w[1]
    );
}

#[test]
fn syntax_errors_are_located() {
    let p = problem(&format!("{ALIYUN}signature = \"v3\nroster = \"all\"\n"));
    assert!(p.starts_with("config.toml:6:"), "{p}");
    assert!(p.contains("invalid TOML"), "{p}");
    let p = problem(&format!("{ALIYUN}name = \"again\"\n"));
    assert!(
        p.starts_with("config.toml:6:1: duplicate key `name`"),
        "{p}"
    );
}

#[test]
fn secrets_resolve_from_every_source() {
    let dir = temp_dir("secrets");
    std::env::set_var("CALLBOARD_TEST_SECRET_ENV", " from-env\n");
    assert_eq!(
        SecretSource::Env("CALLBOARD_TEST_SECRET_ENV".into())
            .resolve()
            .unwrap()
            .expose(),
        "from-env"
    );
    let file = dir.join("secret");
    std::fs::write(&file, "from-file\n").unwrap();
    let from_file = SecretSource::File(file.display().to_string())
        .resolve()
        .unwrap();
    assert_eq!(from_file.expose(), "from-file");
    let cmd = SecretSource::Command("printf '  from-command\\n'".into())
        .resolve()
        .unwrap();
    assert_eq!(cmd.expose(), "from-command");
    assert_eq!(
        SecretSource::Value("inline".into())
            .resolve()
            .unwrap()
            .expose(),
        "inline"
    );

    let e = SecretSource::Env("CALLBOARD_TEST_UNSET_VAR".into())
        .resolve()
        .unwrap_err();
    assert!(matches!(e, SecretError::EnvMissing { .. }));
    assert!(
        e.to_string().contains(
            "CALLBOARD_TEST_UNSET_VAR is not set; set it (export CALLBOARD_TEST_UNSET_VAR=...)"
        ),
        "{e}"
    );
    let missing = dir.join("missing");
    let e = SecretSource::File(missing.display().to_string())
        .resolve()
        .unwrap_err();
    assert!(
        e.to_string().contains(&missing.display().to_string()),
        "{e}"
    );
    let e = SecretSource::Command("echo out; echo 'no such key' >&2; echo more >&2; exit 3".into())
        .resolve()
        .unwrap_err();
    assert!(
        matches!(&e, SecretError::CommandFailed { code: Some(3), stderr, .. } if stderr == "no such key"),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("failed (exit code 3): no such key; run it by hand"),
        "{e}"
    );
    let e = SecretSource::Command("true".into()).resolve().unwrap_err();
    assert!(matches!(e, SecretError::CommandEmpty { .. }));

    // Alibaba's defaults.
    let loaded = Config::from_toml(ALIYUN, Path::new("c.toml")).unwrap();
    let b = &loaded.config.backends[0];
    assert_eq!(
        b.access_key_id_source(),
        SecretSource::Env("ALIBABA_CLOUD_ACCESS_KEY_ID".into())
    );
    assert_eq!(
        b.access_key_secret_source(),
        SecretSource::Env("ALIBABA_CLOUD_ACCESS_KEY_SECRET".into())
    );

    // Relative secret files are taken from the config file's directory.
    let text = HUAWEI.replace("{ env = \"CCGW_PW\" }", "{ file = \"secret\" }");
    let loaded = Config::from_toml(&text, &dir.join("config.toml")).unwrap();
    let pw = &loaded.config.backends[0]
        .inspector
        .as_ref()
        .unwrap()
        .password;
    assert_eq!(pw.resolve().unwrap().expose(), "from-file");
}

#[test]
fn canary_secrets_never_appear() {
    let dir = temp_dir("canary");
    let mut seen = Vec::new();
    for bad in [
        format!("access_key_secret = \"{CANARY}\"\n"),
        format!("access_key_secret = {{ vaule = \"{CANARY}\" }}\n"),
        format!("access_key_secret = {{ value = \"{CANARY}\", env = \"X\" }}\n"),
        format!("access_key_secret = [\"{CANARY}\"]\n"),
        format!("access_key_secret = {{ value = \"{CANARY}\" }}\nroster = 5\n"),
        format!("access_key_secret = {{ value = \"{CANARY}\" }}\nsignature = \"v9\"\n"),
        format!("access_key_secret = {{ value = \"{CANARY}\" \n"),
    ] {
        let p = problems(&format!("{ALIYUN}{bad}"));
        seen.push(format!(
            "{p:?} {}",
            ConfigError::Invalid {
                problems: p.clone()
            }
        ));
        assert!(p[0].line >= 6, "{p:?}");
    }
    let p = problems(&format!(
        "{HUAWEI}[backend.agents.1001]\nworkno = \"1001\"\npassword = \"{CANARY}\"\n"
    ));
    assert_eq!(p[0].line, 8, "{p:?}");
    assert!(p[0].fix.contains("{ env = \"NAME\" }"), "{p:?}");
    seen.push(format!("{p:?}"));

    #[cfg(unix)]
    {
        let path = dir.join("open.toml");
        write_mode(
            &path,
            &format!("{ALIYUN}access_key_secret = {{ value = \"{CANARY}\" }}\n"),
            0o644,
        );
        let loaded = Config::load(Some(&path)).unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        seen.push(format!("{loaded:?} {}", loaded.warnings[0]));
        let secret_file = dir.join("secret");
        write_mode(&secret_file, CANARY, 0o644);
        let text = HUAWEI.replace("{ env = \"CCGW_PW\" }", "{ file = \"secret\" }");
        let path = dir.join("file.toml");
        write_mode(&path, &text, 0o600);
        let loaded = Config::load(Some(&path)).unwrap();
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(
            loaded.warnings[0].fix.starts_with("chmod 600 "),
            "{}",
            loaded.warnings[0]
        );
        seen.push(format!("{loaded:?} {}", loaded.warnings[0]));
    }
    // The command prints the canary (its text does not contain it) and fails: stdout is never shown.
    let (a, b) = CANARY.split_at(6);
    let e = SecretSource::Command(format!("printf '%s%s' '{a}' '{b}'; echo oops >&2; exit 4"))
        .resolve()
        .unwrap_err();
    assert!(
        matches!(e, SecretError::CommandFailed { code: Some(4), .. }),
        "{e:?}"
    );
    seen.push(format!("{e} {e:?}"));
    seen.push(format!("{:?}", SecretSource::Value(CANARY.into())));
    seen.push(format!(
        "{:?}",
        SecretSource::Value(CANARY.into()).resolve().unwrap()
    ));
    for text in seen {
        assert!(!text.contains(CANARY), "canary leaked: {text}");
    }
}

#[cfg(unix)]
#[test]
fn inline_secret_warns_only_when_others_can_read() {
    let dir = temp_dir("inline");
    let path = dir.join("config.toml");
    let text = format!("{ALIYUN}access_key_secret = {{ value = \"abc\" }}\n");
    write_mode(&path, &text, 0o644);
    let loaded = Config::load(Some(&path)).unwrap();
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(
        loaded.warnings[0].to_string(),
        format!(
            "{p}:6:21: inline secret in a file others can read: `access_key_secret` in [[backend]] \"shanghai\"; chmod 600 {p} or use {{ env = \"NAME\" }}",
            p = path.display()
        )
    );
    write_mode(&path, &text, 0o600);
    assert!(Config::load(Some(&path)).unwrap().warnings.is_empty());
}

/// State, log and audit paths come from one place and follow XDG_STATE_HOME on Linux (a relative
/// value is ignored, as the XDG spec says).
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn state_log_and_audit_paths_follow_xdg_state_home() {
    use callboard::config::{default_audit_path, log_dir, log_file_path, state_dir};
    let dir = temp_dir("state");
    std::env::set_var("XDG_STATE_HOME", &dir.0);
    let state = dir.join("callboard");
    assert_eq!(state_dir(), Some(state.clone()));
    assert_eq!(log_dir(), Some(state.clone()));
    assert_eq!(log_file_path(), Some(state.join("callboard.log")));
    assert_eq!(default_audit_path(), state.join("audit.jsonl"));
    assert_eq!(callboard::audit::default_path(), state.join("audit.jsonl"));

    std::env::set_var("XDG_STATE_HOME", "relative/state");
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let state = PathBuf::from(home).join(".local/state/callboard");
        assert_eq!(state_dir(), Some(state.clone()));
        assert_eq!(default_audit_path(), state.join("audit.jsonl"));
    }
}

#[test]
fn the_chinese_starter_has_the_same_settings() {
    use callboard::config::starter_config_in;
    use callboard::i18n::Lang;
    let dir = std::env::temp_dir();
    let en = Config::from_toml(starter_config_in(Lang::En), &dir.join("en.toml")).unwrap();
    let zh = Config::from_toml(starter_config_in(Lang::ZhCn), &dir.join("zh.toml")).unwrap();
    assert_eq!(zh.config.lang.as_deref(), Some("zh-CN"));
    let mut zh_config = zh.config.clone();
    zh_config.lang = None;
    assert_eq!(zh_config, en.config, "only the comments and lang differ");
    assert!(starter_config_in(Lang::ZhCn).contains("质检员"));
    assert!(
        !starter_config_in(Lang::ZhCn)
            .lines()
            .filter(|l| l.starts_with('#'))
            .any(|l| l.contains("The ")),
        "comments are Chinese"
    );
}

#[test]
fn roster_columns_are_checked_and_ordered() {
    let p = problems(&format!(
        "columns = [\"state\", \"tiem\", \"state\", \"extension\"]\n\n{ALIYUN}"
    ));
    let shown: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0].contains("unknown column `tiem`; did you mean `time`?"),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].contains("column `state` is listed twice"),
        "{}",
        shown[1]
    );
    let loaded = Config::from_toml(
        &format!("columns = [\"state\", \"time\", \"agent\", \"ext\"]\n{ALIYUN}"),
        Path::new("c.toml"),
    )
    .unwrap();
    use callboard::app::sort::Column;
    assert_eq!(
        Column::order_from(&loaded.config.columns),
        [Column::State, Column::Time, Column::Id, Column::Extension]
    );
    assert_eq!(Column::order_from(&[]), Column::DEFAULT_ORDER);
}
