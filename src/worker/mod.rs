//! The worker: consume raw articles, enrich them, publish the result, ack the input.
//!
//! Delivery semantics (at least once):
//! - The input is acked only after the enriched document is confirmed by the broker
//!   (publisher confirms, `mandatory`), so a crash at any point leaves the message unacked
//!   and the broker redelivers it to a replica. Output `message_id`s are deterministic
//!   (UUID v5 of article id and pipeline version), so consumers can drop duplicates.
//! - A message that can never succeed ([`Reject`]) is published to the dead-letter exchange
//!   with `x-error-kind`, `x-error-message` and `x-error-stage`, confirmed, then acked.
//! - A transient publish failure (returned as unroutable, nacked, no confirm in time) sends
//!   the input through the retry queues (delays from `retry.delays_ms`); after the last one
//!   it is parked as `publish_failed`. If even that publish fails, the input is rejected with
//!   requeue (`basic.reject`) and the quorum queue's delivery limit dead-letters it in the end.
//! - A lost channel or connection: nothing can be acked on it any more, and the broker
//!   requeues everything unacked. The worker reconnects with exponential backoff and jitter,
//!   trying each configured broker address in turn, re-declares and resumes.
//!   We run our own reconnect loop rather than lapin's auto-recovery because it must rotate
//!   over several cluster addresses, re-declare the topology and keep readiness exact.
//! - On shutdown the consumer is cancelled, in-flight messages finish (bounded by
//!   `worker.shutdown_timeout_secs`) and the connection is closed; what did not finish is
//!   redelivered elsewhere.
//!
//! The CPU-bound part of a message (parse, pipeline, serialize) runs on `worker.concurrency`
//! threads of its own (`cpu_pool`), never on the async runtime, within
//! `worker.processing_timeout_ms`.

mod cpu_pool;

use crate::amqp::{self, Broker, Delivery, PublishError};
use crate::article::{EnrichedArticle, parse_message};
use crate::config::Settings;
use crate::error::{Reject, RejectKind};
use crate::http::Health;
use crate::metrics::Metrics;
use crate::pipeline::{Pipeline, PipelineMode};
use cpu_pool::{CpuPool, Failed};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, debug, error, info, info_span, warn};

/// With `worker.pipeline = none`, messages up to this size are parsed on the async runtime
/// (tens of microseconds at most) rather than on a processing thread.
const INLINE_MAX_BYTES: usize = 64 * 1024;

/// Everything a message handler needs, shared by all in-flight messages.
struct Context {
    settings: Settings,
    pipeline: Arc<Pipeline>,
    metrics: Arc<Metrics>,
    /// `worker.concurrency` threads for the CPU-bound part of each message.
    cpu: CpuPool,
    /// Set once the "no route for the output" warning has been logged.
    warned_unroutable: std::sync::atomic::AtomicBool,
}

/// How a broker session ended.
enum SessionEnd {
    Shutdown,
    Lost(String),
}

/// Why the worker stopped before it was told to.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The operating system refused to start the processing threads.
    #[error("cannot start the processing threads: {0}")]
    Threads(#[from] std::io::Error),
    /// The broker refused the credentials and `amqp.fail_fast_on_auth` is set.
    #[error("the broker at {0} refused the credentials (ACCESS_REFUSED) and amqp.fail_fast_on_auth is set")]
    AuthRefused(String),
}

/// Runs the worker until `shutdown` is cancelled.
///
/// Broker outages are not errors: the worker reconnects until shut down. Returns an error only
/// for what retrying cannot fix: the operating system refusing to start the processing
/// threads, or (with `amqp.fail_fast_on_auth`) a broker refusing the credentials.
pub async fn run(
    settings: Settings,
    pipeline: Arc<Pipeline>,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    shutdown: CancellationToken,
) -> Result<(), WorkerError> {
    let urls = settings.broker_urls();
    let ctx = Arc::new(Context {
        cpu: CpuPool::start(settings.concurrency(), "pipeline")?,
        settings,
        pipeline,
        metrics,
        warned_unroutable: AtomicBool::new(false),
    });
    let name = format!("{} ({}, pid {})", ctx.settings.amqp.connection_name, hostname(), std::process::id());
    let mut failures: u32 = 0;
    let mut next_url = 0usize;
    let mut connected_before = false;
    while !shutdown.is_cancelled() {
        let url = &urls[next_url % urls.len()];
        let started = Instant::now();
        match session(&ctx, url, &name, &health, &shutdown, &mut connected_before).await {
            Ok(SessionEnd::Shutdown) => break,
            Ok(SessionEnd::Lost(reason)) => {
                warn!(reason = %reason, "broker connection lost; reconnecting");
            }
            Err(e) if e.is_auth_failure() => {
                let broker = crate::config::mask_url(url);
                ctx.metrics.auth_failures.inc();
                error!(error = %e, %broker, "authentication failed: the broker refused the user name or password (check amqp.url or amqp.password_file)");
                if ctx.settings.amqp.fail_fast_on_auth {
                    health.set_ready(false);
                    ctx.metrics.ready.set(0);
                    return Err(WorkerError::AuthRefused(broker));
                }
                next_url += 1;
            }
            Err(e) => {
                warn!(error = %e, broker = %crate::config::mask_url(url), "cannot use broker");
                next_url += 1;
            }
        }
        health.set_ready(false);
        ctx.metrics.ready.set(0);
        // A session that ran for a while resets the backoff.
        if started.elapsed() > Duration::from_secs(30) {
            failures = 0;
        }
        let delay = backoff(&ctx.settings, failures);
        failures = failures.saturating_add(1);
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = shutdown.cancelled() => break,
        }
    }
    health.set_ready(false);
    ctx.metrics.ready.set(0);
    info!("worker stopped");
    Ok(())
}

/// Exponential backoff with equal jitter: half the step fixed, half random.
fn backoff(settings: &Settings, failures: u32) -> Duration {
    let initial = settings.amqp.reconnect_initial_ms;
    let max = settings.amqp.reconnect_max_ms;
    let step = initial.saturating_mul(1u64 << failures.min(20)).min(max);
    let jitter = rand::random_range(0..=step / 2);
    Duration::from_millis(step / 2 + jitter)
}

async fn session(
    ctx: &Arc<Context>,
    url: &str,
    name: &str,
    health: &Health,
    shutdown: &CancellationToken,
    connected_before: &mut bool,
) -> Result<SessionEnd, amqp::AmqpError> {
    let s = &ctx.settings;
    let broker = Arc::new(amqp::connect(url, &s.amqp.ca_file, name).await?);
    if s.amqp.declare {
        broker.declare_topology(s).await?;
    }
    let tag = format!("news-enricher-{}", uuid::Uuid::new_v4());
    let mut deliveries = broker.consume(&s.input.queue, s.input.prefetch, &tag).await?;
    if *connected_before {
        ctx.metrics.reconnects.inc();
    }
    *connected_before = true;
    health.set_ready(true);
    ctx.metrics.ready.set(1);
    info!(broker = %broker.address, queue = %s.input.queue, prefetch = s.input.prefetch, "consuming");

    let mut in_flight = JoinSet::new();
    let end = loop {
        tokio::select! {
            () = shutdown.cancelled() => break SessionEnd::Shutdown,
            next = deliveries.next() => match next {
                Some(Ok(delivery)) => {
                    let ctx = Arc::clone(ctx);
                    let broker = Arc::clone(&broker);
                    in_flight.spawn(async move { handle(&ctx, &broker, delivery).await });
                }
                Some(Err(e)) => break SessionEnd::Lost(e.to_string()),
                None => break SessionEnd::Lost("consumer closed by the broker".into()),
            },
            // Reap finished handlers so the set does not grow.
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
        }
    };
    health.set_ready(false);
    ctx.metrics.ready.set(0);
    match &end {
        SessionEnd::Shutdown => {
            info!(in_flight = in_flight.len(), "shutting down: finishing in-flight messages");
            // Stop new deliveries; what the broker already sent and we did not start is
            // requeued when the channel closes.
            broker.cancel_consumer(&tag).await;
            let limit = Duration::from_secs(s.worker.shutdown_timeout_secs);
            let drained = tokio::time::timeout(limit, async { while in_flight.join_next().await.is_some() {} }).await;
            if drained.is_err() {
                warn!(abandoned = in_flight.len(), "shutdown timeout: leaving the rest to be redelivered");
                in_flight.abort_all();
            }
            // Observed: closing right after the last acks sometimes loses them inside lapin
            // (they come back as redeliveries). A short pause before the settle round trip and
            // the close lets its I/O loop write them out first.
            tokio::time::sleep(Duration::from_millis(250)).await;
            if let Err(e) = broker.settle(s.input.prefetch).await {
                warn!(error = %e, "could not confirm that every ack reached the broker");
            }
            broker.close().await;
        }
        SessionEnd::Lost(_) => {
            // Nothing on the old channel can be acked; the broker redelivers it all.
            in_flight.abort_all();
            broker.close().await;
        }
    }
    Ok(end)
}

/// What processing a message produced.
pub(crate) enum Outcome {
    /// Serialized enriched document, its message id and routing key.
    Enriched {
        body: Vec<u8>,
        message_id: String,
        routing_key: String,
    },
    Rejected(Reject),
    /// Nothing is wrong with the message, but it cannot be processed here now.
    Requeue(String),
}

async fn handle(ctx: &Context, broker: &Broker, delivery: Delivery) {
    let started = Instant::now();
    let m = &ctx.metrics;
    m.consumed.inc();
    m.in_flight.inc();
    if delivery.redelivered {
        m.redelivered.inc();
    }
    let span = info_span!(
        "message",
        message_id = delivery.properties.message_id().unwrap_or(""),
        article_id = tracing::field::Empty,
        redelivered = delivery.redelivered,
    );
    async {
        let outcome = process(ctx, &delivery).await;
        match outcome {
            Outcome::Enriched { body, message_id, routing_key } => {
                publish_enriched(ctx, broker, &delivery, &body, &message_id, &routing_key).await;
            }
            Outcome::Rejected(reject) => {
                warn!(kind = %reject.kind, stage = reject.stage, reason = %reject.message, "rejecting message");
                park(ctx, broker, &delivery, &reject).await;
            }
            Outcome::Requeue(why) => requeue(&delivery, &why).await,
        }
    }
    .instrument(span)
    .await;
    m.in_flight.dec();
    m.message_seconds.observe(started.elapsed().as_secs_f64());
}

/// Parses and enriches on the processing threads, within the processing timeout.
async fn process(ctx: &Context, delivery: &Delivery) -> Outcome {
    let max = ctx.settings.limits.max_message_bytes;
    if ctx.settings.worker.pipeline == PipelineMode::None && delivery.body.len() <= INLINE_MAX_BYTES {
        // Without the pipeline the work is a bounded parse and serialize, cheaper than the
        // hand-off to a processing thread (measured: about 25 µs per message on the benchmark
        // machine, a third of the worker's whole cost per message).
        let props = &delivery.properties;
        let message = Message { body: &delivery.body, content_type: props.content_type(), message_id: props.message_id() };
        return enrich(&ctx.pipeline, &ctx.metrics, &message, max, &ctx.settings.output.routing_key, &AtomicBool::new(false));
    }
    // The job outlives this borrow of the delivery (a timed-out job runs on), so it owns
    // what it reads.
    let body = delivery.body.clone();
    let content_type = delivery.properties.content_type().map(str::to_string);
    let message_id = delivery.properties.message_id().map(str::to_string);
    let pipeline = Arc::clone(&ctx.pipeline);
    let metrics = Arc::clone(&ctx.metrics);
    let template = ctx.settings.output.routing_key.clone();
    let span = tracing::Span::current();
    let limit = Duration::from_millis(ctx.settings.worker.processing_timeout_ms);
    let result = ctx
        .cpu
        .run(limit, move |cancelled| {
            let _entered = span.enter();
            let message = Message { body: &body, content_type: content_type.as_deref(), message_id: message_id.as_deref() };
            enrich(&pipeline, &metrics, &message, max, &template, cancelled)
        })
        .await;
    match result {
        Ok(outcome) => outcome,
        Err(e @ Failed::Timeout(_)) => Outcome::Rejected(Reject { kind: RejectKind::Timeout, stage: "pipeline", message: e.to_string() }),
        Err(e @ Failed::Panicked(_)) => Outcome::Rejected(Reject { kind: RejectKind::Internal, stage: "pipeline", message: e.to_string() }),
        Err(e @ Failed::Stopped) => Outcome::Requeue(e.to_string()),
    }
}

/// What the pipeline reads of a delivery.
struct Message<'a> {
    body: &'a [u8],
    content_type: Option<&'a str>,
    message_id: Option<&'a str>,
}

/// The CPU-bound part: parse, run the pipeline, serialize.
fn enrich(
    pipeline: &Pipeline,
    metrics: &Metrics,
    message: &Message,
    max_bytes: usize,
    routing_template: &str,
    cancelled: &AtomicBool,
) -> Outcome {
    let t = Instant::now();
    let raw = match parse_message(message.body, message.content_type, message.message_id, max_bytes) {
        Ok(raw) => raw,
        Err(r) => return Outcome::Rejected(r),
    };
    metrics.stage("parse", t.elapsed().as_secs_f64());
    tracing::Span::current().record("article_id", raw.id.as_str());
    let doc = match pipeline.process_cancellable(raw, cancelled) {
        Ok(doc) => doc,
        Err(r) => return Outcome::Rejected(r),
    };
    for (stage, us) in &doc.processing.timings_us {
        metrics.stage(stage, *us as f64 / 1e6);
    }
    let t = Instant::now();
    let body = match serde_json::to_vec(&doc) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Rejected(Reject {
                kind: RejectKind::Internal,
                stage: "serialize",
                message: format!("cannot serialize the enriched document: {e}"),
            });
        }
    };
    metrics.stage("serialize", t.elapsed().as_secs_f64());
    Outcome::Enriched { message_id: doc.message_id(), routing_key: routing_key(routing_template, &doc), body }
}

/// Fills the routing-key template: `{language}` (primary subtag, or `und`) and `{source}`
/// (lowercase, characters other than letters, digits and `-` replaced by `-`, or `unknown`).
pub fn routing_key(template: &str, doc: &EnrichedArticle) -> String {
    let language = doc
        .language
        .as_deref()
        .and_then(|l| l.split(['-', '_']).next())
        .map(sanitize)
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "und".to_string());
    let source = doc.source.as_deref().map(sanitize).filter(|s| !s.is_empty()).unwrap_or_else(|| "unknown".to_string());
    let key = template.replace("{language}", &language).replace("{source}", &source);
    // AMQP routing keys are at most 255 bytes.
    let mut end = key.len().min(255);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    key[..end].to_string()
}

fn sanitize(s: &str) -> String {
    s.trim().chars().map(|c| if c.is_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { '-' }).take(64).collect()
}

async fn publish_enriched(ctx: &Context, broker: &Broker, delivery: &Delivery, body: &[u8], message_id: &str, routing_key: &str) {
    let s = &ctx.settings;
    let props = delivery.properties.for_output(message_id);
    let t = Instant::now();
    let timeout = Duration::from_millis(s.output.confirm_timeout_ms);
    match broker.publish(&s.output.exchange, routing_key, body, props, timeout).await {
        Ok(()) => {
            ctx.metrics.confirm_seconds.observe(t.elapsed().as_secs_f64());
            ctx.metrics.published.inc();
            if let Err(e) = delivery.ack().await {
                // The output is out; the input will come again and be published again, with
                // the same message_id for consumers to de-duplicate.
                warn!(error = %e, "ack failed after publish; the message will be redelivered");
            } else {
                debug!(routing_key, "published");
            }
        }
        Err(PublishError::Channel(e)) => {
            ctx.metrics.publish_failure("channel");
            warn!(error = %e, "publish channel failed; the broker will redeliver the input");
        }
        Err(e) => {
            ctx.metrics.publish_failure(e.reason());
            if matches!(e, PublishError::Returned(_)) && !ctx.warned_unroutable.swap(true, std::sync::atomic::Ordering::Relaxed) {
                warn!(
                    exchange = %s.output.exchange,
                    routing_key,
                    "the output has no route: no queue is bound to the output exchange for this routing key, so enriched \
                     documents go through the retries to the dead-letter queue. Bind a queue, or watch with `news-enricher tap` \
                     (said once)"
                );
            }
            retry_or_park(ctx, broker, delivery, &e).await;
        }
    }
}

/// Sends the input through the next retry delay, or parks it when the delays are used up.
async fn retry_or_park(ctx: &Context, broker: &Broker, delivery: &Delivery, cause: &PublishError) {
    let s = &ctx.settings;
    let attempt = delivery.properties.retry_count();
    let Some(delay) = s.retry.delays_ms.get(attempt as usize) else {
        let reject = Reject {
            kind: RejectKind::PublishFailed,
            stage: "publish",
            message: format!("output not published after {attempt} retries: {cause}"),
        };
        error!(reason = %reject.message, "parking message");
        park(ctx, broker, delivery, &reject).await;
        return;
    };
    let props = delivery.properties.for_retry(attempt + 1);
    let timeout = Duration::from_millis(s.output.confirm_timeout_ms);
    match broker.publish(&s.retry.exchange, &delay.to_string(), &delivery.body, props, timeout).await {
        Ok(()) => {
            ctx.metrics.retry(cause.reason());
            warn!(cause = %cause, attempt = attempt + 1, delay_ms = delay, "output not published; retrying later");
            if let Err(e) = delivery.ack().await {
                warn!(error = %e, "ack failed after scheduling a retry; the message will come twice");
            }
        }
        Err(e) => {
            ctx.metrics.publish_failure(e.reason());
            requeue(delivery, &format!("cannot schedule a retry: {e}")).await;
        }
    }
}

/// Publishes the input to the dead-letter exchange with the reason, then acks it.
async fn park(ctx: &Context, broker: &Broker, delivery: &Delivery, reject: &Reject) {
    let s = &ctx.settings;
    let props = delivery.properties.for_dead_letter(reject, &delivery.routing_key);
    let key = format!("rejected.{}", reject.kind);
    let timeout = Duration::from_millis(s.output.confirm_timeout_ms);
    match broker.publish(&s.dead_letter.exchange, &key, &delivery.body, props, timeout).await {
        Ok(()) => {
            ctx.metrics.reject(reject.kind);
            if let Err(e) = delivery.ack().await {
                warn!(error = %e, "ack failed after dead-lettering; the message will come again");
            }
        }
        Err(e) => {
            ctx.metrics.publish_failure(e.reason());
            requeue(delivery, &format!("cannot dead-letter: {e}")).await;
        }
    }
}

/// Gives the message back to the broker; the quorum queue counts the delivery and
/// dead-letters it once `input.delivery_limit` is reached.
async fn requeue(delivery: &Delivery, why: &str) {
    error!(reason = why, "requeueing message");
    if let Err(e) = delivery.reject(true).await {
        warn!(error = %e, "reject failed; the broker will redeliver when the channel closes");
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(language: Option<&str>, source: Option<&str>) -> EnrichedArticle {
        let raw = parse_message(br#"{"id":"x","body":"Some text here."}"#, None, None, 1000).unwrap();
        let mut d = Pipeline::new(PipelineMode::None).unwrap().process(raw).unwrap();
        d.language = language.map(str::to_string);
        d.source = source.map(str::to_string);
        d
    }

    #[test]
    fn routing_key_template() {
        assert_eq!(routing_key("enriched.{language}", &doc(Some("nb-NO"), None)), "enriched.nb");
        assert_eq!(routing_key("enriched.{language}", &doc(None, None)), "enriched.und");
        assert_eq!(routing_key("e.{source}.{language}", &doc(Some("en"), Some("Global Times"))), "e.global-times.en");
        assert_eq!(routing_key("e.{source}", &doc(Some("en"), Some("a.b#c"))), "e.a-b-c");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let s = Settings::load_from(None, Vec::new()).unwrap();
        for failures in 0..40 {
            let d = backoff(&s, failures).as_millis() as u64;
            let step = (s.amqp.reconnect_initial_ms << failures.min(20)).min(s.amqp.reconnect_max_ms);
            assert!(d >= step / 2 && d <= step, "failures {failures}: {d} not in [{}, {step}]", step / 2);
        }
    }
}
