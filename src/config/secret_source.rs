//! Resolving a [`SecretSource`] (environment variable, file, command or inline value) to a [`Secret`].
//!
//! No error message ever contains the secret: a command's standard output is never shown, and a
//! file's contents never are either.

use super::echo::echo;
use super::local_file::{self, LocalFileError};
use super::paths::expand_home;
use super::secret_command::run_command;
use super::SecretSource;
use crate::secret::Secret;
use std::path::PathBuf;
use std::time::Duration;

/// How long a secret command may run; then it is killed with every process it started.
pub const SECRET_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest secret file read (64 KiB): a secret is a line, and only a regular file is read
/// (no FIFO, which would block, no device such as `/dev/zero`, which never ends).
pub const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;
/// The most a secret command may print on standard output (64 KiB); more stops it.
pub const MAX_SECRET_COMMAND_OUTPUT_BYTES: u64 = 64 * 1024;

/// Why a secret could not be obtained. The messages name the source and the fix, never the secret
/// (and echo a command or variable name cut to [`super::MAX_ECHO_CHARS`] characters).
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("environment variable {} is not set; set it (export {}=...) before starting callboard, or take the secret from a file or command instead", echo(var), echo(var))]
    EnvMissing { var: String },
    #[error(
        "environment variable {} is set but empty; set it to the secret",
        echo(var)
    )]
    EnvEmpty { var: String },
    #[error(
        "environment variable {} is not valid UTF-8; set it to the secret as plain text",
        echo(var)
    )]
    EnvNotUnicode { var: String },
    #[error("cannot read the secret file {}: {source}; check the path and that callboard's user may read it", shown(path))]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the secret file {} is {kind}, not a regular file; point {{ file = \"...\" }} at a plain file holding only the secret (to take it from a program, use {{ command = \"...\" }})", shown(path))]
    FileNotRegular {
        path: PathBuf,
        /// What it is instead: `a directory`, `a named pipe (FIFO)`, `a character device`…
        kind: &'static str,
    },
    #[error("the secret file {} is larger than {}; a secret file must hold only the secret — check that the path names the right file", shown(path), super::size_text(MAX_SECRET_FILE_BYTES))]
    FileTooLarge { path: PathBuf },
    #[error("the secret file {} is empty; write the secret into it", shown(path))]
    FileEmpty { path: PathBuf },
    #[error(
        "the secret file {} is not UTF-8 text; write the secret as plain text",
        shown(path)
    )]
    FileNotUnicode { path: PathBuf },
    #[error("cannot run the secret command `{}` with sh -c: {source}; check that sh is installed and on PATH", echo(command))]
    CommandSpawn {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the secret command `{}` failed ({}){}; run it by hand to see why", echo(command), exit_text(*code, *signal), stderr_text(stderr))]
    CommandFailed {
        command: String,
        /// The exit code, `None` when a signal ended it.
        code: Option<i32>,
        /// The signal that ended it, if one did.
        signal: Option<i32>,
        /// The first line of its standard error.
        stderr: String,
    },
    #[error("the secret command `{}` did not finish within {} s and was stopped; make it print the secret without waiting for input", echo(command), SECRET_COMMAND_TIMEOUT.as_secs())]
    CommandTimeout { command: String },
    #[error("the secret command `{}` printed more than {cap} bytes and was stopped; a secret command must print only the secret", echo(command))]
    CommandOutputTooLarge {
        command: String,
        /// [`MAX_SECRET_COMMAND_OUTPUT_BYTES`].
        cap: u64,
    },
    #[error(
        "the secret command `{}` printed nothing; make it print the secret on standard output",
        echo(command)
    )]
    CommandEmpty { command: String },
    #[error("the secret command `{}` printed something that is not UTF-8 text; make it print the secret as plain text", echo(command))]
    CommandNotUnicode { command: String },
    #[error("the inline secret is empty; put the secret in {{ value = \"...\" }} or, better, use {{ env = \"NAME\" }}")]
    ValueEmpty,
}

fn shown(path: &std::path::Path) -> String {
    echo(&path.display().to_string())
}

fn exit_text(code: Option<i32>, signal: Option<i32>) -> String {
    match (code, signal) {
        (Some(c), _) => format!("exit code {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        (None, None) => "killed by a signal".to_string(),
    }
}

fn stderr_text(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {}", echo(stderr))
    }
}

impl SecretSource {
    /// Reads the secret: the environment variable, the file (trimmed; `~` is expanded; a regular
    /// file of at most [`MAX_SECRET_FILE_BYTES`]), the command's standard output (run with
    /// `sh -c`, trimmed, at most [`SECRET_COMMAND_TIMEOUT`] and
    /// [`MAX_SECRET_COMMAND_OUTPUT_BYTES`]), or the inline value. Blocks while a command runs; call it from `spawn_blocking` in async code.
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
            SecretSource::File(path) => read_file(expand_home(path)),
            SecretSource::Command(command) => run_command(command, SECRET_COMMAND_TIMEOUT),
            SecretSource::Value(v) if v.is_empty() => Err(SecretError::ValueEmpty),
            SecretSource::Value(v) => Ok(Secret::new(v.as_str())),
        }
    }

    /// What kind of source this is, for messages (`an environment variable`, `a file`…).
    pub fn describe(&self) -> String {
        match self {
            SecretSource::Env(var) => format!("environment variable {}", echo(var)),
            SecretSource::File(path) => format!("file {}", echo(path)),
            SecretSource::Command(cmd) => format!("command `{}`", echo(cmd)),
            SecretSource::Value(_) => "inline value".to_string(),
        }
    }
}

/// Reads a secret file: a regular file of at most [`MAX_SECRET_FILE_BYTES`], UTF-8, trimmed.
fn read_file(path: PathBuf) -> Result<Secret, SecretError> {
    let text = local_file::read_text(&path, MAX_SECRET_FILE_BYTES).map_err(|e| match e {
        LocalFileError::NotRegular { kind } => SecretError::FileNotRegular {
            path: path.clone(),
            kind,
        },
        LocalFileError::TooLarge { .. } => SecretError::FileTooLarge { path: path.clone() },
        LocalFileError::NotUtf8 => SecretError::FileNotUnicode { path: path.clone() },
        LocalFileError::Io(source) => SecretError::File {
            path: path.clone(),
            source,
        },
    })?;
    match text.trim() {
        "" => Err(SecretError::FileEmpty { path }),
        t => Ok(Secret::new(t)),
    }
}
