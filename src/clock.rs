//! The crate's one wall clock: [`now_ms`], the current time as [`UnixMs`] for roster timestamps,
//! log lines and the simulator's default epoch.

use crate::model::UnixMs;

/// Now, as Unix milliseconds (UTC).
pub fn now_ms() -> UnixMs {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_unix_milliseconds() {
        let a = now_ms();
        let b = now_ms();
        // 2020-01-01 in ms; seconds or microseconds would be far off this range.
        assert!(a > 1_577_836_800_000 && a < 1_577_836_800_000 * 10);
        assert!(b >= a);
    }
}
