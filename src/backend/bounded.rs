//! Bounds on what a vendor peer can make callboard hold or repeat: response bodies read as a
//! stream up to [`MAX_BODY_BYTES`], header values up to [`MAX_HEADER_BYTES`], and vendor text
//! quoted in an error cut to [`MAX_ECHO_CHARS`].

/// The largest response body read from a vendor API: 32 MiB (a page of 100 agents is ~100 KiB).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// The longest header value kept from a vendor answer (a Huawei `Set-GUID`, a request id…): 1 KiB.
pub const MAX_HEADER_BYTES: usize = 1024;
/// The most characters of a vendor value (message, code, `Location`, body) quoted in an error.
pub const MAX_ECHO_CHARS: usize = 200;

/// Why a body could not be read whole.
#[derive(Debug)]
pub enum BodyError {
    /// The body is (or says it is) longer than the limit; reading stopped there.
    TooLarge { limit: usize },
    /// The connection failed or timed out while reading.
    Transport(reqwest::Error),
}

/// Reads `resp`'s body chunk by chunk, stopping with [`BodyError::TooLarge`] as soon as it would
/// exceed `limit` bytes (at once when `Content-Length` already says so).
pub async fn read_body(mut resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    let declared = resp.content_length().unwrap_or(0);
    if declared > limit as u64 {
        return Err(BodyError::TooLarge { limit });
    }
    // The declared length is within the limit here; cap the up-front allocation anyway (at
    // 8 MiB: a 5,000-agent Huawei roster or CMS answer of 1-2 MiB is read without regrowing,
    // whose copies and fresh pages were a sixth of the Huawei refresh's profile).
    let mut body = Vec::with_capacity((declared as usize).min(8 * 1024 * 1024));
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A byte count in words: `32 MiB`, `1 KiB`, `512 bytes`.
pub fn size_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A vendor value as quoted in an error: cleaned of escapes and control characters
/// ([`crate::text::clean`]) and at most [`MAX_ECHO_CHARS`] characters.
pub fn echo(text: &str) -> String {
    crate::text::clean_capped(text, MAX_ECHO_CHARS).into_owned()
}

/// A header's value as text, or `None` when absent, not visible ASCII or longer than
/// [`MAX_HEADER_BYTES`] (such a value is not kept).
pub fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .filter(|v| v.len() <= MAX_HEADER_BYTES)
        .and_then(|v| v.to_str().ok())
}

/// The `Location` of a redirect, quoted for an error (cut to [`MAX_ECHO_CHARS`]).
pub fn location(headers: &reqwest::header::HeaderMap) -> String {
    match headers.get(reqwest::header::LOCATION) {
        Some(v) => echo(&String::from_utf8_lossy(v.as_bytes())),
        None => "(no Location header)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_cuts_on_characters_and_marks_the_cut() {
        assert_eq!(echo("abc"), "abc");
        assert_eq!(echo("a\x1b[2Jb"), "ab");
        assert_eq!(echo(&"x".repeat(8_400_000)).chars().count(), MAX_ECHO_CHARS);
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_text(MAX_BODY_BYTES), "32 MiB");
        assert_eq!(size_text(MAX_HEADER_BYTES), "1 KiB");
        assert_eq!(size_text(100), "100 bytes");
    }

    #[test]
    fn long_headers_are_not_kept() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("x-short", "abc".parse().unwrap());
        h.insert("x-long", "a".repeat(MAX_HEADER_BYTES + 1).parse().unwrap());
        h.insert(
            reqwest::header::LOCATION,
            format!("http://evil/{}", "a".repeat(5000)).parse().unwrap(),
        );
        assert_eq!(header(&h, "x-short"), Some("abc"));
        assert_eq!(header(&h, "x-long"), None);
        assert_eq!(header(&h, "x-missing"), None);
        assert!(location(&h).starts_with("http://evil/"));
        assert!(location(&h).chars().count() <= MAX_ECHO_CHARS + 1);
    }
}
