//! The one way callboard writes a duration for people: compact, two units at most (`9s`, `4m05s`,
//! `2h07m`, `3d04h`), on the screen and in headless tables alike.

/// A compact duration: `9s`, `4m05s`, `2h07m`, `3d04h`.
/// [`compact`], or `–` when the duration is unknown.
pub fn compact_or_unknown(secs: Option<u64>) -> String {
    secs.map_or_else(|| "–".to_string(), compact)
}

pub fn compact(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m{:02}s", secs / 60, secs % 60),
        3600..=86_399 => format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60),
        _ => format!("{}d{:02}h", secs / 86_400, (secs % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_compact() {
        assert_eq!(compact(9), "9s");
        assert_eq!(compact(245), "4m05s");
        assert_eq!(compact(7620), "2h07m");
        assert_eq!(compact(3 * 86_400 + 4 * 3600), "3d04h");
    }
}
