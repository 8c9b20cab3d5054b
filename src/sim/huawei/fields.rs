//! Typed, lenient access to request-body fields: integers and booleans may also arrive as strings
//! (`"status": "4"`, `"releasephone": "true"`), as the documents' own samples send them.

use serde_json::{Map, Value};

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("parameter {0} is missing")]
    Missing(&'static str),
    #[error("parameter {0} has the wrong type")]
    Type(&'static str),
    #[error("parameter {0} is out of range or too long")]
    Range(&'static str),
}

/// Parses a body as a JSON object.
pub fn object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn present<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

/// A string field of at most `max` characters.
pub fn string(
    obj: &Map<String, Value>,
    key: &'static str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match present(obj, key) {
        None => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(FieldError::Range(key)),
        Some(_) => Err(FieldError::Type(key)),
    }
}

/// A boolean field: `true`/`false` or the strings `"true"`/`"false"`.
pub fn boolean(obj: &Map<String, Value>, key: &'static str) -> Result<Option<bool>, FieldError> {
    match present(obj, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(FieldError::Type(key)),
    }
}

/// An integer field (a JSON integer or a string of digits) within `range`.
pub fn integer(
    obj: &Map<String, Value>,
    key: &'static str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, FieldError> {
    let n = match present(obj, key) {
        None => return Ok(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(n) => n,
            // A float, or an integer beyond i64.
            None if n.is_f64() => return Err(FieldError::Type(key)),
            None => return Err(FieldError::Range(key)),
        },
        Some(Value::String(s)) => {
            let t = s.trim();
            let digits = t.strip_prefix('-').unwrap_or(t);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(FieldError::Type(key));
            }
            t.parse::<i64>().map_err(|_| FieldError::Range(key))?
        }
        Some(_) => return Err(FieldError::Type(key)),
    };
    if range.contains(&n) {
        Ok(Some(n))
    } else {
        Err(FieldError::Range(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn integers_and_booleans_accept_strings() {
        let o = obj(
            json!({"a": "4", "b": 11, "c": "true", "d": false, "e": "x", "f": 1.5,
                           "g": 123456789012345678901234567890u128.to_string()}),
        );
        assert_eq!(integer(&o, "a", 0..=10), Ok(Some(4)));
        assert_eq!(integer(&o, "b", 0..=10), Err(FieldError::Range("b")));
        assert_eq!(boolean(&o, "c"), Ok(Some(true)));
        assert_eq!(boolean(&o, "d"), Ok(Some(false)));
        assert_eq!(boolean(&o, "e"), Err(FieldError::Type("e")));
        assert_eq!(integer(&o, "e", 0..=10), Err(FieldError::Type("e")));
        assert_eq!(integer(&o, "f", 0..=10), Err(FieldError::Type("f")));
        assert_eq!(integer(&o, "g", 0..=10), Err(FieldError::Range("g")));
        assert_eq!(integer(&o, "zz", 0..=10), Ok(None));
        assert_eq!(string(&o, "e", 0), Err(FieldError::Range("e")));
        assert_eq!(string(&o, "b", 5), Err(FieldError::Type("b")));
    }
}
