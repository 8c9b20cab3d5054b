//! Shared harness of the `callboard serve` tests: a served frozen simulator on loopback with an
//! operator and a viewer key, and an SSH client (russh's) whose screen is read through a vt100
//! emulator. Every wait has a deadline; nothing is timed.
#![allow(dead_code)]

use super::backend_support::{env_with, sim_config, Env};
use callboard::serve::{self, hostkey, Running, ServeSetup};
use russh::client;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use russh::ChannelMsg;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How long any wait may take on a loaded machine before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(60);

pub struct Served {
    pub env: Env,
    pub running: Option<Running>,
    pub addr: std::net::SocketAddr,
    pub operator: Arc<PrivateKey>,
    pub viewer: Arc<PrivateKey>,
    dir: PathBuf,
}

impl Served {
    pub fn running(&self) -> &Running {
        self.running.as_ref().expect("running")
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.shutdown().await;
        }
    }

    /// The audit log's lines.
    pub fn audit_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.env.audit)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A frozen simulator served on a free loopback port (`readonly`: every session a viewer).
pub async fn served(agents: usize, readonly: bool) -> Served {
    let env = env_with(sim_config(agents)).await;
    let dir = std::env::temp_dir().join(format!("callboard-serve-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let operator = hostkey::generate();
    let viewer = hostkey::generate();
    let line = |k: &PrivateKey| k.public_key().to_openssh().expect("openssh");
    let keys = format!(
        "# test floor\ncallboard-role=\"operator\" {} alice\n{} bob\n",
        line(&operator),
        line(&viewer)
    );
    std::fs::write(dir.join("authorized_keys"), keys).expect("keys");
    let setup = ServeSetup {
        config: env.config.clone(),
        listen: "127.0.0.1:0".parse().expect("addr"),
        host_key: dir.join("host_ed25519"),
        authorized_keys: dir.join("authorized_keys"),
        readonly,
        theme: None,
        lang: Some(callboard::i18n::Lang::En),
    };
    let running = serve::start(setup).await.expect("serve starts");
    Served {
        addr: running.addr,
        env,
        running: Some(running),
        operator: Arc::new(operator),
        viewer: Arc::new(viewer),
        dir,
    }
}

pub struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A connected, not yet authenticated client.
pub async fn connect(addr: std::net::SocketAddr) -> client::Handle<Client> {
    connect_with(addr, client::Config::default()).await
}

/// [`connect`] with a client configuration (e.g. a tiny window: a client that reads slowly).
pub async fn connect_with(
    addr: std::net::SocketAddr,
    config: client::Config,
) -> client::Handle<Client> {
    let config = Arc::new(config);
    client::connect(config, addr, Client)
        .await
        .expect("connects")
}

/// Authenticates `user` with `key`; whether the server accepted.
pub async fn auth(handle: &mut client::Handle<Client>, user: &str, key: &Arc<PrivateKey>) -> bool {
    handle
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(key.clone(), None))
        .await
        .expect("auth exchange")
        .success()
}

/// One dashboard session seen through a terminal emulator.
pub struct Term {
    pub handle: client::Handle<Client>,
    pub channel: russh::Channel<client::Msg>,
    pub parser: vt100::Parser,
    pub closed: bool,
    pub exit: Option<u32>,
    pub stderr: String,
}

/// Opens a session with a pty of `cols` × `rows` and a shell, as `user` with `key`.
pub async fn open(
    addr: std::net::SocketAddr,
    user: &str,
    key: &Arc<PrivateKey>,
    cols: u16,
    rows: u16,
) -> Term {
    open_with(addr, user, key, cols, rows, client::Config::default()).await
}

/// [`open`] with a client configuration.
pub async fn open_with(
    addr: std::net::SocketAddr,
    user: &str,
    key: &Arc<PrivateKey>,
    cols: u16,
    rows: u16,
    config: client::Config,
) -> Term {
    let mut handle = connect_with(addr, config).await;
    assert!(auth(&mut handle, user, key).await, "{user} authenticated");
    let channel = handle.channel_open_session().await.expect("session");
    channel
        .request_pty(false, "xterm-256color", cols.into(), rows.into(), 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    Term {
        handle,
        channel,
        parser: vt100::Parser::new(rows, cols, 0),
        closed: false,
        exit: None,
        stderr: String::new(),
    }
}

impl Term {
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Row `n` of the screen.
    pub fn row(&self, n: u16) -> String {
        let (_, cols) = self.parser.screen().size();
        self.parser.screen().contents_between(n, 0, n, cols)
    }

    pub async fn send(&self, bytes: &[u8]) {
        self.channel.data(bytes).await.expect("send");
    }

    /// Reads what the server sends until `done(self)` holds, or fails after [`DEADLINE`].
    pub async fn wait_for(&mut self, what: &str, done: impl Fn(&Term) -> bool) {
        let until = tokio::time::Instant::now() + DEADLINE;
        while !done(self) {
            if self.closed {
                panic!(
                    "the session closed before {what}; screen:\n{}",
                    self.screen()
                );
            }
            match tokio::time::timeout_at(until, self.channel.wait()).await {
                Ok(Some(msg)) => self.take(msg),
                Ok(None) => self.closed = true,
                Err(_) => panic!("no {what} within {DEADLINE:?}; screen:\n{}", self.screen()),
            }
        }
    }

    /// Waits until the screen shows `text`.
    pub async fn wait_text(&mut self, text: &str) {
        let t = text.to_string();
        self.wait_for(&format!("`{text}` on the screen"), move |s| {
            s.screen().contains(&t)
        })
        .await;
    }

    /// Reads until the server closes the channel.
    pub async fn wait_closed(&mut self) {
        let until = tokio::time::Instant::now() + DEADLINE;
        while !self.closed {
            match tokio::time::timeout_at(until, self.channel.wait()).await {
                Ok(Some(msg)) => self.take(msg),
                Ok(None) => self.closed = true,
                Err(_) => panic!("the channel did not close within {DEADLINE:?}"),
            }
        }
    }

    fn take(&mut self, msg: ChannelMsg) {
        match msg {
            ChannelMsg::Data { data } => self.parser.process(&data),
            ChannelMsg::ExtendedData { data, .. } => {
                self.stderr.push_str(&String::from_utf8_lossy(&data))
            }
            ChannelMsg::ExitStatus { exit_status } => self.exit = Some(exit_status),
            ChannelMsg::Close => self.closed = true,
            _ => {}
        }
    }

    /// Types a filter (`/` TEXT Enter).
    pub async fn filter(&mut self, text: &str) {
        self.send(b"/").await;
        self.send(text.as_bytes()).await;
        self.send(b"\r").await;
        self.wait_text(&format!("filter: {text}")).await;
    }
}
