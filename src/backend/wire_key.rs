//! An object key as the vendor clients read it: borrowed from the body when it holds no escape
//! (every key the vendors send), owned only when it does. serde's own `Cow<str>` always copies,
//! which cost a heap allocation for every field of every record (200,000 per Alibaba refresh of
//! 10,000 agents).

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// An object key, borrowed when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(pub Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Key<'_> {
    /// The key as an owned string.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl PartialEq<str> for Key<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Key<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl AsRef<str> for Key<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s.to_string())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{IgnoredAny, MapAccess};

    /// The keys of a JSON object, each with whether it was borrowed.
    fn keys(json: &str) -> Vec<(String, bool)> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Vec<(String, bool)>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Key<'de>>()? {
                    map.next_value::<IgnoredAny>()?;
                    out.push((k.to_string(), matches!(k.0, Cow::Borrowed(_))));
                }
                Ok(out)
            }
        }
        let mut de = serde_json::Deserializer::from_str(json);
        de.deserialize_map(Keys).unwrap()
    }

    #[test]
    fn plain_keys_are_borrowed_and_escaped_ones_read_right() {
        assert_eq!(
            keys(r#"{"AgentId":1,"Na\"me":2,"\u0041":3}"#),
            vec![
                ("AgentId".to_string(), true),
                ("Na\"me".to_string(), false),
                ("A".to_string(), false),
            ]
        );
    }
}
