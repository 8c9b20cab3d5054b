//! Fault injection: latency, HTTP 5xx, dropped connections, malformed JSON, Alibaba throttling and
//! Huawei Guid expiry, each with a rate; chosen at start (`--faults`) and switchable at run time
//! (`/_sim/faults`).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Rates (0..=1) of each fault, and the injected latency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultSpec {
    pub latency: f64,
    pub latency_ms: u64,
    #[serde(rename = "5xx")]
    pub server_error: f64,
    pub drop: f64,
    pub malformed: f64,
    pub throttle: f64,
    pub guid_expiry: f64,
    /// Only requests to this API get faults (`only=aliyun|huawei|cms`); `None`: every API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<FaultScope>,
}

/// The API a fault spec is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultScope {
    Aliyun,
    /// The CC-Gateway.
    Huawei,
    /// CC-CMS.
    Cms,
}

impl FaultScope {
    fn name(self) -> &'static str {
        match self {
            FaultScope::Aliyun => "aliyun",
            FaultScope::Huawei => "huawei",
            FaultScope::Cms => "cms",
        }
    }

    fn covers(self, api: Api) -> bool {
        matches!(
            (self, api),
            (FaultScope::Aliyun, Api::Aliyun)
                | (FaultScope::Huawei, Api::Huawei)
                | (FaultScope::Cms, Api::HuaweiCms)
        )
    }
}

/// A fault spec that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultSpecError {
    #[error("unknown fault `{0}`; known: latency, 5xx, drop, malformed, throttle, guid-expiry, and only=aliyun|huawei|cms to limit them to one API")]
    Unknown(String),
    #[error("fault `{0}` needs a rate between 0 and 1, as in `{0}=0.1`")]
    Rate(String),
    #[error("latency `{0}` is not a duration; write it as `latency=0.2@300ms` (ms or s)")]
    Duration(String),
    #[error("`only={0}` names no API; write only=aliyun, only=huawei or only=cms")]
    Scope(String),
}

impl FaultSpec {
    /// Reads `latency=0.2@300ms,5xx=0.05,drop=0.02,malformed=0.02,throttle=0.1,guid-expiry=0.01`.
    /// An empty string or `off` means no faults.
    pub fn parse(text: &str) -> Result<FaultSpec, FaultSpecError> {
        let mut spec = FaultSpec {
            latency_ms: 500,
            ..FaultSpec::default()
        };
        let text = text.trim();
        if text.is_empty() || text == "off" || text == "none" {
            return Ok(spec);
        }
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = name.trim().to_ascii_lowercase();
            if name == "only" {
                spec.only = Some(match value.trim().to_ascii_lowercase().as_str() {
                    "aliyun" | "alibaba" => FaultScope::Aliyun,
                    "huawei" | "gateway" => FaultScope::Huawei,
                    "cms" => FaultScope::Cms,
                    other => return Err(FaultSpecError::Scope(other.to_string())),
                });
                continue;
            }
            let (rate, extra) = match value.split_once('@') {
                Some((r, e)) => (r, Some(e)),
                None => (value, None),
            };
            let rate: f64 = rate
                .trim()
                .parse()
                .map_err(|_| FaultSpecError::Rate(name.clone()))?;
            if !(0.0..=1.0).contains(&rate) {
                return Err(FaultSpecError::Rate(name));
            }
            match name.as_str() {
                "latency" => {
                    spec.latency = rate;
                    if let Some(d) = extra {
                        spec.latency_ms =
                            parse_ms(d).ok_or_else(|| FaultSpecError::Duration(d.to_string()))?;
                    }
                }
                "5xx" | "error" => spec.server_error = rate,
                "drop" => spec.drop = rate,
                "malformed" => spec.malformed = rate,
                "throttle" | "throttling" => spec.throttle = rate,
                "guid-expiry" | "guid_expiry" | "guid" => spec.guid_expiry = rate,
                _ => return Err(FaultSpecError::Unknown(name)),
            }
        }
        Ok(spec)
    }

    pub fn is_off(&self) -> bool {
        self.latency == 0.0
            && self.server_error == 0.0
            && self.drop == 0.0
            && self.malformed == 0.0
            && self.throttle == 0.0
            && self.guid_expiry == 0.0
    }
}

impl std::fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_off() {
            return write!(f, "off");
        }
        let mut parts = Vec::new();
        if self.latency > 0.0 {
            parts.push(format!("latency={}@{}ms", self.latency, self.latency_ms));
        }
        for (name, rate) in [
            ("5xx", self.server_error),
            ("drop", self.drop),
            ("malformed", self.malformed),
            ("throttle", self.throttle),
            ("guid-expiry", self.guid_expiry),
        ] {
            if rate > 0.0 {
                parts.push(format!("{name}={rate}"));
            }
        }
        if let Some(only) = self.only {
            parts.push(format!("only={}", only.name()));
        }
        write!(f, "{}", parts.join(","))
    }
}

fn parse_ms(text: &str) -> Option<u64> {
    let t = text.trim();
    if let Some(ms) = t.strip_suffix("ms") {
        return ms.trim().parse().ok();
    }
    if let Some(s) = t.strip_suffix('s') {
        return s.trim().parse::<f64>().ok().map(|s| (s * 1000.0) as u64);
    }
    t.parse().ok()
}

/// Which API a request is for, so a fault takes that vendor's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Aliyun,
    /// The CC-Gateway (`/agentgateway/`).
    Huawei,
    /// CC-CMS real-time monitoring (`/rest/cmsapp/`): latency, 5xx, drop and malformed apply.
    HuaweiCms,
}

/// What to do to one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub delay_ms: u64,
    pub drop: bool,
    pub server_error: bool,
    pub throttle: bool,
    pub malformed: bool,
    pub expire_guid: bool,
}

/// The current fault spec and the random source that applies it (separate from the world's, so
/// faults never change what the world does).
#[derive(Debug)]
pub struct Faults {
    pub spec: FaultSpec,
    rng: ChaCha8Rng,
}

impl Faults {
    pub fn new(spec: FaultSpec, seed: u64) -> Faults {
        Faults {
            spec,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_fa17),
        }
    }

    /// Rolls the dice for one request.
    pub fn plan(&mut self, api: Api) -> Plan {
        if self.spec.is_off() || self.spec.only.is_some_and(|o| !o.covers(api)) {
            return Plan::default();
        }
        let s = self.spec.clone();
        let mut hit = |rate: f64| rate > 0.0 && self.rng.gen_bool(rate.min(1.0));
        let mut plan = Plan::default();
        if hit(s.latency) {
            plan.delay_ms = s.latency_ms;
        }
        plan.drop = hit(s.drop);
        plan.server_error = hit(s.server_error);
        plan.throttle = api == Api::Aliyun && hit(s.throttle);
        plan.malformed = hit(s.malformed);
        plan.expire_guid = api == Api::Huawei && hit(s.guid_expiry);
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_a_spec() {
        let spec = FaultSpec::parse(
            "latency=0.2@300ms, 5xx=0.05,drop=0.02,malformed=0.1,throttle=0.5,guid-expiry=0.01",
        )
        .unwrap();
        assert_eq!(spec.latency, 0.2);
        assert_eq!(spec.latency_ms, 300);
        assert_eq!(spec.server_error, 0.05);
        assert_eq!(spec.throttle, 0.5);
        assert_eq!(FaultSpec::parse(&spec.to_string()).unwrap(), spec);
        assert!(FaultSpec::parse("off").unwrap().is_off());
        let only = FaultSpec::parse("5xx=1,only=cms").unwrap();
        assert_eq!(only.only, Some(FaultScope::Cms));
        assert_eq!(FaultSpec::parse(&only.to_string()).unwrap(), only);
        assert!(FaultSpec::parse("5xx=1,only=fax").is_err());
    }

    #[test]
    fn a_scoped_spec_spares_the_other_apis() {
        let mut f = Faults::new(FaultSpec::parse("5xx=1,only=cms").unwrap(), 1);
        assert!(f.plan(Api::HuaweiCms).server_error);
        assert!(!f.plan(Api::Huawei).server_error);
        assert!(!f.plan(Api::Aliyun).server_error);
    }

    #[test]
    fn rejects_bad_specs_with_the_fix() {
        assert_eq!(
            FaultSpec::parse("lag=0.1"),
            Err(FaultSpecError::Unknown("lag".into()))
        );
        assert_eq!(
            FaultSpec::parse("drop=2"),
            Err(FaultSpecError::Rate("drop".into()))
        );
        assert!(matches!(
            FaultSpec::parse("latency=0.1@soon"),
            Err(FaultSpecError::Duration(_))
        ));
    }

    #[test]
    fn full_rate_always_hits_and_vendor_specific_faults_stay_with_their_vendor() {
        let mut f = Faults::new(FaultSpec::parse("throttle=1,guid-expiry=1").unwrap(), 1);
        let a = f.plan(Api::Aliyun);
        assert!(a.throttle && !a.expire_guid);
        let h = f.plan(Api::Huawei);
        assert!(h.expire_guid && !h.throttle);
        let c = f.plan(Api::HuaweiCms);
        assert!(!c.expire_guid && !c.throttle);
    }
}
