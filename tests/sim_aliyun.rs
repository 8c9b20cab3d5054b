//! Real HTTP against the simulator's Alibaba Cloud CCC RPC API, signed with the test-only signer:
//! monitoring and directory APIs equal the ground truth; the 2017-07-05 seed APIs and version
//! routing.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/aliyun_sign.rs"]
mod aliyun_sign;
#[path = "support/aliyun_sim.rs"]
mod aliyun_sim;

use aliyun_sim::*;
use callboard::sim::TEST_ACCESS_KEY_SECRET;
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test]
async fn agent_states_paging_matches_truth() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let mut items = Vec::new();
    for page in 1.. {
        let n = page.to_string();
        let r = sim
            .api(
                "ListRealtimeAgentStates",
                &[("PageNumber", &n), ("PageSize", "7")],
            )
            .await;
        let data = ok(&r).clone();
        assert_eq!(data["TotalCount"].as_u64(), Some(truth.len() as u64));
        let list = data["List"].as_array().expect("List").clone();
        if list.is_empty() {
            break;
        }
        assert!(list.len() <= 7);
        items.extend(list);
    }
    assert_eq!(items.len(), truth.len());
    for (item, a) in items.iter().zip(&truth) {
        assert_eq!(item["AgentId"], a["id"]);
        assert_eq!(item["State"], a["state"]);
        assert_eq!(item["StateTime"], a["since_ms"]);
        assert_eq!(item["InstanceId"], INSTANCE);
        assert!(item["Duration"].as_i64().is_some_and(|d| d >= 0));
        let code = a["break_code"].as_str().unwrap_or("");
        assert_eq!(item["BreakCode"], code);
        assert_eq!(strings(&item["SkillGroupIdList"]), signed_groups(a));
        assert_eq!(
            item["SkillGroupNameList"].as_array().map(Vec::len),
            item["SkillGroupIdList"].as_array().map(Vec::len)
        );
        for field in [
            "AgentName",
            "Extension",
            "StateCode",
            "CallType",
            "Mobile",
            "WorkMode",
        ] {
            assert!(item[field].is_string(), "{field} in {item}");
        }
        assert!(item["OutboundScenario"].is_boolean());
    }

    // Body filters (JSON-array strings in the form body).
    let ids: Vec<&str> = truth
        .iter()
        .take(3)
        .filter_map(|a| a["id"].as_str())
        .collect();
    let list = serde_json::to_string(&ids).unwrap();
    let r = sim
        .api_form(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "100")],
            &[
                ("AgentIdList", &list),
                (
                    "StateList",
                    r#"["Ready","Break","Talking","ACW","Offline"]"#,
                ),
            ],
        )
        .await;
    let got: BTreeSet<String> = ok(&r)["List"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["AgentId"].as_str().map(str::to_string))
        .collect();
    let want: BTreeSet<String> = truth
        .iter()
        .take(3)
        .filter(|a| a["state"] != "Ringing" && a["state"] != "Dialing")
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(got, want);
    let r = sim
        .api_form(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "100")],
            &[("StateList", r#"["Break"]"#)],
        )
        .await;
    let breaks = truth.iter().filter(|a| a["state"] == "Break").count() as u64;
    assert_eq!(ok(&r)["TotalCount"].as_u64(), Some(breaks));

    // Parameter errors.
    let r = sim
        .api(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "101")],
        )
        .await;
    err(&r, 400, "Parameter.Maximum");
    let r = sim
        .api("ListRealtimeAgentStates", &[("PageSize", "10")])
        .await;
    err(&r, 400, "MissingPageNumber");
    let many: Vec<String> = (0..21).map(|i| format!("a{i}@ccc-sim")).collect();
    let many = serde_json::to_string(&many).unwrap();
    let r = sim
        .api_form(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "10")],
            &[("AgentIdList", &many)],
        )
        .await;
    err(&r, 400, "Parameter.Maximum");
    let r = sim
        .api_form(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "10")],
            &[("StateList", r#"["Sleeping"]"#)],
        )
        .await;
    err(&r, 400, "Parameter.Enumeration");
    let r = sim
        .raw(
            "ListRealtimeAgentStates",
            V2020,
            &[
                ("InstanceId", "ccc-other"),
                ("PageNumber", "1"),
                ("PageSize", "10"),
            ],
            vec![],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.InstanceId"),
        "The specified instance ccc-other does not exist."
    );
}

#[tokio::test]
async fn instance_group_and_directory_apis_match_truth() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let count = |s: &str| truth.iter().filter(|a| a["state"] == s).count() as u64;
    let r = sim.api("GetRealtimeInstanceStates", &[]).await;
    let d = ok(&r);
    assert_eq!(d["TotalAgents"].as_u64(), Some(truth.len() as u64));
    assert_eq!(
        d["LoggedInAgents"].as_u64(),
        Some(truth.len() as u64 - count("Offline"))
    );
    assert_eq!(d["ReadyAgents"].as_u64(), Some(count("Ready")));
    assert_eq!(d["TalkingAgents"].as_u64(), Some(count("Talking")));
    assert_eq!(d["WorkingAgents"].as_u64(), Some(count("ACW")));
    assert_eq!(d["BreakingAgents"].as_u64(), Some(count("Break")));
    let break_sum: u64 = d["BreakCodeDetailList"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["Count"].as_u64())
        .sum();
    assert_eq!(break_sum, count("Break"));
    let state: Value = sim
        .http
        .get(format!("http://{}/_sim/state", sim.host()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let groups: Vec<&Value> = state["skill_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["vendor"] == "aliyun")
        .collect();
    let waiting: u64 = groups
        .iter()
        .filter_map(|g| g["waiting_calls"].as_u64())
        .sum();
    assert_eq!(d["WaitingCalls"].as_u64(), Some(waiting));

    let r = sim
        .api(
            "ListRealtimeSkillGroupStates",
            &[("PageNumber", "1"), ("PageSize", "100")],
        )
        .await;
    let rows = ok(&r)["List"].as_array().unwrap().clone();
    assert_eq!(rows.len(), groups.len());
    for (row, g) in rows.iter().zip(&groups) {
        assert_eq!(row["SkillGroupId"], g["id"]);
        assert_eq!(row["WaitingCalls"], g["waiting_calls"]);
        let members = truth
            .iter()
            .filter(|a| {
                a["skill_groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["id"] == g["id"])
            })
            .count();
        assert_eq!(row["TotalAgents"].as_u64(), Some(members as u64));
    }
    let one = serde_json::to_string(&[&groups[0]["id"]]).unwrap();
    let r = sim
        .api_form(
            "ListRealtimeSkillGroupStates",
            &[("PageNumber", "1"), ("PageSize", "10")],
            &[("SkillGroupIdList", &one)],
        )
        .await;
    assert_eq!(ok(&r)["TotalCount"], 1);

    let r = sim
        .api(
            "ListSkillGroups",
            &[("PageNumber", "1"), ("PageSize", "100")],
        )
        .await;
    assert_eq!(ok(&r)["TotalCount"].as_u64(), Some(groups.len() as u64));
    assert_eq!(ok(&r)["List"][0]["SkillGroupName"], groups[0]["name"]);

    let r = sim
        .api("ListUsers", &[("PageNumber", "1"), ("PageSize", "100")])
        .await;
    let users = ok(&r)["List"].as_array().unwrap().clone();
    assert_eq!(users.len(), truth.len());
    for (u, a) in users.iter().zip(&truth) {
        assert_eq!(u["UserId"], a["id"]);
        let ram = u["RamId"].as_u64().expect("RamId is a JSON integer");
        assert!(ram > 1 << 53);
        let levels: BTreeSet<(String, u64)> = u["SkillLevelList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["SkillGroupId"].as_str().unwrap().to_string(),
                    s["SkillLevel"].as_u64().unwrap(),
                )
            })
            .collect();
        let want: BTreeSet<(String, u64)> = a["skill_groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["id"].as_str().unwrap().to_string(),
                    s["level"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(levels, want);
    }
    // RamId survives as text exactly (no f64 rounding on the wire).
    let raw = r.1.to_string();
    assert!(raw.contains(&format!(
        "\"RamId\":{}",
        users[0]["RamId"].as_u64().unwrap()
    )));

    let who = truth[0]["id"].as_str().unwrap();
    let r = sim.api("ListDevices", &[("UserId", who)]).await;
    let devices = ok(&r).as_array().unwrap().clone();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["UserId"], who);
    assert_eq!(devices[0]["DeviceId"], truth[0]["device_id"]);
    let r = sim.api("ListDevices", &[("UserId", "ghost@ccc-sim")]).await;
    assert_eq!(
        err(&r, 404, "NotExists.UserId"),
        "The user ghost@ccc-sim does not exist in instance ccc-sim."
    );

    let r = sim
        .api(
            "ListContactFlows",
            &[("PageNumber", "1"), ("PageSize", "100")],
        )
        .await;
    let flows = ok(&r)["List"].as_array().unwrap().clone();
    assert!(flows.iter().any(
        |f| f["ContactFlowId"] == "af145gfc-1108-4d55-8fca-f719bd512ebb" && f["Published"] == true
    ));
    let r = sim
        .api(
            "ListContactFlows",
            &[
                ("PageNumber", "1"),
                ("PageSize", "100"),
                ("Type", "SURVEY_FLOW"),
            ],
        )
        .await;
    assert!(ok(&r)["List"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["Type"] == "SURVEY_FLOW"));
    let r = sim
        .api(
            "ListContactFlows",
            &[("PageNumber", "1"), ("PageSize", "100"), ("Type", "NOPE")],
        )
        .await;
    err(&r, 400, "Parameter.Enumeration");
}

#[tokio::test]
async fn legacy_2017_apis_and_version_routing() {
    let sim = Sim::start().await;
    let r = sim
        .v2(
            TEST_ACCESS_KEY_SECRET,
            "GetRoutePoint",
            V2017,
            &[("InstanceId", INSTANCE), ("ContactFlowId", "dDMD_0mif4hv")],
        )
        .await;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(
        (
            r.1["RoutePoint"].as_str(),
            r.1["Success"].as_bool(),
            r.1["Code"].as_str()
        ),
        (Some("80206199"), Some(true), Some("OK"))
    );
    assert_eq!(r.1["HttpStatusCode"], 200);

    let truth = sim.truth().await;
    let talking = first_in(&truth, "Talking");
    let ram = {
        let r = sim
            .api("ListUsers", &[("PageNumber", "1"), ("PageSize", "100")])
            .await;
        ok(&r)["List"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["UserId"] == talking.as_str())
            .unwrap()["RamId"]
            .as_u64()
            .unwrap()
    };
    let ram = ram.to_string();
    let r = sim
        .v2(
            TEST_ACCESS_KEY_SECRET,
            "ResetUserStatus",
            V2017,
            &[("InstanceId", INSTANCE), ("RamIdList.1", &ram)],
        )
        .await;
    assert_eq!(
        (r.0, r.1["Success"].as_bool()),
        (200, Some(true)),
        "{}",
        r.1
    );
    assert_eq!(sim.agent(&talking).await["state"], "Offline");

    // Without a list: every abnormal (stuck) agent is reset.
    let stuck: Vec<String> = sim
        .truth()
        .await
        .iter()
        .filter(|a| a["stuck"] == true)
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    let r = sim
        .raw(
            "ResetUserStatus",
            V2017,
            &[("InstanceId", INSTANCE)],
            vec![],
        )
        .await;
    assert_eq!(
        (r.0, r.1["Success"].as_bool()),
        (200, Some(true)),
        "{}",
        r.1
    );
    for id in &stuck {
        let a = sim.agent(id).await;
        assert_eq!(
            (a["state"].as_str(), a["stuck"].as_bool()),
            (Some("Offline"), Some(false))
        );
    }
    let r = sim
        .v2(
            TEST_ACCESS_KEY_SECRET,
            "ResetUserStatus",
            V2017,
            &[("InstanceId", INSTANCE), ("RamIdList.1", "12")],
        )
        .await;
    err(&r, 404, "NotExists.UserId");

    // Versions are per action; names are case-sensitive.
    let r = sim
        .raw(
            "ResetUserStatus",
            V2020,
            &[("InstanceId", INSTANCE)],
            vec![],
        )
        .await;
    err(&r, 404, "InvalidApi.NotFound");
    let r = sim
        .raw(
            "ListUsers",
            V2017,
            &[
                ("InstanceId", INSTANCE),
                ("PageNumber", "1"),
                ("PageSize", "1"),
            ],
            vec![],
        )
        .await;
    err(&r, 404, "InvalidApi.NotFound");
    let r = sim
        .api("listusers", &[("PageNumber", "1"), ("PageSize", "1")])
        .await;
    err(&r, 404, "InvalidApi.NotFound");
    // V2 works for 2020-07-01 too.
    let r = sim
        .v2(
            TEST_ACCESS_KEY_SECRET,
            "GetRealtimeInstanceStates",
            V2020,
            &[("InstanceId", INSTANCE)],
        )
        .await;
    ok(&r);
}
