//! The session actor's loop (one command at a time) and the event long-poll that is its heartbeat.

use super::error::HuaweiError;
use super::events::{EventKind, HuaweiEvent};
use super::http::{Call, Envelope};
use super::retcode;
use super::session::{
    AgentLogin, Cmd, Core, Effect, Role, SessionUpdate, SignOutCause, UpdateKind,
};
use super::wire::SignInInfo;
use crate::clock::now_ms;
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub(super) struct Actor {
    core: Arc<Core>,
    login: AgentLogin,
    rx: mpsc::Receiver<Cmd>,
    tx: mpsc::WeakSender<Cmd>,
    poll: Option<JoinHandle<()>>,
}

impl Actor {
    pub(super) fn new(
        core: Arc<Core>,
        login: AgentLogin,
        rx: mpsc::Receiver<Cmd>,
        tx: mpsc::WeakSender<Cmd>,
    ) -> Actor {
        Actor {
            core,
            login,
            rx,
            tx,
            poll: None,
        }
    }
}

impl Drop for Actor {
    fn drop(&mut self) {
        if let Some(p) = self.poll.take() {
            p.abort();
        }
    }
}

impl Actor {
    pub(super) async fn run(mut self) {
        while let Some(cmd) = self.rx.recv().await {
            match cmd {
                Cmd::SignIn { force, reply } => {
                    let r = self.sign_in(force).await;
                    if r.is_ok() {
                        self.core.notify(UpdateKind::SignedIn { forced: force });
                    }
                    let _ = reply.send(r);
                }
                Cmd::SignOut { force, reply } => {
                    let _ = reply.send(self.sign_out(force).await);
                }
                Cmd::Op {
                    call,
                    effect,
                    reply,
                } => {
                    let _ = reply.send(self.op(call, effect).await);
                }
                Cmd::Resign { epoch, cause } => {
                    let current = {
                        let i = self.core.lock();
                        i.epoch == epoch && i.signed_in
                    };
                    if current {
                        self.resign(cause).await;
                    }
                }
                Cmd::Shutdown { reply } => {
                    self.stop_poll();
                    let _ = reply.send(());
                    return;
                }
            }
        }
    }

    fn stop_poll(&mut self) {
        if let Some(p) = self.poll.take() {
            p.abort();
        }
    }

    fn sign_in_body(&self) -> Value {
        let o = &self.core.opts;
        json!({
            "password": self.login.password.expose(),
            "phonenum": self.login.phonenum,
            "status": o.sign_in_status,
            "autoanswer": o.autoanswer,
            "autoenteridle": o.autoenteridle,
            "releasephone": o.releasephone,
            "agenttype": 4,
        })
    }

    async fn sign_in_call(&self, force: bool) -> Result<Envelope, HuaweiError> {
        let w = &self.core.workno;
        let paths: Vec<String> = match (self.core.role, force) {
            (Role::Agent, false) => vec![format!("onlineagent/{w}")],
            (Role::Agent, true) => vec![format!("onlineagent/{w}/forcelogin")],
            (Role::Inspector, false) => vec![format!("onlineagent/{w}/loginex")],
            (Role::Inspector, true) => vec![
                format!("onlineagent/{w}/forceloginex"),
                format!("onlineagent/{w}/forcelogin"),
            ],
        };
        let mut last = HuaweiError::Config("no sign-in path".into());
        for path in paths {
            let mut call = Call::new(Method::PUT, path).with_body(self.sign_in_body());
            call.sign_in = true;
            match self.core.http.call(&self.core.auth, call).await {
                // A gateway without forceloginex: fall back to forcelogin.
                Err(e @ HuaweiError::Http { status: 404, .. }) => last = e,
                other => return other,
            }
        }
        Err(last)
    }

    async fn sign_in(&mut self, force: bool) -> Result<SignInInfo, HuaweiError> {
        self.stop_poll();
        let env = self.sign_in_call(force).await?;
        let epoch = {
            let mut i = self.core.lock();
            i.signed_in = true;
            i.signing_out = false;
            i.epoch += 1;
            i.epoch
        };
        self.start_poll(epoch);
        Ok(SignInInfo::from_result(&env.result()))
    }

    fn start_poll(&mut self, epoch: u64) {
        self.stop_poll();
        let core = self.core.clone();
        let tx = self.tx.clone();
        self.poll = Some(tokio::spawn(poll_loop(core, tx, epoch)));
    }

    async fn sign_out(&mut self, force: bool) -> Result<(), HuaweiError> {
        let w = self.core.workno.clone();
        let path = if force {
            format!("onlineagent/{w}/forcelogout")
        } else {
            format!("onlineagent/{w}/logout")
        };
        self.core.lock().signing_out = true;
        let r = self
            .core
            .http
            .call(&self.core.auth, Call::new(Method::DELETE, path))
            .await;
        let ended = match &r {
            Ok(_) => true,
            // Already signed out: the session is over all the same.
            Err(e) => matches!(e.code(), Some("100-006") | Some("100-008")),
        };
        if !ended {
            self.core.lock().signing_out = false;
            return r.map(drop);
        }
        self.stop_poll();
        {
            let mut i = self.core.lock();
            i.signed_in = false;
            i.signing_out = false;
            i.state.signed_out(now_ms());
        }
        self.core.auth.clear();
        self.core.notify(UpdateKind::SignedOut {
            cause: SignOutCause::Requested,
        });
        Ok(())
    }

    async fn op(&mut self, call: Call, effect: Effect) -> Result<Envelope, HuaweiError> {
        if !self.core.lock().signed_in {
            return Err(HuaweiError::NotSignedIn(self.core.workno.clone()));
        }
        let mut r = self.core.http.call(&self.core.auth, call.clone()).await;
        if let Err(e) = &r {
            if e.code().is_some_and(retcode::is_busy_retry) {
                tokio::time::sleep(Duration::from_millis(300)).await;
                r = self.core.http.call(&self.core.auth, call.clone()).await;
            } else if e.is_session_lost() && self.resign(e.clone()).await {
                r = self.core.http.call(&self.core.auth, call).await;
            }
        }
        if r.is_ok() {
            let changed = {
                let mut i = self.core.lock();
                match effect {
                    Effect::None => false,
                    Effect::Pending(p) => {
                        i.state.request(p);
                        true
                    }
                    Effect::Ivr => {
                        i.state.sent_to_ivr();
                        true
                    }
                }
            };
            if changed {
                self.core.notify(UpdateKind::Requested);
            }
        }
        r
    }

    /// Signs in again with force after a lost Guid; `true` when the session is back.
    async fn resign(&mut self, cause: HuaweiError) -> bool {
        self.stop_poll();
        tracing::info!(workno = %self.core.workno, error = %cause, "huawei session lost; signing in again");
        let streak = {
            let mut i = self.core.lock();
            i.resign_streak += 1;
            i.resign_streak
        };
        if streak > 1 {
            tokio::time::sleep(self.core.backoff(streak - 2)).await;
        }
        let max = self.core.opts.max_resign_attempts.max(1);
        let mut last = cause.clone();
        for attempt in 1..=max {
            if attempt > 1 {
                tokio::time::sleep(self.core.backoff(attempt - 2)).await;
            }
            match self.sign_in(true).await {
                Ok(_) => {
                    self.core.notify(UpdateKind::ReSignedIn {
                        attempts: attempt,
                        cause,
                    });
                    return true;
                }
                Err(e) => {
                    let hopeless = matches!(e.code(), Some("100-004" | "100-020" | "110-016"));
                    last = e;
                    if hopeless {
                        break;
                    }
                }
            }
        }
        {
            let mut i = self.core.lock();
            i.signed_in = false;
            i.state.signed_out(now_ms());
        }
        self.core.auth.clear();
        self.core.notify(UpdateKind::SignedOut {
            cause: SignOutCause::SessionLost(last),
        });
        false
    }
}

/// The session's long-poll: one `GET agentevent/{id}` at a time, re-polled `poll_gap` after each
/// answer, with backoff on errors; a lost Guid hands over to the actor for a forced sign-in.
async fn poll_loop(core: Arc<Core>, tx: mpsc::WeakSender<Cmd>, epoch: u64) {
    let mut failures: u32 = 0;
    loop {
        let mut call = Call::get(format!("agentevent/{}", core.workno));
        call.timeout = Some(core.opts.poll_timeout);
        match core.http.call(&core.auth, call).await {
            Ok(env) => {
                core.lock().resign_streak = 0;
                if failures > 0 {
                    failures = 0;
                    core.notify(UpdateKind::PollRecovered);
                }
                if let Some(ev) = HuaweiEvent::from_poll_bytes(env.body()) {
                    let shutdown = ev.kind == EventKind::ShutdownService;
                    let update = {
                        let mut i = core.lock();
                        if i.epoch != epoch {
                            return;
                        }
                        let causes = i.causes.clone();
                        i.state.apply_event(&ev, now_ms(), &causes);
                        if shutdown && !i.signing_out {
                            i.signed_in = false;
                        }
                        SessionUpdate {
                            workno: core.workno.clone(),
                            kind: UpdateKind::Event(ev),
                            state: i.state.clone(),
                        }
                    };
                    if core.updates.send(update).await.is_err() {
                        tracing::debug!(workno = %core.workno, "huawei update receiver gone");
                    }
                    if shutdown {
                        let by_gateway = !core.lock().signing_out;
                        if by_gateway {
                            core.auth.clear();
                            core.notify(UpdateKind::SignedOut {
                                cause: SignOutCause::Gateway,
                            });
                        }
                        return;
                    }
                }
                tokio::time::sleep(core.opts.poll_gap).await;
            }
            Err(e) if e.is_session_lost() => {
                if let Some(tx) = tx.upgrade() {
                    let _ = tx.send(Cmd::Resign { epoch, cause: e }).await;
                }
                return;
            }
            Err(e) => {
                failures += 1;
                core.notify(UpdateKind::PollTrouble { error: e, failures });
                tokio::time::sleep(core.backoff(failures - 1)).await;
            }
        }
    }
}
