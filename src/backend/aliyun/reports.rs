//! Service level from Alibaba CCC: `ListHistoricalSkillGroupReport` (2020-07-01) over the current
//! hour, read leniently, as each skill group's [`QueueKpis`] (docs/shift-kpis.md), fetched on its
//! own slower cadence (`[backend.kpis] refresh_secs`) and kept between fetches.

use super::lenient as le;
use super::wire::Page;
use super::{AliyunClient, AliyunError, V2020};
use crate::backend::kpi_estimate::Estimator;
use crate::backend::QueueFigures;
use crate::backend::{KpiSource, QueueKpis};
use crate::model::UnixMs;
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

const ACTION: &str = "ListHistoricalSkillGroupReport";
const HOUR_MS: i64 = 3_600_000;
/// Most pages read (100 groups each).
const MAX_REPORT_PAGES: i64 = 20;

/// A number of seconds sent as a float, an integer or a numeric string; anything else unknown.
fn opt_secs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    use crate::backend::lenient_de::Scalar;
    Ok(match Scalar::deserialize(d)? {
        Scalar::I64(n) => Some(n as f64),
        Scalar::F64(f) if f.is_finite() => Some(f),
        Scalar::Text(t) => t.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    })
}

/// The `Inbound` block of one group (only the fields callboard reads).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InboundReport {
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_offered: Option<i64>,
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_queued: Option<i64>,
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_handled: Option<i64>,
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_abandoned: Option<i64>,
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_service_level10: Option<i64>,
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_service_level20: Option<i64>,
    #[serde(deserialize_with = "le::opt_int")]
    pub calls_service_level30: Option<i64>,
    #[serde(deserialize_with = "opt_secs")]
    pub average_wait_time: Option<f64>,
}

/// One item of the report's `List`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct GroupReport {
    #[serde(deserialize_with = "le::string")]
    pub skill_group_id: String,
    #[serde(deserialize_with = "le::opt_object")]
    pub inbound: Option<InboundReport>,
}

fn count(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

/// The KPIs of one report item over `[since, …)` for the SL threshold `threshold_secs`: the
/// answered-within count exists for 10, 20 and 30 s only; another threshold leaves the SL unknown.
pub fn kpis_of(inbound: &InboundReport, since: UnixMs, threshold_secs: u64) -> QueueKpis {
    let within = match threshold_secs {
        10 => inbound.calls_service_level10,
        20 => inbound.calls_service_level20,
        30 => inbound.calls_service_level30,
        _ => None,
    };
    let answered = count(inbound.calls_handled);
    QueueKpis {
        source: KpiSource::Vendor,
        since,
        offered: count(inbound.calls_offered.or(inbound.calls_queued)),
        answered,
        answered_in_threshold: count(within),
        threshold_secs,
        abandoned: count(inbound.calls_abandoned),
        // An average over no answered call is no figure, whatever the report writes.
        avg_answer_secs: inbound
            .average_wait_time
            .filter(|s| *s >= 0.0 && answered.is_some_and(|a| a > 0))
            .map(|s| s.round() as u64),
        left_queue: None,
    }
}

/// The start of the hour holding `now` (the report's precision).
pub fn hour_start(now: UnixMs) -> UnixMs {
    now.div_euclid(HOUR_MS) * HOUR_MS
}

impl AliyunClient {
    /// `ListHistoricalSkillGroupReport`: one page over `[start_ms, end_ms)` for every group.
    pub async fn list_historical_skill_group_report(
        &self,
        page: i64,
        start_ms: UnixMs,
        end_ms: UnixMs,
    ) -> Result<Page<GroupReport>, AliyunError> {
        let query: BTreeMap<String, String> = [
            ("InstanceId", self.instance_id().to_string()),
            ("PageNumber", page.to_string()),
            ("PageSize", super::PAGE_SIZE.to_string()),
            ("StartTime", start_ms.to_string()),
            ("EndTime", end_ms.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        self.data(ACTION, V2020, query, BTreeMap::new()).await
    }

    /// Every group's report over the current hour, by group id.
    pub async fn hour_reports(
        &self,
        now: UnixMs,
        threshold_secs: u64,
    ) -> Result<HashMap<String, QueueKpis>, AliyunError> {
        let since = hour_start(now);
        let mut out = HashMap::new();
        let mut read = 0i64;
        for page in 1..=MAX_REPORT_PAGES {
            let p = self
                .list_historical_skill_group_report(page, since, now)
                .await?;
            let got = p.list.len() as i64;
            read += got;
            for item in p.list {
                if let Some(inbound) = item.inbound.as_ref() {
                    out.insert(
                        item.skill_group_id.clone(),
                        kpis_of(inbound, since, threshold_secs),
                    );
                }
            }
            if got == 0 || read >= p.total_count {
                break;
            }
        }
        Ok(out)
    }
}

/// The last report and when it was fetched, and the local estimate for groups it lacks.
#[derive(Debug, Default)]
pub struct ReportCache {
    fetched: Option<Instant>,
    by_group: HashMap<String, QueueKpis>,
    estimate: Estimator,
}

impl ReportCache {
    /// Whether a new fetch is due after `every`.
    pub fn due(&self, now: Instant, every: Duration) -> bool {
        self.fetched
            .is_none_or(|t| now.saturating_duration_since(t) >= every)
    }

    /// Notes a fetch attempt (failed ones too: a failing report is retried at the next cadence,
    /// not on every poll).
    pub fn attempted(&mut self, now: Instant) {
        self.fetched = Some(now);
    }

    pub fn store(&mut self, by_group: HashMap<String, QueueKpis>) {
        self.by_group = by_group;
    }

    pub fn get(&self, group: &str) -> Option<&QueueKpis> {
        self.by_group.get(group)
    }

    /// Sets each queue's KPIs: the vendor's report where it has the group, else the local
    /// estimate (fed with every poll so it is ready when the report lacks a group).
    pub fn fill(&mut self, now: UnixMs, threshold_secs: u64, queues: &mut [QueueFigures]) {
        let computed = self.estimate.observe(now, threshold_secs, queues);
        for (q, estimate) in queues.iter_mut().zip(computed) {
            q.kpis = Some(self.by_group.get(&q.group_id).cloned().unwrap_or(estimate));
        }
    }
}

impl super::AliyunBackend {
    /// Fetches the hour's report when due (`[backend.kpis] refresh_secs`) and fills the queues'
    /// KPIs; a failed fetch keeps the last report and is logged.
    pub(super) async fn fill_kpis(&self, queues: &mut [QueueFigures]) {
        let cfg = self.config();
        let threshold = cfg.sl_threshold_secs();
        let every = cfg.kpi_refresh();
        let due = {
            let mut cache = crate::sync::lock(&self.inner.reports);
            let now = Instant::now();
            let due = cache.due(now, every);
            if due {
                cache.attempted(now);
            }
            due
        };
        if due {
            match self
                .client()
                .hour_reports(crate::clock::now_ms(), threshold)
                .await
            {
                Ok(by_group) => crate::sync::lock(&self.inner.reports).store(by_group),
                Err(e) => {
                    tracing::warn!(backend = %self.inner.name, error = %e, "service-level report failed; keeping the last one")
                }
            }
        }
        crate::sync::lock(&self.inner.reports).fill(crate::clock::now_ms(), threshold, queues);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> GroupReport {
        serde_json::from_str(json).expect("report item")
    }

    #[test]
    fn lenient_shapes_read_as_figures_or_unknown() {
        let item = parse(
            r#"{"SkillGroupId":"g@i","Inbound":{"CallsOffered":"12","CallsHandled":10,
                "CallsAbandoned":2.0,"CallsServiceLevel20":"7","AverageWaitTime":"14.6",
                "Unknown":[1]}}"#,
        );
        let k = kpis_of(item.inbound.as_ref().expect("inbound"), 0, 20);
        assert_eq!(k.offered, Some(12));
        assert_eq!(k.answered, Some(10));
        assert_eq!(k.abandoned, Some(2));
        assert_eq!(k.answered_in_threshold, Some(7));
        assert_eq!(k.avg_answer_secs, Some(15));
        assert_eq!(k.source, KpiSource::Vendor);
        // Another threshold, placeholders and a missing block: unknown, never 0.
        assert_eq!(
            kpis_of(item.inbound.as_ref().expect("inbound"), 0, 15).answered_in_threshold,
            None
        );
        let blank = parse(
            r#"{"SkillGroupId":"g@i","Inbound":{"CallsHandled":"无","AverageWaitTime":null}}"#,
        );
        let k = kpis_of(blank.inbound.as_ref().expect("inbound"), 0, 20);
        assert_eq!(
            (k.answered, k.avg_answer_secs, k.offered),
            (None, None, None)
        );
        assert!(parse(r#"{"SkillGroupId":"g@i","Inbound":"无"}"#)
            .inbound
            .is_none());
        // CallsQueued stands in for CallsOffered; no average without an answered call.
        let q = parse(r#"{"Inbound":{"CallsQueued":3,"CallsHandled":0,"AverageWaitTime":0}}"#);
        let k = kpis_of(q.inbound.as_ref().expect("inbound"), 0, 20);
        assert_eq!((k.offered, k.avg_answer_secs), (Some(3), None));
    }

    #[test]
    fn the_cache_is_due_on_its_cadence() {
        let mut c = ReportCache::default();
        let t = Instant::now();
        assert!(c.due(t, Duration::from_secs(30)));
        c.attempted(t);
        assert!(!c.due(t + Duration::from_secs(29), Duration::from_secs(30)));
        assert!(c.due(t + Duration::from_secs(30), Duration::from_secs(30)));
    }
}
