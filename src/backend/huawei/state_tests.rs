//! Value-by-value tests of the Huawei state derivation (events, QC subtypes, snapshots, pending).

use super::{HuaweiAgentState, Pending};
use crate::backend::huawei::codes::{RestCause, RestCauses};
use crate::backend::huawei::events::{HuaweiEvent, QcSubtype};
use crate::backend::huawei::wire::AgentSnapshot;
use crate::model::{Activity as A, Freshness, Presence as P, ReasonCategory as C};
use serde_json::{json, Value};
use std::sync::Arc;

fn ev(text: &str) -> HuaweiEvent {
    let v: Value = serde_json::from_str(text).unwrap();
    HuaweiEvent::from_poll_body(&v).unwrap()
}

fn wrap(event_type: &str, content: Value) -> String {
    json!({"message":"","retcode":"0","event":{"eventType":event_type,"workNo":"291","content":content}})
        .to_string()
}

fn causes() -> RestCauses {
    RestCauses::new([
        RestCause {
            id: 1,
            label: "Lunch".into(),
            planned_secs: Some(1800),
        },
        RestCause {
            id: 2,
            label: "小休".into(),
            planned_secs: None,
        },
    ])
}

fn apply(st: &mut HuaweiAgentState, event_type: &str, content: Value) {
    st.apply_event(&ev(&wrap(event_type, content)), 1_000, &causes());
}

fn ready() -> HuaweiAgentState {
    let mut st = HuaweiAgentState::new("291");
    st.apply_event(
        &ev(r#"{"message":"","retcode":"0","event":{"eventType":"AgentOther_InService","workNo":"291","content":null}}"#),
        1,
        &causes(),
    );
    assert_eq!((st.presence, st.activity), (P::SigningIn, A::None));
    apply(&mut st, "AgentState_Ready", Value::Null);
    assert_eq!((st.presence, st.activity), (P::Ready, A::None));
    st
}

fn talking() -> HuaweiAgentState {
    let mut st = ready();
    st.apply_event(
        &ev(r#"{"eventType":"AgentEvent_Talking","workNo":"49999","content":{"caller":"10086","callid":"1456401416-3","called":"70092","feature":"7","type":"main","mediaAbility":"1"}}"#),
        2,
        &causes(),
    );
    assert_eq!(
        (st.activity, st.call_id.as_deref()),
        (A::Talking, Some("1456401416-3"))
    );
    st
}

#[test]
fn idle_events_make_ready() {
    for t in [
        "AgentState_Ready",
        "AgentState_Force_Ready",
        "AgentState_CancelNotReady_Success",
        "AgentState_CancelRest_Success",
        "AgentState_CancelWork_Success",
    ] {
        let mut st = ready();
        apply(
            &mut st,
            "AgentState_SetNotReady_Success",
            json!({"reason":"200"}),
        );
        apply(&mut st, t, Value::Null);
        assert_eq!(
            (st.presence, st.activity, st.reason.clone()),
            (P::Ready, A::None, None),
            "{t}"
        );
    }
}

#[test]
fn busy_reasons_from_set_not_ready() {
    let cases = [
        ("1", P::NotReady, C::BusyOther),
        ("2", P::NotReady, C::SystemNoAnswer),
        ("3", P::NotReady, C::SupervisorForced),
        ("4", P::Break, C::ShortBreak),
        ("5", P::NotReady, C::Device),
        ("7", P::NotReady, C::SystemReject),
        ("200", P::NotReady, C::BusyOther),
        ("250", P::NotReady, C::BusyOther),
    ];
    for (reason, presence, category) in cases {
        let mut st = ready();
        apply(
            &mut st,
            "AgentState_SetNotReady_Success",
            json!({ "reason": reason }),
        );
        let r = st.reason.clone().unwrap();
        assert_eq!(
            (st.presence, r.category),
            (presence, category),
            "reason {reason}"
        );
        assert_eq!(r.code, format!("busy:{reason}"));
    }
    let mut st = ready();
    apply(&mut st, "AgentState_Force_SetNotReady", Value::Null);
    let r = st.reason.clone().unwrap();
    assert_eq!(
        (st.presence, r.code.as_str(), r.category),
        (P::NotReady, "busy:3", C::SupervisorForced)
    );
}

#[test]
fn rest_and_overdue() {
    let mut st = ready();
    apply(&mut st, "AgentState_SetRest_Success", json!({"reason":"1"}));
    let r = st.reason.clone().unwrap();
    assert_eq!(
        (st.presence, r.label.as_str(), r.category, r.planned_secs),
        (P::Break, "Lunch", C::Meal, Some(1800))
    );
    apply(&mut st, "AgentState_Rest_Timeout", Value::Null);
    assert!(st.rest_overdue);
    assert_eq!(st.presence, P::Break, "Rest_Timeout does not end rest");
    apply(&mut st, "AgentState_CancelRest_Success", Value::Null);
    assert!(!st.rest_overdue);
    // The requested time is the planned length when the rest was asked for here.
    let mut st = ready();
    st.request(Pending::Rest {
        secs: 600,
        cause: 2,
    });
    assert!(
        !st.flags.pending_next,
        "idle: applies at once, nothing pending"
    );
    apply(&mut st, "AgentState_SetRest_Success", json!({"reason":2}));
    let r = st.reason.clone().unwrap();
    assert_eq!(
        (r.code.as_str(), r.planned_secs, r.category),
        ("rest:2", Some(600), C::ShortBreak)
    );
}

#[test]
fn work_ringing_talking_release() {
    for t in ["AgentState_Work", "AgentState_SetWork_Success"] {
        let mut st = ready();
        apply(&mut st, t, Value::Null);
        assert_eq!((st.presence, st.activity), (P::Ready, A::WrapUp), "{t}");
    }
    for t in [
        "AgentEvent_Ringing",
        "AgentOther_PhoneAlerting",
        "AgentEvent_Auto_Answer",
        "AgentEvent_Agent_Occupyed",
    ] {
        let mut st = ready();
        apply(
            &mut st,
            t,
            json!({"caller":"10086","callid":"9-1","called":"a291","feature":"0"}),
        );
        assert_eq!(st.activity, A::Ringing, "{t}");
        if t != "AgentEvent_Agent_Occupyed" {
            assert_eq!(st.call_id.as_deref(), Some("9-1"), "{t}");
        }
    }
    let mut st = talking();
    apply(&mut st, "AgentEvent_Hold", Value::Null);
    assert!(st.flags.hold);
    st.apply_event(
        &ev(r#"{"message":"","retcode":"0","event":{"eventType":"AgentEvent_Call_Release","workNo":"291","content":"1456401416-3"}}"#),
        3,
        &causes(),
    );
    assert_eq!(
        (st.activity, st.call_id.clone(), st.flags.hold),
        (A::None, None, false)
    );
    apply(&mut st, "AgentState_Work", Value::Null);
    assert_eq!(st.activity, A::WrapUp);
    apply(&mut st, "AgentState_Ready", Value::Null);
    assert_eq!((st.presence, st.activity), (P::Ready, A::None));

    let mut st = talking();
    apply(
        &mut st,
        "AgentEvent_Customer_Release",
        json!("1456401416-3"),
    );
    assert_eq!(st.activity, A::None);
    let mut st = ready();
    apply(&mut st, "AgentState_Busy", Value::Null);
    assert_eq!(st.activity, A::Talking, "AgentState_Busy = handling a call");
    let mut st = ready();
    apply(
        &mut st,
        "AgentEvent_Customer_Alerting",
        json!({"callid":"5-5","otherPhone":"123"}),
    );
    assert_eq!(
        (st.activity, st.call_id.as_deref()),
        (A::Dialing, Some("5-5"))
    );
}

#[test]
fn sign_in_and_out() {
    let mut st = talking();
    apply(
        &mut st,
        "AgentOther_ShutdownService",
        json!({"loginTime":"1471585949806"}),
    );
    assert_eq!(
        (st.presence, st.activity, st.call_id.clone()),
        (P::Offline, A::None, None)
    );
    // A forced sign-in over an agent in a call: InService, then the call (no AgentState_Ready).
    let mut st = HuaweiAgentState::new("291");
    apply(&mut st, "AgentOther_InService", Value::Null);
    apply(&mut st, "AgentEvent_Talking", json!({"callid":"1-1"}));
    assert_eq!((st.presence, st.activity), (P::Ready, A::Talking));
    let mut st = ready();
    st.signed_out(5);
    assert_eq!(st.presence, P::Offline);
}

#[test]
fn pending_busy_and_rest_while_talking() {
    let mut st = talking();
    st.request(Pending::Busy { reason: Some(201) });
    assert!(st.flags.pending_next);
    assert_eq!(st.presence, P::Ready);
    apply(&mut st, "AgentEvent_Call_Release", json!("1456401416-3"));
    assert!(st.flags.pending_next, "still pending until the state event");
    apply(
        &mut st,
        "AgentState_SetNotReady_Success",
        json!({"reason":"201"}),
    );
    assert!(!st.flags.pending_next && st.pending.is_none());
    assert_eq!(st.presence, P::NotReady);

    let mut st = talking();
    st.request(Pending::Rest {
        secs: 900,
        cause: 1,
    });
    assert_eq!(
        st.pending,
        Some(Pending::Rest {
            secs: 900,
            cause: 1
        })
    );
    apply(&mut st, "AgentState_Work", Value::Null);
    assert!(st.flags.pending_next);
    apply(&mut st, "AgentState_SetRest_Success", json!({"reason":"1"}));
    assert_eq!(
        (st.presence, st.activity, st.flags.pending_next),
        (P::Break, A::None, false)
    );
    assert_eq!(st.reason.clone().unwrap().planned_secs, Some(900));
}

#[test]
fn ivr_round_trip() {
    let mut st = talking();
    st.sent_to_ivr();
    assert!(st.flags.in_ivr);
    // A release of the call while it is in the IVR keeps the IVR mark.
    apply(&mut st, "AgentEvent_Call_Release", json!("1456401416-3"));
    assert!(st.flags.in_ivr);
    st.apply_event(
        &ev(r#"{"message":"","retcode":"0","event":{"eventType":"AgentEvent_ReturnFromIvr","workNo":"108","content":"1456401416-3"}}"#),
        9,
        &causes(),
    );
    assert_eq!(
        (st.flags.in_ivr, st.activity, st.call_id.as_deref()),
        (false, A::Talking, Some("1456401416-3"))
    );
    // The customer hanging up in the IVR ends it.
    let mut st = talking();
    st.sent_to_ivr();
    apply(
        &mut st,
        "AgentEvent_Customer_Release",
        json!("1456401416-3"),
    );
    assert!(!st.flags.in_ivr);
}

#[test]
fn qc_flags_and_noise() {
    let mut st = talking();
    apply(
        &mut st,
        "AgentOther_BeQcStart",
        json!({"qcType":8,"qcAgentId":"900"}),
    );
    assert!(st.flags.monitored);
    apply(&mut st, "AgentOther_BeQcStart", json!({"qcType":"20172"}));
    assert!(st.flags.coached);
    apply(&mut st, "AgentOther_BeQcStop", Value::Null);
    assert!(!st.flags.monitored && !st.flags.coached);
    let before = st.clone();
    for t in [
        "AgentOther_PhoneOffhook",
        "AgentOther_PhoneRelease",
        "AgentOther_All_Agent_Busy",
        "Unknown_Thing",
    ] {
        apply(&mut st, t, json!({"phoneState":3}));
        assert_eq!(
            (st.presence, st.activity),
            (before.presence, before.activity),
            "{t}"
        );
    }
}

fn qc(st: &mut HuaweiAgentState, sub: &str) {
    let e = ev(&json!({"eventType":"QC_AgentState_Notify","workNo":"900","content":{"subtype":sub,"monitoredagent":"291","agentname":"Li Lei"}}).to_string());
    st.apply_qc(&e.qc().unwrap(), 5);
}

#[test]
fn qc_subtypes_value_by_value() {
    let cases: &[(&str, P, A)] = &[
        ("QC_AgentState_Login", P::SigningIn, A::None),
        ("QC_AgentState_Idle", P::Ready, A::None),
        ("QC_AgentState_Busy", P::NotReady, A::None),
        ("QC_AgentState_Rest", P::Break, A::None),
        ("QC_AgentState_Logout", P::Offline, A::None),
    ];
    for (sub, p, a) in cases {
        let mut st = HuaweiAgentState::new("291");
        qc(&mut st, "QC_AgentState_Idle");
        qc(&mut st, sub);
        assert_eq!((st.presence, st.activity), (*p, *a), "{sub}");
        assert_eq!(st.name.as_deref(), Some("Li Lei"));
    }
    let acts: &[(&str, A)] = &[
        ("QC_AgentState_WaitAnswer", A::Ringing),
        ("QC_AgentState_WaitAlerting", A::Dialing),
        ("QC_AgentState_Active", A::Talking),
        ("QC_AgentState_ThreeParty", A::Talking),
        ("QC_AgentState_Work", A::WrapUp),
    ];
    for (sub, a) in acts {
        let mut st = HuaweiAgentState::new("291");
        qc(&mut st, "QC_AgentState_Idle");
        qc(&mut st, sub);
        assert_eq!((st.presence, st.activity), (P::Ready, *a), "{sub}");
    }
    let mut st = HuaweiAgentState::new("291");
    qc(&mut st, "QC_AgentState_Active");
    qc(&mut st, "QC_AgentState_HungUp");
    assert_eq!(st.activity, A::None);
    qc(&mut st, "QC_AgentState_Mute");
    assert!(st.flags.mute);
    qc(&mut st, "QC_AgentState_Monitor");
    assert!(st.flags.monitored);
    qc(&mut st, "QC_AgentState_StopMonitor");
    assert!(!st.flags.monitored);
    // A busy agent on break stays on break when QC reports "Busy".
    let mut st = ready();
    apply(&mut st, "AgentState_SetRest_Success", json!({"reason":"1"}));
    qc(&mut st, "QC_AgentState_Busy");
    assert_eq!(st.presence, P::Break);
    assert_eq!(
        QcSubtype::from_name("QC_AgentState_RecordBegin"),
        QcSubtype::RecordBegin
    );
}

#[test]
fn snapshots_value_by_value() {
    let snap = |status: Option<i64>, cti: Option<i64>| AgentSnapshot {
        workno: "291".into(),
        name: "张伟".into(),
        status,
        cti_status: cti,
        ..Default::default()
    };
    type Case = (Option<i64>, Option<i64>, P, A, bool);
    let cases: &[Case] = &[
        (Some(2), Some(0), P::Offline, A::None, false),
        (Some(3), Some(7), P::NotReady, A::None, false),
        (Some(4), Some(1), P::Ready, A::None, false),
        (Some(5), Some(6), P::Ready, A::WrapUp, false),
        (Some(6), None, P::Ready, A::None, false),
        (Some(7), Some(4), P::Ready, A::Ringing, false),
        (Some(7), Some(5), P::Ready, A::Talking, false),
        (Some(8), Some(8), P::Break, A::None, false),
        (Some(9), Some(5), P::Ready, A::Talking, true),
        (Some(1), None, P::SigningIn, A::None, false),
        (None, Some(9), P::Break, A::None, false),
        (None, Some(2), P::Ready, A::Ringing, false),
        (None, Some(3), P::Ready, A::Ringing, false),
        (None, Some(10), P::NotReady, A::None, false),
    ];
    for (s, c, p, a, pending) in cases {
        let mut st = HuaweiAgentState::new("291");
        st.apply_snapshot(&snap(*s, *c), 7);
        assert_eq!(
            (st.presence, st.activity, st.flags.pending_next),
            (*p, *a, *pending),
            "{s:?}/{c:?}"
        );
        assert!(!st.unknown);
        assert_eq!(st.name.as_deref(), Some("张伟"));
    }
    let mut st = HuaweiAgentState::new("291");
    st.apply_snapshot(&snap(Some(0), None), 7);
    assert!(st.unknown);
    assert_eq!(
        st.to_agent(Arc::from("hw"), 8).freshness,
        Freshness::Unknown
    );
    let mut st = HuaweiAgentState::new("291");
    st.apply_snapshot(&snap(None, Some(9)), 7);
    assert_eq!(st.reason.clone().unwrap().category, C::Training);
}

#[test]
fn to_agent_carries_everything() {
    let mut st = talking();
    st.request(Pending::Busy { reason: Some(200) });
    let a = st.to_agent(Arc::from("huawei-sim"), 42);
    assert_eq!(
        (a.id.as_str(), a.presence, a.activity),
        ("291", P::Ready, A::Talking)
    );
    assert!(a.flags.pending_next);
    assert_eq!(a.call_id.as_deref(), Some("1456401416-3"));
    assert_eq!(
        (a.last_seen, a.since, a.freshness),
        (Some(42), Some(2), Freshness::Fresh)
    );
    assert_eq!(a.raw.state, "AgentEvent_Talking");
    assert!(a
        .raw
        .extra
        .contains(&("pending".to_string(), "busy:200".to_string())));
}

fn qc_with(st: &mut HuaweiAgentState, sub: &str, reason: Option<&str>) {
    let mut content = json!({"subtype":sub,"monitoredagent":"291","agentname":"Li Lei"});
    if let Some(r) = reason {
        content["reason"] = json!(r);
    }
    let e = ev(
        &json!({"eventType":"QC_AgentState_Notify","workNo":"900","content":content}).to_string(),
    );
    st.apply_qc(&e.qc().unwrap(), 5);
}

#[test]
fn qc_busy_keeps_a_reported_reason_and_an_unreported_one_is_unknown() {
    let mut st = HuaweiAgentState::new("291");
    qc(&mut st, "QC_AgentState_Idle");
    qc_with(&mut st, "QC_AgentState_Busy", Some("2"));
    let r = st.reason.clone().unwrap();
    assert_eq!(st.presence, P::NotReady);
    assert_eq!(
        (r.code.as_str(), r.label.as_str(), r.category),
        ("busy:2", "no answer", C::SystemNoAnswer)
    );
    // A later notify without a reason does not forget it.
    qc(&mut st, "QC_AgentState_Busy");
    assert_eq!(st.reason.clone().unwrap().code, "busy:2");
    // Reason 4 is rest: a break.
    qc(&mut st, "QC_AgentState_Idle");
    qc_with(&mut st, "QC_AgentState_Busy", Some("4"));
    assert_eq!(st.presence, P::Break);
    // Nothing reported: unknown, not "busy (other)".
    qc(&mut st, "QC_AgentState_Idle");
    qc(&mut st, "QC_AgentState_Busy");
    let r = st.reason.clone().unwrap();
    assert_eq!(st.presence, P::NotReady);
    assert_eq!(r.category, C::Unknown);
    assert!(r.label.contains("not reported"), "{}", r.label);
}

#[test]
fn a_snapshot_busy_reason_is_kept_exactly() {
    let snap = |busy_reason: Option<u32>| AgentSnapshot {
        workno: "291".into(),
        status: Some(3),
        cti_status: Some(7),
        busy_reason,
        ..Default::default()
    };
    let mut st = HuaweiAgentState::new("291");
    st.apply_snapshot(&snap(Some(2)), 7);
    let r = st.reason.clone().unwrap();
    assert_eq!((st.presence, r.code.as_str()), (P::NotReady, "busy:2"));
    assert_eq!(r.category, C::SystemNoAnswer);
    // Another reason while still busy replaces it; a snapshot without one keeps the known one.
    st.apply_snapshot(&snap(Some(201)), 8);
    assert_eq!(st.reason.clone().unwrap().code, "busy:201");
    st.apply_snapshot(&snap(None), 9);
    assert_eq!(st.reason.clone().unwrap().code, "busy:201");
    // Reason 4 is rest: a break.
    st.apply_snapshot(&snap(Some(4)), 10);
    assert_eq!(st.presence, P::Break);
    // No reason known at all: unknown.
    let mut st = HuaweiAgentState::new("291");
    st.apply_snapshot(&snap(None), 7);
    assert_eq!(st.reason.clone().unwrap().category, C::Unknown);
    // The wire field.
    let parsed = AgentSnapshot::from_value(
        &json!({"workno":"291","status":3,"ctiStatus":7,"busyReason":"2"}),
    )
    .unwrap();
    assert_eq!(parsed.busy_reason, Some(2));
}

/// A reconciliation repeats what is known for most agents: folding the same snapshot and rest
/// details again, later, into the state they made (no event between) changes nothing. The
/// Huawei refresh relies on it to skip the entries whose text did not change.
#[test]
fn folding_the_same_snapshot_again_changes_nothing() {
    use crate::backend::huawei::wire::RestInfo;
    let mut starts = vec![HuaweiAgentState::new("291"), ready(), talking()];
    let mut pending = talking();
    pending.request(Pending::Rest { secs: 60, cause: 1 });
    starts.push(pending);
    let mut resting = ready();
    apply(
        &mut resting,
        "AgentState_SetRest_Success",
        json!({"reason": "2"}),
    );
    starts.push(resting);
    let codes: Vec<Option<i64>> = (-1..=12).map(Some).chain([None]).collect();
    let rests = [
        None,
        Some(RestInfo {
            workno: "291".into(),
            cause: 1,
            planned_secs: Some(900),
            began: Some(1_700_000_000_000),
        }),
        Some(RestInfo {
            workno: "291".into(),
            cause: 7,
            planned_secs: None,
            began: None,
        }),
    ];
    let mut checked = 0;
    for start in &starts {
        for status in &codes {
            for cti in &codes {
                for busy in [None, Some(0), Some(4), Some(200)] {
                    for rest in &rests {
                        let snap = AgentSnapshot {
                            workno: "291".into(),
                            name: "Li".into(),
                            status: *status,
                            cti_status: *cti,
                            call_ids: vec!["1-2".into()],
                            busy_reason: busy,
                            ..AgentSnapshot::default()
                        };
                        let fold = |st: &mut HuaweiAgentState, now| {
                            st.apply_snapshot(&snap, now);
                            if let Some(info) = rest {
                                st.apply_rest_info(info, &causes());
                            }
                        };
                        let mut once = start.clone();
                        fold(&mut once, 5_000);
                        let mut twice = once.clone();
                        fold(&mut twice, 9_000);
                        assert_eq!(once, twice, "{status:?} {cti:?} {busy:?} {rest:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 10_000);
}
