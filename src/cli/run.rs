//! `news-enricher run`: logs, HTTP endpoints, signals, and the worker loop.

use super::logging;
use anyhow::Context;
use news_enricher::config::{Settings, mask_url};
use news_enricher::http::{self, Health};
use news_enricher::metrics::Metrics;
use news_enricher::pipeline::Pipeline;
use news_enricher::worker;
use std::sync::Arc;
use std::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

/// Runs until SIGTERM or SIGINT; returns an error when start-up fails (logs, listener).
pub fn run(settings: Settings) -> anyhow::Result<()> {
    logging::init(&settings.log)?;
    // Before any thread exists, so every thread (runtime, AMQP I/O, pipeline) inherits it.
    if settings.worker.batch_scheduling {
        batch_scheduling();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The pipeline has its own threads (`worker.concurrency` of them); tokio's blocking
        // pool only serves the odd file read or name lookup.
        .max_blocking_threads(8)
        .thread_name("news-enricher")
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run_async(settings))
}

async fn run_async(settings: Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let pipeline = Arc::new(
        Pipeline::new(settings.worker.pipeline)
            .context("cannot load the pipeline")?
            .with_default_language(settings.language.default_language()),
    );
    info!(
        version = env!("CARGO_PKG_VERSION"),
        pipeline_version = pipeline.version(),
        load_ms = started.elapsed().as_millis() as u64,
        brokers = %settings.broker_urls().iter().map(|u| mask_url(u)).collect::<Vec<_>>().join(","),
        concurrency = settings.concurrency(),
        "starting"
    );
    let metrics = Arc::new(Metrics::new());
    let health = Arc::new(Health::default());
    let shutdown = CancellationToken::new();

    let addr = settings.http_listen()?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on http.listen = {addr}"))?;
    info!(%addr, "serving /healthz, /readyz, /metrics");
    let http_task = tokio::spawn(http::serve(listener, Arc::clone(&health), Arc::clone(&metrics), shutdown.clone()));

    tokio::spawn(forward_signals(shutdown.clone()));
    let outcome = worker::run(settings, pipeline, metrics, health, shutdown.clone()).await;
    shutdown.cancel();
    match http_task.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => error!(error = %e, "http server failed"),
        Err(e) => error!(error = %e, "http server task failed"),
    }
    outcome.context("worker failed")?;
    info!("bye");
    Ok(())
}

/// Puts the calling thread under SCHED_BATCH at nice 0 (threads created later inherit it).
/// Not fatal when refused (a seccomp profile, a process started with a higher nice value
/// and no right to lower it): the worker runs on and says so.
fn batch_scheduling() {
    use thread_priority::{
        NormalThreadSchedulePolicy, ThreadPriority, ThreadPriorityOsValue, ThreadSchedulePolicy, set_thread_priority_and_policy,
        thread_native_id,
    };
    // The crate sets the nice value along with the policy; 0 is the default.
    let priority = ThreadPriority::Os(ThreadPriorityOsValue::default());
    let policy = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Batch);
    match set_thread_priority_and_policy(thread_native_id(), priority, policy) {
        Ok(()) => info!("threads run under SCHED_BATCH (worker.batch_scheduling)"),
        Err(e) => warn!(error = ?e, "cannot set SCHED_BATCH at nice 0; scheduling may be the default"),
    }
}

/// Cancels `shutdown` on the first SIGTERM or SIGINT.
async fn forward_signals(shutdown: CancellationToken) {
    use tokio::signal::unix::{SignalKind, signal};
    let (mut term, mut int) = match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
        (Ok(t), Ok(i)) => (t, i),
        (Err(e), _) | (_, Err(e)) => {
            error!(error = %e, "cannot install signal handlers; stop with SIGKILL only");
            return;
        }
    };
    tokio::select! {
        _ = term.recv() => info!("SIGTERM received"),
        _ = int.recv() => info!("SIGINT received"),
    }
    shutdown.cancel();
}
