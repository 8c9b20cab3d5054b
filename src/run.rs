//! Entry points of the commands: turn parsed arguments into running parts and exit codes.

use crate::cli::{
    ActArgs, CommonArgs, DemoArgs, InitArgs, LogLevel, ServeArgs, SimArgs, SnapshotArgs,
};
use crate::config::{default_config_path, write_starter_in};
use crate::headless::{self, flag_or_locale_lang, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::i18n::{tf, Lang};
use crate::sim::{self, FaultSpec, SimConfig};
use crate::tui::demo::Demo;
use crate::tui::{self, TuiOptions};
use std::io::Write;
use std::time::Duration;

/// `callboard snapshot`: one poll of the roster, printed; exit 1 when a backend failed.
pub async fn snapshot(common: &CommonArgs, args: &SnapshotArgs) -> u8 {
    init_stderr_logging(common, LogLevel::Warn);
    let demo = match frozen_demo(args.demo, "snapshot", flag_or_locale_lang(common)).await {
        Ok(d) => d,
        Err(code) => return code,
    };
    let code = headless::snapshot::run(common, args, demo.as_ref().map(Demo::config)).await;
    stop_demo(demo).await;
    code
}

/// `callboard act ACTION`: one action; exit 0 done, 1 refused or failed, 2 usage or config error.
pub async fn act(common: &CommonArgs, args: &ActArgs) -> u8 {
    init_stderr_logging(common, LogLevel::Warn);
    let (_, options) = headless::act::request(&args.action);
    let demo = match frozen_demo(options.demo, "act", flag_or_locale_lang(common)).await {
        Ok(d) => d,
        Err(code) => return code,
    };
    // A held session (Huawei `sign-in --hold`) ends on the same signals as the dashboard; they
    // are installed before anything is sent, so none is missed.
    let stop = headless::act::hold_of(&args.action)
        .map(|_| -> headless::hold::StopSignal { Box::pin(tui::stop_signals()) });
    let code =
        headless::act::run(common, &args.action, demo.as_ref().map(Demo::config), stop).await;
    stop_demo(demo).await;
    code
}

/// With `--demo`, the embedded simulator's frozen world for a headless command.
async fn frozen_demo(wanted: bool, command: &str, lang: Lang) -> Result<Option<Demo>, u8> {
    if !wanted {
        return Ok(None);
    }
    match Demo::start(Demo::frozen()).await {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "run-no-embedded-sim",
                    &[
                        ("command", command.into()),
                        ("reason", e.to_string().into())
                    ]
                )
            );
            Err(headless::EXIT_FAILED)
        }
    }
}

async fn stop_demo(demo: Option<Demo>) {
    if let Some(d) = demo {
        d.shutdown().await;
    }
}

/// `callboard check`: config, theme, and every backend once.
pub async fn check(common: &CommonArgs) -> u8 {
    init_stderr_logging(common, LogLevel::Warn);
    headless::check::run(common).await
}

/// `callboard completions SHELL`: the completion script on stdout.
pub fn completions(args: &crate::cli::CompletionsArgs) -> u8 {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    clap_complete::generate(args.shell, &mut cmd, "callboard", &mut std::io::stdout());
    EXIT_OK
}

/// `callboard man`: the man page (roff) on stdout.
pub fn man() -> u8 {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    match clap_mangen::Man::new(cmd).render(&mut out) {
        Ok(()) => {
            // A closed pipe (`callboard man | head`) is not worth a message.
            let _ = std::io::stdout().write_all(&out);
            EXIT_OK
        }
        Err(e) => {
            eprintln!("callboard man: cannot render the man page: {e}");
            EXIT_FAILED
        }
    }
}

/// `callboard init [--force]`: writes the commented starter config to `--config` or the default path.
pub fn init(common: &CommonArgs, args: &InitArgs) -> u8 {
    let path = match common.config.clone().map_or_else(default_config_path, Ok) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("callboard init: {e}");
            return EXIT_USAGE;
        }
    };
    let lang = flag_or_locale_lang(common);
    match write_starter_in(&path, args.force, lang) {
        Ok(()) => {
            let flag = common
                .config
                .as_ref()
                .map(|p| format!(" --config {}", p.display()))
                .unwrap_or_default();
            println!(
                "{}",
                crate::i18n::tf(
                    lang,
                    "init-wrote",
                    &[
                        ("path", path.display().to_string().into()),
                        ("flag", flag.into())
                    ]
                )
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("callboard init: {e}");
            EXIT_USAGE
        }
    }
}

fn tui_options(common: &CommonArgs, mouse: bool) -> TuiOptions {
    TuiOptions {
        theme: common.theme.clone(),
        readonly: common.readonly,
        mouse,
        log_level: common.log_level,
        banner: None,
        lang: common.lang,
        wall: None,
    }
}

/// `callboard demo`: the TUI on the embedded simulator (both vendors, real time).
pub async fn demo(common: &CommonArgs, args: &DemoArgs) -> u8 {
    tui::demo::run(
        tui_options(common, args.mouse),
        args.agents,
        tui::stop_signals(),
    )
    .await
}

/// `callboard wall`: the dashboard opened on the wallboard (on the config's backends, or the
/// simulator with `--demo`).
pub async fn wall(common: &CommonArgs, args: &crate::cli::WallArgs, mouse: bool) -> u8 {
    if let Some(f) = &args.filter {
        if let Err(e) = crate::app::filter::Filter::parse(f) {
            eprintln!(
                "callboard wall --filter: {}",
                e.message(flag_or_locale_lang(common))
            );
            return EXIT_USAGE;
        }
    }
    let opts = TuiOptions {
        wall: Some(tui::shift_io::WallStart {
            groups: args.groups.clone(),
            filter: args.filter.clone(),
        }),
        ..tui_options(common, mouse)
    };
    if args.demo {
        return tui::demo::run(opts, args.agents, tui::stop_signals()).await;
    }
    dashboard(common, opts).await
}

/// `callboard` without a command: the TUI on the config, or how to start when there is none.
pub async fn no_command(common: &CommonArgs, mouse: bool) -> u8 {
    dashboard(common, tui_options(common, mouse)).await
}

/// The TUI on the config with `opts`, or how to start when there is no config.
async fn dashboard(common: &CommonArgs, opts: TuiOptions) -> u8 {
    let lang = flag_or_locale_lang(common);
    let path = common.config.clone().map_or_else(default_config_path, Ok);
    match path {
        Ok(p) if p.is_file() => match headless::load_config(common, "") {
            Ok(loaded) => tui::run(loaded.config, opts, tui::stop_signals()).await,
            Err(code) => code,
        },
        Ok(p) => {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "run-no-config",
                    &[("path", p.display().to_string().into())]
                )
            );
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "run-no-config-path",
                    &[("reason", e.to_string().into())]
                )
            );
            EXIT_USAGE
        }
    }
}

/// Sets up logging to stderr at `--log-level` (else `default`), for non-TUI commands.
pub fn init_stderr_logging(common: &CommonArgs, default: LogLevel) {
    let level = common.log_level.unwrap_or(default);
    let filter = tracing_subscriber::EnvFilter::new(format!("callboard={}", level.as_filter()));
    // No escape codes in a redirected stderr (or when NO_COLOR / CLICOLOR=0 say so).
    let ansi = crate::colour::stream_colour(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .try_init();
}

fn secs(value: f64, flag: &str) -> Result<Duration, String> {
    if value.is_finite() && value > 0.0 {
        Ok(Duration::from_secs_f64(value))
    } else {
        // `callboard sim` is the developers' tool: its messages stay English, like `--help`.
        Err(format!(
            "{flag} must be a positive number of seconds (got {value})"
        ))
    }
}

/// Builds the simulator config from `callboard sim` arguments.
pub fn sim_config(args: &SimArgs) -> Result<SimConfig, String> {
    let faults = FaultSpec::parse(&args.faults).map_err(|e| format!("--faults: {e}"))?;
    let mut config = SimConfig {
        listen: args.listen,
        seed: args.seed,
        agents: args.agents,
        speed: args.speed,
        faults,
        ..SimConfig::default()
    };
    config.huawei.poll_hold = secs(args.poll_hold, "--poll-hold")?;
    config.huawei.idle_timeout = secs(args.idle_timeout, "--idle-timeout")?;
    config.huawei.guid_interval = secs(args.guid_interval, "--guid-interval")?;
    config.huawei.guid_timeout = config.huawei.guid_interval * 2;
    config.require_sts_token = args.require_sts_token;
    config.sts_lifetime = args.sts_lifetime.map(Duration::from_secs);
    config.metadata_listen = args.metadata_listen;
    Ok(config)
}

/// `callboard sim`: serves until Ctrl-C or SIGTERM. Returns the exit code.
pub async fn sim(common: &CommonArgs, args: SimArgs) -> u8 {
    init_stderr_logging(common, LogLevel::Info);
    let config = match sim_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("callboard sim: {e}");
            return 2;
        }
    };
    let running = match sim::start(config.clone()).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("callboard sim: {e}");
            return 2;
        }
    };
    if let Some(path) = &args.write_config {
        let truth = running.shared.lock().world.truth();
        let cfg = sim::write_config::sim_config(&config, running.addr, &truth);
        let written = sim::write_config::render(&cfg, running.addr)
            .map_err(|e| e.to_string())
            .and_then(|text| sim::write_config::write(path, &text).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("callboard sim: cannot write the config to {}: {e}; check the directory exists and is writable", path.display());
            running.shutdown().await;
            return 2;
        }
    }
    print_banner(&config, &running, args.write_config.as_deref());
    tui::stop_signals().await;
    eprintln!("callboard sim: shutting down");
    running.shutdown().await;
    0
}

fn print_banner(config: &SimConfig, running: &sim::RunningSim, written: Option<&std::path::Path>) {
    let text = sim::banner::text(config, running, written);
    // A closed stdout (a pipe whose reader went away) must not take the simulator down.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// `callboard serve`: the dashboard over SSH until Ctrl-C or SIGTERM (see [`crate::serve`]).
pub async fn serve(common: &CommonArgs, args: &ServeArgs) -> u8 {
    init_stderr_logging(common, LogLevel::Info);
    let lang = flag_or_locale_lang(common);
    let demo = if args.demo {
        let sim_config = SimConfig {
            agents: args.agents,
            ..SimConfig::default()
        };
        match Demo::start(sim_config).await {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!(
                    "{}",
                    tf(lang, "demo-no-sim", &[("reason", e.to_string().into())])
                );
                return EXIT_FAILED;
            }
        }
    } else {
        None
    };
    let config = match &demo {
        Some(d) => {
            let mut config = d.config().clone();
            config.audit_log = std::env::temp_dir()
                .join(format!(
                    "callboard-serve-demo-audit-{}.jsonl",
                    std::process::id()
                ))
                .to_str()
                .map(str::to_string);
            config
        }
        None => match headless::load_config(common, "serve") {
            Ok(loaded) => loaded.config,
            Err(code) => return code,
        },
    };
    let code = match serve_setup(common, args, config) {
        Ok(setup) => serve_until_stopped(setup, demo.as_ref().map(Demo::addr), lang).await,
        Err(message) => {
            eprintln!("{message}");
            EXIT_USAGE
        }
    };
    stop_demo(demo).await;
    code
}

/// Flags over `[serve]` over the defaults; the error is the message to print.
fn serve_setup(
    common: &CommonArgs,
    args: &ServeArgs,
    config: crate::config::Config,
) -> Result<crate::serve::ServeSetup, String> {
    let lang = Lang::resolve(common.lang.map(Lang::code), config.lang.as_deref()).0;
    let section = config.serve.clone().unwrap_or_default();
    let listen_text = args
        .listen
        .clone()
        .or(section.listen.clone())
        .unwrap_or_else(|| crate::config::DEFAULT_SERVE_LISTEN.to_string());
    let listen = crate::config::parse_listen(&listen_text)
        .map_err(|reason| tf(lang, "serve-bad-listen", &[("reason", reason.into())]))?;
    let host_key = match args
        .host_key
        .clone()
        .or_else(|| section.host_key.as_deref().map(crate::config::expand_home))
    {
        Some(p) => p,
        None => {
            let dir =
                crate::config::state_dir().ok_or_else(|| tf(lang, "serve-no-state-dir", &[]))?;
            std::fs::create_dir_all(&dir).map_err(|e| {
                tf(
                    lang,
                    "serve-failed",
                    &[(
                        "reason",
                        format!(
                            "cannot create {}: {e}; name a host key with --host-key FILE",
                            dir.display()
                        )
                        .into(),
                    )],
                )
            })?;
            dir.join(crate::config::DEFAULT_HOST_KEY_FILE)
        }
    };
    let authorized_keys = args
        .authorized_keys
        .clone()
        .or_else(|| {
            section
                .authorized_keys
                .as_deref()
                .map(crate::config::expand_home)
        })
        .ok_or_else(|| tf(lang, "serve-no-keys", &[]))?;
    Ok(crate::serve::ServeSetup {
        readonly: common.readonly || section.readonly || config.readonly,
        listen,
        host_key,
        authorized_keys,
        theme: common.theme.clone(),
        lang: common.lang,
        config,
    })
}

async fn serve_until_stopped(
    setup: crate::serve::ServeSetup,
    demo: Option<std::net::SocketAddr>,
    lang: Lang,
) -> u8 {
    let stop = tui::stop_signals();
    let host_key = setup.host_key.display().to_string();
    let audit = crate::audit::path_of(&setup.config).display().to_string();
    let running = match crate::serve::start(setup).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "{}",
                tf(lang, "serve-failed", &[("reason", e.to_string().into())])
            );
            return EXIT_FAILED;
        }
    };
    let fingerprint = running.host_key_fingerprint.clone();
    let key_id = if running.host_key_generated {
        "serve-host-key-new"
    } else {
        "serve-host-key"
    };
    let mut lines = vec![
        tf(
            lang,
            "serve-listening",
            &[
                ("addr", running.addr.to_string().into()),
                ("keys", running.keys.len().into()),
                ("operators", running.keys.operators().into()),
            ],
        ),
        tf(
            lang,
            key_id,
            &[
                ("path", host_key.into()),
                ("fingerprint", fingerprint.into()),
            ],
        ),
        tf(lang, "serve-audit", &[("path", audit.into())]),
    ];
    if let Some(addr) = demo {
        lines.push(tf(lang, "serve-demo", &[("addr", addr.to_string().into())]));
    }
    let host = if running.addr.ip().is_unspecified() {
        "HOST".to_string()
    } else {
        running.addr.ip().to_string()
    };
    lines.push(tf(
        lang,
        "serve-connect",
        &[
            ("port", running.addr.port().to_string().into()),
            ("user", "supervisor".into()),
            ("host", host.into()),
        ],
    ));
    // A closed stdout must not take the server down.
    let _ = writeln!(std::io::stdout().lock(), "{}", lines.join("\n"));
    stop.await;
    eprintln!("{}", crate::i18n::t(lang, "serve-stopping"));
    running.shutdown().await;
    EXIT_OK
}
