//! Keys: what each key does in each mode (dialog, help, filter prompt, command line, views).

use super::action_words::{action_name, key_action_name};
use super::column_picker::{ColumnPicker, PickerOutcome};
use super::command::{self, Command};
use super::dialog::{Dialog, DialogOutcome};
use super::filter::Filter;
use super::keymap::{is_ctrl_c, spec_of, Action};
use super::{App, FilterPrompt, Mode, ToastLevel, UiCommand, View};
use crate::config::BackendKind;
use crate::i18n::{t, tf, Lang};
use crate::theme::Theme;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseEventKind};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// How many `:` command lines ↑/↓ can recall.
const COMMAND_HISTORY: usize = 50;
impl App {
    /// Handles one terminal event (keys; resize just redraws; mouse is off).
    pub fn handle_event(&mut self, ev: &Event) {
        match ev {
            Event::Key(k) => self.handle_key(*k),
            Event::Resize(..) => self.mark_dirty(),
            // Only with --mouse: the wheel scrolls the current view.
            Event::Mouse(m) if self.dialog.is_none() && !self.help => match m.kind {
                MouseEventKind::ScrollDown => {
                    self.move_by(3);
                    self.mark_dirty();
                }
                MouseEventKind::ScrollUp => {
                    self.move_by(-3);
                    self.mark_dirty();
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.mark_dirty();
        if is_ctrl_c(&key) {
            self.quit = true;
            return;
        }
        if let Some(d) = self.dialog.as_mut() {
            match d.key(&key) {
                DialogOutcome::Stay => {}
                DialogOutcome::Cancel => self.dialog = None,
                DialogOutcome::Submit(req) => {
                    let what = tf(
                        self.lang,
                        "toast-sent",
                        &[
                            ("action", action_name(&req.kind, self.lang).into()),
                            ("who", d.who().into()),
                        ],
                    );
                    self.dialog = None;
                    self.outbox.push(UiCommand::Act(req));
                    self.toast(ToastLevel::Info, what);
                }
            }
            return;
        }
        if let Some(picker) = self.column_picker.as_mut() {
            match picker.key(&key) {
                PickerOutcome::Stay => {}
                PickerOutcome::Cancel => self.column_picker = None,
                PickerOutcome::Apply(columns) => {
                    self.column_picker = None;
                    self.columns = columns;
                    self.settings_changed();
                }
            }
            return;
        }
        if self.help {
            if !self.help_key(&key) {
                self.help = false;
            }
            return;
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Filter(prompt) => self.filter_key(prompt, key),
            Mode::Command(input) => self.command_key(input, key),
            Mode::Normal => self.normal_key(key),
        }
        self.refresh();
    }

    fn filter_key(&mut self, mut prompt: FilterPrompt, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => match Filter::parse(prompt.input.value()) {
                Ok(f) => self.set_filter(f),
                Err(e) => {
                    // Stays open with the error inline; the earlier filter stays in force.
                    prompt.error = Some(e.message(self.lang));
                    self.mode = Mode::Filter(prompt);
                }
            },
            KeyCode::Esc => self.set_filter(Filter::default()),
            _ => {
                prompt.input.handle_event(&Event::Key(key));
                // Applied as you type while it parses; otherwise the filter from before the
                // prompt opened is in force, and the error shows inline.
                match Filter::parse(prompt.input.value()) {
                    Ok(f) => {
                        prompt.error = None;
                        self.set_filter(f);
                    }
                    Err(e) => {
                        prompt.error = Some(e.message(self.lang));
                        self.set_filter(prompt.before.clone());
                    }
                }
                self.mode = Mode::Filter(prompt);
            }
        }
    }

    /// Keeps a typed command line for ↑/↓ (the last [`COMMAND_HISTORY`], no repeats in a row).
    fn remember_command(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() || self.command_history.last().is_some_and(|l| l == line) {
            return;
        }
        if self.command_history.len() >= COMMAND_HISTORY {
            self.command_history.remove(0);
        }
        self.command_history.push(line.to_string());
    }

    fn set_filter(&mut self, f: Filter) {
        if f != self.filter {
            self.filter = f;
            self.settings_changed();
        }
    }

    fn command_key(&mut self, mut input: Input, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => {
                self.remember_command(input.value());
                match command::parse(input.value()) {
                    Ok(cmd) => self.run_command(cmd),
                    Err(e) => self.toast(ToastLevel::Warn, e.message(self.lang)),
                }
            }
            KeyCode::Esc => {}
            KeyCode::Tab => {
                let backends: Vec<String> =
                    self.backends.iter().map(|b| b.name.to_string()).collect();
                if let Some(done) = command::complete(input.value(), &backends) {
                    input = Input::new(done);
                }
                self.mode = Mode::Command(input);
            }
            KeyCode::Up | KeyCode::Down => {
                let n = self.command_history.len();
                let pos = match (key.code, self.history_pos) {
                    (_, _) if n == 0 => None,
                    (KeyCode::Up, None) => Some(n - 1),
                    (KeyCode::Up, Some(p)) => Some(p.saturating_sub(1)),
                    (_, Some(p)) if p + 1 < n => Some(p + 1),
                    _ => None,
                };
                self.history_pos = pos;
                let text = pos
                    .and_then(|p| self.command_history.get(p))
                    .cloned()
                    .unwrap_or_default();
                self.mode = Mode::Command(Input::new(text));
            }
            _ => {
                input.handle_event(&Event::Key(key));
                self.mode = Mode::Command(input);
            }
        }
    }

    /// Runs a `:` command.
    pub fn run_command(&mut self, cmd: Command) {
        match cmd {
            Command::Quit => self.quit = true,
            Command::Help => self.open_help(),
            Command::Backend(None) => {
                self.backend_scope = None;
                self.settings_changed();
                self.toast(ToastLevel::Info, t(self.lang, "command-all-backends"));
            }
            Command::Backend(Some(name)) => {
                if self.backend(&name).is_some() {
                    let shown = tf(
                        self.lang,
                        "command-one-backend",
                        &[("backend", (&name).into())],
                    );
                    self.toast(ToastLevel::Info, shown);
                    self.backend_scope = Some(name);
                    self.settings_changed();
                } else {
                    let names: Vec<_> = self.backends.iter().map(|b| b.name.to_string()).collect();
                    let text = tf(
                        self.lang,
                        "command-no-backend",
                        &[
                            ("backend", name.into()),
                            ("backends", names.join(", ").into()),
                        ],
                    );
                    self.toast(ToastLevel::Warn, text);
                }
            }
            Command::Theme(name) => match Theme::load(&name) {
                Ok(theme) => {
                    self.theme = theme;
                    let text = tf(self.lang, "command-theme-set", &[("theme", name.into())]);
                    self.toast(ToastLevel::Info, text);
                }
                Err(e) => {
                    let text = tf(
                        self.lang,
                        "command-theme-failed",
                        &[("reason", e.to_string().into())],
                    );
                    self.toast(ToastLevel::Error, text);
                }
            },
            Command::Filter(text) => match Filter::parse(&text) {
                Ok(f) => {
                    self.filter = f;
                    self.settings_changed();
                }
                Err(e) => self.toast(ToastLevel::Warn, e.message(self.lang)),
            },
            Command::Lang(given) => self.set_lang(&given),
            Command::Export(path) => self.export(path),
        }
    }

    /// `:lang zh-CN` / `:lang en`: everything drawn from now on is in that language; an unknown
    /// language is refused with the choices, in the language in use.
    fn set_lang(&mut self, given: &str) {
        match Lang::parse(given) {
            Some(lang) => {
                self.lang = lang;
                self.settings_changed();
                self.toast(ToastLevel::Info, t(lang, "command-lang-set"));
            }
            None => {
                let text = tf(self.lang, "lang-unknown", &[("given", given.into())]);
                self.toast(ToastLevel::Warn, text);
            }
        }
    }

    fn normal_key(&mut self, key: KeyEvent) {
        let Some(action) = self.keymap.action(&key) else {
            match key.code {
                KeyCode::Esc if self.detail => self.detail = false,
                KeyCode::Esc if !self.filter.is_empty() => {
                    self.filter = Filter::default();
                    // Back where Enter on a skill group came from.
                    if std::mem::take(&mut self.from_group) && self.view == View::Roster {
                        self.view = View::Groups;
                    }
                    self.settings_changed();
                }
                KeyCode::Esc if self.view == View::Wall => self.toggle_wall(),
                KeyCode::BackTab => self.cycle_view(View::ALL.len() - 1),
                KeyCode::Char('w') | KeyCode::Char('W') => self.toggle_wall(),
                _ => {}
            }
            return;
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page.max(1) as isize)),
            Action::PageDown => self.move_by(self.page.max(1) as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Detail if self.view == View::Groups => self.open_selected_group(),
            Action::Detail => {
                if self.view != View::Roster {
                    self.view = View::Roster;
                    self.detail = true;
                } else {
                    self.detail = !self.detail;
                }
            }
            Action::NextView => self.cycle_view(1),
            Action::Filter => {
                self.view = View::Roster;
                self.mode = Mode::Filter(FilterPrompt {
                    input: Input::new(self.filter.text().to_string()),
                    before: self.filter.clone(),
                    error: None,
                });
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.settings_changed();
            }
            Action::Command => {
                self.history_pos = None;
                self.mode = Mode::Command(Input::default());
            }
            Action::Help => self.open_help(),
            Action::Columns => {
                self.view = View::Roster;
                self.column_picker = Some(ColumnPicker::new(&self.columns));
            }
            a if a.is_agent_action() => {
                self.open_action(a);
                if let Some(d) = self.dialog.as_mut() {
                    d.opened_by = spec_of(&key);
                }
            }
            _ => {}
        }
    }

    fn open_help(&mut self) {
        self.help = true;
        self.help_offset = 0;
    }

    fn cycle_view(&mut self, by: usize) {
        let i = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
        self.view = View::ALL[(i + by) % View::ALL.len()];
    }

    fn move_by(&mut self, delta: isize) {
        let step = |pos: usize, len: usize| -> usize {
            let max = len.saturating_sub(1) as isize;
            (pos as isize).saturating_add(delta).clamp(0, max.max(0)) as usize
        };
        match self.view {
            View::Roster => {
                self.selected = step(self.selected, self.visible.len());
                self.clamp_selection();
            }
            View::Log => self.log_offset = step(self.log_offset, self.log.len()),
            View::Groups => self.groups_offset = step(self.groups_offset, usize::MAX / 4),
            View::Trends => {
                self.shift.trends_offset = step(self.shift.trends_offset, usize::MAX / 4)
            }
            View::Wall => {}
        }
    }

    /// Opens the dialog of an agent action, or says why not.
    fn open_action(&mut self, action: Action) {
        if self.readonly {
            let text = tf(
                self.lang,
                "toast-readonly",
                &[("action", key_action_name(action, self.lang).into())],
            );
            self.toast(ToastLevel::Warn, text);
            return;
        }
        if action == Action::ResetAll {
            self.open_reset_all();
            return;
        }
        if self.view != View::Roster {
            self.toast(ToastLevel::Warn, t(self.lang, "toast-switch-to-roster"));
            return;
        }
        let Some(agent) = self.selected_agent() else {
            self.toast(ToastLevel::Warn, t(self.lang, "toast-no-agent"));
            return;
        };
        let kind = self
            .backend(&agent.backend)
            .map_or(BackendKind::Aliyun, |b| b.kind);
        let (d, needs_choices) = Dialog::open_in(
            self.lang,
            action,
            &agent.backend,
            kind,
            &agent.id,
            &agent.name,
            agent.call_id.clone(),
        );
        if needs_choices {
            self.outbox.push(UiCommand::Choices {
                backend: d.backend.clone(),
                agent: d.agent.clone(),
            });
        }
        self.dialog = Some(d);
    }
}
