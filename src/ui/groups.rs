//! The skill-group view: per group, its agents by state, waiting calls and the longest wait; the
//! figures of a stale backend are marked `~` (its last known ones).

use super::{fit, pad_left, widest};
use crate::app::labels::view_label;
use crate::app::{App, View};
use crate::duration::compact_or_unknown_in;
use crate::i18n::t;
use crate::model::StateKey;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Row, Table};
use ratatui::Frame;
use std::collections::BTreeMap;

/// One skill group's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRow {
    pub backend: String,
    pub id: String,
    pub name: String,
    /// Agents per [`StateKey::summary`] column, indexed by [`StateKey::index`].
    pub states: [usize; 10],
    pub waiting: u64,
    /// `None` when the vendor does not say (shown as `–`).
    pub longest: Option<u64>,
}

/// The groups of every backend (the `:backend` scope applies), from the roster and queue figures.
pub fn rows(app: &App) -> Vec<GroupRow> {
    let mut groups: BTreeMap<(String, String), GroupRow> = BTreeMap::new();
    for b in &app.backends {
        if app.backend_scope.as_deref().is_some_and(|s| s != &*b.name) {
            continue;
        }
        for q in &b.queues {
            let g = groups
                .entry((b.name.to_string(), q.group_id.clone()))
                .or_default();
            g.backend = b.name.to_string();
            g.id = q.group_id.clone();
            g.name = q.name.clone();
            g.waiting = q.waiting;
            g.longest = q.longest();
        }
    }
    for a in app.roster.agents() {
        if app
            .backend_scope
            .as_deref()
            .is_some_and(|s| s != &*a.backend)
        {
            continue;
        }
        let s = StateKey::of(a);
        for sk in &a.skills {
            let g = groups
                .entry((a.backend.to_string(), sk.id.clone()))
                .or_default();
            if g.id.is_empty() {
                g.backend = a.backend.to_string();
                g.id = sk.id.clone();
                g.name = sk.name.clone();
            }
            g.states[s.summary().index()] += 1;
        }
    }
    groups.into_values().collect()
}

/// The headings of the state columns, in [`StateKey::SUMMARY`] order.
const STATE_HEADINGS: [&str; 7] = [
    "groups-ready",
    "groups-ringing",
    "groups-talking",
    "groups-wrap-up",
    "groups-not-ready",
    "groups-break",
    "groups-offline",
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let lang = app.lang;
    let inner = super::panel(frame, area, &view_label(View::Groups, lang), th);
    // Headings in the screen's language; every column as wide as its heading needs (display
    // columns), numbers right-aligned under right-aligned headings.
    let heading = |id: &str| t(lang, id);
    let text_cols = [
        (heading("groups-backend"), 10usize),
        (heading("groups-group"), 20),
        (heading("groups-id"), 22),
    ];
    let mut num_cols: Vec<(String, usize)> =
        STATE_HEADINGS.iter().map(|id| (heading(id), 5)).collect();
    num_cols.push((heading("groups-waiting"), 7));
    num_cols.push((heading("groups-longest"), 8));
    let text_w: Vec<usize> = text_cols
        .iter()
        .map(|(h, w)| (*w).max(widest([h])))
        .collect();
    let num_w: Vec<usize> = num_cols
        .iter()
        .map(|(h, w)| (*w).max(widest([h])))
        .collect();
    let all = rows(app);
    let fit_rows = (inner.height.saturating_sub(1) as usize).max(1);
    // The selected group (Enter shows its agents) stays in view.
    let selected = app.groups_offset.min(all.len().saturating_sub(1));
    let start = (selected + 1).saturating_sub(fit_rows);
    let rows: Vec<Row> = all
        .iter()
        .enumerate()
        .skip(start)
        .take(fit_rows)
        .map(|(i, g)| {
            // A stale backend's figures are its last known ones: marked `~`, in the stale style.
            let stale = app.backend(&g.backend).is_some_and(|b| b.is_stale(app.now));
            let mark = if stale { "~" } else { "" };
            let style = |s| if stale { th.stale() } else { s };
            let mut cells = vec![
                Span::styled(fit(&g.backend, text_w[0]), th.muted()),
                // A group with a shift alert in force is marked `!` (see `app/alerts.rs`).
                if app.shift.alerts.queue_alerted(&g.backend, &g.id) {
                    Span::styled(fit(&format!("! {}", g.name), text_w[1]), th.error())
                } else {
                    Span::styled(fit(&g.name, text_w[1]), th.text())
                },
                Span::styled(fit(&g.id, text_w[2]), th.muted()),
            ];
            for (i, s) in StateKey::SUMMARY.iter().enumerate() {
                let n = g.states[s.index()];
                cells.push(Span::styled(
                    pad_left(&format!("{mark}{n}"), num_w[i]),
                    style(th.state(*s)),
                ));
            }
            let n = StateKey::SUMMARY.len();
            cells.push(Span::styled(
                pad_left(&format!("{mark}{}", g.waiting), num_w[n]),
                style(if g.waiting > 0 { th.warn() } else { th.text() }),
            ));
            cells.push(Span::styled(
                pad_left(
                    &format!("{mark}{}", compact_or_unknown_in(g.longest, app.lang)),
                    num_w[n + 1],
                ),
                style(if g.longest.unwrap_or(0) >= 60 {
                    th.warn()
                } else {
                    th.text()
                }),
            ));
            let row = Row::new(cells);
            if i == selected {
                row.style(th.selected())
            } else {
                row
            }
        })
        .collect();
    let mut titles: Vec<String> = text_cols.iter().map(|(h, _)| h.clone()).collect();
    titles.extend(
        num_cols
            .iter()
            .zip(&num_w)
            .map(|((h, _), w)| pad_left(h, *w)),
    );
    let header = Row::new(titles).style(th.table_header());
    let widths: Vec<Constraint> = text_w
        .iter()
        .chain(&num_w)
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}
