//! `callboard serve`: one floor, many supervisors over SSH, one set of vendor polls. The backends
//! run once; their events are folded once by the [`hub`]; every SSH session ([`session`]) has its
//! own dashboard state drawn with the same `ui::draw` onto its channel. Keys come from the
//! authorized-keys file with a role each ([`auth`]); actions are audited under the SSH identity.
//! A shell over the dashboard shell layer, beside `tui`.

pub mod auth;
pub mod hostkey;
pub mod hub;
pub mod keys;
pub mod server;
pub mod session;
pub mod writer;

use crate::app::{App, AppOptions};
use crate::backend::{Fleet, SignInPolicy};
use crate::config::Config;
use crate::theme::{no_color_env, Theme};
use auth::AuthorizedKeys;
use session::ServeContext;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Everything `callboard serve` needs, resolved from flags and `[serve]`.
#[derive(Debug, Clone)]
pub struct ServeSetup {
    pub config: Config,
    pub listen: SocketAddr,
    pub host_key: PathBuf,
    pub authorized_keys: PathBuf,
    /// Every session is a viewer.
    pub readonly: bool,
    /// `--theme` for every session.
    pub theme: Option<String>,
    /// `--lang` for every session (else the config's, else the client's locale).
    pub lang: Option<crate::i18n::Lang>,
}

/// `callboard serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Auth(#[from] auth::AuthError),
    #[error(transparent)]
    HostKey(#[from] hostkey::HostKeyError),
    #[error("cannot listen on {addr}: {source}; choose another address or port (--listen or [serve] listen)")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A running server.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The host key's fingerprint, and whether it was generated now.
    pub host_key_fingerprint: String,
    pub host_key_generated: bool,
    /// The authorized keys (counts for the banner).
    pub keys: Arc<AuthorizedKeys>,
    hub: hub::HubHandle,
    fleet: Arc<Fleet>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Running {
    /// How many sessions are attached now.
    pub fn sessions(&self) -> usize {
        self.hub.sessions()
    }

    /// Stops accepting, ends every session and the backends.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for t in &self.tasks {
            t.abort();
        }
        self.fleet.shutdown().await;
    }
}

/// Starts the backends, the hub and the SSH listener.
pub async fn start(setup: ServeSetup) -> Result<Running, ServeError> {
    let keys = Arc::new(AuthorizedKeys::read(&setup.authorized_keys)?);
    let (host_key, origin) = hostkey::load_or_create(&setup.host_key)?;
    let host_key_fingerprint = hostkey::fingerprint(&host_key);
    let listener = TcpListener::bind(setup.listen)
        .await
        .map_err(|source| ServeError::Listen {
            addr: setup.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: setup.listen,
        source,
    })?;

    let mut config = setup.config.clone();
    // The floor's own state acts never: only sessions do, each under its role.
    let (fleet, errors) = Fleet::new(&config, SignInPolicy::TakeOver);
    for e in &errors {
        tracing::error!(%e, "serve: audit log not opened");
    }
    let fleet = Arc::new(fleet);
    config.readonly |= setup.readonly;
    let theme_name = Theme::choose(
        setup.theme.as_deref(),
        config.theme.as_deref(),
        no_color_env(),
    );
    let (theme, theme_error) = Theme::resolve(&theme_name);
    if let Some(e) = theme_error {
        tracing::warn!(%e, "serve: theme not loaded; using the default theme");
    }
    let mut base = AppOptions::from_config(&config, theme, crate::clock::now_ms());
    base.utc_offset_secs = chrono::Local::now().offset().local_minus_utc();
    let config_lang = config.lang.as_deref().and_then(crate::i18n::Lang::parse);
    base.lang = setup.lang.or(config_lang).unwrap_or_default();
    let (event_tx, event_rx) = mpsc::channel(1024);
    let mut tasks = fleet.spawn_pollers(event_tx);
    let (hub, hub_task) = hub::spawn(App::new(base.clone()), event_rx);
    tasks.push(hub_task);
    let ctx = Arc::new(ServeContext {
        fleet: fleet.clone(),
        hub: hub.clone(),
        base,
        readonly: setup.readonly || setup.config.serve.as_ref().is_some_and(|s| s.readonly),
        lang: setup.lang.or(config_lang),
    });
    let ssh_config = Arc::new(server::config(host_key));
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    tasks.push(tokio::spawn(accept_loop(
        listener,
        ssh_config,
        keys.clone(),
        ctx,
        stop_rx,
    )));
    Ok(Running {
        addr,
        host_key_fingerprint,
        host_key_generated: origin == hostkey::Origin::Generated,
        keys,
        hub,
        fleet,
        tasks,
        stop,
    })
}

async fn accept_loop(
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    keys: Arc<AuthorizedKeys>,
    ctx: Arc<ServeContext>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => return,
        };
        let (socket, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(error = %e, "serve: accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = socket.set_nodelay(true);
        let handler = server::Connection::new(keys.clone(), ctx.clone(), Some(peer));
        let config = config.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let session = match russh::server::run_stream(config, socket, handler).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::debug!(error = %e, ?peer, "serve: connection set-up failed");
                    return;
                }
            };
            let handle = session.handle();
            tokio::select! {
                r = session => if let Err(e) = r {
                    tracing::debug!(error = %e, ?peer, "serve: connection ended");
                },
                _ = stop.changed() => {
                    let _ = handle
                        .disconnect(russh::Disconnect::ByApplication, "callboard serve is stopping".into(), "en".into())
                        .await;
                }
            }
        });
    }
}
