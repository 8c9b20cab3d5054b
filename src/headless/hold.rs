//! `callboard act sign-in --hold` on Huawei: after the sign-in, signs the inspector out (so a long
//! hold never competes with a dashboard for the inspector's one session) and holds the agent's
//! session in the foreground (its event poll is the gateway's heartbeat) until a stop signal
//! (Ctrl-C, SIGTERM, SIGHUP), then signs the agent out (`--on-exit sign-out`, audited like every action) or stops
//! polling and leaves it signed in (`--on-exit stay`). A session the gateway ends meanwhile
//! (signed in elsewhere, forced out) ends the command with exit 1.

use super::act::{report_line, Print};
use super::{EXIT_FAILED, EXIT_OK};
use crate::backend::{ActionKind, ActionOutcome, ActionRequest, Backend, BackendEvent, Fleet};
use crate::cli::OnExit;
use crate::i18n::{t, tf, Lang};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use tokio::sync::mpsc;

/// What ends the hold: the shell's stop signals (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT).
pub type StopSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// How often the session is looked at besides its own updates (a fallback: the updates say it
/// first).
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// What the agent is left as on exit, in words.
pub fn on_exit_words(on_exit: OnExit, lang: Lang) -> String {
    match on_exit {
        OnExit::SignOut => t(lang, "hold-exit-sign-out"),
        OnExit::Stay => t(lang, "hold-exit-stay"),
    }
}

/// After the sign-in `req` (done: `signed_in`): prints it, holds the session until `stop`, then
/// does what `on_exit` says. Returns the exit code.
pub async fn hold(
    fleet: &Fleet,
    req: &ActionRequest,
    signed_in: &ActionOutcome,
    on_exit: OnExit,
    stop: StopSignal,
    print: Print<'_>,
) -> u8 {
    let w = req.agent.trim();
    let b = &req.backend;
    let lang = print.lang;
    let say = |id: &str| {
        tf(
            lang,
            id,
            &[("agent", w.into()), ("backend", b.as_str().into())],
        )
    };
    let Some(Backend::Huawei(huawei)) = fleet.backend(b) else {
        report_line(req, signed_in, print);
        eprintln!("{}", say("hold-not-huawei"));
        return EXIT_FAILED;
    };
    let (tx, rx) = mpsc::channel(256);
    huawei.set_sink(tx);
    // The inspector is not needed while holding (the sign-out on exit goes through the held
    // session): signed out now, it never competes with a dashboard for its one session.
    huawei.stop_inspector().await;
    report_line(req, signed_in, print);
    let mut events = Some(rx);
    eprintln!(
        "{}",
        tf(
            lang,
            "hold-holding",
            &[
                ("agent", w.into()),
                ("backend", b.as_str().into()),
                ("then", on_exit_words(on_exit, lang).into()),
            ],
        )
    );
    let mut stop = stop;
    let mut check = tokio::time::interval(CHECK_EVERY);
    let mut last_word: Option<String> = None;
    let stopped = loop {
        if !huawei.holds(w) {
            break false;
        }
        tokio::select! {
            () = &mut stop => break true,
            ev = async { match events.as_mut() { Some(rx) => rx.recv().await, None => std::future::pending().await } } => match ev {
                Some(BackendEvent::Log(entry)) if entry.agent.as_deref() == Some(w) => {
                    eprintln!("{b}: {}", entry.text);
                    last_word = Some(entry.text);
                }
                Some(_) => {}
                None => events = None,
            },
            _ = check.tick() => {}
        }
    };
    if !stopped {
        // The gateway's last word about the session, as the backend wrote it.
        let id = if last_word.is_some() {
            "hold-ended-why"
        } else {
            "hold-ended"
        };
        eprintln!(
            "{}",
            tf(
                lang,
                id,
                &[
                    ("agent", w.into()),
                    ("backend", b.as_str().into()),
                    ("why", last_word.unwrap_or_default().into()),
                ],
            )
        );
        return EXIT_FAILED;
    }
    match on_exit {
        OnExit::Stay => {
            eprintln!("{}", say("hold-stayed"));
            EXIT_OK
        }
        OnExit::SignOut => {
            eprintln!("{}", say("hold-stopping"));
            let out = ActionRequest {
                backend: req.backend.clone(),
                agent: req.agent.clone(),
                kind: ActionKind::SignOut,
            };
            let outcome = fleet.act(out.clone()).await;
            let code = report_line(&out, &outcome, print);
            if !outcome.ok {
                eprintln!("{}", say("hold-sign-out-failed"));
            }
            code
        }
    }
}
