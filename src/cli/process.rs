//! `news-enricher process`: the pipeline over JSON lines, no broker. One output line per
//! input line, in input order; a line that cannot be processed (not UTF-8, not JSON, blank,
//! or even a bug in the pipeline) yields an error line and processing goes on.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use news_enricher::article::parse_message;
use news_enricher::config::Settings;
use news_enricher::error::{Reject, RejectKind};
use news_enricher::pipeline::{Pipeline, PipelineMode};
use serde_json::json;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

/// The bundled examples, used when no input is given.
const EXAMPLES: &str = include_str!("../../examples/articles.jsonl");

/// Lines handed to the threads at once; large enough to keep every core busy.
const BATCH: usize = 512;

/// What a run did, printed to stderr at the end.
#[derive(Debug, Default)]
pub struct Summary {
    pub read: usize,
    pub enriched: usize,
    /// Error lines by kind (`malformed_json`, `invalid_utf8`, ...).
    pub errors: std::collections::BTreeMap<String, usize>,
    /// Words of the enriched texts.
    pub words: usize,
}

impl Summary {
    pub fn failed(&self) -> usize {
        self.errors.values().sum()
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "read {} lines: {} enriched, {} errors", self.read, self.enriched, self.failed())?;
        if !self.errors.is_empty() {
            let kinds: Vec<String> = self.errors.iter().map(|(k, n)| format!("{k} {n}")).collect();
            write!(f, " ({})", kinds.join(", "))?;
        }
        Ok(())
    }
}

/// Processes `input` (a file, `-` for stdin, or the bundled examples) into `output`
/// (stdout by default) with `jobs` threads: one output line per input line, in order, and
/// a summary on stderr at the end. Returns the summary; an error only when the input cannot
/// be read or the output written.
pub fn process(
    settings: &Settings,
    input: Option<&Path>,
    output: Option<&Path>,
    mode: PipelineMode,
    jobs: usize,
) -> anyhow::Result<Summary> {
    let (mut reader, total): (Box<dyn BufRead>, Option<u64>) = match input {
        None => (Box::new(EXAMPLES.as_bytes()), Some(EXAMPLES.lines().count() as u64)),
        Some(p) if p == Path::new("-") => (Box::new(BufReader::new(std::io::stdin())), None),
        Some(p) => {
            let file = File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            let lines = count_lines(File::open(p)?)?;
            (Box::new(BufReader::new(file)), Some(lines))
        }
    };
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let progress = progress_bar(total);
    let pipeline = Pipeline::new(mode).context("cannot load the pipeline")?.with_default_language(settings.language.default_language());
    let max = settings.limits.max_message_bytes;
    let jobs = jobs.max(1);
    let started = std::time::Instant::now();

    let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
    let mut summary = Summary::default();
    let mut n = 0usize;
    loop {
        batch.clear();
        while batch.len() < BATCH {
            // Lines are read as bytes: a line that is not UTF-8 gives an `invalid_utf8` error
            // line, as the worker dead-letters such a message, and the run goes on.
            let mut line = Vec::new();
            let read = reader.read_until(b'\n', &mut line).with_context(|| format!("cannot read line {}", n + 1))?;
            if read == 0 {
                break;
            }
            n += 1;
            if line.ends_with(b"\n") {
                line.pop();
                if line.ends_with(b"\r") {
                    line.pop();
                }
            }
            // A UTF-8 byte order mark opens some files written on Windows.
            if n == 1 && line.starts_with(b"\xEF\xBB\xBF") {
                line.drain(..3);
            }
            batch.push((n, line));
        }
        if batch.is_empty() {
            break;
        }
        for result in run_batch(&pipeline, &batch, max, jobs) {
            summary.read += 1;
            match result {
                Ok((line, words)) => {
                    summary.enriched += 1;
                    summary.words += words;
                    out.write_all(line.as_bytes())?;
                }
                Err((line, kind)) => {
                    *summary.errors.entry(kind).or_default() += 1;
                    out.write_all(line.as_bytes())?;
                }
            }
            out.write_all(b"\n")?;
        }
        progress.inc(batch.len() as u64);
    }
    out.flush().context("cannot write output")?;
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!("process: {summary}; {:.0} words/s", summary.words as f64 / seconds);
    Ok(summary)
}

/// An output line and the number of words enriched, or an error line and its kind.
type LineResult = Result<(String, usize), (String, String)>;

/// Enriches a batch on `jobs` scoped threads; results keep the batch order, one per line.
fn run_batch(pipeline: &Pipeline, batch: &[(usize, Vec<u8>)], max: usize, jobs: usize) -> Vec<LineResult> {
    let chunk = batch.len().div_ceil(jobs).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| (part, scope.spawn(move || part.iter().map(|(n, line)| enrich_line(pipeline, *n, line, max)).collect::<Vec<_>>())))
            .collect();
        handles
            .into_iter()
            .flat_map(|(part, h)| {
                // enrich_line catches panics; should a thread die anyway, each of its lines
                // still gets its own error line.
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|(n, line)| Err((error_line(line, *n, "pipeline", "internal", "a processing thread died"), "internal".into())))
                        .collect()
                })
            })
            .collect()
    })
}

/// One input line to one output line: the enriched document, or an error object. A panic in
/// the pipeline (a bug) is caught and becomes an `internal` error line for this line alone.
fn enrich_line(pipeline: &Pipeline, n: usize, line: &[u8], max: usize) -> LineResult {
    let fail = |stage: &str, kind: &str, message: &str| Err((error_line(line, n, stage, kind, message), kind.to_string()));
    if line.iter().all(u8::is_ascii_whitespace) {
        return fail("input", RejectKind::EmptyBody.as_str(), "blank line");
    }
    let run = || parse_message(line, None, None, max).and_then(|raw| pipeline.process(raw));
    let doc = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(doc) => doc,
        Err(panic) => {
            let what = panic.downcast_ref::<&str>().map(|s| (*s).to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
            return fail("pipeline", RejectKind::Internal.as_str(), &format!("processing failed: {}", what.as_deref().unwrap_or("panic")));
        }
    };
    match doc.map(|d| (serde_json::to_string(&d), d.text.split_whitespace().count())) {
        Ok((Ok(s), words)) => Ok((s, words)),
        Ok((Err(e), _)) => fail("serialize", RejectKind::Internal.as_str(), &e.to_string()),
        Err(Reject { kind, stage, message }) => fail(stage, kind.as_str(), &message),
    }
}

fn error_line(line: &[u8], n: usize, stage: &str, kind: &str, message: &str) -> String {
    // Best effort: the id the line carries, if it is JSON with one.
    let id = serde_json::from_slice::<serde_json::Value>(line).ok().and_then(|v| {
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
