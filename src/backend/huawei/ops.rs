//! The typed commands of an agent session: state requests, skills, IVR transfer and queries.

use super::error::HuaweiError;
use super::http::Call;
use super::session::{Effect, HuaweiSession};
use super::state::Pending;
use super::wire::{self, AgentStatus, CallInfo, IvrFlow};
use crate::model::SkillRef;
use serde_json::{json, Value};

impl HuaweiSession {
    /// Busy (示忙) with an optional reason (200–250); pending while on a call.
    pub async fn say_busy(&self, reason: Option<u16>) -> Result<(), HuaweiError> {
        let q = reason.map(|r| format!("?reason={r}")).unwrap_or_default();
        let call = Call::post(self.path("onlineagent", &format!("saybusy{q}")));
        let pending = Pending::Busy {
            reason: reason.map(u32::from),
        };
        self.op(call, Effect::Pending(pending)).await.map(drop)
    }

    pub async fn say_free(&self) -> Result<(), HuaweiError> {
        self.simple("onlineagent", "sayfree").await
    }

    pub async fn cancel_busy(&self) -> Result<(), HuaweiError> {
        self.simple("onlineagent", "cancelbusy").await
    }

    /// Rest for `secs` (1–86399) with a rest cause (0–255); pending while on a call.
    pub async fn rest(&self, secs: u32, cause: u8) -> Result<(), HuaweiError> {
        let call = Call::post(self.path("onlineagent", &format!("rest/{secs}/{cause}")));
        let pending = Pending::Rest {
            secs: u64::from(secs),
            cause: u32::from(cause),
        };
        self.op(call, Effect::Pending(pending)).await.map(drop)
    }

    pub async fn cancel_rest(&self) -> Result<(), HuaweiError> {
        self.simple("onlineagent", "cancelrest").await
    }

    pub async fn work(&self) -> Result<(), HuaweiError> {
        self.simple("onlineagent", "work").await
    }

    pub async fn cancel_work(&self) -> Result<(), HuaweiError> {
        self.simple("onlineagent", "cancelwork").await
    }

    /// Signs in to skill queues: all configured (`auto`) or the given ids.
    pub async fn reset_skill(&self, auto: bool, skill_ids: &[String]) -> Result<(), HuaweiError> {
        let q = if skill_ids.is_empty() {
            String::new()
        } else {
            format!("?skillid={}", skill_ids.join(";"))
        };
        let call = Call::post(self.path("onlineagent", &format!("resetskill/{auto}{q}")));
        self.call(call).await.map(drop)
    }

    /// Sends the current call to an IVR flow in suspend mode (`devicetype 3, mode 1`); the call
    /// comes back with `AgentEvent_ReturnFromIvr`. `address` is the flow's access code.
    pub async fn transfer_to_ivr(
        &self,
        address: &str,
        callappdata: Option<&str>,
    ) -> Result<(), HuaweiError> {
        let mut body = json!({"devicetype": 3, "mode": 1, "address": address});
        if let Some(data) = callappdata {
            body["callappdata"] = Value::String(data.to_string());
        }
        let call = Call::post(self.path("voicecall", "transfer")).with_body(body);
        self.op(call, Effect::Ivr).await.map(drop)
    }

    /// IVR flows of the agent's VDN (`queuedevice/{id}/ivrinfo`).
    pub async fn ivr_info(&self) -> Result<Vec<IvrFlow>, HuaweiError> {
        let env = self
            .call(Call::get(self.path("queuedevice", "ivrinfo")))
            .await?;
        Ok(wire::ivr_flows(&env.result()))
    }

    /// The agent's current call (`calldata/{id}/callinfo`), if any.
    pub async fn call_info(&self) -> Result<Option<CallInfo>, HuaweiError> {
        let env = self
            .call(Call::get(self.path("calldata", "callinfo")))
            .await?;
        Ok(CallInfo::from_result(&env.result()))
    }

    /// The agent's configured skills (`onlineagent/{id}/agentskills`).
    pub async fn agent_skills(&self) -> Result<Vec<SkillRef>, HuaweiError> {
        let env = self
            .call(Call::get(self.path("onlineagent", "agentskills")))
            .await?;
        Ok(wire::skills(&env.result()))
    }

    /// The agent's own status (`onlineagent/{id}/agentstatus`).
    pub async fn agent_status(&self) -> Result<AgentStatus, HuaweiError> {
        let env = self
            .call(Call::get(self.path("onlineagent", "agentstatus")))
            .await?;
        Ok(AgentStatus::from_result(&env.result()))
    }

    async fn simple(&self, family: &str, rest: &str) -> Result<(), HuaweiError> {
        self.call(Call::post(self.path(family, rest)))
            .await
            .map(drop)
    }
}
