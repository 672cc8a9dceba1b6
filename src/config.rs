//! Settings: built-in defaults (`config/news-enricher.example.toml`, compiled in), then an
//! optional file, then `NEWS_ENRICHER__SECTION__KEY` environment variables. Loaded and
//! validated once at start-up by [`Settings::load`]; every error names the offending key.

use crate::pipeline::PipelineMode;
use config::{Config, Environment, File, FileFormat};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The commented example file doubles as the defaults, so the two cannot drift apart.
pub const DEFAULTS: &str = include_str!("../config/news-enricher.example.toml");

/// Environment variable prefix; keys follow as `__SECTION__KEY`.
pub const ENV_PREFIX: &str = "NEWS_ENRICHER";

/// A configuration problem, naming the key (`input.prefetch`) where one is to blame.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {key}: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

impl ConfigError {
    fn new(key: &str, message: impl Into<String>) -> Self {
        ConfigError { key: key.to_string(), message: message.into() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub amqp: AmqpSettings,
    pub input: InputSettings,
    pub output: OutputSettings,
    pub dead_letter: DeadLetterSettings,
    pub retry: RetrySettings,
    pub worker: WorkerSettings,
    pub language: LanguageSettings,
    pub limits: LimitSettings,
    pub http: HttpSettings,
    pub log: LogSettings,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AmqpSettings {
    /// One or more comma-separated broker URLs. Holds the password: print only [`Settings::masked`].
    pub url: String,
    pub password_file: String,
    pub ca_file: String,
    pub declare: bool,
    pub connection_name: String,
    pub reconnect_initial_ms: u64,
    pub reconnect_max_ms: u64,
    /// Exit when the broker refuses the credentials, instead of retrying.
    pub fail_fast_on_auth: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueType {
    Quorum,
    Classic,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InputSettings {
    pub exchange: String,
    pub queue: String,
    pub binding_key: String,
    pub prefetch: u16,
    pub queue_type: QueueType,
    pub delivery_limit: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    pub exchange: String,
    pub routing_key: String,
    pub confirm_timeout_ms: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeadLetterSettings {
    pub exchange: String,
    pub queue: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RetrySettings {
    pub exchange: String,
    pub delays_ms: Vec<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    pub concurrency: usize,
    pub shutdown_timeout_secs: u64,
    pub pipeline: PipelineMode,
    pub processing_timeout_ms: u64,
    pub batch_scheduling: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    /// Used when an article declares no language and detection is unreliable; empty: none.
    pub default: String,
}

impl LanguageSettings {
    /// The default language, `None` when none is configured.
    pub fn default_language(&self) -> Option<&str> {
        Some(self.default.trim()).filter(|l| !l.is_empty())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    pub max_message_bytes: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub listen: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    pub level: String,
}

impl Settings {
    /// Loads defaults, then `file` when given, then the process environment, and validates.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        Self::load_from(file, std::env::vars())
    }

    /// As [`Settings::load`], with the environment given explicitly (for tests).
    pub fn load_from(file: Option<&Path>, env: impl IntoIterator<Item = (String, String)>) -> Result<Settings, ConfigError> {
        let mut builder = Config::builder().add_source(File::from_str(DEFAULTS, FileFormat::Toml));
        if let Some(path) = file {
            if !path.exists() {
                return Err(ConfigError::new("--config", format!("file {} does not exist", path.display())));
            }
            builder = builder.add_source(File::from(path).required(true));
        }
        let mut env_map: std::collections::HashMap<String, String> =
            env.into_iter().filter(|(k, _)| k.starts_with(&format!("{ENV_PREFIX}__"))).collect();
        // The delays are read here, not by the config crate's list parser: it reads one
        // value ("250") as a number rather than a list of one, and an empty value as one
        // empty entry where it means no delays at all (a failed publish goes straight to
        // the dead-letter path).
        let delays = match env_map.remove(RETRY_DELAYS_ENV) {
            Some(v) => Some(parse_delays(&v)?),
            None => None,
        };
        builder = builder.add_source(
            Environment::with_prefix(ENV_PREFIX).prefix_separator("__").separator("__").try_parsing(true).source(Some(env_map)),
        );
        if let Some(delays) = delays {
            builder = builder.set_override("retry.delays_ms", delays).map_err(|e| from_config_error(e, file))?;
        }
        let raw = builder.build().map_err(|e| from_config_error(e, file))?;
        let mut settings: Settings = raw.try_deserialize().map_err(|e| from_config_error(e, file))?;
        settings.resolve_password_file()?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks every value that deserialization alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let urls = self.broker_urls();
        if urls.is_empty() {
            return Err(ConfigError::new("amqp.url", "no broker address given"));
        }
        for u in &urls {
            let parsed = url::Url::parse(u).map_err(|e| ConfigError::new("amqp.url", format!("{} is not a URL: {e}", mask_url(u))))?;
            if parsed.scheme() != "amqp" && parsed.scheme() != "amqps" {
                return Err(ConfigError::new("amqp.url", format!("scheme must be amqp or amqps, not {}", parsed.scheme())));
            }
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(ConfigError::new("amqp.url", format!("{} has no host", mask_url(u))));
            }
        }
        if !self.amqp.ca_file.is_empty() && !Path::new(&self.amqp.ca_file).is_file() {
            return Err(ConfigError::new("amqp.ca_file", format!("{} is not a readable file", self.amqp.ca_file)));
        }
        if self.amqp.reconnect_initial_ms == 0 || self.amqp.reconnect_max_ms < self.amqp.reconnect_initial_ms {
            return Err(ConfigError::new(
                "amqp.reconnect_max_ms",
                "reconnect delays must be positive, the maximum no less than the initial delay",
            ));
        }
        for (key, value) in [
            ("input.exchange", &self.input.exchange),
            ("input.queue", &self.input.queue),
            ("output.exchange", &self.output.exchange),
            ("dead_letter.exchange", &self.dead_letter.exchange),
            ("dead_letter.queue", &self.dead_letter.queue),
            ("retry.exchange", &self.retry.exchange),
        ] {
            check_name(key, value)?;
        }
        if self.input.binding_key.is_empty() {
            return Err(ConfigError::new("input.binding_key", "must not be empty (use # for all)"));
        }
        if self.input.prefetch == 0 {
            return Err(ConfigError::new("input.prefetch", "must be at least 1 (0 means unlimited)"));
        }
        if self.input.queue_type == QueueType::Quorum && self.input.delivery_limit == 0 {
            return Err(ConfigError::new("input.delivery_limit", "must be at least 1"));
        }
        if self.output.routing_key.is_empty() || self.output.routing_key.len() > 255 {
            return Err(ConfigError::new("output.routing_key", "must be 1 to 255 bytes"));
        }
        let unknown = placeholders(&self.output.routing_key).into_iter().find(|p| *p != "language" && *p != "source");
        if let Some(p) = unknown {
            return Err(ConfigError::new("output.routing_key", format!("unknown placeholder {{{p}}}; use {{language}} or {{source}}")));
        }
        if self.output.confirm_timeout_ms == 0 {
            return Err(ConfigError::new("output.confirm_timeout_ms", "must be positive"));
        }
        if self.retry.delays_ms.contains(&0) {
            return Err(ConfigError::new("retry.delays_ms", "delays must be positive"));
        }
        if self.worker.shutdown_timeout_secs == 0 {
            return Err(ConfigError::new("worker.shutdown_timeout_secs", "must be positive"));
        }
        if self.worker.processing_timeout_ms == 0 {
            return Err(ConfigError::new("worker.processing_timeout_ms", "must be positive"));
        }
        if let Some(lang) = self.language.default_language()
            && !is_language_tag(lang)
        {
            return Err(ConfigError::new(
                "language.default",
                format!("{lang:?} is not a language tag such as en or en-GB (or \"\" for none)"),
            ));
        }
        if self.limits.max_message_bytes == 0 {
            return Err(ConfigError::new("limits.max_message_bytes", "must be positive"));
        }
        self.http_listen()?;
        check_log_filter(&self.log.level).map_err(|m| ConfigError::new("log.level", m))?;
        Ok(())
    }

    /// The broker URLs, in the order they are tried.
    pub fn broker_urls(&self) -> Vec<String> {
        self.amqp.url.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    /// `http.listen` as a socket address.
    pub fn http_listen(&self) -> Result<SocketAddr, ConfigError> {
        self.http.listen.parse().map_err(|e| ConfigError::new("http.listen", format!("{:?} is not host:port: {e}", self.http.listen)))
    }

    /// Worker concurrency with 0 resolved to the number of CPU cores.
    pub fn concurrency(&self) -> usize {
        match self.worker.concurrency {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }

    /// The retry queue for one delay: `<input.queue>.retry.<ms>`.
    pub fn retry_queue(&self, delay_ms: u64) -> String {
        format!("{}.retry.{delay_ms}", self.input.queue)
    }

    /// The effective settings as TOML with every password replaced by `****`.
    pub fn masked(&self) -> String {
        let mut copy = self.clone();
        copy.amqp.url = self.broker_urls().iter().map(|u| mask_url(u)).collect::<Vec<_>>().join(",");
        toml::to_string_pretty(&copy).unwrap_or_else(|e| format!("# cannot render settings: {e}\n"))
    }

    fn resolve_password_file(&mut self) -> Result<(), ConfigError> {
        if self.amqp.password_file.is_empty() {
            return Ok(());
        }
        let path = PathBuf::from(&self.amqp.password_file);
        let password = std::fs::read_to_string(&path)
            .map_err(|e| ConfigError::new("amqp.password_file", format!("cannot read {}: {e}", path.display())))?;
        let password = password.trim_end_matches(['\n', '\r']);
        let mut urls = Vec::new();
        for u in self.broker_urls() {
            let mut parsed =
                url::Url::parse(&u).map_err(|e| ConfigError::new("amqp.url", format!("{} is not a URL: {e}", mask_url(&u))))?;
            parsed.set_password(Some(password)).map_err(|()| ConfigError::new("amqp.url", "cannot carry a password"))?;
            urls.push(parsed.to_string());
        }
        self.amqp.url = urls.join(",");
        Ok(())
    }
}

/// The environment variable of `retry.delays_ms`.
const RETRY_DELAYS_ENV: &str = "NEWS_ENRICHER__RETRY__DELAYS_MS";

/// `retry.delays_ms` from the environment: comma-separated milliseconds, empty for none.
fn parse_delays(value: &str) -> Result<Vec<u64>, ConfigError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<u64>().map_err(|_| ConfigError::new("retry.delays_ms", format!("{d:?} is not a number of milliseconds"))))
        .collect()
}

/// The levels a log filter may name.
pub const LOG_LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];

/// Checks a log filter (`log.level` or `RUST_LOG`): comma-separated directives, each a level
/// (`info`) or `target=level` (`news_enricher=debug`). A bare word that is no level is refused:
/// `tracing` would read a typo such as `infoo` as a target and silently log nothing.
///
/// Returns a message naming the bad directive and the valid levels.
pub fn check_log_filter(filter: &str) -> Result<(), String> {
    let valid = || LOG_LEVELS.join(", ");
    let directives: Vec<&str> = filter.split(',').map(str::trim).filter(|d| !d.is_empty()).collect();
    if directives.is_empty() {
        return Err(format!("is empty; give a level ({})", valid()));
    }
    for d in directives {
        let level = d.rsplit_once('=').map_or(d, |(_, level)| level);
        if !LOG_LEVELS.iter().any(|l| l.eq_ignore_ascii_case(level.trim())) {
            return Err(format!("{d:?} is not a level or target=level; levels are {}", valid()));
        }
    }
    tracing_subscriber::EnvFilter::try_new(filter).map(|_| ()).map_err(|e| format!("not a valid filter: {e}"))
}

/// Warnings for environment variables that look meant for us but are not read:
/// `NEWS_ENRICHER_INPUT_PREFETCH` (single underscores) instead of `NEWS_ENRICHER__INPUT__PREFETCH`.
pub fn stray_env_vars(env: impl IntoIterator<Item = (String, String)>) -> Vec<String> {
    let mut names: Vec<String> = env
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with(&format!("{ENV_PREFIX}_")) && !k.starts_with(&format!("{ENV_PREFIX}__")) && k != "NEWS_ENRICHER_CONFIG")
        // The test suites', benches' and measurement scripts' own knobs.
        .filter(|k| {
            !k.starts_with("NEWS_ENRICHER_TEST_")
                && !k.starts_with("NEWS_ENRICHER_FAULTS_")
                && !k.starts_with("NEWS_ENRICHER_BENCH_")
                && !k.starts_with("NEWS_ENRICHER_EVAL_")
                && k != "NEWS_ENRICHER_SHARED"
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|k| {
            let key = k.trim_start_matches(ENV_PREFIX).trim_start_matches('_');
            format!(
                "{k} is not read: settings are NEWS_ENRICHER__SECTION__KEY, with double underscores (e.g. NEWS_ENRICHER__{})",
                key.replacen('_', "__", 1)
            )
        })
        .collect()
}

/// The URL with its password (if any) replaced by `****`; safe to log.
pub fn mask_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("****"));
            }
            u.to_string()
        }
        // Not a URL: show nothing that could be a secret.
        Err(_) => "<unparsable url>".to_string(),
    }
}

fn check_name(key: &str, value: &str) -> Result<(), ConfigError> {
    if value.is_empty() || value.len() > 255 {
        return Err(ConfigError::new(key, "must be 1 to 255 bytes"));
    }
    if value.starts_with("amq.") {
        return Err(ConfigError::new(key, "names starting with amq. are reserved by the broker"));
    }
    Ok(())
}

/// The `{name}` placeholders in a template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// The values an enum setting takes, by its type's name (for messages).
fn enum_values(type_name: &str) -> Option<&'static str> {
    match type_name {
        "QueueType" => Some("quorum, classic"),
        "LogFormat" => Some("json, pretty"),
        "PipelineMode" => Some("full, none"),
        _ => None,
    }
}

/// Our error from the config crate's, naming the key, or `file` when it does not parse.
fn from_config_error(e: config::ConfigError, file: Option<&Path>) -> ConfigError {
    // A file that does not parse: name the file, and say where in it.
    if let config::ConfigError::FileParse { uri, cause } = &e {
        let name = file.map(|f| f.display().to_string()).or_else(|| uri.clone()).unwrap_or_else(|| "the configuration file".into());
        return ConfigError { key: name, message: cause.to_string().trim_end().to_string() };
    }
    let text = e.to_string();
    // The config crate puts the key at the end ("... for key `input.prefetch`"), and names an
    // unknown field inside its section ("unknown field `prefech`, ... for key `input`").
    let section = text.rsplit_once("for key `").and_then(|(_, rest)| rest.split('`').next());
    let unknown = text.split("unknown field `").nth(1).and_then(|r| r.split('`').next());
    let key = match (section, unknown) {
        (Some(section), Some(field)) => format!("{section}.{field}"),
        (Some(section), None) => section.to_string(),
        (None, Some(field)) => field.to_string(),
        (None, None) => "configuration".to_string(),
    };
    // "enum QueueType does not have variant constructor stream": say what the values are.
    if let Some((type_name, value)) = text.split_once("enum ").and_then(|(_, r)| r.split_once(" does not have variant constructor ")) {
        let value = value.split(" for key").next().unwrap_or(value).trim();
        if let Some(values) = enum_values(type_name) {
            return ConfigError { key, message: format!("{value:?} is not one of {values}") };
        }
    }
    ConfigError { key, message: text }
}

/// Whether `tag` looks like a BCP 47 language tag: a two- or three-letter language, then
/// optional subtags of letters and digits ("en", "pt-BR", "zh-Hant").
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_load_and_validate() {
        let s = Settings::load_from(None, env(&[])).unwrap();
        assert_eq!(s.input.prefetch, 64);
        assert_eq!(s.input.queue_type, QueueType::Quorum);
        assert_eq!(s.output.routing_key, "enriched.{language}");
        assert_eq!(s.limits.max_message_bytes, 2 * 1024 * 1024);
        assert_eq!(s.retry.delays_ms, vec![1000, 10000, 60000]);
    }

    #[test]
    fn environment_overrides_defaults() {
        let s = Settings::load_from(
            None,
            env(&[
                ("NEWS_ENRICHER__INPUT__PREFETCH", "8"),
                ("NEWS_ENRICHER__INPUT__QUEUE", "q1"),
                ("NEWS_ENRICHER__RETRY__DELAYS_MS", "5,50"),
                ("NEWS_ENRICHER__AMQP__DECLARE", "false"),
                ("OTHER", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(s.input.prefetch, 8);
        assert_eq!(s.input.queue, "q1");
        assert_eq!(s.retry.delays_ms, vec![5, 50]);
        assert!(!s.amqp.declare);
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "[input]\nprefetch = 3\nqueue = \"from-file\"\n").unwrap();
        let s = Settings::load_from(Some(&path), env(&[("NEWS_ENRICHER__INPUT__PREFETCH", "4")])).unwrap();
        assert_eq!(s.input.queue, "from-file");
        assert_eq!(s.input.prefetch, 4);
    }

    #[test]
    fn errors_name_the_key() {
        let key = |pairs: &[(&str, &str)]| Settings::load_from(None, env(pairs)).unwrap_err().key;
        assert_eq!(key(&[("NEWS_ENRICHER__INPUT__PREFETCH", "lots")]), "input.prefetch");
        assert_eq!(key(&[("NEWS_ENRICHER__INPUT__PREFETCH", "0")]), "input.prefetch");
        assert_eq!(key(&[("NEWS_ENRICHER__AMQP__URL", "http://x")]), "amqp.url");
        assert_eq!(key(&[("NEWS_ENRICHER__HTTP__LISTEN", "nowhere")]), "http.listen");
        assert_eq!(key(&[("NEWS_ENRICHER__OUTPUT__ROUTING_KEY", "x.{bogus}")]), "output.routing_key");
        assert_eq!(key(&[("NEWS_ENRICHER__WORKER__PIPELINE", "half")]), "worker.pipeline");
        assert_eq!(key(&[("NEWS_ENRICHER__INPUT__PREFECH", "3")]), "input.prefech");
        assert_eq!(key(&[("NEWS_ENRICHER__AMQP__CA_FILE", "/nonexistent.pem")]), "amqp.ca_file");
        assert_eq!(key(&[("NEWS_ENRICHER__LANGUAGE__DEFAULT", "english")]), "language.default");
    }

    #[test]
    fn the_default_language_is_english_and_can_be_changed_or_turned_off() {
        let lang = |v: Option<&str>| {
            let pairs: Vec<(&str, &str)> = v.map(|v| ("NEWS_ENRICHER__LANGUAGE__DEFAULT", v)).into_iter().collect();
            Settings::load_from(None, env(&pairs)).unwrap().language.default_language().map(str::to_string)
        };
        assert_eq!(lang(None).as_deref(), Some("en"));
        assert_eq!(lang(Some("pt-BR")).as_deref(), Some("pt-BR"));
        assert_eq!(lang(Some("")), None);
    }

    #[test]
    fn a_mistyped_log_level_is_refused_with_the_valid_levels() {
        for bad in ["loud", "infoo", "news_enricher=verbose", ""] {
            let e = Settings::load_from(None, env(&[("NEWS_ENRICHER__LOG__LEVEL", bad)])).unwrap_err();
            assert_eq!(e.key, "log.level", "{bad}");
            assert!(e.message.contains("trace, debug, info, warn, error, off"), "{bad}: {}", e.message);
        }
        for good in ["info", "WARN", "news_enricher=debug,lapin=error", "debug,hyper=off"] {
            assert!(Settings::load_from(None, env(&[("NEWS_ENRICHER__LOG__LEVEL", good)])).is_ok(), "{good}");
        }
        assert!(check_log_filter("infoo").is_err() && check_log_filter("info").is_ok());
    }

    #[test]
    fn enum_errors_list_the_values() {
        let e = Settings::load_from(None, env(&[("NEWS_ENRICHER__INPUT__QUEUE_TYPE", "stream")])).unwrap_err();
        assert_eq!(e.to_string(), "invalid configuration: input.queue_type: \"stream\" is not one of quorum, classic");
        let e = Settings::load_from(None, env(&[("NEWS_ENRICHER__LOG__FORMAT", "fancy")])).unwrap_err();
        assert_eq!(e.to_string(), "invalid configuration: log.format: \"fancy\" is not one of json, pretty");
    }

    #[test]
    fn a_file_that_does_not_parse_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.toml");
        std::fs::write(&path, "[input\nprefetch = 3\n").unwrap();
        let e = Settings::load_from(Some(&path), env(&[])).unwrap_err();
        assert!(e.key.ends_with("broken.toml"), "{e}");
        assert!(e.message.contains("line 1"), "{e}");
    }

    #[test]
    fn empty_retry_delays_mean_none() {
        let s = Settings::load_from(None, env(&[("NEWS_ENRICHER__RETRY__DELAYS_MS", "")])).unwrap();
        assert!(s.retry.delays_ms.is_empty());
        let s = Settings::load_from(None, env(&[("NEWS_ENRICHER__RETRY__DELAYS_MS", "250")])).unwrap();
        assert_eq!(s.retry.delays_ms, vec![250]);
        let e = Settings::load_from(None, env(&[("NEWS_ENRICHER__RETRY__DELAYS_MS", "1s,10s")])).unwrap_err();
        assert_eq!(e.key, "retry.delays_ms");
    }

    #[test]
    fn single_underscore_variables_are_warned_about() {
        let warnings = stray_env_vars(env(&[
            ("NEWS_ENRICHER_INPUT_PREFETCH", "3"),
            ("NEWS_ENRICHER__INPUT__PREFETCH", "4"),
            ("NEWS_ENRICHER_CONFIG", "/etc/x.toml"),
            ("NEWS_ENRICHER_TEST_AMQP_URL", "amqp://x"),
            ("NEWS_ENRICHER_SHARED", "/data/shared"),
            ("NEWS_ENRICHER_EVAL_BIN", "/tmp/news-enricher"),
            ("HOME", "/root"),
        ]));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("NEWS_ENRICHER_INPUT_PREFETCH is not read"), "{warnings:?}");
        assert!(warnings[0].contains("NEWS_ENRICHER__INPUT__PREFETCH"), "{warnings:?}");
    }

    #[test]
    fn masked_output_hides_passwords() {
        let s = Settings::load_from(None, env(&[("NEWS_ENRICHER__AMQP__URL", "amqp://user:s3cret@a:5672/%2f, amqps://u:other@b:5671/v")]))
            .unwrap();
        assert_eq!(s.broker_urls().len(), 2);
        let shown = s.masked();
        assert!(!shown.contains("s3cret") && !shown.contains("other@"), "{shown}");
        assert!(shown.contains("user:****@a"));
    }

    #[test]
    fn password_file_replaces_url_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        std::fs::write(&path, "fromfile\n").unwrap();
        let s = Settings::load_from(
            None,
            env(&[
                ("NEWS_ENRICHER__AMQP__URL", "amqp://user:old@h:5672/%2f"),
                ("NEWS_ENRICHER__AMQP__PASSWORD_FILE", path.to_str().unwrap()),
            ]),
        )
        .unwrap();
        assert_eq!(s.broker_urls(), vec!["amqp://user:fromfile@h:5672/%2f".to_string()]);
    }
}
