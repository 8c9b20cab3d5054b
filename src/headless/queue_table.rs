//! `callboard snapshot --queues`: one row per skill group with its queue figures and the
//! service level, abandoned calls and average speed of answer of the current interval, as a table
//! or CSV. An unknown figure is `–` in the table and an empty field in CSV, never 0; the source
//! (`vendor` report or callboard's `computed` estimate) is its own column.

use super::snapshot::Report;
use super::table::{self, Cell, Colour};
use crate::backend::{KpiSource, QueueKpis};
use crate::i18n::{t, Lang};

const UNKNOWN: &str = "–";

fn source_word(k: Option<&QueueKpis>, lang: Lang) -> String {
    match k.map(|k| k.source) {
        Some(KpiSource::Vendor) => t(lang, "queue-source-vendor"),
        Some(KpiSource::Computed) => t(lang, "queue-source-computed"),
        None => UNKNOWN.into(),
    }
}

/// The service level as text: one decimal (`72.5`), or `None` when unknown.
pub fn service_level_text(k: Option<&QueueKpis>) -> Option<String> {
    k.and_then(QueueKpis::service_level_pct)
        .map(|p| format!("{p:.1}"))
}

fn or_unknown(v: Option<String>) -> String {
    v.unwrap_or_else(|| UNKNOWN.to_string())
}

/// The queues as an aligned table in `lang`.
pub fn render_queue_table_in(report: &Report, colour: bool, lang: Lang) -> String {
    let headers: Vec<String> = [
        "queue-table-backend",
        "queue-table-group",
        "queue-table-id",
        "queue-table-waiting",
        "queue-table-longest",
        "queue-table-sl",
        "queue-table-threshold",
        "queue-table-offered",
        "queue-table-answered",
        "queue-table-abandoned",
        "queue-table-asa",
        "queue-table-source",
    ]
    .iter()
    .map(|id| t(lang, id))
    .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<Cell>> = report
        .queues
        .iter()
        .map(|q| {
            let f = &q.figures;
            let k = f.kpis.as_ref();
            let n = |v: Option<u64>| Cell::plain(or_unknown(v.map(|n| n.to_string())));
            let sl = or_unknown(service_level_text(k).map(|s| format!("{s}%")));
            let sl_colour = match k.and_then(QueueKpis::service_level_pct) {
                Some(p) if p >= 80.0 => Some(Colour::Green),
                Some(p) if p >= 60.0 => Some(Colour::Yellow),
                Some(_) => Some(Colour::Red),
                None => None,
            };
            vec![
                Cell::plain(q.backend.to_string()),
                Cell::plain(f.name.clone()),
                Cell::plain(f.group_id.clone()),
                Cell::plain(f.waiting.to_string()),
                Cell::plain(crate::duration::compact_or_unknown_in(f.longest(), lang)),
                match sl_colour {
                    Some(c) => Cell::coloured(sl, c),
                    None => Cell::plain(sl),
                },
                Cell::plain(or_unknown(
                    k.map(|k| crate::duration::compact_in(k.threshold_secs, lang)),
                )),
                n(k.and_then(|k| k.offered)),
                n(k.and_then(|k| k.answered)),
                n(k.and_then(|k| k.abandoned)),
                Cell::plain(crate::duration::compact_or_unknown_in(
                    k.and_then(|k| k.avg_answer_secs),
                    lang,
                )),
                Cell::plain(source_word(k, lang)),
            ]
        })
        .collect();
    table::render(&headers, &rows, colour)
}

/// The CSV columns of `--queues` (English, stable: only ever added to).
pub const QUEUE_CSV_HEADERS: [&str; 13] = [
    "backend",
    "group_id",
    "name",
    "waiting",
    "longest_wait_secs",
    "service_level_pct",
    "sl_threshold_secs",
    "offered",
    "answered",
    "answered_in_threshold",
    "abandoned",
    "avg_answer_secs",
    "kpi_source",
];

/// The queues as RFC 4180 CSV; unknown figures are empty fields.
pub fn render_queue_csv(report: &Report) -> String {
    let mut out = table::csv_record(&QUEUE_CSV_HEADERS);
    for q in &report.queues {
        let f = &q.figures;
        let k = f.kpis.as_ref();
        let n = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        out.push_str(&table::csv_record(&[
            q.backend.to_string(),
            f.group_id.clone(),
            f.name.clone(),
            f.waiting.to_string(),
            n(f.longest()),
            service_level_text(k).unwrap_or_default(),
            n(k.map(|k| k.threshold_secs)),
            n(k.and_then(|k| k.offered)),
            n(k.and_then(|k| k.answered)),
            n(k.and_then(|k| k.answered_in_threshold)),
            n(k.and_then(|k| k.abandoned)),
            n(k.and_then(|k| k.avg_answer_secs)),
            match k.map(|k| k.source) {
                Some(KpiSource::Vendor) => "vendor".into(),
                Some(KpiSource::Computed) => "computed".into(),
                None => String::new(),
            },
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::QueueFigures;
    use crate::headless::snapshot::QueueReport;
    use std::sync::Arc;

    fn report() -> Report {
        let q = |id: &str, kpis: Option<QueueKpis>| QueueReport {
            backend: Arc::from("aliyun-sim"),
            service_level_pct: None,
            figures: QueueFigures {
                group_id: id.into(),
                name: format!("group {id}"),
                waiting: 2,
                longest_wait_secs: Some(40),
                kpis,
            },
        };
        let vendor = QueueKpis {
            source: KpiSource::Vendor,
            since: 0,
            offered: Some(50),
            answered: Some(45),
            answered_in_threshold: Some(36),
            threshold_secs: 20,
            abandoned: Some(5),
            avg_answer_secs: Some(14),
            left_queue: None,
        };
        let computed = QueueKpis {
            source: KpiSource::Computed,
            answered: None,
            abandoned: None,
            answered_in_threshold: Some(3),
            left_queue: Some(4),
            avg_answer_secs: None,
            ..vendor.clone()
        };
        Report {
            queues: vec![q("a", Some(vendor)), q("b", Some(computed)), q("c", None)],
            ..Report::default()
        }
    }

    #[test]
    fn the_table_shows_unknown_as_a_dash_and_the_source() {
        let out = render_queue_table_in(&report(), false, Lang::En);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(
            lines[0].starts_with("BACKEND     GROUP    ID  WAITING"),
            "{out}"
        );
        let cells = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let a = cells(lines[1]);
        assert_eq!(
            &a[5..],
            ["40s", "72.0%", "20s", "50", "45", "5", "14s", "vendor"],
            "{out}"
        );
        let b = cells(lines[2]);
        assert_eq!(
            &b[5..],
            ["40s", "75.0%", "20s", "50", "–", "–", "–", "computed"],
            "{out}"
        );
        let c = cells(lines[3]);
        assert_eq!(&c[5..], ["40s", "–", "–", "–", "–", "–", "–", "–"], "{out}");
    }

    #[test]
    fn csv_leaves_unknown_fields_empty() {
        let out = render_queue_csv(&report());
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], QUEUE_CSV_HEADERS.join(","));
        assert_eq!(
            lines[1],
            "aliyun-sim,a,group a,2,40,72.0,20,50,45,36,5,14,vendor"
        );
        assert_eq!(
            lines[2],
            "aliyun-sim,b,group b,2,40,75.0,20,50,,3,,,computed"
        );
        assert_eq!(lines[3], "aliyun-sim,c,group c,2,40,,,,,,,,");
    }
}
