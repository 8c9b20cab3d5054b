//! The top-level fields of a JSON object's text, found by a byte scan: each key as written and the
//! span of its value. Meant for text serde_json has already checked (a `RawValue`), so it only
//! locates (a key with an escape is decoded by serde_json); anything it does not read exactly (a
//! byte out of place) makes it answer `None`, and the caller reads the object with serde instead. This is what lets an
//! unchanged agent record cost one scan and one hash instead of a field-by-field parse.

use std::borrow::Cow;
use std::ops::Range;

/// Calls `field(key, value)` for each top-level field of the object `text`, in order: the key
/// (borrowed unless it holds an escape) and the span of its value in `text`. `None` when `text` is
/// not one JSON object this scan reads exactly (then `field` may have seen some of its fields).
pub fn for_each_field<'a>(
    text: &'a str,
    mut field: impl FnMut(Cow<'a, str>, Range<usize>),
) -> Option<()> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return (skip_ws(b, i + 1) == b.len()).then_some(());
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let (end, escaped) = string_end(b, i + 1)?;
        let key = if escaped {
            Cow::Owned(serde_json::from_str::<String>(text.get(i..=end)?).ok()?)
        } else {
            Cow::Borrowed(text.get(i + 1..end)?)
        };
        i = skip_ws(b, end + 1);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let start = skip_ws(b, i + 1);
        let stop = value_end(b, start)?;
        field(key, start..stop);
        i = skip_ws(b, stop);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return (skip_ws(b, i + 1) == b.len()).then_some(()),
            _ => return None,
        }
    }
}

/// Whether `text` (a value's text) is a JSON string with no escape; its content when it is.
pub fn plain_string(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['\\', '"'])).then_some(inner)
}

/// The index of the first byte at or after `i` that is not JSON whitespace.
pub fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The index of the quote closing the string whose content starts at `i`, and whether the string
/// holds an escape.
fn string_end(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        // Most strings of a record are short: a plain loop finds their end sooner than a vector
        // search, which takes over past 32 bytes.
        let rest = b.get(i..)?;
        let short = rest.len().min(32);
        i += match rest[..short].iter().position(|c| matches!(c, b'"' | b'\\')) {
            Some(at) => at,
            None => short + memchr::memchr2(b'"', b'\\', &rest[short..])?,
        };
        if b[i] == b'"' {
            return Some((i, escaped));
        }
        // A backslash: it and the byte it escapes.
        escaped = true;
        i += 2;
    }
}

/// The index just past the value starting at `i` (`None` when none starts there).
pub fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i + 1).map(|(end, _)| end + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => j = string_end(b, j + 1)?.0,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        for_each_field(text, |k, v| out.push((k.to_string(), text[v].to_string())))?;
        Some(out)
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fields_and_their_value_spans() {
        assert_eq!(
            fields(r#"{"a":1,"b":"x,}\"y","c":{"d":[1,{"e":"]"}]},"f":[],"g":null,"h":-1.5e3}"#),
            Some(pairs(&[
                ("a", "1"),
                ("b", r#""x,}\"y""#),
                ("c", r#"{"d":[1,{"e":"]"}]}"#),
                ("f", "[]"),
                ("g", "null"),
                ("h", "-1.5e3"),
            ]))
        );
        assert_eq!(
            fields(" { \"a\" : true ,\n\"b\"\t:\"\" } "),
            Some(pairs(&[("a", "true"), ("b", "\"\"")]))
        );
        assert_eq!(fields("{}"), Some(vec![]));
        assert_eq!(fields("{ }"), Some(vec![]));
        assert_eq!(
            fields(r#"{"Dur\u0061tion":1,"a\"b":2}"#),
            Some(pairs(&[("Duration", "1"), ("a\"b", "2")])),
            "escaped keys are decoded"
        );
    }

    #[test]
    fn what_it_does_not_read_exactly_is_none() {
        for text in [
            r#"[1]"#,
            r#""x""#,
            r#"{"a":1"#,
            r#"{"a":1}x"#,
            r#"{"a":}"#,
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            r#"{"a":"unterminated}"#,
            r#"{"a":{"b":1}"#,
            r#"{"a":"\"#,
            r#"{"\x":1}"#,
            "",
        ] {
            assert_eq!(fields(text), None, "{text}");
        }
    }

    #[test]
    fn plain_strings_only() {
        assert_eq!(plain_string(r#""agent1@ccc""#), Some("agent1@ccc"));
        assert_eq!(plain_string(r#""""#), Some(""));
        assert_eq!(plain_string(r#""a\nb""#), None);
        assert_eq!(plain_string("12"), None);
        assert_eq!(plain_string("\""), None);
    }
}
