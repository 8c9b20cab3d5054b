//! Service level from Huawei CC-CMS: `skill/servicequality` (docs/shift-kpis.md), the 5-minute
//! interval holding "now − 5 min" per skill queue, read leniently, as each queue's [`QueueKpis`];
//! fetched on its own cadence (`[backend.kpis] refresh_secs`), never more than once a second
//! (the documented flow control), and kept between fetches.

use super::client::{CmsClient, MAX_SKILL_IDS};
use super::error::CmsError;
use crate::backend::kpi_estimate::Estimator;
use crate::backend::lenient_de::{opt_text, opt_whole};
use crate::backend::{KpiSource, QueueFigures, QueueKpis};
use crate::model::UnixMs;
use serde::Deserialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const PATH: &str = "skill/servicequality";
/// The documented flow control: one call per second.
pub const MIN_GAP: Duration = Duration::from_secs(1);

/// One `resultDesc` item (only the fields callboard reads; unknown ones ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SkillQuality {
    #[serde(deserialize_with = "opt_text")]
    pub skill_id: Option<String>,
    #[serde(deserialize_with = "opt_whole")]
    pub stat_start_time: Option<i64>,
    #[serde(deserialize_with = "opt_whole")]
    pub in_call_num: Option<i64>,
    #[serde(deserialize_with = "opt_whole")]
    pub connected_num: Option<i64>,
    #[serde(deserialize_with = "opt_whole")]
    pub call_lost_num: Option<i64>,
    #[serde(rename = "in15sCallNum", deserialize_with = "opt_whole")]
    pub in15s_call_num: Option<i64>,
    #[serde(rename = "in20sCallNum", deserialize_with = "opt_whole")]
    pub in20s_call_num: Option<i64>,
}

fn count(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

/// The KPIs of one item for the SL threshold `threshold_secs` (CMS counts within 15 and 20 s
/// only; another threshold leaves the SL unknown). CMS gives no speed of answer: unknown.
pub fn kpis_of(q: &SkillQuality, threshold_secs: u64) -> Option<QueueKpis> {
    let since = q.stat_start_time?;
    let within = match threshold_secs {
        15 => q.in15s_call_num,
        20 => q.in20s_call_num,
        _ => None,
    };
    Some(QueueKpis {
        source: KpiSource::Vendor,
        since,
        offered: count(q.in_call_num),
        answered: count(q.connected_num),
        answered_in_threshold: count(within),
        threshold_secs,
        abandoned: count(q.call_lost_num),
        avg_answer_secs: None,
        left_queue: None,
    })
}

impl CmsClient {
    /// `skill/servicequality` for `skill_ids` (numeric ids only), in batches of
    /// [`MAX_SKILL_IDS`] one second apart; a flow-control refusal (HTTP 429) is asked again once,
    /// a second later.
    pub async fn service_quality(
        &self,
        skill_ids: &[String],
    ) -> Result<Vec<SkillQuality>, CmsError> {
        let ids: Vec<u64> = skill_ids.iter().filter_map(|w| w.parse().ok()).collect();
        let mut out = Vec::with_capacity(ids.len());
        for (n, chunk) in ids.chunks(MAX_SKILL_IDS).enumerate() {
            if n > 0 {
                tokio::time::sleep(MIN_GAP).await;
            }
            let body = serde_json::json!({
                "ccId": self.ccid(),
                "vdn": self.vdn(),
                "skillIds": chunk,
            });
            let items = match self.post::<SkillQuality>(PATH, &body).await {
                // Flow control (another client asked within the second): once more, a second on.
                Err(CmsError::Http { status: 429, .. }) => {
                    tokio::time::sleep(MIN_GAP).await;
                    self.post::<SkillQuality>(PATH, &body).await?
                }
                other => other?,
            };
            out.extend(items);
        }
        Ok(out)
    }
}

/// The last service-quality answer and when it was fetched, and the local estimate for queues
/// it lacks.
#[derive(Debug, Default)]
pub struct QualityCache {
    fetched: Option<Instant>,
    by_skill: HashMap<String, QueueKpis>,
    estimate: Estimator,
}

impl QualityCache {
    /// Whether a fetch is due: `every` since the last attempt, and never within a second.
    pub fn due(&mut self, now: Instant, every: Duration) -> bool {
        let due = self
            .fetched
            .is_none_or(|t| now.saturating_duration_since(t) >= every.max(MIN_GAP));
        if due {
            self.fetched = Some(now);
        }
        due
    }

    pub fn store(&mut self, items: &[SkillQuality], threshold_secs: u64) {
        self.by_skill = items
            .iter()
            .filter_map(|q| Some((q.skill_id.clone()?, kpis_of(q, threshold_secs)?)))
            .collect();
    }

    /// Sets each queue's KPIs: CMS's where it has the queue, else the local estimate.
    pub fn fill(&mut self, now: UnixMs, threshold_secs: u64, queues: &mut [QueueFigures]) {
        let computed = self.estimate.observe(now, threshold_secs, queues);
        for (q, estimate) in queues.iter_mut().zip(computed) {
            q.kpis = Some(self.by_skill.get(&q.group_id).cloned().unwrap_or(estimate));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::huawei::cms::wire::{Envelope, ResultDesc};

    #[test]
    fn lenient_items_read_as_figures_or_unknown() {
        let body = r#"{"resultCode":"0100000","resultDesc":[
            {"skillId":3,"statStartTime":"1795000200000","inCallNum":9,"connectedNum":"7",
             "callLostNum":2,"in15sCallNum":5,"in20sCallNum":6.0,"wait15sLostNum":0,"x":{}},
            {"skillId":"4","statStartTime":1795000200000,"inCallNum":"无","connectedNum":1.5},
            "junk",
            {"skillId":5}
        ]}"#;
        let env: Envelope<SkillQuality> = serde_json::from_str(body).expect("envelope");
        let ResultDesc::Items(items) = env.result_desc else {
            panic!("items")
        };
        assert_eq!(items.len(), 3, "the string item is skipped");
        let k = kpis_of(&items[0], 20).expect("kpis");
        assert_eq!(
            (
                k.since,
                k.offered,
                k.answered,
                k.abandoned,
                k.answered_in_threshold
            ),
            (1_795_000_200_000, Some(9), Some(7), Some(2), Some(6))
        );
        assert_eq!(
            kpis_of(&items[0], 15).and_then(|k| k.answered_in_threshold),
            Some(5)
        );
        assert_eq!(
            kpis_of(&items[0], 30).and_then(|k| k.answered_in_threshold),
            None
        );
        assert_eq!(k.avg_answer_secs, None);
        let k = kpis_of(&items[1], 20).expect("kpis");
        assert_eq!(
            (k.offered, k.answered),
            (None, None),
            "placeholder and fraction are unknown"
        );
        assert!(
            kpis_of(&items[2], 20).is_none(),
            "no interval start: no figures"
        );
    }

    #[test]
    fn never_more_than_once_a_second() {
        let mut c = QualityCache::default();
        let t = Instant::now();
        assert!(c.due(t, Duration::ZERO));
        assert!(!c.due(t + Duration::from_millis(900), Duration::ZERO));
        assert!(c.due(t + MIN_GAP, Duration::ZERO));
    }
}
