//! Seeded generation of a world: agents, skill groups, break codes, rest causes, flows and the
//! calls already in progress when the simulation starts.

use super::names::{EN_FIRST, EN_LAST, GROUPS, ZH_FAMILY, ZH_GIVEN};
use super::{
    Agent, Call, Controller, Direction, FlowDef, Phase, ReasonDef, Site, SkillGroup, SkillLevel,
    Vendor, WorldSpec,
};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashSet, VecDeque};

pub(super) struct Parts {
    pub site: Site,
    pub agents: Vec<Agent>,
    pub groups: Vec<SkillGroup>,
    pub calls: BTreeMap<u64, Call>,
    pub reasons: Vec<ReasonDef>,
    pub flows: Vec<FlowDef>,
    pub next_call: u64,
}

pub const ALIYUN_INSTANCE: &str = "ccc-sim";
pub const HUAWEI_VDN: u32 = 1;
pub const HUAWEI_INSPECTOR: &str = "900";
/// Huawei work numbers start here.
pub const HUAWEI_FIRST_WORKNO: usize = 1001;

pub(super) fn generate(rng: &mut ChaCha8Rng, spec: &WorldSpec) -> Parts {
    let site = Site {
        aliyun_instance: ALIYUN_INSTANCE.to_string(),
        huawei_vdn: HUAWEI_VDN,
        huawei_inspector: HUAWEI_INSPECTOR.to_string(),
    };
    let mut groups = Vec::new();
    for vendor in [Vendor::Aliyun, Vendor::Huawei] {
        let count = rng.gen_range(4..=8);
        let mut picks: Vec<usize> = (0..GROUPS.len()).collect();
        picks.shuffle(rng);
        picks.truncate(count);
        picks.sort_unstable();
        for (n, &p) in picks.iter().enumerate() {
            let (name, display, zh) = GROUPS[p];
            let (id, gname, num) = match vendor {
                Vendor::Aliyun => (format!("{name}@{ALIYUN_INSTANCE}"), name.to_string(), 0),
                Vendor::Huawei => {
                    let num = 10 + n as u32 * 5;
                    (num.to_string(), zh.to_string(), num)
                }
            };
            groups.push(SkillGroup {
                vendor,
                id,
                name: gname,
                display_name: display.to_string(),
                num,
                waiting: VecDeque::new(),
                weight: rng.gen_range(1..=5),
            });
        }
    }
    let reasons = reasons();
    let flows = flows();
    let aliyun_count = spec.agents.div_ceil(2);
    let mut agents = Vec::with_capacity(spec.agents);
    let mut logins = HashSet::new();
    for i in 0..spec.agents {
        let vendor = if i < aliyun_count {
            Vendor::Aliyun
        } else {
            Vendor::Huawei
        };
        let ordinal = if vendor == Vendor::Aliyun {
            i
        } else {
            i - aliyun_count
        };
        agents.push(new_agent(
            rng,
            vendor,
            ordinal,
            &groups,
            &mut logins,
            spec.epoch,
        ));
    }
    let mut parts = Parts {
        site,
        agents,
        groups,
        calls: BTreeMap::new(),
        reasons,
        flows,
        next_call: 1000,
    };
    initial_states(rng, &mut parts, spec.epoch);
    parts
}

fn new_agent(
    rng: &mut ChaCha8Rng,
    vendor: Vendor,
    ordinal: usize,
    groups: &[SkillGroup],
    logins: &mut HashSet<String>,
    epoch: i64,
) -> Agent {
    let chinese = rng.gen_bool(0.4);
    let (display, mut login) = if chinese {
        let (fz, fp) = ZH_FAMILY[rng.gen_range(0..ZH_FAMILY.len())];
        let (gz, gp) = ZH_GIVEN[rng.gen_range(0..ZH_GIVEN.len())];
        (format!("{fz}{gz}"), format!("{fp}{gp}"))
    } else {
        let first = EN_FIRST[rng.gen_range(0..EN_FIRST.len())];
        let last = EN_LAST[rng.gen_range(0..EN_LAST.len())];
        (
            format!("{first} {last}"),
            format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
        )
    };
    if !logins.insert(login.clone()) {
        login = format!("{login}{ordinal}");
        logins.insert(login.clone());
    }
    let own: Vec<usize> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.vendor == vendor)
        .map(|(i, _)| i)
        .collect();
    let mut skills: Vec<SkillLevel> = Vec::new();
    let want = rng.gen_range(1..=3.min(own.len().max(1)));
    let mut pool = own.clone();
    pool.shuffle(rng);
    for &g in pool.iter().take(want) {
        skills.push(SkillLevel {
            group: g,
            level: rng.gen_range(1..=10),
        });
    }
    skills.sort_by_key(|s| s.group);
    let (id, extension, device_id) = match vendor {
        Vendor::Aliyun => (
            format!("{login}@{ALIYUN_INSTANCE}"),
            format!("8{:07}", 326_000 + ordinal),
            format!("ACC-YUNBS-1.0.10-{:016x}", rng.gen::<u64>()),
        ),
        Vendor::Huawei => {
            let workno = HUAWEI_FIRST_WORKNO + ordinal;
            (
                workno.to_string(),
                format!("7{workno}"),
                format!("4{workno}"),
            )
        }
    };
    Agent {
        vendor,
        id,
        login_name: login,
        display_name: display,
        extension,
        device_id,
        mobile: format!("86-13{:09}", rng.gen_range(0..1_000_000_000u64)),
        ram_id: 21_000_000_000_000_000 + rng.gen_range(0..999_999_999_999_999u64),
        work_mode: if vendor == Vendor::Aliyun {
            "ON_SITE"
        } else {
            ""
        },
        outbound_scenario: false,
        skills,
        signed_groups: Vec::new(),
        phase: Phase::Offline,
        since: epoch,
        phase_until: None,
        pending: None,
        controller: Controller::World,
        stuck: false,
        heartbeat: epoch,
        login_time: epoch,
        forced: false,
    }
}

fn reason(vendor: Vendor, code: &str, label: &str, planned_s: u32, self_taken: bool) -> ReasonDef {
    ReasonDef {
        vendor,
        code: code.to_string(),
        label: label.to_string(),
        planned_s,
        self_taken,
    }
}

fn reasons() -> Vec<ReasonDef> {
    use Vendor::{Aliyun as A, Huawei as H};
    vec![
        reason(A, "Warm-up", "Warm-up after sign-in", 0, false),
        reason(A, "RingingTimeout", "Ring no answer", 0, false),
        reason(A, "RejectCall", "Rejected call", 0, false),
        reason(A, "lunch", "Lunch", 1800, true),
        reason(A, "break", "Short break", 600, true),
        reason(A, "meeting", "Team meeting", 1800, true),
        reason(A, "training", "Training", 3600, true),
        reason(A, "coaching", "Coaching session", 900, true),
        // Huawei rest causes (0-255, per VDN).
        reason(H, "0", "无原因 No reason", 0, false),
        reason(H, "1", "午餐 Lunch", 1800, true),
        reason(H, "2", "小休 Short break", 600, true),
        reason(H, "3", "会议 Meeting", 1800, true),
        reason(H, "4", "培训 Training", 3600, true),
    ]
}

fn flow(
    vendor: Vendor,
    id: &str,
    name: &str,
    access: &str,
    kind: &'static str,
    visit_s: u32,
) -> FlowDef {
    FlowDef {
        vendor,
        id: id.to_string(),
        name: name.to_string(),
        access: access.to_string(),
        flow_type: kind,
        published: true,
        visit_s,
    }
}

fn flows() -> Vec<FlowDef> {
    use Vendor::{Aliyun as A, Huawei as H};
    vec![
        flow(
            A,
            "af145gfc-1108-4d55-8fca-f719bd512ebb",
            "IVR identity check",
            "80206198",
            "MAIN_FLOW",
            20,
        ),
        flow(
            A,
            "dDMD_0mif4hv",
            "Card PIN verification",
            "80206199",
            "MAIN_FLOW",
            30,
        ),
        flow(
            A,
            "b7c1e0d2-2a31-4a5e-9d0c-5f0f5c1d9e21",
            "Satisfaction survey",
            "80206200",
            "SURVEY_FLOW",
            15,
        ),
        flow(
            A,
            "c2a9f3b4-77e1-4b1f-8f6e-2d1c0b9a8e77",
            "Main menu",
            "80206201",
            "MAIN_FLOW",
            25,
        ),
        flow(H, "1", "身份验证 Identity check", "1321", "IVR", 20),
        flow(H, "2", "密码校验 PIN check", "1322", "IVR", 30),
    ]
}

/// Places agents in a plausible mid-shift state: most signed in, some on calls, some on break, a
/// few stuck far too long, and a few calls already waiting.
fn initial_states(rng: &mut ChaCha8Rng, parts: &mut Parts, now: i64) {
    for i in 0..parts.agents.len() {
        let vendor = parts.agents[i].vendor;
        let roll: f64 = rng.gen();
        let ago = rng.gen_range(5..900) as i64 * 1000;
        let agent = &mut parts.agents[i];
        agent.signed_groups = agent.skills.iter().map(|s| s.group).collect();
        agent.since = now - ago;
        agent.login_time = now - rng.gen_range(900..14_400) as i64 * 1000;
        agent.heartbeat = now;
        if roll < 0.10 {
            agent.phase = Phase::Offline;
            agent.signed_groups.clear();
            agent.since = now - rng.gen_range(600..40_000) as i64 * 1000;
            continue;
        }
        if roll < 0.45 {
            agent.phase = Phase::Idle;
            continue;
        }
        if roll < 0.57 {
            agent.phase = Phase::WrapUp;
            agent.since = now - rng.gen_range(1..25) as i64 * 1000;
            agent.phase_until = Some(now + rng.gen_range(3..30) as i64 * 1000);
            continue;
        }
        if roll < 0.75 {
            let self_taken: Vec<(String, u32)> = parts
                .reasons
                .iter()
                .filter(|r| r.vendor == vendor && r.self_taken)
                .map(|r| (r.code.clone(), r.planned_s))
                .collect();
            let Some((code, planned)) = self_taken.get(rng.gen_range(0..self_taken.len())).cloned()
            else {
                continue;
            };
            let taken = rng.gen_range(30..(planned as i64 + 300)) * 1000;
            agent.since = now - taken;
            agent.phase_until = Some(now + rng.gen_range(60..(planned as i64 + 120)) * 1000);
            agent.phase = match vendor {
                Vendor::Aliyun => Phase::Break { code },
                Vendor::Huawei => Phase::Rest {
                    cause: code.parse().unwrap_or(0),
                    planned_s: planned,
                },
            };
            continue;
        }
        // On a call.
        parts.next_call += 1;
        let id = parts.next_call;
        let group = agent.skills.first().map(|s| s.group).unwrap_or(0);
        let talked = rng.gen_range(5..400) as i64 * 1000;
        agent.phase = Phase::Talking { call: id };
        agent.since = now - talked;
        agent.phase_until = Some(now + rng.gen_range(10..300) as i64 * 1000);
        parts.calls.insert(
            id,
            Call {
                agent: Some(i),
                answered: Some(now - talked),
                ..Call::new(
                    id,
                    vendor,
                    group,
                    Direction::Inbound,
                    format!("1{:010}", rng.gen_range(0..10_000_000_000u64)),
                    agent.extension.clone(),
                    now - talked - 8000,
                )
            },
        );
    }
    // A few agents are stuck: far too long in one state, never leaving it by themselves.
    let stuck = (parts.agents.len() / 40).max(1);
    for _ in 0..stuck {
        let i = rng.gen_range(0..parts.agents.len());
        let agent = &mut parts.agents[i];
        if agent.phase.is_signed_in() {
            agent.stuck = true;
            agent.phase_until = None;
            agent.since = now - rng.gen_range(3_600..10_800) as i64 * 1000;
        }
    }
    // Calls already waiting in queues.
    for g in 0..parts.groups.len() {
        for _ in 0..rng.gen_range(0..4) {
            parts.next_call += 1;
            let id = parts.next_call;
            let vendor = parts.groups[g].vendor;
            parts.calls.insert(
                id,
                Call::new(
                    id,
                    vendor,
                    g,
                    Direction::Inbound,
                    format!("1{:010}", rng.gen_range(0..10_000_000_000u64)),
                    "4008001000".to_string(),
                    now - rng.gen_range(1..120) as i64 * 1000,
                ),
            );
            parts.groups[g].waiting.push_back(id);
        }
        let mut waiting: Vec<u64> = parts.groups[g].waiting.drain(..).collect();
        waiting.sort_by_key(|c| parts.calls.get(c).map(|c| c.created).unwrap_or(0));
        parts.groups[g].waiting = waiting.into();
    }
}
