//! Shared harness of the backend tests: a frozen simulator, its config with a temporary audit
//! log, the ground truth, and the comparison of mapped agents with it.
#![allow(dead_code)]

use callboard::backend::{
    apply_event, ActionKind, ActionOutcome, ActionRequest, BackendEvent, Fleet, Refresh,
};
use callboard::config::Config;
use callboard::model::{Activity, Agent, Presence, RosterStore};
use callboard::sim::{self, HuaweiOptions, RunningSim, SimConfig};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

pub const ALI: &str = "aliyun-sim";
pub const HW: &str = "huawei-sim";

/// The store's agents by id (to compare two stores whatever order they were filled in).
pub fn sorted(s: &RosterStore) -> Vec<Agent> {
    let mut v: Vec<Agent> = s.agents().to_vec();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// Folds one refresh of `backend` into `store` as the dashboard does (a snapshot event at `at`).
pub fn fold_refresh(store: &mut RosterStore, backend: &str, r: Refresh, at: i64) {
    apply_event(
        store,
        BackendEvent::Snapshot {
            backend: std::sync::Arc::from(backend),
            agents: r.agents,
            kept: r.kept,
            queues: r.queues,
            at,
        },
    );
}

pub fn sim_config(agents: usize) -> SimConfig {
    SimConfig {
        seed: 11,
        agents,
        speed: 0.0,
        huawei: HuaweiOptions {
            poll_hold: Duration::from_millis(300),
            idle_timeout: Duration::from_secs(30),
            ..Default::default()
        },
        ..Default::default()
    }
}

pub struct Env {
    pub sim: RunningSim,
    pub config: Config,
    pub audit: PathBuf,
    dir: PathBuf,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A frozen simulator and a config for it (poll interval 0.5 s, audit log in a temp dir).
pub async fn env_with(cfg: SimConfig) -> Env {
    let running = sim::start(cfg.clone()).await.expect("sim starts");
    let truth = running.shared.lock().world.truth();
    let mut config = sim::write_config::sim_config(&cfg, running.addr, &truth);
    for b in &mut config.backends {
        b.poll_interval_secs = Some(0.5);
    }
    let dir = std::env::temp_dir().join(format!("callboard-backend-{}", uuid::Uuid::new_v4()));
    let audit = dir.join("audit.jsonl");
    config.audit_log = Some(audit.to_string_lossy().into_owned());
    Env {
        sim: running,
        config,
        audit,
        dir,
    }
}

pub async fn env(agents: usize) -> Env {
    env_with(sim_config(agents)).await
}

pub async fn fleet(env: &Env) -> Fleet {
    let (fleet, errors) = Fleet::connect(&env.config).await;
    assert!(errors.is_empty(), "{errors:?}");
    fleet
}

pub async fn truth(sim: &RunningSim) -> Value {
    reqwest::get(format!("http://{}/_sim/state", sim.addr))
        .await
        .expect("state")
        .json()
        .await
        .expect("json")
}

pub async fn agents_of(sim: &RunningSim, vendor: &str) -> Vec<Value> {
    truth(sim).await["agents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a["vendor"] == vendor)
        .collect()
}

pub async fn agent(sim: &RunningSim, vendor: &str, id: &str) -> Value {
    agents_of(sim, vendor)
        .await
        .into_iter()
        .find(|a| a["id"] == id)
        .unwrap_or(Value::Null)
}

/// The first agent of `vendor` matching `f`.
pub async fn pick(sim: &RunningSim, vendor: &str, f: impl Fn(&Value) -> bool) -> String {
    agents_of(sim, vendor)
        .await
        .into_iter()
        .find(|a| f(a))
        .and_then(|a| a["id"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no {vendor} agent matches"))
}

pub async fn sim_put(sim: &RunningSim, path: &str, body: &str) {
    let r = reqwest::Client::new()
        .put(format!("http://{}{path}", sim.addr))
        .body(body.to_string())
        .send()
        .await
        .expect("put");
    assert!(r.status().is_success(), "{path}: {}", r.status());
}

pub async fn advance(sim: &RunningSim, seconds: u64) {
    let r = reqwest::Client::new()
        .post(format!(
            "http://{}/_sim/advance?seconds={seconds}",
            sim.addr
        ))
        .send()
        .await
        .expect("advance");
    assert!(r.status().is_success());
}

pub async fn act(fleet: &Fleet, backend: &str, agent: &str, kind: ActionKind) -> ActionOutcome {
    fleet
        .act(ActionRequest {
            backend: backend.to_string(),
            agent: agent.to_string(),
            kind,
        })
        .await
}

pub fn audit_lines(env: &Env) -> Vec<Value> {
    std::fs::read_to_string(&env.audit)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("audit line is JSON"))
        .collect()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Why the mapped agent disagrees with the ground truth, if it does.
pub fn mismatch(t: &Value, a: &Agent) -> Option<String> {
    let vendor = s(&t["vendor"]);
    let state = s(&t["state"]);
    let talking_like = matches!(
        a.activity,
        Activity::Talking | Activity::Ringing | Activity::Dialing | Activity::Supervising
    );
    let ok = if vendor == "aliyun" {
        let code = t["break_code"].as_str().unwrap_or("");
        let presence_ok = match state {
            "Offline" => a.presence == Presence::Offline,
            "Break" => match code {
                "Warm-up" => a.presence == Presence::SigningIn,
                "RingingTimeout" | "RejectCall" => a.presence == Presence::NotReady,
                _ => {
                    a.presence == Presence::Break
                        && a.reason.as_ref().map(|r| r.code.as_str()) == Some(code)
                }
            },
            _ => a.presence == Presence::Ready,
        };
        let activity_ok = match state {
            "Talking" => matches!(a.activity, Activity::Talking | Activity::Supervising),
            "ACW" => a.activity == Activity::WrapUp,
            "Ringing" => a.activity == Activity::Ringing,
            "Dialing" => a.activity == Activity::Dialing,
            _ => a.activity == Activity::None,
        };
        let want: BTreeSet<String> = t["skill_groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|g| g["signed"] == true)
            .map(|g| s(&g["id"]).to_string())
            .collect();
        let got: BTreeSet<String> = a
            .skills
            .iter()
            .filter(|k| k.signed)
            .map(|k| k.id.clone())
            .collect();
        presence_ok && activity_ok && (state == "Offline" || want == got)
    } else {
        match state {
            "idle" => a.presence == Presence::Ready && a.activity == Activity::None,
            "busy" => a.presence == Presence::NotReady,
            // The rest cause comes from `agentrestinfo` (snapshots) or the SetRest event.
            "rest" => {
                let code = a
                    .reason
                    .as_ref()
                    .map(|r| r.code.clone())
                    .unwrap_or_default();
                a.presence == Presence::Break
                    && t["rest_cause"]
                        .as_u64()
                        .is_none_or(|c| code == format!("rest:{c}"))
            }
            "wrap-up" => a.activity == Activity::WrapUp,
            "signed-out" => a.presence == Presence::Offline,
            "talking" | "pre-rest" => talking_like,
            _ => false,
        }
    };
    (!ok).then(|| {
        format!(
            "{vendor} {}: truth {state} {:?} {:?} / ours {:?} {:?} {:?} skills {:?}",
            s(&t["id"]),
            t["break_code"],
            t["rest_cause"],
            a.presence,
            a.activity,
            a.reason.as_ref().map(|r| &r.code),
            a.skills
                .iter()
                .map(|k| (&k.id, k.signed))
                .collect::<Vec<_>>()
        )
    })
}

/// Every truth agent of `vendor` against `agents`: the list of disagreements (empty = equal).
pub async fn compare(sim: &RunningSim, vendor: &str, agents: &[Agent]) -> Vec<String> {
    let mut out = Vec::new();
    let truth = agents_of(sim, vendor).await;
    for t in &truth {
        match agents.iter().find(|a| a.id == s(&t["id"])) {
            Some(a) => out.extend(mismatch(t, a)),
            None => out.push(format!("{vendor} {} missing", s(&t["id"]))),
        }
    }
    if agents.len() != truth.len() {
        out.push(format!(
            "{} agents, truth has {}",
            agents.len(),
            truth.len()
        ));
    }
    out
}
