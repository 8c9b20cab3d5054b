//! The credentials a client signs with: fixed ones, or temporary ones renewed before they lapse
//! (when less than [`refresh_margin`] is left), one renewal at a time. A failed renewal while the
//! old credentials still have time left keeps them (and logs a warning); the client never signs
//! with credentials that have expired.

use super::{Credential, CredentialError, Source};
use crate::sync::lock;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The longest margin: renew temporary credentials at the latest 3 minutes before they expire.
pub const MAX_MARGIN: Duration = Duration::from_secs(180);

type Fetch = Arc<
    dyn Fn() -> Pin<Box<dyn Future<Output = Result<Credential, CredentialError>> + Send>>
        + Send
        + Sync,
>;

/// A backend's credentials and how to renew them. `Debug` shows the source and the AccessKey id
/// only.
pub struct Keyring {
    source: Source,
    current: Mutex<Option<Credential>>,
    fetch: Option<Fetch>,
    renewing: tokio::sync::Mutex<()>,
    renewals: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = lock(&self.current)
            .as_ref()
            .map(|c| c.access_key_id.clone());
        f.debug_struct("Keyring")
            .field("source", &self.source)
            .field("access_key_id", &id)
            .finish_non_exhaustive()
    }
}

/// How long before expiry a credential obtained at `obtained` and expiring at `expires` is
/// renewed: a third of its lifetime, at most [`MAX_MARGIN`].
pub fn refresh_margin(obtained: DateTime<Utc>, expires: DateTime<Utc>) -> Duration {
    let lifetime = (expires - obtained).to_std().unwrap_or_default();
    (lifetime / 3).min(MAX_MARGIN)
}

/// Time under which a credential is no longer used at all: a tenth of its lifetime, at most
/// 10 s (a request signed now must still arrive before it expires).
fn floor(obtained: DateTime<Utc>, expires: DateTime<Utc>) -> Duration {
    let lifetime = (expires - obtained).to_std().unwrap_or_default();
    (lifetime / 10).min(Duration::from_secs(10))
}

fn left(expires: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (expires - now).to_std().unwrap_or_default()
}

fn needs_renewal(c: &Credential, now: DateTime<Utc>) -> bool {
    c.expiration
        .is_some_and(|exp| left(exp, now) <= refresh_margin(c.obtained, exp))
}

fn usable(c: &Credential, now: DateTime<Utc>) -> bool {
    c.expiration
        .is_none_or(|exp| left(exp, now) > floor(c.obtained, exp))
}

impl Keyring {
    /// Credentials that never change.
    pub fn fixed(source: Source, credential: Credential) -> Keyring {
        Keyring {
            source,
            current: Mutex::new(Some(credential)),
            fetch: None,
            renewing: tokio::sync::Mutex::new(()),
            renewals: Default::default(),
        }
    }

    /// Credentials obtained by `fetch`, first `initial`, renewed before each expiry.
    pub fn renewing<F, Fut>(source: Source, initial: Credential, fetch: F) -> Keyring
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Credential, CredentialError>> + Send + 'static,
    {
        Keyring {
            source,
            current: Mutex::new(Some(initial)),
            fetch: Some(Arc::new(move || Box::pin(fetch()))),
            renewing: tokio::sync::Mutex::new(()),
            renewals: Default::default(),
        }
    }

    /// The same keyring, named as coming from `source`.
    pub fn with_source(mut self, source: Source) -> Keyring {
        self.source = source;
        self
    }

    /// Where the credentials come from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// How many times temporary credentials were renewed.
    pub fn renewals(&self) -> u64 {
        self.renewals.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// When the current credentials expire (`None`: they do not).
    pub fn expiration(&self) -> Option<DateTime<Utc>> {
        lock(&self.current).as_ref().and_then(|c| c.expiration)
    }

    fn cached(&self) -> Option<Credential> {
        lock(&self.current).clone()
    }

    /// The credentials to sign with now: renewed first when they are close to expiry.
    pub async fn current(&self) -> Result<Credential, CredentialError> {
        if let Some(c) = self.cached() {
            if !needs_renewal(&c, Utc::now()) {
                return Ok(c);
            }
        }
        let Some(fetch) = &self.fetch else {
            // Fixed credentials are always there (see `fixed`).
            return self
                .cached()
                .ok_or(CredentialError::NoneFound { looked: Vec::new() });
        };
        let _one = self.renewing.lock().await;
        let old = self.cached();
        if let Some(c) = &old {
            if !needs_renewal(c, Utc::now()) {
                return Ok(c.clone());
            }
        }
        match fetch().await {
            Ok(new) => {
                self.renewals
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::info!(
                    access_key_id = %new.access_key_id,
                    expires = ?new.expiration,
                    "alibaba cloud temporary credentials renewed"
                );
                *lock(&self.current) = Some(new.clone());
                Ok(new)
            }
            Err(e) => match old {
                Some(c) if usable(&c, Utc::now()) => {
                    tracing::warn!(error = %e, expires = ?c.expiration, "renewing the Alibaba Cloud temporary credentials failed; the current ones are used until they expire");
                    Ok(c)
                }
                old => Err(CredentialError::Expired {
                    source_text: self.source.describe(),
                    expired: old
                        .and_then(|c| c.expiration)
                        .map(|e| e.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                        .unwrap_or_default(),
                    detail: e.to_string(),
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn temporary(id: &str, obtained: DateTime<Utc>, lifetime_secs: i64) -> Credential {
        Credential {
            access_key_id: id.to_string(),
            secret: Secret::new("canary-secret"),
            security_token: Some(Secret::new("canary-token")),
            expiration: Some(obtained + chrono::Duration::seconds(lifetime_secs)),
            obtained,
        }
    }

    #[test]
    fn margin_is_a_third_of_the_lifetime_at_most_three_minutes() {
        let t = Utc::now();
        assert_eq!(
            refresh_margin(t, t + chrono::Duration::seconds(3600)),
            MAX_MARGIN
        );
        assert_eq!(
            refresh_margin(t, t + chrono::Duration::seconds(30)),
            Duration::from_secs(10)
        );
    }

    #[tokio::test]
    async fn renews_close_to_expiry_and_keeps_the_old_on_failure_while_time_is_left() {
        let now = Utc::now();
        let calls = Arc::new(AtomicU32::new(0));
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (c2, f2) = (calls.clone(), fail.clone());
        // 3600 s lifetime, 170 s left: inside the 180 s margin, so it is renewed.
        let initial = temporary("STS.old", now - chrono::Duration::seconds(3430), 3600);
        let ring = Keyring::renewing(Source::Env { token: true }, initial, move || {
            let (c, f) = (c2.clone(), f2.clone());
            async move {
                c.fetch_add(1, Ordering::SeqCst);
                if f.load(Ordering::SeqCst) {
                    Err(CredentialError::NoneFound {
                        looked: vec!["canary".into()],
                    })
                } else {
                    Ok(temporary("STS.new", Utc::now(), 3600))
                }
            }
        });
        let got = ring.current().await.unwrap();
        assert_eq!(
            got.access_key_id, "STS.old",
            "failure with time left keeps the old"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        fail.store(false, Ordering::SeqCst);
        assert_eq!(ring.current().await.unwrap().access_key_id, "STS.new");
        assert_eq!(ring.current().await.unwrap().access_key_id, "STS.new");
        assert_eq!(
            calls.load(Ordering::SeqCst),
            2,
            "fresh credentials are not renewed"
        );
        assert_eq!(ring.renewals(), 1);
        assert!(!format!("{ring:?}").contains("canary"));
    }

    #[tokio::test]
    async fn an_expired_credential_is_never_handed_out() {
        let now = Utc::now();
        let ring = Keyring::renewing(
            Source::Env { token: true },
            temporary("STS.old", now - chrono::Duration::seconds(3601), 3600),
            || async { Err(CredentialError::NoneFound { looked: vec![] }) },
        );
        let e = ring.current().await.unwrap_err();
        assert!(matches!(e, CredentialError::Expired { .. }), "{e}");
        assert!(!e.to_string().contains("canary"), "{e}");
    }
}
