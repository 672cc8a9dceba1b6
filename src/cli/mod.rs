//! Command-line interface: `run`, `process`, `publish`, `config`.

mod logging;
mod process;
mod publish;
mod run;
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
    /// Enrich JSON lines without a broker: one output line per input line, in order.
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
    let result = match cli.command {
        Command::Config => {
            print!("{}", settings.masked());
            Ok(())
        }
        Command::Run => run::run(settings),
        Command::TrainNer { train, dev, output, epochs, seed, min_weight } => train_ner::run(&train_ner::Options {
            train: &train,
            dev: &dev,
            output: &output,
            epochs,
            seed,
            min_weight,
        }),
        Command::Process { input, output, pipeline, jobs } => process::process(
            &settings,
            input.as_deref(),
            output.as_deref(),
            pipeline.map_or(settings.worker.pipeline, PipelineMode::from),
            jobs.unwrap_or_else(|| settings.concurrency()),
        ),
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
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
