//! Prometheus metrics of the worker, all prefixed `news_enricher_`, served on `/metrics`.
//!
//! One [`Metrics`] value is made at start-up and shared; nothing here is global.

use crate::error::RejectKind;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    pub reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StageLabel {
    pub stage: String,
}

fn latency_histogram() -> Histogram {
    // 10 µs .. ~20 s
    Histogram::new(exponential_buckets(0.000_01, 2.5, 17))
}

/// Every metric the worker exports. The names in the exposition are the registry prefix
/// `news_enricher_` plus the name given at registration (counters get `_total`).
pub struct Metrics {
    registry: Registry,
    pub consumed: Counter,
    pub published: Counter,
    pub rejected: Family<KindLabel, Counter>,
    pub retried: Family<ReasonLabel, Counter>,
    pub publish_failures: Family<ReasonLabel, Counter>,
    pub redelivered: Counter,
    pub in_flight: Gauge,
    pub stage_seconds: Family<StageLabel, Histogram, fn() -> Histogram>,
    pub message_seconds: Histogram,
    pub confirm_seconds: Histogram,
    pub reconnects: Counter,
    pub auth_failures: Counter,
    pub ready: Gauge,
}

/// The metric families the worker exports, as they appear in `/metrics` (histograms also
/// expose `_bucket`, `_sum` and `_count`). Dashboards and alerts may only use these.
pub const EXPORTED: &[&str] = &[
    "news_enricher_messages_consumed_total",
    "news_enricher_messages_published_total",
    "news_enricher_messages_rejected_total",
    "news_enricher_messages_retried_total",
    "news_enricher_publish_failures_total",
    "news_enricher_messages_redelivered_total",
    "news_enricher_messages_in_flight",
    "news_enricher_stage_duration_seconds",
    "news_enricher_message_duration_seconds",
    "news_enricher_publish_confirm_duration_seconds",
    "news_enricher_reconnects_total",
    "news_enricher_broker_auth_failures_total",
    "news_enricher_ready",
    "news_enricher_build_info",
];

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every metric; label values known in advance (reject kinds, stages) start at 0
    /// so dashboards and `rate()` see them before the first event.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("news_enricher");
        let m = Metrics {
            consumed: Counter::default(),
            published: Counter::default(),
            rejected: Family::default(),
            retried: Family::default(),
            publish_failures: Family::default(),
            redelivered: Counter::default(),
            in_flight: Gauge::default(),
            stage_seconds: Family::new_with_constructor(latency_histogram as fn() -> Histogram),
            message_seconds: latency_histogram(),
            confirm_seconds: latency_histogram(),
            reconnects: Counter::default(),
            auth_failures: Counter::default(),
            ready: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register("messages_consumed", "Deliveries received from the input queue", m.consumed.clone());
        registry.register("messages_published", "Enriched documents confirmed by the broker", m.published.clone());
        registry.register("messages_rejected", "Messages parked in the dead-letter queue, by kind", m.rejected.clone());
        registry.register("messages_retried", "Messages sent to the delayed retry path, by reason", m.retried.clone());
        registry.register(
            "publish_failures",
            "Publishes not confirmed (returned, nacked, timeout, channel), by reason",
            m.publish_failures.clone(),
        );
        registry.register("messages_redelivered", "Deliveries flagged as redelivered by the broker", m.redelivered.clone());
        registry.register("messages_in_flight", "Deliveries received and not yet acked or rejected", m.in_flight.clone());
        registry.register("stage_duration_seconds", "Pipeline stage wall time per article", m.stage_seconds.clone());
        registry.register("message_duration_seconds", "From delivery to ack, per message", m.message_seconds.clone());
        registry.register("publish_confirm_duration_seconds", "From publish to broker confirm", m.confirm_seconds.clone());
        registry.register("reconnects", "Broker connections lost and re-established", m.reconnects.clone());
        registry.register(
            "broker_auth_failures",
            "Connection attempts the broker refused as ACCESS_REFUSED (bad credentials)",
            m.auth_failures.clone(),
        );
        registry.register("ready", "1 while connected and consuming", m.ready.clone());
        let build_info: Family<Vec<(String, String)>, Gauge> = Family::default();
        build_info.get_or_create(&vec![("version".to_string(), env!("CARGO_PKG_VERSION").to_string())]).set(1);
        registry.register("build_info", "Build information", build_info);
        for kind in RejectKind::ALL {
            let _ = m.rejected.get_or_create(&KindLabel { kind: kind.as_str().to_string() });
        }
        // Every series starts at 0, so that rates and alerts see it before its first event.
        let stages = std::iter::once("parse").chain(crate::pipeline::STAGES).chain(["serialize"]);
        for stage in stages {
            let _ = m.stage_seconds.get_or_create(&StageLabel { stage: stage.to_string() });
        }
        for reason in crate::amqp::PublishError::REASONS {
            let _ = m.publish_failures.get_or_create(&ReasonLabel { reason: reason.to_string() });
            let _ = m.retried.get_or_create(&ReasonLabel { reason: reason.to_string() });
        }
        Metrics { registry, ..m }
    }

    /// Counts a parked message.
    pub fn reject(&self, kind: RejectKind) {
        self.rejected.get_or_create(&KindLabel { kind: kind.as_str().to_string() }).inc();
    }

    /// Records one stage's time.
    pub fn stage(&self, stage: &str, seconds: f64) {
        self.stage_seconds.get_or_create(&StageLabel { stage: stage.to_string() }).observe(seconds);
    }

    /// Counts a publish that was not confirmed, by reason (returned, nacked, timeout, channel).
    pub fn publish_failure(&self, reason: &str) {
        self.publish_failures.get_or_create(&ReasonLabel { reason: reason.to_string() }).inc();
    }

    /// Counts a message sent to the retry path.
    pub fn retry(&self, reason: &str) {
        self.retried.get_or_create(&ReasonLabel { reason: reason.to_string() }).inc();
    }

    /// The Prometheus text exposition (OpenMetrics text format).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            out = format!("# encoding failed: {e}\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_family_appears_in_the_exposition() {
        let m = Metrics::new();
        m.consumed.inc();
        m.reject(RejectKind::MalformedJson);
        m.retry("returned");
        m.publish_failure("returned");
        m.stage("normalize", 0.001);
        let text = m.encode();
        for name in EXPORTED {
            assert!(text.contains(name), "{name} missing from:\n{text}");
        }
        assert!(text.contains("news_enricher_messages_rejected_total{kind=\"malformed_json\"} 1"));
        assert!(text.contains("news_enricher_messages_consumed_total 1"));
    }

    #[test]
    fn every_series_is_there_before_its_first_event() {
        let text = Metrics::new().encode();
        for stage in ["parse", "normalize", "language", "entities", "quotes", "serialize"] {
            assert!(
                text.contains(&format!("news_enricher_stage_duration_seconds_count{{stage=\"{stage}\"}} 0")),
                "{stage} missing:\n{text}"
            );
        }
        for reason in ["returned", "nacked", "timeout", "channel"] {
            assert!(text.contains(&format!("news_enricher_publish_failures_total{{reason=\"{reason}\"}} 0")), "{reason} missing:\n{text}");
            assert!(text.contains(&format!("news_enricher_messages_retried_total{{reason=\"{reason}\"}} 0")), "{reason} missing:\n{text}");
        }
        assert!(text.contains("news_enricher_messages_rejected_total{kind=\"internal\"} 0"));
    }
}
