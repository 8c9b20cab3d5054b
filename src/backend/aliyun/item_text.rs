//! Listing items kept as their text: each item checked by serde_json and copied, not read, so a
//! listing that did not change since the last time (the directory: 10,000 users every tenth
//! refresh) is recognised by one hash and never parsed again.

use super::error::AliyunError;
use super::lenient as le;
use super::wire::Page;
use crate::backend::memory::Print;
use crate::backend::object_texts::ObjectText;
use serde::de::DeserializeOwned;

/// A page whose items are kept as text; the same leniency as [`Page`].
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TextPage {
    #[serde(deserialize_with = "le::int")]
    pub page_number: i64,
    #[serde(deserialize_with = "le::int")]
    pub page_size: i64,
    #[serde(deserialize_with = "le::int")]
    pub total_count: i64,
    #[serde(deserialize_with = "crate::backend::object_texts::object_texts")]
    pub list: Vec<ObjectText>,
}

impl From<TextPage> for Page<ObjectText> {
    fn from(p: TextPage) -> Page<ObjectText> {
        Page {
            page_number: p.page_number,
            page_size: p.page_size,
            total_count: p.total_count,
            list: p.list,
        }
    }
}

/// The fingerprint of listings' items, in order (each listing's length counted in, so items
/// moving from one listing to the next change it).
pub fn fingerprint(listings: &[&[ObjectText]]) -> u64 {
    let mut p = Print::new();
    for items in listings {
        p.int(items.len() as i64);
        for item in *items {
            p.text(item.get());
        }
    }
    p.finish()
}

/// The items read as `T` (under the nesting bound of every body); an item that does not read is a
/// decode error of `action`.
pub fn parse_all<T: DeserializeOwned>(
    action: &str,
    items: &[ObjectText],
) -> Result<Vec<T>, AliyunError> {
    items.iter().map(|item| parse(action, item)).collect()
}

/// One item read as `T` ([`parse_all`]).
pub fn parse<T: DeserializeOwned>(action: &str, item: &ObjectText) -> Result<T, AliyunError> {
    crate::backend::nesting::from_str_bounded(item.get(), std::marker::PhantomData).map_err(|e| {
        AliyunError::Decode {
            action: action.to_string(),
            detail: format!("an item of the list: {e}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::aliyun::wire::User;

    fn page(json: &str) -> Result<TextPage, serde_json::Error> {
        crate::backend::nesting::from_str_bounded(json, std::marker::PhantomData)
    }

    #[test]
    fn items_read_as_the_typed_page_reads_them() {
        let json = r#"{"PageNumber":"2","TotalCount":3,"List":[{"UserId":"a@i","LoginName":"a","Extra":{"x":[1]}},null,{"UserId":7}]}"#;
        let text = page(json).unwrap();
        assert_eq!((text.page_number, text.total_count), (2, 3));
        let typed: Page<User> = serde_json::from_str(json).unwrap();
        assert_eq!(
            parse_all::<User>("ListUsers", &text.list).unwrap(),
            typed.list
        );
        for bad in [
            r#"{"List":[1]}"#,
            r#"{"List":{"a":1}}"#,
            r#"{"List":["x"]}"#,
        ] {
            assert!(page(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<Page<User>>(bad).is_err(), "{bad}");
        }
        let in_a_string = r#"{"List":"[{\"UserId\":\"b@i\"}]"}"#;
        assert_eq!(
            parse_all::<User>("ListUsers", &page(in_a_string).unwrap().list).unwrap(),
            serde_json::from_str::<Page<User>>(in_a_string)
                .unwrap()
                .list
        );
    }

    #[test]
    fn the_fingerprint_follows_every_item_and_the_split() {
        let items = |json: &str| page(json).unwrap().list;
        let a = items(r#"{"List":[{"UserId":"a"},{"UserId":"b"}]}"#);
        let b = items(r#"{"List":[{"UserId":"a"},{"UserId":"c"}]}"#);
        let one = items(r#"{"List":[{"UserId":"a"}]}"#);
        let two = items(r#"{"List":[{"UserId":"b"}]}"#);
        assert_eq!(fingerprint(&[&a]), fingerprint(&[&a]));
        assert_ne!(fingerprint(&[&a]), fingerprint(&[&b]));
        assert_ne!(fingerprint(&[&a, &[]]), fingerprint(&[&one, &two]));
        assert_ne!(fingerprint(&[&one, &two]), fingerprint(&[&two, &one]));
    }
}
