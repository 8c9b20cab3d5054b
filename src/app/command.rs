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
    /// `:export FILE`: the event log to a new file (JSON lines, or CSV for `*.csv`).
    Export(String),
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
    ExportUsage,
}

impl CommandError {
    /// The message in `lang`, with what is accepted (`now` is the language in use).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CommandError::Empty => t(lang, "command-empty"),
            CommandError::Unknown(word) => tf(lang, "command-unknown", &[("command", word.into())]),
            CommandError::ThemeUsage => t(lang, "command-theme-usage"),
            CommandError::ExportUsage => t(lang, "command-export-usage"),
            CommandError::LangUsage => {
                tf(lang, "command-lang-usage", &[("lang", lang.code().into())])
            }
        }
    }
}

/// Parses what was typed after `:`.
/// The command words, as Tab completes them (each also has its short forms in [`parse`]).
pub const WORDS: [&str; 7] = [
    "backend", "export", "filter", "help", "lang", "quit", "theme",
];

/// The full command word for `word`: itself, or the one command word it is a unique prefix of
/// (`:th dark` is `:theme dark`).
fn expand(word: &str) -> &str {
    match word {
        "b" => return "backend",
        "t" => return "theme",
        "f" => return "filter",
        "h" => return "help",
        "q" | "q!" | "exit" => return "quit",
        "language" => return "lang",
        _ => {}
    }
    let mut hits = WORDS.iter().filter(|w| w.starts_with(word));
    match (hits.next(), hits.next()) {
        (Some(w), None) if word.len() >= 2 => w,
        _ => word,
    }
}

/// Tab completion of a command line: the command word, then the argument from `args` (backend
/// names for `:backend`, theme names for `:theme`, languages for `:lang`). Completes to the
/// longest common prefix of the matches (with a space after a unique command word); `None`
/// when nothing matches or nothing would change.
pub fn complete(line: &str, backends: &[String]) -> Option<String> {
    let (word, rest) = match line.split_once(' ') {
        None => {
            let hits: Vec<&str> = WORDS
                .iter()
                .copied()
                .filter(|w| w.starts_with(line))
                .collect();
            let done = match hits.as_slice() {
                [one] => format!("{one} "),
                _ => common_prefix(&hits)?,
            };
            return (done != line).then_some(done);
        }
        Some((w, r)) => (expand(w), r.trim_start()),
    };
    let candidates: Vec<String> = match word {
        "backend" => backends.to_vec(),
        "theme" => crate::config::THEMES
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "lang" => Lang::ALL.iter().map(|l| l.code().to_string()).collect(),
        _ => return None,
    };
    let hits: Vec<&str> = candidates
        .iter()
        .map(String::as_str)
        .filter(|c| c.starts_with(rest))
        .collect();
    let arg = match hits.as_slice() {
        [one] => (*one).to_string(),
        _ => common_prefix(&hits)?,
    };
    let done = format!("{word} {arg}");
    (done != line).then_some(done)
}

fn common_prefix(words: &[&str]) -> Option<String> {
    let first = words.first()?;
    let mut end = first.len();
    for w in &words[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a == b)
                .count(),
        );
    }
    Some(first.chars().take(end).collect())
}

pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim();
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    match expand(word) {
        "q" | "q!" | "quit" | "exit" => Ok(Command::Quit),
        "backend" | "b" => Ok(Command::Backend(
            (!rest.is_empty() && rest != "all" && rest != "*").then(|| rest.to_string()),
        )),
        "theme" | "t" if !rest.is_empty() => Ok(Command::Theme(rest.to_string())),
        "theme" | "t" => Err(CommandError::ThemeUsage),
        "lang" | "language" if !rest.is_empty() => Ok(Command::Lang(rest.to_string())),
        "lang" | "language" => Err(CommandError::LangUsage),
        "filter" | "f" => Ok(Command::Filter(rest.to_string())),
        "export" if !rest.is_empty() => Ok(Command::Export(rest.to_string())),
        "export" => Err(CommandError::ExportUsage),
        "help" | "h" => Ok(Command::Help),
        "" => Err(CommandError::Empty),
        other => Err(CommandError::Unknown(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_words_and_arguments() {
        let backends = vec!["aliyun-sim".to_string(), "huawei-sim".to_string()];
        assert_eq!(complete("ba", &backends).as_deref(), Some("backend "));
        assert_eq!(
            complete("backend h", &backends).as_deref(),
            Some("backend huawei-sim")
        );
        assert_eq!(
            complete("b a", &backends).as_deref(),
            Some("backend aliyun-sim")
        );
        assert_eq!(
            complete("backend ", &backends),
            None,
            "two backends share no prefix"
        );
        assert_eq!(
            complete("theme hi", &backends).as_deref(),
            Some("theme high-contrast")
        );
        assert_eq!(complete("lang z", &backends).as_deref(), Some("lang zh-CN"));
        assert_eq!(complete("th", &backends).as_deref(), Some("theme "));
        assert_eq!(complete("x", &backends), None);
        assert_eq!(complete("backend huawei-sim", &backends), None);
        assert_eq!(parse("th light"), Ok(Command::Theme("light".into())));
        assert_eq!(parse("bac"), Ok(Command::Backend(None)));
    }

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
