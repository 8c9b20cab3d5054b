//! Vendor text made safe to print: [`clean`] removes terminal escape sequences (CSI, OSC, DCS and
//! the other strings, two-byte escapes), C0/C1 control characters and bidi overrides/isolates, and
//! folds newlines and tabs to a space; [`clean_capped`] also caps the length. Every string a
//! vendor sends (names, codes, labels, error messages) goes through it before it reaches the
//! screen, stderr, a log or the audit log.

use std::borrow::Cow;

/// What ends a cut string.
pub const ELLIPSIS: char = '…';

/// The longest vendor message callboard repeats (in characters), e.g. in an error or a summary.
pub const MAX_MESSAGE_CHARS: usize = 300;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 String Terminator.
const ST: char = '\u{9c}';

/// Bidi embeddings, overrides, isolates and marks: they reorder what a terminal shows.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Line and tab characters, shown as one space.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_break(c)
}

/// Skips a control string's body (OSC, DCS, SOS, PM, APC) up to and including its terminator: BEL,
/// `ESC \` or the C1 ST. An unterminated string runs to the end.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | ST => return,
            ESC => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// Skips a CSI sequence's parameters and intermediates up to and including its final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if ('\u{20}'..='\u{3f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

/// Skips what follows an ESC: a CSI or a control string, or an `nF`/two-character escape.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // nF: intermediates, then one final character.
            while chars
                .peek()
                .is_some_and(|c| ('\u{20}'..='\u{2f}').contains(c))
            {
                chars.next();
            }
            if chars
                .peek()
                .is_some_and(|c| ('\u{30}'..='\u{7e}').contains(c))
            {
                chars.next();
            }
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// `s` without escape sequences, control characters or bidi controls; newlines and tabs (a run of
/// them) become one space. Borrowed when there was nothing to remove.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_cleaning) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut folded = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_break(c) {
            if !folded {
                out.push(' ');
                folded = true;
            }
            continue;
        }
        match c {
            ESC => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => {
                out.push(c);
                folded = false;
            }
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters of `s`: a longer text keeps `max - 1` and ends with `…`.
pub fn cap(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some(_) => {
            let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
            cut.push(ELLIPSIS);
            Cow::Owned(cut)
        }
    }
}

/// [`clean`], then [`cap`].
pub fn clean_capped(s: &str, max: usize) -> Cow<'_, str> {
    match clean(s) {
        Cow::Borrowed(b) => cap(b, max),
        Cow::Owned(o) => Cow::Owned(cap(&o, max).into_owned()),
    }
}

/// [`clean`] as an owned string (for fields that keep the text).
pub fn cleaned(s: &str) -> String {
    clean(s).into_owned()
}

/// Cleans a string in place (no allocation when it is clean already).
pub fn clean_in_place(s: &mut String) {
    if let Cow::Owned(c) = clean(s) {
        *s = c;
    }
}

/// Cleans every string of a JSON value in place, object keys included.
pub fn clean_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) => clean_in_place(s),
        Value::Array(a) => a.iter_mut().for_each(clean_json),
        Value::Object(m) => {
            if m.keys().any(|k| matches!(clean(k), Cow::Owned(_))) {
                let old = std::mem::take(m);
                for (k, x) in old {
                    m.insert(cleaned(&k), x);
                }
            }
            m.values_mut().for_each(clean_json);
        }
        _ => {}
    }
}

/// The JSON type of `v` in words (`a string`, `an array`, …), for messages about a peer's body.
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether a vendor field named `key` holds a customer's phone number (Alibaba `CounterParty`,
/// caller / callee numbers), which callboard masks unless `mask_numbers = false`.
pub fn is_number_field(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "party", "caller", "callee", "phone", "mobile", "ani", "dnis",
    ]
    .iter()
    .any(|w| k.contains(w))
}

/// A phone number masked as Chinese contact centers print it: the first 3 and last 4 digits
/// kept, the digits between as `*` (`13283411056` → `132****1056`). Text with fewer than 8
/// digits (an extension) is kept as it is.
pub fn mask_number(s: &str) -> String {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if digits < 8 {
        return s.to_string();
    }
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen > 3 && seen <= digits - 4 {
                    return '*';
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_masked_and_extensions_kept() {
        assert_eq!(mask_number("13283411056"), "132****1056");
        assert_eq!(mask_number("+86 132-8341-1056"), "+86 1**-****-1056");
        assert_eq!(mask_number("8001"), "8001");
        assert_eq!(mask_number("4008001000"), "400***1000");
        assert!(is_number_field("CounterParty"));
        assert!(is_number_field("callerNo"));
        assert!(!is_number_field("BreakCode"));
    }

    #[test]
    fn clean_text_is_borrowed() {
        for s in ["", "Henry Carter", "胡秀英", "lunch", "emoji 👩‍👩‍👧 ok", "a  b"] {
            assert!(matches!(clean(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn csi_sequences_go() {
        assert_eq!(clean("Forbidden.\u{1b}[2J"), "Forbidden.");
        assert_eq!(clean("\u{1b}[1;31mred\u{1b}[0m"), "red");
        assert_eq!(clean("a\u{1b}[?1049hb"), "ab");
        assert_eq!(clean("c1\u{9b}31mcsi"), "c1csi");
        // Unterminated: the rest of the parameters go.
        assert_eq!(clean("x\u{1b}[12;"), "x");
    }

    #[test]
    fn osc_and_other_strings_go() {
        assert_eq!(clean("\u{1b}]0;pwned\u{7}title"), "title");
        assert_eq!(
            clean("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "link"
        );
        assert_eq!(clean("a\u{9d}2;t\u{9c}b"), "ab");
        assert_eq!(clean("a\u{1b}Pq#0;2;0\u{1b}\\b"), "ab");
        assert_eq!(clean("a\u{1b}_apc\u{7}b"), "ab");
        // Unterminated: to the end.
        assert_eq!(clean("keep\u{1b}]0;no end"), "keep");
    }

    #[test]
    fn two_character_escapes_and_lone_esc_go() {
        assert_eq!(clean("a\u{1b}cb"), "ab", "RIS (full reset)");
        assert_eq!(clean("a\u{1b}(0b"), "ab", "charset switch");
        assert_eq!(clean("a\u{1b}"), "a");
        assert_eq!(clean("a\u{1b}\u{1b}[2Jb"), "ab");
    }

    #[test]
    fn controls_and_bidi_go() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{8}d\u{7f}e"), "abcde");
        assert_eq!(clean("a\u{80}b\u{9a}c"), "abc");
        assert_eq!(clean("a\u{9f}apc\u{9c}b"), "ab", "C1 APC string");
        assert_eq!(clean("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            clean("\u{2066}x\u{2069}\u{200e}y\u{200f}\u{061c}z\u{202a}"),
            "xyz"
        );
    }

    #[test]
    fn breaks_fold_to_one_space() {
        assert_eq!(clean("one\ntwo"), "one two");
        assert_eq!(clean("one\r\n\ttwo"), "one two");
        assert_eq!(clean("a\u{2028}b\u{85}c"), "a b c");
        assert_eq!(clean("line\n"), "line ");
        assert_eq!(clean("a\n\u{1b}[2J\nb"), "a b");
    }

    #[test]
    fn capped_at_a_number_of_characters() {
        assert_eq!(clean_capped("abcdef", 6), "abcdef");
        assert_eq!(clean_capped("abcdefg", 6), "abcde…");
        assert_eq!(clean_capped("胡秀英胡秀英", 4), "胡秀英…");
        assert_eq!(clean_capped("\u{1b}[2Jabc", 3), "abc");
        assert_eq!(clean_capped("abc", 0), "…");
        let long = "x".repeat(10_000);
        assert_eq!(
            clean_capped(&long, MAX_MESSAGE_CHARS).chars().count(),
            MAX_MESSAGE_CHARS
        );
    }

    #[test]
    fn json_strings_and_keys() {
        let mut v = serde_json::json!({"m\u{1b}[2J": ["a\nb", {"k": "\u{202e}x"}], "n": 1});
        clean_json(&mut v);
        assert_eq!(v, serde_json::json!({"m": ["a b", {"k": "x"}], "n": 1}));
    }

    #[test]
    fn nothing_unsafe_survives_any_mix() {
        let parts = [
            "\u{1b}", "[", "]", "\u{7}", "\u{9b}", "\u{9c}", "\u{9d}", "\\", "\n", "\u{202e}", "a",
            "é", "0", ";", "P", "m",
        ];
        let mut seed = 7u64;
        for _ in 0..5_000 {
            let mut s = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            let c = clean(&s);
            assert!(
                !c.chars().any(|ch| ch.is_control() || is_bidi_control(ch)),
                "{s:?} → {c:?}"
            );
        }
    }
}
