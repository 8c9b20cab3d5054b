//! The Huawei refresh sent as changes: the inspector's reconciliation read agent by agent, CMS's
//! agents, and the merge of an agent (held session, inspector, CMS) only when one of its inputs
//! changed since the previous refresh of the same [`RefreshMemory`]. An agent whose inputs print
//! the same, and that no event touched since, is neither merged, cleaned nor sent again: only its
//! id is (`Refresh::kept`), and the roster keeps its copy.

use super::backend::HuaweiBackend;
use super::cms::records::CmsAgents;
use super::cms::{merge, CmsAgent};
use super::state::{opt_int, opt_text};
use super::HuaweiAgentState;
use crate::backend::memory::{Fingerprints, Print};
use crate::backend::{BackendError, Refresh, RefreshMemory};
use crate::clock::now_ms;
use crate::model::Agent;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The agent as callboard knows it: the held session's own state first, else `fallback`, else
/// the inspector's; skills and name filled from the inspector's state when the first has none;
/// then what CMS says (cleaned again: CMS text is vendor text too).
pub(super) fn merge_agent(
    backend: &Arc<str>,
    workno: &str,
    held: Option<&HuaweiAgentState>,
    fallback: Option<&HuaweiAgentState>,
    inspected: Option<&HuaweiAgentState>,
    cms: Option<&CmsAgent>,
    now: i64,
) -> Agent {
    let mut agent = match held.or(fallback).or(inspected) {
        Some(base) => base.to_agent(backend.clone(), now),
        None => HuaweiAgentState::new(workno).to_agent(backend.clone(), now),
    };
    if let Some(i) = inspected {
        if agent.skills.is_empty() {
            agent.skills = i.skills.clone();
        }
        if agent.name.is_empty() {
            agent.name = i.name.clone().unwrap_or_default();
        }
    }
    if let Some(c) = cms {
        merge::apply_agent(&mut agent, c);
        crate::backend::clean::agent(&mut agent);
    }
    if agent.name.is_empty() {
        agent.name = workno.to_string();
    }
    agent
}

/// The fingerprint of an inspector state.
fn print_state(st: &HuaweiAgentState) -> u64 {
    let mut p = Print::new();
    st.print(&mut p);
    p.finish()
}

/// Feeds what CMS says about an agent into a fingerprint.
fn print_cms(p: &mut Print, c: &CmsAgent) {
    opt_text(p, c.agent_id.as_deref());
    opt_text(p, c.name.as_deref());
    opt_int(p, c.current_state);
    opt_int(p, c.current_state_reason);
    opt_int(p, c.current_state_time);
    opt_int(p, c.login_date);
    opt_text(p, c.phone_number.as_deref());
    p.int(c.skill_list.len() as i64);
    for s in &c.skill_list {
        opt_text(p, s.skill_id.as_deref());
        opt_text(p, s.skill_name.as_deref());
        opt_int(p, s.skill_level);
        opt_int(p, s.signed.map(i64::from));
    }
}

/// The fingerprint of everything [`merge_agent`] reads for one agent of a refresh: the
/// inspector's reconciled state (printed as it was reconciled), the held session's state, CMS's.
fn print_inputs(state: u64, held: Option<&HuaweiAgentState>, cms: Option<&CmsAgent>) -> u64 {
    let mut p = Print::new();
    p.int(state as i64);
    match held {
        Some(h) => {
            p.int(1);
            h.print(&mut p);
        }
        None => {
            p.int(0);
        }
    }
    match cms {
        Some(c) => {
            p.int(1);
            print_cms(&mut p, c);
        }
        None => {
            p.int(0);
        }
    }
    p.finish()
}

/// The agents of a refresh: the ids of those kept, and those to merge again (with CMS's record).
struct Split<'a> {
    kept: Vec<Arc<str>>,
    changed: Vec<(&'a str, Option<CmsAgent>)>,
}

/// The agents of a refresh split into the ids of those kept (inputs printed as at the previous
/// refresh, not touched by an event since either) and those to merge again (with CMS's record).
fn split<'a>(
    reconciled: &'a [(String, u64)],
    held: &HashMap<String, HuaweiAgentState>,
    cms: &CmsAgents,
    touched: &HashSet<String>,
    prints: &mut Fingerprints,
) -> Split<'a> {
    let mut kept = Vec::with_capacity(reconciled.len());
    let mut changed = Vec::new();
    for (workno, state) in reconciled {
        let c = cms.get(workno);
        // Touched: sent now, and with no print kept, at the next refresh too (the event may
        // have reached the roster after this refresh; the next one is merged from inputs no
        // event changed since it took the marks).
        let print = (!touched.contains(workno)).then(|| print_inputs(*state, held.get(workno), c));
        match prints.unchanged(workno, print) {
            Some(id) => kept.push(id),
            None => changed.push((workno.as_str(), c.cloned())),
        }
    }
    Split { kept, changed }
}

impl HuaweiBackend {
    /// One reconciliation: every monitored agent from `allagentstatus`, merged with the held
    /// sessions and CMS, and the waiting calls per skill queue.
    pub async fn snapshot(
        &self,
    ) -> Result<(Vec<Agent>, Vec<crate::backend::QueueFigures>), BackendError> {
        let r = self.refresh_with(&mut RefreshMemory::new(), false).await?;
        Ok((r.agents, r.queues))
    }

    /// [`HuaweiBackend::snapshot`] as changes since the previous refresh of `memory`: an agent
    /// whose reconciled state, held session and CMS record print as before, and that no event
    /// sent between the two refreshes (the pump's `Agents`), is not merged again; only its id is
    /// sent. For the one poller of this backend (the one whose channel gets the events).
    pub async fn refresh(&self, memory: &mut RefreshMemory) -> Result<Refresh, BackendError> {
        self.refresh_with(memory, true).await
    }

    /// `sends_events`: the refresh is the poller's (it takes the work numbers events touched).
    async fn refresh_with(
        &self,
        memory: &mut RefreshMemory,
        sends_events: bool,
    ) -> Result<Refresh, BackendError> {
        self.ensure_inspector().await?;
        // Each reconciled agent's state, printed as it is folded (no copy of the states).
        let mut reconciled: Vec<(String, u64)> = Vec::new();
        self.inspector()
            .reconcile_each(|st| reconciled.push((st.workno.clone(), print_state(st))))
            .await
            .map_err(|e| self.gateway_failure("reconciliation (allagentstatus)", &e))?;
        let mut problems = Vec::new();
        if let Err(e) = self.refresh_cms_agents(&reconciled).await {
            problems.push(e);
        }
        let held: HashMap<String, HuaweiAgentState> = self.held_states();
        // Touched by an event since the last refresh: the roster's copy may be the event's, so
        // the agent is sent again whatever its print.
        let touched = if sends_events {
            self.take_touched()
        } else {
            Default::default()
        };
        let name = self.name();
        let now = now_ms();
        let mut prints = memory.begin(0);
        let Split { kept, changed } = split(
            &reconciled,
            &held,
            &self.cms_agents(),
            &touched,
            &mut prints,
        );
        // Merged with the inspector's state as it is now: an event newer than the
        // reconciliation marks the agent touched, so it is sent again at the next refresh.
        let agents = changed
            .into_iter()
            .map(|(workno, c)| {
                let inspected = self.inspector().agent_state(workno);
                merge_agent(
                    &name,
                    workno,
                    held.get(workno),
                    inspected.as_ref(),
                    inspected.as_ref(),
                    c.as_ref(),
                    now,
                )
            })
            .collect();
        memory.finish(prints);
        let (mut queues, queue_problem) = self.queues().await;
        problems.extend(queue_problem);
        self.fill_kpis(&mut queues).await;
        self.set_cms_problem((!problems.is_empty()).then(|| problems.join("; ")));
        Ok(Refresh {
            agents,
            kept,
            queues,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(
        memory: &mut RefreshMemory,
        reconciled: &[(String, u64)],
        held: &HashMap<String, HuaweiAgentState>,
        cms: &CmsAgents,
        touched: &[&str],
    ) -> (Vec<String>, Vec<String>) {
        let touched: HashSet<String> = touched.iter().map(|s| s.to_string()).collect();
        let mut prints = memory.begin(0);
        let Split { kept, changed } = split(reconciled, held, cms, &touched, &mut prints);
        memory.finish(prints);
        (
            kept.iter().map(|k| k.to_string()).collect(),
            changed.iter().map(|(w, _)| w.to_string()).collect(),
        )
    }

    #[test]
    fn only_agents_whose_inputs_changed_or_that_an_event_sent_are_merged_again() {
        let mut m = RefreshMemory::new();
        let states = |a: u64, b: u64| vec![("101".to_string(), a), ("102".to_string(), b)];
        let none = HashMap::new();
        let mut agent = CmsAgent {
            agent_id: Some("102".into()),
            current_state: Some(4),
            ..CmsAgent::default()
        };
        let cms = CmsAgents::from_list(vec![agent.clone()]);
        assert_eq!(
            round(&mut m, &states(1, 2), &none, &cms, &[]).1,
            vec!["101", "102"],
            "everyone the first time"
        );
        let (kept, changed) = round(&mut m, &states(1, 2), &none, &cms, &[]);
        assert_eq!((kept.len(), changed.len()), (2, 0), "nothing changed");
        assert_eq!(
            round(&mut m, &states(1, 3), &none, &cms, &[]).1,
            vec!["102"],
            "the inspector's state"
        );
        assert_eq!(
            round(&mut m, &states(1, 3), &none, &cms, &["101"]).1,
            vec!["101"],
            "an event sent it: sent again although its inputs are the same"
        );
        assert_eq!(
            round(&mut m, &states(1, 3), &none, &cms, &[]).1,
            vec!["101"],
            "and at the next refresh (the event may have reached the roster after the last)"
        );
        assert!(round(&mut m, &states(1, 3), &none, &cms, &[]).1.is_empty());
        agent.current_state_time = Some(1_700_000_000_000);
        let cms = CmsAgents::from_list(vec![agent]);
        assert_eq!(
            round(&mut m, &states(1, 3), &none, &cms, &[]).1,
            vec!["102"],
            "CMS's record"
        );
        let mut held = HashMap::new();
        held.insert("101".to_string(), HuaweiAgentState::new("101"));
        assert_eq!(
            round(&mut m, &states(1, 3), &held, &cms, &[]).1,
            vec!["101"],
            "a session callboard holds"
        );
        assert_eq!(
            round(&mut m, &states(1, 3), &none, &CmsAgents::default(), &[]).1,
            vec!["101", "102"],
            "no longer held; CMS gone"
        );
    }

    #[test]
    fn every_field_of_a_state_is_in_its_print() {
        let base = HuaweiAgentState::new("101");
        let p = print_state(&base);
        let mut variants = Vec::new();
        let mut s = base.clone();
        s.name = Some("Li".into());
        variants.push(s);
        let mut s = base.clone();
        s.flags.mute = true;
        variants.push(s);
        let mut s = base.clone();
        s.since = Some(1);
        variants.push(s);
        let mut s = base.clone();
        s.unknown = false;
        variants.push(s);
        let mut s = base.clone();
        s.last_event = Some("Idle".into());
        variants.push(s);
        let mut s = base.clone();
        s.skills.push(crate::model::SkillRef {
            id: "3".into(),
            name: "voice".into(),
            level: None,
            signed: true,
        });
        variants.push(s);
        let mut s = base.clone();
        s.request(super::super::Pending::Rest { secs: 60, cause: 2 });
        variants.push(s);
        for v in &variants {
            assert_ne!(print_state(v), p, "{v:?}");
        }
        assert_eq!(print_state(&base.clone()), p);
    }
}
