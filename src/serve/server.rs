//! The SSH side of `callboard serve` (russh): public-key authentication against the authorized
//! keys (passwords, keyboard-interactive and unknown keys are refused), one dashboard per session
//! channel that asked for a pty and a shell; `exec`, `subsystem` and pty-less shells are refused
//! with a message on the client's stderr. No shell, no forwarding.

use super::auth::{AuthorizedKeys, Identity};
use super::session::{self, clamp_size, Pty, ServeContext};
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId, ChannelMsg, MethodKind, MethodSet};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// The most environment variables kept per session (LANG, LC_*, COLORTERM).
const MAX_ENV: usize = 16;
/// The most session channels one connection may open (a dashboard each).
pub const MAX_CHANNELS_PER_CONNECTION: usize = 4;

/// The russh server configuration: the host key, public keys only, keepalives so a vanished
/// client's session is freed.
pub fn config(host_key: russh::keys::PrivateKey) -> russh::server::Config {
    russh::server::Config {
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![host_key],
        auth_rejection_time: std::time::Duration::from_millis(300),
        auth_rejection_time_initial: Some(std::time::Duration::from_millis(0)),
        inactivity_timeout: None,
        keepalive_interval: Some(std::time::Duration::from_secs(30)),
        keepalive_max: 4,
        nodelay: true,
        max_auth_attempts: 6,
        ..Default::default()
    }
}

/// One client connection.
pub struct Connection {
    pub keys: Arc<AuthorizedKeys>,
    pub ctx: Arc<ServeContext>,
    pub peer: Option<std::net::SocketAddr>,
    identity: Option<Identity>,
    channels: usize,
}

impl Connection {
    pub fn new(
        keys: Arc<AuthorizedKeys>,
        ctx: Arc<ServeContext>,
        peer: Option<std::net::SocketAddr>,
    ) -> Connection {
        Connection {
            keys,
            ctx,
            peer,
            identity: None,
            channels: 0,
        }
    }

    fn known(&self, key: &PublicKey) -> bool {
        self.keys.find(key).is_some()
    }
}

fn reject() -> Auth {
    Auth::Reject {
        proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
        partial_success: false,
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(reject())
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Self::Error> {
        tracing::warn!(user = %crate::text::clean_capped(user, 64), peer = ?self.peer, "serve: password refused (keys only)");
        Ok(reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.known(offer.public_key) {
            Auth::Accept
        } else {
            reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let user = crate::text::clean_capped(user, 64).into_owned();
        match self.keys.find(key.public_key) {
            Some(entry) => {
                tracing::info!(%user, key = %entry.fingerprint, role = entry.role.name(), peer = ?self.peer, "serve: key accepted");
                self.identity = Some(Identity {
                    user,
                    fingerprint: entry.fingerprint.clone(),
                    role: entry.role,
                });
                Ok(Auth::Accept)
            }
            None => {
                tracing::warn!(%user, peer = ?self.peer, "serve: unknown key refused");
                Ok(reject())
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(identity) = self.identity.clone() else {
            return Ok(());
        };
        if self.channels >= MAX_CHANNELS_PER_CONNECTION {
            tracing::warn!(user = %identity.user, peer = ?self.peer, "serve: too many sessions on one connection; refused");
            // Dropping the handle refuses the channel.
            return Ok(());
        }
        self.channels += 1;
        reply.accept().await;
        tokio::spawn(channel_task(channel, identity, self.ctx.clone()));
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _cols: u32,
        _rows: u32,
        _pw: u32,
        _ph: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        _cols: u32,
        _rows: u32,
        _pw: u32,
        _ph: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    /// Answered as accepted so the client shows why nothing runs (the channel task writes the
    /// refusal on stderr and exits 1), as git hosts do; nothing is ever executed.
    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }
}

/// One session channel: collects the pty and environment, then runs the dashboard on `shell`,
/// or refuses with a message.
async fn channel_task(mut channel: Channel<Msg>, identity: Identity, ctx: Arc<ServeContext>) {
    let mut pty: Option<Pty> = None;
    let mut env = Vec::new();
    let lang_of = |env: &[(String, String)]| {
        ctx.lang.unwrap_or_else(|| {
            crate::i18n::Lang::from_env_with(|k| {
                env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
            })
            .map_or(ctx.base.lang, |(l, _)| l)
        })
    };
    loop {
        match channel.wait().await {
            Some(ChannelMsg::RequestPty {
                term,
                col_width,
                row_height,
                ..
            }) => {
                let (cols, rows) = clamp_size(col_width, row_height);
                pty = Some(Pty {
                    term: crate::text::clean_capped(&term, 64).into_owned(),
                    cols,
                    rows,
                    env: Vec::new(),
                });
            }
            Some(ChannelMsg::SetEnv {
                variable_name,
                variable_value,
                ..
            }) => {
                if env.len() < MAX_ENV && wanted_env(&variable_name) {
                    env.push((
                        variable_name,
                        crate::text::clean_capped(&variable_value, 64).into_owned(),
                    ));
                }
            }
            Some(ChannelMsg::WindowChange {
                col_width,
                row_height,
                ..
            }) => {
                if let Some(p) = pty.as_mut() {
                    (p.cols, p.rows) = clamp_size(col_width, row_height);
                }
            }
            Some(ChannelMsg::RequestShell { .. }) => match pty.take() {
                Some(mut p) => {
                    p.env = env;
                    session::run(channel, identity, p, ctx).await;
                    return;
                }
                None => {
                    refuse(channel, &crate::i18n::t(lang_of(&env), "serve-needs-pty")).await;
                    return;
                }
            },
            Some(ChannelMsg::Exec { .. }) => {
                refuse(channel, &crate::i18n::t(lang_of(&env), "serve-no-exec")).await;
                return;
            }
            Some(ChannelMsg::RequestSubsystem { .. }) => {
                refuse(
                    channel,
                    &crate::i18n::t(lang_of(&env), "serve-no-subsystem"),
                )
                .await;
                return;
            }
            Some(ChannelMsg::Eof | ChannelMsg::Close) | None => return,
            Some(_) => {}
        }
    }
}

fn wanted_env(name: &str) -> bool {
    name == "LANG" || name == "COLORTERM" || name.starts_with("LC_")
}

/// Says why on the client's stderr, exits 1 and closes the channel.
async fn refuse(channel: Channel<Msg>, text: &str) {
    let mut err = channel.make_writer_ext(Some(1));
    let _ = err
        .write_all(format!("callboard serve: {text}\r\n").as_bytes())
        .await;
    let _ = err.flush().await;
    let _ = channel.exit_status(1).await;
    let _ = channel.eof().await;
    let _ = channel.close().await;
}
