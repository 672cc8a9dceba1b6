//! Whole-pipeline speed on one core: words per second of normalize + tokenize + entities +
//! values, on the development set and on CoNLL-2003 eng.testa text (both read in place from
//! `../shared/`; the bundled examples when they are missing). Target: 500,000 words/s.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use news_enricher::article::{RawArticle, parse_message};
use news_enricher::pipeline::{Pipeline, PipelineMode};
use std::hint::black_box;

/// The allocator the `news-enricher` binary uses, so the figure is the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load(path: &str, conll: bool) -> Vec<RawArticle> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| include_str!("../examples/articles.jsonl").to_string());
    text.lines()
        .filter_map(|line| {
            let line = if conll {
                let v: serde_json::Value = serde_json::from_str(line).ok()?;
                serde_json::json!({"id": v["id"], "body": v["text"], "language": "en"}).to_string()
            } else {
                line.to_string()
            };
            parse_message(line.as_bytes(), None, None, usize::MAX).ok()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let Ok(pipeline) = Pipeline::new(PipelineMode::Full) else {
        eprintln!("the pipeline does not load");
        return;
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let sets = [
        ("devset", load(&format!("{root}/../shared/devset/articles.jsonl"), false)),
        ("conll-testa", load(&format!("{root}/../shared/datasets/conll2003/eng.testa.jsonl"), true)),
    ];
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(20);
    for (name, articles) in &sets {
        let words: usize = articles.iter().map(|a| a.body.as_str().split_whitespace().count()).sum();
        group.throughput(Throughput::Elements(words as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                for a in articles {
                    let _ = black_box(pipeline.process(black_box(a.clone())));
                }
            })
        });
    }
    group.finish();

    // Start-up: the tagger model and the lexicon automaton (target: under 300 ms).
    let mut start = c.benchmark_group("startup");
    start.sample_size(10);
    start.bench_function("pipeline-load", |b| b.iter(|| black_box(Pipeline::new(PipelineMode::Full).is_ok())));
    start.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
