//! Endpoint parsing, read-only classification, backoff and secret hygiene of the client.

use super::*;
use std::time::Duration;

#[test]
fn endpoints() {
    assert_eq!(
        parse_endpoint("http://127.0.0.1:8080/").unwrap(),
        (
            "http://127.0.0.1:8080/".to_string(),
            "127.0.0.1:8080".to_string()
        )
    );
    assert_eq!(
        parse_endpoint("ccc.cn-shanghai.aliyuncs.com").unwrap(),
        (
            "https://ccc.cn-shanghai.aliyuncs.com/".to_string(),
            "ccc.cn-shanghai.aliyuncs.com".to_string()
        )
    );
    assert_eq!(
        parse_endpoint("https://ccc.aliyuncs.com:443").unwrap().1,
        "ccc.aliyuncs.com"
    );
    assert!(parse_endpoint("ftp://x/").is_err());
    assert!(parse_endpoint("http://").is_err());
}

#[test]
fn read_only_actions() {
    for a in [
        "ListRealtimeAgentStates",
        "GetRealtimeInstanceStates",
        "PollUserStatus",
        "GetRoutePoint",
    ] {
        assert!(is_read_only(a), "{a}");
    }
    for a in [
        "SignInGroup",
        "SignOutGroup",
        "TakeBreak",
        "ReadyForService",
        "ResetAgentState",
        "LaunchAuthentication",
        "ResetUserStatus",
    ] {
        assert!(!is_read_only(a), "{a}");
    }
}

#[test]
fn backoff_doubles_with_jitter_and_honours_retry_after() {
    let p = RetryPolicy::default();
    for _ in 0..50 {
        let d1 = p.delay(1, None).unwrap();
        assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
        let d2 = p.delay(2, None).unwrap();
        assert!(d2 >= Duration::from_millis(100) && d2 <= Duration::from_millis(200));
    }
    assert_eq!(p.delay(3, None), None);
    assert_eq!(
        p.delay(1, Some(Duration::from_millis(1000))),
        Some(Duration::from_millis(1000))
    );
    assert_eq!(p.delay(1, Some(Duration::from_secs(60))), None);
    assert_eq!(RetryPolicy::none().delay(1, None), None);
}

#[test]
fn debug_never_shows_the_secret() {
    let c = AliyunClient::new(
        "http://127.0.0.1:1/",
        "ccc-test",
        "AKID",
        Secret::new("canary-secret-42"),
        ClientOptions::default(),
    )
    .unwrap();
    let text = format!("{c:?}");
    assert!(!text.contains("canary-secret-42"));
    assert!(text.contains("AKID"));
}

#[test]
fn config_errors_are_plain() {
    let e = AliyunClient::new(
        "http://x/",
        "",
        "AK",
        Secret::new("s"),
        ClientOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, AliyunError::Config(_)));
    let e = AliyunClient::new(
        "http://x/",
        "i",
        "AK",
        Secret::new(""),
        ClientOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
}
