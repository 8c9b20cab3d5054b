//! Actions on Huawei agents: sign-in (a session callboard holds and keeps alive), and break, ready,
//! sign-out, reset and IVR transfer, through the held session where there is one, else through
//! the inspector's `qualitycontrol/force*`; refusals carry the retcode and its plain words, a
//! lost or garbled answer to the action's own call is unknown; and the one-agent read-back that
//! checks an unknown.

use super::backend::{resolve, HuaweiBackend};
use super::session::AgentLogin;
use super::state::HuaweiAgentState;
use super::HuaweiError;
use crate::backend::{ActionKind, ActionOutcome, ActionRequest};
use crate::clock::now_ms;
use crate::config::did_you_mean;
use crate::model::{Activity, Agent, Presence};
use serde_json::json;

/// Longest rest the gateway accepts, in seconds.
pub const MAX_REST_SECS: u32 = 86_399;
/// Rest length when neither the request nor the config gives one.
pub const DEFAULT_REST_SECS: u32 = 900;

/// A gateway error as an outcome: a business refusal (a `retcode`), callboard's own refusal (no
/// session held, a bad setting), a failure (HTTP 5xx or another status, no connection, a stopped
/// session, or a preparing lookup that went wrong: nothing was sent), or — when `sent` (the
/// action's own call) and the answer timed out, broke off or was garbled — unknown.
fn classify(what: &str, e: &HuaweiError, sent: bool) -> ActionOutcome {
    match e {
        HuaweiError::Retcode {
            code,
            message,
            meaning,
        } => ActionOutcome::refused_by_vendor(
            format!("{what} refused: {meaning} (gateway retcode {code})"),
            json!({"retcode": code, "message": message, "meaning": meaning}),
        ),
        HuaweiError::NotSignedIn(_) | HuaweiError::Config(_) => {
            ActionOutcome::refused(format!("{what} refused: {e}"))
        }
        _ if sent && e.answer_lost() => ActionOutcome::unknown(
            format!("{what}: outcome unknown: the answer was lost ({e})"),
            e.to_string(),
        ),
        _ => ActionOutcome::failed(format!("{what} failed: {e}"), e.to_string()),
    }
}

/// An error of a lookup or set-up before the action's own call (nothing was changed).
fn prep_outcome(what: &str, e: &HuaweiError) -> ActionOutcome {
    classify(what, e, false)
}

fn ok(summary: String) -> ActionOutcome {
    ActionOutcome::done(summary, json!({"retcode": "0"}))
}

impl HuaweiBackend {
    /// The agent's state now (`agentbyworkno` through the inspector), to check an action whose
    /// answer was lost; `None` when the gateway does not know the agent.
    pub async fn agent_now(&self, w: &str) -> Result<Option<Agent>, HuaweiError> {
        let Some(snap) = self.inspector().agent_by_workno(w.trim()).await? else {
            return Ok(None);
        };
        let now = now_ms();
        let mut st = HuaweiAgentState::new(w.trim());
        st.apply_snapshot(&snap, now);
        Ok(Some(st.to_agent(self.name(), now)))
    }

    /// Runs one action (see the module doc); never panics, always plain words.
    pub async fn act(&self, req: &ActionRequest) -> ActionOutcome {
        let w = req.agent.trim();
        if !matches!(req.kind, ActionKind::ResetAll)
            && (w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit()))
        {
            return ActionOutcome::refused(format!(
                "`{w}` is not a Huawei work number; use the agent's digits (e.g. 1001)"
            ));
        }
        let insp = self.inspector();
        match &req.kind {
            ActionKind::SignIn { .. } => self.sign_in(w).await,
            ActionKind::Reset { idle: true } => match insp.force_idle(w).await {
                Ok(()) => ok(format!("forced agent {w} idle through the inspector")),
                Err(e) => self.outcome(&format!("forced idle of agent {w}"), &e),
            },
            ActionKind::Reset { idle: false } => match insp.force_logout(w).await {
                Ok(()) => ok(format!("forced agent {w} out through the inspector (a call in progress was released)")),
                Err(e) => self.outcome(&format!("forced sign-out of agent {w}"), &e),
            },
            ActionKind::ResetAll => ActionOutcome::refused(
                "reset-all is an Alibaba Cloud action (ResetUserStatus); on Huawei reset agents one at a time",
            ),
            ActionKind::IvrAuth { flow } => self.ivr(w, flow).await,
            ActionKind::Break { code, secs } => self.rest(w, code, *secs).await,
            ActionKind::Ready => self.ready(w).await,
            ActionKind::SignOut => self.sign_out(w).await,
        }
    }

    /// An error of the action's own call as an outcome ([`classify`]d), where a signed-out
    /// inspector is a failure (callboard signs it in again on its next refresh), not a refusal.
    fn outcome(&self, what: &str, e: &HuaweiError) -> ActionOutcome {
        self.inspector_outcome(what, e, true)
    }

    fn inspector_outcome(&self, what: &str, e: &HuaweiError, sent: bool) -> ActionOutcome {
        let inspector = self.inspector().workno();
        match e {
            HuaweiError::NotSignedIn(w) | HuaweiError::Closed(w) if w == inspector => {
                ActionOutcome::failed(
                    format!(
                        "{what} failed: the inspector {inspector} is not signed in to the gateway, so nothing was sent; callboard signs it in again on its next refresh, try again then"
                    ),
                    e.to_string(),
                )
            }
            _ => classify(what, e, sent),
        }
    }

    async fn sign_in(&self, w: &str) -> ActionOutcome {
        let what = format!("sign-in of agent {w}");
        if self.held(w).is_some() {
            return ActionOutcome::refused(format!(
                "{what} refused: agent {w} is already signed in through callboard"
            ));
        }
        let Some(login) = self.config().agent_login(w) else {
            return ActionOutcome::refused(format!(
                "{what} refused: the config has no credentials for agent {w}; add [backend.agents.\"{w}\"] or agent_password to the backend"
            ));
        };
        let Some(phone) = login.phonenum.clone().filter(|p| !p.is_empty()) else {
            return ActionOutcome::refused(format!(
                "{what} refused: no softphone number for agent {w}; set agent_phone (e.g. \"4{{workno}}\") or phonenum in the agent's entry"
            ));
        };
        let password = match resolve(login.password.clone()).await {
            Ok(p) => p,
            Err(e) => {
                return ActionOutcome::refused(format!(
                    "{what} refused: the agent's password could not be read ({e})"
                ))
            }
        };
        let session = match self.spawn_session(AgentLogin::new(w, password, phone.clone())) {
            Ok(s) => s,
            Err(e) => return prep_outcome(&what, &e),
        };
        match session.sign_in(false).await {
            Ok(info) => {
                if let Some(old) = self.hold(w, session) {
                    old.shutdown().await;
                }
                ActionOutcome::done(
                    format!("signed agent {w} in on phone {phone}; callboard keeps the session alive while it runs"),
                    json!({"retcode": "0", "workno": info.workno, "vdn": info.vdn, "login_time": info.login_time}),
                )
            }
            Err(e) => {
                session.shutdown().await;
                let mut out = self.outcome(&what, &e);
                if e.is_already_signed_in() {
                    out.summary = format!(
                        "{what} refused: agent {w} is already signed in elsewhere (desk client or another tool); sign it out first (gateway retcode 100-002)"
                    );
                }
                out
            }
        }
    }

    /// `code`: a cause number, `rest:N`, or a rest cause's label. A number must be a cause the
    /// gateway lists (`restreason`) or the config defines (`thresholds.planned`), or 0 (no cause)
    /// for a session callboard holds; when the gateway lists no causes at all there is nothing to
    /// check against, and the gateway judges the number.
    fn rest_cause(&self, code: &str, held: bool) -> Result<u8, String> {
        let c = code.trim();
        let c = c.strip_prefix("rest:").unwrap_or(c);
        let causes = self.causes();
        let known = || {
            let listed: Vec<String> = causes
                .iter()
                .map(|r| format!("{} {}", r.id, r.label))
                .collect();
            if listed.is_empty() {
                String::new()
            } else {
                format!(". The gateway offers {}", listed.join(", "))
            }
        };
        if let Ok(n) = c.parse::<u32>() {
            let cause = u8::try_from(n)
                .map_err(|_| format!("rest cause {n} is out of range; use 0-255"))?;
            if causes.is_empty()
                || causes.get(n).is_some()
                || causes.configured(n)
                || (n == 0 && held)
            {
                return Ok(cause);
            }
            return Err(format!(
                "rest cause {n} is neither offered by the gateway of backend {} nor defined in \
                 the config{}",
                self.name(),
                known()
            ));
        }
        if let Some(r) = causes.iter().find(|r| r.label.eq_ignore_ascii_case(c)) {
            return u8::try_from(r.id)
                .map_err(|_| format!("rest cause {} is out of range; use 0-255", r.id));
        }
        // A label or one of its words (`午餐 Lunch` is also `Lunch`).
        let words: Vec<&str> = causes
            .iter()
            .flat_map(|r| std::iter::once(r.label.as_str()).chain(r.label.split_whitespace()))
            .collect();
        let hint = did_you_mean(c, &words)
            .and_then(|w| {
                causes
                    .iter()
                    .find(|r| r.label == w || r.label.split_whitespace().any(|x| x == w))
            })
            .map_or_else(String::new, |r| {
                format!("; did you mean cause {} ({})?", r.id, r.label)
            });
        Err(format!(
            "`{c}` is not a rest cause of backend {}{}{hint}",
            self.name(),
            known()
        ))
    }

    async fn rest(&self, w: &str, code: &str, secs: Option<u32>) -> ActionOutcome {
        let what = format!("break of agent {w}");
        let cause = match self.rest_cause(code, self.held(w).is_some()) {
            Ok(c) => c,
            Err(e) => return ActionOutcome::refused(format!("{what} refused: {e}")),
        };
        let secs = match secs {
            Some(s) => s,
            None => self
                .causes()
                .reason(Some(u32::from(cause)), None)
                .planned_secs
                .and_then(|s| u32::try_from(s).ok())
                .unwrap_or(DEFAULT_REST_SECS),
        };
        if !(1..=MAX_REST_SECS).contains(&secs) {
            return ActionOutcome::refused(format!(
                "{what} refused: a rest lasts 1 to {MAX_REST_SECS} seconds (got {secs})"
            ));
        }
        let label = self
            .causes()
            .get(u32::from(cause))
            .map(|c| format!(" ({})", c.label))
            .unwrap_or_default();
        let (r, via) = match self.held(w) {
            Some(s) => (s.rest(secs, cause).await, "its session"),
            None => (
                self.inspector().force_rest(w, secs, cause).await,
                "the inspector",
            ),
        };
        match r {
            Ok(()) => ok(format!(
                "put agent {w} on rest cause {cause}{label} for {secs} s through {via}"
            )),
            Err(e) => self.outcome(&what, &e),
        }
    }

    async fn ready(&self, w: &str) -> ActionOutcome {
        let what = format!("ready of agent {w}");
        let r = match self.held(w) {
            Some(s) => {
                let st = s.state();
                if st.presence == Presence::Break || st.pending.is_some() {
                    s.cancel_rest()
                        .await
                        .map(|_| "cancelled the rest through its session")
                } else {
                    s.say_free()
                        .await
                        .map(|_| "set it idle through its session")
                }
            }
            None => self
                .inspector()
                .force_idle(w)
                .await
                .map(|_| "forced it idle through the inspector"),
        };
        match r {
            Ok(how) => ok(format!("made agent {w} ready: {how}")),
            Err(e) => self.outcome(&what, &e),
        }
    }

    async fn sign_out(&self, w: &str) -> ActionOutcome {
        let what = format!("sign-out of agent {w}");
        match self.held(w) {
            Some(s) => match s.sign_out(false).await {
                Ok(()) => {
                    if let Some(s) = self.release(w) {
                        s.shutdown().await;
                    }
                    ok(format!("signed agent {w} out (the session callboard held)"))
                }
                Err(e) => self.outcome(&what, &e),
            },
            None => match self.inspector().force_logout(w).await {
                Ok(()) => ok(format!(
                    "forced agent {w} out through the inspector (a call in progress was released)"
                )),
                Err(e) => self.outcome(&what, &e),
            },
        }
    }

    async fn ivr(&self, w: &str, flow: &str) -> ActionOutcome {
        let what = format!("IVR transfer of agent {w}'s call");
        let Some(s) = self.held(w) else {
            return ActionOutcome::refused(format!(
                "{what} refused: callboard can only transfer calls of agents it signed in; sign the agent in with callboard first"
            ));
        };
        let st = s.state();
        if st.activity != Activity::Talking {
            return ActionOutcome::refused(format!("{what} refused: agent {w} is not on a call"));
        }
        let flows = match self.inspector().ivr_info().await {
            Ok(f) => f,
            Err(e) => return self.inspector_outcome(&what, &e, false),
        };
        let wanted = flow.trim();
        let found = flows
            .iter()
            .find(|f| f.access == wanted || f.id.is_some_and(|i| i.to_string() == wanted))
            .or_else(|| {
                flows
                    .iter()
                    .find(|f| f.description.eq_ignore_ascii_case(wanted))
            });
        let Some(f) = found else {
            let known: Vec<String> = flows
                .iter()
                .map(|f| format!("{} {}", f.access, f.description))
                .collect();
            return ActionOutcome::refused(format!(
                "{what} refused: no IVR flow has the access code or name `{wanted}`; flows: {}",
                known.join(", ")
            ));
        };
        match s.transfer_to_ivr(&f.access, None).await {
            Ok(()) => ok(format!(
                "sent agent {w}'s call{} to IVR flow {} (access code {}) in suspend mode; it comes back to the agent",
                st.call_id.map(|c| format!(" {c}")).unwrap_or_default(),
                if f.description.is_empty() { "?" } else { &f.description },
                f.access
            )),
            Err(e) => self.outcome(&what, &e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::OutcomeStatus::{Failed, Refused, Unknown};

    #[test]
    fn errors_are_classified_by_what_the_answer_says() {
        let sent = |e: &HuaweiError| classify("break", e, true).status;
        let prep = |e: &HuaweiError| classify("break", e, false).status;
        let transport = |m: &str| HuaweiError::Transport {
            path: "p".into(),
            message: m.into(),
        };
        let body = HuaweiError::Body {
            path: "p".into(),
            message: "not JSON".into(),
        };
        assert_eq!(sent(&HuaweiError::retcode("100-009", "no")), Refused);
        assert_eq!(sent(&HuaweiError::NotSignedIn("1001".into())), Refused);
        assert_eq!(
            sent(&HuaweiError::Http {
                status: 503,
                path: "p".into()
            }),
            Failed
        );
        assert_eq!(sent(&transport("connection failed: refused")), Failed);
        assert_eq!(sent(&transport("timed out")), Unknown);
        assert_eq!(sent(&body), Unknown);
        assert_eq!(prep(&body), Failed);
        assert_eq!(sent(&HuaweiError::Closed("1001".into())), Failed);
    }
}
