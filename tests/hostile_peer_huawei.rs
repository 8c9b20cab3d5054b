//! The Huawei CC-Gateway client (its HTTP layer and the inspector session) against a hostile peer
//! on loopback: the inspector's `loginex` password and the `Guid` follow no redirect (the second
//! host gets nothing, even from an https front), bodies are bounded (endless chunks, a huge
//! `Content-Length`), an oversized Guid is refused, deep nesting and wrong types are body errors,
//! a byte a second hits the timeout, HTML is a clear error, the gateway's text quoted in an error
//! is length-capped, and TLS failures come with a hint while `insecure_skip_verify` really works.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/hostile.rs"]
mod hostile;

use callboard::backend::bounded::{MAX_BODY_BYTES, MAX_ECHO_CHARS, MAX_HEADER_BYTES};
use callboard::backend::huawei::http::{Call, SharedAuth};
use callboard::backend::huawei::{
    AgentLogin, GatewayHttp, HttpOptions, HuaweiError, InspectorSession, SessionOptions,
};
use callboard::secret::Secret;
use hostile::{fails, tls_file, Cert, Peer, Reply};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const PASSWORD: &str = "inspector-hunter2";
const SIGNED_IN: &str = r#"{"message":"","retcode":"0","result":{"vdnid":"1","workno":"900"}}"#;

/// A read timeout long enough that only the bound under test can stop a call.
fn http_at(url: &str) -> GatewayHttp {
    GatewayHttp::new(&HttpOptions {
        read_timeout: Duration::from_secs(60),
        ..HttpOptions::new(url)
    })
    .expect("client")
}

fn http(peer: &Peer) -> GatewayHttp {
    http_at(&peer.url())
}

/// The error of a call that must fail (an answer is reported without its content).
/// An error's debug text, cut short for assertion messages.
fn short(e: &HuaweiError) -> String {
    format!("{e:?}").chars().take(600).collect()
}

async fn inspector_sign_in(http: GatewayHttp) -> HuaweiError {
    let (tx, _rx) = mpsc::channel(64);
    let login = AgentLogin::new("900", Secret::new(PASSWORD), "4900");
    let insp = InspectorSession::spawn(http, login, SessionOptions::default(), tx).expect("spawn");
    fails(insp.sign_in().await, "loginex")
}

#[tokio::test]
async fn the_inspector_password_follows_no_redirect() {
    for status in [301, 302, 307, 308] {
        let second = Peer::start(|_| Reply::json(200, SIGNED_IN)).await;
        let target = format!(
            "{}agentgateway/resource/onlineagent/900/loginex",
            second.url()
        );
        let to = target.clone();
        let first = Peer::start(move |_| Reply::redirect(status, &to)).await;
        let e = inspector_sign_in(http(&first)).await;
        assert!(
            matches!(&e, HuaweiError::Redirect { status: s, location, .. } if *s == status && *location == target),
            "{status}: {}",
            short(&e)
        );
        let text = e.to_string();
        assert!(
            text.contains(&target) && text.contains("follows no redirects"),
            "{text}"
        );
        assert!(text.contains("set endpoint to the final URL"), "{text}");
        assert!(!text.contains(PASSWORD));
        let got = first.requests();
        assert!(
            got.iter().any(|r| r.target.ends_with("/loginex")
                && String::from_utf8_lossy(&r.body).contains(PASSWORD)),
            "the first host got the sign-in: {got:?}"
        );
        assert!(
            second.requests().is_empty(),
            "{status}: the second host got {:?}",
            second.requests()
        );
    }
}

#[tokio::test]
async fn an_https_front_redirecting_to_http_gets_no_password_through() {
    let cleartext = Peer::start(|_| Reply::json(200, SIGNED_IN)).await;
    let to = format!(
        "{}agentgateway/resource/onlineagent/900/loginex",
        cleartext.url()
    );
    let front = Peer::start_tls(Cert::IssuedByTestCa, move |_| Reply::redirect(307, &to)).await;
    let https = GatewayHttp::new(&HttpOptions {
        ca_file: Some(tls_file("ca.pem")),
        ..HttpOptions::new(front.url())
    })
    .expect("client");
    let e = inspector_sign_in(https).await;
    assert!(
        matches!(e, HuaweiError::Redirect { status: 307, .. }),
        "{}",
        short(&e)
    );
    assert!(!front.requests().is_empty());
    assert!(
        cleartext.requests().is_empty(),
        "{:?}",
        cleartext.requests()
    );
}

#[tokio::test]
async fn the_guid_follows_no_redirect() {
    let second = Peer::start(|_| Reply::json(200, SIGNED_IN)).await;
    let to = second.url();
    let first = Peer::start(move |req| {
        if req.target.contains("loginex") {
            Reply::json(200, SIGNED_IN).with_header("Set-GUID", "JSESSIONID=guid-secret-1")
        } else {
            Reply::redirect(302, &to)
        }
    })
    .await;
    let h = http(&first);
    let auth = SharedAuth::default();
    let mut sign_in = Call::new(reqwest::Method::PUT, "onlineagent/900/loginex");
    sign_in.sign_in = true;
    h.call(&auth, sign_in).await.expect("signed in");
    assert_eq!(auth.snapshot().guid.as_deref(), Some("guid-secret-1"));
    let e = fails(
        h.call(&auth, Call::get("agentgroup/900/allagentstatus"))
            .await,
        "redirected",
    );
    assert!(
        matches!(e, HuaweiError::Redirect { status: 302, .. }),
        "{}",
        short(&e)
    );
    assert!(!e.is_transient(), "a redirect is a setting to fix");
    assert_eq!(
        first.requests()[1].header("Guid"),
        Some("guid-secret-1"),
        "the first host is the gateway"
    );
    assert!(second.requests().is_empty(), "{:?}", second.requests());
}

#[tokio::test]
async fn an_oversized_guid_is_refused() {
    let huge = format!("JSESSIONID={}", "g".repeat(MAX_HEADER_BYTES + 1));
    let peer =
        Peer::start(move |_| Reply::json(200, SIGNED_IN).with_header("Set-GUID", &huge)).await;
    let auth = SharedAuth::default();
    let e = fails(
        http(&peer)
            .call(&auth, Call::get("agentgroup/900/allagentstatus"))
            .await,
        "huge guid",
    );
    assert!(
        matches!(&e, HuaweiError::Oversized { what, .. } if what.contains("Guid")),
        "{}",
        short(&e)
    );
    assert!(e.to_string().contains("1 KiB"), "{e}");
    assert_eq!(auth.snapshot().guid, None, "nothing stored");
}

#[tokio::test]
async fn an_endless_body_stops_at_the_cap() {
    let peer = Peer::start(|_| Reply::Endless).await;
    let started = Instant::now();
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "endless",
    );
    assert!(
        matches!(&e, HuaweiError::Oversized { what, .. } if what == "answer"),
        "{}",
        short(&e)
    );
    assert!(e.to_string().contains("32 MiB"), "{e}");
    hostile::assert_stopped_near_the_cap(&peer, started, MAX_BODY_BYTES);
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_reading() {
    let peer = Peer::start(|_| Reply::HugeLength(50_000_000_000)).await;
    let started = Instant::now();
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "huge",
    );
    assert!(matches!(e, HuaweiError::Oversized { .. }), "{}", short(&e));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!((peer.bytes_sent() as usize) < MAX_BODY_BYTES);
}

#[tokio::test]
async fn deep_nesting_and_wrong_types_are_body_errors() {
    for body in [
        format!("{{\"retcode\":\"0\",\"result\":{}", "[".repeat(100_000)),
        format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000)),
        r#"{"retcode":{"code":"0"},"result":{}}"#.to_string(),
        r#"{"retcode":["0"]}"#.to_string(),
        r#"["retcode","0"]"#.to_string(),
        r#""retcode""#.to_string(),
    ] {
        let b = body.clone();
        let peer = Peer::start(move |_| Reply::json(200, b.clone())).await;
        let e = fails(
            http(&peer)
                .call(
                    &SharedAuth::default(),
                    Call::get("agentgroup/900/allagentstatus"),
                )
                .await,
            &body[..body.len().min(40)],
        );
        assert!(matches!(e, HuaweiError::Body { .. }), "{}", short(&e));
        assert!(e.to_string().chars().count() < 600, "{e}");
    }
}

#[tokio::test]
async fn an_inspector_fed_a_roster_of_wrong_types_errors() {
    for result in [
        json!("oops"),
        json!(42),
        json!([1, 2, 3]),
        json!(["1001", "1002"]),
    ] {
        let roster = json!({"retcode": "0", "message": "", "result": result}).to_string();
        let peer = Peer::start(move |req| {
            if req.target.contains("/loginex") {
                Reply::json(200, SIGNED_IN)
            } else if req.target.contains("/allagentstatus") {
                Reply::json(200, roster.clone())
            } else {
                // The event long-poll and anything else: held a while, then nothing.
                let none = Reply::json(200, r#"{"retcode":"0","message":"","event":null}"#);
                Reply::Delayed(Duration::from_millis(300), Box::new(none))
            }
        })
        .await;
        let (tx, _rx) = mpsc::channel(64);
        let login = AgentLogin::new("900", Secret::new(PASSWORD), "4900");
        let insp = InspectorSession::spawn(http(&peer), login, SessionOptions::default(), tx)
            .expect("spawn");
        insp.sign_in().await.expect("loginex");
        let e = fails(insp.all_agent_status().await, "wrong types");
        assert!(
            matches!(&e, HuaweiError::Body { path, .. } if path.ends_with("allagentstatus")),
            "{}",
            short(&e)
        );
        let e = fails(insp.reconcile().await, "wrong types");
        assert!(matches!(e, HuaweiError::Body { .. }), "{}", short(&e));
    }
}

#[tokio::test]
async fn a_byte_a_second_hits_the_timeout() {
    for reply in [
        Reply::SlowBody {
            every: Duration::from_secs(1),
        },
        Reply::SlowHead {
            every: Duration::from_secs(1),
        },
    ] {
        let peer = Peer::start(move |_| reply.clone()).await;
        let h = GatewayHttp::new(&HttpOptions {
            read_timeout: Duration::from_millis(1500),
            ..HttpOptions::new(peer.url())
        })
        .expect("client");
        let started = Instant::now();
        let e = fails(
            h.call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
            "slow loris",
        );
        assert!(
            matches!(&e, HuaweiError::Transport { message, .. } if message.contains("timed out")),
            "{}",
            short(&e)
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn html_is_a_clear_error() {
    let peer = Peer::start(|_| Reply::html(200)).await;
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "html 200",
    );
    assert!(
        matches!(&e, HuaweiError::Body { message, .. } if message.contains("not JSON") && message.contains("<html>")),
        "{}",
        short(&e)
    );
    let peer = Peer::start(|_| Reply::html(502)).await;
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "html 502",
    );
    assert!(
        matches!(e, HuaweiError::Http { status: 502, .. }),
        "{}",
        short(&e)
    );
}

#[tokio::test]
async fn gateway_text_in_errors_is_length_capped() {
    let huge = format!(
        "Forbidden.\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}{}",
        "x".repeat(8_400_000)
    );
    let body = json!({"retcode": format!("100-006{huge}"), "message": huge}).to_string();
    let peer = Peer::start(move |_| Reply::json(200, body.clone())).await;
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "refused",
    );
    assert!(matches!(e, HuaweiError::Retcode { .. }), "{}", short(&e));
    let n = e.to_string().chars().count();
    assert!(n < 2 * MAX_ECHO_CHARS + 200, "{n} chars");
    let location = format!("http://127.0.0.1:9/{}", "a".repeat(20_000));
    let peer = Peer::start(move |_| Reply::redirect(301, &location)).await;
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "redirect",
    );
    let n = e.to_string().chars().count();
    assert!(n < MAX_ECHO_CHARS + 400, "{n} chars");
}

#[tokio::test]
async fn tls_failures_come_with_a_hint_and_the_insecure_switch_is_real() {
    let peer = Peer::start_tls(Cert::TheCaItself, |_| Reply::json(200, SIGNED_IN)).await;
    let e = fails(
        http(&peer)
            .call(
                &SharedAuth::default(),
                Call::get("agentgroup/900/allagentstatus"),
            )
            .await,
        "untrusted",
    );
    assert!(
        matches!(&e, HuaweiError::Transport { message, .. } if message.contains("ca_file = \"PATH\"")),
        "{}",
        short(&e)
    );
    let insecure = GatewayHttp::new(&HttpOptions {
        insecure_skip_verify: true,
        ..HttpOptions::new(peer.url())
    })
    .expect("client");
    assert!(insecure.is_insecure());
    insecure
        .call(
            &SharedAuth::default(),
            Call::get("agentgroup/900/allagentstatus"),
        )
        .await
        .expect("verification is really off");
    let peer = Peer::start_tls(Cert::IssuedByTestCa, |_| Reply::json(200, SIGNED_IN)).await;
    let trusted = GatewayHttp::new(&HttpOptions {
        ca_file: Some(tls_file("ca.pem")),
        ..HttpOptions::new(peer.url())
    })
    .expect("client");
    trusted
        .call(
            &SharedAuth::default(),
            Call::get("agentgroup/900/allagentstatus"),
        )
        .await
        .expect("the private CA is trusted");
}
