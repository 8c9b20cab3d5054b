//! A `ListRealtimeAgentStates` item kept as its text: its agent id and a fingerprint of the text
//! without the seconds counter, found by one byte scan of the text (no field-by-field parse, one
//! allocation); the typed record is parsed from the text only when the fingerprint changed since
//! the last refresh (a few agents in 10,000), so an unchanged agent costs a copy, a scan and a
//! hash.

use super::error::AliyunError;
use super::lenient as le;
use super::map::since_of;
use super::wire::{Page, RealtimeAgentState};
use crate::backend::memory::Print;
use crate::backend::object_fields::{for_each_field, plain_string};
use serde::de::Deserializer;
use std::ops::Range;

/// One agent's realtime record, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentStateRecord {
    /// The record as it came: a JSON object checked by serde_json.
    text: Box<str>,
    /// `AgentId`, read as the typed record reads it.
    id: Id,
    /// The fingerprint of the text without `Duration`'s value; `None` without a usable
    /// `StateTime` (the start then comes from `Duration` and our clock) or when the scan could not
    /// read the text exactly: never taken as unchanged.
    pub print: Option<u64>,
}

/// Where the agent id is: a plain string's content in the text (no copy), or read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Id {
    In(Range<usize>),
    Read(Box<str>),
}

impl Default for AgentStateRecord {
    /// An empty record (`{}`): no id, never taken as unchanged.
    fn default() -> AgentStateRecord {
        AgentStateRecord {
            text: Box::from("{}"),
            id: Id::Read(Box::from("")),
            print: None,
        }
    }
}

impl AgentStateRecord {
    /// `AgentId` (empty when absent or unreadable).
    pub fn agent_id(&self) -> &str {
        match &self.id {
            Id::In(span) => self.text.get(span.clone()).unwrap_or_default(),
            Id::Read(id) => id,
        }
    }

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

    /// The record of `text`, a JSON object serde_json has checked.
    fn from_text(text: Box<str>) -> AgentStateRecord {
        let (mut id, mut state_time, mut duration) = (None, None, None);
        let mut repeated = false;
        let scanned = for_each_field(&text, |key, value| {
            let slot = match key.as_ref() {
                "AgentId" => &mut id,
                "StateTime" => &mut state_time,
                "Duration" => &mut duration,
                _ => return,
            };
            repeated |= slot.replace(value).is_some();
        });
        if scanned.is_none() || repeated {
            // What the scan does not read exactly (a repeated field, or text serde_json did not
            // check): the typed parse says what the id is, and the record is always mapped again.
            let mut record = AgentStateRecord {
                text,
                id: Id::Read(Box::from("")),
                print: None,
            };
            if let Ok(s) = record.parse() {
                record.id = Id::Read(s.agent_id.into_boxed_str());
            }
            return record;
        }
        let id = match id {
            None => Id::Read(Box::from("")),
            Some(span) => match plain_string(&text[span.clone()]) {
                // `le::string` reads "无" as empty.
                Some(inner) if inner.trim() != "无" => Id::In(span.start + 1..span.end - 1),
                _ => Id::Read(
                    read(&text[span], |d| le::string(d))
                        .unwrap_or_default()
                        .into_boxed_str(),
                ),
            },
        };
        let state_time = state_time.map_or(0, |span| {
            let t = &text[span];
            match t.parse::<i64>() {
                Ok(n) if t.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => read(t, |d| le::int(d)).unwrap_or(0),
            }
        });
        let print = since_of(state_time, 0, 0).map(|_| {
            let mut p = Print::new();
            match duration {
                Some(span) => p.text(&text[..span.start]).text(&text[span.end..]),
                None => p.text(&text),
            };
            p.finish()
        });
        AgentStateRecord { text, id, print }
    }
}

/// A `ListRealtimeAgentStates` page whose items are kept as records (each item's text checked by
/// serde_json and scanned, not parsed); the same leniency as [`Page`].
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RecordPage {
    #[serde(deserialize_with = "le::int")]
    pub page_number: i64,
    #[serde(deserialize_with = "le::int")]
    pub page_size: i64,
    #[serde(deserialize_with = "le::int")]
    pub total_count: i64,
    #[serde(deserialize_with = "records")]
    pub list: Vec<AgentStateRecord>,
}

impl From<RecordPage> for Page<AgentStateRecord> {
    fn from(p: RecordPage) -> Page<AgentStateRecord> {
        Page {
            page_number: p.page_number,
            page_size: p.page_size,
            total_count: p.total_count,
            list: p.list,
        }
    }
}

fn records<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AgentStateRecord>, D::Error> {
    Ok(crate::backend::lenient_de::raw_object_list(d)?
        .into_iter()
        .map(|raw| AgentStateRecord::from_text(raw.into()))
        .collect())
}

type TextDe<'a> = serde_json::Deserializer<serde_json::de::StrRead<'a>>;

/// A value's text read by one of the typed record's lenient field readers.
fn read<T>(text: &str, f: fn(&mut TextDe<'_>) -> serde_json::Result<T>) -> Option<T> {
    f(&mut serde_json::Deserializer::from_str(text)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record of `json`, read as a page's one item is.
    fn of(json: &str) -> AgentStateRecord {
        let page: RecordPage = crate::backend::nesting::from_str_bounded(
            &format!(r#"{{"List":[{json}]}}"#),
            std::marker::PhantomData,
        )
        .unwrap();
        page.list.into_iter().next().unwrap()
    }

    const BASE: &str = r#"{"AgentId":"agent1@ccc-test","State":"Ready","StateTime":1700000000000,"Duration":12,"SkillGroupIdList":["sg-1"],"SkillGroupNameList":["Sales"]}"#;

    #[test]
    fn the_record_reads_back_as_the_typed_record() {
        let r = of(BASE);
        assert_eq!(r.agent_id(), "agent1@ccc-test");
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
        assert_eq!(r.agent_id(), "12345");
        assert!(r.print.is_some(), "StateTime as a string is usable");
        let typed: RealtimeAgentState = serde_json::from_str(json).unwrap();
        assert_eq!(r.parse().unwrap(), typed);
        assert_eq!(typed.state_time, 1_700_000_000_000);
        assert!(typed.outbound_scenario);
    }

    #[test]
    fn an_escaped_key_is_the_field_it_spells() {
        // The typed record reads `"Dur\u0061tion"` as `Duration`: so does the print.
        let a = of(&BASE.replace(r#""Duration":12"#, r#""Dur\u0061tion":12"#));
        let b = of(&BASE.replace(r#""Duration":12"#, r#""Dur\u0061tion":13"#));
        assert_eq!(a.print, b.print);
        assert!(a.print.is_some());
        let c = of(&BASE.replace(r#""AgentId""#, r#""Agent\u0049d""#));
        assert_eq!(c.agent_id(), "agent1@ccc-test");
    }

    #[test]
    fn a_repeated_field_is_always_mapped_and_its_error_told() {
        let r = of(&BASE.replace(r#""State":"Ready""#, r#""AgentId":"other@ccc-test""#));
        assert_eq!(r.print, None);
        assert_eq!(r.agent_id(), "", "the typed record does not read");
        assert!(r.parse().is_err());
    }

    #[test]
    fn ids_read_as_the_typed_record_reads_them() {
        for (raw, id) in [
            (r#""AgentId":"无""#, ""),
            (r#""AgentId":null"#, ""),
            (r#""AgentId":"a\u0040b""#, "a@b"),
            (r#""AgentId":7"#, "7"),
            (r#""AgentId":" x ""#, " x "),
        ] {
            let json = BASE.replace(r#""AgentId":"agent1@ccc-test""#, raw);
            let r = of(&json);
            assert_eq!(r.agent_id(), id, "{raw}");
            assert_eq!(r.parse().unwrap().agent_id, id, "{raw}");
        }
        let r = of(&BASE.replace(r#""AgentId":"agent1@ccc-test","#, ""));
        assert_eq!(r.agent_id(), "");
    }

    #[test]
    fn only_objects_are_records() {
        for json in ["[1]", "\"x\"", "1", "null", "true"] {
            let page = format!(r#"{{"List":[{json}]}}"#);
            let r: Result<RecordPage, _> =
                crate::backend::nesting::from_str_bounded(&page, std::marker::PhantomData);
            let typed: Result<crate::backend::aliyun::wire::Page<RealtimeAgentState>, _> =
                serde_json::from_str(&page);
            assert_eq!(r.is_ok(), typed.is_ok(), "{json}");
        }
    }
}
