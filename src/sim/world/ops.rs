//! Operations the vendor APIs perform on the world: sign-in and sign-out, breaks, rest and busy,
//! ready, after-call work, resets, forced states and IVR visits. Each checks the agent's state the
//! way the vendors do and records the change.

use super::{Controller, IvrVisit, Pending, Phase, Vendor, Why, World};

/// Who asked for a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The simulation itself.
    World,
    /// The agent's own session or an API acting for that agent.
    Agent,
    /// A supervisor or inspector acting on someone else.
    Supervisor,
}

/// Why the world refused an operation. Vendor layers turn these into their own error codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("unknown agent {0}")]
    UnknownAgent(String),
    #[error("the agent is signed out")]
    NotSignedIn,
    #[error("the agent is already signed in")]
    AlreadySignedIn,
    #[error("state {actual} does not allow this (expected {expected})")]
    WrongState {
        actual: String,
        expected: &'static str,
    },
    #[error("unknown skill group {0}")]
    UnknownGroup(String),
    #[error("unknown call {0}")]
    UnknownCall(String),
    #[error("the agent has no call to act on")]
    NoCall,
    #[error("unknown flow {0}")]
    UnknownFlow(String),
}

/// What a state request did: took effect now, or is pending until the current call is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Now,
    Pending,
    Unchanged,
}

fn wrong(phase: &Phase, expected: &'static str) -> OpError {
    OpError::WrongState {
        actual: phase_name(phase).to_string(),
        expected,
    }
}

/// A neutral name of a phase, for error messages.
pub fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Offline => "OFFLINE",
        Phase::Idle => "READY",
        Phase::Break { .. } => "BREAK",
        Phase::Busy { .. } => "BUSY",
        Phase::Rest { .. } => "REST",
        Phase::Ringing { .. } => "RINGING",
        Phase::Dialing { .. } => "DIALING",
        Phase::Talking { .. } => "TALKING",
        Phase::WrapUp => "WORKING",
    }
}

/// The state an agent enters at sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInState {
    /// Alibaba: break `Warm-up` until ReadyForService.
    WarmUp,
    /// Huawei sign-in `status`: 3 busy, 4 idle, 5 wrap-up, 8 rest (with time and cause).
    Huawei {
        status: u8,
        rest_s: u32,
        rest_cause: u8,
    },
}

impl World {
    fn check(&self, agent: usize) -> Result<&super::Agent, OpError> {
        self.agents
            .get(agent)
            .ok_or_else(|| OpError::UnknownAgent(agent.to_string()))
    }

    /// Signs an agent in (or, with `additive`, adds skill groups to a signed-in agent).
    pub fn sign_in(
        &mut self,
        agent: usize,
        groups: Option<Vec<usize>>,
        additive: bool,
        state: SignInState,
        origin: Origin,
    ) -> Result<(), OpError> {
        let a = self.check(agent)?;
        let groups = groups.unwrap_or_else(|| a.skills.iter().map(|s| s.group).collect());
        if a.phase.is_signed_in() {
            if additive || a.vendor == Vendor::Aliyun {
                // Alibaba SignInGroup on a signed-in agent re-signs the group list.
                let ag = &mut self.agents[agent];
                if additive {
                    for g in groups {
                        if !ag.signed_groups.contains(&g) {
                            ag.signed_groups.push(g);
                        }
                    }
                } else {
                    ag.signed_groups = groups;
                }
                self.note(agent, Why::SkillsChanged, origin);
                return Ok(());
            }
            return Err(OpError::AlreadySignedIn);
        }
        let now = self.now;
        let ag = &mut self.agents[agent];
        ag.signed_groups = groups;
        ag.login_time = now;
        ag.phase_until = None;
        ag.pending = None;
        ag.forced = false;
        let (to, status) = match state {
            SignInState::WarmUp => (
                Phase::Break {
                    code: "Warm-up".into(),
                },
                4,
            ),
            SignInState::Huawei {
                status,
                rest_s,
                rest_cause,
            } => match status {
                3 => (Phase::Busy { reason: 0 }, 3),
                5 => (Phase::WrapUp, 5),
                8 => (
                    Phase::Rest {
                        cause: rest_cause,
                        planned_s: rest_s,
                    },
                    8,
                ),
                _ => (Phase::Idle, 4),
            },
        };
        self.set_phase(agent, to, Why::SignedIn { status }, origin);
        Ok(())
    }

    /// Signs an agent out. Without `force` an agent on a call is refused; with it the call is released.
    pub fn sign_out(
        &mut self,
        agent: usize,
        force: bool,
        why: Why,
        origin: Origin,
    ) -> Result<(), OpError> {
        let a = self.check(agent)?;
        if !a.phase.is_signed_in() {
            return Err(OpError::NotSignedIn);
        }
        if let Some(call) = a.phase.call() {
            if !force {
                return Err(wrong(&a.phase, "not on a call"));
            }
            self.calls.remove(&call);
        }
        let ag = &mut self.agents[agent];
        ag.signed_groups.clear();
        ag.phase_until = None;
        ag.pending = None;
        ag.stuck = false;
        ag.forced = origin == Origin::Supervisor;
        self.set_phase(agent, Phase::Offline, why, origin);
        Ok(())
    }

    /// Alibaba TakeBreak: from ready, break or after-call work into a break with `code`.
    pub fn take_break(&mut self, agent: usize, code: &str, origin: Origin) -> Result<(), OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Idle | Phase::Break { .. } | Phase::WrapUp => {}
            ref p => return Err(wrong(p, "READY, BREAK or WORKING")),
        }
        self.agents[agent].phase_until = None;
        self.agents[agent].stuck = false;
        self.set_phase(
            agent,
            Phase::Break {
                code: code.to_string(),
            },
            Why::BreakStarted,
            origin,
        );
        Ok(())
    }

    /// Alibaba ReadyForService / Huawei say-free: back to idle from a break, busy, rest or wrap-up.
    pub fn make_ready(&mut self, agent: usize, origin: Origin) -> Result<Applied, OpError> {
        let a = self.check(agent)?;
        let why = match a.phase {
            Phase::Idle => {
                self.agents[agent].pending = None;
                return Ok(Applied::Unchanged);
            }
            Phase::Break { .. } | Phase::Busy { .. } | Phase::Rest { .. } => Why::BreakEnded,
            Phase::WrapUp => Why::WorkEnded,
            ref p => return Err(wrong(p, "BREAK or WORKING")),
        };
        let ag = &mut self.agents[agent];
        ag.phase_until = None;
        ag.pending = None;
        ag.stuck = false;
        ag.forced = origin == Origin::Supervisor;
        self.set_phase(agent, Phase::Idle, why, origin);
        Ok(Applied::Now)
    }

    /// Huawei say-busy / forced busy: busy now when idle, pending (pre-busy) while on a call.
    pub fn say_busy(
        &mut self,
        agent: usize,
        reason: u16,
        origin: Origin,
    ) -> Result<Applied, OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Offline => Err(OpError::NotSignedIn),
            Phase::Idle | Phase::Busy { .. } => {
                let ag = &mut self.agents[agent];
                ag.phase_until = None;
                ag.forced = origin == Origin::Supervisor;
                self.set_phase(agent, Phase::Busy { reason }, Why::BreakStarted, origin);
                Ok(Applied::Now)
            }
            Phase::Rest { .. } => Err(wrong(&a.phase, "idle or on a call")),
            _ => {
                self.agents[agent].pending = Some(Pending::Busy { reason });
                Ok(Applied::Pending)
            }
        }
    }

    /// Huawei cancel-busy: leaves busy (or drops a pending busy).
    pub fn cancel_busy(&mut self, agent: usize, origin: Origin) -> Result<Applied, OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Offline => Err(OpError::NotSignedIn),
            Phase::Busy { .. } => {
                self.agents[agent].phase_until = None;
                self.set_phase(agent, Phase::Idle, Why::BreakEnded, origin);
                Ok(Applied::Now)
            }
            _ if matches!(a.pending, Some(Pending::Busy { .. })) => {
                self.agents[agent].pending = None;
                Ok(Applied::Now)
            }
            ref p => Err(wrong(p, "busy")),
        }
    }

    /// Huawei rest (self or forced): rest now when idle or busy, pending (pre-rest) while on a call.
    pub fn rest(
        &mut self,
        agent: usize,
        secs: u32,
        cause: u8,
        origin: Origin,
    ) -> Result<Applied, OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Offline => Err(OpError::NotSignedIn),
            Phase::Rest { .. } => Err(wrong(&a.phase, "not resting")),
            Phase::Idle | Phase::Busy { .. } => {
                let ag = &mut self.agents[agent];
                ag.phase_until = None;
                ag.forced = origin == Origin::Supervisor;
                self.set_phase(
                    agent,
                    Phase::Rest {
                        cause,
                        planned_s: secs,
                    },
                    Why::BreakStarted,
                    origin,
                );
                Ok(Applied::Now)
            }
            _ => {
                self.agents[agent].pending = Some(Pending::Rest {
                    cause,
                    planned_s: secs,
                });
                Ok(Applied::Pending)
            }
        }
    }

    /// Huawei cancel-rest.
    pub fn cancel_rest(&mut self, agent: usize, origin: Origin) -> Result<Applied, OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Offline => Err(OpError::NotSignedIn),
            Phase::Rest { .. } => {
                self.agents[agent].phase_until = None;
                self.set_phase(agent, Phase::Idle, Why::BreakEnded, origin);
                Ok(Applied::Now)
            }
            _ if matches!(a.pending, Some(Pending::Rest { .. })) => {
                self.agents[agent].pending = None;
                Ok(Applied::Now)
            }
            ref p => Err(wrong(p, "rest")),
        }
    }

    /// Huawei work: enter after-call work on request.
    pub fn start_work(&mut self, agent: usize, origin: Origin) -> Result<(), OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Offline => Err(OpError::NotSignedIn),
            Phase::Idle | Phase::Busy { .. } => {
                self.agents[agent].phase_until = None;
                self.set_phase(agent, Phase::WrapUp, Why::WorkStarted, origin);
                Ok(())
            }
            ref p => Err(wrong(p, "idle or busy")),
        }
    }

    /// Huawei cancel-work: leave after-call work (a pending busy/rest takes effect).
    pub fn cancel_work(&mut self, agent: usize, origin: Origin) -> Result<(), OpError> {
        let a = self.check(agent)?;
        match a.phase {
            Phase::Offline => Err(OpError::NotSignedIn),
            Phase::WrapUp => {
                if self.agents[agent].pending.is_some() {
                    self.after_work(agent);
                } else {
                    self.agents[agent].phase_until = None;
                    self.set_phase(agent, Phase::Idle, Why::WorkEnded, origin);
                }
                Ok(())
            }
            ref p => Err(wrong(p, "wrap-up")),
        }
    }

    /// Alibaba ResetAgentState: whatever the state, the agent ends up signed out; a call is released.
    pub fn reset(&mut self, agent: usize, origin: Origin) -> Result<(), OpError> {
        let a = self.check(agent)?;
        if let Some(call) = a.phase.call() {
            self.calls.remove(&call);
            for g in &mut self.groups {
                g.waiting.retain(|c| *c != call);
            }
        }
        let ag = &mut self.agents[agent];
        ag.signed_groups.clear();
        ag.phase_until = None;
        ag.pending = None;
        ag.stuck = false;
        self.set_phase(agent, Phase::Offline, Why::Reset, origin);
        Ok(())
    }

    /// Agents whose state is abnormal: stuck, or far longer in one state than the work allows.
    pub fn abnormal_agents(&self, vendor: Vendor) -> Vec<usize> {
        self.agents_of(vendor)
            .filter(|(_, a)| {
                let secs = (self.now - a.since) / 1000;
                a.stuck
                    || match a.phase {
                        Phase::Ringing { .. } | Phase::Dialing { .. } => secs > 120,
                        Phase::Talking { .. } => secs > 7200,
                        Phase::WrapUp => secs > 1800,
                        _ => false,
                    }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Inspector forced idle: from busy, rest or wrap-up (not while on a call).
    pub fn force_idle(&mut self, agent: usize) -> Result<Applied, OpError> {
        let a = self.check(agent)?;
        if a.phase.call().is_some() {
            return Err(wrong(&a.phase, "not on a call"));
        }
        self.make_ready(agent, Origin::Supervisor)
    }

    /// Starts an IVR visit of the agent's current call (the agent waits; the call comes back).
    pub fn launch_ivr(
        &mut self,
        agent: usize,
        call: Option<u64>,
        flow: &str,
        origin: Origin,
    ) -> Result<u64, OpError> {
        let a = self.check(agent)?;
        let vendor = a.vendor;
        let current = match a.phase {
            Phase::Talking { call } => call,
            Phase::Offline => return Err(OpError::NotSignedIn),
            _ => return Err(OpError::NoCall),
        };
        if let Some(c) = call {
            if c != current {
                return Err(OpError::UnknownCall(self.call_id_text(c)));
            }
        }
        let visit = self
            .flows_of(vendor)
            .find(|f| f.id == flow || f.access == flow)
            .map(|f| (f.id.clone(), f.visit_s))
            .ok_or_else(|| OpError::UnknownFlow(flow.to_string()))?;
        let until = self.now + visit.1 as i64 * 1000;
        let Some(c) = self.calls.get_mut(&current) else {
            return Err(OpError::NoCall);
        };
        if c.ivr.as_ref().is_some_and(|v| !v.returned) {
            return Err(wrong(
                &Phase::Talking { call: current },
                "a call that is not already in an IVR flow",
            ));
        }
        c.ivr = Some(IvrVisit {
            flow: visit.0.clone(),
            until,
            returned: false,
        });
        c.variables.insert("AuthResult".into(), "PENDING".into());
        self.note(agent, Why::IvrLeft { flow: visit.0 }, origin);
        Ok(current)
    }

    /// Replaces the skill groups an agent is signed into.
    pub fn set_signed_groups(
        &mut self,
        agent: usize,
        groups: Vec<usize>,
        origin: Origin,
    ) -> Result<(), OpError> {
        let a = self.check(agent)?;
        if !a.phase.is_signed_in() {
            return Err(OpError::NotSignedIn);
        }
        self.agents[agent].signed_groups = groups;
        self.note(agent, Why::SkillsChanged, origin);
        Ok(())
    }

    /// Hands an agent's own choices to an API client (Huawei session) or back to the simulation.
    pub fn set_controller(&mut self, agent: usize, controller: Controller) {
        if let Some(a) = self.agents.get_mut(agent) {
            a.controller = controller;
        }
    }
}
