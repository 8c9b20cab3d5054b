//! Loading a config file: finding it, parsing it, turning TOML/serde errors into located messages
//! with a fix, validating, and making its paths absolute.

use super::diagnostic::{ConfigError, ConfigWarning, Diagnostic};
use super::echo::{echo, echo_message};
use super::hints::{did_you_mean, field_hint, is_secret_path, one_of, SECRET_HELP};
use super::local_file::{self, LocalFileError};
use super::paths::{self, default_config_path};
use super::spans::{field_name, Doc, Seg};
use super::toml_reason::toml_reason;
use super::{validate, Config, SecretSource};
use std::path::{Path, PathBuf};

/// The largest config file callboard reads (1 MiB): a real one is a few KiB, and the parser needs
/// many times the file's size in memory.
pub const MAX_CONFIG_FILE_BYTES: u64 = 1024 * 1024;

/// A parsed and validated config, where it came from, and what is worth a warning.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: PathBuf,
    pub warnings: Vec<ConfigWarning>,
}

impl Config {
    /// Reads, parses and validates the config at `path` (from `--config`), else at
    /// [`default_config_path`]. A missing file is [`ConfigError::NotFound`]; every parse or
    /// validation problem is in [`ConfigError::Invalid`] with its line, column and fix. Only a
    /// regular file of at most [`MAX_CONFIG_FILE_BYTES`] is read.
    ///
    /// Paths in the loaded config (`audit_log`, `ca_file`, a theme file, `{ file = … }` secrets)
    /// have `~` expanded and are made absolute relative to the config file's directory.
    pub fn load(path: Option<&Path>) -> Result<LoadedConfig, ConfigError> {
        let (path, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (default_config_path()?, false),
        };
        let text = match local_file::read_text(&path, MAX_CONFIG_FILE_BYTES) {
            Ok(text) => text,
            Err(e) if e.is_not_found() => return Err(ConfigError::NotFound { path, explicit }),
            Err(LocalFileError::NotUtf8) => return Err(ConfigError::NotUtf8 { path }),
            Err(LocalFileError::NotRegular { kind }) => {
                return Err(ConfigError::NotRegular { path, kind })
            }
            Err(LocalFileError::TooLarge { cap }) => {
                return Err(ConfigError::TooLarge { path, cap })
            }
            Err(LocalFileError::Io(source)) => return Err(ConfigError::Read { path, source }),
        };
        Config::from_toml(&text, &path)
    }

    /// Parses and validates config text as if read from `path` (used for messages, for relative
    /// paths, and — if the file exists — for its permissions). Text of more than
    /// [`MAX_CONFIG_FILE_BYTES`] is refused unparsed.
    pub fn from_toml(text: &str, path: &Path) -> Result<LoadedConfig, ConfigError> {
        if text.len() as u64 > MAX_CONFIG_FILE_BYTES {
            return Err(ConfigError::TooLarge {
                path: path.to_path_buf(),
                cap: MAX_CONFIG_FILE_BYTES,
            });
        }
        let doc = Doc::new(text, path);
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            problems: vec![parse_error(&doc, &e)],
        })?;
        let (errors, warnings) = validate::validate(&config, &doc, paths::mode(path));
        if !errors.is_empty() {
            return Err(ConfigError::Invalid { problems: errors });
        }
        absolute_paths(&mut config, path);
        Ok(LoadedConfig {
            config,
            path: path.to_path_buf(),
            warnings,
        })
    }
}

fn absolute_paths(config: &mut Config, file: &Path) {
    if let Some(theme) = config.theme.as_mut().filter(|t| paths::is_path_like(t)) {
        *theme = paths::resolve(theme, file);
    }
    if let Some(log) = config.audit_log.as_mut() {
        *log = paths::resolve(log, file);
    }
    let fix_secret = |s: &mut SecretSource| {
        if let SecretSource::File(p) = s {
            *p = paths::resolve(p, file);
        }
    };
    for b in &mut config.backends {
        if let Some(ca) = b.ca_file.as_mut() {
            *ca = paths::resolve(ca, file);
        }
        b.access_key_id.iter_mut().for_each(fix_secret);
        b.access_key_secret.iter_mut().for_each(fix_secret);
        b.security_token.iter_mut().for_each(fix_secret);
        b.agent_password.iter_mut().for_each(fix_secret);
        b.inspector
            .iter_mut()
            .for_each(|l| fix_secret(&mut l.password));
        b.agents
            .values_mut()
            .for_each(|l| fix_secret(&mut l.password));
    }
}

/// The top-level settings, for "move it" advice when one turns up inside a `[[backend]]`.
const TOP_LEVEL_FIELDS: &[&str] = &["theme", "readonly", "audit_log", "keys"];
/// The settings of a `[[backend]]`, for "move it" advice when one turns up at the top level.
const BACKEND_FIELDS: &[&str] = &[
    "name",
    "kind",
    "endpoint",
    "roster",
    "poll_interval_secs",
    "thresholds",
    "instance_id",
    "access_key_id",
    "access_key_secret",
    "signature",
    "security_token",
    "sts_endpoint",
    "metadata_url",
    "inspector",
    "agents",
    "agent_password",
    "agent_phone",
    "kpis",
    "ca_file",
    "insecure_skip_verify",
];

/// The names between backticks in a serde message (`unknown field `x`, expected one of `a`, `b``).
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// Turns a TOML syntax or serde error into a located message with a fix. Never quotes a secret:
/// under a secret field, serde's own words (which may contain the value) are not used. Values
/// from the file are echoed cut to [`super::MAX_ECHO_CHARS`] characters, control characters escaped.
fn parse_error(doc: &Doc<'_>, err: &toml::de::Error) -> Diagnostic {
    let span = err.span().unwrap_or(0..0);
    // Unshortened, to read the names between backticks; never shown as it is.
    let raw = err.message().trim().replace('\n', ", ");
    let (path, on_key) = doc.path_at(span.start);
    let field = field_name(&path);
    let place = doc.where_is(&path);
    let hint = field_hint(&path).unwrap_or("");
    let secret = is_secret_path(&path);
    let at = |message: String, fix: String| doc.at_offset(span.start, message, fix);

    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let typo = names.first().copied().unwrap_or("");
        let known: Vec<&str> = names.iter().skip(1).copied().collect();
        let in_backend = matches!(path.first(), Some(Seg::Key(k)) if k == "backend");
        let fix = match did_you_mean(typo, &known) {
            _ if in_backend && TOP_LEVEL_FIELDS.contains(&typo) => {
                format!("`{typo}` is a top-level setting: move it above the first [[backend]] line")
            }
            _ if path.len() == 1 && BACKEND_FIELDS.contains(&typo) => {
                format!("`{typo}` is a backend setting: move it below a [[backend]] line")
            }
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => "remove it; this table takes no fields".to_string(),
            None => format!("remove it, or use one of {}", one_of(&known)),
        };
        return at(format!("unknown field `{}` {place}", echo(typo)), fix);
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let missing = echo(backticked(rest).first().copied().unwrap_or(""));
        let mut full = path.clone();
        full.push(Seg::Key(missing.clone()));
        let fix = field_hint(&full).map_or_else(
            || format!("add {missing} = ..."),
            |h| format!("add it: {h}"),
        );
        let owner = if field.is_empty() || matches!(path.last(), Some(Seg::Index(_))) {
            doc.table_name(&path)
        } else {
            format!("`{field}` {place}")
        };
        return at(format!("{owner} has no `{missing}`"), fix);
    }
    if secret {
        // serde may quote the value here (`unknown variant `hunter2``): say it in our own words.
        // A misspelt source is a key (`{ enn = "X" }`), which is safe to show.
        if let (Some(rest), true) = (raw.strip_prefix("unknown variant "), on_key) {
            let names = backticked(rest);
            let typo = names.first().copied().unwrap_or("");
            let known: Vec<&str> = names.iter().skip(1).copied().collect();
            let owner = field_name(&path[..path.len().saturating_sub(1)]);
            let fix = did_you_mean(typo, &known)
                .map_or(SECRET_HELP.to_string(), |s| format!("did you mean `{s}`?"));
            return at(
                format!(
                    "`{owner}` {place} has an unknown secret source `{}`",
                    echo(typo)
                ),
                fix,
            );
        }
        return at(
            format!("`{field}` {place} is not a valid secret source"),
            SECRET_HELP.to_string(),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let names = backticked(rest);
        let value = names.first().copied().unwrap_or("");
        let known: Vec<&str> = names.iter().skip(1).copied().collect();
        let fix = did_you_mean(value, &known).map_or_else(
            || format!("use {}", one_of(&known)),
            |s| format!("did you mean `{s}`?"),
        );
        return at(
            format!("`{field}` {place} cannot be `{}`", echo(value)),
            fix,
        );
    }
    if raw.contains("did not match any variant of untagged enum Roster") {
        return at(
            format!("`{field}` {place} must be \"all\" or a list of agent ids"),
            hint.to_string(),
        );
    }
    if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        let detail = echo_message(&raw.replacen("invalid type: ", "", 1).replacen(
            "invalid value: ",
            "",
            1,
        ));
        let fix = if hint.is_empty() {
            "fix the value's type"
        } else {
            hint
        };
        return at(
            format!("`{field}` {place} has the wrong type: {detail}"),
            fix.to_string(),
        );
    }
    if raw.starts_with("duplicate key") {
        return at(
            echo_message(&raw),
            "remove one of the two; each key may appear once per table".to_string(),
        );
    }
    // TOML syntax errors: the parser's words (or, when it has none, what stands there), plus the
    // usual remedies.
    at(
        format!("invalid TOML: {}", toml_reason(doc.src, span.start, &raw)),
        "check the syntax here: strings in double quotes, one `key = value` per line, tables as [name] or [[backend]]".to_string(),
    )
}
