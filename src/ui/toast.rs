//! Toasts: action outcomes and backend errors, stacked in the bottom-right corner of the main area.

use super::fit;
use crate::app::{App, ToastLevel};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let max_w = (area.width as usize).saturating_sub(4).min(96);
    let mut y = area.y + area.height.saturating_sub(1);
    for toast in app.toasts.iter().rev() {
        if y <= area.y {
            break;
        }
        let style = match toast.level {
            ToastLevel::Ok => t.ok(),
            ToastLevel::Info => t.info(),
            ToastLevel::Warn => t.warn(),
            ToastLevel::Error => t.error(),
        }
        .patch(t.dialog());
        let text = format!(" {} ", fit(&toast.text, max_w.saturating_sub(2)));
        let w = text.width() as u16;
        let rect = Rect {
            x: area.x + area.width.saturating_sub(w + 1),
            y: y.saturating_sub(1),
            width: w.min(area.width),
            height: 1,
        };
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(Span::styled(text, style)), rect);
        y = y.saturating_sub(1);
    }
}
