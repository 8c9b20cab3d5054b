//! The Huawei CC-Gateway backend: the inspector session watching the roster (QC notify between
//! reconciliations), the agent sessions callboard signed in (kept alive by their own poll), the
//! merged view of an agent that the pump task (`pump.rs`) forwards, and the choices an
//! action form offers.

use super::cms::client::AGENTS_PATH;
use super::cms::records::CmsAgents;
use super::cms::{merge, CmsClient, CmsOptions};
use super::session::{AgentLogin, SessionOptions, SessionUpdate};
use super::{
    GatewayHttp, HttpOptions, HuaweiAgentState, HuaweiError, HuaweiSession, InspectorSession,
    RestCauses, SkillQueue,
};
use crate::backend::{
    ActionChoices, BackendError, BackendEvent, Choice, QueueFigures, SignInPolicy,
};
use crate::clock::now_ms;
use crate::config::{expand_home, BackendConfig, SecretSource};
use crate::model::Agent;
use crate::secret::Secret;
use crate::sync::lock;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Skill queues are listed again every this many refreshes.
const QUEUES_EVERY: u64 = 10;

struct Inner {
    name: Arc<str>,
    cfg: BackendConfig,
    http: GatewayHttp,
    inspector: InspectorSession,
    roster: Vec<String>,
    planned: BTreeMap<String, u64>,
    causes: Mutex<RestCauses>,
    /// Agent sessions callboard signed in, by work number.
    sessions: Mutex<HashMap<String, HuaweiSession>>,
    session_tx: mpsc::Sender<SessionUpdate>,
    sink: Mutex<Option<mpsc::Sender<BackendEvent>>>,
    pump: Mutex<Option<JoinHandle<()>>>,
    queues: Mutex<Vec<SkillQueue>>,
    refreshes: AtomicU64,
    /// Serialises re-sign-ins of the inspector.
    relogin: tokio::sync::Mutex<()>,
    /// The CC-CMS client, when `[backend.cms]` is configured.
    cms: Option<CmsClient>,
    /// What CMS last said about each agent (applied to agents between refreshes too).
    cms_agents: Mutex<CmsAgents>,
    /// Why the last refresh could not use CMS (`None`: it could, or there is no CMS).
    cms_problem: Mutex<Option<String>>,
    /// Work numbers whose merged agent an event sent since the last refresh (`super::refresh`).
    touched: Mutex<HashSet<String>>,
    /// Service level: CMS's `skill/servicequality` (own cadence) and the local estimate.
    kpis: Mutex<super::cms::quality::QualityCache>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(p) = lock(&self.pump).take() {
            p.abort();
        }
    }
}

/// One CC-Gateway VDN watched through an inspector. Cheap to clone.
#[derive(Clone)]
pub struct HuaweiBackend {
    inner: Arc<Inner>,
}

/// A handle that does not keep the backend alive: the pump's, so dropping the last
/// [`HuaweiBackend`] stops the pump.
pub(super) struct WeakHuaweiBackend(Weak<Inner>);

impl WeakHuaweiBackend {
    /// The backend, while it is still alive.
    pub(super) fn upgrade(&self) -> Option<HuaweiBackend> {
        self.0.upgrade().map(|inner| HuaweiBackend { inner })
    }
}

impl std::fmt::Debug for HuaweiBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HuaweiBackend")
            .field("name", &self.inner.name)
            .field("endpoint", &self.inner.http.base())
            .field("roster", &self.inner.roster.len())
            .field("sessions", &lock(&self.inner.sessions).len())
            .finish()
    }
}

fn config_error(name: &str, message: impl Into<String>) -> BackendError {
    BackendError::Config {
        backend: name.to_string(),
        message: message.into(),
    }
}

/// Retcodes that refuse the credentials themselves: wrong password, expired password, locked
/// account, failed uPortal authentication (reference §9; the `110-` family is password and
/// third-party-user errors).
fn refuses_credentials(code: &str) -> bool {
    matches!(code, "100-004" | "100-017" | "100-020") || code.starts_with("110-")
}

fn gateway_error(name: &str, what: &str, e: &HuaweiError) -> BackendError {
    let message = format!("{what}: {e}");
    match e {
        HuaweiError::Retcode { code, .. } if refuses_credentials(code) => BackendError::Auth {
            backend: name.to_string(),
            message,
        },
        HuaweiError::Retcode { .. } | HuaweiError::Config(_) | HuaweiError::Tls(_) => {
            config_error(name, message)
        }
        _ => BackendError::Unreachable {
            backend: name.to_string(),
            message,
        },
    }
}

/// The inspector's sign-in failed: with `100-002` under [`SignInPolicy::Respect`] the message
/// says who most likely holds the session and what to do, since forcing would sign it out.
fn sign_in_error(name: &str, workno: &str, policy: SignInPolicy, e: &HuaweiError) -> BackendError {
    if policy == SignInPolicy::Respect && e.is_already_signed_in() {
        return BackendError::Unreachable {
            backend: name.to_string(),
            message: format!(
                "inspector {workno} is signed in elsewhere (gateway error 100-002), most likely by a \
                 running callboard dashboard; this command does not take the session over, since the \
                 gateway keeps one session per work number and that would sign the dashboard out. \
                 Close the dashboard and run it again; if none runs, a session that ended without \
                 signing out is timed out by the gateway within 2 minutes; see docs/huawei-sessions.md"
            ),
        };
    }
    gateway_error(name, "inspector sign-in (loginex)", e)
}

/// Session timings for this backend: backoff capped at the poll interval (0.5-8 s), so a gateway
/// that recovers is used again within a poll cycle or two.
fn session_options(cfg: &BackendConfig, rest_causes: RestCauses) -> SessionOptions {
    SessionOptions {
        max_backoff: cfg
            .poll_interval()
            .clamp(Duration::from_millis(500), Duration::from_secs(8)),
        rest_causes,
        ..SessionOptions::default()
    }
}

/// Resolves a secret off the async threads; the error names the source, never the secret.
pub(super) async fn resolve(source: SecretSource) -> Result<Secret, String> {
    let described = source.describe();
    match tokio::task::spawn_blocking(move || source.resolve()).await {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(format!("{described}: {e}")),
        Err(e) => Err(format!("{described} could not be read: {e}")),
    }
}

/// The CMS client of `cfg`, its AK and SK resolved; errors name the field, never the secret.
async fn cms_client(
    cfg: &BackendConfig,
    c: &crate::config::HuaweiCms,
) -> Result<CmsClient, BackendError> {
    let name = cfg.name.as_str();
    let ak = resolve(c.ak.clone())
        .await
        .map_err(|e| config_error(name, format!("cms.ak ({e})")))?;
    let sk = resolve(c.sk.clone())
        .await
        .map_err(|e| config_error(name, format!("cms.sk ({e})")))?;
    CmsClient::new(&CmsOptions {
        endpoint: c.endpoint.clone(),
        ak,
        sk,
        ccid: c.ccid,
        vdn: c.vdn,
        ca_file: cfg.ca_file.as_deref().map(expand_home),
        insecure_skip_verify: cfg.insecure_skip_verify,
        timeout: Duration::from_secs(10),
    })
    .map_err(|e| config_error(name, e.to_string()))
}

impl HuaweiBackend {
    /// Signs the inspector in (`loginex`), loads the rest causes and monitors the roster (every
    /// agent of the VDN for `roster = "all"`). Never takes the inspector's session over from
    /// another client ([`SignInPolicy::Respect`]; the dashboard uses [`Self::connect_with`]).
    pub async fn connect(cfg: &BackendConfig) -> Result<HuaweiBackend, BackendError> {
        Self::connect_with(cfg, SignInPolicy::Respect).await
    }

    /// [`Self::connect`] with the given policy for an inspector signed in elsewhere.
    pub async fn connect_with(
        cfg: &BackendConfig,
        policy: SignInPolicy,
    ) -> Result<HuaweiBackend, BackendError> {
        let name = cfg.name.as_str();
        let login = cfg.inspector.clone().ok_or_else(|| {
            config_error(name, "a Huawei backend needs an inspector: add [backend.inspector] with workno and password")
        })?;
        let password = resolve(login.password.clone())
            .await
            .map_err(|e| config_error(name, format!("inspector password ({e})")))?;
        let http = GatewayHttp::new(&HttpOptions {
            ca_file: cfg.ca_file.as_deref().map(expand_home),
            insecure_skip_verify: cfg.insecure_skip_verify,
            ..HttpOptions::new(cfg.endpoint.clone())
        })
        .map_err(|e| gateway_error(name, "gateway settings", &e))?;
        let (itx, irx) = mpsc::channel(1024);
        let inspector = InspectorSession::spawn(
            http.clone(),
            AgentLogin::new(
                login.workno.clone(),
                password,
                login.phonenum.clone().unwrap_or_default(),
            ),
            SessionOptions {
                take_over: policy == SignInPolicy::TakeOver,
                ..session_options(cfg, RestCauses::default())
            },
            itx,
        )
        .map_err(|e| gateway_error(name, "inspector", &e))?;
        inspector
            .sign_in()
            .await
            .map_err(|e| sign_in_error(name, &login.workno, policy, &e))?;
        let planned = cfg.thresholds().planned;
        let causes = match inspector.rest_reasons(&planned).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(backend = name, error = %e, "rest causes not available");
                RestCauses::default().with_planned(&planned)
            }
        };
        let roster = match cfg.roster.agents() {
            Some(ids) => ids.to_vec(),
            None => match inspector.all_agent_status().await {
                Ok(all) => all.into_iter().map(|s| s.workno).collect(),
                Err(e) => {
                    let _ = inspector.sign_out().await;
                    return Err(gateway_error(name, "listing the VDN's agents", &e));
                }
            },
        };
        if let Err(e) = inspector.monitor(&roster).await {
            let _ = inspector.sign_out().await;
            return Err(gateway_error(name, "beginmonitor", &e));
        }
        let cms = match &cfg.cms {
            Some(c) => Some(cms_client(cfg, c).await?),
            None => None,
        };
        let (stx, srx) = mpsc::channel(4096);
        let inner = Arc::new(Inner {
            name: Arc::from(name),
            cfg: cfg.clone(),
            http,
            inspector,
            roster,
            planned,
            causes: Mutex::new(causes),
            sessions: Mutex::new(HashMap::new()),
            session_tx: stx,
            sink: Mutex::new(None),
            pump: Mutex::new(None),
            queues: Mutex::new(Vec::new()),
            refreshes: AtomicU64::new(0),
            relogin: tokio::sync::Mutex::new(()),
            cms,
            cms_agents: Mutex::default(),
            cms_problem: Mutex::new(None),
            touched: Mutex::new(HashSet::new()),
            kpis: Mutex::default(),
        });
        let weak = WeakHuaweiBackend(Arc::downgrade(&inner));
        let pump = tokio::spawn(super::pump::run(weak, irx, srx));
        *lock(&inner.pump) = Some(pump);
        Ok(HuaweiBackend { inner })
    }

    pub fn name(&self) -> Arc<str> {
        self.inner.name.clone()
    }

    pub fn config(&self) -> &BackendConfig {
        &self.inner.cfg
    }

    pub fn insecure_tls(&self) -> bool {
        self.inner.http.is_insecure()
    }

    pub fn inspector(&self) -> &InspectorSession {
        &self.inner.inspector
    }

    /// Work numbers of the agent sessions callboard holds.
    pub fn held_sessions(&self) -> Vec<String> {
        let mut v: Vec<String> = lock(&self.inner.sessions).keys().cloned().collect();
        v.sort();
        v
    }

    /// Whether callboard holds a signed-in session of `workno` (signed in through it, and not
    /// ended since by callboard or the gateway).
    pub fn holds(&self, workno: &str) -> bool {
        self.held(workno.trim()).is_some()
    }

    pub(super) fn held(&self, workno: &str) -> Option<HuaweiSession> {
        lock(&self.inner.sessions)
            .get(workno)
            .filter(|s| s.is_signed_in())
            .cloned()
    }

    /// Starts a session for an agent (not signed in yet) with this backend's gateway, timings and
    /// rest causes; its updates go to the pump.
    pub(super) fn spawn_session(&self, login: AgentLogin) -> Result<HuaweiSession, HuaweiError> {
        HuaweiSession::spawn(
            self.inner.http.clone(),
            login,
            session_options(self.config(), self.causes()),
            self.inner.session_tx.clone(),
        )
    }

    /// Keeps `session` as the one callboard holds for `workno`; returns the one it replaces.
    pub(super) fn hold(&self, workno: &str, session: HuaweiSession) -> Option<HuaweiSession> {
        lock(&self.inner.sessions).insert(workno.to_string(), session)
    }

    /// Stops holding the session of `workno` (signed out, or ended by the gateway) and returns it.
    pub(super) fn release(&self, workno: &str) -> Option<HuaweiSession> {
        lock(&self.inner.sessions).remove(workno)
    }

    pub(super) fn causes(&self) -> RestCauses {
        lock(&self.inner.causes).clone()
    }

    /// Where agent events between refreshes go (set by the poller).
    pub fn set_sink(&self, tx: mpsc::Sender<BackendEvent>) {
        *lock(&self.inner.sink) = Some(tx);
    }

    pub(super) fn sink(&self) -> Option<mpsc::Sender<BackendEvent>> {
        lock(&self.inner.sink).clone().filter(|s| !s.is_closed())
    }

    /// The agent as callboard knows it: a held session's own state first, else the inspector's;
    /// skills and name filled from the inspector when the session has none.
    pub(super) fn merged(&self, workno: &str, fallback: Option<&HuaweiAgentState>) -> Agent {
        let inspected = self.inner.inspector.agent_state(workno);
        let held = self.held(workno).map(|s| s.state());
        let cms = lock(&self.inner.cms_agents).get(workno).cloned();
        super::refresh::merge_agent(
            &self.inner.name,
            workno,
            held.as_ref(),
            fallback,
            inspected.as_ref(),
            cms.as_ref(),
            now_ms(),
        )
    }

    /// An event sent `workno`'s merged agent: the next refresh sends it again (the roster's copy
    /// is the event's).
    pub(super) fn touch(&self, workno: &str) {
        let mut t = lock(&self.inner.touched);
        if !t.contains(workno) {
            t.insert(workno.to_string());
        }
    }

    /// The work numbers touched since the last call (emptied).
    pub(super) fn take_touched(&self) -> HashSet<String> {
        std::mem::take(&mut *lock(&self.inner.touched))
    }

    /// The states of the agent sessions callboard holds and that are signed in, by work number.
    pub(super) fn held_states(&self) -> HashMap<String, HuaweiAgentState> {
        lock(&self.inner.sessions)
            .iter()
            .filter(|(_, s)| s.is_signed_in())
            .map(|(w, s)| (w.clone(), s.state()))
            .collect()
    }

    /// What CMS last said about each agent.
    pub(super) fn cms_agents(&self) -> std::sync::MutexGuard<'_, CmsAgents> {
        lock(&self.inner.cms_agents)
    }

    pub(super) fn set_cms_problem(&self, problem: Option<String>) {
        *lock(&self.inner.cms_problem) = problem;
    }

    /// A gateway failure of this backend, in words.
    pub(super) fn gateway_failure(&self, what: &str, e: &HuaweiError) -> BackendError {
        gateway_error(&self.inner.name, what, e)
    }

    /// Why the last refresh could not use CMS, if it could not (the backend is then degraded:
    /// its agents keep the inspector's data and the longest waits are unknown).
    pub fn cms_problem(&self) -> Option<String> {
        lock(&self.inner.cms_problem).clone()
    }

    /// What the last refresh got from CMS: `None` without `[backend.cms]`, else the number of
    /// agents CMS described, or why CMS could not be used.
    pub fn cms_report(&self) -> Option<Result<usize, String>> {
        self.inner.cms.as_ref()?;
        Some(match self.cms_problem() {
            Some(p) => Err(p),
            None => Ok(lock(&self.inner.cms_agents).len()),
        })
    }

    /// Asks CMS (when configured) for the agents of `reconciled` and remembers them for the
    /// merge; on a failure they are forgotten and the failure is returned in words.
    pub(super) async fn refresh_cms_agents(
        &self,
        reconciled: &[(String, u64)],
    ) -> Result<(), String> {
        let Some(cms) = &self.inner.cms else {
            return Ok(());
        };
        let worknos: Vec<&str> = reconciled.iter().map(|(w, _)| w.as_str()).collect();
        let updated = match cms.agent_answers(&worknos).await {
            Ok(answers) => lock(&self.inner.cms_agents).update(AGENTS_PATH, &answers),
            Err(e) => Err(e),
        };
        updated.map_err(|e| {
            lock(&self.inner.cms_agents).clear();
            e.to_string()
        })
    }

    /// Signs the inspector in again (and re-monitors) when its session ended. The session was
    /// this backend's own, so one the gateway still holds is replaced (forced), whatever the
    /// policy: the policy only decides about taking a session over at connect.
    pub(super) async fn ensure_inspector(&self) -> Result<(), BackendError> {
        let insp = &self.inner.inspector;
        if insp.session().is_signed_in() {
            return Ok(());
        }
        let _guard = self.inner.relogin.lock().await;
        if insp.session().is_signed_in() {
            return Ok(());
        }
        let name = &self.inner.name;
        insp.sign_in_again()
            .await
            .map_err(|e| gateway_error(name, "inspector sign-in (loginex)", &e))?;
        insp.monitor(&self.inner.roster)
            .await
            .map_err(|e| gateway_error(name, "beginmonitor", &e))?;
        Ok(())
    }

    /// Fetches CMS's service quality when due (`[backend.kpis] refresh_secs`, at most once a
    /// second) and fills the queues' KPIs; without CMS, or for queues it lacks, the local
    /// estimate. A failed fetch keeps the last answer and is logged.
    pub(super) async fn fill_kpis(&self, queues: &mut [QueueFigures]) {
        let threshold = self.inner.cfg.sl_threshold_secs();
        if let Some(cms) = &self.inner.cms {
            let due =
                lock(&self.inner.kpis).due(std::time::Instant::now(), self.inner.cfg.kpi_refresh());
            if due {
                let ids: Vec<String> = queues.iter().map(|q| q.group_id.clone()).collect();
                match cms.service_quality(&ids).await {
                    Ok(items) => lock(&self.inner.kpis).store(&items, threshold),
                    Err(e) => {
                        tracing::warn!(backend = %self.inner.name, error = %e, "CMS service quality not available; keeping the last one")
                    }
                }
            }
        }
        lock(&self.inner.kpis).fill(crate::clock::now_ms(), threshold, queues);
    }

    /// The skill queues of the VDN (listed again every [`QUEUES_EVERY`] refreshes).
    async fn skill_queues(&self) -> Vec<SkillQueue> {
        let n = self.inner.refreshes.fetch_add(1, Ordering::Relaxed);
        if n % QUEUES_EVERY == 0 || lock(&self.inner.queues).is_empty() {
            match self.inner.inspector.vdn_skills().await {
                Ok(q) => *lock(&self.inner.queues) = q,
                Err(e) => {
                    tracing::warn!(backend = %self.inner.name, error = %e, "skill queues not available")
                }
            }
        }
        lock(&self.inner.queues).clone()
    }

    /// Queue figures: from CMS when configured (waiting calls and longest wait), else the
    /// gateway's waiting count with the longest wait unknown. A gateway failure leaves them empty
    /// rather than failing the refresh; a CMS failure falls back to the gateway and is returned
    /// as the problem (the figures are still sent).
    pub(super) async fn queues(&self) -> (Vec<QueueFigures>, Option<String>) {
        let skills = self.skill_queues().await;
        let mut out: Vec<QueueFigures> = skills
            .iter()
            .map(|q| QueueFigures {
                group_id: q.id.clone(),
                name: q.name.clone(),
                waiting: 0,
                longest_wait_secs: None,
                kpis: None,
            })
            .collect();
        let mut problem = None;
        if let Some(cms) = &self.inner.cms {
            let ids: Vec<String> = skills.iter().map(|q| q.id.clone()).collect();
            match cms.queues(&ids).await {
                Ok(ind) => {
                    merge::apply_queues(&mut out, &ind);
                    return (out, None);
                }
                Err(e) => problem = Some(e.to_string()),
            }
        }
        for q in &mut out {
            match self.inner.inspector.skill_wait_num(&q.group_id).await {
                Ok(w) => {
                    q.waiting = w.unwrap_or(0);
                    // No call waits: the longest wait is 0 whatever the source.
                    q.longest_wait_secs = (q.waiting == 0).then_some(0);
                }
                Err(e) => {
                    tracing::warn!(backend = %self.inner.name, error = %e, "waiting calls not available");
                    return (Vec::new(), problem);
                }
            }
        }
        if let Some(p) = &problem {
            tracing::warn!(backend = %self.inner.name, error = %p, "CMS queue figures not available");
        }
        (out, problem)
    }

    /// Whether the work number is on the roster (or, for `roster = "all"`, in the VDN).
    pub async fn knows(&self, workno: &str) -> Result<bool, BackendError> {
        if self.inner.roster.iter().any(|w| w == workno) || self.held(workno).is_some() {
            return Ok(true);
        }
        if self.inner.cfg.roster.agents().is_some() {
            return Ok(false);
        }
        if !workno.bytes().all(|b| b.is_ascii_digit()) || workno.is_empty() {
            return Ok(false);
        }
        self.inner
            .inspector
            .agent_by_workno(workno)
            .await
            .map(|s| s.is_some())
            .map_err(|e| gateway_error(&self.inner.name, "agent lookup", &e))
    }

    /// Rest causes as break codes, IVR access codes as flows (no devices or groups to pick).
    /// Cause 0 ("no cause") is offered only for agents callboard holds a session for: the
    /// inspector's forced rest takes causes 1-255 only.
    pub async fn choices(&self, agent: &str) -> Result<ActionChoices, BackendError> {
        let first_cause = if self.held(agent).is_some() { 0 } else { 1 };
        let insp = &self.inner.inspector;
        let name = &self.inner.name;
        let causes = insp
            .rest_reasons(&self.inner.planned)
            .await
            .map_err(|e| gateway_error(name, "rest causes", &e))?;
        *lock(&self.inner.causes) = causes.clone();
        let mut break_codes = Vec::new();
        for id in first_cause..=255u32 {
            if let Some(c) = causes.get(id) {
                let r = causes.reason(Some(id), None);
                break_codes.push(Choice {
                    id: id.to_string(),
                    label: match r.planned_secs {
                        Some(s) => format!("{} ({id}, planned {} min)", c.label, s / 60),
                        None => format!("{} ({id})", c.label),
                    },
                });
            }
        }
        let flows = insp
            .ivr_info()
            .await
            .map_err(|e| gateway_error(name, "IVR flows (ivrinfo)", &e))?
            .into_iter()
            .map(|f| Choice {
                label: if f.description.is_empty() {
                    f.access.clone()
                } else {
                    format!("{} ({})", f.description, f.access)
                },
                id: f.access,
            })
            .collect();
        let skill_groups = lock(&self.inner.queues)
            .iter()
            .map(|q| Choice {
                id: q.id.clone(),
                label: q.name.clone(),
            })
            .collect();
        Ok(ActionChoices {
            devices: Vec::new(),
            skill_groups,
            break_codes,
            flows,
        })
    }

    /// Signs the inspector out and stops its session, leaving the held agent sessions running:
    /// for a command that holds an agent's session for long (`act sign-in --hold`), so that it
    /// never competes with a dashboard for the inspector's one session (docs/huawei-sessions.md).
    /// Actions then go through the held sessions only.
    pub async fn stop_inspector(&self) {
        let insp = &self.inner.inspector;
        if insp.session().is_signed_in() {
            match tokio::time::timeout(Duration::from_secs(5), insp.sign_out()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::warn!(backend = %self.inner.name, error = %e, "inspector sign-out failed")
                }
                Err(_) => {
                    tracing::warn!(backend = %self.inner.name, "inspector sign-out timed out")
                }
            }
        }
        insp.session().clone().shutdown().await;
    }

    /// Signs the inspector out and stops the pump; held agent sessions stop polling and the
    /// gateway signs them out after its idle timeout.
    pub async fn shutdown(&self) {
        let sessions: Vec<HuaweiSession> =
            lock(&self.inner.sessions).drain().map(|(_, s)| s).collect();
        for s in sessions {
            s.shutdown().await;
        }
        let insp = &self.inner.inspector;
        if insp.session().is_signed_in() {
            let _ = tokio::time::timeout(Duration::from_secs(5), insp.sign_out()).await;
        }
        insp.session().clone().shutdown().await;
        if let Some(p) = lock(&self.inner.pump).take() {
            p.abort();
        }
        *lock(&self.inner.sink) = None;
    }
}
