//! File locations: the platform's default config path, `~` expansion, and paths relative to the config file.

use super::diagnostic::ConfigError;
use std::path::{Path, PathBuf};

/// The default config file: `$XDG_CONFIG_HOME/callboard/config.toml` or
/// `~/.config/callboard/config.toml` on Linux and other Unix systems,
/// `~/Library/Application Support/callboard/config.toml` on macOS, and
/// `%APPDATA%\callboard\config.toml` on Windows (the same places as the `dirs` crate).
pub fn default_config_path() -> Result<PathBuf, ConfigError> {
    config_dir()
        .map(|dir| dir.join("callboard").join("config.toml"))
        .ok_or(ConfigError::NoConfigDir)
}

fn non_empty_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home() -> Option<PathBuf> {
    non_empty_env("HOME").or_else(|| non_empty_env("USERPROFILE"))
}

#[cfg(target_os = "macos")]
fn config_dir() -> Option<PathBuf> {
    home().map(|h| h.join("Library").join("Application Support"))
}

#[cfg(windows)]
fn config_dir() -> Option<PathBuf> {
    non_empty_env("APPDATA")
}

#[cfg(not(any(target_os = "macos", windows)))]
fn config_dir() -> Option<PathBuf> {
    non_empty_env("XDG_CONFIG_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| home().map(|h| h.join(".config")))
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
