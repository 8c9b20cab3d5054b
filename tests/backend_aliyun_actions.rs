//! Every Alibaba Cloud action through `Fleet::act` changes `/_sim/state` as CCC would, refusals
//! say why in plain words, and each action leaves exactly one audit line without secrets.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{ActionKind, Backend};
use callboard::sim::TEST_ACCESS_KEY_SECRET;

fn state(v: &serde_json::Value) -> (&str, &str) {
    (
        v["state"].as_str().unwrap_or(""),
        v["break_code"].as_str().unwrap_or(""),
    )
}

#[tokio::test]
async fn aliyun_actions_change_the_ground_truth() {
    let env = env(200).await;
    let fleet = fleet(&env).await;
    let sim = &env.sim;
    let mut acts = 0;

    // sign-in (own device and groups) → Warm-up; ready; break; reset.
    let id = pick(sim, "aliyun", |a| a["state"] == "Offline").await;
    let o = act(
        &fleet,
        ALI,
        &id,
        ActionKind::SignIn {
            device: None,
            skill_groups: vec![],
        },
    )
    .await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    assert!(o.summary.contains("signed agent"), "{}", o.summary);
    assert_eq!(
        state(&agent(sim, "aliyun", &id).await),
        ("Break", "Warm-up")
    );

    let o = act(&fleet, ALI, &id, ActionKind::Ready).await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    assert_eq!(state(&agent(sim, "aliyun", &id).await).0, "Ready");

    let o = act(
        &fleet,
        ALI,
        &id,
        ActionKind::Break {
            code: "lunch".into(),
            secs: None,
        },
    )
    .await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    assert_eq!(state(&agent(sim, "aliyun", &id).await), ("Break", "lunch"));

    let o = act(&fleet, ALI, &id, ActionKind::SignOut).await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    assert_eq!(state(&agent(sim, "aliyun", &id).await).0, "Offline");

    // Sign-in with a named skill group (by name, case-insensitive) on an explicit device.
    let t = agent(sim, "aliyun", &id).await;
    let device = t["device_id"].as_str().unwrap_or_default().to_string();
    let group = t["skill_groups"][0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    let group_id = t["skill_groups"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let o = act(
        &fleet,
        ALI,
        &id,
        ActionKind::SignIn {
            device: Some(device),
            skill_groups: vec![group],
        },
    )
    .await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    let t = agent(sim, "aliyun", &id).await;
    let signed: Vec<&str> = t["skill_groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["signed"] == true)
        .filter_map(|g| g["id"].as_str())
        .collect();
    assert_eq!(signed, vec![group_id.as_str()]);

    let o = act(&fleet, ALI, &id, ActionKind::Reset { idle: false }).await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    assert_eq!(state(&agent(sim, "aliyun", &id).await).0, "Offline");

    // ivr-auth on a talking agent: by flow name, route point in the summary.
    let talking = pick(sim, "aliyun", |a| {
        a["state"] == "Talking" && a["in_ivr"] == false
    })
    .await;
    let Some(Backend::Aliyun(b)) = fleet.backend(ALI) else {
        panic!("aliyun backend")
    };
    let flows = b.client().list_contact_flows(1, 100).await.expect("flows");
    let flow = flows.list.first().expect("a flow").clone();
    let o = act(
        &fleet,
        ALI,
        &talking,
        ActionKind::IvrAuth {
            flow: flow.name.to_lowercase(),
        },
    )
    .await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    assert!(o.summary.contains("route point"), "{}", o.summary);
    assert_eq!(agent(sim, "aliyun", &talking).await["in_ivr"], true);

    // reset-all: abnormal (stuck) agents end up offline.
    let stuck: Vec<String> = agents_of(sim, "aliyun")
        .await
        .into_iter()
        .filter(|a| a["stuck"] == true)
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    let o = act(&fleet, ALI, "", ActionKind::ResetAll).await;
    acts += 1;
    assert!(o.ok, "{o:?}");
    for s in &stuck {
        assert_eq!(state(&agent(sim, "aliyun", s).await).0, "Offline", "{s}");
    }

    // Choices: devices of the agent, groups, break codes, flows with route points.
    let c = fleet
        .backend(ALI)
        .expect("ali")
        .choices(&id)
        .await
        .expect("choices");
    assert!(!c.devices.is_empty() && !c.skill_groups.is_empty());
    assert!(c.break_codes.iter().any(|b| b.id == "lunch"));
    assert!(
        c.flows.iter().any(|f| f.label.contains("route point")),
        "{:?}",
        c.flows
    );

    let lines = audit_lines(&env);
    assert_eq!(lines.len(), acts);
    assert!(lines
        .iter()
        .all(|l| l["backend"] == ALI && l["outcome"] == "ok"));
    assert_eq!(lines[0]["action"], "sign-in");
    assert!(lines[0]["operator"].as_str().unwrap_or("").contains('@'));
    assert!(lines[0]["time"].as_str().unwrap_or("").contains('T'));
    let text = std::fs::read_to_string(&env.audit).expect("audit");
    assert!(!text.contains(TEST_ACCESS_KEY_SECRET));
}

#[tokio::test]
async fn aliyun_refusals_say_why() {
    let env = env(120).await;
    let fleet = fleet(&env).await;
    let sim = &env.sim;

    // A talking agent cannot be signed out.
    let talking = pick(sim, "aliyun", |a| a["state"] == "Talking").await;
    let o = act(&fleet, ALI, &talking, ActionKind::SignOut).await;
    assert!(!o.ok);
    assert!(o.summary.contains("is on a call"), "{}", o.summary);
    assert_eq!(o.vendor_reply["code"], "InvalidOperation.UserState");
    assert_eq!(agent(sim, "aliyun", &talking).await["state"], "Talking");

    // Wrong state: an offline agent cannot be made ready.
    let offline = pick(sim, "aliyun", |a| a["state"] == "Offline").await;
    let o = act(&fleet, ALI, &offline, ActionKind::Ready).await;
    assert!(!o.ok);
    assert!(o.summary.contains("is in state OFFLINE"), "{}", o.summary);

    // Unknown agent, unknown backend.
    let o = act(&fleet, ALI, "nobody@ccc-sim", ActionKind::Ready).await;
    assert!(!o.ok);
    assert!(
        o.summary.contains("has no agent `nobody@ccc-sim`"),
        "{}",
        o.summary
    );
    let o = act(&fleet, "nope", &offline, ActionKind::Ready).await;
    assert!(!o.ok);
    assert!(
        o.summary.contains("no connected backend named `nope`"),
        "{}",
        o.summary
    );

    // Bad device.
    let o = act(
        &fleet,
        ALI,
        &offline,
        ActionKind::SignIn {
            device: Some("dev-bogus".into()),
            skill_groups: vec![],
        },
    )
    .await;
    assert!(!o.ok);
    assert!(
        o.summary.contains("does not belong to agent"),
        "{}",
        o.summary
    );
    assert_eq!(agent(sim, "aliyun", &offline).await["state"], "Offline");

    // Unknown skill group, unknown flow, no call.
    let o = act(
        &fleet,
        ALI,
        &offline,
        ActionKind::SignIn {
            device: None,
            skill_groups: vec!["no-such-group".into()],
        },
    )
    .await;
    assert!(!o.ok);
    assert!(
        o.summary
            .contains("skill group `no-such-group` does not exist"),
        "{}",
        o.summary
    );
    let o = act(
        &fleet,
        ALI,
        &talking,
        ActionKind::IvrAuth {
            flow: "no such flow".into(),
        },
    )
    .await;
    assert!(!o.ok);
    assert!(o.summary.contains("no contact flow"), "{}", o.summary);
    let o = act(
        &fleet,
        ALI,
        &offline,
        ActionKind::IvrAuth { flow: "x".into() },
    )
    .await;
    assert!(!o.ok);
    assert!(o.summary.contains("is not on a call"), "{}", o.summary);

    let lines = audit_lines(&env);
    assert_eq!(lines.len(), 8);
    assert!(
        lines.iter().all(|l| l["outcome"] == "refused"),
        "{lines:#?}"
    );
}
