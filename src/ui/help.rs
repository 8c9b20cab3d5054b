//! The `?` help overlay: every key as bound now (config overrides included), and the filter and
//! command syntax ([`App::help_lines`]); on a short screen it scrolls and its title says where.

use super::{centered, clear_popup, pad};
use crate::app::help::HelpLine;
use crate::app::App;
use crate::i18n::{t, tf};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
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
                Span::styled(format!("  {}", pad(&k, 14)), th.key()),
                Span::styled(what, th.text()),
            ]),
            HelpLine::Blank => Line::from(""),
            HelpLine::Note(text) => Line::from(Span::styled(format!("  {text}"), th.muted())),
        })
        .collect();
    let title = if total > rows {
        tf(
            app.lang,
            "keyhelp-title-scroll",
            &[
                ("first", (start + 1).into()),
                ("last", (start + rows).min(total).into()),
                ("total", total.into()),
            ],
        )
    } else {
        t(app.lang, "keyhelp-title")
    };
    let title = format!(" {title} ");
    let h = lines.len() as u16 + 2;
    let rect = centered(area, 86, h);
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.accent())
        .style(th.dialog())
        .title(Span::styled(title, th.title()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
