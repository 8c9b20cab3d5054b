//! Command-line definitions (clap) for the `callboard` binary.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "callboard",
    version,
    about = "Terminal supervisor dashboard for contact centers (Alibaba Cloud CCC, Huawei CC-Gateway)"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command accepts.
#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Config file (default: the platform's config directory, callboard/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log level: error, warn, info, debug or trace.
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the simulator of both vendor APIs until Ctrl-C.
    Sim(SimArgs),
}

#[derive(Debug, Args, Clone)]
pub struct SimArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8043", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Seed of the simulated world; the same seed and speed give the same world.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of agents, split between the Alibaba instance and the Huawei VDN.
    #[arg(long, default_value_t = 60)]
    pub agents: usize,
    /// Simulated seconds per real second: 0 freezes the world, 1 is real time.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Faults to inject, e.g. `latency=0.2@300ms,5xx=0.05,drop=0.02,malformed=0.02,throttle=0.1,guid-expiry=0.01`.
    #[arg(long, default_value = "", value_name = "SPEC")]
    pub faults: String,
    /// Write a callboard config pointing at this simulator to FILE.
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
    /// Huawei: seconds an event poll is held without events (gateway default 10).
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    pub poll_hold: f64,
    /// Huawei: seconds without an event poll before an agent is signed out (gateway default 120).
    #[arg(long, default_value_t = 120.0, value_name = "SECS")]
    pub idle_timeout: f64,
    /// Huawei: seconds between Guid rotations (GUIDINTERVAL, default 60).
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    pub guid_interval: f64,
}
