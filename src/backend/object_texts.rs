//! A list of objects kept as text: each item checked by serde_json and copied, unread, into one
//! buffer shared by the page's items (one allocation per page, not one per item), with the same
//! leniency as [`crate::backend::lenient_de::list`] (a string holding the array, `null` items
//! skipped, `null` or a placeholder for none, any other kind refused).

use crate::backend::lenient_de::{is_placeholder, item_error, list_error};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// One object of a list, as its text in the page's buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectText {
    page: Arc<String>,
    span: Range<usize>,
}

impl ObjectText {
    /// The object's text.
    pub fn get(&self) -> &str {
        self.page.get(self.span.clone()).unwrap_or_default()
    }
}

/// The kind of a JSON value, in words, from its first character; `None` for an object.
pub fn kind_of(raw: &RawValue) -> Option<&'static str> {
    match raw.get().as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("an array"),
        Some(b'"') => Some("a string"),
        Some(b't' | b'f') => Some("a boolean"),
        Some(b'n') => Some("null"),
        _ => Some("a number"),
    }
}

/// The objects of a list, each as its text.
pub fn object_texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ObjectText>, D::Error> {
    let mut page = Page::default();
    d.deserialize_any(TextsVisitor {
        page: &mut page,
        inner: false,
    })?;
    let shared = Arc::new(page.text);
    Ok(page
        .spans
        .into_iter()
        .map(|span| ObjectText {
            page: shared.clone(),
            span,
        })
        .collect())
}

#[derive(Default)]
struct Page {
    text: String,
    spans: Vec<Range<usize>>,
}

impl Page {
    fn push<E: de::Error>(&mut self, raw: &RawValue) -> Result<(), E> {
        if let Some(kind) = kind_of(raw) {
            return Err(item_error(kind));
        }
        let start = self.text.len();
        self.text.push_str(raw.get());
        self.spans.push(start..self.text.len());
        Ok(())
    }
}

/// An item, borrowed from the body (copied into the page's buffer at once).
struct Item<'de>(Option<&'de RawValue>);

impl<'de> Deserialize<'de> for Item<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<&'de RawValue>::deserialize(d).map(Item)
    }
}

struct TextsVisitor<'p> {
    page: &'p mut Page,
    /// Reading the array a string held: only an array is a list there.
    inner: bool,
}

const NOT_AN_ARRAY: &str = "expected a list of objects, got a string that is not a JSON array";

impl TextsVisitor<'_> {
    fn refuse<E: de::Error>(&self, kind: &str) -> Result<(), E> {
        if self.inner {
            Err(E::custom(NOT_AN_ARRAY))
        } else {
            Err(list_error(kind))
        }
    }
}

impl<'de> Visitor<'de> for TextsVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(Item(item)) = seq.next_element::<Item<'de>>()? {
            if let Some(raw) = item {
                self.page.push(raw)?;
            }
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.inner {
            return Err(E::custom(NOT_AN_ARRAY));
        }
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if self.inner {
            return Err(E::custom(NOT_AN_ARRAY));
        }
        if is_placeholder(v) {
            return Ok(());
        }
        let mut de = serde_json::Deserializer::from_str(v.trim());
        let read = de
            .deserialize_any(TextsVisitor {
                page: self.page,
                inner: true,
            })
            .and_then(|()| de.end());
        match read {
            Ok(()) => Ok(()),
            Err(e) if e.is_data() => Err(E::custom(e)),
            Err(_) => Err(E::custom(NOT_AN_ARRAY)),
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.refuse("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.refuse("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.refuse("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.refuse("a number")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.inner {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        }
        self.refuse("an object")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    #[derive(Debug, serde::Deserialize)]
    struct Texts {
        #[serde(default, deserialize_with = "object_texts")]
        list: Vec<ObjectText>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Typed {
        #[serde(default, deserialize_with = "crate::backend::lenient_de::list")]
        list: Vec<serde_json::Map<String, serde_json::Value>>,
    }

    fn read<T: DeserializeOwned>(json: &str) -> Result<T, String> {
        crate::backend::nesting::from_str_bounded(json, std::marker::PhantomData)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_same_lists_as_the_typed_list_reader_and_the_same_refusals() {
        for json in [
            r#"{"list":[{"a":1},null,{"b":{"c":[1,"]"]}}]}"#,
            r#"{"list":"[{\"a\":1},{\"b\":2}]"}"#,
            r#"{"list":null}"#,
            r#"{"list":""}"#,
            r#"{"list":[]}"#,
            r#"{"list":[1]}"#,
            r#"{"list":[{"a":1},"x"]}"#,
            r#"{"list":[[1]]}"#,
            r#"{"list":[true]}"#,
            r#"{"list":{"a":1}}"#,
            r#"{"list":7}"#,
            r#"{"list":"{\"a\":1}"}"#,
            r#"{"list":"not json"}"#,
            r#"{"list":"[1]"}"#,
        ] {
            let texts = read::<Texts>(json);
            let typed = read::<Typed>(json);
            match (&texts, &typed) {
                (Ok(t), Ok(ty)) => {
                    let back: Vec<serde_json::Map<String, serde_json::Value>> = t
                        .list
                        .iter()
                        .map(|o| serde_json::from_str(o.get()).unwrap())
                        .collect();
                    assert_eq!(back, ty.list, "{json}");
                }
                // The same words; the column may differ by the item just read.
                (Err(a), Err(b)) => {
                    let words = |e: &str| e.split(" at line ").next().unwrap_or("").to_string();
                    assert_eq!(words(a), words(b), "{json}");
                }
                _ => panic!("{json}: {texts:?} vs {typed:?}"),
            }
        }
    }

    #[test]
    fn items_share_one_buffer() {
        let t = read::<Texts>(r#"{"list":[{"a":1},{"b":2}]}"#).unwrap();
        assert_eq!(t.list[0].get(), r#"{"a":1}"#);
        assert_eq!(t.list[1].get(), r#"{"b":2}"#);
        assert!(Arc::ptr_eq(&t.list[0].page, &t.list[1].page));
    }
}
