//! The server's host key: read from its file (OpenSSH private key format, unencrypted), or, when
//! the file does not exist, generated (Ed25519) and written there with mode 0600, so the first
//! `callboard serve` works with no set-up and later runs keep the same identity (clients' known
//! hosts stay valid). A file readable by others is refused, as sshd does.

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{HashAlg, PrivateKey};
use std::path::{Path, PathBuf};

/// How the host key was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Read,
    Generated,
}

/// The host key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error("cannot read the host key {path}: {source}; check the path (--host-key or [serve] host_key), or point it at a file that does not exist yet and callboard creates one")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the host key {path} is not an unencrypted OpenSSH private key ({reason}); create one with `ssh-keygen -t ed25519 -N '' -f {path}`, or name a new file and callboard creates one")]
    Parse { path: PathBuf, reason: String },
    #[error(
        "the host key {path} is readable by other users (mode {mode:o}); run `chmod 600 {path}`"
    )]
    Open { path: PathBuf, mode: u32 },
    #[error(
        "cannot create the host key {path}: {source}; check the directory exists and is writable"
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The host key at `path`, generated there when the file does not exist.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, Origin), HostKeyError> {
    match std::fs::metadata(path) {
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    return Err(HostKeyError::Open {
                        path: path.to_path_buf(),
                        mode,
                    });
                }
            }
            #[cfg(not(unix))]
            let _ = meta;
            let text = std::fs::read_to_string(path).map_err(|source| HostKeyError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let key =
                PrivateKey::from_openssh(text.as_bytes()).map_err(|e| HostKeyError::Parse {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?;
            if key.is_encrypted() {
                return Err(HostKeyError::Parse {
                    path: path.to_path_buf(),
                    reason: "it is encrypted".to_string(),
                });
            }
            Ok((key, Origin::Read))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = generate();
            write_new(path, &key)?;
            Ok((key, Origin::Generated))
        }
        Err(source) => Err(HostKeyError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A new Ed25519 key from the OS random source.
pub fn generate() -> PrivateKey {
    use rand::RngCore;
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    PrivateKey::from(Ed25519Keypair::from_seed(&seed))
}

/// `SHA256:...` of the key's public half.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn write_new(path: &Path, key: &PrivateKey) -> Result<(), HostKeyError> {
    use std::io::Write;
    let err = |source| HostKeyError::Write {
        path: path.to_path_buf(),
        source,
    };
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| err(std::io::Error::other(e.to_string())))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(err)?;
    f.write_all(text.as_bytes()).map_err(err)?;
    f.sync_all().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_is_created_private_and_read_back_the_same() {
        let dir = std::env::temp_dir().join(format!("callboard-hostkey-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("host_ed25519");
        let (first, origin) = load_or_create(&path).expect("created");
        assert_eq!(origin, Origin::Generated);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0);
        }
        let (again, origin) = load_or_create(&path).expect("read");
        assert_eq!(origin, Origin::Read);
        assert_eq!(fingerprint(&first), fingerprint(&again));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            let e = load_or_create(&path).expect_err("too open");
            assert!(e.to_string().contains("chmod 600"), "{e}");
        }
        std::fs::write(dir.join("junk"), "junk").expect("junk");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.join("junk"), std::fs::Permissions::from_mode(0o600))
                .expect("chmod");
        }
        let e = load_or_create(&dir.join("junk")).expect_err("junk");
        assert!(e.to_string().contains("ssh-keygen"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
