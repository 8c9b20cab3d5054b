//! The real terminal: raw mode, alternate screen, hidden cursor and (only when asked) mouse
//! capture, all undone by [`TerminalGuard`]'s drop and by the panic hook, so every way out
//! (quit, error, panic, SIGTERM, SIGHUP, SIGINT, SIGQUIT) leaves the terminal as it was; SIGTSTP
//! puts the terminal back before the process stops and takes it again on SIGCONT
//! (`suspend_on_sigtstp`). Each frame is wrapped in synchronized output (DEC 2026), which
//! terminals without it ignore.

use super::event_loop::Screen;
use crate::app::App;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, EndSynchronizedUpdate,
    EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

static MOUSE: AtomicBool = AtomicBool::new(false);
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// The terminal was given back and taken again (suspend): the next frame is drawn in full.
static REDRAW: AtomicBool = AtomicBool::new(false);
/// Held while a frame is written and while the terminal is handed over for a suspend, so the
/// two never interleave on stdout. Never taken by [`restore`] (the panic hook may run while a
/// frame holds it).
static OUTPUT: Mutex<()> = Mutex::new(());

/// Raw mode, alternate screen, hidden cursor, and mouse capture when `mouse`.
fn take_over(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back: leaves the alternate screen, shows the cursor, ends raw mode. Safe to
/// call more than once.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the default panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// The terminal in TUI mode; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen (and mouse capture when `mouse`).
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        if let Err(e) = take_over(mouse) {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back (as [`restore`]), stops the process (SIGSTOP, which cannot be caught)
/// and, once continued (SIGCONT), takes the terminal again; the next frame is drawn in full.
#[cfg(unix)]
pub fn suspend() {
    let _frame = crate::sync::lock(&OUTPUT);
    let active = ACTIVE.load(Ordering::SeqCst);
    let mouse = MOUSE.load(Ordering::SeqCst);
    restore();
    if let Err(e) = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP) {
        tracing::warn!(error = %e, "could not stop the process for SIGTSTP");
    }
    if active {
        match take_over(mouse) {
            Ok(()) => REDRAW.store(true, Ordering::SeqCst),
            Err(e) => {
                restore();
                tracing::error!(error = %e, "could not take the terminal again after SIGCONT");
            }
        }
    }
}

/// Handles SIGTSTP (`kill -TSTP`, job control) while the TUI runs: [`suspend`] instead of being
/// stopped with the terminal in raw mode on the alternate screen. `None` when no handler could be
/// installed (the default stop then applies).
#[cfg(unix)]
pub fn suspend_on_sigtstp() -> Option<tokio::task::JoinHandle<()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut tstp = signal(SignalKind::from_raw(signal_hook::consts::SIGTSTP)).ok()?;
    Some(tokio::spawn(async move {
        while tstp.recv().await.is_some() {
            suspend();
        }
    }))
}

impl Screen for TerminalGuard {
    fn draw_app(&mut self, app: &App) -> io::Result<()> {
        let _frame = crate::sync::lock(&OUTPUT);
        if REDRAW.swap(false, Ordering::SeqCst) {
            self.terminal.clear()?;
        }
        execute!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let drawn = draw_frame(&mut self.terminal, app, crate::colour::depth());
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        drawn
    }

    fn height(&self) -> u16 {
        self.terminal.size().map(|s| s.height).unwrap_or(24)
    }

    fn announce(&mut self, bytes: &[u8]) -> io::Result<()> {
        let _frame = crate::sync::lock(&OUTPUT);
        let out = self.terminal.backend_mut();
        out.write_all(bytes)?;
        out.flush()
    }
}

/// One frame of `app` on `terminal`, its colours brought down to `depth`: the dashboard's own
/// terminal and each `callboard serve` session (a terminal writing to its SSH channel) draw with it.
pub fn draw_frame<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    app: &App,
    depth: crate::colour::Depth,
) -> io::Result<()> {
    terminal
        .draw(|f| {
            crate::ui::draw(f, app);
            // Terminals without 24-bit colour get the nearest of the 256-colour palette.
            if depth != crate::colour::Depth::TrueColor {
                for cell in f.buffer_mut().content.iter_mut() {
                    let mapped = crate::colour::style_for(cell.style(), depth);
                    cell.set_style(mapped);
                }
            }
        })
        .map(|_| ())
}
