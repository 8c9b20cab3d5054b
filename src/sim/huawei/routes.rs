//! Path routing under `/agentgateway/resource/`: which operation a method and path name, with the
//! path's arguments; unknown paths are 404, a wrong method on a known path is 405.

use axum::http::Method;

/// An operation of the gateway and the arguments taken from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    SignIn {
        force: bool,
        ex: bool,
    },
    Logout {
        force: bool,
        reason: Option<String>,
    },
    Handshake,
    UpdateGuid,
    SayBusy,
    SayFree,
    CancelBusy,
    Rest {
        time: String,
        cause: String,
    },
    CancelRest,
    Work,
    CancelWork,
    ResetSkill {
        autoflag: String,
    },
    AgentSkills,
    AgentSkillsByWorkno {
        workno: String,
    },
    AgentStatus,
    Poll,
    AgentByWorkno {
        workno: String,
    },
    AllAgentStatus,
    RestReason,
    RestInfo,
    IsCensor,
    VdnSkill,
    SkillWaitNum {
        skill: String,
    },
    WaitNum,
    IvrInfo,
    CallInfo,
    Transfer,
    BeginMonitor,
    EndMonitor,
    ForceBusy {
        workno: String,
    },
    ForceIdle {
        workno: String,
    },
    ForceLogout {
        workno: String,
    },
    ForceRest {
        workno: String,
        time: String,
        reason: String,
    },
}

/// A routed request: the operation, the path's `{agentid}` (the caller) and the query pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub op: Op,
    pub agent: String,
    pub query: Vec<(String, String)>,
}

impl Route {
    /// First value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error("no such resource")]
    NotFound,
    #[error("method not allowed (allowed: {0})")]
    Method(&'static str),
}

pub const PREFIX: &str = "/agentgateway/resource/";

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The `{agentid}` of a path (the segment after the resource family), if any.
pub fn agent_of_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix(PREFIX)?;
    rest.split('/').nth(1).map(decode)
}

/// Routes a request.
pub fn parse(method: &Method, path: &str, query: Option<&str>) -> Result<Route, RouteError> {
    let rest = path.strip_prefix(PREFIX).ok_or(RouteError::NotFound)?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let segs: Vec<String> = rest.split('/').map(decode).collect();
    if segs.len() < 2 || segs.iter().any(String::is_empty) {
        return Err(RouteError::NotFound);
    }
    let family = segs[0].as_str();
    let tail: Vec<&str> = segs[2..].iter().map(String::as_str).collect();
    let s = |v: &str| v.to_string();
    use Op::*;
    let (op, allow) = match (family, tail.as_slice()) {
        ("onlineagent", []) => (
            SignIn {
                force: false,
                ex: false,
            },
            "PUT",
        ),
        ("onlineagent", ["forcelogin"]) => (
            SignIn {
                force: true,
                ex: false,
            },
            "PUT",
        ),
        ("onlineagent", ["loginex"]) => (
            SignIn {
                force: false,
                ex: true,
            },
            "PUT",
        ),
        ("onlineagent", ["forceloginex" | "forceloginexwithoutphone"]) => (
            SignIn {
                force: true,
                ex: true,
            },
            "PUT",
        ),
        ("onlineagent", ["logout"]) => (
            Logout {
                force: false,
                reason: None,
            },
            "DELETE",
        ),
        ("onlineagent", ["forcelogout"]) => (
            Logout {
                force: true,
                reason: None,
            },
            "DELETE",
        ),
        ("onlineagent", ["forcelogoutwithreason", r]) => (
            Logout {
                force: true,
                reason: Some(s(r)),
            },
            "DELETE",
        ),
        ("onlineagent", ["handshake"]) => (Handshake, "POST"),
        ("onlineagent", ["updateGuid"]) => (UpdateGuid, "PUT"),
        ("onlineagent", ["saybusy"]) => (SayBusy, "POST"),
        ("onlineagent", ["sayfree"]) => (SayFree, "POST"),
        ("onlineagent", ["cancelbusy"]) => (CancelBusy, "POST"),
        ("onlineagent", ["rest", t, c]) => (
            Rest {
                time: s(t),
                cause: s(c),
            },
            "POST",
        ),
        ("onlineagent", ["cancelrest"]) => (CancelRest, "POST"),
        ("onlineagent", ["work"]) => (Work, "POST"),
        ("onlineagent", ["cancelwork"]) => (CancelWork, "POST"),
        ("onlineagent", ["resetskill", f]) => (ResetSkill { autoflag: s(f) }, "POST"),
        ("onlineagent", ["agentskills"]) => (AgentSkills, "GET"),
        ("onlineagent", ["agentskillsbyworkno", w]) => {
            (AgentSkillsByWorkno { workno: s(w) }, "GET")
        }
        ("onlineagent", ["agentstatus"]) => (AgentStatus, "GET"),
        ("agentevent", []) => (Poll, "GET"),
        ("agentgroup", ["agentbyworkno", w]) => (AgentByWorkno { workno: s(w) }, "GET"),
        ("agentgroup", ["allagentstatus"]) => (AllAgentStatus, "GET"),
        ("agentgroup", ["restreason"]) => (RestReason, "GET"),
        ("agentgroup", ["agentrestinfo"]) => (RestInfo, "GET"),
        ("agentgroup", ["iscensor"]) => (IsCensor, "GET"),
        ("queuedevice", ["agentvdnskill"]) => (VdnSkill, "GET"),
        ("queuedevice", ["skillwaitnum", k]) => (SkillWaitNum { skill: s(k) }, "GET"),
        ("queuedevice", ["waitnum"]) => (WaitNum, "GET"),
        ("queuedevice", ["ivrinfo"]) => (IvrInfo, "GET"),
        ("calldata", ["callinfo"]) => (CallInfo, "GET"),
        ("voicecall", ["transfer"]) => (Transfer, "POST"),
        ("qualitycontrol", ["beginmonitor"]) => (BeginMonitor, "POST"),
        ("qualitycontrol", ["endmonitor"]) => (EndMonitor, "POST"),
        ("qualitycontrol", ["forcebusy", w]) => (ForceBusy { workno: s(w) }, "POST"),
        ("qualitycontrol", ["forceidle", w]) => (ForceIdle { workno: s(w) }, "POST"),
        ("qualitycontrol", ["forcelogout", w]) => (ForceLogout { workno: s(w) }, "POST"),
        ("qualitycontrol", ["forcerest", w, t, r]) => (
            ForceRest {
                workno: s(w),
                time: s(t),
                reason: s(r),
            },
            "POST",
        ),
        _ => return Err(RouteError::NotFound),
    };
    if method.as_str() != allow {
        return Err(RouteError::Method(allow));
    }
    let query = query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    Ok(Route {
        op,
        agent: segs[1].clone(),
        query,
    })
}

/// A work number from a path or query: digits, 101–999999 (the newer documents' range).
pub fn workno(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u32>()
        .ok()
        .filter(|n| (101..=999_999).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_known_paths_and_rejects_others() {
        let r = parse(
            &Method::POST,
            "/agentgateway/resource/onlineagent/1001/rest/60/2",
            None,
        );
        assert_eq!(
            r.map(|r| r.op),
            Ok(Op::Rest {
                time: "60".into(),
                cause: "2".into()
            })
        );
        assert_eq!(
            parse(
                &Method::GET,
                "/agentgateway/resource/onlineagent/1001/sayfree",
                None
            ),
            Err(RouteError::Method("POST"))
        );
        assert_eq!(
            parse(&Method::GET, "/agentgateway/resource/nothing/1001", None),
            Err(RouteError::NotFound)
        );
        assert_eq!(
            parse(&Method::GET, "/agentgateway/resource/", None),
            Err(RouteError::NotFound)
        );
        let q = parse(
            &Method::POST,
            "/agentgateway/resource/qualitycontrol/900/beginmonitor",
            Some("agents=1001;1002"),
        );
        assert_eq!(
            q.ok().and_then(|r| r.query("agents").map(str::to_string)),
            Some("1001;1002".into())
        );
    }

    #[test]
    fn work_numbers_are_range_checked() {
        assert_eq!(workno("1001"), Some(1001));
        assert_eq!(workno("100"), None);
        assert_eq!(workno("1000000"), None);
        assert_eq!(workno("99999999999999999999999"), None);
        assert_eq!(workno("+101"), None);
        assert_eq!(workno(""), None);
    }
}
