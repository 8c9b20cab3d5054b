//! The messages between the UI task and the backend runner: what the app asks ([`UiCommand`], put
//! in its outbox) and what comes back ([`Reply`]). The app only builds and reads them; the shell
//! carries them.

use crate::backend::{ActionChoices, ActionOutcome, ActionRequest};

/// What the UI asks of the backends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiCommand {
    /// Run an action (audited by the fleet).
    Act(ActionRequest),
    /// Fetch the choices an action's form offers for one agent.
    Choices { backend: String, agent: String },
    /// Write `text` to a new file at `path` (`:export`); never over an existing file.
    WriteFile {
        path: String,
        text: String,
        lines: usize,
    },
}

/// What the runner answers.
#[derive(Debug, Clone)]
pub enum Reply {
    ActionDone {
        request: ActionRequest,
        outcome: ActionOutcome,
    },
    ChoicesReady {
        backend: String,
        agent: String,
        choices: Result<ActionChoices, String>,
    },
    /// How writing an export file went: the lines written, or why not.
    Written {
        path: String,
        result: Result<usize, String>,
    },
}
