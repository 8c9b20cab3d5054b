//! Real HTTP against the simulator's Alibaba Cloud CCC RPC API, signed with the test-only signer:
//! monitoring equals the ground truth, actions change it as the vendor would, refusals carry the
//! documented codes, signatures are enforced and malformed requests never crash the server.

#[path = "common/aliyun_sign.rs"]
mod aliyun_sign;

use aliyun_sign::{nonce, sign_v2, sign_v3, timestamp, Signed, V2, V3};
use callboard::sim::{start, RunningSim, SimConfig, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET};
use serde_json::Value;
use std::collections::BTreeSet;

const V2020: &str = "2020-07-01";
const V2017: &str = "2017-07-05";
const INSTANCE: &str = "ccc-sim";

struct Sim {
    running: RunningSim,
    http: reqwest::Client,
}

type Reply = (u16, Value);

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn form_body(list: &[(&str, &str)]) -> Vec<u8> {
    aliyun_sign::canonical(&pairs(list)).into_bytes()
}

impl Sim {
    async fn start() -> Sim {
        let running = start(SimConfig {
            speed: 0.0,
            ..Default::default()
        })
        .await
        .expect("sim starts");
        Sim {
            running,
            http: reqwest::Client::new(),
        }
    }

    fn host(&self) -> String {
        self.running.addr.to_string()
    }

    async fn send(&self, s: Signed) -> (u16, Value, reqwest::header::HeaderMap) {
        let mut req = self
            .http
            .post(format!("http://{}/?{}", self.host(), s.query))
            .body(s.body);
        for (k, v) in &s.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body, headers)
    }

    #[allow(clippy::too_many_arguments)]
    fn v3(
        &self,
        ak: &str,
        secret: &str,
        action: &str,
        version: &str,
        query: &[(&str, &str)],
        body: Vec<u8>,
        date: String,
        nonce: String,
    ) -> Signed {
        let host = self.host();
        let query = pairs(query);
        sign_v3(&V3 {
            ak,
            secret,
            host: &host,
            action,
            version,
            query: &query,
            form: !body.is_empty(),
            body: &body,
            date,
            nonce,
        })
    }

    /// A V3-signed 2020-07-01 call with `InstanceId` added, params in the query.
    async fn api(&self, action: &str, query: &[(&str, &str)]) -> Reply {
        self.api_form(action, query, &[]).await
    }

    /// A V3-signed 2020-07-01 call with query params (plus `InstanceId`) and form-body params.
    async fn api_form(&self, action: &str, query: &[(&str, &str)], form: &[(&str, &str)]) -> Reply {
        let mut q = vec![("InstanceId", INSTANCE)];
        q.extend_from_slice(query);
        self.raw(action, V2020, &q, form_body(form)).await
    }

    async fn raw(
        &self,
        action: &str,
        version: &str,
        query: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        let s = self.v3(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            action,
            version,
            query,
            body,
            timestamp(chrono::Utc::now()),
            nonce(),
        );
        let (status, body, headers) = self.send(s).await;
        assert!(
            headers.contains_key("x-acs-request-id"),
            "x-acs-request-id header"
        );
        (status, body)
    }

    async fn v2(&self, secret: &str, action: &str, version: &str, query: &[(&str, &str)]) -> Reply {
        let query = pairs(query);
        let s = sign_v2(&V2 {
            ak: TEST_ACCESS_KEY_ID,
            secret,
            action,
            version,
            query: &query,
            form: &[],
            timestamp: timestamp(chrono::Utc::now()),
            nonce: nonce(),
        });
        let (status, body, _) = self.send(s).await;
        (status, body)
    }

    async fn truth(&self) -> Vec<Value> {
        let v: Value = self
            .http
            .get(format!("http://{}/_sim/state", self.host()))
            .send()
            .await
            .expect("state")
            .json()
            .await
            .expect("json");
        v["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .filter(|a| a["vendor"] == "aliyun")
            .cloned()
            .collect()
    }

    async fn agent(&self, id: &str) -> Value {
        self.truth()
            .await
            .into_iter()
            .find(|a| a["id"] == id)
            .expect("agent in truth")
    }

    async fn advance(&self, seconds: u64) {
        let r = self
            .http
            .post(format!(
                "http://{}/_sim/advance?seconds={seconds}",
                self.host()
            ))
            .send()
            .await
            .expect("advance");
        assert!(r.status().is_success());
    }
}

fn ok(r: &Reply) -> &Value {
    assert_eq!(r.0, 200, "expected success, got {}", r.1);
    assert_eq!(r.1["Code"], "OK");
    assert_eq!(r.1["HttpStatusCode"], 200);
    assert!(r.1["RequestId"].as_str().is_some_and(|s| s.len() >= 32));
    &r.1["Data"]
}

fn err(r: &Reply, status: u16, code: &str) -> String {
    assert_eq!((r.0, r.1["Code"].as_str()), (status, Some(code)), "{}", r.1);
    r.1["Message"].as_str().unwrap_or_default().to_string()
}

fn first_in(truth: &[Value], state: &str) -> String {
    truth
        .iter()
        .find(|a| a["state"] == state && a["stuck"] == false)
        .and_then(|a| a["id"].as_str())
        .unwrap_or_else(|| panic!("no {state} agent"))
        .to_string()
}

fn signed_groups(a: &Value) -> BTreeSet<String> {
    a["skill_groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["signed"] == true)
        .filter_map(|g| g["id"].as_str().map(str::to_string))
        .collect()
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

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
async fn sign_in_break_ready_sign_out_cycle() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let who = first_in(&truth, "Offline");
    let a = sim.agent(&who).await;
    let device = a["device_id"].as_str().unwrap().to_string();
    let groups: Vec<String> = a["skill_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["id"].as_str().map(str::to_string))
        .collect();
    let list = serde_json::to_string(&groups).unwrap();

    // Refusals first: nothing changes.
    let r = sim
        .api(
            "SignInGroup",
            &[
                ("UserId", &who),
                ("DeviceId", "ACC-not-mine"),
                ("SignedSkillGroupIdList", &list),
            ],
        )
        .await;
    err(&r, 404, "NotExists.DeviceId");
    let r = sim
        .api(
            "SignInGroup",
            &[
                ("UserId", &who),
                ("DeviceId", &device),
                ("SignedSkillGroupIdList", r#"["nope@ccc-sim"]"#),
            ],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.SkillGroupId"),
        "The skill group ID nope@ccc-sim does not exist in instance ccc-sim."
    );
    let r = sim.api("SignInGroup", &[("UserId", &who)]).await;
    err(&r, 400, "MissingDeviceId");
    let r = sim
        .api("TakeBreak", &[("UserId", &who), ("Code", "lunch")])
        .await;
    assert_eq!(
        err(&r, 400, "InvalidOperation.UserState"),
        "The operation is not allowed. User state (OFFLINE) does not meet expectations (READY,BREAK,WORKING)."
    );
    let r = sim
        .api(
            "TakeBreak",
            &[("UserId", "ghost@ccc-sim"), ("Code", "lunch")],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.UserId"),
        "The user ghost@ccc-sim does not exist in instance ccc-sim."
    );
    assert_eq!(sim.agent(&who).await["state"], "Offline");

    let r = sim
        .api(
            "SignInGroup",
            &[
                ("UserId", &who),
                ("DeviceId", &device),
                ("SignedSkillGroupIdList", &list),
            ],
        )
        .await;
    let d = ok(&r);
    assert_eq!(r.1["Params"], serde_json::json!([]));
    assert_eq!(
        (d["UserState"].as_str(), d["BreakCode"].as_str()),
        (Some("BREAK"), Some("Warm-up"))
    );
    assert_eq!(d["UserId"], who.as_str());
    assert_eq!(d["DeviceId"], device.as_str());
    assert_eq!(
        strings(&d["SignedSkillGroupIdList"]),
        groups.iter().cloned().collect()
    );
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["break_code"].as_str()),
        (Some("Break"), Some("Warm-up"))
    );
    assert_eq!(signed_groups(&a), groups.iter().cloned().collect());

    let r = sim.api("TakeBreak", &[("UserId", &who)]).await;
    err(&r, 400, "MissingCode");
    let r = sim
        .api("TakeBreak", &[("UserId", &who), ("Code", "lunch")])
        .await;
    assert_eq!(ok(&r)["BreakCode"], "lunch");
    assert!(ok(&r)["Heartbeat"].is_i64());
    assert_eq!(sim.agent(&who).await["break_code"], "lunch");

    let r = sim.api("ReadyForService", &[("UserId", &who)]).await;
    assert_eq!(ok(&r)["UserState"], "READY");
    assert_eq!(sim.agent(&who).await["state"], "Ready");

    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let d = ok(&r);
    assert_eq!(d["UserContext"]["UserState"], "READY");
    assert!(d["CallContext"].is_null());

    let r = sim.api("SignOutGroup", &[("UserId", &who)]).await;
    assert_eq!(ok(&r)["UserState"], "OFFLINE");
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["signed_in"].as_bool()),
        (Some("Offline"), Some(false))
    );
}

#[tokio::test]
async fn talking_agent_refusals_and_reset() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let who = first_in(&truth, "Talking");
    let r = sim.api("SignOutGroup", &[("UserId", &who)]).await;
    assert_eq!(
        err(&r, 400, "InvalidOperation.UserState"),
        "The operation is not allowed. User state (TALKING) does not meet expectations (READY,BREAK,WORKING)."
    );
    let r = sim
        .api("TakeBreak", &[("UserId", &who), ("Code", "lunch")])
        .await;
    err(&r, 400, "InvalidOperation.UserState");
    assert_eq!(sim.agent(&who).await["state"], "Talking");

    let r = sim
        .api(
            "ResetAgentState",
            &[("UserId", &who), ("DeviceId", "anything")],
        )
        .await;
    assert_eq!(ok(&r)["UserState"], "OFFLINE");
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["call_id"].is_null()),
        (Some("Offline"), true)
    );
}

#[tokio::test]
async fn launch_authentication_visits_ivr_and_returns() {
    let sim = Sim::start().await;
    let truth = sim.truth().await;
    let who = first_in(&truth, "Talking");
    let flow = "af145gfc-1108-4d55-8fca-f719bd512ebb";
    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let d = ok(&r).clone();
    let job = d["UserContext"]["JobId"].as_str().unwrap().to_string();
    assert!(job.starts_with("job-"));
    assert_eq!(d["CallContext"]["JobId"], job.as_str());
    assert_eq!(sim.agent(&who).await["call_id"], job.as_str());
    assert_eq!(
        d["CallContext"]["ChannelContexts"].as_array().map(Vec::len),
        Some(2)
    );

    let r = sim
        .api(
            "LaunchAuthentication",
            &[
                ("UserId", &who),
                ("JobId", "job-404"),
                ("ContactFlowId", flow),
            ],
        )
        .await;
    assert_eq!(
        err(&r, 404, "NotExists.JobId"),
        "The call job-404 does not exist."
    );
    let other = truth
        .iter()
        .find(|a| a["state"] == "Talking" && a["id"] != who.as_str())
        .and_then(|a| a["call_id"].as_str());
    if let Some(other) = other {
        let r = sim
            .api(
                "LaunchAuthentication",
                &[("UserId", &who), ("JobId", other), ("ContactFlowId", flow)],
            )
            .await;
        err(&r, 404, "NotExists.JobId");
    }
    let r = sim
        .api(
            "LaunchAuthentication",
            &[
                ("UserId", &who),
                ("JobId", &job),
                ("ContactFlowId", "no-such-flow"),
            ],
        )
        .await;
    err(&r, 404, "NotExists.ContactFlowId");
    let r = sim
        .api("LaunchAuthentication", &[("UserId", &who), ("JobId", &job)])
        .await;
    err(&r, 400, "MissingContactFlowId");

    let r = sim
        .api(
            "LaunchAuthentication",
            &[
                ("UserId", &who),
                ("DeviceId", "x"),
                ("JobId", &job),
                ("ContactFlowId", flow),
                ("ContactFlowVariables", r#"{"lang":"en"}"#),
            ],
        )
        .await;
    let d = ok(&r);
    assert_eq!(d["CallContext"]["JobId"], job.as_str());
    assert_eq!(d["UserContext"]["UserState"], "TALKING");
    assert_eq!(d["UserContext"]["JobId"], job.as_str());
    assert_eq!(sim.agent(&who).await["in_ivr"], true);
    let r = sim
        .api(
            "LaunchAuthentication",
            &[("UserId", &who), ("JobId", &job), ("ContactFlowId", flow)],
        )
        .await;
    err(&r, 400, "InvalidOperation.ChannelState");
    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let vars: Value =
        serde_json::from_str(ok(&r)["CallContext"]["CallVariables"].as_str().unwrap()).unwrap();
    assert_eq!(
        (vars["AuthResult"].as_str(), vars["lang"].as_str()),
        (Some("PENDING"), Some("en"))
    );

    sim.advance(21).await;
    let a = sim.agent(&who).await;
    assert_eq!(
        (a["state"].as_str(), a["in_ivr"].as_bool()),
        (Some("Talking"), Some(false))
    );
    let r = sim.api("PollUserStatus", &[("UserId", &who)]).await;
    let vars: Value =
        serde_json::from_str(ok(&r)["CallContext"]["CallVariables"].as_str().unwrap()).unwrap();
    assert!(
        matches!(vars["AuthResult"].as_str(), Some("PASS" | "FAIL")),
        "{vars}"
    );

    // Not talking: a ready agent has no call to authenticate.
    let ready = first_in(&sim.truth().await, "Ready");
    let r = sim
        .api(
            "LaunchAuthentication",
            &[("UserId", &ready), ("JobId", &job), ("ContactFlowId", flow)],
        )
        .await;
    err(&r, 404, "NotExists.JobId");
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

#[tokio::test]
async fn signature_failures_are_refused() {
    let sim = Sim::start().await;
    let now = timestamp(chrono::Utc::now());
    let q = [("InstanceId", INSTANCE)];
    let send = |ak: &'static str, secret: &'static str, date: String, nonce: String| {
        sim.v3(
            ak,
            secret,
            "GetRealtimeInstanceStates",
            V2020,
            &q,
            vec![],
            date,
            nonce,
        )
    };
    let (s, b, _) = sim
        .send(send(TEST_ACCESS_KEY_ID, "wrong", now.clone(), nonce()))
        .await;
    assert_eq!(
        (s, b["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
    let (s, b, _) = sim
        .send(send(
            "LTAInobody",
            TEST_ACCESS_KEY_SECRET,
            now.clone(),
            nonce(),
        ))
        .await;
    assert_eq!(
        (s, b["Code"].as_str()),
        (404, Some("InvalidAccessKeyId.NotFound"))
    );
    let old = timestamp(chrono::Utc::now() - chrono::Duration::minutes(30));
    let (s, b, _) = sim
        .send(send(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            old,
            nonce(),
        ))
        .await;
    assert_eq!(
        (s, b["Code"].as_str()),
        (400, Some("InvalidTimeStamp.Expired"))
    );
    let once = nonce();
    let (s, _, _) = sim
        .send(send(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            now.clone(),
            once.clone(),
        ))
        .await;
    assert_eq!(s, 200);
    let (s, b, _) = sim
        .send(send(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            now.clone(),
            once,
        ))
        .await;
    assert_eq!((s, b["Code"].as_str()), (400, Some("SignatureNonceUsed")));
    let r = sim
        .v2(
            "wrong",
            "GetRoutePoint",
            V2017,
            &[("InstanceId", INSTANCE), ("ContactFlowId", "dDMD_0mif4hv")],
        )
        .await;
    assert!(err(&r, 400, "SignatureDoesNotMatch").contains("string to sign is:"));
    // A signed body cannot be swapped.
    let mut s = sim.v3(
        TEST_ACCESS_KEY_ID,
        TEST_ACCESS_KEY_SECRET,
        "ListRealtimeSkillGroupStates",
        V2020,
        &[
            ("InstanceId", INSTANCE),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ],
        form_body(&[("SkillGroupIdList", "[]")]),
        now,
        nonce(),
    );
    s.body = form_body(&[("SkillGroupIdList", "[\"x\"]")]);
    let (status, b, _) = sim.send(s).await;
    assert_eq!(
        (status, b["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
}

#[tokio::test]
async fn malformed_requests_never_crash() {
    let sim = Sim::start().await;
    let base = format!("http://{}", sim.host());
    let http = &sim.http;
    let status = |r: reqwest::Response| r.status().as_u16();
    // Unsigned, garbage bodies, bad headers, wrong paths and methods: 4xx, never 5xx.
    let r = http
        .post(format!("{base}/"))
        .body("\u{0}\u{1}garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400);
    let r = http
        .post(format!("{base}/?Action=ListUsers&%ZZ=%"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', b'&'])
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400);
    let r = http
        .post(format!("{base}/"))
        .header("authorization", "ACS3-HMAC-SHA256 garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400);
    let r = http
        .post(format!("{base}/"))
        .header(
            "authorization",
            "ACS3-HMAC-SHA256 Credential=é,SignedHeaders=host,Signature=zz",
        )
        .send()
        .await
        .unwrap();
    assert!(matches!(status(r), 400..=499));
    let r = http.put(format!("{base}/")).send().await.unwrap();
    assert_eq!(status(r), 404);
    let r = http
        .post(format!("{base}/some/where"))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 404);
    let r = http
        .post(format!("{base}/"))
        .body(vec![b'a'; (1 << 20) + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 413);
    // Signed but broken: bad UTF-8 in the form body, bad JSON lists, bad numbers, missing action.
    let r = sim
        .raw(
            "ListRealtimeAgentStates",
            V2020,
            &[
                ("InstanceId", INSTANCE),
                ("PageNumber", "1"),
                ("PageSize", "1"),
            ],
            b"Query=%FF%FE".to_vec(),
        )
        .await;
    err(&r, 400, "InvalidParameter");
    let r = sim
        .api_form(
            "ListRealtimeAgentStates",
            &[("PageNumber", "1"), ("PageSize", "1")],
            &[("AgentIdList", "[1,2")],
        )
        .await;
    err(&r, 400, "InvalidParameter");
    let r = sim
        .api(
            "ListRealtimeAgentStates",
            &[("PageNumber", "one"), ("PageSize", "1")],
        )
        .await;
    err(&r, 400, "InvalidParameter");
    let r = sim.api("SignInGroup", &[("UserId", "")]).await;
    err(&r, 400, "Parameter.Blank");
    let r = sim
        .raw("", V2020, &[("InstanceId", INSTANCE)], vec![])
        .await;
    err(&r, 400, "MissingParameter");
    // Still serving.
    let r = sim.api("GetRealtimeInstanceStates", &[]).await;
    ok(&r);
}
