//! Test-side signer of Huawei CC-CMS "C2" requests, written from docs/huawei-cms.md §2 alone (it
//! shares nothing with the simulator's verifier or callboard's client): builds the canonical
//! request, signs it with HMAC-SHA256 and formats the `auth-v2` Authorization header.
#![allow(dead_code)]

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// What one test request is signed with.
#[derive(Debug, Clone)]
pub struct TestC2Signing {
    pub ak: String,
    pub sk: String,
    /// `yyyy-MM-dd'T'HH:mm:ss'Z'`.
    pub timestamp: String,
    pub expiration_secs: u64,
    /// Header names to sign (any case); their values are taken from `headers` given to `sign`.
    pub signed_headers: Vec<String>,
}

impl TestC2Signing {
    /// Signs now with `ak`/`sk`, 1800 s validity, `content-length;content-type;host`.
    pub fn now(ak: &str, sk: &str) -> TestC2Signing {
        TestC2Signing::at(ak, sk, chrono::Utc::now())
    }

    pub fn at(ak: &str, sk: &str, when: chrono::DateTime<chrono::Utc>) -> TestC2Signing {
        TestC2Signing {
            ak: ak.to_string(),
            sk: sk.to_string(),
            timestamp: when.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            expiration_secs: 1800,
            signed_headers: vec![
                "content-length".into(),
                "content-type".into(),
                "host".into(),
            ],
        }
    }

    /// The Authorization header for a request: `headers` are (name, value) as they will be sent.
    pub fn sign(
        &self,
        method: &str,
        path: &str,
        query: &str,
        headers: &[(&str, String)],
        body: &[u8],
    ) -> String {
        let prefix = format!(
            "auth-v2/{}/{}/{}",
            self.ak, self.timestamp, self.expiration_secs
        );
        let mut names: Vec<String> = self
            .signed_headers
            .iter()
            .map(|n| n.to_lowercase())
            .collect();
        names.sort();
        let canonical_headers: Vec<String> = names
            .iter()
            .map(|name| {
                let value = headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_string())
                    .unwrap_or_default();
                format!("{name}:{}", pct(&value, false))
            })
            .collect();
        let mut pairs: Vec<String> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                format!("{}={}", pct(k, false), pct(v, false))
            })
            .collect();
        pairs.sort();
        let canonical = [
            method.to_string(),
            pct(path, true),
            pairs.join("&"),
            canonical_headers.join("\n"),
            hex::encode(Sha256::digest(body)),
        ]
        .join("\n");
        let signing_key = hmac_hex(self.sk.as_bytes(), prefix.as_bytes());
        let signature = hmac_hex(signing_key.as_bytes(), canonical.as_bytes());
        format!("{prefix}/{}/{signature}", names.join(";"))
    }
}

fn pct(text: &str, keep_slash: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b'/' if keep_slash => "/".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac takes any key");
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}
