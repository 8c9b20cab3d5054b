//! The Huawei refresh sent as changes: the inspector's reconciliation read agent by agent, CMS's
//! agents, and the merge of an agent (held session, inspector, CMS) only when one of its inputs
//! changed since the previous refresh of the same [`RefreshMemory`]. An agent whose inputs print
//! the same, and that no event touched since, is neither merged, cleaned nor sent again: only its
//! id is (`Refresh::kept`), and the roster keeps its copy.

use super::backend::HuaweiBackend;
use super::cms::{merge, CmsAgent};
use super::state::{opt_int, opt_text};
use super::HuaweiAgentState;
use crate::backend::memory::Print;
use crate::backend::{BackendError, Refresh, RefreshMemory};
use crate::clock::now_ms;
use crate::model::Agent;
use std::collections::HashMap;
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
            .reconcile_each(|st| {
                let mut p = Print::new();
                st.print(&mut p);
                reconciled.push((st.workno.clone(), p.finish()));
            })
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
        let mut changed = Vec::new();
        let mut kept = Vec::with_capacity(reconciled.len());
        {
            let cms = self.cms_agents();
            for (workno, state) in &reconciled {
                let c = cms.get(workno);
                let print = print_inputs(*state, held.get(workno), c);
                match prints.unchanged(workno, Some(print)) {
                    Some(id) if !touched.contains(workno) => kept.push(id),
                    _ => changed.push((workno, c.cloned())),
                }
            }
        }
        // Merged with the inspector's state as it is now (an event may be newer than the
        // reconciliation; it marked the agent touched, so the next refresh sends it again).
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
