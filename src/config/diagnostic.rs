//! Config problems: a located [`Diagnostic`] (file:line:column, what is wrong, the fix) and [`ConfigError`].

use std::fmt;
use std::path::PathBuf;

/// One problem in a config file, at a real line and column (both 1-based; the column counts
/// characters). Displays as `FILE:LINE:COL: MESSAGE; FIX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// What is wrong, and where in the document (`in [[backend]] "shanghai"`).
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )?;
        if !self.fix.is_empty() {
            write!(f, "; {}", self.fix)?;
        }
        Ok(())
    }
}

/// A config problem that does not stop callboard (plain-http endpoint, TLS verification off,
/// a secret readable by others, a setting the backend's kind ignores).
pub type ConfigWarning = Diagnostic;

/// Why a config could not be loaded or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file does not exist.
    #[error("{}", not_found(path, *explicit))]
    NotFound {
        path: PathBuf,
        /// Whether the path came from `--config` (else it is the platform default).
        explicit: bool,
    },
    /// No `--config` and no platform config directory (no `$HOME`).
    #[error("cannot find the platform config directory ($XDG_CONFIG_HOME and $HOME are unset); pass --config FILE")]
    NoConfigDir,
    /// The file exists but cannot be read.
    #[error("cannot read the config file {}: {source}; check that it is a file you may read", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The path is a FIFO, a device, a directory… (reading it would block, or never end).
    #[error("the config file {} is {kind}, not a regular file; pass --config with the path of a callboard TOML file (`callboard init --config FILE` writes one)", path.display())]
    NotRegular {
        path: PathBuf,
        /// What it is instead: `a directory`, `a named pipe (FIFO)`, `a character device`…
        kind: &'static str,
    },
    /// The file is larger than [`super::MAX_CONFIG_FILE_BYTES`].
    #[error("the config file {} is larger than {}, the most callboard reads; check that --config names a callboard config (one is a few KiB)", path.display(), super::size_text(*cap))]
    TooLarge { path: PathBuf, cap: u64 },
    /// The file is not UTF-8 text.
    #[error("the config file {} is not UTF-8 text; save it as UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
    /// Parse or validation errors, each with its file, line, column and fix.
    #[error("{}", list(problems))]
    Invalid { problems: Vec<Diagnostic> },
    /// `callboard init` would overwrite an existing file.
    #[error("{} already exists; pass --force to overwrite it, or choose another file with --config FILE", path.display())]
    Exists { path: PathBuf },
    /// `callboard init` could not write the file.
    #[error("cannot write {}: {source}; check that the directory is writable", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ConfigError {
    /// The located problems of an [`ConfigError::Invalid`] error (empty for the others).
    pub fn problems(&self) -> &[Diagnostic] {
        match self {
            ConfigError::Invalid { problems } => problems,
            _ => &[],
        }
    }
}

fn not_found(path: &std::path::Path, explicit: bool) -> String {
    let init = if explicit {
        format!("callboard init --config {}", path.display())
    } else {
        "callboard init".to_string()
    };
    format!(
        "no config file at {}; run `{init}` to write a commented starter config there, \
         or `callboard demo` to try callboard on its built-in simulator",
        path.display()
    )
}

fn list(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
