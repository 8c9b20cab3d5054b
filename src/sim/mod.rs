//! `callboard sim`: a simulator of the Alibaba Cloud CCC and Huawei CC-Gateway APIs on one HTTP port.
//!
//! Alibaba Cloud CCC RPC is served at `/`, Huawei CC-Gateway at `/agentgateway/resource/`, Huawei
//! CC-CMS real-time monitoring at `/rest/cmsapp/v1/openapi/`, the ground truth at `/_sim/state` and
//! fault control at `/_sim/faults`. Both vendor layers are written from the
//! vendor documents and share nothing with callboard's clients.

pub mod aliyun;
pub mod banner;
pub mod faults;
pub mod huawei;
pub mod server;
pub mod world;
pub mod write_config;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use faults::FaultSpec;
pub use world::{Vendor, World, WorldSpec};

/// An access key pair the simulator accepts: an Alibaba Cloud AccessKey, or a Huawei CC-CMS AK/SK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    pub id: String,
    pub secret: String,
}

/// Default test credentials printed at start.
pub const TEST_ACCESS_KEY_ID: &str = "LTAI5tCallboardSim0001";
pub const TEST_ACCESS_KEY_SECRET: &str = "sim-secret-callboard-0001";
pub const TEST_AGENT_PASSWORD: &str = "Agent@sim1";
pub const TEST_INSPECTOR_PASSWORD: &str = "Inspector@sim1";
/// Huawei CC-CMS (C2 authentication) test access key, its secret, and the call center id.
pub const TEST_CMS_AK: &str = "CmsSimAk0001";
pub const TEST_CMS_SK: &str = "cms-sim-secret-0001";
pub const TEST_CMS_CCID: u32 = 1;
/// The RAM role of the simulated ECS instance.
pub const TEST_ECS_ROLE: &str = "CallboardSimEcsRole";

/// Huawei CC-Gateway protocol timings and credentials (wall-clock, independent of `--speed`).
#[derive(Debug, Clone)]
pub struct HuaweiOptions {
    /// How long `GET agentevent` holds a poll without events (gateway default 10 s).
    pub poll_hold: Duration,
    /// Sign-out of agents whose events are not polled for this long (gateway default 2 minutes).
    pub idle_timeout: Duration,
    /// Guid rotation period (`GUIDINTERVAL`, default 60 s).
    pub guid_interval: Duration,
    /// How long a replaced Guid stays valid (`GUIDTIMEOUT`, default 120 s).
    pub guid_timeout: Duration,
    pub agent_password: String,
    pub inspector_password: String,
    /// CC-CMS AK/SK pairs accepted by the C2 check (`id` is the AK, `secret` the SK).
    pub cms_keys: Vec<AccessKey>,
    /// The call center id (`ccId`) CC-CMS bodies must name; the VDN is the world's.
    pub cms_ccid: u32,
}

impl Default for HuaweiOptions {
    fn default() -> Self {
        HuaweiOptions {
            poll_hold: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(120),
            guid_interval: Duration::from_secs(60),
            guid_timeout: Duration::from_secs(120),
            agent_password: TEST_AGENT_PASSWORD.to_string(),
            inspector_password: TEST_INSPECTOR_PASSWORD.to_string(),
            cms_keys: vec![AccessKey {
                id: TEST_CMS_AK.to_string(),
                secret: TEST_CMS_SK.to_string(),
            }],
            cms_ccid: TEST_CMS_CCID,
        }
    }
}

/// Everything `callboard sim` is started with.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub listen: SocketAddr,
    pub seed: u64,
    pub agents: usize,
    /// 0 freezes the world; 1 is real time; higher is faster.
    pub speed: f64,
    pub faults: FaultSpec,
    pub access_keys: Vec<AccessKey>,
    pub huawei: HuaweiOptions,
    /// Simulated time at start (Unix ms); `None` means now.
    pub epoch_ms: Option<i64>,
    /// Refuse Alibaba requests signed without a valid STS security token.
    pub require_sts_token: bool,
    /// Lifetime of the temporary credentials STS and the metadata service hand out (overrides
    /// `DurationSeconds`); `None`: as asked (AssumeRole) or 6 hours (metadata).
    pub sts_lifetime: Option<Duration>,
    /// Where the ECS metadata service listens (its own port); `None`: not started.
    pub metadata_listen: Option<SocketAddr>,
    /// The ECS instance's RAM role name.
    pub ecs_role: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 1,
            agents: 60,
            speed: 1.0,
            faults: FaultSpec::default(),
            access_keys: vec![AccessKey {
                id: TEST_ACCESS_KEY_ID.to_string(),
                secret: TEST_ACCESS_KEY_SECRET.to_string(),
            }],
            huawei: HuaweiOptions::default(),
            epoch_ms: None,
            require_sts_token: false,
            sts_lifetime: None,
            metadata_listen: None,
            ecs_role: TEST_ECS_ROLE.to_string(),
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot listen on {addr}: {source}; pick another address or port with --listen")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("--agents must be between 2 and 100000 (got {0})")]
    Agents(usize),
    #[error("--speed must be a finite number >= 0 (got {0})")]
    Speed(f64),
}

/// The simulator's mutable state: the world and each vendor gateway's protocol state.
pub struct SimCore {
    pub world: World,
    pub aliyun: aliyun::AliyunGateway,
    pub huawei: huawei::HuaweiGateway,
    pub faults: faults::Faults,
    pub speed: f64,
    /// Vendor requests answered so far, per API (`GET /_sim/requests`).
    pub requests: RequestCounts,
}

/// Vendor requests the simulator has seen, per API (the `/_sim` endpoints are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RequestCounts {
    pub aliyun: u64,
    pub huawei: u64,
    pub cms: u64,
}

impl SimCore {
    /// Hands the world's recorded changes to the Huawei gateway (events for its sessions and
    /// monitoring inspectors). Call after every change to the world.
    pub fn flush(&mut self) {
        let changes = self.world.drain_changes();
        if !changes.is_empty() {
            self.huawei.on_changes(&self.world, &changes);
        }
    }
}

/// The simulator's state shared by its tasks and request handlers.
#[derive(Clone)]
pub struct Shared(Arc<Mutex<SimCore>>);

impl Shared {
    pub fn new(core: SimCore) -> Shared {
        Shared(Arc::new(Mutex::new(core)))
    }

    /// Locks the core. A handler that panicked while holding the lock leaves consistent-enough
    /// data (every mutation is a single step), so a poisoned lock is recovered, not propagated
    /// (see [`crate::sync::lock`]).
    pub fn lock(&self) -> MutexGuard<'_, SimCore> {
        crate::sync::lock(&self.0)
    }
}

/// Builds the simulator's core from a config.
pub fn build_core(config: &SimConfig) -> Result<SimCore, SimError> {
    if !(2..=100_000).contains(&config.agents) {
        return Err(SimError::Agents(config.agents));
    }
    if !config.speed.is_finite() || config.speed < 0.0 {
        return Err(SimError::Speed(config.speed));
    }
    let epoch = config.epoch_ms.unwrap_or_else(crate::clock::now_ms);
    let world = World::new(&WorldSpec {
        seed: config.seed,
        agents: config.agents,
        epoch,
    });
    let mut gateway = aliyun::AliyunGateway::new(config.access_keys.clone());
    gateway.sts = aliyun::sts::Sts::new(config.require_sts_token, config.sts_lifetime);
    gateway.metadata = aliyun::metadata::Metadata::new(&config.ecs_role);
    Ok(SimCore {
        world,
        aliyun: gateway,
        huawei: huawei::HuaweiGateway::new(config.huawei.clone()),
        faults: faults::Faults::new(config.faults.clone(), config.seed),
        speed: config.speed,
        requests: RequestCounts::default(),
    })
}

/// A running simulator.
pub struct RunningSim {
    pub addr: SocketAddr,
    /// Where the ECS metadata service listens, when it was asked for.
    pub metadata_addr: Option<SocketAddr>,
    pub shared: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    metadata_stop: Option<tokio::sync::oneshot::Sender<()>>,
    metadata_task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningSim {
    /// `http://ADDR/`, the Alibaba Cloud CCC endpoint.
    pub fn aliyun_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// `http://ADDR/agentgateway/resource/`, the Huawei CC-Gateway base.
    pub fn huawei_url(&self) -> String {
        format!("http://{}/agentgateway/resource/", self.addr)
    }

    /// `http://ADDR/rest/cmsapp/v1/openapi/`, the Huawei CC-CMS real-time monitoring base.
    pub fn huawei_cms_url(&self) -> String {
        format!("http://{}/rest/cmsapp/v1/openapi/", self.addr)
    }

    /// `http://ADDR` of the ECS metadata service, when it runs.
    pub fn metadata_url(&self) -> Option<String> {
        self.metadata_addr.map(|a| format!("http://{a}"))
    }

    /// Stops accepting, wakes held long-polls and waits for the server to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stop) = self.metadata_stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(task) = self.metadata_task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(3), task).await;
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stop) = self.metadata_stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts the simulator: binds, spawns the world clock, the Huawei session sweeper and the server.
pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
    let core = build_core(&config)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| SimError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SimError::Bind {
        addr: config.listen,
        source,
    })?;
    let shared = Shared::new(core);
    let (mut metadata_addr, mut metadata_stop, mut metadata_task) = (None, None, None);
    if let Some(at) = config.metadata_listen {
        let bind = |source| SimError::Bind { addr: at, source };
        let md = tokio::net::TcpListener::bind(at).await.map_err(bind)?;
        metadata_addr = Some(md.local_addr().map_err(bind)?);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = aliyun::metadata::router(shared.clone());
        metadata_task = Some(tokio::spawn(async move {
            let _ = axum::serve(md, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        }));
        metadata_stop = Some(stop);
    }
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(server::run(listener, shared.clone(), stopped));
    Ok(RunningSim {
        addr,
        metadata_addr,
        shared,
        stop: Some(stop),
        task: Some(task),
        metadata_stop,
        metadata_task,
    })
}
