//! What the dashboard keeps about the shift, beside "now": the history behind the Trends view,
//! the alerts in force, the wallboard's choice of groups, and the announcements (bell,
//! notification) waiting for the shell. Sampled and checked once per clock tick.

use super::alerts::{AlertKey, Alerts, Announcement, Change, QueueRule};
use super::history::{self, count_state, History, Point, Sample};
use super::App;
use crate::backend::{LogEntry, LogLevel};
use crate::config::{AlertsConfig, HistoryConfig};
use crate::duration::compact_in;
use crate::i18n::tf;
use crate::model::{StateKey, UnixMs};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The shift's state inside [`App`].
#[derive(Debug, Clone, Default)]
pub struct Shift {
    pub history: History,
    pub alerts: Alerts,
    /// The wallboard's skill groups (ids or names, case-insensitive); empty: every group.
    pub wall_groups: Vec<String>,
    /// The view the wallboard was opened from (`None`: the wallboard is the whole program).
    pub wall_return: Option<super::View>,
    /// First group row shown in the Trends view.
    pub trends_offset: usize,
    /// Announcements for the shell to write (bell, OSC notification), taken by it.
    pub announcements: Vec<Announcement>,
    /// Points recorded since the shell last took them (for the history file).
    pub recorded: Vec<(UnixMs, Sample)>,
    /// Record `recorded` (the shell persists them).
    pub keep_recorded: bool,
    /// History exports under way (paths), for their toasts.
    pub history_exports: Vec<String>,
    /// The history file the shell appends `recorded` to (data only; the shell does the I/O).
    pub history_file: Option<HistoryFile>,
}

/// The history file: where, and how many lines it holds (read back and appended).
#[derive(Debug, Clone)]
pub struct HistoryFile {
    pub path: std::path::PathBuf,
    pub lines: usize,
}

impl Shift {
    pub fn new(history: &HistoryConfig, alerts: AlertsConfig) -> Shift {
        Shift {
            history: History::new(history),
            alerts: Alerts::new(alerts),
            ..Shift::default()
        }
    }
}

impl App {
    /// Sets the history and alert rules (from the config's `[history]` and `[alerts]`).
    pub fn configure_shift(&mut self, history: &HistoryConfig, alerts: AlertsConfig) {
        self.shift = Shift::new(history, alerts);
    }

    /// One sample per backend that has answered, from the roster and its queue figures.
    pub fn shift_samples(&self) -> Vec<Sample> {
        let mut out: Vec<Sample> = Vec::new();
        for b in &self.backends {
            if !b.has_queue_figures() {
                continue;
            }
            let stale = b.is_stale(self.now);
            let queues: &[crate::backend::QueueFigures] = if stale { &[] } else { &b.queues };
            let mut s = Sample {
                backend: b.name.to_string(),
                totals: history::queue_totals(history::zero_states(), queues),
                groups: BTreeMap::new(),
            };
            for q in queues {
                s.groups.insert(
                    q.group_id.clone(),
                    (
                        q.name.clone(),
                        history::with_queue(history::zero_states(), Some(q)),
                    ),
                );
            }
            out.push(s);
        }
        for a in self.roster.agents() {
            let Some(s) = out.iter_mut().find(|s| *s.backend == *a.backend) else {
                continue;
            };
            let state = StateKey::of(a);
            count_state(&mut s.totals.states, a.freshness, state);
            for sk in &a.skills {
                let g = s
                    .groups
                    .entry(sk.id.clone())
                    .or_insert_with(|| (sk.name.clone(), history::zero_states()));
                count_state(&mut g.1.states, a.freshness, state);
            }
        }
        out
    }

    /// The clock's work for the shift: a history sample when one is due, and the alert checks.
    pub(crate) fn shift_tick(&mut self) {
        let now = self.now;
        if self.shift.history.due(now) {
            let samples = self.shift_samples();
            if self.shift.keep_recorded {
                self.shift
                    .recorded
                    .extend(samples.iter().map(|s| (now, s.clone())));
            }
            self.shift.history.record(now, samples);
        }
        if self.shift.alerts.enabled() {
            self.check_alerts();
        }
    }

    /// Checks every alert rule and logs what was raised or cleared.
    pub(crate) fn check_alerts(&mut self) {
        let now = self.now;
        let mut changes: Vec<Change> = Vec::new();
        for b in &self.backends {
            let trusted = b.has_queue_figures() && !b.is_stale(now) && !b.is_late(now);
            changes.extend(
                self.shift
                    .alerts
                    .check_queues(&b.name, &b.queues, trusted, now),
            );
        }
        let backends = &self.backends;
        changes.extend(self.shift.alerts.check_agents(
            self.roster.agents(),
            |name| {
                backends
                    .iter()
                    .find(|b| &*b.name == name)
                    .map(|b| &b.thresholds)
            },
            now,
        ));
        let mut raised = Vec::new();
        for c in changes {
            let text = self.change_text(&c);
            let (backend, agent) = match &c.key {
                AlertKey::Queue { backend, .. } => (backend.clone(), None),
                AlertKey::Agent { backend, agent, .. } => (backend.clone(), Some(agent.clone())),
            };
            if c.raised {
                raised.push(format!("{backend}: {text}"));
            }
            self.push_action_log(LogEntry {
                at: now,
                backend: Arc::from(backend.as_str()),
                agent,
                level: if c.raised {
                    LogLevel::Warn
                } else {
                    LogLevel::Info
                },
                text,
            });
        }
        if let Some(a) = self.shift.alerts.announcement(&raised) {
            self.shift.announcements.push(a);
        }
    }

    /// The event-log words of an alert raised or cleared.
    fn change_text(&self, c: &Change) -> String {
        let lang = self.lang;
        let what = match &c.key {
            AlertKey::Queue { group, rule, .. } => {
                let group = if c.name.is_empty() {
                    group.clone()
                } else {
                    c.name.clone()
                };
                let (value, limit) = match rule {
                    QueueRule::Waiting => (format!("{}", c.value), format!("{}", c.limit)),
                    QueueRule::LongestWait => (
                        compact_in(c.value as u64, lang),
                        compact_in(c.limit as u64, lang),
                    ),
                    QueueRule::ServiceLevel => {
                        (format!("{:.1}%", c.value), format!("{:.1}%", c.limit))
                    }
                };
                let id = match (rule, c.raised) {
                    (QueueRule::Waiting, true) => "shift-alert-waiting",
                    (QueueRule::LongestWait, true) => "shift-alert-longest",
                    (QueueRule::ServiceLevel, true) => "shift-alert-sl",
                    (QueueRule::Waiting, false) => "shift-clear-waiting",
                    (QueueRule::LongestWait, false) => "shift-clear-longest",
                    (QueueRule::ServiceLevel, false) => "shift-clear-sl",
                };
                // The number of calls chooses the plural form.
                let value: crate::i18n::Arg = match rule {
                    QueueRule::Waiting => (c.value as u64).into(),
                    _ => value.into(),
                };
                tf(
                    lang,
                    id,
                    &[
                        ("group", group.into()),
                        ("value", value),
                        ("limit", limit.into()),
                    ],
                )
            }
            AlertKey::Agent { agent, stuck, .. } => {
                let who = if c.name.is_empty() {
                    agent.clone()
                } else {
                    format!("{} ({agent})", c.name)
                };
                match (c.raised, c.agent_alert) {
                    (true, Some(a)) => tf(
                        lang,
                        "shift-alert-agent",
                        &[("who", who.into()), ("why", a.describe_in(lang).into())],
                    ),
                    _ => tf(
                        lang,
                        if *stuck {
                            "shift-clear-stuck"
                        } else {
                            "shift-clear-break"
                        },
                        &[("who", who.into())],
                    ),
                }
            }
        };
        what
    }

    /// The newest point of a group's series (`None` before the first sample).
    pub fn last_point(&self, backend: &str, group: &str) -> Option<Point> {
        self.shift
            .history
            .backend(backend)?
            .groups
            .get(group)?
            .points
            .last()
    }
}

/// Where `:export FILE` writes the history: beside the log, `NAME-history.EXT`.
pub fn history_export_path(path: &str) -> String {
    let p = std::path::Path::new(path);
    match (p.file_stem(), p.extension()) {
        (Some(stem), Some(ext)) => p
            .with_file_name(format!(
                "{}-history.{}",
                stem.to_string_lossy(),
                ext.to_string_lossy()
            ))
            .to_string_lossy()
            .into_owned(),
        _ => format!("{path}-history"),
    }
}

impl App {
    /// `:export FILE`: the event log to FILE and the history beside it (`FILE-history.EXT`);
    /// `:export --history FILE`: the history only. CSV for `*.csv`, else JSON lines.
    pub(crate) fn export(&mut self, given: String) {
        let (history_only, path) = match given.strip_prefix("--history") {
            Some(rest) if rest.starts_with(' ') => (true, rest.trim().to_string()),
            _ => (false, given),
        };
        let target = if history_only {
            path.clone()
        } else {
            history_export_path(&path)
        };
        let csv = target.to_ascii_lowercase().ends_with(".csv");
        let (text, lines) = super::history_codec::export_text(&self.shift.history, csv);
        self.shift.history_exports.push(target.clone());
        self.outbox.push(super::UiCommand::WriteFile {
            path: target,
            text,
            lines,
        });
        // The event log's write goes last (its toast is the one left on screen).
        if !history_only {
            let text = super::export::log_text(self.log.iter(), &path);
            self.outbox.push(super::UiCommand::WriteFile {
                path,
                text,
                lines: self.log.len(),
            });
        }
    }

    /// Whether a finished write was a history export (its toast counts points, not log lines).
    pub(crate) fn took_history_export(&mut self, path: &str) -> bool {
        match self.shift.history_exports.iter().position(|p| p == path) {
            Some(i) => {
                self.shift.history_exports.remove(i);
                true
            }
            None => false,
        }
    }
}
