//! A `ListRealtimeAgentStates` item kept as its text: its agent id and a fingerprint of the text
//! without the seconds counter, found by one byte scan of the text (no field-by-field parse, one
//! allocation); the typed record is parsed from the text only when the fingerprint changed since
//! the last refresh (a few agents in 10,000), so an unchanged agent costs a copy, a scan and a
//! hash.

use super::error::AliyunError;
use super::lenient as le;
use super::map::since_of;
use super::wire::RealtimeAgentState;
use crate::backend::memory::Print;
use crate::backend::object_fields::{for_each_field, plain_string, skip_ws, value_end};
use crate::backend::object_texts::ObjectText;
use memchr::memmem::Finder;
use std::ops::Range;
use std::sync::LazyLock;

/// One agent's realtime record, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentStateRecord {
    /// The record as it came: a JSON object checked by serde_json, in its page's buffer.
    text: ObjectText,
    /// `AgentId`, read as the typed record reads it.
    id: Id,
    /// The fingerprint of the text without `Duration`'s value (see `print_of`); `None` when the
    /// text could not be read exactly: never taken as unchanged. Whether a record whose print
    /// stayed may be kept also takes a usable `StateTime` ([`AgentStateRecord::keepable`]), known
    /// once it was parsed.
    pub print: Option<u64>,
}

/// Where the agent id is: a plain string's content in the text (no copy), or read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Id {
    In(Range<usize>),
    Read(Box<str>),
}

impl AgentStateRecord {
    /// `AgentId` (empty when absent or unreadable).
    pub fn agent_id(&self) -> &str {
        match &self.id {
            Id::In(span) => self.text.get().get(span.clone()).unwrap_or_default(),
            Id::Read(id) => id,
        }
    }

    /// The typed record (under the same nesting bound as every body); a record that does not
    /// read is a decode error of `ListRealtimeAgentStates`.
    pub fn parse(&self) -> Result<RealtimeAgentState, AliyunError> {
        crate::backend::nesting::from_str_bounded(self.text.get(), std::marker::PhantomData)
            .map_err(|e| AliyunError::Decode {
                action: "ListRealtimeAgentStates".to_string(),
                detail: format!("an agent's record: {e}"),
            })
    }

    /// The record of `object`, a `ListRealtimeAgentStates` item as its text (a JSON object
    /// serde_json has checked: an item of an `item_text::TextPage`).
    pub fn from_text(object: ObjectText) -> AgentStateRecord {
        let text = object.get();
        let print = print_of(text);
        if let Some(span) = leading_id(text) {
            return AgentStateRecord {
                text: object,
                id: Id::In(span),
                print,
            };
        }
        // The id elsewhere, escaped or not a string: found by scanning the fields.
        let mut id = None;
        let mut repeated = false;
        let scanned = for_each_field(text, |key, value| {
            if key == "AgentId" {
                repeated |= id.replace(value).is_some();
            }
        });
        if scanned.is_none() || repeated {
            // What the scan does not read exactly (a repeated id, or text serde_json did not
            // check): the typed parse says what the id is, and the record is always mapped again.
            let mut record = AgentStateRecord {
                text: object,
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
        AgentStateRecord {
            text: object,
            id,
            print,
        }
    }

    /// Whether a record mapped as `typed` may be taken as unchanged while its text (but for
    /// `Duration`) is: only with a usable `StateTime` (otherwise the start comes from `Duration`
    /// and our clock).
    pub fn keepable(typed: &RealtimeAgentState) -> bool {
        since_of(typed.state_time, 0, 0).is_some()
    }
}

const DURATION_KEY: &str = "\"Duration\":";
const ID_LEAD: &str = "{\"AgentId\":\"";
static DURATION: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(DURATION_KEY));
static AGENT_ID: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("\"AgentId\":"));

/// The fingerprint of a record: its text with the value after every `"Duration":` cut out. Sound
/// wherever that key stands: in valid JSON the text `"Duration":` can only be a key (a string
/// cannot hold an unescaped quote), and a `Duration` anywhere but at the top is inside a field the
/// typed record does not read (every field it reads is a scalar or a list of scalars). A
/// `Duration` written another way (`"Dur\u0061tion"`, a space before the colon) stays in, so such
/// a record is only ever mapped again. `None` when a value cannot be found after the key.
fn print_of(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let mut p = Print::new();
    let mut from = 0;
    for at in DURATION.find_iter(b) {
        if at < from {
            continue;
        }
        let start = skip_ws(b, at + DURATION_KEY.len());
        p.text(text.get(from..start)?);
        from = value_end(b, start)?;
    }
    p.text(text.get(from..)?);
    Some(p.finish())
}

/// The agent id where the vendor puts it: the first field, a plain string, and the only
/// `"AgentId":` in the text (so certainly the top-level one, and not repeated).
fn leading_id(text: &str) -> Option<Range<usize>> {
    let rest = text.strip_prefix(ID_LEAD)?;
    let end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
    if rest.as_bytes()[end] != b'"' || rest[..end].trim() == "无" {
        return None;
    }
    if AGENT_ID.find_iter(text.as_bytes()).nth(1).is_some() {
        return None;
    }
    Some(ID_LEAD.len()..ID_LEAD.len() + end)
}

type TextDe<'a> = serde_json::Deserializer<serde_json::de::StrRead<'a>>;

/// A value's text read by one of the typed record's lenient field readers.
fn read<T>(text: &str, f: fn(&mut TextDe<'_>) -> serde_json::Result<T>) -> Option<T> {
    f(&mut serde_json::Deserializer::from_str(text)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::aliyun::item_text::TextPage;

    /// The record of `json`, read as a page's one item is.
    fn of(json: &str) -> AgentStateRecord {
        let page: TextPage = crate::backend::nesting::from_str_bounded(
            &format!(r#"{{"List":[{json}]}}"#),
            std::marker::PhantomData,
        )
        .unwrap();
        AgentStateRecord::from_text(page.list.into_iter().next().unwrap())
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
            let r = of(&json);
            assert!(!AgentStateRecord::keepable(&r.parse().unwrap()), "{json}");
        }
        assert!(AgentStateRecord::keepable(&of(BASE).parse().unwrap()));
    }

    #[test]
    fn every_duration_is_cut_out_and_only_durations() {
        // Nested in a field the typed record does not read: cut out too (it reads nothing there).
        let nested = r#"{"AgentId":"a@i","StateTime":1700000000000,"Extra":{"Duration":{"x":[1,"]"]}},"Duration":3}"#;
        let moved = nested
            .replace(r#"{"x":[1,"]"]}"#, "7")
            .replace(r#""Duration":3"#, r#""Duration":4"#);
        assert_eq!(of(nested).print, of(&moved).print);
        // A space before the value is skipped; one before the colon keeps the value in.
        let spaced = BASE.replace(r#""Duration":12"#, r#""Duration": 12"#);
        assert_eq!(of(&spaced).print, of(&spaced.replace(": 12", ": 13")).print);
        let odd = BASE.replace(r#""Duration":12"#, r#""Duration" :12"#);
        assert_ne!(of(&odd).print, of(&odd.replace(":12", ":13")).print);
        // A key that only ends in "Duration" is another field.
        let other = BASE.replace(r#""Duration":12"#, r#""MaxDuration":12"#);
        assert_ne!(of(&other).print, of(&other.replace(":12", ":13")).print);
    }

    #[test]
    fn the_id_is_found_wherever_it_stands() {
        let last = r#"{"State":"Ready","StateTime":1700000000000,"AgentId":"z@i"}"#;
        assert_eq!(of(last).agent_id(), "z@i");
        let nested_too = r#"{"AgentId":"a@i","Extra":{"AgentId":"b@i"}}"#;
        assert_eq!(of(nested_too).agent_id(), "a@i");
        let only_nested = r#"{"Extra":{"AgentId":"b@i"},"State":"Ready"}"#;
        assert_eq!(of(only_nested).agent_id(), "");
        assert_eq!(of(only_nested).parse().unwrap().agent_id, "");
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
    fn an_escaped_key_is_read_as_the_field_it_spells() {
        // `"Dur\u0061tion"` is `Duration` to the typed record; the print keeps it in (sound:
        // such a record is only mapped again each time).
        let a = of(&BASE.replace(r#""Duration":12"#, r#""Dur\u0061tion":12"#));
        let b = of(&BASE.replace(r#""Duration":12"#, r#""Dur\u0061tion":13"#));
        assert_ne!(a.print, b.print);
        assert_eq!(a.parse().unwrap().duration, 12);
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
            let r: Result<TextPage, _> =
                crate::backend::nesting::from_str_bounded(&page, std::marker::PhantomData);
            let typed: Result<crate::backend::aliyun::wire::Page<RealtimeAgentState>, _> =
                serde_json::from_str(&page);
            assert_eq!(r.is_ok(), typed.is_ok(), "{json}");
        }
    }
}
