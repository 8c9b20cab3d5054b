//! `callboard demo` in a real pseudo-terminal (util-linux `script`): the live roster appears
//! quickly, and `q` (or SIGTERM, or SIGHUP) leaves the terminal as it was: the alternate screen is
//! left and the cursor shown again.
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
    let dir = std::env::temp_dir().join(format!("callboard-pty-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bin = env!("CARGO_BIN_EXE_callboard");
    let cmd = format!(
        "stty cols 120 rows 36; echo $$ > {}/pid; exec {bin} demo",
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
