//! The CMS answers callboard reads (`docs/huawei-cms.md` §1, §3, §4), typed and lenient per field
//! (`crate::backend::lenient_de`); unknown fields are ignored and a list item of the wrong shape
//! is skipped.

use crate::backend::lenient_de::{
    lenient_items, opt_bool, opt_text, opt_whole as opt_i64, Skippable,
};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The `resultCode` of a successful call.
pub const SUCCESS: &str = "0100000";

/// The envelope: `result`, `resultCode`, and the data in `resultDesc` (a list, or text on failure).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    #[serde(default, deserialize_with = "opt_text")]
    pub result: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub result_code: Option<String>,
    #[serde(default = "ResultDesc::none")]
    pub result_desc: ResultDesc<T>,
}

/// `resultDesc`: the items of a successful call, or the failure's words.
#[derive(Debug)]
pub enum ResultDesc<T> {
    Items(Vec<T>),
    Text(String),
    None,
}

impl<T> ResultDesc<T> {
    fn none() -> Self {
        ResultDesc::None
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ResultDesc<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DescVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for DescVisitor<T> {
            type Value = ResultDesc<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list or a text")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(6000));
                while let Some(Skippable(item)) = seq.next_element::<Skippable<T>>()? {
                    items.extend(item);
                }
                Ok(ResultDesc::Items(items))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ResultDesc::Text(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ResultDesc::None)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ResultDesc::None)
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(ResultDesc::None)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(ResultDesc::None)
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(ResultDesc::None)
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(ResultDesc::None)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ResultDesc::None)
            }
        }
        d.deserialize_any(DescVisitor(std::marker::PhantomData))
    }
}

/// One agent of `agentstatusinfobyagentids` (§3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CmsAgent {
    #[serde(deserialize_with = "opt_text")]
    pub agent_id: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub name: Option<String>,
    /// CTI platform status.
    #[serde(deserialize_with = "opt_i64")]
    pub current_state: Option<i64>,
    #[serde(deserialize_with = "opt_i64")]
    pub current_state_reason: Option<i64>,
    /// Start of the current state, Unix ms.
    #[serde(deserialize_with = "opt_i64")]
    pub current_state_time: Option<i64>,
    #[serde(deserialize_with = "opt_i64")]
    pub login_date: Option<i64>,
    #[serde(deserialize_with = "opt_text")]
    pub phone_number: Option<String>,
    #[serde(deserialize_with = "skills")]
    pub skill_list: Vec<CmsSkill>,
}

/// A configured skill queue of an agent, with its level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CmsSkill {
    #[serde(deserialize_with = "opt_text")]
    pub skill_id: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub skill_name: Option<String>,
    #[serde(deserialize_with = "opt_i64")]
    pub skill_level: Option<i64>,
    #[serde(deserialize_with = "opt_bool")]
    pub signed: Option<bool>,
}

fn skills<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<CmsSkill>, D::Error> {
    Ok(lenient_items(d)?.unwrap_or_default())
}

/// One skill queue of `skill/rindex` (§4): its id and indicator values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SkillIndicators {
    #[serde(deserialize_with = "opt_text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "indicators")]
    pub idxs: Vec<Indicator>,
}

/// One indicator value; `val` is `None` when null or not a number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Indicator {
    #[serde(deserialize_with = "opt_text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "opt_i64")]
    pub val: Option<i64>,
}

fn indicators<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Indicator>, D::Error> {
    Ok(lenient_items(d)?.unwrap_or_default())
}

impl SkillIndicators {
    /// The value of indicator `code`, if present and a number.
    pub fn value(&self, code: &str) -> Option<i64> {
        self.idxs
            .iter()
            .find(|i| i.id.as_deref() == Some(code))
            .and_then(|i| i.val)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_parse_leniently() {
        let body = br#"{"result":"0","resultCode":"0100000","resultDesc":[
            {"agentId":101,"name":"\u5f20\u4e09","currentState":5,"currentStateReason":0,
             "currentStateTime":"1764583200000","loginDate":1764580000000,"phoneNumber":70101,
             "skillList":[{"skillId":3,"skillName":"voice","skillLevel":"2","signed":"true"},7],
             "extra":{"x":[1,2]}},
            "garbage",
            {"agentId":"102","currentState":null,"currentStateTime":1.5}
        ]}"#;
        let env: Envelope<CmsAgent> = serde_json::from_slice(body).unwrap();
        assert_eq!(env.result_code.as_deref(), Some(SUCCESS));
        let ResultDesc::Items(agents) = env.result_desc else {
            panic!("items expected")
        };
        assert_eq!(agents.len(), 2);
        assert_eq!(agents[0].agent_id.as_deref(), Some("101"));
        assert_eq!(agents[0].current_state_time, Some(1_764_583_200_000));
        assert_eq!(agents[0].phone_number.as_deref(), Some("70101"));
        assert_eq!(agents[0].skill_list.len(), 1);
        assert_eq!(agents[0].skill_list[0].skill_level, Some(2));
        assert_eq!(agents[0].skill_list[0].signed, Some(true));
        assert_eq!(agents[1].current_state, None);
        assert_eq!(agents[1].current_state_time, None);
    }

    #[test]
    fn failures_and_indicators() {
        let env: Envelope<CmsAgent> =
            serde_json::from_slice(br#"{"result":"1","resultCode":"0100001","resultDesc":"bad"}"#)
                .unwrap();
        assert!(matches!(env.result_desc, ResultDesc::Text(ref t) if t == "bad"));
        let env: Envelope<SkillIndicators> = serde_json::from_slice(
            br#"{"resultCode":"0100000","resultDesc":[{"id":3,"idxs":[
                {"id":"IDX_COUNT_QUEUE","val":4},{"id":"IDX_DURATION_QUEUE_MAX","val":null}]}]}"#,
        )
        .unwrap();
        let ResultDesc::Items(q) = env.result_desc else {
            panic!("items expected")
        };
        assert_eq!(q[0].id.as_deref(), Some("3"));
        assert_eq!(q[0].value("IDX_COUNT_QUEUE"), Some(4));
        assert_eq!(q[0].value("IDX_DURATION_QUEUE_MAX"), None);
        assert_eq!(q[0].value("IDX_OTHER"), None);
    }
}
