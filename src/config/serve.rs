//! The `[serve]` section: how `callboard serve` listens and whom it lets in (flags win over it).
//!
//! ```toml
//! [serve]
//! listen = "0.0.0.0:2222"
//! host_key = "~/.local/state/callboard/serve_host_ed25519"   # created (0600) when missing
//! authorized_keys = "/etc/callboard/authorized_keys"           # callboard-role="operator" per key
//! readonly = false                                             # true: every session is a viewer
//! ```

use serde::{Deserialize, Serialize};

/// Where `callboard serve` listens when neither `--listen` nor `listen` says (loopback only).
pub const DEFAULT_SERVE_LISTEN: &str = "127.0.0.1:2222";
/// The host key's file name in the state directory when neither `--host-key` nor `host_key` says.
pub const DEFAULT_HOST_KEY_FILE: &str = "serve_host_ed25519";

/// `[serve]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// `HOST:PORT` to listen on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    /// The server's private host key (OpenSSH format); generated there when the file is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_key: Option<String>,
    /// The keys allowed in (OpenSSH authorized_keys format) and their roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_keys: Option<String>,
    /// Every session is a viewer.
    #[serde(default)]
    pub readonly: bool,
}

/// One problem with `[serve]`: the field, what is wrong and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ServeProblem {
    pub field: &'static str,
    pub message: String,
    pub fix: String,
}

/// The problems of `serve` beyond its types.
pub(super) fn problems(serve: &ServeConfig) -> Vec<ServeProblem> {
    let mut out = Vec::new();
    if let Some(listen) = &serve.listen {
        if parse_listen(listen).is_err() {
            out.push(ServeProblem {
                field: "listen",
                message: format!(
                    "listen = \"{}\" in [serve] is not HOST:PORT",
                    super::echo(listen)
                ),
                fix: format!(
                    "write an address and port, e.g. listen = \"{DEFAULT_SERVE_LISTEN}\" (or \"0.0.0.0:2222\" for every interface)"
                ),
            });
        }
    }
    for (field, value) in [
        ("host_key", &serve.host_key),
        ("authorized_keys", &serve.authorized_keys),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            out.push(ServeProblem {
                field,
                message: format!("{field} in [serve] is empty"),
                fix: format!("name a file, or remove {field} to use the default"),
            });
        }
    }
    out
}

/// `HOST:PORT` (an IP address, or `localhost`) as a socket address.
pub fn parse_listen(text: &str) -> Result<std::net::SocketAddr, String> {
    let text = text.trim();
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:") {
        if let Ok(port) = port.parse::<u16>() {
            return Ok(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
        }
    }
    Err(format!(
        "`{}` is not HOST:PORT (e.g. {DEFAULT_SERVE_LISTEN})",
        super::echo(text)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses() {
        assert!(parse_listen("127.0.0.1:2222").is_ok());
        assert!(parse_listen("[::1]:22").is_ok());
        assert_eq!(parse_listen("localhost:2200").map(|a| a.port()), Ok(2200));
        assert!(parse_listen("2222").is_err());
        assert!(parse_listen("host:99999").is_err());
    }

    #[test]
    fn problems_name_the_field() {
        let bad = ServeConfig {
            listen: Some("nowhere".into()),
            host_key: Some(" ".into()),
            ..ServeConfig::default()
        };
        let fields: Vec<_> = problems(&bad).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["listen", "host_key"]);
        assert!(problems(&ServeConfig::default()).is_empty());
    }
}
