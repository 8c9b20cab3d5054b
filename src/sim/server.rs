//! The simulator's HTTP server: accept loop, fault injection, routing to the vendor layers and the
//! `/_sim` control endpoints, plus the world clock and the Huawei session sweeper.

use super::faults::{Api, FaultSpec, Plan};
use super::{aliyun, huawei, Shared};
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use axum::{Json, Router};
use hyper_util::rt::TokioIo;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Largest request body the simulator reads; larger bodies get 413.
pub const MAX_BODY: usize = 1 << 20;

/// The error that makes hyper close a connection without answering (the `drop` fault).
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
pub struct Dropped;

/// The routes: Huawei under `/agentgateway/resource/`, CC-CMS under `/rest/cmsapp/`, the `/_sim`
/// endpoints, Alibaba RPC elsewhere.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/_sim/state", get(state))
        .route(
            "/_sim/faults",
            get(get_faults).put(set_faults).post(set_faults),
        )
        .route("/_sim/advance", post(advance))
        .route("/_sim/sts", get(sts_state))
        .route("/_sim/sts/issue", post(sts_issue))
        .route("/_sim/requests", get(requests))
        .route("/agentgateway/resource/{*rest}", any(huawei_route))
        .route("/rest/cmsapp/{*rest}", any(cms_route))
        .fallback(aliyun_route)
        .with_state(shared)
}

async fn huawei_route(State(shared): State<Shared>, req: Request) -> Response<Body> {
    huawei::handle(shared, req).await
}

async fn cms_route(State(shared): State<Shared>, req: Request) -> Response<Body> {
    huawei::cms::handle(shared, req).await
}

async fn aliyun_route(State(shared): State<Shared>, req: Request) -> Response<Body> {
    aliyun::handle(shared, req).await
}

async fn state(State(shared): State<Shared>) -> Response<Body> {
    let truth = shared.lock().world.truth();
    Json(truth).into_response()
}

/// The vendor requests seen so far, per API: `{"aliyun": n, "huawei": n, "cms": n}`.
async fn requests(State(shared): State<Shared>) -> Response<Body> {
    let counts = shared.lock().requests;
    Json(counts).into_response()
}

#[derive(serde::Serialize)]
struct FaultsView {
    spec: String,
    #[serde(flatten)]
    rates: FaultSpec,
}

async fn get_faults(State(shared): State<Shared>) -> Response<Body> {
    let spec = shared.lock().faults.spec.clone();
    Json(FaultsView {
        spec: spec.to_string(),
        rates: spec,
    })
    .into_response()
}

/// Accepts a spec string (`throttle=0.5,drop=0.1`, `off`) or JSON `{"spec": "..."}`.
async fn set_faults(State(shared): State<Shared>, body: String) -> Response<Body> {
    let text = match serde_json::from_str::<serde_json::Value>(&body) {
        Ok(v) => v
            .get("spec")
            .and_then(|s| s.as_str())
            .map(str::to_string)
            .unwrap_or_default(),
        Err(_) => body,
    };
    match FaultSpec::parse(&text) {
        Ok(spec) => {
            tracing::info!(faults = %spec, "faults changed");
            shared.lock().faults.spec = spec.clone();
            Json(FaultsView {
                spec: spec.to_string(),
                rates: spec,
            })
            .into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct AdvanceQuery {
    #[serde(default)]
    seconds: u64,
}

/// Advances simulated time by whole seconds (for tests at `--speed 0`).
async fn advance(State(shared): State<Shared>, Query(q): Query<AdvanceQuery>) -> Response<Body> {
    if q.seconds > 86_400 {
        return (StatusCode::BAD_REQUEST, "seconds must be at most 86400").into_response();
    }
    let mut core = shared.lock();
    core.world.advance_secs(q.seconds);
    core.flush();
    Json(core.world.truth().clock).into_response()
}

/// STS counters (tokens accepted and refused by kind, AssumeRole and metadata issues) and settings.
async fn sts_state(State(shared): State<Shared>) -> Response<Body> {
    let core = shared.lock();
    let sts = &core.aliyun.sts;
    Json(serde_json::json!({
        "require_token": sts.require_token,
        "lifetime_secs": sts.lifetime.map(|d| d.as_secs()),
        "counters": sts.counters,
    }))
    .into_response()
}

/// Issues temporary credentials valid for `seconds` (0: already expired), as STS would, for
/// tests and for trying a StsToken profile by hand.
async fn sts_issue(State(shared): State<Shared>, Query(q): Query<AdvanceQuery>) -> Response<Body> {
    if q.seconds > 86_400 {
        return (StatusCode::BAD_REQUEST, "seconds must be at most 86400").into_response();
    }
    let issued = shared
        .lock()
        .aliyun
        .sts
        .issue(Duration::from_secs(q.seconds), chrono::Utc::now());
    Json(issued).into_response()
}

/// Applies a fault plan around one request, then routes it.
async fn serve_one(
    shared: Shared,
    router: Router,
    req: Request,
) -> Result<Response<Body>, Dropped> {
    let path = req.uri().path().to_string();
    let api = if path.starts_with("/_sim/") {
        None
    } else if path.starts_with("/agentgateway/") {
        Some(Api::Huawei)
    } else if path.starts_with("/rest/cmsapp/") {
        Some(Api::HuaweiCms)
    } else {
        Some(Api::Aliyun)
    };
    let plan = match api {
        Some(api) => {
            let mut core = shared.lock();
            match api {
                Api::Aliyun => core.requests.aliyun += 1,
                Api::Huawei => core.requests.huawei += 1,
                Api::HuaweiCms => core.requests.cms += 1,
            }
            core.faults.plan(api)
        }
        None => Plan::default(),
    };
    if plan.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(plan.delay_ms)).await;
    }
    if plan.drop {
        return Err(Dropped);
    }
    if plan.server_error {
        return Ok(match api {
            Some(Api::Huawei) => huawei::unavailable(),
            Some(Api::HuaweiCms) => huawei::cms::unavailable(),
            _ => aliyun::gateway_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            ),
        });
    }
    if plan.throttle {
        return Ok(aliyun::throttled());
    }
    if plan.expire_guid {
        shared.lock().huawei.expire_guid_for_path(&path);
    }
    let response = match router.oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    if plan.malformed {
        return Ok(malform(response).await);
    }
    Ok(response)
}

/// Cuts a JSON body short and appends garbage, keeping status and headers.
async fn malform(response: Response<Body>) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY * 16)
        .await
        .unwrap_or_default();
    let mut cut = bytes[..bytes.len() / 2].to_vec();
    cut.extend_from_slice(b"\x00{\"");
    parts.headers.remove(http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

/// Serves until `stopped` fires, then wakes held long-polls and drains connections (at most 3 s).
pub async fn run(
    listener: TcpListener,
    shared: Shared,
    stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let clock = tokio::spawn(run_clock(shared.clone()));
    let sweeper = tokio::spawn(run_sweeper(shared.clone()));
    let app = router(shared.clone());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _peer) = match accepted {
                    Ok(c) => c,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a moment rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let app = app.clone();
                let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    serve_one(shared.clone(), app.clone(), req.map(Body::new))
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            _ = &mut stopped => break,
        }
    }
    drop(listener);
    clock.abort();
    sweeper.abort();
    shared.lock().huawei.shutdown();
    let _ = tokio::time::timeout(Duration::from_secs(3), graceful.shutdown()).await;
}

/// Advances the world at `speed` simulated seconds per real second (nothing at speed 0).
async fn run_clock(shared: Shared) {
    let speed = shared.lock().speed;
    if speed <= 0.0 {
        return;
    }
    let period = Duration::from_millis((1000.0 / speed).clamp(20.0, 1000.0) as u64);
    let mut interval = tokio::time::interval(period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let start = Instant::now();
    let mut done: u64 = 0;
    loop {
        interval.tick().await;
        let due = (start.elapsed().as_secs_f64() * speed) as u64;
        if due > done {
            let mut core = shared.lock();
            for _ in 0..(due - done).min(3600) {
                core.world.tick();
            }
            core.flush();
            done = due;
        }
    }
}

/// Huawei protocol housekeeping in wall-clock time: idle sign-out and Guid rotation.
async fn run_sweeper(shared: Shared) {
    let mut interval = tokio::time::interval(Duration::from_millis(250));
    loop {
        interval.tick().await;
        let mut core = shared.lock();
        let core = &mut *core;
        core.huawei.sweep(&mut core.world, Instant::now());
        core.flush();
    }
}
