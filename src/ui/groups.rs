//! The skill-group view: per group, its agents by state, waiting calls, the longest wait, and the
//! service level, abandoned calls and average speed of answer of the current interval; the figures
//! of a stale backend are marked `~` (its last known ones), those callboard computed itself (an
//! estimate, not the vendor's report) `≈`, and unknown ones are `–`.

use super::{fit, pad_left, widest};
use crate::app::labels::view_label;
use crate::app::{App, View};
use crate::backend::{KpiSource, QueueKpis};
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
    /// Service level, abandoned and speed of answer (`None`: nothing known, shown as `–`).
    pub kpis: Option<QueueKpis>,
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
            g.kpis = q.kpis.clone();
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
    num_cols.push((heading("groups-longest"), 7));
    num_cols.push((heading("kpi-sl"), 5));
    num_cols.push((heading("kpi-abandoned"), 4));
    num_cols.push((heading("kpi-asa"), 6));
    let all = rows(app);
    // Name and id columns as wide as their widest entry, up to their usual width.
    let content = [
        widest(all.iter().map(|g| g.backend.as_str())),
        widest(all.iter().map(|g| g.name.as_str())),
        widest(all.iter().map(|g| g.id.as_str())),
    ];
    let mut text_w: Vec<usize> = text_cols
        .iter()
        .zip(content)
        .map(|((h, w), c)| (*w).min(c).max(widest([h])))
        .collect();
    let num_w: Vec<usize> = num_cols
        .iter()
        .map(|(h, w)| (*w).max(widest([h])))
        .collect();
    // Too wide: the id narrows first, then less important columns go, then the name narrows.
    let width = usize::from(inner.width);
    let keep_all = vec![true; text_w.len() + num_w.len()];
    shrink_to(&mut text_w, &num_w, &keep_all, width, 2);
    let keep = columns_that_fit(&text_w, &num_w, width);
    shrink_to(&mut text_w, &num_w, &keep, width, 1);
    let kept = |v: Vec<Span<'static>>| -> Vec<Span<'static>> {
        v.into_iter()
            .zip(&keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect()
    };
    // The last line tells what the KPI columns mean (threshold, marks).
    let legend_h = u16::from(inner.height > 2);
    let table_area = Rect {
        height: inner.height.saturating_sub(legend_h),
        ..inner
    };
    let fit_rows = (table_area.height.saturating_sub(1) as usize).max(1);
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
            for (k, text) in kpi_texts(g.kpis.as_ref(), lang).into_iter().enumerate() {
                cells.push(Span::styled(
                    pad_left(&format!("{mark}{text}"), num_w[n + 2 + k]),
                    style(th.text()),
                ));
            }
            let row = Row::new(kept(cells));
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
    let header =
        Row::new(kept(titles.into_iter().map(Span::raw).collect())).style(th.table_header());
    let widths: Vec<Constraint> = text_w
        .iter()
        .chain(&num_w)
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(w, _)| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
    if legend_h > 0 {
        let secs = all
            .iter()
            .find_map(|g| g.kpis.as_ref().map(|k| k.threshold_secs))
            .unwrap_or(crate::config::DEFAULT_SL_THRESHOLD_SECS);
        let legend = crate::i18n::tf(lang, "kpi-legend", &[("secs", secs.to_string().into())]);
        let area = Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        };
        frame.render_widget(
            ratatui::widgets::Paragraph::new(Span::styled(
                fit(&legend, usize::from(inner.width)),
                th.muted(),
            )),
            area,
        );
    }
}

/// SL%, abandoned and speed of answer as the view shows them: `–` when unknown (never 0), `≈`
/// before figures callboard computed itself.
pub fn kpi_texts(kpis: Option<&QueueKpis>, lang: crate::i18n::Lang) -> [String; 3] {
    let Some(k) = kpis else {
        return ["–".into(), "–".into(), "–".into()];
    };
    let approx = if k.source == KpiSource::Computed {
        "≈"
    } else {
        ""
    };
    let or_unknown =
        |v: Option<String>| v.map_or_else(|| "–".to_string(), |t| format!("{approx}{t}"));
    [
        or_unknown(k.service_level_rounded().map(|p| format!("{p}%"))),
        or_unknown(k.abandoned.map(|n| n.to_string())),
        or_unknown(
            k.avg_answer_secs
                .map(|s| crate::duration::compact_in(s, lang)),
        ),
    ]
}

/// Columns left out, in this order, while the table is wider than the screen: id, offline,
/// ringing, wrap-up, not ready, backend, break, ASA, lost, longest wait (indices: 3 text columns,
/// then the state columns in [`StateKey::SUMMARY`] order, waiting, longest, SL%, lost, ASA).
const DROP_ORDER: [usize; 10] = [2, 9, 4, 6, 7, 0, 8, 14, 13, 11];

/// Which columns are drawn at `width` (every one when they fit).
fn columns_that_fit(text_w: &[usize], num_w: &[usize], width: usize) -> Vec<bool> {
    let mut keep = vec![true; text_w.len() + num_w.len()];
    for i in DROP_ORDER {
        if kept_width(text_w, num_w, &keep) <= width {
            break;
        }
        if let Some(k) = keep.get_mut(i) {
            *k = false;
        }
    }
    keep
}

/// Width of the kept columns with one space between them.
fn kept_width(text_w: &[usize], num_w: &[usize], keep: &[bool]) -> usize {
    let shown: Vec<usize> = text_w
        .iter()
        .chain(num_w)
        .zip(keep)
        .filter_map(|(w, k)| k.then_some(*w))
        .collect();
    shown.iter().sum::<usize>() + shown.len().saturating_sub(1)
}

/// Narrows text column `i` (never below 8) by what the kept columns are over `width`.
fn shrink_to(text_w: &mut [usize], num_w: &[usize], keep: &[bool], width: usize, i: usize) {
    let over = kept_width(text_w, num_w, keep).saturating_sub(width);
    if over > 0 && keep.get(i) == Some(&true) {
        text_w[i] = text_w[i].saturating_sub(over).max(8);
    }
}
