//! The footer: the filter or command prompt while typing, otherwise the keys that apply now.

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
        Mode::Filter(input) => Some(("/", input, "  Enter keep · Esc clear")),
        Mode::Command(input) => Some((":", input, "  Enter run · Esc cancel")),
        Mode::Normal => None,
    };
    if let Some((lead, input, hint)) = prompt {
        let line = Line::from(vec![
            Span::styled(lead, t.key()),
            Span::styled(input.value().to_string(), t.text()),
            Span::styled(hint, t.muted()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
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
    let mut spans = Vec::new();
    for (k, what) in keys {
        spans.push(Span::styled(format!(" {k}"), t.key()));
        spans.push(Span::styled(format!(" {what}"), t.muted()));
    }
    if app.readonly && app.dialog.is_none() {
        spans.push(Span::styled(" read-only: actions off ", t.readonly()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
