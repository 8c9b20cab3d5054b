//! A `ListRealtimeAgentStates` item read as text: its agent id and a fingerprint of every field
//! but the seconds counter, in one pass that allocates almost nothing; the typed record is parsed
//! from the text only when the fingerprint changed since the last refresh (a few agents in
//! 10,000), so an unchanged agent costs a scan and a hash.

use super::error::AliyunError;
use super::lenient as le;
use super::map::since_of;
use super::wire::RealtimeAgentState;
use crate::backend::memory::Print;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// One agent's realtime record, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentStateRecord {
    /// `AgentId`, read as the typed record reads it (empty when absent).
    pub agent_id: String,
    /// The fingerprint of every field but `Duration`; `None` without a usable `StateTime` (the
    /// start then comes from `Duration` and our clock: never taken as unchanged).
    pub print: Option<u64>,
    /// The record as a JSON object (its fields as they came).
    text: Box<str>,
}

impl AgentStateRecord {
    /// The typed record (under the same nesting bound as every body); a record that does not
    /// read is a decode error of `ListRealtimeAgentStates`.
    pub fn parse(&self) -> Result<RealtimeAgentState, AliyunError> {
        crate::backend::nesting::from_str_bounded(&self.text, std::marker::PhantomData).map_err(
            |e| AliyunError::Decode {
                action: "ListRealtimeAgentStates".to_string(),
                detail: format!("an agent's record: {e}"),
            },
        )
    }
}

type TextDe<'a> = serde_json::Deserializer<serde_json::de::StrRead<'a>>;

/// `raw` read by one of the typed record's lenient field readers.
fn read<T>(raw: &RawValue, f: fn(&mut TextDe<'_>) -> serde_json::Result<T>) -> Option<T> {
    f(&mut serde_json::Deserializer::from_str(raw.get())).ok()
}

impl<'de> Deserialize<'de> for AgentStateRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = AgentStateRecord;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an agent state object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut print = Print::new();
        let mut text = String::with_capacity(512);
        let mut agent_id = String::new();
        let mut state_time = 0;
        text.push('{');
        while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
            let raw: &'de RawValue = map.next_value()?;
            if text.len() > 1 {
                text.push(',');
            }
            push_key(&mut text, &key);
            text.push(':');
            text.push_str(raw.get());
            match key.as_ref() {
                // Counts up every second; `StateTime` says when the state started.
                "Duration" => continue,
                "AgentId" => agent_id = read(raw, |d| le::string(d)).unwrap_or_default(),
                "StateTime" => state_time = read(raw, |d| le::int(d)).unwrap_or(0),
                _ => {}
            }
            print.text(&key).text(raw.get());
        }
        text.push('}');
        Ok(AgentStateRecord {
            agent_id,
            print: since_of(state_time, 0, 0).map(|_| print.finish()),
            text: text.into_boxed_str(),
        })
    }
}

/// `key` as a JSON string.
fn push_key(text: &mut String, key: &str) {
    if key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        text.push('"');
        text.push_str(key);
        text.push('"');
    } else {
        // Serialising a `str` cannot fail; the fallback only keeps this free of `expect`.
        text.push_str(&serde_json::to_string(key).unwrap_or_else(|_| "\"\"".to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(json: &str) -> AgentStateRecord {
        crate::backend::nesting::from_str_bounded(json, std::marker::PhantomData).unwrap()
    }

    const BASE: &str = r#"{"AgentId":"agent1@ccc-test","State":"Ready","StateTime":1700000000000,"Duration":12,"SkillGroupIdList":["sg-1"],"SkillGroupNameList":["Sales"]}"#;

    #[test]
    fn the_record_reads_back_as_the_typed_record() {
        let r = of(BASE);
        assert_eq!(r.agent_id, "agent1@ccc-test");
        let typed: RealtimeAgentState = serde_json::from_str(BASE).unwrap();
        assert_eq!(r.parse().unwrap(), typed);
    }

    #[test]
    fn the_seconds_counter_alone_does_not_change_the_print() {
        let a = of(BASE);
        let b = of(&BASE.replace(r#""Duration":12"#, r#""Duration":14"#));
        assert_eq!(a.print, b.print);
        assert!(a.print.is_some());
    }

    #[test]
    fn every_other_field_changes_the_print() {
        let base = of(BASE).print;
        for (from, to) in [
            (r#""State":"Ready""#, r#""State":"Break""#),
            (
                r#""StateTime":1700000000000"#,
                r#""StateTime":1700000001000"#,
            ),
            (r#"["sg-1"]"#, r#"["sg-2"]"#),
            (r#"["Sales"]"#, r#"["Support"]"#),
            (
                r#""AgentId":"agent1@ccc-test""#,
                r#""AgentId":"agent2@ccc-test""#,
            ),
            (r#""Duration":12"#, r#""Duration":12,"BreakCode":"Lunch""#),
            // The same texts moved from one field to the other.
            (
                r#""SkillGroupIdList":["sg-1"],"SkillGroupNameList":["Sales"]"#,
                r#""SkillGroupIdList":["Sales"],"SkillGroupNameList":["sg-1"]"#,
            ),
        ] {
            let json = BASE.replace(from, to);
            assert_ne!(json, BASE);
            assert_ne!(of(&json).print, base, "{to}");
        }
    }

    #[test]
    fn a_start_from_the_seconds_counter_is_never_kept() {
        for json in [
            BASE.replace(r#""StateTime":1700000000000"#, r#""StateTime":0"#),
            BASE.replace(r#""StateTime":1700000000000,"#, ""),
        ] {
            assert_eq!(of(&json).print, None, "{json}");
        }
    }

    #[test]
    fn lenient_shapes_read_as_the_typed_record_reads_them() {
        let json = r#"{"AgentId":12345,"StateTime":"1700000000000","Duration":"7","State":null,"Extra":{"a":[1,2]},"Name\"x":"y","OutboundScenario":"true","RamId":21474836470000001}"#;
        let r = of(json);
        assert_eq!(r.agent_id, "12345");
        assert!(r.print.is_some(), "StateTime as a string is usable");
        let typed: RealtimeAgentState = serde_json::from_str(json).unwrap();
        assert_eq!(r.parse().unwrap(), typed);
        assert_eq!(typed.state_time, 1_700_000_000_000);
        assert!(typed.outbound_scenario);
    }
}
