//! The `?` help overlay: every key as bound now (config overrides included), and the filter and
//! command syntax ([`App::help_lines`]); on a short screen it scrolls and its title says where.

use super::{centered, clear_popup};
use crate::app::help::HelpLine;
use crate::app::App;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let all = app.help_lines();
    let total = all.len();
    let rows = (area.height.saturating_sub(2) as usize).max(1);
    let start = app.help_offset.min(total.saturating_sub(rows));
    let lines: Vec<Line> = all
        .into_iter()
        .skip(start)
        .take(rows)
        .map(|l| match l {
            HelpLine::Key(k, what) => Line::from(vec![
                Span::styled(format!("  {k:<14}"), t.key()),
                Span::styled(what, t.text()),
            ]),
            HelpLine::Blank => Line::from(""),
            HelpLine::Note(text) => Line::from(Span::styled(format!("  {text}"), t.muted())),
        })
        .collect();
    let title = if total > rows {
        format!(
            " Help · {}-{} of {total} · ↑/↓ PgUp/PgDn scroll, any other key closes ",
            start + 1,
            (start + rows).min(total)
        )
    } else {
        " Help · keys (any key closes) ".to_string()
    };
    let h = lines.len() as u16 + 2;
    let rect = centered(area, 86, h);
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent())
        .style(t.dialog())
        .title(Span::styled(title, t.title()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
