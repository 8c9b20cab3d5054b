//! Command-line definitions (clap) for the `callboard` binary.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "callboard",
    version,
    about = "Terminal supervisor dashboard for contact centers (Alibaba Cloud CCC, Huawei CC-Gateway)",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// TUI: capture the mouse (the wheel scrolls); off by default so text can be selected.
    #[arg(long)]
    pub mouse: bool,
}

/// Examples and where things live, under `--help`.
const AFTER_HELP: &str = "\
Examples:
  callboard demo                                 the dashboard on the built-in simulator
  callboard init && callboard check              write a starter config, then try every backend
  callboard                                      the dashboard on your config's backends
  callboard snapshot --format json | jq .agents  the roster once, for scripts
  callboard act reset --backend shanghai --agent agent1@ccc-prod
  callboard --lang zh-CN demo                    the interface in Simplified Chinese
  callboard completions bash > ~/.local/share/bash-completion/completions/callboard

Files:
  config     $XDG_CONFIG_HOME/callboard/config.toml (~/.config/callboard/config.toml;
             macOS ~/Library/Application Support/callboard/config.toml), or --config FILE
  log        the dashboard logs to callboard.log in $XDG_STATE_HOME/callboard
             (~/.local/state/callboard); other commands log to stderr
  audit log  audit.jsonl in the same directory, unless audit_log is set";

/// Flags every command accepts.
#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Config file (default: the platform's config directory, callboard/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Color theme for this run: default, light, high-contrast, mono, or a theme file.
    #[arg(long, global = true, value_name = "NAME_OR_FILE")]
    pub theme: Option<String>,
    /// Never act on agents (`act` refuses), whatever the config says.
    #[arg(long, global = true)]
    pub readonly: bool,
    /// Log level on stderr (default warn; sim: info); the TUI logs to its file (default info).
    #[arg(
        long,
        global = true,
        value_name = "LEVEL",
        value_enum,
        ignore_case = true
    )]
    pub log_level: Option<LogLevel>,
    /// Language of what callboard writes for people: en or zh-CN (default: the config's `lang`,
    /// else LC_ALL / LC_MESSAGES / LANG, else en). JSON and CSV stay English.
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
}

fn parse_lang(text: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::parse(text).ok_or_else(|| {
        crate::i18n::tf(
            crate::i18n::Lang::En,
            "lang-unknown",
            &[("given", text.into())],
        )
    })
}

/// How much callboard logs (`--log-level`), least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    /// The level as `tracing` names it in a filter directive (`callboard=warn`).
    pub fn as_filter(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }

    /// The `tracing` level.
    pub fn level(self) -> tracing::Level {
        match self {
            LogLevel::Error => tracing::Level::ERROR,
            LogLevel::Warn => tracing::Level::WARN,
            LogLevel::Info => tracing::Level::INFO,
            LogLevel::Debug => tracing::Level::DEBUG,
            LogLevel::Trace => tracing::Level::TRACE,
        }
    }
}

/// The subcommands. Each variant's arguments live in their own struct, so a new command is one
/// variant here and one arm in `main.rs`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the simulator of both vendor APIs until Ctrl-C.
    #[command(
        after_help = "Examples:\n  callboard sim --listen 127.0.0.1:8080 --write-config sim.toml\n  callboard sim --agents 10000 --speed 0 --faults 5xx=0.1,only=cms\n  curl -X PUT --data off http://127.0.0.1:8080/_sim/faults"
    )]
    Sim(SimArgs),
    /// Poll every backend once and print the roster (table, JSON or CSV), then exit.
    #[command(
        after_help = "Examples:\n  callboard snapshot\n  callboard snapshot --format json | jq '.agents[] | select(.presence == \"break\")'\n  callboard snapshot --backend shanghai --format csv > roster.csv\n  callboard snapshot --demo\n\nconfig: $XDG_CONFIG_HOME/callboard/config.toml (or --config FILE); logs go to stderr"
    )]
    Snapshot(SnapshotArgs),
    /// Run one action on an agent without the TUI; the exit code says how it went.
    #[command(
        after_help = "Examples:\n  callboard act reset --backend shanghai --agent agent1@ccc-prod\n  callboard act break --backend guangzhou --agent 1001 --code 2 --secs 600\n  callboard act sign-in --backend guangzhou --agent 1001 --hold --on-exit sign-out\n\nEvery action is appended to the audit log (audit.jsonl in $XDG_STATE_HOME/callboard, or audit_log)"
    )]
    Act(ActArgs),
    /// Validate the config and theme, and try every backend once.
    #[command(
        after_help = "Examples:\n  callboard check\n  callboard --config /etc/callboard/config.toml check\n  callboard --lang zh-CN check"
    )]
    Check,
    /// Write a commented starter config.
    #[command(
        after_help = "Examples:\n  callboard init\n  callboard --config ./callboard.toml init --force\n  callboard --lang zh-CN init"
    )]
    Init(InitArgs),
    /// Open the dashboard on the built-in simulator of both vendors: no config, no set-up.
    #[command(
        after_help = "Examples:\n  callboard demo\n  callboard --lang zh-CN demo\n  callboard demo --agents 2000\n\nThe dashboard logs to callboard.log in $XDG_STATE_HOME/callboard (~/.local/state/callboard)"
    )]
    Demo(DemoArgs),
    /// Show the wallboard: big tiles per skill group (waiting, longest wait, service level,
    /// agents ready / talking / on break), readable across a room.
    #[command(
        after_help = "Examples:\n  callboard wall\n  callboard wall --demo\n  callboard wall --groups sales,support\n  callboard wall --filter 'backend==shanghai'\n\nw or Esc opens the dashboard; q quits"
    )]
    Wall(WallArgs),
    /// Serve the dashboard over SSH: the backends polled once, one dashboard per supervisor.
    #[command(
        after_help = "Examples:\n  callboard serve --demo --listen 127.0.0.1:2222 --authorized-keys keys\n  callboard serve --listen 0.0.0.0:2222 --host-key /var/lib/callboard/host_ed25519 --authorized-keys /etc/callboard/authorized_keys\n  ssh -p 2222 supervisor@host\n\nauthorized keys: OpenSSH format; callboard-role=\"operator\" before a key lets it act (default viewer); --readonly makes everyone a viewer.\nA missing host key file is created (Ed25519, mode 0600)."
    )]
    Serve(ServeArgs),
    /// Print a shell completion script: `callboard completions bash > ~/.local/share/bash-completion/completions/callboard`.
    Completions(CompletionsArgs),
    /// Print the man page (roff): `callboard man > ~/.local/share/man/man1/callboard.1`.
    Man,
}

/// `callboard serve` (each flag wins over `[serve]` in the config).
#[derive(Debug, Args, Clone, Default)]
pub struct ServeArgs {
    /// HOST:PORT to listen on (default: `[serve]` listen, else 127.0.0.1:2222).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// The server's private host key (OpenSSH format); created (Ed25519, 0600) when the file does
    /// not exist (default: `[serve]` host_key, else serve_host_ed25519 in the state directory).
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// The keys allowed in, OpenSSH authorized_keys format; `callboard-role="operator"` before a
    /// key lets it act, every other key is a viewer (default: `[serve]` authorized_keys).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Serve the embedded simulator of both vendors (live) instead of the config's backends.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: the number of simulated agents.
    #[arg(long, default_value_t = 60, requires = "demo")]
    pub agents: usize,
}

/// `callboard completions`.
#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `callboard demo`.
#[derive(Debug, Args, Clone)]
pub struct DemoArgs {
    /// Number of simulated agents, split between the two vendors.
    #[arg(long, default_value_t = 60)]
    pub agents: usize,
    /// Capture the mouse (the wheel scrolls); off by default so text can be selected.
    #[arg(long)]
    pub mouse: bool,
}

/// `callboard wall`.
#[derive(Debug, Args, Clone, Default)]
pub struct WallArgs {
    /// Only these skill groups: ids or names, comma-separated (default: all).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub groups: Vec<String>,
    /// Only the agents this filter passes, and their groups (the `/` filter language, e.g.
    /// `backend==shanghai` or `skill==sales`).
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// On the built-in simulator of both vendors (live, like `callboard demo`).
    #[arg(long)]
    pub demo: bool,
    /// With --demo: the number of simulated agents.
    #[arg(long, default_value_t = 60, requires = "demo")]
    pub agents: usize,
}

/// How `snapshot` prints the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SnapshotFormat {
    /// Aligned columns for people (colored on a terminal unless NO_COLOR is set).
    #[default]
    Table,
    /// One JSON document: agents, backends and queues (format in the README).
    Json,
    /// RFC 4180 CSV with a header row.
    Csv,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SnapshotArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SnapshotFormat::Table)]
    pub format: SnapshotFormat,
    /// Only this backend (its `name` in the config).
    #[arg(long, value_name = "NAME")]
    pub backend: Option<String>,
    /// Run against an embedded simulator instead of the config's backends.
    #[arg(long)]
    pub demo: bool,
    /// Print the skill groups (queue figures, SL%, abandoned, speed of answer) instead of the
    /// agents (table and CSV; JSON always has both).
    #[arg(long)]
    pub queues: bool,
    /// Print the series the dashboard kept (history.jsonl in the state directory) instead of
    /// polling: a summary table, or every point with --format csv / json.
    #[arg(long, conflicts_with = "demo")]
    pub history: bool,
}

/// How `act` prints the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ActFormat {
    /// One line in plain words.
    #[default]
    Text,
    /// The request and outcome as one JSON object.
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct ActArgs {
    #[command(subcommand)]
    pub action: Action,
}

/// The backend and agent an action targets.
#[derive(Debug, Args, Clone)]
pub struct Target {
    /// The backend's `name` in the config.
    #[arg(long, value_name = "NAME")]
    pub backend: String,
    /// The agent: Alibaba `login@instance`, Huawei work number.
    #[arg(long, value_name = "ID")]
    pub agent: String,
}

/// Options every action accepts.
#[derive(Debug, Args, Clone, Default)]
pub struct ActOptions {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ActFormat::Text)]
    pub format: ActFormat,
    /// Run against an embedded simulator instead of the config's backends.
    #[arg(long)]
    pub demo: bool,
}

/// The actions of `callboard act`.
#[derive(Debug, Subcommand, Clone)]
pub enum Action {
    /// Sign the agent in (Alibaba: on a device and skill groups; Huawei: with its configured
    /// login, held in the foreground with --hold).
    #[command(long_about = "Sign the agent in.\n\n\
            Alibaba Cloud CCC: on a device and into skill groups (default: the agent's own); the \
            agent stays signed in after the command exits.\n\n\
            Huawei CC-Gateway: with the agent's login from the config. The gateway keeps an agent \
            signed in only while a client polls its events: it signs the agent out after its \
            heartbeat timeout (2 minutes) without a poll. So on Huawei sign-in needs --hold: \
            callboard then holds the session in the foreground until Ctrl-C or SIGTERM (or \
            SIGHUP), and on exit signs the agent out (--on-exit sign-out, the default) or stops \
            polling and leaves it signed in (--on-exit stay: the gateway signs it out 2 minutes \
            later unless another client takes the session over). Exit 0 when the session was \
            held until the signal and the exit went as chosen; 1 when the sign-in failed, the \
            gateway ended the session meanwhile, or the sign-out on exit failed.")]
    SignIn {
        #[command(flatten)]
        target: Target,
        /// Alibaba: the device (softphone) to sign in on (default: the agent's own).
        #[arg(long, value_name = "ID")]
        device: Option<String>,
        /// Alibaba: a skill group to sign into; repeat for several (default: the agent's own).
        #[arg(long = "skill-group", value_name = "ID")]
        skill_groups: Vec<String>,
        /// Huawei: hold the agent's session in the foreground until Ctrl-C / SIGTERM (required
        /// on Huawei: without a client polling, the gateway signs the agent out after 2 minutes).
        #[arg(long)]
        hold: bool,
        /// Huawei, with --hold: on Ctrl-C / SIGTERM sign the agent out (default), or stay
        /// signed in until the gateway's heartbeat timeout signs it out.
        #[arg(long, value_enum, value_name = "WHAT", requires = "hold")]
        on_exit: Option<OnExit>,
        #[command(flatten)]
        options: ActOptions,
    },
    /// Reset a stuck agent (Alibaba ResetAgentState; Huawei forced sign-out, or forced idle with --idle).
    Reset {
        #[command(flatten)]
        target: Target,
        /// Huawei only: force the agent idle instead of signing it out.
        #[arg(long)]
        idle: bool,
        #[command(flatten)]
        options: ActOptions,
    },
    /// Reset every agent in an abnormal state (Alibaba ResetUserStatus).
    ResetAll {
        /// The backend's `name` in the config.
        #[arg(long, value_name = "NAME")]
        backend: String,
        #[command(flatten)]
        options: ActOptions,
    },
    /// Send the agent's call to an IVR authentication flow.
    IvrAuth {
        #[command(flatten)]
        target: Target,
        /// Alibaba contact flow (id or name); Huawei IVR access code.
        #[arg(long, value_name = "ID_OR_NAME")]
        flow: String,
        #[command(flatten)]
        options: ActOptions,
    },
    /// Put the agent on break (Alibaba break code; Huawei rest cause number).
    Break {
        #[command(flatten)]
        target: Target,
        /// Alibaba break code (`lunch`, `meeting`, …) or Huawei rest cause (`1`… or its label):
        /// one the backend offers or the config defines (`[backend.thresholds.planned]`).
        #[arg(long, value_name = "CODE")]
        code: String,
        /// Huawei only: the rest's length in seconds (default: the cause's planned time, else 900).
        #[arg(long, value_name = "N")]
        secs: Option<u32>,
        #[command(flatten)]
        options: ActOptions,
    },
    /// Make the agent ready for calls.
    Ready {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        options: ActOptions,
    },
    /// Sign the agent out.
    SignOut {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        options: ActOptions,
    },
}

/// What `act sign-in --hold` does with a Huawei agent when it is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OnExit {
    /// Sign the agent out, so the gateway does not keep a session nobody polls.
    #[default]
    SignOut,
    /// Stop polling and leave the agent signed in; the gateway signs it out after its
    /// heartbeat timeout (2 minutes) unless another client takes the session over.
    Stay,
}

#[derive(Debug, Args, Clone, Default)]
pub struct InitArgs {
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
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
    /// Alibaba: refuse requests without a valid, unexpired STS security token
    /// (InvalidSecurityToken.*); AssumeRole with the AccessKey still works.
    #[arg(long)]
    pub require_sts_token: bool,
    /// Alibaba: lifetime of the temporary credentials STS AssumeRole and the metadata service
    /// hand out (default: DurationSeconds, or 6 hours for the ECS role).
    #[arg(long, value_name = "SECS")]
    pub sts_lifetime: Option<u64>,
    /// Alibaba: serve the ECS instance metadata service (IMDSv2, RAM role credentials) on ADDR.
    #[arg(long, value_name = "ADDR")]
    pub metadata_listen: Option<SocketAddr>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_level_filter_names_its_tracing_level() {
        for level in LogLevel::value_variants() {
            let parsed: tracing::Level = level.as_filter().parse().unwrap();
            assert_eq!(parsed, level.level(), "{level:?}");
            let value = level.to_possible_value().unwrap();
            assert_eq!(value.get_name(), level.as_filter());
        }
    }
}
