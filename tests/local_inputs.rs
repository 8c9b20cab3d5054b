//! Local inputs against hostile files and commands: secret files, secret commands, the config and
//! theme files are bounded (regular files only, size-capped, read with a bound), their errors name
//! the file and the fix and never echo a huge value, and every file that can hold secrets or
//! personal data (a written config, the TUI log, the audit log) is mode 0600.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::config::{
    Config, ConfigError, SecretError, SecretSource, MAX_CONFIG_FILE_BYTES, MAX_ECHO_CHARS,
    MAX_SECRET_COMMAND_OUTPUT_BYTES, MAX_SECRET_FILE_BYTES,
};
use callboard::theme::{Theme, MAX_THEME_FILE_BYTES};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CANARY: &str = "canary-5ecret-7f3a";

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "callboard-local-inputs-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `f` on a thread and fails the test (instead of hanging it) if it takes longer than `limit`.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("did not return within {limit:?}"))
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn file_secret(path: &Path) -> SecretSource {
    SecretSource::File(path.display().to_string())
}

// ---- secret files -------------------------------------------------------------------------

#[test]
fn a_fifo_as_secret_file_is_refused_at_once() {
    let dir = TempDir::new("secret-fifo");
    let fifo = dir.join("secret.fifo");
    mkfifo(&fifo);
    let source = file_secret(&fifo);
    let e = within(Duration::from_secs(5), move || source.resolve()).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, SecretError::FileNotRegular { .. }), "{e:?}");
    assert!(msg.contains(&fifo.display().to_string()), "{msg}");
    assert!(msg.contains("not a regular file"), "{msg}");
}

#[test]
fn a_device_as_secret_file_is_refused() {
    for device in ["/dev/zero", "/dev/null", "/dev/urandom"] {
        let source = SecretSource::File(device.to_string());
        let started = Instant::now();
        let e = within(Duration::from_secs(5), move || source.resolve()).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1));
        let msg = e.to_string();
        assert!(matches!(e, SecretError::FileNotRegular { .. }), "{e:?}");
        assert!(
            msg.contains(device) && msg.contains("not a regular file"),
            "{msg}"
        );
    }
}

#[test]
fn a_secret_file_over_the_cap_is_refused_without_its_content() {
    let dir = TempDir::new("secret-big");
    let path = dir.join("big.secret");
    let big = CANARY.repeat(MAX_SECRET_FILE_BYTES as usize / CANARY.len() + 1);
    assert!(big.len() as u64 > MAX_SECRET_FILE_BYTES);
    std::fs::write(&path, &big).unwrap();
    let e = file_secret(&path).resolve().unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, SecretError::FileTooLarge { .. }), "{e:?}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("64 KiB"), "{msg}");
    assert!(!msg.contains(CANARY) && !format!("{e:?}").contains(CANARY));

    // Exactly at the cap is fine.
    let at_cap = "k".repeat(MAX_SECRET_FILE_BYTES as usize);
    std::fs::write(&path, &at_cap).unwrap();
    assert_eq!(file_secret(&path).resolve().unwrap().expose(), at_cap);
}

#[test]
fn a_directory_as_secret_file_says_so() {
    let dir = TempDir::new("secret-dir");
    let e = file_secret(&dir.0).resolve().unwrap_err();
    assert!(matches!(e, SecretError::FileNotRegular { .. }), "{e:?}");
    assert!(e.to_string().contains("is a directory"), "{e}");
}

// ---- secret commands ----------------------------------------------------------------------

#[test]
fn a_secret_command_printing_too_much_says_so() {
    let cap = MAX_SECRET_COMMAND_OUTPUT_BYTES;
    for command in [
        // Endless output: today the reader stops and the writer dies of SIGPIPE.
        "yes s3cret".to_string(),
        "yes s3cret | head -c 10000000".to_string(),
        // Finite but over the cap.
        format!("head -c {} /dev/zero | tr '\\0' k", cap + 1),
    ] {
        let source = SecretSource::Command(command.clone());
        let e = within(Duration::from_secs(15), move || source.resolve()).unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(e, SecretError::CommandOutputTooLarge { .. }),
            "{command}: {e:?}"
        );
        assert!(
            msg.contains(&format!("printed more than {cap} bytes"))
                && msg.contains("a secret command must print only the secret"),
            "{msg}"
        );
        assert!(!msg.contains("141") && !msg.contains("kkkk"), "{msg}");
    }
    // Exactly at the cap is fine.
    let source = SecretSource::Command(format!("head -c {cap} /dev/zero | tr '\\0' k"));
    assert_eq!(source.resolve().unwrap().expose().len() as u64, cap);
}

// ---- the config file ----------------------------------------------------------------------

#[test]
fn a_fifo_or_device_as_config_is_refused_at_once() {
    let dir = TempDir::new("config-fifo");
    let fifo = dir.join("config.toml");
    mkfifo(&fifo);
    let path = fifo.clone();
    let e = within(Duration::from_secs(5), move || Config::load(Some(&path))).unwrap_err();
    assert!(matches!(e, ConfigError::NotRegular { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains(&fifo.display().to_string()), "{msg}");
    assert!(msg.contains("not a regular file"), "{msg}");

    for device in ["/dev/null", "/dev/zero"] {
        let e = within(Duration::from_secs(5), move || {
            Config::load(Some(Path::new(device)))
        })
        .unwrap_err();
        assert!(
            matches!(e, ConfigError::NotRegular { .. }),
            "{device}: {e:?}"
        );
        assert!(e.to_string().contains(device), "{e}");
    }
}

#[test]
fn a_config_over_the_cap_is_refused_before_it_is_parsed() {
    let dir = TempDir::new("config-big");
    let path = dir.join("config.toml");
    // A huge array: parsing it took 917 MB for 8 MB.
    let mut text = String::from("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\nroster = [");
    while (text.len() as u64) <= MAX_CONFIG_FILE_BYTES {
        text.push_str("\"agent@ccc\",");
    }
    text.push_str("]\n");
    std::fs::write(&path, &text).unwrap();
    let e = Config::load(Some(&path)).unwrap_err();
    assert!(matches!(e, ConfigError::TooLarge { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("1 MiB"), "{msg}");
    assert!(msg.len() < 400, "{msg}");
    // Text handed over directly is held to the same cap.
    let e = Config::from_toml(&text, &path).unwrap_err();
    assert!(matches!(e, ConfigError::TooLarge { .. }), "{e:?}");
}

#[test]
fn a_device_as_theme_file_is_not_a_regular_file() {
    let dir = TempDir::new("config-theme-dev");
    let config = "theme = \"/dev/zero\"\n[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\n";
    let e = Config::from_toml(config, &dir.join("config.toml")).unwrap_err();
    let p = e.problems();
    assert_eq!(p.len(), 1, "{p:#?}");
    let msg = p[0].to_string();
    assert!(
        msg.contains("theme file /dev/zero is a character device, not a regular file"),
        "{msg}"
    );
    assert!(!msg.contains("does not exist"), "{msg}");
    // The same for ca_file.
    let config = "[[backend]]\nname = \"a\"\nkind = \"huawei\"\nendpoint = \"https://x/\"\nca_file = \"/dev/null\"\ninspector = { workno = \"900\", password = { env = \"X\" } }\n";
    let e = Config::from_toml(config, &dir.join("config.toml")).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("ca_file /dev/null")
            && msg.contains("is a character device, not a regular file"),
        "{msg}"
    );
}

#[test]
fn a_control_byte_in_a_comment_names_the_reason() {
    let text = "# comment \u{1}\n[[backend]]\nname = \"a\"\n";
    let e = Config::from_toml(text, Path::new("config.toml")).unwrap_err();
    let p = e.problems();
    assert_eq!(p.len(), 1, "{p:#?}");
    let msg = p[0].to_string();
    assert!(!msg.contains("invalid TOML: ;"), "no reason: {msg}");
    assert!(msg.starts_with("config.toml:1:11: invalid TOML: "), "{msg}");
    assert!(msg.contains("U+0001"), "{msg}");
    assert!(msg.contains("control character"), "{msg}");
}

#[test]
fn every_toml_syntax_error_has_a_reason() {
    for text in [
        "# comment \u{1}\n",
        "a = \"x\u{7}\"\n",
        "a = \n",
        "[a\n",
        "a = 1 2\n",
        "a = \"\n",
        "= 1\n",
        "a.\u{0} = 1\n",
        "a = [1,\n",
        "a = { b = 1\n",
        "\u{7f} = 1\n",
        "a = 0x\n",
    ] {
        let e = Config::from_toml(text, Path::new("c.toml")).unwrap_err();
        for p in e.problems() {
            let msg = p.to_string();
            let reason = msg
                .split_once("invalid TOML:")
                .map(|(_, r)| r.trim_start())
                .unwrap_or("x");
            assert!(!reason.starts_with(';'), "{text:?}: {msg}");
            assert!(!msg.chars().any(|c| c.is_control()), "{text:?}: {msg:?}");
        }
    }
}

/// Values echoed in config errors are cut to [`MAX_ECHO_CHARS`] characters (with `…`).
#[test]
fn config_errors_echo_at_most_a_short_value() {
    let long = "x".repeat(100_000);
    let backend = "[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\n";
    for text in [
        format!("theme = \"/{long}.toml\"\n{backend}"),
        format!("theme = \"{long}\"\n{backend}"),
        format!("readonly = \"{long}\"\n{backend}"),
        format!("{long} = 1\n{backend}"),
        format!("[keys]\n{long} = \"r\"\n{backend}"),
        format!("[keys]\nreset = \"{long}\"\n{backend}"),
        format!("{backend}endpoint2 = 1\nsignature = \"{long}\"\n"),
        format!("[[backend]]\nname = \"{long} y\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"{long}\"\nendpoint = \"https://x/\"\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"{long}\"\ninstance_id = \"i\"\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\nroster = \"{long}\"\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\nroster = [\"{long}\", \"{long}\"]\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\n[backend.thresholds.stuck_after]\n{long} = 3\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"huawei\"\nendpoint = \"https://x/\"\ninspector = {{ workno = \"900\", password = {{ env = \"{long}=\" }} }}\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"huawei\"\nendpoint = \"https://x/\"\ninspector = {{ workno = \"900\", password = {{ env = \"X\" }} }}\nagents.{long} = {{ workno = \"y{long}\", password = {{ env = \"X\" }} }}\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\nca_file = \"/{long}\"\n"),
        format!("[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\npoll_interval_secs = \"{long}\"\n"),
    ] {
        // Errors, or (for a duplicate roster entry) warnings.
        let problems = match Config::from_toml(&text, Path::new("config.toml")) {
            Ok(loaded) => loaded.warnings,
            Err(e) => e.problems().to_vec(),
        };
        assert!(!problems.is_empty(), "{}", &text[..200]);
        for p in &problems {
            let shown = p.to_string();
            // The message and fix around an echoed value stay short.
            assert!(
                shown.chars().count() < MAX_ECHO_CHARS * 3 + 600,
                "{} chars: {}",
                shown.len(),
                &shown[..300]
            );
            assert!(!shown.contains(&"x".repeat(MAX_ECHO_CHARS + 1)), "{}", &shown[..300]);
        }
    }
}

#[test]
fn escape_sequences_in_config_values_are_shown_escaped() {
    // TOML escapes: the parsed value holds ESC and RIGHT-TO-LEFT OVERRIDE.
    let text = "theme = \"\\u001b[2J\\u202eneon\"\n[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\n";
    let e = Config::from_toml(text, Path::new("config.toml")).unwrap_err();
    let msg = e.to_string();
    assert!(
        !msg.contains('\u{1b}') && !msg.contains('\u{202e}'),
        "{msg:?}"
    );
    assert!(msg.contains("\\u{1b}[2J"), "{msg}");
}

// ---- the theme file -----------------------------------------------------------------------

#[test]
fn a_device_or_fifo_as_theme_is_not_a_regular_file() {
    let e = within(Duration::from_secs(5), || Theme::load("/dev/zero")).unwrap_err();
    assert!(e.to_string().contains("/dev/zero"), "{e}");
    assert!(
        e.message
            .contains("is a character device, not a regular file"),
        "{e}"
    );
    // A problem with the file itself has no line: no `:0:0`.
    assert!(
        e.to_string().starts_with("/dev/zero: the theme path is"),
        "{e}"
    );
    let e = Theme::load("/dev/null").unwrap_err();
    assert!(e.message.contains("not a regular file"), "{e}");

    let dir = TempDir::new("theme-fifo");
    let fifo = dir.join("neon.toml");
    mkfifo(&fifo);
    let name = fifo.display().to_string();
    let e = within(Duration::from_secs(5), move || Theme::load(&name)).unwrap_err();
    assert!(
        e.message
            .contains("is a named pipe (FIFO), not a regular file"),
        "{e}"
    );
}

#[test]
fn a_theme_over_the_cap_is_refused() {
    let dir = TempDir::new("theme-big");
    let path = dir.join("big.toml");
    let mut text = String::from("[palette]\n");
    let mut i = 0;
    while (text.len() as u64) <= MAX_THEME_FILE_BYTES {
        text.push_str(&format!("c{i} = \"red\"\n"));
        i += 1;
    }
    std::fs::write(&path, &text).unwrap();
    let e = Theme::load(&path.display().to_string()).unwrap_err();
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    assert!(e.message.contains("256 KiB"), "{e}");
}

#[test]
fn theme_errors_echo_at_most_a_short_value() {
    let long = "y".repeat(100_000);
    let dir = TempDir::new("theme-echo");
    for text in [
        format!("[palette]\na = \"{long}\"\n"),
        format!("[roles]\n{long} = \"red\"\n"),
        format!("[roles]\ntext = \"{long}\"\n"),
        format!("[states]\n{long} = \"red\"\n"),
        format!("[roles]\ntext = {{ {long} = true }}\n"),
        format!("base = \"{long}\"\n"),
        format!("{long} = 1\n"),
        format!("name = 1\n{long}"),
    ] {
        let path = dir.join("t.toml");
        std::fs::write(&path, &text).unwrap();
        let e = Theme::load(&path.display().to_string()).unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.chars().count() < MAX_ECHO_CHARS * 2 + 600,
            "{}",
            &shown[..300]
        );
        assert!(
            !shown.contains(&"y".repeat(MAX_ECHO_CHARS + 1)),
            "{}",
            &shown[..300]
        );
    }
}

// ---- file modes ---------------------------------------------------------------------------

#[test]
fn sim_write_config_over_an_existing_0644_file_leaves_it_0600() {
    let dir = TempDir::new("write-config-mode");
    let path = dir.join("sim.toml");
    std::fs::write(&path, "old, longer than the new text ".repeat(100)).unwrap();
    set_mode(&path, 0o644);
    callboard::sim::write_config::write(&path, "new").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    // A new file, too.
    let fresh = dir.join("fresh.toml");
    callboard::sim::write_config::write(&fresh, "x").unwrap();
    assert_eq!(mode(&fresh), 0o600);
}

#[test]
fn the_audit_log_is_0600_even_when_it_existed_0644() {
    let dir = TempDir::new("audit-mode");
    let path = dir.join("audit.jsonl");
    std::fs::write(&path, "{}\n").unwrap();
    set_mode(&path, 0o644);
    let log = callboard::audit::AuditLog::open(Some(path.clone())).unwrap();
    assert_eq!(mode(log.path()), 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n", "kept");
}

#[test]
fn the_tui_log_file_is_0600_new_or_existing() {
    let dir = TempDir::new("log-mode");
    let fresh = callboard::tui::logging::open_log_file(&dir.join("new")).unwrap();
    drop(fresh);
    let path = dir.join("new").join(callboard::config::LOG_FILE_NAME);
    assert_eq!(mode(&path), 0o600);

    let existing = dir.join("old");
    std::fs::create_dir_all(&existing).unwrap();
    let path = existing.join(callboard::config::LOG_FILE_NAME);
    std::fs::write(&path, "earlier line\n").unwrap();
    set_mode(&path, 0o644);
    let mut file = callboard::tui::logging::open_log_file(&existing).unwrap();
    std::io::Write::write_all(&mut file, b"next line\n").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "earlier line\nnext line\n",
        "appended"
    );

    // Through the logger itself: the file it creates is 0600 and gets the lines.
    let started = dir.join("started");
    let (log_path, guard) = callboard::tui::logging::init_file_logging_in(&started, None).unwrap();
    tracing::info!(target: "callboard", "hello from the test");
    drop(guard);
    assert_eq!(mode(&log_path), 0o600);
    assert!(std::fs::read_to_string(&log_path)
        .unwrap()
        .contains("hello from the test"));
}

/// A secret file that is a device or FIFO is a config error at its line (not a warning to
/// `chmod 600 /dev/zero`), before anything tries to read it.
#[test]
fn a_device_as_secret_file_is_a_config_error_at_its_line() {
    let text = "[[backend]]\nname = \"a\"\nkind = \"aliyun\"\nendpoint = \"https://x/\"\ninstance_id = \"i\"\naccess_key_id = { file = \"/dev/zero\" }\n";
    let e = Config::from_toml(text, Path::new("config.toml")).unwrap_err();
    let p = e.problems();
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!((p[0].line, p[0].column), (6, 17), "{}", p[0]);
    let msg = p[0].to_string();
    assert!(
        msg.contains("the secret file /dev/zero for `access_key_id` in [[backend]] \"a\" is a character device, not a regular file"),
        "{msg}"
    );
    assert!(!msg.contains("chmod"), "{msg}");
}
