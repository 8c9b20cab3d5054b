//! `[alerts]` and `[history]`: the thresholds that raise a shift alert (queues and agents), how an
//! alert reaches the supervisor (bell, desktop notification), and how much queue and state
//! history the dashboard keeps; with their checks, reported at the value's file:line.

use super::diagnostic::Diagnostic;
use super::spans::{keypath, Doc, Seg};
use serde::{Deserialize, Serialize};

/// The desktop notification schemes `alerts.notify` accepts.
pub const NOTIFY_SCHEMES: &[&str] = &["off", "osc9", "osc777"];

/// `[alerts]`: what raises an alert and how it is announced. Nothing is alerted on unless set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsConfig {
    /// Ring the terminal bell (BEL) once when alerts fire.
    #[serde(default)]
    pub bell: bool,
    /// A desktop notification through the terminal: `off` (default), `osc9` (iTerm2, kitty,
    /// WezTerm, Windows Terminal) or `osc777` (rxvt-unicode, foot, VTE terminals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<String>,
    /// Thresholds per skill group / queue.
    #[serde(default)]
    pub queue: QueueAlerts,
    /// Which agent attention marks also raise an alert.
    #[serde(default)]
    pub agents: AgentAlerts,
}

/// `[alerts.queue]`: each skill group is checked against these.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueAlerts {
    /// More than this many calls waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_over: Option<u64>,
    /// The longest-waiting call has waited more than this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_wait_over_secs: Option<u64>,
    /// Service level below this percentage (where a service level is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level_under_pct: Option<f64>,
}

/// `[alerts.agents]`: the roster's attention marks (`!`) that also raise an alert.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentAlerts {
    /// An agent over its planned break (the reason's planned time or `[backend.thresholds.planned]`).
    #[serde(default)]
    pub over_break: bool,
    /// An agent in one state longer than its stuck threshold (`[backend.thresholds.stuck_after]`).
    #[serde(default)]
    pub stuck: bool,
}

/// How an alert is announced on the terminal, besides the event log and the marked tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notify {
    #[default]
    Off,
    /// `ESC ] 9 ; text BEL`.
    Osc9,
    /// `ESC ] 777 ; notify ; title ; body BEL`.
    Osc777,
}

impl AlertsConfig {
    /// The notification scheme (`off` for an unknown one; a loaded config has none).
    pub fn notify(&self) -> Notify {
        match self.notify.as_deref() {
            Some("osc9") => Notify::Osc9,
            Some("osc777") => Notify::Osc777,
            _ => Notify::Off,
        }
    }
}

/// `[history]`: the bounded in-memory series behind the Trends view and the header sparklines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryConfig {
    /// Seconds between two points (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_secs: Option<u64>,
    /// Hours kept (default 8); older points are dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// Skill groups kept per backend (default 200); groups beyond are not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_groups: Option<usize>,
    /// Keep the series across restarts in `history.jsonl` in the state directory (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persist: Option<bool>,
}

/// Allowed `history.interval_secs`.
pub const INTERVAL_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;
/// Allowed `history.hours`.
pub const HOURS_RANGE: std::ops::RangeInclusive<f64> = 0.1..=72.0;
/// Allowed `history.max_groups`.
pub const MAX_GROUPS_RANGE: std::ops::RangeInclusive<usize> = 1..=2000;

impl HistoryConfig {
    pub fn interval_secs(&self) -> u64 {
        self.interval_secs
            .filter(|s| INTERVAL_RANGE.contains(s))
            .unwrap_or(10)
    }

    /// Points kept per series: the hours over the interval.
    pub fn capacity(&self) -> usize {
        let hours = self
            .hours
            .filter(|h| HOURS_RANGE.contains(h))
            .unwrap_or(8.0);
        ((hours * 3600.0) / self.interval_secs() as f64).ceil() as usize
    }

    pub fn max_groups(&self) -> usize {
        self.max_groups
            .filter(|g| MAX_GROUPS_RANGE.contains(g))
            .unwrap_or(200)
    }

    pub fn persists(&self) -> bool {
        self.persist.unwrap_or(true)
    }
}

/// The history file's name in the state directory.
pub const HISTORY_FILE: &str = "history.jsonl";
/// The most of a history file read back (a bigger one is read up to here).
pub const MAX_HISTORY_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Where the dashboard keeps the history across restarts (`None`: no state directory).
pub fn history_path() -> Option<std::path::PathBuf> {
    super::state_dir().map(|d| d.join(HISTORY_FILE))
}

/// The history file's text: its last [`MAX_HISTORY_FILE_BYTES`] at most, from the first whole
/// line (the newest points matter most); invalid UTF-8 is replaced, and the reader skips damaged
/// lines.
pub fn read_history_file(path: &std::path::Path) -> std::io::Result<String> {
    read_tail(path, MAX_HISTORY_FILE_BYTES)
}

/// The last `cap` bytes of a file, from the first whole line.
fn read_tail(path: &std::path::Path, cap: u64) -> std::io::Result<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let cut = len > cap;
    if cut {
        file.seek(SeekFrom::Start(len - cap))?;
    }
    let mut bytes = Vec::new();
    file.take(cap).read_to_end(&mut bytes)?;
    if cut {
        let start = bytes
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| i + 1);
        bytes.drain(..start);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Problems of `[alerts]` and `[history]`, at their values.
pub(crate) fn problems(
    alerts: Option<&AlertsConfig>,
    history: Option<&HistoryConfig>,
    doc: &Doc<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut error = |path: &[Seg], message: String, fix: &str| {
        out.push(doc.at_value(path, message, fix.to_string()));
    };
    if let Some(a) = alerts {
        if let Some(n) = &a.notify {
            if !NOTIFY_SCHEMES.contains(&n.as_str()) {
                error(
                    &keypath!["alerts", "notify"],
                    format!("unknown notification scheme `{}`", super::echo(n)),
                    "use off, osc9 (iTerm2, kitty, WezTerm, Windows Terminal) or osc777 (foot, urxvt, VTE)",
                );
            }
        }
        if let Some(p) = a.queue.service_level_under_pct {
            if !(0.0..=100.0).contains(&p) {
                error(
                    &keypath!["alerts", "queue", "service_level_under_pct"],
                    format!("service_level_under_pct {p} is not a percentage"),
                    "give a number from 0 to 100, e.g. 80",
                );
            }
        }
        if a.queue.longest_wait_over_secs == Some(0) {
            error(
                &keypath!["alerts", "queue", "longest_wait_over_secs"],
                "longest_wait_over_secs = 0 alerts on every waiting call".to_string(),
                "give the seconds a call may wait, e.g. 60; use waiting_over = 0 to alert on any waiting call",
            );
        }
    }
    if let Some(h) = history {
        if let Some(s) = h.interval_secs {
            if !INTERVAL_RANGE.contains(&s) {
                error(
                    &keypath!["history", "interval_secs"],
                    format!("interval_secs {s} is out of range"),
                    "give 1 to 3600 seconds between points (default 10)",
                );
            }
        }
        if let Some(hours) = h.hours {
            if !HOURS_RANGE.contains(&hours) {
                error(
                    &keypath!["history", "hours"],
                    format!("hours {hours} is out of range"),
                    "keep 0.1 to 72 hours (default 8)",
                );
            }
        }
        if let Some(g) = h.max_groups {
            if !MAX_GROUPS_RANGE.contains(&g) {
                error(
                    &keypath!["history", "max_groups"],
                    format!("max_groups {g} is out of range"),
                    "keep 1 to 2000 skill groups per backend (default 200)",
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_capacity_comes_from_the_config() {
        let h = HistoryConfig::default();
        assert_eq!((h.interval_secs(), h.capacity()), (10, 2880));
        let h = HistoryConfig {
            interval_secs: Some(60),
            hours: Some(24.0),
            ..HistoryConfig::default()
        };
        assert_eq!(h.capacity(), 1440);
        let bad = HistoryConfig {
            interval_secs: Some(0),
            ..HistoryConfig::default()
        };
        assert_eq!(bad.interval_secs(), 10, "out of range falls back");
    }

    #[test]
    fn a_big_history_file_is_read_from_its_end_at_a_line() {
        let path = std::env::temp_dir().join(format!("callboard-tail-{}", std::process::id()));
        std::fs::write(&path, "line one\nline two\nline three\n").unwrap();
        assert_eq!(read_tail(&path, 14).unwrap(), "line three\n");
        assert_eq!(read_tail(&path, 100).unwrap().lines().count(), 3);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn notify_schemes() {
        let mut a = AlertsConfig::default();
        assert_eq!(a.notify(), Notify::Off);
        a.notify = Some("osc777".into());
        assert_eq!(a.notify(), Notify::Osc777);
    }
}
