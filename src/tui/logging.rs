//! Logs of the TUI go to a file in the platform's state directory (never to the screen):
//! `$XDG_STATE_HOME/callboard/callboard.log` or `~/.local/state/callboard/callboard.log`
//! (macOS: `~/Library/Logs/callboard`, Windows: `%LOCALAPPDATA%\callboard`).

use std::path::PathBuf;
use tracing_appender::non_blocking::WorkerGuard;

/// The directory the TUI's log file goes to.
pub fn state_dir() -> Option<PathBuf> {
    let env = |n: &str| {
        std::env::var_os(n)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(target_os = "macos") {
        return env("HOME").map(|h| h.join("Library/Logs/callboard"));
    }
    if cfg!(windows) {
        return env("LOCALAPPDATA").map(|d| d.join("callboard"));
    }
    env("XDG_STATE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| env("HOME").map(|h| h.join(".local/state")))
        .map(|d| d.join("callboard"))
}

/// Starts file logging at `level` (default info). Returns the file's path and the guard that
/// flushes it (keep it alive until exit); `None` when no directory is writable (then nothing is
/// logged, and nothing reaches the screen either).
pub fn init_file_logging(level: Option<&str>) -> Option<(PathBuf, WorkerGuard)> {
    let dir = state_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let file = tracing_appender::rolling::never(&dir, "callboard.log");
    let (writer, guard) = tracing_appender::non_blocking(file);
    let level = level.unwrap_or("info");
    let filter = tracing_subscriber::EnvFilter::try_new(format!("callboard={level}"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("callboard=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer)
        .try_init()
        .ok()?;
    Some((dir.join("callboard.log"), guard))
}
