//! The detail pane of the selected agent: every field, the vendor's raw codes, skill groups with
//! levels, the current call and the agent's recent events.

use super::{clock, fit};
use crate::app::attention::alert;
use crate::app::App;
use crate::duration::compact as duration;
use crate::model::StateKey;
use crate::model::{Agent, Freshness};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

fn field<'a>(label: &'a str, value: String, style: Style, app: &App) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<10}"), app.theme.muted()),
        Span::styled(value, style),
    ])
}

fn lines<'a>(a: &'a Agent, app: &'a App, width: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let state = StateKey::of(a);
    let kind = app
        .backend(&a.backend)
        .map(|b| b.kind.to_string())
        .unwrap_or_default();
    let mut out = vec![
        Line::from(Span::styled(
            fit(
                &if a.name.is_empty() {
                    a.id.clone()
                } else {
                    a.name.clone()
                },
                width,
            ),
            t.title(),
        )),
        field("Agent", a.id.clone(), t.text(), app),
        field("Backend", format!("{} ({kind})", a.backend), t.text(), app),
        field(
            "State",
            format!("{} ({:?} / {:?})", state.label(), a.presence, a.activity),
            t.state(state),
            app,
        ),
    ];
    if let Some(r) = &a.reason {
        let planned = r
            .planned_secs
            .map(|p| format!(", planned {}", duration(p)))
            .unwrap_or_default();
        out.push(field(
            "Reason",
            format!("{} · {} ({:?}{planned})", r.code, r.label, r.category),
            t.text(),
            app,
        ));
    }
    if let Some(e) = app.last_action(&a.backend, &a.id) {
        let style = match e.level {
            crate::backend::LogLevel::Info => t.ok(),
            crate::backend::LogLevel::Warn => t.warn(),
            crate::backend::LogLevel::Error => t.error(),
        };
        out.push(field(
            "Action",
            format!("{} {}", clock(e.at, app.utc_offset_secs), e.text),
            style,
            app,
        ));
    }
    let in_state = match (a.secs_in_state(app.now), a.since) {
        (Some(s), Some(since)) => format!(
            "{} since {}",
            duration(s),
            clock(since, app.utc_offset_secs)
        ),
        _ => "unknown".to_string(),
    };
    out.push(field("In state", in_state, t.text(), app));
    if let Some(w) = alert(a, app.now, app.thresholds(&a.backend)) {
        out.push(field("Attention", w.describe(), t.alert(), app));
    }
    let seen = a
        .last_seen
        .map(|s| {
            format!(
                ", seen {} ago",
                duration(((app.now - s).max(0) / 1000) as u64)
            )
        })
        .unwrap_or_default();
    let fresh = match a.freshness {
        Freshness::Fresh => "fresh",
        Freshness::Stale => "STALE (last known)",
        Freshness::Unknown => "unknown (no data yet)",
    };
    out.push(field(
        "Data",
        format!("{fresh}{seen}"),
        if a.freshness == Freshness::Fresh {
            t.text()
        } else {
            t.stale()
        },
        app,
    ));
    let f = a.flags;
    let flags: Vec<&str> = [
        (f.hold, "hold"),
        (f.mute, "mute"),
        (f.monitored, "monitored"),
        (f.coached, "coached"),
        (f.outbound_only, "outbound-only"),
        (f.pending_next, "pending next state"),
        (f.in_ivr, "in IVR"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| *n)
    .collect();
    out.push(field(
        "Flags",
        if flags.is_empty() {
            "–".into()
        } else {
            flags.join(", ")
        },
        t.text(),
        app,
    ));
    out.push(field(
        "Extension",
        if a.extension.is_empty() {
            "–".into()
        } else {
            a.extension.clone()
        },
        t.text(),
        app,
    ));
    if let Some(m) = &a.work_mode {
        out.push(field("Work mode", m.clone(), t.text(), app));
    }
    out.push(field(
        "Call",
        a.call_id.clone().unwrap_or_else(|| "–".into()),
        t.text(),
        app,
    ));
    out.push(Line::from(Span::styled("Raw codes", t.accent())));
    out.push(field("  state", a.raw.state.clone(), t.text(), app));
    if let Some(s) = &a.raw.sub_state {
        out.push(field("  sub", s.clone(), t.text(), app));
    }
    for (k, v) in &a.raw.extra {
        out.push(field("  ", format!("{k} = {v}"), t.text(), app));
    }
    out.push(Line::from(Span::styled(
        format!("Skill groups ({})", a.skills.len()),
        t.accent(),
    )));
    for s in &a.skills {
        let level = s.level.map(|l| format!(" L{l}")).unwrap_or_default();
        let signed = if s.signed { " signed" } else { "" };
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(&s.name, 18), t.text()),
            Span::styled(format!(" {}{level}{signed}", s.id), t.muted()),
        ]));
    }
    out.push(Line::from(Span::styled("Recent events", t.accent())));
    let events = app.agent_events(&a.backend, &a.id, 8);
    if events.is_empty() {
        out.push(Line::from(Span::styled("  none yet", t.muted())));
    }
    for e in events {
        out.push(Line::from(vec![
            Span::styled(
                format!("  {} ", clock(e.at, app.utc_offset_secs)),
                t.muted(),
            ),
            Span::styled(e.text.clone(), t.text()),
        ]));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let inner = super::panel(frame, area, "Detail", t);
    let Some(a) = app.selected_agent() else {
        frame.render_widget(
            Paragraph::new(Span::styled("no agent selected", t.muted())),
            inner,
        );
        return;
    };
    let text = lines(a, app, inner.width as usize);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}
