//! Checks `[keys]`: action names and key syntax, and that the bindings in effect (the defaults
//! with `[keys]` applied) give every key in the roster one meaning: no two actions on one key,
//! no key taken from `quit` (which would leave only ctrl-c to quit) or from navigation (`j`/`k`,
//! arrows, Home/End, pages), and none of the keys the roster keeps for itself (ctrl-c, Esc,
//! Shift-Tab). Each problem is reported at the binding's line, naming the key and both actions.

use super::super::bindings::{default_keys, reserved, NAVIGATION};
use super::super::echo::echo;
use super::super::hints::{did_you_mean, one_of};
use super::super::keys::{KeyCode, KeySpec, ACTIONS};
use super::super::spans::keypath;
use super::super::Config;
use super::Check;
use std::collections::{BTreeMap, BTreeSet};

/// Keys offered as free ones in fixes, in this order.
const SUGGESTED: &str = "xzvcnmpuetwlhfdQXZVCNMPUETWLHFD";

pub(super) fn keys(c: &mut Check<'_, '_>, config: &Config) {
    let mut bound: BTreeMap<KeySpec, &str> = BTreeMap::new();
    let mut overrides: BTreeMap<&str, KeySpec> = BTreeMap::new();
    for (action, key) in &config.keys {
        let at = keypath!["keys", action.as_str()];
        let known = ACTIONS.contains(&action.as_str());
        if !known {
            let fix = did_you_mean(action, ACTIONS).map_or_else(
                || format!("use one of {}", one_of(ACTIONS)),
                |s| format!("did you mean `{s}`?"),
            );
            c.error_at_key(
                &at,
                format!("unknown action `{}` in [keys]", echo(action)),
                fix,
            );
        }
        match KeySpec::parse(key) {
            Ok(spec) => {
                if let Some(other) = bound.insert(spec, action) {
                    // Report at the later of the two, naming them in file order.
                    let other_at = keypath!["keys", other];
                    let (first, second, at) =
                        if c.doc.value_offset(&other_at) < c.doc.value_offset(&at) {
                            (other, action.as_str(), at)
                        } else {
                            (action.as_str(), other, other_at)
                        };
                    c.error(
                        &at,
                        format!(
                            "key `{spec}` is bound to both `{}` and `{}` in [keys]",
                            echo(first),
                            echo(second)
                        ),
                        "bind each key to one action",
                    );
                } else if known {
                    overrides.insert(action.as_str(), spec);
                }
            }
            Err(e) => c.error(
                &at,
                format!(
                    "`{}` for `{}` in [keys] is not a key",
                    echo(key),
                    echo(action)
                ),
                e.reason,
            ),
        }
    }
    let free = free_keys(&overrides);
    for (action, spec) in &overrides {
        let at = keypath!["keys", *action];
        if let Some(what) = reserved(spec) {
            c.error(
                &at,
                format!(
                    "key `{spec}` for `{action}` in [keys] is reserved: in the roster it {what}"
                ),
                format!("bind {action} to another key{}", free_words(&free)),
            );
            continue;
        }
        let Some((other, movable)) = holder(action, spec, &overrides) else {
            continue;
        };
        let also = if movable {
            format!(", or move `{other}` to another key as well ({other} = \"…\")")
        } else {
            format!("; `{other}` keeps `{spec}` whatever [keys] says")
        };
        let fix = format!("bind {action} to another key{}{also}", free_words(&free));
        let message = if other == "quit" {
            format!(
                "key `{spec}` for `{action}` in [keys] is the key of `quit`: nothing but ctrl-c \
                 would quit callboard"
            )
        } else if NAVIGATION.contains(&other) {
            format!(
                "key `{spec}` for `{action}` in [keys] is a navigation key: in the roster it is \
                 `{other}`"
            )
        } else {
            format!("key `{spec}` for `{action}` in [keys] is already the key of `{other}`")
        };
        c.error(&at, message, fix);
    }
}

/// The action other than `action` that keeps `spec` among its default keys once `[keys]` is
/// applied, and whether `[keys]` could move it (it is that action's first, replaceable key).
/// Keys two `[keys]` entries share are reported where they are parsed.
fn holder(
    action: &str,
    spec: &KeySpec,
    overrides: &BTreeMap<&str, KeySpec>,
) -> Option<(&'static str, bool)> {
    ACTIONS
        .iter()
        .copied()
        .filter(|a| *a != action)
        .find_map(|other| {
            let defaults = default_keys(other);
            let kept = if overrides.contains_key(other) {
                defaults.get(1..).unwrap_or(&[])
            } else {
                defaults
            };
            let i = kept.iter().position(|k| k == spec)?;
            let movable = !overrides.contains_key(other) && i == 0;
            Some((other, movable))
        })
}

/// A few letters no action has once `[keys]` is applied.
fn free_keys(overrides: &BTreeMap<&str, KeySpec>) -> Vec<char> {
    let mut used: BTreeSet<KeySpec> = overrides.values().copied().collect();
    for a in ACTIONS {
        let defaults = default_keys(a);
        let skip = usize::from(overrides.contains_key(a));
        used.extend(defaults.iter().skip(skip).copied());
    }
    SUGGESTED
        .chars()
        .filter(|ch| !used.contains(&KeySpec::new(KeyCode::Char(*ch))))
        .take(4)
        .collect()
}

fn free_words(free: &[char]) -> String {
    if free.is_empty() {
        return String::new();
    }
    let list: Vec<String> = free.iter().map(|c| format!("\"{c}\"")).collect();
    format!(" (free: {})", list.join(", "))
}
