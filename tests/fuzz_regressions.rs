//! Every input a fuzz target ever crashed on, kept in `fuzz/regressions/<target>/` and run
//! here through the same code the target runs (see `fuzz/fuzz_targets/`), so a fixed crash
//! stays fixed without cargo-fuzz.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use news_enricher::article::parse_message;
use news_enricher::pipeline::{Pipeline, PipelineMode};
use std::path::Path;

/// The files of `fuzz/regressions/<target>`, sorted.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).ok()?)))
        .collect();
    files.sort();
    files
}

#[test]
fn pipeline_crashes_found_by_fuzzing_stay_fixed() {
    let files = inputs("pipeline");
    assert!(!files.is_empty(), "fuzz/regressions/pipeline holds the crash inputs");
    let pipeline = match Pipeline::new(PipelineMode::Full) {
        Ok(p) => p,
        Err(e) => panic!("the pipeline loads: {e}"),
    };
    let mut processed = 0;
    for (name, data) in files {
        // As the fuzz target: the first byte picks the content type.
        let (content_type, body) = match data.split_first() {
            Some((0, rest)) => (Some("text/plain"), rest),
            Some((1, rest)) => (Some("text/html"), rest),
            Some((_, rest)) => (Some("application/json"), rest),
            None => (None, &data[..]),
        };
        let Ok(raw) = parse_message(body, content_type, Some("fuzz"), 2 * 1024 * 1024) else { continue };
        let raw = news_enricher::article::RawArticle { language: Some("en".into()), ..raw };
        if let Ok(doc) = pipeline.process(raw) {
            let len = doc.text.chars().count();
            assert!(doc.paragraphs.iter().all(|p| p.start < p.end && p.end <= len), "{name}: paragraph offsets");
            for q in &doc.quotes {
                assert!(q.start <= q.end && q.end <= len, "{name}: quote offsets");
            }
            processed += 1;
        }
    }
    assert!(processed > 0, "at least one regression input reaches the whole pipeline");
}
