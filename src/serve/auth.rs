//! Who may attach to `callboard serve` and as what: the authorized-keys file (OpenSSH format) with
//! a `callboard-role="operator"` or `callboard-role="viewer"` option per key (viewer when absent),
//! read once at start-up; every problem is reported with its file and line.

use russh::keys::{HashAlg, PublicKey};
use std::path::{Path, PathBuf};

/// The largest authorized-keys file read.
pub const MAX_AUTHORIZED_KEYS_BYTES: u64 = 1024 * 1024;

/// What a key may do on the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The read-only dashboard: every action key is refused.
    Viewer,
    /// May act on agents (each action audited under the SSH user and key).
    Operator,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
        }
    }
}

/// One authorized key and its role.
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    pub key: PublicKey,
    pub role: Role,
    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// The file line it came from.
    pub line: usize,
}

/// A session's identity: the SSH user name it gave, its key's fingerprint and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub user: String,
    pub fingerprint: String,
    pub role: Role,
}

/// The authorized-keys file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("cannot read the authorized-keys file {path}: {source}; check the path (--authorized-keys or [serve] authorized_keys)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the authorized-keys file {path} is larger than {MAX_AUTHORIZED_KEYS_BYTES} bytes; is it the right file?")]
    TooLarge { path: PathBuf },
    #[error("{path}:{line}: {message}; {fix}")]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
        fix: String,
    },
    #[error("the authorized-keys file {path} has no key; add a line such as `callboard-role=\"operator\" ssh-ed25519 AAAA... alice` (from ~/.ssh/id_ed25519.pub)")]
    Empty { path: PathBuf },
}

/// Every key of the file, in file order.
#[derive(Debug, Clone, Default)]
pub struct AuthorizedKeys {
    keys: Vec<AuthorizedKey>,
}

impl AuthorizedKeys {
    /// Reads and parses `path`.
    pub fn read(path: &Path) -> Result<AuthorizedKeys, AuthError> {
        let meta = std::fs::metadata(path).map_err(|source| AuthError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if meta.len() > MAX_AUTHORIZED_KEYS_BYTES {
            return Err(AuthError::TooLarge {
                path: path.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| AuthError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let keys = AuthorizedKeys::parse(&text, path)?;
        if keys.keys.is_empty() {
            return Err(AuthError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(keys)
    }

    /// Parses the text of an authorized-keys file (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<AuthorizedKeys, AuthError> {
        let mut keys = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String, fix: &str| AuthError::Line {
                path: path.to_path_buf(),
                line: i + 1,
                message,
                fix: fix.to_string(),
            };
            let (options, key_text) = split_options(line);
            let mut role = Role::Viewer;
            for opt in options {
                if let Some(value) = opt.strip_prefix("callboard-role=") {
                    role =
                        match value.trim_matches('"') {
                            "operator" => Role::Operator,
                            "viewer" => Role::Viewer,
                            other => return Err(err(
                                format!(
                                    "callboard-role=\"{}\" is not a role",
                                    crate::text::clean_capped(other, 40)
                                ),
                                "write callboard-role=\"operator\" or callboard-role=\"viewer\"",
                            )),
                        };
                }
            }
            let key = PublicKey::from_openssh(key_text).map_err(|e| {
                err(
                    format!("not an SSH public key ({e})"),
                    "paste the whole line of a .pub file: TYPE BASE64 [comment], optionally after options",
                )
            })?;
            let fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
            keys.push(AuthorizedKey {
                key,
                role,
                fingerprint,
                line: i + 1,
            });
        }
        Ok(AuthorizedKeys { keys })
    }

    /// The entry of `key` (compared by key material, not comment), if authorized.
    pub fn find(&self, key: &PublicKey) -> Option<&AuthorizedKey> {
        self.keys
            .iter()
            .find(|k| k.key.key_data() == key.key_data())
    }

    /// How many keys may act.
    pub fn operators(&self) -> usize {
        self.keys
            .iter()
            .filter(|k| k.role == Role::Operator)
            .count()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Splits `options key...` into the options (comma-separated, `"..."` may hold commas and
/// spaces) and the key text. A line starting with a key type has no options.
fn split_options(line: &str) -> (Vec<String>, &str) {
    let first = line.split_whitespace().next().unwrap_or("");
    if is_key_type(first) {
        return (Vec::new(), line);
    }
    let mut options = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => options.push(std::mem::take(&mut current)),
            c if c.is_whitespace() && !quoted => {
                end = i;
                break;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        options.push(current);
    }
    (options, line[end..].trim_start())
}

fn is_key_type(word: &str) -> bool {
    word.starts_with("ssh-") || word.starts_with("ecdsa-") || word.starts_with("sk-")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK6QanIvYnhwPJOVoqG1IGNLPJMUreN5FBOzGDwsJXT+";

    #[test]
    fn roles_come_from_the_option_and_default_to_viewer() {
        let text = format!(
            "# floor\n\ncallboard-role=\"operator\" {ED} alice\n{ED} bob\nno-pty,callboard-role=\"viewer\",command=\"a b,c\" {ED}\n"
        );
        let keys = AuthorizedKeys::parse(&text, Path::new("ak")).expect("parses");
        let roles: Vec<_> = keys.keys.iter().map(|k| (k.line, k.role)).collect();
        assert_eq!(
            roles,
            vec![(3, Role::Operator), (4, Role::Viewer), (5, Role::Viewer)]
        );
        assert!(keys.keys[0].fingerprint.starts_with("SHA256:"));
        let probe = PublicKey::from_openssh(ED).expect("key");
        assert_eq!(keys.find(&probe).map(|k| k.role), Some(Role::Operator));
    }

    #[test]
    fn bad_lines_say_where_and_what_to_do() {
        let e = AuthorizedKeys::parse(
            &format!("{ED}\ncallboard-role=\"boss\" {ED}\n"),
            Path::new("ak"),
        )
        .expect_err("bad role");
        let text = e.to_string();
        assert!(text.starts_with("ak:2: callboard-role=\"boss\""), "{text}");
        assert!(text.contains("operator"), "{text}");
        let e =
            AuthorizedKeys::parse("ssh-ed25519 notbase64\n", Path::new("ak")).expect_err("bad key");
        assert!(
            e.to_string().starts_with("ak:1: not an SSH public key"),
            "{e}"
        );
    }
}
