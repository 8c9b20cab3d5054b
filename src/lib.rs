//! callboard: a terminal supervisor dashboard for contact centers, and a simulator of the vendor APIs it watches.
#![forbid(unsafe_code)]

pub mod app;
pub mod audit;
pub mod backend;
pub mod cli;
pub mod clock;
pub mod colour;
pub mod config;
pub mod csv_text;
pub mod duration;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod headless;
pub mod i18n;
pub mod model;
pub mod run;
pub mod secret;
pub mod serve;
pub mod sim;
pub mod sync;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
