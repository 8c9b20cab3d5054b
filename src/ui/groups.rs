//! The skill-group view: per group, its agents by state, waiting calls and the longest wait; the
//! figures of a stale backend are marked `~` (its last known ones).

use super::fit;
use crate::app::App;
use crate::duration::compact_or_unknown;
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

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let inner = super::panel(frame, area, "Skill groups", t);
    let all = rows(app);
    let fit_rows = inner.height.saturating_sub(1) as usize;
    let start = app
        .groups_offset
        .min(all.len().saturating_sub(fit_rows.max(1)));
    let rows: Vec<Row> = all
        .iter()
        .skip(start)
        .take(fit_rows)
        .map(|g| {
            // A stale backend's figures are its last known ones: marked `~`, in the stale style.
            let stale = app.backend(&g.backend).is_some_and(|b| b.is_stale(app.now));
            let mark = if stale { "~" } else { "" };
            let style = |s| if stale { t.stale() } else { s };
            let mut cells = vec![
                Span::styled(fit(&g.backend, 10), t.muted()),
                Span::styled(fit(&g.name, 20), t.text()),
                Span::styled(fit(&g.id, 22), t.muted()),
            ];
            for s in StateKey::SUMMARY {
                let n = g.states[s.index()];
                cells.push(Span::styled(
                    format!("{:>5}", format!("{mark}{n}")),
                    style(t.state(s)),
                ));
            }
            cells.push(Span::styled(
                format!("{:>7}", format!("{mark}{}", g.waiting)),
                style(if g.waiting > 0 { t.warn() } else { t.text() }),
            ));
            cells.push(Span::styled(
                format!("{:>8}", format!("{mark}{}", compact_or_unknown(g.longest))),
                style(if g.longest.unwrap_or(0) >= 60 {
                    t.warn()
                } else {
                    t.text()
                }),
            ));
            Row::new(cells)
        })
        .collect();
    let header = Row::new(vec![
        "Backend", "Group", "Id", "Ready", " Ring", " Talk", " Wrap", "  N/R", "Break", "  Off",
        "Waiting", " Longest",
    ])
    .style(t.table_header());
    let mut widths = vec![
        Constraint::Length(10),
        Constraint::Length(20),
        Constraint::Length(22),
    ];
    widths.extend(std::iter::repeat_n(Constraint::Length(5), 7));
    widths.push(Constraint::Length(7));
    widths.push(Constraint::Length(8));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}
