//! The detail pane of the selected agent: every field, the vendor's raw codes (with the vendor's
//! own word for the state), skill groups with levels, the current call and the agent's recent
//! events. Field labels line up by display width in either language.

use super::{clock, fit, pad, widest};
use crate::app::attention::alert;
use crate::app::labels::{
    activity_label, alert_label, presence_label, vendor_label, vendor_state_label,
};
use crate::app::App;
use crate::duration::compact_in;
use crate::i18n::{t, tf, Lang};
use crate::model::StateKey;
use crate::model::{Agent, Freshness};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// The field labels of the pane (their widest sets the label column).
const LABELS: [&str; 15] = [
    "detail-agent",
    "detail-backend",
    "detail-state",
    "detail-reason",
    "detail-action",
    "detail-in-state",
    "detail-attention",
    "detail-data",
    "detail-flags",
    "detail-extension",
    "detail-work-mode",
    "detail-call",
    "detail-raw-state",
    "detail-raw-sub",
    "detail-raw-vendor",
];

/// Width of the label column: the widest label of `lang` and a space, at least 10.
fn label_width(lang: Lang) -> usize {
    (widest(LABELS.map(|id| t(lang, id))) + 1).max(10)
}

struct Fields<'a> {
    app: &'a App,
    label_w: usize,
    out: Vec<Line<'a>>,
}

impl<'a> Fields<'a> {
    fn push(&mut self, id: &str, value: String, style: Style) {
        self.push_labelled(&t(self.app.lang, id), value, style);
    }

    fn push_labelled(&mut self, label: &str, value: String, style: Style) {
        let label = pad(label, self.label_w);
        self.out.push(Line::from(vec![
            Span::styled(label, self.app.theme.muted()),
            Span::styled(value, style),
        ]));
    }

    fn heading(&mut self, text: String) {
        self.out
            .push(Line::from(Span::styled(text, self.app.theme.accent())));
    }
}

fn lines<'a>(a: &'a Agent, app: &'a App, width: usize) -> Vec<Line<'a>> {
    let t_ = &app.theme;
    let lang = app.lang;
    let state = StateKey::of(a);
    let kind = app.backend(&a.backend).map(|b| b.kind);
    let kind_name = kind.map(|k| vendor_label(k, lang)).unwrap_or_default();
    let name = if a.name.is_empty() {
        a.id.clone()
    } else {
        a.name.clone()
    };
    let mut f = Fields {
        app,
        label_w: label_width(lang),
        out: vec![Line::from(Span::styled(fit(&name, width), t_.title()))],
    };
    f.push("detail-agent", a.id.clone(), t_.text());
    f.push(
        "detail-backend",
        tf(
            lang,
            "detail-backend-value",
            &[
                ("backend", a.backend.to_string().into()),
                ("vendor", kind_name.as_str().into()),
            ],
        ),
        t_.text(),
    );
    f.push(
        "detail-state",
        tf(
            lang,
            "detail-state-value",
            &[
                ("state", state.label_in(lang).into()),
                ("presence", presence_label(a.presence, lang).into()),
                ("activity", activity_label(a.activity, lang).into()),
            ],
        ),
        t_.state(state),
    );
    if let Some(r) = &a.reason {
        let category = r.category.label_in(lang);
        let text = match r.planned_secs {
            Some(p) => tf(
                lang,
                "detail-reason-planned",
                &[
                    ("code", r.code.as_str().into()),
                    ("label", r.label.as_str().into()),
                    ("category", category.into()),
                    ("planned", compact_in(p, app.lang).into()),
                ],
            ),
            None => tf(
                lang,
                "detail-reason-value",
                &[
                    ("code", r.code.as_str().into()),
                    ("label", r.label.as_str().into()),
                    ("category", category.into()),
                ],
            ),
        };
        f.push("detail-reason", text, t_.text());
    }
    if let Some(e) = app.last_action(&a.backend, &a.id) {
        let style = match e.level {
            crate::backend::LogLevel::Info => t_.ok(),
            crate::backend::LogLevel::Warn => t_.warn(),
            crate::backend::LogLevel::Error => t_.error(),
        };
        f.push(
            "detail-action",
            format!("{} {}", clock(e.at, app.utc_offset_secs), e.text),
            style,
        );
    }
    let in_state = match (a.secs_in_state(app.now), a.since) {
        (Some(s), Some(since)) => tf(
            lang,
            "detail-in-state-since",
            &[
                ("time", compact_in(s, app.lang).into()),
                ("since", clock(since, app.utc_offset_secs).into()),
            ],
        ),
        _ => t(lang, "detail-unknown"),
    };
    f.push("detail-in-state", in_state, t_.text());
    if let Some(w) = alert(a, app.now, app.thresholds(&a.backend)) {
        f.push("detail-attention", alert_label(w, lang), t_.alert());
    }
    let fresh = t(
        lang,
        match a.freshness {
            Freshness::Fresh => "detail-fresh",
            Freshness::Stale => "detail-stale",
            Freshness::Unknown => "detail-no-data",
        },
    );
    let data = match a.last_seen {
        Some(s) => tf(
            lang,
            "detail-seen",
            &[
                ("fresh", fresh.into()),
                (
                    "ago",
                    compact_in(((app.now - s).max(0) / 1000) as u64, app.lang).into(),
                ),
            ],
        ),
        None => fresh,
    };
    let data_style = if a.freshness == Freshness::Fresh {
        t_.text()
    } else {
        t_.stale()
    };
    f.push("detail-data", data, data_style);
    let fl = a.flags;
    let flags: Vec<String> = [
        (fl.hold, "flag-hold"),
        (fl.mute, "flag-mute"),
        (fl.monitored, "flag-monitored"),
        (fl.coached, "flag-coached"),
        (fl.outbound_only, "flag-outbound-only"),
        (fl.pending_next, "flag-pending-next"),
        (fl.in_ivr, "flag-in-ivr"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, id)| t(lang, id))
    .collect();
    f.push(
        "detail-flags",
        if flags.is_empty() {
            "–".into()
        } else {
            flags.join(&t(lang, "detail-flag-separator"))
        },
        t_.text(),
    );
    f.push(
        "detail-extension",
        if a.extension.is_empty() {
            "–".into()
        } else {
            a.extension.clone()
        },
        t_.text(),
    );
    if let Some(m) = &a.work_mode {
        f.push("detail-work-mode", m.clone(), t_.text());
    }
    f.push(
        "detail-call",
        a.call_id.clone().unwrap_or_else(|| "–".into()),
        t_.text(),
    );
    f.heading(t(lang, "detail-raw-codes"));
    f.push("detail-raw-state", a.raw.state.clone(), t_.text());
    if let Some(s) = &a.raw.sub_state {
        f.push("detail-raw-sub", s.clone(), t_.text());
    }
    if let Some(word) = kind.and_then(|k| vendor_state_label(k, a, lang)) {
        f.push("detail-raw-vendor", word, t_.text());
    }
    for (k, v) in &a.raw.extra {
        let v = if app.mask_numbers && crate::text::is_number_field(k) {
            crate::text::mask_number(v)
        } else {
            v.clone()
        };
        f.push_labelled("", format!("{k} = {v}"), t_.text());
    }
    f.heading(tf(
        lang,
        "detail-skill-groups",
        &[("count", a.skills.len().into())],
    ));
    for s in &a.skills {
        let level = s.level.map(|l| format!(" L{l}")).unwrap_or_default();
        let signed = if s.signed {
            format!(" {}", t(lang, "detail-signed"))
        } else {
            String::new()
        };
        f.out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(&s.name, 18), t_.text()),
            Span::styled(format!(" {}{level}{signed}", s.id), t_.muted()),
        ]));
    }
    f.heading(t(lang, "detail-recent-events"));
    let events = app.agent_events(&a.backend, &a.id, 8);
    if events.is_empty() {
        f.out.push(Line::from(Span::styled(
            format!("  {}", t(lang, "detail-no-events")),
            t_.muted(),
        )));
    }
    for e in events {
        f.out.push(Line::from(vec![
            Span::styled(
                format!("  {} ", clock(e.at, app.utc_offset_secs)),
                t_.muted(),
            ),
            Span::styled(e.text.clone(), t_.text()),
        ]));
    }
    f.out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let inner = super::panel(frame, area, &t(app.lang, "detail-title"), th);
    let Some(a) = app.selected_agent() else {
        frame.render_widget(
            Paragraph::new(Span::styled(t(app.lang, "detail-no-agent"), th.muted())),
            inner,
        );
        return;
    };
    let text = lines(a, app, inner.width as usize);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}
