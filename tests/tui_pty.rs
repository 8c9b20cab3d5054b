//! `callboard demo` in a real pseudo-terminal (util-linux `script`): the live roster appears
//! quickly, and `q` (or SIGTERM, SIGHUP, SIGQUIT) leaves the terminal as it was: the alternate
//! screen is left and the cursor shown again; SIGTSTP gives the terminal back before stopping and
//! takes it again on SIGCONT. A gateway that accepts connections but never answers neither delays
//! the first frame nor `q`.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Pty {
    child: Child,
    out: mpsc::Receiver<Vec<u8>>,
    seen: Vec<u8>,
    dir: std::path::PathBuf,
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn spawn() -> Pty {
    spawn_with(|_| "demo".to_string())
}

/// `callboard ARGS` in a pty; `args` gets the test's private directory (for files it needs).
fn spawn_with(args: impl FnOnce(&std::path::Path) -> String) -> Pty {
    let dir = std::env::temp_dir().join(format!("callboard-pty-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bin = env!("CARGO_BIN_EXE_callboard");
    let args = args(&dir);
    let cmd = format!(
        "stty cols 120 rows 36; echo $$ > {}/pid; exec {bin} {args}",
        dir.display()
    );
    let mut child = Command::new("script")
        .args(["-qfec", &cmd, "/dev/null"])
        .env("XDG_STATE_HOME", &dir)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script");
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, out) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    Pty {
        child,
        out,
        seen: Vec::new(),
        dir,
    }
}

impl Pty {
    /// Reads until `needle` appears (in the whole output), or the time is up.
    fn wait_for(&mut self, needle: &str, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if String::from_utf8_lossy(&self.seen).contains(needle) {
                return Some(start.elapsed());
            }
            if let Ok(chunk) = self.out.recv_timeout(Duration::from_millis(20)) {
                self.seen.extend(chunk);
            }
        }
        String::from_utf8_lossy(&self.seen)
            .contains(needle)
            .then(|| start.elapsed())
    }

    fn signal(&self, signal: &str) {
        let pid = self.pid();
        assert!(!pid.is_empty());
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill");
        assert!(sent.success(), "kill -{signal}");
    }

    fn send(&mut self, bytes: &[u8]) {
        if let Some(stdin) = self.child.stdin.as_mut() {
            let _ = stdin.write_all(bytes);
            let _ = stdin.flush();
        }
    }

    fn pid(&self) -> String {
        std::fs::read_to_string(self.dir.join("pid"))
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// Waits for the process to end and collects the rest of the output.
    fn finish(&mut self) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            if let Ok(chunk) = self.out.recv_timeout(Duration::from_millis(20)) {
                self.seen.extend(chunk);
            }
        }
        while let Ok(chunk) = self.out.recv_timeout(Duration::from_millis(200)) {
            self.seen.extend(chunk);
        }
        String::from_utf8_lossy(&self.seen).into_owned()
    }
}

/// After the last time the TUI entered the alternate screen, it left it and showed the cursor.
fn assert_restored(out: &str) {
    let enter = out
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    let tail = &out[enter..];
    assert!(tail.contains("\x1b[?1049l"), "left the alternate screen");
    assert!(tail.contains("\x1b[?25h"), "showed the cursor");
}

#[test]
fn demo_shows_a_live_roster_quickly_and_q_restores_the_terminal() {
    if !available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let mut pty = spawn();
    // "connected" appears once the first roster from the simulator is on the screen (the
    // agents' rows are there before, as placeholders of the configured roster).
    let took = pty
        .wait_for("connected", Duration::from_secs(10))
        .expect("the roster appears");
    eprintln!("live roster shown after {took:?}");
    assert!(took < Duration::from_secs(3), "roster after {took:?}");
    assert!(pty.wait_for("Talking", Duration::from_secs(5)).is_some());
    pty.send(b"q");
    let out = pty.finish();
    assert!(pty.child.try_wait().ok().flatten().is_some(), "q quits");
    assert_restored(&out);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if !available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    for signal in ["TERM", "HUP"] {
        let mut pty = spawn();
        pty.wait_for("of 60 agents", Duration::from_secs(10))
            .expect("the roster appears");
        let pid = pty.pid();
        assert!(!pid.is_empty());
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill");
        assert!(killed.success());
        let out = pty.finish();
        assert_restored(&out);
    }
}

#[test]
fn sigquit_restores_the_terminal() {
    if !available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let mut pty = spawn();
    pty.wait_for("of 60 agents", Duration::from_secs(10))
        .expect("the roster appears");
    pty.signal("QUIT");
    let out = pty.finish();
    assert!(
        pty.child.try_wait().ok().flatten().is_some(),
        "SIGQUIT ends it"
    );
    assert_restored(&out);
}

/// Whether process `pid` is stopped (Linux `/proc`; elsewhere assumed after a short wait).
fn stopped(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('T')),
        Err(_) => {
            std::thread::sleep(Duration::from_millis(500));
            true
        }
    }
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_takes_it_again() {
    if !available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let mut pty = spawn();
    pty.wait_for("of 60 agents", Duration::from_secs(10))
        .expect("the roster appears");
    let before = pty.seen.len();
    pty.signal("TSTP");
    let start = Instant::now();
    while !stopped(&pty.pid()) && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(stopped(&pty.pid()), "SIGTSTP stops callboard");
    // `script` stops itself when its child stops and continues the child when it is continued
    // (job control as a shell would do it); continue both.
    let script = pty.child.id().to_string();
    for pid in [script.as_str(), pty.pid().as_str()] {
        let _ = Command::new("kill").args(["-CONT", pid]).status();
    }
    // In order: left the alternate screen and showed the cursor (before stopping), then took the
    // alternate screen again and drew the whole screen.
    let order = |out: &[u8]| -> Option<()> {
        let out = String::from_utf8_lossy(out);
        let left = out.find("\x1b[?1049l")?;
        let shown = out[left..].find("\x1b[?25h")? + left;
        let again = out[shown..].find("\x1b[?1049h")? + shown;
        out[again..].contains("of 60 agents").then_some(())
    };
    let start = Instant::now();
    while order(&pty.seen[before..]).is_none() && start.elapsed() < Duration::from_secs(5) {
        if let Ok(chunk) = pty.out.recv_timeout(Duration::from_millis(20)) {
            pty.seen.extend(chunk);
        }
    }
    assert!(
        order(&pty.seen[before..]).is_some(),
        "restored before stopping, taken again and redrawn after: {:?}",
        String::from_utf8_lossy(&pty.seen[before..])
    );
    pty.send(b"q");
    let out = pty.finish();
    assert!(pty.child.try_wait().ok().flatten().is_some(), "q quits");
    assert_restored(&out);
}

/// A TCP server that accepts every connection and never answers (a hung gateway).
fn black_hole() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            match conn {
                Ok(c) => held.push(c),
                Err(_) => break,
            }
        }
    });
    addr
}

#[test]
fn a_hung_gateway_neither_delays_the_first_frame_nor_q() {
    if !available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    use callboard::config::{
        BackendConfig, BackendKind, Config, HuaweiLogin, Roster, SecretSource,
    };
    let hole = black_hole();
    let mut pty = spawn_with(|dir| {
        let backend = BackendConfig {
            roster: Roster::List(vec!["1001".into(), "1002".into()]),
            inspector: Some(HuaweiLogin {
                workno: "900".into(),
                password: SecretSource::Value("secret".into()),
                phonenum: None,
            }),
            ..BackendConfig::new(
                "hung-gateway",
                BackendKind::Huawei,
                format!("http://{hole}/agentgateway/resource/"),
            )
        };
        let config = Config {
            backends: vec![backend],
            audit_log: Some(dir.join("audit.jsonl").display().to_string()),
            ..Config::default()
        };
        let path = dir.join("config.toml");
        let text = callboard::sim::write_config::render(&config, hole).expect("toml");
        callboard::sim::write_config::write(&path, &text).expect("config written");
        format!("--config {}", path.display())
    });
    // The header is drawn at once, with the backend still connecting.
    let took = pty
        .wait_for("hung-gateway", Duration::from_secs(10))
        .expect("the header appears");
    eprintln!("header shown after {took:?}");
    assert!(took < Duration::from_secs(5), "header after {took:?}");
    assert!(pty.wait_for("connecting", Duration::from_secs(5)).is_some());
    assert!(pty
        .wait_for("of 2 agents", Duration::from_secs(5))
        .is_some());
    // `q` works while the gateway hangs.
    let asked = Instant::now();
    pty.send(b"q");
    let out = pty.finish();
    assert!(pty.child.try_wait().ok().flatten().is_some(), "q quits");
    let quit = asked.elapsed();
    eprintln!("exited {quit:?} after q");
    assert!(quit < Duration::from_secs(5), "exit after {quit:?}");
    assert_restored(&out);
}
