//! Reconciling the inspector's view with CMS (`docs/huawei-cms.md` §6): CMS gives an agent's state
//! start when both agree on the state, and the extension and skill levels; its queue indicators
//! give the waiting calls and the longest wait.

use super::client::{IDX_QUEUE_COUNT, IDX_QUEUE_MAX_WAIT};
use super::wire::{CmsAgent, SkillIndicators};
use crate::backend::huawei::codes;
use crate::backend::QueueFigures;
use crate::model::{Agent, SkillRef, StateKey};
use std::collections::HashMap;

/// Longest extension or name taken from CMS, in characters.
const MAX_TEXT_CHARS: usize = 64;
/// Highest skill level (1 strongest .. 10).
const MAX_LEVEL: i64 = 10;

/// CMS agents by work number.
pub fn by_workno(agents: Vec<CmsAgent>) -> HashMap<String, CmsAgent> {
    agents
        .into_iter()
        .filter_map(|a| Some((a.agent_id.clone()?, a)))
        .collect()
}

fn text(s: &str) -> String {
    crate::text::clean_capped(s.trim(), MAX_TEXT_CHARS).into_owned()
}

/// The unified state CMS reports for `cms`, if it reports a known one.
fn cms_state(cms: &CmsAgent, template: &Agent) -> Option<StateKey> {
    let code = codes::cti_status(cms.current_state?);
    if code.unknown {
        return None;
    }
    let mut probe = template.clone();
    probe.presence = code.presence;
    probe.activity = code.activity;
    Some(StateKey::of(&probe))
}

/// Applies what CMS knows about `agent`. The state start is taken only when CMS and the inspector
/// agree on the state: when they differ, an event is newer than CMS's data and the next refresh
/// will agree. Returns whether the state start came from CMS.
pub fn apply_agent(agent: &mut Agent, cms: &CmsAgent) -> bool {
    let mut timed = false;
    if let (Some(state), Some(start)) = (cms_state(cms, agent), cms.current_state_time) {
        if state == StateKey::of(agent) && start > 0 {
            agent.since = Some(start);
            timed = true;
        }
    }
    if let Some(code) = cms.current_state {
        agent.raw.extra.retain(|(k, _)| k != "cms_state");
        agent.raw.extra.push((
            "cms_state".into(),
            format!("{code} {}", codes::cti_status(code).label),
        ));
    }
    if let Some(phone) = cms.phone_number.as_deref().map(text) {
        if !phone.is_empty() {
            agent.extension = phone;
        }
    }
    if agent.name.is_empty() || agent.name == agent.id {
        if let Some(name) = cms.name.as_deref().map(text).filter(|n| !n.is_empty()) {
            agent.name = name;
        }
    }
    for s in &cms.skill_list {
        let Some(id) = s.skill_id.as_deref().map(text) else {
            continue;
        };
        let level = s
            .skill_level
            .filter(|l| (1..=MAX_LEVEL).contains(l))
            .and_then(|l| u8::try_from(l).ok());
        match agent.skills.iter_mut().find(|k| k.id == id) {
            Some(known) => {
                if level.is_some() {
                    known.level = level;
                }
                if known.name.is_empty() {
                    known.name = s.skill_name.as_deref().map(text).unwrap_or_default();
                }
            }
            None => agent.skills.push(SkillRef {
                name: s.skill_name.as_deref().map(text).unwrap_or_default(),
                id,
                level,
                signed: s.signed.unwrap_or(false),
            }),
        }
    }
    timed
}

/// The queue figures of `queues` with CMS's indicators: waiting calls where CMS gives them (the
/// gateway's count otherwise) and the longest wait (unknown without CMS).
pub fn apply_queues(queues: &mut [QueueFigures], cms: &[SkillIndicators]) {
    let by_id: HashMap<&str, &SkillIndicators> = cms
        .iter()
        .filter_map(|q| Some((q.id.as_deref()?, q)))
        .collect();
    for q in queues {
        let Some(ind) = by_id.get(q.group_id.as_str()) else {
            continue;
        };
        if let Some(w) = ind
            .value(IDX_QUEUE_COUNT)
            .and_then(|w| u64::try_from(w).ok())
        {
            q.waiting = w;
        }
        q.longest_wait_secs = ind
            .value(IDX_QUEUE_MAX_WAIT)
            .and_then(|s| u64::try_from(s).ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::huawei::cms::wire::{CmsSkill, Indicator};
    use crate::model::{Activity, Presence};
    use std::sync::Arc;

    fn talking(id: &str) -> Agent {
        let mut a = Agent::unknown(Arc::from("hw"), id);
        a.presence = Presence::Ready;
        a.activity = Activity::Talking;
        a.since = None;
        a.skills.push(SkillRef {
            id: "3".into(),
            name: "voice".into(),
            level: None,
            signed: true,
        });
        a
    }

    fn cms(state: i64, start: i64) -> CmsAgent {
        CmsAgent {
            agent_id: Some("101".into()),
            current_state: Some(state),
            current_state_time: Some(start),
            phone_number: Some("70101\u{1b}[2J".into()),
            skill_list: vec![
                CmsSkill {
                    skill_id: Some("3".into()),
                    skill_level: Some(2),
                    ..CmsSkill::default()
                },
                CmsSkill {
                    skill_id: Some("4".into()),
                    skill_name: Some("video".into()),
                    skill_level: Some(11),
                    signed: Some(false),
                },
            ],
            ..CmsAgent::default()
        }
    }

    #[test]
    fn agreeing_state_takes_the_cms_start_and_details() {
        let mut a = talking("101");
        assert!(apply_agent(&mut a, &cms(5, 1_000_000)));
        assert_eq!(a.since, Some(1_000_000));
        assert_eq!(a.extension, "70101", "the escape sequence is stripped");
        assert_eq!(a.skills[0].level, Some(2));
        assert_eq!(a.skills[1].id, "4");
        assert_eq!(a.skills[1].level, None, "11 is not a skill level");
        assert!(a
            .raw
            .extra
            .iter()
            .any(|(k, v)| k == "cms_state" && v == "5 talking"));
    }

    #[test]
    fn disagreeing_state_keeps_the_inspector_time() {
        let mut a = talking("101");
        a.since = Some(5);
        assert!(!apply_agent(&mut a, &cms(1, 1_000_000)));
        assert_eq!(a.since, Some(5));
        assert!(
            !apply_agent(&mut a, &cms(99, 1_000_000)),
            "undocumented code"
        );
        assert_eq!(a.since, Some(5));
    }

    #[test]
    fn queues_take_cms_figures_and_unknown_stays_unknown() {
        let mut q = vec![
            QueueFigures {
                group_id: "3".into(),
                name: "voice".into(),
                waiting: 1,
                longest_wait_secs: None,
                kpis: None,
            },
            QueueFigures {
                group_id: "4".into(),
                name: "video".into(),
                waiting: 2,
                longest_wait_secs: None,
                kpis: None,
            },
        ];
        let ind = |id: &str, n: Option<i64>, w: Option<i64>| SkillIndicators {
            id: Some(id.into()),
            idxs: vec![
                Indicator {
                    id: Some(IDX_QUEUE_COUNT.into()),
                    val: n,
                },
                Indicator {
                    id: Some(IDX_QUEUE_MAX_WAIT.into()),
                    val: w,
                },
            ],
        };
        apply_queues(&mut q, &[ind("3", Some(4), Some(95)), ind("4", None, None)]);
        assert_eq!((q[0].waiting, q[0].longest_wait_secs), (4, Some(95)));
        assert_eq!((q[1].waiting, q[1].longest_wait_secs), (2, None));
    }
}
