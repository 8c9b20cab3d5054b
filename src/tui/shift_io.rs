//! The shell's part of the shift features: setting the app up from `[history]` / `[alerts]` and
//! the wallboard flags, restoring and appending the history file, and writing the alerts' bell
//! (BEL) and desktop notification (OSC 9 / OSC 777) to the terminal. The app only queues them.
//!
//! The history file is a plain append-only JSON-lines file (`history.jsonl` in the state
//! directory): one line per backend sample, appended as it is recorded, read back leniently (a
//! damaged or cut line is skipped), and rewritten from memory once it holds twice the series'
//! bound, so it stays bounded. A plain file rather than an embedded store: one writer, strictly
//! appending, a few kilobytes every interval, and readable with `jq`; no crate to add.

use crate::app::alerts::Announcement;
use crate::app::history_codec;
use crate::app::{App, ToastLevel};
use crate::config::{Config, Notify};
use crate::i18n::tf;
use crate::model::UnixMs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::config::{history_path, read_history_file as read_bounded, HISTORY_FILE};

/// How the wallboard is started (`callboard wall`).
#[derive(Debug, Clone, Default)]
pub struct WallStart {
    /// `--groups a,b`: ids or names (empty: all).
    pub groups: Vec<String>,
    /// `--filter EXPR`: the filter language picks the agents counted and the groups shown.
    pub filter: Option<String>,
}

use crate::app::shift::HistoryFile;

/// Sets the app's history and alerts from `config`, restores the history file, and opens the
/// wallboard when asked. The history is kept in `file` when `[history] persist` allows.
pub fn configure(app: &mut App, config: &Config, wall: Option<&WallStart>, file: Option<PathBuf>) {
    let history = config.history.clone().unwrap_or_default();
    app.configure_shift(&history, config.alerts.clone().unwrap_or_default());
    if let Some(w) = wall {
        app.start_on_wall(w.groups.clone());
        if let Some(f) = &w.filter {
            app.apply_filter_text(f);
        }
    }
    let Some(path) = file.filter(|_| history.persists()) else {
        return;
    };
    let lines = restore(app, &path);
    app.shift.keep_recorded = true;
    app.shift.history_file = Some(HistoryFile { path, lines });
}

/// Reads the history file back into the app (points older than the series' span are left out);
/// returns the lines it holds.
fn restore(app: &mut App, path: &Path) -> usize {
    let text = match read_bounded(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return 0,
        Err(e) => {
            let text = tf(
                app.lang,
                "history-unreadable",
                &[
                    ("path", path.display().to_string().into()),
                    ("reason", e.to_string().into()),
                ],
            );
            app.toast(ToastLevel::Warn, text);
            return 0;
        }
    };
    let (samples, bad) = history_codec::parse_file(&text);
    let lines = samples.len() + bad;
    let h = &app.shift.history;
    let oldest: UnixMs = app.now - h.interval_ms * h.capacity as i64;
    for (at, s) in samples {
        if at >= oldest && at <= app.now {
            app.shift.history.push(at, s);
        }
    }
    if bad > 0 {
        tracing::warn!(path = %path.display(), bad, "damaged history lines skipped");
        let text = tf(
            app.lang,
            "history-skipped",
            &[
                ("n", bad.into()),
                ("path", path.display().to_string().into()),
            ],
        );
        app.toast(ToastLevel::Warn, text);
    }
    lines
}

/// The bytes that announce `a` on the terminal: BEL, then the notification.
pub fn announcement_bytes(a: &Announcement) -> Vec<u8> {
    let mut out = Vec::new();
    if a.bell {
        out.push(0x07);
    }
    // Control characters would end the sequence early; `;` separates OSC 777's fields.
    let clean = |s: &str| -> String {
        crate::text::clean(s)
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect()
    };
    match a.notify {
        Notify::Off => {}
        Notify::Osc9 => {
            out.extend_from_slice(format!("\x1b]9;{}\x07", clean(&a.body)).as_bytes());
        }
        Notify::Osc777 => {
            let title = clean(&a.title).replace(';', ",");
            out.extend_from_slice(
                format!("\x1b]777;notify;{title};{}\x07", clean(&a.body)).as_bytes(),
            );
        }
    }
    out
}

/// After each turn of the event loop: writes the queued announcements through `write` and
/// appends the new history points to the file.
pub fn after_step(app: &mut App, mut write: impl FnMut(&[u8]) -> std::io::Result<()>) {
    for a in std::mem::take(&mut app.shift.announcements) {
        let bytes = announcement_bytes(&a);
        if !bytes.is_empty() {
            if let Err(e) = write(&bytes) {
                tracing::warn!(%e, "alert bell or notification not written");
            }
        }
    }
    let recorded = std::mem::take(&mut app.shift.recorded);
    if recorded.is_empty() {
        return;
    }
    let Some(mut f) = app.shift.history_file.take() else {
        return;
    };
    match append(&mut f, &recorded, app) {
        Ok(()) => app.shift.history_file = Some(f),
        Err(e) => {
            tracing::warn!(%e, path = %f.path.display(), "history not written; stopped keeping it");
            let text = tf(
                app.lang,
                "history-unwritable",
                &[
                    ("path", f.path.display().to_string().into()),
                    ("reason", e.to_string().into()),
                ],
            );
            app.toast(ToastLevel::Warn, text);
            app.shift.keep_recorded = false;
        }
    }
}

fn append(
    f: &mut HistoryFile,
    recorded: &[(UnixMs, crate::app::history::Sample)],
    app: &App,
) -> std::io::Result<()> {
    let h = &app.shift.history;
    let bound = 2 * h.capacity * h.backends.len().max(1);
    if f.lines + recorded.len() > bound {
        // Rewrite from memory (which holds exactly the bounded series), atomically.
        let text = history_codec::history_file_text(h);
        let tmp = f.path.with_extension("jsonl.tmp");
        std::fs::write(&tmp, &text)?;
        std::fs::rename(&tmp, &f.path)?;
        f.lines = text.lines().count();
        return Ok(());
    }
    if let Some(dir) = f.path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&f.path)?;
    let mut text = String::new();
    for (at, s) in recorded {
        text.push_str(&history_codec::file_line(*at, s));
    }
    out.write_all(text.as_bytes())?;
    f.lines += recorded.len();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bell_and_each_notification_scheme_have_their_bytes() {
        let mut a = Announcement {
            bell: true,
            notify: Notify::Off,
            title: "callboard".into(),
            body: "aliyun-sim: ALERT Sales\x1b[2J; 6 waiting".into(),
        };
        assert_eq!(announcement_bytes(&a), b"\x07");
        a.notify = Notify::Osc9;
        let osc9 = announcement_bytes(&a);
        assert!(osc9.starts_with(b"\x07\x1b]9;aliyun-sim: ALERT Sales"));
        assert_eq!(
            osc9.iter().filter(|b| **b == 0x1b).count(),
            1,
            "no escape from the text"
        );
        a.bell = false;
        a.notify = Notify::Osc777;
        a.title = "call;board".into();
        let osc = String::from_utf8(announcement_bytes(&a)).unwrap();
        assert!(
            osc.starts_with("\x1b]777;notify;call,board;aliyun-sim: ALERT Sales"),
            "{osc:?}"
        );
        assert!(osc.ends_with('\x07'));
    }
}
