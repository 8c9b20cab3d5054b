//! The `?` help overlay: every key as bound now (config overrides included), and the filter and
//! command syntax.

use super::centered;
use crate::app::keymap::Action;
use crate::app::App;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut lines = Vec::new();
    let key = |k: String, what: &str| {
        Line::from(vec![
            Span::styled(format!("  {k:<14}"), t.key()),
            Span::styled(what.to_string(), t.text()),
        ])
    };
    for a in Action::ALL {
        let mut what = a.help().to_string();
        if a.is_agent_action() && app.readonly {
            what.push_str(" (read-only: off)");
        }
        lines.push(key(app.keymap.label(a), &what));
    }
    lines.push(key("ctrl-c".into(), "quit, always"));
    lines.push(key(
        "esc".into(),
        "close the detail pane, clear the filter, cancel",
    ));
    lines.push(key("shift-tab".into(), "previous view"));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "  filter: words match id, name, extension, reason; terms state=break skill=sales",
        t.muted(),
    )));
    lines.push(Line::from(Span::styled(
        "  backend=NAME code=lunch state=alert state=stale; !term negates",
        t.muted(),
    )));
    lines.push(Line::from(Span::styled(
        "  rows: ! needs attention (stuck, over break) · ~ stale · ? no data yet",
        t.muted(),
    )));
    let h = lines.len() as u16 + 2;
    let rect = centered(area, 86, h);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent())
        .style(t.dialog())
        .title(Span::styled(" Help · keys (any key closes) ", t.title()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
