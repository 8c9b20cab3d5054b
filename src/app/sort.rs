//! Sorting the roster (`s`): cycle through the columns, each ascending then descending, then back
//! to the roster's own order.

use super::state::StateKey;
use crate::model::{Agent, UnixMs};
use std::cmp::Ordering;

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

    /// Sorts indices into `agents`; stable, so equal rows keep the roster order.
    pub fn apply(self, indices: &mut [usize], agents: &[Agent], now: UnixMs) {
        let Some(column) = self.column else {
            return;
        };
        let cmp = |a: &Agent, b: &Agent| -> Ordering {
            match column {
                Column::Backend => a.backend.cmp(&b.backend),
                Column::Id => a.id.cmp(&b.id),
                Column::Name => a.name.cmp(&b.name),
                Column::State => StateKey::of(a).cmp(&StateKey::of(b)),
                Column::Reason => reason(a).cmp(reason(b)),
                // Longest in state first when ascending: that is what a supervisor looks for.
                Column::Time => b.secs_in_state(now).cmp(&a.secs_in_state(now)),
                Column::Skills => {
                    let first = |x: &Agent| x.skills.first().map(|s| s.name.clone());
                    first(a).cmp(&first(b))
                }
                Column::Extension => a.extension.cmp(&b.extension),
            }
        };
        if self.reverse {
            indices.sort_by(|&x, &y| cmp(&agents[y], &agents[x]));
        } else {
            indices.sort_by(|&x, &y| cmp(&agents[x], &agents[y]));
        }
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
