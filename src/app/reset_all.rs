//! `R` (reset-all, Alibaba ResetUserStatus): which backend it acts on and what callboard sees
//! there. The backend is the selected agent's when that is an Alibaba one (in the roster view);
//! otherwise the dialog asks, offering every Alibaba backend. Each candidate comes with a
//! [`ResetAllTarget`]: how many of its agents callboard shows stuck, and the first few ids, for
//! the confirmation to show. ResetUserStatus itself resets whatever CCC finds abnormal.

use super::attention::{alert, Alert};
use super::dialog::Dialog;
use super::{App, ToastLevel, View};
use crate::config::BackendKind;
use crate::i18n::{t, tf, Lang};

/// How many agent ids a [`ResetAllTarget`] keeps for the confirmation.
pub const SHOWN_IDS: usize = 5;

/// One Alibaba backend reset-all could act on, and what callboard sees on it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetAllTarget {
    pub backend: String,
    /// Agents of the backend callboard shows stuck (in one state longer than its threshold).
    pub stuck: usize,
    /// The first [`SHOWN_IDS`] of them, in roster order.
    pub first_ids: Vec<String>,
}

impl ResetAllTarget {
    /// `3 agents: a, b, c` (`… and 2 more`), or `none`.
    pub fn stuck_words(&self) -> String {
        self.stuck_words_in(Lang::En)
    }

    /// [`ResetAllTarget::stuck_words`] in `lang`.
    pub fn stuck_words_in(&self, lang: Lang) -> String {
        if self.stuck == 0 {
            return t(lang, "reset-all-stuck-none");
        }
        let more = self.stuck.saturating_sub(self.first_ids.len());
        let mut args = vec![
            ("count", self.stuck.into()),
            ("ids", self.first_ids.join(", ").into()),
        ];
        if more > 0 {
            args.push(("more", more.into()));
            tf(lang, "reset-all-stuck-more", &args)
        } else {
            tf(lang, "reset-all-stuck", &args)
        }
    }
}

impl App {
    /// Every Alibaba backend with what callboard sees stuck on it, in config order.
    pub fn reset_all_targets(&self) -> Vec<ResetAllTarget> {
        self.backends
            .iter()
            .filter(|b| b.kind == BackendKind::Aliyun)
            .map(|b| {
                let stuck: Vec<&str> = self
                    .roster
                    .agents()
                    .iter()
                    .filter(|a| a.backend == b.name)
                    .filter(|a| {
                        matches!(
                            alert(a, self.now, Some(&b.thresholds)),
                            Some(Alert::Stuck { .. })
                        )
                    })
                    .map(|a| a.id.as_str())
                    .collect();
                ResetAllTarget {
                    backend: b.name.to_string(),
                    stuck: stuck.len(),
                    first_ids: stuck
                        .iter()
                        .take(SHOWN_IDS)
                        .map(|s| s.to_string())
                        .collect(),
                }
            })
            .collect()
    }

    /// Opens the reset-all dialog: on the selected agent's backend when it is an Alibaba one
    /// (roster view), else asking which Alibaba backend.
    pub(super) fn open_reset_all(&mut self) {
        let targets = self.reset_all_targets();
        if targets.is_empty() {
            self.toast(ToastLevel::Warn, t(self.lang, "reset-all-no-aliyun"));
            return;
        }
        let selected = (self.view == View::Roster)
            .then(|| self.selected_agent().map(|a| a.backend.to_string()))
            .flatten()
            .filter(|b| targets.iter().any(|t| t.backend == *b));
        self.dialog = Some(Dialog::reset_all_in(self.lang, targets, selected));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stuck_words_name_the_first_ids_and_the_rest() {
        let t = |stuck, ids: &[&str]| ResetAllTarget {
            backend: "ali".into(),
            stuck,
            first_ids: ids.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(t(0, &[]).stuck_words(), "none");
        assert_eq!(t(1, &["a@i"]).stuck_words(), "1 agent: a@i");
        assert_eq!(
            t(7, &["a", "b", "c", "d", "e"]).stuck_words(),
            "7 agents: a, b, c, d, e and 2 more"
        );
        assert_eq!(
            t(7, &["a", "b", "c", "d", "e"]).stuck_words_in(Lang::ZhCn),
            "7 个座席：a, b, c, d, e 等（另有 2 个）"
        );
    }
}
