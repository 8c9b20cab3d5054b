//! `callboard snapshot`: one poll of every backend (concurrently), printed as a table, JSON or CSV.
//!
//! Agents go through the same [`RosterStore`] as in the TUI, so an explicit roster shows every
//! listed agent (unknown ones too) in config order. A backend that fails is reported on stderr with
//! its fix, the others are still printed, and the exit code is 1.
//!
//! The JSON document (documented in the README, stable: fields are only ever added):
//! `{"generated_at": ms, "backends": [...], "agents": [...], "queues": [...]}`.

use super::table::{self, Cell, Colour};
use super::{Setup, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::backend::{Backend, BackendStatus, Health, QueueFigures};
use crate::cli::{CommonArgs, SnapshotArgs, SnapshotFormat};
use crate::config::{BackendKind, Config, Roster};
use crate::model::{Activity, Agent, Freshness, RosterScope, RosterStore, StateKey, UnixMs};
use serde::Serialize;
use std::io::Write;
use std::sync::Arc;

/// One backend's line in the JSON `backends` array.
#[derive(Debug, Clone, Serialize)]
pub struct BackendReport {
    #[serde(flatten)]
    pub status: BackendStatus,
    pub kind: BackendKind,
    /// Agents this backend reported.
    pub agents: usize,
}

/// An agent in the JSON `agents` array: every model field, plus seconds in the current state.
#[derive(Debug, Clone, Serialize)]
pub struct AgentReport<'a> {
    #[serde(flatten)]
    pub agent: &'a Agent,
    /// The display state, as the dashboard shows and counts it (`talking`, `supervising`, …).
    pub state: &'static str,
    pub secs_in_state: Option<u64>,
}

/// A queue in the JSON `queues` array: its figures (`kpis` null when nothing is known) and the
/// service level they give, in percent (null when unknown).
#[derive(Debug, Clone, Serialize)]
pub struct QueueReport {
    pub backend: Arc<str>,
    #[serde(flatten)]
    pub figures: QueueFigures,
    pub service_level_pct: Option<f64>,
}

/// What one snapshot found.
#[derive(Debug, Default)]
pub struct Report {
    pub generated_at: UnixMs,
    pub backends: Vec<BackendReport>,
    pub roster: RosterStore,
    pub queues: Vec<QueueReport>,
    /// Backends that failed, with the reason and fix.
    pub errors: Vec<String>,
    /// Backends that answered without all their data (Huawei CMS failing), with the reason.
    pub warnings: Vec<String>,
}

/// `callboard snapshot`. Returns the exit code.
/// `demo` is the embedded simulator's config when `--demo` is given.
pub async fn run(common: &CommonArgs, args: &SnapshotArgs, demo: Option<&Config>) -> u8 {
    if args.history {
        return super::history::run(common, args);
    }
    let setup = match Setup::new(common, demo, "snapshot") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let lang = setup.lang(common).0;
    let config = match setup.select(args.backend.as_deref(), lang) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("callboard snapshot: {message}");
            return EXIT_USAGE;
        }
    };
    if config.backends.is_empty() {
        eprintln!(
            "{}",
            crate::i18n::tf(
                lang,
                "snapshot-no-backend",
                &[("origin", setup.origin(lang).into())]
            )
        );
        return EXIT_USAGE;
    }
    let report = collect(&config).await;
    let text = match (args.format, args.queues) {
        (SnapshotFormat::Table, false) => render_table_in(&report, super::colour_stdout(), lang),
        (SnapshotFormat::Table, true) => {
            super::queue_table::render_queue_table_in(&report, super::colour_stdout(), lang)
        }
        (SnapshotFormat::Csv, false) => render_csv(&report),
        (SnapshotFormat::Csv, true) => super::queue_table::render_queue_csv(&report),
        (SnapshotFormat::Json, _) => render_json(&report),
    };
    // A closed pipe (`callboard snapshot | head`) is not an error worth a message.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    for w in &report.warnings {
        eprintln!(
            "{}",
            crate::i18n::tf(lang, "snapshot-warning", &[("warning", w.into())])
        );
    }
    for e in &report.errors {
        eprintln!("callboard snapshot: {e}");
    }
    if report.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

/// Connects to the config's backends, takes one snapshot of each (all concurrently) and shuts
/// them down. No audit log is opened: a snapshot changes nothing.
pub async fn collect(config: &Config) -> Report {
    let results = futures_util::future::join_all(config.backends.iter().map(|cfg| async move {
        let backend = Backend::connect(cfg).await?;
        let snapshot = backend.snapshot().await;
        let partial = backend.partial_problem();
        backend.shutdown().await;
        snapshot.map(|(agents, queues)| (agents, queues, partial))
    }))
    .await;

    let now = super::now_ms();
    let mut report = Report {
        generated_at: now,
        ..Report::default()
    };
    for (b, result) in config.backends.iter().zip(results) {
        let scope = match &b.roster {
            Roster::List(ids) => RosterScope::Only(ids.clone()),
            Roster::All(_) => RosterScope::All,
        };
        let name = report.roster.add_backend(&b.name, scope);
        let (health, agents) = match result {
            Ok((mut agents, queues, partial)) => {
                if config.masks_numbers() {
                    agents.iter_mut().for_each(Agent::mask_numbers);
                }
                let count = agents.len();
                report.roster.apply_snapshot(&name, agents, now);
                report.queues.extend(queues.into_iter().map(|figures| {
                    QueueReport {
                        service_level_pct: figures
                            .kpis
                            .as_ref()
                            .and_then(|k| k.service_level_pct())
                            .map(|p| (p * 10.0).round() / 10.0),
                        backend: name.clone(),
                        figures,
                    }
                }));
                let health = match partial {
                    Some(reason) => {
                        report
                            .warnings
                            .push(format!("backend {}: {reason}", b.name));
                        Health::Degraded { reason }
                    }
                    None => Health::Connected,
                };
                (health, count)
            }
            Err(e) => {
                report.roster.mark_stale(&name);
                report.errors.push(e.to_string());
                let reason = e.to_string();
                let health = if e.is_auth() {
                    Health::AuthFailed { reason }
                } else {
                    Health::Down { reason }
                };
                (health, 0)
            }
        };
        report.backends.push(BackendReport {
            status: BackendStatus {
                backend: name,
                last_ok: matches!(health, Health::Connected | Health::Degraded { .. })
                    .then_some(now),
                health,
                insecure_tls: b.insecure_skip_verify,
            },
            kind: b.kind,
            agents,
        });
    }
    report
}

/// `presence` or `presence/activity` (`ready`, `ready/talking`, `break`), as the model names them.
pub fn state_text(agent: &Agent) -> String {
    let presence = kebab(&agent.presence);
    let mut text = match agent.activity {
        Activity::None => presence,
        activity => format!("{presence}/{}", kebab(&activity)),
    };
    if agent.freshness != Freshness::Fresh {
        text.push_str(&format!(" ({})", kebab(&agent.freshness)));
    }
    text
}

/// A model enum's serialized (kebab-case) name.
fn kebab<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn state_colour(agent: &Agent) -> Colour {
    if agent.freshness != Freshness::Fresh {
        return Colour::Dim;
    }
    match StateKey::of(agent) {
        StateKey::Ringing | StateKey::Dialing => Colour::Blue,
        StateKey::Talking | StateKey::Supervising => Colour::Cyan,
        StateKey::WrapUp | StateKey::SigningIn => Colour::Yellow,
        StateKey::Ready => Colour::Green,
        StateKey::Break => Colour::Magenta,
        StateKey::NotReady => Colour::Red,
        StateKey::Offline => Colour::Dim,
    }
}

/// `code (label)`, or the code alone when the label says the same.
pub fn reason_text(agent: &Agent) -> String {
    match &agent.reason {
        None => String::new(),
        Some(r) if r.label.is_empty() || r.label.eq_ignore_ascii_case(&r.code) => r.code.clone(),
        Some(r) => format!("{} ({})", r.code, r.label),
    }
}

fn skill_names(agent: &Agent) -> Vec<&str> {
    agent
        .skills
        .iter()
        .map(|s| if s.name.is_empty() { &s.id } else { &s.name })
        .map(String::as_str)
        .collect()
}

/// The widest the SKILLS column gets before it is cut with `…`.
const SKILLS_MAX: usize = 40;

/// The roster as an aligned table (header + one row per agent).
pub fn render_table(report: &Report, colour: bool) -> String {
    render_table_in(report, colour, crate::i18n::Lang::En)
}

/// The table's column headings in `lang`.
fn table_headers(lang: crate::i18n::Lang) -> [String; 8] {
    use crate::i18n::t;
    [
        t(lang, "table-backend"),
        t(lang, "table-agent"),
        t(lang, "table-name"),
        t(lang, "table-state"),
        t(lang, "table-reason"),
        t(lang, "table-time-in-state"),
        t(lang, "table-skills"),
        t(lang, "table-ext"),
    ]
}

/// [`render_table`] in `lang`: headings and states translated (English keeps the model's
/// `presence/activity` words, which scripts grep for).
pub fn render_table_in(report: &Report, colour: bool, lang: crate::i18n::Lang) -> String {
    let state = |a: &Agent| match lang {
        crate::i18n::Lang::En => state_text(a),
        _ => crate::model::StateKey::of(a).label_in(lang),
    };
    let rows: Vec<Vec<Cell>> = report
        .roster
        .agents()
        .iter()
        .map(|a| {
            vec![
                Cell::plain(a.backend.to_string()),
                Cell::plain(a.id.clone()),
                Cell::plain(a.name.clone()),
                Cell::coloured(state(a), state_colour(a)),
                Cell::plain(reason_text(a)),
                Cell::plain(
                    a.secs_in_state(report.generated_at)
                        .map_or_else(|| "-".to_string(), |s| crate::duration::compact_in(s, lang)),
                ),
                Cell::plain(table::truncate(&skill_names(a).join(","), SKILLS_MAX)),
                Cell::plain(a.extension.clone()),
            ]
        })
        .collect();
    let headers = table_headers(lang);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    table::render(&headers, &rows, colour)
}

/// The CSV columns.
pub const CSV_HEADERS: [&str; 14] = [
    "backend",
    "agent",
    "name",
    "presence",
    "activity",
    "reason_code",
    "reason_label",
    "reason_category",
    "secs_in_state",
    "skill_ids",
    "skill_names",
    "extension",
    "freshness",
    "call_id",
];

/// The roster as RFC 4180 CSV: a header record and one record per agent (lists joined with `;`).
pub fn render_csv(report: &Report) -> String {
    let mut out = table::csv_record(&CSV_HEADERS);
    for a in report.roster.agents() {
        let reason = a.reason.as_ref();
        out.push_str(&table::csv_record(&[
            a.backend.to_string(),
            a.id.clone(),
            a.name.clone(),
            kebab(&a.presence),
            kebab(&a.activity),
            reason.map(|r| r.code.clone()).unwrap_or_default(),
            reason.map(|r| r.label.clone()).unwrap_or_default(),
            reason.map(|r| kebab(&r.category)).unwrap_or_default(),
            a.secs_in_state(report.generated_at)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            a.skills
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            skill_names(a).join(";"),
            a.extension.clone(),
            kebab(&a.freshness),
            a.call_id.clone().unwrap_or_default(),
        ]));
    }
    out
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    generated_at: UnixMs,
    backends: &'a [BackendReport],
    agents: Vec<AgentReport<'a>>,
    queues: &'a [QueueReport],
}

/// The roster as one pretty-printed JSON document.
pub fn render_json(report: &Report) -> String {
    let doc = JsonDoc {
        generated_at: report.generated_at,
        backends: &report.backends,
        agents: report
            .roster
            .agents()
            .iter()
            .map(|agent| AgentReport {
                agent,
                state: StateKey::of(agent).key(),
                secs_in_state: agent.secs_in_state(report.generated_at),
            })
            .collect(),
        queues: &report.queues,
    };
    match serde_json::to_string_pretty(&doc) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing plain data into a string cannot fail; keep the output valid JSON anyway.
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
