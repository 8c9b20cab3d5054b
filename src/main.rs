//! The `callboard` binary: parses the command line and dispatches to the library.
#![forbid(unsafe_code)]

use callboard::cli::{Cli, Command};
use callboard::run;
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
        let common = &cli.common;
        match cli.command {
            Some(Command::Sim(args)) => run::sim(common, args).await,
            Some(Command::Snapshot(args)) => run::snapshot(common, &args).await,
            Some(Command::Act(args)) => run::act(common, &args).await,
            Some(Command::Check) => run::check(common).await,
            Some(Command::Init(args)) => run::init(common, &args),
            Some(Command::Demo(args)) => run::demo(common, &args).await,
            Some(Command::Wall(args)) => run::wall(common, &args, cli.mouse).await,
            Some(Command::Serve(args)) => run::serve(common, &args).await,
            Some(Command::Completions(args)) => run::completions(&args),
            Some(Command::Man) => run::man(),
            None => run::no_command(common, cli.mouse).await,
        }
    });
    // Work still running in the background (a backend connecting, a secret command) must not
    // hold up the exit once the command is done.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    ExitCode::from(code)
}
