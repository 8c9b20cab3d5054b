//! `callboard snapshot` as a process against `callboard sim` as a process: the JSON lists every
//! simulated agent with the presence, activity, reason and skill groups the vendor state means
//! (checked against `/_sim/state`); CSV and table have a header and one row per agent and no
//! colour codes when piped; `--backend` filters; an unreachable backend exits 1 with the fix.
// Test and bench code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Whether the model's agent matches the vendor's ground-truth state; `Err` says how not.
fn consistent(truth: &Value, agent: &Value) -> Result<(), String> {
    let presence = str_of(agent, "presence");
    let activity = str_of(agent, "activity");
    let reason = agent["reason"]["code"].as_str();
    let state = str_of(truth, "state");
    let expect = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{} {}: vendor state {state:?} (break {:?}, busy {:?}, rest {:?}) should be {what}, \
                 callboard says {presence}/{activity} reason {reason:?}",
                truth["vendor"], truth["id"], truth["break_code"], truth["busy_reason"], truth["rest_cause"]
            ))
        }
    };
    match (str_of(truth, "vendor"), state) {
        ("aliyun", "Offline") | ("huawei", "signed-out") => {
            expect(presence == "offline" && activity == "none", "offline/none")
        }
        ("aliyun", "Ready") | ("huawei", "idle") => expect(
            presence == "ready" && activity == "none" && reason.is_none(),
            "ready/none without a reason",
        ),
        ("aliyun", "Break") => {
            let code = str_of(truth, "break_code");
            let want = match code {
                "Warm-up" => "signing-in",
                "RingingTimeout" | "RejectCall" => "not-ready",
                _ => "break",
            };
            expect(
                presence == want && activity == "none" && reason == Some(code),
                &format!("{want}/none with reason {code}"),
            )
        }
        ("aliyun", "Ringing") => expect(activity == "ringing", "ringing"),
        ("aliyun", "Dialing") => expect(activity == "dialing", "dialing"),
        ("aliyun", "Talking") => expect(activity == "talking", "talking"),
        ("aliyun", "ACW") => expect(activity == "wrap-up" && presence != "offline", "wrap-up"),
        ("huawei", "busy") => {
            let code = format!("busy:{}", truth["busy_reason"].as_u64().unwrap_or(0));
            expect(
                presence == "not-ready" && reason == Some(code.as_str()),
                &format!("not-ready with reason {code}"),
            )
        }
        ("huawei", "rest") => {
            // The roster queries carry no rest cause; `agentrestinfo` adds it with the rest's start.
            let code = format!("rest:{}", truth["rest_cause"].as_u64().unwrap_or(0));
            expect(
                presence == "break" && activity == "none" && reason == Some(code.as_str()),
                &format!("break with reason {code}"),
            )
        }
        ("huawei", "wrap-up") => expect(activity == "wrap-up", "wrap-up"),
        ("huawei", "talking") => {
            let ok = match truth["cti_status"].as_u64() {
                Some(5) => activity == "talking",
                _ => ["ringing", "dialing", "talking"].contains(&activity),
            };
            expect(ok, "on a call")
        }
        ("huawei", "pre-rest") => expect(
            agent["flags"]["pending_next"] == true && ["talking", "wrap-up"].contains(&activity),
            "on a call or wrap-up with a pending rest",
        ),
        (vendor, state) => Err(format!("test does not know {vendor} state {state}")),
    }
}

fn skill_ids(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .filter_map(|s| s["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn json_matches_the_ground_truth_for_every_agent() {
    let sim = Sim::start("snap-json");
    let run = sim.callboard(&["snapshot", "--format", "json"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let doc = run.json();
    let truth = sim.truth();

    let backends = doc["backends"].as_array().expect("backends");
    let names: Vec<&str> = backends.iter().map(|b| str_of(b, "backend")).collect();
    assert_eq!(names, ["aliyun-sim", "huawei-sim"]);
    for b in backends {
        assert_eq!(b["health"]["state"], "connected", "{b}");
        assert!(b["last_ok"].is_i64(), "{b}");
    }
    assert!(doc["generated_at"].is_i64());
    assert!(!doc["queues"].as_array().expect("queues").is_empty());

    let agents: BTreeMap<(String, String), &Value> = doc["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .map(|a| {
            (
                (
                    str_of(a, "backend").to_string(),
                    str_of(a, "id").to_string(),
                ),
                a,
            )
        })
        .collect();
    let truth_agents = truth["agents"].as_array().expect("truth agents");
    assert_eq!(
        agents.len(),
        truth_agents.len(),
        "one entry per simulated agent"
    );
    let mut problems = Vec::new();
    for t in truth_agents {
        let backend = format!("{}-sim", str_of(t, "vendor"));
        let Some(a) = agents.get(&(backend, str_of(t, "id").to_string())) else {
            problems.push(format!("missing {} {}", t["vendor"], t["id"]));
            continue;
        };
        assert_eq!(a["freshness"], "fresh", "{a}");
        assert_eq!(a["name"], t["display_name"], "{a}");
        if let Err(e) = consistent(t, a) {
            problems.push(e);
        }
        let want = skill_ids(&t["skill_groups"]);
        let got = skill_ids(&a["skills"]);
        if want != got {
            problems.push(format!(
                "{} skills: truth {want:?}, callboard {got:?}",
                t["id"]
            ));
        }
        // Time in state: known for every agent of both vendors (Huawei through CMS), within 2 s.
        match (a["since"].as_i64(), t["since_ms"].as_i64()) {
            (Some(got), Some(want)) if (got - want).abs() <= 2000 => {}
            (got, want) => problems.push(format!(
                "{} {} since: truth {want:?}, callboard {got:?}",
                t["vendor"], t["id"]
            )),
        }
        if t["vendor"] == "huawei" && a["extension"] != t["extension"] {
            problems.push(format!(
                "huawei {} extension: truth {}, callboard {}",
                t["id"], t["extension"], a["extension"]
            ));
        }
    }
    let queues = doc["queues"].as_array().expect("queues");
    for g in truth["skill_groups"].as_array().expect("truth groups") {
        let backend = format!("{}-sim", str_of(g, "vendor"));
        let Some(q) = queues
            .iter()
            .find(|q| str_of(q, "backend") == backend && q["group_id"] == g["id"])
        else {
            problems.push(format!("queue {} {} missing", g["vendor"], g["id"]));
            continue;
        };
        let longest = q["longest_wait_secs"].as_i64();
        let want = g["longest_wait_s"].as_i64();
        if q["waiting"] != g["waiting_calls"]
            || !matches!((longest, want), (Some(l), Some(w)) if (l - w).abs() <= 2)
        {
            problems.push(format!(
                "queue {} {}: truth {} waiting, longest {want:?}; callboard {} waiting, longest {longest:?}",
                g["vendor"], g["id"], g["waiting_calls"], q["waiting"]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn csv_and_table_have_a_header_and_a_row_per_agent() {
    let sim = Sim::start("snap-text");
    let total = sim.truth()["agents"].as_array().expect("agents").len();

    let csv = sim.callboard(&["snapshot", "--format", "csv"]);
    assert_eq!(csv.code, 0, "stderr: {}", csv.stderr);
    let records: Vec<&str> = csv.stdout.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        records[0].starts_with("backend,agent,name,presence,activity,reason_code"),
        "{}",
        records[0]
    );
    assert_eq!(records.len(), total + 1);

    let table = sim.callboard(&["snapshot"]);
    assert_eq!(table.code, 0, "stderr: {}", table.stderr);
    let lines: Vec<&str> = table.stdout.lines().collect();
    for h in [
        "BACKEND",
        "AGENT",
        "NAME",
        "STATE",
        "REASON",
        "TIME IN STATE",
        "SKILLS",
        "EXT",
    ] {
        assert!(lines[0].contains(h), "{}", lines[0]);
    }
    assert_eq!(lines.len(), total + 1);
    assert!(
        !table.stdout.contains('\x1b'),
        "no escape codes when piped with NO_COLOR"
    );
    // Chinese names are in the world; their rows still line up: STATE starts at one display column.
    let state_col = |line: &str| {
        let cells: Vec<&str> = line.split("  ").filter(|c| !c.is_empty()).collect();
        let state = cells[3].trim();
        let at = line.find(state).expect("state cell");
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    let first = state_col(lines[0]);
    for line in &lines[1..] {
        assert_eq!(state_col(line), first, "misaligned row: {line}");
    }
}

#[test]
fn backend_filter_and_unknown_backend() {
    let sim = Sim::start("snap-filter");
    let run = sim.callboard(&["snapshot", "--format", "json", "--backend", "huawei-sim"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["backends"].as_array().map(Vec::len), Some(1));
    assert!(doc["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .all(|a| a["backend"] == "huawei-sim"));

    let bad = sim.callboard(&["snapshot", "--backend", "nope"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("no backend named \"nope\"")
            && bad.stderr.contains("aliyun-sim, huawei-sim"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_unreachable_backend_exits_1_and_the_other_is_still_printed() {
    let sim = Sim::start("snap-down");
    // Point the Huawei backend at a port nobody listens on.
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead_addr = dead.local_addr().expect("addr").to_string();
    drop(dead);
    let huawei_endpoint = format!("http://{}/agentgateway/resource/", sim.addr);
    assert!(text.contains(&huawei_endpoint));
    let broken = sim.dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        text.replace(
            &huawei_endpoint,
            &format!("http://{dead_addr}/agentgateway/resource/"),
        ),
    )
    .expect("write");
    let run = callboard_in(
        sim.dir.path(),
        &[
            "--config",
            &broken.display().to_string(),
            "snapshot",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["backends"][0]["health"]["state"], "connected");
    assert_eq!(doc["backends"][1]["health"]["state"], "down");
    assert!(doc["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .any(|a| a["backend"] == "aliyun-sim" && a["freshness"] == "fresh"));
    assert!(run.stderr.contains("huawei-sim"), "{}", run.stderr);
}

#[test]
fn demo_snapshot_needs_no_config() {
    let dir = TempDir::new("snap-demo");
    let run = callboard_in(dir.path(), &["snapshot", "--demo", "--format", "json"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["agents"].as_array().map(Vec::len), Some(60));
    assert!(
        !dir.path().join("config").exists(),
        "no config file written"
    );
}

#[test]
fn refused_credentials_are_reported_as_auth_failed_not_down() {
    let sim = Sim::start("snap-auth");
    let text = std::fs::read_to_string(&sim.config).expect("config");
    assert!(text.contains("Inspector@sim1"), "{text}");
    let broken = sim.dir.path().join("wrong-password.toml");
    std::fs::write(&broken, text.replace("Inspector@sim1", "not-the-password")).expect("write");
    let run = callboard_in(
        sim.dir.path(),
        &[
            "--config",
            &broken.display().to_string(),
            "snapshot",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["backends"][0]["health"]["state"], "connected");
    assert_eq!(
        doc["backends"][1]["health"]["state"], "auth-failed",
        "{doc}"
    );
}

#[test]
fn the_table_speaks_chinese_by_locale_or_flag_and_json_stays_english() {
    let sim = Sim::start("snap-zh");
    let config = sim.config.display().to_string();
    let by_locale = callboard_env(
        sim.dir.path(),
        &["--config", &config, "snapshot", "--format", "table"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert_eq!(by_locale.code, 0, "{}", by_locale.stderr);
    let header = by_locale
        .stdout
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    for word in [
        "后端",
        "座席",
        "姓名",
        "状态",
        "原因",
        "持续时间",
        "技能组",
        "分机",
    ] {
        assert!(header.contains(word), "{header}");
    }
    assert!(!header.contains("BACKEND"), "{header}");
    assert!(
        by_locale.stdout.contains("空闲") && by_locale.stdout.contains("通话中"),
        "{}",
        by_locale.stdout
    );
    // --lang wins over the locale; JSON field names and values stay English either way.
    let english = callboard_env(
        sim.dir.path(),
        &[
            "--config", &config, "--lang", "en", "snapshot", "--format", "table",
        ],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert!(english.stdout.starts_with("BACKEND"), "{}", english.stdout);
    let json = callboard_env(
        sim.dir.path(),
        &["--config", &config, "snapshot", "--format", "json"],
        &[("LC_ALL", "zh_CN.UTF-8")],
    );
    let doc = json.json();
    assert!(doc["agents"][0]["presence"].is_string());
    assert!(!json.stdout.contains("空闲"), "JSON stays English");
    let bad = callboard_env(sim.dir.path(), &["--lang", "klingon", "snapshot"], &[]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("use en or zh-CN"), "{}", bad.stderr);
}

#[test]
fn colour_follows_no_color_clicolor_and_clicolor_force() {
    let sim = Sim::start("snap-colour");
    let config = sim.config.display().to_string();
    let table = |env: &[(&str, &str)]| {
        let mut cmd = callboard_command_env(
            sim.dir.path(),
            &["--config", &config, "snapshot", "--format", "table"],
            env,
        );
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Piped: no colour, unless CLICOLOR_FORCE asks; NO_COLOR wins over everything.
    assert!(!table(&[("LANG", "C")]).contains('\x1b'));
    assert!(table(&[("LANG", "C"), ("CLICOLOR_FORCE", "1")]).contains("\x1b["));
    assert!(!table(&[("LANG", "C"), ("CLICOLOR_FORCE", "0")]).contains('\x1b'));
    assert!(!table(&[("LANG", "C"), ("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
    // Logs to a redirected stderr carry no escape codes, even when forced colour is on for stdout.
    let mut cmd = callboard_command_env(
        sim.dir.path(),
        &[
            "--config",
            &config,
            "--log-level",
            "debug",
            "snapshot",
            "--format",
            "json",
        ],
        &[("LANG", "C")],
    );
    cmd.env_remove("NO_COLOR");
    let out = cmd.output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("DEBUG") || stderr.contains("INFO"),
        "{stderr}"
    );
    assert!(!stderr.contains('\x1b'), "{stderr}");
}

#[test]
fn snapshot_masks_customers_numbers_unless_told_not_to() {
    let sim = Sim::start("snap-mask");
    let numbers = |doc: &Value| -> Vec<String> {
        doc["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .flat_map(|a| a["raw"]["extra"].as_array().cloned().unwrap_or_default())
            .filter(|kv| kv[0] == "CounterParty")
            .map(|kv| kv[1].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let run = sim.callboard(&["snapshot", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let masked = numbers(&run.json());
    assert!(!masked.is_empty(), "agents on calls have a CounterParty");
    for n in &masked {
        assert!(n.contains("****"), "masked: {n}");
    }
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let open = sim.dir.path().join("open.toml");
    std::fs::write(&open, format!("mask_numbers = false\n{text}")).expect("write");
    let run = callboard_in(
        sim.dir.path(),
        &[
            "--config",
            &open.display().to_string(),
            "snapshot",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let full = numbers(&run.json());
    assert!(full.iter().all(|n| !n.contains('*')), "{full:?}");
}
