//! Reading a 2xx CCC body in one pass, straight from the text (one UTF-8 check of the whole body,
//! so serde_json need not check each string it reads): `Success`, `RequestId` and the
//! `Data` of the shape the API documents, as its wire type; every other field is skipped. Only
//! when that fails is the body read again, as a `serde_json::Value`, to say exactly what is wrong
//! (not JSON, not an object, `Success: false`, `Data` missing or of the wrong shape).

use super::error::{self, AliyunError};
use crate::backend::lenient_de::Scalar;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// What `Data` must be for a call to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON object (pages, counters, contexts).
    Object,
    /// A list: a JSON array, or a string holding one.
    List,
}

impl Shape {
    fn accepts(self, v: &Value) -> bool {
        match self {
            Shape::Object => v.is_object(),
            Shape::List => v.is_array() || v.as_str().is_some_and(|s| s.trim().starts_with('[')),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Object => "an object",
            Shape::List => "a list",
        }
    }
}

/// How a call's body turned out.
#[derive(Debug)]
pub(crate) enum Read<T> {
    /// `Data`, read.
    Data(T),
    /// The attempt failed in a way a retry may mend (not JSON, not an object, `Success: false`).
    Retry(AliyunError),
    /// The body is JSON, but `Data` is missing or not what the API documents: final.
    Final(AliyunError),
}

/// The fields of a body the client reads.
struct Reply<T> {
    success: Option<bool>,
    data: Slot<T>,
}

enum Slot<T> {
    Missing,
    Wrong(&'static str),
    Read(T),
}

struct ReplySeed<T> {
    shape: Shape,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ReplySeed<T> {
    type Value = Reply<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ReplySeed<T> {
    type Value = Reply<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CCC answer object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut upper, mut lower) = (None, None);
        let mut data = Slot::Missing;
        while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
            match key.as_ref() {
                "Success" => upper = map.next_value::<Scalar<'de>>()?.flag(),
                "success" => lower = map.next_value::<Scalar<'de>>()?.flag(),
                "Data" => {
                    data = map.next_value_seed(DataSeed {
                        shape: self.shape,
                        marker: PhantomData,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Reply {
            success: upper.or(lower),
            data,
        })
    }
}

struct DataSeed<T> {
    shape: Shape,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for DataSeed<T> {
    type Value = Slot<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for DataSeed<T> {
    type Value = Slot<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shape.name())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.shape != Shape::Object {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Slot::Wrong("an object"));
        }
        T::deserialize(MapAccessDeserializer::new(map)).map(Slot::Read)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.shape != Shape::List {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Slot::Wrong("an array"));
        }
        T::deserialize(SeqAccessDeserializer::new(seq)).map(Slot::Read)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if self.shape == Shape::List && v.trim().starts_with('[') {
            T::deserialize(StrDeserializer::<E>::new(v)).map(Slot::Read)
        } else {
            Ok(Slot::Wrong("a string"))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Slot::Missing)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Slot::Missing)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Slot::Wrong("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Slot::Wrong("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Slot::Wrong("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Slot::Wrong("a number"))
    }
}

/// A 2xx answer as the client saw it, for the error it may turn into.
pub(crate) struct Answer<'a> {
    pub action: &'a str,
    pub status: u16,
    pub retry_after: Option<std::time::Duration>,
    pub header_request_id: Option<&'a str>,
    /// The body as sent.
    pub bytes: &'a [u8],
}

impl Answer<'_> {
    fn decode(&self, detail: String) -> AliyunError {
        AliyunError::Decode {
            action: self.action.to_string(),
            detail,
        }
    }

    /// The body as text (invalid UTF-8 replaced), for the slow paths.
    fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.bytes)
    }

    fn refused(&self) -> AliyunError {
        error::from_response(
            self.action,
            self.status,
            self.retry_after,
            self.header_request_id,
            &self.text(),
        )
    }

    /// Checks the body (a JSON object, not `Success: false`) and reads its `Data` as `T`.
    pub(crate) fn data<T: DeserializeOwned>(&self, shape: Shape) -> Read<T> {
        let seed = ReplySeed::<T> {
            shape,
            marker: PhantomData,
        };
        // One UTF-8 check of the whole body (fast on ASCII) is cheaper than serde_json checking
        // each of a 10,000-agent page's strings as it reads them.
        let Ok(text) = std::str::from_utf8(self.bytes) else {
            return self.diagnose(shape);
        };
        match crate::backend::nesting::from_str_bounded(text, seed) {
            Ok(Reply {
                success: Some(false),
                ..
            }) => Read::Retry(self.refused()),
            Ok(Reply { data, .. }) => match data {
                Slot::Read(t) => Read::Data(t),
                Slot::Missing => Read::Final(self.decode("the answer has no Data".to_string())),
                Slot::Wrong(kind) => Read::Final(self.decode(format!(
                    "Data is {kind}, not {} as the API documents",
                    shape.name()
                ))),
            },
            Err(_) => self.diagnose(shape),
        }
    }

    /// The whole body as `T` (2017-07-05 bodies, [`super::AliyunClient::call`]), after the same
    /// checks. These calls are rare; the body is read as a `Value` first.
    pub(crate) fn whole<T: DeserializeOwned>(&self) -> Read<T> {
        let value = match self.object() {
            Ok(v) => v,
            Err(e) => return Read::Retry(e),
        };
        match T::deserialize(&value) {
            Ok(t) => Read::Data(t),
            Err(e) => Read::Final(self.decode(e.to_string())),
        }
    }

    /// The body as a JSON object that does not say `Success: false`.
    fn object(&self) -> Result<Value, AliyunError> {
        let text = self.text();
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            self.decode(format!(
                "not JSON ({e}); the body starts with: {}",
                error::snippet(&text, 120)
            ))
        })?;
        if !value.is_object() {
            return Err(self.decode(format!(
                "expected a JSON object, got: {}",
                error::snippet(&text, 120)
            )));
        }
        if super::lenient::field_bool(&value, &["Success", "success"]) == Some(false) {
            return Err(self.refused());
        }
        Ok(value)
    }

    /// Why the one-pass read failed, in the words of the checks, in their order.
    fn diagnose<T: DeserializeOwned>(&self, shape: Shape) -> Read<T> {
        let value = match self.object() {
            Ok(v) => v,
            Err(e) => return Read::Retry(e),
        };
        let data = value.get("Data").unwrap_or(&Value::Null);
        if data.is_null() {
            return Read::Final(self.decode("the answer has no Data".to_string()));
        }
        if !shape.accepts(data) {
            return Read::Final(self.decode(format!(
                "Data is {}, not {} as the API documents",
                crate::text::json_kind(data),
                shape.name()
            )));
        }
        match T::deserialize(data) {
            Ok(t) => Read::Data(t),
            Err(e) => Read::Final(self.decode(format!("Data: {e}"))),
        }
    }
}
