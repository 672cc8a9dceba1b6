//! The `news-enricher` binary: command-line parsing and the edges (logs, signals, files).
//! Errors here are `anyhow` with context; the library below returns typed errors.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
