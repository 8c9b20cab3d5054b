//! `callboard snapshot --queues` as a process against `callboard sim --speed 0`: one row per
//! skill group with SL%, abandoned and speed of answer and their source; unknown figures are `–`
//! (table) or empty (CSV) and null in JSON; the Huawei figures equal the ground truth of the
//! interval CMS reports.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;

fn advance(addr: &str, seconds: u64) {
    let mut stream = TcpStream::connect(addr).expect("connect to the simulator");
    write!(
        stream,
        "POST /_sim/advance?seconds={seconds} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("request");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("response");
    assert!(raw.starts_with("HTTP/1.") && raw.contains(" 200 "), "{raw}");
}

#[test]
fn snapshot_queues_shows_kpis_per_group_in_every_format() {
    let sim = Sim::start("snap-kpis");
    advance(&sim.addr, 900);
    let truth = sim.truth();
    let groups = truth["skill_groups"].as_array().expect("groups").len();

    let csv = sim.callboard(&["snapshot", "--queues", "--format", "csv"]);
    assert_eq!(csv.code, 0, "stderr: {}", csv.stderr);
    let records: Vec<&str> = csv.stdout.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        records[0],
        "backend,group_id,name,waiting,longest_wait_secs,service_level_pct,sl_threshold_secs,\
         offered,answered,answered_in_threshold,abandoned,avg_answer_secs,kpi_source"
    );
    assert_eq!(records.len(), groups + 1, "{}", csv.stdout);
    assert!(
        records[1..].iter().all(|r| r.ends_with(",vendor")),
        "{}",
        csv.stdout
    );

    let table = sim.callboard(&["snapshot", "--queues"]);
    assert_eq!(table.code, 0, "stderr: {}", table.stderr);
    let lines: Vec<&str> = table.stdout.lines().collect();
    for h in ["GROUP", "SL%", "ABANDONED", "ASA", "SOURCE"] {
        assert!(lines[0].contains(h), "{}", lines[0]);
    }
    assert_eq!(lines.len(), groups + 1);
    // CMS gives no speed of answer: unknown, shown as a dash, never 0.
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("huawei-sim"))
            .all(|l| l.split_whitespace().rev().nth(1) == Some("–")),
        "{}",
        table.stdout
    );

    let json = sim.callboard(&["snapshot", "--format", "json"]);
    assert_eq!(json.code, 0, "stderr: {}", json.stderr);
    let v: Value = serde_json::from_str(&json.stdout).expect("json");
    let now = truth["clock"]["now_ms"].as_i64().expect("now");
    let slot = (now - 300_000).div_euclid(300_000) * 300_000;
    let mut checked = 0;
    for q in v["queues"].as_array().expect("queues") {
        let k = &q["kpis"];
        assert_eq!(k["source"], "vendor", "{q}");
        assert_eq!(k["threshold_secs"], 20);
        if q["backend"] != "huawei-sim" {
            continue;
        }
        assert_eq!(k["since"], slot);
        assert!(k["avg_answer_secs"].is_null(), "{q}");
        let g = truth["skill_groups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["vendor"] == "huawei" && g["id"] == q["group_id"])
            .expect("the group in the truth");
        let interval = g["intervals"]
            .as_array()
            .expect("intervals")
            .iter()
            .find(|i| i["start_ms"] == slot);
        let count = |f: &str| interval.map_or(0, |i| i[f].as_u64().expect("count"));
        assert_eq!(k["offered"], count("offered"), "{q}");
        assert_eq!(k["answered"], count("answered"), "{q}");
        assert_eq!(k["abandoned"], count("abandoned"), "{q}");
        let ended = count("answered") + count("abandoned");
        if ended == 0 {
            assert!(q["service_level_pct"].is_null(), "{q}");
        } else {
            assert!(q["service_level_pct"].is_number(), "{q}");
        }
        checked += 1;
    }
    assert!(checked > 0);
}
