//! The history's memory is fixed by its configuration, not by uptime: a synthetic 24-hour feed
//! (one point per 10 s) of 2 backends × 40 skill groups × 10,000 agents into the default 8-hour
//! history leaves the series at 2,880 points each, and the heap it holds stops growing once
//! the rings are full. Prints the figure (`cargo test --test shift_memory -- --nocapture`).
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::app::history::{zero_states, Fig, History, Point, Sample};
use callboard::config::HistoryConfig;
use std::collections::BTreeMap;

const AGENTS: u64 = 10_000;
const GROUPS: usize = 40;

fn sample(backend: &str, i: u64) -> Sample {
    let mut totals = zero_states();
    // 5,000 agents per backend spread over the states, moving with time.
    let per_backend = AGENTS / 2;
    for (k, f) in totals.states.iter_mut().take(7).enumerate() {
        *f = Fig::known((per_backend / 7 + (i + k as u64) % 50) % per_backend);
    }
    totals.waiting = Fig::known(i % 90);
    totals.longest = if i % 7 == 0 {
        Fig::UNKNOWN
    } else {
        Fig::known(i % 600)
    };
    let groups: BTreeMap<String, (String, Point)> = (0..GROUPS)
        .map(|g| {
            let mut p = totals;
            p.waiting = Fig::known((i + g as u64) % 12);
            p.sl_permille = Fig::known(800 + (i % 200));
            (format!("group-{g:02}"), (format!("Skill group {g}"), p))
        })
        .collect();
    Sample {
        backend: backend.to_string(),
        totals,
        groups,
    }
}

/// Resident memory of this process in bytes (Linux), for a second opinion on the estimate.
fn rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_day_of_points_stays_within_the_eight_hour_bound() {
    let config = HistoryConfig::default();
    let mut h = History::new(&config);
    assert_eq!(h.capacity, 2880, "8 h at one point per 10 s");
    let rss_before = rss();
    let day = 24 * 3600 / 10;
    let mut at_capacity = 0;
    for i in 0..day as u64 {
        let at = 1_767_258_000_000 + i as i64 * 10_000;
        h.record(at, vec![sample("aliyun", i), sample("huawei", i)]);
        if i as usize + 1 == h.capacity {
            at_capacity = h.heap_bytes();
        }
    }
    let bytes = h.heap_bytes();
    for b in &h.backends {
        assert_eq!(b.times.len(), 2880);
        assert_eq!(b.groups.len(), GROUPS);
        assert!(b.groups.values().all(|g| g.points.len() == 2880));
        // The newest point is the last one fed.
        assert_eq!(
            b.totals.last().unwrap().waiting.get(),
            Some((day as u64 - 1) % 90)
        );
    }
    assert_eq!(bytes, at_capacity, "no growth after the rings filled");
    // 2 backends × (times 8 B + totals 28 B + 40 groups × 28 B) × 2880 points, plus names.
    let rings = 2 * 2880 * (8 + 28 + GROUPS * 28);
    assert!(
        bytes >= rings && bytes < rings + 64 * 1024,
        "{bytes} vs {rings}"
    );
    let rss_after = rss();
    // The history file holds at most twice the series (then it is rewritten from memory).
    let file = callboard::app::history_codec::history_file_text(&h).len();
    assert!(file < callboard::config::MAX_HISTORY_FILE_BYTES as usize / 2);
    eprintln!(
        "history file for the same series: {file} bytes ({:.1} MiB), at most twice that on disk",
        file as f64 / (1024.0 * 1024.0)
    );
    eprintln!(
        "history of 8 h, 2 backends x {GROUPS} groups, {AGENTS} agents: {bytes} bytes on the heap \
         ({:.2} MiB; rings {rings} B); process RSS grew by {:?} bytes",
        bytes as f64 / (1024.0 * 1024.0),
        rss_after.zip(rss_before).map(|(a, b)| a.saturating_sub(b))
    );
}
