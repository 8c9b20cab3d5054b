//! The `callboard` binary: parses the command line and dispatches to the library.
#![forbid(unsafe_code)]

use callboard::cli::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("callboard: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(async move {
        match cli.command {
            Some(Command::Sim(args)) => callboard::run::sim(&cli.common, args).await,
            None => {
                eprintln!("callboard: the dashboard is not built yet; run `callboard sim` to start the simulator");
                2
            }
        }
    });
    ExitCode::from(code)
}
