//! Test helpers for the headless commands: the real `callboard` binary run as a process, against
//! a `callboard sim` child process, with the simulator's ground truth read over plain HTTP.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_callboard");

/// A private directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "callboard-cli-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a `callboard` run did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

/// `callboard ARGS` with a private HOME / XDG dirs under `dir` (so the audit log and the default
/// config path stay in the test's directory), NO_COLOR set and an English locale, not started yet.
pub fn callboard_command(dir: &Path, args: &[&str]) -> Command {
    callboard_command_env(dir, args, &[("LANG", "C.UTF-8")])
}

/// [`callboard_command`] with other locale variables (`LANG`, `LC_ALL`, …) than English.
pub fn callboard_command_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("LC_ALL").env_remove("LC_MESSAGES");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("NO_COLOR", "1")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
        .env_remove("ALIBABA_CLOUD_PROFILE")
        .env_remove("ALIBABA_CLOUD_ECS_METADATA")
        .env_remove("ALIBABA_CLOUD_STS_ENDPOINT")
        .env_remove("CALLBOARD_ECS_METADATA_URL")
        .stdin(Stdio::null());
    cmd
}

/// Runs `callboard ARGS` as [`callboard_command`] sets it up, to its end.
pub fn callboard_in(dir: &Path, args: &[&str]) -> Run {
    run_to_end(callboard_command(dir, args))
}

/// [`callboard_in`] with other locale variables (`LANG`, `LC_ALL`, …).
pub fn callboard_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_to_end(callboard_command_env(dir, args, env))
}

fn run_to_end(mut cmd: Command) -> Run {
    let out = cmd.output().expect("callboard runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A `callboard sim --listen 127.0.0.1:0 --speed 0 --write-config DIR/cfg.toml` child process.
pub struct Sim {
    child: Child,
    pub addr: String,
    pub dir: TempDir,
    pub config: PathBuf,
}

impl Sim {
    pub fn start(tag: &str) -> Sim {
        let dir = TempDir::new(tag);
        let config = dir.path().join("cfg.toml");
        let mut child = Command::new(BIN)
            .args([
                "sim",
                "--listen",
                "127.0.0.1:0",
                "--speed",
                "0",
                "--write-config",
            ])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("callboard sim starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout);
        let mut first = String::new();
        lines.read_line(&mut first).expect("banner line");
        // "callboard sim listening on ADDR (seed 1, ...)"
        let addr = first
            .strip_prefix("callboard sim listening on ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected banner: {first:?}"))
            .to_string();
        // Keep draining so the simulator never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = lines.read_to_end(&mut sink);
        });
        assert!(config.is_file(), "the simulator wrote its config");
        Sim {
            child,
            addr,
            dir,
            config,
        }
    }

    /// `callboard --config CFG ARGS…`.
    pub fn callboard(&self, args: &[&str]) -> Run {
        let config = self.config.display().to_string();
        let mut all = vec!["--config", config.as_str()];
        all.extend_from_slice(args);
        callboard_in(self.dir.path(), &all)
    }

    /// `GET /_sim/state`.
    pub fn truth(&self) -> Value {
        let body = http_get(&self.addr, "/_sim/state");
        serde_json::from_str(&body).expect("ground truth JSON")
    }

    /// Every agent of one vendor in the ground truth.
    pub fn agents(&self, vendor: &str) -> Vec<Value> {
        self.truth()["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .filter(|a| a["vendor"] == vendor)
            .cloned()
            .collect()
    }

    /// One agent's ground truth.
    pub fn agent(&self, vendor: &str, id: &str) -> Value {
        self.agents(vendor)
            .into_iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no {vendor} agent {id}"))
    }

    /// The id of the first agent of `vendor` matching `pred`, not in `taken`.
    pub fn pick(
        &self,
        vendor: &str,
        taken: &mut Vec<String>,
        pred: impl Fn(&Value) -> bool,
    ) -> String {
        let id = self
            .agents(vendor)
            .into_iter()
            .filter(|a| a["controller"] == "world" && !a["stuck"].as_bool().unwrap_or(false))
            .find(|a| pred(a) && !taken.iter().any(|t| a["id"] == t.as_str()))
            .unwrap_or_else(|| panic!("no {vendor} agent for this test"))["id"]
            .as_str()
            .expect("id")
            .to_string();
        taken.push(id.clone());
        id
    }

    /// The audit log lines written so far.
    pub fn audit_lines(&self) -> Vec<Value> {
        let path = self.dir.path().join("state/callboard/audit.jsonl");
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("audit line is JSON"))
            .collect()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 GET (the server closes the connection after the body).
pub fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to the simulator");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("request");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("HTTP response");
    assert!(
        head.starts_with("HTTP/1.") && head.contains(" 200 "),
        "{head}"
    );
    body.to_string()
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}
