//! Sorting the roster (`s`): cycle through the columns, each ascending then descending, then back
//! to the roster's own order.

use super::state::StateKey;
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
            Column::Time => sort_keyed(indices, agents, r, |a| (a.since.is_none(), a.since)),
            Column::Skills => sort_keyed(indices, agents, r, |a| {
                a.skills.first().map(|s| s.name.as_str())
            }),
            Column::Extension => sort_keyed(indices, agents, r, |a| a.extension.as_str()),
        }
    }
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
}
