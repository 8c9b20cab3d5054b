//! The backend runner: the task that owns the backends' action side and answers the UI's
//! [`UiCommand`]s with [`Reply`]s. The UI task never awaits a backend; it sends a command and
//! carries on drawing, and the reply arrives as a message like any backend event.

use crate::app::{Reply, UiCommand};
use crate::backend::{ActionChoices, ActionOutcome, ActionRequest};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::mpsc;

/// The action side of the backends, as the runner needs it (the fleet in the binary, a fake in
/// tests).
pub trait Actions: Send + Sync + 'static {
    fn act(&self, req: ActionRequest) -> impl Future<Output = ActionOutcome> + Send;
    fn choices(
        &self,
        backend: &str,
        agent: &str,
    ) -> impl Future<Output = Result<ActionChoices, String>> + Send;
}

/// Serves commands until the UI hangs up. Each command runs in its own task, so a slow action
/// never holds up another.
pub async fn run<A: Actions>(
    actions: Arc<A>,
    mut commands: mpsc::Receiver<UiCommand>,
    replies: mpsc::Sender<Reply>,
) {
    while let Some(cmd) = commands.recv().await {
        let actions = actions.clone();
        let replies = replies.clone();
        tokio::spawn(async move {
            let reply = match cmd {
                UiCommand::Act(request) => {
                    tracing::info!(action = request.kind.name(), backend = %request.backend, agent = %request.agent, "action");
                    let outcome = actions.act(request.clone()).await;
                    Reply::ActionDone { request, outcome }
                }
                UiCommand::Choices { backend, agent } => {
                    let choices = actions.choices(&backend, &agent).await;
                    Reply::ChoicesReady {
                        backend,
                        agent,
                        choices,
                    }
                }
            };
            let _ = replies.send(reply).await;
        });
    }
}

impl Actions for crate::backend::Fleet {
    async fn act(&self, req: ActionRequest) -> ActionOutcome {
        crate::backend::Fleet::act(self, req).await
    }

    async fn choices(&self, backend: &str, agent: &str) -> Result<ActionChoices, String> {
        match self.backend(backend) {
            Some(b) => b.choices(agent).await.map_err(|e| e.to_string()),
            None => Err(format!("backend {backend} is not connected")),
        }
    }
}
