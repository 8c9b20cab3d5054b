//! The one way callboard writes a duration for people: compact, two units at most (`9s`, `4m05s`,
//! `2h07m`, `3d04h`), on the screen and in headless tables alike.

/// A compact duration: `9s`, `4m05s`, `2h07m`, `3d04h`.
/// [`compact`] in `lang`: `9s` / `4m05s` in English, `9秒` / `4分05秒` in Chinese (the units
/// come from the catalogues, so a translator can change them).
pub fn compact_in(secs: u64, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{tf, Lang};
    if lang == Lang::En {
        return compact(secs);
    }
    let two = |n: u64| format!("{n:02}");
    match secs {
        0..=59 => tf(lang, "duration-s", &[("s", secs.to_string().into())]),
        60..=3599 => tf(
            lang,
            "duration-m-s",
            &[
                ("m", (secs / 60).to_string().into()),
                ("s", two(secs % 60).into()),
            ],
        ),
        3600..=86_399 => tf(
            lang,
            "duration-h-m",
            &[
                ("h", (secs / 3600).to_string().into()),
                ("m", two((secs % 3600) / 60).into()),
            ],
        ),
        _ => tf(
            lang,
            "duration-d-h",
            &[
                ("d", (secs / 86_400).to_string().into()),
                ("h", two((secs % 86_400) / 3600).into()),
            ],
        ),
    }
}

/// [`compact_in`], or `–` when the duration is unknown.
pub fn compact_or_unknown_in(secs: Option<u64>, lang: crate::i18n::Lang) -> String {
    secs.map_or_else(|| "–".to_string(), |s| compact_in(s, lang))
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

    #[test]
    fn durations_in_chinese() {
        use crate::i18n::Lang;
        assert_eq!(compact_in(9, Lang::ZhCn), "9秒");
        assert_eq!(compact_in(245, Lang::ZhCn), "4分05秒");
        assert_eq!(compact_in(7620, Lang::ZhCn), "2时07分");
        assert_eq!(compact_in(3 * 86_400 + 4 * 3600, Lang::ZhCn), "3天04时");
        assert_eq!(compact_in(245, Lang::En), "4m05s");
        assert_eq!(compact_or_unknown_in(None, Lang::ZhCn), "–");
    }
}
