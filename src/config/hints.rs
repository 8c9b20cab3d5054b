//! Fixes for config messages: an example for each field, and "did you mean" suggestions by edit distance (`strsim`).

use super::spans::Seg;
use strsim::osa_distance;

/// The fields whose values are secrets: their values never appear in a message.
pub(crate) const SECRET_FIELDS: &[&str] = &[
    "access_key_id",
    "access_key_secret",
    "security_token",
    "password",
    "agent_password",
];

/// How to write a secret.
pub(crate) const SECRET_HELP: &str = "write the secret's source as one of { env = \"NAME\" }, \
     { file = \"PATH\" }, { command = \"...\" } or { value = \"...\" }";

/// Whether a path leads into a secret (so messages must not quote the value there).
pub(crate) fn is_secret_path(path: &[Seg]) -> bool {
    path.iter()
        .any(|s| matches!(s, Seg::Key(k) if SECRET_FIELDS.contains(&k.as_str())))
}

/// An example of a field's value, by the nearest field name in the path that has one.
pub(crate) fn field_hint(path: &[Seg]) -> Option<&'static str> {
    if is_secret_path(path) {
        return Some(SECRET_HELP);
    }
    path.iter().rev().find_map(|seg| match seg {
        Seg::Key(k) => hint_for(k, path),
        Seg::Index(_) => None,
    })
}

fn hint_for(field: &str, path: &[Seg]) -> Option<&'static str> {
    let in_keys = matches!(path.first(), Some(Seg::Key(k)) if k == "keys");
    Some(match field {
        _ if in_keys => "bind an action to a key in quotes, e.g. reset = \"r\"",
        "theme" => "write a theme name in quotes (default, light, high-contrast, mono) or a theme file path, e.g. theme = \"default\"",
        "lang" => "write lang = \"en\" or lang = \"zh-CN\"",
        "columns" => "list the roster's columns in quotes, e.g. columns = [\"state\", \"time\", \"reason\", \"name\", \"agent\"]",
        "mask_numbers" => "write true or false without quotes",
        "readonly" | "insecure_skip_verify" => "write true or false without quotes",
        "audit_log" => "write a file path in quotes, e.g. audit_log = \"~/.local/state/callboard/audit.jsonl\"",
        "backend" => "start each backend with a [[backend]] header line",
        "name" => "give the backend a short name in quotes, without spaces, e.g. name = \"shanghai\"",
        "kind" => "write kind = \"aliyun\" or kind = \"huawei\"",
        "endpoint" => "write the URL in quotes, e.g. endpoint = \"https://ccc.cn-shanghai.aliyuncs.com/\"",
        "roster" => "write roster = \"all\" for every agent, or a list of agent ids: roster = [\"1001\", \"1002\"]",
        "poll_interval_secs" => "write a number of seconds from 0.5 to 3600, e.g. poll_interval_secs = 2.0",
        "planned" => "write whole seconds per break code or rest cause, e.g. lunch = 1800",
        "stuck_after" => "write whole seconds per state (ringing, talking, wrap-up, not-ready, break), e.g. talking = 3600",
        "thresholds" => "put planned durations under [backend.thresholds.planned] and alert thresholds under [backend.thresholds.stuck_after]",
        "instance_id" => "write the CCC instance id in quotes, e.g. instance_id = \"ccc-prod\"",
        "signature" => "write signature = \"v3\" (the default) or signature = \"v2\"",
        "inspector" => "write inspector = { workno = \"900\", password = { env = \"CCGW_INSPECTOR_PASSWORD\" } }",
        "agents" => "write one entry per work number, e.g. agents.1001 = { workno = \"1001\", password = { env = \"AGENT_1001_PASSWORD\" } }",
        "workno" => "write the work number in quotes, e.g. workno = \"1001\"",
        "phonenum" => "write the softphone number in quotes, e.g. phonenum = \"41001\"",
        "agent_phone" => "write a phone number template in quotes, e.g. agent_phone = \"4{workno}\"",
        "cms" => "write [backend.cms] with endpoint, ak, sk, ccid and vdn; see docs/huawei-cms.md",
        "ak" | "sk" => "write the CMS key as a secret source, e.g. sk = { env = \"CCGW_CMS_SK\" }",
        "ccid" => "write the call center id as a number, e.g. ccid = 1",
        "vdn" => "write the VDN id as a number, e.g. vdn = 1",
        "ca_file" => "write the path of the gateway CA's PEM file in quotes, e.g. ca_file = \"/etc/callboard/gateway-ca.pem\"",
        _ => return None,
    })
}

/// The candidate closest to `typo` if it is close enough to be a likely typo: at most one edit in
/// three characters (case ignored), where an edit is an insertion, deletion, substitution or
/// swap of two adjacent characters ([`strsim::osa_distance`], optimal string alignment).
pub(crate) fn did_you_mean<'a>(typo: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let typo_l = typo.to_lowercase();
    candidates
        .iter()
        .map(|c| (osa_distance(&typo_l, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.chars().count().max(typo.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `a`, `b` or `c` — a list of names in backticks for messages.
pub(crate) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strsim::osa_distance as edit_distance;

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("intance_id", "instance_id"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(
            did_you_mean("intance_id", &["name", "instance_id", "inspector"]),
            Some("instance_id")
        );
        assert_eq!(did_you_mean("zzz", &["name", "kind"]), None);
        assert_eq!(did_you_mean("rest", &["reset", "ready"]), Some("reset"));
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
