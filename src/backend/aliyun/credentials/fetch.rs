//! The HTTP client of the STS and metadata calls: short timeouts, no redirects followed, bodies
//! bounded to [`MAX_CREDENTIAL_BODY`].

use crate::backend::bounded::{self, BodyError};
use crate::backend::transport::Transport;
use std::time::Duration;

/// The largest STS or metadata answer read (64 KiB; a credential answer is well under 4 KiB).
pub const MAX_CREDENTIAL_BODY: usize = 64 * 1024;
/// Whole-request timeout of one STS or metadata call.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// Connect timeout (the metadata service answers at once on an ECS instance, or never).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// A client for `vendor` calls (TLS as the backend's: `ca_file`, `insecure_skip_verify`).
pub fn client(transport: &Transport<'_>) -> Result<reqwest::Client, String> {
    transport
        .builder()
        .map_err(|e| e.to_string())?
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(describe)
}

use crate::backend::transport::describe_without_url as describe;

/// Sends `req` and reads its status and bounded body; a redirect is an error.
pub async fn send(req: reqwest::RequestBuilder) -> Result<(u16, Vec<u8>), String> {
    let resp = req.send().await.map_err(describe)?;
    let status = resp.status().as_u16();
    if resp.status().is_redirection() {
        return Err(format!(
            "HTTP {status}, a redirect to {}; callboard follows no redirects: set the URL to the final address",
            bounded::location(resp.headers())
        ));
    }
    let body = bounded::read_body(resp, MAX_CREDENTIAL_BODY)
        .await
        .map_err(|e| match e {
            BodyError::TooLarge { limit } => format!(
                "the answer exceeded {}; check the URL",
                bounded::size_text(limit)
            ),
            BodyError::Transport(e) => describe(e),
        })?;
    Ok((status, body))
}
