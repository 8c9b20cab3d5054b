//! The roster filter (`/`): free text and `key=value` terms, all of which must match.
//!
//! Terms: `state=break` (a display state, or `stale`, `alert`), `skill=…` (group id or name),
//! `backend=…`, `code=…` (reason code or label), `id=…`, `name=…`; any other word matches the
//! agent's id, name, extension, reason or backend. A term's value may list alternatives with
//! commas (`state=break,ready`: either). Matching ignores case; values match by substring,
//! except `state`, which names a state. `!` before a term negates it. A filter that does not
//! parse is refused whole, with what is accepted: it never applies in part.

use super::attention::{alert, is_stale};
use crate::config::Thresholds;
use crate::i18n::{t, tf, Lang};
use crate::model::StateKey;
use crate::model::{Agent, UnixMs};

/// One word of a `state=` term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StateWord {
    Is(StateKey),
    Stale,
    Alert,
}

/// A term; keyed terms hold their alternatives (any one matches).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Text(String),
    State(Vec<StateWord>),
    Skill(Vec<String>),
    Backend(Vec<String>),
    Code(Vec<String>),
    Id(Vec<String>),
    Name(Vec<String>),
    /// `key==value`: the inner term, matched whole (case aside) instead of as a part.
    Exact(Box<Term>),
}

fn state_word(v: &str) -> Result<StateWord, FilterError> {
    Ok(match v {
        "stale" => StateWord::Stale,
        "alert" | "stuck" => StateWord::Alert,
        "" => return Err(FilterError::NoState),
        v => StateWord::Is(
            StateKey::parse(v).ok_or_else(|| FilterError::UnknownState(v.to_string()))?,
        ),
    })
}

/// The comma-separated alternatives of a value (empty ones left out).
fn alternatives(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A parsed filter; the empty filter matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    text: String,
    terms: Vec<(bool, Term)>,
}

/// A term the filter does not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// `state=` with nothing after it.
    NoState,
    UnknownState(String),
    UnknownKey(String),
    /// `skill=` (any key but `state`) with nothing after it.
    NoValue(String),
}

impl FilterError {
    /// What is wrong and what is accepted, in `lang` (the filter words stay as typed).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FilterError::NoState => t(lang, "filter-no-state"),
            FilterError::UnknownState(v) => {
                tf(lang, "filter-unknown-state", &[("state", v.into())])
            }
            FilterError::UnknownKey(k) => tf(lang, "filter-unknown-key", &[("key", k.into())]),
            FilterError::NoValue(k) => tf(lang, "filter-no-value", &[("key", k.into())]),
        }
    }
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FilterError {}

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
                    // `skill==10` matches the whole value: group 10, not 110.
                    let (exact, value) = match value.strip_prefix('=') {
                        Some(v) => (true, v),
                        None => (false, value),
                    };
                    let value = value.to_lowercase();
                    let key = key.to_lowercase();
                    let alts = alternatives(&value);
                    let term = match key.as_str() {
                        "state" | "s" => {
                            let words = value
                                .split(',')
                                .map(|v| state_word(v.trim()))
                                .collect::<Result<Vec<_>, _>>()?;
                            Term::State(words)
                        }
                        "skill" | "group" | "g" => Term::Skill(alts.clone()),
                        "backend" | "b" => Term::Backend(alts.clone()),
                        "code" | "reason" | "c" => Term::Code(alts.clone()),
                        "id" => Term::Id(alts.clone()),
                        "name" | "n" => Term::Name(alts.clone()),
                        other => return Err(FilterError::UnknownKey(other.to_string())),
                    };
                    if alts.is_empty() && !matches!(term, Term::State(_)) {
                        return Err(FilterError::NoValue(key));
                    }
                    if exact && !matches!(term, Term::State(_)) {
                        Term::Exact(Box::new(term))
                    } else {
                        term
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
        self.terms.iter().any(|(_, t)| match t {
            Term::State(words) => words.contains(&StateWord::Alert),
            _ => false,
        })
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

/// The whole of `haystack` is `needle`, case aside.
fn whole(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase() == needle
}

fn term_matches(t: &Term, a: &Agent, now: UnixMs, thresholds: Option<&Thresholds>) -> bool {
    match t {
        Term::Exact(inner) => term_matches_by(inner, a, now, thresholds, whole),
        _ => term_matches_by(t, a, now, thresholds, has),
    }
}

fn term_matches_by(
    t: &Term,
    a: &Agent,
    now: UnixMs,
    thresholds: Option<&Thresholds>,
    has: fn(&str, &str) -> bool,
) -> bool {
    let reason =
        |f: &dyn Fn(&str) -> bool| a.reason.as_ref().is_some_and(|r| f(&r.code) || f(&r.label));
    let any = |alts: &[String], f: &dyn Fn(&str) -> bool| alts.iter().any(|w| f(w));
    match t {
        Term::Text(w) => {
            has(&a.id, w)
                || has(&a.name, w)
                || has(&a.extension, w)
                || has(&a.backend, w)
                || reason(&|s| has(s, w))
        }
        Term::State(words) => words.iter().any(|w| match w {
            StateWord::Is(s) => StateKey::of(a) == *s,
            StateWord::Stale => is_stale(a),
            StateWord::Alert => alert(a, now, thresholds).is_some(),
        }),
        Term::Skill(alts) => any(alts, &|w| {
            a.skills.iter().any(|s| has(&s.id, w) || has(&s.name, w))
        }),
        Term::Backend(alts) => any(alts, &|w| has(&a.backend, w)),
        Term::Code(alts) => any(alts, &|w| reason(&|s| has(s, w))),
        Term::Id(alts) => any(alts, &|w| has(&a.id, w)),
        Term::Name(alts) => any(alts, &|w| has(&a.name, w)),
        Term::Exact(inner) => term_matches_by(inner, a, now, thresholds, whole),
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
    fn double_equals_matches_the_whole_value() {
        let mut a = agent();
        a.skills = vec![SkillRef {
            id: "10".into(),
            name: "语音_VIP".into(),
            level: None,
            signed: true,
        }];
        let m = |f: &str| Filter::parse(f).unwrap().matches(&a, 0, None);
        assert!(m("skill=1"), "a part matches with =");
        assert!(!m("skill==1"), "not with ==");
        assert!(m("skill==10"));
        assert!(m("skill==语音_vip"), "case aside");
        assert!(!m("!skill==10"));
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
        assert!(m("state=ready,break"));
        assert!(m("code=meeting,lunch skill=billing,sales"));
        assert!(!m("!state=break,ready"));
    }

    #[test]
    fn bad_terms_say_what_is_accepted() {
        let en = |f: &str| Filter::parse(f).unwrap_err().message(Lang::En);
        assert!(en("state=sleepy").contains("ready"));
        assert!(en("colour=red").contains("state="));
        // One bad alternative refuses the whole filter.
        assert!(en("state=break,brk").contains("`brk`"));
        assert!(en("state=").contains("needs a state"));
        assert!(en("skill=").contains("needs a value"));
        assert_eq!(
            Filter::parse("skill=").unwrap_err().to_string(),
            "skill= needs a value"
        );
    }

    #[test]
    fn errors_in_chinese_keep_the_filter_words() {
        let zh = |f: &str| Filter::parse(f).unwrap_err().message(Lang::ZhCn);
        assert!(
            zh("state=brk").starts_with("未知状态 `brk`"),
            "{}",
            zh("state=brk")
        );
        assert!(zh("state=brk").contains("wrap-up"));
        assert_eq!(zh("skill="), "skill= 需要一个值");
        assert!(zh("colour=red").contains("state="), "{}", zh("colour=red"));
    }
}
