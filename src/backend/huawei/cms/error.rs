//! Why a CC-CMS call failed, in words that name the interface and never the AK/SK.

/// A failed CMS call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmsError {
    /// The CMS settings are unusable (endpoint, CA file).
    #[error("invalid CMS setting: {0}")]
    Config(String),
    /// Not reached, connection broken or timed out.
    #[error("cannot reach Huawei CMS ({path}): {message}")]
    Transport { path: String, message: String },
    /// HTTP 401: the C2 signature was refused.
    #[error("Huawei CMS refused the C2 signature for {path} (HTTP 401){}: check cms.ak and cms.sk, and this machine's clock", words(.reason))]
    Auth { path: String, reason: String },
    /// A 3xx answer: never followed (the Authorization header must not reach another host).
    #[error("Huawei CMS answered HTTP {status} to {path}, a redirect to {location}; callboard follows no redirects: set cms.endpoint to the final URL")]
    Redirect {
        status: u16,
        path: String,
        location: String,
    },
    /// Another non-200 status.
    #[error("Huawei CMS answered HTTP {status} to {path}")]
    Http { status: u16, path: String },
    /// The answer is over the size callboard reads.
    #[error(
        "Huawei CMS's answer to {path} is over the {limit} callboard accepts: check cms.endpoint"
    )]
    Oversized { path: String, limit: String },
    /// Not the CMS JSON envelope.
    #[error("Huawei CMS's answer to {path} is not its JSON envelope: {message}")]
    Body { path: String, message: String },
    /// A `resultCode` other than success.
    #[error("Huawei CMS refused {path}: resultCode {code}{}", words(.message))]
    Refused {
        path: String,
        code: String,
        message: String,
    },
}

fn words(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", text.trim())
    }
}
