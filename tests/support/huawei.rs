//! Test helpers for the Huawei CC-Gateway simulator: a tiny client written from the reference
//! documents (raw JSON, Guid and cluster cookie handling, event polling) plus ground-truth access.
#![allow(dead_code)]

use callboard::sim::{self, HuaweiOptions, RunningSim, SimConfig};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

pub const AGENT_PW: &str = sim::TEST_AGENT_PASSWORD;
pub const INSPECTOR_PW: &str = sim::TEST_INSPECTOR_PASSWORD;
pub const COOKIE: &str = "AGW_NODE=agw0";

pub fn options() -> HuaweiOptions {
    HuaweiOptions {
        poll_hold: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(30),
        guid_interval: Duration::from_secs(60),
        guid_timeout: Duration::from_secs(120),
        ..HuaweiOptions::default()
    }
}

pub struct Gw {
    pub sim: RunningSim,
    pub http: reqwest::Client,
}

/// A session as a client keeps it: work number and the latest Guid.
pub struct Sess {
    pub id: String,
    pub guid: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub guid: Option<String>,
    pub cookie: Option<String>,
    pub body: Value,
}

impl Answer {
    pub fn retcode(&self) -> &str {
        self.body["retcode"].as_str().unwrap_or("<none>")
    }
}

pub async fn start(huawei: HuaweiOptions) -> Gw {
    let sim = sim::start(SimConfig {
        seed: 7,
        agents: 100,
        speed: 0.0,
        huawei,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    Gw {
        sim,
        http: reqwest::Client::new(),
    }
}

impl Gw {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sim.huawei_url(), path)
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        guid: Option<&str>,
        cookie: bool,
        body: Option<Vec<u8>>,
    ) -> Answer {
        let mut rb = self
            .http
            .request(method, self.url(path))
            .header("Content-Type", "application/json; charset=UTF-8");
        if let Some(g) = guid {
            rb = rb.header("Guid", g);
        }
        if cookie {
            rb = rb.header("Cookie", COOKIE);
        }
        if let Some(b) = body {
            rb = rb.body(b);
        }
        let resp = rb.send().await.expect("request sent");
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let guid = header("set-guid").map(|v| v.trim_start_matches("JSESSIONID=").to_string());
        let cookie = header("set-cookie");
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            guid,
            cookie,
            body,
        }
    }

    /// Signs in through `onlineagent/{id}{suffix}` and returns the session.
    pub async fn login(&self, id: &str, suffix: &str, body: Value) -> (Answer, Option<Sess>) {
        let path = format!("onlineagent/{id}{suffix}");
        let a = self
            .raw(
                Method::PUT,
                &path,
                None,
                false,
                Some(body.to_string().into_bytes()),
            )
            .await;
        let sess = (a.retcode() == "0").then(|| Sess {
            id: id.to_string(),
            guid: a.guid.clone().expect("Set-GUID on sign-in"),
        });
        (a, sess)
    }

    pub async fn login_agent(&self, id: &str, force: bool) -> Sess {
        let truth = self.agent(id).await;
        let body = json!({"password": AGENT_PW, "phonenum": truth["device_id"], "status": 4});
        let (a, s) = self
            .login(id, if force { "/forcelogin" } else { "" }, body)
            .await;
        s.unwrap_or_else(|| panic!("sign-in of {id} failed: {}", a.body))
    }

    pub async fn login_inspector(&self) -> Sess {
        let (a, s) = self
            .login("900", "/loginex", json!({"password": INSPECTOR_PW}))
            .await;
        s.unwrap_or_else(|| panic!("inspector sign-in failed: {}", a.body))
    }

    /// A call with the session's Guid and the cluster cookie; takes up a rotated Guid.
    pub async fn call(
        &self,
        s: &mut Sess,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Answer {
        let body = body.map(|b| b.to_string().into_bytes());
        let a = self.raw(method, path, Some(&s.guid), true, body).await;
        if let Some(g) = &a.guid {
            s.guid = g.clone();
        }
        a
    }

    pub async fn op(&self, s: &mut Sess, method: Method, op: &str) -> Answer {
        let path = format!("onlineagent/{}/{op}", s.id);
        self.call(s, method, &path, None).await
    }

    pub async fn poll(&self, s: &mut Sess) -> Answer {
        let path = format!("agentevent/{}", s.id);
        self.call(s, Method::GET, &path, None).await
    }

    /// Polls until an event of `kind` arrives (skipping others); panics after `limit` polls.
    pub async fn expect_event(&self, s: &mut Sess, kind: &str) -> Value {
        let mut seen = Vec::new();
        for _ in 0..30 {
            let a = self.poll(s).await;
            assert_eq!(a.retcode(), "0", "poll failed: {}", a.body);
            let ev = a.body["event"].clone();
            if ev["eventType"] == kind {
                return ev;
            }
            seen.push(ev["eventType"].clone());
        }
        panic!("no {kind} event for {}; saw {seen:?}", s.id);
    }

    /// Polls until the queue is empty (a null event).
    pub async fn drain(&self, s: &mut Sess) {
        for _ in 0..50 {
            let a = self.poll(s).await;
            if a.body["event"].is_null() {
                return;
            }
        }
        panic!("events never drained");
    }

    pub async fn state(&self) -> Value {
        let url = format!("http://{}/_sim/state", self.sim.addr);
        self.http
            .get(url)
            .send()
            .await
            .expect("state")
            .json()
            .await
            .expect("json")
    }

    pub async fn agent(&self, id: &str) -> Value {
        let st = self.state().await;
        st["agents"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .find(|a| a["vendor"] == "huawei" && a["id"] == id)
                    .cloned()
            })
            .unwrap_or(Value::Null)
    }

    /// A Huawei agent matching `f` (not stuck), by work number.
    pub async fn pick(&self, f: impl Fn(&Value) -> bool) -> String {
        self.pick_n(1, f).await.remove(0)
    }

    pub async fn pick_n(&self, n: usize, f: impl Fn(&Value) -> bool) -> Vec<String> {
        let st = self.state().await;
        let list: Vec<String> = st["agents"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|a| a["vendor"] == "huawei" && a["stuck"] == false && f(a))
                    .filter_map(|a| a["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert!(list.len() >= n, "not enough matching agents: {list:?}");
        list.into_iter().take(n).collect()
    }

    pub async fn advance(&self, seconds: u64) {
        let url = format!("http://{}/_sim/advance?seconds={seconds}", self.sim.addr);
        let r = self.http.post(url).send().await.expect("advance");
        assert!(r.status().is_success());
    }

    pub async fn faults(&self, spec: &str) {
        let url = format!("http://{}/_sim/faults", self.sim.addr);
        let r = self
            .http
            .put(url)
            .body(spec.to_string())
            .send()
            .await
            .expect("faults");
        assert!(r.status().is_success());
    }
}

pub fn state_of(a: &Value) -> &str {
    a["state"].as_str().unwrap_or("")
}

pub fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

/// Sends a request head and half its body on a raw socket, leaving the request in flight.
pub async fn half_request(
    gw: &Gw,
    method: &str,
    path: &str,
    guid: Option<&str>,
) -> tokio::net::TcpStream {
    let mut sock = tokio::net::TcpStream::connect(gw.sim.addr)
        .await
        .expect("connect");
    let mut head = format!(
        "{method} /agentgateway/resource/{path} HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nCookie: {COOKIE}\r\nContent-Length: 200\r\n"
    );
    if let Some(g) = guid {
        head.push_str(&format!("Guid: {g}\r\n"));
    }
    head.push_str("\r\n{\"password\":");
    sock.write_all(head.as_bytes()).await.expect("write");
    sock
}

/// Repeats `probe` until it answers `code` (the in-flight request has reached the handler).
pub async fn until_code<F, Fut>(code: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Answer>,
{
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let a = probe().await;
        if a.retcode() == code {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "never got {code}; last {}",
            a.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
