//! The column picker (`C`, or F2) as screens at 120×36: open over the roster with every column
//! and its visibility; Space hides one, Shift+↓ and K move them; Enter applies the new order and
//! visibility to the roster for the session; Esc leaves the columns as they were; in Chinese.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui_support;
use callboard::app::sort::Column;
use callboard::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::*;

fn shift(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::SHIFT)
}

#[test]
fn the_picker_hides_and_moves_columns_and_enter_applies_them() {
    let mut app = world_app(60, 600);
    press(&mut app, "C");
    assert!(app.column_picker.is_some(), "C opens the picker");
    insta::assert_snapshot!("column_picker_open", screen(&app));

    // Hide Backend (the first row), move Name (third) to the top, State below Time.
    app.handle_key(code(KeyCode::Char(' ')));
    press(&mut app, "jj");
    press(&mut app, "K");
    press(&mut app, "K");
    press(&mut app, "jjj");
    app.handle_key(shift(KeyCode::Down));
    insta::assert_snapshot!("column_picker_edited", screen(&app));
    app.handle_key(code(KeyCode::Enter));
    assert!(app.column_picker.is_none());
    assert_eq!(
        app.columns,
        [
            Column::Name,
            Column::Id,
            Column::Time,
            Column::State,
            Column::Reason,
            Column::Skills,
            Column::Extension
        ]
    );
    insta::assert_snapshot!("column_picker_applied", screen(&app));
}

#[test]
fn esc_cancels_and_f2_opens_it_too() {
    let mut app = world_app(60, 600);
    let before = app.columns.clone();
    app.handle_key(code(KeyCode::F(2)));
    app.handle_key(code(KeyCode::Char(' ')));
    app.handle_key(code(KeyCode::Esc));
    assert!(app.column_picker.is_none());
    assert_eq!(app.columns, before, "Esc changes nothing");
    // The last shown column cannot be hidden.
    app.columns = vec![Column::Name];
    press(&mut app, "C");
    app.handle_key(code(KeyCode::Char(' ')));
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.columns, [Column::Name]);
}

#[test]
fn the_picker_in_chinese() {
    let mut app = world_app_with(60, 600, |o| o.lang = Lang::ZhCn);
    press(&mut app, "C");
    insta::assert_snapshot!("column_picker_zh", screen(&app));
}
