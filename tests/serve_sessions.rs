//! `callboard serve` end to end: russh's client opens sessions with a pty against a served frozen
//! simulator on loopback, and reads each screen through a vt100 emulator. Two viewers see the
//! floor and filter independently, an operator acts and a viewer sees it (and the audit log names
//! the SSH user and key), a viewer's action key is refused, unknown keys and passwords are
//! rejected, exec and pty-less shells are refused with a message, a window change redraws that
//! session at its new size, and a disconnect frees the session.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/backend.rs"]
mod backend_support;
#[path = "support/serve.rs"]
mod serve_support;

use backend_support::agents_of;
use serve_support::*;
use std::sync::Arc;

const AGENTS: usize = 24;

/// The `N of M agents` count of the tab line.
fn shown_count(term: &Term) -> Option<String> {
    let row = term.row(3);
    let at = row.find(" of ")?;
    let before: String = row[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = row[at + 4..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    Some(format!("{before} of {after}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_viewers_see_the_floor_and_filter_independently() {
    let served = served(AGENTS, false).await;
    let agents = agents_of(&served.env.sim, "aliyun").await;
    let first = agents[0]["id"].as_str().unwrap().to_string();
    let mut a = open(served.addr, "bob", &served.viewer, 120, 30).await;
    let mut b = open(served.addr, "carol", &served.viewer, 120, 30).await;
    let all = format!("{AGENTS} of {AGENTS}");
    for t in [&mut a, &mut b] {
        t.wait_for("the whole roster", |t| {
            shown_count(t).as_deref() == Some(&all)
        })
        .await;
        t.wait_text("aliyun-sim").await;
        t.wait_text("huawei-sim").await;
        t.wait_text("READ-ONLY").await;
    }
    a.filter(&format!("id={first}")).await;
    a.wait_for("one agent", |t| {
        shown_count(t).as_deref() == Some(&format!("1 of {AGENTS}"))
    })
    .await;
    assert!(a.screen().contains(&first), "{}", a.screen());
    // B's view is its own: still every agent, no filter.
    b.send(b"j").await;
    b.wait_for("b redrawn", |t| shown_count(t).as_deref() == Some(&all))
        .await;
    assert!(!b.screen().contains("filter:"), "{}", b.screen());
    assert_eq!(served.running().sessions(), 2);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operators_action_reaches_every_viewer_and_the_audit_log() {
    let served = served(AGENTS, false).await;
    let agents = agents_of(&served.env.sim, "aliyun").await;
    let online = agents
        .iter()
        .find(|a| a["state"] != "OFFLINE")
        .expect("an aliyun agent online");
    let target = online["id"].as_str().unwrap().to_string();
    // Ids are cut to the column's width; the name is whole.
    let name = online["display_name"].as_str().unwrap().to_string();
    let mut op = open(served.addr, "alice", &served.operator, 120, 30).await;
    let mut viewer = open(served.addr, "bob", &served.viewer, 120, 30).await;
    op.wait_text("aliyun-sim").await;
    viewer.filter(&format!("id={target}")).await;
    let target_row = |t: &Term| {
        t.screen()
            .lines()
            .find(|l| l.contains("aliyun-sim") && l.contains(&name))
            .map(str::to_string)
    };
    viewer
        .wait_for("the target online", |t| {
            target_row(t).is_some_and(|r| !r.contains("Offline"))
        })
        .await;
    op.filter(&format!("id={target}")).await;
    op.send(b"r").await;
    op.wait_text("Confirm?").await;
    op.send(b"y").await;
    op.wait_text("✓ reset").await;
    // The viewer sees the agent go offline (the next poll) without doing anything.
    viewer
        .wait_for("the reset on the viewer's screen", |t| {
            target_row(t).is_some_and(|r| r.contains("Offline"))
        })
        .await;
    // ... and the action in the floor's event log.
    viewer.send(b"\t\t").await;
    viewer.wait_text("alice over SSH)").await;
    let lines = served.audit_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["action"], "reset");
    assert_eq!(lines[0]["agent"], target.as_str());
    assert_eq!(lines[0]["outcome"], "ok");
    assert_eq!(lines[0]["ssh_user"], "alice");
    let fp = served
        .operator
        .public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string();
    assert_eq!(lines[0]["ssh_key"], fp.as_str());
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewers_action_key_is_refused_on_its_screen_and_nothing_is_sent() {
    let served = served(AGENTS, false).await;
    let mut viewer = open(served.addr, "bob", &served.viewer, 140, 30).await;
    viewer.wait_text("READ-ONLY").await;
    viewer
        .wait_for("agents", |t| {
            shown_count(t).as_deref() == Some(&format!("{AGENTS} of {AGENTS}"))
        })
        .await;
    viewer.send(b"r").await;
    viewer
        .wait_text("reset refused: this SSH key has the viewer role")
        .await;
    assert!(!viewer.screen().contains("Confirm?"), "{}", viewer.screen());
    assert!(served.audit_lines().is_empty());
    served.stop().await;

    // --readonly: even the operator's key is a viewer, and is told why.
    let served = serve_support::served(AGENTS, true).await;
    let mut op = open(served.addr, "alice", &served.operator, 140, 30).await;
    op.wait_text("READ-ONLY").await;
    op.send(b"r").await;
    op.wait_text("reset refused: the server runs with --readonly")
        .await;
    assert!(served.audit_lines().is_empty());
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_keys_and_passwords_are_rejected() {
    let served = served(AGENTS, false).await;
    let stranger = Arc::new(callboard::serve::hostkey::generate());
    let mut handle = connect(served.addr).await;
    assert!(
        !auth(&mut handle, "mallory", &stranger).await,
        "unknown key"
    );
    let password = handle
        .authenticate_password("alice", "hunter2")
        .await
        .expect("exchange");
    assert!(!password.success(), "password");
    // The same connection with a known key gets in: the refusals were about the credentials.
    assert!(auth(&mut handle, "alice", &served.operator).await);
    assert_eq!(served.running().sessions(), 0);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_subsystem_and_ptyless_shells_are_refused_with_a_message() {
    let served = served(AGENTS, false).await;
    let mut handle = connect(served.addr).await;
    assert!(auth(&mut handle, "alice", &served.operator).await);

    let channel = handle.channel_open_session().await.expect("session");
    channel.exec(true, "cat /etc/passwd").await.expect("exec");
    let mut t = Term {
        handle,
        channel,
        parser: vt100::Parser::new(24, 80, 0),
        closed: false,
        exit: None,
        stderr: String::new(),
    };
    t.wait_closed().await;
    assert!(
        t.stderr.contains("commands are not run here"),
        "{}",
        t.stderr
    );
    assert_eq!(t.exit, Some(1));
    assert!(t.screen().trim().is_empty(), "nothing on stdout");

    let channel = t.handle.channel_open_session().await.expect("session");
    channel.request_shell(true).await.expect("shell");
    t.channel = channel;
    t.closed = false;
    t.stderr.clear();
    t.wait_closed().await;
    assert!(t.stderr.contains("needs a terminal"), "{}", t.stderr);
    assert_eq!(t.exit, Some(1));

    let channel = t.handle.channel_open_session().await.expect("session");
    channel
        .request_subsystem(true, "sftp")
        .await
        .expect("subsystem");
    t.channel = channel;
    (t.closed, t.exit) = (false, None);
    t.stderr.clear();
    t.wait_closed().await;
    assert!(t.stderr.contains("no subsystems"), "{}", t.stderr);
    assert_eq!(t.exit, Some(1));
    assert_eq!(served.running().sessions(), 0);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_change_redraws_that_session_only_at_its_new_size() {
    let served = served(AGENTS, false).await;
    let mut a = open(served.addr, "bob", &served.viewer, 120, 30).await;
    let mut b = open(served.addr, "carol", &served.viewer, 120, 30).await;
    for t in [&mut a, &mut b] {
        t.wait_for("the footer on the last row", |t| t.row(29).contains("quit"))
            .await;
    }
    a.channel
        .window_change(70, 16, 0, 0)
        .await
        .expect("window change");
    a.parser.set_size(16, 70);
    a.wait_for("the frame at 70×16", |t| {
        t.row(15).contains("quit")
            && t.row(14).starts_with('└')
            && t.row(14).trim_end().ends_with('┘')
    })
    .await;
    // The other session keeps its size.
    b.send(b"j").await;
    b.wait_for("b still 30 rows", |t| {
        t.row(29).contains("quit") && t.row(28).starts_with('└')
    })
    .await;
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnects_and_quits_free_their_sessions() {
    let served = served(AGENTS, false).await;
    let mut a = open(served.addr, "bob", &served.viewer, 100, 24).await;
    let mut b = open(served.addr, "carol", &served.viewer, 100, 24).await;
    a.wait_text("aliyun-sim").await;
    b.wait_text("aliyun-sim").await;
    let wait_sessions = |n: usize| {
        let running = served.running();
        async move {
            let until = tokio::time::Instant::now() + DEADLINE;
            while running.sessions() != n {
                assert!(
                    tokio::time::Instant::now() < until,
                    "sessions stayed {} (want {n})",
                    running.sessions()
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
    };
    wait_sessions(2).await;
    // A dropped connection (no goodbye).
    a.handle
        .disconnect(russh::Disconnect::ByApplication, "bye", "en")
        .await
        .expect("disconnect");
    drop(a);
    wait_sessions(1).await;
    // `q` ends the session; the terminal is given back (alternate screen left).
    b.send(b"q").await;
    b.wait_closed().await;
    assert_eq!(b.exit, Some(0));
    assert!(
        !b.parser.screen().alternate_screen(),
        "alternate screen left"
    );
    wait_sessions(0).await;
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_holds_up_no_other_session() {
    let served = served(AGENTS, false).await;
    // A client whose SSH window is 512 bytes and that never reads: the server can send it less
    // than one frame, then its writer waits for a window adjust that never comes.
    let stalled_config = russh::client::Config {
        window_size: 512,
        ..Default::default()
    };
    let stalled = open_with(served.addr, "slow", &served.viewer, 120, 30, stalled_config).await;
    let mut other = open(served.addr, "bob", &served.viewer, 120, 30).await;
    other.wait_text("aliyun-sim").await;
    let wait_two = async {
        let until = tokio::time::Instant::now() + DEADLINE;
        while served.running().sessions() != 2 {
            assert!(tokio::time::Instant::now() < until, "both sessions attach");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    wait_two.await;
    // The other session still answers every key at once, through many frames.
    for view in ["┌ Skill groups", "┌ Event log", "┌ Trends", "┌ Roster"] {
        other.send(b"\t").await;
        other.wait_text(view).await;
    }
    other.filter("state=break").await;
    assert_eq!(
        served.running().sessions(),
        2,
        "the stalled session is still attached"
    );
    drop(stalled);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_connection_opens_a_bounded_number_of_sessions() {
    let served = served(AGENTS, false).await;
    let mut handle = connect(served.addr).await;
    assert!(auth(&mut handle, "alice", &served.operator).await);
    let max = callboard::serve::server::MAX_CHANNELS_PER_CONNECTION;
    let mut open = Vec::new();
    for _ in 0..max {
        open.push(
            handle
                .channel_open_session()
                .await
                .expect("within the bound"),
        );
    }
    assert!(
        handle.channel_open_session().await.is_err(),
        "one more than {max} is refused"
    );
    drop(open);
    served.stop().await;
}
