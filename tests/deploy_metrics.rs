//! The operators' dashboard and alert rules under `deploy/` use only metrics the worker
//! exports ([`news_enricher::metrics::EXPORTED`]; histograms also as `_bucket`, `_sum`,
//! `_count`). Other sources (RabbitMQ's `rabbitmq_*`, kube-state-metrics' `kube_*`) are not
//! checked here. scripts/check-deploy.sh makes the same check without compiling.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use news_enricher::metrics::EXPORTED;
use std::collections::BTreeSet;
use std::path::Path;

const FILES: &[&str] = &["deploy/grafana/news-enricher.json", "deploy/prometheus/alerts.yaml", "deploy/prometheus/alerts.test.yaml"];

/// Every `news_enricher_…` name in `text` (a name starts where no word character precedes it),
/// as the Python twin in scripts/deploy_checks.py finds them.
fn used_names(text: &str) -> BTreeSet<String> {
    const PREFIX: &str = "news_enricher_";
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut names = BTreeSet::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(PREFIX) {
        let start = from + pos;
        let mut end = start + PREFIX.len();
        while end < bytes.len() && (bytes[end].is_ascii_lowercase() || bytes[end].is_ascii_digit() || bytes[end] == b'_') {
            end += 1;
        }
        // A bare prefix (`news_enricher_*` in a comment) names no metric.
        if end > start + PREFIX.len() && (start == 0 || !is_word(bytes[start - 1])) {
            names.insert(text[start..end].to_string());
        }
        from = end;
    }
    names
}

/// Exported as is, or a histogram's series (the histograms are the `…_seconds` families).
fn is_exported(name: &str) -> bool {
    EXPORTED.contains(&name)
        || ["_bucket", "_sum", "_count"]
            .iter()
            .any(|suffix| name.strip_suffix(suffix).is_some_and(|base| base.ends_with("_seconds") && EXPORTED.contains(&base)))
}

#[test]
fn dashboard_and_alerts_use_only_exported_metrics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in FILES {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let names = used_names(&text);
        assert!(!names.is_empty(), "{file} uses no news_enricher_ metric");
        let unknown: Vec<_> = names.iter().filter(|n| !is_exported(n)).collect();
        assert!(unknown.is_empty(), "{file} uses metrics the worker does not export: {unknown:?}\nexported: {EXPORTED:?}");
    }
}

#[test]
fn the_check_rejects_unknown_names() {
    let names =
        used_names(r#"rate(news_enricher_messages_consumed_total[5m]) + news_enricher_bogus_total x_news_enricher_ready news_enricher_*"#);
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["news_enricher_bogus_total", "news_enricher_messages_consumed_total"]);
    assert!(is_exported("news_enricher_stage_duration_seconds_bucket"));
    assert!(!is_exported("news_enricher_bogus_total"));
    assert!(!is_exported("news_enricher_ready_bucket"));
}
