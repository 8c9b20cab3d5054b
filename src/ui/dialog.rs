//! Action dialogs: the form (text fields with the backend's choices under them) and the
//! confirmation that names the agent and says what will happen.

use super::{centered, clear_popup, fit, pad, widest};
use crate::app::dialog::{Dialog, Stage};
use crate::app::App;
use crate::i18n::{t as t_, tf};
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

const LIST_ROWS: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, d: &Dialog) {
    let t = &app.theme;
    let lang = app.lang;
    let width = 72u16.min(area.width.saturating_sub(2));
    let inner_w = width.saturating_sub(4) as usize;
    // The label column: the widest label (display columns) and a gap, at least 16, at most
    // half the dialog.
    let label_w = (widest(d.fields.iter().map(|f| f.label.as_str())) + 1)
        .max(16)
        .min(inner_w / 2);
    let indent = " ".repeat(label_w);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    match d.stage {
        Stage::Loading => {
            lines.push(Line::from(Span::styled(
                tf(
                    lang,
                    "popup-loading",
                    &[("backend", d.backend.to_string().into())],
                ),
                t.muted(),
            )));
        }
        Stage::Form => {
            for (i, f) in d.fields.iter().enumerate() {
                let focused = i == d.focus;
                let label_style = if focused { t.accent() } else { t.muted() };
                let label = pad(&f.label, label_w);
                let field_w = inner_w.saturating_sub(label_w + 3);
                let scroll = f.input.visual_scroll(field_w);
                let shown: String = f.input.value().chars().skip(scroll).collect();
                if focused {
                    cursor = Some((
                        (f.input.visual_cursor().saturating_sub(scroll) + label_w + 2) as u16,
                        lines.len() as u16,
                    ));
                }
                lines.push(Line::from(vec![
                    Span::styled(label, label_style),
                    Span::styled("[", t.border()),
                    Span::styled(
                        fit(&shown, field_w),
                        t.text().add_modifier(Modifier::UNDERLINED),
                    ),
                    Span::styled("]", t.border()),
                ]));
                if !f.hint.is_empty() && focused {
                    lines.push(Line::from(Span::styled(
                        format!("{indent}{}", f.hint),
                        t.muted(),
                    )));
                }
                if focused || f.multi {
                    let m = f.matching();
                    let start = f.cursor.saturating_sub(LIST_ROWS - 1);
                    for (j, c) in m.iter().enumerate().skip(start).take(LIST_ROWS) {
                        let here = focused && j == f.cursor;
                        let pick = if f.multi {
                            if f.picked.contains(&c.id) {
                                "[x] "
                            } else {
                                "[ ] "
                            }
                        } else if here {
                            "› "
                        } else {
                            "  "
                        };
                        let text = if c.label == c.id {
                            c.id.clone()
                        } else {
                            format!("{} — {}", c.id, c.label)
                        };
                        let style = if here { t.selected() } else { t.text() };
                        lines.push(Line::from(vec![
                            Span::raw(indent.clone()),
                            Span::styled(
                                fit(&format!("{pick}{text}"), inner_w.saturating_sub(label_w)),
                                style,
                            ),
                        ]));
                    }
                    if m.len() > LIST_ROWS {
                        lines.push(Line::from(Span::styled(
                            format!(
                                "{indent}{}",
                                tf(lang, "popup-many-choices", &[("count", m.len().into())])
                            ),
                            t.muted(),
                        )));
                    }
                    if m.is_empty() && !f.choices.is_empty() {
                        lines.push(Line::from(Span::styled(
                            format!("{indent}{}", t_(lang, "popup-no-match")),
                            t.muted(),
                        )));
                    }
                }
            }
        }
        Stage::Confirm => {
            lines.push(Line::from(Span::styled(d.consequence(), t.text())));
            lines.push(Line::from(""));
            let mut confirm = vec![Span::styled(
                format!("{} ", t_(lang, "popup-confirm")),
                t.accent(),
            )];
            for (i, k) in d.confirm_keys().into_iter().enumerate() {
                if i > 0 {
                    confirm.push(Span::raw("/"));
                }
                confirm.push(Span::styled(k, t.key()));
            }
            confirm.extend([
                Span::raw(format!(" {}   ", t_(lang, "popup-do-it"))),
                Span::styled("n", t.key()),
                Span::raw("/"),
                Span::styled("Esc", t.key()),
                Span::raw(format!(" {}", t_(lang, "popup-cancel"))),
            ]);
            lines.push(Line::from(confirm));
        }
    }
    if let Some(note) = &d.note {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(note.clone(), t.warn())));
    }
    if d.stage == Stage::Form {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            t_(lang, "popup-form-keys"),
            t.muted(),
        )));
    }
    let wrapped: u16 = lines
        .iter()
        .map(|l| (l.width() as u16).div_ceil(inner_w.max(1) as u16).max(1))
        .sum();
    let height = (wrapped + 2).min(area.height);
    let rect = centered(area, width, height);
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent())
        .style(t.dialog())
        .title(Span::styled(format!(" {} ", d.title()), t.title()));
    let inner = block.inner(rect);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some((x, y)) = cursor {
        if y < inner.height && x < inner.width {
            frame.set_cursor_position(Position::new(inner.x + x, inner.y + y));
        }
    }
}
