//! The audit log: one JSON line per attempted action (time, operator, backend, agent, action,
//! parameters, outcome, vendor reply), appended to a file only its owner may read (mode 0600).
//! Every string in a line is cleaned of terminal escapes and control characters
//! ([`crate::text::clean`]) before it is written.
//!
//! Parameters never hold secrets: they are the action's own fields (device, skill groups, flow,
//! break code, seconds), never credentials.

use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One audit line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// RFC 3339 with milliseconds, UTC.
    pub time: String,
    /// `user@host`.
    pub operator: String,
    pub backend: String,
    pub agent: String,
    /// The action's command-line name (`sign-in`, `reset`, …).
    pub action: String,
    /// The action's parameters (never secrets).
    pub parameters: serde_json::Value,
    /// `ok`, `refused`, `failed` or `unknown`; an action whose answer was lost and whose agent was
    /// read back afterwards is `verified-applied` or `verified-not-applied` (still `unknown` when
    /// the read-back could not tell).
    pub outcome: String,
    /// Plain words, as shown to the operator.
    pub summary: String,
    pub vendor_reply: serde_json::Value,
    /// `callboard serve`: the SSH user name of the session that acted (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_user: Option<String>,
    /// `callboard serve`: the SHA-256 fingerprint of the session's key (`SHA256:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<String>,
}

/// Who acted through `callboard serve`: the session's SSH user and key fingerprint, recorded in
/// the action's audit line beside the server's `operator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub ssh_user: String,
    pub ssh_key: String,
}

/// The current time as RFC 3339 (UTC, milliseconds).
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `user@host`: the user is `$USER` (or `$LOGNAME`), else the name of the process's user in the
/// OS user database (`whoami`: `getpwuid_r` on Unix); the host is `$HOSTNAME`, else `/etc/hostname`.
pub fn operator() -> String {
    let user = user_name(|name| std::env::var(name).ok());
    let host = std::env::var("HOSTNAME")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
        })
        .unwrap_or_else(|| "localhost".to_string());
    format!("{user}@{host}")
}

/// `$USER` or `$LOGNAME` (read through `env`), else the OS user database's name for this process's
/// user, else `unknown`.
fn user_name(env: impl Fn(&str) -> Option<String>) -> String {
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|name| env(name))
        .map(|u| u.trim().to_string())
        .find(|u| !u.is_empty())
        .or_else(|| {
            whoami::fallible::username()
                .ok()
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// The default audit file: [`crate::config::default_audit_path`] (`$XDG_STATE_HOME/callboard/audit.jsonl`,
/// else `~/.local/state/callboard/audit.jsonl`; macOS `~/Library/Application Support/callboard/audit.jsonl`).
pub fn default_path() -> PathBuf {
    crate::config::default_audit_path()
}

/// The audit file of `config`: `audit_log` (with `~` expanded), else [`default_path`].
pub fn path_of(config: &crate::config::Config) -> PathBuf {
    config
        .audit_log
        .as_deref()
        .map(crate::config::expand_home)
        .unwrap_or_else(default_path)
}

/// An open audit file; appends are serialised so lines never interleave.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<File>,
}

impl AuditLog {
    /// Opens (creating it with mode 0600, and its directory) `path`, or [`default_path`].
    pub fn open(path: Option<PathBuf>) -> Result<AuditLog, std::io::Error> {
        let path = path.unwrap_or_else(default_path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        // A file that existed with a wider mode is narrowed too (best effort: one owned by
        // another user, which we may append to, keeps its mode).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
        Ok(AuditLog {
            path,
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line (a single write, so a crash leaves whole lines).
    pub fn append(&self, entry: &AuditEntry) -> Result<(), std::io::Error> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut file = crate::sync::lock(&self.file);
        file.write_all(&line)?;
        file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_comes_from_the_environment_else_the_user_database() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            user_name(env(&[("USER", "alice"), ("LOGNAME", "bob")])),
            "alice"
        );
        assert_eq!(user_name(env(&[("USER", " "), ("LOGNAME", "bob")])), "bob");
        // Neither set: the user database's name for this process's user, not `unknown`.
        let from_db = user_name(env(&[]));
        assert_ne!(from_db, "unknown");
        assert!(!from_db.is_empty());
        #[cfg(unix)]
        if let Ok(out) = std::process::Command::new("id").arg("-un").output() {
            if out.status.success() {
                assert_eq!(from_db, String::from_utf8_lossy(&out.stdout).trim());
            }
        }
    }

    #[test]
    fn appends_whole_lines_to_a_private_file() {
        let dir = std::env::temp_dir().join(format!("callboard-audit-{}", uuid::Uuid::new_v4()));
        let path = dir.join("sub").join("audit.jsonl");
        let log = AuditLog::open(Some(path.clone())).unwrap();
        let entry = AuditEntry {
            time: now_rfc3339(),
            operator: operator(),
            backend: "b".into(),
            agent: "a".into(),
            action: "ready".into(),
            parameters: serde_json::json!({}),
            outcome: "ok".into(),
            summary: "done".into(),
            vendor_reply: serde_json::Value::Null,
            ssh_user: None,
            ssh_key: None,
        };
        log.append(&entry).unwrap();
        log.append(&entry).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(v["action"], "ready");
        assert!(v["operator"].as_str().unwrap().contains('@'));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
