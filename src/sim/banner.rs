//! What `callboard sim` prints when it starts: where each vendor API listens, the credentials
//! that work against it, and the simulator's own endpoints.

use super::{world, RunningSim, SimConfig, Vendor};
use std::path::Path;

/// The start-up banner.
pub fn text(config: &SimConfig, running: &RunningSim, written: Option<&Path>) -> String {
    let truth = running.shared.lock().world.truth();
    let count = |v: Vendor| truth.agents.iter().filter(|a| a.vendor == v).count();
    let first_huawei = truth
        .agents
        .iter()
        .find(|a| a.vendor == Vendor::Huawei)
        .map(|a| a.id.as_str())
        .unwrap_or_default();
    let key = config.access_keys.first();
    let (key_id, key_secret) = key.map_or(("", ""), |k| (k.id.as_str(), k.secret.as_str()));
    let cms_key = config.huawei.cms_keys.first();
    let (cms_ak, cms_sk) = cms_key.map_or(("", ""), |k| (k.id.as_str(), k.secret.as_str()));
    let addr = running.addr;
    let written = written
        .map(|p| format!("Config written to   {}\n", p.display()))
        .unwrap_or_default();
    format!(
        "callboard sim listening on {addr} (seed {seed}, speed {speed}, faults {faults})

Alibaba Cloud CCC (2020-07-01 RPC, V3/V2 signatures)
  endpoint          {aliyun_url}
  instance          {instance} ({aliyun_agents} agents)
  AccessKey id      {key_id}
  AccessKey secret  {key_secret}
{sts}
Huawei CC-Gateway (AgentGateway REST)
  base URL          {huawei_url}
  VDN               {vdn} ({huawei_agents} agents, work numbers from {first_huawei})
  agent login       any agent work number, password {agent_password}, phonenum 4<workno>
  inspector login   {inspector} / {inspector_password}

Huawei CC-CMS (real-time monitoring, C2 AK/SK)
  base URL          {cms_url}
  ccId / VDN        {cms_ccid} / {vdn}
  AK                {cms_ak}
  SK                {cms_sk}

Ground truth        http://{addr}/_sim/state
Faults              http://{addr}/_sim/faults (GET, PUT a spec)
{written}Press Ctrl-C to stop.
",
        sts = sts_text(config, running),
        seed = config.seed,
        speed = config.speed,
        faults = config.faults,
        aliyun_url = running.aliyun_url(),
        instance = truth.aliyun_instance,
        aliyun_agents = count(Vendor::Aliyun),
        huawei_url = running.huawei_url(),
        vdn = truth.huawei_vdn,
        huawei_agents = count(Vendor::Huawei),
        agent_password = config.huawei.agent_password,
        inspector = world::HUAWEI_INSPECTOR,
        inspector_password = config.huawei.inspector_password,
        cms_url = running.huawei_cms_url(),
        cms_ccid = config.huawei.cms_ccid,
    )
}

/// The STS and ECS metadata lines of the banner.
fn sts_text(config: &SimConfig, running: &RunningSim) -> String {
    let lifetime = config
        .sts_lifetime
        .map(|d| format!("{} s", d.as_secs()))
        .unwrap_or_else(|| "as asked (DurationSeconds)".to_string());
    let tokens = if config.require_sts_token {
        "required (--require-sts-token): only STS credentials are accepted"
    } else {
        "checked when sent"
    };
    let metadata = match running.metadata_url() {
        Some(url) => format!(
            "  ECS metadata      {url} (IMDSv2, RAM role {})\n",
            config.ecs_role
        ),
        None => String::new(),
    };
    format!(
        "  STS AssumeRole    {url} (2015-04-01, any acs:ram::<account>:role/<name>; lifetime {lifetime})
  security tokens   {tokens}
  temporary keys    POST http://{addr}/_sim/sts/issue?seconds=N; counters at GET /_sim/sts
{metadata}",
        url = running.aliyun_url(),
        addr = running.addr,
    )
}
