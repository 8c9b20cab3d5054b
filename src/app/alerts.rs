//! Shift alerts: queue thresholds (waiting, longest wait, service level) and the agents' attention
//! marks (over break, stuck) from `[alerts]`, each raised once when it is crossed and cleared
//! once when it is back within bounds (with a margin, so a figure hovering at the threshold does
//! not raise it again and again). Raising leaves an event-log line, marks the tile and asks the
//! shell (through [`Announcement`]s) for the bell and a desktop notification; the app writes
//! nothing to the terminal itself.

use super::attention::{self, Alert};
use crate::backend::QueueFigures;
use crate::config::{AlertsConfig, Thresholds};

use crate::model::{Agent, Freshness, UnixMs};
use std::collections::{BTreeMap, BTreeSet};

/// Which threshold a queue crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QueueRule {
    Waiting,
    LongestWait,
    ServiceLevel,
}

/// What an alert is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKey {
    Queue {
        backend: String,
        group: String,
        rule: QueueRule,
    },
    Agent {
        backend: String,
        agent: String,
        stuck: bool,
    },
}

/// A change of an alert, for the event log.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: AlertKey,
    pub raised: bool,
    /// The queue's name or the agent's (empty when unknown).
    pub name: String,
    /// The figure now, and the limit (queues); the agent's attention reason.
    pub value: f64,
    pub limit: f64,
    pub agent_alert: Option<Alert>,
}

/// What the shell announces after alerts were raised: one bell, and one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub bell: bool,
    pub notify: crate::config::Notify,
    pub title: String,
    pub body: String,
}

/// The alerts in force and the rules.
#[derive(Debug, Clone, Default)]
pub struct Alerts {
    pub config: AlertsConfig,
    active: BTreeMap<AlertKey, UnixMs>,
}

/// Where a queue figure stands against a rule.
enum Level {
    Over,
    Within,
    /// Neither clearly (unknown, or inside the margin): nothing changes.
    Hold,
}

impl Alerts {
    pub fn new(config: AlertsConfig) -> Alerts {
        Alerts {
            config,
            active: BTreeMap::new(),
        }
    }

    /// Whether any rule is configured.
    pub fn enabled(&self) -> bool {
        let q = &self.config.queue;
        q.waiting_over.is_some()
            || q.longest_wait_over_secs.is_some()
            || q.service_level_under_pct.is_some()
            || self.config.agents.over_break
            || self.config.agents.stuck
    }

    /// Whether an alert of the queue `group` of `backend` is in force.
    pub fn queue_alerted(&self, backend: &str, group: &str) -> bool {
        self.active.keys().any(|k| {
            matches!(k, AlertKey::Queue { backend: b, group: g, .. } if b == backend && g == group)
        })
    }

    /// The alerts in force.
    pub fn active(&self) -> impl Iterator<Item = &AlertKey> {
        self.active.keys()
    }

    fn level(&self, q: &QueueFigures, rule: QueueRule) -> Option<(Level, f64, f64)> {
        let c = &self.config.queue;
        Some(match rule {
            QueueRule::Waiting => {
                let limit = c.waiting_over?;
                let v = q.waiting;
                // Cleared once back at the limit less a tenth (at least one call).
                let clear = limit.saturating_sub((limit / 10).max(1));
                let l = if v > limit {
                    Level::Over
                } else if v <= clear || limit == 0 {
                    Level::Within
                } else {
                    Level::Hold
                };
                (l, v as f64, limit as f64)
            }
            QueueRule::LongestWait => {
                let limit = c.longest_wait_over_secs?;
                let Some(v) = q.longest() else {
                    return Some((Level::Hold, 0.0, limit as f64));
                };
                let clear = limit.saturating_sub((limit / 10).max(1));
                let l = if v > limit {
                    Level::Over
                } else if v <= clear {
                    Level::Within
                } else {
                    Level::Hold
                };
                (l, v as f64, limit as f64)
            }
            QueueRule::ServiceLevel => {
                let limit = c.service_level_under_pct?;
                let Some(v) = q.kpis.as_ref().and_then(|k| k.service_level_pct()) else {
                    return Some((Level::Hold, 0.0, limit));
                };
                let l = if v < limit {
                    Level::Over
                } else if v >= (limit + 2.0).min(100.0) {
                    Level::Within
                } else {
                    Level::Hold
                };
                (l, v, limit)
            }
        })
    }

    /// Checks the queues of `backend` (`trusted`: its figures are current, else nothing changes).
    pub fn check_queues(
        &mut self,
        backend: &str,
        queues: &[QueueFigures],
        trusted: bool,
        now: UnixMs,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        if !trusted {
            return out;
        }
        for q in queues {
            for rule in [
                QueueRule::Waiting,
                QueueRule::LongestWait,
                QueueRule::ServiceLevel,
            ] {
                let Some((level, value, limit)) = self.level(q, rule) else {
                    continue;
                };
                let key = AlertKey::Queue {
                    backend: backend.to_string(),
                    group: q.group_id.clone(),
                    rule,
                };
                let raised = match level {
                    Level::Over if !self.active.contains_key(&key) => true,
                    Level::Within if self.active.contains_key(&key) => false,
                    _ => continue,
                };
                self.flip(&key, raised, now);
                out.push(Change {
                    key,
                    raised,
                    name: q.name.clone(),
                    value,
                    limit,
                    agent_alert: None,
                });
            }
        }
        out
    }

    /// Checks the agents' attention marks. A stale agent changes nothing (its time in state is
    /// not known); an agent gone from the roster clears.
    pub fn check_agents<'a, 't>(
        &mut self,
        agents: impl IntoIterator<Item = &'a Agent>,
        thresholds: impl Fn(&str) -> Option<&'t Thresholds>,
        now: UnixMs,
    ) -> Vec<Change> {
        let (want_break, want_stuck) = (self.config.agents.over_break, self.config.agents.stuck);
        let mut out = Vec::new();
        if !want_break && !want_stuck {
            return out;
        }
        let mut seen = BTreeSet::new();
        for a in agents {
            let key = |stuck: bool| AlertKey::Agent {
                backend: a.backend.to_string(),
                agent: a.id.clone(),
                stuck,
            };
            if a.freshness != Freshness::Fresh {
                seen.insert(key(true));
                seen.insert(key(false));
                continue;
            }
            let alert = attention::alert(a, now, thresholds(&a.backend));
            let (over, stuck) = match alert {
                Some(Alert::OverBreak { .. }) => (want_break, false),
                Some(Alert::Stuck { .. }) => (false, want_stuck),
                None => (false, false),
            };
            for (is_stuck, on) in [(false, over), (true, stuck)] {
                let k = key(is_stuck);
                let was = self.active.contains_key(&k);
                if on {
                    seen.insert(k.clone());
                }
                if on != was {
                    self.flip(&k, on, now);
                    out.push(Change {
                        key: k,
                        raised: on,
                        name: a.name.clone(),
                        value: 0.0,
                        limit: 0.0,
                        agent_alert: if on { alert } else { None },
                    });
                }
            }
        }
        let gone: Vec<AlertKey> = self
            .active
            .keys()
            .filter(|k| matches!(k, AlertKey::Agent { .. }) && !seen.contains(*k))
            .cloned()
            .collect();
        for k in gone {
            self.flip(&k, false, now);
            out.push(Change {
                key: k,
                raised: false,
                name: String::new(),
                value: 0.0,
                limit: 0.0,
                agent_alert: None,
            });
        }
        out
    }

    fn flip(&mut self, key: &AlertKey, raised: bool, now: UnixMs) {
        if raised {
            self.active.insert(key.clone(), now);
        } else {
            self.active.remove(key);
        }
    }

    /// The bell and notification for alerts just raised (`None` when none was, or neither is
    /// configured).
    pub fn announcement(&self, raised: &[String]) -> Option<Announcement> {
        let first = raised.first()?;
        let notify = self.config.notify();
        if !self.config.bell && notify == crate::config::Notify::Off {
            return None;
        }
        let body = if raised.len() > 1 {
            format!("{first} (+{})", raised.len() - 1)
        } else {
            first.clone()
        };
        Some(Announcement {
            bell: self.config.bell,
            notify,
            title: "callboard".to_string(),
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::QueueAlerts;

    fn q(waiting: u64) -> QueueFigures {
        QueueFigures {
            group_id: "g".into(),
            name: "Sales".into(),
            waiting,
            longest_wait_secs: Some(waiting * 10),
            kpis: None,
        }
    }

    #[test]
    fn a_queue_alert_fires_once_per_crossing_and_clears_once() {
        let mut a = Alerts::new(AlertsConfig {
            queue: QueueAlerts {
                waiting_over: Some(10),
                ..QueueAlerts::default()
            },
            ..AlertsConfig::default()
        });
        let mut changes = Vec::new();
        for w in [3, 11, 12, 10, 11, 9, 8, 11] {
            changes.extend(a.check_queues("b", &[q(w)], true, 0));
        }
        let flips: Vec<(bool, f64)> = changes.iter().map(|c| (c.raised, c.value)).collect();
        // 11 raises; 10 (inside the margin) holds; 9 clears; 11 raises again.
        assert_eq!(flips, [(true, 11.0), (false, 9.0), (true, 11.0)]);
        assert!(a.queue_alerted("b", "g"));
        // Stale figures change nothing.
        assert!(a.check_queues("b", &[q(0)], false, 0).is_empty());
        assert!(a.queue_alerted("b", "g"));
    }

    #[test]
    fn unknown_longest_wait_holds() {
        let mut a = Alerts::new(AlertsConfig {
            queue: QueueAlerts {
                longest_wait_over_secs: Some(30),
                ..QueueAlerts::default()
            },
            ..AlertsConfig::default()
        });
        let mut fig = q(5);
        assert_eq!(a.check_queues("b", &[fig.clone()], true, 0).len(), 1);
        fig.longest_wait_secs = None;
        assert!(a.check_queues("b", &[fig], true, 0).is_empty());
        assert!(a.queue_alerted("b", "g"), "unknown is not a clear");
    }

    #[test]
    fn an_agent_over_break_alerts_once_and_clears_when_back() {
        use crate::config::AgentAlerts;
        use crate::model::{Activity, Presence, Reason, ReasonCategory};
        use std::sync::Arc;
        let mut a = Alerts::new(AlertsConfig {
            agents: AgentAlerts {
                over_break: true,
                stuck: false,
            },
            ..AlertsConfig::default()
        });
        let mut agent = Agent {
            presence: Presence::Break,
            activity: Activity::None,
            since: Some(0),
            freshness: Freshness::Fresh,
            reason: Some(Reason {
                code: "lunch".into(),
                label: "Lunch".into(),
                category: ReasonCategory::Meal,
                planned_secs: Some(600),
            }),
            ..Agent::unknown(Arc::from("b"), "1")
        };
        let none = |_: &str| None;
        let mut flips = Vec::new();
        for now in [500_000, 601_000, 700_000, 900_000] {
            flips.extend(
                a.check_agents([&agent], none, now)
                    .into_iter()
                    .map(|c| c.raised),
            );
        }
        assert_eq!(flips, [true], "raised once while over");
        // Stale: nothing changes; then ready again: cleared once.
        agent.freshness = Freshness::Stale;
        assert!(a.check_agents([&agent], none, 950_000).is_empty());
        agent.freshness = Freshness::Fresh;
        agent.presence = Presence::Ready;
        agent.reason = None;
        agent.since = Some(960_000);
        let c = a.check_agents([&agent], none, 961_000);
        assert_eq!(c.iter().map(|c| c.raised).collect::<Vec<_>>(), [false]);
        assert!(a.check_agents([&agent], none, 962_000).is_empty());
        // Stuck is not asked for: an agent ringing for ages raises nothing.
        agent.activity = Activity::Ringing;
        assert!(a.check_agents([&agent], none, 99_000_000).is_empty());
    }
}
