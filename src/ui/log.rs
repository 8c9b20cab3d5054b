//! The event log view: agent state changes, backend health and action outcomes, newest first,
//! each event wrapped over as many rows as its text needs (a vendor's reason is never cut);
//! repeats folded into one line say how many and since when.

use super::{clock, fit, wrap};
use crate::app::App;
use crate::backend::LogLevel;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let inner = super::panel(frame, area, &format!("Event log ({})", app.log.len()), t);
    let mut room = inner.height.saturating_sub(1) as usize;
    let text_w = inner.width.saturating_sub(8 + 12 + 18 + 5 + 4).max(10) as usize;
    let mut rows: Vec<Row> = Vec::new();
    for e in app.log.iter().rev().skip(app.log_offset) {
        if room == 0 {
            break;
        }
        let (lvl, style) = match e.level {
            LogLevel::Info => ("info", t.text()),
            LogLevel::Warn => ("warn", t.warn()),
            LogLevel::Error => ("ERR", t.error()),
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
            .unwrap_or_default();
        let mut text = e.text.clone();
        if e.repeats > 1 {
            text.push_str(&format!(
                "  (×{} since {})",
                e.repeats,
                clock(e.first_at, app.utc_offset_secs)
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
        rows.push(
            Row::new(vec![
                Cell::from(Span::styled(clock(e.at, app.utc_offset_secs), t.muted())),
                Cell::from(fit(&e.backend, 12)),
                Cell::from(fit(&who, 18)),
                Cell::from(Span::styled(lvl, style)),
                Cell::from(Text::from(lines)),
            ])
            .height(h as u16),
        );
    }
    let header = Row::new(vec!["Time", "Backend", "Agent", "Lvl", "Event"]).style(t.table_header());
    let widths = [
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Length(18),
        Constraint::Length(5),
        Constraint::Min(10),
    ];
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}
