//! `callboard check`: validates the config and the theme, then tries every backend once.
//!
//! Prints one line per finding: config problems as `file:line:col: message; fix`, warnings the same
//! way with `warning:`, the theme, and `ok`/`FAILED` per backend with the fix. Exit 0 when all is
//! well, 1 when a backend failed, 2 when the config or theme is wrong (backends are not tried then).

use super::{flag_or_locale_lang, print_config_error, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::backend::aliyun::credentials::{Keyring, Source};
use crate::backend::Backend;
use crate::cli::CommonArgs;
use crate::config::{BackendConfig, Config, THEMES};
use crate::i18n::{t, tf, Lang, LangSource};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long one backend may take to answer before `check` calls it unreachable.
pub const BACKEND_TIMEOUT: Duration = Duration::from_secs(20);

/// `callboard check`. Returns the exit code.
pub async fn run(common: &CommonArgs) -> u8 {
    let loaded = match Config::load(common.config.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            print_config_error("check", &e, flag_or_locale_lang(common));
            return EXIT_USAGE;
        }
    };
    let (lang, source) = Lang::resolve(common.lang.map(Lang::code), loaded.config.lang.as_deref());
    let path = loaded.path.display().to_string();
    // The diagnostics' own words come from the config's validation (English this round).
    for w in &loaded.warnings {
        println!(
            "{}",
            tf(
                lang,
                "check-config-warning",
                &[
                    ("file", w.file.display().to_string().into()),
                    ("line", w.line.to_string().into()),
                    ("column", w.column.to_string().into()),
                    ("message", (&w.message).into()),
                    ("fix", (&w.fix).into()),
                ]
            )
        );
    }
    println!(
        "{}",
        tf(
            lang,
            "check-config-ok",
            &[
                ("path", (&path).into()),
                ("backends", loaded.config.backends.len().into()),
                ("warnings", loaded.warnings.len().into()),
            ]
        )
    );

    let source = match source {
        LangSource::Flag => t(lang, "lang-source-flag"),
        LangSource::Config => t(lang, "lang-source-config"),
        LangSource::Env(var) => tf(lang, "lang-source-env", &[("var", var.into())]),
        LangSource::Default => t(lang, "lang-source-default"),
    };
    println!(
        "{}",
        tf(
            lang,
            "check-language",
            &[("lang", lang.code().into()), ("source", source.into())]
        )
    );

    // --theme wins over the config's theme; the config's was validated by Config::load.
    let theme = common
        .theme
        .clone()
        .or_else(|| loaded.config.theme.clone())
        .unwrap_or_else(|| "default".to_string());
    match check_theme(&theme, lang) {
        Ok(words) => println!(
            "{}",
            tf(
                lang,
                "check-theme-ok",
                &[("theme", (&theme).into()), ("words", words.into())]
            )
        ),
        Err(fix) => {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "check-theme-bad",
                    &[("theme", (&theme).into()), ("fix", fix.into())]
                )
            );
            return EXIT_USAGE;
        }
    }
    let found = theme_files(&loaded.path);
    if !found.is_empty() {
        let names: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
        println!(
            "{}",
            tf(
                lang,
                "check-theme-files",
                &[("files", names.join(", ").into())]
            )
        );
    }

    if loaded.config.backends.is_empty() {
        eprintln!(
            "{}",
            tf(lang, "check-no-backend", &[("path", (&path).into())])
        );
        return EXIT_USAGE;
    }
    let results =
        futures_util::future::join_all(loaded.config.backends.iter().map(|b| try_backend(b, lang)))
            .await;
    let mut failed = 0;
    for (b, result) in loaded.config.backends.iter().zip(results) {
        let backend_args = || -> Vec<(&'static str, crate::i18n::Arg)> {
            vec![
                ("backend", b.name.as_str().into()),
                ("kind", b.kind.to_string().into()),
                ("endpoint", b.endpoint.as_str().into()),
            ]
        };
        let (result, credentials) = result;
        match result {
            Ok((agents, cms)) => {
                let mut args = backend_args();
                args.push(("agents", agents.into()));
                println!("{}", tf(lang, "check-backend-ok", &args));
                for line in credentials {
                    println!("{line}");
                }
                let endpoint = b.cms.as_ref().map_or("", |c| c.endpoint.as_str());
                let cms_args = |k: &'static str, v: crate::i18n::Arg| {
                    vec![
                        ("backend", b.name.as_str().into()),
                        ("endpoint", endpoint.into()),
                        (k, v),
                    ]
                };
                match cms {
                    Some(Ok(n)) => println!(
                        "{}",
                        tf(lang, "check-cms-ok", &cms_args("agents", n.into()))
                    ),
                    Some(Err(reason)) => {
                        failed += 1;
                        println!(
                            "{}",
                            tf(lang, "check-cms-failed", &cms_args("reason", reason.into()))
                        );
                    }
                    None => {}
                }
            }
            Err(reason) => {
                failed += 1;
                let mut args = backend_args();
                args.push(("reason", reason.into()));
                println!("{}", tf(lang, "check-backend-failed", &args));
                for line in credentials {
                    println!("{line}");
                }
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "{}",
            tf(
                lang,
                "check-some-failed",
                &[
                    ("failed", failed.into()),
                    ("total", loaded.config.backends.len().into())
                ]
            )
        );
        EXIT_FAILED
    } else {
        println!("{}", t(lang, "check-all-good"));
        EXIT_OK
    }
}

/// What one backend's check found: its number of agents, and what its secondary source (Huawei
/// CMS) said, if it has one.
type Tried = (usize, Option<Result<usize, String>>);

/// Connects to one backend and takes one snapshot: the number of agents and the CMS report, or
/// why not; and the lines naming where its credentials came from (Alibaba).
async fn try_backend(config: &BackendConfig, lang: Lang) -> (Result<Tried, String>, Vec<String>) {
    let mut credentials = Vec::new();
    let attempt = async {
        let backend = Backend::connect(config).await.map_err(|e| e.to_string())?;
        if let Backend::Aliyun(b) = &backend {
            credentials = credential_lines(config, b.client().keyring(), lang);
        }
        let result = backend.snapshot().await.map_err(|e| e.to_string());
        let secondary = backend.secondary_report();
        backend.shutdown().await;
        result.map(|(agents, _)| (agents.len(), secondary))
    };
    let result = match tokio::time::timeout(BACKEND_TIMEOUT, attempt).await {
        Ok(r) => r,
        Err(_) => Err(tf(
            lang,
            "check-no-answer",
            &[("secs", BACKEND_TIMEOUT.as_secs().into())],
        )),
    };
    (result, credentials)
}

/// Where an Alibaba backend's credentials came from, in `lang`'s words: the source, and when
/// they are temporary, until when they are valid.
fn credential_lines(config: &BackendConfig, keyring: &Keyring, lang: Lang) -> Vec<String> {
    let yes_no = |t: bool| if t { "yes" } else { "no" };
    let source = match keyring.source() {
        Source::Config { token } => tf(
            lang,
            "check-credentials-config",
            &[
                ("backend", config.name.as_str().into()),
                ("token", yes_no(*token).into()),
            ],
        ),
        Source::Env { token } => tf(
            lang,
            "check-credentials-env",
            &[("token", yes_no(*token).into())],
        ),
        Source::Profile { name, path, mode } => tf(
            lang,
            "check-credentials-profile",
            &[
                ("name", name.as_str().into()),
                ("path", path.as_str().into()),
                ("mode", mode.as_str().into()),
            ],
        ),
        Source::EcsRole { role, url } => tf(
            lang,
            "check-credentials-ecs",
            &[("role", role.as_str().into()), ("url", url.as_str().into())],
        ),
    };
    let mut lines = vec![source];
    if let Some(until) = keyring.expiration() {
        lines.push(tf(
            lang,
            "check-credentials-expires",
            &[(
                "until",
                until.format("%Y-%m-%d %H:%M:%S").to_string().into(),
            )],
        ));
    }
    lines
}

/// A built-in theme name, or a theme file that exists and is readable, in `lang`'s words. The
/// theme's contents are the TUI's to parse (its error, with line and column, stays as it words
/// it); this only checks that it is there.
pub fn check_theme(theme: &str, lang: Lang) -> Result<String, String> {
    if THEMES.contains(&theme) {
        return Ok(t(lang, "check-theme-built-in"));
    }
    let themes = || ("themes", THEMES.join(", ").into());
    let path = crate::config::expand_home(theme);
    let looks_like_path = theme.contains('/') || theme.contains('\\') || theme.ends_with(".toml");
    if !looks_like_path {
        return Err(tf(lang, "check-theme-unknown", &[themes()]));
    }
    let file = || ("path", path.display().to_string().into());
    match crate::theme::read_file(&path) {
        // The TUI's own parser: a bad theme names its line and column.
        Ok(text) => crate::theme::check_text(&text, &path.display().to_string())
            .map(|()| tf(lang, "check-theme-file", &[file()]))
            .map_err(|e| {
                tf(
                    lang,
                    "check-theme-invalid",
                    &[("reason", e.to_string().into()), themes()],
                )
            }),
        Err(e) => Err(tf(
            lang,
            "check-theme-unreadable",
            &[file(), ("reason", e.to_string().into()), themes()],
        )),
    }
}

/// Theme files (`themes/*.toml`) next to the config file.
fn theme_files(config_path: &Path) -> Vec<PathBuf> {
    let Some(dir) = config_path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir.join("themes")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes() {
        for t in THEMES {
            assert_eq!(check_theme(t, Lang::En).as_deref(), Ok("built-in"));
            assert_eq!(check_theme(t, Lang::ZhCn).as_deref(), Ok("内置"));
        }
        let e = check_theme("solarized", Lang::En).expect_err("unknown");
        assert!(e.contains("high-contrast"), "{e}");
        let e = check_theme("solarized", Lang::ZhCn).expect_err("unknown");
        assert!(
            e.starts_with("未知主题") && e.contains("high-contrast"),
            "{e}"
        );
        let e = check_theme("/nonexistent/dark.toml", Lang::En).expect_err("missing file");
        assert!(
            e.contains("cannot read the theme file /nonexistent/dark.toml"),
            "{e}"
        );
        let dir = std::env::temp_dir().join(format!("callboard-theme-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("mine.toml");
        std::fs::write(&file, "# theme\n").expect("write");
        assert!(check_theme(&file.display().to_string(), Lang::En).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
