//! The footer: the filter or command prompt while typing (a filter that does not parse says why,
//! inline), otherwise the keys that apply now: as many whole ones as fit, and always `? help`.

use crate::app::dialog::Stage;
use crate::app::keymap::Action;
use crate::app::{App, Mode, View};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let prompt = match &app.mode {
        Mode::Filter(p) => Some((
            "/",
            &p.input,
            p.error.as_deref(),
            "  Enter keep · Esc clear",
        )),
        Mode::Command(input) => Some((":", input, None, "  Enter run · Esc cancel")),
        Mode::Normal => None,
    };
    if let Some((lead, input, error, hint)) = prompt {
        let mut spans = vec![
            Span::styled(lead, t.key()),
            Span::styled(input.value().to_string(), t.text()),
        ];
        match error {
            Some(e) => spans.push(Span::styled(format!("  ✗ {e}"), t.warn())),
            None => spans.push(Span::styled(hint, t.muted())),
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        let x = area.x + 1 + input.visual_cursor() as u16;
        if x < area.x + area.width && app.dialog.is_none() && !app.help {
            frame.set_cursor_position(Position::new(x, area.y));
        }
        return;
    }
    let km = &app.keymap;
    let mut keys: Vec<(String, &str)> = Vec::new();
    if let Some(d) = &app.dialog {
        keys = match d.stage {
            Stage::Confirm => vec![
                (d.confirm_keys().join("/").to_lowercase(), "confirm"),
                ("n/esc".into(), "cancel"),
            ],
            _ => vec![
                ("enter".into(), "next"),
                ("tab".into(), "field"),
                ("↑/↓".into(), "choose"),
                ("esc".into(), "cancel"),
            ],
        };
    } else if app.help {
        keys.push(("any key".into(), "close help"));
    } else {
        keys.push((km.first(Action::Quit), "quit"));
        keys.push((km.first(Action::Help), "help"));
        keys.push((km.first(Action::NextView), "view"));
        if app.view == View::Roster {
            keys.push((
                km.first(Action::Detail),
                if app.detail { "close" } else { "detail" },
            ));
            keys.push((km.first(Action::Filter), "filter"));
            keys.push((km.first(Action::Sort), "sort"));
            if !app.readonly {
                keys.push((km.first(Action::SignIn), "sign-in"));
                keys.push((km.first(Action::Reset), "reset"));
                keys.push((km.first(Action::ResetAll), "reset-all"));
                keys.push((km.first(Action::IvrAuth), "IVR"));
                keys.push((km.first(Action::Break), "break"));
                keys.push((km.first(Action::Ready), "ready"));
                keys.push((km.first(Action::SignOut), "sign-out"));
            }
        } else {
            keys.push((
                format!("{}/{}", km.first(Action::Down), km.first(Action::Up)),
                "scroll",
            ));
        }
        keys.push((km.first(Action::Command), "cmd"));
    }
    let item = |k: &str, what: &str| {
        vec![
            Span::styled(format!(" {k}"), t.key()),
            Span::styled(format!(" {what}"), t.muted()),
        ]
    };
    let mut tail = Vec::new();
    if app.readonly && app.dialog.is_none() {
        tail.push(Span::styled(" read-only: actions off ", t.readonly()));
    }
    // Whole keys only, as many as fit; help is kept whatever else must go.
    let help = km.first(Action::Help);
    let help_item = item(&help, "help");
    let keeps_help = app.dialog.is_none() && !app.help;
    let reserve = if keeps_help {
        help_item.iter().map(Span::width).sum::<usize>()
    } else {
        0
    } + tail.iter().map(Span::width).sum::<usize>();
    let room = (area.width as usize).saturating_sub(reserve);
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    let mut full = false;
    let mut shown_help = false;
    for (k, what) in &keys {
        let part = item(k, what);
        let w: usize = part.iter().map(Span::width).sum();
        if keeps_help && *k == help && *what == "help" {
            shown_help = true;
            spans.extend(part);
        } else if !full && used + w <= room {
            used += w;
            spans.extend(part);
        } else {
            // The keys come in order of use: once one does not fit, the rest wait for `?`.
            full = true;
        }
    }
    if keeps_help && !shown_help {
        spans.extend(help_item);
    }
    spans.extend(tail);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
