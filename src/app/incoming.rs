//! What arrives from the backend side and how it changes the app: backend events (through the
//! shared roster fold), runner replies to actions, and the toasts and event-log lines they leave.
//! Every text that reaches a toast, the event log, the header's health or a dialog's choices is
//! cleaned to one printable line here ([`crate::text::clean`]), whatever sent it. An action's
//! toast and log line carry its final word: `✓` done (or verified applied), `?` unknown (the
//! answer was lost and the read-back could not tell), `✗` refused, failed or verified not applied.

use super::action_words::{action_name, status_words};
use super::notice::one_line;
use super::{dialog, App, Reply, ToastLevel};
use crate::backend::{
    ActionChoices, BackendEvent, BackendStatus, Health, LogEntry, LogLevel, OutcomeStatus,
};
use crate::i18n::{t, tf};
use crate::model::{Agent, StateKey, UnixMs};
use std::sync::Arc;

/// Agents named by an event, each with its stored copy before the event (`None`: new).
type Copies = Vec<(String, Option<Agent>)>;

impl App {
    /// Applies a backend event: the roster through the same fold every roster owner uses
    /// ([`crate::backend::apply_event`]), plus what only the dashboard keeps (event log, queues,
    /// health, toasts).
    pub fn apply_event(&mut self, ev: BackendEvent) {
        self.dirty = true;
        match &ev {
            BackendEvent::Snapshot {
                backend,
                agents,
                queues,
                at,
                ..
            } => {
                self.log_changes(agents, *at);
                if let Some(b) = self.backend_mut(backend) {
                    b.queues = queues.clone();
                    if b.status.last_ok.is_none_or(|t| t < *at) {
                        b.status.last_ok = Some(*at);
                    }
                    if b.status.health.is_connecting() {
                        b.status.health = Health::Connected;
                    }
                }
            }
            BackendEvent::Agents { agents, at, .. } => self.log_changes(agents, *at),
            BackendEvent::Status(status) => self.apply_status(status.clone()),
            BackendEvent::Log(entry) => {
                self.toast_log(entry);
                self.push_log(entry.clone());
            }
        }
        let before = self.agents_before(&ev);
        crate::backend::apply_event(self.roster_mut(), ev);
        if let Some((backend, before)) = before {
            self.count_changes(&backend, before);
        }
        self.refresh();
    }

    /// For an agent event while the header's counts are current: the backend and the stored
    /// copy of each agent it names (once per id), so that [`App::count_changes`] can move the
    /// counts by those agents alone (such an event changes no other agent).
    fn agents_before(&self, ev: &BackendEvent) -> Option<(Arc<str>, Copies)> {
        let BackendEvent::Agents {
            backend, agents, ..
        } = ev
        else {
            return None;
        };
        if !self.dist.movable()
            || self.dist_key != (self.roster.version(), self.backend_scope.clone())
        {
            return None;
        }
        let mut before: Vec<(String, Option<Agent>)> = Vec::with_capacity(agents.len());
        for a in agents {
            if a.backend == *backend && !before.iter().any(|(id, _)| *id == a.id) {
                before.push((a.id.clone(), self.roster.get(backend, &a.id).cloned()));
            }
        }
        Some((backend.clone(), before))
    }

    /// Moves the header's counts from the agents' copies before an agent event to the stored
    /// ones after it (the same counts as counting the whole roster again).
    fn count_changes(&mut self, backend: &Arc<str>, before: Copies) {
        if self
            .backend_scope
            .as_deref()
            .is_none_or(|b| b == &**backend)
        {
            for (id, old) in before {
                if let Some(old) = old {
                    self.dist.remove(&old);
                }
                if let Some(new) = self.roster.get(backend, &id) {
                    self.dist.add(new);
                }
            }
        }
        if self.dist.movable() {
            self.dist_key = (self.roster.version(), self.backend_scope.clone());
        }
        // Else the key stays behind and the next refresh counts the whole roster again.
    }

    fn apply_status(&mut self, mut status: BackendStatus) {
        if let Health::Degraded { reason } | Health::Down { reason } = &mut status.health {
            *reason = one_line(std::mem::take(reason));
        }
        let now = self.now;
        let Some(b) = self.backend_mut(&status.backend) else {
            return;
        };
        let before = std::mem::replace(&mut b.status, status.clone());
        if std::mem::discriminant(&before.health) == std::mem::discriminant(&status.health) {
            return;
        }
        let lang = self.lang;
        let (level, text) = match &status.health {
            // The poller writes the connect attempts' lines itself (they repeat with the attempt).
            Health::Connecting | Health::Retrying { .. } | Health::AuthFailed { .. } => return,
            Health::Connected => (LogLevel::Info, t(lang, "log-connected")),
            Health::Degraded { reason } => (
                LogLevel::Warn,
                tf(lang, "log-degraded", &[("reason", reason.into())]),
            ),
            Health::Down { reason } => (
                LogLevel::Error,
                tf(lang, "log-down", &[("reason", reason.into())]),
            ),
        };
        let toast = tf(
            lang,
            "toast-backend",
            &[
                ("backend", status.backend.to_string().into()),
                ("text", (&text).into()),
            ],
        );
        match level {
            LogLevel::Error => self.toast_keyed(&status.backend, ToastLevel::Error, toast),
            LogLevel::Warn => self.toast_keyed(&status.backend, ToastLevel::Warn, toast),
            LogLevel::Info => {}
        }
        self.push_health_log(LogEntry {
            at: now,
            backend: status.backend,
            agent: None,
            level,
            text,
        });
    }

    /// The toast a backend's log line leaves: the backend's own errors go to its one health toast
    /// (updated in place), its other lines update that toast while it shows (e.g. `answers
    /// again`); an agent's error gets a toast of its own, updated in place too.
    fn toast_log(&mut self, entry: &LogEntry) {
        // `backend X: ` inside the text says again what the toast starts with.
        let again = format!("backend {}: ", entry.backend);
        let text = tf(
            self.lang,
            "toast-backend",
            &[
                ("backend", entry.backend.to_string().into()),
                ("text", entry.text.replacen(&again, "", 1).into()),
            ],
        );
        let key = match &entry.agent {
            None => entry.backend.clone(),
            Some(agent) => std::sync::Arc::from(format!("{}/{agent}", entry.backend)),
        };
        match entry.level {
            LogLevel::Error => self.toast_keyed(&key, ToastLevel::Error, text),
            LogLevel::Warn => {
                self.update_keyed_toast(&key, ToastLevel::Warn, text);
            }
            LogLevel::Info => {
                self.update_keyed_toast(&key, ToastLevel::Info, text);
            }
        }
    }

    /// Logs agents whose shown state changed.
    fn log_changes(&mut self, agents: &[Agent], at: UnixMs) {
        let mut entries = Vec::new();
        for a in agents {
            let Some(old) = self.roster.get(&a.backend, &a.id) else {
                continue;
            };
            if old.freshness == crate::model::Freshness::Unknown {
                continue;
            }
            let (s0, s1) = (StateKey::of(old), StateKey::of(a));
            fn code(x: &Agent) -> Option<&str> {
                x.reason.as_ref().map(|r| r.code.as_str())
            }
            if s0 != s1 || code(old) != code(a) {
                let (from, to) = (s0.label_in(self.lang), s1.label_in(self.lang));
                let text = match &a.reason {
                    Some(r) => tf(
                        self.lang,
                        "log-state-change-reason",
                        &[
                            ("from", from.into()),
                            ("to", to.into()),
                            ("reason", (&r.label).into()),
                        ],
                    ),
                    None => tf(
                        self.lang,
                        "log-state-change",
                        &[("from", from.into()), ("to", to.into())],
                    ),
                };
                entries.push(LogEntry {
                    at: a
                        .since
                        .filter(|s| *s <= at && *s > at - 60_000)
                        .unwrap_or(at),
                    backend: a.backend.clone(),
                    agent: Some(a.id.clone()),
                    level: LogLevel::Info,
                    text,
                });
            }
        }
        for e in entries {
            self.push_log(e);
        }
    }

    /// Applies a reply of the backend runner.
    pub fn apply_reply(&mut self, reply: Reply) {
        self.dirty = true;
        match reply {
            Reply::ChoicesReady {
                backend,
                agent,
                choices,
            } => {
                if let Some(d) = self.dialog.as_mut() {
                    if d.backend == backend && d.agent == agent && d.stage == dialog::Stage::Loading
                    {
                        d.choices_ready(clean_choices(choices));
                    }
                }
            }
            Reply::Written { path, result } => match result {
                Ok(lines) => {
                    let id = if self.took_history_export(&path) {
                        "toast-history-exported"
                    } else {
                        "toast-exported"
                    };
                    let text = tf(
                        self.lang,
                        id,
                        &[("lines", lines.into()), ("path", path.into())],
                    );
                    self.toast(ToastLevel::Info, text);
                }
                Err(why) => {
                    let text = tf(
                        self.lang,
                        "toast-export-failed",
                        &[("path", path.into()), ("reason", why.into())],
                    );
                    self.toast(ToastLevel::Error, text);
                }
            },
            Reply::ActionDone { request, outcome } => {
                let who = if request.agent.is_empty() {
                    request.backend.clone()
                } else {
                    let name = self
                        .roster
                        .get(&request.backend, &request.agent)
                        .map(|a| a.name.clone())
                        .filter(|n| !n.is_empty());
                    name.map_or_else(
                        || request.agent.clone(),
                        |n| {
                            tf(
                                self.lang,
                                "who-named",
                                &[("name", n.into()), ("agent", (&request.agent).into())],
                            )
                        },
                    )
                };
                // The words around the outcome are the app's; the summary is the backend's
                // (with the vendor's own reason in it).
                let text = tf(
                    self.lang,
                    "log-outcome",
                    &[
                        ("action", action_name(&request.kind, self.lang).into()),
                        ("who", who.into()),
                        ("status", status_words(&outcome, self.lang).into()),
                        ("summary", (&outcome.summary).into()),
                    ],
                );
                self.push_action_log(LogEntry {
                    at: self.now,
                    backend: Arc::from(request.backend.as_str()),
                    agent: (!request.agent.is_empty()).then(|| request.agent.clone()),
                    level: match outcome.status {
                        OutcomeStatus::Ok => LogLevel::Info,
                        OutcomeStatus::Unknown => LogLevel::Warn,
                        OutcomeStatus::Refused | OutcomeStatus::Failed => LogLevel::Error,
                    },
                    text: text.clone(),
                });
                let (level, mark) = match outcome.status {
                    OutcomeStatus::Ok => (ToastLevel::Ok, '✓'),
                    OutcomeStatus::Unknown => (ToastLevel::Warn, '?'),
                    OutcomeStatus::Refused | OutcomeStatus::Failed => (ToastLevel::Error, '✗'),
                };
                self.toast(level, format!("{mark} {text}"));
            }
        }
    }
}

/// A dialog's choices with their vendor text (ids and labels) cleaned.
fn clean_choices(choices: Result<ActionChoices, String>) -> Result<ActionChoices, String> {
    let mut c = choices.map_err(one_line)?;
    for choice in c
        .devices
        .iter_mut()
        .chain(c.skill_groups.iter_mut())
        .chain(c.break_codes.iter_mut())
        .chain(c.flows.iter_mut())
    {
        crate::text::clean_in_place(&mut choice.id);
        crate::text::clean_in_place(&mut choice.label);
    }
    Ok(c)
}
