//! Checking an action whose answer was lost or garbled: what the agent's state should be after it
//! ([`expectation`]), and reading the agent back from the vendor — after [`READ_BACK_AFTER`], at
//! most twice — to turn `unknown` into applied, not applied, or a plainly worded unknown.

use super::{ActionKind, ActionOutcome, ActionRequest, Backend, Verification};
use crate::config::BackendKind;
use crate::model::{Agent, Presence, StateKey};
use std::time::Duration;

/// When the agent is read back, each wait counted from the one before: a first look soon after
/// the lost answer, and a second one for a server that finished the request late.
pub const READ_BACK_AFTER: [Duration; 2] =
    [Duration::from_millis(500), Duration::from_millis(1500)];

/// The longest one read-back may take.
pub const READ_BACK_TIMEOUT: Duration = Duration::from_secs(5);

/// The state an action leaves the agent in, when it has one to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Signed in (any presence but offline).
    SignedIn,
    Offline,
    Ready,
    /// On break; with the break code when the vendor reports it (Alibaba). A break asked for
    /// during a call counts when it is pending (Huawei pre-rest).
    Break {
        code: Option<String>,
    },
}

impl Expect {
    /// Whether `a` is in the expected state.
    pub fn met(&self, a: &Agent) -> bool {
        match self {
            Expect::SignedIn => a.presence != Presence::Offline,
            Expect::Offline => a.presence == Presence::Offline,
            Expect::Ready => a.presence == Presence::Ready,
            Expect::Break { code } => {
                let on_break = a.presence == Presence::Break;
                match code {
                    Some(code) => {
                        on_break
                            && a.reason
                                .as_ref()
                                .is_none_or(|r| r.code.eq_ignore_ascii_case(code))
                    }
                    None => on_break || a.flags.pending_next,
                }
            }
        }
    }
}

/// What `kind` should leave the agent in on a `vendor` backend, or why there is nothing to check.
pub fn expectation(kind: &ActionKind, vendor: BackendKind) -> Result<Expect, &'static str> {
    match (kind, vendor) {
        (ActionKind::SignIn { .. }, BackendKind::Aliyun) => Ok(Expect::SignedIn),
        (ActionKind::SignIn { .. }, BackendKind::Huawei) => Err(
            "if the gateway signed the agent in, callboard does not hold its session and the gateway signs it out after its idle timeout; check the agent and sign it in again",
        ),
        (ActionKind::Reset { idle: true }, BackendKind::Huawei) => Ok(Expect::Ready),
        (ActionKind::Reset { .. }, _) | (ActionKind::SignOut, _) => Ok(Expect::Offline),
        (ActionKind::Ready, _) => Ok(Expect::Ready),
        (ActionKind::Break { code, .. }, BackendKind::Aliyun) => Ok(Expect::Break {
            code: Some(code.trim().to_string()),
        }),
        (ActionKind::Break { .. }, BackendKind::Huawei) => Ok(Expect::Break { code: None }),
        (ActionKind::ResetAll, _) => {
            Err("reset-all changes many agents at once; check the roster before trying again")
        }
        (ActionKind::IvrAuth { .. }, _) => Err(
            "an agent's state does not show whether its call visits an IVR flow; check the call before trying again",
        ),
    }
}

/// The agent's state now, from the vendor (`Err`: why it could not be read).
async fn read_back(backend: &Backend, agent: &str) -> Result<Agent, String> {
    let read = async {
        match backend {
            Backend::Aliyun(b) => b.agent_now(agent).await.map_err(|e| e.to_string()),
            Backend::Huawei(b) => b.agent_now(agent).await.map_err(|e| e.to_string()),
        }
    };
    match tokio::time::timeout(READ_BACK_TIMEOUT, read).await {
        Ok(Ok(Some(a))) => Ok(a),
        Ok(Ok(None)) => Err(format!("{} does not list the agent", backend.name())),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(format!(
            "no answer within {} s",
            READ_BACK_TIMEOUT.as_secs()
        )),
    }
}

/// `Break (lunch)`, `Offline`, …
fn state_words(a: &Agent) -> String {
    let label = StateKey::of(a).label();
    match &a.reason {
        Some(r) if !r.code.is_empty() && a.presence == Presence::Break => {
            format!("{label} ({})", r.code)
        }
        _ => label.to_string(),
    }
}

/// Reads the agent back (see the module doc) and gives `outcome` — an unknown — its final word.
pub async fn check(
    backend: &Backend,
    req: &ActionRequest,
    outcome: ActionOutcome,
) -> ActionOutcome {
    let lost = outcome
        .vendor_reply
        .get("error")
        .and_then(|e| e.as_str())
        .unwrap_or("no detail")
        .to_string();
    let expect = match expectation(&req.kind, backend.kind()) {
        Ok(e) => e,
        Err(why) => {
            let summary = format!("outcome unknown: the answer was lost ({lost}); {why}");
            return outcome.verified(Verification::Unverified, summary);
        }
    };
    let agent = req.agent.trim();
    let mut seen: Option<Agent> = None;
    let mut read_error = String::new();
    let mut waited = Duration::ZERO;
    for wait in READ_BACK_AFTER {
        tokio::time::sleep(wait).await;
        waited += wait;
        match read_back(backend, agent).await {
            Ok(a) if expect.met(&a) => {
                let summary = format!(
                    "applied, verified from the next poll: the agent is now {}, as {} asks (its answer was lost: {lost})",
                    state_words(&a),
                    req.kind.name()
                );
                return outcome.verified(Verification::Applied, summary);
            }
            Ok(a) => seen = Some(a),
            Err(e) => read_error = e,
        }
    }
    match seen {
        Some(a) => {
            let summary = format!(
                "not applied, verified from the next poll: {:.1} s later the agent is still {} (the answer was lost: {lost}); try again",
                waited.as_secs_f64(),
                state_words(&a)
            );
            outcome.verified(Verification::NotApplied, summary)
        }
        None => {
            let summary = format!(
                "outcome unknown: the answer was lost ({lost}) and the agent could not be read back ({read_error}); it may or may not have happened, so check the agent before trying again"
            );
            outcome.verified(Verification::Unverified, summary)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Reason, ReasonCategory};
    use std::sync::Arc;

    fn agent(presence: Presence, code: Option<&str>) -> Agent {
        let mut a = Agent::unknown(Arc::from("b"), "a");
        a.presence = presence;
        a.reason = code.map(|c| Reason {
            code: c.into(),
            label: c.into(),
            category: ReasonCategory::Unknown,
            planned_secs: None,
        });
        a
    }

    #[test]
    fn each_action_has_its_expected_state() {
        let ali = |k: ActionKind| expectation(&k, BackendKind::Aliyun);
        let hw = |k: ActionKind| expectation(&k, BackendKind::Huawei);
        assert_eq!(ali(ActionKind::Reset { idle: true }), Ok(Expect::Offline));
        assert_eq!(hw(ActionKind::Reset { idle: true }), Ok(Expect::Ready));
        assert_eq!(hw(ActionKind::Reset { idle: false }), Ok(Expect::Offline));
        assert_eq!(ali(ActionKind::SignOut), Ok(Expect::Offline));
        assert_eq!(ali(ActionKind::Ready), Ok(Expect::Ready));
        assert_eq!(
            ali(ActionKind::SignIn {
                device: None,
                skill_groups: vec![]
            }),
            Ok(Expect::SignedIn)
        );
        assert!(hw(ActionKind::SignIn {
            device: None,
            skill_groups: vec![]
        })
        .is_err());
        assert!(ali(ActionKind::ResetAll).is_err());
        assert!(ali(ActionKind::IvrAuth { flow: "f".into() }).is_err());
        assert_eq!(
            ali(ActionKind::Break {
                code: " lunch ".into(),
                secs: None
            }),
            Ok(Expect::Break {
                code: Some("lunch".into())
            })
        );
    }

    #[test]
    fn expected_states_are_compared() {
        let lunch = Expect::Break {
            code: Some("lunch".into()),
        };
        assert!(lunch.met(&agent(Presence::Break, Some("lunch"))));
        assert!(!lunch.met(&agent(Presence::Break, Some("meeting"))));
        assert!(!lunch.met(&agent(Presence::Ready, None)));
        let rest = Expect::Break { code: None };
        assert!(rest.met(&agent(Presence::Break, Some("rest"))));
        let mut pre_rest = agent(Presence::Ready, None);
        pre_rest.flags.pending_next = true;
        assert!(rest.met(&pre_rest));
        assert!(Expect::Offline.met(&agent(Presence::Offline, None)));
        assert!(Expect::SignedIn.met(&agent(Presence::SigningIn, None)));
        assert!(!Expect::SignedIn.met(&agent(Presence::Offline, None)));
        assert_eq!(
            state_words(&agent(Presence::Break, Some("lunch"))),
            "Break (lunch)"
        );
        assert_eq!(state_words(&agent(Presence::Offline, None)), "Offline");
    }
}
