//! Command mode (`:`): `:backend NAME` (show one backend; `:backend` alone shows all),
//! `:theme NAME` (a built-in theme or a theme file), `:filter TEXT`, `:lang en|zh-CN` (the
//! screen's language, live), `:help`, `:q`.

use crate::i18n::{t, tf, Lang};

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `None` shows every backend.
    Backend(Option<String>),
    Theme(String),
    Filter(String),
    /// The language as typed (`zh-CN`, `en`; checked when it runs).
    Lang(String),
    Help,
    Quit,
}

/// What is wrong with a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// Nothing was typed.
    Empty,
    Unknown(String),
    ThemeUsage,
    LangUsage,
}

impl CommandError {
    /// The message in `lang`, with what is accepted (`now` is the language in use).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CommandError::Empty => t(lang, "command-empty"),
            CommandError::Unknown(word) => tf(lang, "command-unknown", &[("command", word.into())]),
            CommandError::ThemeUsage => t(lang, "command-theme-usage"),
            CommandError::LangUsage => {
                tf(lang, "command-lang-usage", &[("lang", lang.code().into())])
            }
        }
    }
}

/// Parses what was typed after `:`.
pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim();
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    match word {
        "q" | "q!" | "quit" | "exit" => Ok(Command::Quit),
        "backend" | "b" => Ok(Command::Backend(
            (!rest.is_empty() && rest != "all" && rest != "*").then(|| rest.to_string()),
        )),
        "theme" | "t" if !rest.is_empty() => Ok(Command::Theme(rest.to_string())),
        "theme" | "t" => Err(CommandError::ThemeUsage),
        "lang" | "language" if !rest.is_empty() => Ok(Command::Lang(rest.to_string())),
        "lang" | "language" => Err(CommandError::LangUsage),
        "filter" | "f" => Ok(Command::Filter(rest.to_string())),
        "help" | "h" => Ok(Command::Help),
        "" => Err(CommandError::Empty),
        other => Err(CommandError::Unknown(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(
            parse(" backend  huawei-sim "),
            Ok(Command::Backend(Some("huawei-sim".into())))
        );
        assert_eq!(parse("backend"), Ok(Command::Backend(None)));
        assert_eq!(parse("theme light"), Ok(Command::Theme("light".into())));
        assert_eq!(parse("lang zh-CN"), Ok(Command::Lang("zh-CN".into())));
        assert_eq!(parse("lang"), Err(CommandError::LangUsage));
        assert!(parse("theme").is_err());
        let unknown = parse("frobnicate").unwrap_err();
        assert!(unknown.message(Lang::En).contains("unknown command"));
        assert!(unknown.message(Lang::En).contains(":lang"));
        assert!(unknown.message(Lang::ZhCn).starts_with("未知命令"));
        assert_eq!(
            CommandError::LangUsage.message(Lang::ZhCn),
            "用法：:lang en 或 :lang zh-CN（当前为 zh-CN）"
        );
    }
}
