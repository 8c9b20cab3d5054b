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
use super::{flag_or_locale_lang, Setup, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::app::action_words::{action_name, status_words};
use crate::i18n::{t, tf, Lang};

/// The action may or may not have happened (its answer was lost and the read-back could not
/// tell): check the agent before trying again.
pub const EXIT_UNKNOWN: u8 = 3;
use crate::backend::{record_unsent, ActionKind, ActionOutcome, ActionRequest, OutcomeStatus};
use crate::backend::{unused_words, Fleet, UnusedParameter};
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

/// What is wrong with the arguments beyond what clap checks (empty values), in `lang`.
fn usage_problem(req: &ActionRequest, lang: Lang) -> Option<String> {
    let blank = |s: &str| s.trim().is_empty();
    let say = |id: &str| Some(t(lang, id));
    if blank(&req.backend) {
        return say("act-empty-backend");
    }
    if !matches!(req.kind, ActionKind::ResetAll) && blank(&req.agent) {
        return say("act-empty-agent");
    }
    match &req.kind {
        ActionKind::IvrAuth { flow } if blank(flow) => say("act-empty-flow"),
        ActionKind::Break { code, .. } if blank(code) => say("act-empty-code"),
        ActionKind::SignIn {
            device: Some(d), ..
        } if blank(d) => say("act-empty-device"),
        _ => None,
    }
}

/// The vendor's name in `lang` (`Alibaba Cloud CCC`, 华为 CC-Gateway).
pub fn vendor_words(vendor: BackendKind, lang: Lang) -> String {
    t(
        lang,
        match vendor {
            BackendKind::Aliyun => "vendor-aliyun",
            BackendKind::Huawei => "vendor-huawei",
        },
    )
}

/// Why a flag does not apply to `vendor`, in `lang` (in English the words of
/// [`crate::backend::unused_words`], which the audit log keeps).
fn unused_in(unused: &[UnusedParameter], vendor: BackendKind, lang: Lang) -> String {
    let vendor_arg = || vec![("vendor", vendor_words(vendor, lang).into())];
    unused
        .iter()
        .map(|u| {
            let id = match u.field {
                "device" => "act-unused-device",
                "skill_groups" => "act-unused-skill-groups",
                "idle" => "act-unused-idle",
                "secs" => "act-unused-secs",
                // A parameter without words of its own here: the backend's.
                _ => return unused_words(std::slice::from_ref(u), vendor),
            };
            tf(lang, id, &vendor_arg())
        })
        .collect::<Vec<_>>()
        .join(&t(lang, "act-unused-separator"))
}

/// What is wrong with the arguments for the backend's vendor: a flag it would ignore, an action
/// it does not have, and a Huawei sign-in that nothing would keep alive (no `--hold`).
fn vendor_problem(
    req: &ActionRequest,
    vendor: BackendKind,
    hold: Option<OnExit>,
    lang: Lang,
) -> Option<String> {
    let b = &req.backend;
    let name = vendor_words(vendor, lang);
    let unused = req.kind.unused_by(vendor);
    let words = |id: &str| {
        Some(tf(
            lang,
            id,
            &[
                ("backend", b.into()),
                ("vendor", (&name).into()),
                ("agent", req.agent.trim().into()),
            ],
        ))
    };
    if !unused.is_empty() {
        return Some(tf(
            lang,
            "act-unused",
            &[
                ("unused", unused_in(&unused, vendor, lang).into()),
                ("backend", b.into()),
                ("vendor", (&name).into()),
                ("count", unused.len().into()),
            ],
        ));
    }
    match (&req.kind, vendor, hold) {
        (ActionKind::ResetAll, BackendKind::Huawei, _) => words("act-reset-all-huawei"),
        (ActionKind::SignIn { .. }, BackendKind::Aliyun, Some(_)) => words("act-hold-aliyun"),
        (ActionKind::SignIn { .. }, BackendKind::Huawei, None) => words("act-sign-in-needs-hold"),
        _ => None,
    }
}

/// The target in words: `agent 1001 on huawei-sim`, or `every agent on aliyun-sim`.
fn target_words(req: &ActionRequest, lang: Lang) -> String {
    let backend = ("backend", req.backend.as_str().into());
    if matches!(req.kind, ActionKind::ResetAll) {
        tf(lang, "act-target-all", &[backend])
    } else {
        tf(
            lang,
            "act-target-agent",
            &[("agent", req.agent.as_str().into()), backend],
        )
    }
}

#[derive(Serialize)]
struct JsonResult<'a> {
    request: &'a ActionRequest,
    #[serde(flatten)]
    outcome: &'a ActionOutcome,
}

/// How an outcome is printed: the format, the language of the text, and (for a refusal callboard
/// wrote itself) the summary in that language, where the audit log and JSON keep the English.
#[derive(Debug, Clone, Copy)]
pub struct Print<'a> {
    pub format: ActFormat,
    pub lang: Lang,
    pub local_summary: Option<&'a str>,
}

impl Print<'_> {
    pub fn new(format: ActFormat, lang: Lang) -> Print<'static> {
        Print {
            format,
            lang,
            local_summary: None,
        }
    }
}

/// The summary to print: the outcome's, or the local words of a refusal callboard wrote (with
/// what recording it added, e.g. that the audit log could not be written).
fn printed_summary(outcome: &ActionOutcome, local: Option<&str>) -> String {
    match local {
        None => outcome.summary.clone(),
        Some(local) => match outcome.summary.find(" (not recorded: ") {
            Some(i) => format!("{local}{}", &outcome.summary[i..]),
            None => local.to_string(),
        },
    }
}

/// Prints the outcome and returns the exit code: [`EXIT_OK`] done (also when a lost answer was
/// verified applied), [`EXIT_UNKNOWN`] when it may or may not have happened, else [`EXIT_FAILED`].
fn report(req: &ActionRequest, outcome: &ActionOutcome, print: Print<'_>) -> u8 {
    print_outcome(req, outcome, print, false)
}

/// [`report`] with JSON on one line (`sign-in --hold` prints one object per outcome: the
/// sign-in's, then the sign-out's on exit).
pub(super) fn report_line(req: &ActionRequest, outcome: &ActionOutcome, print: Print<'_>) -> u8 {
    print_outcome(req, outcome, print, true)
}

fn print_outcome(
    req: &ActionRequest,
    outcome: &ActionOutcome,
    print: Print<'_>,
    one_line: bool,
) -> u8 {
    let lang = print.lang;
    let name = req.kind.name();
    match print.format {
        // JSON stays English (scripts read it); so does the summary beside it on stderr.
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
                Err(e) => eprintln!(
                    "{}",
                    tf(lang, "act-json-failed", &[("reason", e.to_string().into())])
                ),
            }
            if !outcome.ok {
                eprintln!("callboard act {name}: {}", outcome.summary);
            }
        }
        ActFormat::Text => {
            let args = [
                ("command", name.into()),
                ("action", action_name(&req.kind, lang).into()),
                ("target", target_words(req, lang).into()),
                ("status", status_words(outcome, lang).into()),
                (
                    "summary",
                    printed_summary(outcome, print.local_summary).into(),
                ),
            ];
            match outcome.status {
                OutcomeStatus::Ok => println!("{}", tf(lang, "act-done", &args)),
                OutcomeStatus::Unknown => eprintln!("{}", tf(lang, "act-unknown", &args)),
                OutcomeStatus::Refused | OutcomeStatus::Failed => {
                    eprintln!("{}", tf(lang, "act-not-done", &args))
                }
            }
        }
    }
    match outcome.status {
        OutcomeStatus::Ok => EXIT_OK,
        OutcomeStatus::Unknown => EXIT_UNKNOWN,
        OutcomeStatus::Refused | OutcomeStatus::Failed => EXIT_FAILED,
    }
}

/// A refusal before any backend was connected (read-only, a backend the config does not have):
/// recorded in the audit log like every action (in English), then printed in `lang`.
fn refused(
    config: &Config,
    req: &ActionRequest,
    words: impl Fn(Lang) -> String,
    format: ActFormat,
    lang: Lang,
) -> u8 {
    let outcome = record_unsent(config, req, ActionOutcome::refused(words(Lang::En)));
    let local = words(lang);
    report(
        req,
        &outcome,
        Print {
            format,
            lang,
            local_summary: Some(&local),
        },
    )
}

/// A usage problem found once the config is known: recorded in the audit log (in English), then
/// printed in `lang`; exit 2.
fn usage_refusal(config: &Config, req: &ActionRequest, english: String, local: &str) -> u8 {
    let outcome = record_unsent(config, req, ActionOutcome::refused(english));
    eprintln!(
        "callboard act {}: {}",
        req.kind.name(),
        printed_summary(&outcome, Some(local))
    );
    EXIT_USAGE
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
    if let Some(problem) = usage_problem(&req, flag_or_locale_lang(common)) {
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
    let lang = setup.lang(common).0;
    let config = match setup.select(Some(&req.backend), lang) {
        Ok(c) => c,
        Err(local) => {
            // Nothing was tried, but the attempt is recorded like every action.
            let english = setup
                .select(Some(&req.backend), Lang::En)
                .err()
                .unwrap_or_else(|| local.clone());
            return usage_refusal(&setup.config, req, english, &local);
        }
    };
    if let Some(vendor) = config.backend(&req.backend).map(|b| b.kind) {
        let on_exit = hold.as_ref().map(|(o, _)| *o);
        if let Some(local) = vendor_problem(req, vendor, on_exit, lang) {
            let english = vendor_problem(req, vendor, on_exit, Lang::En).unwrap_or_default();
            return usage_refusal(&config, req, english, &local);
        }
    }
    if common.readonly || config.readonly {
        let words = |lang: Lang| {
            let (why, fix) = if common.readonly {
                (
                    t(lang, "act-readonly-flag"),
                    t(lang, "act-readonly-fix-flag"),
                )
            } else {
                (
                    tf(
                        lang,
                        "act-readonly-config",
                        &[("origin", setup.origin(lang).into())],
                    ),
                    t(lang, "act-readonly-fix-config"),
                )
            };
            tf(
                lang,
                "act-readonly",
                &[
                    ("why", why.into()),
                    ("backend", req.backend.as_str().into()),
                    ("fix", fix.into()),
                ],
            )
        };
        return refused(&config, req, words, format, lang);
    }
    let (fleet, errors) = Fleet::connect(&config).await;
    if fleet.backend(&req.backend).is_none() {
        fleet.shutdown().await;
        // The backend's own errors stay as it words them; callboard's words around them are
        // translated.
        let reason_in = |lang: Lang| {
            let reason = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            if reason.is_empty() {
                tf(
                    lang,
                    "act-not-started",
                    &[("backend", req.backend.as_str().into())],
                )
            } else {
                reason
            }
        };
        let summary_in = |lang: Lang| {
            tf(
                lang,
                "act-nothing-done",
                &[("reason", reason_in(lang).into())],
            )
        };
        let outcome = fleet.record(
            req,
            ActionOutcome::failed(summary_in(Lang::En), reason_in(Lang::En)),
        );
        let local = summary_in(lang);
        return report(
            req,
            &outcome,
            Print {
                format,
                lang,
                local_summary: Some(&local),
            },
        );
    }
    let outcome = fleet.act(req.clone()).await;
    let print = Print::new(format, lang);
    let code = match hold {
        Some((on_exit, stop)) if outcome.ok => {
            // Without a stop signal (none could be installed) the hold ends at once.
            let stop = stop.unwrap_or_else(|| Box::pin(async {}));
            hold::hold(&fleet, req, &outcome, on_exit, stop, print).await
        }
        Some(_) => report_line(req, &outcome, print),
        None => report(req, &outcome, print),
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
        assert!(usage_problem(&blank, Lang::En).is_some_and(|p| p.contains("--agent")));
        assert!(usage_problem(&blank, Lang::ZhCn).is_some_and(|p| p.starts_with("--agent 为空")));
    }

    #[test]
    fn english_unused_flags_read_as_the_audit_log_records_them() {
        let kinds = [
            (
                ActionKind::SignIn {
                    device: Some("d".into()),
                    skill_groups: vec!["g".into()],
                },
                BackendKind::Huawei,
            ),
            (ActionKind::Reset { idle: true }, BackendKind::Aliyun),
            (
                ActionKind::Break {
                    code: "c".into(),
                    secs: Some(5),
                },
                BackendKind::Aliyun,
            ),
        ];
        for (kind, vendor) in kinds {
            let unused = kind.unused_by(vendor);
            assert!(!unused.is_empty());
            assert_eq!(
                unused_in(&unused, vendor, Lang::En),
                unused_words(&unused, vendor)
            );
            assert!(!unused_in(&unused, vendor, Lang::ZhCn).contains("does not apply"));
        }
        assert_eq!(
            vendor_words(BackendKind::Huawei, Lang::En),
            crate::backend::vendor_name(BackendKind::Huawei)
        );
    }
}
