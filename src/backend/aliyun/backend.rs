//! The Alibaba Cloud CCC backend: credentials resolved once, the roster refresh (realtime agent
//! states joined with a cached ListUsers/ListSkillGroups directory, plus skill-group queue
//! figures), and the choices an action form offers.

use super::item_text;
use super::record::AgentStateRecord;
use super::wire::{SkillGroup, User};
use super::{agent_from_realtime_owned, AliyunClient, AliyunError, Directory, MapContext};
use crate::backend::memory::Seen;
use crate::backend::{ActionChoices, BackendError, Choice, QueueFigures, Refresh, RefreshMemory};
use crate::clock::now_ms;
use crate::config::BackendConfig;
use crate::model::Agent;
use crate::sync::lock;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The directory (users, skill groups) is fetched again every this many refreshes.
pub const DIRECTORY_EVERY: u64 = 10;

/// Break codes the system sets by itself; offered in no form.
pub(super) const SYSTEM_CODES: &[&str] = &["Warm-up", "RingingTimeout", "RejectCall"];

#[derive(Default)]
pub(super) struct DirCache {
    pub(super) directory: Arc<Directory>,
    pub(super) groups: Arc<Vec<SkillGroup>>,
    pub(super) loaded: bool,
    /// The fingerprint of the users' and groups' items the directory was read from.
    pub(super) loaded_print: Option<u64>,
    /// Moves whenever the directory's content changes (mapped agents depend on it).
    pub(super) version: u64,
    /// Break codes seen on agents, offered in the break form.
    pub(super) seen_codes: BTreeSet<String>,
}

pub(super) struct Inner {
    pub(super) name: Arc<str>,
    pub(super) cfg: BackendConfig,
    pub(super) client: AliyunClient,
    pub(super) planned: BTreeMap<String, u64>,
    /// Configured roster (full `user@instance` ids); `None` = every agent.
    pub(super) roster: Option<HashSet<String>>,
    pub(super) cache: Mutex<DirCache>,
    pub(super) refreshes: AtomicU64,
    /// Service-level reports (fetched on their own cadence) and the local estimate.
    pub(super) reports: Mutex<super::reports::ReportCache>,
}

/// One Alibaba Cloud CCC instance. Cheap to clone.
#[derive(Clone)]
pub struct AliyunBackend {
    pub(super) inner: Arc<Inner>,
}

impl std::fmt::Debug for AliyunBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AliyunBackend")
            .field("name", &self.inner.name)
            .field("client", &self.inner.client)
            .finish()
    }
}

/// Error codes with which Alibaba Cloud refuses the credentials themselves (unknown or disabled
/// AccessKey, wrong secret, expired or mismatched STS token).
fn refuses_credentials(code: &str) -> bool {
    code.starts_with("InvalidAccessKeyId")
        || code.starts_with("InvalidSecurityToken")
        || code == "SignatureDoesNotMatch"
}

/// A client error as a backend error (never holds the secret: client errors never do); refused
/// credentials are [`BackendError::Auth`].
pub(super) fn unreachable(name: &str, e: &AliyunError) -> BackendError {
    let backend = name.to_string();
    let message = e.to_string();
    if e.code().is_some_and(refuses_credentials) {
        BackendError::Auth { backend, message }
    } else {
        BackendError::Unreachable { backend, message }
    }
}

impl AliyunBackend {
    /// Resolves the AccessKey (off the async threads) and builds the client; no request is sent.
    pub async fn connect(cfg: &BackendConfig) -> Result<AliyunBackend, BackendError> {
        let keyring = super::credentials::resolve(cfg)
            .await
            .map_err(|e| BackendError::Config {
                backend: cfg.name.clone(),
                message: e.to_string(),
            })?;
        tracing::info!(backend = %cfg.name, credentials = %keyring.source().describe(), "alibaba cloud credentials");
        let client = AliyunClient::from_config_keyring(cfg, Arc::new(keyring)).map_err(|e| {
            BackendError::Config {
                backend: cfg.name.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(AliyunBackend::from_client(cfg, client))
    }

    /// A backend around an already-built client.
    pub fn from_client(cfg: &BackendConfig, client: AliyunClient) -> AliyunBackend {
        let instance = client.instance_id().to_string();
        let roster = cfg.roster.agents().map(|ids| {
            ids.iter()
                .map(|id| full_id(id, &instance))
                .collect::<HashSet<_>>()
        });
        AliyunBackend {
            inner: Arc::new(Inner {
                name: Arc::from(cfg.name.as_str()),
                cfg: cfg.clone(),
                client,
                planned: cfg.thresholds().planned,
                roster,
                cache: Mutex::new(DirCache::default()),
                refreshes: AtomicU64::new(0),
                reports: Mutex::default(),
            }),
        }
    }

    pub fn name(&self) -> Arc<str> {
        self.inner.name.clone()
    }

    pub fn config(&self) -> &BackendConfig {
        &self.inner.cfg
    }

    pub fn client(&self) -> &AliyunClient {
        &self.inner.client
    }

    pub fn poll_interval(&self) -> Duration {
        self.inner.cfg.poll_interval()
    }

    pub(super) fn cache(&self) -> MutexGuard<'_, DirCache> {
        lock(&self.inner.cache)
    }

    /// `login` → `login@instance`; full ids stay as they are.
    pub fn agent_id(&self, agent: &str) -> String {
        full_id(agent, self.inner.client.instance_id())
    }

    /// Fetches users and skill groups into the cache; on failure the old directory stays. Lists
    /// whose items did not change since the last load are not read again.
    pub(super) async fn load_directory(&self) -> Result<(), AliyunError> {
        let (user_texts, group_texts) = self.inner.client.directory_texts().await?;
        let print = item_text::fingerprint(&[&user_texts, &group_texts]);
        if self.cache().loaded_print == Some(print) {
            return Ok(());
        }
        let groups: Vec<SkillGroup> = item_text::parse_all("ListSkillGroups", &group_texts)?;
        drop(group_texts);
        // User by user, each text freed once read: the texts, the users and the directory are
        // never all held at once.
        let mut directory = Directory::of_groups(&groups);
        for text in user_texts {
            directory.add_user(item_text::parse::<User>("ListUsers", &text)?);
        }
        let mut cache = self.cache();
        cache.loaded_print = Some(print);
        if *cache.directory != directory {
            cache.directory = Arc::new(directory);
            cache.version += 1;
        }
        cache.groups = Arc::new(groups);
        cache.loaded = true;
        Ok(())
    }

    /// The cached directory (users are kept only as it holds them) and skill groups, loaded first
    /// when they never were.
    pub(super) async fn directory(
        &self,
    ) -> Result<(Arc<Directory>, Arc<Vec<SkillGroup>>), AliyunError> {
        if !self.cache().loaded {
            self.load_directory().await?;
        }
        let cache = self.cache();
        Ok((cache.directory.clone(), cache.groups.clone()))
    }

    /// One full refresh: realtime states of every agent (filtered to the roster), joined with the
    /// directory (fetched every [`DIRECTORY_EVERY`] refreshes), and the skill groups' queues.
    pub async fn snapshot(&self) -> Result<(Vec<Agent>, Vec<QueueFigures>), BackendError> {
        let refresh = self.refresh(&mut RefreshMemory::new()).await?;
        Ok((refresh.agents, refresh.queues))
    }

    /// [`AliyunBackend::snapshot`] as changes since the previous refresh of `memory`: an agent
    /// whose record (and the directory) did not change is not mapped again, only its id is sent.
    pub async fn refresh(&self, memory: &mut RefreshMemory) -> Result<Refresh, BackendError> {
        let n = self.inner.refreshes.fetch_add(1, Ordering::Relaxed);
        let first = !self.cache().loaded;
        let reload = n % DIRECTORY_EVERY == 0 && !first;
        let c = &self.inner.client;
        if first {
            // The first load on its own, before the states: its 10,000 users' texts and the
            // states' are then never held at once (the dashboard's peak memory).
            if let Err(e) = self.load_directory().await {
                tracing::warn!(backend = %self.inner.name, error = %e, "directory load failed; agents are shown without it");
            }
        }
        let dir = async {
            if reload {
                if let Err(e) = self.load_directory().await {
                    tracing::warn!(backend = %self.inner.name, error = %e, "directory refresh failed; keeping the last one");
                }
            }
        };
        let (_, states, groups) = tokio::join!(
            dir,
            c.realtime_record_pages(),
            c.list_all_realtime_skill_group_states()
        );
        let name = &self.inner.name;
        let states = states.map_err(|e| unreachable(name, &e))?;
        let groups = groups.map_err(|e| unreachable(name, &e))?;
        let (directory, version) = {
            let cache = self.cache();
            (cache.directory.clone(), cache.version)
        };
        let ctx = MapContext {
            backend: name.clone(),
            now_ms: now_ms(),
            planned: &self.inner.planned,
            directory: &directory,
        };
        let mut codes = BTreeSet::new();
        let mut prints = memory.begin(version);
        let mut agents: Vec<Agent> = Vec::new();
        let mut kept = Vec::with_capacity(states.iter().map(Vec::len).sum());
        for record in states.iter().flatten() {
            let id = record.agent_id();
            if !self.inner.roster.as_ref().is_none_or(|r| r.contains(id)) {
                continue;
            }
            match prints.seen(id, record.print) {
                Seen::Kept(id) => {
                    kept.push(id);
                    continue;
                }
                Seen::Repeated => continue,
                Seen::Changed => {}
            }
            let s = record.parse().map_err(|e| unreachable(name, &e))?;
            if !AgentStateRecord::keepable(&s) {
                prints.never_keep(id);
            }
            if !s.break_code.is_empty()
                && !SYSTEM_CODES.contains(&s.break_code.as_str())
                && !codes.contains(&s.break_code)
            {
                codes.insert(s.break_code.clone());
            }
            agents.push(agent_from_realtime_owned(s, &ctx));
        }
        memory.finish(prints);
        self.cache().seen_codes.extend(codes);
        let mut queues: Vec<QueueFigures> = groups
            .into_iter()
            .map(|g| QueueFigures {
                name: if g.skill_group_name.is_empty() {
                    g.skill_group_id.clone()
                } else {
                    g.skill_group_name
                },
                group_id: g.skill_group_id,
                waiting: u64::try_from(g.waiting_calls).unwrap_or(0),
                longest_wait_secs: u64::try_from(g.longest_waiting_time).ok(),
                kpis: None,
            })
            .collect();
        self.fill_kpis(&mut queues).await;
        Ok(Refresh {
            agents,
            kept,
            queues,
        })
    }

    /// Whether `agent` is a user of the instance (the directory is reloaded once when not found).
    pub async fn knows(&self, agent: &str) -> Result<bool, BackendError> {
        self.knows_inner(agent)
            .await
            .map_err(|e| unreachable(&self.inner.name, &e))
    }

    async fn knows_inner(&self, agent: &str) -> Result<bool, AliyunError> {
        let id = self.agent_id(agent);
        let (users, _) = self.directory().await?;
        if users.knows(&id) {
            return Ok(true);
        }
        self.load_directory().await?;
        let (users, _) = self.directory().await?;
        Ok(users.knows(&id))
    }

    /// Devices of the agent, skill groups, break codes (config, seen, a default) and contact flows
    /// labelled with their route points.
    pub async fn choices(&self, agent: &str) -> Result<ActionChoices, BackendError> {
        let name = self.inner.name.clone();
        let err = |e: AliyunError| unreachable(&name, &e);
        let id = self.agent_id(agent);
        let c = &self.inner.client;
        let (devices, dir, flows) = tokio::join!(
            c.list_devices(Some(&id)),
            self.directory(),
            self.flows_with_route_points()
        );
        let devices = devices
            .map_err(err)?
            .into_iter()
            .map(|d| Choice {
                label: [
                    d.device_type.as_str(),
                    d.extension.as_str(),
                    d.device_id.as_str(),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
                id: d.device_id,
            })
            .collect();
        let (_, groups) = dir.map_err(err)?;
        let skill_groups = groups
            .iter()
            .map(|g| Choice {
                id: g.skill_group_id.clone(),
                label: if g.display_name.is_empty() {
                    g.skill_group_name.clone()
                } else {
                    g.display_name.clone()
                },
            })
            .collect();
        let break_codes = self
            .offered_break_codes()
            .into_iter()
            .map(|c| Choice {
                label: match self.inner.planned.get(&c) {
                    Some(s) => format!("{c} (planned {} min)", s / 60),
                    None => c.clone(),
                },
                id: c,
            })
            .collect();
        let flows = flows.map_err(err)?;
        Ok(ActionChoices {
            devices,
            skill_groups,
            break_codes,
            flows,
        })
    }

    /// Every contact flow (all pages), as `(id, name)`.
    pub(super) async fn all_flows(&self) -> Result<Vec<(String, String)>, AliyunError> {
        let c = &self.inner.client;
        let mut out = Vec::new();
        for page in 1..=super::MAX_PAGES {
            let p = c.list_contact_flows(page, super::PAGE_SIZE).await?;
            let got = p.list.len();
            out.extend(p.list.into_iter().map(|f| (f.contact_flow_id, f.name)));
            if got == 0 || out.len() as i64 >= p.total_count {
                break;
            }
        }
        Ok(out)
    }

    async fn flows_with_route_points(&self) -> Result<Vec<Choice>, AliyunError> {
        let flows = self.all_flows().await?;
        let mut out = Vec::with_capacity(flows.len());
        for (id, name) in flows {
            let label = match self.inner.client.get_route_point(&id).await {
                Ok(r) if !r.route_point.is_empty() => {
                    format!("{name} (route point {})", r.route_point)
                }
                _ => name,
            };
            out.push(Choice { id, label });
        }
        Ok(out)
    }
}

/// `login` → `login@instance`.
pub fn full_id(agent: &str, instance: &str) -> String {
    let a = agent.trim();
    if a.contains('@') {
        a.to_string()
    } else {
        format!("{a}@{instance}")
    }
}
