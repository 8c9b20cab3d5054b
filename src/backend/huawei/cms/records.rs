//! What CMS last said about each agent ([`CmsAgents`]), kept with a fingerprint of each record's
//! text: a new answer is scanned record by record and only the records whose text changed are
//! parsed again (a few of 5,000 between two refreshes), the others keep their parsed agent.

use super::client::{body_error, check_code};
use super::error::CmsError;
use super::wire::CmsAgent;
use crate::backend::lenient_de::opt_text;
use crate::backend::memory::FastHash;
use crate::backend::memory::Print;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{HashMap, HashSet};

/// An answer's `resultDesc` read in the same pass as its envelope: the items of a list as text,
/// or the failure's words.
enum RawDesc<'a> {
    Items(Vec<&'a RawValue>),
    Text(String),
    None,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawDesc<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = RawDesc<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list or a text")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(6000));
                while let Some(item) = seq.next_element::<&'a RawValue>()? {
                    items.push(item);
                }
                Ok(RawDesc::Items(items))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawDesc::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawDesc::None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(RawDesc::None)
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(RawDesc::None)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(RawDesc::None)
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(RawDesc::None)
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(RawDesc::None)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// An answer's envelope with its data as text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEnvelope<'a> {
    #[serde(default, deserialize_with = "opt_text")]
    result_code: Option<String>,
    #[serde(borrow, default)]
    result_desc: Option<RawDesc<'a>>,
}

/// The records of an answer (as text; none when `resultDesc` is not a list), its `resultCode`
/// checked (the failure's words from a text `resultDesc`), as the typed decoding does, in one
/// pass over the body.
fn records<'a>(path: &str, bytes: &'a [u8]) -> Result<Vec<&'a RawValue>, CmsError> {
    let env: RawEnvelope<'a> = serde_json::from_slice(bytes).map_err(|e| body_error(path, &e))?;
    let words = match &env.result_desc {
        Some(RawDesc::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    check_code(path, env.result_code.as_deref(), words)?;
    Ok(match env.result_desc {
        Some(RawDesc::Items(items)) => items,
        _ => Vec::new(),
    })
}

fn print_of(record: &RawValue) -> u64 {
    Print::new().text(record.get()).finish()
}

/// CMS's agents by work number, each with the fingerprint of the record it was parsed from.
#[derive(Debug, Default)]
pub struct CmsAgents {
    by_workno: HashMap<String, (u64, CmsAgent), FastHash>,
    /// The work number of each record print (to find an unchanged record without parsing it).
    by_print: HashMap<u64, String, FastHash>,
}

impl CmsAgents {
    /// The agents of a list (tests, and answers already parsed), last one per work number.
    pub fn from_list(agents: Vec<CmsAgent>) -> CmsAgents {
        let mut out = CmsAgents::default();
        for a in agents {
            if let Some(w) = a.agent_id.clone() {
                out.by_workno.insert(w, (0, a));
            }
        }
        out
    }

    pub fn get(&self, workno: &str) -> Option<&CmsAgent> {
        self.by_workno.get(workno).map(|(_, a)| a)
    }

    pub fn len(&self) -> usize {
        self.by_workno.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_workno.is_empty()
    }

    pub fn clear(&mut self) {
        self.by_workno.clear();
        self.by_print.clear();
    }

    /// Becomes what `answers` (of [`super::CmsClient::agent_answers`]) say, or nothing changes
    /// when one of them is refused or unreadable: the same agents as parsing every record would give (records that are not objects or lack `agentId` are
    /// skipped, the last record of a work number wins, agents not in the answers are dropped),
    /// parsing only the records whose text changed since the last update.
    pub fn update(&mut self, path: &str, answers: &[Vec<u8>]) -> Result<(), CmsError> {
        let mut all = Vec::new();
        for bytes in answers {
            all.extend(records(path, bytes)?);
        }
        let mut seen: HashSet<String, FastHash> =
            HashSet::with_capacity_and_hasher(all.len(), FastHash::default());
        let mut by_print = HashMap::with_capacity_and_hasher(all.len(), FastHash::default());
        for record in all {
            let print = print_of(record);
            let unchanged = self
                .by_print
                .get(&print)
                .filter(|w| self.by_workno.get(*w).is_some_and(|(p, _)| *p == print))
                .cloned();
            let workno = match unchanged {
                Some(w) => w,
                None => {
                    // An item of another kind is skipped (a struct would read from a list too).
                    let text = record.get();
                    if !text.trim_start().starts_with('{') {
                        continue;
                    }
                    let Ok(agent) = serde_json::from_str::<CmsAgent>(text) else {
                        continue;
                    };
                    let Some(w) = agent.agent_id.clone() else {
                        continue;
                    };
                    self.by_workno.insert(w.clone(), (print, agent));
                    w
                }
            };
            by_print.insert(print, workno.clone());
            seen.insert(workno);
        }
        self.by_workno.retain(|w, _| seen.contains(w));
        self.by_print = by_print;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(items: &str) -> Vec<u8> {
        format!(r#"{{"resultCode":"0100000","resultDesc":[{items}]}}"#).into_bytes()
    }

    use super::super::wire::ResultDesc;

    fn parsed(items: &str) -> HashMap<String, CmsAgent> {
        let env: super::super::wire::Envelope<CmsAgent> =
            serde_json::from_slice(&answer(items)).unwrap();
        match env.result_desc {
            ResultDesc::Items(v) => super::super::merge::by_workno(v),
            _ => HashMap::new(),
        }
    }

    fn same(c: &CmsAgents, items: &str) {
        let want = parsed(items);
        assert_eq!(c.len(), want.len(), "{items}");
        for (w, a) in &want {
            assert_eq!(c.get(w), Some(a), "{w} of {items}");
        }
    }

    #[test]
    fn updates_equal_parsing_every_record() {
        let a = r#"{"agentId":101,"currentState":4,"currentStateTime":"1700000000000","skillList":[{"skillId":3,"skillLevel":2}]}"#;
        let b = r#"{"agentId":"102","name":null,"currentState":5,"phoneNumber":"70102","new":[1]}"#;
        let b2 = r#"{"agentId":"102","currentState":1}"#;
        let mut c = CmsAgents::default();
        for items in [
            format!("{a},{b}"),
            format!("{a},{b}"),
            format!("{a},{b2}"),
            format!("{b2},7,null,{{\"name\":\"no id\"}},[1]"),
            format!("{a},{a},{b}"),
            format!("{b2},{b}"),
            String::new(),
        ] {
            c.update("p", &[answer(&items)]).unwrap();
            same(&c, &items);
        }
        // Over two answers (batches), and not a list at all.
        c.update("p", &[answer(a), answer(b)]).unwrap();
        same(&c, &format!("{a},{b}"));
        c.update(
            "p",
            &[br#"{"resultCode":"0100000","resultDesc":"x"}"#.to_vec()],
        )
        .unwrap();
        assert!(c.is_empty());
    }

    #[test]
    fn a_refusal_is_checked_with_its_words() {
        let e = records(
            "p",
            br#"{"resultCode":"0200001","resultDesc":"bad \u001b[2J ids"}"#,
        )
        .unwrap_err();
        let CmsError::Refused { code, message, .. } = e else {
            panic!("refused")
        };
        assert_eq!(code, "0200001");
        assert!(message.contains("bad") && !message.contains('\u{1b}'));
        assert!(records("p", &answer("")).is_ok_and(|r| r.is_empty()));
        assert!(matches!(
            records("p", b"<html>"),
            Err(CmsError::Body { .. })
        ));
        // A refused batch changes nothing.
        let mut c = CmsAgents::default();
        c.update("p", &[answer(r#"{"agentId":"101"}"#)]).unwrap();
        let refused = br#"{"resultCode":"0200001","resultDesc":"no"}"#.to_vec();
        assert!(c.update("p", &[answer(""), refused]).is_err());
        assert_eq!(c.len(), 1);
    }
}
