//! The aliyun CLI's profile file `~/.aliyun/config.json`: `{"current": NAME, "profiles": [{"name",
//! "mode", "access_key_id", "access_key_secret", "sts_token", "ram_role_arn", "ram_session_name",
//! "expired_seconds", "ram_role_name", …}]}`; the profile is `ALIBABA_CLOUD_PROFILE`, else `current`.

use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;

/// The largest profile file read (1 MiB).
pub const MAX_PROFILE_FILE_BYTES: u64 = 1024 * 1024;

/// The profile modes callboard understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileMode {
    Ak,
    StsToken,
    RamRoleArn,
    EcsRamRole,
}

impl ProfileMode {
    /// The mode as the file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileMode::Ak => "AK",
            ProfileMode::StsToken => "StsToken",
            ProfileMode::RamRoleArn => "RamRoleArn",
            ProfileMode::EcsRamRole => "EcsRamRole",
        }
    }

    fn parse(text: &str) -> Option<ProfileMode> {
        match text {
            "" | "AK" => Some(ProfileMode::Ak),
            "StsToken" => Some(ProfileMode::StsToken),
            "RamRoleArn" => Some(ProfileMode::RamRoleArn),
            "EcsRamRole" => Some(ProfileMode::EcsRamRole),
            _ => None,
        }
    }
}

impl fmt::Display for ProfileMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `~/.aliyun/config.json`.
pub fn profile_path() -> PathBuf {
    crate::config::expand_home("~/.aliyun/config.json")
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    current: String,
    #[serde(default)]
    profiles: Vec<RawProfile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawProfile {
    name: String,
    mode: String,
    access_key_id: String,
    access_key_secret: String,
    sts_token: String,
    ram_role_arn: String,
    ram_session_name: String,
    expired_seconds: i64,
    ram_role_name: String,
}

/// One profile, checked: every field its mode needs is there.
#[derive(Clone)]
pub enum Profile {
    Ak {
        id: String,
        secret: String,
        token: Option<String>,
    },
    RamRoleArn {
        id: String,
        secret: String,
        role_arn: String,
        session_name: String,
        duration_secs: u64,
    },
    EcsRamRole {
        role: Option<String>,
    },
}

/// A profile read from the file: its name, mode and contents.
pub struct Found {
    pub name: String,
    pub mode: ProfileMode,
    pub profile: Profile,
}

/// Reads profile `wanted` (or the file's `current`, or `default`) from `text`. Errors say which
/// field is missing and how to fix it; they never quote a secret.
pub fn select(text: &str, wanted: Option<&str>) -> Result<Found, String> {
    // Only the place of the error: serde's words may quote a value, and values here are secrets.
    let file: File = serde_json::from_str(text).map_err(|e| {
        format!(
            "not a valid aliyun CLI config file (line {}, column {}); run `aliyun configure` to rewrite it",
            e.line(),
            e.column()
        )
    })?;
    let name = wanted
        .map(str::to_string)
        .or_else(|| (!file.current.trim().is_empty()).then(|| file.current.trim().to_string()))
        .unwrap_or_else(|| "default".to_string());
    let names: Vec<&str> = file.profiles.iter().map(|p| p.name.as_str()).collect();
    let raw = file
        .profiles
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            format!(
                "has no profile '{}' (profiles: {}); set ALIBABA_CLOUD_PROFILE to one of them or run `aliyun configure --profile {}`",
                crate::config::echo(&name),
                crate::config::echo(&names.join(", ")),
                crate::config::echo(&name)
            )
        })?;
    let shown = crate::config::echo(&name);
    let mode = ProfileMode::parse(raw.mode.trim()).ok_or_else(|| {
        format!(
            "profile '{shown}' is in mode {}, which callboard does not support; use AK, StsToken, RamRoleArn or EcsRamRole",
            crate::config::echo(&raw.mode)
        )
    })?;
    let need = |value: &str, field: &str| -> Result<String, String> {
        if value.trim().is_empty() {
            Err(format!(
                "profile '{shown}' is in {mode} mode but its {field} is empty; run `aliyun configure --mode {mode} --profile {shown}`"
            ))
        } else {
            Ok(value.trim().to_string())
        }
    };
    let profile = match mode {
        ProfileMode::Ak => Profile::Ak {
            id: need(&raw.access_key_id, "access_key_id")?,
            secret: need(&raw.access_key_secret, "access_key_secret")?,
            token: None,
        },
        ProfileMode::StsToken => Profile::Ak {
            id: need(&raw.access_key_id, "access_key_id")?,
            secret: need(&raw.access_key_secret, "access_key_secret")?,
            token: Some(need(&raw.sts_token, "sts_token (the STS security token)")?),
        },
        ProfileMode::RamRoleArn => Profile::RamRoleArn {
            id: need(&raw.access_key_id, "access_key_id")?,
            secret: need(&raw.access_key_secret, "access_key_secret")?,
            role_arn: need(&raw.ram_role_arn, "ram_role_arn")?,
            session_name: Some(raw.ram_session_name.trim())
                .filter(|s| !s.is_empty())
                .unwrap_or("callboard")
                .to_string(),
            duration_secs: if raw.expired_seconds > 0 {
                raw.expired_seconds as u64
            } else {
                3600
            },
        },
        ProfileMode::EcsRamRole => Profile::EcsRamRole {
            role: Some(raw.ram_role_name.trim().to_string()).filter(|r| !r.is_empty()),
        },
    };
    Ok(Found {
        name,
        mode,
        profile,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_by_name_or_current_and_names_what_is_missing() {
        let text = r#"{"current":"a","profiles":[
            {"name":"a","mode":"AK","access_key_id":"id","access_key_secret":"canary-s"},
            {"name":"b","mode":"StsToken","access_key_id":"id","access_key_secret":"canary-s","sts_token":""},
            {"name":"c","mode":"RamRoleArn","access_key_id":"id","access_key_secret":"canary-s","ram_role_arn":"acs:ram::1:role/r","expired_seconds":0},
            {"name":"d","mode":"EcsRamRole","ram_role_name":""},
            {"name":"e","mode":"OIDC"}]}"#;
        let a = select(text, None).unwrap();
        assert_eq!((a.name.as_str(), a.mode), ("a", ProfileMode::Ak));
        let e = select(text, Some("b")).err().unwrap();
        assert!(
            e.contains("profile 'b' is in StsToken mode but its sts_token"),
            "{e}"
        );
        assert!(!e.contains("canary"), "{e}");
        let c = select(text, Some("c")).unwrap();
        assert!(
            matches!(c.profile, Profile::RamRoleArn { duration_secs: 3600, ref session_name, .. } if session_name == "callboard")
        );
        assert!(matches!(
            select(text, Some("d")).unwrap().profile,
            Profile::EcsRamRole { role: None }
        ));
        assert!(select(text, Some("e")).err().unwrap().contains("mode OIDC"));
        assert!(select(text, Some("zz"))
            .err()
            .unwrap()
            .contains("profiles: a, b, c, d, e"));
        assert!(select("{", None).err().unwrap().contains("not a valid"));
        let typed = r#"{"profiles":[{"name":"default","access_key_secret":12345678}]}"#;
        let e = select(typed, None).err().unwrap();
        assert!(!e.contains("12345678"), "{e}");
    }
}
