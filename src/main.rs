//! The `news-enricher` binary: command-line parsing and the edges (logs, signals, files).
//! Errors here are `anyhow` with context; the library below returns typed errors.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

/// mimalloc rather than glibc's allocator: the worker allocates a message on one thread and
/// frees it on another (runtime, processing thread, AMQP I/O), which glibc's per-thread arenas
/// handle poorly; measured with scripts/bench-worker.sh (full-pipeline worker +19% articles/s,
/// `process` +5-10%). Built with `no_thp`: transparent huge pages had raised peak RSS from 66
/// to 104 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
