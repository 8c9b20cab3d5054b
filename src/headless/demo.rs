//! `--demo` on `snapshot` and `act`: an embedded simulator on a free loopback port and its config,
//! built in memory (no file is written).
//!
//! The world is frozen (speed 0) and seeded (seed 1), so two runs see the same agents in the same
//! states: the ids in the README examples work.

use crate::config::Config;
use crate::sim::{self, RunningSim, SimConfig, SimError};

/// The seed of the demo world.
pub const DEMO_SEED: u64 = 1;

/// A running embedded simulator and the config pointing at it.
pub struct Demo {
    sim: RunningSim,
    config: Config,
}

impl Demo {
    /// Starts the simulator (seed 1, speed 0, loopback, default agent count) and builds its config.
    pub async fn start() -> Result<Demo, SimError> {
        let sim_config = SimConfig {
            seed: DEMO_SEED,
            speed: 0.0,
            ..SimConfig::default()
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn demo_config_points_at_the_simulator() {
        let demo = Demo::start().await.expect("demo starts");
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
