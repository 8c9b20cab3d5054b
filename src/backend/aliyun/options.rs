//! Options of the CCC client: the retry policy (attempts, jittered backoff, the longest
//! `x-acs-retry-after` honoured), timeouts, page concurrency and TLS (`ca_file`, the insecure switch).

use super::sign::SignatureVersion;
use crate::backend::backoff;
use std::path::PathBuf;
use std::time::Duration;

/// How failed calls are repeated.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled each time, with jitter.
    pub base_delay: Duration,
    /// Cap of the computed backoff.
    pub max_delay: Duration,
    /// A server-requested `x-acs-retry-after` longer than this is not waited for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), or `None` to give up.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let jittered = backoff::delay(
            self.base_delay,
            self.max_delay,
            attempt,
            &mut rand::thread_rng(),
        );
        match retry_after {
            Some(ra) if ra > self.max_retry_after => None,
            Some(ra) => Some(ra.max(jittered)),
            None => Some(jittered),
        }
    }
}

/// Client settings besides the endpoint and credentials.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    pub signature: SignatureVersion,
    /// Whole-request timeout of one attempt.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// Pages fetched at once by the `list_all_*` methods.
    pub page_concurrency: usize,
    /// PEM file with the CA (or CAs) that signed the endpoint's certificate (a private CA or a
    /// TLS-inspecting proxy); the public roots stay trusted.
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate (labs only; logged as a warning and shown in the header).
    pub insecure_skip_verify: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            signature: SignatureVersion::V3,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            page_concurrency: 4,
            ca_file: None,
            insecure_skip_verify: false,
        }
    }
}
