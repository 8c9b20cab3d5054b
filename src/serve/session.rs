//! One SSH session of `callboard serve`: its own [`App`] (view, filter, sort, selection, language,
//! theme, size, dialogs) fed from the hub's [`Floor`], its keys decoded from the channel's bytes,
//! its frames drawn with the same `ui::draw` into a buffer and handed to its own writer task.
//!
//! Flow control: the writer task holds at most one frame; while it is still sending (the client
//! reads slowly, or not at all) the session draws nothing and keeps its dirty flag, so when the
//! writer is free the session draws the newest state — it skips every frame in between, and
//! nothing queues up. The hub, the pollers and the other sessions never wait for it.

use super::auth::{Identity, Role};
use super::hub::{Floor, HubHandle};
use super::keys::KeyDecoder;
use super::writer::FrameBuffer;
use crate::app::{App, AppOptions, Mode, Reply, ToastLevel, UiCommand};
use crate::backend::Fleet;
use crate::i18n::{t, tf, Lang};
use crate::tui::event_loop::{FRAME, TICK};
use crate::tui::runner;
use crossterm::event::{Event, KeyEvent};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::server::Msg;
use russh::{Channel, ChannelMsg};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The largest screen a session draws (bigger window sizes are clamped).
pub const MAX_COLS: u16 = 500;
pub const MAX_ROWS: u16 = 200;
/// How long a lone Esc waits for the rest of an escape sequence.
const ESC_WAIT: Duration = Duration::from_millis(40);

/// What every session shares: the fleet that acts, the hub, the options each `App` starts from.
pub struct ServeContext {
    pub fleet: Arc<Fleet>,
    pub hub: HubHandle,
    /// The options of the config (the role and the client's terminal decide the rest).
    pub base: AppOptions,
    /// `--readonly` (or `[serve] readonly`): every session is a viewer.
    pub readonly: bool,
    /// `--lang` or the config's `lang`: wins over the client's locale.
    pub lang: Option<Lang>,
}

/// What the client told about its terminal before asking for the shell.
#[derive(Debug, Clone, Default)]
pub struct Pty {
    pub term: String,
    pub cols: u16,
    pub rows: u16,
    /// Environment sent with `SendEnv` (LANG, LC_*, COLORTERM), bounded.
    pub env: Vec<(String, String)>,
}

pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    (
        cols.clamp(1, u32::from(MAX_COLS)) as u16,
        rows.clamp(1, u32::from(MAX_ROWS)) as u16,
    )
}

/// The role a session acts with: `--readonly` makes everyone a viewer.
pub fn effective_role(identity: &Identity, readonly: bool) -> Role {
    if readonly {
        Role::Viewer
    } else {
        identity.role
    }
}

/// The actions of one session: an operator's go to the fleet (audited under its SSH identity);
/// a viewer's are refused here too, whatever the screen let through.
struct SessionActions {
    fleet: Arc<Fleet>,
    remote: crate::audit::Remote,
    role: Role,
}

impl runner::Actions for SessionActions {
    async fn act(&self, req: crate::backend::ActionRequest) -> crate::backend::ActionOutcome {
        if self.role != Role::Operator {
            let outcome = crate::backend::ActionOutcome::refused(
                "this SSH key has the viewer role; no action was sent",
            );
            return self.fleet.record_by(&req, outcome, Some(&self.remote));
        }
        self.fleet.act_by(req, Some(&self.remote)).await
    }

    async fn choices(
        &self,
        backend: &str,
        agent: &str,
    ) -> Result<crate::backend::ActionChoices, String> {
        runner::Actions::choices(&*self.fleet, backend, agent).await
    }
}

/// Runs one dashboard session on `channel` until the user quits, the client goes away or the
/// server stops. The terminal is put back (alternate screen left, cursor shown) on the way out.
pub async fn run(channel: Channel<Msg>, identity: Identity, pty: Pty, ctx: Arc<ServeContext>) {
    let _attached = ctx.hub.attach();
    let role = effective_role(&identity, ctx.readonly);
    let (mut read, write) = channel.split();
    let mut app = new_app(&ctx, &pty, role);
    let lang = app.lang;
    if ctx.readonly {
        app.toast(ToastLevel::Info, t(lang, "serve-readonly-server"));
    } else if role == Role::Viewer {
        app.toast(ToastLevel::Info, t(lang, "serve-viewer-hello"));
    }
    let depth = crate::colour::depth_with(|k| {
        if k == "TERM" {
            return Some(pty.term.clone());
        }
        pty.env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    });
    let (mut cols, mut rows) = (pty.cols.max(1), pty.rows.max(1));
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)),
    };
    let frame = FrameBuffer::default();
    let Ok(mut terminal) = Terminal::with_options(CrosstermBackend::new(frame.clone()), options)
    else {
        return;
    };

    // The writer task: one frame in flight at most.
    let (frame_tx, mut frame_rx) = mpsc::channel::<Vec<u8>>(1);
    let mut out = write.make_writer();
    let writer = tokio::spawn(async move {
        while let Some(bytes) = frame_rx.recv().await {
            if out.write_all(&bytes).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
        let _ = out.write_all(super::writer::LEAVE).await;
        let _ = out.flush().await;
    });
    let _ = frame_tx.send(super::writer::ENTER.to_vec()).await;

    let (cmd_tx, cmd_rx) = mpsc::channel::<UiCommand>(64);
    let (reply_tx, mut reply_rx) = mpsc::channel::<Reply>(64);
    let actions = Arc::new(SessionActions {
        fleet: ctx.fleet.clone(),
        remote: crate::audit::Remote {
            ssh_user: identity.user.clone(),
            ssh_key: identity.fingerprint.clone(),
        },
        role,
    });
    let runner_task = tokio::spawn(runner::run(actions, cmd_rx, reply_tx));

    let mut floor_rx = ctx.hub.floor.clone();
    let mut floor: Arc<Floor> = floor_rx.borrow_and_update().clone();
    let mut shown = Shown::default();
    let mut decoder = KeyDecoder::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last_draw: Option<Instant> = None;
    let mut esc_since: Option<Instant> = None;
    loop {
        let frame_due = last_draw.map_or(Instant::now(), |t| t + FRAME);
        let dirty = app.is_dirty();
        let due = dirty && Instant::now() >= frame_due;
        tokio::select! {
            biased;
            msg = read.wait() => match msg {
                Some(ChannelMsg::Data { data }) => {
                    let keys = decoder.feed(&data);
                    esc_since = decoder.has_pending().then(Instant::now);
                    for key in keys {
                        handle_key(&mut app, key, role, ctx.readonly);
                    }
                }
                Some(ChannelMsg::WindowChange { col_width, row_height, .. }) => {
                    (cols, rows) = clamp_size(col_width, row_height);
                    if terminal.resize(Rect::new(0, 0, cols, rows)).is_err() {
                        break;
                    }
                    app.handle_event(&Event::Resize(cols, rows));
                }
                Some(ChannelMsg::Eof | ChannelMsg::Close) | None => break,
                Some(_) => {}
            },
            changed = floor_rx.changed() => match changed {
                Ok(()) => {
                    floor = floor_rx.borrow_and_update().clone();
                    app.mark_dirty();
                }
                // The server is stopping.
                Err(_) => break,
            },
            reply = reply_rx.recv() => if let Some(r) = reply {
                if let Reply::ActionDone { request, outcome } = &r {
                    // Into the floor's log, for everyone, saying who acted; a full hub queue only
                    // loses the line there.
                    let mut outcome = outcome.clone();
                    outcome.summary = tf(
                        ctx.base.lang,
                        "serve-action-by",
                        &[
                            ("summary", outcome.summary.clone().into()),
                            ("user", identity.user.clone().into()),
                        ],
                    );
                    let _ = ctx.hub.outcomes.try_send(Reply::ActionDone {
                        request: request.clone(),
                        outcome,
                    });
                }
                app.apply_reply(r);
            },
            // The clock moves at every frame (below); the tick only draws when no frame came for
            // a second, so a busy floor costs one frame per floor, not one more per second.
            _ = tick.tick() => if last_draw.is_none_or(|t| t.elapsed() >= TICK - FRAME) {
                app.tick(crate::clock::now_ms());
            },
            _ = tokio::time::sleep_until(esc_since.map_or(Instant::now(), |t| t + ESC_WAIT)), if esc_since.is_some() => {
                esc_since = None;
                for key in decoder.flush() {
                    handle_key(&mut app, key, role, ctx.readonly);
                }
            }
            _ = tokio::time::sleep_until(frame_due), if dirty && !due => {}
            permit = frame_tx.reserve(), if due => {
                let Ok(permit) = permit else { break };
                shown.adopt(&mut app, &floor);
                app.tick(crate::clock::now_ms());
                app.take_dirty();
                app.set_screen(rows, crate::ui::roster_rows(rows));
                frame.push(super::writer::SYNC_BEGIN);
                if crate::tui::terminal::draw_frame(&mut terminal, &app, depth).is_err() {
                    break;
                }
                frame.push(super::writer::SYNC_END);
                permit.send(frame.take());
                last_draw = Some(Instant::now());
            }
        }
        let commands: Vec<UiCommand> = app.outbox.drain(..).collect();
        for cmd in commands {
            match cmd {
                // Files would be written on the server's disk: not for remote sessions.
                UiCommand::WriteFile { path, .. } => {
                    let reason = t(lang, "serve-no-export");
                    app.apply_reply(Reply::Written {
                        path,
                        result: Err(reason),
                    });
                }
                other => {
                    if cmd_tx.send(other).await.is_err() {
                        tracing::warn!("the session's action runner is gone; command dropped");
                    }
                }
            }
        }
        if app.quit {
            break;
        }
    }
    drop(frame_tx);
    let _ = tokio::time::timeout(Duration::from_secs(2), writer).await;
    runner_task.abort();
    let _ = write.exit_status(0).await;
    let _ = write.eof().await;
    let _ = write.close().await;
    tracing::info!(user = %identity.user, key = %identity.fingerprint, "serve session ended");
}

fn new_app(ctx: &ServeContext, pty: &Pty, role: Role) -> App {
    let mut opts = ctx.base.clone();
    opts.readonly = role != Role::Operator;
    opts.now = crate::clock::now_ms();
    opts.lang = ctx.lang.unwrap_or_else(|| {
        Lang::from_env_with(|k| pty.env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
            .map_or(ctx.base.lang, |(l, _)| l)
    });
    App::new(opts)
}

/// Which floor the session's `App` shows.
#[derive(Debug, Default)]
struct Shown {
    roster: Option<Arc<crate::model::RosterStore>>,
    log_gen: Option<u64>,
}

impl Shown {
    /// Brings `app` up to `floor` before a frame: the roster by reference (no copy), health and
    /// queues by copy when the roster moved, and the event log only while something on the screen
    /// reads it (the log view or the detail pane), so a session on the roster costs no log copies.
    fn adopt(&mut self, app: &mut App, floor: &Floor) {
        if !self
            .roster
            .as_ref()
            .is_some_and(|r| Arc::ptr_eq(r, &floor.roster))
        {
            app.roster = floor.roster.clone();
            self.roster = Some(floor.roster.clone());
        }
        app.backends.clone_from(&floor.backends);
        let reads_log = app.view == crate::app::View::Log || app.detail;
        if reads_log && self.log_gen != Some(floor.log_gen) {
            app.log = (*floor.log).clone();
            self.log_gen = Some(floor.log_gen);
        }
        app.refresh();
    }
}

/// A key of this session: a viewer's action keys are refused with a word on its own screen.
fn handle_key(app: &mut App, key: KeyEvent, role: Role, readonly: bool) {
    let typing = !matches!(app.mode, Mode::Normal) || app.dialog.is_some() || app.help;
    if role == Role::Viewer && !typing {
        if let Some(action) = app.keymap.action(&key).filter(|a| a.is_agent_action()) {
            let id = if readonly {
                "serve-refused-readonly"
            } else {
                "serve-refused-viewer"
            };
            let text = tf(app.lang, id, &[("action", action.name().into())]);
            app.toast(ToastLevel::Warn, text);
            app.mark_dirty();
            return;
        }
    }
    app.handle_event(&Event::Key(key));
}
