//! CCC wire types (2020-07-01 and the 2017-07-05 seed APIs): tolerant of unknown fields, numbers
//! and booleans sent as strings, lists sent as JSON-array strings, and `RamId` above 2^53.

use super::lenient as le;
use serde::{Deserialize, Serialize};

/// One page of a paged `Data` object.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(
    default,
    rename_all = "PascalCase",
    bound(
        deserialize = "T: serde::de::DeserializeOwned + Default",
        serialize = "T: Serialize"
    )
)]
pub struct Page<T> {
    #[serde(deserialize_with = "le::int")]
    pub page_number: i64,
    #[serde(deserialize_with = "le::int")]
    pub page_size: i64,
    #[serde(deserialize_with = "le::int")]
    pub total_count: i64,
    #[serde(deserialize_with = "le::list")]
    pub list: Vec<T>,
}

/// A `ListRealtimeAgentStates` item: realtime-report vocabulary (`Ready`, `ACW`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RealtimeAgentState {
    #[serde(deserialize_with = "le::string")]
    pub agent_id: String,
    #[serde(deserialize_with = "le::string")]
    pub agent_name: String,
    #[serde(deserialize_with = "le::string")]
    pub extension: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "le::string")]
    pub state: String,
    #[serde(deserialize_with = "le::string")]
    pub state_code: String,
    /// Unix ms when the state started.
    #[serde(deserialize_with = "le::int")]
    pub state_time: i64,
    /// Seconds in the state.
    #[serde(deserialize_with = "le::int")]
    pub duration: i64,
    #[serde(deserialize_with = "le::string")]
    pub break_code: String,
    #[serde(deserialize_with = "le::string")]
    pub call_type: String,
    #[serde(deserialize_with = "le::string")]
    pub counter_party: String,
    #[serde(deserialize_with = "le::string")]
    pub mobile: String,
    #[serde(deserialize_with = "le::boolean")]
    pub outbound_scenario: bool,
    #[serde(deserialize_with = "le::string_list")]
    pub skill_group_id_list: Vec<String>,
    #[serde(deserialize_with = "le::string_list")]
    pub skill_group_name_list: Vec<String>,
    #[serde(deserialize_with = "le::string")]
    pub work_mode: String,
}

/// `{BreakCode, Count}` in the instance and skill-group counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BreakCodeCount {
    #[serde(deserialize_with = "le::string")]
    pub break_code: String,
    #[serde(deserialize_with = "le::int")]
    pub count: i64,
}

/// `GetRealtimeInstanceStates.Data`: header counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceStates {
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "le::int")]
    pub total_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub logged_in_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub ready_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub talking_agents: i64,
    /// Agents in after-call work (ACW).
    #[serde(deserialize_with = "le::int")]
    pub working_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub breaking_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub waiting_calls: i64,
    #[serde(deserialize_with = "le::int")]
    pub longest_waiting_time: i64,
    #[serde(deserialize_with = "le::int")]
    pub interactive_calls: i64,
    #[serde(deserialize_with = "le::list")]
    pub break_code_detail_list: Vec<BreakCodeCount>,
}

/// A `ListRealtimeSkillGroupStates` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SkillGroupState {
    #[serde(deserialize_with = "le::string")]
    pub skill_group_id: String,
    #[serde(deserialize_with = "le::string")]
    pub skill_group_name: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "le::int")]
    pub total_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub logged_in_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub ready_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub outbound_scenario_ready_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub talking_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub working_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub breaking_agents: i64,
    #[serde(deserialize_with = "le::int")]
    pub waiting_calls: i64,
    /// Seconds.
    #[serde(deserialize_with = "le::int")]
    pub longest_waiting_time: i64,
    #[serde(deserialize_with = "le::list")]
    pub break_code_detail_list: Vec<BreakCodeCount>,
}

/// A `ListSkillGroups` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SkillGroup {
    #[serde(deserialize_with = "le::string")]
    pub skill_group_id: String,
    #[serde(deserialize_with = "le::string")]
    pub skill_group_name: String,
    #[serde(deserialize_with = "le::string")]
    pub display_name: String,
    #[serde(deserialize_with = "le::string")]
    pub description: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "le::string")]
    pub media_type: String,
    #[serde(deserialize_with = "le::int")]
    pub phone_number_count: i64,
    #[serde(deserialize_with = "le::int")]
    pub user_count: i64,
}

/// `SkillLevelList` item of a user: level 1 (strongest) .. 10.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SkillLevel {
    #[serde(deserialize_with = "le::string")]
    pub skill_group_id: String,
    #[serde(deserialize_with = "le::string")]
    pub skill_group_name: String,
    #[serde(deserialize_with = "le::int")]
    pub skill_level: i64,
}

/// A `ListUsers` item (the roster; no live state).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct User {
    #[serde(deserialize_with = "le::string")]
    pub user_id: String,
    #[serde(deserialize_with = "le::string")]
    pub login_name: String,
    #[serde(deserialize_with = "le::string")]
    pub display_name: String,
    /// Job number.
    #[serde(deserialize_with = "le::string")]
    pub display_id: String,
    #[serde(deserialize_with = "le::string")]
    pub extension: String,
    #[serde(deserialize_with = "le::string")]
    pub email: String,
    #[serde(deserialize_with = "le::string")]
    pub mobile: String,
    #[serde(deserialize_with = "le::string")]
    pub work_mode: String,
    #[serde(deserialize_with = "le::string")]
    pub role_id: String,
    #[serde(deserialize_with = "le::string")]
    pub role_name: String,
    /// RAM user id: ~17 digits, above 2^53, read exactly.
    #[serde(deserialize_with = "le::id_u64")]
    pub ram_id: u64,
    #[serde(deserialize_with = "le::boolean")]
    pub primary: bool,
    #[serde(deserialize_with = "le::string")]
    pub device_id: String,
    #[serde(deserialize_with = "le::string")]
    pub device_ext: String,
    #[serde(deserialize_with = "le::string")]
    pub device_state: String,
    #[serde(deserialize_with = "le::list")]
    pub skill_level_list: Vec<SkillLevel>,
}

/// A `ListDevices` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Device {
    #[serde(deserialize_with = "le::string")]
    pub device_id: String,
    #[serde(deserialize_with = "le::string")]
    pub device_type: String,
    #[serde(deserialize_with = "le::string")]
    pub extension: String,
    #[serde(deserialize_with = "le::string")]
    pub contact: String,
    #[serde(deserialize_with = "le::string")]
    pub call_id: String,
    /// Unix ms.
    #[serde(deserialize_with = "le::int")]
    pub expires: i64,
    #[serde(deserialize_with = "le::string")]
    pub user_id: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
}

/// A `ListContactFlows` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ContactFlow {
    #[serde(deserialize_with = "le::string")]
    pub contact_flow_id: String,
    #[serde(deserialize_with = "le::string")]
    pub name: String,
    /// `MAIN_FLOW`, `SUB_FLOW`, `SURVEY_FLOW`.
    #[serde(rename = "Type", deserialize_with = "le::string")]
    pub flow_type: String,
    #[serde(deserialize_with = "le::boolean")]
    pub published: bool,
    #[serde(deserialize_with = "le::string")]
    pub description: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
}

/// `ParallelJobList` item of a user context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ParallelJob {
    #[serde(deserialize_with = "le::string")]
    pub job_id: String,
    #[serde(deserialize_with = "le::string")]
    pub status: String,
    #[serde(deserialize_with = "le::int")]
    pub timestamp: i64,
}

/// The agent context the action APIs and PollUserStatus return (`UserState` in UPPER vocabulary).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UserContext {
    #[serde(deserialize_with = "le::string")]
    pub user_id: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "le::string")]
    pub device_id: String,
    #[serde(deserialize_with = "le::string")]
    pub chat_device_id: String,
    #[serde(deserialize_with = "le::string")]
    pub extension: String,
    #[serde(deserialize_with = "le::string")]
    pub mobile: String,
    #[serde(deserialize_with = "le::string")]
    pub work_mode: String,
    #[serde(deserialize_with = "le::string")]
    pub break_code: String,
    /// The current call, when there is one.
    #[serde(deserialize_with = "le::string")]
    pub job_id: String,
    #[serde(deserialize_with = "le::string")]
    pub user_state: String,
    #[serde(deserialize_with = "le::boolean")]
    pub outbound_scenario: bool,
    #[serde(deserialize_with = "le::string_list")]
    pub signed_skill_group_id_list: Vec<String>,
    /// Unix ms of the last operation.
    #[serde(deserialize_with = "le::int")]
    pub heartbeat: i64,
    /// Unix ms of the last reservation.
    #[serde(deserialize_with = "le::int")]
    pub reserved: i64,
    #[serde(deserialize_with = "le::list")]
    pub parallel_job_list: Vec<ParallelJob>,
}

/// One channel of a call (`ChannelContexts` item).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ChannelContext {
    #[serde(deserialize_with = "le::string")]
    pub channel_id: String,
    #[serde(deserialize_with = "le::string")]
    pub channel_state: String,
    /// `COACHING`, `MONITORING`, `MONITORED`, `COACHED`, `HOLD`, `MUTED` (possibly several).
    #[serde(deserialize_with = "le::string")]
    pub channel_flags: String,
    #[serde(deserialize_with = "le::string")]
    pub call_type: String,
    #[serde(deserialize_with = "le::string")]
    pub originator: String,
    #[serde(deserialize_with = "le::string")]
    pub destination: String,
    #[serde(deserialize_with = "le::string")]
    pub user_id: String,
    #[serde(deserialize_with = "le::string")]
    pub user_extension: String,
    #[serde(deserialize_with = "le::string")]
    pub skill_group_id: String,
    #[serde(deserialize_with = "le::string")]
    pub job_id: String,
    #[serde(deserialize_with = "le::int")]
    pub index: i64,
    #[serde(deserialize_with = "le::int")]
    pub timestamp: i64,
    #[serde(deserialize_with = "le::string")]
    pub release_initiator: String,
    #[serde(deserialize_with = "le::string")]
    pub release_reason: String,
}

/// The call an agent is on (`CallContext`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CallContext {
    #[serde(deserialize_with = "le::string")]
    pub call_type: String,
    #[serde(deserialize_with = "le::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "le::string")]
    pub job_id: String,
    #[serde(deserialize_with = "le::list")]
    pub channel_contexts: Vec<ChannelContext>,
}

/// `PollUserStatus.Data` and `LaunchAuthentication.Data`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UserStatus {
    #[serde(deserialize_with = "le::int")]
    pub context_id: i64,
    #[serde(deserialize_with = "le::object")]
    pub user_context: UserContext,
    #[serde(deserialize_with = "le::opt_object")]
    pub call_context: Option<CallContext>,
}

/// The top-level fields of every CCC body (2017-07-05 bodies carry `Success` and their own fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Envelope {
    #[serde(deserialize_with = "le::string")]
    pub request_id: String,
    /// `"OK"` or `"200"` on success: not relied upon (the HTTP status is).
    #[serde(deserialize_with = "le::string")]
    pub code: String,
    #[serde(deserialize_with = "le::string")]
    pub message: String,
    #[serde(deserialize_with = "le::int")]
    pub http_status_code: i64,
    #[serde(deserialize_with = "le::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "le::string_list")]
    pub params: Vec<String>,
}

/// The 2017-07-05 `ResetUserStatus` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ResetUserStatusReply {
    #[serde(deserialize_with = "le::string")]
    pub request_id: String,
    #[serde(deserialize_with = "le::string")]
    pub code: String,
    #[serde(deserialize_with = "le::boolean")]
    pub success: bool,
}

/// The 2017-07-05 `GetRoutePoint` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RoutePointReply {
    #[serde(deserialize_with = "le::string")]
    pub request_id: String,
    #[serde(deserialize_with = "le::string")]
    pub code: String,
    #[serde(deserialize_with = "le::boolean")]
    pub success: bool,
    #[serde(deserialize_with = "le::string")]
    pub route_point: String,
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
