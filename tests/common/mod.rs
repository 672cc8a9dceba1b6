//! Test helpers: a uniquely named topology on the real local RabbitMQ, the real worker binary
//! started as a child process, and ways to publish and collect messages.
//!
//! Broker address: `NEWS_ENRICHER_TEST_AMQP_URL`, default `amqp://guest:guest@127.0.0.1:5672/%2f`.
//! A test that cannot reach the broker fails; `scripts/test.sh` starts one first.

#![allow(dead_code)]

pub mod rabbit;

use news_enricher::amqp::{self, Broker, Deliveries, Delivery, Properties};
use news_enricher::config::Settings;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const DEFAULT_URL: &str = "amqp://guest:guest@127.0.0.1:5672/%2f";

pub fn broker_url() -> String {
    std::env::var("NEWS_ENRICHER_TEST_AMQP_URL").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

/// One test's private corner of the broker: every exchange and queue is named after a
/// unique prefix, and all of them are deleted when the value is dropped.
pub struct TestEnv {
    pub prefix: String,
    pub env: Vec<(String, String)>,
    pub settings: Settings,
    pub http_port: u16,
}

impl TestEnv {
    /// A new environment; `overrides` are extra `NEWS_ENRICHER__*` variables.
    pub fn new(name: &str, overrides: &[(&str, &str)]) -> TestEnv {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let prefix = format!("test-{name}-{}", &id[..8]);
        let http_port = free_port();
        let mut env: Vec<(String, String)> = vec![
            ("AMQP__URL".into(), broker_url()),
            ("AMQP__CONNECTION_NAME".into(), prefix.clone()),
            ("AMQP__RECONNECT_INITIAL_MS".into(), "100".into()),
            ("AMQP__RECONNECT_MAX_MS".into(), "1000".into()),
            ("INPUT__EXCHANGE".into(), format!("{prefix}.in")),
            ("INPUT__QUEUE".into(), format!("{prefix}.raw")),
            ("OUTPUT__EXCHANGE".into(), format!("{prefix}.out")),
            ("DEAD_LETTER__EXCHANGE".into(), format!("{prefix}.dlx")),
            ("DEAD_LETTER__QUEUE".into(), format!("{prefix}.dlq")),
            ("RETRY__EXCHANGE".into(), format!("{prefix}.retry")),
            ("RETRY__DELAYS_MS".into(), "200,400".into()),
            ("HTTP__LISTEN".into(), format!("127.0.0.1:{http_port}")),
            ("LOG__FORMAT".into(), "json".into()),
            ("WORKER__SHUTDOWN_TIMEOUT_SECS".into(), "10".into()),
        ];
        for (k, v) in overrides {
            env.retain(|(key, _)| key != k);
            env.push((k.to_string(), v.to_string()));
        }
        let env: Vec<(String, String)> = env.into_iter().map(|(k, v)| (format!("NEWS_ENRICHER__{k}"), v)).collect();
        let settings = match Settings::load_from(None, env.clone()) {
            Ok(s) => s,
            Err(e) => panic!("test settings are invalid: {e}"),
        };
        TestEnv { prefix, env, settings, http_port }
    }

    /// A connection to the test broker. Panics (the test fails) when there is none.
    pub async fn broker(&self) -> Broker {
        match amqp::connect(&broker_url(), "", &format!("{}-test", self.prefix)).await {
            Ok(b) => b,
            Err(e) => panic!("RabbitMQ is required for this test and cannot be reached: {e}. Run scripts/test.sh, which starts one."),
        }
    }

    /// A connection to the broker at `url` (a private node of the fault suite).
    pub async fn broker_at(&self, url: &str) -> Broker {
        match amqp::connect(url, "", &format!("{}-test", self.prefix)).await {
            Ok(b) => b,
            Err(e) => panic!("cannot connect to {url}: {e}"),
        }
    }

    /// Declares the worker's topology (as the worker would at start).
    pub async fn declare(&self, broker: &Broker) {
        if let Err(e) = broker.declare_topology(&self.settings).await {
            panic!("cannot declare the test topology: {e}");
        }
    }

    /// Starts the real worker binary with this environment (plus `extra`).
    pub fn spawn_worker(&self, extra: &[(&str, &str)]) -> Worker {
        let log_path = std::env::temp_dir().join(format!("{}-{}.log", self.prefix, uuid::Uuid::new_v4().simple()));
        let log = std::fs::File::create(&log_path).map_err(|e| format!("{e}"));
        let log = match log {
            Ok(f) => f,
            Err(e) => panic!("cannot create worker log {}: {e}", log_path.display()),
        };
        let log_err = match log.try_clone() {
            Ok(f) => f,
            Err(e) => panic!("cannot clone log handle: {e}"),
        };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_news-enricher"));
        cmd.arg("run").env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        for (k, v) in extra {
            cmd.env(format!("NEWS_ENRICHER__{k}"), v);
        }
        let child = match cmd.stdin(Stdio::null()).stdout(log).stderr(log_err).spawn() {
            Ok(c) => c,
            Err(e) => panic!("cannot start the worker: {e}"),
        };
        Worker { child: Some(child), log_path, http_port: self.http_port }
    }

    /// Publishes each body as a JSON article with the given message ids, waiting for confirms.
    pub async fn publish_json(&self, broker: &Broker, bodies: &[String]) {
        for body in bodies {
            let id = serde_json::from_slice::<serde_json::Value>(body.as_bytes())
                .ok()
                .and_then(|v| article_id(&v))
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            self.publish(broker, body.as_bytes(), Properties::json(&id)).await;
        }
    }

    /// Publishes one message to the input exchange and waits for its confirm.
    pub async fn publish(&self, broker: &Broker, body: &[u8], props: Properties) {
        let r = broker.publish(&self.settings.input.exchange, "article", body, props, Duration::from_secs(10)).await;
        if let Err(e) = r {
            panic!("publish to the input exchange failed: {e}");
        }
    }

    /// Watches the output exchange with a private queue.
    pub async fn watch_output(&self, broker: &Broker) -> Deliveries {
        match broker.watch(&self.settings.output.exchange, "#", &format!("{}.watch", self.prefix), false).await {
            Ok(d) => d,
            Err(e) => panic!("cannot watch the output exchange: {e}"),
        }
    }

    /// Consumes the dead-letter queue.
    pub async fn consume_dead_letters(&self, broker: &Broker) -> Deliveries {
        match broker.consume(&self.settings.dead_letter.queue, 100, &format!("{}-dlq", self.prefix)).await {
            Ok(d) => d,
            Err(e) => panic!("cannot consume the dead-letter queue: {e}"),
        }
    }

    /// Waits until `/readyz` answers `want` (200 or 503), or panics after `timeout`.
    pub fn wait_ready(&self, want: u16, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if http_get(self.http_port, "/readyz").map(|(s, _)| s) == Some(want) {
                return;
            }
            if Instant::now() > deadline {
                panic!("/readyz did not answer {want} within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The value of a metric line (`name{labels}` exactly as exposed), 0 when absent.
    pub fn metric(&self, series: &str) -> f64 {
        let Some((_, body)) = http_get(self.http_port, "/metrics") else { return 0.0 };
        body.lines()
            .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    }

    fn queues(&self) -> Vec<String> {
        let mut q = vec![self.settings.input.queue.clone(), self.settings.dead_letter.queue.clone()];
        q.extend(self.settings.retry.delays_ms.iter().map(|d| self.settings.retry_queue(*d)));
        q
    }

    fn exchanges(&self) -> Vec<String> {
        let s = &self.settings;
        vec![s.input.exchange.clone(), s.output.exchange.clone(), s.dead_letter.exchange.clone(), s.retry.exchange.clone()]
    }
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        // Clean up even when the test panicked: a fresh runtime on a plain thread.
        let queues = self.queues();
        let exchanges = self.exchanges();
        let prefix = self.prefix.clone();
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(b) = amqp::connect(&broker_url(), "", &format!("{prefix}-cleanup")).await {
                    let q: Vec<&str> = queues.iter().map(String::as_str).collect();
                    let e: Vec<&str> = exchanges.iter().map(String::as_str).collect();
                    let _ = b.delete_topology(&q, &e).await;
                    b.close().await;
                }
            });
        })
        .join();
    }
}

/// The worker as a child process; killed when dropped.
pub struct Worker {
    child: Option<Child>,
    pub log_path: PathBuf,
    pub http_port: u16,
}

impl Worker {
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Sends a signal (`TERM`, `KILL`) with kill(1).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill").arg(format!("-{name}")).arg(self.pid().to_string()).status();
        assert!(matches!(status, Ok(s) if s.success()), "kill -{name} failed");
    }

    /// Whether the process is still running (it has not exited).
    pub fn is_running(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Waits for the process to exit; returns its exit code, or panics after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        let child = self.child.as_mut()?;
        loop {
            match child.try_wait() {
                Ok(Some(status)) => {
                    self.child = None;
                    return status.code();
                }
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                Ok(None) => panic!("worker did not exit within {timeout:?}; log:\n{}", self.log()),
                Err(e) => panic!("cannot wait for the worker: {e}"),
            }
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_file(&self.log_path);
    }
}

/// Collects deliveries until `want` have arrived or `timeout` passes; acks each.
pub async fn collect(deliveries: &mut Deliveries, want: usize, timeout: Duration) -> Vec<Delivery> {
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + timeout;
    while got.len() < want {
        match tokio::time::timeout_at(deadline, deliveries.next()).await {
            Ok(Some(Ok(d))) => {
                let _ = d.ack().await;
                got.push(d);
            }
            Ok(Some(Err(e))) => panic!("consuming failed: {e}"),
            Ok(None) => panic!("consumer closed"),
            Err(_) => break,
        }
    }
    got
}

/// Collects deliveries until every id of `want` was seen (ids read by `id_of`), or timeout.
/// `seen` holds what was already received (id → times seen) and is updated.
pub async fn collect_ids(
    deliveries: &mut Deliveries,
    seen: &mut HashMap<String, usize>,
    want: &std::collections::HashSet<String>,
    timeout: Duration,
    id_of: impl Fn(&Delivery) -> String,
) {
    let deadline = tokio::time::Instant::now() + timeout;
    while want.iter().any(|id| !seen.contains_key(id)) {
        match tokio::time::timeout_at(deadline, deliveries.next()).await {
            Ok(Some(Ok(d))) => {
                let _ = d.ack().await;
                *seen.entry(id_of(&d)).or_default() += 1;
            }
            Ok(Some(Err(e))) => panic!("consuming failed: {e}"),
            Ok(None) => panic!("consumer closed"),
            Err(_) => break,
        }
    }
}

/// The article id in an enriched output body.
pub fn output_id(d: &Delivery) -> String {
    serde_json::from_slice::<serde_json::Value>(&d.body).ok().and_then(|v| article_id(&v)).unwrap_or_default()
}

/// The id of a native article (`id`) or ninjs item (`uri`).
pub fn article_id(v: &serde_json::Value) -> Option<String> {
    v.get("id").or_else(|| v.get("uri")).and_then(|i| i.as_str()).map(str::to_string)
}

/// `n` distinct native articles built from the bundled examples.
pub fn articles(n: usize, tag: &str) -> Vec<String> {
    distinct_articles(include_str!("../../examples/articles.jsonl"), n, tag)
}

/// `n` distinct articles cycled from the JSON lines of `source`, with ids `<tag>-<i>` (in `id`,
/// or `uri` for ninjs items). Shared with the worker benchmark.
pub fn distinct_articles(source: &str, n: usize, tag: &str) -> Vec<String> {
    let examples: Vec<serde_json::Value> = source.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    if examples.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let mut a = examples[i % examples.len()].clone();
            if let Some(obj) = a.as_object_mut() {
                let key = if obj.contains_key("uri") { "uri" } else { "id" };
                obj.insert(key.into(), serde_json::Value::String(format!("{tag}-{i}")));
            }
            a.to_string()
        })
        .collect()
}

/// The compiled JSON Schema of the enriched document.
pub fn schema() -> jsonschema::Validator {
    let text = include_str!("../../schema/enriched-article.schema.json");
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("schema is not JSON: {e}"),
    };
    match jsonschema::validator_for(&value) {
        Ok(v) => v,
        Err(e) => panic!("schema does not compile: {e}"),
    }
}

/// Asserts that `doc` satisfies the schema and that its offsets are valid code-point offsets.
pub fn assert_valid_document(validator: &jsonschema::Validator, doc: &serde_json::Value) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "output violates the schema: {errors:?}\n{doc}");
    let text = doc["text"].as_str().unwrap_or_default();
    let len = text.chars().count() as u64;
    for p in doc["paragraphs"].as_array().into_iter().flatten() {
        let (s, e) = (p["start"].as_u64().unwrap_or(u64::MAX), p["end"].as_u64().unwrap_or(u64::MAX));
        assert!(s < e && e <= len, "paragraph offsets {s}..{e} outside text of {len} code points");
    }
}

/// A free local TCP port (bound, then released).
pub fn free_port() -> u16 {
    match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(e) => panic!("no free port: {e}"),
    }
}

/// A minimal HTTP/1.0 GET: (status, body), or None when nothing answers.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Some((status, body))
}

/// Closes the worker's broker connection from the broker side (`rabbitmqctl close_connection`),
/// found by its connection name. Returns how many connections were closed.
pub fn close_connections_named(prefix: &str) -> usize {
    let out = Command::new("rabbitmqctl").args(["-q", "list_connections", "pid", "client_properties"]).output();
    let out = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).to_string(),
        Ok(o) => panic!("rabbitmqctl list_connections failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("rabbitmqctl is needed to close connections from the broker side: {e}"),
    };
    let mut closed = 0;
    for line in out.lines() {
        let mut cols = line.splitn(2, '\t');
        let (Some(pid), Some(props)) = (cols.next(), cols.next()) else { continue };
        // The worker names its connection "<prefix> (<host>, pid N)"; the test's own are "<prefix>-…".
        if props.contains(&format!("\"{prefix} (")) {
            let ok = Command::new("rabbitmqctl")
                .args(["-q", "close_connection", pid, "test closes the connection"])
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                closed += 1;
            }
        }
    }
    closed
}
