//! Field-level lenient deserializers shared by the vendor clients (Alibaba CCC, Huawei gateway,
//! Huawei CMS): each field is read straight from the bytes by one visitor ([`Scalar`]), with no
//! intermediate `serde_json::Value`. Numbers may come as strings and text as numbers, a value of
//! the wrong kind is "unknown" (`None`, or the field's documented default), unknown fields are
//! skipped, and an unsigned id above 2^53 is read exactly. Only the *structure* is not guessed at:
//! see [`list`] and [`opt_object`].

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// The `visit_bool`, `visit_i64`, `visit_u64`, `visit_f64` and `visit_str` of a visitor whose
/// value is `None` for those kinds (a list or an object was expected).
macro_rules! none_for_scalars {
    () => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
    };
}
pub(crate) use none_for_scalars;

/// What one JSON value turned out to be, as far as a scalar field cares; text is borrowed from
/// the body where it has no escapes.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    I64(i64),
    /// Above `i64::MAX` (a JSON number).
    U64(u64),
    F64(f64),
    Text(Cow<'a, str>),
    /// An array (skipped).
    Array,
    /// An object (skipped).
    Object,
}

/// Placeholder values the vendors use for "nothing" (`"无"`, `"null"`, blank).
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t == "无" || t.eq_ignore_ascii_case("null")
}

/// A finite float as JSON writes it (`1.5`, `3.0`).
fn float_text(f: f64) -> Option<String> {
    serde_json::Number::from_f64(f).map(|n| n.to_string())
}

impl<'a> Scalar<'a> {
    /// The JSON type in words, for decode errors (`a string`, `an array`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "a boolean",
            Scalar::I64(_) | Scalar::U64(_) | Scalar::F64(_) => "a number",
            Scalar::Text(_) => "a string",
            Scalar::Array => "an array",
            Scalar::Object => "an object",
        }
    }

    /// Text from a string, a number or a boolean (numbers as JSON writes them).
    pub fn text(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Text(s) => Some(s),
            Scalar::I64(n) => Some(Cow::Owned(n.to_string())),
            Scalar::U64(n) => Some(Cow::Owned(n.to_string())),
            Scalar::F64(f) => float_text(f).map(Cow::Owned),
            Scalar::Bool(b) => Some(Cow::Borrowed(if b { "true" } else { "false" })),
            Scalar::Null | Scalar::Array | Scalar::Object => None,
        }
    }

    /// An integer from a number or a numeric string; fractions are cut off, numbers beyond the
    /// range saturate, `true`/`false` are 1/0 (the Alibaba and Huawei gateway reading).
    pub fn int_truncating(&self) -> Option<i64> {
        match self {
            Scalar::I64(n) => Some(*n),
            Scalar::U64(_) => Some(i64::MAX),
            Scalar::F64(f) => f.is_finite().then_some(*f as i64),
            Scalar::Text(s) => {
                let t = s.trim();
                t.parse::<i64>().ok().or_else(|| {
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(|f| f as i64)
                })
            }
            Scalar::Bool(b) => Some(i64::from(*b)),
            Scalar::Null | Scalar::Array | Scalar::Object => None,
        }
    }

    /// A whole number from a number (`12` or `12.0`) or a digit string; a fraction, a number
    /// beyond `i64` or a boolean is unknown (the CMS reading: ids, counts and times only).
    pub fn int_whole(&self) -> Option<i64> {
        match self {
            Scalar::I64(n) => Some(*n),
            Scalar::F64(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
                Some(*f as i64)
            }
            Scalar::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// An unsigned id read exactly (never through `f64`): a JSON integer or a digit string.
    pub fn id_u64(&self) -> Option<u64> {
        match self {
            Scalar::I64(n) => u64::try_from(*n).ok(),
            Scalar::U64(n) => Some(*n),
            Scalar::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A boolean from `true`, a non-zero integer, or `"true"`/`"1"`/`"yes"`/`"y"` (and their
    /// opposites) in any letter case.
    pub fn flag(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            Scalar::I64(n) => Some(*n != 0),
            Scalar::Text(s) => {
                let t = s.trim();
                let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
                if is(&["true", "1", "yes", "y"]) {
                    Some(true)
                } else if is(&["false", "0", "no", "n"]) {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::I64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(Scalar::U64(v), Scalar::I64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::F64(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

// ---- fields with a default (Alibaba: "" / 0 / false when unknown) ---------------------------

/// A string from a string, number or bool; `null`, `"无"` and other kinds become empty.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match scalar(d)?.text() {
        Some(s) if s.trim() == "无" => String::new(),
        Some(s) => s.into_owned(),
        None => String::new(),
    })
}

/// An integer from a number or a numeric string ([`Scalar::int_truncating`]); anything else is 0.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(scalar(d)?.int_truncating().unwrap_or(0))
}

/// An optional integer ([`Scalar::int_truncating`]).
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(scalar(d)?.int_truncating())
}

/// An unsigned 64-bit id (RamId, ~2.1e16, above 2^53) read exactly; anything else is 0.
pub fn id_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(scalar(d)?.id_u64().unwrap_or(0))
}

/// A bool ([`Scalar::flag`]); anything else is false.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(scalar(d)?.flag().unwrap_or(false))
}

/// An optional bool ([`Scalar::flag`]; absent or unreadable is `None`).
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(scalar(d)?.flag())
}

// ---- optional fields (Huawei: unknown is `None`) --------------------------------------------

/// Text from a string, a number or a bool; anything else is `None`.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar(d)?.text().map(Cow::into_owned))
}

/// A whole number ([`Scalar::int_whole`]); anything else is `None`.
pub fn opt_whole<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(scalar(d)?.int_whole())
}

// ---- lists of strings ----------------------------------------------------------------------

/// The strings of a list's items: strings that are no placeholder, and numbers.
fn push_item(out: &mut Vec<String>, item: Scalar<'_>) {
    match item {
        Scalar::Text(s) if !is_placeholder(&s) => out.push(s.into_owned()),
        n @ (Scalar::I64(_) | Scalar::U64(_) | Scalar::F64(_)) => {
            out.extend(n.text().map(Cow::into_owned))
        }
        _ => {}
    }
}

struct StringListVisitor;

impl<'de> Visitor<'de> for StringListVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<Scalar<'de>>()? {
            push_item(&mut out, item);
        }
        Ok(out)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if is_placeholder(t) {
            Ok(Vec::new())
        } else if t.starts_with('[') {
            let mut de = serde_json::Deserializer::from_str(t);
            Ok(de.deserialize_seq(StringListVisitor).unwrap_or_default())
        } else {
            let mut out = Vec::new();
            for p in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                push_item(&mut out, Scalar::Text(Cow::Borrowed(p)));
            }
            Ok(out)
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(StringListVisitor)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(float_text(v).into_iter().collect())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }
}

/// A list of strings given as a JSON array, a string holding a JSON array (`"[\"a\",\"b\"]"`) or
/// a comma-separated string; placeholders and `null` give an empty list, a lone number a list of
/// one. Items that are neither strings nor numbers are skipped.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(StringListVisitor)
}

// ---- nested structure ----------------------------------------------------------------------

/// One item of a list of objects: the object, or nothing for a `null` item; any other kind fails.
struct ObjectItem<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectItem<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = ObjectItem<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| ObjectItem(Some(t)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ObjectItem(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ObjectItem(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Err(item_error("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Err(item_error("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Err(item_error("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Err(item_error("a number"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Err(item_error("a string"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(item_error("an array"))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

pub(crate) fn item_error<E: de::Error>(kind: &str) -> E {
    E::custom(format!(
        "expected a list of objects, got an item that is {kind}"
    ))
}

impl<T> From<ObjectItem<T>> for Option<T> {
    fn from(item: ObjectItem<T>) -> Option<T> {
        item.0
    }
}

/// The items of a sequence of objects, each read as `I` (`null` items skipped).
fn object_items<'de, A, T, I>(mut seq: A) -> Result<Vec<T>, A::Error>
where
    A: SeqAccess<'de>,
    I: Deserialize<'de> + Into<Option<T>>,
{
    let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
    while let Some(item) = seq.next_element::<I>()? {
        out.extend(item.into());
    }
    Ok(out)
}

/// A list of objects, each read as the item `I` gives.
struct ListVisitor<T, I = ObjectItem<T>>(std::marker::PhantomData<(T, I)>);

impl<'de, T, I> Visitor<'de> for ListVisitor<T, I>
where
    I: DeserializeOwned + Into<Option<T>>,
{
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        object_items::<A, T, I>(seq)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if is_placeholder(v) {
            return Ok(Vec::new());
        }
        let mut de = serde_json::Deserializer::from_str(v.trim());
        let parsed = de.deserialize_any(InnerList::<T, I>(std::marker::PhantomData));
        match parsed.and_then(|items| de.end().map(|()| items)) {
            Ok(Some(items)) => Ok(items),
            Ok(None) => Err(E::custom(
                "expected a list of objects, got a string that is not a JSON array",
            )),
            Err(e) if e.is_data() => Err(E::custom(e)),
            Err(_) => Err(E::custom(
                "expected a list of objects, got a string that is not a JSON array",
            )),
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(list_error("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(list_error("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(list_error("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(list_error("a number"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(list_error("an object"))
    }
}

pub(crate) fn list_error<E: de::Error>(kind: &str) -> E {
    E::custom(format!("expected a list of objects, got {kind}"))
}

/// A list inside a string: `Some(items)` for an array, `None` for any other JSON value.
struct InnerList<T, I>(std::marker::PhantomData<(T, I)>);

impl<'de, T, I> Visitor<'de> for InnerList<T, I>
where
    I: DeserializeOwned + Into<Option<T>>,
{
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        object_items::<A, T, I>(seq).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    crate::backend::lenient_de::none_for_scalars!();
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A list of objects: a JSON array, a string holding one, or `null` / a placeholder (empty).
/// Anything else, or an item that is not an object (`null` items are skipped), fails.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_any(ListVisitor::<T>(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if is_placeholder(t) {
            Ok(None)
        } else if t.starts_with('{') {
            serde_json::from_str(t).map(Some).map_err(E::custom)
        } else {
            Err(object_error("a string"))
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(object_error("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(object_error("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(object_error("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(object_error("a number"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(object_error("an array"))
    }
}

fn object_error<E: de::Error>(kind: &str) -> E {
    E::custom(format!("expected an object, got {kind}"))
}

/// An optional nested object (`None` when absent, `null` or a placeholder); a string holding a
/// JSON object is read as one. Anything else fails.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_any(ObjectVisitor(std::marker::PhantomData))
}

/// A nested object, or its default when the field is `null` or a placeholder (see [`opt_object`]).
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    Ok(opt_object(d)?.unwrap_or_default())
}

/// A sequence's items that have the right shape; an item of the wrong shape is skipped, never
/// fatal (Huawei lists). Each item is read straight from the bytes.
pub fn lenient_items<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items: Option<Vec<Skippable<T>>> = any_items(d)?;
    Ok(items.map(|v| v.into_iter().filter_map(|Skippable(item)| item).collect()))
}

/// A sequence's items, each read as `T` whatever its kind (`T` decides what to keep); anything
/// that is not a sequence is `None`.
pub fn any_items<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element::<T>()? {
                out.push(item);
            }
            Ok(Some(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        crate::backend::lenient_de::none_for_scalars!();
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// One item of a lenient list: an object read as `T` (`None` when it is not an object). The
/// object's fields are lenient themselves, so an object never fails; other kinds are skipped.
pub struct Skippable<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Skippable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Skippable<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| Skippable(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Skippable(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Skippable(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
#[path = "lenient_de_tests.rs"]
mod tests;
