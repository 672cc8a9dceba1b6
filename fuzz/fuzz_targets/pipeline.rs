//! The whole pipeline never panics and its output offsets are valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use news_enricher::article::parse_message;
use news_enricher::pipeline::{Pipeline, PipelineMode};
use std::sync::OnceLock;

static PIPELINE: OnceLock<Option<Pipeline>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(pipeline) = PIPELINE.get_or_init(|| Pipeline::new(PipelineMode::Full).ok()) else { return };
    // The first byte picks the content type, as in the `parse` target, so both share seeds.
    let (content_type, body) = match data.split_first() {
        Some((0, rest)) => (Some("text/plain"), rest),
        Some((1, rest)) => (Some("text/html"), rest),
        Some((_, rest)) => (Some("application/json"), rest),
        None => (None, data),
    };
    let Ok(raw) = parse_message(body, content_type, Some("fuzz"), 2 * 1024 * 1024) else { return };
    if let Ok(doc) = pipeline.process(raw) {
        let len = doc.text.chars().count();
        assert!(doc.paragraphs.iter().all(|p| p.start < p.end && p.end <= len));
        let _ = serde_json::to_string(&doc);
    }
});
