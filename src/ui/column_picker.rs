//! The column picker overlay: one row per roster column, `[x]` shown or `[ ]` hidden, the
//! selected row highlighted and pointed at (`›`), and the keys on the last lines ([`crate::app::column_picker`]).

use super::{centered, clear_popup, pad, widest};
use crate::app::column_picker::ColumnPicker;
use crate::app::App;
use crate::i18n::t;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, picker: &ColumnPicker) {
    let th = &app.theme;
    let lang = app.lang;
    let titles: Vec<String> = picker.rows.iter().map(|(c, _)| c.title_in(lang)).collect();
    let name_width = widest(&titles).max(12);
    let mut lines: Vec<Line> = picker
        .rows
        .iter()
        .zip(&titles)
        .enumerate()
        .map(|(i, ((_, shown), title))| {
            let mark = if *shown { "[x]" } else { "[ ]" };
            // The pointer shows the selection where colours do not (mono theme, NO_COLOR).
            let pointer = if i == picker.selected { '›' } else { ' ' };
            let text = format!("{pointer}{mark} {} ", pad(title, name_width));
            let style = if i == picker.selected {
                th.selected()
            } else if *shown {
                th.text()
            } else {
                th.muted()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    lines.push(Line::from(""));
    for hint in [
        "picker-hint-toggle",
        "picker-hint-move",
        "picker-hint-apply",
    ] {
        lines.push(Line::from(Span::styled(
            format!(" {}", t(lang, hint)),
            th.muted(),
        )));
    }
    let wide = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
    let title = format!(" {} ", t(lang, "picker-title"));
    let rect = centered(
        area,
        wide.max(title.width() as u16) + 4,
        lines.len() as u16 + 2,
    );
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.accent())
        .style(th.dialog())
        .title(Span::styled(title, th.title()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
