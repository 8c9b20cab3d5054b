//! Themes: `themes/*.toml` (a palette, semantic roles, one style per agent state) parsed into
//! ratatui styles, with line-numbered errors.
//!
//! The four built-in themes are embedded in the binary. A theme name may also be a path to a
//! `.toml` file. Keys a theme leaves out come from its `base` (the built-in `default` unless set).
//! [`Theme::load`] is strict (for `callboard check`); [`Theme::resolve`] falls back to the default
//! theme with a warning (for the TUI, which must start anyway).

use crate::config::{echo, read_local_text, toml_reason, LocalFileError};
use crate::model::StateKey;
use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// The built-in themes: name and TOML text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../themes/default.toml")),
    ("light", include_str!("../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../themes/mono.toml")),
];

/// The largest theme file read (256 KiB; a theme is a few KiB). Only a regular file is read.
pub const MAX_THEME_FILE_BYTES: u64 = 256 * 1024;

/// The semantic roles a theme sets (besides one style per state).
pub const ROLES: &[&str] = &[
    "text",
    "muted",
    "accent",
    "border",
    "title",
    "table-header",
    "selected",
    "stale",
    "alert",
    "ok",
    "info",
    "warn",
    "error",
    "readonly",
    "key",
    "dialog",
];

/// A resolved theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    roles: [Style; 16],
    states: [Style; 10],
}

/// A theme that does not load: where and why. Displays as `FILE:LINE:COL: MESSAGE`, or
/// `FILE: MESSAGE` when the problem is the file itself (line and column 0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", place(source_name, *line, *column))]
pub struct ThemeError {
    /// The file path (cut to [`crate::config::MAX_ECHO_CHARS`] characters), or `built-in NAME`.
    pub source_name: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn place(source: &str, line: usize, column: usize) -> String {
    match line {
        0 => format!("{source}: "),
        _ => format!("{source}:{line}:{column}: "),
    }
}

macro_rules! role {
    ($fn:ident, $i:expr) => {
        pub fn $fn(&self) -> Style {
            self.roles[$i]
        }
    };
}

impl Theme {
    role!(text, 0);
    role!(muted, 1);
    role!(accent, 2);
    role!(border, 3);
    role!(title, 4);
    role!(table_header, 5);
    role!(selected, 6);
    role!(stale, 7);
    role!(alert, 8);
    role!(ok, 9);
    role!(info, 10);
    role!(warn, 11);
    role!(error, 12);
    role!(readonly, 13);
    role!(key, 14);
    role!(dialog, 15);

    /// The style of an agent state.
    pub fn state(&self, s: StateKey) -> Style {
        self.states[s.index()]
    }

    /// The built-in default theme (always loads; tests check every built-in).
    pub fn fallback() -> Theme {
        Theme::builtin("default").unwrap_or(Theme {
            name: "default".into(),
            roles: [Style::default(); 16],
            states: [Style::default(); 10],
        })
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        parse(text, &format!("built-in {name}"), 0).ok()
    }

    /// Loads a built-in theme by name, or a theme file by path (strict).
    pub fn load(name_or_path: &str) -> Result<Theme, ThemeError> {
        if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            return parse(text, &format!("built-in {name_or_path}"), 0);
        }
        let path = crate::config::expand_home(name_or_path);
        let source_name = echo(&path.display().to_string());
        let text = read_file(&path).map_err(|e| ThemeError {
            source_name: source_name.clone(),
            line: 0,
            column: 0,
            message: file_problem(&e),
        })?;
        parse(&text, &source_name, 0)
    }

    /// Loads a theme, or falls back to the default with the reason (for the TUI).
    pub fn resolve(name_or_path: &str) -> (Theme, Option<ThemeError>) {
        match Theme::load(name_or_path) {
            Ok(t) => (t, None),
            Err(e) => (Theme::fallback(), Some(e)),
        }
    }

    /// The theme to start with: `--theme` wins, then `NO_COLOR` (mono), then the config's, then
    /// `default`.
    pub fn choose(flag: Option<&str>, config: Option<&str>, no_color: bool) -> String {
        match (flag, no_color, config) {
            (Some(f), _, _) => f.to_string(),
            (None, true, _) => "mono".to_string(),
            (None, false, Some(c)) => c.to_string(),
            (None, false, None) => "default".to_string(),
        }
    }
}

/// Whether the environment asks the dashboard for no colour (`NO_COLOR`, or `CLICOLOR=0`
/// without `CLICOLOR_FORCE`; see [`crate::colour`]).
pub fn no_color_env() -> bool {
    crate::colour::screen_mono()
}

/// Reads a theme file: a regular file of at most [`MAX_THEME_FILE_BYTES`], UTF-8.
pub fn read_file(path: &Path) -> Result<String, LocalFileError> {
    read_local_text(path, MAX_THEME_FILE_BYTES)
}

/// Why a theme file could not be read, and what to do.
fn file_problem(e: &LocalFileError) -> String {
    let builtin = builtin_names();
    match e {
        _ if e.is_not_found() => format!(
            "the theme file does not exist; fix the path, or use a built-in theme ({builtin})"
        ),
        LocalFileError::NotRegular { kind } => format!(
            "the theme path is {kind}, not a regular file; point it at a .toml theme file, or use a built-in theme ({builtin})"
        ),
        LocalFileError::TooLarge { cap } => format!(
            "the theme file is larger than {}, the most callboard reads (a theme is a few KiB); check the path",
            crate::config::size_text(*cap)
        ),
        LocalFileError::NotUtf8 => "the theme file is not UTF-8 text; save it as UTF-8".to_string(),
        LocalFileError::Io(e) => format!(
            "cannot read the theme file: {e}; check that callboard's user may read it, or use a built-in theme ({builtin})"
        ),
    }
}

fn builtin_names() -> String {
    BUILTIN
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

type Spanned<T> = toml::Spanned<T>;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    base: Option<Spanned<String>>,
    #[serde(default)]
    palette: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    roles: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    states: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

fn parse(text: &str, source: &str, depth: usize) -> Result<Theme, ThemeError> {
    let err = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = line_col(text, span.start);
        ThemeError {
            source_name: source.to_string(),
            line,
            column,
            message,
        }
    };
    let file: ThemeFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let reason = toml_reason(text, span.start, e.message());
        err(span, reason)
    })?;
    let _ = &file.description;
    let mut theme = match &file.base {
        Some(base) if depth < 4 => {
            let name = base.get_ref();
            let (_, base_text) = BUILTIN
                .iter()
                .find(|(n, _)| *n == name.as_str())
                .ok_or_else(|| {
                    err(
                        base.span(),
                        format!(
                            "unknown base theme `{}`; use one of {}",
                            echo(name),
                            builtin_names()
                        ),
                    )
                })?;
            parse(base_text, &format!("built-in {name}"), depth + 1)?
        }
        _ if source == "built-in default" => Theme {
            name: String::new(),
            roles: [Style::default(); 16],
            states: [Style::default(); 10],
        },
        _ => parse(BUILTIN[0].1, "built-in default", depth + 1)?,
    };
    theme.name = file.name.clone().unwrap_or_else(|| source.to_string());
    let mut palette = BTreeMap::new();
    for (k, v) in &file.palette {
        let c = Color::from_str(v.get_ref()).map_err(|_| {
            err(
                v.span(),
                format!(
                    "`{}` is not a colour; write a name (red, lightblue, gray…), \"#rrggbb\" or 0-255",
                    echo(v.get_ref())
                ),
            )
        })?;
        palette.insert(k.get_ref().clone(), c);
    }
    for (k, v) in &file.roles {
        let i = ROLES
            .iter()
            .position(|r| *r == k.get_ref())
            .ok_or_else(|| {
                err(
                    k.span(),
                    format!(
                        "unknown role `{}`; roles are {}",
                        echo(k.get_ref()),
                        ROLES.join(", ")
                    ),
                )
            })?;
        theme.roles[i] = style_of(v, &palette).map_err(|m| err(v.span(), m))?;
    }
    for (k, v) in &file.states {
        let s = StateKey::ALL
            .iter()
            .find(|s| s.key() == k.get_ref())
            .ok_or_else(|| {
                let names: Vec<_> = StateKey::ALL.iter().map(|s| s.key()).collect();
                err(
                    k.span(),
                    format!(
                        "unknown state `{}`; states are {}",
                        echo(k.get_ref()),
                        names.join(", ")
                    ),
                )
            })?;
        theme.states[s.index()] = style_of(v, &palette).map_err(|m| err(v.span(), m))?;
    }
    Ok(theme)
}

fn color_of(name: &str, palette: &BTreeMap<String, Color>) -> Result<Color, String> {
    if let Some(c) = palette.get(name) {
        return Ok(*c);
    }
    Color::from_str(name).map_err(|_| {
        format!(
            "`{}` is neither a palette name nor a colour (a name such as red, \"#rrggbb\" or 0-255)",
            echo(name)
        )
    })
}

fn style_of(v: &Spanned<toml::Value>, palette: &BTreeMap<String, Color>) -> Result<Style, String> {
    match v.get_ref() {
        toml::Value::String(s) => Ok(Style::default().fg(color_of(s, palette)?)),
        toml::Value::Table(t) => {
            let mut style = Style::default();
            for (key, value) in t {
                match (key.as_str(), value) {
                    ("fg", toml::Value::String(s)) => style = style.fg(color_of(s, palette)?),
                    ("bg", toml::Value::String(s)) => style = style.bg(color_of(s, palette)?),
                    (m, toml::Value::Boolean(on)) if modifier(m).is_some() => {
                        let m = modifier(m).unwrap_or(Modifier::empty());
                        style = if *on {
                            style.add_modifier(m)
                        } else {
                            style.remove_modifier(m)
                        };
                    }
                    ("fg" | "bg", _) => return Err(format!("`{key}` must be a colour string")),
                    (m, _) if modifier(m).is_some() => {
                        return Err(format!("`{key}` must be true or false"))
                    }
                    _ => {
                        return Err(format!(
                            "unknown style key `{}`; use fg, bg, bold, dim, italic, underline, reversed",
                            echo(key)
                        ))
                    }
                }
            }
            Ok(style)
        }
        _ => Err("a style is a colour string or a table { fg, bg, bold, … }".to_string()),
    }
}

fn modifier(name: &str) -> Option<Modifier> {
    Some(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underline" | "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        _ => return None,
    })
}

/// Checks a theme file's text (for tests and `callboard check`).
pub fn check_text(text: &str, source: &str) -> Result<(), ThemeError> {
    parse(text, source, 0).map(|_| ())
}

/// Whether `name` looks like a path rather than a built-in name.
pub fn is_path(name: &str) -> bool {
    Path::new(name).extension().is_some() || name.contains('/') || name.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads_and_differs() {
        let themes: Vec<Theme> = BUILTIN
            .iter()
            .map(|(n, _)| Theme::load(n).unwrap())
            .collect();
        assert_eq!(themes.len(), 4);
        for (i, a) in themes.iter().enumerate() {
            for b in &themes[i + 1..] {
                assert_ne!(a.roles, b.roles, "{} vs {}", a.name, b.name);
            }
        }
        let mono = Theme::load("mono").unwrap();
        for s in mono.roles.iter().chain(mono.states.iter()) {
            assert!(matches!(s.fg, None | Some(Color::Reset)), "{s:?}");
            assert!(s.bg.is_none(), "{s:?}");
        }
    }

    #[test]
    fn errors_carry_lines() {
        let e = check_text("name = \"x\"\n[roles]\ntext = \"nocolour\"\n", "t.toml").unwrap_err();
        assert_eq!((e.line, e.column), (3, 8), "{e}");
        assert!(e.message.contains("nocolour"), "{e}");
        let e =
            check_text("[states]\nready = \"red\"\nsleeping = \"red\"\n", "t.toml").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("unknown state"), "{e}");
        let e = check_text("[roles]\ntext = { fg = \"red\", blink = true }\n", "t").unwrap_err();
        assert_eq!(e.line, 2);
        let e = check_text("colours = 1\n", "t").unwrap_err();
        assert_eq!(e.line, 1);
        let e = check_text("[roles\n", "t").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("t:1:"), "{e}");
    }

    #[test]
    fn partial_themes_inherit_and_bad_ones_fall_back() {
        let t = parse("base = \"light\"\n[states]\nready = \"red\"\n", "x", 0).unwrap();
        let light = Theme::load("light").unwrap();
        assert_eq!(t.state(StateKey::Ready).fg, Some(Color::Red));
        assert_eq!(t.text(), light.text());
        let (t, e) = Theme::resolve("/nonexistent/theme.toml");
        assert_eq!(t.name, "default");
        assert!(e.is_some());
    }

    #[test]
    fn precedence() {
        assert_eq!(Theme::choose(Some("light"), Some("x"), true), "light");
        assert_eq!(Theme::choose(None, Some("light"), true), "mono");
        assert_eq!(Theme::choose(None, Some("light"), false), "light");
        assert_eq!(Theme::choose(None, None, false), "default");
    }
}
