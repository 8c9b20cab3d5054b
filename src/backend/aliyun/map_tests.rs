//! The CCC → unified model mapping, value by value.

use super::*;
use crate::backend::aliyun::wire::ChannelContext;

fn planned() -> BTreeMap<String, u64> {
    BTreeMap::from([
        ("lunchtime".to_string(), 1800),
        ("meeting".to_string(), 3600),
        ("Warm-up".to_string(), 60),
    ])
}

fn ctx<'a>(planned: &'a BTreeMap<String, u64>, dir: &'a Directory) -> MapContext<'a> {
    MapContext {
        backend: Arc::from("ali"),
        now_ms: 1_700_000_000_000,
        planned,
        directory: dir,
    }
}

#[test]
fn every_realtime_state() {
    use Activity as A;
    use Presence as P;
    let cases = [
        ("Ready", P::Ready, A::None),
        ("Talking", P::Ready, A::Talking),
        ("ACW", P::Ready, A::WrapUp),
        ("Break", P::Break, A::None),
        ("Ringing", P::Ready, A::Ringing),
        ("Offline", P::Offline, A::None),
        ("Dialing", P::Ready, A::Dialing),
    ];
    for (state, p, a) in cases {
        assert_eq!(state_of(state), Some((p, a)), "{state}");
    }
    assert_eq!(state_of("Sleeping"), None);
    assert_eq!(state_of(""), None);
}

#[test]
fn every_user_state() {
    use Activity as A;
    use Presence as P;
    let cases = [
        ("READY", P::Ready, A::None),
        ("TALKING", P::Ready, A::Talking),
        ("WORKING", P::Ready, A::WrapUp),
        ("BREAK", P::Break, A::None),
        ("RINGING", P::Ready, A::Ringing),
        ("OFFLINE", P::Offline, A::None),
        ("DIALING", P::Ready, A::Dialing),
    ];
    for (state, p, a) in cases {
        assert_eq!(state_of(state), Some((p, a)), "{state}");
    }
}

#[test]
fn every_state_code() {
    let cases: [(&str, Activity, bool, bool); 8] = [
        ("Monitoring", Activity::Supervising, false, false),
        ("Coaching", Activity::Supervising, false, false),
        ("Monitored", Activity::Talking, true, false),
        ("Coached", Activity::Talking, false, true),
        ("Consulted", Activity::Talking, false, false),
        ("Consulting", Activity::Talking, false, false),
        ("Conference", Activity::Talking, false, false),
        ("CHECK_IN_BREAK", Activity::Talking, false, false),
    ];
    for (code, activity, monitored, coached) in cases {
        let mut a = Activity::Talking;
        let mut f = Flags::default();
        apply_state_code(code, &mut a, &mut f);
        assert_eq!(a, activity, "{code}");
        assert_eq!((f.monitored, f.coached), (monitored, coached), "{code}");
    }
}

#[test]
fn system_break_codes() {
    let p = planned();
    let (presence, reason) = break_reason("Warm-up", &p);
    assert_eq!(presence, Presence::SigningIn);
    assert_eq!(
        reason,
        Some(Reason {
            code: "Warm-up".into(),
            label: "warm-up after sign-in".into(),
            category: ReasonCategory::WarmUp,
            planned_secs: Some(60),
        })
    );
    let (presence, reason) = break_reason("RingingTimeout", &p);
    assert_eq!(presence, Presence::NotReady);
    let reason = reason.unwrap();
    assert_eq!(reason.category, ReasonCategory::SystemNoAnswer);
    assert_eq!(reason.code, "RingingTimeout");
    assert_eq!(reason.planned_secs, None);
    let (presence, reason) = break_reason("RejectCall", &p);
    assert_eq!(presence, Presence::NotReady);
    assert_eq!(reason.unwrap().category, ReasonCategory::SystemReject);
    assert_eq!(break_reason("", &p), (Presence::Break, None));
}

#[test]
fn custom_break_codes_by_name() {
    use ReasonCategory as C;
    let cases = [
        ("lunch", C::Meal),
        ("lunchtime", C::Meal),
        ("Meal", C::Meal),
        ("午餐", C::Meal),
        ("就餐", C::Meal),
        ("meeting", C::Meeting),
        ("Team Meeting", C::Meeting),
        ("会议", C::Meeting),
        ("training", C::Training),
        ("coaching", C::Training),
        ("培训", C::Training),
        ("辅导", C::Training),
        ("break", C::ShortBreak),
        ("小休", C::ShortBreak),
        ("rest", C::ShortBreak),
        ("默认", C::ShortBreak),
        ("强制小休", C::SupervisorForced),
        ("busy", C::BusyOther),
        ("xyz-42", C::Unknown),
        ("warmup", C::WarmUp),
    ];
    for (code, cat) in cases {
        assert_eq!(category_of(code), cat, "{code}");
        let (presence, reason) = break_reason(code, &BTreeMap::new());
        if !matches!(cat, C::WarmUp) {
            assert_eq!(presence, Presence::Break, "{code}");
            assert_eq!(reason.unwrap().label, code);
        }
    }
}

#[test]
fn planned_duration_from_code_case_or_category() {
    let mut p = planned();
    assert_eq!(
        break_reason("lunchtime", &p).1.unwrap().planned_secs,
        Some(1800)
    );
    assert_eq!(
        break_reason("LunchTime", &p).1.unwrap().planned_secs,
        Some(1800)
    );
    assert_eq!(break_reason("午餐", &p).1.unwrap().planned_secs, None);
    p.insert("meal".into(), 2700);
    assert_eq!(break_reason("午餐", &p).1.unwrap().planned_secs, Some(2700));
    assert_eq!(break_reason("会议", &p).1.unwrap().planned_secs, Some(3600));
}

fn realtime(state: &str) -> RealtimeAgentState {
    RealtimeAgentState {
        agent_id: "li.lei@ccc-test".into(),
        agent_name: "李雷".into(),
        extension: "8001".into(),
        instance_id: "ccc-test".into(),
        state: state.into(),
        state_time: 1_699_999_990_000,
        duration: 10,
        work_mode: "ON_SITE".into(),
        skill_group_id_list: vec!["skg1@ccc-test".into()],
        skill_group_name_list: vec!["售前".into()],
        ..RealtimeAgentState::default()
    }
}

#[test]
fn realtime_item_to_agent() {
    let p = planned();
    let users = [User {
        user_id: "li.lei@ccc-test".into(),
        display_name: "Li Lei".into(),
        skill_level_list: vec![
            SkillLevel {
                skill_group_id: "skg1@ccc-test".into(),
                skill_group_name: "售前".into(),
                skill_level: 2,
            },
            SkillLevel {
                skill_group_id: "skg2@ccc-test".into(),
                skill_group_name: "售后".into(),
                skill_level: 5,
            },
        ],
        ..User::default()
    }];
    let dir = Directory::new(&users, &[]);
    let mut s = realtime("Talking");
    s.state_code = "Monitored".into();
    s.call_type = "Inbound".into();
    s.outbound_scenario = true;
    let a = agent_from_realtime(&s, &ctx(&p, &dir));
    assert_eq!(&*a.backend, "ali");
    assert_eq!(a.id, "li.lei@ccc-test");
    assert_eq!(a.name, "李雷");
    assert_eq!(
        (a.presence, a.activity),
        (Presence::Ready, Activity::Talking)
    );
    assert!(a.flags.monitored && a.flags.outbound_only && !a.flags.coached);
    assert_eq!(a.reason, None);
    assert_eq!(a.since, Some(1_699_999_990_000));
    assert_eq!(a.last_seen, Some(1_700_000_000_000));
    assert_eq!(a.freshness, Freshness::Fresh);
    assert_eq!(a.extension, "8001");
    assert_eq!(a.work_mode.as_deref(), Some("ON_SITE"));
    assert_eq!(a.call_id, None);
    assert_eq!(
        a.skills,
        vec![
            SkillRef {
                id: "skg1@ccc-test".into(),
                name: "售前".into(),
                level: Some(2),
                signed: true
            },
            SkillRef {
                id: "skg2@ccc-test".into(),
                name: "售后".into(),
                level: Some(5),
                signed: false
            },
        ]
    );
    assert_eq!(
        a.raw,
        RawCodes {
            state: "Talking".into(),
            sub_state: Some("Monitored".into()),
            extra: vec![("CallType".into(), "Inbound".into())],
        }
    );
}

#[test]
fn realtime_breaks_supervising_and_timing() {
    let p = planned();
    let dir = Directory::default();
    let c = ctx(&p, &dir);
    let mut s = realtime("Break");
    s.break_code = "lunchtime".into();
    let a = agent_from_realtime(&s, &c);
    assert_eq!(a.presence, Presence::Break);
    assert_eq!(a.reason.as_ref().unwrap().category, ReasonCategory::Meal);
    assert_eq!(a.reason.as_ref().unwrap().planned_secs, Some(1800));
    assert_eq!(a.raw.extra, vec![("BreakCode".into(), "lunchtime".into())]);

    s.break_code = "Warm-up".into();
    assert_eq!(agent_from_realtime(&s, &c).presence, Presence::SigningIn);
    s.break_code = "RingingTimeout".into();
    let a = agent_from_realtime(&s, &c);
    assert_eq!(a.presence, Presence::NotReady);
    assert_eq!(a.reason.unwrap().category, ReasonCategory::SystemNoAnswer);

    let mut s = realtime("Talking");
    s.state_code = "Coaching".into();
    assert_eq!(agent_from_realtime(&s, &c).activity, Activity::Supervising);

    let mut s = realtime("ACW");
    s.state_time = 0;
    s.duration = 30;
    let a = agent_from_realtime(&s, &c);
    assert_eq!(a.activity, Activity::WrapUp);
    assert_eq!(a.since, Some(1_700_000_000_000 - 30_000));

    let mut s = realtime("Hibernating");
    s.agent_name.clear();
    let a = agent_from_realtime(&s, &c);
    assert_eq!(
        (a.presence, a.freshness),
        (Presence::Offline, Freshness::Unknown)
    );
    assert_eq!(a.raw.state, "Hibernating");
    assert_eq!(a.name, "li.lei", "falls back to the login name");
    // skill names come from SkillGroupNameList, then the directory, then the id's login part
    assert_eq!(a.skills[0].name, "售前");
    let mut s = realtime("Ready");
    s.skill_group_name_list.clear();
    assert_eq!(agent_from_realtime(&s, &c).skills[0].name, "skg1");
}

#[test]
fn since_units() {
    assert_eq!(since_of(1_696_670_640_774, 5, 0), Some(1_696_670_640_774));
    assert_eq!(since_of(1_696_670_640, 5, 0), Some(1_696_670_640_000));
    assert_eq!(since_of(8, 5, 100_000), Some(95_000));
    assert_eq!(since_of(0, 0, 100_000), None);
}

#[test]
fn context_with_call_to_agent() {
    let p = planned();
    let dir = Directory::default();
    let c = ctx(&p, &dir);
    let uc = UserContext {
        user_id: "user-test@ccc-test".into(),
        user_state: "TALKING".into(),
        job_id: "job-1".into(),
        extension: "80326034".into(),
        work_mode: "ON_SITE".into(),
        signed_skill_group_id_list: vec!["skg-test1@ccc-test".into()],
        ..UserContext::default()
    };
    let call = CallContext {
        call_type: "INBOUND".into(),
        job_id: "job-1".into(),
        channel_contexts: vec![ChannelContext {
            user_id: "user-test@ccc-test".into(),
            channel_flags: "HOLD,MUTED MONITORED COACHED".into(),
            call_type: "INBOUND".into(),
            ..ChannelContext::default()
        }],
        ..CallContext::default()
    };
    let a = agent_from_context(&uc, Some(&call), &c);
    assert_eq!(
        (a.presence, a.activity),
        (Presence::Ready, Activity::Talking)
    );
    assert_eq!(a.call_id.as_deref(), Some("job-1"));
    assert!(a.flags.hold && a.flags.mute && a.flags.monitored && a.flags.coached);
    assert_eq!(a.skills[0].name, "skg-test1");
    assert!(a.skills[0].signed);
    assert_eq!(a.since, None);
    assert_eq!(a.raw.state, "TALKING");
    assert_eq!(a.raw.extra, vec![("CallType".into(), "INBOUND".into())]);

    let mut sup = call.clone();
    sup.channel_contexts[0].channel_flags = "MONITORING".into();
    assert_eq!(
        agent_from_context(&uc, Some(&sup), &c).activity,
        Activity::Supervising
    );
    let mut barge = call;
    barge.channel_contexts[0].channel_flags.clear();
    barge.channel_contexts[0].call_type = "BARGE".into();
    assert_eq!(
        agent_from_context(&uc, Some(&barge), &c).activity,
        Activity::Supervising
    );

    let warm = UserContext {
        user_state: "BREAK".into(),
        break_code: "Warm-up".into(),
        outbound_scenario: true,
        ..uc.clone()
    };
    let a = agent_from_context(&warm, None, &c);
    assert_eq!(a.presence, Presence::SigningIn);
    assert_eq!(a.reason.unwrap().category, ReasonCategory::WarmUp);
    assert!(a.flags.outbound_only);
    let off = UserContext {
        user_state: "OFFLINE".into(),
        job_id: "无".into(),
        ..UserContext::default()
    };
    assert_eq!(
        agent_from_context(&off, None, &c).presence,
        Presence::Offline
    );
}
