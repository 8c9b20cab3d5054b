//! CCC leniency: numbers as strings, booleans as strings, lists as JSON-array strings, and `"无"`
//! ("none") placeholders, none of which ever fail a whole response. The field deserializers are
//! the shared ones of [`crate::backend::lenient_de`] (read straight from the bytes); the two
//! lookups here read an error body already parsed as a `Value` (error paths only).

use crate::backend::lenient_de::{is_placeholder, Scalar};
use serde::Deserialize;
use serde_json::Value;

pub use crate::backend::lenient_de::{
    boolean, id_u64, int, list, object, opt_bool, opt_int, opt_object, string, string_list,
};

fn scalar(v: &Value) -> Option<Scalar<'_>> {
    Scalar::deserialize(v).ok()
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
    names
        .iter()
        .find_map(|n| obj.get(*n).and_then(scalar).and_then(|s| s.flag()))
}
