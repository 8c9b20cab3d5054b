//! Headless commands: `snapshot`, `act`, `check` and `init`, for scripts, cron jobs and the 3 a.m.
//! reset without the TUI.
//!
//! They use the same [`Fleet`](crate::backend::Fleet) of backends and the same
//! [`RosterStore`](crate::model::RosterStore) as the TUI. Exit codes follow the command-line
//! contract: [`EXIT_OK`], [`EXIT_FAILED`] (an action refused or failed, a backend failed) and
//! [`EXIT_USAGE`] (bad arguments or config). Results go to stdout, problems to stderr, and logs
//! (tracing, `--log-level`, default warn) to stderr as well. Secrets are never printed.

pub mod act;
pub mod check;
pub mod history;
pub mod hold;
pub mod queue_table;
pub mod snapshot;
pub mod table;

use crate::cli::CommonArgs;
use crate::config::{Config, ConfigError, LoadedConfig};
use crate::i18n::{t, tf, Lang};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Everything went as asked.
pub const EXIT_OK: u8 = 0;
/// An action was refused or failed, or a backend could not be reached.
pub const EXIT_FAILED: u8 = 1;
/// Bad arguments or a config problem: nothing was tried.
pub const EXIT_USAGE: u8 = 2;

/// Whether stdout gets ANSI colours: only on a terminal, and only when `NO_COLOR` is unset or empty
/// (<https://no-color.org>).
pub fn colour_stdout() -> bool {
    crate::colour::stream_colour(std::io::stdout().is_terminal())
}

/// Loads the config of `--config` (or the default path), printing what is wrong on failure.
/// Warnings go to the log (stderr at the default level).
pub fn load_config(common: &CommonArgs, command: &str) -> Result<LoadedConfig, u8> {
    match Config::load(common.config.as_deref()) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                tracing::warn!("{w}");
            }
            Ok(loaded)
        }
        Err(e) => {
            print_config_error(command, &e, flag_or_locale_lang(common));
            Err(EXIT_USAGE)
        }
    }
}

/// The language when there is no config to say (it could not be read): `--lang`, else the locale.
pub fn flag_or_locale_lang(common: &CommonArgs) -> Lang {
    Lang::resolve(common.lang.map(Lang::code), None).0
}

/// Prints a config error: each located problem on its own line (`file:line:col: message; fix`,
/// as the config's validation words them), then how many there are, in `lang`.
pub fn print_config_error(command: &str, e: &ConfigError, lang: Lang) {
    let problems = e.problems();
    if problems.is_empty() {
        eprintln!("callboard {command}: {e}");
    } else {
        for p in problems {
            eprintln!("{p}");
        }
        eprintln!(
            "{}",
            tf(
                lang,
                "config-problems",
                &[
                    ("command", command.into()),
                    ("count", problems.len().into())
                ]
            )
        );
    }
}

/// The config a headless command runs against: the config file's, or (with `--demo`) the embedded
/// simulator's, which the shell starts and stops around the command.
pub struct Setup {
    pub config: Config,
    /// Where the config came from (for messages); `None` for `--demo`.
    pub path: Option<PathBuf>,
}

impl Setup {
    /// The demo's config when given, otherwise the config file's.
    pub fn new(common: &CommonArgs, demo: Option<&Config>, command: &str) -> Result<Setup, u8> {
        if let Some(config) = demo {
            return Ok(Setup {
                config: config.clone(),
                path: None,
            });
        }
        let loaded = load_config(common, command)?;
        Ok(Setup {
            config: loaded.config,
            path: Some(loaded.path),
        })
    }

    /// The language to write in: `--lang`, else the config's `lang`, else the locale.
    pub fn lang(&self, common: &CommonArgs) -> (crate::i18n::Lang, crate::i18n::LangSource) {
        crate::i18n::Lang::resolve(common.lang.map(|l| l.code()), self.config.lang.as_deref())
    }

    /// Where the config came from, in words.
    pub fn origin(&self, lang: Lang) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => t(lang, "setup-demo-origin"),
        }
    }

    /// Only the backend named `name` (all of them for `None`). An unknown name is a usage error,
    /// with the names there are, in `lang`.
    pub fn select(&self, name: Option<&str>, lang: Lang) -> Result<Config, String> {
        let Some(name) = name else {
            return Ok(self.config.clone());
        };
        match self.config.backend(name) {
            Some(b) => Ok(Config {
                backends: vec![b.clone()],
                ..self.config.clone()
            }),
            None => Err(tf(
                lang,
                "setup-no-backend",
                &[
                    ("backend", name.into()),
                    ("origin", self.origin(lang).into()),
                    ("backends", backend_names(&self.config, lang).into()),
                ],
            )),
        }
    }
}

/// The config's backend names, for "use one of" messages.
pub fn backend_names(config: &Config, lang: Lang) -> String {
    if config.backends.is_empty() {
        return t(lang, "setup-no-backends");
    }
    config
        .backends
        .iter()
        .map(|b| b.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub use crate::clock::now_ms;
