//! The snapshot report rendered as a table, CSV and JSON, from hand-built rosters.
use super::*;
use crate::model::{Presence, Reason, ReasonCategory, SkillRef};

fn agent(backend: &Arc<str>, id: &str, name: &str) -> Agent {
    Agent {
        freshness: Freshness::Fresh,
        ..Agent::unknown(backend.clone(), id)
    }
    .with_name(name)
}

trait WithName {
    fn with_name(self, name: &str) -> Agent;
}

impl WithName for Agent {
    fn with_name(mut self, name: &str) -> Agent {
        self.name = name.to_string();
        self
    }
}

fn report() -> Report {
    let mut roster = RosterStore::new();
    let b = roster.add_backend("aliyun-sim", RosterScope::All);
    let mut ready = agent(&b, "alice@ccc-sim", "Alice Smith");
    ready.presence = Presence::Ready;
    ready.since = Some(1_000_000 - 75_000);
    ready.extension = "8001".into();
    ready.skills = vec![
        SkillRef {
            id: "sg-1".into(),
            name: "Sales, East".into(),
            level: Some(1),
            signed: true,
        },
        SkillRef {
            id: "sg-2".into(),
            name: "售后".into(),
            level: Some(5),
            signed: true,
        },
    ];
    let mut lunch = agent(&b, "zhang@ccc-sim", "张伟");
    lunch.presence = Presence::Break;
    lunch.reason = Some(Reason {
        code: "lunch".into(),
        label: "Lunch".into(),
        category: ReasonCategory::Meal,
        planned_secs: Some(1800),
    });
    lunch.since = Some(1_000_000 - 3_723_000);
    let mut talking = agent(&b, "bob@ccc-sim", "Bob \"The\" Builder");
    talking.presence = Presence::Ready;
    talking.activity = Activity::Talking;
    roster.apply_snapshot("aliyun-sim", vec![ready, lunch, talking], 1_000_000);
    Report {
        generated_at: 1_000_000,
        backends: vec![BackendReport {
            status: BackendStatus {
                backend: b.clone(),
                health: Health::Connected,
                last_ok: Some(1_000_000),
                insecure_tls: false,
            },
            kind: BackendKind::Aliyun,
            agents: 3,
        }],
        roster,
        queues: vec![QueueReport {
            backend: b,
            service_level_pct: None,
            figures: QueueFigures {
                group_id: "sg-1".into(),
                name: "Sales, East".into(),
                waiting: 2,
                longest_wait_secs: Some(40),
                kpis: None,
            },
        }],
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}

#[test]
fn table_has_the_columns_and_one_row_per_agent() {
    let out = render_table(&report(), false);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("BACKEND     AGENT          NAME"),
        "{out}"
    );
    assert!(lines[0].ends_with("SKILLS            EXT"), "{out}");
    assert!(
        lines[1].contains("ready") && lines[1].contains("1m15s"),
        "{out}"
    );
    assert!(
        lines[1].contains("Sales, East,售后") && lines[1].ends_with("8001"),
        "{out}"
    );
    // A label that only repeats the code is not shown twice.
    assert!(lines[2].contains("break          lunch   1h02m"), "{out}");
    assert!(
        lines[3].contains("ready/talking") && lines[3].ends_with(" -"),
        "{out}"
    );
    assert!(!out.contains('\x1b'));
    // Columns line up by display width: "张伟" (4 columns) is padded like "Alice Smith".
    let col =
        |line: &str, word: &str| table::display_width(&line[..line.find(word).expect("word")]);
    assert_eq!(col(lines[1], "ready"), col(lines[2], "break"));
    assert_eq!(col(lines[0], "STATE"), col(lines[3], "ready/talking"));
}

#[test]
fn table_colours_the_state_only_when_asked() {
    let out = render_table(&report(), true);
    assert!(out.contains("\x1b[32mready\x1b[0m"), "{out:?}");
    assert!(out.contains("\x1b[35mbreak\x1b[0m"), "{out:?}");
    assert!(out.contains("\x1b[36mready/talking\x1b[0m"), "{out:?}");
}

#[test]
fn csv_quotes_and_counts() {
    let out = render_csv(&report());
    let records: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(records[0], CSV_HEADERS.join(","));
    assert_eq!(
        records[1],
        "aliyun-sim,alice@ccc-sim,Alice Smith,ready,none,,,,75,sg-1;sg-2,\"Sales, East;售后\",8001,fresh,"
    );
    assert_eq!(
        records[2],
        "aliyun-sim,zhang@ccc-sim,张伟,break,none,lunch,Lunch,meal,3723,,,,fresh,"
    );
    assert!(
        records[3].starts_with("aliyun-sim,bob@ccc-sim,\"Bob \"\"The\"\" Builder\",ready,talking,")
    );
}

#[test]
fn json_has_every_field_backends_and_queues() {
    let out = render_json(&report());
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["generated_at"], 1_000_000);
    assert_eq!(v["backends"][0]["backend"], "aliyun-sim");
    assert_eq!(v["backends"][0]["kind"], "aliyun");
    assert_eq!(v["backends"][0]["health"]["state"], "connected");
    assert_eq!(v["backends"][0]["agents"], 3);
    let agents = v["agents"].as_array().expect("agents");
    assert_eq!(agents.len(), 3);
    let zhang = &agents[1];
    assert_eq!(zhang["id"], "zhang@ccc-sim");
    assert_eq!(zhang["presence"], "break");
    assert_eq!(zhang["activity"], "none");
    assert_eq!(zhang["reason"]["code"], "lunch");
    assert_eq!(zhang["reason"]["category"], "meal");
    assert_eq!(zhang["secs_in_state"], 3723);
    for field in [
        "backend",
        "id",
        "name",
        "presence",
        "activity",
        "flags",
        "reason",
        "since",
        "last_seen",
        "freshness",
        "skills",
        "extension",
        "work_mode",
        "call_id",
        "raw",
    ] {
        assert!(zhang.get(field).is_some(), "missing {field}");
    }
    assert_eq!(agents[0]["skills"][1]["name"], "售后");
    assert_eq!(v["queues"][0]["backend"], "aliyun-sim");
    assert_eq!(v["queues"][0]["waiting"], 2);
}

#[test]
fn stale_and_unknown_agents_say_so() {
    let mut roster = RosterStore::new();
    roster.add_backend("hw", RosterScope::Only(vec!["1001".into()]));
    let report = Report {
        generated_at: 0,
        roster,
        ..Report::default()
    };
    let out = render_table(&report, false);
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|l| l.contains("offline (unknown)")),
        "{out}"
    );
}

#[test]
fn json_queues_carry_the_kpis_with_unknown_as_null() {
    use crate::backend::{KpiSource, QueueKpis};
    let mut r = report();
    let json = |r: &Report| -> serde_json::Value {
        serde_json::from_str(&render_json(r)).expect("valid JSON")
    };
    // Nothing known: the kpis and the service level are null, never 0.
    let v = json(&r);
    assert!(v["queues"][0]["kpis"].is_null());
    assert!(v["queues"][0]["service_level_pct"].is_null());
    r.queues[0].figures.kpis = Some(QueueKpis {
        source: KpiSource::Vendor,
        since: 900_000,
        offered: Some(50),
        answered: Some(45),
        answered_in_threshold: Some(36),
        threshold_secs: 20,
        abandoned: Some(5),
        avg_answer_secs: None,
        left_queue: None,
    });
    r.queues[0].service_level_pct = Some(72.0);
    let v = json(&r);
    let q = &v["queues"][0];
    assert_eq!(q["service_level_pct"], 72.0);
    let k = &q["kpis"];
    assert_eq!(k["source"], "vendor");
    assert_eq!(k["since"], 900_000);
    assert_eq!(k["offered"], 50);
    assert_eq!(k["answered"], 45);
    assert_eq!(k["answered_in_threshold"], 36);
    assert_eq!(k["threshold_secs"], 20);
    assert_eq!(k["abandoned"], 5);
    assert!(k.get("avg_answer_secs").is_some_and(|a| a.is_null()));
    assert!(k.get("left_queue").is_none(), "only for estimates");
}
