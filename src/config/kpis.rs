//! The shift-KPI settings of a backend (`[backend.kpis]`): the service-level threshold and how
//! often the vendor's service-level report is fetched, and their checks.

use super::BackendConfig;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// `[backend.kpis]`: both keys optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiSettings {
    /// A call answered within this many seconds of entering the queue counts towards the
    /// service level (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sl_threshold_secs: Option<u64>,
    /// Seconds between two fetches of the vendor's service-level report (default 30; the
    /// report is slower than the roster poll, and Huawei allows one call per second).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_secs: Option<f64>,
}

pub const DEFAULT_SL_THRESHOLD_SECS: u64 = 20;
pub const SL_THRESHOLD_RANGE: std::ops::RangeInclusive<u64> = 1..=600;
pub const DEFAULT_KPI_REFRESH_SECS: f64 = 30.0;
pub const KPI_REFRESH_RANGE: std::ops::RangeInclusive<f64> = 5.0..=3600.0;

impl BackendConfig {
    /// The service-level threshold in seconds (`kpis.sl_threshold_secs`, default 20).
    pub fn sl_threshold_secs(&self) -> u64 {
        self.kpis
            .as_ref()
            .and_then(|k| k.sl_threshold_secs)
            .filter(|s| SL_THRESHOLD_RANGE.contains(s))
            .unwrap_or(DEFAULT_SL_THRESHOLD_SECS)
    }

    /// How often the service-level report is fetched (`kpis.refresh_secs`, default 30 s).
    pub fn kpi_refresh(&self) -> Duration {
        let secs = self
            .kpis
            .as_ref()
            .and_then(|k| k.refresh_secs)
            .filter(|s| KPI_REFRESH_RANGE.contains(s))
            .unwrap_or(DEFAULT_KPI_REFRESH_SECS);
        Duration::from_secs_f64(secs)
    }
}

/// One problem with a `[backend.kpis]` table: the field, what is wrong and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KpiProblem {
    pub field: &'static str,
    pub message: String,
    pub fix: String,
}

/// The problems of `kpis` beyond its types.
pub(super) fn problems(kpis: &KpiSettings, place: &str) -> Vec<KpiProblem> {
    let mut out = Vec::new();
    if let Some(s) = kpis.sl_threshold_secs {
        if !SL_THRESHOLD_RANGE.contains(&s) {
            out.push(KpiProblem {
                field: "sl_threshold_secs",
                message: format!("kpis.sl_threshold_secs {s} {place} is outside 1-600"),
                fix: "write the seconds within which an answer counts, e.g. sl_threshold_secs = 20"
                    .into(),
            });
        }
    }
    if let Some(s) = kpis.refresh_secs {
        if !KPI_REFRESH_RANGE.contains(&s) {
            out.push(KpiProblem {
                field: "refresh_secs",
                message: format!("kpis.refresh_secs {s} {place} is outside 5-3600"),
                fix: "write how often to fetch the service-level report, e.g. refresh_secs = 30"
                    .into(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::BackendKind;

    #[test]
    fn defaults_and_ranges() {
        let mut b = BackendConfig::new("x", BackendKind::Aliyun, "http://x/".into());
        assert_eq!(b.sl_threshold_secs(), 20);
        assert_eq!(b.kpi_refresh(), Duration::from_secs(30));
        b.kpis = Some(KpiSettings {
            sl_threshold_secs: Some(15),
            refresh_secs: Some(60.0),
        });
        assert_eq!(b.sl_threshold_secs(), 15);
        assert_eq!(b.kpi_refresh(), Duration::from_secs(60));
        let bad = KpiSettings {
            sl_threshold_secs: Some(0),
            refresh_secs: Some(1.0),
        };
        let fields: Vec<_> = problems(&bad, "x").into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["sl_threshold_secs", "refresh_secs"]);
    }
}
