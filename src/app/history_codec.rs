//! The history's text forms: one JSON line per backend sample for the history file (read back
//! leniently: a damaged line is skipped, never fatal), and the CSV / JSONL exports with one row
//! per backend total or skill group and point. Unknown figures are JSON `null` / an empty CSV
//! field, never 0. Pure text; the shell reads and writes the files.

use super::history::{Fig, History, Point, Sample, STATE_COLUMNS};
use crate::model::{StateKey, UnixMs};
use serde_json::{json, Value};

/// The figures of a point in file order: the state counts, waiting, longest, SL ‰, abandoned, ASA.
fn figs(p: &Point) -> Vec<Fig> {
    let mut v = p.states.to_vec();
    v.extend([p.waiting, p.longest, p.sl_permille, p.abandoned, p.asa]);
    v
}

fn point_json(p: &Point) -> Value {
    Value::Array(
        figs(p)
            .into_iter()
            .map(|f| f.get().map_or(Value::Null, Value::from))
            .collect(),
    )
}

fn point_from(v: &Value) -> Option<Point> {
    let a = v.as_array()?;
    if a.len() != STATE_COLUMNS + 5 {
        return None;
    }
    let fig = |v: &Value| -> Option<Fig> {
        match v {
            Value::Null => Some(Fig::UNKNOWN),
            v => Some(Fig::known(v.as_u64()?)),
        }
    };
    let f: Option<Vec<Fig>> = a.iter().map(fig).collect();
    let f = f?;
    let mut states = [Fig::UNKNOWN; STATE_COLUMNS];
    states.copy_from_slice(&f[..STATE_COLUMNS]);
    let r = &f[STATE_COLUMNS..];
    Some(Point {
        states,
        waiting: r[0],
        longest: r[1],
        sl_permille: r[2],
        abandoned: r[3],
        asa: r[4],
    })
}

/// One sample as a line of the history file (with its newline).
pub fn file_line(at: UnixMs, s: &Sample) -> String {
    let groups: serde_json::Map<String, Value> = s
        .groups
        .iter()
        .map(|(id, (name, p))| (id.clone(), json!([name, point_json(p)])))
        .collect();
    let v = json!({
        "v": 1,
        "at": at,
        "backend": s.backend,
        "total": point_json(&s.totals),
        "groups": groups,
    });
    format!("{v}\n")
}

/// A line of the history file, or `None` when it is damaged (cut short, not JSON, wrong shape).
pub fn parse_line(line: &str) -> Option<(UnixMs, Sample)> {
    let v: Value = serde_json::from_str(line.trim()).ok()?;
    if v.get("v")?.as_u64()? != 1 {
        return None;
    }
    let at = v.get("at")?.as_i64()?;
    let backend = crate::text::clean(v.get("backend")?.as_str()?).into_owned();
    let totals = point_from(v.get("total")?)?;
    let mut groups = std::collections::BTreeMap::new();
    for (id, g) in v.get("groups")?.as_object()? {
        let name = crate::text::clean(g.get(0)?.as_str()?).into_owned();
        groups.insert(
            crate::text::clean(id).into_owned(),
            (name, point_from(g.get(1)?)?),
        );
    }
    Some((
        at,
        Sample {
            backend,
            totals,
            groups,
        },
    ))
}

/// The samples of `text` (a history file), oldest first, and how many lines were damaged.
pub fn parse_file(text: &str) -> (Vec<(UnixMs, Sample)>, usize) {
    let mut out = Vec::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match parse_line(line) {
            Some(s) => out.push(s),
            None => bad += 1,
        }
    }
    (out, bad)
}

/// The whole history as history-file text (to rewrite the file at its bound).
pub fn history_file_text(h: &History) -> String {
    let mut out = String::new();
    for b in &h.backends {
        for (i, at) in b.times.iter().enumerate() {
            let Some(totals) = b.totals.get(i) else {
                continue;
            };
            let groups = b
                .groups
                .iter()
                .filter_map(|(id, g)| Some((id.clone(), (g.name.clone(), g.points.get(i)?))))
                .filter(|(_, (_, p))| *p != Point::UNKNOWN)
                .collect();
            out.push_str(&file_line(
                at,
                &Sample {
                    backend: b.name.clone(),
                    totals,
                    groups,
                },
            ));
        }
    }
    out
}

/// The columns of a history export, in order.
pub fn export_columns() -> Vec<&'static str> {
    let mut c = vec!["at", "backend", "group", "name"];
    c.extend(StateKey::SUMMARY.iter().map(|s| match s {
        StateKey::WrapUp => "wrap_up",
        StateKey::NotReady => "not_ready",
        other => other.key(),
    }));
    c.extend([
        "stale",
        "no_data",
        "waiting",
        "longest_wait_secs",
        "service_level_pct",
        "abandoned",
        "avg_answer_secs",
    ]);
    c
}

/// The values of one export row (`None`: unknown).
fn export_values(p: &Point) -> Vec<Option<f64>> {
    figs(p)
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let v = f.get()? as f64;
            // The service level is kept in tenths of a percent.
            Some(if i == STATE_COLUMNS + 2 { v / 10.0 } else { v })
        })
        .collect()
}

/// The history as an export file's text: CSV when `csv`, else JSON lines. A row per backend
/// total (empty `group`) and per skill group, per point, oldest first per backend.
pub fn export_text(h: &History, csv: bool) -> (String, usize) {
    let cols = export_columns();
    let rows = h.rows();
    let mut out = String::new();
    if csv {
        out.push_str(&crate::csv_text::csv_record(&cols));
    }
    for (backend, group, name, at, p) in &rows {
        let values = export_values(p);
        if csv {
            let mut rec = vec![
                at.to_string(),
                backend.to_string(),
                group.unwrap_or("").to_string(),
                name.to_string(),
            ];
            rec.extend(
                values
                    .iter()
                    .map(|v| v.map_or_else(String::new, |v| format!("{v}"))),
            );
            out.push_str(&crate::csv_text::csv_record(&rec));
        } else {
            let mut m = serde_json::Map::new();
            m.insert("at".into(), json!(at));
            m.insert("backend".into(), json!(backend));
            m.insert("group".into(), json!(group));
            m.insert("name".into(), json!(name));
            for (c, v) in cols[4..].iter().zip(&values) {
                let value = match v {
                    None => Value::Null,
                    Some(v) if v.fract() == 0.0 => json!(*v as u64),
                    Some(v) => json!(v),
                };
                m.insert((*c).into(), value);
            }
            out.push_str(&Value::Object(m).to_string());
            out.push('\n');
        }
    }
    (out, rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::history::zero_states;

    fn sample() -> Sample {
        let mut p = zero_states();
        p.waiting = Fig::known(4);
        p.sl_permille = Fig::known(875);
        Sample {
            backend: "a".into(),
            totals: p,
            groups: [("g1".to_string(), ("Sales".to_string(), p))].into(),
        }
    }

    #[test]
    fn a_file_line_reads_back_and_damage_is_skipped() {
        let line = file_line(10_000, &sample());
        let (at, s) = parse_line(&line).unwrap();
        assert_eq!(at, 10_000);
        assert_eq!(s.totals, sample().totals);
        assert_eq!(s.groups["g1"].0, "Sales");
        let cut = &line[..line.len() / 2];
        let text = format!("{line}garbage\n{cut}");
        let (samples, bad) = parse_file(&text);
        assert_eq!((samples.len(), bad), (1, 2));
    }

    #[test]
    fn exports_keep_unknown_apart_from_zero() {
        let mut h = History::default();
        h.record(0, vec![sample()]);
        let (csv, rows) = export_text(&h, true);
        assert_eq!(rows, 2);
        let first = csv.lines().nth(1).unwrap();
        // longest unknown: empty; SL 87.5.
        assert!(first.ends_with(",4,,87.5,,"), "{first}");
        let (jsonl, _) = export_text(&h, false);
        let v: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(v["longest_wait_secs"], Value::Null);
        assert_eq!(v["ready"], json!(0));
        assert_eq!(v["service_level_pct"], json!(87.5));
        assert_eq!(v["group"], Value::Null);
    }
}
