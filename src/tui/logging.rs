//! Logs of the TUI go to a file in the platform's log directory ([`crate::config::log_dir`]),
//! never to the screen:
//! `$XDG_STATE_HOME/callboard/callboard.log` or `~/.local/state/callboard/callboard.log`
//! (macOS: `~/Library/Logs/callboard`, Windows: `%LOCALAPPDATA%\callboard`).

use crate::cli::LogLevel;
use crate::config::{log_dir, LOG_FILE_NAME};
use std::path::PathBuf;
use tracing_appender::non_blocking::WorkerGuard;

/// Starts file logging at `level` (default info). Returns the file's path and the guard that
/// flushes it (keep it alive until exit); `None` when no directory is writable (then nothing is
/// logged, and nothing reaches the screen either).
pub fn init_file_logging(level: Option<LogLevel>) -> Option<(PathBuf, WorkerGuard)> {
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let file = tracing_appender::rolling::never(&dir, LOG_FILE_NAME);
    let (writer, guard) = tracing_appender::non_blocking(file);
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
