//! Worker benchmark against the local RabbitMQ (run with `scripts/bench-worker.sh`).
//!
//! In one run it measures, on the same generated articles:
//! - `news-enricher process` (no broker): articles/s;
//! - the worker with `--pipeline none` and with the full pipeline: throughput draining a
//!   preloaded backlog (articles/s), then latency (publish → enriched output received,
//!   p50/p99) at a steady rate of half that throughput, and the worker's peak RSS.
//!
//! Options (after `--`): `--articles N` (default 20000), `--latency-articles N` (default 5000),
//! `--prefetch N` (default 64), `--queue-type quorum|classic` (the input queue; default
//! quorum, as deployed), `--input FILE` (JSON lines to cycle through instead of the
//! bundled examples, e.g. `../shared/devset/articles.jsonl` for full-length articles),
//! `--pin-cores` (the broker and this benchmark on CPU 0, the worker and `process` on the
//! other CPUs with one pipeline thread per CPU: the AMQP edge's cost without the broker
//! competing for the worker's cores; the broker's affinity is restored at the end).
//!
//! `--rounds N` (default 1) repeats `process` and the two worker runs N times, alternating,
//! and reports each round and the medians: on a shared VM whose speed drifts, the paired
//! ratios are what can be compared. Each round also reports the worker's CPU per article
//! over `process`'s: what the AMQP edge itself adds, the broker's CPU aside.
//!
//! Under `cargo test --all-targets` (no `--bench` flag) it does nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use news_enricher::amqp::{self, Broker, PendingConfirm, Properties};
use news_enricher::config::Settings;
use std::collections::VecDeque;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const URL_VAR: &str = "NEWS_ENRICHER_TEST_AMQP_URL";
const PUBLISHED_AT: &str = "x-published-at-us";

struct Args {
    input: Option<String>,
    articles: usize,
    latency_articles: usize,
    prefetch: u16,
    queue_type: String,
    /// How many times to measure `process` and the worker, alternating (medians reported).
    rounds: usize,
    /// CPUs for the worker and `process` (`--pin-cores`): all but CPU 0, with their count.
    pinned: Option<(String, usize)>,
}

fn parse_args() -> Option<Args> {
    let argv: Vec<String> = std::env::args().collect();
    if !argv.iter().any(|a| a == "--bench") {
        return None;
    }
    let value = |name: &str, default: usize| {
        argv.iter().position(|a| a == name).and_then(|i| argv.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    let input = argv.iter().position(|a| a == "--input").and_then(|i| argv.get(i + 1)).cloned();
    Some(Args {
        input,
        articles: value("--articles", 20_000),
        latency_articles: value("--latency-articles", 5_000),
        prefetch: u16::try_from(value("--prefetch", 64)).unwrap_or(64),
        rounds: value("--rounds", 1).max(1),
        queue_type: argv.iter().position(|a| a == "--queue-type").and_then(|i| argv.get(i + 1)).cloned().unwrap_or_else(|| "quorum".into()),
        pinned: argv.iter().any(|a| a == "--pin-cores").then(|| {
            let n = std::thread::available_parallelism().map_or(1, |n| n.get());
            let last = n.saturating_sub(1).max(1);
            (if last == 1 { "1".to_string() } else { format!("1-{last}") }, last)
        }),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(args) = parse_args() else {
        println!("worker benchmark: run it with scripts/bench-worker.sh (cargo bench --bench worker)");
        return Ok(());
    };
    let bin = env!("CARGO_BIN_EXE_news-enricher");
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let all_cpus = format!("0-{}", cpus.saturating_sub(1));
    if args.pinned.is_some() {
        if cpus < 2 {
            return Err("--pin-cores needs at least two CPUs".into());
        }
        let beam = broker_pid().ok_or("--pin-cores: no local broker process (beam.smp) to pin")?;
        pin(beam, "0")?;
        pin(std::process::id(), "0")?;
    }
    // Gives the broker all CPUs back however the run ends.
    let _restore = args.pinned.is_some().then(|| RestoreBroker(all_cpus.clone()));
    let source = match &args.input {
        Some(path) => std::fs::read_to_string(path)?,
        None => include_str!("../examples/articles.jsonl").to_string(),
    };
    let articles = common::distinct_articles(&source, args.articles, "bench");
    let dir = std::env::temp_dir().join(format!("news-enricher-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("articles.jsonl");
    std::fs::write(&file, articles.join("\n") + "\n")?;
    let words: usize = articles.iter().map(|a| a.split_whitespace().count()).sum();
    println!(
        "{} articles ({:.1} MB, ~{} words each), prefetch {}, {} input queue",
        articles.len(),
        articles.iter().map(String::len).sum::<usize>() as f64 / 1e6,
        words / articles.len().max(1),
        args.prefetch,
        args.queue_type
    );
    if let Some((cpus, n)) = &args.pinned {
        println!("pinned: broker and this benchmark on CPU 0; worker and process on CPUs {cpus} with {n} pipeline thread(s)");
    }

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    // Rounds alternate `process` and the worker so that drift in the machine's speed (a
    // shared VM's can move by a third within minutes) hits both sides of each ratio alike.
    let mut rounds = Vec::new();
    for round in 1..=args.rounds {
        let label = if args.rounds > 1 { format!("round {round}: ") } else { String::new() };
        let process = run_process(bin, &file, articles.len(), &args)?;
        println!(
            "{label}process (full pipeline, no broker): {:.0} articles/s; CPU per article {:.0} µs",
            process.throughput, process.cpu_us
        );
        let mut workers = Vec::new();
        for mode in ["none", "full"] {
            let r = runtime.block_on(run_worker(bin, mode, &articles, &args))?;
            println!(
                "{label}worker --pipeline {mode}: {:.0} articles/s; latency at {:.0}/s: p50 {:.2} ms, p99 {:.2} ms; peak RSS {:.1} MB; CPU per article: worker {:.0} µs, broker {:.0} µs, this benchmark receiving the outputs {:.0} µs",
                r.throughput,
                r.latency_rate,
                r.p50_ms,
                r.p99_ms,
                r.peak_rss_kb as f64 / 1024.0,
                r.worker_cpu_us,
                r.broker_cpu_us,
                r.watcher_cpu_us
            );
            workers.push((mode, r));
        }
        let round = Round { process, workers };
        println!(
            "{label}full-pipeline worker / process: {:.0}% of the rate; worker CPU per article {:.2}× process's",
            100.0 * round.full_vs_process(),
            round.full_cpu_vs_process()
        );
        rounds.push(round);
    }
    let median_of = |f: &dyn Fn(&Round) -> f64| median(rounds.iter().map(f).collect());
    let mode_median = |mode: &str, f: &dyn Fn(&RunResult) -> f64| {
        median_of(&|r: &Round| r.workers.iter().find(|(m, _)| *m == mode).map_or(0.0, |(_, w)| f(w)))
    };
    if args.rounds > 1 {
        println!(
            "median of {} rounds: process {:.0} articles/s; worker none {:.0} articles/s (p50 {:.2} ms, p99 {:.2} ms); worker full {:.0} articles/s (p50 {:.2} ms, p99 {:.2} ms); full / process {:.0}%; worker CPU per article {:.2}× process's",
            args.rounds,
            median_of(&|r: &Round| r.process.throughput),
            mode_median("none", &|w| w.throughput),
            mode_median("none", &|w| w.p50_ms),
            mode_median("none", &|w| w.p99_ms),
            mode_median("full", &|w| w.throughput),
            mode_median("full", &|w| w.p50_ms),
            mode_median("full", &|w| w.p99_ms),
            100.0 * median_of(&Round::full_vs_process),
            median_of(&Round::full_cpu_vs_process),
        );
    }
    let round_json = |r: &Round| {
        serde_json::json!({
            "process_articles_per_s": r.process.throughput.round(),
            "process_cpu_us_per_article": r.process.cpu_us.round(),
            "worker": r.workers.iter().map(|(m, w)| serde_json::json!({
                "pipeline": m, "articles_per_s": w.throughput.round(), "latency_rate_per_s": w.latency_rate.round(),
                "p50_ms": w.p50_ms, "p99_ms": w.p99_ms, "peak_rss_mb": (w.peak_rss_kb as f64 / 1024.0 * 10.0).round() / 10.0,
                "worker_cpu_us_per_article": w.worker_cpu_us.round(), "broker_cpu_us_per_article": w.broker_cpu_us.round(), "benchmark_cpu_us_per_article": w.watcher_cpu_us.round()
            })).collect::<Vec<_>>(),
            "full_worker_vs_process": (r.full_vs_process() * 100.0).round() / 100.0,
            "full_worker_cpu_vs_process": (r.full_cpu_vs_process() * 100.0).round() / 100.0,
        })
    };
    println!(
        "{}",
        serde_json::json!({
            "articles": articles.len(),
            "prefetch": args.prefetch,
            "input_queue_type": args.queue_type,
            "pinned_worker_cpus": args.pinned.as_ref().map(|(c, _)| c.clone()),
            "rounds": rounds.iter().map(round_json).collect::<Vec<_>>(),
            "median_full_worker_vs_process": (median_of(&Round::full_vs_process) * 100.0).round() / 100.0,
            "median_full_worker_cpu_vs_process": (median_of(&Round::full_cpu_vs_process) * 100.0).round() / 100.0,
        })
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// `news-enricher process` on the benchmark's articles.
struct ProcessResult {
    throughput: f64,
    /// CPU time per article (user + system, all threads), in µs.
    cpu_us: f64,
}

/// One round: `process`, then the worker without and with the pipeline.
struct Round {
    process: ProcessResult,
    workers: Vec<(&'static str, RunResult)>,
}

impl Round {
    fn full(&self) -> Option<&RunResult> {
        self.workers.iter().find(|(m, _)| *m == "full").map(|(_, r)| r)
    }

    /// The full-pipeline worker's rate as a fraction of `process`'s.
    fn full_vs_process(&self) -> f64 {
        self.full().map_or(0.0, |r| r.throughput / self.process.throughput.max(1e-9))
    }

    /// What the AMQP edge adds to the pipeline's own cost: the worker's CPU per article over
    /// `process`'s (the broker's CPU is not in either).
    fn full_cpu_vs_process(&self) -> f64 {
        self.full().map_or(0.0, |r| r.worker_cpu_us / self.process.cpu_us.max(1e-9))
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Runs `process` on the articles file; its CPU time is read from /proc once it has exited
/// and before it is reaped.
fn run_process(bin: &str, file: &std::path::Path, articles: usize, args: &Args) -> Result<ProcessResult, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut process = command(bin, &args.pinned);
    process.args(["process", file.to_str().unwrap_or_default(), "-o", "/dev/null"]).env("NEWS_ENRICHER__WORKER__PIPELINE", "full");
    if let Some((_, n)) = &args.pinned {
        process.args(["--jobs", &n.to_string()]);
    }
    let mut child = process.spawn()?;
    let pid = child.id();
    let mut cpu = 0.0;
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let zombie = stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'));
        if zombie || stat.is_empty() {
            cpu = cpu_seconds(pid).max(cpu);
            break;
        }
        cpu = cpu_seconds(pid);
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = child.wait()?;
    if !status.success() {
        return Err("process failed".into());
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(ProcessResult { throughput: articles as f64 / elapsed, cpu_us: cpu * 1e6 / articles as f64 })
}

struct RunResult {
    throughput: f64,
    latency_rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_rss_kb: u64,
    /// CPU time per article while draining the backlog (user + system), in µs.
    worker_cpu_us: f64,
    broker_cpu_us: f64,
    /// This benchmark's own CPU (receiving the outputs) per article.
    watcher_cpu_us: f64,
}

async fn run_worker(bin: &str, mode: &str, articles: &[String], args: &Args) -> Result<RunResult, Box<dyn std::error::Error>> {
    let url = std::env::var(URL_VAR).unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into());
    let prefix = format!("bench-{mode}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let env: Vec<(String, String)> = [
        ("AMQP__URL", url.clone()),
        ("INPUT__EXCHANGE", format!("{prefix}.in")),
        ("INPUT__QUEUE", format!("{prefix}.raw")),
        ("INPUT__PREFETCH", args.prefetch.to_string()),
        ("INPUT__QUEUE_TYPE", args.queue_type.clone()),
        ("OUTPUT__EXCHANGE", format!("{prefix}.out")),
        ("DEAD_LETTER__EXCHANGE", format!("{prefix}.dlx")),
        ("DEAD_LETTER__QUEUE", format!("{prefix}.dlq")),
        ("RETRY__EXCHANGE", format!("{prefix}.retry")),
        ("WORKER__PIPELINE", mode.to_string()),
        ("HTTP__LISTEN", format!("127.0.0.1:{port}")),
        ("LOG__LEVEL", "warn".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("NEWS_ENRICHER__{k}"), v))
    .collect();
    let settings = Settings::load_from(None, env.clone())?;
    let broker = amqp::connect(&url, "", &format!("{prefix}-bench")).await?;
    broker.declare_topology(&settings).await?;
    let watcher = amqp::connect(&url, "", &format!("{prefix}-watch")).await?;
    let mut out = watcher.watch(&settings.output.exchange, "#", &format!("{prefix}.watch"), true).await?;

    // Backlog first, then the worker drains it.
    publish_all(&broker, &settings.input.exchange, articles, None).await?;
    let beam = broker_pid();
    let beam_cpu_before = beam.map_or(0.0, cpu_seconds);
    let own_cpu_before = cpu_seconds(std::process::id());
    let mut worker = command(bin, &args.pinned);
    if let Some((_, n)) = &args.pinned {
        worker.env("NEWS_ENRICHER__WORKER__CONCURRENCY", n.to_string());
    }
    let mut child = worker.arg("run").envs(env).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit()).spawn()?;
    let pid = child.id();
    let mut first = None;
    let mut received = 0usize;
    while received < articles.len() {
        match tokio::time::timeout(Duration::from_secs(120), out.next()).await {
            Ok(Some(Ok(_))) => {
                first.get_or_insert_with(Instant::now);
                received += 1;
            }
            _ => return Err(format!("only {received} of {} outputs arrived", articles.len()).into()),
        }
    }
    let elapsed = first.map_or(0.0, |t| t.elapsed().as_secs_f64());
    let throughput = (received.saturating_sub(1)) as f64 / elapsed.max(1e-9);
    let worker_cpu_us = cpu_seconds(pid) * 1e6 / received as f64;
    let broker_cpu_us = beam.map_or(0.0, |b| (cpu_seconds(b) - beam_cpu_before) * 1e6 / received as f64);
    let watcher_cpu_us = (cpu_seconds(std::process::id()) - own_cpu_before) * 1e6 / received as f64;

    // Latency at a steady rate well under the throughput.
    let latency_rate = (throughput * 0.5).min(5_000.0);
    let n = args.latency_articles.min(articles.len());
    let sender = {
        let url = url.clone();
        let exchange = settings.input.exchange.clone();
        let batch: Vec<String> = articles[..n].iter().map(|a| a.replace("\"bench-", "\"lat-")).collect();
        tokio::spawn(async move {
            let b = amqp::connect(&url, "", "bench-latency").await.map_err(|e| e.to_string())?;
            let r = publish_all(&b, &exchange, &batch, Some(latency_rate)).await.map_err(|e| e.to_string());
            b.close().await;
            r
        })
    };
    let mut latencies = Vec::with_capacity(n);
    while latencies.len() < n {
        match tokio::time::timeout(Duration::from_secs(60), out.next()).await {
            Ok(Some(Ok(d))) => {
                if let Some(sent) = d.properties.header(PUBLISHED_AT).and_then(|v| v.parse::<u128>().ok()) {
                    latencies.push(now_us().saturating_sub(sent) as f64 / 1000.0);
                }
            }
            _ => return Err(format!("only {} of {n} latency outputs arrived", latencies.len()).into()),
        }
    }
    sender.await.map_err(|e| e.to_string())??;
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    let peak_rss_kb = peak_rss_kb(pid);

    let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    let _ = child.wait();
    let queues: Vec<String> = [settings.input.queue.clone(), settings.dead_letter.queue.clone()]
        .into_iter()
        .chain(settings.retry.delays_ms.iter().map(|d| settings.retry_queue(*d)))
        .collect();
    let exchanges = [&settings.input.exchange, &settings.output.exchange, &settings.dead_letter.exchange, &settings.retry.exchange];
    broker
        .delete_topology(&queues.iter().map(String::as_str).collect::<Vec<_>>(), &exchanges.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .await?;
    broker.close().await;
    watcher.close().await;
    Ok(RunResult {
        throughput,
        latency_rate,
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        peak_rss_kb,
        worker_cpu_us,
        broker_cpu_us,
        watcher_cpu_us,
    })
}

/// Publishes every article with a confirm window of 1024, optionally at `rate` per second.
async fn publish_all(broker: &Broker, exchange: &str, articles: &[String], rate: Option<f64>) -> Result<(), amqp::PublishError> {
    let started = Instant::now();
    let mut pending: VecDeque<PendingConfirm> = VecDeque::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(rate) = rate {
            tokio::time::sleep_until((started + Duration::from_secs_f64(i as f64 / rate)).into()).await;
        }
        let props = Properties::json(&format!("m{i}")).with_header(PUBLISHED_AT, &now_us().to_string());
        pending.push_back(broker.start_publish(exchange, "article", a.as_bytes(), props).await?);
        if pending.len() >= 1024
            && let Some(c) = pending.pop_front()
        {
            c.wait().await?;
        }
    }
    while let Some(c) = pending.pop_front() {
        c.wait().await?;
    }
    Ok(())
}

/// On drop, lets the local broker run on these CPUs again.
struct RestoreBroker(String);

impl Drop for RestoreBroker {
    fn drop(&mut self) {
        if let Some(beam) = broker_pid()
            && let Err(e) = pin(beam, &self.0)
        {
            eprintln!("could not restore the broker's CPU affinity: {e}");
        }
    }
}

/// `bin`, under `taskset -c CPUS` when pinned.
fn command(bin: &str, pinned: &Option<(String, usize)>) -> Command {
    match pinned {
        Some((cpus, _)) => {
            let mut c = Command::new("taskset");
            c.args(["-c", cpus, bin]);
            c
        }
        None => Command::new(bin),
    }
}

/// Sets the CPU affinity of every thread of process `pid`.
fn pin(pid: u32, cpus: &str) -> Result<(), Box<dyn std::error::Error>> {
    let status = Command::new("taskset").args(["-a", "-p", "-c", cpus, &pid.to_string()]).stdout(Stdio::null()).status()?;
    if !status.success() {
        return Err(format!("taskset could not pin process {pid} to CPUs {cpus}").into());
    }
    Ok(())
}

/// VmHWM (peak resident set) of a process, in kB.
fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// User + system CPU seconds of a process so far (from /proc/PID/stat).
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0.0 };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12].iter().filter_map(|i| fields.get(*i)?.parse::<f64>().ok()).sum();
    ticks / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// The local RabbitMQ node's Erlang VM, if it runs here.
fn broker_pid() -> Option<u32> {
    let out = Command::new("pgrep").args(["-o", "beam.smp"]).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn now_us() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros())
}
