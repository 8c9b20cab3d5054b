//! `:export FILE`: the event log as JSON lines (or CSV when the file name ends in `.csv`), with
//! English field names like every machine-readable output. The app builds the text; the runner
//! writes the file (the app does no I/O).

use super::notice::LogLine;
use crate::backend::LogLevel;

/// The event log, oldest first, as the text of the export file for `path`.
pub fn log_text<'a>(lines: impl IntoIterator<Item = &'a LogLine>, path: &str) -> String {
    let csv = path.to_ascii_lowercase().ends_with(".csv");
    let level = |l: LogLevel| match l {
        LogLevel::Info => "info",
        LogLevel::Warn => "warn",
        LogLevel::Error => "error",
    };
    let mut out = String::new();
    if csv {
        out.push_str(&crate::csv_text::csv_record(&[
            "at", "first_at", "repeats", "backend", "agent", "level", "text",
        ]));
    }
    for l in lines {
        let e = &l.entry;
        if csv {
            out.push_str(&crate::csv_text::csv_record(&[
                e.at.to_string(),
                l.first_at.to_string(),
                l.repeats.to_string(),
                e.backend.to_string(),
                e.agent.clone().unwrap_or_default(),
                level(e.level).to_string(),
                e.text.clone(),
            ]));
        } else {
            let v = serde_json::json!({
                "at": e.at,
                "first_at": l.first_at,
                "repeats": l.repeats,
                "backend": &*e.backend,
                "agent": e.agent,
                "level": level(e.level),
                "text": e.text,
            });
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::LogEntry;
    use std::sync::Arc;

    fn line(text: &str, agent: Option<&str>) -> LogLine {
        LogLine {
            entry: LogEntry {
                at: 2000,
                backend: Arc::from("hw"),
                agent: agent.map(str::to_string),
                level: LogLevel::Warn,
                text: text.into(),
            },
            repeats: 3,
            first_at: 1000,
            action: false,
            health: false,
        }
    }

    #[test]
    fn jsonl_and_csv() {
        let lines = [line("a, \"b\"", Some("1001")), line("c", None)];
        let jsonl = log_text(&lines, "/tmp/log.jsonl");
        let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(first["agent"], "1001");
        assert_eq!(first["repeats"], 3);
        assert_eq!(first["level"], "warn");
        assert_eq!(jsonl.lines().count(), 2);
        let csv = log_text(&lines, "/tmp/log.CSV");
        let mut rows = csv.lines();
        assert_eq!(
            rows.next(),
            Some("at,first_at,repeats,backend,agent,level,text")
        );
        assert_eq!(
            rows.next(),
            Some("2000,1000,3,hw,1001,warn,\"a, \"\"b\"\"\"")
        );
    }
}
