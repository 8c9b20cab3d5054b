//! The simulated contact center: agents, skill groups, calls and queues, advanced by a seeded clock.
//!
//! The world is vendor-neutral in structure but keeps each agent's state in terms both vendors can
//! render faithfully (`Phase`). Protocol layers (`sim::aliyun`, `sim::huawei`) read it and act on it
//! through the operations in `ops.rs`; every state change is recorded as a [`Change`] so the Huawei
//! layer can turn it into the events its clients poll for.

mod gen;
mod names;
mod ops;
pub mod stats;
mod step;
mod truth;

pub use gen::{ALIYUN_INSTANCE, HUAWEI_FIRST_WORKNO, HUAWEI_INSPECTOR, HUAWEI_VDN};
pub use ops::{phase_name, Applied, OpError, Origin, SignInState};
pub use stats::{QueueStats, Tally};
pub use truth::{
    aliyun_state, huawei_status, AgentTruth, ClockTruth, GroupTruth, IntervalTruth, SkillTruth,
    Truth, TRUTH_INTERVALS,
};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, VecDeque};

/// Simulated wall-clock time in Unix milliseconds.
pub type SimMs = i64;

/// Length of one world tick in simulated milliseconds.
pub const TICK_MS: SimMs = 1000;

/// Which vendor's API an agent (or skill group, or call) belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    Aliyun,
    Huawei,
}

/// An agent's state, in terms both vendors' vocabularies can be derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Signed out.
    Offline,
    /// Available for calls (Alibaba `Ready`, Huawei idle).
    Idle,
    /// Alibaba break with its break code (`Warm-up`, `RingingTimeout`, `RejectCall`, custom codes).
    Break { code: String },
    /// Huawei "say busy" (示忙) with its reason (0 none, 1 self, 2 no answer, 3 forced, 5, 7, 200-250).
    Busy { reason: u16 },
    /// Huawei rest with its cause (0-255) and planned length in seconds.
    Rest { cause: u8, planned_s: u32 },
    /// A call is offered to the agent.
    Ringing { call: u64 },
    /// The agent dials out.
    Dialing { call: u64 },
    /// On a call (including while that call visits an IVR flow and the agent waits for it).
    Talking { call: u64 },
    /// After-call work (Alibaba `ACW`/`WORKING`, Huawei wrap-up).
    WrapUp,
}

impl Phase {
    /// The call the agent is on, if any.
    pub fn call(&self) -> Option<u64> {
        match self {
            Phase::Ringing { call } | Phase::Dialing { call } | Phase::Talking { call } => {
                Some(*call)
            }
            _ => None,
        }
    }

    pub fn is_signed_in(&self) -> bool {
        !matches!(self, Phase::Offline)
    }
}

/// A Huawei state change requested while the agent could not take it yet (pre-busy, pre-rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Busy { reason: u16 },
    Rest { cause: u8, planned_s: u32 },
}

/// Who drives an agent's own choices (breaks, sign-in, sign-out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Controller {
    /// The simulated agent at their desk.
    World,
    /// A client of the simulator holds this agent's session (Huawei sign-in through the API).
    Api,
}

/// A skill group (Alibaba) or skill queue (Huawei).
#[derive(Debug, Clone)]
pub struct SkillGroup {
    pub vendor: Vendor,
    /// Alibaba `name@instance`, Huawei the numeric skill id as a string.
    pub id: String,
    pub name: String,
    pub display_name: String,
    /// Huawei numeric id (0 for Alibaba groups).
    pub num: u32,
    /// Calls waiting in this group's queue, oldest first.
    pub waiting: VecDeque<u64>,
    /// Relative share of arriving calls.
    pub weight: u32,
}

/// An agent's membership of a skill group, with the vendor's skill level (1 strongest .. 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillLevel {
    pub group: usize,
    pub level: u8,
}

/// A simulated agent.
#[derive(Debug, Clone)]
pub struct Agent {
    pub vendor: Vendor,
    /// Alibaba `login@instance`, Huawei work number.
    pub id: String,
    pub login_name: String,
    pub display_name: String,
    pub extension: String,
    /// Alibaba device id (ListDevices) or Huawei softphone number.
    pub device_id: String,
    pub mobile: String,
    pub ram_id: u64,
    pub work_mode: &'static str,
    pub outbound_scenario: bool,
    /// Configured skill groups with levels.
    pub skills: Vec<SkillLevel>,
    /// Skill groups the agent is signed into (indices into `World::groups`).
    pub signed_groups: Vec<usize>,
    pub phase: Phase,
    /// When the current phase started.
    pub since: SimMs,
    /// When the world will move the agent on by itself (ring answered, call ends, break ends); `None`
    /// means only an action moves it (or the agent is stuck).
    pub phase_until: Option<SimMs>,
    pub pending: Option<Pending>,
    pub controller: Controller,
    /// A stuck agent never leaves its state by itself.
    pub stuck: bool,
    /// Last activity reported to the vendor (Alibaba `Heartbeat`).
    pub heartbeat: SimMs,
    /// Huawei: sign-in time of the current session.
    pub login_time: SimMs,
    /// Huawei: whether an inspector has forced the current state.
    pub forced: bool,
}

/// An IVR flow visit of a call (Alibaba LaunchAuthentication, Huawei transfer to IVR in suspend mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrVisit {
    pub flow: String,
    pub until: SimMs,
    pub returned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}

/// A call: waiting in a queue, offered to an agent, connected, or visiting an IVR flow.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: u64,
    pub vendor: Vendor,
    pub group: usize,
    pub direction: Direction,
    pub caller: String,
    pub called: String,
    pub agent: Option<usize>,
    pub created: SimMs,
    pub answered: Option<SimMs>,
    pub ivr: Option<IvrVisit>,
    /// Call-associated data (Alibaba CallVariables, Huawei callappdata).
    pub variables: BTreeMap<String, String>,
}

impl Call {
    /// A call not yet answered, with no IVR visit and no call data.
    pub fn new(
        id: u64,
        vendor: Vendor,
        group: usize,
        direction: Direction,
        caller: String,
        called: String,
        created: SimMs,
    ) -> Call {
        Call {
            id,
            vendor,
            group,
            direction,
            caller,
            called,
            agent: None,
            created,
            answered: None,
            ivr: None,
            variables: BTreeMap::new(),
        }
    }
}

/// An Alibaba break code or Huawei rest cause / busy reason the world knows.
#[derive(Debug, Clone)]
pub struct ReasonDef {
    pub vendor: Vendor,
    /// Alibaba break code string, or Huawei cause number as a string.
    pub code: String,
    pub label: String,
    /// Planned duration in seconds (0 = none).
    pub planned_s: u32,
    /// Whether agents take it on their own in the simulation.
    pub self_taken: bool,
}

/// An Alibaba contact flow, or a Huawei IVR flow with its access code.
#[derive(Debug, Clone)]
pub struct FlowDef {
    pub vendor: Vendor,
    pub id: String,
    pub name: String,
    /// Alibaba route point (GetRoutePoint) or Huawei access code (ivrinfo `access`).
    pub access: String,
    pub flow_type: &'static str,
    pub published: bool,
    /// Seconds a call spends in the flow before it comes back.
    pub visit_s: u32,
}

/// Why an agent's phase changed: carried on every [`Change`] so each vendor layer can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// A call was offered (ringing).
    CallOffered,
    /// The agent answered.
    CallAnswered,
    /// The call ended; `by_customer` when the far end hung up.
    CallReleased {
        by_customer: bool,
    },
    /// The ring was not answered in time.
    RingNoAnswer,
    /// After-call work ended by itself.
    WrapUpDone,
    /// A break/rest/busy the agent took on their own (world) or through the API.
    BreakStarted,
    /// The agent came back from a break/rest/busy.
    BreakEnded,
    /// A pending busy/rest took effect after a call.
    PendingApplied,
    /// Sign-in, with the Huawei initial status (3 busy, 4 idle, 5 wrap-up, 8 rest).
    SignedIn {
        status: u8,
    },
    SignedOut,
    /// Huawei: an agent's session timed out (no event poll).
    IdleTimeout,
    /// The agent entered / left after-call work on request.
    WorkStarted,
    WorkEnded,
    /// Reset by a supervisor (Alibaba ResetAgentState / ResetUserStatus).
    Reset,
    /// The call left for an IVR flow / came back from it (phase stays Talking).
    IvrLeft {
        flow: String,
    },
    IvrReturned,
    /// Skill groups the agent is signed into changed (phase unchanged).
    SkillsChanged,
    /// Huawei: the planned rest time is over (a reminder; the rest goes on).
    RestTimeout,
}

/// One recorded change of one agent.
#[derive(Debug, Clone)]
pub struct Change {
    pub agent: usize,
    pub from: Phase,
    pub to: Phase,
    pub why: Why,
    pub origin: Origin,
    pub at: SimMs,
}

/// Fixed identities of the simulated installation.
#[derive(Debug, Clone)]
pub struct Site {
    pub aliyun_instance: String,
    pub huawei_vdn: u32,
    pub huawei_inspector: String,
}

/// The whole simulated contact center.
#[derive(Debug)]
pub struct World {
    pub seed: u64,
    pub site: Site,
    pub epoch: SimMs,
    pub now: SimMs,
    pub ticks: u64,
    pub agents: Vec<Agent>,
    pub groups: Vec<SkillGroup>,
    pub calls: BTreeMap<u64, Call>,
    pub reasons: Vec<ReasonDef>,
    pub flows: Vec<FlowDef>,
    pub changes: Vec<Change>,
    /// Per group and 5-minute interval: offered, answered (with waits), abandoned.
    pub stats: stats::QueueStats,
    next_call: u64,
    rng: ChaCha8Rng,
    index: std::collections::HashMap<(Vendor, String), usize>,
}

/// Parameters of a new world.
#[derive(Debug, Clone)]
pub struct WorldSpec {
    pub seed: u64,
    /// Total agents, split between the two vendors.
    pub agents: usize,
    /// Simulated time at start (Unix ms).
    pub epoch: SimMs,
}

impl World {
    /// Builds the world for a seed: the same spec always gives the same world.
    pub fn new(spec: &WorldSpec) -> World {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        let parts = gen::generate(&mut rng, spec);
        let group_count = parts.groups.len();
        let mut world = World {
            seed: spec.seed,
            site: parts.site,
            epoch: spec.epoch,
            now: spec.epoch,
            ticks: 0,
            agents: parts.agents,
            groups: parts.groups,
            calls: parts.calls,
            reasons: parts.reasons,
            flows: parts.flows,
            changes: Vec::new(),
            stats: stats::QueueStats::new(group_count),
            next_call: parts.next_call,
            rng,
            index: Default::default(),
        };
        world.index = world
            .agents
            .iter()
            .enumerate()
            .map(|(i, a)| ((a.vendor, a.id.clone()), i))
            .collect();
        world
    }

    /// Finds an agent by vendor and id.
    pub fn agent_index(&self, vendor: Vendor, id: &str) -> Option<usize> {
        self.index.get(&(vendor, id.to_string())).copied()
    }

    pub fn agent(&self, vendor: Vendor, id: &str) -> Option<&Agent> {
        self.agent_index(vendor, id).map(|i| &self.agents[i])
    }

    /// Agents of one vendor, in roster order.
    pub fn agents_of(&self, vendor: Vendor) -> impl Iterator<Item = (usize, &Agent)> {
        self.agents
            .iter()
            .enumerate()
            .filter(move |(_, a)| a.vendor == vendor)
    }

    pub fn groups_of(&self, vendor: Vendor) -> impl Iterator<Item = (usize, &SkillGroup)> {
        self.groups
            .iter()
            .enumerate()
            .filter(move |(_, g)| g.vendor == vendor)
    }

    pub fn group_by_id(&self, vendor: Vendor, id: &str) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.vendor == vendor && g.id == id)
    }

    pub fn reasons_of(&self, vendor: Vendor) -> impl Iterator<Item = &ReasonDef> {
        self.reasons.iter().filter(move |r| r.vendor == vendor)
    }

    pub fn flows_of(&self, vendor: Vendor) -> impl Iterator<Item = &FlowDef> {
        self.flows.iter().filter(move |f| f.vendor == vendor)
    }

    /// The call an agent is on, if any.
    pub fn call_of(&self, agent: usize) -> Option<&Call> {
        self.agents
            .get(agent)
            .and_then(|a| a.phase.call())
            .and_then(|c| self.calls.get(&c))
    }

    /// The vendor-facing id of a call: Alibaba `job-…`, Huawei `<seconds>-<n>`.
    pub fn call_id_text(&self, call: u64) -> String {
        match self.calls.get(&call).map(|c| c.vendor) {
            Some(Vendor::Huawei) => format!("{}-{}", self.epoch / 1000, call),
            _ => format!("job-{}", 6_538_214_103_685_000 + call),
        }
    }

    /// Parses a vendor-facing call id back to the call's number.
    pub fn call_from_text(&self, vendor: Vendor, text: &str) -> Option<u64> {
        let n = match vendor {
            Vendor::Aliyun => text
                .strip_prefix("job-")?
                .parse::<u64>()
                .ok()?
                .checked_sub(6_538_214_103_685_000)?,
            Vendor::Huawei => text.split_once('-')?.1.parse::<u64>().ok()?,
        };
        self.calls
            .get(&n)
            .filter(|c| c.vendor == vendor)
            .map(|c| c.id)
    }

    /// Waiting calls and the longest wait (seconds) of one group.
    pub fn queue_figures(&self, group: usize) -> (usize, i64) {
        let Some(g) = self.groups.get(group) else {
            return (0, 0);
        };
        let longest = g
            .waiting
            .front()
            .and_then(|c| self.calls.get(c))
            .map(|c| (self.now - c.created).max(0) / 1000)
            .unwrap_or(0);
        (g.waiting.len(), longest)
    }

    /// Takes the changes recorded since the last call.
    pub fn drain_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// Moves an agent to a new phase, recording the change.
    pub(crate) fn set_phase(&mut self, agent: usize, to: Phase, why: Why, origin: Origin) {
        let now = self.now;
        let Some(a) = self.agents.get_mut(agent) else {
            return;
        };
        let from = std::mem::replace(&mut a.phase, to.clone());
        a.since = now;
        a.heartbeat = now;
        self.changes.push(Change {
            agent,
            from,
            to,
            why,
            origin,
            at: now,
        });
    }

    /// Records a change that leaves the phase as it is (IVR visits, skills).
    pub(crate) fn note(&mut self, agent: usize, why: Why, origin: Origin) {
        let Some(a) = self.agents.get(agent) else {
            return;
        };
        let phase = a.phase.clone();
        self.changes.push(Change {
            agent,
            from: phase.clone(),
            to: phase,
            why,
            origin,
            at: self.now,
        });
    }

    pub(crate) fn new_call_id(&mut self) -> u64 {
        self.next_call += 1;
        self.next_call
    }
}
