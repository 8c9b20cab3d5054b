//! Wire types against the vendor's own example bodies (seeds, verbatim) and lenient shapes.

use super::*;
use crate::backend::aliyun::lenient;
use serde_json::Value;

/// Verbatim from `seeds/000_222c3f55420ab125.txt` (JSON example).
const SEED_SIGN_IN_GROUP: &str = r#"{
	"RequestId": "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75",
	"Message": "无",
	"HttpStatusCode": "200",
	"Params": "无",
	"Data": {
		"Extension": "80326034",
		"UserState": "BREAK",
		"InstanceId": "ccc-test",
		"UserId": "user-test@ccc-test",
		"DeviceId": "ACC-YUNBS-1.0.10-b18bp53c1736c2914176a801ei90",
		"BreakCode": "Warm-up",
		"OutboundScenario": "false",
		"WorkMode": "ON_SITE",
		"SignedSkillGroupIdList": "[\"skg-test1@ccc-test\",\"skg-test2@ccc-test\"]"
	},
	"Code": "OK"
}
"#;

/// Verbatim from `seeds/003_8145839af689dbb1.txt` (JSON example).
const SEED_GET_ROUTE_POINT: &str = r#"{
  "HttpStatusCode": 200,
  "RequestId": "F81866AD-A125-4D9A-A942-1CD6FBA9E9F5",
  "RoutePoint": "80206198",
  "Success": true,
  "Code": "OK"
}
"#;

/// Verbatim from `seeds/003_8145839af689dbb1.txt` (JSON example).
const SEED_RESET_USER_STATUS: &str = r#"{  
  "HttpStatusCode":200,  
  "RequestId":"2D4F3E45-96CD-4210-B15B-F27BAC29FE29",  
  "Success":true,  
  "Code":"OK"  
}
"#;

/// Verbatim from `seeds/004_803925dcc456bd03.txt` (JSON example).
const SEED_LAUNCH_AUTHENTICATION: &str = r#"{
	"RequestId": "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75",
	"Message": "无",
	"HttpStatusCode": "200",
	"Params": "无",
	"Data": {
		"UserContext": {
			"UserState": "BREAK",
			"InstanceId": "ccc-test",
			"DeviceId": "ACC-YUNBS-1.0.10-b18bp53c1736c2914176a801ei90",
			"BreakCode": "Warm-up",
			"OutboundScenario": "false",
			"Mobile": "86-132xxxx4730",
			"SignedSkillGroupIdList": "[\"skg-test1@ccc-test\",\"skg-test2@ccc-test\"]",
			"Extension": "80326034",
			"UserId": "user-test@ccc-test",
			"Heartbeat": "1609136956378",
			"WorkMode": "ON_SITE",
			"JobId": "job-65382141036853491",
			"Reserved": "1609136956378"
		},
		"CallContext": {
			"InstanceId": "ccc-test",
			"CallType": "OUTBOUND",
			"JobId": "job-65382141036853491",
			"ChannelContexts": [{
				"Destination": "139xxxx0501",
				"ChannelState": "CREATED",
				"ReleaseInitiator": "139xxxx0501",
				"CallType": "OUTBOUND",
				"Index": "10",
				"SkillGroupId": "skg-default@ccc-test",
				"AssociatedData": "无",
				"ChannelId": "ch:user:139xxxx0501->80326034:1609138902226:job-65382141036853491",
				"Timestamp": "1609138903315",
				"ReleaseReason": "404 - No destination",
				"Originator": "083xxxx0019",
				"ChannelFlags": "MONITORING",
				"UserId": "user-test@ccc-test",
				"UserExtension": "80326034",
				"JobId": "job-65382141036853491"
			}]
		}
	},
	"Code": "OK"
}
"#;

fn data<T: serde::de::DeserializeOwned>(body: &str) -> T {
    let v: Value = serde_json::from_str(body).expect("seed is JSON");
    serde_json::from_value(v["Data"].clone()).expect("Data parses")
}

#[test]
fn seed_sign_in_group_parses_verbatim() {
    let env: Envelope = serde_json::from_str(SEED_SIGN_IN_GROUP).unwrap();
    assert_eq!(env.request_id, "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75");
    assert_eq!(env.http_status_code, 200, "\"200\" as a string");
    assert_eq!(env.message, "", "无 means none");
    assert!(env.params.is_empty(), "Params \"无\" is an empty list");
    assert_eq!(env.code, "OK");
    let ctx: UserContext = data(SEED_SIGN_IN_GROUP);
    assert_eq!(
        ctx,
        UserContext {
            user_id: "user-test@ccc-test".into(),
            instance_id: "ccc-test".into(),
            device_id: "ACC-YUNBS-1.0.10-b18bp53c1736c2914176a801ei90".into(),
            extension: "80326034".into(),
            work_mode: "ON_SITE".into(),
            break_code: "Warm-up".into(),
            user_state: "BREAK".into(),
            outbound_scenario: false,
            signed_skill_group_id_list: vec![
                "skg-test1@ccc-test".into(),
                "skg-test2@ccc-test".into()
            ],
            ..UserContext::default()
        }
    );
}

#[test]
fn seed_launch_authentication_parses_verbatim() {
    let st: UserStatus = data(SEED_LAUNCH_AUTHENTICATION);
    let u = &st.user_context;
    assert_eq!(u.user_state, "BREAK");
    assert_eq!(
        u.heartbeat, 1_609_136_956_378,
        "\"1609136956378\" as a string"
    );
    assert_eq!(u.reserved, 1_609_136_956_378);
    assert_eq!(u.job_id, "job-65382141036853491");
    assert_eq!(u.mobile, "86-132xxxx4730");
    assert_eq!(u.signed_skill_group_id_list.len(), 2);
    let call = st.call_context.expect("CallContext");
    assert_eq!(call.call_type, "OUTBOUND");
    assert_eq!(call.job_id, "job-65382141036853491");
    assert_eq!(call.channel_contexts.len(), 1);
    let ch = &call.channel_contexts[0];
    assert_eq!(ch.index, 10, "\"10\" as a string");
    assert_eq!(ch.timestamp, 1_609_138_903_315);
    assert_eq!(ch.channel_flags, "MONITORING");
    assert_eq!(ch.channel_state, "CREATED");
    assert_eq!(
        ch.channel_id,
        "ch:user:139xxxx0501->80326034:1609138902226:job-65382141036853491"
    );
    assert_eq!(ch.release_reason, "404 - No destination");
}

#[test]
fn seed_2017_bodies_parse_verbatim() {
    let r: RoutePointReply = serde_json::from_str(SEED_GET_ROUTE_POINT).unwrap();
    assert_eq!(r.route_point, "80206198");
    assert!(r.success);
    assert_eq!(r.request_id, "F81866AD-A125-4D9A-A942-1CD6FBA9E9F5");
    let r: ResetUserStatusReply = serde_json::from_str(SEED_RESET_USER_STATUS).unwrap();
    assert!(r.success);
    assert_eq!(r.code, "OK");
    assert_eq!(r.request_id, "2D4F3E45-96CD-4210-B15B-F27BAC29FE29");
}

/// The META example of ListRealtimeAgentStates, plus an unknown field and numbers as strings.
const REALTIME_PAGE: &str = r#"{
  "RequestId": "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75",
  "HttpStatusCode": 200, "Code": "OK", "Message": "",
  "Data": {
    "PageNumber": "1", "PageSize": 100, "TotalCount": "2",
    "List": [
      {"AgentId": "agent@ccc-test", "AgentName": "张三", "Extension": "8032****",
       "InstanceId": "ccc-test", "State": "Talking", "StateCode": "Monitored",
       "StateTime": 1696670640774, "Duration": "8", "CallType": "Inbound",
       "CounterParty": "1385****000", "Mobile": "1385****000", "OutboundScenario": false,
       "SkillGroupIdList": ["skg1@ccc-test", "skg2@ccc-test"],
       "SkillGroupNameList": "[\"售前\",\"售后\"]",
       "WorkMode": "ON_SITE", "BreakCode": "", "NewFieldFrom2030": {"x": 1}},
      {"AgentId": "b@ccc-test", "State": "Break", "BreakCode": "午餐",
       "StateTime": "1696670000000", "OutboundScenario": "true",
       "SkillGroupIdList": "skg1@ccc-test, skg3@ccc-test"}
    ]
  }
}"#;

#[test]
fn realtime_page_is_read_leniently() {
    let page: Page<RealtimeAgentState> = data(REALTIME_PAGE);
    assert_eq!(
        (page.page_number, page.page_size, page.total_count),
        (1, 100, 2)
    );
    let a = &page.list[0];
    assert_eq!(a.agent_name, "张三");
    assert_eq!(a.state, "Talking");
    assert_eq!(a.state_code, "Monitored");
    assert_eq!(a.state_time, 1_696_670_640_774);
    assert_eq!(a.duration, 8);
    assert_eq!(a.skill_group_name_list, vec!["售前", "售后"]);
    assert_eq!(
        a.skill_group_id_list,
        vec!["skg1@ccc-test", "skg2@ccc-test"]
    );
    let b = &page.list[1];
    assert_eq!(b.state_time, 1_696_670_000_000);
    assert!(b.outbound_scenario);
    assert_eq!(
        b.skill_group_id_list,
        vec!["skg1@ccc-test", "skg3@ccc-test"]
    );
    assert_eq!(b.agent_name, "");
}

#[test]
fn ram_id_above_2_pow_53_is_exact() {
    let body = r#"{"Data":{"PageNumber":1,"PageSize":100,"TotalCount":2,"List":[
        {"UserId":"a@ccc-test","RamId":213371787658919483,"Primary":"true",
         "SkillLevelList":[{"SkillGroupId":"skg1@ccc-test","SkillGroupName":"售前","SkillLevel":"3"}]},
        {"UserId":"b@ccc-test","RamId":"213371787658919485"}]}}"#;
    let page: Page<User> = data(body);
    assert_eq!(page.list[0].ram_id, 213_371_787_658_919_483);
    assert_eq!(page.list[1].ram_id, 213_371_787_658_919_485);
    assert!(page.list[0].primary);
    assert_eq!(page.list[0].skill_level_list[0].skill_level, 3);
}

#[test]
fn scalars_never_fail_a_response() {
    let v: InstanceStates = serde_json::from_str(
        r#"{"TotalAgents":"12","ReadyAgents":3.0,"TalkingAgents":null,"WorkingAgents":"n/a",
            "BreakCodeDetailList":"[{\"BreakCode\":\"Warm-up\",\"Count\":\"2\"}]","Extra":[1,2]}"#,
    )
    .unwrap();
    assert_eq!(v.total_agents, 12);
    assert_eq!(v.ready_agents, 3);
    assert_eq!(v.talking_agents, 0);
    assert_eq!(v.working_agents, 0);
    assert_eq!(
        v.break_code_detail_list,
        vec![BreakCodeCount {
            break_code: "Warm-up".into(),
            count: 2
        }]
    );
    let c: ContactFlow =
        serde_json::from_str(r#"{"ContactFlowId":"cf-1","Type":"MAIN_FLOW","Published":"true"}"#)
            .unwrap();
    assert_eq!(c.flow_type, "MAIN_FLOW");
    assert!(c.published);
    let d: Vec<Device> = serde_json::from_value(serde_json::json!([
        {"DeviceId": "dev-1", "Expires": "1609136956378", "UserId": "a@ccc-test"}
    ]))
    .unwrap();
    assert_eq!(d[0].expires, 1_609_136_956_378);
}

#[test]
fn user_status_without_call_context() {
    let st: UserStatus = serde_json::from_str(
        r#"{"ContextId":"7","UserContext":{"UserState":"READY"},"CallContext":"无"}"#,
    )
    .unwrap();
    assert_eq!(st.context_id, 7);
    assert_eq!(st.user_context.user_state, "READY");
    assert_eq!(st.call_context, None);
}

#[test]
fn lenient_helpers_on_odd_values() {
    let obj = serde_json::json!({"code": "X", "Success": "false", "n": 5});
    assert_eq!(
        lenient::field_str(&obj, &["Code", "code"]),
        Some("X".into())
    );
    assert_eq!(lenient::field_bool(&obj, &["Success"]), Some(false));
    assert_eq!(lenient::field_str(&obj, &["n"]), Some("5".into()));
    assert_eq!(lenient::field_str(&obj, &["missing"]), None);
}
