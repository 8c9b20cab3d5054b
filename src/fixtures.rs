//! Test scaffolding, compiled only with the `fixtures` feature (which the tests and benches turn
//! on through the dev-dependency on this crate): a deterministic roster straight from the
//! simulator's world, without HTTP (the simulator's ground truth mapped to the unified model), and
//! a `TestBackend` terminal as a [`Screen`]. For snapshot tests and benches, where the screen, not
//! the clients, is under test; the running app always goes through the real backends.

use crate::backend::{BackendEvent, QueueFigures};
use crate::config::{BackendKind, Thresholds};
use crate::model::{
    Activity, Agent, Flags, Freshness, Presence, RawCodes, Reason, ReasonCategory, RosterScope,
    SkillRef,
};
use crate::sim::world::{AgentTruth, Truth};
use crate::sim::Vendor;
use std::sync::Arc;

use crate::app::{App, BackendInfo};
use crate::tui::event_loop::Screen;

/// A `TestBackend` terminal draws the app like the real one.
impl Screen for ratatui::Terminal<ratatui::backend::TestBackend> {
    fn draw_app(&mut self, app: &App) -> std::io::Result<()> {
        self.draw(|f| crate::ui::draw(f, app)).map(|_| ())
    }

    fn height(&self) -> u16 {
        self.size().map(|s| s.height).unwrap_or(24)
    }
}

/// The backend names the fixture uses (the same as `callboard demo`).
pub const ALIYUN: &str = "aliyun-sim";
pub const HUAWEI: &str = "huawei-sim";

/// The two backends of a simulated world, with the demo's planned break durations.
pub fn backends() -> Vec<BackendInfo> {
    let planned = |pairs: &[(&str, u64)]| Thresholds {
        planned: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        stuck_after: Default::default(),
    };
    vec![
        BackendInfo {
            name: ALIYUN.into(),
            kind: BackendKind::Aliyun,
            thresholds: planned(&[("lunch", 1800), ("break", 600), ("meeting", 1800)]),
            scope: RosterScope::All,
        },
        BackendInfo {
            name: HUAWEI.into(),
            kind: BackendKind::Huawei,
            thresholds: planned(&[("rest:1", 600), ("rest:2", 1800)]),
            scope: RosterScope::All,
        },
    ]
}

/// One snapshot event per vendor, as the pollers would send them.
pub fn snapshot_events(truth: &Truth) -> Vec<BackendEvent> {
    let at = truth.clock.now_ms;
    [(Vendor::Aliyun, ALIYUN), (Vendor::Huawei, HUAWEI)]
        .into_iter()
        .map(|(vendor, name)| {
            let backend: Arc<str> = Arc::from(name);
            BackendEvent::Snapshot {
                agents: truth
                    .agents
                    .iter()
                    .filter(|a| a.vendor == vendor)
                    .map(|a| agent(a, &backend, at))
                    .collect(),
                queues: truth
                    .skill_groups
                    .iter()
                    .filter(|g| g.vendor == vendor)
                    .map(|g| QueueFigures {
                        group_id: g.id.clone(),
                        name: g.name.clone(),
                        waiting: g.waiting_calls as u64,
                        longest_wait_secs: g.longest_wait_s.max(0) as u64,
                    })
                    .collect(),
                backend,
                at,
            }
        })
        .collect()
}

fn reason(code: String, label: &str, category: ReasonCategory, planned: Option<u64>) -> Reason {
    Reason {
        code,
        label: label.to_string(),
        category,
        planned_secs: planned,
    }
}

/// One agent of the ground truth in the unified model.
pub fn agent(t: &AgentTruth, backend: &Arc<str>, at: i64) -> Agent {
    let (presence, activity) = match t.state.as_str() {
        "Ready" | "idle" => (Presence::Ready, Activity::None),
        "Ringing" => (Presence::Ready, Activity::Ringing),
        "Dialing" => (Presence::Ready, Activity::Dialing),
        "Talking" | "talking" | "pre-rest" if t.ringing => (Presence::Ready, Activity::Ringing),
        "Talking" | "talking" | "pre-rest" => (Presence::Ready, Activity::Talking),
        "ACW" | "wrap-up" => (Presence::Ready, Activity::WrapUp),
        "busy" => (Presence::NotReady, Activity::None),
        "rest" => (Presence::Break, Activity::None),
        "Break" if t.break_code.as_deref() == Some("Warm-up") => {
            (Presence::SigningIn, Activity::None)
        }
        "Break"
            if matches!(
                t.break_code.as_deref(),
                Some("RingingTimeout" | "RejectCall")
            ) =>
        {
            (Presence::NotReady, Activity::None)
        }
        "Break" => (Presence::Break, Activity::None),
        _ => (Presence::Offline, Activity::None),
    };
    let reason = if let Some(code) = &t.break_code {
        let category = match code.as_str() {
            "lunch" => ReasonCategory::Meal,
            "meeting" => ReasonCategory::Meeting,
            "training" | "coaching" => ReasonCategory::Training,
            "Warm-up" => ReasonCategory::WarmUp,
            "RingingTimeout" => ReasonCategory::SystemNoAnswer,
            "RejectCall" => ReasonCategory::SystemReject,
            _ => ReasonCategory::ShortBreak,
        };
        let label = match code.as_str() {
            "lunch" => "Lunch",
            "break" => "Short break",
            "meeting" => "Meeting",
            "training" => "Training",
            "coaching" => "Coaching",
            other => other,
        };
        Some(reason(code.clone(), label, category, None))
    } else if let Some(cause) = t.rest_cause {
        let label = match cause {
            1 => "Short break",
            2 => "Meal",
            3 => "Meeting",
            4 => "Training",
            _ => "Rest",
        };
        Some(reason(
            format!("rest:{cause}"),
            label,
            ReasonCategory::ShortBreak,
            t.rest_planned_s.map(u64::from),
        ))
    } else {
        t.busy_reason.map(|r| {
            let (label, category) = match r {
                2 => ("No answer", ReasonCategory::SystemNoAnswer),
                3 => ("Forced by inspector", ReasonCategory::SupervisorForced),
                7 => ("Rejected call", ReasonCategory::SystemReject),
                _ => ("Busy", ReasonCategory::BusyOther),
            };
            reason(format!("busy:{r}"), label, category, None)
        })
    };
    let mut extra = Vec::new();
    if let Some(c) = &t.break_code {
        extra.push(("BreakCode".to_string(), c.clone()));
    }
    if let Some(p) = &t.pending {
        extra.push(("pending".to_string(), p.clone()));
    }
    Agent {
        backend: backend.clone(),
        id: t.id.clone(),
        name: t.display_name.clone(),
        presence,
        activity,
        flags: Flags {
            pending_next: t.pending.is_some(),
            in_ivr: t.in_ivr,
            ..Flags::default()
        },
        reason,
        since: Some(t.since_ms),
        last_seen: Some(at),
        freshness: Freshness::Fresh,
        skills: t
            .skill_groups
            .iter()
            .map(|s| SkillRef {
                id: s.id.clone(),
                name: s.name.clone(),
                level: (t.vendor == Vendor::Aliyun).then_some(s.level),
                signed: s.signed,
            })
            .collect(),
        extension: t.extension.clone(),
        work_mode: (!t.work_mode.is_empty()).then(|| t.work_mode.clone()),
        call_id: t.call_id.clone(),
        raw: RawCodes {
            state: if t.vendor == Vendor::Aliyun {
                format!("{} / {}", t.state, t.user_state)
            } else {
                format!("status {} ({})", t.status, t.state)
            },
            sub_state: (t.vendor == Vendor::Huawei).then(|| format!("cti {}", t.cti_status)),
            extra,
        },
    }
}
