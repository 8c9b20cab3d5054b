//! A hostile HTTP peer on loopback for the client hardening tests: a raw HTTP/1.1 server (plain or
//! TLS with the test certificates in `tests/support/tls/`) that answers each request with a scripted
//! [`Reply`]: redirects, endless chunked bodies, huge `Content-Length`, a byte a second, HTML, any
//! status and headers. It records every request it got and how many body bytes it sent, so a test
//! can prove that a second host received nothing and that the client stopped reading at its cap.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// One request as the peer received it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A query or form parameter (`Action=ListUsers`), from the target's query or the body.
    pub fn param(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        let body = String::from_utf8_lossy(&self.body).into_owned();
        let found = [query, body.as_str()].into_iter().find_map(|text| {
            form_urlencoded::parse(text.as_bytes())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        });
        found
    }
}

/// How the peer answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A whole answer with `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// `200` with a chunked body that never ends (64 KiB chunks as fast as the client reads).
    Endless,
    /// `200` claiming `Content-Length: len`, then sending zeros for as long as the client reads.
    HugeLength(u64),
    /// `200` with a `Content-Length` body sent one byte every `every`.
    SlowBody { every: Duration },
    /// The status line and headers one byte every `every` (the headers never finish in time).
    SlowHead { every: Duration },
    /// Another reply, after a pause (a long-poll held by the server).
    Delayed(Duration, Box<Reply>),
}

impl Reply {
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    pub fn html(status: u16) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
                .to_vec(),
        }
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Location".into(), location.to_string())],
            body: Vec::new(),
        }
    }

    /// Adds a header to a [`Reply::Full`].
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }
}

type Script = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A running peer; stops when dropped.
pub struct Peer {
    pub addr: SocketAddr,
    tls: bool,
    requests: Arc<Mutex<Vec<Request>>>,
    sent: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A file of the test PKI (`ca.pem`, `server.pem`, …).
pub fn tls_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support/tls")
        .join(name)
}

/// Which certificate a TLS peer presents.
#[derive(Debug, Clone, Copy)]
pub enum Cert {
    /// `server.pem`, issued by the test CA for 127.0.0.1 and localhost.
    IssuedByTestCa,
    /// The test CA's own certificate (`CaUsedAsEndEntity` for a client).
    TheCaItself,
}

fn acceptor(cert: Cert) -> tokio_rustls::TlsAcceptor {
    let (cert_file, key_file) = match cert {
        Cert::IssuedByTestCa => ("server.pem", "server-key.pem"),
        Cert::TheCaItself => ("ca.pem", "ca-key.pem"),
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(tls_file(cert_file))
        .expect("cert file")
        .map(|c| c.expect("cert"))
        .collect();
    let key = PrivateKeyDer::from_pem_file(tls_file(key_file)).expect("key file");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

impl Peer {
    /// A plain-HTTP peer answering every request with `script`.
    pub async fn start(script: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Peer {
        Peer::spawn(None, Arc::new(script)).await
    }

    /// An HTTPS peer presenting `cert`.
    pub async fn start_tls(
        cert: Cert,
        script: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Peer {
        Peer::spawn(Some(acceptor(cert)), Arc::new(script)).await
    }

    async fn spawn(tls: Option<tokio_rustls::TlsAcceptor>, script: Script) -> Peer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let sent = Arc::new(AtomicU64::new(0));
        let is_tls = tls.is_some();
        let (reqs, sent_bytes) = (requests.clone(), sent.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (script, reqs, sent) = (script.clone(), reqs.clone(), sent_bytes.clone());
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, script, reqs, sent).await;
                            }
                        }
                        None => serve(stream, script, reqs, sent).await,
                    }
                });
            }
        });
        Peer {
            addr,
            tls: is_tls,
            requests,
            sent,
            task,
        }
    }

    /// `http://127.0.0.1:PORT/` (or `https://`).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}/", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("requests").clone()
    }

    /// Body bytes written to clients so far.
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the client went away.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Request> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut byte).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&byte[..n]);
    }
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        502 => "Bad Gateway",
        _ => "Whatever",
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    script: Script,
    requests: Arc<Mutex<Vec<Request>>>,
    sent: Arc<AtomicU64>,
) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    let mut reply = script(&req);
    requests.lock().expect("requests").push(req);
    while let Reply::Delayed(pause, next) = reply {
        tokio::time::sleep(pause).await;
        reply = *next;
    }
    let count = |n: usize| {
        sent.fetch_add(n as u64, Ordering::Relaxed);
    };
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            if stream.write_all(head.as_bytes()).await.is_ok()
                && stream.write_all(&body).await.is_ok()
            {
                count(body.len());
            }
        }
        Reply::Endless => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err()
                || stream.write_all(b"7\r\n{\"Data\"\r\n").await.is_err()
            {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            while stream.write_all(&frame).await.is_ok() {
                count(chunk.len());
            }
        }
        Reply::HugeLength(len) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            while stream.write_all(&chunk).await.is_ok() {
                count(chunk.len());
            }
        }
        Reply::SlowBody { every } => {
            let body = br#"{"RequestId":"slow","retcode":"0","Data":{}}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for b in body {
                if stream.write_all(&[*b]).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
                count(1);
                tokio::time::sleep(every).await;
            }
        }
        Reply::Delayed(..) => {}
        Reply::SlowHead { every } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: ";
            for b in head.bytes().chain(std::iter::repeat(b'a')) {
                if stream.write_all(&[b]).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// The error of a call that must fail.
pub fn fails<T, E>(r: Result<T, E>, what: &str) -> E {
    match r {
        Ok(_) => panic!("{what}: expected an error, got an answer"),
        Err(e) => e,
    }
}

/// The failing call returned promptly, and the client stopped reading soon after `cap` bytes.
pub fn assert_stopped_near_the_cap(peer: &Peer, started: std::time::Instant, cap: usize) {
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let sent = peer.bytes_sent() as usize;
    assert!(
        sent < cap + 16 * 1024 * 1024,
        "the client read on: the peer sent {sent} bytes"
    );
}
