//! The Huawei CC-CMS monitoring settings of a Huawei backend (`[backend.cms]`) and their checks.

use super::SecretSource;
use serde::{Deserialize, Serialize};

/// Where and how callboard reads Huawei's CC-CMS real-time monitoring interface
/// (`docs/huawei-cms.md`): state start times, queue figures, extensions and skill levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiCms {
    /// `https://cms:28443/rest/cmsapp/v1/openapi/` (the open-API path is added when missing).
    pub endpoint: String,
    /// The C2 access key id.
    pub ak: SecretSource,
    /// The C2 secret access key.
    pub sk: SecretSource,
    /// The call center id (1-65535).
    pub ccid: u32,
    /// The VDN (virtual call center) id (1-5000).
    pub vdn: u32,
}

/// Valid call-center ids (`ccId` in every CMS body).
pub const CCID_RANGE: std::ops::RangeInclusive<u32> = 1..=65_535;
/// Valid VDN ids (`vdn` in every CMS body).
pub const VDN_RANGE: std::ops::RangeInclusive<u32> = 1..=5_000;

/// One problem with a `[backend.cms]` table: the field, what is wrong and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CmsProblem {
    pub field: &'static str,
    pub message: String,
    pub fix: String,
}

/// The problems of `cms` beyond its types (the endpoint is checked like every endpoint).
pub(super) fn problems(cms: &HuaweiCms, place: &str) -> Vec<CmsProblem> {
    let mut out = Vec::new();
    if !CCID_RANGE.contains(&cms.ccid) {
        out.push(CmsProblem {
            field: "ccid",
            message: format!("cms.ccid {} {place} is outside 1-65535", cms.ccid),
            fix: "write the call center id from the CMS system configuration, e.g. ccid = 1".into(),
        });
    }
    if !VDN_RANGE.contains(&cms.vdn) {
        out.push(CmsProblem {
            field: "vdn",
            message: format!("cms.vdn {} {place} is outside 1-5000", cms.vdn),
            fix: "write the VDN id the inspector belongs to, e.g. vdn = 1".into(),
        });
    }
    let url = reqwest::Url::parse(cms.endpoint.trim());
    let fix =
        "write the CC-CMS URL, e.g. endpoint = \"https://10.1.2.4:28443/rest/cmsapp/v1/openapi/\"";
    match url {
        Err(e) => out.push(CmsProblem {
            field: "endpoint",
            message: format!(
                "cms.endpoint \"{}\" {place} is not a URL ({e})",
                super::echo(&cms.endpoint)
            ),
            fix: fix.into(),
        }),
        Ok(u) if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() => {
            out.push(CmsProblem {
                field: "endpoint",
                message: format!(
                    "cms.endpoint \"{}\" {place} is not an http(s) URL with a host",
                    super::echo(&cms.endpoint)
                ),
                fix: fix.into(),
            })
        }
        Ok(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cms(endpoint: &str, ccid: u32, vdn: u32) -> HuaweiCms {
        HuaweiCms {
            endpoint: endpoint.into(),
            ak: SecretSource::Env("CMS_AK".into()),
            sk: SecretSource::Env("CMS_SK".into()),
            ccid,
            vdn,
        }
    }

    #[test]
    fn ranges_and_endpoint_are_checked() {
        assert!(problems(&cms("https://cms:28443/", 1, 1), "x").is_empty());
        let fields: Vec<_> = problems(&cms("cms:28443", 0, 5001), "x")
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["ccid", "vdn", "endpoint"]);
        assert_eq!(problems(&cms("ftp://cms/", 1, 1), "x")[0].field, "endpoint");
    }
}
