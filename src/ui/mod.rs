//! Drawing: a pure function of the [`App`] (`draw(frame, &app)`), one module per part of the
//! screen. Nothing here changes state or does I/O.

pub mod bigdigits;
pub mod column_picker;
pub mod detail;
pub mod dialog;
pub mod footer;
pub mod groups;
pub mod header;
pub mod help;
pub mod log;
pub mod roster;
pub mod sparkline;
pub mod toast;
pub mod trends;
pub mod wall;

use crate::app::{App, View};
use crate::model::UnixMs;
use crate::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Rows of the header.
pub const HEADER_ROWS: u16 = 4;
/// Width of the detail pane beside the roster.
pub const DETAIL_WIDTH: u16 = 50;

/// How many roster rows fit on a screen `height` rows high.
pub fn roster_rows(height: u16) -> usize {
    // header, footer, the table's border (2) and its header row.
    height.saturating_sub(HEADER_ROWS + 1 + 2 + 1) as usize
}

/// Draws a bordered panel titled `title` (spaced inside the border) over `area` and returns
/// the area inside its border.
pub fn panel(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let base = app.theme.text();
    frame.buffer_mut().set_style(area, base);
    if app.view == View::Wall {
        wall::draw(frame, area, app);
        toast::draw(frame, area, app);
        if app.help {
            help::draw(frame, area, app);
        }
        return;
    }
    let [head, main, foot] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(frame, head, app);
    match app.view {
        View::Roster if app.detail && main.width >= 90 => {
            let [table, pane] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(DETAIL_WIDTH)])
                    .areas(main);
            roster::draw(frame, table, app);
            detail::draw(frame, pane, app);
        }
        View::Roster if app.detail => detail::draw(frame, main, app),
        View::Roster => roster::draw(frame, main, app),
        View::Groups => groups::draw(frame, main, app),
        View::Log => log::draw(frame, main, app),
        View::Trends => trends::draw(frame, main, app),
        View::Wall => wall::draw(frame, main, app),
    }
    footer::draw(frame, foot, app);
    toast::draw(frame, main, app);
    if let Some(d) = &app.dialog {
        dialog::draw(frame, area, app, d);
    }
    if let Some(p) = &app.column_picker {
        column_picker::draw(frame, area, app, p);
    }
    if app.help {
        help::draw(frame, area, app);
    }
}

/// `text` cut to `width` display columns (CJK characters count two), with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces to `width` display columns (left-aligned; CJK characters count two,
/// where `format!("{:<10}")` counts characters), cut with `…` when wider.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `text` right-aligned in `width` display columns, cut with `…` when wider.
pub fn pad_left(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let mut out: String = std::iter::repeat_n(' ', width.saturating_sub(cut.width())).collect();
    out.push_str(&cut);
    out
}

/// The widest of `labels`, in display columns.
pub fn widest<S: AsRef<str>>(labels: impl IntoIterator<Item = S>) -> usize {
    labels
        .into_iter()
        .map(|l| l.as_ref().width())
        .max()
        .unwrap_or(0)
}

/// `text` wrapped to lines of at most `width` display columns: at spaces where it can, inside a
/// word (or a run of CJK text) where it must. Never drops a character; at least one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        if used + w <= width {
            line.push_str(word);
            used += w;
            continue;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Clears the area under a popup, including both halves of a wide (CJK) character cut by its
/// edges: ratatui's `Clear` empties the cells inside, and a wide character starting just left
/// of the popup, whose second half lies under the popup's left border, is blanked too (else the
/// terminal keeps drawing it over the border, and the border's cell is never sent).
pub fn clear_popup(frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    let buf = frame.buffer_mut();
    let area = buf.area;
    let rect = rect.intersection(area);
    if rect.is_empty() || rect.x <= area.x {
        return;
    }
    for y in rect.y..rect.bottom() {
        let cell = &mut buf[(rect.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// A clock time `HH:MM:SS` at a UTC offset.
pub fn clock(at: UnixMs, offset_secs: i32) -> String {
    chrono::DateTime::from_timestamp_millis(at + i64::from(offset_secs) * 1000)
        .map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_else(|| "--:--:--".to_string())
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_character_within_the_width() {
        let text = "put agent 张伟 on break refused: does not allow this operation";
        for w in [1, 5, 12, 20, 80] {
            let lines = wrap(text, w);
            assert!(
                lines.iter().all(|l| l.width() <= w.max(2)),
                "{w}: {lines:?}"
            );
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let want: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, want, "{w}");
        }
        assert_eq!(wrap("", 10), vec![String::new()]);
        assert_eq!(wrap("a bc def", 4), vec!["a bc", "def"]);
    }

    #[test]
    fn a_popup_blanks_a_wide_character_cut_by_its_left_edge() {
        use ratatui::backend::TestBackend;
        use ratatui::widgets::Paragraph;
        let mut term = ratatui::Terminal::new(TestBackend::new(10, 2)).expect("terminal");
        term.draw(|f| {
            f.render_widget(Paragraph::new("张伟伟伟伟\nabcdefghij"), f.area());
            clear_popup(f, Rect::new(3, 0, 4, 2));
        })
        .expect("draw");
        let buf = term.backend().buffer();
        // 伟 at columns 2-3 straddles the edge at 3: blanked; 张 at 0-1 stays.
        assert_eq!(buf[(0, 0)].symbol(), "张");
        assert_eq!(buf[(2, 0)].symbol(), " ");
        assert_eq!(buf[(3, 0)].symbol(), " ");
        assert_eq!(
            buf[(2, 1)].symbol(),
            "c",
            "narrow characters are left alone"
        );
    }

    #[test]
    fn fit_counts_display_width() {
        assert_eq!(fit("张伟伟", 6), "张伟伟");
        assert_eq!(fit("张伟伟", 5), "张伟…");
        assert_eq!(fit("张伟伟", 4), "张…");
        assert_eq!(fit("abc", 2), "a…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(clock(0, 3600), "01:00:00");
    }

    #[test]
    fn padding_counts_display_width() {
        assert_eq!(pad("座席", 6), "座席  ");
        assert_eq!(pad("Agent", 6), "Agent ");
        assert_eq!(pad("持续时间", 5), "持续…");
        assert_eq!(pad_left("空闲", 5), " 空闲");
        assert_eq!(pad_left("Ready", 5), "Ready");
        assert_eq!(widest(["a", "话后处理", "abc"]), 8);
    }
}
