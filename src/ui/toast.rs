//! Toasts: action outcomes and backend errors, stacked in the bottom-right corner of the main
//! area, each wrapped over as many lines as its text needs (up to [`MAX_TOAST_LINES`]), so a
//! vendor's reason is read in full.

use super::{clear_popup, wrap};
use crate::app::{App, ToastLevel};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The most lines one toast takes (a capped summary of 300 characters needs five at 80 columns).
pub const MAX_TOAST_LINES: usize = 6;
/// The most lines of a backend's health toast (it stays while the backend fails; the event log
/// has the whole text).
pub const MAX_HEALTH_TOAST_LINES: usize = 2;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let max_w = (area.width as usize).saturating_sub(4).min(96);
    if max_w < 4 {
        return;
    }
    let mut bottom = area.y + area.height.saturating_sub(1);
    for toast in app.toasts.iter().rev() {
        let style = match toast.level {
            ToastLevel::Ok => t.ok(),
            ToastLevel::Info => t.info(),
            ToastLevel::Warn => t.warn(),
            ToastLevel::Error => t.error(),
        }
        .patch(t.dialog());
        let mut lines = wrap(&toast.text, max_w - 2);
        let most = if toast.key.is_some() {
            MAX_HEALTH_TOAST_LINES
        } else {
            MAX_TOAST_LINES
        };
        if lines.len() > most {
            lines.truncate(most);
            if let Some(last) = lines.last_mut() {
                *last = super::fit(&format!("{last} …"), max_w - 2);
            }
        }
        let w = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 2;
        let h = lines.len() as u16;
        if bottom < area.y + h {
            break;
        }
        let rect = Rect {
            x: area.x + area.width.saturating_sub(w + 1),
            y: bottom - h,
            width: w.min(area.width),
            height: h,
        };
        clear_popup(frame, rect);
        let text: Vec<Line> = lines
            .into_iter()
            .map(|l| {
                let pad = (w as usize - 2).saturating_sub(l.width());
                Line::from(Span::styled(format!(" {l}{} ", " ".repeat(pad)), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(text), rect);
        bottom -= h;
    }
}
