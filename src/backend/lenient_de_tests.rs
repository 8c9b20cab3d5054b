//! The shared field deserializers, fed the lenient shapes straight from bytes: strings for
//! numbers, nulls, unknown fields, ids above 2^53, lists inside strings, and wrong kinds.

use super::*;
use serde::Deserialize;

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
struct Item {
    #[serde(deserialize_with = "string")]
    name: String,
    #[serde(deserialize_with = "int")]
    count: i64,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
struct Fields {
    #[serde(deserialize_with = "string")]
    text: String,
    #[serde(deserialize_with = "int")]
    n: i64,
    #[serde(deserialize_with = "opt_int")]
    maybe: Option<i64>,
    #[serde(deserialize_with = "id_u64")]
    id: u64,
    #[serde(deserialize_with = "boolean")]
    on: bool,
    #[serde(deserialize_with = "opt_bool")]
    flag: Option<bool>,
    #[serde(deserialize_with = "string_list")]
    tags: Vec<String>,
    #[serde(deserialize_with = "list")]
    items: Vec<Item>,
    #[serde(deserialize_with = "opt_object")]
    inner: Option<Item>,
    #[serde(deserialize_with = "opt_text")]
    label: Option<String>,
    #[serde(deserialize_with = "opt_whole")]
    whole: Option<i64>,
}

fn parse(body: &str) -> Fields {
    serde_json::from_slice(body.as_bytes()).expect("parses")
}

#[test]
fn strings_for_numbers_and_numbers_for_strings() {
    let f = parse(
        r#"{"text":12,"n":" 42 ","maybe":"7.9","id":"213371787658919483","on":"TRUE",
            "flag":1,"label":3.5,"whole":"1764583200000"}"#,
    );
    assert_eq!(f.text, "12");
    assert_eq!(f.n, 42);
    assert_eq!(f.maybe, Some(7), "a fraction in a string is cut off");
    assert_eq!(f.id, 213_371_787_658_919_483);
    assert!(f.on);
    assert_eq!(f.flag, Some(true));
    assert_eq!(f.label.as_deref(), Some("3.5"));
    assert_eq!(f.whole, Some(1_764_583_200_000));
}

#[test]
fn ids_above_2_pow_53_are_exact_and_big_numbers_saturate() {
    let f = parse(r#"{"id":213371787658919485,"n":18446744073709551615,"whole":1.5}"#);
    assert_eq!(f.id, 213_371_787_658_919_485);
    assert_eq!(f.n, i64::MAX);
    assert_eq!(f.whole, None, "a fraction is no whole number");
    let f = parse(r#"{"id":-1,"whole":18446744073709551615}"#);
    assert_eq!((f.id, f.whole), (0, None));
}

#[test]
fn nulls_placeholders_and_wrong_kinds_are_unknown() {
    let f = parse(
        r#"{"text":"无","n":null,"maybe":"n/a","id":1.5,"on":{"x":1},"flag":"maybe",
            "tags":"无","items":null,"inner":"无","label":null,"whole":true}"#,
    );
    assert_eq!(f, Fields::default());
    let f = parse(r#"{"text":[1,2],"tags":null,"items":"","inner":null}"#);
    assert_eq!(f, Fields::default());
}

#[test]
fn unknown_fields_are_skipped() {
    let f = parse(r#"{"New2030":{"deep":[1,{"x":null}]},"n":3,"AlsoNew":"x"}"#);
    assert_eq!(f.n, 3);
}

#[test]
fn lists_in_every_shape() {
    let f = parse(r#"{"tags":["a",7,null,{"x":1},"无"],"items":[{"name":"x","count":"2"},null]}"#);
    assert_eq!(f.tags, vec!["a", "7"]);
    assert_eq!(
        f.items,
        vec![Item {
            name: "x".into(),
            count: 2
        }]
    );
    let f = parse(r#"{"tags":"[\"a\",\"b\"]","items":"[{\"name\":\"y\"}]"}"#);
    assert_eq!(f.tags, vec!["a", "b"]);
    assert_eq!(f.items[0].name, "y");
    let f = parse(r#"{"tags":"a, b ,,c","inner":"{\"count\":5}"}"#);
    assert_eq!(f.tags, vec!["a", "b", "c"]);
    assert_eq!(f.inner.map(|i| i.count), Some(5));
    let f = parse(r#"{"tags":5}"#);
    assert_eq!(f.tags, vec!["5"]);
}

#[test]
fn the_structure_is_not_guessed_at() {
    let err = |body: &str| {
        serde_json::from_str::<Fields>(body)
            .expect_err(body)
            .to_string()
    };
    assert!(err(r#"{"items":[1]}"#).contains("got an item that is a number"));
    assert!(err(r#"{"items":{"a":1}}"#).contains("expected a list of objects, got an object"));
    assert!(err(r#"{"items":"oops"}"#).contains("a string that is not a JSON array"));
    assert!(err(r#"{"items":"{}"}"#).contains("a string that is not a JSON array"));
    assert!(err(r#"{"inner":[1]}"#).contains("expected an object, got an array"));
    assert!(err(r#"{"inner":"text"}"#).contains("expected an object, got a string"));
}

#[test]
fn text_is_borrowed_where_it_has_no_escapes() {
    let body = br#"["plain", "esc\"aped"]"#;
    let v: Vec<Scalar<'_>> = serde_json::from_slice(body).unwrap();
    assert!(matches!(
        &v[0],
        Scalar::Text(std::borrow::Cow::Borrowed("plain"))
    ));
    assert!(matches!(&v[1], Scalar::Text(std::borrow::Cow::Owned(s)) if s == "esc\"aped"));
}

#[test]
fn lenient_items_skip_what_is_not_an_object() {
    #[derive(Deserialize)]
    struct Doc {
        #[serde(deserialize_with = "lenient_items")]
        list: Option<Vec<Item>>,
    }
    let d: Doc =
        serde_json::from_str(r#"{"list":[{"name":"a"},7,"x",[1],null,{"count":"3"}]}"#).unwrap();
    assert_eq!(d.list.map(|l| l.len()), Some(2));
    let d: Doc = serde_json::from_str(r#"{"list":"none"}"#).unwrap();
    assert!(d.list.is_none());
}

#[test]
fn the_same_visitors_read_a_value() {
    let v = serde_json::json!({"n": "5", "id": 213_371_787_658_919_483_u64, "tags": "[\"a\"]"});
    let f = Fields::deserialize(&v).unwrap();
    assert_eq!(
        (f.n, f.id, f.tags),
        (5, 213_371_787_658_919_483, vec!["a".to_string()])
    );
}
