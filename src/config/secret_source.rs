//! Resolving a [`SecretSource`] (environment variable, file, command or inline value) to a [`Secret`].
//!
//! No error message ever contains the secret: a command's standard output is never shown, and a
//! file's contents never are either.

use super::paths::expand_home;
use super::SecretSource;
use crate::secret::Secret;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a secret command may run.
pub const SECRET_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a secret could not be obtained. The messages name the source and the fix, never the secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("environment variable {var} is not set; set it (export {var}=...) before starting callboard, or take the secret from a file or command instead")]
    EnvMissing { var: String },
    #[error("environment variable {var} is set but empty; set it to the secret")]
    EnvEmpty { var: String },
    #[error("environment variable {var} is not valid UTF-8; set it to the secret as plain text")]
    EnvNotUnicode { var: String },
    #[error("cannot read the secret file {}: {source}; check the path and that callboard's user may read it", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the secret file {} is empty; write the secret into it", path.display())]
    FileEmpty { path: PathBuf },
    #[error("the secret file {} is not UTF-8 text; write the secret as plain text", path.display())]
    FileNotUnicode { path: PathBuf },
    #[error("cannot run the secret command `{command}` with sh -c: {source}")]
    CommandSpawn {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the secret command `{command}` failed ({}){}; run it by hand to see why", exit_text(*code), stderr_text(stderr))]
    CommandFailed {
        command: String,
        /// The exit code, `None` when a signal ended it.
        code: Option<i32>,
        /// The first line of its standard error.
        stderr: String,
    },
    #[error("the secret command `{command}` did not finish within {} s and was stopped; make it print the secret without waiting for input", SECRET_COMMAND_TIMEOUT.as_secs())]
    CommandTimeout { command: String },
    #[error("the secret command `{command}` printed nothing; make it print the secret on standard output")]
    CommandEmpty { command: String },
    #[error("the secret command `{command}` printed something that is not UTF-8 text; make it print the secret as plain text")]
    CommandNotUnicode { command: String },
    #[error("the inline secret is empty; put the secret in {{ value = \"...\" }} or, better, use {{ env = \"NAME\" }}")]
    ValueEmpty,
}

fn exit_text(code: Option<i32>) -> String {
    match code {
        Some(c) => format!("exit code {c}"),
        None => "killed by a signal".to_string(),
    }
}

fn stderr_text(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

impl SecretSource {
    /// Reads the secret: the environment variable, the file (trimmed; `~` is expanded), the
    /// command's standard output (run with `sh -c`, trimmed, at most [`SECRET_COMMAND_TIMEOUT`]),
    /// or the inline value. Blocks while a command runs; call it from `spawn_blocking` in async code.
    pub fn resolve(&self) -> Result<Secret, SecretError> {
        match self {
            SecretSource::Env(var) => match std::env::var(var) {
                Ok(v) if v.trim().is_empty() => Err(SecretError::EnvEmpty { var: var.clone() }),
                Ok(v) => Ok(Secret::new(v.trim())),
                Err(std::env::VarError::NotPresent) => {
                    Err(SecretError::EnvMissing { var: var.clone() })
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    Err(SecretError::EnvNotUnicode { var: var.clone() })
                }
            },
            SecretSource::File(path) => {
                let path = expand_home(path);
                let bytes = std::fs::read(&path).map_err(|source| SecretError::File {
                    path: path.clone(),
                    source,
                })?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| SecretError::FileNotUnicode { path: path.clone() })?;
                match text.trim() {
                    "" => Err(SecretError::FileEmpty { path }),
                    t => Ok(Secret::new(t)),
                }
            }
            SecretSource::Command(command) => run_command(command, SECRET_COMMAND_TIMEOUT),
            SecretSource::Value(v) if v.is_empty() => Err(SecretError::ValueEmpty),
            SecretSource::Value(v) => Ok(Secret::new(v.as_str())),
        }
    }

    /// What kind of source this is, for messages (`an environment variable`, `a file`…).
    pub fn describe(&self) -> String {
        match self {
            SecretSource::Env(var) => format!("environment variable {var}"),
            SecretSource::File(path) => format!("file {path}"),
            SecretSource::Command(cmd) => format!("command `{cmd}`"),
            SecretSource::Value(_) => "inline value".to_string(),
        }
    }
}

fn run_command(command: &str, timeout: Duration) -> Result<Secret, SecretError> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| SecretError::CommandSpawn {
            command: command.to_string(),
            source,
        })?;
    // Read both pipes on their own threads so a chatty command cannot block on a full pipe.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(pipe) = pipe {
                let _ = pipe.take(1 << 20).read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                // The reader threads end when the last holder of the pipes exits; don't wait for them.
                return Err(SecretError::CommandTimeout {
                    command: command.to_string(),
                });
            }
            Err(source) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SecretError::CommandSpawn {
                    command: command.to_string(),
                    source,
                });
            }
        }
    };
    // A background process the command left behind may still hold the pipes open.
    while !(stdout.is_finished() && stderr.is_finished()) {
        if Instant::now() >= deadline {
            return Err(SecretError::CommandTimeout {
                command: command.to_string(),
            });
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    if !status.success() {
        let first_line = String::from_utf8_lossy(&err)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        return Err(SecretError::CommandFailed {
            command: command.to_string(),
            code: status.code(),
            stderr: first_line,
        });
    }
    let text = String::from_utf8(out).map_err(|_| SecretError::CommandNotUnicode {
        command: command.to_string(),
    })?;
    match text.trim() {
        "" => Err(SecretError::CommandEmpty {
            command: command.to_string(),
        }),
        t => Ok(Secret::new(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_commands_are_stopped() {
        let started = Instant::now();
        let e = run_command(
            "printf '%s%s' par tial; sleep 5",
            Duration::from_millis(200),
        )
        .unwrap_err();
        assert!(matches!(e, SecretError::CommandTimeout { .. }), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(4));
        assert!(e.to_string().contains("did not finish within 10 s"), "{e}");
        assert!(!e.to_string().contains("partial"));
    }

    #[test]
    fn background_children_holding_the_pipe_do_not_hang_it() {
        let e = run_command("echo s3cret; sleep 5 &", Duration::from_millis(300));
        assert!(
            matches!(e, Err(SecretError::CommandTimeout { .. })),
            "{e:?}"
        );
        let ok = run_command(
            "echo s3cret; sleep 5 >/dev/null 2>&1 &",
            Duration::from_secs(5),
        );
        assert_eq!(ok.unwrap().expose(), "s3cret");
    }
}
