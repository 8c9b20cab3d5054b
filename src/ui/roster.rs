//! The roster table. Rows are built only for the visible window (never for the whole roster),
//! cut by display width so CJK names line up, and styled by state; stale rows are marked and
//! agents that need attention stand out.

use super::{fit, widest};
use crate::app::attention::{alert, is_stale};
use crate::app::labels::view_label;
use crate::app::sort::Column;
use crate::app::{App, View};
use crate::duration::compact_in;
use crate::i18n::Lang;
use crate::model::StateKey;
use crate::model::{Agent, Freshness};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// A column's width: its least width for the data, widened to fit its heading with a sort arrow
/// and, for the state column, the widest state label of `lang` (display columns: CJK counts two).
fn column_width(col: Column, least: u16, lang: Lang) -> u16 {
    let title = col.title_in(lang);
    let mut w = widest([title.as_str()]) + 1;
    if col == Column::State {
        w = w.max(widest(StateKey::ALL.map(|s| s.label_in(lang))));
    }
    if col == Column::Time {
        // The widest time in state this language writes (`59m59s`, `59分59秒`).
        w = w.max(widest([compact_in(3599, lang).as_str()]) + 1);
    }
    least.max(u16::try_from(w).unwrap_or(u16::MAX))
}

/// Columns and their widths. Narrower screens drop extension, skill groups, backend, name and
/// agent id, in that order, so State, Time and Reason stay longest; what is left over widens the
/// skill groups (or, once they are gone, the reason).
fn columns(width: u16, lang: Lang, order: &[Column]) -> Vec<(Option<Column>, u16)> {
    let least = |c: Column| match c {
        Column::Backend => 10,
        Column::Id => 20,
        Column::Name => 14,
        Column::State => 11,
        Column::Time => 7,
        Column::Reason => 17,
        Column::Skills => 20,
        Column::Extension => 8,
    };
    let mut out: Vec<(Option<Column>, u16)> = vec![(None, 1)];
    out.extend(
        order
            .iter()
            .map(|c| (Some(*c), column_width(*c, least(*c), lang))),
    );
    let total = |cols: &[(Option<Column>, u16)]| cols.iter().map(|(_, w)| w + 1).sum::<u16>();
    for drop in [
        Column::Extension,
        Column::Skills,
        Column::Backend,
        Column::Name,
        Column::Id,
    ] {
        if total(&out) <= width {
            break;
        }
        out.retain(|(c, _)| *c != Some(drop));
    }
    let spare = width.saturating_sub(total(&out));
    let grow = [Column::Skills, Column::Reason]
        .into_iter()
        .find(|g| out.iter().any(|(c, _)| *c == Some(*g)));
    if let Some(g) = grow {
        if let Some(col) = out.iter_mut().find(|(c, _)| *c == Some(g)) {
            col.1 += spare;
        }
    }
    out
}

fn cell_text(col: Column, a: &Agent, app: &App, width: usize) -> String {
    let text = match col {
        Column::Backend => a.backend.to_string(),
        Column::Id => a.id.clone(),
        Column::Name => a.name.clone(),
        Column::State => {
            let s = StateKey::of(a).label_in(app.lang);
            if a.flags.in_ivr {
                format!("{s}·IVR")
            } else if a.flags.pending_next {
                format!("{s}→")
            } else {
                s.to_string()
            }
        }
        Column::Reason => a
            .reason
            .as_ref()
            .map(|r| {
                if r.label.is_empty() || r.label.eq_ignore_ascii_case(&r.code) {
                    r.code.clone()
                } else {
                    format!("{} {}", r.code, r.label)
                }
            })
            .unwrap_or_default(),
        Column::Time => a
            .secs_in_state(app.now)
            .map(|s| compact_in(s, app.lang))
            .unwrap_or_else(|| "–".to_string()),
        Column::Skills => a
            .skills
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        Column::Extension => a.extension.clone(),
    };
    fit(&text, width)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let inner = super::panel(frame, area, &view_label(View::Roster, app.lang), t);
    if app.visible.is_empty() {
        let msg = if app.roster.is_empty() {
            "roster-waiting"
        } else {
            "roster-no-match"
        };
        let msg = super::wrap(&crate::i18n::t(app.lang, msg), inner.width as usize).join("\n");
        frame.render_widget(Paragraph::new(msg).style(t.muted()), inner);
        return;
    }
    let cols = columns(inner.width, app.lang, &app.columns);
    let rows_fit = inner.height.saturating_sub(1) as usize;
    let sel = app.selected.min(app.visible.len() - 1);
    let mut offset = app.offset.min(sel);
    if rows_fit > 0 && sel >= offset + rows_fit {
        offset = sel + 1 - rows_fit;
    }
    let end = (offset + rows_fit).min(app.visible.len());
    let agents = app.roster.agents();
    let rows: Vec<Row> = app.visible[offset..end]
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let a = &agents[i];
            let state = StateKey::of(a);
            let thresholds = app.thresholds(&a.backend);
            let warn = alert(a, app.now, thresholds);
            let stale = is_stale(a);
            let mut style = t.state(state);
            if stale {
                style = style.patch(t.stale());
            }
            if offset + n == sel {
                style = style.patch(t.selected());
            }
            let marker = match (warn.is_some(), a.freshness) {
                (true, _) => "!",
                (_, Freshness::Unknown) => "?",
                (_, Freshness::Stale) => "~",
                _ => " ",
            };
            let cells = cols.iter().map(|(c, w)| match c {
                None => Cell::from(marker).style(if warn.is_some() {
                    t.alert()
                } else {
                    Style::default()
                }),
                Some(col) => {
                    let text = cell_text(*col, a, app, *w as usize);
                    let cell = Cell::from(text);
                    if warn.is_some() && matches!(col, Column::Time) {
                        cell.style(t.alert())
                    } else {
                        cell
                    }
                }
            });
            let row = Row::new(cells).style(style);
            if warn.is_some() {
                row.style(style.add_modifier(Modifier::BOLD))
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(cols.iter().map(|(c, w)| {
        let title = match c {
            None => String::new(),
            Some(col) => {
                let mark = match app.sort.column {
                    Some(s) if s == *col => app.sort.arrow(),
                    _ => "",
                };
                fit(&format!("{}{mark}", col.title_in(app.lang)), *w as usize)
            }
        };
        Cell::from(Line::from(title))
    }))
    .style(t.table_header());
    let widths: Vec<Constraint> = cols.iter().map(|(_, w)| Constraint::Length(*w)).collect();
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, inner);
}
