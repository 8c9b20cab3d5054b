//! A secret passed through the environment never appears in logs (every tracing event at trace
//! level), the audit log, action outcomes, events, errors or Debug output: canary values are the
//! simulator's only accepted AccessKey secret and Huawei passwords.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{ActionKind, BackendEvent, Fleet};
use callboard::config::SecretSource;
use callboard::sim::{AccessKey, TEST_ACCESS_KEY_ID};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn canary_secrets_appear_nowhere() {
    let logs = Buf::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let salt: String = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .take(12)
        .collect();
    let ak_secret = format!("canary-ak-{salt}");
    let agent_pw = format!("canary-agent-{salt}");
    let insp_pw = format!("canary-insp-{salt}");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", &ak_secret);
    std::env::set_var("CALLBOARD_CANARY_AGENT_PASSWORD", &agent_pw);
    std::env::set_var("CALLBOARD_CANARY_INSPECTOR_PASSWORD", &insp_pw);

    let mut cfg = sim_config(60);
    cfg.access_keys = vec![AccessKey {
        id: TEST_ACCESS_KEY_ID.into(),
        secret: ak_secret.clone(),
    }];
    cfg.huawei.agent_password = agent_pw.clone();
    cfg.huawei.inspector_password = insp_pw.clone();
    let mut env = env_with(cfg).await;
    for b in &mut env.config.backends {
        if b.name == ALI {
            b.access_key_secret = Some(SecretSource::Env("ALIBABA_CLOUD_ACCESS_KEY_SECRET".into()));
        } else {
            b.agent_password = Some(SecretSource::Env("CALLBOARD_CANARY_AGENT_PASSWORD".into()));
            if let Some(i) = &mut b.inspector {
                i.password = SecretSource::Env("CALLBOARD_CANARY_INSPECTOR_PASSWORD".into());
            }
        }
    }
    let mut out = String::new();
    out.push_str(&format!("{:?}\n", env.config));
    let (fleet, errors) = Fleet::connect(&env.config).await;
    assert!(errors.is_empty(), "{errors:?}");
    out.push_str(&format!("{fleet:?}\n"));

    // Pollers, with faults for a while (error paths), then clean.
    let (tx, mut rx) = mpsc::channel::<BackendEvent>(1024);
    let handles = fleet.spawn_pollers(tx);
    let sim = &env.sim;
    sim_put(
        sim,
        "/_sim/faults",
        "5xx=0.3,malformed=0.2,throttle=0.2,guid-expiry=0.3,drop=0.1",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    sim_put(sim, "/_sim/faults", "off").await;

    // Every action on both vendors, including refusals.
    let ali_off = pick(sim, "aliyun", |a| a["state"] == "Offline").await;
    let ali_talk = pick(sim, "aliyun", |a| a["state"] == "Talking").await;
    let hw_out = pick(sim, "huawei", |a| a["state"] == "signed-out").await;
    let hw_idle = pick(sim, "huawei", |a| {
        a["state"] == "idle" && a["controller"] == "world"
    })
    .await;
    let plan: Vec<(&str, &str, ActionKind)> = vec![
        (
            ALI,
            &ali_off,
            ActionKind::SignIn {
                device: Some("bogus".into()),
                skill_groups: vec![],
            },
        ),
        (
            ALI,
            &ali_off,
            ActionKind::SignIn {
                device: None,
                skill_groups: vec![],
            },
        ),
        (
            ALI,
            &ali_off,
            ActionKind::Break {
                code: "lunch".into(),
                secs: None,
            },
        ),
        (ALI, &ali_off, ActionKind::Ready),
        (ALI, &ali_talk, ActionKind::SignOut),
        (
            ALI,
            &ali_talk,
            ActionKind::IvrAuth {
                flow: "nope".into(),
            },
        ),
        (ALI, &ali_off, ActionKind::Reset { idle: false }),
        (ALI, "", ActionKind::ResetAll),
        (
            HW,
            &hw_out,
            ActionKind::SignIn {
                device: None,
                skill_groups: vec![],
            },
        ),
        (
            HW,
            &hw_out,
            ActionKind::Break {
                code: "1".into(),
                secs: Some(60),
            },
        ),
        (HW, &hw_out, ActionKind::Ready),
        (HW, &hw_out, ActionKind::SignOut),
        (
            HW,
            &hw_idle,
            ActionKind::Break {
                code: "2".into(),
                secs: None,
            },
        ),
        (HW, &hw_idle, ActionKind::Reset { idle: true }),
        (HW, &hw_idle, ActionKind::Reset { idle: false }),
        (
            HW,
            "99999",
            ActionKind::SignIn {
                device: None,
                skill_groups: vec![],
            },
        ),
    ];
    let mut oks = 0;
    for (b, a, k) in plan {
        let o = act(&fleet, b, a, k).await;
        oks += usize::from(o.ok);
        out.push_str(&format!(
            "{o:?}\n{}\n",
            serde_json::to_string(&o).unwrap_or_default()
        ));
    }
    assert!(oks >= 9, "most actions succeed: {out}");
    for b in fleet.backends() {
        match b.choices("1001").await {
            Ok(c) => out.push_str(&format!("{c:?}\n")),
            Err(e) => out.push_str(&format!("{e} {e:?}\n")),
        }
    }

    // A wrong secret elsewhere: the error names the source, never a value.
    let mut bad = env.config.clone();
    for b in &mut bad.backends {
        b.access_key_secret = Some(SecretSource::Env("CALLBOARD_CANARY_UNSET".into()));
        b.agent_password = None;
    }
    let (_, errors) = Fleet::connect(&bad).await;
    out.push_str(&format!("{errors:?}\n"));

    tokio::time::sleep(Duration::from_millis(800)).await;
    while let Ok(ev) = rx.try_recv() {
        out.push_str(&format!("{ev:?}\n"));
    }
    drop(rx);
    for h in handles {
        let _ = h.await;
    }
    fleet.shutdown().await;

    let audit = std::fs::read_to_string(&env.audit).expect("audit");
    assert_eq!(audit.lines().count(), 16);
    let logs =
        String::from_utf8_lossy(&logs.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    assert!(logs.len() > 1000, "tracing captured output");
    for canary in [&ak_secret, &agent_pw, &insp_pw] {
        assert!(!logs.contains(canary.as_str()), "canary in logs");
        assert!(!audit.contains(canary.as_str()), "canary in the audit log");
        assert!(
            !out.contains(canary.as_str()),
            "canary in outcomes/events/errors"
        );
    }
}
