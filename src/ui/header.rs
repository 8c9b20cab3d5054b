//! The header: per backend its health and data age, the state distribution, queue figures, the
//! READ-ONLY badge, the view tabs, filter and sort.

use super::fit;
use crate::app::{App, View};
use crate::backend::Health;
use crate::duration::{compact as duration, compact_or_unknown};
use crate::model::StateKey;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut lines = Vec::with_capacity(4);

    // 1: backends.
    let mut spans = vec![Span::styled(" callboard ", t.title())];
    for b in &app.backends {
        let age = b
            .status
            .last_ok
            .map(|ok| duration(((app.now - ok).max(0) / 1000) as u64));
        let stale = b.status.last_ok.is_some_and(|ok| {
            let limit = 3 * 60_000;
            app.now - ok > limit
        });
        let (dot, word, style) = match &b.status.health {
            Health::Connecting => ("○", "connecting".to_string(), t.muted()),
            Health::Retrying {
                attempt,
                last_error,
            } => (
                "○",
                format!(
                    "connecting… (attempt {attempt}, last error: {})",
                    fit(last_error, 40)
                ),
                t.warn(),
            ),
            Health::AuthFailed { reason } => (
                "✖",
                format!("sign-in refused: {}", fit(reason, 40)),
                t.error(),
            ),
            Health::Connected if stale => ("◌", "stale".to_string(), t.warn()),
            Health::Connected => ("●", "connected".to_string(), t.ok()),
            Health::Degraded { reason } => {
                ("◐", format!("degraded: {}", fit(reason, 30)), t.warn())
            }
            Health::Down { reason } => ("✖", format!("stale: {}", fit(reason, 30)), t.error()),
        };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(b.name.to_string(), t.accent()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{dot} {word}"), style));
        if let Some(age) = age {
            spans.push(Span::styled(format!(" {age} ago"), t.muted()));
        }
        if b.status.insecure_tls {
            spans.push(Span::styled(" TLS UNVERIFIED", t.error()));
        }
    }
    lines.push(Line::from(spans));

    // 2: distribution.
    let d = app.distribution();
    let mut spans = vec![Span::raw(" ")];
    // Every display state in order; dialing, supervising and signing in only when someone is.
    for state in StateKey::ALL {
        let n = d.count(state);
        let style = t.state(state);
        if n == 0
            && matches!(
                state,
                StateKey::Dialing | StateKey::Supervising | StateKey::SigningIn
            )
        {
            continue;
        }
        spans.push(Span::styled(format!("{} ", state.label()), style));
        let count = if state == StateKey::Offline {
            style
        } else {
            style.add_modifier(Modifier::BOLD)
        };
        spans.push(Span::styled(format!("{n}  "), count));
    }
    let breaks: Vec<String> = d
        .breaks
        .iter()
        .map(|(code, n)| format!("{} {n}", if code.is_empty() { "?" } else { code }))
        .collect();
    if !breaks.is_empty() {
        spans.push(Span::styled(
            format!("({})  ", fit(&breaks.join(" "), 36)),
            t.state(StateKey::Break),
        ));
    }
    if d.stale > 0 {
        spans.push(Span::styled(format!("Stale {}", d.stale), t.stale()));
    }
    lines.push(Line::from(spans));

    // 3: queues.
    let (waiting, longest) = app.queue_totals();
    let mut spans = vec![
        Span::styled(" Queues ", t.muted()),
        Span::styled(
            format!("waiting {waiting}"),
            if waiting > 0 { t.warn() } else { t.text() },
        ),
        Span::styled(
            format!("  longest {}", compact_or_unknown(longest)),
            if longest.unwrap_or(0) >= 60 {
                t.warn()
            } else {
                t.text()
            },
        ),
    ];
    for b in &app.backends {
        let w: u64 = b.queues.iter().map(|q| q.waiting).sum();
        let l = crate::backend::longest_of(&b.queues);
        spans.push(Span::styled(
            format!("   {} {w} / {}", b.name, compact_or_unknown(l)),
            t.muted(),
        ));
    }
    lines.push(Line::from(spans));

    // 4: tabs, filter, sort, count.
    let mut spans = vec![Span::raw(" ")];
    for v in View::ALL {
        let style = if v == app.view {
            t.selected().add_modifier(Modifier::BOLD)
        } else {
            t.muted()
        };
        spans.push(Span::styled(format!(" {} ", v.title()), style));
        spans.push(Span::raw(" "));
    }
    if let Some(b) = &app.backend_scope {
        spans.push(Span::styled(format!("  backend: {b}"), t.accent()));
    }
    if !app.filter.is_empty() {
        spans.push(Span::styled(
            format!("  filter: {}", app.filter.text()),
            t.accent(),
        ));
    }
    if let Some(c) = app.sort.column {
        let arrow = if app.sort.reverse { "↓" } else { "↑" };
        spans.push(Span::styled(
            format!("  sort: {} {arrow}", c.title()),
            t.accent(),
        ));
    }
    spans.push(Span::styled(
        format!("  {} of {} agents", app.visible.len(), app.roster.len()),
        t.muted(),
    ));
    lines.push(Line::from(spans));

    frame.render_widget(Paragraph::new(lines), area);
    if app.readonly {
        let badge = " READ-ONLY ";
        let w = badge.len() as u16;
        if area.width > w + 1 {
            let r = Rect {
                x: area.x + area.width - w - 1,
                y: area.y,
                width: w,
                height: 1,
            };
            frame.render_widget(
                Paragraph::new(Span::styled(badge, t.readonly())).alignment(Alignment::Right),
                r,
            );
        }
    }
}
