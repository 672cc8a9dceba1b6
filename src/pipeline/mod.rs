//! The enrichment pipeline: pure functions from a [`RawArticle`] to an [`EnrichedArticle`].
//!
//! `RawArticle` → [`normalize`] → language → tokens and sentences → entities and values →
//! quotes (direct and reported speech, speakers resolved against the entities) →
//! `EnrichedArticle`.
//!
//! No I/O, no async and no global state here: heavy resources are built once in a [`Pipeline`]
//! value at start-up and shared read-only by every worker thread.

mod entities;
mod fxwords;
mod language;
pub mod lexicon;
pub mod ner;
mod normalize;
mod offsets;
mod quotes;
pub mod tokenize;
mod values;

pub use language::detect as detect_language;
pub use normalize::{byline_names, DatelineInfo, Normalized, PARAGRAPH_SEPARATOR, fold_quote, is_extractable, looks_like_html, normalize};

use crate::article::{EnrichedArticle, Processing, RawArticle, SCHEMA_VERSION};
use crate::error::{Reject, RejectKind};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use time::format_description::well_known::Rfc3339;

/// Which stages run. `None` only parses and passes the body through: it exists to measure
/// what the AMQP edge costs without the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PipelineMode {
    Full,
    None,
}

/// The entity tagger's model, trained by `news-enricher train-ner` and compiled in.
const NER_MODEL: &[u8] = include_bytes!("../../data/ner-conll2003.model.gz");

/// Why the pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("entity model: {0}")]
    Model(#[from] ner::ModelError),
    #[error("lexicons: {0}")]
    Lexicons(#[from] lexicon::LexiconError),
    #[error("value patterns: {0}")]
    Patterns(#[from] regex::Error),
}

/// The pipeline with its loaded resources. Cheap to share (`&Pipeline` is `Sync`).
#[derive(Debug)]
pub struct Pipeline {
    mode: PipelineMode,
    version: String,
    ner: ner::Model,
    lexicons: lexicon::Lexicons,
    values: values::Values,
    cues: quotes::cues::Cues,
}

impl Pipeline {
    /// Builds the pipeline and loads its resources (the tagger model, the value patterns).
    ///
    /// Returns an error when the model cannot be read or a pattern does not compile.
    pub fn new(mode: PipelineMode) -> Result<Self, LoadError> {
        let (ner, lexicons) = match mode {
            PipelineMode::Full => (ner::Model::load(NER_MODEL)?, lexicon::Lexicons::shipped()?),
            PipelineMode::None => (ner::Model::default(), lexicon::Lexicons::empty()),
        };
        Ok(Pipeline {
            mode,
            version: format!("news-enricher/{}+ner-conll2003", env!("CARGO_PKG_VERSION")),
            ner,
            lexicons,
            values: values::Values::new()?,
            cues: quotes::cues::Cues::new(),
        })
    }

    /// The version recorded in `processing.pipeline_version`; with the article id, it makes
    /// the output's deterministic `message_id`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Enriches one article.
    ///
    /// Returns a [`Reject`] of kind `empty_body` when nothing readable is left after
    /// normalization (a body of bare markup, say).
    pub fn process(&self, raw: RawArticle) -> Result<EnrichedArticle, Reject> {
        self.process_cancellable(raw, &AtomicBool::new(false))
    }

    /// [`Pipeline::process`] that gives up between stages once `cancelled` is set: the worker
    /// sets it when an article passes the processing timeout, so the thread is free again
    /// within one stage (each stage's work per article is bounded) instead of finishing an
    /// article nobody waits for. Returns a [`Reject`] of kind `timeout` when it gave up.
    pub fn process_cancellable(&self, raw: RawArticle, cancelled: &AtomicBool) -> Result<EnrichedArticle, Reject> {
        let check = |stage: &'static str| {
            if cancelled.load(Ordering::Relaxed) {
                Err(Reject { kind: RejectKind::Timeout, stage, message: "processing timeout: abandoned before this stage".into() })
            } else {
                Ok(())
            }
        };
        let mut timings_us = BTreeMap::new();
        let mut warnings = raw.warnings;

        let started = Instant::now();
        let normalized = match self.mode {
            PipelineMode::Full => normalize(&raw.body),
            PipelineMode::None => pass_through(raw.body.as_str()),
        };
        timings_us.insert("normalize", micros(started));
        if normalized.paragraphs.is_empty() {
            return Err(Reject {
                kind: RejectKind::EmptyBody,
                stage: "normalize",
                message: "no text left after removing markup".into(),
            });
        }

        check("language")?;
        let started = Instant::now();
        let (language, language_confidence) = match raw.language {
            Some(lang) => (Some(lang), None),
            None if self.mode == PipelineMode::Full => match detect_language(&normalized.text) {
                Some((lang, confidence)) => (Some(lang), Some(round3(confidence))),
                None => {
                    warnings.push("language could not be detected".into());
                    (None, None)
                }
            },
            None => (None, None),
        };
        timings_us.insert("language", micros(started));

        check("entities")?;
        let started = Instant::now();
        let offsets = offsets::CodePoints::new(&normalized.text);
        let english = language.as_deref().is_some_and(|l| l.split(['-', '_']).next().is_some_and(|p| p.eq_ignore_ascii_case("en")));
        let tokens = if english && self.mode == PipelineMode::Full {
            tokenize_paragraphs(&normalized.text, &offsets, &normalized.paragraphs)
        } else {
            Vec::new()
        };
        let mut entities = if self.mode == PipelineMode::None {
            Vec::new()
        } else if english {
            let (mut found, truncated) = entities::extract(&self.ner, &self.lexicons, &normalized.text, &offsets, &normalized.paragraphs, &tokens);
            if truncated {
                warnings.push(format!(
                    "entities: more than {} mentions; the rest of the text was not read for entities",
                    entities::MAX_MENTIONS
                ));
            }
            let (values, values_truncated) = self.values.extract(&normalized.text, &offsets, &normalized.paragraphs, raw.published_at.map(|d| d.date()));
            if values_truncated {
                warnings.push(format!("values: more than {} dates and amounts; the rest were not read", values::MAX_VALUES));
            }
            found.extend(values);
            found
        } else {
            warnings.push(format!(
                "entities: language {} is not supported (English only); none extracted",
                language.as_deref().unwrap_or("unknown")
            ));
            Vec::new()
        };
        for (n, e) in entities.iter_mut().enumerate() {
            e.id = format!("e{}", n + 1);
        }
        let (people, organisations, places) = entities::ninjs_refs(&entities);
        timings_us.insert("entities", micros(started));

        check("quotes")?;
        let started = Instant::now();
        let quotes = if english && self.mode == PipelineMode::Full {
            let (found, truncated) =
                quotes::extract(&normalized.text, &offsets, &normalized.paragraphs, &tokens, &entities, &self.cues, &self.lexicons);
            if truncated {
                warnings.push(format!("quotes: more than {} found; the rest of the text was not read for quotes", quotes::MAX_QUOTES));
            }
            found
        } else {
            if self.mode == PipelineMode::Full {
                warnings.push("quotes: only English is supported; none extracted".into());
            }
            Vec::new()
        };
        timings_us.insert("quotes", micros(started));

        let authors = authors(raw.byline.as_deref(), &normalized.byline_names);
        Ok(EnrichedArticle {
            schema_version: SCHEMA_VERSION,
            id: raw.id,
            headline: raw.headline.map(|h| h.trim().to_string()),
            language,
            language_confidence,
            published_at: raw.published_at.and_then(|d| d.format(&Rfc3339).ok()),
            source: raw.source,
            url: raw.url,
            byline: raw.byline,
            authors,
            dateline: normalized.dateline,
            text: normalized.text,
            paragraphs: normalized.paragraphs,
            entities,
            quotes,
            people,
            organisations,
            places,
            processing: Processing { pipeline_version: self.version.clone(), timings_us, warnings },
        })
    }
}

/// The tokens of each paragraph the entity and quote stages read (body text and headings),
/// tokenized once for both; other paragraphs get none.
fn tokenize_paragraphs(text: &str, offsets: &offsets::CodePoints, paragraphs: &[crate::article::Paragraph]) -> Vec<Vec<tokenize::Token>> {
    use crate::article::ParagraphRole;
    paragraphs
        .iter()
        .map(|p| match (p.role, offsets.byte(p.start), offsets.byte(p.end)) {
            (ParagraphRole::Body | ParagraphRole::Heading, Some(start), Some(end)) => tokenize::tokenize(&text[start..end]),
            _ => Vec::new(),
        })
        .collect()
}

/// The people who wrote the story: names in the input's byline field, then those of byline
/// paragraphs in the body, each once.
fn authors(byline_field: Option<&str>, from_body: &[String]) -> Vec<String> {
    let mut names = byline_field.map(byline_names).unwrap_or_default();
    for n in from_body {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    names
}

/// The body as one paragraph, untouched: the `none` pipeline.
fn pass_through(body: &str) -> Normalized {
    let text = body.trim().to_string();
    let len = text.chars().count();
    let paragraphs = if len == 0 {
        Vec::new()
    } else {
        vec![crate::article::Paragraph { start: 0, end: len, role: crate::article::ParagraphRole::Body }]
    };
    Normalized { text, paragraphs, ..Normalized::default() }
}

fn micros(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_micros()).unwrap_or(u64::MAX)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse_message;

    #[test]
    fn full_pipeline_fills_text_and_language() {
        let raw = parse_message(
            br#"{"id":"t1","headline":" H ","body":"<p>The minister said on Tuesday that the plan would go ahead.</p>"}"#,
            None,
            None,
            1 << 20,
        )
        .unwrap();
        let out = Pipeline::new(PipelineMode::Full).unwrap().process(raw).unwrap();
        assert_eq!(out.text, "The minister said on Tuesday that the plan would go ahead.");
        assert_eq!(out.language.as_deref(), Some("en"));
        assert!(out.language_confidence.is_some());
        assert_eq!(out.headline.as_deref(), Some("H"));
        assert!(out.processing.timings_us.contains_key("normalize"));
    }

    #[test]
    fn markup_only_body_is_rejected() {
        let raw = parse_message(br#"{"id":"t2","body":"<p> </p><script>x</script>"}"#, None, None, 1 << 20).unwrap();
        let err = Pipeline::new(PipelineMode::Full).unwrap().process(raw).unwrap_err();
        assert_eq!(err.kind, RejectKind::EmptyBody);
        assert_eq!(err.stage, "normalize");
    }

    #[test]
    fn a_cancelled_article_stops_at_the_next_stage() {
        let raw = parse_message(br#"{"id":"t3","language":"en","body":"Maria Lopez met John Smith in Paris."}"#, None, None, 1 << 20).unwrap();
        let pipeline = Pipeline::new(PipelineMode::Full).unwrap();
        let err = pipeline.process_cancellable(raw.clone(), &AtomicBool::new(true)).unwrap_err();
        assert_eq!(err.kind, RejectKind::Timeout);
        assert_eq!(err.stage, "language");
        let out = pipeline.process_cancellable(raw, &AtomicBool::new(false)).unwrap();
        assert!(!out.entities.is_empty());
    }
}
