//! `news-enricher publish`: feed a JSON-lines file into an exchange with publisher confirms.

use super::process::progress_bar;
use anyhow::{Context, bail};
use news_enricher::amqp::{self, PendingConfirm, Properties, PublishError};
use news_enricher::config::Settings;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Header with the publish time in microseconds since the Unix epoch; the worker carries it
/// over to the output, so latency can be measured end to end.
pub const PUBLISHED_AT_HEADER: &str = "x-published-at-us";

pub struct Options {
    pub file: PathBuf,
    pub exchange: String,
    pub routing_key: String,
    pub rate: Option<f64>,
    pub window: usize,
    pub repeat: usize,
}

#[derive(Default)]
struct Counts {
    confirmed: u64,
    returned: u64,
    nacked: u64,
    other: u64,
    /// What the broker said of the first message it did not confirm (`404 NOT_FOUND - no
    /// exchange …`), for the final error.
    first_failure: Option<String>,
}

impl Counts {
    fn record(&mut self, r: Result<(), PublishError>) {
        if let Err(e) = &r
            && self.first_failure.is_none()
        {
            self.first_failure = Some(e.to_string());
        }
        match r {
            Ok(()) => self.confirmed += 1,
            Err(PublishError::Returned(_)) => self.returned += 1,
            Err(PublishError::Nacked) => self.nacked += 1,
            Err(_) => self.other += 1,
        }
    }
}

/// Publishes every non-empty line; prints the final counts. Fails when any message was not
/// confirmed, or the broker cannot be reached.
pub fn publish(settings: &Settings, opts: &Options) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&opts.file).with_context(|| format!("cannot read {}", opts.file.display()))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let url = settings.broker_urls().into_iter().next().context("no broker address (amqp.url)")?;
        // The error names the (masked) address already.
        let broker = amqp::connect(&url, &settings.amqp.ca_file, "news-enricher publish").await?;
        if settings.amqp.declare {
            broker.declare_topology(settings).await.context("cannot declare the topology")?;
        }
        let total = (lines.len() * opts.repeat) as u64;
        let progress = progress_bar(Some(total));
        let started = Instant::now();
        let mut pending: VecDeque<PendingConfirm> = VecDeque::with_capacity(opts.window);
        let mut counts = Counts::default();
        let mut sent = 0u64;
        for pass in 0..opts.repeat {
            for line in &lines {
                if let Some(rate) = opts.rate.filter(|r| *r > 0.0) {
                    let due = started + Duration::from_secs_f64(sent as f64 / rate);
                    tokio::time::sleep_until(due.into()).await;
                }
                let (body, id) = with_pass_id(line, pass);
                let props = Properties::json(&id).with_header(PUBLISHED_AT_HEADER, &now_us().to_string());
                let confirm = broker
                    .start_publish(&opts.exchange, &opts.routing_key, body.as_bytes(), props)
                    .await
                    .context("publish failed: the channel is closed (does the exchange exist?)")?;
                pending.push_back(confirm);
                sent += 1;
                if pending.len() >= opts.window
                    && let Some(oldest) = pending.pop_front()
                {
                    counts.record(oldest.wait().await);
                    progress.inc(1);
                }
            }
        }
        while let Some(c) = pending.pop_front() {
            counts.record(c.wait().await);
            progress.inc(1);
        }
        progress.finish_and_clear();
        broker.close().await;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "published {sent} messages to exchange {:?} in {secs:.2}s ({:.0}/s): {} confirmed, {} returned (unroutable), {} nacked, {} failed",
            opts.exchange,
            sent as f64 / secs.max(1e-9),
            counts.confirmed,
            counts.returned,
            counts.nacked,
            counts.other
        );
        if counts.confirmed != sent {
            let why = counts.first_failure.as_deref().unwrap_or("no confirm");
            bail!("{} of {sent} messages were not confirmed; the first: {why}", sent - counts.confirmed);
        }
        Ok(())
    })
}

/// The line, and its id for `message_id`; on later passes the id gets a `#pass` suffix so
/// every published article is distinct.
fn with_pass_id(line: &str, pass: usize) -> (String, String) {
    let Ok(serde_json::Value::Object(mut obj)) = serde_json::from_str::<serde_json::Value>(line) else {
        return (line.to_string(), uuid::Uuid::new_v4().to_string());
    };
    let key = if obj.contains_key("id") {
        "id"
    } else if obj.contains_key("uri") {
        "uri"
    } else {
        ""
    };
    let id = match obj.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return (line.to_string(), uuid::Uuid::new_v4().to_string()),
    };
    if pass == 0 {
        return (line.to_string(), id);
    }
    let id = format!("{id}#{pass}");
    obj.insert(key.to_string(), serde_json::Value::String(id.clone()));
    (serde_json::Value::Object(obj).to_string(), id)
}

fn now_us() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros())
}
