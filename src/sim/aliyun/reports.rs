//! The skill-group report API: ListHistoricalSkillGroupReport (2020-07-01), served from the
//! world's queue statistics (see docs/shift-kpis.md for the fields and where they come from).
//!
//! The documented behaviour kept here: `PageNumber`/`PageSize` required (1..=100),
//! `SkillGroupIdList` an optional JSON array (empty = every group), `StartTime`/`EndTime` in Unix
//! ms, both optional (default: 00:00 of the current day to now), aligned to whole hours (start
//! rounded down and included, end rounded up and excluded), the start at most 180 days back.

use super::context::check_instance;
use super::envelope::Reply;
use super::error::ApiError;
use super::monitor::page;
use super::request::Params;
use crate::sim::world::{Tally, Vendor, World};
use serde_json::{json, Value};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The earliest `StartTime`: 180 days before now.
const MAX_BACK_MS: i64 = 180 * DAY_MS;
/// The day boundary of the default `StartTime`: China Standard Time (UTC+8), where the service
/// runs \[UNCONFIRMED\].
const DAY_OFFSET_MS: i64 = 8 * HOUR_MS;
const MEDIA_TYPES: &[&str] = &["AUDIO", "CHAT", "VIDEO"];

fn floor_hour(ms: i64) -> i64 {
    ms.div_euclid(HOUR_MS) * HOUR_MS
}

fn ceil_hour(ms: i64) -> i64 {
    floor_hour(ms + HOUR_MS - 1)
}

/// 00:00 (UTC+8) of the day holding `ms`.
fn midnight(ms: i64) -> i64 {
    (ms + DAY_OFFSET_MS).div_euclid(DAY_MS) * DAY_MS - DAY_OFFSET_MS
}

/// The aligned `[start, end)` of a request.
fn range(world: &World, p: &Params) -> Result<(i64, i64), ApiError> {
    let now = world.now;
    let start = p
        .int_in("StartTime", 0, i64::MAX / 2, false)?
        .unwrap_or_else(|| midnight(now));
    let end = p.int_in("EndTime", 0, i64::MAX / 2, false)?.unwrap_or(now);
    if start < now - MAX_BACK_MS {
        return Err(ApiError::invalid(
            "StartTime",
            "a time at most 180 days before now",
        ));
    }
    if end < start {
        return Err(ApiError::invalid("EndTime", "a time after StartTime"));
    }
    Ok((
        floor_hour(start),
        ceil_hour(end).max(floor_hour(start) + HOUR_MS),
    ))
}

/// The `Inbound` block of one group's counts.
fn inbound(t: &Tally) -> Value {
    let within = |s: u64| t.answered_within(s).unwrap_or(0);
    let avg = t
        .avg_answer_secs()
        .map(|s| (s * 100.0).round() / 100.0)
        .unwrap_or(0.0);
    json!({
        "CallsOffered": t.offered,
        "CallsQueued": t.offered,
        "CallsHandled": t.answered,
        "CallsAbandoned": t.abandoned,
        "CallsOverflow": t.overflow,
        "CallsServiceLevel10": within(10),
        "CallsServiceLevel20": within(20),
        "CallsServiceLevel30": within(30),
        "AverageWaitTime": avg,
        "HandleRate": if t.offered > 0 { t.answered as f64 / t.offered as f64 } else { 0.0 },
    })
}

/// ListHistoricalSkillGroupReport: one summary per group over the aligned range.
pub fn list_historical_skill_group_report(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let (number, size) = p.paging()?;
    p.enum_value("MediaType", MEDIA_TYPES)?;
    let (start, end) = range(world, p)?;
    let wanted = p.json_list("SkillGroupIdList")?;
    let items: Vec<_> = world
        .groups_of(Vendor::Aliyun)
        .filter(|(_, g)| {
            wanted
                .as_ref()
                .is_none_or(|w| w.is_empty() || w.contains(&g.id))
        })
        .collect();
    Ok(Reply::list(page(items, number, size, |(gi, g)| {
        let t = world.stats.sum(gi, start, end);
        json!({
            "SkillGroupId": g.id,
            "SkillGroupName": g.name,
            "Inbound": inbound(&t),
        })
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_align_as_documented() {
        // 11:12:20 .. 11:45:50 becomes [11:00, 12:00).
        let base = 1_795_000_000_000 - 1_795_000_000_000 % HOUR_MS;
        assert_eq!(floor_hour(base + 740_000), base);
        assert_eq!(ceil_hour(base + 2_750_000), base + HOUR_MS);
        assert_eq!(ceil_hour(base), base);
        assert_eq!((midnight(base) + DAY_OFFSET_MS) % DAY_MS, 0);
        assert!(midnight(base) <= base && base - midnight(base) < DAY_MS);
    }
}
