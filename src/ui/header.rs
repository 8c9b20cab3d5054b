//! The header: per backend its health and data age, the state distribution (every agent counted
//! once: fresh ones by state, then the stale and the not-yet-reported), queue figures (marked
//! stale when they come from a stale backend), the READ-ONLY badge, the view tabs, filter and
//! sort. Each line gives up detail, not words, when the terminal is narrow.

use super::fit;
use crate::app::health::QueueTrust;
use crate::app::labels::view_label;
use crate::app::{App, BackendView, View};
use crate::backend::Health;
use crate::duration::{compact_in, compact_or_unknown_in};
use crate::i18n::{t, tf, Lang};
use crate::model::{Freshness, StateKey};
use crate::theme::Theme;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

fn width(spans: &[Span]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// How much of a backend's health the first line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// State, reason (cut to this many columns) and `data 3s old`.
    Full(usize),
    /// State and `3s old`.
    Short,
    /// The dot and the age.
    Least,
}

/// The vendor's reason without a leading `backend NAME: ` (the name is already on the line).
fn reason<'a>(reason: &'a str, name: &str) -> &'a str {
    reason
        .strip_prefix("backend ")
        .and_then(|r| r.strip_prefix(name))
        .and_then(|r| r.strip_prefix(": "))
        .unwrap_or(reason)
}

fn backend_spans<'a>(
    b: &BackendView,
    now: i64,
    th: &Theme,
    lang: Lang,
    detail: Detail,
) -> Vec<Span<'a>> {
    let (full, room) = match detail {
        Detail::Full(room) => (true, room),
        _ => (false, 0),
    };
    let why = |r: &str, max: usize| {
        if full {
            tf(
                lang,
                "health-why",
                &[("reason", fit(reason(r, &b.name), max.min(room)).into())],
            )
        } else {
            String::new()
        }
    };
    let (dot, word, style) = match &b.status.health {
        Health::Connecting => ("○", t(lang, "health-connecting"), th.muted()),
        Health::Retrying {
            attempt,
            last_error,
        } => (
            "○",
            if full {
                tf(
                    lang,
                    "health-retrying-why",
                    &[
                        ("attempt", (*attempt).into()),
                        (
                            "error",
                            fit(reason(last_error, &b.name), room.min(40)).into(),
                        ),
                    ],
                )
            } else {
                tf(lang, "health-retrying", &[("attempt", (*attempt).into())])
            },
            th.warn(),
        ),
        Health::AuthFailed { reason } => (
            "✖",
            format!("{}{}", t(lang, "health-refused"), why(reason, 40)),
            th.error(),
        ),
        Health::Connected if b.is_late(now) => (
            "◌",
            if full {
                t(lang, "health-late")
            } else {
                t(lang, "health-stale")
            },
            th.warn(),
        ),
        Health::Connected => ("●", t(lang, "health-connected"), th.ok()),
        Health::Degraded { reason } => (
            "◐",
            format!("{}{}", t(lang, "health-degraded"), why(reason, 30)),
            th.warn(),
        ),
        Health::Down { reason } => (
            "✖",
            format!("{}{}", t(lang, "health-stale"), why(reason, 30)),
            th.error(),
        ),
    };
    let mut spans = vec![
        Span::styled(b.name.to_string(), th.accent()),
        Span::raw(" "),
    ];
    let age = b.data_age_secs(now).map(|s| compact_in(s, lang));
    match detail {
        Detail::Least => {
            spans.push(Span::styled(dot.to_string(), style));
            if let Some(age) = age {
                spans.push(Span::styled(format!(" {age}"), th.muted()));
            }
        }
        _ => {
            spans.push(Span::styled(format!("{dot} {word}"), style));
            if let Some(age) = age {
                let id = if full {
                    "header-data-age"
                } else {
                    "header-age"
                };
                let text = format!(" · {}", tf(lang, id, &[("age", age.into())]));
                spans.push(Span::styled(text, th.muted()));
            }
        }
    }
    if b.status.insecure_tls {
        spans.push(Span::styled(
            format!(" {}", t(lang, "header-tls-unverified")),
            th.error(),
        ));
    }
    spans
}

/// Line 1: the backends, as detailed as fits: reasons cut shorter first (down to 8 columns), then
/// without reasons, then dots and ages only.
fn backends_line<'a>(app: &App, room: usize) -> Line<'a> {
    let t = &app.theme;
    let mut best = Vec::new();
    let levels = (8..=40)
        .rev()
        .map(Detail::Full)
        .chain([Detail::Short, Detail::Least]);
    for detail in levels {
        let mut spans = vec![Span::styled(" callboard ", t.title())];
        for b in &app.backends {
            spans.push(Span::raw("  "));
            spans.extend(backend_spans(b, app.now, t, app.lang, detail));
        }
        let fits = width(&spans) <= room;
        best = spans;
        if fits {
            break;
        }
    }
    Line::from(best)
}

/// How the distribution line saves room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Squeeze {
    None,
    /// Empty fresh states left out.
    NoZeros,
    /// And one space between entries.
    Tight,
}

/// Line 2: the distribution; every agent counted once, so the figures add up to the roster.
fn distribution_line<'a>(app: &App, room: usize) -> Line<'a> {
    let t = &app.theme;
    let d = app.distribution();
    let entries = |squeeze: Squeeze| {
        let gap = if squeeze == Squeeze::Tight { " " } else { "  " };
        let mut spans = vec![Span::raw(" ")];
        let mut push = |label: &str, n: usize, style: Style, bold: bool| {
            spans.push(Span::styled(format!("{label} "), style));
            let count = if bold {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            spans.push(Span::styled(n.to_string(), count));
            spans.push(Span::raw(gap));
        };
        // Every display state in order; dialing, supervising and signing in only when someone is.
        for state in StateKey::ALL {
            let n = d.count(state);
            let rare = matches!(
                state,
                StateKey::Dialing | StateKey::Supervising | StateKey::SigningIn
            );
            if n == 0 && (rare || squeeze != Squeeze::None) {
                continue;
            }
            push(
                &state.label_in(app.lang),
                n,
                t.state(state),
                state != StateKey::Offline,
            );
        }
        if d.stale > 0 {
            let stale = Freshness::Stale.message_id().unwrap_or("state-stale");
            push(&crate::i18n::t(app.lang, stale), d.stale, t.stale(), true);
        }
        if d.unknown > 0 {
            push(
                &crate::i18n::t(app.lang, "header-no-data"),
                d.unknown,
                t.stale(),
                false,
            );
        }
        spans
    };
    let mut spans = Vec::new();
    for squeeze in [Squeeze::None, Squeeze::NoZeros, Squeeze::Tight] {
        spans = entries(squeeze);
        if width(&spans) <= room {
            break;
        }
    }
    // Breaks by their labels (the code when the vendor gave none; one label shared by two
    // vendors' codes counted once), most taken first, in what room is left.
    let mut by_label: Vec<(String, usize)> = Vec::new();
    for (code, (label, n)) in &d.breaks {
        let name = if !label.is_empty() {
            label.as_str()
        } else if !code.is_empty() {
            code.as_str()
        } else {
            "?"
        };
        match by_label
            .iter_mut()
            .find(|(l, _)| l.eq_ignore_ascii_case(name))
        {
            Some((_, total)) => *total += n,
            None => by_label.push((name.to_string(), *n)),
        }
    }
    by_label.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let breaks: Vec<String> = by_label
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    // The parentheses around the breaks take two columns, or four when full-width (Chinese).
    let parens = unicode_width::UnicodeWidthStr::width(
        crate::i18n::tf(app.lang, "header-breaks", &[("breaks", "".into())]).as_str(),
    );
    let left = room.saturating_sub(width(&spans) + parens);
    if !breaks.is_empty() && left >= 8 {
        spans.push(Span::styled(
            crate::i18n::tf(
                app.lang,
                "header-breaks",
                &[("breaks", fit(&breaks.join(" · "), left).into())],
            ),
            t.state(StateKey::Break),
        ));
    }
    Line::from(spans)
}

/// Line 3: the queues, totals and per backend, stale figures marked.
fn queues_line<'a>(app: &App, room: usize) -> Line<'a> {
    let th = &app.theme;
    let lang = app.lang;
    let (waiting, longest, trust) = app.queue_summary();
    let stale_total = matches!(trust, QueueTrust::Stale | QueueTrust::PartlyStale);
    let style = |warn: bool| {
        if stale_total {
            th.stale()
        } else if warn {
            th.warn()
        } else {
            th.text()
        }
    };
    let mut spans = vec![Span::styled(
        format!(" {} ", t(lang, "header-queues")),
        th.muted(),
    )];
    if trust == QueueTrust::Unknown {
        spans.push(Span::styled(
            format!(
                "{}  {}",
                tf(lang, "header-waiting", &[("n", "–".into())]),
                tf(lang, "header-longest", &[("wait", "–".into())])
            ),
            th.muted(),
        ));
    } else {
        spans.push(Span::styled(
            tf(lang, "header-waiting", &[("n", waiting.to_string().into())]),
            style(waiting > 0),
        ));
        spans.push(Span::styled(
            format!(
                "  {}",
                tf(
                    lang,
                    "header-longest",
                    &[("wait", compact_or_unknown_in(longest, lang).into())]
                )
            ),
            style(longest.unwrap_or(0) >= 60),
        ));
    }
    match trust {
        QueueTrust::Stale => spans.push(Span::styled(
            format!(" {}", t(lang, "header-queues-stale")),
            th.stale(),
        )),
        QueueTrust::PartlyStale => spans.push(Span::styled(
            format!(" {}", t(lang, "header-queues-part-stale")),
            th.stale(),
        )),
        _ => {}
    }
    for b in app
        .backends
        .iter()
        .filter(|b| app.backend_scope.as_deref().is_none_or(|s| s == &*b.name))
    {
        let mut part = vec![Span::styled(format!("  {} ", b.name), th.muted())];
        if !b.has_queue_figures() {
            part.push(Span::styled("– / –", th.muted()));
        } else {
            let (w, l) = b.queue_figures();
            let stale = b.is_stale(app.now);
            let s = if stale { th.stale() } else { th.muted() };
            part.push(Span::styled(
                format!("{w} / {}", compact_or_unknown_in(l, lang)),
                s,
            ));
            // When every backend is stale the totals say so once.
            if stale && trust != QueueTrust::Stale {
                part.push(Span::styled(
                    format!(" {}", t(lang, "header-backend-stale")),
                    th.stale(),
                ));
            }
        }
        if width(&spans) + width(&part) > room {
            break;
        }
        spans.extend(part);
        // The backend's waiting calls over the last points, where the line has room.
        if let Some(trend) = super::trends::header_trend(app, &b.name, room - width(&spans)) {
            spans.push(Span::styled(trend, th.muted()));
        }
    }
    Line::from(spans)
}

/// Line 4: tabs, scope, filter in force, sort and the row count.
fn views_line<'a>(app: &App) -> Line<'a> {
    let th = &app.theme;
    let lang = app.lang;
    let mut spans = vec![Span::raw(" ")];
    for v in View::ALL {
        let style = if v == app.view {
            th.selected().add_modifier(Modifier::BOLD)
        } else {
            th.muted()
        };
        spans.push(Span::styled(format!(" {} ", view_label(v, lang)), style));
        spans.push(Span::raw(" "));
    }
    if let Some(b) = &app.backend_scope {
        spans.push(Span::styled(
            format!("  {}", tf(lang, "header-scope", &[("backend", b.into())])),
            th.accent(),
        ));
    }
    if !app.filter.is_empty() {
        spans.push(Span::styled(
            format!(
                "  {}",
                tf(
                    lang,
                    "header-filter",
                    &[("filter", app.filter.text().into())]
                )
            ),
            th.accent(),
        ));
    }
    if let Some(c) = app.sort.column {
        spans.push(Span::styled(
            format!(
                "  {}",
                tf(
                    lang,
                    "header-sort",
                    &[
                        ("column", c.title_in(lang).into()),
                        ("arrow", app.sort.arrow().into())
                    ]
                )
            ),
            th.accent(),
        ));
    }
    spans.push(Span::styled(
        format!(
            "  {}",
            tf(
                lang,
                "header-rows",
                &[
                    ("shown", app.visible.len().into()),
                    ("total", app.roster.len().into())
                ]
            )
        ),
        th.muted(),
    ));
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let room = area.width as usize;
    let badge_text = format!(" {} ", t(app.lang, "header-readonly"));
    let badge_w = unicode_width::UnicodeWidthStr::width(badge_text.as_str());
    let badge = if app.readonly && room > badge_w + 1 {
        badge_w + 1
    } else {
        0
    };
    let lines = vec![
        backends_line(app, room.saturating_sub(badge)),
        distribution_line(app, room),
        queues_line(app, room),
        views_line(app),
    ];
    frame.render_widget(Paragraph::new(lines), area);
    if badge > 0 {
        let w = badge_w as u16;
        let r = Rect {
            x: area.x + area.width - w - 1,
            y: area.y,
            width: w,
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(Span::styled(badge_text, th.readonly())).alignment(Alignment::Right),
            r,
        );
    }
}
