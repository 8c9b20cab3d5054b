//! The Alibaba Cloud CCC client over real HTTP against the simulator: every API answers and
//! matches the ground truth at `/_sim/state`, V3 and V2 signing, typed errors, retries with
//! backoff on throttling / 5xx / dropped connections, malformed bodies and timeouts.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::backend::aliyun::map::{agent_from_context, agent_from_realtime};
use callboard::backend::aliyun::{
    AgentStateFilter, AliyunClient, AliyunError, ClientOptions, Directory, MapContext, RetryPolicy,
    SignatureVersion,
};
use callboard::model::{Activity, Presence, ReasonCategory};
use callboard::secret::Secret;
use callboard::sim::{start, RunningSim, SimConfig, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

const INSTANCE: &str = "ccc-sim";

async fn sim_with(agents: usize) -> RunningSim {
    start(SimConfig {
        speed: 0.0,
        agents,
        ..Default::default()
    })
    .await
    .expect("sim starts")
}

async fn sim() -> RunningSim {
    sim_with(60).await
}

fn client_with(sim: &RunningSim, options: ClientOptions) -> AliyunClient {
    AliyunClient::new(
        &sim.aliyun_url(),
        INSTANCE,
        TEST_ACCESS_KEY_ID,
        Secret::new(TEST_ACCESS_KEY_SECRET),
        options,
    )
    .expect("client")
}

fn client(sim: &RunningSim) -> AliyunClient {
    client_with(sim, ClientOptions::default())
}

fn fast_retries(attempts: u32) -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_attempts: attempts,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(5),
        },
        ..ClientOptions::default()
    }
}

/// The Alibaba agents of the ground truth, by id.
async fn ground_truth(sim: &RunningSim) -> (Value, BTreeMap<String, Value>) {
    let v: Value = reqwest::get(format!("{}_sim/state", sim.aliyun_url()))
        .await
        .expect("truth")
        .json()
        .await
        .expect("truth json");
    let agents = v["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .filter(|a| {
            a["vendor"]
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("aliyun"))
        })
        .map(|a| (a["id"].as_str().unwrap_or_default().to_string(), a.clone()))
        .collect();
    (v, agents)
}

async fn set_faults(sim: &RunningSim, spec: &str) {
    let resp = reqwest::Client::new()
        .put(format!("{}_sim/faults", sim.aliyun_url()))
        .body(spec.to_string())
        .send()
        .await
        .expect("faults set");
    assert!(
        resp.status().is_success(),
        "faults `{spec}`: {}",
        resp.status()
    );
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn signed_groups(t: &Value) -> BTreeSet<String> {
    t["skill_groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["signed"].as_bool() == Some(true))
        .map(|g| s(&g["id"]).to_string())
        .collect()
}

#[tokio::test]
async fn realtime_states_match_the_ground_truth_and_map() {
    let sim = sim().await;
    let c = client(&sim);
    let (_, truth) = ground_truth(&sim).await;
    let states = c.list_all_realtime_agent_states().await.expect("list");
    assert_eq!(states.len(), truth.len());
    let planned = BTreeMap::new();
    let users = c.list_all_users().await.expect("users");
    let groups = c.list_all_skill_groups().await.expect("groups");
    let dir = Directory::new(&users, &groups);
    let ctx = MapContext {
        backend: Arc::from("ali"),
        now_ms: 0,
        planned: &planned,
        directory: &dir,
    };
    for st in &states {
        let t = &truth[&st.agent_id];
        assert_eq!(st.state, s(&t["state"]), "{}", st.agent_id);
        assert_eq!(st.extension, s(&t["extension"]), "{}", st.agent_id);
        assert_eq!(st.instance_id, INSTANCE);
        assert_eq!(
            st.state_time,
            t["since_ms"].as_i64().unwrap(),
            "{}",
            st.agent_id
        );
        assert_eq!(
            st.break_code,
            t["break_code"].as_str().unwrap_or(""),
            "{}",
            st.agent_id
        );
        let listed: BTreeSet<String> = st.skill_group_id_list.iter().cloned().collect();
        assert_eq!(listed, signed_groups(t), "{}", st.agent_id);
        let a = agent_from_realtime(st, &ctx);
        assert_eq!(a.since, Some(st.state_time));
        let expected = match (st.state.as_str(), st.break_code.as_str()) {
            ("Offline", _) => Presence::Offline,
            ("Break", "Warm-up") => Presence::SigningIn,
            ("Break", "RingingTimeout" | "RejectCall") => Presence::NotReady,
            ("Break", _) => Presence::Break,
            _ => Presence::Ready,
        };
        assert_eq!(a.presence, expected, "{} {:?}", st.agent_id, st);
        assert!(
            a.skills.iter().all(|k| k.level.is_some()),
            "levels joined: {:?}",
            a.skills
        );
    }
    // filters: only `Ready` agents, and two named agents (form-body parameters)
    let ready = c
        .list_realtime_agent_states(
            1,
            100,
            &AgentStateFilter {
                states: vec!["Ready".into()],
                ..Default::default()
            },
        )
        .await
        .expect("filtered");
    let want = truth.values().filter(|t| t["state"] == "Ready").count();
    assert_eq!(ready.total_count as usize, want);
    assert!(ready.list.iter().all(|a| a.state == "Ready"));
    let two: Vec<String> = truth.keys().take(2).cloned().collect();
    let page = c
        .list_realtime_agent_states(
            1,
            100,
            &AgentStateFilter {
                agent_ids: two.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("by id");
    let got: BTreeSet<String> = page.list.into_iter().map(|a| a.agent_id).collect();
    assert_eq!(got, two.into_iter().collect());
}

#[tokio::test]
async fn ten_thousand_agents_page_concurrently() {
    let sim = sim_with(20_000).await;
    let c = client(&sim);
    let (_, truth) = ground_truth(&sim).await;
    assert!(
        truth.len() >= 9_000,
        "the sim has {} Alibaba agents",
        truth.len()
    );
    let started = Instant::now();
    let states = c.list_all_realtime_agent_states().await.expect("list");
    let took = started.elapsed();
    eprintln!(
        "full roster refresh: {} agents in {:.1} ms",
        states.len(),
        took.as_secs_f64() * 1000.0
    );
    let ids: BTreeSet<&str> = states.iter().map(|a| a.agent_id.as_str()).collect();
    assert_eq!(ids.len(), states.len(), "no duplicates");
    assert_eq!(states.len(), truth.len().min(10_000));
    for st in &states {
        assert_eq!(st.state, s(&truth[&st.agent_id]["state"]));
    }
}

#[tokio::test]
async fn counters_match_the_ground_truth() {
    let sim = sim().await;
    let c = client(&sim);
    let (whole, truth) = ground_truth(&sim).await;
    let inst = c.get_realtime_instance_states().await.expect("instance");
    let count = |st: &str| truth.values().filter(|t| t["state"] == st).count() as i64;
    assert_eq!(inst.total_agents, truth.len() as i64);
    assert_eq!(inst.ready_agents, count("Ready"));
    assert_eq!(inst.talking_agents, count("Talking"));
    assert_eq!(inst.working_agents, count("ACW"));
    assert_eq!(inst.breaking_agents, count("Break"));
    assert_eq!(inst.logged_in_agents, truth.len() as i64 - count("Offline"));
    let breaks: i64 = inst.break_code_detail_list.iter().map(|b| b.count).sum();
    assert_eq!(breaks, count("Break"));

    let truth_groups: HashMap<String, Value> = whole["skill_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| s(&g["vendor"]).eq_ignore_ascii_case("aliyun"))
        .map(|g| (s(&g["id"]).to_string(), g.clone()))
        .collect();
    let groups = c
        .list_all_realtime_skill_group_states()
        .await
        .expect("groups");
    assert_eq!(groups.len(), truth_groups.len());
    for g in &groups {
        let t = &truth_groups[&g.skill_group_id];
        assert_eq!(g.skill_group_name, s(&t["name"]));
        assert_eq!(g.waiting_calls, t["waiting_calls"].as_i64().unwrap());
    }
    let one = vec![groups[0].skill_group_id.clone()];
    let page = c
        .list_realtime_skill_group_states(1, 100, &one)
        .await
        .expect("one group");
    assert_eq!(page.list.len(), 1);
    assert_eq!(page.list[0].skill_group_id, one[0]);
    let listed = c.list_all_skill_groups().await.expect("skill groups");
    assert_eq!(listed.len(), truth_groups.len());
}

#[tokio::test]
async fn directory_apis_and_exact_ram_ids() {
    let sim = sim().await;
    let c = client(&sim);
    let (_, truth) = ground_truth(&sim).await;
    let users = c.list_all_users().await.expect("users");
    assert_eq!(users.len(), truth.len());
    let raw: Value = c
        .call(
            "ListUsers",
            "2020-07-01",
            &[
                ("InstanceId", INSTANCE.to_string()),
                ("PageNumber", "1".into()),
                ("PageSize", "100".into()),
            ],
            &[],
        )
        .await
        .expect("raw");
    let raw_list = raw["Data"]["List"].as_array().unwrap();
    for (u, r) in users.iter().zip(raw_list) {
        assert_eq!(
            Some(u.ram_id),
            r["RamId"].as_u64(),
            "RamId exact for {}",
            u.user_id
        );
        assert!(u.ram_id > 1 << 53, "RamId {} above 2^53", u.ram_id);
        let t = &truth[&u.user_id];
        assert_eq!(u.display_name, s(&t["display_name"]));
        assert_eq!(u.login_name, s(&t["login_name"]));
        assert_eq!(
            u.skill_level_list.len(),
            t["skill_groups"].as_array().unwrap().len()
        );
    }
    let (id, t) = truth.iter().next().unwrap();
    let devices = c.list_devices(Some(id)).await.expect("devices");
    assert!(
        devices.iter().any(|d| d.device_id == s(&t["device_id"])),
        "{devices:?}"
    );
    let flows = c.list_contact_flows(1, 100).await.expect("flows");
    assert!(!flows.list.is_empty());
    let route = c
        .get_route_point(&flows.list[0].contact_flow_id)
        .await
        .expect("route point");
    assert!(route.success && !route.route_point.is_empty(), "{route:?}");
}

async fn action_round_trip(sig: SignatureVersion) {
    let sim = sim().await;
    let c = client_with(
        &sim,
        ClientOptions {
            signature: sig,
            ..ClientOptions::default()
        },
    );
    let planned = BTreeMap::from([("lunchtime".to_string(), 1800)]);
    let dir = Directory::default();
    let ctx = MapContext {
        backend: Arc::from("ali"),
        now_ms: 0,
        planned: &planned,
        directory: &dir,
    };
    let (_, truth) = ground_truth(&sim).await;
    let (id, t) = truth
        .iter()
        .find(|(_, t)| t["state"] == "Offline")
        .expect("an offline agent");
    let groups: Vec<String> = t["skill_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| s(&g["id"]).to_string())
        .collect();
    let uc = c
        .sign_in_group(id, s(&t["device_id"]), &groups)
        .await
        .expect("sign in");
    let a = agent_from_context(&uc, None, &ctx);
    assert_ne!(a.presence, Presence::Offline, "{uc:?}");
    let (_, after) = ground_truth(&sim).await;
    assert_eq!(after[id]["signed_in"], true);
    assert_eq!(signed_groups(&after[id]).len(), groups.len());

    let uc = c.ready_for_service(id, false, None).await.expect("ready");
    assert_eq!(uc.user_state, "READY");
    let uc = c.take_break(id, "lunchtime", None).await.expect("break");
    assert_eq!(uc.user_state, "BREAK");
    let a = agent_from_context(&uc, None, &ctx);
    let reason = a.reason.expect("reason");
    assert_eq!(
        (reason.category, reason.planned_secs),
        (ReasonCategory::Meal, Some(1800))
    );
    let (_, after) = ground_truth(&sim).await;
    assert_eq!(after[id]["break_code"], "lunchtime");
    let polled = c.poll_user_status(id).await.expect("poll");
    assert_eq!(polled.user_context.user_state, "BREAK");
    assert_eq!(polled.user_context.break_code, "lunchtime");
    let uc = c.reset_agent_state(id, None).await.expect("reset");
    assert!(!uc.user_state.is_empty());
    let uc = c.sign_out_group(id, None).await.expect("sign out");
    assert_eq!(uc.user_state, "OFFLINE");
    let (_, after) = ground_truth(&sim).await;
    assert_eq!(after[id]["state"], "Offline");

    // IVR authentication on an agent's live call: JobId from PollUserStatus
    let (id, t) = truth
        .iter()
        .find(|(_, t)| t["state"] == "Talking" && !t["call_id"].is_null())
        .expect("an agent on a call");
    let polled = c.poll_user_status(id).await.expect("poll");
    assert_eq!(polled.user_context.job_id, s(&t["call_id"]));
    let a = agent_from_context(&polled.user_context, polled.call_context.as_ref(), &ctx);
    assert!(matches!(
        a.activity,
        Activity::Talking | Activity::Supervising
    ));
    assert_eq!(a.call_id.as_deref(), Some(s(&t["call_id"])));
    let flows = c.list_contact_flows(1, 10).await.expect("flows");
    let auth = c
        .launch_authentication(
            id,
            s(&t["call_id"]),
            &flows.list[0].contact_flow_id,
            None,
            None,
        )
        .await
        .expect("launch authentication");
    assert_eq!(auth.user_context.user_id, *id);
    let (_, after) = ground_truth(&sim).await;
    assert_eq!(after[id]["in_ivr"], true);

    let reset = c.reset_user_status(&[]).await.expect("reset user status");
    assert!(reset.success);
}

#[tokio::test]
async fn actions_round_trip_v3() {
    action_round_trip(SignatureVersion::V3).await;
}

#[tokio::test]
async fn actions_round_trip_v2() {
    action_round_trip(SignatureVersion::V2).await;
}

#[tokio::test]
async fn reset_user_status_by_ram_id() {
    let sim = sim().await;
    let c = client(&sim);
    let users = c.list_users(1, 100).await.expect("users").list;
    let r = c
        .reset_user_status(&[users[0].ram_id, users[1].ram_id])
        .await
        .expect("reset by RamId");
    assert!(r.success);
}

#[tokio::test]
async fn api_errors_are_typed() {
    let sim = sim().await;
    let c = client(&sim);
    let e = c
        .take_break("nobody@ccc-sim", "lunch", None)
        .await
        .expect_err("unknown agent");
    match &e {
        AliyunError::Api {
            status,
            code,
            request_id,
            action,
            ..
        } => {
            assert_eq!((*status, code.as_str()), (404, "NotExists.UserId"));
            assert!(!request_id.is_empty());
            assert_eq!(action, "TakeBreak");
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert!(!e.is_retryable());
    assert!(e.to_string().contains("NotExists.UserId"));

    for sig in [SignatureVersion::V3, SignatureVersion::V2] {
        let wrong = AliyunClient::new(
            &sim.aliyun_url(),
            INSTANCE,
            TEST_ACCESS_KEY_ID,
            Secret::new("canary-wrong-secret"),
            ClientOptions {
                signature: sig,
                ..ClientOptions::default()
            },
        )
        .unwrap();
        let e = wrong
            .get_realtime_instance_states()
            .await
            .expect_err("bad secret");
        assert_eq!(e.code(), Some("SignatureDoesNotMatch"), "{sig:?}: {e}");
        assert!(!format!("{e} {e:?}").contains("canary-wrong-secret"));
    }
}

#[tokio::test]
async fn throttling_is_retried_for_reads_and_surfaces_when_it_persists() {
    let sim = sim().await;
    let c = client(&sim);
    set_faults(&sim, "throttle=1").await;
    let reader = c.clone();
    let read = tokio::spawn(async move { reader.get_realtime_instance_states().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    set_faults(&sim, "off").await;
    read.await
        .unwrap()
        .expect("read succeeds after the throttling ends");

    set_faults(&sim, "throttle=1").await;
    let e = c
        .get_realtime_instance_states()
        .await
        .expect_err("throttled");
    match &e {
        AliyunError::Throttled {
            retry_after, code, ..
        } => {
            assert_eq!(*retry_after, Some(Duration::from_millis(1000)));
            assert!(code.starts_with("Throttling"));
        }
        other => panic!("expected Throttled, got {other:?}"),
    }
    // an action is not repeated: it fails without waiting for x-acs-retry-after
    let (_, truth) = ground_truth(&sim).await;
    let id = truth.keys().next().unwrap();
    let started = Instant::now();
    let e = c.reset_agent_state(id, None).await.expect_err("throttled");
    assert!(matches!(e, AliyunError::Throttled { .. }), "{e:?}");
    assert!(started.elapsed() < Duration::from_millis(900));
    set_faults(&sim, "off").await;
}

#[tokio::test]
async fn server_errors_and_dropped_connections_are_retried_for_reads() {
    let sim = sim().await;
    let c = client_with(&sim, fast_retries(10));
    set_faults(&sim, "5xx=0.5").await;
    for _ in 0..10 {
        c.get_realtime_instance_states()
            .await
            .expect("read after retries");
    }
    set_faults(&sim, "drop=0.5").await;
    for _ in 0..10 {
        c.list_users(1, 10).await.expect("read after retries");
    }
    // an action whose connection broke may have run: it is reported, not repeated
    set_faults(&sim, "off").await;
    let (_, truth) = ground_truth(&sim).await;
    let id = truth.keys().next().unwrap().clone();
    set_faults(&sim, "drop=1").await;
    let e = c.reset_agent_state(&id, None).await.expect_err("dropped");
    assert!(matches!(e, AliyunError::Disconnected { .. }), "{e:?}");
    assert!(!e.never_reached_server());
    set_faults(&sim, "5xx=1").await;
    let e = c.list_users(1, 10).await.expect_err("persistent 5xx");
    assert!(e.is_retryable());
    assert!(e.status().is_some_and(|s| s >= 500), "{e:?}");
    set_faults(&sim, "off").await;
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors() {
    let sim = sim().await;
    let c = client_with(&sim, fast_retries(3));
    set_faults(&sim, "malformed=1").await;
    let e = c
        .list_all_realtime_agent_states()
        .await
        .expect_err("malformed");
    assert!(
        matches!(&e, AliyunError::Decode { action, .. } if action == "ListRealtimeAgentStates"),
        "{e:?}"
    );
    let (_, truth) = ground_truth(&sim).await;
    let e = c
        .take_break(truth.keys().next().unwrap(), "lunch", None)
        .await
        .expect_err("malformed action answer");
    assert!(matches!(e, AliyunError::Decode { .. }), "{e:?}");
    set_faults(&sim, "off").await;
}

#[tokio::test]
async fn timeouts_and_unreachable_endpoints() {
    let sim = sim().await;
    let c = client_with(
        &sim,
        ClientOptions {
            timeout: Duration::from_millis(200),
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        },
    );
    set_faults(&sim, "latency=1@1s").await;
    let e = c.get_realtime_instance_states().await.expect_err("slow");
    assert!(matches!(e, AliyunError::Timeout { .. }), "{e:?}");
    set_faults(&sim, "off").await;

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let c = AliyunClient::new(
        &format!("http://127.0.0.1:{port}/"),
        INSTANCE,
        TEST_ACCESS_KEY_ID,
        Secret::new(TEST_ACCESS_KEY_SECRET),
        fast_retries(2),
    )
    .unwrap();
    let e = c
        .reset_agent_state("a@ccc-sim", None)
        .await
        .expect_err("refused");
    assert!(matches!(e, AliyunError::Connect { .. }), "{e:?}");
    assert!(e.never_reached_server() && e.is_retryable());
}
