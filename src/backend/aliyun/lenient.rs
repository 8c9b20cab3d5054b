//! Lenient serde helpers for CCC bodies: numbers as strings, booleans as strings, lists as
//! JSON-array strings, and `"无"` ("none") placeholders, none of which ever fail a whole response.
//! The structure itself is not guessed at: a list of objects that is not a list (or holds items
//! that are not objects) and a nested object that is neither an object nor a placeholder fail.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Placeholder values the vendor's examples use for "nothing".
fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t == "无" || t.eq_ignore_ascii_case("null")
}

/// A string from a string, number or bool; `null` and `"无"` become empty.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if s.trim() == "无" => String::new(),
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

fn value_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
            .or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| f as i64)
            })
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn value_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

/// An integer from a number or a numeric string; anything else is 0.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(value_i64(&Value::deserialize(d)?).unwrap_or(0))
}

/// An optional integer from a number or a numeric string.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(value_i64(&Value::deserialize(d)?))
}

/// An unsigned 64-bit id (RamId, ~2.1e16, above 2^53) read exactly, never through `f64`.
pub fn id_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(value_u64(&Value::deserialize(d)?).unwrap_or(0))
}

fn value_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" => Some(true),
            "false" | "0" | "no" | "n" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A bool from `true`, `"true"`, `1` or `"1"`; anything else is false.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(value_bool(&Value::deserialize(d)?).unwrap_or(false))
}

/// An optional bool (absent or unreadable is `None`).
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(value_bool(&Value::deserialize(d)?))
}

/// The items of a list given as a JSON array, as a string holding a JSON array
/// (`"[\"a\",\"b\"]"`), or as a comma-separated string; placeholders give an empty list.
fn list_values(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        Value::String(s) => {
            let t = s.trim();
            if is_placeholder(t) {
                Vec::new()
            } else if t.starts_with('[') {
                match serde_json::from_str::<Value>(t) {
                    Ok(Value::Array(items)) => items,
                    _ => Vec::new(),
                }
            } else {
                t.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::String(p.to_string()))
                    .collect()
            }
        }
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// A list of strings (see `list_values` for the accepted shapes).
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(list_values(Value::deserialize(d)?)
        .into_iter()
        .filter_map(|v| match v {
            Value::String(s) if !is_placeholder(&s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect())
}

/// The JSON type of `v` in words, for decode errors.
pub(crate) use crate::text::json_kind as kind;

/// A list of objects: a JSON array, a string holding one, or `null` / a placeholder (empty).
/// Anything else, or an item that is not an object (`null` items are skipped), fails.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    use serde::de::Error;
    let items = match Value::deserialize(d)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        Value::String(s) if is_placeholder(&s) => Vec::new(),
        Value::String(s) => match serde_json::from_str::<Value>(s.trim()) {
            Ok(Value::Array(items)) => items,
            _ => {
                return Err(D::Error::custom(
                    "expected a list of objects, got a string that is not a JSON array",
                ))
            }
        },
        other => {
            return Err(D::Error::custom(format!(
                "expected a list of objects, got {}",
                kind(&other)
            )))
        }
    };
    items
        .into_iter()
        .filter(|v| !v.is_null())
        .map(|v| match v {
            v @ Value::Object(_) => serde_json::from_value(v).map_err(D::Error::custom),
            other => Err(D::Error::custom(format!(
                "expected a list of objects, got an item that is {}",
                kind(&other)
            ))),
        })
        .collect()
}

/// A nested object, or its default when the field is `null` or a placeholder; a string holding a
/// JSON object is read as one. Anything else fails.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    Ok(opt_object(d)?.unwrap_or_default())
}

/// An optional nested object (`None` when absent, `null` or a placeholder); a string holding a
/// JSON object is read as one. Anything else fails.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    use serde::de::Error;
    match Value::deserialize(d)? {
        v @ Value::Object(_) => serde_json::from_value(v)
            .map(Some)
            .map_err(D::Error::custom),
        Value::Null => Ok(None),
        Value::String(s) if is_placeholder(&s) => Ok(None),
        Value::String(s) if s.trim().starts_with('{') => serde_json::from_str(s.trim())
            .map(Some)
            .map_err(D::Error::custom),
        other => Err(D::Error::custom(format!(
            "expected an object, got {}",
            kind(&other)
        ))),
    }
}

/// The first of several spellings of a key in a JSON object (`Code`, `code`, …), as a string.
pub fn field_str(obj: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match obj.get(*n)? {
        Value::String(s) if !is_placeholder(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The first of several spellings of a key, read as a lenient bool.
pub fn field_bool(obj: &Value, names: &[&str]) -> Option<bool> {
    names.iter().find_map(|n| obj.get(*n).and_then(value_bool))
}
