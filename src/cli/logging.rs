//! Log set-up: `tracing` to stderr, JSON in production, human-readable for a terminal.

use news_enricher::config::{LogFormat, LogSettings};
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `RUST_LOG`, when set, overrides `log.level`.
///
/// Returns an error when a subscriber is already installed or the filter does not parse.
pub fn init(settings: &LogSettings) -> anyhow::Result<()> {
    let mut directives = match std::env::var("RUST_LOG") {
        Ok(d) if !d.is_empty() => d,
        _ => settings.level.clone(),
    };
    // lapin logs every returned message at WARN with its whole body; the worker logs a
    // one-line reason itself, so keep lapin quiet unless asked for explicitly.
    if !directives.contains("lapin") {
        directives.push_str(",lapin=error");
    }
    let filter = EnvFilter::try_new(directives)?;
    // Colours only for a terminal: a file or a log collector gets plain text.
    let ansi = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let result = match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot install the log subscriber: {e}"))
}
