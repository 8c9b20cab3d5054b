//! Key bindings: the action names `[keys]` accepts and [`KeySpec`], a key as written in the config
//! (`r`, `enter`, `pgdn`, `f1`, `ctrl-c`, `alt-x`, `shift-tab`).

use std::fmt;

/// The actions a key can be bound to in `[keys]`.
pub const ACTIONS: &[&str] = &[
    "quit",
    "up",
    "down",
    "top",
    "bottom",
    "page-up",
    "page-down",
    "detail",
    "next-view",
    "filter",
    "sort",
    "sign-in",
    "reset",
    "reset-all",
    "ivr-auth",
    "break",
    "ready",
    "sign-out",
    "command",
    "help",
    "columns",
];

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character (space is `Char(' ')`, written `space`).
    Char(char),
    Enter,
    Tab,
    /// Shift-Tab.
    BackTab,
    Esc,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    /// F1 to F24.
    F(u8),
}

/// A key with modifiers. Parsed case-insensitively for names and modifiers; a single character is
/// taken as written (`R` is shift-r). `ctrl-` letters are normalized to lower case, and `shift-` on a
/// letter to its capital (`shift-a` is `A`), so equal keys compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// A key binding that does not parse; the message says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{}` is not a key: {reason}", super::echo(key))]
pub struct KeyParseError {
    pub key: String,
    pub reason: String,
}

/// What a key may look like, for messages.
pub(crate) const KEY_HELP: &str =
    "write a single character (\"r\"), a key name (enter, tab, esc, space, backspace, \
     delete, insert, home, end, up, down, left, right, pgup, pgdn, f1 to f24), optionally after \
     ctrl-, alt- or shift- (\"ctrl-r\")";

const NAMES: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("bs", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pgdown", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("minus", KeyCode::Char('-')),
];

impl KeySpec {
    /// A plain key.
    pub fn new(code: KeyCode) -> KeySpec {
        KeySpec {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// Parses `r`, `R`, `?`, `enter`, `pgdn`, `f5`, `ctrl-c`, `alt-enter`, `shift-tab`, `ctrl+x`.
    pub fn parse(text: &str) -> Result<KeySpec, KeyParseError> {
        let fail = |reason: &str| KeyParseError {
            key: text.to_string(),
            reason: reason.to_string(),
        };
        if text.is_empty() {
            return Err(fail("it is empty"));
        }
        let mut spec = KeySpec::new(KeyCode::Char(' '));
        let mut rest = text;
        // Modifiers: `ctrl-`, `alt-`, `shift-` (or with `+`), as long as something follows.
        loop {
            let lower = rest.to_ascii_lowercase();
            let found = ["ctrl", "control", "alt", "meta", "shift"]
                .iter()
                .find_map(|m| {
                    let after = lower.strip_prefix(m)?;
                    let sep = after.chars().next().filter(|c| *c == '-' || *c == '+')?;
                    (after.len() > sep.len_utf8()).then_some((*m, m.len() + 1))
                });
            match found {
                Some((m, len)) => {
                    match m {
                        "ctrl" | "control" => spec.ctrl = true,
                        "alt" | "meta" => spec.alt = true,
                        _ => spec.shift = true,
                    }
                    rest = &rest[len..];
                }
                None => break,
            }
        }
        let mut chars = rest.chars();
        spec.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            (Some(c), None) => {
                return Err(fail(&format!(
                    "U+{:04X} is a control character; {KEY_HELP}",
                    c as u32
                )))
            }
            _ => named(rest).ok_or_else(|| fail(&format!("unknown key name; {KEY_HELP}")))?,
        };
        Ok(spec.normalized())
    }

    fn normalized(mut self) -> KeySpec {
        match self.code {
            KeyCode::Char(c) if self.ctrl && c.is_ascii_alphabetic() => {
                self.code = KeyCode::Char(c.to_ascii_lowercase());
            }
            KeyCode::Char(c) if self.shift && c.is_alphabetic() => {
                self.code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
                self.shift = false;
            }
            KeyCode::Tab if self.shift => {
                self.code = KeyCode::BackTab;
                self.shift = false;
            }
            _ => {}
        }
        self
    }
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=24).contains(&n).then_some(KeyCode::F(n))
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
        }
    }
}

impl std::str::FromStr for KeySpec {
    type Err = KeyParseError;
    fn from_str(s: &str) -> Result<KeySpec, KeyParseError> {
        KeySpec::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> KeySpec {
        KeySpec::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints() {
        for (input, shown) in [
            ("r", "r"),
            ("R", "R"),
            ("?", "?"),
            ("-", "-"),
            ("enter", "enter"),
            ("Esc", "esc"),
            ("pgdn", "pgdn"),
            ("PageUp", "pgup"),
            ("f1", "f1"),
            ("F12", "f12"),
            ("ctrl-c", "ctrl-c"),
            ("Ctrl+C", "ctrl-c"),
            ("ctrl--", "ctrl--"),
            ("alt-enter", "alt-enter"),
            ("shift-tab", "backtab"),
            ("shift-a", "A"),
            ("space", "space"),
            (" ", "space"),
            ("ctrl-alt-x", "ctrl-alt-x"),
        ] {
            assert_eq!(k(input).to_string(), shown, "{input}");
        }
        assert_eq!(k("shift-a"), k("A"));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "enterr", "f0", "f25", "ctrl-", "rr", "\u{7}", "hyper-x"] {
            let e = KeySpec::parse(bad).unwrap_err();
            assert!(e.to_string().contains("is not a key"), "{e}");
        }
    }
}
