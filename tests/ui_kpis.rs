//! The skill-group view's service-level columns at 120×36: the vendor's figures as they are,
//! callboard's own estimates marked `≈`, unknown figures `–` (never 0), and a stale backend's
//! last known figures `~`.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui_support;
use callboard::backend::{KpiSource, QueueKpis};
use crossterm::event::KeyCode;
use tui_support::*;

fn kpis(source: KpiSource, counts: [Option<u64>; 4], asa: Option<u64>) -> QueueKpis {
    let [answered, within, abandoned, left] = counts;
    QueueKpis {
        source,
        since: EPOCH,
        offered: answered.map(|a| a + abandoned.unwrap_or(0)),
        answered,
        answered_in_threshold: within,
        threshold_secs: 20,
        abandoned,
        avg_answer_secs: asa,
        left_queue: left,
    }
}

#[test]
fn skill_groups_view_shows_sl_abandoned_and_speed_of_answer() {
    let mut app = world_app(60, 600);
    for b in &mut app.backends {
        for (i, q) in b.queues.iter_mut().enumerate() {
            q.kpis = match (&*b.name, i) {
                // Vendor: 45 answered, 36 within 20 s, 5 abandoned: 72 %, ASA 14 s.
                ("aliyun-sim", 0) => Some(kpis(
                    KpiSource::Vendor,
                    [Some(45), Some(36), Some(5), None],
                    Some(14),
                )),
                // Vendor, nothing ended yet: SL unknown, 0 abandoned is a figure.
                ("aliyun-sim", 1) => Some(kpis(
                    KpiSource::Vendor,
                    [Some(0), Some(0), Some(0), None],
                    None,
                )),
                // Huawei CMS: counts, no speed of answer.
                ("huawei-sim", 0) => Some(kpis(
                    KpiSource::Vendor,
                    [Some(9), Some(8), Some(1), None],
                    None,
                )),
                // Computed: 10 left the queue, 6 within 20 s; answered/abandoned unknown.
                ("huawei-sim", 1) => Some(kpis(
                    KpiSource::Computed,
                    [None, Some(6), None, Some(10)],
                    Some(75),
                )),
                _ => None,
            };
        }
    }
    app.handle_key(code(KeyCode::Tab));
    let text = screen(&app);
    let row = |id: &str| {
        text.lines()
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("row of {id}"))
            .to_string()
    };
    let ali0 = app.backends[0].queues[0].group_id.clone();
    assert!(
        row(&ali0)
            .trim_end_matches('│')
            .ends_with("72%    5    14s"),
        "{}",
        row(&ali0)
    );
    let hw1 = app.backends[1].queues[1].group_id.clone();
    assert!(row(&hw1).contains("≈60%"), "{}", row(&hw1));
    assert!(row(&hw1).contains("≈1m15s"), "{}", row(&hw1));
    insta::assert_snapshot!("groups_kpis", text);
}

#[test]
fn a_narrow_screen_keeps_the_figures_that_matter() {
    let mut app = world_app(60, 600);
    for b in &mut app.backends {
        for q in &mut b.queues {
            q.kpis = Some(kpis(
                KpiSource::Vendor,
                [Some(45), Some(36), Some(5), None],
                Some(14),
            ));
        }
    }
    app.handle_key(code(KeyCode::Tab));
    let text = screen_at(&app, 80, 24);
    let header = text
        .lines()
        .find(|l| l.contains("Waiting"))
        .expect("the header row");
    // Less important columns go first; the group, waiting, longest and SL% stay, whole.
    for h in ["Group", "Ready", "Talk", "Waiting", "Longest", "SL%"] {
        assert!(header.contains(h), "{header}");
    }
    for h in [" Id ", "Off", "Ring"] {
        assert!(!header.contains(h), "{header}");
    }
    assert!(text.lines().any(|l| l.contains("72%")), "{text}");
    insta::assert_snapshot!("groups_kpis_80x24", text);
}
