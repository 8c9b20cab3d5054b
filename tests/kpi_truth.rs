//! Service level, abandoned calls and speed of answer per skill group, as each client reads them
//! from its vendor's report (Alibaba ListHistoricalSkillGroupReport, Huawei CMS
//! skill/servicequality), equal the simulator's ground truth for a scripted interval: a frozen
//! world (`--speed 0`) with most agents unable to take calls, advanced through `/_sim/advance`.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;

use backend_support::*;
use callboard::backend::{KpiSource, QueueFigures, QueueKpis};
use callboard::config::KpiSettings;
use callboard::sim::world::{GroupTruth, Truth};
use callboard::sim::SimConfig;

const HOUR_MS: i64 = 3_600_000;
const INTERVAL_MS: i64 = 300_000;

/// The truth's counts of one group over the intervals starting in `[from, to)`:
/// (offered, answered, answered within `t`, abandoned, summed answer wait in ms).
fn truth_sum(g: &GroupTruth, from: i64, to: i64, t: usize) -> (u64, u64, u64, u64, u64) {
    g.intervals
        .iter()
        .filter(|i| i.start_ms >= from && i.start_ms < to)
        .fold((0, 0, 0, 0, 0), |acc, i| {
            let within: u64 = i.tally.waits[..=t].iter().map(|n| u64::from(*n)).sum();
            (
                acc.0 + i.tally.offered,
                acc.1 + i.tally.answered,
                acc.2 + within,
                acc.3 + i.tally.abandoned,
                acc.4 + i.tally.answer_wait_ms,
            )
        })
}

/// Compares one queue's KPIs with the truth over `[from, to)`; returns (answered, abandoned).
fn check(q: &QueueFigures, g: &GroupTruth, from: i64, to: i64, asa: bool) -> (u64, u64) {
    let k: &QueueKpis = q.kpis.as_ref().expect("kpis filled");
    assert_eq!(k.source, KpiSource::Vendor, "{}", q.group_id);
    assert_eq!(k.since, from, "{}", q.group_id);
    assert_eq!(k.threshold_secs, 20);
    let (offered, answered, within, abandoned, wait_ms) = truth_sum(g, from, to, 20);
    assert_eq!(k.offered, Some(offered), "offered of {}", q.group_id);
    assert_eq!(k.answered, Some(answered), "answered of {}", q.group_id);
    assert_eq!(
        k.answered_in_threshold,
        Some(within),
        "within 20 s, {}",
        q.group_id
    );
    assert_eq!(k.abandoned, Some(abandoned), "abandoned of {}", q.group_id);
    let ended = answered + abandoned;
    let sl = (ended > 0).then(|| within as f64 * 100.0 / ended as f64);
    assert_eq!(k.service_level_pct(), sl, "SL of {}", q.group_id);
    if asa {
        let truth_asa = (answered > 0).then(|| (wait_ms as f64 / 1000.0 / answered as f64).round());
        assert_eq!(
            k.avg_answer_secs.map(|s| s as f64),
            truth_asa,
            "speed of answer of {}",
            q.group_id
        );
    } else {
        assert_eq!(k.avg_answer_secs, None, "CMS gives no speed of answer");
    }
    (answered, abandoned)
}

async fn state(env: &Env) -> Truth {
    serde_json::from_value(truth(&env.sim).await).expect("truth")
}

/// One scripted run starting at the top of the current hour; `None` when the wall clock moved to
/// another hour meanwhile (the Alibaba report is asked for the client's current hour).
async fn run() -> Option<()> {
    let hour = callboard::clock::now_ms().div_euclid(HOUR_MS) * HOUR_MS;
    let env = env_with(SimConfig {
        epoch_ms: Some(hour),
        ..sim_config(160)
    })
    .await;
    // Script: two agents in three cannot take calls, so queues build up and callers give up.
    {
        let mut core = env.sim.shared.lock();
        for (i, a) in core.world.agents.iter_mut().enumerate() {
            if i % 3 != 0 {
                a.stuck = true;
            }
        }
    }
    // 40 minutes of simulated time.
    advance(&env.sim, 2400).await;
    let mut env = env;
    for b in &mut env.config.backends {
        b.kpis = Some(KpiSettings {
            sl_threshold_secs: Some(20),
            refresh_secs: Some(5.0),
        });
    }
    let fleet = fleet(&env).await;
    let truth = state(&env).await;
    let now = truth.clock.now_ms;

    let (_, ali) = fleet
        .backend(ALI)
        .expect("aliyun")
        .snapshot()
        .await
        .expect("aliyun");
    if callboard::clock::now_ms().div_euclid(HOUR_MS) * HOUR_MS != hour {
        fleet.shutdown().await;
        return None;
    }
    let (_, hw) = fleet
        .backend(HW)
        .expect("huawei")
        .snapshot()
        .await
        .expect("huawei");
    let group = |vendor: &str, id: &str| {
        truth
            .skill_groups
            .iter()
            .find(|g| serde_json::to_value(g.vendor).ok() == Some(vendor.into()) && g.id == id)
            .unwrap_or_else(|| panic!("{vendor} group {id} in the truth"))
            .clone()
    };
    assert!(!ali.is_empty() && !hw.is_empty());
    let mut totals = (0, 0);
    for q in &ali {
        let (a, b) = check(q, &group("aliyun", &q.group_id), hour, hour + HOUR_MS, true);
        totals = (totals.0 + a, totals.1 + b);
    }
    // CMS reports the whole 5-minute interval holding now - 5 min.
    let slot = (now - INTERVAL_MS).div_euclid(INTERVAL_MS) * INTERVAL_MS;
    for q in &hw {
        let (a, b) = check(
            q,
            &group("huawei", &q.group_id),
            slot,
            slot + INTERVAL_MS,
            false,
        );
        totals = (totals.0 + a, totals.1 + b);
    }
    assert!(totals.0 > 0, "the scripted interval answers calls");
    assert!(totals.1 > 0, "the scripted interval loses calls");
    fleet.shutdown().await;
    Some(())
}

#[tokio::test]
async fn sl_abandoned_and_speed_of_answer_equal_the_ground_truth() {
    // A run that straddles the top of an hour is run once more (it cannot straddle two).
    if run().await.is_none() {
        run().await.expect("a run within one hour");
    }
}

#[tokio::test]
async fn groups_without_a_vendor_report_get_a_computed_estimate() {
    let mut env = env(40).await;
    for b in &mut env.config.backends {
        // Huawei without CMS: no service-quality interface, only the estimate.
        b.cms = None;
    }
    let fleet = fleet(&env).await;
    let (_, hw) = fleet
        .backend(HW)
        .expect("huawei")
        .snapshot()
        .await
        .expect("huawei");
    assert!(!hw.is_empty());
    for q in &hw {
        let k = q.kpis.as_ref().expect("estimate");
        assert_eq!(k.source, KpiSource::Computed);
        assert_eq!((k.answered, k.abandoned), (None, None), "unknown, never 0");
    }
    fleet.shutdown().await;
}
