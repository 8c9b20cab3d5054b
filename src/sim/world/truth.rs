//! The ground truth served at `GET /_sim/state`: every agent and skill group in the vendor's own
//! vocabulary, for tests and integrators to compare against.

use super::stats::Tally;
use super::{Controller, Pending, Phase, Vendor, World};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truth {
    pub seed: u64,
    pub clock: ClockTruth,
    pub aliyun_instance: String,
    pub huawei_vdn: u32,
    pub agents: Vec<AgentTruth>,
    pub skill_groups: Vec<GroupTruth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockTruth {
    pub epoch_ms: i64,
    pub now_ms: i64,
    pub ticks: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillTruth {
    pub id: String,
    pub name: String,
    pub level: u8,
    pub signed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentTruth {
    pub vendor: Vendor,
    pub id: String,
    pub login_name: String,
    pub display_name: String,
    pub extension: String,
    /// Alibaba realtime vocabulary (`Ready`, `Break`, `ACW`, …) or Huawei gateway status name
    /// (`idle`, `busy`, `rest`, `wrap-up`, `talking`, `signed-out`).
    pub state: String,
    /// Alibaba agent-context vocabulary (`READY`, `WORKING`, …); empty for Huawei.
    pub user_state: String,
    /// Huawei gateway status code (2 signed out, 3 busy, 4 idle, 5 wrap-up, 7 talking, 8 rest, 9
    /// pre-rest); 0 for Alibaba.
    pub status: u8,
    /// Huawei CTI status (0 signed out, 1 idle, 4 answering, 5 talking, 6 wrap-up, 7 busy, 8 rest).
    pub cti_status: u8,
    pub ringing: bool,
    pub break_code: Option<String>,
    pub busy_reason: Option<u16>,
    pub rest_cause: Option<u8>,
    pub rest_planned_s: Option<u32>,
    /// Huawei pre-busy/pre-rest waiting for the call to end: `busy:<reason>` or `rest:<cause>`.
    pub pending: Option<String>,
    pub signed_in: bool,
    pub skill_groups: Vec<SkillTruth>,
    pub call_id: Option<String>,
    pub in_ivr: bool,
    pub since_ms: i64,
    pub device_id: String,
    pub work_mode: String,
    pub controller: Controller,
    pub stuck: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupTruth {
    pub vendor: Vendor,
    pub id: String,
    pub name: String,
    pub waiting_calls: usize,
    pub longest_wait_s: i64,
    /// The group's queue statistics for the last [`TRUTH_INTERVALS`] 5-minute intervals that
    /// saw a call, oldest first.
    pub intervals: Vec<IntervalTruth>,
}

/// How many 5-minute intervals of queue statistics the truth carries per group (2 hours).
pub const TRUTH_INTERVALS: usize = 24;

/// One group's queue statistics over one 5-minute interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntervalTruth {
    pub start_ms: i64,
    #[serde(flatten)]
    pub tally: Tally,
}

/// Alibaba realtime-report state of a phase.
pub fn aliyun_state(phase: &Phase) -> (&'static str, &'static str) {
    match phase {
        Phase::Offline => ("Offline", "OFFLINE"),
        Phase::Idle => ("Ready", "READY"),
        Phase::Break { .. } | Phase::Busy { .. } | Phase::Rest { .. } => ("Break", "BREAK"),
        Phase::Ringing { .. } => ("Ringing", "RINGING"),
        Phase::Dialing { .. } => ("Dialing", "DIALING"),
        Phase::Talking { .. } => ("Talking", "TALKING"),
        Phase::WrapUp => ("ACW", "WORKING"),
    }
}

/// Huawei gateway status (name, code) and CTI status of a phase.
pub fn huawei_status(phase: &Phase, pending: Option<&Pending>) -> (&'static str, u8, u8) {
    match phase {
        Phase::Offline => ("signed-out", 2, 0),
        Phase::Idle => ("idle", 4, 1),
        Phase::Busy { .. } | Phase::Break { .. } => ("busy", 3, 7),
        Phase::Rest { .. } => ("rest", 8, 8),
        Phase::WrapUp if matches!(pending, Some(Pending::Rest { .. })) => ("pre-rest", 9, 6),
        Phase::WrapUp => ("wrap-up", 5, 6),
        Phase::Ringing { .. } | Phase::Dialing { .. } => ("talking", 7, 4),
        Phase::Talking { .. } if matches!(pending, Some(Pending::Rest { .. })) => {
            ("pre-rest", 9, 5)
        }
        Phase::Talking { .. } => ("talking", 7, 5),
    }
}

impl World {
    /// The ground truth of the whole world.
    pub fn truth(&self) -> Truth {
        Truth {
            seed: self.seed,
            clock: ClockTruth {
                epoch_ms: self.epoch,
                now_ms: self.now,
                ticks: self.ticks,
            },
            aliyun_instance: self.site.aliyun_instance.clone(),
            huawei_vdn: self.site.huawei_vdn,
            agents: (0..self.agents.len())
                .filter_map(|i| self.agent_truth(i))
                .collect(),
            skill_groups: (0..self.groups.len())
                .map(|g| {
                    let (waiting, longest) = self.queue_figures(g);
                    let group = &self.groups[g];
                    GroupTruth {
                        vendor: group.vendor,
                        id: group.id.clone(),
                        name: group.name.clone(),
                        waiting_calls: waiting,
                        longest_wait_s: longest,
                        intervals: self.interval_truth(g),
                    }
                })
                .collect(),
        }
    }

    /// The last [`TRUTH_INTERVALS`] intervals of group `g` that saw a call.
    fn interval_truth(&self, g: usize) -> Vec<IntervalTruth> {
        let mut out: Vec<IntervalTruth> = self
            .stats
            .intervals(g)
            .filter(|(_, t)| t.offered + t.answered + t.abandoned + t.overflow > 0)
            .map(|(start, t)| IntervalTruth {
                start_ms: start,
                tally: t.clone(),
            })
            .collect();
        let extra = out.len().saturating_sub(TRUTH_INTERVALS);
        out.drain(..extra);
        out
    }

    /// The ground truth of one agent.
    pub fn agent_truth(&self, i: usize) -> Option<AgentTruth> {
        let a = self.agents.get(i)?;
        let (state, user_state, status, cti) = match a.vendor {
            Vendor::Aliyun => {
                let (s, u) = aliyun_state(&a.phase);
                (s, u, 0, 0)
            }
            Vendor::Huawei => {
                let (s, code, cti) = huawei_status(&a.phase, a.pending.as_ref());
                (s, "", code, cti)
            }
        };
        let call = a.phase.call();
        Some(AgentTruth {
            vendor: a.vendor,
            id: a.id.clone(),
            login_name: a.login_name.clone(),
            display_name: a.display_name.clone(),
            extension: a.extension.clone(),
            state: state.to_string(),
            user_state: user_state.to_string(),
            status,
            cti_status: cti,
            ringing: matches!(a.phase, Phase::Ringing { .. }),
            break_code: match &a.phase {
                Phase::Break { code } => Some(code.clone()),
                _ => None,
            },
            busy_reason: match a.phase {
                Phase::Busy { reason } => Some(reason),
                _ => None,
            },
            rest_cause: match a.phase {
                Phase::Rest { cause, .. } => Some(cause),
                _ => None,
            },
            rest_planned_s: match a.phase {
                Phase::Rest { planned_s, .. } => Some(planned_s),
                _ => None,
            },
            pending: a.pending.as_ref().map(|p| match p {
                Pending::Busy { reason } => format!("busy:{reason}"),
                Pending::Rest { cause, .. } => format!("rest:{cause}"),
            }),
            signed_in: a.phase.is_signed_in(),
            skill_groups: a
                .skills
                .iter()
                .filter_map(|s| {
                    let g = self.groups.get(s.group)?;
                    Some(SkillTruth {
                        id: g.id.clone(),
                        name: g.name.clone(),
                        level: s.level,
                        signed: a.signed_groups.contains(&s.group),
                    })
                })
                .collect(),
            call_id: call.map(|c| self.call_id_text(c)),
            in_ivr: call
                .and_then(|c| self.calls.get(&c))
                .and_then(|c| c.ivr.as_ref())
                .is_some_and(|v| !v.returned),
            since_ms: a.since,
            device_id: a.device_id.clone(),
            work_mode: a.work_mode.to_string(),
            controller: a.controller,
            stuck: a.stuck,
        })
    }
}
