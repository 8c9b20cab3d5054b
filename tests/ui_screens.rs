//! Snapshots of every screen on ratatui's TestBackend at 120×36, from a deterministic world.

mod tui_common;
use tui_common::*;

#[test]
fn main_screen() {
    let app = world_app(60, 600);
    insta::assert_snapshot!("main", screen(&app));
}
