//! The event log view: agent state changes, backend health and action outcomes, newest first,
//! each event wrapped over as many rows as its text needs (a vendor's reason is never cut);
//! repeats folded into one line say how many and since when. Below 100 columns the backend column
//! goes (the agent says it) so the text has room.

use super::{clock, fit, wrap};
use crate::app::labels::view_label;
use crate::app::{App, View};
use crate::backend::LogLevel;
use crate::i18n::{t as t_, tf};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let lang = app.lang;
    let title = tf(
        lang,
        "eventlog-title",
        &[
            ("view", view_label(View::Log, lang).into()),
            ("count", app.log.len().into()),
        ],
    );
    let inner = super::panel(frame, area, &title, t);
    let levels = [
        t_(lang, "eventlog-level-info"),
        t_(lang, "eventlog-level-warn"),
        t_(lang, "eventlog-level-error"),
    ];
    let mut room = inner.height.saturating_sub(1) as usize;
    // Narrow screens give the event's text the backend column and part of the agent's.
    let wide = inner.width >= 100;
    let (backend_w, agent_w) = if wide { (12u16, 18u16) } else { (0, 14) };
    let gaps = if wide { 4 } else { 3 };
    let text_w = inner
        .width
        .saturating_sub(8 + backend_w + agent_w + 5 + gaps)
        .max(10) as usize;
    let mut rows: Vec<Row> = Vec::new();
    for e in app.log.iter().rev().skip(app.log_offset) {
        if room == 0 {
            break;
        }
        let (lvl, style) = match e.level {
            LogLevel::Info => (&levels[0], t.text()),
            LogLevel::Warn => (&levels[1], t.warn()),
            LogLevel::Error => (&levels[2], t.error()),
        };
        let who = e
            .agent
            .as_deref()
            .map(|id| {
                app.roster
                    .get(&e.backend, id)
                    .map(|a| a.name.as_str())
                    .filter(|n| !n.is_empty())
                    .map_or_else(|| id.to_string(), |n| format!("{n} {id}"))
            })
            // Without a backend column, a backend's own lines name it here.
            .unwrap_or_else(|| {
                if wide {
                    String::new()
                } else {
                    e.backend.to_string()
                }
            });
        let mut text = e.text.clone();
        if e.repeats > 1 {
            text.push_str("  ");
            text.push_str(&tf(
                lang,
                "eventlog-repeats",
                &[
                    ("count", e.repeats.into()),
                    ("since", clock(e.first_at, app.utc_offset_secs).into()),
                ],
            ));
        }
        let mut lines: Vec<Line> = wrap(&text, text_w)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
        // The oldest shown event may be cut at the bottom of the view; the rest are whole.
        lines.truncate(room);
        let h = lines.len();
        room -= h;
        let mut cells = vec![Cell::from(Span::styled(
            clock(e.at, app.utc_offset_secs),
            t.muted(),
        ))];
        if wide {
            cells.push(Cell::from(fit(&e.backend, backend_w as usize)));
        }
        cells.push(Cell::from(fit(&who, agent_w as usize)));
        cells.push(Cell::from(Span::styled(lvl.clone(), style)));
        cells.push(Cell::from(Text::from(lines)));
        rows.push(Row::new(cells).height(h as u16));
    }
    let mut titles: Vec<String> = [
        "eventlog-time",
        "eventlog-backend",
        "eventlog-agent",
        "eventlog-level",
        "eventlog-event",
    ]
    .iter()
    .map(|id| t_(lang, id))
    .collect();
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Length(backend_w),
        Constraint::Length(agent_w),
        Constraint::Length(5),
        Constraint::Min(10),
    ];
    if !wide {
        titles.remove(1);
        widths.remove(1);
    }
    let header = Row::new(titles).style(t.table_header());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}
