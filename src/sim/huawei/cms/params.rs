//! Reading CC-CMS request bodies strictly as docs/huawei-cms.md §3-§4 types them: JSON integers
//! for `ccId`, `vdn` and id arrays, strings for indicator codes, bounded array lengths.

use serde_json::{Map, Value};

/// What is wrong with a body. `Scope` is `0100002`, everything else `0100001`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("parameter error: the body is not a JSON object")]
    Body,
    #[error("parameter error: {0} is missing")]
    Missing(&'static str),
    #[error("parameter error: {0} has the wrong type")]
    Type(&'static str),
    #[error("parameter error: {0} is out of range")]
    Range(&'static str),
    #[error("parameter error: {field} has more than {max} entries")]
    TooMany { field: &'static str, max: usize },
    #[error("ccId/vdn not found: this call center is ccId {cc_id}, vdn {vdn}")]
    Scope { cc_id: u32, vdn: u32 },
}

/// The call center a body must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub cc_id: u32,
    pub vdn: u32,
}

/// Parses the body as a JSON object.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, ParamError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ParamError::Body),
    }
}

/// Checks `ccId` (1–65535) and `vdn` (1–5000) are integers in range and name `expected`.
pub fn scope(obj: &Map<String, Value>, expected: Scope) -> Result<(), ParamError> {
    let cc_id = integer(obj.get("ccId"), "ccId", 1..=65_535)?;
    let vdn = integer(obj.get("vdn"), "vdn", 1..=5_000)?;
    if cc_id != i64::from(expected.cc_id) || vdn != i64::from(expected.vdn) {
        return Err(ParamError::Scope {
            cc_id: expected.cc_id,
            vdn: expected.vdn,
        });
    }
    Ok(())
}

/// A required array of integers, at most `max` long, each within `range`; duplicates dropped,
/// first occurrence order kept.
pub fn integers(
    obj: &Map<String, Value>,
    key: &'static str,
    max: usize,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Vec<i64>, ParamError> {
    let items = array(obj, key, max)?;
    let mut out: Vec<i64> = Vec::with_capacity(items.len());
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for item in items {
        let n = integer(Some(item), key, range.clone())?;
        if seen.insert(n) {
            out.push(n);
        }
    }
    Ok(out)
}

/// A required array of strings, at most `max` long, each at most `max_chars`; duplicates dropped.
pub fn strings(
    obj: &Map<String, Value>,
    key: &'static str,
    max: usize,
    max_chars: usize,
) -> Result<Vec<String>, ParamError> {
    let items = array(obj, key, max)?;
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(s) = item else {
            return Err(ParamError::Type(key));
        };
        if s.is_empty() || s.chars().count() > max_chars {
            return Err(ParamError::Range(key));
        }
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    Ok(out)
}

fn array<'a>(
    obj: &'a Map<String, Value>,
    key: &'static str,
    max: usize,
) -> Result<&'a Vec<Value>, ParamError> {
    match obj.get(key) {
        None | Some(Value::Null) => Err(ParamError::Missing(key)),
        Some(Value::Array(items)) if items.len() > max => {
            Err(ParamError::TooMany { field: key, max })
        }
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ParamError::Type(key)),
    }
}

/// A JSON integer (not a float, not a string) within `range`.
fn integer(
    value: Option<&Value>,
    key: &'static str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, ParamError> {
    let n = match value {
        None | Some(Value::Null) => return Err(ParamError::Missing(key)),
        Some(Value::Number(n)) if n.is_f64() => return Err(ParamError::Type(key)),
        Some(Value::Number(n)) => n.as_i64().ok_or(ParamError::Range(key))?,
        Some(_) => return Err(ParamError::Type(key)),
    };
    if range.contains(&n) {
        Ok(n)
    } else {
        Err(ParamError::Range(key))
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
    fn types_ranges_and_scope() {
        let here = Scope { cc_id: 1, vdn: 1 };
        assert_eq!(scope(&obj(json!({"ccId": 1, "vdn": 1})), here), Ok(()));
        for (body, err) in [
            (json!({"vdn": 1}), ParamError::Missing("ccId")),
            (json!({"ccId": "1", "vdn": 1}), ParamError::Type("ccId")),
            (json!({"ccId": 1.0, "vdn": 1}), ParamError::Type("ccId")),
            (json!({"ccId": 0, "vdn": 1}), ParamError::Range("ccId")),
            (json!({"ccId": 1, "vdn": 5001}), ParamError::Range("vdn")),
            (
                json!({"ccId": 1, "vdn": u64::MAX}),
                ParamError::Range("vdn"),
            ),
            (
                json!({"ccId": 2, "vdn": 1}),
                ParamError::Scope { cc_id: 1, vdn: 1 },
            ),
        ] {
            assert_eq!(scope(&obj(body.clone()), here), Err(err), "{body}");
        }
        let o = obj(
            json!({"a": [101, 102, 101], "b": [100], "c": ["x", 1], "d": {}, "e": ["I", "I", "J"]}),
        );
        assert_eq!(integers(&o, "a", 3, 101..=59_999), Ok(vec![101, 102]));
        assert_eq!(
            integers(&o, "a", 2, 101..=59_999),
            Err(ParamError::TooMany { field: "a", max: 2 })
        );
        assert_eq!(
            integers(&o, "b", 3, 101..=59_999),
            Err(ParamError::Range("b"))
        );
        assert_eq!(strings(&o, "c", 3, 8), Err(ParamError::Type("c")));
        assert_eq!(strings(&o, "d", 3, 8), Err(ParamError::Type("d")));
        assert_eq!(strings(&o, "zz", 3, 8), Err(ParamError::Missing("zz")));
        assert_eq!(
            strings(&o, "e", 3, 8),
            Ok(vec!["I".to_string(), "J".to_string()])
        );
        assert_eq!(object(b"{\"a\":"), Err(ParamError::Body));
        assert_eq!(object(b"[]"), Err(ParamError::Body));
    }
}
