//! Command-line interface: `run`, `process`, `publish`, `tap`, `config`, `train-ner`.

mod logging;
mod process;
mod publish;
mod run;
mod tap;
mod train_ner;

use clap::{Parser, Subcommand, ValueEnum};
use news_enricher::config::Settings;
use news_enricher::pipeline::PipelineMode;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "news-enricher", version, about = "Enrich raw news articles: clean text, entities, quotes", long_about = None)]
struct Cli {
    /// Configuration file (TOML, YAML or JSON), applied over the defaults and under the
    /// NEWS_ENRICHER__* environment variables.
    #[arg(long, global = true, env = "NEWS_ENRICHER_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the worker: consume raw articles, enrich, publish, ack.
    Run,
    /// Enrich JSON lines without a broker: one output line per input line, in order, and a
    /// summary on stderr.
    Process {
        /// Input file of JSON lines, or - for standard input. Default: the bundled examples.
        input: Option<PathBuf>,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Stages to run (default: worker.pipeline from the configuration).
        #[arg(long, value_enum)]
        pipeline: Option<PipelineArg>,
        /// Threads to use (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Exit with status 1 when any line gave an error line (they are written either way).
        #[arg(long)]
        fail_on_error: bool,
    },
    /// Publish a JSON-lines file of raw articles to an exchange, with publisher confirms.
    Publish {
        /// JSON lines, one raw article per line.
        file: PathBuf,
        /// Exchange (default: input.exchange).
        #[arg(long)]
        exchange: Option<String>,
        /// Routing key.
        #[arg(long, default_value = "article")]
        routing_key: String,
        /// Messages per second at most (default: as fast as confirms allow).
        #[arg(long)]
        rate: Option<f64>,
        /// Publishes awaiting their confirm at once.
        #[arg(long, default_value_t = 512)]
        window: usize,
        /// Publish the file this many times (ids get a `#n` suffix after the first pass).
        #[arg(long, default_value_t = 1)]
        repeat: usize,
    },
    /// Print the enriched documents as the worker publishes them (a temporary queue bound to
    /// the output exchange; nothing is taken from other consumers).
    Tap {
        /// Exchange to watch (default: output.exchange).
        #[arg(long)]
        exchange: Option<String>,
        /// Binding key of the temporary queue.
        #[arg(long, default_value = "#")]
        binding_key: String,
        /// Stop after this many documents.
        #[arg(long)]
        count: Option<u64>,
    },
    /// Print the effective configuration (secrets masked); exit 2 naming the key if invalid.
    Config,
    /// Train the entity tagger on CoNLL-2003 files and write the model.
    TrainNer {
        /// Training file (CoNLL-2003 format).
        #[arg(long, default_value = "../shared/datasets/conll2003/eng.train")]
        train: PathBuf,
        /// Development file, used to pick the best epoch.
        #[arg(long, default_value = "../shared/datasets/conll2003/eng.testa")]
        dev: PathBuf,
        /// Where to write the model.
        #[arg(short, long, default_value = "data/ner-conll2003.model.gz")]
        output: PathBuf,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        #[arg(long, default_value_t = 17)]
        seed: u64,
        /// Weights smaller than this in magnitude are left out of the file.
        #[arg(long, default_value_t = 0.05)]
        min_weight: f32,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PipelineArg {
    Full,
    None,
}

impl From<PipelineArg> for PipelineMode {
    fn from(p: PipelineArg) -> Self {
        match p {
            PipelineArg::Full => PipelineMode::Full,
            PipelineArg::None => PipelineMode::None,
        }
    }
}

/// Parses the command line, runs the command and maps its outcome to an exit code:
/// 0 success, 1 failure, 2 invalid configuration.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // RUST_LOG overrides log.level; a typo in it would silently turn logging off.
    if let Ok(filter) = std::env::var("RUST_LOG")
        && !filter.is_empty()
        && let Err(message) = news_enricher::config::check_log_filter(&filter)
    {
        eprintln!("error: invalid configuration: RUST_LOG: {message}");
        return ExitCode::from(2);
    }
    for warning in news_enricher::config::stray_env_vars(std::env::vars()) {
        eprintln!("warning: {warning}");
    }
    let result = match cli.command {
        Command::Config => {
            print!("{}", settings.masked());
            Ok(())
        }
        Command::Run => run::run(settings),
        Command::Tap { exchange, binding_key, count } => tap::tap(
            &settings,
            &tap::Options { exchange: exchange.unwrap_or_else(|| settings.output.exchange.clone()), binding_key, count },
        ),
        Command::TrainNer { train, dev, output, epochs, seed, min_weight } => {
            train_ner::run(&train_ner::Options { train: &train, dev: &dev, output: &output, epochs, seed, min_weight })
        }
        Command::Process { input, output, pipeline, jobs, fail_on_error } => process::process(
            &settings,
            input.as_deref(),
            output.as_deref(),
            pipeline.map_or(settings.worker.pipeline, PipelineMode::from),
            jobs.unwrap_or_else(|| settings.concurrency()),
        )
        .and_then(|summary| {
            if fail_on_error && summary.failed() > 0 {
                anyhow::bail!("{} of {} lines gave an error line (--fail-on-error)", summary.failed(), summary.read)
            }
            Ok(())
        }),
        Command::Publish { file, exchange, routing_key, rate, window, repeat } => publish::publish(
            &settings,
            &publish::Options {
                file,
                exchange: exchange.unwrap_or_else(|| settings.input.exchange.clone()),
                routing_key,
                rate,
                window: window.max(1),
                repeat: repeat.max(1),
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", chain_once(&e));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each said once: lapin's errors (and ours that wrap
/// them) repeat their cause in their own message, so a cause already said is left out.
fn chain_once(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(text.trim()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(text.trim());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused (os error 111)");
        let e = anyhow::Error::new(io).context("IO error: Connection refused (os error 111)").context("cannot connect to amqp://h:1");
        assert_eq!(super::chain_once(&e), "cannot connect to amqp://h:1: IO error: Connection refused (os error 111)");
    }
}
