//! The reason of a TOML syntax error, in words, for the config and theme files.
//!
//! toml 0.8 takes its message from the parser's (winnow's) error context; where the grammar has
//! none — e.g. after a comment, where only a line ending may follow — the message is empty, and
//! `invalid TOML: ;` told nothing. Then the reason is what stands at the error's position: a
//! control character (TOML allows none but tab, not even in a comment), an unexpected character,
//! or the end of the file.

use super::echo::{echo, echo_message, is_unsafe_char};

/// toml's own message (folded to one line, quoted values cut), and what stands at `offset` when
/// that says nothing or the culprit is a character one cannot see.
pub fn toml_reason(src: &str, offset: usize, message: &str) -> String {
    let message = echo_message(message);
    let at = char_at(src, offset);
    let invisible = at.filter(|c| is_unsafe_char(*c) && *c != '\t' && *c != '\n');
    match (message.is_empty(), invisible) {
        (true, Some(c)) => invisible_char(c),
        (false, Some(c)) => format!("{message}: {}", invisible_char(c)),
        (false, None) if message.contains("recursion limit") => {
            format!("{message}: arrays or tables are nested too deeply; flatten them")
        }
        (false, None) => message,
        (true, None) => match at {
            None => "unexpected end of file".to_string(),
            Some('\n') => "unexpected end of line".to_string(),
            Some(c) => format!("unexpected `{}`", echo(&c.to_string())),
        },
    }
}

/// A control or bidi character, named by its code point, and the fix.
fn invisible_char(c: char) -> String {
    let code = c as u32;
    if c.is_control() {
        format!(
            "control character U+{code:04X} is not allowed in TOML, not even in a comment; \
             delete it (inside a string, write it as \\u{code:04X})"
        )
    } else {
        format!(
            "invisible character U+{code:04X} (a bidirectional-text control) is not allowed here; delete it"
        )
    }
}

/// The character at byte `offset` (or the one it falls inside), `None` at the end.
fn char_at(src: &str, offset: usize) -> Option<char> {
    let mut start = offset.min(src.len());
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    src[start..].chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_message_gets_the_character_at_the_position() {
        let src = "# comment \u{1}\n";
        let r = toml_reason(src, 10, "");
        assert!(
            r.starts_with("control character U+0001 is not allowed"),
            "{r}"
        );
        assert_eq!(toml_reason("a = ", 4, ""), "unexpected end of file");
        assert_eq!(toml_reason("a = ?", 4, ""), "unexpected `?`");
        assert_eq!(
            toml_reason("a = \"x\u{7}\"", 6, "invalid basic string"),
            format!("invalid basic string: {}", invisible_char('\u{7}'))
        );
        assert!(toml_reason("a = [[[", 6, "recursion limit exceeded").contains("nested too deeply"));
        assert_eq!(
            toml_reason("a = 1 2", 6, "expected newline, `#`\n"),
            "expected newline, `#`"
        );
    }
}
