//! `skill/rindex` (docs/huawei-cms.md §4): real-time indicators of the world's Huawei skill
//! queues, from the same queue figures as `/_sim/state`.

use crate::sim::world::{Vendor, World};
use serde_json::{json, Value};

/// Calls queuing in the skill queue now.
pub const IDX_COUNT_QUEUE: &str = "IDX_COUNT_QUEUE";
/// Seconds the longest-queuing call has waited now (0 when none queue).
pub const IDX_DURATION_QUEUE_MAX: &str = "IDX_DURATION_QUEUE_MAX";
/// Most skill ids and indicator codes per call, the range of a skill id, the longest code read.
pub const MAX_SKILL_IDS: usize = 1000;
pub const MAX_INDEX_IDS: usize = 12;
pub const SKILL_ID_RANGE: std::ops::RangeInclusive<i64> = 1..=2000;
pub const MAX_INDEX_CHARS: usize = 64;

/// `[{id, idxs: [{id, val}]}]` for each requested skill queue of the VDN, in request order
/// (unknown ones left out); an unknown indicator code has `val` null.
pub fn rindex(world: &World, skill_ids: &[i64], index_ids: &[String]) -> Value {
    let list: Vec<Value> = skill_ids
        .iter()
        .filter_map(|&id| {
            let (g, group) = world
                .groups_of(Vendor::Huawei)
                .find(|(_, g)| i64::from(g.num) == id)?;
            let (waiting, longest) = world.queue_figures(g);
            let idxs: Vec<Value> = index_ids
                .iter()
                .map(|code| {
                    let val = match code.as_str() {
                        IDX_COUNT_QUEUE => json!(waiting),
                        IDX_DURATION_QUEUE_MAX => json!(longest),
                        _ => Value::Null,
                    };
                    json!({"id": code, "val": val})
                })
                .collect();
            Some(json!({"id": group.num, "idxs": idxs}))
        })
        .collect();
    Value::Array(list)
}
