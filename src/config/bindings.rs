//! The default keys of every action, the bindings in effect once `[keys]` is applied
//! ([`effective_keys`]), the keys the roster reserves for itself, and which actions move the
//! selection (navigation). The dashboard's keymap and `callboard check` both read them here.

use super::keys::{KeyCode, KeySpec, ACTIONS};
use std::collections::BTreeMap;

const fn plain(code: KeyCode) -> KeySpec {
    KeySpec {
        code,
        ctrl: false,
        alt: false,
        shift: false,
    }
}

const fn ch(c: char) -> KeySpec {
    plain(KeyCode::Char(c))
}

/// Every action's default keys, in [`ACTIONS`] order. An override in `[keys]` replaces the first
/// one; the others (arrows, Home/End) stay whatever the config says.
const DEFAULT_KEYS: &[(&str, &[KeySpec])] = &[
    ("quit", &[ch('q')]),
    ("up", &[ch('k'), plain(KeyCode::Up)]),
    ("down", &[ch('j'), plain(KeyCode::Down)]),
    ("top", &[ch('g'), plain(KeyCode::Home)]),
    ("bottom", &[ch('G'), plain(KeyCode::End)]),
    ("page-up", &[plain(KeyCode::PageUp)]),
    ("page-down", &[plain(KeyCode::PageDown)]),
    ("detail", &[plain(KeyCode::Enter)]),
    ("next-view", &[plain(KeyCode::Tab)]),
    ("filter", &[ch('/')]),
    ("sort", &[ch('s')]),
    ("sign-in", &[ch('i')]),
    ("reset", &[ch('r')]),
    ("reset-all", &[ch('R')]),
    ("ivr-auth", &[ch('a')]),
    ("break", &[ch('b')]),
    ("ready", &[ch('y')]),
    ("sign-out", &[ch('o')]),
    ("command", &[ch(':')]),
    ("help", &[ch('?')]),
    ("columns", &[ch('C'), plain(KeyCode::F(2))]),
];

/// The actions that move the selection in the roster.
pub const NAVIGATION: &[&str] = &["up", "down", "top", "bottom", "page-up", "page-down"];

/// Keys the roster handles itself whatever `[keys]` says, with what they do.
pub const RESERVED_KEYS: &[(KeySpec, &str)] = &[
    (
        KeySpec {
            code: KeyCode::Char('c'),
            ctrl: true,
            alt: false,
            shift: false,
        },
        "always quits callboard",
    ),
    (
        plain(KeyCode::Esc),
        "closes the detail pane and clears the filter",
    ),
    (plain(KeyCode::BackTab), "shows the previous view"),
];

/// The default keys of `action` (none for a name that is not an action).
pub fn default_keys(action: &str) -> &'static [KeySpec] {
    DEFAULT_KEYS
        .iter()
        .find(|(a, _)| *a == action)
        .map_or(&[], |(_, keys)| *keys)
}

/// What a reserved key does, when `key` is one.
pub fn reserved(key: &KeySpec) -> Option<&'static str> {
    RESERVED_KEYS
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, what)| *what)
}

/// Action → keys in effect: the defaults with `overrides` (action → key) applied. An override
/// replaces the action's first key and takes the key away from any other action that had it
/// (`callboard check` refuses such a config, so a loaded one never steals); unknown action names
/// are ignored (the validation reports them).
pub fn effective_keys(
    overrides: &BTreeMap<String, KeySpec>,
) -> BTreeMap<&'static str, Vec<KeySpec>> {
    let mut keys: BTreeMap<&'static str, Vec<KeySpec>> = ACTIONS
        .iter()
        .map(|a| (*a, default_keys(a).to_vec()))
        .collect();
    for (name, spec) in overrides {
        let Some(action) = ACTIONS.iter().find(|a| **a == name.as_str()) else {
            continue;
        };
        for list in keys.values_mut() {
            list.retain(|k| k != spec);
        }
        if let Some(list) = keys.get_mut(action) {
            if list.is_empty() {
                list.push(*spec);
            } else {
                list[0] = *spec;
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_defaults_in_order() {
        let names: Vec<&str> = DEFAULT_KEYS.iter().map(|(a, _)| *a).collect();
        assert_eq!(names, ACTIONS);
        assert!(DEFAULT_KEYS.iter().all(|(_, k)| !k.is_empty()));
        for n in NAVIGATION {
            assert!(ACTIONS.contains(n), "{n}");
        }
    }

    #[test]
    fn defaults_bind_each_key_once_and_reserve_none() {
        let mut seen = std::collections::BTreeSet::new();
        for (action, keys) in DEFAULT_KEYS {
            for k in *keys {
                assert!(seen.insert(*k), "{k} twice ({action})");
                assert!(reserved(k).is_none(), "{k} reserved ({action})");
            }
        }
        assert_eq!(
            reserved(&KeySpec::parse("ctrl-c").unwrap()),
            Some("always quits callboard")
        );
    }

    #[test]
    fn overrides_replace_the_first_key_and_keep_the_rest() {
        let mut o = BTreeMap::new();
        o.insert("down".to_string(), KeySpec::parse("n").unwrap());
        let k = effective_keys(&o);
        let shown: Vec<String> = k["down"].iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["n", "down"]);
        assert_eq!(k["up"].len(), 2);
    }
}
