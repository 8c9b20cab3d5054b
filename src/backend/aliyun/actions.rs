//! Actions on Alibaba Cloud CCC agents: SignInGroup, ResetAgentState, ResetUserStatus,
//! LaunchAuthentication (JobId from PollUserStatus, flow by id or name, route point from
//! GetRoutePoint), TakeBreak, ReadyForService and SignOutGroup, each turned into plain words and
//! classified (refused by a CCC code, failed on HTTP 5xx or before sending, unknown when the
//! answer to the action's own call was lost); and the one-agent read-back that checks an unknown.

use super::backend::AliyunBackend;
use super::wire::UserContext;
use super::{agent_from_context, agent_from_realtime, AgentStateFilter, AliyunError, MapContext};
use crate::backend::{ActionKind, ActionOutcome, ActionRequest};
use crate::clock::now_ms;
use crate::model::Agent;
use serde_json::{json, Value};

/// Plain words for a CCC error code (the vendor's code and message are quoted after them).
pub fn plain_words(code: &str, message: &str, agent: &str) -> String {
    match code {
        "NotExists.UserId" => format!("agent {agent} does not exist in this instance"),
        "NotExists.DeviceId" => format!(
            "that device does not belong to agent {agent}; pick one of the agent's own devices"
        ),
        "NotExists.SkillGroupId" => "a skill group does not exist in this instance".to_string(),
        "NotExists.JobId" => "the call has already ended".to_string(),
        "NotExists.ContactFlowId" => "the contact flow does not exist".to_string(),
        "NotExists.InstanceId" => "the instance does not exist; check instance_id".to_string(),
        "InvalidOperation.UserState" => match state_in(message) {
            Some(s) if s.eq_ignore_ascii_case("TALKING") => {
                format!("agent {agent} is on a call; wait until the call ends")
            }
            Some(s) => format!("agent {agent} is in state {s}, which does not allow this"),
            None => format!("agent {agent} is in a state that does not allow this"),
        },
        "InvalidOperation.ChannelState" => {
            "the call is in a state that does not allow this (it may already be in an IVR flow)"
                .to_string()
        }
        c if c.starts_with("Forbidden") || c.starts_with("NoPermission") => {
            "the AccessKey's RAM user may not do this; grant it the CCC permissions".to_string()
        }
        c if c.starts_with("InvalidAccessKeyId") || c.starts_with("SignatureDoesNotMatch") => {
            "the AccessKey is not accepted; check the AccessKey id and secret".to_string()
        }
        c if c.starts_with("Missing") || c.starts_with("Parameter") || c.starts_with("Invalid") => {
            "a parameter was not accepted".to_string()
        }
        _ => "Alibaba Cloud CCC refused it".to_string(),
    }
}

/// `User state (TALKING) does not meet…` → `TALKING`.
fn state_in(message: &str) -> Option<&str> {
    let rest = message.split("state (").nth(1)?;
    rest.split(')').next().filter(|s| !s.is_empty())
}

/// A client error as an outcome: a business refusal (a CCC `Code` in a 4xx/200 answer), a failure
/// (HTTP 5xx, throttling, no connection, or a preparing lookup that went wrong: nothing was sent),
/// or — when `sent` (the action's own call) and the answer was lost or garbled — unknown.
fn classify(what: &str, agent: &str, e: &AliyunError, sent: bool) -> ActionOutcome {
    match e {
        AliyunError::Api {
            status,
            code,
            message,
            request_id,
            ..
        } => {
            let reply = json!({"code": code, "message": message, "request_id": request_id, "http_status": status});
            if *status >= 500 {
                ActionOutcome::failed_with_reply(
                    format!(
                        "{what} failed: Alibaba Cloud CCC had a server error (HTTP {status}, CCC {code}: {message}); try again in a moment"
                    ),
                    reply,
                )
            } else {
                ActionOutcome::refused_by_vendor(
                    format!(
                        "{what} refused: {} (CCC {code}: {message})",
                        plain_words(code, message, agent)
                    ),
                    reply,
                )
            }
        }
        AliyunError::Timeout { .. }
        | AliyunError::Disconnected { .. }
        | AliyunError::Decode { .. }
        | AliyunError::TooLarge { .. }
            if sent =>
        {
            ActionOutcome::unknown(
                format!("{what}: outcome unknown: the answer was lost ({e})"),
                e.to_string(),
            )
        }
        _ => ActionOutcome::failed(format!("{what} failed: {e}"), e.to_string()),
    }
}

/// An error of a lookup before the action's own call (nothing was changed).
pub fn error_outcome(what: &str, agent: &str, e: &AliyunError) -> ActionOutcome {
    classify(what, agent, e, false)
}

/// An error of the action's own call: a lost or garbled answer leaves the outcome unknown.
pub fn sent_outcome(what: &str, agent: &str, e: &AliyunError) -> ActionOutcome {
    classify(what, agent, e, true)
}

fn words_of(c: &UserContext) -> String {
    let state = match (c.user_state.as_str(), c.break_code.as_str()) {
        ("BREAK", code) if !code.is_empty() => format!("BREAK ({code})"),
        (s, _) => s.to_string(),
    };
    if state.is_empty() {
        "unknown".to_string()
    } else {
        state
    }
}

fn reply_of(c: &UserContext) -> Value {
    serde_json::to_value(c).unwrap_or(Value::Null)
}

impl AliyunBackend {
    /// Runs one action (see the module doc); never panics, always plain words.
    pub async fn act(&self, req: &ActionRequest) -> ActionOutcome {
        let agent = self.agent_id(&req.agent);
        let c = self.client();
        // `what` names the action (`sign-out of agent X`, for `… refused: …`), `did` says it
        // was done (`signed agent X out`).
        let done = |what: String, did: String, r: Result<UserContext, AliyunError>| match r {
            Ok(ctx) => ActionOutcome::done(
                format!("{did}; agent {agent} is now {}", words_of(&ctx)),
                reply_of(&ctx),
            ),
            Err(e) => sent_outcome(&what, &agent, &e),
        };
        match &req.kind {
            ActionKind::SignIn {
                device,
                skill_groups,
            } => self.sign_in(&agent, device.as_deref(), skill_groups).await,
            ActionKind::Reset { .. } => {
                let r = c.reset_agent_state(&agent, None).await;
                done(
                    format!("reset of agent {agent}"),
                    format!("reset agent {agent}"),
                    r,
                )
            }
            ActionKind::ResetAll => match c.reset_user_status(&[]).await {
                Ok(r) => ActionOutcome::done(
                    "reset every agent in an abnormal state (ResetUserStatus)",
                    serde_json::to_value(&r).unwrap_or(Value::Null),
                ),
                Err(e) => sent_outcome("reset-all", "(all)", &e),
            },
            ActionKind::IvrAuth { flow } => self.ivr_auth(&agent, flow).await,
            ActionKind::Break { code, .. } => {
                let code = code.trim();
                if code.is_empty() {
                    return ActionOutcome::refused(
                        "break needs a break code (e.g. lunch, break, meeting)",
                    );
                }
                if let Some(problem) = self.break_code_problem(code).await {
                    return ActionOutcome::refused(format!(
                        "break of agent {agent} refused: {problem}"
                    ));
                }
                let r = c.take_break(&agent, code, None).await;
                done(
                    format!("break `{code}` of agent {agent}"),
                    format!("put agent {agent} on break `{code}`"),
                    r,
                )
            }
            ActionKind::Ready => {
                let r = c.ready_for_service(&agent, false, None).await;
                done(
                    format!("ready of agent {agent}"),
                    format!("made agent {agent} ready"),
                    r,
                )
            }
            ActionKind::SignOut => {
                let r = c.sign_out_group(&agent, None).await;
                done(
                    format!("sign-out of agent {agent}"),
                    format!("signed agent {agent} out"),
                    r,
                )
            }
        }
    }

    async fn sign_in(&self, agent: &str, device: Option<&str>, groups: &[String]) -> ActionOutcome {
        let what = format!("sign-in of agent {agent}");
        let c = self.client();
        let device = match device.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => d.to_string(),
            None => match c.list_devices(Some(agent)).await {
                Ok(list) => match list.into_iter().find(|d| !d.device_id.is_empty()) {
                    Some(d) => d.device_id,
                    None => {
                        return ActionOutcome::refused(format!(
                            "{what} refused: agent {agent} has no device; register a device (softphone) for the agent first"
                        ))
                    }
                },
                Err(e) => return error_outcome(&what, agent, &e),
            },
        };
        let (users, groups_all) = match self.directory().await {
            Ok(d) => d,
            Err(e) => return error_outcome(&what, agent, &e),
        };
        let mut ids = Vec::new();
        if groups.is_empty() {
            ids.extend(users.levels(agent).iter().map(|l| l.skill_group_id.clone()));
        } else {
            for g in groups {
                let g = g.trim();
                let found = groups_all.iter().find(|x| {
                    x.skill_group_id == g
                        || x.skill_group_name.eq_ignore_ascii_case(g)
                        || x.display_name.eq_ignore_ascii_case(g)
                        || x.skill_group_id.split('@').next() == Some(g)
                });
                match found {
                    Some(x) => ids.push(x.skill_group_id.clone()),
                    None => {
                        let known: Vec<&str> = groups_all
                            .iter()
                            .map(|x| x.skill_group_name.as_str())
                            .collect();
                        return ActionOutcome::refused(format!(
                            "{what} refused: skill group `{g}` does not exist; known groups: {}",
                            known.join(", ")
                        ));
                    }
                }
            }
        }
        match c.sign_in_group(agent, &device, &ids).await {
            Ok(ctx) => ActionOutcome::done(
                format!(
                    "signed agent {agent} in on device {device} into {} skill group(s); agent is now {}",
                    ctx.signed_skill_group_id_list.len(),
                    words_of(&ctx)
                ),
                reply_of(&ctx),
            ),
            Err(e) => sent_outcome(&what, agent, &e),
        }
    }

    async fn ivr_auth(&self, agent: &str, flow: &str) -> ActionOutcome {
        let what = format!("IVR authentication for agent {agent}");
        let c = self.client();
        let status = match c.poll_user_status(agent).await {
            Ok(s) => s,
            Err(e) => return error_outcome(&what, agent, &e),
        };
        let job = [
            status.user_context.job_id.as_str(),
            status
                .call_context
                .as_ref()
                .map(|c| c.job_id.as_str())
                .unwrap_or(""),
        ]
        .into_iter()
        .find(|j| !j.is_empty())
        .map(str::to_string);
        let Some(job) = job else {
            return ActionOutcome::refused(format!(
                "{what} refused: agent {agent} is not on a call"
            ));
        };
        let flows = match self.all_flows().await {
            Ok(f) => f,
            Err(e) => return error_outcome(&what, agent, &e),
        };
        let wanted = flow.trim();
        let Some((flow_id, flow_name)) = flows
            .iter()
            .find(|(id, _)| id == wanted)
            .or_else(|| flows.iter().find(|(_, n)| n.eq_ignore_ascii_case(wanted)))
            .cloned()
        else {
            let names: Vec<&str> = flows.iter().map(|(_, n)| n.as_str()).collect();
            return ActionOutcome::refused(format!(
                "{what} refused: no contact flow has the id or name `{wanted}`; flows: {}",
                names.join(", ")
            ));
        };
        let route_point = match c.get_route_point(&flow_id).await {
            Ok(r) => r.route_point,
            Err(e) => return error_outcome(&what, agent, &e),
        };
        match c
            .launch_authentication(agent, &job, &flow_id, None, None)
            .await
        {
            Ok(s) => {
                let directory = self.cache().directory.clone();
                let planned = Default::default();
                let mapped = agent_from_context(
                    &s.user_context,
                    s.call_context.as_ref(),
                    &MapContext {
                        backend: self.name(),
                        now_ms: now_ms(),
                        planned: &planned,
                        directory: &directory,
                    },
                );
                let rp = if route_point.is_empty() {
                    "no route point".to_string()
                } else {
                    format!("route point {route_point}")
                };
                ActionOutcome::done(
                    format!(
                        "sent call {job} of agent {agent} to IVR flow `{flow_name}` ({rp}){}",
                        if mapped.flags.in_ivr {
                            "; the call is in the IVR"
                        } else {
                            ""
                        }
                    ),
                    json!({"job_id": job, "contact_flow_id": flow_id, "route_point": route_point,
                           "user_context": reply_of(&s.user_context)}),
                )
            }
            Err(e) => sent_outcome(&what, agent, &e),
        }
    }
}

impl AliyunBackend {
    /// The agent's state now (`ListRealtimeAgentStates` for this one agent), to check an action
    /// whose answer was lost; `None` when CCC does not list the agent.
    pub async fn agent_now(&self, agent: &str) -> Result<Option<Agent>, AliyunError> {
        let id = self.agent_id(agent);
        let filter = AgentStateFilter {
            agent_ids: vec![id.clone()],
            ..AgentStateFilter::default()
        };
        let page = self
            .client()
            .list_realtime_agent_states(1, READ_BACK_PAGE, &filter)
            .await?;
        let directory = self.cache().directory.clone();
        let ctx = MapContext {
            backend: self.name(),
            now_ms: now_ms(),
            planned: &self.inner.planned,
            directory: &directory,
        };
        Ok(page
            .list
            .iter()
            .find(|s| s.agent_id == id)
            .map(|s| agent_from_realtime(s, &ctx)))
    }
}

/// Page size of the one-agent read-back (the filter names one agent; a little room for echoes).
const READ_BACK_PAGE: i64 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_name_the_agent_and_the_fix() {
        let m = "The operation is not allowed. User state (TALKING) does not meet expectations (READY).";
        assert_eq!(
            plain_words("InvalidOperation.UserState", m, "a@i"),
            "agent a@i is on a call; wait until the call ends"
        );
        assert!(plain_words("NotExists.DeviceId", "", "a@i").contains("device"));
        assert!(plain_words("NotExists.UserId", "", "a@i").contains("does not exist"));
    }

    #[test]
    fn errors_are_classified_by_what_the_answer_says() {
        use crate::backend::OutcomeStatus::{Failed, Refused, Unknown};
        let api = |status: u16, code: &str| AliyunError::Api {
            action: "TakeBreak".into(),
            status,
            code: code.into(),
            message: "m".into(),
            request_id: "R".into(),
        };
        let timeout = AliyunError::Timeout {
            action: "TakeBreak".into(),
            after: std::time::Duration::from_secs(10),
        };
        let decode = AliyunError::Decode {
            action: "TakeBreak".into(),
            detail: "not JSON".into(),
        };
        let broken = AliyunError::Disconnected {
            action: "TakeBreak".into(),
            detail: "reset".into(),
        };
        let connect = AliyunError::Connect {
            action: "TakeBreak".into(),
            endpoint: "e".into(),
            detail: "refused".into(),
        };
        let sent = |e: &AliyunError| sent_outcome("break", "a@i", e).status;
        let prep = |e: &AliyunError| error_outcome("break", "a@i", e).status;
        assert_eq!(sent(&api(503, "ServiceUnavailable")), Failed);
        assert_eq!(sent(&api(500, "InternalError")), Failed);
        assert_eq!(sent(&api(400, "InvalidOperation.UserState")), Refused);
        assert_eq!(sent(&api(200, "Forbidden.NoPermission")), Refused);
        for lost in [&timeout, &decode, &broken] {
            assert_eq!(sent(lost), Unknown, "{lost}");
            assert_eq!(prep(lost), Failed, "{lost}");
        }
        assert_eq!(sent(&connect), Failed);
        let o = sent_outcome("break", "a@i", &api(503, "ServiceUnavailable"));
        assert!(!o.summary.contains("refused"), "{}", o.summary);
        assert_eq!(o.vendor_reply["http_status"], 503);
    }
}
