//! The UI task's loop: one `select!` over terminal input, backend events (drained and coalesced),
//! runner replies, a 1 s tick and a stop signal. It draws only when the app is dirty, at most
//! [`FRAME`] apart during bursts; with nothing changing it draws once a second (time in state).

use crate::app::{App, Reply, UiCommand};
use crate::backend::{coalesce, BackendEvent};
use crate::model::UnixMs;
use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use std::future::Future;
use std::io;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The shortest time between two frames (about 30 frames a second).
pub const FRAME: Duration = Duration::from_millis(33);
/// How often the clock ticks (time in state, data age, toasts).
pub const TICK: Duration = Duration::from_secs(1);

/// Something the app is drawn on: the real terminal, or a `TestBackend` in tests.
pub trait Screen {
    fn draw_app(&mut self, app: &App) -> io::Result<()>;
    /// The screen's height in rows.
    fn height(&self) -> u16;
    /// Writes an alert's bell / notification bytes to the terminal (nowhere by default).
    fn announce(&mut self, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// Where `now` comes from: the system clock, or a fixed start advanced by tokio's (pausable)
/// clock, so tests control time.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Tokio { base: UnixMs, start: Instant },
}

impl Clock {
    /// A clock starting at `base` that follows tokio time.
    pub fn tokio_from(base: UnixMs) -> Clock {
        Clock::Tokio {
            base,
            start: Instant::now(),
        }
    }

    pub fn now(&self) -> UnixMs {
        match self {
            Clock::System => crate::clock::now_ms(),
            Clock::Tokio { base, start } => *base + start.elapsed().as_millis() as i64,
        }
    }
}

/// The channels between the UI task and the backend side.
pub struct Channels {
    pub events: mpsc::Receiver<BackendEvent>,
    pub replies: mpsc::Receiver<Reply>,
    pub commands: mpsc::Sender<UiCommand>,
}

/// What the loop did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoopStats {
    pub draws: u64,
    pub events: u64,
}

/// Runs the UI until the app quits, input ends with an error, or `stop` resolves.
pub async fn run<S, I, F>(
    app: &mut App,
    screen: &mut S,
    mut input: I,
    mut channels: Channels,
    clock: Clock,
    stop: F,
) -> io::Result<LoopStats>
where
    S: Screen,
    I: Stream<Item = io::Result<Event>> + Unpin,
    F: Future<Output = ()>,
{
    let mut stats = LoopStats::default();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(stop);
    let mut input_open = true;
    let mut events_open = true;
    let mut replies_open = true;
    let mut last_draw: Option<Instant> = None;
    loop {
        if app.is_dirty() {
            let due = last_draw.map_or(Instant::now(), |t| t + FRAME);
            if Instant::now() >= due {
                app.take_dirty();
                let rows = screen.height();
                app.set_screen(rows, crate::ui::roster_rows(rows));
                screen.draw_app(app)?;
                stats.draws += 1;
                last_draw = Some(Instant::now());
            }
        }
        let frame_due = last_draw.map_or(Instant::now(), |t| t + FRAME);
        let dirty = app.is_dirty();
        tokio::select! {
            biased;
            _ = &mut stop => break,
            ev = input.next(), if input_open => match ev {
                Some(Ok(ev)) => app.handle_event(&ev),
                Some(Err(e)) => return Err(e),
                None => input_open = false,
            },
            ev = channels.events.recv(), if events_open => match ev {
                Some(first) => {
                    let mut batch = vec![first];
                    while let Ok(more) = channels.events.try_recv() {
                        batch.push(more);
                    }
                    stats.events += batch.len() as u64;
                    for ev in coalesce(batch) {
                        app.apply_event(ev);
                    }
                }
                None => events_open = false,
            },
            reply = channels.replies.recv(), if replies_open => match reply {
                Some(r) => app.apply_reply(r),
                None => replies_open = false,
            },
            _ = tick.tick() => app.tick(clock.now()),
            _ = tokio::time::sleep_until(frame_due), if dirty => {}
        }
        super::shift_io::after_step(app, |bytes| screen.announce(bytes));
        for cmd in app.outbox.drain(..) {
            if channels.commands.send(cmd).await.is_err() {
                tracing::warn!("the backend runner is gone; command dropped");
            }
        }
        if app.quit {
            break;
        }
    }
    Ok(stats)
}
