//! The dashboard's state: the single owner of the roster, updated from backend events and replies,
//! changed by keys (see `keys.rs`), read by the pure `ui::draw`.
//!
//! Nothing here does I/O or reads the clock: `now` comes in through [`App::tick`], so the same
//! events always give the same screen (snapshot tests rely on it).

pub mod action_words;
pub mod alerts;
pub mod attention;
pub mod column_picker;
pub mod command;
pub mod dialog;
pub mod export;
pub mod filter;
pub mod groups;
pub mod health;
pub mod help;
pub mod history;
pub mod history_codec;
mod incoming;
pub mod keymap;
mod keys;
pub mod labels;
pub mod message;
pub mod notice;
pub mod reset_all;
pub mod shift;
pub mod sort;
pub mod wall;

use crate::backend::{BackendStatus, Health, QueueFigures};
use crate::config::{BackendKind, Config, Thresholds};
use crate::i18n::Lang;
use crate::model::{Agent, Distribution, RosterScope, RosterStore, UnixMs};
use crate::theme::Theme;
use dialog::Dialog;
use filter::Filter;
use keymap::Keymap;
pub use message::{Reply, UiCommand};
pub use notice::{LogLine, Toast, ToastLevel};
use sort::Sort;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tui_input::Input;

/// How many event-log lines are kept.
pub const LOG_CAPACITY: usize = 5000;

/// The main views, cycled with Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Roster,
    Groups,
    Log,
    /// The shift's trends (sparklines of the history).
    Trends,
    /// The wallboard: big tiles per skill group (`w`, or `callboard wall`); not in the Tab cycle.
    Wall,
}

impl View {
    pub const ALL: [View; 4] = [View::Roster, View::Groups, View::Log, View::Trends];

    /// The view's name in English.
    pub fn title(self) -> String {
        self.title_in(Lang::En)
    }

    /// The view's name in `lang`.
    pub fn title_in(self, lang: Lang) -> String {
        crate::i18n::t(
            lang,
            match self {
                View::Roster => "app-view-roster",
                View::Groups => "app-view-groups",
                View::Log => "app-view-log",
                View::Trends => "app-view-trends",
                View::Wall => "app-view-wall",
            },
        )
    }
}

/// What the keyboard is typing into.
#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    /// `/`: the filter prompt, applied as you type while what is typed parses.
    Filter(FilterPrompt),
    /// `:`: the command line.
    Command(Input),
}

/// The filter prompt: what is typed, the filter in force when the prompt opened, and why the
/// text does not parse (shown inline). While the text parses it is applied as typed; while it
/// does not, the filter from before the prompt is in force, so a bad filter never applies in part.
#[derive(Debug, Clone, Default)]
pub struct FilterPrompt {
    pub input: Input,
    pub before: Filter,
    pub error: Option<String>,
}

/// One configured backend as the screen knows it.
#[derive(Debug, Clone)]
pub struct BackendView {
    pub name: Arc<str>,
    pub kind: BackendKind,
    pub thresholds: Thresholds,
    /// How often the backend is refreshed (its data is late after three of these).
    pub poll_interval: Duration,
    pub status: BackendStatus,
    pub queues: Vec<QueueFigures>,
}

/// One backend to show: name, kind, thresholds, roster.
#[derive(Debug, Clone)]
pub struct BackendInfo {
    pub name: String,
    pub kind: BackendKind,
    pub thresholds: Thresholds,
    pub poll_interval: Duration,
    pub scope: RosterScope,
}

/// What an [`App`] starts with.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub backends: Vec<BackendInfo>,
    pub readonly: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    pub now: UnixMs,
    /// Local time offset for clock times in the event log (0 in tests).
    pub utc_offset_secs: i32,
    /// The language of the screen (`:lang` switches it live).
    pub lang: Lang,
    /// Mask customers' phone numbers (config `mask_numbers`, on by default).
    pub mask_numbers: bool,
    /// The roster's columns, left to right (config `columns`).
    pub columns: Vec<sort::Column>,
}

impl AppOptions {
    /// Options from a loaded config (theme chosen by the caller).
    pub fn from_config(config: &Config, theme: Theme, now: UnixMs) -> AppOptions {
        AppOptions {
            backends: config
                .backends
                .iter()
                .map(|b| BackendInfo {
                    name: b.name.clone(),
                    kind: b.kind,
                    thresholds: b.thresholds(),
                    poll_interval: b.poll_interval(),
                    scope: match b.roster.agents() {
                        Some(ids) => RosterScope::Only(ids.to_vec()),
                        None => RosterScope::All,
                    },
                })
                .collect(),
            readonly: config.readonly,
            theme,
            keymap: Keymap::new(&config.key_bindings()),
            now,
            utc_offset_secs: 0,
            lang: config
                .lang
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or_default(),
            mask_numbers: config.masks_numbers(),
            columns: sort::Column::order_from(&config.columns),
        }
    }
}

/// The dashboard state.
pub struct App {
    /// Shared copy-on-write: `callboard serve` hands every session the hub's roster without a copy.
    pub roster: Arc<RosterStore>,
    pub backends: Vec<BackendView>,
    pub log: VecDeque<LogLine>,
    pub now: UnixMs,
    pub utc_offset_secs: i32,
    pub view: View,
    pub mode: Mode,
    pub detail: bool,
    pub help: bool,
    /// First row of the help overlay shown (it scrolls).
    pub help_offset: usize,
    /// The screen's height in rows, as last drawn (the help overlay scrolls by its pages).
    pub screen_rows: u16,
    pub dialog: Option<Dialog>,
    /// The column picker, while it is open.
    pub column_picker: Option<column_picker::ColumnPicker>,
    pub filter: Filter,
    /// `:backend NAME` narrows the roster to one backend.
    pub backend_scope: Option<String>,
    pub sort: Sort,
    /// Indices into `roster.agents()` that pass the filter, in sort order.
    pub visible: Vec<usize>,
    pub selected: usize,
    /// First visible row (kept so the selection stays in view).
    pub offset: usize,
    /// Rows per page (set from the terminal size).
    pub page: usize,
    /// Scroll position of the log and skill-group views.
    pub log_offset: usize,
    pub groups_offset: usize,
    pub toasts: Vec<Toast>,
    pub theme: Theme,
    pub keymap: Keymap,
    pub readonly: bool,
    /// The language of everything drawn (`:lang zh-CN` / `:lang en`).
    pub lang: Lang,
    /// Mask customers' phone numbers (`132****1056`).
    pub mask_numbers: bool,
    /// The roster's columns, left to right.
    pub columns: Vec<sort::Column>,
    /// The roster shows a skill group's agents (Enter in the skill-group view): Esc goes back.
    pub from_group: bool,
    /// `:` command lines typed, oldest first (↑/↓ recall them).
    pub command_history: Vec<String>,
    /// Which of them the `:` line shows now (`None`: a new line).
    pub history_pos: Option<usize>,
    /// Commands for the backend runner, taken by the event loop.
    pub outbox: Vec<UiCommand>,
    pub quit: bool,
    /// The shift: history, alerts, wallboard (see `shift.rs`).
    pub shift: shift::Shift,
    dirty: bool,
    settings_gen: u64,
    view_key: (u64, u64, UnixMs),
    selected_key: Option<(Arc<str>, String)>,
    pub(crate) dist: Distribution,
    pub(crate) dist_key: (u64, Option<String>),
}

impl App {
    pub fn new(opts: AppOptions) -> App {
        let mut roster = RosterStore::new();
        let backends = opts
            .backends
            .into_iter()
            .map(|b| {
                let name = roster.add_backend(&b.name, b.scope);
                BackendView {
                    status: BackendStatus {
                        backend: name.clone(),
                        health: Health::Connecting,
                        last_ok: None,
                        insecure_tls: false,
                    },
                    name,
                    kind: b.kind,
                    thresholds: b.thresholds,
                    poll_interval: b.poll_interval,
                    queues: Vec::new(),
                }
            })
            .collect();
        let mut app = App {
            roster: Arc::new(roster),
            backends,
            log: VecDeque::new(),
            now: opts.now,
            utc_offset_secs: opts.utc_offset_secs,
            view: View::Roster,
            mode: Mode::Normal,
            detail: false,
            help: false,
            help_offset: 0,
            screen_rows: 36,
            dialog: None,
            column_picker: None,
            filter: Filter::default(),
            backend_scope: None,
            sort: Sort::default(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            page: 20,
            log_offset: 0,
            groups_offset: 0,
            toasts: Vec::new(),
            theme: opts.theme,
            keymap: opts.keymap,
            readonly: opts.readonly,
            lang: opts.lang,
            mask_numbers: opts.mask_numbers,
            columns: opts.columns,
            from_group: false,
            command_history: Vec::new(),
            history_pos: None,
            outbox: Vec::new(),
            quit: false,
            shift: shift::Shift::default(),
            dirty: true,
            settings_gen: 0,
            view_key: (u64::MAX, 0, 0),
            selected_key: None,
            dist: Distribution::default(),
            dist_key: (u64::MAX, None),
        };
        app.refresh();
        app
    }

    /// The roster to change (copied first if another holder shares it).
    pub fn roster_mut(&mut self) -> &mut RosterStore {
        Arc::make_mut(&mut self.roster)
    }

    /// Whether something changed since the last [`App::take_dirty`].
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Returns and clears the dirty flag (the event loop draws when it was set).
    pub fn take_dirty(&mut self) -> bool {
        std::mem::replace(&mut self.dirty, false)
    }

    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Filter or sort settings changed: the visible rows must be rebuilt.
    pub(crate) fn settings_changed(&mut self) {
        self.settings_gen += 1;
        self.dirty = true;
    }

    /// The clock moved on (once a second): time in state, data age and toasts change.
    pub fn tick(&mut self, now: UnixMs) {
        self.now = now;
        self.toasts.retain(|t| t.until > now);
        self.mark_late_backends();
        self.dirty = true;
        self.refresh();
        self.shift_tick();
    }

    /// The screen is `rows` high and shows `page` roster rows (the shell measures both before
    /// each frame; the help overlay scrolls by the height).
    pub fn set_screen(&mut self, rows: u16, page: usize) {
        self.screen_rows = rows;
        self.page = page.max(1);
        self.clamp_selection();
    }

    pub fn thresholds(&self, backend: &str) -> Option<&Thresholds> {
        self.backend(backend).map(|b| &b.thresholds)
    }

    pub fn backend(&self, name: &str) -> Option<&BackendView> {
        self.backends.iter().find(|b| &*b.name == name)
    }

    fn backend_mut(&mut self, name: &str) -> Option<&mut BackendView> {
        self.backends.iter_mut().find(|b| &*b.name == name)
    }

    /// The selected agent of the roster view.
    pub fn selected_agent(&self) -> Option<&Agent> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.roster.agents().get(i))
    }

    /// Rebuilds the visible rows now, whatever changed (benches, tests).
    pub fn rebuild_view(&mut self) {
        self.settings_changed();
        self.refresh();
    }

    /// Agents per state for the header (cached until the roster or the backend scope changes).
    pub fn distribution(&self) -> &Distribution {
        &self.dist
    }

    /// Rebuilds the visible rows when the roster, the filter or the sort changed, and keeps the
    /// selection on the same agent.
    pub fn refresh(&mut self) {
        let time_bound =
            self.filter.text().contains("alert") || self.filter.text().contains("stuck");
        let key = (
            self.roster.version(),
            self.settings_gen,
            if time_bound { self.now / 1000 } else { 0 },
        );
        if key == self.view_key {
            return;
        }
        let dist_key = (self.roster.version(), self.backend_scope.clone());
        if dist_key != self.dist_key {
            self.dist = self.roster.distribution(self.backend_scope.as_deref());
            self.dist_key = dist_key;
        }
        self.view_key = key;
        let agents = self.roster.agents();
        let with_thresholds = self.filter.uses_thresholds();
        let mut visible: Vec<usize> = (0..agents.len())
            .filter(|&i| {
                let a = &agents[i];
                let thresholds = || {
                    if with_thresholds {
                        self.thresholds(&a.backend)
                    } else {
                        None
                    }
                };
                self.backend_scope
                    .as_deref()
                    .is_none_or(|b| &*a.backend == b)
                    && (self.filter.is_empty() || self.filter.matches(a, self.now, thresholds()))
            })
            .collect();
        self.sort.apply(&mut visible, agents, self.now);
        self.visible = visible;
        if let Some((b, id)) = &self.selected_key {
            let stored = self.roster.index_of(b, id);
            if let Some(pos) = stored.and_then(|s| self.visible.iter().position(|&i| i == s)) {
                self.selected = pos;
            }
        }
        self.clamp_selection();
    }

    pub(crate) fn clamp_selection(&mut self) {
        let n = self.visible.len();
        self.selected = self.selected.min(n.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.page > 0 && self.selected >= self.offset + self.page {
            self.offset = self.selected + 1 - self.page;
        }
        self.offset = self.offset.min(n.saturating_sub(1));
        self.selected_key = self
            .selected_agent()
            .map(|a| (a.backend.clone(), a.id.clone()));
    }
}
