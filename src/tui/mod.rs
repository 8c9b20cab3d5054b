//! The shell of the dashboard: the terminal guard, the event loop, the action runner, file
//! logging and demo start-up. It owns everything that touches the terminal, the clock, tasks and
//! the simulator; `app` (pure state) and `ui` (pure drawing) below it do none of that. Only
//! `run` (and `main` through it) uses this module.

pub mod demo;
pub mod event_loop;
pub mod logging;
pub mod runner;
pub mod shift_io;
mod start;
pub mod terminal;

pub use start::{run, stop_signals, TuiOptions};
