//! The TUI as a whole: take over the terminal and draw at once, start the pollers (which connect
//! the backends in the background, with backoff) and the runner, run the event loop, and put
//! everything back on the way out. Nothing waits for a backend before the first frame, so `q`
//! and Ctrl-C work at any time.

use super::event_loop::{self, Channels, Clock};
use super::runner;
use super::terminal::TerminalGuard;
use crate::app::{App, AppOptions, ToastLevel};
use crate::backend::{Fleet, SignInPolicy};
use crate::cli::LogLevel;
use crate::config::Config;
use crate::i18n::tf;
use crate::theme::{no_color_env, Theme};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::mpsc;

/// How the TUI is started.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// `--theme` (wins over NO_COLOR and the config).
    pub theme: Option<String>,
    /// `--readonly` (or the config's `readonly`).
    pub readonly: bool,
    /// Capture the mouse (wheel scrolls); off by default so text selection works.
    pub mouse: bool,
    /// `--log-level` for the log file.
    pub log_level: Option<LogLevel>,
    /// A line shown as the first toast (e.g. where the demo's simulator listens).
    pub banner: Option<String>,
    /// `--lang` (wins over the config's `lang` and the locale).
    pub lang: Option<crate::i18n::Lang>,
    /// `callboard wall`: start on the wallboard with these groups and filter.
    pub wall: Option<super::shift_io::WallStart>,
}

/// Runs the TUI on `config` until quit or `stop`; returns the exit code.
pub async fn run(config: Config, opts: TuiOptions, stop: impl Future<Output = ()>) -> u8 {
    let log = super::logging::init_file_logging(opts.log_level);
    let mut config = config;
    config.readonly |= opts.readonly;
    // No request yet: the pollers connect the backends once the screen is up. The dashboard's
    // inspector session is its own (a leftover one from an earlier run is taken over).
    let (fleet, errors) = Fleet::new(&config, SignInPolicy::TakeOver);
    let fleet = Arc::new(fleet);

    let theme_name = Theme::choose(
        opts.theme.as_deref(),
        config.theme.as_deref(),
        no_color_env(),
    );
    let (theme, theme_error) = Theme::resolve(&theme_name);
    let now = crate::clock::now_ms();
    let mut app_opts = AppOptions::from_config(&config, theme, now);
    app_opts.utc_offset_secs = chrono::Local::now().offset().local_minus_utc();
    app_opts.lang = crate::i18n::Lang::resolve(
        opts.lang.map(crate::i18n::Lang::code),
        config.lang.as_deref(),
    )
    .0;
    let lang = app_opts.lang;
    let mut app = App::new(app_opts);
    super::shift_io::configure(
        &mut app,
        &config,
        opts.wall.as_ref(),
        super::shift_io::history_path(),
    );
    if let Some(e) = theme_error {
        tracing::warn!(%e, "theme not loaded; using the default theme");
        app.toast(
            ToastLevel::Warn,
            tf(
                lang,
                "toast-theme-fallback",
                &[("reason", e.to_string().into())],
            ),
        );
    }
    for e in &errors {
        tracing::error!(%e, "audit log not opened");
        app.toast(ToastLevel::Error, e.to_string());
    }
    if let Some(b) = &opts.banner {
        app.toast(ToastLevel::Info, b.clone());
    }
    if let Some((path, _)) = &log {
        tracing::info!(path = %path.display(), "callboard TUI started");
    }

    let mut guard = match TerminalGuard::enter(opts.mouse) {
        Ok(guard) => guard,
        Err(e) => {
            eprintln!(
                "{}",
                tf(lang, "tui-no-terminal", &[("reason", e.to_string().into())])
            );
            drop(log);
            return 2;
        }
    };
    #[cfg(unix)]
    let suspender = super::terminal::suspend_on_sigtstp();
    let (event_tx, event_rx) = mpsc::channel(1024);
    let (cmd_tx, cmd_rx) = mpsc::channel(64);
    let (reply_tx, reply_rx) = mpsc::channel(64);
    let pollers = fleet.spawn_pollers(event_tx);
    let runner = tokio::spawn(runner::run(fleet.clone(), cmd_rx, reply_tx));
    let input = crossterm::event::EventStream::new();
    let channels = Channels {
        events: event_rx,
        replies: reply_rx,
        commands: cmd_tx,
    };
    let result = event_loop::run(&mut app, &mut guard, input, channels, Clock::System, stop).await;
    #[cfg(unix)]
    if let Some(s) = suspender {
        s.abort();
    }
    drop(guard);
    let code = match result {
        Ok(_) => 0,
        Err(e) => {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "tui-terminal-failed",
                    &[("reason", e.to_string().into())]
                )
            );
            1
        }
    };
    for p in pollers {
        p.abort();
    }
    runner.abort();
    fleet.shutdown().await;
    drop(log);
    code
}

/// A future that resolves on SIGTERM, SIGHUP, SIGINT or SIGQUIT (every fatal signal that can be
/// caught and means "end"). The handlers are installed now, before the terminal is taken over, so
/// a signal at any moment ends the loop (and the terminal is restored) instead of killing the
/// process. SIGTSTP is handled while the terminal is taken (see `terminal::suspend_on_sigtstp`).
pub fn stop_signals() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut streams: Vec<_> = [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
            SignalKind::quit(),
        ]
        .into_iter()
        .filter_map(|k| signal(k).ok())
        .collect();
        async move {
            if streams.is_empty() {
                // No handler could be installed: Ctrl-C still ends the loop (raw mode reads it
                // as a key), so wait for SIGINT the portable way.
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
            let waits = streams.iter_mut().map(|s| Box::pin(s.recv()));
            let _ = futures_util::future::select_all(waits).await;
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
