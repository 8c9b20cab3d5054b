//! `callboard act ACTION --backend NAME --agent ID`: one action without the TUI.
//!
//! The action goes through [`Fleet::act`], the TUI's code path, so it is written to the audit log
//! the same way; one refused before any backend is connected (read-only, a backend the config does
//! not have, a flag the backend's vendor does not use, a backend that could not be started) is
//! recorded too. Exit 0: done (the action asked, nothing else); 1: refused or failed (read-only,
//! the vendor said no, the backend could not be reached), with the reason in plain words; 2: bad
//! arguments or config (also a flag or action the backend's vendor does not have, and a Huawei
//! sign-in without `--hold`); 3: the outcome is unknown (the answer was lost and reading the
//! agent back could not tell). Huawei `sign-in --hold` is in [`super::hold`].

use super::hold::{self, StopSignal};
use super::{Setup, EXIT_FAILED, EXIT_OK, EXIT_USAGE};

/// The action may or may not have happened (its answer was lost and the read-back could not
/// tell): check the agent before trying again.
pub const EXIT_UNKNOWN: u8 = 3;
use crate::backend::{record_unsent, ActionKind, ActionOutcome, ActionRequest, OutcomeStatus};
use crate::backend::{unused_words, vendor_name, Fleet};
use crate::cli::{ActFormat, ActOptions, Action, CommonArgs, OnExit};
use crate::config::{BackendKind, Config};
use serde::Serialize;

/// The request an `act` command line asks for, and its output options.
pub fn request(action: &Action) -> (ActionRequest, &ActOptions) {
    let req = |target: &crate::cli::Target, kind| ActionRequest {
        backend: target.backend.clone(),
        agent: target.agent.clone(),
        kind,
    };
    match action {
        Action::SignIn {
            target,
            device,
            skill_groups,
            options,
            ..
        } => (
            req(
                target,
                ActionKind::SignIn {
                    device: device.clone(),
                    skill_groups: skill_groups.clone(),
                },
            ),
            options,
        ),
        Action::Reset {
            target,
            idle,
            options,
        } => (req(target, ActionKind::Reset { idle: *idle }), options),
        Action::ResetAll { backend, options } => (
            ActionRequest {
                backend: backend.clone(),
                agent: String::new(),
                kind: ActionKind::ResetAll,
            },
            options,
        ),
        Action::IvrAuth {
            target,
            flow,
            options,
        } => (
            req(target, ActionKind::IvrAuth { flow: flow.clone() }),
            options,
        ),
        Action::Break {
            target,
            code,
            secs,
            options,
        } => (
            req(
                target,
                ActionKind::Break {
                    code: code.clone(),
                    secs: *secs,
                },
            ),
            options,
        ),
        Action::Ready { target, options } => (req(target, ActionKind::Ready), options),
        Action::SignOut { target, options } => (req(target, ActionKind::SignOut), options),
    }
}

/// `Some(what to do on exit)` when the command line asks to hold the session (`sign-in --hold`).
pub fn hold_of(action: &Action) -> Option<OnExit> {
    match action {
        Action::SignIn {
            hold: true,
            on_exit,
            ..
        } => Some(on_exit.unwrap_or_default()),
        _ => None,
    }
}

/// What is wrong with the arguments beyond what clap checks (empty values).
fn usage_problem(req: &ActionRequest) -> Option<String> {
    let blank = |s: &str| s.trim().is_empty();
    if blank(&req.backend) {
        return Some("--backend is empty; give the backend's name from the config".to_string());
    }
    if !matches!(req.kind, ActionKind::ResetAll) && blank(&req.agent) {
        return Some(
            "--agent is empty; give the agent id (Alibaba login@instance, Huawei work number)"
                .to_string(),
        );
    }
    match &req.kind {
        ActionKind::IvrAuth { flow } if blank(flow) => Some(
            "--flow is empty; give the contact flow id or name (Huawei: the IVR access code)"
                .to_string(),
        ),
        ActionKind::Break { code, .. } if blank(code) => {
            Some("--code is empty; give a break code (Alibaba) or rest cause (Huawei)".to_string())
        }
        ActionKind::SignIn {
            device: Some(d), ..
        } if blank(d) => {
            Some("--device is empty; leave it out to use the agent's own device".to_string())
        }
        _ => None,
    }
}

/// What is wrong with the arguments for the backend's vendor: a flag it would ignore, an action
/// it does not have, and a Huawei sign-in that nothing would keep alive (no `--hold`).
fn vendor_problem(
    req: &ActionRequest,
    vendor: BackendKind,
    hold: Option<OnExit>,
) -> Option<String> {
    let b = &req.backend;
    let name = vendor_name(vendor);
    let unused = req.kind.unused_by(vendor);
    if !unused.is_empty() {
        return Some(format!(
            "{}. Backend {b} is {name}, so nothing was sent; leave {} out",
            unused_words(&unused, vendor),
            if unused.len() == 1 { "it" } else { "them" }
        ));
    }
    match (&req.kind, vendor, hold) {
        (ActionKind::ResetAll, BackendKind::Huawei, _) => Some(format!(
            "reset-all does not apply to {name}: it is Alibaba Cloud CCC's ResetUserStatus; \
             backend {b} is {name}, so nothing was sent: reset its agents one at a time with \
             `callboard act reset --backend {b} --agent WORKNO`"
        )),
        (ActionKind::SignIn { .. }, BackendKind::Aliyun, Some(_)) => Some(format!(
            "--hold does not apply to {name}: an Alibaba agent stays signed in after callboard \
             exits, so there is no session to hold; backend {b} is {name}, so nothing was sent: \
             leave --hold (and --on-exit) out"
        )),
        (ActionKind::SignIn { .. }, BackendKind::Huawei, None) => Some(format!(
            "on {name} an agent stays signed in only while a client polls its events, and \
             `act` would exit at once: the gateway would sign agent {} out after its heartbeat \
             timeout (2 minutes) without a poll. Nothing was sent. Add --hold to hold the session \
             in the foreground until Ctrl-C or SIGTERM (it then signs the agent out; \
             --on-exit stay leaves it signed in), or sign the agent in from the dashboard, which \
             holds the session while it runs",
            req.agent.trim()
        )),
        _ => None,
    }
}

/// The target in words: `agent 1001 on huawei-sim`, or `every agent on aliyun-sim`.
fn target_words(req: &ActionRequest) -> String {
    if matches!(req.kind, ActionKind::ResetAll) {
        format!("every agent on {}", req.backend)
    } else {
        format!("agent {} on {}", req.agent, req.backend)
    }
}

#[derive(Serialize)]
struct JsonResult<'a> {
    request: &'a ActionRequest,
    #[serde(flatten)]
    outcome: &'a ActionOutcome,
}

/// Prints the outcome and returns the exit code: [`EXIT_OK`] done (also when a lost answer was
/// verified applied), [`EXIT_UNKNOWN`] when it may or may not have happened, else [`EXIT_FAILED`].
fn report(req: &ActionRequest, outcome: &ActionOutcome, format: ActFormat) -> u8 {
    print_outcome(req, outcome, format, false)
}

/// [`report`] with JSON on one line (`sign-in --hold` prints one object per outcome: the
/// sign-in's, then the sign-out's on exit).
pub(super) fn report_line(req: &ActionRequest, outcome: &ActionOutcome, format: ActFormat) -> u8 {
    print_outcome(req, outcome, format, true)
}

fn print_outcome(
    req: &ActionRequest,
    outcome: &ActionOutcome,
    format: ActFormat,
    one_line: bool,
) -> u8 {
    let target = target_words(req);
    let name = req.kind.name();
    match format {
        ActFormat::Json => {
            let doc = JsonResult {
                request: req,
                outcome,
            };
            let text = if one_line {
                serde_json::to_string(&doc)
            } else {
                serde_json::to_string_pretty(&doc)
            };
            match text {
                Ok(text) => println!("{text}"),
                Err(e) => eprintln!("callboard act: cannot write the outcome as JSON: {e}"),
            }
            if !outcome.ok {
                eprintln!("callboard act {name}: {}", outcome.summary);
            }
        }
        ActFormat::Text => match outcome.status {
            OutcomeStatus::Ok => println!("{name} {target}: done: {}", outcome.summary),
            OutcomeStatus::Unknown => eprintln!(
                "callboard act {name} {target}: outcome unknown: {}",
                outcome.summary
            ),
            OutcomeStatus::Refused | OutcomeStatus::Failed => eprintln!(
                "callboard act {name} {target}: not done: {}",
                outcome.summary
            ),
        },
    }
    match outcome.status {
        OutcomeStatus::Ok => EXIT_OK,
        OutcomeStatus::Unknown => EXIT_UNKNOWN,
        OutcomeStatus::Refused | OutcomeStatus::Failed => EXIT_FAILED,
    }
}

/// A refusal before any backend was connected (read-only, a backend the config does not have):
/// recorded in the audit log like every action, then printed.
fn refused(config: &Config, req: &ActionRequest, summary: String, format: ActFormat) -> u8 {
    let outcome = record_unsent(config, req, ActionOutcome::refused(summary));
    report(req, &outcome, format)
}

/// `callboard act`. Returns the exit code.
/// `demo` is the embedded simulator's config when `--demo` is given; `stop` ends a held
/// session (`sign-in --hold`): the shell passes its stop signals, installed before anything is
/// sent.
pub async fn run(
    common: &CommonArgs,
    action: &Action,
    demo: Option<&Config>,
    stop: Option<StopSignal>,
) -> u8 {
    let (req, options) = request(action);
    if let Some(problem) = usage_problem(&req) {
        eprintln!("callboard act {}: {problem}", req.kind.name());
        return EXIT_USAGE;
    }
    let setup = match Setup::new(common, demo, "act") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let hold = hold_of(action).map(|on_exit| (on_exit, stop));
    act(common, &setup, &req, options.format, hold).await
}

async fn act(
    common: &CommonArgs,
    setup: &Setup,
    req: &ActionRequest,
    format: ActFormat,
    hold: Option<(OnExit, Option<StopSignal>)>,
) -> u8 {
    let config = match setup.select(Some(&req.backend)) {
        Ok(c) => c,
        Err(message) => {
            // Nothing was tried, but the attempt is recorded like every action.
            let outcome = record_unsent(&setup.config, req, ActionOutcome::refused(message));
            eprintln!("callboard act {}: {}", req.kind.name(), outcome.summary);
            return EXIT_USAGE;
        }
    };
    if let Some(vendor) = config.backend(&req.backend).map(|b| b.kind) {
        if let Some(problem) = vendor_problem(req, vendor, hold.as_ref().map(|(o, _)| *o)) {
            let outcome = record_unsent(&config, req, ActionOutcome::refused(problem));
            eprintln!("callboard act {}: {}", req.kind.name(), outcome.summary);
            return EXIT_USAGE;
        }
    }
    if common.readonly || config.readonly {
        let why = if common.readonly {
            "--readonly was given".to_string()
        } else {
            format!("readonly = true in {}", setup.origin())
        };
        let fix = if common.readonly {
            "run it again without --readonly"
        } else {
            "set readonly = false in the config to allow actions"
        };
        return refused(
            &config,
            req,
            format!(
                "read-only: callboard does not act on agents because {why}; nothing was sent \
                 to {}. To act, {fix}",
                req.backend
            ),
            format,
        );
    }
    let (fleet, errors) = Fleet::connect(&config).await;
    if fleet.backend(&req.backend).is_none() {
        fleet.shutdown().await;
        let reason = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        let reason = if reason.is_empty() {
            format!("backend {} could not be started", req.backend)
        } else {
            reason
        };
        let outcome = fleet.record(
            req,
            ActionOutcome::failed(format!("nothing was done: {reason}"), reason),
        );
        return report(req, &outcome, format);
    }
    let outcome = fleet.act(req.clone()).await;
    let code = match hold {
        Some((on_exit, stop)) if outcome.ok => {
            // Without a stop signal (none could be installed) the hold ends at once.
            let stop = stop.unwrap_or_else(|| Box::pin(async {}));
            hold::hold(&fleet, req, &outcome, on_exit, stop, format).await
        }
        Some(_) => report_line(req, &outcome, format),
        None => report(req, &outcome, format),
    };
    fleet.shutdown().await;
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<ActionRequest, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("callboard").chain(args.iter().copied()))?;
        match cli.command {
            Some(Command::Act(a)) => Ok(request(&a.action).0),
            other => panic!("not act: {other:?}"),
        }
    }

    #[test]
    fn every_action_parses_into_its_request() {
        let r = parse(&[
            "act",
            "sign-in",
            "--backend",
            "b",
            "--agent",
            "a",
            "--device",
            "d",
            "--skill-group",
            "g1",
            "--skill-group",
            "g2",
        ])
        .expect("parses");
        assert_eq!(
            r.kind,
            ActionKind::SignIn {
                device: Some("d".into()),
                skill_groups: vec!["g1".into(), "g2".into()]
            }
        );
        assert_eq!((r.backend.as_str(), r.agent.as_str()), ("b", "a"));
        let kind = |args: &[&str]| parse(args).expect("parses").kind;
        assert_eq!(
            kind(&["act", "reset", "--backend", "b", "--agent", "a", "--idle"]),
            ActionKind::Reset { idle: true }
        );
        assert_eq!(
            kind(&["act", "reset-all", "--backend", "b"]),
            ActionKind::ResetAll
        );
        assert_eq!(
            kind(&[
                "act",
                "ivr-auth",
                "--backend",
                "b",
                "--agent",
                "a",
                "--flow",
                "auth"
            ]),
            ActionKind::IvrAuth {
                flow: "auth".into()
            }
        );
        assert_eq!(
            kind(&[
                "act",
                "break",
                "--backend",
                "b",
                "--agent",
                "a",
                "--code",
                "lunch",
                "--secs",
                "60"
            ]),
            ActionKind::Break {
                code: "lunch".into(),
                secs: Some(60)
            }
        );
        assert_eq!(
            kind(&["act", "ready", "--backend", "b", "--agent", "a"]),
            ActionKind::Ready
        );
        assert_eq!(
            kind(&[
                "--readonly",
                "act",
                "sign-out",
                "--backend",
                "b",
                "--agent",
                "a",
                "--format",
                "json"
            ]),
            ActionKind::SignOut
        );
    }

    #[test]
    fn missing_or_wrong_arguments_are_usage_errors() {
        for args in [
            &["act", "ready", "--backend", "b"][..],
            &["act", "break", "--backend", "b", "--agent", "a"],
            &["act", "reset-all", "--backend", "b", "--agent", "a"],
            &["act", "dance", "--backend", "b", "--agent", "a"],
            &[
                "act",
                "break",
                "--backend",
                "b",
                "--agent",
                "a",
                "--code",
                "x",
                "--secs",
                "-1",
            ],
        ] {
            let e = parse(args).expect_err("refused");
            assert_eq!(e.exit_code(), 2, "{args:?}");
        }
        let blank = parse(&["act", "ready", "--backend", "b", "--agent", " "]).expect("parses");
        assert!(usage_problem(&blank).is_some_and(|p| p.contains("--agent")));
    }
}
