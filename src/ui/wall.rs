//! The wallboard: a tile per skill group with waiting calls, the longest wait and the service
//! level in big digits, and the agents ready / talking / on break, coloured by the alert
//! thresholds (or sensible defaults). The tiles share the screen in the grid that gives them the
//! biggest digits; on a small terminal the digits shrink, then turn to plain text, then to one
//! line per group. An unknown figure is `–`.

use super::bigdigits::{self, Size};
use super::{fit, pad};
use crate::app::wall::Tile;
use crate::app::App;
use crate::i18n::{t, tf};
use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// How much a tile shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// One line per group.
    Line,
    /// A bordered tile with the figures in plain text.
    Text,
    Digits(DigitSize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DigitSize {
    Half,
    Full,
}

impl DigitSize {
    fn size(self) -> Size {
        match self {
            DigitSize::Half => Size::Half,
            DigitSize::Full => Size::Full,
        }
    }
}

/// The three figures of a tile as text.
fn figures(tile: &Tile) -> [String; 3] {
    let waiting = tile
        .waiting
        .map_or_else(|| "–".to_string(), |w| w.min(999).to_string());
    let longest = tile.longest.map_or_else(
        || "–".to_string(),
        |s| {
            if s >= 100 * 60 {
                "99+".to_string()
            } else {
                format!("{}:{:02}", s / 60, s % 60)
            }
        },
    );
    let sl = tile
        .service_level
        .map_or_else(|| "–".to_string(), |p| format!("{:.0}%", p));
    [waiting, longest, sl]
}

/// The columns of a tile's three figures in big digits: each as wide as its digits or its
/// label (at least 7).
fn columns(app: &App, tile: &Tile) -> [usize; 3] {
    let labels = [
        t(app.lang, "wall-waiting"),
        t(app.lang, "wall-longest"),
        t(app.lang, "wall-sl"),
    ];
    let f = figures(tile);
    std::array::from_fn(|i| {
        bigdigits::width(&f[i])
            .max(unicode_width::UnicodeWidthStr::width(labels[i].as_str()))
            .max(7)
    })
}

/// Columns the figures take in big digits (with three columns between figures).
fn digits_width(app: &App, tile: &Tile) -> usize {
    columns(app, tile).iter().sum::<usize>() + 6
}

/// Whether `tiles` fit tiles of `w`×`h` at `level`.
fn fits(app: &App, tiles: &[Tile], level: Level, w: u16, h: u16) -> bool {
    let (w, h) = (w as usize, h as usize);
    match level {
        Level::Line => h >= 1,
        Level::Text => {
            w >= 14
                && h >= 3
                && tiles.iter().all(|t| {
                    let (mut items, agents) = text_items(app, t);
                    items.extend(agents);
                    flow_rows(&items, w - 2) + 2 <= h
                })
        }
        Level::Digits(d) => {
            let rows = d.size().rows() as usize;
            // Border (2), labels, digits, the agents' line.
            h >= rows + 4 && tiles.iter().all(|t| digits_width(app, t) + 4 <= w)
        }
    }
}

/// The grid (columns, rows) and level that gives the biggest tiles.
fn layout(app: &App, tiles: &[Tile], area: Rect) -> (u16, u16, Level) {
    let n = tiles.len().max(1) as u16;
    let mut best = (1, n, Level::Line);
    let mut best_area = 0u32;
    for level in [
        Level::Digits(DigitSize::Full),
        Level::Digits(DigitSize::Half),
        Level::Text,
    ] {
        for cols in 1..=n.min(area.width.max(1)) {
            let rows = n.div_ceil(cols);
            let (w, h) = (area.width / cols, area.height / rows.max(1));
            if fits(app, tiles, level, w, h) {
                let a = u32::from(w) * u32::from(h);
                if best.2 < level || (best.2 == level && a > best_area) {
                    best = (cols, rows, level);
                    best_area = a;
                }
            }
        }
        if best.2 == level {
            return best;
        }
    }
    best
}

/// Style of a figure: stale, unknown, over the alert limit (error), near it (warn), fine (ok).
fn style(th: &Theme, tile: &Tile, which: usize, app: &App) -> Style {
    if tile.stale {
        return th.stale();
    }
    let q = &app.shift.alerts.config.queue;
    match which {
        0 => match tile.waiting {
            None => th.muted(),
            Some(w) if q.waiting_over.is_some_and(|l| w > l) => th.error(),
            Some(0) => th.ok(),
            Some(_) => th.warn(),
        },
        1 => match tile.longest {
            None => th.muted(),
            Some(s) if q.longest_wait_over_secs.is_some_and(|l| s > l) => th.error(),
            Some(s) if s >= 60 => th.warn(),
            Some(_) => th.ok(),
        },
        _ => match tile.service_level {
            None => th.muted(),
            Some(p) if p < q.service_level_under_pct.unwrap_or(60.0) => th.error(),
            Some(p) if p < 80.0 => th.warn(),
            Some(_) => th.ok(),
        },
    }
}

fn title(tile: &Tile, multi_backend: bool) -> String {
    let name = if tile.name.is_empty() {
        &tile.id
    } else {
        &tile.name
    };
    let mark = if tile.alerted { "! " } else { "" };
    if multi_backend {
        format!(" {mark}{name} · {} ", tile.backend)
    } else {
        format!(" {mark}{name} ")
    }
}

fn agents_line<'a>(app: &App, tile: &Tile, width: usize) -> Line<'a> {
    let th = &app.theme;
    let lang = app.lang;
    let parts = [
        (
            tf(lang, "wall-ready", &[("n", tile.ready.into())]),
            th.state(crate::model::StateKey::Ready),
        ),
        (
            tf(lang, "wall-talking", &[("n", tile.talking.into())]),
            th.state(crate::model::StateKey::Talking),
        ),
        (
            tf(lang, "wall-break", &[("n", tile.on_break.into())]),
            th.state(crate::model::StateKey::Break),
        ),
    ];
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, s) in parts {
        let w = unicode_width::UnicodeWidthStr::width(text.as_str()) + 2;
        if used + w > width && used > 0 {
            break;
        }
        used += w;
        spans.push(Span::styled(
            fit(&text, width),
            s.add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

fn draw_tile(frame: &mut Frame, area: Rect, app: &App, tile: &Tile, level: Level, multi: bool) {
    let th = &app.theme;
    let border = if tile.alerted {
        th.error().add_modifier(Modifier::BOLD)
    } else {
        th.border()
    };
    let head = if tile.alerted { th.error() } else { th.title() };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(
            {
                let room = area.width.saturating_sub(2) as usize;
                let full = title(tile, multi);
                if unicode_width::UnicodeWidthStr::width(full.as_str()) > room {
                    fit(&title(tile, false), room)
                } else {
                    full
                }
            },
            head.add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lang = app.lang;
    let labels = [
        t(lang, "wall-waiting"),
        t(lang, "wall-longest"),
        t(lang, "wall-sl"),
    ];
    let figs = figures(tile);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    match level {
        Level::Digits(d) => {
            let size = d.size();
            let cols = columns(app, tile);
            let spare = w.saturating_sub(cols.iter().sum::<usize>() + 6);
            let lead = spare / 2;
            let mut label_spans = vec![Span::raw(" ".repeat(lead))];
            for (i, l) in labels.iter().enumerate() {
                label_spans.push(Span::styled(pad(l, cols[i]), th.muted()));
                label_spans.push(Span::raw("   "));
            }
            lines.push(Line::from(label_spans));
            let rendered: Vec<Vec<String>> =
                figs.iter().map(|s| bigdigits::render(s, size)).collect();
            for row in 0..size.rows() as usize {
                let mut spans = vec![Span::raw(" ".repeat(lead))];
                for (i, r) in rendered.iter().enumerate() {
                    let text = r.get(row).cloned().unwrap_or_default();
                    spans.push(Span::styled(pad(&text, cols[i]), style(th, tile, i, app)));
                    spans.push(Span::raw("   "));
                }
                lines.push(Line::from(spans));
            }
            let mut agents = agents_line(app, tile, w.saturating_sub(lead));
            agents.spans.insert(0, Span::raw(" ".repeat(lead)));
            lines.push(agents);
        }
        Level::Text | Level::Line => {
            let (mut items, agents) = text_items(app, tile);
            items.extend(agents);
            lines = flow(&items, w);
        }
    }
    // Centred in the tile's height.
    let spare = (inner.height as usize).saturating_sub(lines.len()) / 2;
    let mut centred = vec![Line::default(); spare];
    centred.extend(lines);
    frame.render_widget(Paragraph::new(centred), inner);
}

/// A tile's figures and its agent counts as items of plain text, each one label and value.
type Items<'a> = Vec<Vec<Span<'a>>>;

fn text_items<'a>(app: &App, tile: &Tile) -> (Items<'a>, Items<'a>) {
    let th = &app.theme;
    let lang = app.lang;
    let labels = [
        t(lang, "wall-waiting"),
        t(lang, "wall-longest"),
        t(lang, "wall-sl"),
    ];
    let figs = figures(tile);
    let items: Items = labels
        .iter()
        .zip(&figs)
        .enumerate()
        .map(|(i, (l, f))| {
            vec![
                Span::styled(format!("{l} "), th.muted()),
                Span::styled(
                    f.clone(),
                    style(th, tile, i, app).add_modifier(Modifier::BOLD),
                ),
            ]
        })
        .collect();
    let agents = agents_line(app, tile, usize::MAX)
        .spans
        .into_iter()
        .filter(|s| !s.content.trim().is_empty())
        .map(|s| vec![s])
        .collect();
    (items, agents)
}

fn item_width(item: &[Span]) -> usize {
    item.iter().map(Span::width).sum()
}

/// How many lines `items` take flowed into `width` columns (two spaces between items).
fn flow_rows(items: &[Vec<Span>], width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for it in items {
        let w = item_width(it);
        if used > 0 && used + 2 + w > width {
            rows += 1;
            used = 0;
        }
        used += if used > 0 { 2 } else { 0 } + w;
    }
    rows
}

/// `items` flowed into lines of `width` columns.
fn flow<'a>(items: &[Vec<Span<'a>>], width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut line: Vec<Span> = Vec::new();
    let mut used = 0;
    for it in items {
        let w = item_width(it);
        if used > 0 && used + 2 + w > width {
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        if used > 0 {
            line.push(Span::raw("  "));
            used += 2;
        }
        line.extend(it.iter().cloned());
        used += w;
    }
    lines.push(Line::from(line));
    lines
}

/// One line per group, when not even small tiles fit.
fn draw_lines(frame: &mut Frame, area: Rect, app: &App, tiles: &[Tile], multi: bool) {
    let th = &app.theme;
    let rows = area.height as usize;
    let shown = if tiles.len() > rows {
        rows.saturating_sub(1)
    } else {
        tiles.len()
    };
    let name_w = (area.width as usize / 3).clamp(6, 24);
    let mut lines: Vec<Line> = tiles
        .iter()
        .take(shown)
        .map(|tile| {
            let figs = figures(tile);
            let head = if tile.alerted { th.error() } else { th.title() };
            let mut spans = vec![Span::styled(
                pad(title(tile, multi).trim(), name_w),
                head.add_modifier(Modifier::BOLD),
            )];
            for (i, f) in figs.iter().enumerate() {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(
                    super::pad_left(f, 5),
                    style(th, tile, i, app).add_modifier(Modifier::BOLD),
                ));
            }
            spans.push(Span::raw("  "));
            spans.extend(agents_line(app, tile, area.width as usize).spans);
            Line::from(spans)
        })
        .collect();
    if shown < tiles.len() {
        lines.push(Line::from(Span::styled(
            tf(
                app.lang,
                "wall-more",
                &[("n", (tiles.len() - shown).into())],
            ),
            th.muted(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Draws the wallboard over `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let tiles = app.wall_tiles();
    if area.height == 0 || area.width == 0 {
        return;
    }
    // The first line: the title, the clock and how to leave.
    let [top, body] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Min(0),
    ])
    .areas(area);
    let mut head = vec![
        Span::styled(format!(" {} ", t(app.lang, "wall-title")), th.title()),
        Span::styled(
            format!(" {}", super::clock(app.now, app.utc_offset_secs)),
            th.accent(),
        ),
    ];
    if !app.filter.is_empty() {
        head.push(Span::styled(
            format!(
                "  {}",
                tf(
                    app.lang,
                    "header-filter",
                    &[("filter", app.filter.text().into())]
                )
            ),
            th.accent(),
        ));
    }
    head.push(Span::styled(
        format!("  {}", t(app.lang, "wall-keys")),
        th.muted(),
    ));
    frame.render_widget(Paragraph::new(Line::from(head)), top);
    if tiles.is_empty() {
        let text = if app.backends.iter().any(|b| b.has_queue_figures()) {
            t(app.lang, "wall-no-groups")
        } else {
            t(app.lang, "wall-waiting-for-data")
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), th.muted())),
            body,
        );
        return;
    }
    let multi = app.backends.len() > 1;
    let (cols, rows, level) = layout(app, &tiles, body);
    if level == Level::Line {
        draw_lines(frame, body, app, &tiles, multi);
        return;
    }
    let (w, h) = (body.width / cols, body.height / rows.max(1));
    for (i, tile) in tiles.iter().enumerate() {
        let (c, r) = (i as u16 % cols, i as u16 / cols);
        // The last column and row take what the division left over.
        let width = if c + 1 == cols { body.width - c * w } else { w };
        let height = if r + 1 == rows {
            body.height - r * h
        } else {
            h
        };
        let rect = Rect {
            x: body.x + c * w,
            y: body.y + r * h,
            width,
            height,
        };
        draw_tile(frame, rect, app, tile, level, multi);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(waiting: Option<u64>) -> Tile {
        Tile {
            name: "Sales".into(),
            waiting,
            longest: Some(65),
            ..Tile::default()
        }
    }

    #[test]
    fn unknown_figures_are_dashes_never_zero() {
        let f = figures(&Tile::default());
        assert_eq!(f, ["–", "–", "–"]);
        assert_eq!(figures(&tile(Some(3)))[1], "1:05");
    }
}
