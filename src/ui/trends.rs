//! The Trends view: per backend the agents by state over time, and per skill group its waiting
//! calls, longest wait and service level over time, as ratatui sparklines with the latest value
//! beside each. Unknown points are drawn `–`.

use super::{fit, pad, pad_left};
use crate::app::history::{tail, BackendSeries, Fig, Point};
use crate::app::labels::view_label;
use crate::app::{App, View};
use crate::duration::compact_or_unknown_in;
use crate::i18n::{t, tf};
use crate::model::StateKey;
use crate::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

/// Columns of the label before a sparkline and of the value after it.
const LABEL: u16 = 11;
const VALUE: u16 = 7;

/// Draws one sparkline row: label, sparkline (last `width` points), latest value.
#[allow(clippy::too_many_arguments)]
fn spark_row(
    frame: &mut Frame,
    area: Rect,
    th: &Theme,
    label: &str,
    values: &[Option<u64>],
    max: Option<u64>,
    now: String,
    style: Style,
) {
    if area.width < LABEL + VALUE + 2 || area.height == 0 {
        return;
    }
    let [l, s, v] = Layout::horizontal([
        Constraint::Length(LABEL),
        Constraint::Min(1),
        Constraint::Length(VALUE),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(pad(label, LABEL as usize - 1), th.muted())),
        l,
    );
    let skip = values.len().saturating_sub(s.width as usize);
    let mut spark = Sparkline::default()
        .data(values[skip..].iter().copied())
        .style(style)
        .absent_value_symbol("–")
        .absent_value_style(th.muted());
    if let Some(m) = max {
        spark = spark.max(m.max(1));
    }
    frame.render_widget(spark, s);
    frame.render_widget(
        Paragraph::new(Span::styled(pad_left(&now, VALUE as usize), style)),
        v,
    );
}

fn fmt_count(v: Option<u64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

/// One backend's agents by state.
fn draw_states(frame: &mut Frame, area: Rect, app: &App, b: &BackendSeries) {
    let th = &app.theme;
    let lang = app.lang;
    let head = Line::from(vec![
        Span::styled(b.name.clone(), th.accent()),
        Span::styled(
            format!(
                "  {}",
                tf(
                    lang,
                    "trends-points",
                    &[
                        ("points", b.times.len().into()),
                        ("interval", (app.shift.history.interval_ms / 1000).into())
                    ]
                )
            ),
            th.muted(),
        ),
    ]);
    frame.render_widget(Paragraph::new(head), Rect { height: 1, ..area });
    let n = area.width as usize;
    for (i, state) in StateKey::SUMMARY.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.bottom() {
            break;
        }
        let values = b.totals_tail(n, |p: &Point| p.states[i]);
        // Each state scaled to its own highest: its shape shows, its value is beside it.
        draw_row_state(
            frame,
            Rect {
                y,
                height: 1,
                ..area
            },
            app,
            *state,
            &values,
            None,
        );
    }
}

fn draw_row_state(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    state: StateKey,
    values: &[Option<u64>],
    max: Option<u64>,
) {
    let now = fmt_count(values.last().copied().flatten());
    spark_row(
        frame,
        area,
        &app.theme,
        &state.label_in(app.lang),
        values,
        max,
        now,
        app.theme.state(state),
    );
}

/// The queues' part: a row per group with three sparklines.
fn draw_groups(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let lang = app.lang;
    let name_w: u16 = (area.width / 5).clamp(14, 30);
    let rest = area.width.saturating_sub(name_w);
    let col = rest / 3;
    let heads = [
        t(lang, "trends-waiting"),
        t(lang, "trends-longest"),
        t(lang, "trends-sl"),
    ];
    let mut head = vec![Span::styled(
        pad(&t(lang, "trends-group"), name_w as usize),
        th.table_header(),
    )];
    for h in &heads {
        head.push(Span::styled(pad(h, col as usize), th.table_header()));
    }
    frame.render_widget(Paragraph::new(Line::from(head)), Rect { height: 1, ..area });
    let mut rows: Vec<(&BackendSeries, &str, &crate::app::history::GroupSeries)> = Vec::new();
    for b in &app.shift.history.backends {
        if app.backend_scope.as_deref().is_some_and(|s| s != b.name) {
            continue;
        }
        for (id, g) in &b.groups {
            rows.push((b, id.as_str(), g));
        }
    }
    let fit_rows = area.height.saturating_sub(1) as usize;
    let start = app
        .shift
        .trends_offset
        .min(rows.len().saturating_sub(fit_rows.max(1)));
    let multi = app.shift.history.backends.len() > 1;
    for (row, (b, id, g)) in rows.iter().skip(start).take(fit_rows).enumerate() {
        let y = area.y + 1 + row as u16;
        let alerted = app.shift.alerts.queue_alerted(&b.name, id);
        let name = if g.name.is_empty() {
            *id
        } else {
            g.name.as_str()
        };
        let label = match (alerted, multi) {
            (true, true) => format!("!{name} ({})", b.name),
            (true, false) => format!("!{name}"),
            (false, true) => format!("{name} ({})", b.name),
            (false, false) => name.to_string(),
        };
        let style = if alerted { th.error() } else { th.text() };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&label, name_w as usize - 1), style)),
            Rect {
                x: area.x,
                y,
                width: name_w,
                height: 1,
            },
        );
        let cell = |i: u16| Rect {
            x: area.x + name_w + i * col,
            y,
            width: col.saturating_sub(1),
            height: 1,
        };
        let n = col as usize;
        let series = |f: fn(&Point) -> Fig| tail(&g.points, n, f);
        let waiting = series(|p| p.waiting);
        let longest = series(|p| p.longest);
        let sl = series(|p| p.sl_permille);
        let last = |v: &[Option<u64>]| v.last().copied().flatten();
        spark_cell(
            frame,
            cell(0),
            th,
            &waiting,
            None,
            fmt_count(last(&waiting)),
            th.warn(),
        );
        spark_cell(
            frame,
            cell(1),
            th,
            &longest,
            None,
            compact_or_unknown_in(last(&longest), lang),
            th.warn(),
        );
        spark_cell(
            frame,
            cell(2),
            th,
            &sl,
            Some(1000),
            last(&sl).map_or_else(|| "–".to_string(), |p| format!("{:.0}%", p as f64 / 10.0)),
            th.ok(),
        );
    }
}

/// A sparkline with its latest value at the right, no label.
fn spark_cell(
    frame: &mut Frame,
    area: Rect,
    th: &Theme,
    values: &[Option<u64>],
    max: Option<u64>,
    now: String,
    style: Style,
) {
    if area.width < VALUE + 2 {
        frame.render_widget(Paragraph::new(Span::styled(now, style)), area);
        return;
    }
    let [s, v] = Layout::horizontal([Constraint::Min(1), Constraint::Length(VALUE)]).areas(area);
    let skip = values.len().saturating_sub(s.width as usize);
    let mut spark = Sparkline::default()
        .data(values[skip..].iter().copied())
        .style(style)
        .absent_value_symbol("–")
        .absent_value_style(th.muted());
    if let Some(m) = max {
        spark = spark.max(m);
    }
    frame.render_widget(spark, s);
    frame.render_widget(
        Paragraph::new(Span::styled(pad_left(&now, VALUE as usize), style)),
        v,
    );
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let inner = super::panel(frame, area, &view_label(View::Trends, app.lang), th);
    let history = &app.shift.history;
    let backends: Vec<&BackendSeries> = history
        .backends
        .iter()
        .filter(|b| app.backend_scope.as_deref().is_none_or(|s| s == b.name))
        .collect();
    if backends.iter().all(|b| b.times.is_empty()) {
        let text = tf(
            app.lang,
            "trends-empty",
            &[("interval", (history.interval_ms / 1000).into())],
        );
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), th.muted())),
            inner,
        );
        return;
    }
    let states_h = (StateKey::SUMMARY.len() as u16 + 1).min(inner.height / 2);
    let [top, gap, bottom] = Layout::vertical([
        Constraint::Length(states_h),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let _ = gap;
    // Backends side by side when wide enough, else the first ones that fit, stacked.
    let side = inner.width as usize / backends.len().max(1) >= 40;
    if side {
        let parts = Layout::horizontal(vec![
            Constraint::Ratio(1, backends.len().max(1) as u32);
            backends.len()
        ])
        .split(top);
        for (b, r) in backends.iter().zip(parts.iter()) {
            draw_states(
                frame,
                Rect {
                    width: r.width.saturating_sub(1),
                    ..*r
                },
                app,
                b,
            );
        }
    } else if let Some(b) = backends.first() {
        draw_states(frame, top, app, b);
    }
    draw_groups(frame, bottom, app);
}

/// The header's trend of a backend's waiting calls (` ▁▂▅`, up to 12 points) when at least two
/// points are recorded and it fits in `room` columns.
pub fn header_trend(app: &App, backend: &str, room: usize) -> Option<String> {
    let b = app.shift.history.backend(backend)?;
    if b.times.len() < 2 || room < 6 {
        return None;
    }
    let n = (room - 2).min(12);
    let values = b.totals_tail(n, |p| p.waiting);
    Some(format!(" {}", super::sparkline::text(&values, n, None)))
}
