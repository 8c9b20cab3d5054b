//! The roster answers (`agentgroup/{id}/allagentstatus`, `agentbyworkno/{workno}`) read straight
//! from the bytes into [`AgentSnapshot`]s, with the leniency of [`super::wire`]: each field under
//! any of its spellings, numbers or strings, unknown fields skipped; the list's *shape* is checked.

use super::wire::{AgentSnapshot, RestInfo};
use crate::backend::lenient_de::Scalar;
use crate::backend::object_texts::kind_of;
use crate::model::SkillRef;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The first readable value of several spellings, in order of preference.
struct First<T, const N: usize>([Option<T>; N]);

impl<T, const N: usize> Default for First<T, N> {
    fn default() -> Self {
        First(std::array::from_fn(|_| None))
    }
}

impl<T, const N: usize> First<T, N> {
    fn set(&mut self, i: usize, v: Option<T>) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = v;
        }
    }
    fn take(self) -> Option<T> {
        self.0.into_iter().flatten().next()
    }
}

fn text(s: Scalar<'_>) -> Option<String> {
    s.text().map(Cow::into_owned)
}

/// One skill: `{name, id, mediatype}` (any spelling), or a bare id.
struct Skill(Option<SkillRef>);

impl<'de> Deserialize<'de> for Skill {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Skill;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a skill")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skill, A::Error> {
                let mut id = First::<String, 3>::default();
                let mut name = First::<String, 3>::default();
                while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
                    let (slot, i) = match key.as_ref() {
                        "id" => (&mut id, 0),
                        "skillId" => (&mut id, 1),
                        "skillid" => (&mut id, 2),
                        "name" => (&mut name, 0),
                        "skillName" => (&mut name, 1),
                        "skilldesc" => (&mut name, 2),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    slot.set(i, text(map.next_value()?));
                }
                Ok(Skill(id.take().map(|id| SkillRef {
                    name: name.take().unwrap_or_else(|| id.clone()),
                    id,
                    level: None,
                    signed: true,
                })))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skill, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Skill(None))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Skill, E> {
                Ok(bare(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Skill, E> {
                Ok(bare(Scalar::I64(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Skill, E> {
                Ok(bare(Scalar::U64(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Skill, E> {
                Ok(bare(Scalar::F64(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Skill, E> {
                Ok(bare(Scalar::Text(Cow::Borrowed(v))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Skill, E> {
                Ok(Skill(None))
            }
        }
        d.deserialize_any(V)
    }
}

fn bare(s: Scalar<'_>) -> Skill {
    Skill(text(s).map(|id| SkillRef {
        name: id.clone(),
        id,
        level: None,
        signed: true,
    }))
}

/// The items of a list field; anything but an array is an empty list.
struct Items<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Items(
            crate::backend::lenient_de::any_items(d)?.unwrap_or_default(),
        ))
    }
}

/// One agent object (`None` without a work number).
struct Snapshot(Option<AgentSnapshot>);

fn agent_of_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<AgentSnapshot>, A::Error> {
    let mut workno = First::<String, 4>::default();
    let mut name = First::<String, 2>::default();
    let mut status = First::<i64, 3>::default();
    let mut cti = First::<i64, 2>::default();
    let mut group = First::<String, 2>::default();
    let mut busy = First::<i64, 2>::default();
    let (mut skilllist, mut skills) = (None, None);
    let mut call_ids = Vec::new();
    let mut media_type = None;
    while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
        let int = |s: Scalar<'_>| s.int_truncating();
        match key.as_ref() {
            "workno" => workno.set(0, text(map.next_value()?)),
            "workNo" => workno.set(1, text(map.next_value()?)),
            "agentId" => workno.set(2, text(map.next_value()?)),
            "agentid" => workno.set(3, text(map.next_value()?)),
            "name" => name.set(0, text(map.next_value()?)),
            "agentName" => name.set(1, text(map.next_value()?)),
            "status" => status.set(0, int(map.next_value()?)),
            "agentState" => status.set(1, int(map.next_value()?)),
            "agentStatus" => status.set(2, int(map.next_value()?)),
            "ctiStatus" => cti.set(0, int(map.next_value()?)),
            "ctistatus" => cti.set(1, int(map.next_value()?)),
            "groupid" => group.set(0, text(map.next_value()?)),
            "groupId" => group.set(1, text(map.next_value()?)),
            "busyReason" => busy.set(0, int(map.next_value()?)),
            "busyreason" => busy.set(1, int(map.next_value()?)),
            "mediatype" => media_type = text(map.next_value()?),
            "skilllist" => skilllist = Some(map.next_value::<Items<Skill>>()?.0),
            "skills" => skills = Some(map.next_value::<Items<Skill>>()?.0),
            "callids" => {
                call_ids = map
                    .next_value::<Items<Scalar<'de>>>()?
                    .0
                    .into_iter()
                    .filter_map(text)
                    .collect();
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    let Some(workno) = workno.take() else {
        return Ok(None);
    };
    Ok(Some(AgentSnapshot {
        workno,
        name: name.take().unwrap_or_default(),
        status: status.take(),
        cti_status: cti.take(),
        group_id: group.take(),
        skills: skilllist
            .or(skills)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| s.0)
            .collect(),
        call_ids,
        media_type: media_type.unwrap_or_default(),
        busy_reason: busy.take().and_then(|n| u32::try_from(n).ok()),
    }))
}

impl<'de> Deserialize<'de> for Snapshot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Snapshot;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an agent")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Snapshot, A::Error> {
                agent_of_map(map).map(Snapshot)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Snapshot, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Snapshot(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Snapshot, E> {
                Ok(Snapshot(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Snapshot, E> {
                Ok(Snapshot(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Snapshot, E> {
                Ok(Snapshot(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Snapshot, E> {
                Ok(Snapshot(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Snapshot, E> {
                Ok(Snapshot(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Snapshot, E> {
                Ok(Snapshot(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// One agent of `agentbyworkno`: `None` when the result is not an agent object.
pub struct OneAgent(pub Option<AgentSnapshot>);

impl<'de> Deserialize<'de> for OneAgent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Snapshot::deserialize(d).map(|s| OneAgent(s.0))
    }
}

/// A roster `result` whose shape is checked: an array of objects, a single object (a list of
/// one) or `null` (none); anything else, or an item that is not an object, is the error in words
/// (for [`HuaweiError::Body`](super::HuaweiError::Body)) instead of an empty roster.
pub struct Roster(pub Result<Vec<AgentSnapshot>, String>);

/// One item of a checked roster: an object, or the kind of what it is instead.
struct Entry(Result<Option<AgentSnapshot>, &'static str>);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an agent")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                agent_of_map(map).map(|a| Entry(Ok(a)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Entry(Err("an array")))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Entry, E> {
                Ok(Entry(Err("a boolean")))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Entry, E> {
                Ok(Entry(Err("a number")))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Entry, E> {
                Ok(Entry(Err("a number")))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Entry, E> {
                Ok(Entry(Err("a number")))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Entry, E> {
                Ok(Entry(Err("a string")))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry(Err("null")))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Roster {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut out = Vec::new();
        let checked = EachAgent(|a| out.push(a)).deserialize(d)?;
        Ok(Roster(checked.map(|_| out)))
    }
}

/// A roster `result` read agent by agent: each agent is handed to the function as soon as it is
/// read (no list of them is built), under the same shape check as [`Roster`]. The value is the
/// number of agents handed over, or the shape error in words; agents read before an entry of
/// the wrong shape have been handed over all the same.
pub struct EachAgent<F>(pub F);

impl<'de, F: FnMut(AgentSnapshot)> DeserializeSeed<'de> for EachAgent<F> {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V<F>(F);
        impl<'de, F: FnMut(AgentSnapshot)> Visitor<'de> for V<F> {
            type Value = Result<usize, String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an agent list")
            }
            fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut bad = None;
                let mut n = 0;
                while let Some(Entry(e)) = seq.next_element::<Entry>()? {
                    match e {
                        Ok(Some(a)) => {
                            n += 1;
                            (self.0)(a);
                        }
                        Ok(None) => {}
                        Err(kind) => {
                            bad.get_or_insert(kind);
                        }
                    }
                }
                Ok(match bad {
                    Some(kind) => Err(format!(
                        "an entry of the agent list is {kind}, not an object"
                    )),
                    None => Ok(n),
                })
            }
            fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<Self::Value, A::Error> {
                Ok(Ok(match agent_of_map(map)? {
                    Some(a) => {
                        (self.0)(a);
                        1
                    }
                    None => 0,
                }))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ok(0))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ok(0))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(wrong("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(wrong("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(wrong("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(wrong("a number"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(wrong("a string"))
            }
        }
        d.deserialize_any(V(self.0))
    }
}

/// One entry of a roster answer read by [`EachEntry`]: an object as its text, or (for a
/// `result` that is a single object) the agent already read.
pub enum RosterEntry<'de> {
    Text(&'de RawValue),
    Read(AgentSnapshot),
}

/// A roster `result` read entry by entry as text (for a caller that parses only the entries
/// whose text changed, with [`agent_of_text`]), under the same shape check as [`Roster`]; the
/// value is the number of entries handed over, or the shape error in words.
pub struct EachEntry<F>(pub F);

impl<'de, F: FnMut(RosterEntry<'de>)> DeserializeSeed<'de> for EachEntry<F> {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V<F>(F);
        impl<'de, F: FnMut(RosterEntry<'de>)> Visitor<'de> for V<F> {
            type Value = Result<usize, String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an agent list")
            }
            fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut bad = None;
                let mut n = 0;
                while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                    match kind_of(raw) {
                        None => {
                            n += 1;
                            (self.0)(RosterEntry::Text(raw));
                        }
                        Some(kind) => {
                            bad.get_or_insert(kind);
                        }
                    }
                }
                Ok(match bad {
                    Some(kind) => Err(format!(
                        "an entry of the agent list is {kind}, not an object"
                    )),
                    None => Ok(n),
                })
            }
            fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<Self::Value, A::Error> {
                Ok(Ok(match agent_of_map(map)? {
                    Some(a) => {
                        (self.0)(RosterEntry::Read(a));
                        1
                    }
                    None => 0,
                }))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ok(0))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ok(0))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(wrong("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(wrong("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(wrong("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(wrong("a number"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(wrong("a string"))
            }
        }
        d.deserialize_any(V(self.0))
    }
}

/// The agent of one roster entry's text (`None` without a work number), read as [`Roster`]
/// reads it.
pub fn agent_of_text(raw: &RawValue) -> Result<Option<AgentSnapshot>, String> {
    crate::backend::nesting::from_str_bounded(raw.get(), std::marker::PhantomData::<OneAgent>)
        .map(|a| a.0)
        .map_err(|e| e.to_string())
}

/// One resting agent of `agentrestinfo` (`None` without a work number or a usable cause).
struct Rest(Option<RestInfo>);

impl<'de> Deserialize<'de> for Rest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rest;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a resting agent")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rest, A::Error> {
                let mut workno = First::<String, 3>::default();
                let mut cause = First::<i64, 4>::default();
                let mut planned = First::<i64, 3>::default();
                let mut began = First::<i64, 3>::default();
                while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
                    let int = |s: Scalar<'_>| s.int_truncating();
                    match key.as_ref() {
                        "workno" => workno.set(0, text(map.next_value()?)),
                        "workNo" => workno.set(1, text(map.next_value()?)),
                        "agentId" => workno.set(2, text(map.next_value()?)),
                        "restCause" => cause.set(0, int(map.next_value()?)),
                        "restcause" => cause.set(1, int(map.next_value()?)),
                        "reason" => cause.set(2, int(map.next_value()?)),
                        "causeId" => cause.set(3, int(map.next_value()?)),
                        "restTime" => planned.set(0, int(map.next_value()?)),
                        "resttime" => planned.set(1, int(map.next_value()?)),
                        "time" => planned.set(2, int(map.next_value()?)),
                        "restBeginTime" => began.set(0, int(map.next_value()?)),
                        "beginTime" => began.set(1, int(map.next_value()?)),
                        "restStartTime" => began.set(2, int(map.next_value()?)),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let info = (|| {
                    Some(RestInfo {
                        workno: workno.take()?,
                        cause: u32::try_from(cause.take()?).ok()?,
                        planned_secs: planned
                            .take()
                            .and_then(|n| u64::try_from(n).ok())
                            .filter(|n| *n > 0),
                        began: began.take(),
                    })
                })();
                Ok(Rest(info))
            }
        }
        d.deserialize_map(V)
    }
}

/// The `result` of `agentrestinfo`: its resting agents, each field under any of its spellings;
/// an item of the wrong shape (or without a work number or cause) is skipped, anything but a
/// list is none.
pub struct RestList(pub Vec<RestInfo>);

impl<'de> Deserialize<'de> for RestList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items: Option<Vec<Rest>> = crate::backend::lenient_de::lenient_items(d)?;
        Ok(RestList(
            items
                .unwrap_or_default()
                .into_iter()
                .filter_map(|r| r.0)
                .collect(),
        ))
    }
}

fn wrong(kind: &str) -> Result<usize, String> {
    Err(format!("the agent list (result) is {kind}, not an array"))
}

#[cfg(test)]
mod tests {
    use super::super::http::parse_envelope;
    use super::super::HuaweiEvent;
    use super::*;

    #[test]
    fn rosters_and_events_parse_leniently_from_bytes() {
        let body = br#"{"message":"","retcode":0,"extra":{"deep":[1,{"x":null}]},"result":[
            {"workNo":1001,"name":null,"agentName":"Li","status":"4","ctiStatus":3.0,
             "skilllist":[{"skillId":25,"skilldesc":"voice"},7,null,[1]],"callids":[1,"2-3",null],
             "busyReason":"200","groupid":"","new2030":{"a":[1,2]}},
            {"nowork":1},
            {"agentId":"1002","status":null,"busyReason":-1,"skills":"none"}]}"#;
        let env = parse_envelope("p", body).unwrap();
        let agents = env.result_as::<Roster>().unwrap().0.unwrap();
        assert_eq!(agents.len(), 2);
        let a = &agents[0];
        assert_eq!((a.workno.as_str(), a.name.as_str()), ("1001", "Li"));
        assert_eq!(
            (a.status, a.cti_status, a.busy_reason),
            (Some(4), Some(3), Some(200))
        );
        assert_eq!(a.group_id.as_deref(), Some(""));
        assert_eq!(a.skills.len(), 2);
        assert_eq!(
            (a.skills[0].id.as_str(), a.skills[0].name.as_str()),
            ("25", "voice")
        );
        assert_eq!(
            (a.skills[1].id.as_str(), a.skills[1].name.as_str()),
            ("7", "7")
        );
        assert_eq!(a.call_ids, vec!["1", "2-3"]);
        let b = &agents[1];
        assert_eq!((b.status, b.busy_reason, b.skills.len()), (None, None, 0));
        for (bad, words) in [
            (
                &br#"{"retcode":"0","result":"oops"}"#[..],
                "is a string, not an array",
            ),
            (
                br#"{"retcode":"0","result":[{"workno":1},5]}"#,
                "entry of the agent list is a number",
            ),
        ] {
            let env = parse_envelope("p", bad).unwrap();
            let err = env.result_as::<Roster>().unwrap().0.unwrap_err();
            assert!(err.contains(words), "{err}");
        }
        let none = parse_envelope("p", br#"{"retcode":"0"}"#).unwrap();
        assert_eq!(none.result_as::<Roster>().unwrap().0, Ok(vec![]));
        let deep = format!(
            "{{\"retcode\":\"0\",\"x\":{}1{}}}",
            "[".repeat(5_000),
            "]".repeat(5_000)
        );
        assert!(parse_envelope("p", deep.as_bytes()).is_err());

        let ev = HuaweiEvent::from_poll_bytes(
            br#"{"message":"","retcode":"0","event":{"eventType":"AgentState_SetRest_Success",
                "workNo":291,"content":{"reason":"5","nested":{"a":1},"n":7},
                "eventGenTime":"1700000000123","unknown":[1]}}"#,
        )
        .unwrap();
        assert_eq!((ev.workno.as_str(), ev.reason()), ("291", Some(5)));
        assert_eq!(ev.gen_time, Some(1_700_000_000_123));
        assert_eq!(ev.content.field("n").as_deref(), Some("7"));
        assert_eq!(ev.content.field("nested"), None);
        assert!(HuaweiEvent::from_poll_bytes(br#"{"retcode":"0","event":null}"#).is_none());
        let bare = HuaweiEvent::from_poll_bytes(
            br#"{"eventType":"AgentEvent_Talking","workno":"7","content":"1-2"}"#,
        )
        .unwrap();
        assert_eq!(bare.call_id().as_deref(), Some("1-2"));
    }
}
