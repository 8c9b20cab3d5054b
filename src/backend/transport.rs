//! The HTTP client settings every vendor client shares: no redirects followed (a redirect could
//! carry a password, a signature or a Guid to another host), a private CA from `ca_file`, the
//! explicit `insecure_skip_verify` switch (really off, with a warning), and plain-words hints for
//! TLS failures.

use std::path::{Path, PathBuf};

/// What is wrong with the TLS settings of a backend.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read CA file {}: {detail}; check ca_file", .path.display())]
    ReadCa { path: PathBuf, detail: String },
    #[error("CA file {} is not PEM: {detail}; ca_file must be a PEM file (-----BEGIN CERTIFICATE-----)", .path.display())]
    NotPem { path: PathBuf, detail: String },
    #[error("CA file {} holds no certificate; ca_file must be a PEM file (-----BEGIN CERTIFICATE-----)", .path.display())]
    Empty { path: PathBuf },
}

/// TLS and transport settings of one backend.
#[derive(Debug, Clone, Copy)]
pub struct Transport<'a> {
    /// `Alibaba Cloud CCC` / `Huawei gateway`, for the warning.
    pub vendor: &'a str,
    /// PEM file with the CA (or CAs) that signed the server's certificate.
    pub ca_file: Option<&'a Path>,
    /// Accept any certificate (labs only).
    pub insecure_skip_verify: bool,
}

impl Transport<'_> {
    /// A rustls client builder that follows no redirects, trusts the extra CAs of `ca_file` and,
    /// when `insecure_skip_verify` is set, accepts any certificate (and says so in the log).
    pub fn builder(&self) -> Result<reqwest::ClientBuilder, TlsSetupError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("callboard/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = self.ca_file {
            for cert in read_ca(path)? {
                builder = builder.add_root_certificate(cert);
            }
        }
        if self.insecure_skip_verify {
            tracing::warn!(
                vendor = self.vendor,
                "TLS certificate verification is OFF (insecure_skip_verify): any server can pose as this backend"
            );
            builder = builder.danger_accept_invalid_certs(true);
        }
        Ok(builder)
    }
}

fn read_ca(path: &Path) -> Result<Vec<reqwest::Certificate>, TlsSetupError> {
    let pem = std::fs::read(path).map_err(|e| TlsSetupError::ReadCa {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| TlsSetupError::NotPem {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    if certs.is_empty() {
        return Err(TlsSetupError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(certs)
}

/// What to do about a connection failure whose text (the whole error chain) shows a TLS problem.
pub fn tls_hint(detail: &str) -> Option<&'static str> {
    let d = detail.to_ascii_lowercase();
    if d.contains("causedasendentity") {
        Some("the server presents a CA certificate as its own certificate: give the server a certificate issued by that CA, and set ca_file = \"PATH\" to the CA's PEM file")
    } else if d.contains("notvalidforname") || d.contains("not valid for name") {
        Some("the server's certificate is not issued for this host name: use the name the certificate names in endpoint")
    } else if d.contains("expired") || d.contains("notvalidyet") || d.contains("not valid yet") {
        Some("the server's certificate has expired or is not valid yet: renew it, or check this machine's clock")
    } else if d.contains("invalid peer certificate")
        || d.contains("unknownissuer")
        || d.contains("certificate")
    {
        Some("the server's certificate is not trusted: for a private CA set ca_file = \"PATH\" to its PEM file, or check the endpoint")
    } else if d.contains("corrupt message") || d.contains("invalidcontenttype") {
        Some("the endpoint does not answer TLS: check the port, or use http:// for a plain-HTTP simulator")
    } else {
        None
    }
}

/// A reqwest failure in plain words with its causes, without the URL (an Alibaba URL carries the
/// signed query), and the TLS hint when there is one.
pub fn describe_without_url(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    with_tls_hint(text)
}

/// `detail`, followed by the TLS hint when there is one.
pub fn with_tls_hint(detail: String) -> String {
    match tls_hint(&detail) {
        Some(hint) => format!("{detail}; {hint}"),
        None => detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_failures_get_a_hint() {
        let ca = "error sending request: client error (Connect): invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))";
        assert!(tls_hint(ca).is_some_and(|h| h.contains("ca_file")));
        assert!(tls_hint("invalid peer certificate: UnknownIssuer")
            .is_some_and(|h| h.contains("ca_file = \"PATH\"")));
        assert!(tls_hint("invalid peer certificate: NotValidForName")
            .is_some_and(|h| h.contains("host name")));
        assert!(tls_hint("invalid peer certificate: Expired").is_some_and(|h| h.contains("clock")));
        assert!(
            tls_hint("received corrupt message of type InvalidContentType")
                .is_some_and(|h| h.contains("http://"))
        );
        assert_eq!(tls_hint("connection refused"), None);
        assert_eq!(
            with_tls_hint("tcp connect error".into()),
            "tcp connect error"
        );
    }

    #[test]
    fn ca_files_must_be_pem_certificates() {
        fn t(path: &Path) -> Transport<'_> {
            Transport {
                vendor: "test",
                ca_file: Some(path),
                insecure_skip_verify: false,
            }
        }
        assert!(matches!(
            t(Path::new("/nonexistent/ca.pem")).builder(),
            Err(TlsSetupError::ReadCa { .. })
        ));
        let dir = std::env::temp_dir().join(format!("callboard-transport-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let junk = dir.join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        let e = t(&junk).builder().map(|_| ()).unwrap_err();
        assert!(e.to_string().contains("PEM"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
