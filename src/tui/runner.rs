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

/// Writes `text` to a new file at `path` (`~` expanded), never over an existing one, readable by
/// its owner only; the error says what to do.
async fn write_new(path: &str, text: String) -> Result<(), String> {
    let full = crate::config::expand_home(path);
    let result = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(&full)?;
        f.write_all(text.as_bytes())
    })
    .await;
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err("the file exists; choose a new name".to_string())
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
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
                UiCommand::WriteFile { path, text, lines } => {
                    let result = write_new(&path, text).await.map(|()| lines);
                    Reply::Written { path, result }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn export_files_are_new_and_private() {
        let dir = std::env::temp_dir().join(format!("callboard-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("log.jsonl").display().to_string();
        write_new(&path, "a\n".into()).await.expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "a\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
        let again = write_new(&path, "b\n".into()).await.expect_err("exists");
        assert!(again.contains("choose a new name"), "{again}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "a\n");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
