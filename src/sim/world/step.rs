//! The world's own dynamics, one tick at a time: calls arrive, ring, connect and end; agents take
//! breaks and come back; IVR visits return; some agents sign in or out.

use super::Origin;
use super::{Call, Controller, Direction, Pending, Phase, Vendor, Why, World, TICK_MS};
use rand::Rng;

/// Mean seconds of talk plus after-call work; used to size arrivals to the staffed floor.
const MEAN_HANDLE_S: f64 = 110.0;
/// Share of signed-in agents the arrivals try to keep busy.
const TARGET_OCCUPANCY: f64 = 0.55;

impl World {
    /// Advances the world by one tick of [`TICK_MS`].
    pub fn tick(&mut self) {
        self.ticks += 1;
        self.now += TICK_MS;
        self.return_from_ivr();
        self.advance_agents();
        self.arrivals();
        self.abandon_long_waits();
        self.assign_calls();
        self.own_choices();
    }

    /// Advances the world by whole seconds of simulated time.
    pub fn advance_secs(&mut self, secs: u64) {
        for _ in 0..secs {
            self.tick();
        }
    }

    fn secs(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.gen_range(lo..=hi) * 1000
    }

    fn return_from_ivr(&mut self) {
        let now = self.now;
        let due: Vec<(u64, Option<usize>)> = self
            .calls
            .values()
            .filter(|c| {
                c.ivr
                    .as_ref()
                    .is_some_and(|v| !v.returned && v.until <= now)
            })
            .map(|c| (c.id, c.agent))
            .collect();
        for (id, agent) in due {
            let passed = self.rng.gen_bool(0.85);
            let next = self.secs(20, 120);
            if let Some(call) = self.calls.get_mut(&id) {
                if let Some(v) = call.ivr.as_mut() {
                    v.returned = true;
                }
                call.variables.insert(
                    "AuthResult".into(),
                    if passed { "PASS" } else { "FAIL" }.into(),
                );
            }
            if let Some(a) = agent {
                if let Some(ag) = self.agents.get_mut(a) {
                    ag.phase_until = Some(now + next);
                }
                self.note(a, Why::IvrReturned, Origin::World);
            }
        }
    }

    fn advance_agents(&mut self) {
        let now = self.now;
        for i in 0..self.agents.len() {
            let a = &self.agents[i];
            if a.stuck || a.phase_until.is_none_or(|t| t > now) {
                if let Phase::Rest { planned_s, .. } = a.phase {
                    let due = a.since + planned_s as i64 * 1000;
                    if planned_s > 0 && due <= now && due > now - TICK_MS {
                        self.note(i, Why::RestTimeout, Origin::World);
                    }
                }
                continue;
            }
            match a.phase.clone() {
                Phase::Ringing { call } => self.ring_done(i, call),
                Phase::Dialing { call } => {
                    let talk = self.secs(30, 240);
                    self.agents[i].phase_until = Some(now + talk);
                    if let Some(c) = self.calls.get_mut(&call) {
                        c.answered = Some(now);
                    }
                    self.set_phase(i, Phase::Talking { call }, Why::CallAnswered, Origin::World);
                }
                Phase::Talking { call } => {
                    let in_ivr = self
                        .calls
                        .get(&call)
                        .and_then(|c| c.ivr.as_ref())
                        .is_some_and(|v| !v.returned);
                    if !in_ivr {
                        let by_customer = self.rng.gen_bool(0.6);
                        self.end_call(i, call, by_customer);
                    }
                }
                Phase::WrapUp => self.after_work(i),
                Phase::Break { .. } | Phase::Busy { .. } | Phase::Rest { .. } => {
                    self.agents[i].phase_until = None;
                    self.set_phase(i, Phase::Idle, Why::BreakEnded, Origin::World);
                }
                Phase::Idle | Phase::Offline => self.agents[i].phase_until = None,
            }
        }
    }

    fn ring_done(&mut self, i: usize, call: u64) {
        let now = self.now;
        if self.rng.gen_bool(0.06) {
            // Ring no answer: the call goes back to the head of its queue.
            if let Some(c) = self.calls.get_mut(&call) {
                c.agent = None;
                let g = c.group;
                if let Some(group) = self.groups.get_mut(g) {
                    group.waiting.push_front(call);
                }
            }
            let back = self.secs(30, 180);
            self.agents[i].phase_until = Some(now + back);
            let to = match self.agents[i].vendor {
                Vendor::Aliyun => Phase::Break {
                    code: "RingingTimeout".into(),
                },
                Vendor::Huawei => Phase::Busy { reason: 2 },
            };
            self.set_phase(i, to, Why::RingNoAnswer, Origin::World);
            return;
        }
        let talk = self.secs(30, 300);
        self.agents[i].phase_until = Some(now + talk);
        if let Some(c) = self.calls.get_mut(&call) {
            c.answered = Some(now);
            if c.direction == Direction::Inbound {
                let (group, wait) = (c.group, now - c.created);
                self.stats.answered(group, now, wait);
            }
        }
        self.set_phase(i, Phase::Talking { call }, Why::CallAnswered, Origin::World);
    }

    /// Ends an agent's call and puts the agent into after-call work.
    pub(crate) fn end_call(&mut self, i: usize, call: u64, by_customer: bool) {
        self.calls.remove(&call);
        let wrap = self.secs(5, 30);
        self.agents[i].phase_until = Some(self.now + wrap);
        self.set_phase(
            i,
            Phase::WrapUp,
            Why::CallReleased { by_customer },
            Origin::World,
        );
    }

    /// After-call work is over: a pending busy/rest takes effect, otherwise the agent is idle.
    pub(crate) fn after_work(&mut self, i: usize) {
        let now = self.now;
        match self.agents[i].pending.take() {
            Some(Pending::Busy { reason }) => {
                self.agents[i].phase_until = None;
                self.set_phase(
                    i,
                    Phase::Busy { reason },
                    Why::PendingApplied,
                    Origin::World,
                );
            }
            Some(Pending::Rest { cause, planned_s }) => {
                self.agents[i].phase_until = None;
                self.set_phase(
                    i,
                    Phase::Rest { cause, planned_s },
                    Why::PendingApplied,
                    Origin::World,
                );
            }
            None => {
                self.agents[i].phase_until = None;
                let _ = now;
                self.set_phase(i, Phase::Idle, Why::WrapUpDone, Origin::World);
            }
        }
    }

    fn arrivals(&mut self) {
        for vendor in [Vendor::Aliyun, Vendor::Huawei] {
            let staffed = self
                .agents
                .iter()
                .filter(|a| a.vendor == vendor && a.phase.is_signed_in())
                .count() as f64;
            let lambda = TARGET_OCCUPANCY * staffed / MEAN_HANDLE_S * (TICK_MS as f64 / 1000.0);
            let n = poisson(&mut self.rng, lambda);
            let groups: Vec<(usize, u32)> =
                self.groups_of(vendor).map(|(i, g)| (i, g.weight)).collect();
            let total: u32 = groups.iter().map(|g| g.1).sum();
            for _ in 0..n {
                if total == 0 {
                    break;
                }
                let mut pick = self.rng.gen_range(0..total);
                let mut group = groups[0].0;
                for &(g, w) in &groups {
                    if pick < w {
                        group = g;
                        break;
                    }
                    pick -= w;
                }
                let id = self.new_call_id();
                let caller = format!("1{:010}", self.rng.gen_range(0..10_000_000_000u64));
                self.calls.insert(
                    id,
                    Call::new(
                        id,
                        vendor,
                        group,
                        Direction::Inbound,
                        caller,
                        "4008001000".into(),
                        self.now,
                    ),
                );
                self.groups[group].waiting.push_back(id);
                self.stats.offered(group, self.now);
            }
        }
    }

    fn abandon_long_waits(&mut self) {
        let now = self.now;
        for g in 0..self.groups.len() {
            while let Some(&front) = self.groups[g].waiting.front() {
                let waited = self
                    .calls
                    .get(&front)
                    .map(|c| now - c.created)
                    .unwrap_or(i64::MAX);
                if waited < 240_000 {
                    break;
                }
                self.groups[g].waiting.pop_front();
                self.calls.remove(&front);
                self.stats.abandoned(g, now);
            }
        }
    }

    fn assign_calls(&mut self) {
        if self.groups.iter().all(|g| g.waiting.is_empty()) {
            return;
        }
        // Idle agents per group, longest idle (then strongest skill) first.
        let mut idle: Vec<Vec<(i64, u8, usize)>> = vec![Vec::new(); self.groups.len()];
        for (i, a) in self.agents.iter().enumerate() {
            if a.phase == Phase::Idle && !a.stuck {
                for s in &a.skills {
                    if a.signed_groups.contains(&s.group) {
                        idle[s.group].push((a.since, s.level, i));
                    }
                }
            }
        }
        for list in &mut idle {
            list.sort_unstable();
            list.reverse();
        }
        let now = self.now;
        for (g, candidates) in idle.iter_mut().enumerate() {
            while !self.groups[g].waiting.is_empty() {
                let Some((_, _, agent)) = candidates.pop() else {
                    break;
                };
                if self.agents[agent].phase != Phase::Idle {
                    continue;
                }
                let Some(call) = self.groups[g].waiting.pop_front() else {
                    break;
                };
                if let Some(c) = self.calls.get_mut(&call) {
                    c.agent = Some(agent);
                    c.called = self.agents[agent].extension.clone();
                }
                let ring = self.secs(2, 8);
                self.agents[agent].phase_until = Some(now + ring);
                self.set_phase(
                    agent,
                    Phase::Ringing { call },
                    Why::CallOffered,
                    Origin::World,
                );
            }
        }
    }

    /// Agents at their desks (not held by an API client) take breaks, dial out, sign in and out.
    fn own_choices(&mut self) {
        let now = self.now;
        for i in 0..self.agents.len() {
            let a = &self.agents[i];
            if a.controller != Controller::World || a.stuck {
                continue;
            }
            let vendor = a.vendor;
            match a.phase {
                Phase::Idle => {
                    let roll: f64 = self.rng.gen();
                    if roll < 1.0 / 1500.0 {
                        self.own_break(i, vendor);
                    } else if roll < 1.0 / 1500.0 + 1.0 / 4000.0 {
                        self.dial_out(i);
                    } else if roll > 1.0 - 1.0 / 40_000.0 {
                        self.agents[i].signed_groups.clear();
                        self.set_phase(i, Phase::Offline, Why::SignedOut, Origin::World);
                    }
                }
                Phase::Offline if self.rng.gen_bool(1.0 / 3000.0) => {
                    let groups = self.agents[i].skills.iter().map(|s| s.group).collect();
                    self.agents[i].signed_groups = groups;
                    self.agents[i].login_time = now;
                    match vendor {
                        Vendor::Aliyun => {
                            let warm = self.secs(5, 30);
                            self.agents[i].phase_until = Some(now + warm);
                            let to = Phase::Break {
                                code: "Warm-up".into(),
                            };
                            self.set_phase(i, to, Why::SignedIn { status: 4 }, Origin::World);
                        }
                        Vendor::Huawei => self.set_phase(
                            i,
                            Phase::Idle,
                            Why::SignedIn { status: 4 },
                            Origin::World,
                        ),
                    }
                }
                _ => {}
            }
        }
    }

    fn own_break(&mut self, i: usize, vendor: super::Vendor) {
        let choices: Vec<(String, u32)> = self
            .reasons_of(vendor)
            .filter(|r| r.self_taken)
            .map(|r| (r.code.clone(), r.planned_s))
            .collect();
        if choices.is_empty() {
            return;
        }
        let (code, planned) = choices[self.rng.gen_range(0..choices.len())].clone();
        // Most come back around the planned time; some run well over it.
        let factor = if self.rng.gen_bool(0.1) {
            self.rng.gen_range(1.5..3.0)
        } else {
            self.rng.gen_range(0.6..1.2)
        };
        let len = (planned as f64 * factor) as i64 * 1000;
        self.agents[i].phase_until = Some(self.now + len.max(30_000));
        let to = match vendor {
            Vendor::Aliyun => Phase::Break { code },
            Vendor::Huawei => Phase::Rest {
                cause: code.parse().unwrap_or(0),
                planned_s: planned,
            },
        };
        self.set_phase(i, to, Why::BreakStarted, Origin::World);
    }

    fn dial_out(&mut self, i: usize) {
        let group = match self.agents[i].skills.first() {
            Some(s) => s.group,
            None => return,
        };
        let id = self.new_call_id();
        let called = format!("1{:010}", self.rng.gen_range(0..10_000_000_000u64));
        let vendor = self.agents[i].vendor;
        self.calls.insert(
            id,
            Call {
                agent: Some(i),
                ..Call::new(
                    id,
                    vendor,
                    group,
                    Direction::Outbound,
                    self.agents[i].extension.clone(),
                    called,
                    self.now,
                )
            },
        );
        let dial = self.secs(3, 15);
        self.agents[i].phase_until = Some(self.now + dial);
        self.set_phase(
            i,
            Phase::Dialing { call: id },
            Why::CallOffered,
            Origin::World,
        );
    }
}

/// Poisson sample (Knuth for small means, normal approximation for large ones).
fn poisson(rng: &mut impl Rng, lambda: f64) -> u64 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let mut k = 0u64;
        let mut p = 1.0;
        loop {
            p *= rng.gen::<f64>();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
    // Box-Muller.
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    (lambda + z * lambda.sqrt()).round().max(0.0) as u64
}
