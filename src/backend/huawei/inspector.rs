//! The inspector (质检员) session: `loginex`, `beginmonitor` of the roster in batches of ≤500,
//! `QC_AgentState_Notify` on its own poll folded into per-agent states, `agentgroup` reconciliation,
//! rest causes, IVR flows, queue figures, and the `qualitycontrol` force actions.

use super::codes::RestCauses;
use super::error::HuaweiError;
use super::events::QcSubtype;
use super::http::{Call, Envelope, GatewayHttp};
use super::roster_wire::{agent_of_text, EachEntry, RosterEntry};
use super::session::{AgentLogin, HuaweiSession, Role, SessionOptions, SessionUpdate, UpdateKind};
use super::state::HuaweiAgentState;
use super::wire::{self, AgentSnapshot, IvrFlow, SignInInfo, SkillQueue};
use crate::backend::memory::FastHash;
use crate::backend::memory::Print;
use crate::clock::now_ms;
use crate::sync::lock;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The reconciliation's maps (work numbers and prints from the gateway: foldhash, seeded per
/// process).
type Map<K, V> = HashMap<K, V, FastHash>;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Most agents per `beginmonitor` call (Huawei's bridge demo: `MAX_MONITOR_AGENTS = 500`).
pub const MONITOR_BATCH: usize = 500;

/// What the inspector session reports.
#[derive(Debug, Clone, PartialEq)]
pub enum InspectorUpdate {
    /// A monitored agent changed (`QC_AgentState_Notify`), with the state derived after it.
    Agent {
        workno: String,
        subtype: QcSubtype,
        state: HuaweiAgentState,
    },
    /// The inspector's own session: sign-in, re-sign-in, sign-out, poll trouble, own events.
    Session(SessionUpdate),
    /// Monitoring was set up again after the inspector signed in again.
    Remonitored {
        agents: usize,
        error: Option<HuaweiError>,
    },
}

#[derive(Default)]
struct Watch {
    /// The monitored work numbers, in the order they were added (for re-monitoring).
    roster: Vec<String>,
    /// The same work numbers, for membership tests.
    on_roster: HashSet<String, FastHash>,
    agents: BTreeMap<String, HuaweiAgentState>,
    /// What the last reconciliations folded into each agent's state, and nothing changed it
    /// since: the prints of its roster entry's text and of its rest details. Folding the same
    /// again changes nothing (`state_tests`), so such an entry is not even parsed.
    folded: Map<String, (u64, u64)>,
    /// The work number of each roster entry print of the last reconciliation.
    by_entry: Map<u64, String>,
    /// The rest causes the folds used (other causes: every entry is folded again).
    folded_causes: Option<RestCauses>,
}

/// The print of a roster entry's text.
fn entry_print(raw: &serde_json::value::RawValue) -> u64 {
    Print::new().text(raw.get()).finish()
}

/// The print of an agent's rest details (0 without any).
fn rest_print(info: Option<&wire::RestInfo>) -> u64 {
    let Some(r) = info else {
        return 0;
    };
    let mut p = Print::new();
    p.int(1).text(&r.workno).int(i64::from(r.cause));
    p.int(r.planned_secs.map_or(-1, |s| s as i64));
    p.int(r.began.map_or(i64::MIN, |b| b));
    p.finish()
}

/// Folds a roster answer into the watched states (see [`InspectorSession::reconcile_each`]):
/// an entry whose text, rest details and rest causes are those last folded into a state nothing
/// changed since is handed over as it is, unparsed; the others are parsed and folded.
fn fold_roster(
    watch: &mut Watch,
    env: &Envelope,
    rest_of: &Map<&str, &wire::RestInfo>,
    causes: &RestCauses,
    now: i64,
    f: &mut impl FnMut(&HuaweiAgentState),
) -> Result<usize, String> {
    let Watch {
        on_roster,
        agents,
        folded,
        by_entry,
        folded_causes,
        ..
    } = watch;
    if folded_causes.as_ref() != Some(causes) {
        folded.clear();
        *folded_causes = Some(causes.clone());
    }
    let all = on_roster.is_empty();
    let mut entries = Map::with_capacity_and_hasher(by_entry.len(), FastHash::default());
    let mut handed = 0;
    let mut unreadable = None;
    let read = env.result_seed(EachEntry(|entry: RosterEntry<'_>| {
        let (snap, print) = match entry {
            RosterEntry::Read(snap) => (snap, None),
            RosterEntry::Text(raw) => {
                let print = entry_print(raw);
                // The same text as last time, folded into a state nothing changed since.
                if let Some((p, workno)) = by_entry.remove_entry(&print) {
                    if !all && !on_roster.contains(&workno) {
                        return;
                    }
                    let rest = rest_print(rest_of.get(workno.as_str()).copied());
                    if folded.get(&workno) == Some(&(print, rest)) {
                        if let Some(st) = agents.get(&workno) {
                            handed += 1;
                            f(st);
                            entries.insert(p, workno);
                            return;
                        }
                    }
                }
                match agent_of_text(raw) {
                    Ok(Some(snap)) => (snap, Some(print)),
                    Ok(None) => return,
                    Err(e) => {
                        unreadable.get_or_insert(e);
                        return;
                    }
                }
            }
        };
        if !all && !on_roster.contains(&snap.workno) {
            return;
        }
        let st = match agents.get_mut(&snap.workno) {
            Some(st) => st,
            None => agents
                .entry(snap.workno.clone())
                .or_insert_with(|| HuaweiAgentState::new(snap.workno.as_str())),
        };
        st.apply_snapshot(&snap, now);
        let info = rest_of.get(snap.workno.as_str()).copied();
        if let Some(info) = info {
            st.apply_rest_info(info, causes);
        }
        handed += 1;
        f(st);
        match print {
            Some(p) => {
                folded.insert(snap.workno.clone(), (p, rest_print(info)));
                entries.insert(p, snap.workno);
            }
            None => {
                folded.remove(&snap.workno);
            }
        }
    }));
    *by_entry = entries;
    read.map_err(|e| e.to_string())
        .and_then(|r| r)
        .and_then(|_| unreadable.map_or(Ok(handed), Err))
}

/// Handle of the inspector session (dropping it stops its tasks without signing out).
pub struct InspectorSession {
    session: HuaweiSession,
    watch: Arc<Mutex<Watch>>,
    translator: JoinHandle<()>,
}

impl Drop for InspectorSession {
    fn drop(&mut self) {
        self.translator.abort();
    }
}

async fn begin_monitor(
    session: &HuaweiSession,
    agents: &[String],
    batch: usize,
) -> Result<usize, HuaweiError> {
    let mut calls = 0;
    for chunk in agents.chunks(batch.clamp(1, MONITOR_BATCH)) {
        let path = session.path(
            "qualitycontrol",
            &format!("beginmonitor?agents={}", chunk.join(";")),
        );
        session.call(Call::post(path)).await?;
        calls += 1;
    }
    Ok(calls)
}

impl InspectorSession {
    /// Starts the inspector's actor; updates go to `updates` (bounded; keep draining it).
    pub fn spawn(
        http: GatewayHttp,
        login: AgentLogin,
        opts: SessionOptions,
        updates: mpsc::Sender<InspectorUpdate>,
    ) -> Result<InspectorSession, HuaweiError> {
        let (tx, mut rx) = mpsc::channel::<SessionUpdate>(256);
        let session = HuaweiSession::spawn_role(http, login, opts, tx, Role::Inspector)?;
        let watch = Arc::new(Mutex::new(Watch::default()));
        let (s, w) = (session.clone(), watch.clone());
        let translator = tokio::spawn(async move {
            while let Some(u) = rx.recv().await {
                let out = match &u.kind {
                    UpdateKind::Event(ev) => match ev.qc() {
                        Some(qc) => {
                            let state = {
                                let mut g = lock(&w);
                                g.folded.remove(&qc.monitored);
                                let st = g
                                    .agents
                                    .entry(qc.monitored.clone())
                                    .or_insert_with(|| HuaweiAgentState::new(&qc.monitored));
                                st.apply_qc(&qc, ev.gen_time.unwrap_or_else(now_ms));
                                st.clone()
                            };
                            InspectorUpdate::Agent {
                                workno: qc.monitored,
                                subtype: qc.subtype,
                                state,
                            }
                        }
                        None => InspectorUpdate::Session(u),
                    },
                    UpdateKind::ReSignedIn { .. } => {
                        let roster = lock(&w).roster.clone();
                        if !roster.is_empty() {
                            let (s, updates) = (s.clone(), updates.clone());
                            tokio::spawn(async move {
                                let r = begin_monitor(&s, &roster, MONITOR_BATCH).await;
                                let _ = updates
                                    .send(InspectorUpdate::Remonitored {
                                        agents: roster.len(),
                                        error: r.err(),
                                    })
                                    .await;
                            });
                        }
                        InspectorUpdate::Session(u)
                    }
                    _ => InspectorUpdate::Session(u),
                };
                if updates.send(out).await.is_err() {
                    return;
                }
            }
        });
        Ok(InspectorSession {
            session,
            watch,
            translator,
        })
    }

    /// The inspector's own session (its state, raw calls).
    pub fn session(&self) -> &HuaweiSession {
        &self.session
    }

    pub fn workno(&self) -> &str {
        self.session.workno()
    }

    /// Signs in with `loginex` (no media sign-in, no licence); signed in elsewhere (`100-002`) →
    /// `forceloginex` (or `forcelogin` where that is missing), unless the session must not take
    /// over ([`SessionOptions::take_over`] off): then the `100-002` is the answer.
    pub async fn sign_in(&self) -> Result<SignInInfo, HuaweiError> {
        self.sign_in_forcing(self.session.takes_over()).await
    }

    /// Signs in again after this session was lost (Guid gone, signed out by the gateway): the
    /// session the gateway may still hold is this client's own, so `100-002` → forced.
    pub async fn sign_in_again(&self) -> Result<SignInInfo, HuaweiError> {
        self.sign_in_forcing(true).await
    }

    async fn sign_in_forcing(&self, force: bool) -> Result<SignInInfo, HuaweiError> {
        match self.session.sign_in(false).await {
            Err(e) if e.is_already_signed_in() && force => self.session.sign_in(true).await,
            other => other,
        }
    }

    pub async fn sign_out(&self) -> Result<(), HuaweiError> {
        self.session.sign_out(false).await
    }

    /// Monitors the roster (`beginmonitor`, ≤500 per call); remembered for re-monitoring after a
    /// new sign-in. Returns the number of calls made.
    pub async fn monitor(&self, agents: &[String]) -> Result<usize, HuaweiError> {
        {
            let mut g = lock(&self.watch);
            for a in agents {
                if g.on_roster.insert(a.clone()) {
                    g.roster.push(a.clone());
                }
                g.agents
                    .entry(a.clone())
                    .or_insert_with(|| HuaweiAgentState::new(a.as_str()));
            }
        }
        begin_monitor(&self.session, agents, MONITOR_BATCH).await
    }

    /// Stops monitoring agents (`endmonitor`, ≤500 per call).
    pub async fn end_monitor(&self, agents: &[String]) -> Result<(), HuaweiError> {
        {
            let ended: HashSet<&str> = agents.iter().map(String::as_str).collect();
            let mut g = lock(&self.watch);
            g.roster.retain(|a| !ended.contains(a.as_str()));
            g.on_roster.retain(|a| !ended.contains(a.as_str()));
        }
        for chunk in agents.chunks(MONITOR_BATCH) {
            let path = self.path(
                "qualitycontrol",
                &format!("endmonitor?agents={}", chunk.join(";")),
            );
            self.session.call(Call::post(path)).await?;
        }
        Ok(())
    }

    fn path(&self, family: &str, rest: &str) -> String {
        self.session.path(family, rest)
    }

    async fn get(&self, family: &str, rest: &str) -> Result<serde_json::Value, HuaweiError> {
        let env = self
            .session
            .call(Call::get(self.path(family, rest)))
            .await?;
        Ok(env.result())
    }

    /// The derived state of a monitored agent.
    pub fn agent_state(&self, workno: &str) -> Option<HuaweiAgentState> {
        lock(&self.watch).agents.get(workno).cloned()
    }

    /// Every agent of the VDN with status, CTI status and skills (`agentgroup/{me}/allagentstatus`).
    pub async fn all_agent_status(&self) -> Result<Vec<AgentSnapshot>, HuaweiError> {
        let path = self.path("agentgroup", "allagentstatus");
        let env = self.session.call(Call::get(path.clone())).await?;
        let roster = env
            .result_as::<super::roster_wire::Roster>()
            .map_err(|e| e.to_string())
            .and_then(|r| r.0);
        roster.map_err(|message| HuaweiError::Body { path, message })
    }

    /// One agent's detail (`agentgroup/{me}/agentbyworkno/{workno}`).
    pub async fn agent_by_workno(
        &self,
        workno: &str,
    ) -> Result<Option<AgentSnapshot>, HuaweiError> {
        let v = self
            .get("agentgroup", &format!("agentbyworkno/{workno}"))
            .await?;
        Ok(AgentSnapshot::from_value(&v))
    }

    /// Reconciles the monitored agents (all agents when none are monitored) from a full snapshot;
    /// returns their derived states.
    pub async fn reconcile(&self) -> Result<Vec<HuaweiAgentState>, HuaweiError> {
        let mut out = Vec::new();
        self.reconcile_each(|st| out.push(st.clone())).await?;
        Ok(out)
    }

    /// [`Self::reconcile`] without a list: the roster answer is read agent by agent, each agent's
    /// snapshot folded into its state and the state handed to `f` at once (under the lock of the
    /// inspector's states: `f` must not call the inspector). Returns the number of agents handed
    /// over. An answer of the wrong shape is an error, after the agents read before the wrong
    /// entry were folded (what they say is the gateway's all the same).
    pub async fn reconcile_each(
        &self,
        mut f: impl FnMut(&HuaweiAgentState),
    ) -> Result<usize, HuaweiError> {
        let path = self.path("agentgroup", "allagentstatus");
        let env = self.session.call(Call::get(path.clone())).await?;
        // The roster queries carry no rest cause; the rest details add it where the gateway has them.
        let rests = match self.rest_info().await {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(error = %e, "agentrestinfo unavailable; rest causes come from events only");
                Vec::new()
            }
        };
        let mut rest_of: Map<&str, &wire::RestInfo> =
            Map::with_capacity_and_hasher(rests.len(), FastHash::default());
        for r in &rests {
            rest_of.entry(r.workno.as_str()).or_insert(r);
        }
        let causes = self.session.rest_causes();
        let now = now_ms();
        let mut guard = lock(&self.watch);
        let folded = fold_roster(&mut guard, &env, &rest_of, &causes, now, &mut f);
        drop(guard);
        folded.map_err(|message| HuaweiError::Body { path, message })
    }

    /// Rest details of the VDN's resting agents (`agentgroup/{me}/agentrestinfo`), read straight
    /// from the body.
    pub async fn rest_info(&self) -> Result<Vec<wire::RestInfo>, HuaweiError> {
        let path = self.path("agentgroup", "agentrestinfo");
        let env = self.session.call(Call::get(path.clone())).await?;
        env.result_as::<super::roster_wire::RestList>()
            .map(|r| r.0)
            .map_err(|e| HuaweiError::Body {
                path,
                message: e.to_string(),
            })
    }

    /// Rest causes of the VDN (`agentgroup/{me}/restreason`), with planned lengths from the config.
    pub async fn rest_reasons(
        &self,
        planned: &BTreeMap<String, u64>,
    ) -> Result<RestCauses, HuaweiError> {
        let v = self.get("agentgroup", "restreason").await?;
        let causes = RestCauses::new(wire::rest_causes(&v)).with_planned(planned);
        self.session.set_rest_causes(causes.clone());
        Ok(causes)
    }

    /// IVR flows of the VDN (`queuedevice/{me}/ivrinfo`).
    pub async fn ivr_info(&self) -> Result<Vec<IvrFlow>, HuaweiError> {
        Ok(wire::ivr_flows(&self.get("queuedevice", "ivrinfo").await?))
    }

    /// Skill queues of the VDN (`queuedevice/{me}/agentvdnskill`).
    pub async fn vdn_skills(&self) -> Result<Vec<SkillQueue>, HuaweiError> {
        Ok(wire::skill_queues(
            &self.get("queuedevice", "agentvdnskill").await?,
        ))
    }

    /// Calls waiting in one skill queue (`queuedevice/{me}/skillwaitnum/{skill}`).
    pub async fn skill_wait_num(&self, skill: &str) -> Result<Option<u64>, HuaweiError> {
        let v = self
            .get("queuedevice", &format!("skillwaitnum/{skill}"))
            .await?;
        Ok(wire::wait_num(&v))
    }

    async fn qc(&self, action: String) -> Result<(), HuaweiError> {
        let call = Call::post(self.path("qualitycontrol", &action));
        self.session.call(call).await.map(drop)
    }

    /// Forces an agent busy (`qualitycontrol/{me}/forcebusy/{workNo}`).
    pub async fn force_busy(&self, workno: &str) -> Result<(), HuaweiError> {
        self.qc(format!("forcebusy/{workno}")).await
    }

    /// Forces an agent idle.
    pub async fn force_idle(&self, workno: &str) -> Result<(), HuaweiError> {
        self.qc(format!("forceidle/{workno}")).await
    }

    /// Forces an agent out (a call in progress is released).
    pub async fn force_logout(&self, workno: &str) -> Result<(), HuaweiError> {
        self.qc(format!("forcelogout/{workno}")).await
    }

    /// Forces an agent to rest for `secs` (1–86399) with a reason (1–255).
    pub async fn force_rest(&self, workno: &str, secs: u32, reason: u8) -> Result<(), HuaweiError> {
        self.qc(format!("forcerest/{workno}/{secs}/{reason}")).await
    }

    /// Stops the tasks (no sign-out).
    pub async fn shutdown(self) {
        self.translator.abort();
        self.session.clone().shutdown().await;
    }
}

#[cfg(test)]
#[path = "inspector_tests.rs"]
mod tests;
