//! The column picker (`C` or F2): the roster's columns, the shown ones first in their order, then
//! the hidden ones. ↑/↓ (k/j) select, Space shows or hides, Shift+↑/↓ (K/J) move the selected
//! column, Enter applies for this session, Esc (or q) cancels. At least one column stays shown.

use super::sort::Column;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The picker's rows: each column and whether it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPicker {
    pub rows: Vec<(Column, bool)>,
    pub selected: usize,
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerOutcome {
    Stay,
    Cancel,
    /// The shown columns, left to right.
    Apply(Vec<Column>),
}

impl ColumnPicker {
    /// The picker for the columns shown now, `current`, left to right.
    pub fn new(current: &[Column]) -> ColumnPicker {
        let mut rows: Vec<(Column, bool)> = current.iter().map(|c| (*c, true)).collect();
        for c in Column::DEFAULT_ORDER {
            if !current.contains(&c) {
                rows.push((c, false));
            }
        }
        ColumnPicker { rows, selected: 0 }
    }

    /// The shown columns, in the picker's order.
    pub fn shown(&self) -> Vec<Column> {
        self.rows
            .iter()
            .filter(|(_, on)| *on)
            .map(|(c, _)| *c)
            .collect()
    }

    fn select_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    fn move_by(&mut self, delta: isize) {
        let from = self.selected;
        let to = from as isize + delta;
        if to < 0 || to as usize >= self.rows.len() {
            return;
        }
        self.rows.swap(from, to as usize);
        self.selected = to as usize;
    }

    fn toggle(&mut self) {
        let shown = self.rows.iter().filter(|(_, on)| *on).count();
        if let Some((_, on)) = self.rows.get_mut(self.selected) {
            // The last shown column stays: a roster without columns shows nothing.
            if !(*on && shown == 1) {
                *on = !*on;
            }
        }
    }

    /// Handles one key.
    pub fn key(&mut self, key: &KeyEvent) -> PickerOutcome {
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return PickerOutcome::Cancel,
            KeyCode::Enter => return PickerOutcome::Apply(self.shown()),
            KeyCode::Char(' ') => self.toggle(),
            KeyCode::Up if shift => self.move_by(-1),
            KeyCode::Down if shift => self.move_by(1),
            KeyCode::Char('K') => self.move_by(-1),
            KeyCode::Char('J') => self.move_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.select_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.select_by(1),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.select_by(isize::MAX / 2),
            _ => {}
        }
        PickerOutcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(p: &mut ColumnPicker, code: KeyCode, modifiers: KeyModifiers) -> PickerOutcome {
        p.key(&KeyEvent::new(code, modifiers))
    }

    #[test]
    fn toggles_moves_and_applies_in_the_new_order() {
        let mut p = ColumnPicker::new(&[Column::Name, Column::State]);
        assert_eq!(p.rows.len(), Column::ALL.len());
        assert_eq!(p.rows[2], (Column::Backend, false));
        let none = KeyModifiers::NONE;
        press(&mut p, KeyCode::Down, KeyModifiers::SHIFT); // Name below State
        assert_eq!(p.shown(), [Column::State, Column::Name]);
        press(&mut p, KeyCode::Down, none); // on Backend
        press(&mut p, KeyCode::Char(' '), none);
        press(&mut p, KeyCode::Char('K'), KeyModifiers::SHIFT);
        assert_eq!(p.shown(), [Column::State, Column::Backend, Column::Name]);
        assert_eq!(
            press(&mut p, KeyCode::Enter, none),
            PickerOutcome::Apply(vec![Column::State, Column::Backend, Column::Name])
        );
        assert_eq!(press(&mut p, KeyCode::Esc, none), PickerOutcome::Cancel);
    }

    #[test]
    fn the_last_shown_column_stays() {
        let mut p = ColumnPicker::new(&[Column::Name]);
        p.key(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
        assert_eq!(p.shown(), [Column::Name]);
        p.key(&KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
        assert_eq!(p.selected, 0, "nothing above the first row");
    }
}
