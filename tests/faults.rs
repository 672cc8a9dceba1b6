//! The fault-injection suite: numbered articles go through several real worker processes
//! while the suite kills workers (SIGKILL), restarts them (SIGTERM, a rolling restart), closes
//! their connections from the broker side and stops and restarts broker nodes; then it counts
//! every message. Also: a three-node cluster losing the node that leads the input quorum
//! queue, a corpus of hostile inputs, a per-message processing timeout, and amqps with
//! certificate verification and a password read from a file.
//!
//! The brokers are private RabbitMQ nodes started by the suite (`common::rabbit`), so stopping
//! them disturbs nothing else. Each scenario reports sent / delivered / distinct / duplicated /
//! lost / left unacked / parked, and fails when anything is lost, left or parked. The figures
//! go to stderr and to `target/tmp/fault-report-*.md` (`scripts/test.sh` prints them).
//!
//! Short form (CI): `cargo test --test faults` (a few minutes). Long form (soak):
//! `NEWS_ENRICHER_FAULTS_ARTICLES=50000 NEWS_ENRICHER_FAULTS_ROUNDS=10 cargo test --release --test faults -- --nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The suite's tests hold a std mutex across awaits on purpose: it only makes them run one
// at a time, each on its own runtime, so no await can deadlock on it.
#![allow(clippy::await_holding_lock)]

mod common;

use common::rabbit::{Cluster, make_tls_files};
use common::{TestEnv, Worker, articles, free_port, http_get, output_id};
use news_enricher::amqp::{self, Broker, Properties};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The scenarios share two cores with their brokers: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Articles per scenario (`NEWS_ENRICHER_FAULTS_ARTICLES`, default 3,000).
fn articles_per_scenario() -> usize {
    env_usize("NEWS_ENRICHER_FAULTS_ARTICLES", 3000)
}

/// Only these single-node scenarios run when `NEWS_ENRICHER_FAULTS_ONLY` (comma-separated
/// names) is set, for reproducing one.
///
/// How many times each scenario's faults are repeated (`NEWS_ENRICHER_FAULTS_ROUNDS`, default 1).
fn rounds() -> usize {
    env_usize("NEWS_ENRICHER_FAULTS_ROUNDS", 1).max(1)
}

fn report(file: &str, text: &str) {
    eprintln!("{text}");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fault-report-{file}.md"));
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot write {}: {e}", path.display());
    }
}

const SECS: fn(u64) -> Duration = Duration::from_secs;

#[derive(Clone, Copy, Debug)]
enum Fault {
    /// SIGKILL a worker, start a replacement.
    KillWorker,
    /// SIGTERM a worker (it must drain and exit 0), start a replacement.
    TermWorker,
    /// Close every client connection from the broker side.
    CloseConnections,
    /// Stop the (single) broker node and start it again.
    RestartNode,
    /// Stop the node leading the input queue (left down until `RestartStopped`).
    StopLeader,
    /// Start the node `StopLeader` stopped.
    RestartStopped,
}

/// What one scenario saw.
struct Tally {
    name: String,
    sent: usize,
    delivered: usize,
    distinct: usize,
    duplicates: usize,
    lost: usize,
    left: u64,
    parked: u64,
    faults: Vec<String>,
    /// Publishes the producer repeated because no confirm came (the broker was away).
    republished: usize,
    exit_codes: Vec<Option<i32>>,
    seconds: f64,
}

impl Tally {
    fn line(&self) -> String {
        format!(
            "| {} | {} ({} republished) | {} | {} | {} | {} | {} | {} | {:.1} | {} |",
            self.name,
            self.sent,
            self.republished,
            self.delivered,
            self.distinct,
            self.duplicates,
            self.lost,
            self.left,
            self.parked,
            self.seconds,
            self.faults.join("; ")
        )
    }
}

const TABLE_HEAD: &str = "| scenario | sent (republished) | delivered | distinct | duplicated | lost | left unacked | parked | s | faults injected |\n|---|---|---|---|---|---|---|---|---|---|";

/// The worker processes of a scenario.
struct Pool<'a> {
    env: &'a TestEnv,
    cluster: &'a Cluster,
    workers: Vec<Worker>,
    started: usize,
    exit_codes: Vec<Option<i32>>,
}

impl Pool<'_> {
    fn spawn(&mut self) {
        // Each worker lists every node, starting with a different one, so they spread.
        let urls = self.cluster.urls_from(self.started % self.cluster.nodes.len());
        let listen = format!("127.0.0.1:{}", free_port());
        let w = self.env.spawn_worker(&[("AMQP__URL", &urls), ("HTTP__LISTEN", &listen)]);
        self.started += 1;
        self.workers.push(w);
    }

    fn oldest(&mut self) -> Worker {
        self.workers.remove(0)
    }
}

/// Runs numbered articles through `workers` worker processes on `cluster`, firing `faults` at
/// evenly spaced points of progress, and counts what came out.
async fn scenario(cluster: &Cluster, name: &str, workers: usize, faults: &[Fault]) -> Tally {
    let started = Instant::now();
    let total = articles_per_scenario();
    let env = TestEnv::new(
        name,
        &[("AMQP__URL", &cluster.urls_from(0)), ("AMQP__RECONNECT_MAX_MS", "2000"), ("WORKER__SHUTDOWN_TIMEOUT_SECS", "15")],
    );
    let tap = format!("{}.tap", env.prefix);
    let broker = env.broker_at(&cluster.url(0)).await;
    env.declare(&broker).await;
    if let Err(e) = broker.declare_tap(&env.settings.output.exchange, "#", &tap).await {
        panic!("cannot declare the output tap: {e}");
    }
    broker.close().await;

    let mut pool = Pool { env: &env, cluster, workers: Vec::new(), started: 0, exit_codes: Vec::new() };
    for _ in 0..workers {
        pool.spawn();
    }
    // The articles arrive at a steady rate while the faults happen, as from a wire feed.
    let urls: Vec<String> = (0..cluster.nodes.len()).map(|i| cluster.url(i)).collect();
    let producer = tokio::spawn(produce(urls, env.settings.input.exchange.clone(), articles(total, name), publish_rate()));
    let schedule: Vec<Fault> = (0..rounds()).flat_map(|_| faults.iter().copied()).collect();
    let mut fired = Vec::new();
    let mut live = 0usize; // a node known to be up, to ask questions of
    let mut stopped: Option<usize> = None;
    let mut progress = Progress::new(&tap);
    for (k, fault) in schedule.iter().enumerate() {
        // Fault k fires when (k+1)/(n+1) of the articles are out (duplicates count too,
        // which only makes it fire a little early).
        let at = total * (k + 1) / (schedule.len() + 1);
        let deadline = Instant::now() + SECS(180);
        let mut out = 0;
        while out < at {
            assert!(Instant::now() < deadline, "{name}: stuck at {out} of {at} outputs before fault {fault:?}");
            out = progress.count(cluster, live).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let what = match fault {
            Fault::KillWorker => {
                let w = pool.oldest();
                w.signal("KILL");
                pool.spawn();
                drop(w);
                format!("SIGKILL worker at {out}")
            }
            Fault::TermWorker => {
                let mut w = pool.oldest();
                w.signal("TERM");
                pool.spawn();
                let code = w.wait_exit(SECS(60));
                pool.exit_codes.push(code);
                assert_eq!(code, Some(0), "{name}: a worker stopped by SIGTERM exits 0; log:\n{}", w.log());
                format!("SIGTERM worker at {out} (exit {code:?})")
            }
            Fault::CloseConnections => {
                for i in 0..cluster.nodes.len() {
                    if Some(i) != stopped {
                        cluster.close_all_connections(i);
                    }
                }
                format!("broker closed all connections at {out}")
            }
            Fault::RestartNode => {
                let t = Instant::now();
                cluster.stop(0);
                tokio::time::sleep(SECS(2)).await;
                cluster.restart(0);
                format!("broker node stopped and restarted at {out} (down {:.1} s)", t.elapsed().as_secs_f64())
            }
            Fault::StopLeader => {
                let leader = match cluster.leader(live, &env.settings.input.queue) {
                    Some(l) => l,
                    None => panic!("{name}: cannot tell which node leads {}", env.settings.input.queue),
                };
                cluster.stop(leader);
                stopped = Some(leader);
                live = (leader + 1) % cluster.nodes.len();
                format!("stopped node {} (input queue leader) at {out}", leader + 1)
            }
            Fault::RestartStopped => match stopped.take() {
                Some(i) => {
                    cluster.restart(i);
                    format!("restarted node {} at {out}", i + 1)
                }
                None => "no stopped node to restart".to_string(),
            },
        };
        let what = format!("{what} ({:.1} s)", started.elapsed().as_secs_f64());
        eprintln!("{name}: {what}");
        fired.push(what);
    }

    let republished = match producer.await {
        Ok(n) => n,
        Err(e) => panic!("{name}: the producer failed: {e}"),
    };
    // Everything must come out: read the tap until every id was seen.
    let want: HashSet<String> = (0..total).map(|i| format!("{name}-{i}")).collect();
    let mut seen = Seen::default();
    let reader = env.broker_at(&cluster.url(live)).await;
    let mut tap_deliveries = match reader.consume(&tap, 500, &format!("{}-tap", env.prefix)).await {
        Ok(d) => d,
        Err(e) => panic!("cannot consume the tap: {e}"),
    };
    let deadline = tokio::time::Instant::now() + SECS(300);
    while want.iter().any(|id| !seen.by_id.contains_key(id)) {
        match tokio::time::timeout_at(deadline, tap_deliveries.next()).await {
            Ok(Some(Ok(d))) => {
                seen.record(&d);
                let _ = d.ack().await;
            }
            Ok(Some(Err(e))) => panic!("{name}: reading the tap failed: {e}"),
            Ok(None) => panic!("{name}: the tap consumer closed"),
            Err(_) => break,
        }
    }
    // Nothing may stay unacked once everything is out (a lost ack would show here).
    let input = env.settings.input.queue.clone();
    let settle = Instant::now() + SECS(60);
    let mut left = u64::MAX;
    while Instant::now() < settle {
        let (ready, unacked) = cluster.queue_counts(live, &input).unwrap_or((u64::MAX, 0));
        left = ready.saturating_add(unacked);
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    for mut w in pool.workers.drain(..) {
        w.signal("TERM");
        let code = w.wait_exit(SECS(60));
        pool.exit_codes.push(code);
    }
    // Late duplicates (published, then redelivered) arrive by now.
    while let Ok(Some(Ok(d))) = tokio::time::timeout(SECS(2), tap_deliveries.next()).await {
        seen.record(&d);
        let _ = d.ack().await;
    }
    let mut parked = 0;
    let mut parked_queues = vec![env.settings.dead_letter.queue.clone()];
    parked_queues.extend(env.settings.retry.delays_ms.iter().map(|d| env.settings.retry_queue(*d)));
    for q in &parked_queues {
        let (ready, unacked) = cluster.queue_counts(live, q).unwrap_or((0, 0));
        parked += ready + unacked;
    }
    if let Some(i) = stopped {
        cluster.restart(i);
    }
    reader.close().await;

    let delivered: usize = seen.by_id.values().sum();
    let lost = want.iter().filter(|id| !seen.by_id.contains_key(*id)).count();
    let tally = Tally {
        name: name.to_string(),
        sent: total,
        delivered,
        distinct: seen.by_id.len(),
        duplicates: delivered - seen.by_id.len(),
        lost,
        left,
        parked,
        faults: fired,
        republished,
        exit_codes: pool.exit_codes,
        seconds: started.elapsed().as_secs_f64(),
    };
    eprintln!("{TABLE_HEAD}\n{}", tally.line());
    tally
}

/// Outputs read from the tap: how often each article came out, and which article each
/// deterministic `message_id` stands for (it must always be the same one).
#[derive(Default)]
struct Seen {
    by_id: HashMap<String, usize>,
    by_message: HashMap<String, String>,
}

impl Seen {
    fn record(&mut self, d: &amqp::Delivery) {
        let id = output_id(d);
        let message_id = d.properties.message_id().unwrap_or_default().to_string();
        let previous = self.by_message.insert(message_id.clone(), id.clone());
        assert!(previous.is_none() || previous.as_deref() == Some(id.as_str()), "message_id {message_id} names two articles");
        *self.by_id.entry(id).or_default() += 1;
    }
}

/// Articles published per second by the producer (`NEWS_ENRICHER_FAULTS_RATE`, default 150).
fn publish_rate() -> usize {
    env_usize("NEWS_ENRICHER_FAULTS_RATE", 150).max(1)
}

/// Publishes `bodies` to `exchange` at `rate` per second with publisher confirms, moving to
/// the next broker address and publishing again whatever was not confirmed (at least once,
/// as a careful producer does). Returns how many publishes were repeated.
async fn produce(urls: Vec<String>, exchange: String, bodies: Vec<String>, rate: usize) -> usize {
    let started = tokio::time::Instant::now();
    let mut broker: Option<Broker> = None;
    let mut next_url = 0usize;
    let mut repeated = 0usize;
    let give_up = Instant::now() + SECS(600);
    for (i, body) in bodies.iter().enumerate() {
        tokio::time::sleep_until(started + Duration::from_secs_f64(i as f64 / rate as f64)).await;
        let id = serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| common::article_id(&v)).unwrap_or_default();
        let mut attempts = 0;
        loop {
            assert!(Instant::now() < give_up, "the producer could not publish {id} for 10 minutes");
            if broker.is_none() {
                let url = &urls[next_url % urls.len()];
                match tokio::time::timeout(SECS(3), amqp::connect(url, "", "fault-suite-producer")).await {
                    Ok(Ok(b)) => broker = Some(b),
                    _ => {
                        next_url += 1;
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        continue;
                    }
                }
            }
            let Some(b) = &broker else { continue };
            let sent = b.publish(&exchange, "article", body.as_bytes(), Properties::json(&id), SECS(5));
            match tokio::time::timeout(SECS(6), sent).await {
                Ok(Ok(())) => break,
                _ => {
                    attempts += 1;
                    broker = None;
                    next_url += 1;
                }
            }
        }
        repeated += attempts;
    }
    if let Some(b) = broker {
        b.close().await;
    }
    repeated
}

/// Counts outputs in the tap, reconnecting when the broker went away.
struct Progress {
    tap: String,
    broker: Option<Broker>,
}

impl Progress {
    fn new(tap: &str) -> Progress {
        Progress { tap: tap.to_string(), broker: None }
    }

    async fn count(&mut self, cluster: &Cluster, live: usize) -> usize {
        // A connection the broker just closed can leave a call hanging: bound each step.
        if self.broker.is_none() {
            let url = cluster.url(live);
            let connect = amqp::connect(&url, "", "fault-suite-progress");
            self.broker = tokio::time::timeout(SECS(3), connect).await.ok().and_then(Result::ok);
        }
        let Some(b) = &self.broker else { return 0 };
        match tokio::time::timeout(SECS(2), b.queue_len(&self.tap)).await {
            Ok(Ok(n)) => n as usize,
            _ => {
                self.broker = None;
                0
            }
        }
    }
}

fn assert_clean(tallies: &[Tally]) {
    for t in tallies {
        assert_eq!(t.lost, 0, "{}: {} articles lost", t.name, t.lost);
        assert_eq!(t.left, 0, "{}: {} messages left in the input queue", t.name, t.left);
        assert_eq!(t.parked, 0, "{}: {} valid articles parked in the dead-letter or retry queues", t.name, t.parked);
        assert_eq!(t.distinct, t.sent, "{}: distinct outputs", t.name);
        assert!(t.exit_codes.iter().all(|c| *c == Some(0)), "{}: every worker stopped by SIGTERM exits 0, got {:?}", t.name, t.exit_codes);
    }
}

/// The scenarios `only` names (comma-separated; all when empty). A name that is no scenario
/// is an error, so that a typo never makes the suite pass having run nothing.
fn select<'a, T: Copy>(scenarios: &[(&'a str, T)], only: &str) -> Result<Vec<(&'a str, T)>, String> {
    let wanted: Vec<&str> = only.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
    let known: Vec<&str> = scenarios.iter().map(|(n, _)| *n).collect();
    if let Some(unknown) = wanted.iter().find(|n| !known.contains(n)) {
        return Err(format!("NEWS_ENRICHER_FAULTS_ONLY names {unknown:?}, which is no single-node scenario (known: {})", known.join(", ")));
    }
    Ok(scenarios.iter().copied().filter(|(n, _)| wanted.is_empty() || wanted.contains(n)).collect())
}

#[test]
fn the_scenario_selection_never_selects_nothing() {
    let scenarios = [("sigkill", 1), ("broker-restart", 2)];
    assert_eq!(select(&scenarios, ""), Ok(scenarios.to_vec()));
    assert_eq!(select(&scenarios, "broker-restart"), Ok(vec![("broker-restart", 2)]));
    assert_eq!(select(&scenarios, " sigkill , broker-restart"), Ok(scenarios.to_vec()));
    let typo = select(&scenarios, "sigkil");
    assert!(typo.as_ref().is_err_and(|e| e.contains("\"sigkil\"") && e.contains("sigkill, broker-restart")), "{typo:?}");
    assert!(select(&scenarios, "leader-stop").is_err(), "a cluster scenario is not a single-node one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_node_workers_killed_restarted_and_broker_restarted_lose_nothing() {
    let _serial = serial();
    let cluster = Cluster::start(1, "single", None);
    let k = Fault::KillWorker;
    let t = Fault::TermWorker;
    let scenarios: [(&str, &[Fault]); 5] = [
        ("sigkill", &[k, k, k]),
        ("rolling-sigterm", &[t, t, t]),
        ("broker-closes-connections", &[Fault::CloseConnections, Fault::CloseConnections]),
        ("broker-restart", &[Fault::RestartNode]),
        ("everything", &[k, Fault::CloseConnections, t, Fault::RestartNode, k]),
    ];
    let only = std::env::var("NEWS_ENRICHER_FAULTS_ONLY").unwrap_or_default();
    let selected = match select(&scenarios, &only) {
        Ok(selected) => selected,
        Err(e) => panic!("{e}"),
    };
    let mut tallies = Vec::new();
    for (name, faults) in selected {
        tallies.push(scenario(&cluster, name, 3, faults).await);
    }
    let mut text = format!(
        "## Single RabbitMQ node, 3 workers, {} articles per scenario, {} round(s)\n\n{TABLE_HEAD}\n",
        articles_per_scenario(),
        rounds()
    );
    for t in &tallies {
        let _ = writeln!(text, "{}", t.line());
    }
    report("single-node", &text);
    assert_clean(&tallies);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_node_cluster_losing_the_queue_leader_loses_nothing() {
    let _serial = serial();
    let cluster = Cluster::start(3, "cluster", None);
    let tally = scenario(&cluster, "leader-stop", 3, &[Fault::StopLeader, Fault::RestartStopped]).await;
    let text = format!(
        "## Three-node RabbitMQ cluster, quorum input queue, 3 workers with all three addresses, {} articles\n\n{TABLE_HEAD}\n{}\n",
        articles_per_scenario(),
        tally.line()
    );
    report("cluster", &text);
    assert_clean(&[tally]);
}

/// One hostile input and what must become of it.
struct Hostile {
    label: &'static str,
    body: Vec<u8>,
    content_type: &'static str,
    /// `Some(kind)`: dead-lettered with this `x-error-kind`; `None`: processed.
    expect: Option<&'static str>,
}

fn native(id: &str, body: &str) -> Vec<u8> {
    serde_json::json!({"id": id, "headline": "Hostile input", "body": body, "language": "en"}).to_string().into_bytes()
}

fn hostile_corpus() -> Vec<Hostile> {
    let nested_html = format!("{}Deep text about Paris.{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let million_refs = format!("<p>{}</p>", "&amp;".repeat(1_000_000));
    let names = "Maria Lopez met John Smith of Acme Corp in Paris. ".repeat(100_000);
    let paragraph = "The minister said \"the plan works\" and the mayor of Lyon disagreed, \"it fails\". ".repeat(62_000);
    let laughs = format!(
        "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">{}]><p>&lol9; and &amp;lol9; in Berlin.</p>",
        (2..=9).map(|i| format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10))).collect::<String>()
    );
    let mut binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    binary[0] = b'{';
    vec![
        Hostile {
            label: "invalid-json",
            body: b"{\"id\": \"h\", \"body\": ".to_vec(),
            content_type: "application/json",
            expect: Some("malformed_json"),
        },
        Hostile {
            label: "invalid-utf8",
            body: b"{\"id\": \"h\", \"body\": \"caf\xe9\"}".to_vec(),
            content_type: "application/json",
            expect: Some("invalid_utf8"),
        },
        Hostile {
            label: "empty-body",
            body: native("hostile-empty-body", "   "),
            content_type: "application/json",
            expect: Some("empty_body"),
        },
        Hostile { label: "empty-message", body: Vec::new(), content_type: "application/json", expect: Some("empty_body") },
        Hostile {
            label: "over-size-limit",
            body: native("hostile-over-size-limit", &"x".repeat(9 << 20)),
            content_type: "application/json",
            expect: Some("too_large"),
        },
        Hostile {
            label: "nested-html-10000",
            body: native("hostile-nested-html-10000", &nested_html),
            content_type: "application/json",
            expect: None,
        },
        Hostile {
            label: "nested-json-10000",
            body: format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
            content_type: "application/json",
            expect: Some("malformed_json"),
        },
        Hostile {
            label: "million-html-entities",
            body: native("hostile-million-html-entities", &million_refs),
            content_type: "application/json",
            expect: None,
        },
        Hostile { label: "200k-names", body: native("hostile-200k-names", &names), content_type: "application/json", expect: None },
        Hostile {
            label: "5mb-paragraph",
            body: native("hostile-5mb-paragraph", &paragraph),
            content_type: "application/json",
            expect: None,
        },
        Hostile { label: "binary-as-json", body: binary, content_type: "application/json", expect: Some("invalid_utf8") },
        Hostile {
            label: "ninjs-wrong-types",
            body: br#"{"uri": 42, "headlines": "not a list", "bodies": {"x": 1}, "versioncreated": true}"#.to_vec(),
            content_type: "application/json",
            expect: Some("invalid_field"),
        },
        Hostile {
            label: "unbalanced-quotes",
            body: native(
                "hostile-unbalanced-quotes",
                "\u{201c}Open and never closed, said Ana Silva. \"Another \u{2018}one, \u{00ab}and more \u{201e}nested \"\" '' \u{201d}\u{201d}\u{201d}\n\n\"\"\"",
            ),
            content_type: "application/json",
            expect: None,
        },
        Hostile {
            label: "billion-laughs",
            body: native("hostile-billion-laughs", &laughs),
            content_type: "application/json",
            expect: None,
        },
    ]
}

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_inputs_are_parked_or_processed_while_other_articles_flow() {
    let _serial = serial();
    // The limit is raised so the multi-megabyte items reach the pipeline instead of stopping
    // at the size check; one item is still over it.
    let env = TestEnv::new("hostile", &[("LIMITS__MAX_MESSAGE_BYTES", "8388608"), ("WORKER__PROCESSING_TIMEOUT_MS", "20000")]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let mut dlq = env.consume_dead_letters(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(30));

    let corpus = hostile_corpus();
    let normal = articles(20 * corpus.len(), "normal");
    let started = Instant::now();
    let mut normal_iter = normal.iter();
    for h in &corpus {
        let props = Properties::json(&format!("hostile-{}", h.label)).with_content_type(h.content_type);
        env.publish(&broker, &h.body, props).await;
        for body in normal_iter.by_ref().take(20) {
            env.publish(&broker, body.as_bytes(), Properties::json("normal")).await;
        }
    }

    let want_out: HashSet<String> = corpus
        .iter()
        .filter(|h| h.expect.is_none())
        .map(|h| format!("hostile-{}", h.label))
        .chain((0..normal.len()).map(|i| format!("normal-{i}")))
        .collect();
    let want_dead = corpus.iter().filter(|h| h.expect.is_some()).count();
    let mut processed: HashMap<String, (Duration, usize, usize, Vec<String>)> = HashMap::new();
    let mut dead: HashMap<String, (String, String, Duration)> = HashMap::new();
    let deadline = tokio::time::Instant::now() + SECS(300);
    while processed.len() < want_out.len() || dead.len() < want_dead {
        tokio::select! {
            d = out.next() => match d {
                Some(Ok(d)) => {
                    let doc: serde_json::Value = serde_json::from_slice(&d.body).unwrap_or_default();
                    let id = output_id(&d);
                    let count = |k: &str| doc[k].as_array().map_or(0, Vec::len);
                    let warnings = doc["processing"]["warnings"].as_array().map(|w| w.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
                    processed.insert(id, (started.elapsed(), count("entities"), count("quotes"), warnings));
                    let _ = d.ack().await;
                }
                other => panic!("output consumer ended: {:?}", other.map(|r| r.err())),
            },
            d = dlq.next() => match d {
                Some(Ok(d)) => {
                    let id = d.properties.message_id().unwrap_or_default().to_string();
                    let kind = d.properties.header("x-error-kind").unwrap_or_default();
                    let message = d.properties.header("x-error-message").unwrap_or_default();
                    dead.insert(id, (kind, message, started.elapsed()));
                    let _ = d.ack().await;
                }
                other => panic!("dead-letter consumer ended: {:?}", other.map(|r| r.err())),
            },
            () = tokio::time::sleep_until(deadline) => break,
        }
    }
    let rss_mib = peak_rss_kib(worker.pid()) as f64 / 1024.0;
    let total = started.elapsed();

    let mut text = format!(
        "## Hostile inputs (limit 8 MiB, timeout 20 s), interleaved with {} normal articles\n\n| input | bytes | expected | outcome | seen after |\n|---|---|---|---|---|\n",
        normal.len()
    );
    let mut failures = Vec::new();
    for h in &corpus {
        let id = format!("hostile-{}", h.label);
        let expected = h.expect.unwrap_or("processed");
        let (outcome, at) = if let Some((kind, message, at)) = dead.get(&id) {
            let short: String = message.chars().take(80).collect();
            (format!("dead-lettered `{kind}`: {short}"), *at)
        } else if let Some((at, entities, quotes, warnings)) = processed.get(&id) {
            (format!("processed: {entities} entities, {quotes} quotes, warnings {warnings:?}"), *at)
        } else {
            ("nothing within 300 s".to_string(), total)
        };
        let ok = match h.expect {
            Some(kind) => dead.get(&id).is_some_and(|(k, _, _)| k == kind),
            None => processed.contains_key(&id),
        };
        if !ok {
            failures.push(format!("{}: expected {expected}, got {outcome}", h.label));
        }
        let _ = writeln!(text, "| {} | {} | {expected} | {outcome} | {:.1} s |", h.label, h.body.len(), at.as_secs_f64());
    }
    let normal_done = (0..normal.len()).filter(|i| processed.contains_key(&format!("normal-{i}"))).count();
    let _ = writeln!(
        text,
        "\nNormal articles processed: {normal_done} of {}. All done in {:.1} s. Worker peak RSS {rss_mib:.0} MiB.",
        normal.len(),
        total.as_secs_f64()
    );
    report("hostile", &text);
    assert!(failures.is_empty(), "hostile inputs mishandled: {failures:#?}\nworker log tail:\n{}", tail(&worker.log()));
    assert_eq!(normal_done, normal.len(), "normal articles kept flowing");
    assert!(rss_mib < 1024.0, "worker peak RSS {rss_mib:.0} MiB under the hostile corpus");
    // Still healthy and serving after all that.
    assert_eq!(http_get(env.http_port, "/readyz").map(|(s, _)| s), Some(200));
    broker.close().await;
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_over_the_processing_timeout_is_dead_lettered_and_the_worker_goes_on() {
    let _serial = serial();
    let env = TestEnv::new("timeout", &[("WORKER__PROCESSING_TIMEOUT_MS", "30"), ("WORKER__CONCURRENCY", "1")]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let mut dlq = env.consume_dead_letters(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(30));
    // About 1.6 MB of prose: far more than 30 ms of work.
    let slow =
        native("slow-one", &"President Emmanuel Macron told reporters in Paris on Monday that \"the talks went well\". ".repeat(18_000));
    env.publish(&broker, &slow, Properties::json("slow-one")).await;
    let small = serde_json::json!({"id": "small-one", "headline": "Short", "body": "Brief note.", "language": "en"}).to_string();
    env.publish(&broker, small.as_bytes(), Properties::json("small-one")).await;

    let dead = common::collect(&mut dlq, 1, SECS(60)).await;
    assert_eq!(dead.len(), 1, "the slow article is dead-lettered; log:\n{}", tail(&worker.log()));
    assert_eq!(dead[0].properties.message_id(), Some("slow-one"));
    assert_eq!(dead[0].properties.header("x-error-kind").as_deref(), Some("timeout"));
    assert_eq!(dead[0].properties.header("x-error-stage").as_deref(), Some("pipeline"));
    let got = common::collect(&mut out, 1, SECS(60)).await;
    assert_eq!(got.len(), 1, "the next article is processed; log:\n{}", tail(&worker.log()));
    assert_eq!(output_id(&got[0]), "small-one");
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amqps_with_a_verified_certificate_and_a_password_file() {
    let _serial = serial();
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    let tls = make_tls_files(dir.path(), "trusted");
    let other = make_tls_files(dir.path(), "untrusted");
    let cluster = Cluster::start(1, "tls", Some(&tls));
    let Some(tls_port) = cluster.nodes[0].tls_port else { panic!("the node has no TLS listener") };
    // A user whose password exists only in a mounted file.
    let password = format!("pw-{}", uuid::Uuid::new_v4().simple());
    cluster.ctl(0, &["add_user", "enricher", &password]);
    cluster.ctl(0, &["set_permissions", "-p", "/", "enricher", ".*", ".*", ".*"]);
    let password_file = dir.path().join("password");
    if let Err(e) = std::fs::write(&password_file, format!("{password}\n")) {
        panic!("cannot write the password file: {e}");
    }
    let amqps = format!("amqps://enricher@localhost:{tls_port}/%2f");
    let ca = tls.ca.display().to_string();
    let pw = password_file.display().to_string();
    let env = TestEnv::new("tls", &[("AMQP__URL", &amqps), ("AMQP__CA_FILE", &ca), ("AMQP__PASSWORD_FILE", &pw)]);
    // The test itself sets up and watches over plain AMQP on the same node.
    let broker = env.broker_at(&cluster.url(0)).await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;

    // 1. A CA that did not sign the broker's certificate: the worker refuses the broker.
    let wrong_ca = other.ca.display().to_string();
    let refused = env.spawn_worker(&[("AMQP__CA_FILE", &wrong_ca)]);
    // 2. The right CA: the worker connects, verifies, and enriches.
    std::thread::sleep(Duration::from_secs(3));
    let refused_log = refused.log();
    assert_eq!(
        http_get(env.http_port, "/readyz").map(|(s, _)| s),
        Some(503),
        "not ready with an untrusted certificate; log:\n{refused_log}"
    );
    assert!(
        refused_log.to_lowercase().contains("certificate") || refused_log.contains("UnknownIssuer"),
        "the log says the certificate was refused:\n{refused_log}"
    );
    drop(refused);

    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(30));
    env.publish_json(&broker, &articles(5, "tls")).await;
    let got = common::collect(&mut out, 5, SECS(60)).await;
    assert_eq!(got.len(), 5, "articles flow over amqps; log:\n{}", worker.log());
    let log = worker.log();
    assert!(!log.contains(&password), "the password never appears in the log");
    assert!(!refused_log.contains(&password), "the password never appears in the log");

    // The config command shows the URL with the password masked.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_news-enricher"));
    cmd.arg("config").env_clear();
    for (k, v) in &env.env {
        cmd.env(k, v);
    }
    let shown = match cmd.output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).to_string(),
        Ok(o) => panic!("news-enricher config failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("cannot run news-enricher config: {e}"),
    };
    assert!(!shown.contains(&password), "config masks the password:\n{shown}");
    assert!(shown.contains("****"), "config shows that a password is set:\n{shown}");
    broker.close().await;
    let text = "## TLS\n\namqps to a private node with a locally made CA: untrusted CA refused (not ready, certificate error logged); trusted CA: 5 of 5 articles enriched; password from a file, absent from logs and masked by `config`.\n".to_string();
    report("tls", &text);
}
