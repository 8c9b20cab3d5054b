//! `callboard snapshot --history`: the series the dashboard kept in its history file (the state
//! directory's `history.jsonl`), as a summary table per backend and skill group, or every point
//! as CSV / JSON lines (the columns of `:export`). With no file yet it says where the dashboard
//! writes one, and prints no rows.

use crate::app::history::{tail, History, Point};
use crate::app::history_codec;
use crate::cli::{CommonArgs, SnapshotArgs, SnapshotFormat};
use crate::config::HistoryConfig;
use crate::i18n::{tf, Lang};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// The file's points, read into a history long enough to hold them (up to 72 hours), and how
/// many lines were damaged.
pub fn load(path: &Path, backend: Option<&str>) -> std::io::Result<(History, usize)> {
    let text = crate::config::read_history_file(path)?;
    let (samples, bad) = history_codec::parse_file(&text);
    // The interval: the smallest step between two points of one backend (10 s when unknown).
    let mut step = i64::MAX;
    for w in samples.windows(2) {
        if w[0].1.backend == w[1].1.backend && w[1].0 > w[0].0 {
            step = step.min(w[1].0 - w[0].0);
        }
    }
    let interval = if step == i64::MAX {
        10
    } else {
        (step / 1000).clamp(1, 3600) as u64
    };
    let mut h = History::new(&HistoryConfig {
        interval_secs: Some(interval),
        hours: Some(72.0),
        max_groups: Some(2000),
        persist: Some(false),
    });
    for (at, s) in samples {
        if backend.is_none_or(|b| b == s.backend) {
            h.push(at, s);
        }
    }
    Ok((h, bad))
}

/// The summary table: per backend and group, its points, span, and the waiting calls (latest,
/// highest, sparkline).
pub fn table(h: &History, offset_secs: i32) -> String {
    let mut out = String::new();
    let fmt = |v: Option<u64>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    for b in &h.backends {
        let (first, last) = (b.times.get(0), b.times.last());
        let _ = writeln!(
            out,
            "{}  {} points  {} – {}",
            b.name,
            b.times.len(),
            first.map_or_else(String::new, |t| crate::ui::clock(t, offset_secs)),
            last.map_or_else(String::new, |t| crate::ui::clock(t, offset_secs)),
        );
        let _ = writeln!(
            out,
            "  {:<24} {:>7} {:>7} {:>8} {:>6}  waiting over time",
            "GROUP", "WAITING", "HIGHEST", "LONGEST", "SL%"
        );
        let mut rows: Vec<(String, &crate::app::history::Ring<Point>)> =
            vec![("(all)".to_string(), &b.totals)];
        for (id, g) in &b.groups {
            let name = if g.name.is_empty() {
                id.clone()
            } else {
                g.name.clone()
            };
            rows.push((name, &g.points));
        }
        for (name, ring) in rows {
            let waiting = tail(ring, usize::MAX, |p| p.waiting);
            let last = ring.last();
            let highest = waiting.iter().flatten().max().copied();
            let _ = writeln!(
                out,
                "  {:<24} {:>7} {:>7} {:>8} {:>6}  {}",
                crate::ui::fit(&name, 24),
                fmt(last.and_then(|p| p.waiting.get())),
                fmt(highest),
                fmt(last.and_then(|p| p.longest.get())),
                last.and_then(|p| p.service_level())
                    .map_or_else(|| "–".to_string(), |p| format!("{p:.1}")),
                crate::ui::sparkline::text(&waiting, 40, None),
            );
        }
    }
    out
}

/// `snapshot --history`. Returns the exit code.
pub fn run(common: &CommonArgs, args: &SnapshotArgs) -> u8 {
    let lang = common.lang.unwrap_or_else(|| Lang::resolve(None, None).0);
    let Some(path) = crate::config::history_path() else {
        eprintln!(
            "{}",
            tf(lang, "history-none", &[("path", "history.jsonl".into())])
        );
        return super::EXIT_OK;
    };
    let shown = path.display().to_string();
    let (h, bad) = match load(&path, args.backend.as_deref()) {
        Ok(x) => x,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{}", tf(lang, "history-none", &[("path", shown.into())]));
            if args.format == SnapshotFormat::Csv {
                print!(
                    "{}",
                    history_codec::export_text(&History::default(), true).0
                );
            }
            return super::EXIT_OK;
        }
        Err(e) => {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "history-unreadable",
                    &[("path", shown.into()), ("reason", e.to_string().into())]
                )
            );
            return super::EXIT_FAILED;
        }
    };
    if bad > 0 {
        eprintln!(
            "{}",
            tf(
                lang,
                "history-skipped",
                &[("n", bad.into()), ("path", shown.into())]
            )
        );
    }
    let text = match args.format {
        SnapshotFormat::Table => table(&h, chrono::Local::now().offset().local_minus_utc()),
        SnapshotFormat::Csv => history_codec::export_text(&h, true).0,
        SnapshotFormat::Json => history_codec::export_text(&h, false).0,
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    super::EXIT_OK
}
