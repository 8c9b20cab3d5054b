//! Values echoed in error messages: control characters and bidi overrides shown escaped (`\u{1b}`),
//! and at most [`MAX_ECHO_CHARS`] characters of each value, cut with `…`.
//!
//! A config, theme or secret source may hold anything — an 8 MB string, terminal escape sequences —
//! and an error that quotes it must stay one readable line.

/// The most characters of one value (a theme name, an endpoint, a key, a command…) an error echoes.
pub const MAX_ECHO_CHARS: usize = 120;

/// The most characters of a parser's message (which may quote several values) an error echoes.
pub const MAX_PARSER_MESSAGE_CHARS: usize = 4 * MAX_ECHO_CHARS;

/// `value` made safe to echo: escaped, and cut to [`MAX_ECHO_CHARS`] characters with `…`.
pub fn echo(value: &str) -> String {
    clip(value, MAX_ECHO_CHARS)
}

/// A parser's message (serde's or toml's), which may quote values between `` ` `` or `"`: each
/// quoted run is cut to [`MAX_ECHO_CHARS`] characters, the whole to [`MAX_PARSER_MESSAGE_CHARS`],
/// control characters escaped and newlines folded to `, `.
pub fn echo_message(message: &str) -> String {
    let mut out = String::new();
    let mut run = 0;
    let mut cut = false;
    for c in message.trim().chars() {
        if c == '`' || c == '"' {
            if cut {
                out.push('…');
                cut = false;
            }
            run = 0;
            out.push(c);
            continue;
        }
        if cut {
            continue;
        }
        run += 1;
        if run > MAX_ECHO_CHARS {
            cut = true;
            continue;
        }
        match c {
            '\n' => out.push_str(", "),
            c => push_escaped(&mut out, c),
        }
    }
    if cut {
        out.push('…');
    }
    clip(&out, MAX_PARSER_MESSAGE_CHARS)
}

/// Whether a character must not reach a terminal as it is: a control character (C0, DEL, C1) or
/// a bidirectional-text control that reorders what follows.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    if is_unsafe_char(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

/// Escapes `text` and keeps at most `max` of its characters (an escape counts as one), then `…`.
fn clip(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_pass_long_ones_are_cut() {
        assert_eq!(echo("上海 shanghai"), "上海 shanghai");
        let long = "x".repeat(10_000);
        let shown = echo(&long);
        assert_eq!(shown.chars().count(), MAX_ECHO_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(
            echo(&"x".repeat(MAX_ECHO_CHARS)),
            "x".repeat(MAX_ECHO_CHARS)
        );
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(
            echo("a\u{1b}[2Jb\u{202e}c\u{7}"),
            "a\\u{1b}[2Jb\\u{202e}c\\u{7}"
        );
        assert_eq!(echo_message("bad\nthing\t"), "bad, thing");
    }

    #[test]
    fn quoted_runs_in_parser_messages_are_cut() {
        let long = "y".repeat(10_000);
        let m = echo_message(&format!(
            "invalid type: string \"{long}\", expected a boolean"
        ));
        assert!(m.starts_with("invalid type: string \"yyy"), "{m}");
        assert!(m.ends_with("…\", expected a boolean"), "{m}");
        let m = echo_message(&format!("unknown variant `{long}`, expected `v2` or `v3`"));
        assert!(m.ends_with("…`, expected `v2` or `v3`"), "{m}");
        // Unquoted, or quoted many times: the whole is cut too.
        let m = echo_message(&"a \" b ` ".repeat(10_000));
        assert!(m.chars().count() <= MAX_PARSER_MESSAGE_CHARS + 1, "{m}");
    }
}
