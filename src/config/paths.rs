//! File locations: the platform's config, state, log and audit paths (one set, through the
//! `directories` crate: XDG on Linux, `~/Library` on macOS), `~` expansion, and paths relative to
//! the config file.

use super::diagnostic::ConfigError;
use directories::BaseDirs;
use std::path::{Path, PathBuf};

/// The application's directory name under each platform directory.
const APP_DIR: &str = "callboard";

/// The TUI's log file name, in [`log_dir`].
pub const LOG_FILE_NAME: &str = "callboard.log";

/// The audit file name, in [`state_dir`].
const AUDIT_FILE_NAME: &str = "audit.jsonl";

/// The user's platform directories (`directories` crate). `None` only when no home directory can
/// be found (neither `$HOME` nor the user database has one).
fn base_dirs() -> Option<BaseDirs> {
    BaseDirs::new()
}

/// The default config file: `$XDG_CONFIG_HOME/callboard/config.toml` or
/// `~/.config/callboard/config.toml` on Linux and other Unix systems,
/// `~/Library/Application Support/callboard/config.toml` on macOS, and
/// `%APPDATA%\callboard\config.toml` on Windows.
pub fn default_config_path() -> Result<PathBuf, ConfigError> {
    base_dirs()
        .map(|dirs| dirs.config_dir().join(APP_DIR).join("config.toml"))
        .ok_or(ConfigError::NoConfigDir)
}

/// callboard's state directory (the default audit log's home): `$XDG_STATE_HOME/callboard` or
/// `~/.local/state/callboard` on Linux and other Unix systems (XDG has a state directory),
/// `~/Library/Application Support/callboard` on macOS and `%LOCALAPPDATA%\callboard` on Windows
/// (which have none: their per-user local data directory stands in).
pub fn state_dir() -> Option<PathBuf> {
    let dirs = base_dirs()?;
    let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(base.join(APP_DIR))
}

/// The directory of the TUI's log file: [`state_dir`] on Linux and Windows
/// (`$XDG_STATE_HOME/callboard`, `~/.local/state/callboard`, `%LOCALAPPDATA%\callboard`), and
/// `~/Library/Logs/callboard` on macOS, where Console.app looks for logs.
pub fn log_dir() -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        return base_dirs().map(|dirs| dirs.home_dir().join("Library").join("Logs").join(APP_DIR));
    }
    state_dir()
}

/// The TUI's log file: [`LOG_FILE_NAME`] in [`log_dir`].
pub fn log_file_path() -> Option<PathBuf> {
    log_dir().map(|dir| dir.join(LOG_FILE_NAME))
}

/// The default audit file: `audit.jsonl` in [`state_dir`] (`$XDG_STATE_HOME/callboard/audit.jsonl`,
/// `~/.local/state/callboard/audit.jsonl`; macOS `~/Library/Application Support/callboard/audit.jsonl`),
/// or `./callboard-audit.jsonl` when there is no home directory.
pub fn default_audit_path() -> PathBuf {
    state_dir().map_or_else(
        || PathBuf::from("callboard-audit.jsonl"),
        |dir| dir.join(AUDIT_FILE_NAME),
    )
}

/// The user's home directory (`$HOME`, else the user database; Windows: the profile folder).
fn home() -> Option<PathBuf> {
    base_dirs().map(|dirs| dirs.home_dir().to_path_buf())
}

/// Expands a leading `~` or `~/` to the home directory; other paths are returned unchanged.
pub fn expand_home(path: &str) -> PathBuf {
    let rest = if path == "~" {
        Some("")
    } else {
        path.strip_prefix("~/")
    };
    match (rest, home()) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// A path from the config: `~` expanded, and relative paths taken from the config file's directory.
pub(crate) fn resolve(path: &str, config_file: &Path) -> String {
    let expanded = expand_home(path);
    if expanded.is_absolute() {
        return expanded.to_string_lossy().into_owned();
    }
    match config_file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            dir.join(expanded).to_string_lossy().into_owned()
        }
        _ => expanded.to_string_lossy().into_owned(),
    }
}

/// Whether a `theme` value names a file rather than a built-in theme.
pub(crate) fn is_path_like(value: &str) -> bool {
    value.contains('/')
        || value.contains('\\')
        || value.ends_with(".toml")
        || value.starts_with('~')
}

/// Unix permission bits of a file, if it exists and the platform has them.
pub(crate) fn mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).ok().map(|m| m.permissions().mode())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Whether a mode lets the group or others read the file.
pub(crate) fn readable_by_others(mode: Option<u32>) -> bool {
    mode.is_some_and(|m| m & 0o044 != 0)
}
