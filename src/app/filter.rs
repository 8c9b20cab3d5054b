//! The roster filter (`/`): free text and `key=value` terms, all of which must match.
//!
//! Terms: `state=break` (a display state, or `stale`, `alert`), `skill=…` (group id or name),
//! `backend=…`, `code=…` (reason code or label), `id=…`, `name=…`; any other word matches the
//! agent's id, name, extension, reason or backend. Matching ignores case; values match by
//! substring, except `state`, which names a state. `!` before a term negates it.

use super::attention::{alert, is_stale};
use crate::config::Thresholds;
use crate::model::StateKey;
use crate::model::{Agent, UnixMs};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Text(String),
    State(StateKey),
    Stale,
    Alert,
    Skill(String),
    Backend(String),
    Code(String),
    Id(String),
    Name(String),
}

/// A parsed filter; the empty filter matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    text: String,
    terms: Vec<(bool, Term)>,
}

/// A term the filter does not understand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FilterError(pub String);

impl Filter {
    /// Parses the filter text.
    pub fn parse(text: &str) -> Result<Filter, FilterError> {
        let mut terms = Vec::new();
        for word in text.split_whitespace() {
            let (negate, word) = match word.strip_prefix('!') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, word),
            };
            let term = match word.split_once(['=', ':']) {
                Some((key, value)) => {
                    let value = value.to_lowercase();
                    match key.to_lowercase().as_str() {
                        "state" | "s" => match value.as_str() {
                            "stale" => Term::Stale,
                            "alert" | "stuck" => Term::Alert,
                            v => Term::State(StateKey::parse(v).ok_or_else(|| {
                                FilterError(format!(
                                    "unknown state `{v}`: use ready, ringing, dialing, talking, wrap-up, not-ready, break, signing-in, offline, stale or alert"
                                ))
                            })?),
                        },
                        "skill" | "group" | "g" => Term::Skill(value),
                        "backend" | "b" => Term::Backend(value),
                        "code" | "reason" | "c" => Term::Code(value),
                        "id" => Term::Id(value),
                        "name" | "n" => Term::Name(value),
                        other => {
                            return Err(FilterError(format!(
                                "unknown filter key `{other}`: use state=, skill=, backend=, code=, id= or name="
                            )))
                        }
                    }
                }
                None => Term::Text(word.to_lowercase()),
            };
            terms.push((negate, term));
        }
        Ok(Filter {
            text: text.trim().to_string(),
            terms,
        })
    }

    /// Whether matching needs the backend's thresholds (only `state=alert` does).
    pub fn uses_thresholds(&self) -> bool {
        self.terms.iter().any(|(_, t)| matches!(t, Term::Alert))
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The text it was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether an agent passes every term.
    pub fn matches(&self, a: &Agent, now: UnixMs, thresholds: Option<&Thresholds>) -> bool {
        self.terms
            .iter()
            .all(|(negate, t)| term_matches(t, a, now, thresholds) != *negate)
    }
}

fn has(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        haystack
            .as_bytes()
            .windows(needle.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
            || needle.is_empty()
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

fn term_matches(t: &Term, a: &Agent, now: UnixMs, thresholds: Option<&Thresholds>) -> bool {
    let reason =
        |f: &dyn Fn(&str) -> bool| a.reason.as_ref().is_some_and(|r| f(&r.code) || f(&r.label));
    match t {
        Term::Text(w) => {
            has(&a.id, w)
                || has(&a.name, w)
                || has(&a.extension, w)
                || has(&a.backend, w)
                || reason(&|s| has(s, w))
        }
        Term::State(s) => StateKey::of(a) == *s,
        Term::Stale => is_stale(a),
        Term::Alert => alert(a, now, thresholds).is_some(),
        Term::Skill(w) => a.skills.iter().any(|s| has(&s.id, w) || has(&s.name, w)),
        Term::Backend(w) => has(&a.backend, w),
        Term::Code(w) => reason(&|s| has(s, w)),
        Term::Id(w) => has(&a.id, w),
        Term::Name(w) => has(&a.name, w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Freshness, Presence, Reason, ReasonCategory, SkillRef};
    use std::sync::Arc;

    fn agent() -> Agent {
        Agent {
            name: "张伟 Zhang".into(),
            presence: Presence::Break,
            activity: Activity::None,
            freshness: Freshness::Fresh,
            reason: Some(Reason {
                code: "lunch".into(),
                label: "Lunch".into(),
                category: ReasonCategory::Meal,
                planned_secs: None,
            }),
            skills: vec![SkillRef {
                id: "sales@ccc".into(),
                name: "Sales".into(),
                level: Some(1),
                signed: true,
            }],
            extension: "8001".into(),
            ..Agent::unknown(Arc::from("aliyun-sim"), "zhang@ccc")
        }
    }

    #[test]
    fn terms_and_text() {
        let a = agent();
        let m = |f: &str| Filter::parse(f).unwrap().matches(&a, 0, None);
        assert!(m(""));
        assert!(m("state=break"));
        assert!(m("STATE=Rest"));
        assert!(!m("state=ready"));
        assert!(m("skill=sales backend=aliyun code=lunch"));
        assert!(m("张伟"));
        assert!(m("zhang 8001"));
        assert!(!m("zhang 9999"));
        assert!(m("!state=ready"));
        assert!(!m("state=stale"));
    }

    #[test]
    fn bad_terms_say_what_is_accepted() {
        assert!(Filter::parse("state=sleepy")
            .unwrap_err()
            .0
            .contains("ready"));
        assert!(Filter::parse("colour=red")
            .unwrap_err()
            .0
            .contains("state="));
    }
}
