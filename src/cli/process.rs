//! `news-enricher process`: the pipeline over JSON lines, no broker. Output order is input
//! order; a line that cannot be processed yields an error line and processing goes on.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use news_enricher::article::parse_message;
use news_enricher::config::Settings;
use news_enricher::error::Reject;
use news_enricher::pipeline::{Pipeline, PipelineMode};
use serde_json::json;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

/// The bundled examples, used when no input is given.
const EXAMPLES: &str = include_str!("../../examples/articles.jsonl");

/// Lines handed to the threads at once; large enough to keep every core busy.
const BATCH: usize = 512;

/// Processes `input` (a file, `-` for stdin, or the bundled examples) into `output`
/// (stdout by default) with `jobs` threads.
pub fn process(
    settings: &Settings,
    input: Option<&Path>,
    output: Option<&Path>,
    mode: PipelineMode,
    jobs: usize,
) -> anyhow::Result<()> {
    let (reader, total): (Box<dyn BufRead>, Option<u64>) = match input {
        None => (Box::new(EXAMPLES.as_bytes()), Some(EXAMPLES.lines().count() as u64)),
        Some(p) if p == Path::new("-") => (Box::new(BufReader::new(std::io::stdin())), None),
        Some(p) => {
            let file = File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            let lines = count_lines(File::open(p)?)?;
            (Box::new(BufReader::new(file)), Some(lines))
        }
    };
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let progress = progress_bar(total);
    let pipeline = Pipeline::new(mode).context("cannot load the pipeline")?;
    let max = settings.limits.max_message_bytes;
    let jobs = jobs.max(1);

    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut lines = reader.lines().enumerate();
    loop {
        batch.clear();
        for (n, line) in lines.by_ref() {
            let line = line.with_context(|| format!("cannot read line {}", n + 1))?;
            if !line.trim().is_empty() {
                batch.push((n + 1, line));
            }
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let results = run_batch(&pipeline, &batch, max, jobs);
        for result in results {
            match result {
                Ok(line) => {
                    ok += 1;
                    out.write_all(line.as_bytes())?;
                }
                Err(line) => {
                    failed += 1;
                    out.write_all(line.as_bytes())?;
                }
            }
            out.write_all(b"\n")?;
        }
        progress.inc(batch.len() as u64);
    }
    out.flush().context("cannot write output")?;
    progress.finish_and_clear();
    if std::io::stderr().is_terminal() {
        eprintln!("processed {} articles: {ok} enriched, {failed} errors", ok + failed);
    }
    Ok(())
}

/// Enriches a batch on `jobs` scoped threads; results keep the batch order.
fn run_batch(pipeline: &Pipeline, batch: &[(usize, String)], max: usize, jobs: usize) -> Vec<Result<String, String>> {
    let chunk = batch.len().div_ceil(jobs).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|(n, line)| enrich_line(pipeline, *n, line, max)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| vec![Err(json!({"id": null, "error": {"kind": "internal", "message": "a processing thread panicked"}}).to_string())])
            })
            .collect()
    })
}

/// One input line to one output line: the enriched document, or an error object.
fn enrich_line(pipeline: &Pipeline, n: usize, line: &str, max: usize) -> Result<String, String> {
    let doc = parse_message(line.as_bytes(), None, None, max).and_then(|raw| pipeline.process(raw));
    match doc.map(|d| serde_json::to_string(&d)) {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(error_line(line, n, "serialize", "internal", &e.to_string())),
        Err(Reject { kind, stage, message }) => Err(error_line(line, n, stage, kind.as_str(), &message)),
    }
}

fn error_line(line: &str, n: usize, stage: &str, kind: &str, message: &str) -> String {
    // Best effort: the id the line carries, if it is JSON with one.
    let id = serde_json::from_str::<serde_json::Value>(line).ok().and_then(|v| {
        ["id", "uri"].iter().find_map(|k| match v.get(k) {
            Some(serde_json::Value::String(s)) => Some(json!(s)),
            Some(serde_json::Value::Number(n)) => Some(json!(n.to_string())),
            _ => None,
        })
    });
    json!({"id": id, "line": n, "error": {"kind": kind, "stage": stage, "message": message}}).to_string()
}

fn count_lines(mut file: File) -> anyhow::Result<u64> {
    let mut buf = vec![0u8; 1 << 16];
    let mut count = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(count);
        }
        count += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
}

/// A progress bar on stderr when it is a terminal; hidden otherwise.
pub fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match total {
        Some(n) => {
            let bar = ProgressBar::new(n);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {per_sec}, eta {eta}") {
                bar.set_style(style);
            }
            bar
        }
        None => ProgressBar::new_spinner(),
    }
}
