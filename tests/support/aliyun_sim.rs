//! Test harness for the simulator's Alibaba Cloud CCC API: starts a frozen simulator (speed 0),
//! sends calls signed with the test-only signer, reads `/_sim/state` and checks envelopes.
#![allow(dead_code)]

use crate::aliyun_sign::{self, nonce, sign_v2, sign_v3, timestamp, Signed, V2, V3};
use callboard::sim::{start, RunningSim, SimConfig, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET};
use serde_json::Value;
use std::collections::BTreeSet;

pub const V2020: &str = "2020-07-01";
pub const V2017: &str = "2017-07-05";
pub const INSTANCE: &str = "ccc-sim";

pub struct Sim {
    pub running: RunningSim,
    pub http: reqwest::Client,
}

pub type Reply = (u16, Value);

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub fn form_body(list: &[(&str, &str)]) -> Vec<u8> {
    aliyun_sign::canonical(&pairs(list)).into_bytes()
}

impl Sim {
    pub async fn start() -> Sim {
        let running = start(SimConfig {
            speed: 0.0,
            ..Default::default()
        })
        .await
        .expect("sim starts");
        Sim {
            running,
            http: reqwest::Client::new(),
        }
    }

    pub fn host(&self) -> String {
        self.running.addr.to_string()
    }

    pub async fn send(&self, s: Signed) -> (u16, Value, reqwest::header::HeaderMap) {
        let mut req = self
            .http
            .post(format!("http://{}/?{}", self.host(), s.query))
            .body(s.body);
        for (k, v) in &s.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body, headers)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn v3(
        &self,
        ak: &str,
        secret: &str,
        action: &str,
        version: &str,
        query: &[(&str, &str)],
        body: Vec<u8>,
        date: String,
        nonce: String,
    ) -> Signed {
        let host = self.host();
        let query = pairs(query);
        sign_v3(&V3 {
            ak,
            secret,
            host: &host,
            action,
            version,
            query: &query,
            form: !body.is_empty(),
            body: &body,
            date,
            nonce,
        })
    }

    /// A V3-signed 2020-07-01 call with `InstanceId` added, params in the query.
    pub async fn api(&self, action: &str, query: &[(&str, &str)]) -> Reply {
        self.api_form(action, query, &[]).await
    }

    /// A V3-signed 2020-07-01 call with query params (plus `InstanceId`) and form-body params.
    pub async fn api_form(
        &self,
        action: &str,
        query: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> Reply {
        let mut q = vec![("InstanceId", INSTANCE)];
        q.extend_from_slice(query);
        self.raw(action, V2020, &q, form_body(form)).await
    }

    pub async fn raw(
        &self,
        action: &str,
        version: &str,
        query: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        let s = self.v3(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
            action,
            version,
            query,
            body,
            timestamp(chrono::Utc::now()),
            nonce(),
        );
        let (status, body, headers) = self.send(s).await;
        assert!(
            headers.contains_key("x-acs-request-id"),
            "x-acs-request-id header"
        );
        (status, body)
    }

    pub async fn v2(
        &self,
        secret: &str,
        action: &str,
        version: &str,
        query: &[(&str, &str)],
    ) -> Reply {
        let query = pairs(query);
        let s = sign_v2(&V2 {
            ak: TEST_ACCESS_KEY_ID,
            secret,
            action,
            version,
            query: &query,
            form: &[],
            timestamp: timestamp(chrono::Utc::now()),
            nonce: nonce(),
        });
        let (status, body, _) = self.send(s).await;
        (status, body)
    }

    pub async fn truth(&self) -> Vec<Value> {
        let v: Value = self
            .http
            .get(format!("http://{}/_sim/state", self.host()))
            .send()
            .await
            .expect("state")
            .json()
            .await
            .expect("json");
        v["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .filter(|a| a["vendor"] == "aliyun")
            .cloned()
            .collect()
    }

    pub async fn agent(&self, id: &str) -> Value {
        self.truth()
            .await
            .into_iter()
            .find(|a| a["id"] == id)
            .expect("agent in truth")
    }

    pub async fn advance(&self, seconds: u64) {
        let r = self
            .http
            .post(format!(
                "http://{}/_sim/advance?seconds={seconds}",
                self.host()
            ))
            .send()
            .await
            .expect("advance");
        assert!(r.status().is_success());
    }
}

pub fn ok(r: &Reply) -> &Value {
    assert_eq!(r.0, 200, "expected success, got {}", r.1);
    assert_eq!(r.1["Code"], "OK");
    assert_eq!(r.1["HttpStatusCode"], 200);
    assert!(r.1["RequestId"].as_str().is_some_and(|s| s.len() >= 32));
    &r.1["Data"]
}

pub fn err(r: &Reply, status: u16, code: &str) -> String {
    assert_eq!((r.0, r.1["Code"].as_str()), (status, Some(code)), "{}", r.1);
    if let Some(echo) = r.1.get("HttpStatusCode") {
        assert_eq!(echo.as_u64(), Some(u64::from(status)), "{}", r.1);
    }
    assert!(r.1["RequestId"].is_string() && r.1["HostId"].is_string());
    r.1["Message"].as_str().unwrap_or_default().to_string()
}

pub fn first_in(truth: &[Value], state: &str) -> String {
    truth
        .iter()
        .find(|a| a["state"] == state && a["stuck"] == false)
        .and_then(|a| a["id"].as_str())
        .unwrap_or_else(|| panic!("no {state} agent"))
        .to_string()
}

pub fn signed_groups(a: &Value) -> BTreeSet<String> {
    a["skill_groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["signed"] == true)
        .filter_map(|g| g["id"].as_str().map(str::to_string))
        .collect()
}

pub fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}
