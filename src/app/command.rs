//! Command mode (`:`): `:backend NAME` (show one backend; `:backend` alone shows all),
//! `:theme NAME` (a built-in theme or a theme file), `:filter TEXT`, `:sort`, `:help`, `:q`.

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `None` shows every backend.
    Backend(Option<String>),
    Theme(String),
    Filter(String),
    Help,
    Quit,
}

/// Parses what was typed after `:`.
pub fn parse(line: &str) -> Result<Command, String> {
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
        "theme" | "t" => {
            Err("usage: :theme NAME (default, light, high-contrast, mono, or a .toml path)".into())
        }
        "filter" | "f" => Ok(Command::Filter(rest.to_string())),
        "help" | "h" => Ok(Command::Help),
        "" => Err("type a command: :backend NAME, :theme NAME, :filter TEXT, :help, :q".into()),
        other => Err(format!(
            "unknown command `{other}`: use :backend NAME, :theme NAME, :filter TEXT, :help or :q"
        )),
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
        assert!(parse("theme").is_err());
        assert!(parse("frobnicate").unwrap_err().contains("unknown command"));
    }
}
