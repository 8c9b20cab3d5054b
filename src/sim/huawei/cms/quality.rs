//! `skill/servicequality` (docs/shift-kpis.md): the service quality of the world's Huawei skill
//! queues over the whole 5-minute interval holding "now − 5 min" (00–05, 05–10, …), from the
//! world's queue statistics; flow-controlled to one call per second.

use crate::sim::world::stats::{bucket_start, BUCKET_MS};
use crate::sim::world::{Vendor, World};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Most skill ids per call and the range of one.
pub const MAX_SKILL_IDS: usize = 1000;
pub const SKILL_ID_RANGE: std::ops::RangeInclusive<i64> = 1..=2000;
/// The documented flow control: one call per second.
pub const MIN_GAP: Duration = Duration::from_secs(1);

/// The flow control of the interface: remembers when it last answered (wall clock, whatever the
/// world's speed).
#[derive(Debug, Default)]
pub struct FlowGate {
    last: Option<Instant>,
}

impl FlowGate {
    /// Whether a call now may pass; a passing call is remembered.
    pub fn pass(&mut self, now: Instant) -> bool {
        if self
            .last
            .is_some_and(|t| now.saturating_duration_since(t) < MIN_GAP)
        {
            return false;
        }
        self.last = Some(now);
        true
    }
}

/// The start of the interval the interface reports at world time `now`.
pub fn reported_interval(now: i64) -> i64 {
    bucket_start(now - BUCKET_MS)
}

/// `[{skillId, statStartTime, inCallNum, connectedNum, callLostNum, in15sCallNum,
/// wait15sLostNum, in20sCallNum, wait20sLostNum}]` for each requested skill queue of the VDN, in
/// request order (unknown ones left out).
pub fn service_quality(world: &World, skill_ids: &[i64]) -> Value {
    let start = reported_interval(world.now);
    let list: Vec<Value> = skill_ids
        .iter()
        .filter_map(|&id| {
            let (g, group) = world
                .groups_of(Vendor::Huawei)
                .find(|(_, g)| i64::from(g.num) == id)?;
            let t = world.stats.sum(g, start, start + BUCKET_MS);
            Some(json!({
                "skillId": group.num,
                "statStartTime": start,
                "inCallNum": t.offered,
                "connectedNum": t.answered,
                "callLostNum": t.abandoned,
                "in15sCallNum": t.answered_within(15).unwrap_or(0),
                // The world's callers give up only after 240 s of queuing, so no call is lost
                // within 15 or 20 s.
                "wait15sLostNum": 0,
                "in20sCallNum": t.answered_within(20).unwrap_or(0),
                "wait20sLostNum": 0,
            }))
        })
        .collect();
    Value::Array(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_interval_holds_now_minus_five_minutes() {
        let base = 1_795_000_200_000 - 1_795_000_200_000 % BUCKET_MS;
        // 10:07 -> 10:00..10:05; 10:05 -> 10:00..10:05; 10:04:59 -> 09:55..10:00.
        assert_eq!(reported_interval(base + 420_000), base);
        assert_eq!(reported_interval(base + BUCKET_MS), base);
        assert_eq!(reported_interval(base + BUCKET_MS - 1), base - BUCKET_MS);
    }

    #[test]
    fn one_call_per_second_passes() {
        let mut gate = FlowGate::default();
        let t = Instant::now();
        assert!(gate.pass(t));
        assert!(!gate.pass(t + Duration::from_millis(500)));
        assert!(gate.pass(t + Duration::from_millis(1000)));
    }
}
