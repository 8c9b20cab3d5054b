//! The footer: the filter or command prompt while typing (a filter that does not parse says why,
//! inline), otherwise the keys that apply now: as many whole ones as fit (measured in display
//! columns, so Chinese labels count two per character), and always `? help`.

use crate::app::dialog::Stage;
use crate::app::keymap::Action;
use crate::app::{App, Mode, View};
use crate::i18n::t;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let lang = app.lang;
    let prompt = match &app.mode {
        Mode::Filter(p) => Some(("/", &p.input, p.error.as_deref(), "footer-filter-hint")),
        Mode::Command(input) => Some((":", input, None, "footer-command-hint")),
        Mode::Normal => None,
    };
    if let Some((lead, input, error, hint)) = prompt {
        let mut spans = vec![
            Span::styled(lead, th.key()),
            Span::styled(input.value().to_string(), th.text()),
        ];
        match error {
            Some(e) => spans.push(Span::styled(format!("  ✗ {e}"), th.warn())),
            None => spans.push(Span::styled(format!("  {}", t(lang, hint)), th.muted())),
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        let x = area.x + 1 + input.visual_cursor() as u16;
        if x < area.x + area.width && app.dialog.is_none() && !app.help {
            frame.set_cursor_position(Position::new(x, area.y));
        }
        return;
    }
    let km = &app.keymap;
    let key = |a: Action| km.first_in(a, lang);
    let does = |a: Action| a.footer_in(lang);
    // (key, what it does, whether it is the help key kept whatever else must go)
    let mut keys: Vec<(String, String, bool)> = Vec::new();
    if let Some(d) = &app.dialog {
        let mut push = |k: String, id: &str| keys.push((k, t(lang, id), false));
        match d.stage {
            Stage::Confirm => {
                push(
                    d.confirm_keys().join("/").to_lowercase(),
                    "footer-dialog-confirm",
                );
                push("n/esc".into(), "footer-dialog-cancel");
            }
            _ => {
                push("enter".into(), "footer-dialog-next");
                push("tab".into(), "footer-dialog-field");
                push("↑/↓".into(), "footer-dialog-choose");
                push("esc".into(), "footer-dialog-cancel");
            }
        }
    } else if app.help {
        keys.push((
            t(lang, "footer-any-key"),
            t(lang, "footer-close-help"),
            false,
        ));
    } else {
        keys.push((key(Action::Quit), does(Action::Quit), false));
        keys.push((key(Action::Help), does(Action::Help), true));
        keys.push((key(Action::NextView), does(Action::NextView), false));
        if app.view == View::Roster {
            keys.push((
                key(Action::Detail),
                if app.detail {
                    t(lang, "footer-close")
                } else {
                    does(Action::Detail)
                },
                false,
            ));
            keys.push((key(Action::Filter), does(Action::Filter), false));
            keys.push((key(Action::Sort), does(Action::Sort), false));
            if !app.readonly {
                for a in [
                    Action::SignIn,
                    Action::Reset,
                    Action::ResetAll,
                    Action::IvrAuth,
                    Action::Break,
                    Action::Ready,
                    Action::SignOut,
                ] {
                    keys.push((key(a), does(a), false));
                }
            }
        } else {
            keys.push((
                format!("{}/{}", key(Action::Down), key(Action::Up)),
                does(Action::Down),
                false,
            ));
        }
        keys.push((key(Action::Command), does(Action::Command), false));
    }
    let item = |k: &str, what: &str| {
        vec![
            Span::styled(format!(" {k}"), th.key()),
            Span::styled(format!(" {what}"), th.muted()),
        ]
    };
    let mut tail = Vec::new();
    if app.readonly && app.dialog.is_none() {
        tail.push(Span::styled(
            format!(" {} ", t(lang, "footer-readonly")),
            th.readonly(),
        ));
    }
    // Whole keys only, as many as fit; help is kept whatever else must go.
    let help_item = item(&key(Action::Help), &does(Action::Help));
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
    for (k, what, is_help) in &keys {
        let part = item(k, what);
        let w: usize = part.iter().map(Span::width).sum();
        if keeps_help && *is_help {
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
