//! Normalization throughput: MB/s of article bodies normalized on one core.
//!
//! Inputs: the HTML and plain-text bodies of the development set (`../shared/devset/`) and
//! the bundled examples. Target: at least 50 MB/s of HTML per core.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use news_enricher::article::{Body, parse_message};
use news_enricher::pipeline::normalize;
use std::hint::black_box;

fn bodies() -> (Vec<Body>, Vec<Body>) {
    let mut lines: Vec<String> = include_str!("../examples/articles.jsonl").lines().map(str::to_string).collect();
    let devset = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/devset/articles.jsonl");
    match std::fs::read_to_string(devset) {
        Ok(text) => lines.extend(text.lines().map(str::to_string)),
        Err(e) => eprintln!("{devset} not readable ({e}); measuring the bundled examples only"),
    }
    let mut html = Vec::new();
    let mut text = Vec::new();
    for line in lines {
        match parse_message(line.as_bytes(), None, None, usize::MAX).map(|a| a.body) {
            Ok(b @ Body::Html(_)) => html.push(b),
            Ok(b @ Body::Text(_)) => text.push(b),
            Err(_) => {}
        }
    }
    (html, text)
}

fn bench(c: &mut Criterion) {
    let (html, text) = bodies();
    let mut group = c.benchmark_group("normalize");
    for (name, set) in [("html", &html), ("text", &text)] {
        let bytes: usize = set.iter().map(|b| b.as_str().len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for body in set.iter() {
                    black_box(normalize(black_box(body)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
