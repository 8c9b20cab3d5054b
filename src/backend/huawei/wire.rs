//! Result shapes of the gateway's queries (sign-in, agentgroup, queuedevice, calldata), decoded
//! leniently from `serde_json::Value`: numbers or strings, missing fields default, unknown ignored.

use super::codes::RestCause;
use super::events::{lenient_bool, lenient_i64, lenient_str};
use crate::model::SkillRef;
use serde_json::Value;

fn s(v: &Value, key: &str) -> String {
    v.get(key).and_then(lenient_str).unwrap_or_default()
}

fn first_str(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| v.get(*k).and_then(lenient_str))
}

fn first_i64(v: &Value, keys: &[&str]) -> Option<i64> {
    keys.iter().find_map(|k| v.get(*k).and_then(lenient_i64))
}

fn items(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// The `result` of a sign-in (`vdnid`, `workno`, `mediatype`, `loginTime`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInInfo {
    pub vdn: String,
    pub workno: String,
    /// Three T/F flags: CTI server, WebM, MailM.
    pub media_type: String,
    pub login_time: Option<i64>,
    pub force_password_change: bool,
    pub server_name: String,
}

impl SignInInfo {
    pub fn from_result(v: &Value) -> SignInInfo {
        SignInInfo {
            vdn: s(v, "vdnid"),
            workno: s(v, "workno"),
            media_type: s(v, "mediatype"),
            login_time: v.get("loginTime").and_then(lenient_i64),
            force_password_change: v
                .get("isForceChange")
                .and_then(lenient_bool)
                .unwrap_or(false),
            server_name: s(v, "serverName"),
        }
    }

    /// Signed in to the CTI server (voice works).
    pub fn cti_ok(&self) -> bool {
        !self.media_type.starts_with('F')
    }
}

/// One skill of `skilllist` / `agentskills` (`{name, id, mediatype}`), or a bare id.
pub fn skill_of(v: &Value) -> Option<SkillRef> {
    let id = match v {
        Value::Object(_) => first_str(v, &["id", "skillId", "skillid"])?,
        other => lenient_str(other)?,
    };
    let name = first_str(v, &["name", "skillName", "skilldesc"]).unwrap_or_else(|| id.clone());
    Some(SkillRef {
        id,
        name,
        level: None,
        signed: true,
    })
}

/// One agent of `agentgroup/{id}/allagentstatus` or `agentbyworkno/{workno}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentSnapshot {
    pub workno: String,
    pub name: String,
    /// Gateway status (§8.1).
    pub status: Option<i64>,
    /// CTI status (§8.2).
    pub cti_status: Option<i64>,
    pub group_id: Option<String>,
    pub skills: Vec<SkillRef>,
    pub call_ids: Vec<String>,
    pub media_type: String,
    /// The busy reason of a busy agent (`busyReason`), where the gateway gives it; UNCONFIRMED
    /// (the documented tables stop at `mediatype`), so absent means "not reported", not "none".
    pub busy_reason: Option<u32>,
}

impl AgentSnapshot {
    /// One agent object (any spelling of each field; `None` without a work number). The same
    /// reading as the one-pass roster parse (`super::roster_wire`).
    pub fn from_value(v: &Value) -> Option<AgentSnapshot> {
        use serde::Deserialize;
        super::roster_wire::OneAgent::deserialize(v).ok()?.0
    }

    /// A roster `result` whose shape is checked: an array of objects, a single object (a list of
    /// one) or `null` (none); anything else, or an item that is not an object, is an error (in
    /// words, for [`HuaweiError::Body`](super::HuaweiError::Body)) instead of an empty roster.
    pub fn checked_list(v: &Value) -> Result<Vec<AgentSnapshot>, String> {
        use serde::Deserialize;
        super::roster_wire::Roster::deserialize(v)
            .map_err(|e| e.to_string())
            .and_then(|r| r.0)
    }

    /// A list `result`; a single object is a list of one.
    pub fn list(v: &Value) -> Vec<AgentSnapshot> {
        match v {
            Value::Array(a) => a.iter().filter_map(AgentSnapshot::from_value).collect(),
            Value::Object(_) => AgentSnapshot::from_value(v).into_iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Rest causes from `agentgroup/{id}/restreason` or `config/vdn/restcause` (`causeId`/`causeNo`,
/// `causeDesc`; other spellings accepted).
pub fn rest_causes(v: &Value) -> Vec<RestCause> {
    items(v)
        .iter()
        .filter_map(|c| {
            let id = first_i64(c, &["causeId", "causeNo", "id", "reasonCode", "code"])?;
            let id = u32::try_from(id).ok()?;
            let label = first_str(
                c,
                &["causeDesc", "desc", "description", "name", "reasonName"],
            )
            .unwrap_or_else(|| format!("rest cause {id}"));
            let planned_secs = first_i64(c, &["time", "duration", "restTime"])
                .and_then(|n| u64::try_from(n).ok())
                .filter(|n| *n > 0);
            Some(RestCause {
                id,
                label,
                planned_secs,
            })
        })
        .collect()
}

/// One resting agent of `agentgroup/{id}/agentrestinfo` (shape UNCONFIRMED; read leniently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestInfo {
    pub workno: String,
    pub cause: u32,
    pub planned_secs: Option<u64>,
    pub began: Option<i64>,
}

/// Rest details of the VDN's resting agents (the same reading as the one-pass parse of the body,
/// `super::roster_wire::RestList`).
pub fn rest_info(v: &Value) -> Vec<RestInfo> {
    use serde::Deserialize;
    super::roster_wire::RestList::deserialize(v)
        .map(|r| r.0)
        .unwrap_or_default()
}

/// An IVR flow of `queuedevice/{id}/ivrinfo`: `access` is the transfer address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrFlow {
    pub access: String,
    pub id: Option<i64>,
    pub description: String,
    pub service_no: Option<i64>,
}

pub fn ivr_flows(v: &Value) -> Vec<IvrFlow> {
    items(v)
        .iter()
        .filter_map(|f| {
            Some(IvrFlow {
                access: first_str(f, &["access", "accessNo", "accesscode"])?,
                id: f.get("id").and_then(lenient_i64),
                description: s(f, "description"),
                service_no: f.get("serviceNo").and_then(lenient_i64),
            })
        })
        .collect()
}

/// A skill queue of `queuedevice/{id}/agentvdnskill` (`{name, id, mediatype, serviceType, realFlag}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillQueue {
    pub id: String,
    pub name: String,
    pub media_type: Option<i64>,
    pub real: bool,
}

pub fn skill_queues(v: &Value) -> Vec<SkillQueue> {
    items(v)
        .iter()
        .filter_map(|q| {
            let id = first_str(q, &["id", "skillId"])?;
            Some(SkillQueue {
                name: first_str(q, &["name", "skillName"]).unwrap_or_else(|| id.clone()),
                id,
                media_type: q.get("mediatype").and_then(lenient_i64),
                real: q.get("realFlag").and_then(lenient_i64).unwrap_or(1) != 0,
            })
        })
        .collect()
}

/// Calls waiting in a queue: a bare number, or an object with a count field. \[UNCONFIRMED\] shape.
pub fn wait_num(v: &Value) -> Option<u64> {
    lenient_i64(v)
        .or_else(|| first_i64(v, &["waitnum", "waitNum", "num", "count"]))
        .and_then(|n| u64::try_from(n).ok())
}

/// The agent's current call from `calldata/{id}/callinfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallInfo {
    pub call_id: String,
    pub caller: String,
    pub called: String,
    pub skill: String,
    pub begin_time: Option<i64>,
    pub media_type: Option<i64>,
}

impl CallInfo {
    pub fn from_result(v: &Value) -> Option<CallInfo> {
        let call_id = first_str(v, &["callid", "callId"]).filter(|c| !c.is_empty())?;
        Some(CallInfo {
            call_id,
            caller: s(v, "caller"),
            called: s(v, "called"),
            skill: s(v, "callskill"),
            begin_time: v.get("begintime").and_then(lenient_i64),
            media_type: v.get("mediaType").and_then(lenient_i64),
        })
    }
}

/// `onlineagent/{id}/agentstatus`: gateway status and whether the agent is on a call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgentStatus {
    pub agent_state: Option<i64>,
    pub is_working: bool,
}

impl AgentStatus {
    pub fn from_result(v: &Value) -> AgentStatus {
        AgentStatus {
            agent_state: v.get("agentState").and_then(lenient_i64),
            is_working: v.get("isWorking").and_then(lenient_bool).unwrap_or(false),
        }
    }
}

/// Skills of `onlineagent/{id}/agentskills` and `agentskillsbyworkno`.
pub fn skills(v: &Value) -> Vec<SkillRef> {
    items(v).iter().filter_map(skill_of).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sign_in_result_of_the_reference() {
        let v = json!({"vdnid":1,"workno":"291","mediatype":"TTF","loginTime":"1471585949806",
            "isForceChange":"false","serverName":"AgentGateway","timeRemaining":"9"});
        let i = SignInInfo::from_result(&v);
        assert_eq!((i.vdn.as_str(), i.workno.as_str()), ("1", "291"));
        assert_eq!(i.login_time, Some(1_471_585_949_806));
        assert!(i.cti_ok() && !i.force_password_change);
    }

    #[test]
    fn queries_decode_leniently() {
        let a = AgentSnapshot::list(
            &json!([{"workno":"1001","name":"张伟","status":4,"ctiStatus":"1",
            "skilllist":[{"name":"语音_x","id":25,"mediatype":5}],"callids":[],"extra":1}, {"nowork":1}]),
        );
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].status, a[0].cti_status), (Some(4), Some(1)));
        assert_eq!(a[0].skills[0].id, "25");
        let c = rest_causes(&json!([{"causeId":2,"causeNo":2,"causeDesc":"Lunch"},{"x":1}]));
        assert_eq!((c.len(), c[0].id, c[0].label.as_str()), (1, 2, "Lunch"));
        let f = ivr_flows(&json!([{"access":"1321","id":1,"description":"252","serviceNo":1}]));
        assert_eq!(f[0].access, "1321");
        let q =
            skill_queues(&json!([{"name":"q","id":3,"mediatype":5,"serviceType":5,"realFlag":0}]));
        assert!(!q[0].real);
        assert_eq!(wait_num(&json!(4)), Some(4));
        assert_eq!(wait_num(&json!({"waitNum":"2"})), Some(2));
        let ci =
            CallInfo::from_result(&json!({"callid":"1-2","caller":10086,"called":"7"})).unwrap();
        assert_eq!((ci.call_id.as_str(), ci.caller.as_str()), ("1-2", "10086"));
        let st = AgentStatus::from_result(&json!({"agentState":"7","isWorking":"true"}));
        assert_eq!((st.agent_state, st.is_working), (Some(7), true));
    }

    #[test]
    fn a_roster_of_the_wrong_shape_is_an_error_not_an_empty_roster() {
        for bad in [
            json!("oops"),
            json!(7),
            json!(true),
            json!([1, 2]),
            json!(["1001"]),
        ] {
            assert!(AgentSnapshot::checked_list(&bad).is_err(), "{bad}");
        }
        assert_eq!(AgentSnapshot::checked_list(&json!(null)), Ok(vec![]));
        assert_eq!(
            AgentSnapshot::checked_list(&json!([{"workno": "1001"}, {"nowork": 1}]))
                .map(|l| l.len()),
            Ok(1)
        );
    }
}
