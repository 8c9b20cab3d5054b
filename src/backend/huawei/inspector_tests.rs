//! The roster fold of a reconciliation: entries whose text did not change are handed over
//! unparsed, and the states equal those of parsing and folding every entry.

use super::*;
use crate::backend::huawei::codes::RestCause;
use crate::backend::huawei::http::parse_envelope;
use crate::model::Presence;

fn body(entries: &[&str]) -> Envelope {
    let text = format!(r#"{{"retcode":"0","result":[{}]}}"#, entries.join(","));
    parse_envelope("p", text.as_bytes()).unwrap()
}

fn causes(label: &str) -> RestCauses {
    RestCauses::new([RestCause {
        id: 2,
        label: label.into(),
        planned_secs: Some(600),
    }])
}

fn rest(workno: &str, cause: u32) -> wire::RestInfo {
    wire::RestInfo {
        workno: workno.into(),
        cause,
        planned_secs: None,
        began: Some(1_700_000_000_000),
    }
}

fn fold(
    w: &mut Watch,
    env: &Envelope,
    rests: &[wire::RestInfo],
    causes: &RestCauses,
    now: i64,
) -> Result<Vec<HuaweiAgentState>, String> {
    let rest_of: Map<&str, &wire::RestInfo> =
        rests.iter().map(|r| (r.workno.as_str(), r)).collect();
    let mut out = Vec::new();
    let n = fold_roster(w, env, &rest_of, causes, now, &mut |st| {
        out.push(st.clone())
    })?;
    assert_eq!(n, out.len());
    Ok(out)
}

/// What folding every entry gives: a watch that forgot what it folded.
fn parsed_again(
    w: &mut Watch,
    env: &Envelope,
    rests: &[wire::RestInfo],
    c: &RestCauses,
    now: i64,
) -> Vec<HuaweiAgentState> {
    w.folded.clear();
    fold(w, env, rests, c, now).unwrap()
}

const A: &str = r#"{"workno":"101","name":"Li","status":4,"ctiStatus":1,"skilllist":[{"id":3,"name":"voice"}]}"#;
const B: &str = r#"{"workno":"102","status":8,"ctiStatus":8}"#;
const B2: &str = r#"{"workno":"102","status":3,"ctiStatus":7,"busyReason":200}"#;
const C: &str = r#"{"workNo":103,"status":7,"ctiStatus":5,"callids":["1-2"]}"#;

#[test]
fn unchanged_entries_are_not_parsed_and_the_states_equal_folding_every_entry() {
    let c = causes("Lunch");
    let rests = [rest("102", 2)];
    let (mut w, mut full) = (Watch::default(), Watch::default());
    let first = fold(&mut w, &body(&[A, B, C]), &rests, &c, 1_000).unwrap();
    assert_eq!(first.len(), 3);
    assert_eq!(
        first,
        fold(&mut full, &body(&[A, B, C]), &rests, &c, 1_000).unwrap()
    );

    // The same answer again: handed over unparsed (a state marked by hand keeps its mark).
    if let Some(st) = w.agents.get_mut("101") {
        st.last_event = Some("marked".into());
    }
    let again = fold(&mut w, &body(&[A, B, C]), &rests, &c, 2_000).unwrap();
    assert_eq!(again[0].last_event.as_deref(), Some("marked"), "not parsed");
    if let Some(st) = w.agents.get_mut("101") {
        st.last_event = None;
    }
    assert_eq!(again.len(), 3);

    // One entry changed: folded again, and everything equals folding every entry.
    let env = body(&[A, B2, C]);
    let changed = fold(&mut w, &env, &rests, &c, 3_000).unwrap();
    fold(&mut full, &env, &rests, &c, 3_000).unwrap();
    assert_eq!(changed, parsed_again(&mut full, &env, &rests, &c, 3_000));
    assert_eq!(changed[1].presence, Presence::NotReady);

    // An event changed a state (the translator forgets what was folded into it).
    for x in [&mut w, &mut full] {
        if let Some(st) = x.agents.get_mut("103") {
            st.signed_out(3_500);
        }
        x.folded.remove("103");
    }
    let after = fold(&mut w, &env, &rests, &c, 4_000).unwrap();
    assert_eq!(after, parsed_again(&mut full, &env, &rests, &c, 4_000));

    // Other rest details, other rest causes: folded again.
    let env = body(&[A, B, C]);
    let rested = fold(&mut w, &env, &rests, &c, 5_000).unwrap();
    let other = [rest("102", 3)];
    let moved = fold(&mut w, &env, &other, &c, 6_000).unwrap();
    assert_ne!(rested[1].reason, moved[1].reason);
    fold(&mut full, &env, &rests, &c, 5_000).unwrap();
    fold(&mut full, &env, &other, &c, 6_000).unwrap();
    assert_eq!(moved, parsed_again(&mut full, &env, &other, &c, 6_000));
    let relabelled = fold(&mut w, &env, &rests, &causes("Meal"), 7_000).unwrap();
    assert_eq!(
        relabelled[1].reason.as_ref().map(|r| r.label.as_str()),
        Some("Meal")
    );
}

#[test]
fn the_roster_filter_and_the_shape_check_hold_for_unparsed_entries() {
    let c = causes("Lunch");
    let mut w = Watch::default();
    w.on_roster.insert("101".into());
    w.on_roster.insert("103".into());
    let env = body(&[A, B, C]);
    for now in [1_000, 2_000] {
        let got = fold(&mut w, &env, &[], &c, now).unwrap();
        let ids: Vec<&str> = got.iter().map(|s| s.workno.as_str()).collect();
        assert_eq!(ids, vec!["101", "103"], "only the roster");
    }
    w.on_roster.remove("103");
    let got = fold(&mut w, &env, &[], &c, 3_000).unwrap();
    assert_eq!(got.len(), 1, "left the roster");

    let mut w = Watch::default();
    let bad = body(&[A, "7", C, "null"]);
    let e = fold(&mut w, &bad, &[], &c, 1_000).unwrap_err();
    assert!(e.contains("is a number, not an object"), "{e}");
    assert_eq!(
        w.agents.len(),
        2,
        "the objects before and after were folded"
    );
    let one = parse_envelope("p", format!(r#"{{"retcode":"0","result":{A}}}"#).as_bytes()).unwrap();
    assert_eq!(fold(&mut w, &one, &[], &c, 2_000).unwrap().len(), 1);
    let none = parse_envelope("p", br#"{"retcode":"0","result":null}"#).unwrap();
    assert!(fold(&mut w, &none, &[], &c, 2_000).unwrap().is_empty());
}
