//! Logs of the TUI go to a file in the platform's log directory ([`crate::config::log_dir`]),
//! never to the screen:
//! `$XDG_STATE_HOME/callboard/callboard.log` or `~/.local/state/callboard/callboard.log`
//! (macOS: `~/Library/Logs/callboard`, Windows: `%LOCALAPPDATA%\callboard`).
//!
//! The file may hold agent names and vendor replies, so only its owner may read it (mode 0600,
//! also when it existed before with a wider mode).

use crate::cli::LogLevel;
use crate::config::{log_dir, LOG_FILE_NAME};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use tracing_appender::non_blocking::WorkerGuard;

/// Lines the log may hold while its writer thread catches up.
const LOG_LINES_BUFFERED: usize = 4096;

/// Starts file logging at `level` (default info). Returns the file's path and the guard that
/// flushes it (keep it alive until exit); `None` when no directory is writable (then nothing is
/// logged, and nothing reaches the screen either).
pub fn init_file_logging(level: Option<LogLevel>) -> Option<(PathBuf, WorkerGuard)> {
    init_file_logging_in(&log_dir()?, level)
}

/// [`init_file_logging`] into [`LOG_FILE_NAME`] in `dir` (made if missing).
pub fn init_file_logging_in(dir: &Path, level: Option<LogLevel>) -> Option<(PathBuf, WorkerGuard)> {
    let file = open_log_file(dir).ok()?;
    // 4,096 lines waiting for the writer thread at most (then lines are dropped, not waited for):
    // the default 128,000 took 4 MiB of resident memory up front for a log that writes a few lines
    // a minute.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_LINES_BUFFERED)
        .finish(file);
    let level = level.unwrap_or(LogLevel::Info);
    let filter = tracing_subscriber::EnvFilter::new(format!("callboard={}", level.as_filter()));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer)
        .try_init()
        .ok()?;
    Some((dir.join(LOG_FILE_NAME), guard))
}

/// Opens [`LOG_FILE_NAME`] in `dir` for appending, creating the directory and the file: a new
/// file is created with mode 0600, an existing one is set to 0600.
pub fn open_log_file(dir: &Path) -> std::io::Result<File> {
    std::fs::create_dir_all(dir)?;
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(dir.join(LOG_FILE_NAME))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}
