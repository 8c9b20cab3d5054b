//! Which parameters of an action each vendor uses: a parameter set on an action that the
//! backend's vendor has no use for is refused before anything is sent ([`ActionKind::unused_by`]),
//! and the audit log records only the parameters the vendor uses ([`ActionKind::parameters_for`]).

use super::ActionKind;
use crate::config::BackendKind;
use crate::text::clean_json;

/// A parameter that was given but that the vendor would ignore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnusedParameter {
    /// The field of [`ActionKind`] (`device`, `skill_groups`, `idle`, `secs`).
    pub field: &'static str,
    /// Its `callboard act` flag (`--device`, `--skill-group`, `--idle`, `--secs`).
    pub flag: &'static str,
    /// Why the vendor has no use for it, and what to do instead.
    pub why: &'static str,
}

/// The vendor's name in messages.
pub fn vendor_name(kind: BackendKind) -> &'static str {
    match kind {
        BackendKind::Aliyun => "Alibaba Cloud CCC",
        BackendKind::Huawei => "Huawei CC-Gateway",
    }
}

const HUAWEI_DEVICE: UnusedParameter = UnusedParameter {
    field: "device",
    flag: "--device",
    why: "a Huawei agent signs in on the softphone number the config gives it (agent_phone, or \
          phonenum in the agent's entry)",
};
const HUAWEI_GROUPS: UnusedParameter = UnusedParameter {
    field: "skill_groups",
    flag: "--skill-group",
    why: "a Huawei agent signs into the skills the gateway assigns to its work number",
};
const ALIYUN_IDLE: UnusedParameter = UnusedParameter {
    field: "idle",
    flag: "--idle",
    why: "Alibaba ResetAgentState always signs the agent out; to make an agent ready use \
          `callboard act ready`",
};
const ALIYUN_SECS: UnusedParameter = UnusedParameter {
    field: "secs",
    flag: "--secs",
    why: "Alibaba TakeBreak has no length; set the break code's planned duration in \
          [backend.thresholds.planned] to be warned when an agent overruns it",
};

impl ActionKind {
    /// The parameters set on this action that `vendor` would ignore (empty when every one given
    /// is used).
    pub fn unused_by(&self, vendor: BackendKind) -> Vec<UnusedParameter> {
        let mut out = Vec::new();
        match (self, vendor) {
            (
                ActionKind::SignIn {
                    device,
                    skill_groups,
                },
                BackendKind::Huawei,
            ) => {
                if device.is_some() {
                    out.push(HUAWEI_DEVICE);
                }
                if !skill_groups.is_empty() {
                    out.push(HUAWEI_GROUPS);
                }
            }
            (ActionKind::Reset { idle: true }, BackendKind::Aliyun) => out.push(ALIYUN_IDLE),
            (ActionKind::Break { secs: Some(_), .. }, BackendKind::Aliyun) => out.push(ALIYUN_SECS),
            _ => {}
        }
        out
    }

    /// The action's parameters for the audit line: its own fields (never secrets), cleaned, less
    /// those `vendor` does not use (all of them when the vendor is not known).
    pub fn parameters_for(&self, vendor: Option<BackendKind>) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.remove("action");
            let unused: &[&str] = match (self, vendor) {
                (ActionKind::SignIn { .. }, Some(BackendKind::Huawei)) => {
                    &["device", "skill_groups"]
                }
                (ActionKind::Reset { .. }, Some(BackendKind::Aliyun)) => &["idle"],
                (ActionKind::Break { .. }, Some(BackendKind::Aliyun)) => &["secs"],
                _ => &[],
            };
            for field in unused {
                o.remove(*field);
            }
        }
        clean_json(&mut v);
        v
    }
}

/// `--idle does not apply to Alibaba Cloud CCC: …` for each parameter, joined.
pub fn unused_words(unused: &[UnusedParameter], vendor: BackendKind) -> String {
    unused
        .iter()
        .map(|u| {
            format!(
                "{} does not apply to {}: {}",
                u.flag,
                vendor_name(vendor),
                u.why
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_vendor_flags_what_it_would_ignore() {
        let sign_in = ActionKind::SignIn {
            device: Some("d".into()),
            skill_groups: vec!["g".into()],
        };
        let flags = |k: &ActionKind, v| k.unused_by(v).iter().map(|u| u.flag).collect::<Vec<_>>();
        assert_eq!(
            flags(&sign_in, BackendKind::Huawei),
            ["--device", "--skill-group"]
        );
        assert!(flags(&sign_in, BackendKind::Aliyun).is_empty());
        let idle = ActionKind::Reset { idle: true };
        assert_eq!(flags(&idle, BackendKind::Aliyun), ["--idle"]);
        assert!(flags(&idle, BackendKind::Huawei).is_empty());
        let secs = ActionKind::Break {
            code: "lunch".into(),
            secs: Some(60),
        };
        assert_eq!(flags(&secs, BackendKind::Aliyun), ["--secs"]);
        assert!(flags(&secs, BackendKind::Huawei).is_empty());
        assert!(flags(&ActionKind::Reset { idle: false }, BackendKind::Aliyun).is_empty());
    }

    #[test]
    fn the_audit_records_only_what_the_vendor_uses() {
        let sign_in = ActionKind::SignIn {
            device: None,
            skill_groups: vec![],
        };
        assert_eq!(sign_in.parameters_for(Some(BackendKind::Huawei)), json!({}));
        assert_eq!(
            sign_in.parameters_for(Some(BackendKind::Aliyun)),
            json!({"device": null, "skill_groups": []})
        );
        assert_eq!(
            ActionKind::Reset { idle: false }.parameters_for(Some(BackendKind::Aliyun)),
            json!({})
        );
        assert_eq!(
            ActionKind::Reset { idle: true }.parameters_for(Some(BackendKind::Huawei)),
            json!({"idle": true})
        );
        let brk = ActionKind::Break {
            code: "lunch".into(),
            secs: None,
        };
        assert_eq!(
            brk.parameters_for(Some(BackendKind::Aliyun)),
            json!({"code": "lunch"})
        );
        assert_eq!(
            brk.parameters_for(None),
            json!({"code": "lunch", "secs": null})
        );
    }
}
