//! Key bindings: the default key of every action, overridden by the config's `[keys]`, and the
//! translation of crossterm key events into the config's [`KeySpec`].

use crate::config::{effective_keys, KeyCode as K, KeySpec};
use crate::i18n::{t, Lang};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::BTreeMap;

/// What a key does (the names of [`crate::config::ACTIONS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Detail,
    NextView,
    Filter,
    Sort,
    SignIn,
    Reset,
    ResetAll,
    IvrAuth,
    Break,
    Ready,
    SignOut,
    Command,
    Help,
    Columns,
}

impl Action {
    pub const ALL: [Action; 21] = [
        Action::Quit,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Detail,
        Action::NextView,
        Action::Filter,
        Action::Sort,
        Action::SignIn,
        Action::Reset,
        Action::ResetAll,
        Action::IvrAuth,
        Action::Break,
        Action::Ready,
        Action::SignOut,
        Action::Command,
        Action::Help,
        Action::Columns,
    ];

    /// The config name (`reset-all`, `page-up`, …).
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Detail => "detail",
            Action::NextView => "next-view",
            Action::Filter => "filter",
            Action::Sort => "sort",
            Action::SignIn => "sign-in",
            Action::Reset => "reset",
            Action::ResetAll => "reset-all",
            Action::IvrAuth => "ivr-auth",
            Action::Break => "break",
            Action::Ready => "ready",
            Action::SignOut => "sign-out",
            Action::Command => "command",
            Action::Help => "help",
            Action::Columns => "columns",
        }
    }

    /// What it does, for the help overlay, in `lang`.
    pub fn help_in(self, lang: Lang) -> String {
        t(
            lang,
            match self {
                Action::Quit => "keyhelp-quit",
                Action::Up => "keyhelp-up",
                Action::Down => "keyhelp-down",
                Action::Top => "keyhelp-top",
                Action::Bottom => "keyhelp-bottom",
                Action::PageUp => "keyhelp-page-up",
                Action::PageDown => "keyhelp-page-down",
                Action::Detail => "keyhelp-detail",
                Action::NextView => "keyhelp-next-view",
                Action::Filter => "keyhelp-filter",
                Action::Sort => "keyhelp-sort",
                Action::SignIn => "keyhelp-sign-in",
                Action::Reset => "keyhelp-reset",
                Action::ResetAll => "keyhelp-reset-all",
                Action::IvrAuth => "keyhelp-ivr-auth",
                Action::Break => "keyhelp-break",
                Action::Ready => "keyhelp-ready",
                Action::SignOut => "keyhelp-sign-out",
                Action::Command => "keyhelp-command",
                Action::Help => "keyhelp-help",
                Action::Columns => "keyhelp-columns",
            },
        )
    }

    /// Its short name in the footer (`quit`, `sign-in`), in `lang`.
    pub fn footer_in(self, lang: Lang) -> String {
        t(
            lang,
            match self {
                Action::Quit => "footer-quit",
                Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::PageUp
                | Action::PageDown => "footer-scroll",
                Action::Detail => "footer-detail",
                Action::NextView => "footer-view",
                Action::Filter => "footer-filter",
                Action::Sort => "footer-sort",
                Action::SignIn => "footer-sign-in",
                Action::Reset => "footer-reset",
                Action::ResetAll => "footer-reset-all",
                Action::IvrAuth => "footer-ivr-auth",
                Action::Break => "footer-break",
                Action::Ready => "footer-ready",
                Action::SignOut => "footer-sign-out",
                Action::Command => "footer-command",
                Action::Help => "footer-help",
                Action::Columns => "footer-columns",
            },
        )
    }

    /// Whether it changes an agent (refused in read-only mode).
    pub fn is_agent_action(self) -> bool {
        matches!(
            self,
            Action::SignIn
                | Action::Reset
                | Action::ResetAll
                | Action::IvrAuth
                | Action::Break
                | Action::Ready
                | Action::SignOut
        )
    }
}

/// Action → keys, and the reverse lookup.
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<KeySpec>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new())
    }
}

impl Keymap {
    /// Defaults with `overrides` (action name → key) applied, as
    /// [`crate::config::effective_keys`] says: an override replaces the action's first key
    /// (arrows and Home/End stay as second keys) and takes the key away from any other action
    /// that had it. Unknown action names are ignored (the config validation reports them).
    pub fn new(overrides: &BTreeMap<String, KeySpec>) -> Keymap {
        let effective = effective_keys(overrides);
        let keys = Action::ALL
            .iter()
            .map(|a| (*a, effective.get(a.name()).cloned().unwrap_or_default()))
            .collect();
        Keymap { keys }
    }

    /// The keys of an action.
    pub fn keys(&self, action: Action) -> &[KeySpec] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The action bound to a key event, if any.
    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        let spec = spec_of(key)?;
        self.keys
            .iter()
            .find(|(_, ks)| ks.contains(&spec))
            .map(|(a, _)| *a)
    }

    /// The keys of an action, as shown in help and the footer (`j/down`).
    pub fn label(&self, action: Action) -> String {
        self.keys
            .get(&action)
            .map(|ks| {
                ks.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }

    /// The first key of an action (`r`), for short hints.
    pub fn first(&self, action: Action) -> String {
        self.first_in(action, Lang::En)
    }

    /// The first key of an action (`r`), for short hints; "unbound" in `lang` when it has none.
    pub fn first_in(&self, action: Action, lang: Lang) -> String {
        self.keys
            .get(&action)
            .and_then(|ks| ks.first())
            .map(ToString::to_string)
            .unwrap_or_else(|| t(lang, "footer-unbound"))
    }
}

/// A crossterm key press as a [`KeySpec`]; `None` for releases and keys the config cannot name.
pub fn spec_of(key: &KeyEvent) -> Option<KeySpec> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let m = key.modifiers;
    let mut spec = KeySpec::new(K::Enter);
    spec.ctrl = m.contains(KeyModifiers::CONTROL);
    spec.alt = m.contains(KeyModifiers::ALT);
    spec.shift = m.contains(KeyModifiers::SHIFT);
    spec.code = match key.code {
        KeyCode::Char(c) => {
            // The character already carries shift (`R`); ctrl letters compare in lower case.
            spec.shift = false;
            if spec.ctrl && c.is_ascii_alphabetic() {
                K::Char(c.to_ascii_lowercase())
            } else {
                K::Char(c)
            }
        }
        KeyCode::Enter => K::Enter,
        KeyCode::Tab => K::Tab,
        KeyCode::BackTab => {
            spec.shift = false;
            K::BackTab
        }
        KeyCode::Esc => K::Esc,
        KeyCode::Backspace => K::Backspace,
        KeyCode::Delete => K::Delete,
        KeyCode::Insert => K::Insert,
        KeyCode::Home => K::Home,
        KeyCode::End => K::End,
        KeyCode::Up => K::Up,
        KeyCode::Down => K::Down,
        KeyCode::Left => K::Left,
        KeyCode::Right => K::Right,
        KeyCode::PageUp => K::PageUp,
        KeyCode::PageDown => K::PageDown,
        KeyCode::F(n) => K::F(n),
        _ => return None,
    };
    Some(spec)
}

/// Ctrl-C quits whatever the bindings say.
pub fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn every_config_action_has_a_binding() {
        let names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names, crate::config::ACTIONS);
        let km = Keymap::default();
        for a in Action::ALL {
            assert!(!km.label(a).is_empty(), "{a:?}");
        }
    }

    #[test]
    fn defaults_and_shifted_letters() {
        let km = Keymap::default();
        assert_eq!(
            km.action(&ev(KeyCode::Char('r'), KeyModifiers::NONE)),
            Some(Action::Reset)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('R'), KeyModifiers::SHIFT)),
            Some(Action::ResetAll)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(km.action(&ev(KeyCode::Char('z'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn overrides_replace_and_steal() {
        let mut o = BTreeMap::new();
        o.insert("reset".to_string(), KeySpec::parse("x").unwrap());
        o.insert("down".to_string(), KeySpec::parse("k").unwrap());
        o.insert("nonsense".to_string(), KeySpec::parse("z").unwrap());
        let km = Keymap::new(&o);
        assert_eq!(
            km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Reset)
        );
        assert_eq!(km.action(&ev(KeyCode::Char('r'), KeyModifiers::NONE)), None);
        assert_eq!(
            km.action(&ev(KeyCode::Char('k'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Up, KeyModifiers::NONE)),
            Some(Action::Up)
        );
        assert_eq!(km.label(Action::Down), "k/down");
    }
}
