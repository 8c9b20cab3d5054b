//! The Huawei CC-Gateway client over real HTTP against the simulator: agent session actors (sign-in,
//! state requests, Guid-loss recovery, IVR transfer, pending busy), the inspector (monitoring,
//! reconciliation, qualitycontrol) and typed retcode errors.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::backend::huawei::{
    AgentLogin, EventKind, GatewayHttp, HttpOptions, HuaweiError, HuaweiSession, InspectorSession,
    InspectorUpdate, SessionOptions, SessionUpdate, SignOutCause, UpdateKind,
};
use callboard::model::{Activity, Presence, ReasonCategory};
use callboard::secret::Secret;
use callboard::sim::{self, HuaweiOptions, RunningSim, SimConfig};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{timeout, Instant};

const WAIT: Duration = Duration::from_secs(8);

async fn start(agents: usize, idle_timeout: Duration) -> RunningSim {
    sim::start(SimConfig {
        seed: 7,
        agents,
        speed: 0.0,
        huawei: HuaweiOptions {
            poll_hold: Duration::from_millis(300),
            idle_timeout,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .expect("simulator starts")
}

fn http(sim: &RunningSim) -> GatewayHttp {
    GatewayHttp::new(&HttpOptions::new(sim.huawei_url())).expect("client")
}

fn opts() -> SessionOptions {
    SessionOptions {
        max_backoff: Duration::from_millis(800),
        ..Default::default()
    }
}

/// The agent's login; the phone number is the simulator's device id (`4` + 5-digit work number).
async fn agent_login(sim: &RunningSim, workno: &str) -> AgentLogin {
    let phone = agent_truth(sim, workno).await["device_id"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("4{workno}"));
    AgentLogin::new(workno, Secret::new(sim::TEST_AGENT_PASSWORD), phone)
}

async fn truth(sim: &RunningSim) -> Value {
    let url = format!("http://{}/_sim/state", sim.addr);
    reqwest::get(url)
        .await
        .expect("state")
        .json()
        .await
        .expect("json")
}

async fn agent_truth(sim: &RunningSim, id: &str) -> Value {
    let st = truth(sim).await;
    st["agents"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|a| a["vendor"] == "huawei" && a["id"] == id)
                .cloned()
        })
        .unwrap_or(Value::Null)
}

async fn pick(sim: &RunningSim, n: usize, f: impl Fn(&Value) -> bool) -> Vec<String> {
    let st = truth(sim).await;
    let list: Vec<String> = st["agents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["vendor"] == "huawei" && a["stuck"] == false && f(a))
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .take(n)
        .collect();
    assert_eq!(list.len(), n, "not enough matching agents");
    list
}

fn state_is(a: &Value, s: &str) -> bool {
    a["state"] == s
}

async fn sim_post(sim: &RunningSim, path: &str) {
    let r = reqwest::Client::new()
        .post(format!("http://{}{path}", sim.addr))
        .send()
        .await
        .expect("post");
    assert!(r.status().is_success());
}

async fn faults(sim: &RunningSim, spec: &str) {
    let r = reqwest::Client::new()
        .put(format!("http://{}/_sim/faults", sim.addr))
        .body(spec.to_string())
        .send()
        .await
        .expect("faults");
    assert!(r.status().is_success());
}

/// Waits for an update matching `f`, skipping others.
async fn until<T: std::fmt::Debug>(
    rx: &mut mpsc::Receiver<T>,
    what: &str,
    f: impl Fn(&T) -> bool,
) -> T {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match timeout(left, rx.recv()).await {
            Ok(Some(u)) if f(&u) => return u,
            Ok(Some(u)) => seen.push(format!("{u:?}").chars().take(160).collect::<String>()),
            _ => panic!("no {what}; saw {seen:#?}"),
        }
    }
}

fn event_is(u: &SessionUpdate, kind: EventKind) -> bool {
    matches!(&u.kind, UpdateKind::Event(e) if e.kind == kind)
}

#[tokio::test]
async fn agent_session_signs_in_changes_state_and_signs_out() {
    let sim = start(100, Duration::from_secs(2)).await;
    let id = pick(&sim, 1, |a| {
        state_is(a, "idle") && a["controller"] == "world"
    })
    .await
    .remove(0);
    let (tx, mut rx) = mpsc::channel(64);
    let s =
        HuaweiSession::spawn(http(&sim), agent_login(&sim, &id).await, opts(), tx).expect("spawn");

    // Signed in at a desk already: a typed 100-002 with plain words, then force.
    let err = s.sign_in(false).await.expect_err("already signed in");
    assert!(err.is_already_signed_in(), "{err:?}");
    assert!(err.to_string().contains("use force sign-in"), "{err}");
    assert!(!err.to_string().contains(sim::TEST_AGENT_PASSWORD));
    let info = s.sign_in(true).await.expect("forcelogin");
    assert_eq!(info.workno, id);
    until(&mut rx, "InService", |u| event_is(u, EventKind::InService)).await;
    let u = until(&mut rx, "Ready", |u| event_is(u, EventKind::Ready)).await;
    assert_eq!(
        (u.state.presence, u.state.activity),
        (Presence::Ready, Activity::None)
    );
    assert_eq!(agent_truth(&sim, &id).await["controller"], "api");

    // The poll is the heartbeat: past the gateway's idle timeout the agent is still signed in.
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert!(agent_truth(&sim, &id).await["signed_in"]
        .as_bool()
        .unwrap_or(false));

    s.say_busy(Some(200)).await.expect("saybusy");
    let u = until(&mut rx, "SetNotReady", |u| {
        event_is(u, EventKind::SetNotReadySuccess)
    })
    .await;
    let reason = u.state.reason.clone().expect("reason");
    assert_eq!(
        (u.state.presence, reason.code.as_str()),
        (Presence::NotReady, "busy:200")
    );
    assert_eq!(reason.category, ReasonCategory::BusyOther);
    assert!(state_is(&agent_truth(&sim, &id).await, "busy"));
    s.cancel_busy().await.expect("cancelbusy");
    let u = until(&mut rx, "Ready again", |u| {
        matches!(&u.kind, UpdateKind::Event(_)) && u.state.presence == Presence::Ready
    })
    .await;
    assert!(u.state.reason.is_none());
    assert!(state_is(&agent_truth(&sim, &id).await, "idle"));

    // Rest with a cause of the VDN: label from the list, planned length from the request.
    let env = s
        .call(callboard::backend::huawei::http::Call::get(format!(
            "agentgroup/{id}/restreason"
        )))
        .await
        .expect("restreason");
    let causes = callboard::backend::huawei::wire::rest_causes(&env.result());
    let cause = causes.first().expect("a rest cause").clone();
    s.set_rest_causes(callboard::backend::huawei::RestCauses::new(causes));
    s.rest(600, u8::try_from(cause.id).expect("cause fits"))
        .await
        .expect("rest");
    let u = until(&mut rx, "SetRest", |u| {
        event_is(u, EventKind::SetRestSuccess)
    })
    .await;
    let reason = u.state.reason.clone().expect("rest reason");
    assert_eq!(u.state.presence, Presence::Break);
    assert_eq!(
        (reason.label.as_str(), reason.planned_secs),
        (cause.label.as_str(), Some(600))
    );
    let t = agent_truth(&sim, &id).await;
    assert!(state_is(&t, "rest"), "{t}");
    assert_eq!(t["rest_cause"].as_u64(), Some(u64::from(cause.id)));
    s.cancel_rest().await.expect("cancelrest");
    until(&mut rx, "CancelRest", |u| {
        event_is(u, EventKind::CancelRestSuccess)
    })
    .await;
    assert!(state_is(&agent_truth(&sim, &id).await, "idle"));

    s.sign_out(false).await.expect("sign out");
    let u = until(&mut rx, "SignedOut", |u| {
        matches!(u.kind, UpdateKind::SignedOut { .. })
    })
    .await;
    assert_eq!(u.state.presence, Presence::Offline);
    assert!(!s.is_signed_in());
    assert!(state_is(&agent_truth(&sim, &id).await, "signed-out"));
    // Operations after sign-out are refused locally.
    assert!(matches!(
        s.say_free().await,
        Err(HuaweiError::NotSignedIn(_))
    ));
    s.shutdown().await;
}

#[tokio::test]
async fn a_lost_guid_is_healed_by_signing_in_again() {
    let sim = start(100, Duration::from_secs(30)).await;
    let id = pick(&sim, 1, |a| state_is(a, "signed-out")).await.remove(0);
    let (tx, mut rx) = mpsc::channel(64);
    let s =
        HuaweiSession::spawn(http(&sim), agent_login(&sim, &id).await, opts(), tx).expect("spawn");
    s.sign_in(false).await.expect("sign in");
    until(&mut rx, "Ready", |u| event_is(u, EventKind::Ready)).await;

    faults(&sim, "guid-expiry=1").await;
    let u = until(&mut rx, "ReSignedIn", |u| {
        matches!(u.kind, UpdateKind::ReSignedIn { .. })
    })
    .await;
    match &u.kind {
        UpdateKind::ReSignedIn { cause, .. } => assert!(cause.is_session_lost(), "{cause:?}"),
        other => panic!("{other:?}"),
    }
    faults(&sim, "off").await;
    // Once the fault is off the session settles: an operation works and its event arrives.
    let deadline = Instant::now() + WAIT;
    loop {
        match s.say_busy(None).await {
            Ok(()) => break,
            Err(e) => {
                assert!(Instant::now() < deadline, "session never recovered: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    until(&mut rx, "SetNotReady", |u| {
        event_is(u, EventKind::SetNotReadySuccess)
    })
    .await;
    assert!(s.is_signed_in());
    assert!(state_is(&agent_truth(&sim, &id).await, "busy"));
    s.sign_out(true).await.expect("force sign out");
    s.shutdown().await;
}

#[tokio::test]
async fn ivr_transfer_and_pending_busy_on_a_talking_agent() {
    let sim = start(100, Duration::from_secs(30)).await;
    let id = pick(&sim, 1, |a| state_is(a, "talking") && a["ringing"] == false)
        .await
        .remove(0);
    let call_id = agent_truth(&sim, &id).await["call_id"]
        .as_str()
        .map(str::to_string);
    let (tx, mut rx) = mpsc::channel(64);
    let s =
        HuaweiSession::spawn(http(&sim), agent_login(&sim, &id).await, opts(), tx).expect("spawn");
    s.sign_in(true).await.expect("forcelogin");
    let u = until(&mut rx, "Talking", |u| event_is(u, EventKind::Talking)).await;
    assert_eq!(
        (u.state.presence, u.state.activity),
        (Presence::Ready, Activity::Talking)
    );
    assert_eq!(u.state.call_id, call_id);
    let info = s.call_info().await.expect("callinfo").expect("a call");
    assert_eq!(Some(info.call_id), call_id);

    let flows = s.ivr_info().await.expect("ivrinfo");
    let access = flows.first().expect("an IVR flow").access.clone();
    let err = s
        .transfer_to_ivr("9999", None)
        .await
        .expect_err("unknown flow");
    assert_eq!(err.code(), Some("000-002"));
    assert!(err.to_string().contains("parameter is invalid"), "{err}");
    s.transfer_to_ivr(&access, Some("acct=42"))
        .await
        .expect("transfer");
    let u = until(&mut rx, "in IVR", |u| u.state.flags.in_ivr).await;
    assert_eq!(u.kind, UpdateKind::Requested);
    assert!(agent_truth(&sim, &id).await["in_ivr"]
        .as_bool()
        .unwrap_or(false));
    let err = s
        .transfer_to_ivr(&access, None)
        .await
        .expect_err("no call left");
    assert_eq!(err.code(), Some("200-012"));
    assert!(
        err.to_string()
            .starts_with("gateway error 200-012: the agent has no call to transfer"),
        "{err}"
    );

    sim_post(&sim, "/_sim/advance?seconds=35").await;
    let u = until(&mut rx, "ReturnFromIvr", |u| {
        event_is(u, EventKind::ReturnFromIvr)
    })
    .await;
    assert!(!u.state.flags.in_ivr);
    assert_eq!(
        (u.state.activity, u.state.call_id.clone()),
        (Activity::Talking, call_id)
    );
    assert!(!agent_truth(&sim, &id).await["in_ivr"]
        .as_bool()
        .unwrap_or(true));

    // Busy while talking is pending until the call ends and the state event arrives.
    s.say_busy(Some(201)).await.expect("saybusy while talking");
    let u = until(&mut rx, "pending", |u| u.state.flags.pending_next).await;
    assert_eq!(u.state.presence, Presence::Ready);
    assert_eq!(agent_truth(&sim, &id).await["pending"], "busy:201");
    let mut done = false;
    for _ in 0..20 {
        sim_post(&sim, "/_sim/advance?seconds=60").await;
        let got = timeout(Duration::from_millis(1500), async {
            until(&mut rx, "SetNotReady", |u| {
                event_is(u, EventKind::SetNotReadySuccess)
            })
            .await
        })
        .await;
        if let Ok(u) = got {
            assert_eq!(u.state.presence, Presence::NotReady);
            assert!(!u.state.flags.pending_next);
            done = true;
            break;
        }
    }
    assert!(done, "the pending busy never applied");
    s.sign_out(true).await.expect("sign out");
    s.shutdown().await;
}

#[tokio::test]
async fn inspector_monitors_reconciles_and_forces() {
    let sim = start(1010, Duration::from_secs(30)).await;
    let (tx, mut rx) = mpsc::channel(256);
    let login = AgentLogin::new("900", Secret::new(sim::TEST_INSPECTOR_PASSWORD), "4900");
    let insp = InspectorSession::spawn(http(&sim), login, opts(), tx).expect("spawn");
    insp.sign_in().await.expect("loginex");
    // Signing in again over itself goes through the forced variant.
    insp.sign_in().await.expect("loginex again");

    let causes = insp
        .rest_reasons(&BTreeMap::new())
        .await
        .expect("restreason");
    assert!(!causes.is_empty());
    assert!(!insp.vdn_skills().await.expect("vdn skills").is_empty());
    assert!(!insp.ivr_info().await.expect("ivr").is_empty());

    // Reconciliation agrees with the ground truth, agent by agent.
    let states = insp.reconcile().await.expect("reconcile");
    let st = truth(&sim).await;
    let huawei: Vec<&Value> = st["agents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["vendor"] == "huawei")
        .collect();
    assert_eq!(states.len(), huawei.len());
    assert!(huawei.len() > 500);
    for a in &huawei {
        let id = a["id"].as_str().unwrap_or_default();
        let d = states.iter().find(|s| s.workno == id).expect("derived");
        let want = match a["state"].as_str().unwrap_or("") {
            "idle" => (Presence::Ready, Some(Activity::None)),
            "busy" => (Presence::NotReady, Some(Activity::None)),
            "rest" => (Presence::Break, Some(Activity::None)),
            "wrap-up" => (Presence::Ready, Some(Activity::WrapUp)),
            "signed-out" => (Presence::Offline, Some(Activity::None)),
            "talking" | "pre-rest" => (d.presence, None),
            other => panic!("unexpected truth state {other}"),
        };
        assert_eq!(d.presence, want.0, "{a}");
        if let Some(cause) = a["rest_cause"].as_u64() {
            // The rest cause and its start come from `agentrestinfo`.
            let reason = d.reason.as_ref().expect("a resting agent has a reason");
            assert_eq!(reason.code, format!("rest:{cause}"), "{a}");
            assert_eq!(d.since, a["since_ms"].as_i64(), "{a}");
        }
        if let Some(act) = want.1 {
            assert_eq!(d.activity, act, "{a}");
        } else {
            assert!(
                matches!(
                    d.activity,
                    Activity::Talking | Activity::Ringing | Activity::Dialing
                ),
                "{a}"
            );
        }
    }

    // beginmonitor in batches of ≤500.
    let roster: Vec<String> = huawei
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(insp.monitor(&roster).await.expect("monitor"), 2);

    let id = pick(&sim, 1, |a| {
        state_is(a, "idle") && a["controller"] == "world"
    })
    .await
    .remove(0);
    let is_agent = |id: &str, p: Presence| {
        let id = id.to_string();
        move |u: &InspectorUpdate| matches!(u, InspectorUpdate::Agent { workno, state, .. } if *workno == id && state.presence == p)
    };
    insp.force_busy(&id).await.expect("forcebusy");
    until(&mut rx, "busy", is_agent(&id, Presence::NotReady)).await;
    assert!(state_is(&agent_truth(&sim, &id).await, "busy"));
    insp.force_idle(&id).await.expect("forceidle");
    until(&mut rx, "idle", is_agent(&id, Presence::Ready)).await;
    assert!(state_is(&agent_truth(&sim, &id).await, "idle"));
    let cause = causes.get(1).map(|c| c.id).unwrap_or(1);
    insp.force_rest(&id, 300, u8::try_from(cause).unwrap_or(1))
        .await
        .expect("forcerest");
    until(&mut rx, "rest", is_agent(&id, Presence::Break)).await;
    let t = agent_truth(&sim, &id).await;
    assert!(state_is(&t, "rest"), "{t}");
    insp.force_logout(&id).await.expect("forcelogout");
    until(&mut rx, "logout", is_agent(&id, Presence::Offline)).await;
    assert!(state_is(&agent_truth(&sim, &id).await, "signed-out"));
    assert_eq!(
        insp.agent_state(&id).map(|s| s.presence),
        Some(Presence::Offline)
    );

    // A refused action is a typed error with plain words.
    let err = insp.force_idle(&id).await.expect_err("signed out agent");
    assert!(matches!(err, HuaweiError::Retcode { .. }), "{err:?}");
    assert!(!err.to_string().contains("documents nowhere"), "{err}");
    let err = insp.force_busy("900").await.expect_err("self");
    assert_eq!(err.code(), Some("000-005"));
    let snap = insp
        .agent_by_workno(&id)
        .await
        .expect("agentbyworkno")
        .expect("found");
    assert_eq!(snap.status, Some(2));

    insp.sign_out().await.expect("inspector sign out");
    let _ = until(&mut rx, "inspector signed out", |u| {
        matches!(u, InspectorUpdate::Session(s) if s.kind == UpdateKind::SignedOut { cause: SignOutCause::Requested })
    })
    .await;
    insp.shutdown().await;
}
