//! `callboard init`: the commented starter config, and writing it (never over an existing file unless forced).

use super::diagnostic::ConfigError;
use std::io::Write;
use std::path::Path;

const STARTER: &str = r#"# callboard configuration, written by `callboard init`.
#
# callboard reads this file from `--config FILE`, else from the platform config directory
# (Linux: ~/.config/callboard/config.toml or $XDG_CONFIG_HOME/callboard/config.toml;
# macOS: ~/Library/Application Support/callboard/config.toml).
# `callboard check` validates it and tries every backend once. Errors name the line and column.
# Paths may start with ~; relative paths are taken from this file's directory.
#
# Secrets (AccessKeys, passwords) never need to be written in this file. Each secret is one of:
#   { env = "NAME" }       an environment variable
#   { file = "PATH" }      a file holding only the secret (make it private: chmod 600 PATH)
#   { command = "..." }    a command that prints the secret, run with `sh -c`, stopped after 10 s
#                          (pass, gopass, vault, op, secret-tool, ...)
#   { value = "..." }      the secret itself: discouraged; callboard warns when other users can read
#                          this file. Keep this file private in any case: chmod 600.
# Secrets never appear in logs, the audit log, the screen or error messages.

# Language of the interface: en or zh-CN (default: LC_ALL / LC_MESSAGES / LANG).
# lang = "zh-CN"

# Customers' phone numbers (Alibaba CounterParty) are masked on the screen and in snapshot
# (132****1056); false shows them in full.
# mask_numbers = false

# The roster's columns, left to right: backend, agent, name, state, time, reason, skills, ext.
# columns = ["state", "time", "reason", "name", "agent"]

# Color theme: default, light, high-contrast, mono, or the path of a theme file.
theme = "default"

# true: callboard only watches. It never signs agents in or out, resets them or puts them on break.
# (`--readonly` on the command line does the same for one run.)
readonly = false

# Every action callboard takes is appended to this file as one JSON line. By default it is
# audit.jsonl in the platform's state directory ($XDG_STATE_HOME/callboard or
# ~/.local/state/callboard on Linux, ~/Library/Application Support/callboard on macOS).
# audit_log = "~/callboard-audit.jsonl"

# Key bindings, action = "key". A key is one character ("r", "R", "?"), or a name: enter, tab, esc,
# space, backspace, delete, insert, home, end, up, down, left, right, pgup, pgdn, f1 to f24;
# optionally after ctrl-, alt- or shift- ("ctrl-r", "alt-enter", "shift-tab").
# Actions: quit, up, down, top, bottom, page-up, page-down, detail, next-view, filter, sort,
# sign-in, reset, reset-all, ivr-auth, break, ready, sign-out, command, help.
# Remove the # in front of a line to change that key; each key may be bound to one action only.
[keys]
# quit = "q"
# detail = "enter"
# reset = "ctrl-r"
# help = "f1"

# ---------------------------------------------------------------------------------------------
# Backends: one [[backend]] table per contact center. Both kinds are shown below; delete the
# one you don't use. Every setting after a [[backend]] line belongs to that backend.

# --- Alibaba Cloud Cloud Call Center (CCC) ---------------------------------------------------
[[backend]]
# A short name without spaces, shown in the UI and used by `--backend NAME`.
name = "shanghai"
kind = "aliyun"
# The CCC endpoint of your region.
endpoint = "https://ccc.cn-shanghai.aliyuncs.com/"
# The CCC instance id (Cloud Call Center console, instance list).
instance_id = "ccc-prod"
# The AccessKey. Without these two lines callboard reads the same variables the Alibaba Cloud
# CLI and SDKs use: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.
access_key_id = { env = "ALIBABA_CLOUD_ACCESS_KEY_ID" }
access_key_secret = { env = "ALIBABA_CLOUD_ACCESS_KEY_SECRET" }
# or, for example: access_key_secret = { command = "pass show aliyun/ccc-access-key-secret" }
# Request signature: "v3" (ACS3-HMAC-SHA256, the default) or "v2" (HMAC-SHA1).
signature = "v3"
# Which agents to show: "all", or a list of agent ids such as ["agent1@ccc-prod", "agent2@ccc-prod"].
roster = "all"
# Seconds between polls, 0.5 to 3600 (default 2).
poll_interval_secs = 2.0

# Planned seconds per break code: an agent on break longer than planned is highlighted.
[backend.thresholds.planned]
lunch = 1800
break = 600
meeting = 3600

# Alert thresholds: seconds in one state after which an agent is flagged as stuck.
# States: ringing, talking, wrap-up, not-ready, break.
[backend.thresholds.stuck_after]
ringing = 60
talking = 3600
wrap-up = 600
not-ready = 1800

# Service level: a call answered within this many seconds counts (Alibaba reports 10, 20 or 30 s,
# Huawei CMS 15 or 20 s); the report is fetched every refresh_secs. See docs/shift-kpis.md.
# [backend.kpis]
# sl_threshold_secs = 20
# refresh_secs = 30

# --- Huawei CC-Gateway (AgentGateway REST) ---------------------------------------------------
[[backend]]
name = "guangzhou"
kind = "huawei"
# The gateway's base URL, up to and including /agentgateway/resource/.
endpoint = "https://10.1.2.3:8043/agentgateway/resource/"
# Which agents (work numbers) to show: "all", or a list.
roster = ["1001", "1002", "1003"]
# Seconds between reconciliations, 0.5 to 3600 (default 30); agent states arrive live as events.
poll_interval_secs = 30.0
# The inspector (quality inspector) account callboard watches and acts through.
inspector = { workno = "900", password = { command = "pass show ccgw/inspector-900" } }
# The password of agents callboard signs in, unless an agent has its own entry below.
agent_password = { file = "~/.config/callboard/ccgw-agent-password" }
# Their softphone numbers: {workno} is replaced by the work number.
agent_phone = "4{workno}"
# The CA that signed the gateway's certificate, when it is an internal CA:
# ca_file = "/etc/callboard/gateway-ca.pem"
# Turn TLS verification off (labs only; the header shows a warning):
# insecure_skip_verify = true

# Planned seconds per rest cause (the gateway's rest reason codes).
[backend.thresholds.planned]
1 = 1800
2 = 600

[backend.thresholds.stuck_after]
talking = 3600
wrap-up = 300

# An agent with its own password and phone number:
# [backend.agents.1001]
# workno = "1001"
# password = { env = "CCGW_AGENT_1001_PASSWORD" }
# phonenum = "41001"

# Huawei CC-CMS real-time monitoring (C2 AK/SK): each agent's time in state, extension and skill
# levels, and each queue's longest wait. Without it those are shown as unknown. The poll interval
# then defaults to 5 s. See docs/huawei-cms.md.
# [backend.cms]
# endpoint = "https://10.1.2.4:28443/rest/cmsapp/v1/openapi/"
# ak = { env = "CCGW_CMS_AK" }
# sk = { command = "pass show ccgw/cms-sk" }
# ccid = 1
# vdn = 12
"#;

/// The commented starter config `callboard init` writes: every option explained, one backend of each
/// kind, secrets from an environment variable, a file and a command. It parses and validates.
pub fn starter_config() -> &'static str {
    STARTER
}

/// [`starter_config`] with its comments in `lang` (the Chinese one also sets `lang = "zh-CN"`).
pub fn starter_config_in(lang: crate::i18n::Lang) -> &'static str {
    match lang {
        crate::i18n::Lang::En => STARTER,
        crate::i18n::Lang::ZhCn => super::init_zh::STARTER_ZH,
    }
}

/// Writes the starter config to `path`, creating its parent directories, readable by its owner only
/// (mode 0600). Refuses to overwrite an existing file unless `force`.
pub fn write_starter(path: &Path, force: bool) -> Result<(), ConfigError> {
    write_starter_in(path, force, crate::i18n::Lang::En)
}

/// [`write_starter`] with the starter's comments in `lang`.
pub fn write_starter_in(
    path: &Path,
    force: bool,
    lang: crate::i18n::Lang,
) -> Result<(), ConfigError> {
    let write_err = |source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(write_err)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ConfigError::Exists {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(write_err(e)),
    };
    // An existing file keeps its mode when overwritten; make it private too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(write_err)?;
    }
    file.write_all(starter_config_in(lang).as_bytes())
        .map_err(write_err)
}
