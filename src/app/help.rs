//! The `?` help overlay's content (every key as bound now, config overrides included, and the
//! filter and command syntax) and its scrolling: ↑/↓, PgUp/PgDn, Home/End move it, any other key
//! closes it.

use super::keymap::Action;
use super::App;
use crate::i18n::t;
use crossterm::event::{KeyCode, KeyEvent};

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A key and what it does.
    Key(String, String),
    Blank,
    /// A line of the filter and marker notes.
    Note(String),
}

impl App {
    /// The rows of the help overlay, in the screen's language.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let lang = self.lang;
        let mut lines = Vec::new();
        for a in Action::ALL {
            let mut what = a.help_in(lang);
            if a.is_agent_action() && self.readonly {
                what.push_str(&t(lang, "keyhelp-readonly-off"));
            }
            lines.push(HelpLine::Key(self.keymap.label(a), what));
        }
        for (k, what) in [
            ("ctrl-c", "keyhelp-ctrl-c"),
            ("esc", "keyhelp-esc"),
            ("shift-tab", "keyhelp-shift-tab"),
            ("w", "keyhelp-wall"),
        ] {
            lines.push(HelpLine::Key(k.into(), t(lang, what)));
        }
        lines.push(HelpLine::Blank);
        for note in [
            "keyhelp-note-filter",
            "keyhelp-note-terms",
            "keyhelp-note-alternatives",
            "keyhelp-note-markers",
        ] {
            lines.push(HelpLine::Note(t(lang, note)));
        }
        lines
    }

    /// Rows of help that fit on the screen (inside the overlay's border).
    pub fn help_rows(&self) -> usize {
        usize::from(self.screen_rows.saturating_sub(2)).max(1)
    }

    /// The first help row that can be shown with the last one on screen.
    pub fn help_max_offset(&self) -> usize {
        self.help_lines().len().saturating_sub(self.help_rows())
    }

    /// A key while help is open: scrolls it (true), or is one that closes it (false).
    pub(crate) fn help_key(&mut self, key: &KeyEvent) -> bool {
        let page = self.help_rows().saturating_sub(1).max(1);
        let max = self.help_max_offset();
        let by_code = match key.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Home => Some(Action::Top),
            KeyCode::End => Some(Action::Bottom),
            _ => None,
        };
        let offset = self.help_offset.min(max);
        self.help_offset = match by_code.or_else(|| self.keymap.action(key)) {
            Some(Action::Up) => offset.saturating_sub(1),
            Some(Action::Down) => (offset + 1).min(max),
            Some(Action::PageUp) => offset.saturating_sub(page),
            Some(Action::PageDown) => (offset + page).min(max),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => max,
            _ => return false,
        };
        true
    }
}
