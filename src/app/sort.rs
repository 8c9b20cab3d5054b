//! Sorting the roster (`s`): cycle through the columns, each ascending then descending, then back
//! to the roster's own order.

use crate::i18n::{t, Lang};
use crate::model::StateKey;
use crate::model::{Agent, UnixMs};

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Backend,
    Id,
    Name,
    State,
    Reason,
    Time,
    Skills,
    Extension,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Backend,
        Column::Id,
        Column::Name,
        Column::State,
        Column::Reason,
        Column::Time,
        Column::Skills,
        Column::Extension,
    ];

    /// The roster's columns, left to right, unless the config's `columns` says otherwise.
    pub const DEFAULT_ORDER: [Column; 8] = [
        Column::Backend,
        Column::Id,
        Column::Name,
        Column::State,
        Column::Time,
        Column::Reason,
        Column::Skills,
        Column::Extension,
    ];

    /// The column's name in the config's `columns` list.
    pub fn key(self) -> &'static str {
        match self {
            Column::Backend => "backend",
            Column::Id => "agent",
            Column::Name => "name",
            Column::State => "state",
            Column::Reason => "reason",
            Column::Time => "time",
            Column::Skills => "skills",
            Column::Extension => "ext",
        }
    }

    /// A column from its config name ([`crate::config::column_key`]).
    pub fn parse(name: &str) -> Option<Column> {
        let key = crate::config::column_key(name)?;
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The config's `columns` list as columns (unknown names were refused by the config check
    /// and are skipped here; repeats count once); the default order when empty.
    pub fn order_from(names: &[String]) -> Vec<Column> {
        let mut out: Vec<Column> = Vec::new();
        for c in names.iter().filter_map(|n| Column::parse(n)) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        if out.is_empty() {
            Column::DEFAULT_ORDER.to_vec()
        } else {
            out
        }
    }

    /// The column's heading in `lang`.
    pub fn title_in(self, lang: Lang) -> String {
        t(
            lang,
            match self {
                Column::Backend => "column-backend",
                Column::Id => "column-agent",
                Column::Name => "column-name",
                Column::State => "column-state",
                Column::Reason => "column-reason",
                Column::Time => "column-time",
                Column::Skills => "column-skills",
                Column::Extension => "column-extension",
            },
        )
    }

    /// The column's English heading.
    pub fn title(self) -> &'static str {
        match self {
            Column::Backend => "Backend",
            Column::Id => "Agent",
            Column::Name => "Name",
            Column::State => "State",
            Column::Reason => "Reason",
            Column::Time => "Time",
            Column::Skills => "Skill groups",
            Column::Extension => "Ext",
        }
    }
}

/// The current sort: `None` keeps the roster order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sort {
    pub column: Option<Column>,
    pub reverse: bool,
}

impl Sort {
    /// The next sort in the cycle.
    pub fn next(self) -> Sort {
        match (self.column, self.reverse) {
            (None, _) => Sort {
                column: Some(Column::ALL[0]),
                reverse: false,
            },
            (Some(c), false) => Sort {
                column: Some(c),
                reverse: true,
            },
            (Some(c), true) => {
                let i = Column::ALL.iter().position(|x| *x == c).unwrap_or(0);
                Sort {
                    column: Column::ALL.get(i + 1).copied(),
                    reverse: false,
                }
            }
        }
    }

    /// Whether the sorted column's shown values grow down the rows. The time sort starts with the
    /// longest time in state (earliest start), so its first direction is descending.
    pub fn ascending(self) -> Option<bool> {
        self.column.map(|c| match c {
            Column::Time => self.reverse,
            _ => !self.reverse,
        })
    }

    /// The arrow of the sorted column, pointing the way its values run down the rows: `↑` small
    /// to large, `↓` large to small.
    pub fn arrow(self) -> &'static str {
        match self.ascending() {
            Some(true) => "↑",
            Some(false) => "↓",
            None => "",
        }
    }

    /// Sorts indices into `agents`; equal rows keep the order `indices` had (the roster order).
    /// Each agent's key is extracted once, so a 10,000-row sort does not chase agents in memory
    /// at every comparison.
    pub fn apply(self, indices: &mut [usize], agents: &[Agent], _now: UnixMs) {
        let Some(column) = self.column else {
            return;
        };
        let r = self.reverse;
        match column {
            Column::Backend => sort_keyed(indices, agents, r, |a| &*a.backend),
            Column::Id => sort_keyed(indices, agents, r, |a| a.id.as_str()),
            Column::Name => sort_keyed(indices, agents, r, |a| a.name.as_str()),
            Column::State => sort_keyed(indices, agents, r, StateKey::of),
            Column::Reason => sort_keyed(indices, agents, r, reason),
            // Longest in state first when ascending: that is what a supervisor looks for. An
            // earlier start is a longer time at any `now`, so the order never goes stale; unknown
            // starts come last.
            Column::Time => {
                if !sort_by_start(indices, agents, r) {
                    sort_keyed(indices, agents, r, |a| (a.since.is_none(), a.since));
                }
            }
            Column::Skills => sort_keyed(indices, agents, r, |a| {
                a.skills.first().map(|s| s.name.as_str())
            }),
            Column::Extension => sort_keyed(indices, agents, r, |a| a.extension.as_str()),
        }
    }
}

/// Bits of a packed time key that hold the row's position (rosters up to a million rows).
const POS_BITS: u32 = 20;
/// Starts are Unix milliseconds, below 2^42 until the year 2109.
const START_LIMIT: u64 = (1 << 42) - 1;

/// The time sort, the one supervisors use most, on packed integer keys: (start, position) in one
/// `u64`, unknown starts after known ones (before them when reversed, as the generic sort does).
/// Returns false, leaving `indices` alone, for rosters too large to pack.
fn sort_by_start(indices: &mut [usize], agents: &[Agent], reverse: bool) -> bool {
    if indices.len() >= 1 << POS_BITS {
        return false;
    }
    let mut keys: Vec<u64> = indices
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let start = agents
                .get(i)
                .and_then(|a| a.since)
                .map_or(START_LIMIT + 1, |s| (s.max(0) as u64).min(START_LIMIT));
            let primary = if reverse {
                START_LIMIT + 1 - start
            } else {
                start
            };
            (primary << POS_BITS) | pos as u64
        })
        .collect();
    keys.sort_unstable();
    let before = indices.to_vec();
    for (slot, key) in indices.iter_mut().zip(keys) {
        *slot = before[(key & ((1 << POS_BITS) - 1)) as usize];
    }
    true
}

/// Sorts `indices` by a key of each agent, ties broken by position so the sort is stable.
fn sort_keyed<'a, K: Ord>(
    indices: &mut [usize],
    agents: &'a [Agent],
    reverse: bool,
    key: impl Fn(&'a Agent) -> K,
) {
    let mut keyed: Vec<(K, usize, usize)> = indices
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| agents.get(i).map(|a| (key(a), pos, i)))
        .collect();
    if reverse {
        keyed.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    } else {
        keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    }
    for (slot, (_, _, i)) in indices.iter_mut().zip(keyed) {
        *slot = i;
    }
}

fn reason(a: &Agent) -> &str {
    a.reason.as_ref().map_or("", |r| r.code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_columns_then_reverses_then_off() {
        let mut s = Sort::default();
        let mut seen = 0;
        loop {
            s = s.next();
            if s.column.is_none() {
                break;
            }
            seen += 1;
        }
        assert_eq!(seen, Column::ALL.len() * 2);
    }

    #[test]
    fn arrows_follow_the_shown_values() {
        let time = Sort {
            column: Some(Column::Time),
            reverse: false,
        };
        assert_eq!(time.arrow(), "↓", "longest first");
        assert_eq!(time.next().arrow(), "↑");
        let name = Sort {
            column: Some(Column::Name),
            reverse: false,
        };
        assert_eq!(name.arrow(), "↑");
        assert_eq!(Sort::default().arrow(), "");
    }

    #[test]
    fn the_packed_time_sort_orders_exactly_like_the_generic_one() {
        use std::sync::Arc;
        let backend: Arc<str> = Arc::from("b");
        // Ties, unknown starts and a spread of values, in a scrambled roster order.
        let agents: Vec<Agent> = (0..200)
            .map(|i: i64| Agent {
                since: (i % 7 != 0).then_some(1_795_000_000_000 + (i * 7919) % 53 * 1000),
                ..Agent::unknown(backend.clone(), format!("a{i}"))
            })
            .collect();
        for reverse in [false, true] {
            let start: Vec<usize> = (0..agents.len()).rev().step_by(3).collect();
            let mut fast = start.clone();
            assert!(sort_by_start(&mut fast, &agents, reverse));
            let mut generic = start.clone();
            sort_keyed(&mut generic, &agents, reverse, |a| {
                (a.since.is_none(), a.since)
            });
            assert_eq!(fast, generic, "reverse = {reverse}");
        }
    }
}
