//! Notices: toasts in the corner and lines of the event log, and how repeats fold. A backend's own
//! problems (refresh failures, health changes, refused sign-ins) are one toast per backend,
//! updated in place; a warning or error repeating an earlier line of the same source (same
//! backend and agent, same level, the same words once the words with digits are set aside, e.g.
//! `refresh failed (3 in a row), next try in 1.2 s`) replaces it and counts the repeat, until an
//! info line of that source ends the streak; so a retry loop is one updating line, never a flood. Every text is cleaned to one printable line here
//! ([`crate::text::clean`]), whatever sent it.

use super::App;
use crate::backend::{LogEntry, LogLevel, MAX_SUMMARY_CHARS};
use crate::model::UnixMs;
use std::ops::Deref;
use std::sync::Arc;

/// How many toasts are shown at once (the oldest goes first).
pub const MAX_TOASTS: usize = 4;
/// How far back in the log a repeat is looked for.
const FOLD_WINDOW: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastLevel {
    Ok,
    Info,
    Warn,
    Error,
}

/// A message in the corner (action outcomes, backend errors), wrapped over as many lines as it
/// needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub level: ToastLevel,
    pub text: String,
    pub until: UnixMs,
    /// Toasts with a key are updated in place (a backend's health has one, keyed by its name).
    pub key: Option<Arc<str>>,
    /// How many notices this toast stands for (more than one once updated in place).
    pub repeats: u32,
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// The newest report (its time, level and text).
    pub entry: LogEntry,
    /// How many reports the line stands for (repeats folded into it).
    pub repeats: u32,
    /// When the first of them came.
    pub first_at: UnixMs,
    /// The outcome of an action (never folded; the detail pane shows the agent's newest).
    pub action: bool,
    /// A change of the backend's health (does not break a streak of repeats around it).
    pub health: bool,
}

impl Deref for LogLine {
    type Target = LogEntry;

    fn deref(&self) -> &LogEntry {
        &self.entry
    }
}

/// The same words, once the words with digits in them (counts, delays, times, request ids) are
/// set aside.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &'_ str| {
        s.split_whitespace()
            .map(|w| {
                if w.chars().any(|c| c.is_ascii_digit()) {
                    "#".to_string()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// One printable line, capped ([`crate::text::clean_capped`]).
pub(crate) fn one_line(text: String) -> String {
    match crate::text::clean_capped(&text, MAX_SUMMARY_CHARS) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(c) => c,
    }
}

impl App {
    /// Adds a toast.
    pub fn toast(&mut self, level: ToastLevel, text: impl Into<String>) {
        self.put_toast(None, level, text.into());
    }

    /// Shows `text` in the toast keyed `key`, replacing (and counting) the one there.
    pub(crate) fn toast_keyed(&mut self, key: &Arc<str>, level: ToastLevel, text: String) {
        self.put_toast(Some(key.clone()), level, text);
    }

    /// Updates the toast keyed `key` if one is showing; returns whether it was.
    pub(crate) fn update_keyed_toast(
        &mut self,
        key: &Arc<str>,
        level: ToastLevel,
        text: String,
    ) -> bool {
        let showing = self
            .toasts
            .iter()
            .any(|t| t.key.as_ref() == Some(key) && t.until > self.now);
        if showing {
            self.put_toast(Some(key.clone()), level, text);
        }
        showing
    }

    fn put_toast(&mut self, key: Option<Arc<str>>, level: ToastLevel, text: String) {
        let text = one_line(text);
        // Errors stay longer, and long texts a second longer per 60 characters.
        let secs = match level {
            ToastLevel::Error | ToastLevel::Warn => 8,
            _ => 5,
        } + (text.chars().count() / 60) as i64;
        let until = self.now + secs * 1000;
        self.dirty = true;
        if let Some(k) = &key {
            if let Some(t) = self.toasts.iter_mut().find(|t| t.key.as_ref() == Some(k)) {
                t.level = level;
                t.text = text;
                t.until = until;
                t.repeats = t.repeats.saturating_add(1);
                return;
            }
        }
        self.toasts.push(Toast {
            level,
            text,
            until,
            key,
            repeats: 1,
        });
        if self.toasts.len() > MAX_TOASTS {
            self.toasts.remove(0);
        }
    }

    /// Appends a line to the event log; a warning or error repeating the previous line of its
    /// source replaces it and counts the repeat.
    pub(crate) fn push_log(&mut self, entry: LogEntry) {
        self.push_line(entry, false, false);
    }

    /// Appends an action's outcome (never folded).
    pub(crate) fn push_action_log(&mut self, entry: LogEntry) {
        self.push_line(entry, true, false);
    }

    /// Appends a change of a backend's health.
    pub(crate) fn push_health_log(&mut self, entry: LogEntry) {
        self.push_line(entry, false, true);
    }

    fn push_line(&mut self, mut entry: LogEntry, action: bool, health: bool) {
        entry.text = one_line(entry.text);
        let mut line = LogLine {
            first_at: entry.at,
            entry,
            repeats: 1,
            action,
            health,
        };
        if !action && !health && line.level != LogLevel::Info {
            // The newest line of the same source with the same words, unless an info line of
            // that source (`answers again`) came after it: that ended the streak.
            let repeat = self
                .log
                .iter()
                .enumerate()
                .rev()
                .take(FOLD_WINDOW)
                .filter(|(_, l)| !l.health && l.backend == line.backend && l.agent == line.agent)
                .find(|(_, l)| l.level == LogLevel::Info || same_words(&l.text, &line.text))
                .filter(|(_, l)| !l.action && l.level == line.level)
                .map(|(i, _)| i);
            if let Some(i) = repeat {
                line.repeats = self.log[i].repeats.saturating_add(1);
                line.first_at = self.log[i].first_at;
                self.log.remove(i);
            }
        }
        self.log.push_back(line);
        while self.log.len() > super::LOG_CAPACITY {
            self.log.pop_front();
        }
    }

    /// The newest log lines about one agent, newest first.
    pub fn agent_events(&self, backend: &str, agent: &str, max: usize) -> Vec<&LogLine> {
        self.log
            .iter()
            .rev()
            .filter(|e| &*e.backend == backend && e.agent.as_deref() == Some(agent))
            .take(max)
            .collect()
    }

    /// The newest action outcome on one agent, if any is in the log.
    pub fn last_action(&self, backend: &str, agent: &str) -> Option<&LogLine> {
        self.log
            .iter()
            .rev()
            .find(|e| e.action && &*e.backend == backend && e.agent.as_deref() == Some(agent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_aside_the_words_must_match() {
        assert!(same_words(
            "refresh failed (3 in a row), next try in 1.2 s: HTTP 503",
            "refresh failed (10 in a row), next try in 0.9 s: HTTP 503"
        ));
        assert!(!same_words(
            "refresh failed (3 in a row): HTTP 503",
            "refresh failed (3 in a row): connection refused"
        ));
        assert!(same_words(
            "HTTP 503 (RequestId FB5C7553-7D57-46C7)",
            "HTTP 503 (RequestId 0A1B-9C9D-1111)"
        ));
    }
}
