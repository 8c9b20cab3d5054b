//! The Alibaba Cloud CCC client and backend against a hostile peer on loopback: no redirect is
//! followed (the second host gets nothing, even from an https front), bodies and listings are
//! bounded (endless chunks, a huge `Content-Length`, a `TotalCount` of 738,433, pages that do not
//! advance), deep nesting and wrong types are decode errors (never an empty roster reported as
//! connected), a byte a second hits the timeout, HTML is a clear error, vendor text quoted in an
//! error is length-capped, and TLS: `ca_file` is honoured, `insecure_skip_verify` really turns
//! verification off, and an untrusted certificate comes with a hint.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/hostile.rs"]
mod hostile;

use callboard::backend::aliyun::{
    AliyunBackend, AliyunClient, AliyunError, ClientOptions, RetryPolicy, MAX_LISTING_BYTES,
    MAX_ROSTER, PAGE_SIZE,
};
use callboard::backend::bounded::{MAX_BODY_BYTES, MAX_ECHO_CHARS};
use callboard::backend::Backend;
use callboard::config::{BackendConfig, BackendKind};
use callboard::secret::Secret;
use hostile::{fails, tls_file, Cert, Peer, Reply, Request};
use serde_json::json;
use std::time::{Duration, Instant};

const INSTANCE: &str = "ccc-hostile";

/// No retries, and a timeout long enough that only the bound under test can stop a call.
fn opts() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(60),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

fn client_at(url: &str, options: ClientOptions) -> AliyunClient {
    AliyunClient::new(
        url,
        INSTANCE,
        "LTAI-hostile-test",
        Secret::new("hostile-test-secret"),
        options,
    )
    .expect("client")
}

fn client(peer: &Peer) -> AliyunClient {
    client_at(&peer.url(), opts())
}

/// The error of a call that must fail (an answer is reported without its possibly huge content).
/// An error's debug text, cut short for assertion messages.
fn short(e: &AliyunError) -> String {
    format!("{e:?}").chars().take(600).collect()
}

/// The RPC action: `x-acs-action` (V3) or the `Action` parameter (V2).
fn action(req: &Request) -> String {
    req.header("x-acs-action")
        .map(str::to_string)
        .or_else(|| req.param("Action"))
        .unwrap_or_default()
}

/// A page of `List` items claiming `total` in all.
fn page(number: i64, total: i64, list: serde_json::Value) -> Reply {
    Reply::json(
        200,
        json!({"RequestId": "R", "Data": {"PageNumber": number, "PageSize": PAGE_SIZE,
            "TotalCount": total, "List": list}})
        .to_string(),
    )
}

fn agents(from: usize, n: usize) -> serde_json::Value {
    (from..from + n)
        .map(|i| json!({"AgentId": format!("a{i}@{INSTANCE}"), "State": "Ready"}))
        .collect()
}

#[tokio::test]
async fn redirects_are_not_followed_and_name_their_target() {
    for status in [301, 302, 307, 308] {
        let second = Peer::start(|_| Reply::json(200, r#"{"RequestId":"stolen","Data":{}}"#)).await;
        let target = format!("{}steal?from={status}", second.url());
        let to = target.clone();
        let first = Peer::start(move |_| Reply::redirect(status, &to)).await;
        let c = client(&first);
        let e = fails(c.list_users(1, 10).await, "a redirect is an error");
        assert!(
            matches!(&e, AliyunError::Redirect { status: s, location, .. } if *s == status && *location == target),
            "{status}: {}",
            short(&e)
        );
        let text = e.to_string();
        assert!(text.contains(&target), "names the target: {text}");
        assert!(text.contains("follows no redirects"), "{text}");
        assert!(text.contains("set endpoint to the final URL"), "{text}");
        let e = fails(
            c.reset_agent_state(&format!("a@{INSTANCE}"), None).await,
            "an action is not redirected either",
        );
        assert!(matches!(e, AliyunError::Redirect { .. }), "{}", short(&e));
        assert!(!e.is_retryable());
        assert_eq!(first.requests().len(), 2, "one attempt each, no retry");
        assert!(
            second.requests().is_empty(),
            "{status}: the second host got {:?}",
            second.requests()
        );
    }
}

#[tokio::test]
async fn an_https_front_redirecting_to_http_sends_nothing_in_cleartext() {
    let cleartext = Peer::start(|_| Reply::json(200, r#"{"RequestId":"stolen","Data":{}}"#)).await;
    let to = cleartext.url();
    let front = Peer::start_tls(Cert::IssuedByTestCa, move |_| Reply::redirect(308, &to)).await;
    let c = client_at(
        &front.url(),
        ClientOptions {
            ca_file: Some(tls_file("ca.pem")),
            ..opts()
        },
    );
    let e = fails(c.list_users(1, 10).await, "redirected");
    assert!(
        matches!(e, AliyunError::Redirect { status: 308, .. }),
        "{}",
        short(&e)
    );
    assert_eq!(front.requests().len(), 1);
    assert!(
        cleartext.requests().is_empty(),
        "{:?}",
        cleartext.requests()
    );
}

#[tokio::test]
async fn an_endless_body_stops_at_the_cap() {
    let peer = Peer::start(|_| Reply::Endless).await;
    let started = Instant::now();
    let e = fails(
        client(&peer).list_all_realtime_agent_states().await,
        "endless",
    );
    assert!(
        matches!(&e, AliyunError::TooLarge { limit, .. } if *limit == MAX_BODY_BYTES),
        "{}",
        short(&e)
    );
    assert!(e.to_string().contains("exceeded 32 MiB"), "{e}");
    hostile::assert_stopped_near_the_cap(&peer, started, MAX_BODY_BYTES);
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_reading() {
    let peer = Peer::start(|_| Reply::HugeLength(50_000_000_000)).await;
    let started = Instant::now();
    let e = fails(client(&peer).get_realtime_instance_states().await, "huge");
    assert!(matches!(e, AliyunError::TooLarge { .. }), "{}", short(&e));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!((peer.bytes_sent() as usize) < MAX_BODY_BYTES);
}

#[tokio::test]
async fn a_total_count_beyond_the_roster_cap_is_refused() {
    let peer = Peer::start(|req| {
        let n: i64 = req
            .param("PageNumber")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        page(n, 738_433, agents(0, 100))
    })
    .await;
    let e = fails(
        client(&peer).list_all_realtime_agent_states().await,
        "too many",
    );
    assert!(
        matches!(&e, AliyunError::TooMany { total: 738_433, limit, .. } if *limit == MAX_ROSTER),
        "{}",
        short(&e)
    );
    assert!(e.to_string().contains("738433"), "{e}");
    assert_eq!(peer.requests().len(), 1, "no page after the first");
}

#[tokio::test]
async fn pages_that_do_not_advance_stop_the_listing() {
    // Every page number answers page 1 again.
    let peer = Peer::start(|_| page(1, 5_000, agents(0, 100))).await;
    let e = fails(client(&peer).list_all_users().await, "not advancing");
    assert!(
        matches!(&e, AliyunError::Decode { action, detail } if action == "ListUsers" && detail.contains("page")),
        "{}",
        short(&e)
    );
    // A page longer than asked for.
    let peer = Peer::start(|_| page(1, 5_000, agents(0, 5_000))).await;
    let e = fails(
        client(&peer).list_all_realtime_agent_states().await,
        "page too long",
    );
    assert!(
        matches!(&e, AliyunError::Decode { detail, .. } if detail.contains("5000")),
        "{}",
        short(&e)
    );
}

#[tokio::test]
async fn a_listing_is_bounded_as_a_whole() {
    // 100 pages of ~1.5 MiB each: every page is under the per-call cap, together they are not.
    let name = "x".repeat(3 * 512 * 1024);
    let peer = Peer::start(move |req| {
        let n: i64 = req
            .param("PageNumber")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        page(
            n,
            PAGE_SIZE * 100,
            json!([{"UserId": format!("u{n}@{INSTANCE}"), "DisplayName": name}]),
        )
    })
    .await;
    let e = fails(client(&peer).list_all_users().await, "too much");
    assert!(
        matches!(&e, AliyunError::TooLarge { limit, .. } if *limit == MAX_LISTING_BYTES),
        "{}",
        short(&e)
    );
    assert!(
        peer.requests().len() < 60,
        "{} pages",
        peer.requests().len()
    );
}

#[tokio::test]
async fn deep_nesting_is_a_decode_error() {
    for body in [
        format!("{{\"Data\":{}", "[".repeat(100_000)),
        format!(
            "{{\"Data\":{}1{}}}",
            "{\"a\":".repeat(5_000),
            "}".repeat(5_000)
        ),
        format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000)),
    ] {
        let peer = Peer::start(move |_| Reply::json(200, body.clone())).await;
        let e = fails(client(&peer).get_realtime_instance_states().await, "deep");
        assert!(matches!(e, AliyunError::Decode { .. }), "{}", short(&e));
        assert!(e.to_string().chars().count() < 600, "{e}");
    }
}

/// Bodies of the wrong shape for `ListRealtimeAgentStates`.
fn wrong_shapes() -> Vec<serde_json::Value> {
    vec![
        json!({"RequestId": "R", "Data": "oops"}),
        json!({"RequestId": "R", "Data": 42}),
        json!({"RequestId": "R", "Data": []}),
        json!({"RequestId": "R", "Data": [1, 100, 3, []]}),
        json!({"RequestId": "R", "Data": {"TotalCount": 3, "List": "oops"}}),
        json!({"RequestId": "R", "Data": {"TotalCount": 3, "List": {"AgentId": "a"}}}),
        json!({"RequestId": "R", "Data": {"TotalCount": 3, "List": 7}}),
        json!({"RequestId": "R", "Data": {"TotalCount": 3, "List": [1, 2, 3]}}),
        json!({"RequestId": "R", "Data": {"TotalCount": 3, "List": ["a", "b", "c"]}}),
        json!({"RequestId": "R", "Data": {"TotalCount": 3}}),
    ]
}

#[tokio::test]
async fn wrong_types_are_decode_errors_not_an_empty_roster() {
    for body in wrong_shapes() {
        let text = body.to_string();
        let peer = Peer::start(move |_| Reply::json(200, text.clone())).await;
        let r = client(&peer).list_all_realtime_agent_states().await;
        assert!(
            matches!(&r, Err(AliyunError::Decode { .. })),
            "{body}: {r:?}"
        );
    }
    // Leniency stays: numbers as strings, a list as a JSON-array string.
    let peer = Peer::start(|_| {
        Reply::json(
            200,
            json!({"Data": {"PageNumber": "1", "PageSize": "100", "TotalCount": "1",
                "List": "[{\"AgentId\":\"a@x\",\"State\":\"Ready\",\"Duration\":\"5\"}]"}})
            .to_string(),
        )
    })
    .await;
    let list = client(&peer)
        .list_all_realtime_agent_states()
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].duration, 5);
}

#[tokio::test]
async fn a_backend_fed_wrong_types_is_not_connected() {
    let peer = Peer::start(|req| match action(req).as_str() {
        "ListRealtimeAgentStates" => Reply::json(
            200,
            json!({"RequestId": "R", "Data": {"TotalCount": 3, "List": "oops"}}).to_string(),
        ),
        _ => page(1, 0, json!([])),
    })
    .await;
    let mut cfg = BackendConfig::new("hostile", BackendKind::Aliyun, peer.url());
    cfg.instance_id = Some(INSTANCE.into());
    let backend = AliyunBackend::from_client(&cfg, client(&peer));
    let e = fails(backend.snapshot().await, "wrong types are no roster");
    assert!(e.to_string().contains("ListRealtimeAgentStates"), "{e}");
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
        let c = client_at(
            &peer.url(),
            ClientOptions {
                timeout: Duration::from_millis(1500),
                ..opts()
            },
        );
        let started = Instant::now();
        let e = fails(c.get_realtime_instance_states().await, "slow loris");
        assert!(matches!(e, AliyunError::Timeout { .. }), "{}", short(&e));
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
        client(&peer).get_realtime_instance_states().await,
        "html 200",
    );
    assert!(
        matches!(&e, AliyunError::Decode { detail, .. } if detail.contains("not JSON") && detail.contains("<html>")),
        "{}",
        short(&e)
    );
    let peer = Peer::start(|_| Reply::html(502)).await;
    let e = fails(
        client(&peer).get_realtime_instance_states().await,
        "html 502",
    );
    assert!(
        matches!(&e, AliyunError::Http { status: 502, body, .. } if body.contains("Bad Gateway")),
        "{}",
        short(&e)
    );
}

#[tokio::test]
async fn vendor_text_in_errors_is_length_capped() {
    let huge = format!("\u{1b}]0;owned\u{7}\u{202e}{}", "x".repeat(8_400_000));
    let body = json!({"Code": format!("Forbidden.\u{1b}[2J{huge}"), "Message": huge,
        "RequestId": huge})
    .to_string();
    let peer = Peer::start(move |_| Reply::json(400, body.clone())).await;
    let e = fails(client(&peer).list_users(1, 10).await, "refused");
    assert!(matches!(e, AliyunError::Api { .. }), "{}", short(&e));
    let text = e.to_string();
    assert!(
        text.chars().count() < 4 * MAX_ECHO_CHARS + 200,
        "{} chars",
        text.chars().count()
    );
    // A long Location and a long plain-text error body too.
    let location = format!("http://127.0.0.1:9/{}", "a".repeat(20_000));
    let peer = Peer::start(move |req| {
        if action(req) == "ListUsers" {
            Reply::redirect(302, &location)
        } else {
            Reply::Full {
                status: 500,
                headers: vec![],
                body: "y".repeat(1_000_000).into_bytes(),
            }
        }
    })
    .await;
    let c = client(&peer);
    for e in [
        fails(c.list_users(1, 10).await, "redirect"),
        fails(c.list_skill_groups(1, 10).await, "500"),
    ] {
        let n = e.to_string().chars().count();
        assert!(n < MAX_ECHO_CHARS + 400, "{n} chars: {}", short(&e));
    }
}

const INSTANCE_STATES: &str =
    r#"{"RequestId":"R","Data":{"InstanceId":"ccc-hostile","TotalAgents":7}}"#;

#[tokio::test]
async fn an_untrusted_certificate_comes_with_a_ca_file_hint() {
    let peer = Peer::start_tls(Cert::TheCaItself, |_| Reply::json(200, INSTANCE_STATES)).await;
    let e = fails(
        client(&peer).get_realtime_instance_states().await,
        "untrusted",
    );
    assert!(matches!(e, AliyunError::Connect { .. }), "{}", short(&e));
    assert!(e.to_string().contains("ca_file = \"PATH\""), "{e}");
    let peer = Peer::start_tls(Cert::IssuedByTestCa, |_| Reply::json(200, INSTANCE_STATES)).await;
    let e = fails(
        client(&peer).get_realtime_instance_states().await,
        "unknown issuer",
    );
    assert!(e.to_string().contains("ca_file = \"PATH\""), "{e}");
}

#[tokio::test]
async fn ca_file_is_honoured() {
    let peer = Peer::start_tls(Cert::IssuedByTestCa, |_| Reply::json(200, INSTANCE_STATES)).await;
    let mut cfg = BackendConfig::new("tls", BackendKind::Aliyun, peer.url());
    cfg.instance_id = Some(INSTANCE.into());
    cfg.ca_file = Some(tls_file("ca.pem").to_string_lossy().into_owned());
    let c = AliyunClient::from_config(&cfg, "LTAI-test", Secret::new("s")).expect("client");
    let states = c.get_realtime_instance_states().await.expect("trusted");
    assert_eq!(states.total_agents, 7);
    cfg.ca_file = Some("/nonexistent/ca.pem".into());
    let e = AliyunClient::from_config(&cfg, "LTAI-test", Secret::new("s")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
}

#[tokio::test]
async fn insecure_skip_verify_really_turns_verification_off() {
    let peer = Peer::start_tls(Cert::TheCaItself, |_| Reply::json(200, INSTANCE_STATES)).await;
    let mut cfg = BackendConfig::new("lab", BackendKind::Aliyun, peer.url());
    cfg.instance_id = Some(INSTANCE.into());
    cfg.insecure_skip_verify = true;
    let c = AliyunClient::from_config(&cfg, "LTAI-test", Secret::new("s")).expect("client");
    let states = c.get_realtime_instance_states().await.expect("unverified");
    assert_eq!(states.total_agents, 7);
    let backend = Backend::Aliyun(AliyunBackend::from_client(&cfg, c));
    assert!(backend.insecure_tls(), "the header must say it");
    cfg.insecure_skip_verify = false;
    let c = AliyunClient::from_config(&cfg, "LTAI-test", Secret::new("s")).expect("client");
    assert!(!Backend::Aliyun(AliyunBackend::from_client(&cfg, c)).insecure_tls());
}
