//! The header's counts, moved agent by agent on agent events (not counted again over the whole
//! roster), stay equal to counting the whole roster, whatever the events do: state and break
//! changes, stale and unknown agents, repeated ids in one event, another backend in scope.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use callboard::app::App;
use callboard::backend::BackendEvent;
use callboard::fixtures as fixture;
use callboard::model::{Agent, Freshness, Presence, Reason, ReasonCategory};

fn loaded() -> (App, Vec<Agent>) {
    let (app, events) = fixture::loaded_app(3, 400);
    let BackendEvent::Snapshot { agents, .. } = &events[0] else {
        panic!("a snapshot first")
    };
    (app, agents.clone())
}

fn on_break(a: Agent, code: &str) -> Agent {
    let label = if code == "lunch" { "Lunch" } else { "Train" };
    labelled(a, code, label)
}

fn labelled(mut a: Agent, code: &str, label: &str) -> Agent {
    a.presence = Presence::Break;
    a.freshness = Freshness::Fresh;
    a.reason = Some(Reason {
        code: code.to_string(),
        label: label.to_string(),
        category: ReasonCategory::ShortBreak,
        planned_secs: None,
    });
    a
}

#[test]
fn counts_moved_by_agent_events_equal_a_full_count() {
    let (mut app, agents) = loaded();
    let backend = agents[0].backend.clone();
    let full = |app: &App| app.roster.distribution(app.backend_scope.as_deref());
    assert_eq!(app.distribution(), &full(&app));
    let mut steps: Vec<Vec<Agent>> = Vec::new();
    steps.push(vec![on_break(agents[1].clone(), "lunch")]);
    steps.push(vec![
        on_break(agents[2].clone(), "lunch"),
        on_break(agents[3].clone(), "train"),
    ]);
    // The same agent twice in one event: the last copy is what the roster keeps.
    let mut ready = agents[2].clone();
    ready.presence = Presence::Ready;
    ready.reason = None;
    steps.push(vec![on_break(agents[2].clone(), "train"), ready]);
    // The last agent of a code leaves it: the code is gone from the breaks.
    let mut back = agents[3].clone();
    back.presence = Presence::Ready;
    back.reason = None;
    steps.push(vec![back]);
    // Stale and unknown copies.
    let mut stale = agents[4].clone();
    stale.freshness = Freshness::Stale;
    let mut unknown = agents[5].clone();
    unknown.freshness = Freshness::Unknown;
    steps.push(vec![stale, unknown]);
    // An agent the roster did not have yet.
    let mut new = agents[6].clone();
    new.id = "brand-new".to_string();
    steps.push(vec![new]);
    for (i, step) in steps.into_iter().enumerate() {
        app.apply_event(BackendEvent::Agents {
            backend: backend.clone(),
            agents: step,
            at: app.now,
        });
        assert_eq!(app.distribution(), &full(&app), "after step {i}");
    }
    assert!(app.distribution().breaks.contains_key("lunch"));
    assert!(!app.distribution().breaks.contains_key("train"));
    assert!(app.distribution().movable(), "moved agent by agent so far");

    // One code with two labels: the label shown depends on the roster's order, so the counts
    // are taken again from the whole roster, and stay equal.
    app.apply_event(BackendEvent::Agents {
        backend: backend.clone(),
        agents: vec![labelled(agents[8].clone(), "lunch", "Long lunch")],
        at: app.now,
    });
    assert_eq!(app.distribution(), &full(&app));
    assert!(!app.distribution().movable());

    // Another backend in scope: this backend's events leave its counts alone.
    let other = app
        .roster
        .agents()
        .iter()
        .find(|a| a.backend != backend)
        .map(|a| a.backend.to_string())
        .expect("a second backend");
    app.backend_scope = Some(other);
    app.rebuild_view();
    let before = app.distribution().clone();
    app.apply_event(BackendEvent::Agents {
        backend: backend.clone(),
        agents: vec![on_break(agents[7].clone(), "lunch")],
        at: app.now,
    });
    assert_eq!(app.distribution(), &before);
    assert_eq!(app.distribution(), &full(&app));
}
