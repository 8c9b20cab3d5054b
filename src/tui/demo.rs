//! Demo start-up: an embedded simulator of both vendors on a free loopback port and the config
//! pointing at it, built in memory (no file is written). `callboard demo` runs the TUI on a live
//! world; `--demo` on `snapshot` and `act` uses a frozen one (speed 0, seed 1), so two runs see
//! the same agents in the same states and the ids in the README examples work.

use super::TuiOptions;
use crate::config::Config;
use crate::sim::{self, RunningSim, SimConfig, SimError};
use std::future::Future;

/// The seed of the demo world.
pub const DEMO_SEED: u64 = 1;

/// A running embedded simulator and the config pointing at it.
pub struct Demo {
    sim: RunningSim,
    config: Config,
}

impl Demo {
    /// The frozen world of `--demo`: seed 1, speed 0, the default agent count.
    pub fn frozen() -> SimConfig {
        SimConfig {
            seed: DEMO_SEED,
            speed: 0.0,
            ..SimConfig::default()
        }
    }

    /// Starts the simulator on loopback and builds its config.
    pub async fn start(sim_config: SimConfig) -> Result<Demo, SimError> {
        let running = sim::start(sim_config.clone()).await?;
        let truth = running.shared.lock().world.truth();
        let config = sim::write_config::sim_config(&sim_config, running.addr, &truth);
        Ok(Demo {
            sim: running,
            config,
        })
    }

    /// The config of the simulator's two backends (`aliyun-sim`, `huawei-sim`).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Where the simulator listens.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.sim.addr
    }

    /// Stops the simulator and waits for its server to finish.
    pub async fn shutdown(self) {
        self.sim.shutdown().await;
    }
}

/// `callboard demo`: the embedded simulator of both vendors on a free loopback port, and the TUI
/// on it. No set-up at all.
pub async fn run(opts: TuiOptions, agents: usize, stop: impl Future<Output = ()>) -> u8 {
    let sim_config = SimConfig {
        agents,
        ..SimConfig::default()
    };
    // The language as the dashboard will resolve it (the demo's config sets none).
    let lang = crate::i18n::Lang::resolve(opts.lang.map(crate::i18n::Lang::code), None).0;
    let demo = match Demo::start(sim_config).await {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "{}",
                crate::i18n::tf(lang, "demo-no-sim", &[("reason", e.to_string().into())])
            );
            return 2;
        }
    };
    let mut config = demo.config().clone();
    config.audit_log = std::env::temp_dir()
        .join(format!("callboard-demo-audit-{}.jsonl", std::process::id()))
        .to_str()
        .map(str::to_string);
    // The demo's world is new each run: its history is not kept, and a point every 2 s fills
    // the trends within a minute.
    config.history = Some(crate::config::HistoryConfig {
        interval_secs: Some(2),
        persist: Some(false),
        ..Default::default()
    });
    // The banner in the screen's language (the same choice `run` makes for the screen).
    let lang = crate::i18n::Lang::resolve(
        opts.lang.map(crate::i18n::Lang::code),
        config.lang.as_deref(),
    )
    .0;
    let opts = TuiOptions {
        banner: Some(crate::i18n::tf(
            lang,
            "demo-banner",
            &[("addr", demo.addr().to_string().into())],
        )),
        ..opts
    };
    let code = super::run(config, opts, stop).await;
    demo.shutdown().await;
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn demo_config_points_at_the_simulator() {
        let demo = Demo::start(Demo::frozen()).await.expect("demo starts");
        let addr = demo.addr();
        let names: Vec<_> = demo
            .config()
            .backends
            .iter()
            .map(|b| b.name.clone())
            .collect();
        assert_eq!(names, ["aliyun-sim", "huawei-sim"]);
        assert!(demo.config().backends[0]
            .endpoint
            .contains(&addr.to_string()));
        demo.shutdown().await;
    }
}
