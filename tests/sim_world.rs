//! The simulated world is deterministic for a seed, frozen at speed 0, and serves its ground truth.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::sim::world::{Truth, World, WorldSpec};
use callboard::sim::{self, SimConfig, Vendor};
use std::collections::BTreeMap;
use std::time::Duration;

fn world(seed: u64, agents: usize) -> World {
    World::new(&WorldSpec {
        seed,
        agents,
        epoch: 1_795_000_000_000,
    })
}

#[test]
fn same_seed_gives_the_same_world_tick_by_tick() {
    let mut a = world(42, 200);
    let mut b = world(42, 200);
    assert_eq!(a.truth(), b.truth());
    for _ in 0..600 {
        a.tick();
        b.tick();
    }
    assert_eq!(a.truth(), b.truth());
    assert_eq!(a.truth().clock.ticks, 600);
}

#[test]
fn different_seeds_give_different_worlds() {
    assert_ne!(world(1, 60).truth().agents, world(2, 60).truth().agents);
}

#[test]
fn the_world_has_what_a_floor_has() {
    let w = world(7, 60);
    let t = w.truth();
    let aliyun = t
        .agents
        .iter()
        .filter(|a| a.vendor == Vendor::Aliyun)
        .count();
    assert_eq!(aliyun, 30);
    assert_eq!(t.agents.len(), 60);
    for vendor in [Vendor::Aliyun, Vendor::Huawei] {
        let groups = t.skill_groups.iter().filter(|g| g.vendor == vendor).count();
        assert!(
            (4..=8).contains(&groups),
            "{vendor:?} has {groups} skill groups"
        );
    }
    // English and Chinese names.
    assert!(t
        .agents
        .iter()
        .any(|a| a.display_name.chars().any(|c| c as u32 > 0x4e00)));
    assert!(t.agents.iter().any(|a| a.display_name.is_ascii()));
    // Skill levels, a stuck agent, calls in progress and in queue.
    assert!(t
        .agents
        .iter()
        .all(|a| a.skill_groups.iter().all(|s| (1..=10).contains(&s.level))));
    assert!(t.agents.iter().any(|a| a.stuck));
    assert!(t.agents.iter().any(|a| a.call_id.is_some()));
    let ids: std::collections::HashSet<_> = t.agents.iter().map(|a| (&a.vendor, &a.id)).collect();
    assert_eq!(ids.len(), 60, "agent ids are unique");
}

#[test]
fn an_hour_of_simulation_exercises_every_state_and_break_code() {
    let mut w = world(3, 400);
    let mut seen: BTreeMap<(Vendor, String), usize> = BTreeMap::new();
    let mut codes = std::collections::BTreeSet::new();
    for _ in 0..3600 {
        w.tick();
        if w.ticks % 30 == 0 {
            for a in w.truth().agents {
                *seen.entry((a.vendor, a.state.clone())).or_default() += 1;
                if let Some(c) = a.break_code {
                    codes.insert(c);
                }
            }
        }
    }
    for state in ["Ready", "Talking", "ACW", "Break", "Offline"] {
        assert!(
            seen.contains_key(&(Vendor::Aliyun, state.to_string())),
            "aliyun never {state}"
        );
    }
    for state in ["idle", "talking", "wrap-up", "rest", "signed-out"] {
        assert!(
            seen.contains_key(&(Vendor::Huawei, state.to_string())),
            "huawei never {state}"
        );
    }
    assert!(codes.contains("RingingTimeout"), "codes seen: {codes:?}");
    assert!(
        codes
            .iter()
            .any(|c| c == "lunch" || c == "break" || c == "meeting"),
        "codes seen: {codes:?}"
    );
}

#[test]
fn ten_thousand_agents_are_supported() {
    let mut w = world(9, 10_000);
    w.tick();
    assert_eq!(w.truth().agents.len(), 10_000);
}

async fn truth(client: &reqwest::Client, base: &str) -> Truth {
    client
        .get(format!("{base}_sim/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn speed_zero_changes_nothing_without_a_client() {
    let sim = sim::start(SimConfig {
        speed: 0.0,
        seed: 5,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let base = sim.aliyun_url();
    let client = reqwest::Client::new();
    let before = truth(&client, &base).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = truth(&client, &base).await;
    assert_eq!(before, after);
    sim.shutdown().await;
}

#[tokio::test]
async fn two_simulators_with_the_same_seed_serve_the_same_world() {
    let epoch = Some(1_795_000_000_000);
    let one = sim::start(SimConfig {
        speed: 0.0,
        seed: 11,
        epoch_ms: epoch,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let two = sim::start(SimConfig {
        speed: 0.0,
        seed: 11,
        epoch_ms: epoch,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    for sim in [&one, &two] {
        let r = client
            .post(format!("{}_sim/advance?seconds=120", sim.aliyun_url()))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    let a = truth(&client, &one.aliyun_url()).await;
    let b = truth(&client, &two.aliyun_url()).await;
    assert_eq!(a.clock.ticks, 120);
    assert_eq!(a, b);
    one.shutdown().await;
    two.shutdown().await;
}

#[tokio::test]
async fn faults_are_switchable_at_run_time() {
    let sim = sim::start(SimConfig {
        speed: 0.0,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let base = sim.aliyun_url();
    let client = reqwest::Client::new();
    let r = client
        .put(format!("{base}_sim/faults"))
        .body("5xx=1")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let v: serde_json::Value = client
        .get(format!("{base}_sim/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["spec"], "5xx=1");
    // Every vendor request now fails with the vendor's 5xx shape; /_sim itself is never faulted.
    let r = client.post(&base).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["Code"], "ServiceUnavailable");
    let r = client
        .get(format!("{}agentevent/1001", sim.huawei_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    // Drops close the connection without an answer.
    client
        .put(format!("{base}_sim/faults"))
        .body("drop=1")
        .send()
        .await
        .unwrap();
    assert!(client.post(&base).send().await.is_err());
    // Malformed bodies are cut short.
    client
        .put(format!("{base}_sim/faults"))
        .body(r#"{"spec":"malformed=1"}"#)
        .send()
        .await
        .unwrap();
    let text = client
        .post(&base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
    // Bad specs are refused with the fix.
    let r = client
        .put(format!("{base}_sim/faults"))
        .body("lag=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("known: latency"));
    client
        .put(format!("{base}_sim/faults"))
        .body("off")
        .send()
        .await
        .unwrap();
    assert_eq!(truth(&client, &base).await.agents.len(), 60);
    sim.shutdown().await;
}
