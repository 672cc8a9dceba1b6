//! `news-enricher tap`: print the enriched documents the output exchange routes, as they
//! arrive. It binds a temporary queue (exclusive, deleted when tap exits) so it never takes
//! messages from anyone else: for a first run, a demo, or a look at production traffic.

use anyhow::Context;
use news_enricher::amqp;
use news_enricher::config::Settings;
use std::io::Write;

pub struct Options {
    /// Exchange to watch (default: output.exchange).
    pub exchange: String,
    /// Binding key of the temporary queue (`#`: everything).
    pub binding_key: String,
    /// Stop after this many documents.
    pub count: Option<u64>,
}

/// Prints each routed message body as one line on stdout until `count` are printed, or
/// SIGINT/SIGTERM. Fails when the broker cannot be reached or the queue cannot be bound.
pub fn tap(settings: &Settings, opts: &Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let url = settings.broker_urls().into_iter().next().context("no broker address (amqp.url)")?;
        let broker = amqp::connect(&url, &settings.amqp.ca_file, "news-enricher tap").await?;
        if settings.amqp.declare {
            // tap may start before the first worker: the exchange must exist to bind to it.
            broker.declare_topology(settings).await.context("cannot declare the topology")?;
        }
        let queue = format!("news-enricher.tap.{}", uuid::Uuid::new_v4().simple());
        let mut deliveries = broker.watch(&opts.exchange, &opts.binding_key, &queue, true).await.context("cannot bind the tap queue")?;
        eprintln!("tap: printing what exchange {:?} routes with {:?}; Ctrl-C to stop", opts.exchange, opts.binding_key);
        let mut printed = 0u64;
        let mut out = std::io::stdout().lock();
        let stop = stop_signal();
        tokio::pin!(stop);
        while opts.count.is_none_or(|n| printed < n) {
            let delivery = tokio::select! {
                d = deliveries.next() => d,
                () = &mut stop => break,
            };
            match delivery {
                Some(Ok(d)) => {
                    out.write_all(&d.body)?;
                    out.write_all(b"\n")?;
                    out.flush()?;
                    printed += 1;
                }
                Some(Err(e)) => return Err(e).context("the tap queue failed"),
                None => break,
            }
        }
        broker.close().await;
        eprintln!("tap: {printed} documents");
        Ok(())
    })
}

/// Resolves on the first SIGINT or SIGTERM (never, if the handlers cannot be installed).
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}
