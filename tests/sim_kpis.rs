//! The simulator's service-level reports over real HTTP, as the documents describe them:
//! Alibaba ListHistoricalSkillGroupReport (hour-aligned ranges, paging, the `Inbound` counts) and
//! Huawei CMS skill/servicequality (the 5-minute interval holding now - 5 min, one call per
//! second), both equal to the world's counts in `/_sim/state`.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/aliyun_sign.rs"]
mod aliyun_sign;
#[path = "support/aliyun_sim.rs"]
mod aliyun_sim;
#[path = "support/cms_test_signer.rs"]
mod cms_test_signer;
#[path = "support/huawei.rs"]
mod huawei;

use aliyun_sim::{err, ok, Sim};
use callboard::sim::{TEST_CMS_AK, TEST_CMS_CCID, TEST_CMS_SK};
use cms_test_signer::TestC2Signing;
use serde_json::{json, Value};

const HOUR_MS: i64 = 3_600_000;
const SLOT_MS: i64 = 300_000;
const REPORT: &str = "ListHistoricalSkillGroupReport";

/// The truth's `field` of a group summed over the intervals starting in `[from, to)`.
fn sum(group: &Value, field: &str, from: i64, to: i64) -> u64 {
    group["intervals"]
        .as_array()
        .expect("intervals")
        .iter()
        .filter(|i| (from..to).contains(&i["start_ms"].as_i64().expect("start")))
        .map(|i| i[field].as_u64().expect("count"))
        .sum()
}

async fn state(addr: &std::net::SocketAddr) -> Value {
    reqwest::get(format!("http://{addr}/_sim/state"))
        .await
        .expect("state")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn the_alibaba_report_sums_whole_hours_of_the_world() {
    let sim = Sim::start().await;
    sim.advance(3000).await;
    let truth = state(&sim.running.addr).await;
    let now = truth["clock"]["now_ms"].as_i64().expect("now");
    let epoch = truth["clock"]["epoch_ms"].as_i64().expect("epoch");
    let from = epoch.div_euclid(HOUR_MS) * HOUR_MS;
    let to = (now + HOUR_MS - 1).div_euclid(HOUR_MS) * HOUR_MS;
    // 12 minutes into the first hour and a few ms before now: aligned to whole hours.
    let start = (from + 720_000).to_string();
    let end = (now - 5).to_string();
    let r = sim
        .api(
            REPORT,
            &[
                ("PageNumber", "1"),
                ("PageSize", "100"),
                ("StartTime", &start),
                ("EndTime", &end),
            ],
        )
        .await;
    let data = ok(&r);
    let list = data["List"].as_array().expect("List");
    let groups: Vec<&Value> = truth["skill_groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter(|g| g["vendor"] == "aliyun")
        .collect();
    assert_eq!(list.len(), groups.len());
    assert_eq!(data["TotalCount"], groups.len());
    let mut handled = 0;
    for item in list {
        let g = groups
            .iter()
            .find(|g| g["id"] == item["SkillGroupId"])
            .expect("a world group");
        let inbound = &item["Inbound"];
        assert_eq!(
            inbound["CallsOffered"],
            sum(g, "offered", from, to),
            "{item}"
        );
        assert_eq!(
            inbound["CallsHandled"],
            sum(g, "answered", from, to),
            "{item}"
        );
        assert_eq!(
            inbound["CallsAbandoned"],
            sum(g, "abandoned", from, to),
            "{item}"
        );
        handled += inbound["CallsHandled"].as_u64().expect("handled");
    }
    assert!(handled > 0, "50 minutes answer calls");

    // Paging, and the documented parameter checks.
    let r = sim
        .api(REPORT, &[("PageNumber", "2"), ("PageSize", "2")])
        .await;
    assert_eq!(ok(&r)["List"].as_array().expect("List").len(), 2);
    err(
        &sim.api(REPORT, &[("PageSize", "10")]).await,
        400,
        "MissingPageNumber",
    );
    let before = (from - 1).to_string();
    let r = sim
        .api(
            REPORT,
            &[
                ("PageNumber", "1"),
                ("PageSize", "10"),
                ("StartTime", &end),
                ("EndTime", &before),
            ],
        )
        .await;
    err(&r, 400, "InvalidParameter");
}

async fn quality(gw: &huawei::Gw, skill_ids: &[u64], vdn: u64) -> (u16, Value) {
    let body = json!({"ccId": TEST_CMS_CCID, "vdn": vdn, "skillIds": skill_ids});
    let bytes = body.to_string().into_bytes();
    let path = "/rest/cmsapp/v1/openapi/skill/servicequality";
    let headers = [
        ("host", gw.sim.addr.to_string()),
        (
            "content-type",
            "application/json; charset=UTF-8".to_string(),
        ),
        ("content-length", bytes.len().to_string()),
    ];
    let auth =
        TestC2Signing::now(TEST_CMS_AK, TEST_CMS_SK).sign("POST", path, "", &headers, &bytes);
    let r = gw
        .http
        .post(format!("{}skill/servicequality", gw.sim.huawei_cms_url()))
        .header("content-type", "application/json; charset=UTF-8")
        .header("authorization", auth)
        .body(bytes)
        .send()
        .await
        .expect("cms request");
    (r.status().as_u16(), r.json().await.expect("json"))
}

#[tokio::test]
async fn cms_service_quality_is_the_interval_before_now_and_flow_controlled() {
    let gw = huawei::start(huawei::options()).await;
    gw.advance(1500).await;
    let truth = gw.state().await;
    let now = truth["clock"]["now_ms"].as_i64().expect("now");
    let vdn = truth["huawei_vdn"].as_u64().expect("vdn");
    let groups: Vec<&Value> = truth["skill_groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter(|g| g["vendor"] == "huawei")
        .collect();
    let ids: Vec<u64> = groups
        .iter()
        .map(|g| g["id"].as_str().expect("id").parse().expect("numeric"))
        .chain([1999]) // no such queue: left out
        .collect();
    let (status, body) = quality(&gw, &ids, vdn).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["resultCode"], "0100000");
    let items = body["resultDesc"].as_array().expect("resultDesc");
    assert_eq!(items.len(), groups.len());
    let slot = (now - SLOT_MS).div_euclid(SLOT_MS) * SLOT_MS;
    let mut connected = 0;
    for item in items {
        let g = groups
            .iter()
            .find(|g| g["id"] == item["skillId"].to_string().as_str())
            .expect("a world queue");
        assert_eq!(item["statStartTime"], slot);
        assert_eq!(
            item["inCallNum"],
            sum(g, "offered", slot, slot + SLOT_MS),
            "{item}"
        );
        assert_eq!(
            item["connectedNum"],
            sum(g, "answered", slot, slot + SLOT_MS),
            "{item}"
        );
        assert_eq!(
            item["callLostNum"],
            sum(g, "abandoned", slot, slot + SLOT_MS),
            "{item}"
        );
        assert!(item["in15sCallNum"].as_u64() <= item["in20sCallNum"].as_u64());
        assert!(item["in20sCallNum"].as_u64() <= item["connectedNum"].as_u64());
        connected += item["connectedNum"].as_u64().expect("connected");
    }
    assert!(connected > 0, "five busy minutes connect calls");
    // A second call within the second is refused by the flow control.
    let (status, body) = quality(&gw, &ids, vdn).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["resultCode"], "0100429");
}
