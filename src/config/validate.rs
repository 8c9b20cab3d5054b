//! Checks a parsed config beyond its types, reporting each problem at its line and column with a fix.

use super::diagnostic::Diagnostic;
use super::echo::echo;
use super::hints::{did_you_mean, field_hint, one_of};
use super::local_file::{regular_file, LocalFileError};
use super::paths::{self, readable_by_others};
use super::spans::{keypath, Doc, Seg};
use super::{
    BackendConfig, BackendKind, Config, Roster, SecretSource, POLL_INTERVAL_RANGE, STUCK_STATES,
    THEMES,
};
use std::collections::BTreeMap;
use std::path::Path;

#[path = "validate_keys.rs"]
mod keys_check;

/// Collects errors and warnings.
struct Check<'d, 'a> {
    doc: &'d Doc<'a>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// The config file's permission bits, if known.
    mode: Option<u32>,
}

impl Check<'_, '_> {
    fn error(&mut self, path: &[Seg], message: String, fix: impl Into<String>) {
        self.errors
            .push(self.doc.at_value(path, message, fix.into()));
    }
    fn error_at_key(&mut self, path: &[Seg], message: String, fix: impl Into<String>) {
        self.errors.push(self.doc.at_key(path, message, fix.into()));
    }
    fn warn(&mut self, path: &[Seg], message: String, fix: impl Into<String>) {
        self.warnings
            .push(self.doc.at_value(path, message, fix.into()));
    }
    fn hint(path: &[Seg]) -> String {
        field_hint(path).unwrap_or_default().to_string()
    }
    fn file(&self) -> &Path {
        self.doc.file
    }
}

/// Validates `config` (parsed from `doc`); `mode` is the file's permission bits.
/// Returns (errors, warnings), each sorted by position.
pub(crate) fn validate(
    config: &Config,
    doc: &Doc<'_>,
    mode: Option<u32>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut c = Check {
        doc,
        errors: Vec::new(),
        warnings: Vec::new(),
        mode,
    };
    top_level(&mut c, config);
    if let Some(serve) = &config.serve {
        for p in super::serve::problems(serve) {
            c.error(&keypath!["serve", p.field], p.message, p.fix);
        }
    }
    if config.backends.is_empty() {
        c.errors.push(doc.at_offset(
            0,
            "the config has no [[backend]] entries".to_string(),
            "add one; `callboard init --config FILE` writes an example of each kind".to_string(),
        ));
    }
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, b) in config.backends.iter().enumerate() {
        if let Some(first) = names.get(b.name.as_str()) {
            let (line, _) = doc.line_col(doc.value_offset(&keypath!["backend", *first, "name"]));
            c.error(
                &keypath!["backend", i, "name"],
                format!(
                    "backend name \"{}\" is used twice (first on line {line})",
                    echo(&b.name)
                ),
                "give every [[backend]] its own name",
            );
        } else {
            names.insert(&b.name, i);
        }
        backend(&mut c, i, b);
    }
    c.errors.extend(super::alerts::problems(
        config.alerts.as_ref(),
        config.history.as_ref(),
        doc,
    ));
    let by_position = |d: &Diagnostic| (d.line, d.column);
    c.errors.sort_by_key(by_position);
    c.warnings.sort_by_key(by_position);
    (c.errors, c.warnings)
}

fn top_level(c: &mut Check<'_, '_>, config: &Config) {
    if let Some(theme) = &config.theme {
        let at = keypath!["theme"];
        if paths::is_path_like(theme) {
            let resolved = paths::resolve(theme, c.file());
            if let Some(problem) = not_a_file(&resolved) {
                c.error(
                    &at,
                    format!("theme file {} {problem}", echo(&resolved)),
                    format!(
                        "point theme at a .toml theme file, or use a built-in theme: {}",
                        one_of(THEMES)
                    ),
                );
            }
        } else if !THEMES.contains(&theme.as_str()) {
            let fix = did_you_mean(theme, THEMES).map_or_else(
                || format!("use {}, or a theme file path", one_of(THEMES)),
                |s| format!("did you mean `{s}`?"),
            );
            c.error(&at, format!("unknown theme `{}`", echo(theme)), fix);
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in config.columns.iter().enumerate() {
        let at = keypath!["columns", i];
        match super::column_key(name) {
            None => {
                let fix = did_you_mean(name, &super::COLUMNS).map_or_else(
                    || format!("use {}", one_of(&super::COLUMNS)),
                    |s| format!("did you mean `{s}`?"),
                );
                c.error(&at, format!("unknown column `{}`", echo(name)), fix);
            }
            Some(key) if seen.contains(&key) => c.error(
                &at,
                format!("column `{}` is listed twice", echo(name)),
                "list each column once",
            ),
            Some(key) => seen.push(key),
        }
    }
    if let Some(lang) = &config.lang {
        if crate::i18n::Lang::parse(lang).is_none() {
            c.error(
                &keypath!["lang"],
                format!("unknown language `{}`", echo(lang)),
                "write lang = \"en\" or lang = \"zh-CN\"",
            );
        }
    }
    if config
        .audit_log
        .as_deref()
        .is_some_and(|p| p.trim().is_empty())
    {
        c.error(
            &keypath!["audit_log"],
            "audit_log is empty".to_string(),
            Check::hint(&keypath!["audit_log"]),
        );
    }
    keys_check::keys(c, config);
}

fn backend(c: &mut Check<'_, '_>, i: usize, b: &BackendConfig) {
    let p = |field: &str| keypath!["backend", i, field];
    let place = c.doc.where_is(&p("name"));
    if b.name.trim().is_empty() || b.name.chars().any(char::is_whitespace) {
        c.error(
            &p("name"),
            format!("backend name \"{}\" is empty or has spaces", echo(&b.name)),
            Check::hint(&p("name")),
        );
    }
    endpoint(c, i, b, &place);
    roster(c, &p("roster"), &b.roster, &place);
    if let Some(secs) = b.poll_interval_secs {
        if !POLL_INTERVAL_RANGE.contains(&secs) {
            c.error(
                &p("poll_interval_secs"),
                format!("poll_interval_secs = {secs} {place} is out of range"),
                Check::hint(&p("poll_interval_secs")),
            );
        }
    }
    if let Some(t) = &b.thresholds {
        for (code, secs) in &t.planned {
            if *secs == 0 {
                let at = keypath!["backend", i, "thresholds", "planned", code.as_str()];
                c.error(
                    &at,
                    format!("planned duration of `{}` {place} is 0", echo(code)),
                    "write a positive number of seconds, e.g. 1800",
                );
            }
        }
        for (state, secs) in &t.stuck_after {
            let at = keypath!["backend", i, "thresholds", "stuck_after", state.as_str()];
            if !STUCK_STATES.contains(&state.as_str()) {
                let fix = did_you_mean(state, STUCK_STATES).map_or_else(
                    || format!("use one of {}", one_of(STUCK_STATES)),
                    |s| format!("did you mean `{s}`?"),
                );
                c.error_at_key(
                    &at,
                    format!(
                        "unknown state `{}` in thresholds.stuck_after {place}",
                        echo(state)
                    ),
                    fix,
                );
            } else if *secs == 0 {
                c.error(
                    &at,
                    format!("stuck_after for `{state}` {place} is 0"),
                    "write a positive number of seconds, e.g. 600",
                );
            }
        }
    }
    match b.kind {
        BackendKind::Aliyun => aliyun(c, i, b, &place),
        BackendKind::Huawei => huawei(c, i, b, &place),
    }
    if let Some(ca) = &b.ca_file {
        let resolved = paths::resolve(ca, c.file());
        if let Some(problem) = not_a_file(&resolved) {
            c.error(
                &p("ca_file"),
                format!("ca_file {} {place} {problem}", echo(&resolved)),
                "point ca_file at the PEM file of the CA that signed the gateway's certificate",
            );
        }
    }
    if b.insecure_skip_verify {
        c.warn(
            &p("insecure_skip_verify"),
            format!("TLS certificate verification is off {place}: anyone on the network path can read its passwords"),
            "use ca_file = \"PATH\" with the gateway's CA instead (insecure_skip_verify is for labs)",
        );
    }
    for (field, source) in [
        ("access_key_id", &b.access_key_id),
        ("access_key_secret", &b.access_key_secret),
        ("security_token", &b.security_token),
        ("agent_password", &b.agent_password),
    ] {
        if let Some(s) = source {
            secret(c, &p(field), s, &place);
        }
    }
    if let Some(login) = &b.inspector {
        secret(
            c,
            &keypath!["backend", i, "inspector", "password"],
            &login.password,
            &place,
        );
    }
    for (key, login) in &b.agents {
        let at = keypath!["backend", i, "agents", key.as_str(), "password"];
        secret(c, &at, &login.password, &place);
    }
    if let Some(cms) = &b.cms {
        for (field, source) in [("ak", &cms.ak), ("sk", &cms.sk)] {
            secret(c, &keypath!["backend", i, "cms", field], source, &place);
        }
        for p in super::cms::problems(cms, &place) {
            c.error(&keypath!["backend", i, "cms", p.field], p.message, p.fix);
        }
    }
    if let Some(kpis) = &b.kpis {
        for p in super::kpis::problems(kpis, &place) {
            c.error(&keypath!["backend", i, "kpis", p.field], p.message, p.fix);
        }
    }
}

fn endpoint(c: &mut Check<'_, '_>, i: usize, b: &BackendConfig, place: &str) {
    let at = keypath!["backend", i, "endpoint"];
    let example = match b.kind {
        BackendKind::Aliyun => "https://ccc.cn-shanghai.aliyuncs.com/",
        BackendKind::Huawei => "https://10.1.2.3:8043/agentgateway/resource/",
    };
    let fix = format!("write an http(s) URL, e.g. endpoint = \"{example}\"");
    let shown = echo(&b.endpoint);
    let url = match reqwest::Url::parse(b.endpoint.trim()) {
        Ok(url) => url,
        Err(e) => {
            c.error(
                &at,
                format!("endpoint \"{shown}\" {place} is not a URL ({e})"),
                fix,
            );
            return;
        }
    };
    let loopback = match url.host_str() {
        Some(host) => is_loopback(host),
        None => {
            c.error(
                &at,
                format!("endpoint \"{shown}\" {place} has no host"),
                fix,
            );
            return;
        }
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => c.warn(
            &at,
            format!("endpoint \"{shown}\" {place} is plain http: requests, signatures and passwords travel unencrypted"),
            {
                let mut secure = url.clone();
                let _ = secure.set_scheme("https");
                format!("use https if the server offers it: endpoint = \"{}\"", echo(secure.as_str()))
            },
        ),
        other => c.error(&at, format!("endpoint \"{shown}\" {place} uses {}:, not http(s)", echo(other)), fix),
    }
}

/// Why the file at `path` cannot be used (`does not exist`, `is a character device, not a
/// regular file`), or `None` if it is a regular file.
fn not_a_file(path: &str) -> Option<String> {
    match regular_file(Path::new(path)) {
        Ok(_) => None,
        Err(e) if e.is_not_found() => Some("does not exist".to_string()),
        Err(LocalFileError::NotRegular { kind }) => Some(format!("is {kind}, not a regular file")),
        Err(e) => Some(format!("cannot be used: {e}")),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn roster(c: &mut Check<'_, '_>, at: &[Seg], roster: &Roster, place: &str) {
    match roster {
        Roster::All(s) if s == "all" => {}
        Roster::All(s) => {
            let s = echo(s);
            c.error(
                at,
                format!("roster = \"{s}\" {place}: the only word allowed here is \"all\""),
                format!("write roster = \"all\" for every agent, or a list: roster = [\"{s}\"]"),
            );
        }
        Roster::List(ids) if ids.is_empty() => c.error(
            at,
            format!("roster {place} is an empty list, so no agent would be shown"),
            Check::hint(at),
        ),
        Roster::List(ids) => {
            let mut seen = std::collections::BTreeSet::new();
            for id in ids {
                if id.trim().is_empty() {
                    c.error(
                        at,
                        format!("roster {place} has an empty agent id"),
                        "remove the empty \"\" entry",
                    );
                } else if !seen.insert(id) {
                    c.warn(
                        at,
                        format!("roster {place} lists agent \"{}\" twice", echo(id)),
                        "remove one of them",
                    );
                }
            }
        }
    }
}

/// Fields only one kind reads: set on the other kind, they are ignored (a warning).
const ALIYUN_ONLY: &[&str] = &[
    "instance_id",
    "access_key_id",
    "access_key_secret",
    "signature",
    "security_token",
    "sts_endpoint",
    "metadata_url",
];
const HUAWEI_ONLY: &[&str] = &[
    "inspector",
    "agents",
    "agent_password",
    "agent_phone",
    "cms",
];

fn ignored_fields(c: &mut Check<'_, '_>, i: usize, b: &BackendConfig, place: &str) {
    let (fields, owner) = match b.kind {
        BackendKind::Aliyun => (HUAWEI_ONLY, "a Huawei"),
        BackendKind::Huawei => (ALIYUN_ONLY, "an Alibaba"),
    };
    let set = |f: &str| match f {
        "instance_id" => b.instance_id.is_some(),
        "access_key_id" => b.access_key_id.is_some(),
        "access_key_secret" => b.access_key_secret.is_some(),
        "signature" => b.signature.is_some(),
        "security_token" => b.security_token.is_some(),
        "sts_endpoint" => b.sts_endpoint.is_some(),
        "metadata_url" => b.metadata_url.is_some(),
        "inspector" => b.inspector.is_some(),
        "agents" => !b.agents.is_empty(),
        "agent_password" => b.agent_password.is_some(),
        "agent_phone" => b.agent_phone.is_some(),
        "cms" => b.cms.is_some(),
        _ => false,
    };
    for field in fields.iter().copied().filter(|f| set(f)) {
        c.warn(
            &keypath!["backend", i, field],
            format!(
                "`{field}` is {owner} setting, ignored {place} (kind = \"{}\")",
                b.kind
            ),
            format!("remove it, or check that kind = \"{}\" is right", b.kind),
        );
    }
}

fn aliyun(c: &mut Check<'_, '_>, i: usize, b: &BackendConfig, place: &str) {
    ignored_fields(c, i, b, place);
    match b.instance_id.as_deref().map(str::trim) {
        None => c.error(
            &keypath!["backend", i],
            format!(
                "backend \"{}\" has kind \"aliyun\" but no instance_id",
                echo(&b.name)
            ),
            "add instance_id = \"ccc-...\" (the CCC instance id from the console)",
        ),
        Some("") => c.error(
            &keypath!["backend", i, "instance_id"],
            format!("instance_id {place} is empty"),
            "write the CCC instance id from the console, e.g. instance_id = \"ccc-prod\"",
        ),
        Some(_) => {}
    }
    for (field, value, example) in [
        ("sts_endpoint", &b.sts_endpoint, "https://sts.aliyuncs.com/"),
        ("metadata_url", &b.metadata_url, "http://100.100.100.200"),
    ] {
        if let Some(v) = value {
            credential_url(c, &keypath!["backend", i, field], field, v, place, example);
        }
    }
    if let Some(sig) = &b.signature {
        if !matches!(sig.to_ascii_lowercase().as_str(), "v2" | "v3") {
            c.error(
                &keypath!["backend", i, "signature"],
                format!("unknown signature version \"{}\" {place}", echo(sig)),
                Check::hint(&keypath!["signature"]),
            );
        }
    }
}

/// `sts_endpoint` / `metadata_url`: an http(s) URL with a host.
fn credential_url(
    c: &mut Check<'_, '_>,
    at: &[Seg],
    field: &str,
    value: &str,
    place: &str,
    example: &str,
) {
    let ok = reqwest::Url::parse(value.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if ok.is_none() {
        c.error(
            at,
            format!("{field} \"{}\" {place} is not an http(s) URL", echo(value)),
            format!("write an http(s) URL, e.g. {field} = \"{example}\""),
        );
    }
}

fn huawei(c: &mut Check<'_, '_>, i: usize, b: &BackendConfig, place: &str) {
    ignored_fields(c, i, b, place);
    match &b.inspector {
        None => c.error(
            &keypath!["backend", i],
            format!(
                "backend \"{}\" has kind \"huawei\" but no inspector",
                echo(&b.name)
            ),
            format!(
                "add {}",
                Check::hint(&keypath!["inspector"]).trim_start_matches("write ")
            ),
        ),
        Some(login) if login.workno.trim().is_empty() => c.error(
            &keypath!["backend", i, "inspector", "workno"],
            format!("the inspector's workno {place} is empty"),
            Check::hint(&keypath!["workno"]),
        ),
        Some(_) => {}
    }
    for (key, login) in &b.agents {
        if &login.workno != key {
            let shown = echo(key);
            c.error(
                &keypath!["backend", i, "agents", key.as_str(), "workno"],
                format!(
                    "agents.{shown} {place} has workno \"{}\"",
                    echo(&login.workno)
                ),
                format!("make them the same: agents.{shown} = {{ workno = \"{shown}\", ... }}"),
            );
        }
    }
}

fn secret(c: &mut Check<'_, '_>, at: &[Seg], source: &SecretSource, place: &str) {
    let field = super::spans::field_name(at);
    let empty = match source {
        SecretSource::Env(v) | SecretSource::File(v) | SecretSource::Command(v) => {
            v.trim().is_empty()
        }
        SecretSource::Value(v) => v.is_empty(),
    };
    if empty {
        c.error(at, format!("`{field}` {place} is empty"), Check::hint(at));
        return;
    }
    match source {
        SecretSource::Env(var)
            if var.contains(['=', '$']) || var.chars().any(char::is_whitespace) =>
        {
            c.error(
                at,
                format!("`{field}` {place} names the environment variable \"{}\", which is not a valid name", echo(var)),
                "write the variable's name only, e.g. { env = \"CCGW_PASSWORD\" }",
            );
        }
        SecretSource::File(file) => {
            let resolved = paths::resolve(file, c.file());
            let shown = echo(&resolved);
            if let Err(LocalFileError::NotRegular { kind }) = regular_file(Path::new(&resolved)) {
                c.error(
                    at,
                    format!("the secret file {shown} for `{field}` {place} is {kind}, not a regular file"),
                    "point { file = \"...\" } at a plain file holding only the secret, or take it from a program with { command = \"...\" }",
                );
            } else if readable_by_others(paths::mode(Path::new(&resolved))) {
                c.warn(
                    at,
                    format!(
                        "the secret file {shown} for `{field}` {place} can be read by other users"
                    ),
                    format!("chmod 600 {shown}"),
                );
            }
        }
        SecretSource::Value(_) if readable_by_others(c.mode) => {
            let file = c.file().display().to_string();
            c.warn(
                at,
                format!("inline secret in a file others can read: `{field}` {place}"),
                format!("chmod 600 {file} or use {{ env = \"NAME\" }}"),
            );
        }
        _ => {}
    }
}
