//! The enrichment pipeline: pure functions from a [`RawArticle`] to an [`EnrichedArticle`].
//!
//! `RawArticle` → [`normalize`] → language → tokens and sentences → entities and values →
//! quotes (direct and reported speech, speakers resolved against the entities) →
//! `EnrichedArticle`.
//!
//! No I/O, no async and no global state here: heavy resources are built once in a [`Pipeline`]
//! value at start-up and shared read-only by every worker thread.

mod doc;
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

pub use doc::Doc;
pub use language::{LanguageSource, detect as detect_language};
pub use normalize::{Normalized, PARAGRAPH_SEPARATOR, byline_names, fold_quote, is_extractable, normalize};

use crate::article::{EnrichedArticle, Processing, RawArticle, SCHEMA_VERSION};
use crate::error::{Reject, RejectKind};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use time::format_description::well_known::Rfc3339;

/// The stages whose wall time `processing.timings_us` records, in pipeline order.
pub const STAGES: [&str; 4] = ["normalize", "language", "entities", "quotes"];

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
    /// The language of an article that declares none when detection is unreliable.
    default_language: Option<String>,
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
            default_language: Some("en".to_string()),
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

    /// The pipeline with `language` (`language.default`) as the language of an article that
    /// declares none and whose text is too short or mixed for detection to be trusted; `None`
    /// leaves such an article to the detector's guess. The default is English.
    pub fn with_default_language(mut self, language: Option<&str>) -> Self {
        self.default_language = language.map(str::to_string);
        self
    }

    /// [`Pipeline::process`] that gives up between stages once `cancelled` is set: the worker
    /// sets it when an article passes the processing timeout, so the thread is free again
    /// within one stage (each stage's work per article is bounded) instead of finishing an
    /// article nobody waits for. Returns a [`Reject`] of kind `timeout` when it gave up.
    pub fn process_cancellable(&self, raw: RawArticle, cancelled: &AtomicBool) -> Result<EnrichedArticle, Reject> {
        match self.mode {
            PipelineMode::Full => self.enrich(raw, cancelled),
            PipelineMode::None => pass_through(raw, &self.version),
        }
    }

    /// The full pipeline: normalize, language, entities and values, quotes.
    fn enrich(&self, mut raw: RawArticle, cancelled: &AtomicBool) -> Result<EnrichedArticle, Reject> {
        let check = |stage: &'static str| {
            if cancelled.load(Ordering::Relaxed) {
                Err(Reject { kind: RejectKind::Timeout, stage, message: "processing timeout: abandoned before this stage".into() })
            } else {
                Ok(())
            }
        };
        let mut timings_us = BTreeMap::new();
        let mut warnings = std::mem::take(&mut raw.warnings);

        let started = Instant::now();
        let normalized = normalize(&raw.body);
        timings_us.insert("normalize", micros(started));
        if normalized.paragraphs.is_empty() {
            return Err(no_text_left());
        }

        check("language")?;
        let started = Instant::now();
        let (language, language_confidence, language_source) = match raw.language.clone() {
            Some(lang) => (Some(lang), None, Some(LanguageSource::Input)),
            None => match language::identify(&normalized.text, self.default_language.as_deref()) {
                Some((lang, confidence, source)) => (Some(lang), confidence.map(round3), Some(source)),
                None => {
                    warnings.push("language could not be detected".into());
                    (None, None, None)
                }
            },
        };
        timings_us.insert("language", micros(started));

        check("entities")?;
        let started = Instant::now();
        let english = language.as_deref().is_some_and(|l| l.split(['-', '_']).next().is_some_and(|p| p.eq_ignore_ascii_case("en")));
        let doc = Doc::new(&normalized.text, &normalized.paragraphs, english);
        let mut entities = if english {
            let (found, truncated) = entities::extract(&self.ner, &self.lexicons, &doc);
            if truncated {
                warnings.push(format!(
                    "entities: more than {} mentions; the rest of the text was not read for entities",
                    entities::MAX_MENTIONS
                ));
            }
            found
        } else {
            warnings.push(format!(
                "entities: language {} is not supported (English only); only dates, money and percentages extracted",
                language.as_deref().unwrap_or("unknown")
            ));
            Vec::new()
        };
        // Dates, money and percentages are written with digits and symbols in any language.
        let (values, values_truncated) = self.values.extract(&doc, raw.published_at.map(|d| d.date()));
        if values_truncated {
            warnings.push(format!("values: more than {} dates and amounts; the rest were not read", values::MAX_VALUES));
        }
        entities.extend(values);
        for (n, e) in entities.iter_mut().enumerate() {
            e.id = format!("e{}", n + 1);
        }
        let (people, organisations, places) = entities::ninjs_refs(&entities);
        timings_us.insert("entities", micros(started));

        check("quotes")?;
        let started = Instant::now();
        let quotes = if english {
            let (found, truncated) = quotes::extract(&doc, &entities, &self.cues, &self.lexicons);
            if truncated {
                warnings.push(format!("quotes: more than {} found; the rest of the text was not read for quotes", quotes::MAX_QUOTES));
            }
            found
        } else {
            warnings.push("quotes: only English is supported; none extracted".into());
            Vec::new()
        };
        timings_us.insert("quotes", micros(started));
        drop(doc);

        let authors = authors(raw.byline.as_deref(), &normalized.byline_names);
        let published_at_form = raw.published_at_form.map(crate::article::DateForm::as_str);
        let language_source = language_source.map(LanguageSource::as_str);
        let processing = Processing { pipeline_version: self.version.clone(), timings_us, warnings, published_at_form, language_source };
        let found = Found { normalized, language, language_confidence, entities, quotes, people, organisations, places };
        Ok(assemble(raw, found, authors, processing))
    }
}

/// What the stages found in one article, before it is assembled with the input's fields.
struct Found {
    normalized: Normalized,
    language: Option<String>,
    language_confidence: Option<f64>,
    entities: Vec<crate::article::Entity>,
    quotes: Vec<crate::article::Quote>,
    people: Vec<crate::article::NinjsRef>,
    organisations: Vec<crate::article::NinjsRef>,
    places: Vec<crate::article::NinjsRef>,
}

/// The enriched document: the input's own fields with what the stages found.
fn assemble(raw: RawArticle, found: Found, authors: Vec<String>, processing: Processing) -> EnrichedArticle {
    EnrichedArticle {
        schema_version: SCHEMA_VERSION,
        id: raw.id,
        headline: raw.headline.map(|h| h.trim().to_string()),
        language: found.language,
        language_confidence: found.language_confidence,
        published_at: raw.published_at.and_then(|d| d.format(&Rfc3339).ok()),
        source: raw.source,
        url: raw.url,
        byline: raw.byline,
        authors,
        dateline: found.normalized.dateline,
        text: found.normalized.text,
        paragraphs: found.normalized.paragraphs,
        entities: found.entities,
        quotes: found.quotes,
        people: found.people,
        organisations: found.organisations,
        places: found.places,
        source_tags: raw.source_tags,
        processing,
    }
}

/// The reject for a body with no readable text once markup is removed.
fn no_text_left() -> Reject {
    Reject { kind: RejectKind::EmptyBody, stage: "normalize", message: "no text left after removing markup".into() }
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

/// The `none` pipeline: the body as one paragraph, untouched, with nothing extracted. It
/// exists to measure what the AMQP edge costs without the pipeline; an empty body is
/// rejected as the full pipeline would.
fn pass_through(mut raw: RawArticle, version: &str) -> Result<EnrichedArticle, Reject> {
    let started = Instant::now();
    let text = raw.body.as_str().trim().to_string();
    let len = text.chars().count();
    if len == 0 {
        return Err(no_text_left());
    }
    let paragraphs = vec![crate::article::Paragraph { start: 0, end: len, role: crate::article::ParagraphRole::Body }];
    let normalized = Normalized { text, paragraphs, ..Normalized::default() };
    let timings_us = BTreeMap::from([("normalize", micros(started)), ("language", 0), ("entities", 0), ("quotes", 0)]);
    let published_at_form = raw.published_at_form.map(crate::article::DateForm::as_str);
    let processing = Processing {
        pipeline_version: version.to_string(),
        timings_us,
        warnings: std::mem::take(&mut raw.warnings),
        published_at_form,
        language_source: None,
    };
    let authors = authors(raw.byline.as_deref(), &[]);
    let found = Found {
        normalized,
        language: raw.language.clone(),
        language_confidence: None,
        entities: Vec::new(),
        quotes: Vec::new(),
        people: Vec::new(),
        organisations: Vec::new(),
        places: Vec::new(),
    };
    Ok(assemble(raw, found, authors, processing))
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
        assert_eq!(out.language_confidence.is_some(), out.processing.language_source == Some("detected"));
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
        let raw =
            parse_message(br#"{"id":"t3","language":"en","body":"Maria Lopez met John Smith in Paris."}"#, None, None, 1 << 20).unwrap();
        let pipeline = Pipeline::new(PipelineMode::Full).unwrap();
        let err = pipeline.process_cancellable(raw.clone(), &AtomicBool::new(true)).unwrap_err();
        assert_eq!(err.kind, RejectKind::Timeout);
        assert_eq!(err.stage, "language");
        let out = pipeline.process_cancellable(raw, &AtomicBool::new(false)).unwrap();
        assert!(!out.entities.is_empty());
    }

    fn undeclared(body: &str) -> RawArticle {
        let msg = serde_json::json!({"id": "t", "body": body, "published_at": "2025-03-11T09:00:00Z"}).to_string();
        parse_message(msg.as_bytes(), None, None, 1 << 20).unwrap()
    }

    #[test]
    fn a_short_english_item_without_a_language_keeps_its_entities() {
        // A two-sentence brief: too short for trigram detection to be trusted.
        let raw = undeclared("Harbour Lights FC sacked coach Tomasz Wrona. Fans in Aberdeen cheered.");
        let out = Pipeline::new(PipelineMode::Full).unwrap().process(raw.clone()).unwrap();
        assert_eq!(out.language.as_deref(), Some("en"));
        assert_eq!(out.processing.language_source, Some("default"));
        assert!(out.entities.iter().any(|e| e.name == "Tomasz Wrona"), "{:?}", out.entities);
        // The newsroom's default decides: a Portuguese desk gets Portuguese, and no English NER.
        let out = Pipeline::new(PipelineMode::Full).unwrap().with_default_language(Some("pt")).process(raw).unwrap();
        assert_eq!(out.language.as_deref(), Some("pt"));
        assert!(out.entities.iter().all(|e| !e.kind.is_name()));
    }

    #[test]
    fn a_non_english_article_still_gets_dates_money_and_percentages() {
        let raw = undeclared(
            "Die Regierung in Berlin will bis 2030 insgesamt 4,5 Milliarden Euro in neue Schienenwege investieren. \
             Der Anteil der Bahn am Güterverkehr soll dadurch auf 25 % steigen, sagte der Minister am 3. März 2025.",
        );
        let out = Pipeline::new(PipelineMode::Full).unwrap().process(raw).unwrap();
        assert_eq!(out.language.as_deref(), Some("de"));
        assert_eq!(out.processing.language_source, Some("detected"));
        let kinds: Vec<String> = out.entities.iter().map(|e| format!("{:?}", e.kind)).collect();
        assert!(out.entities.iter().all(|e| !e.kind.is_name()), "{kinds:?}");
        assert!(kinds.iter().any(|k| k == "Percent"), "{kinds:?}");
    }

    fn enrich(body: &str) -> EnrichedArticle {
        let msg = serde_json::json!({"id": "t", "language": "en", "body": body}).to_string();
        let raw = parse_message(msg.as_bytes(), None, None, 1 << 22).unwrap();
        Pipeline::new(PipelineMode::Full).unwrap().process(raw).unwrap()
    }

    #[test]
    fn salience_counts_the_mentions_added_after_grouping() {
        // The acronym's later mentions alone are added after grouping; salience must see them.
        let out = enrich(
            "The Elections Observation Group (ELOG) said turnout was low in Nakuru. Observers from ELOG saw long queues, \
             and ELOG asked for calm.\n\nHassan Abdi Farah, who leads the group, said the count was slow.",
        );
        let named: Vec<&crate::article::Entity> = out.entities.iter().filter(|e| e.kind.is_name()).collect();
        let total: usize = named.iter().map(|e| e.mentions.len()).sum();
        let chars = out.text.chars().count() as f64;
        let elog = named.iter().find(|e| e.name == "Elections Observation Group").expect("the group is found");
        assert_eq!(elog.mentions.len(), 4, "{elog:?}");
        for e in &named {
            let early = 1.0 - e.mentions[0].start as f64 / chars;
            let expected = ((0.7 * e.mentions.len() as f64 / total as f64 + 0.3 * early) * 1000.0).round() / 1000.0;
            assert_eq!(e.salience, Some(expected), "{}", e.name);
        }
        let about: Vec<&str> = out.organisations.iter().filter(|r| r.rel == "about").map(|r| r.name.as_str()).collect();
        assert_eq!(about, vec!["Elections Observation Group"]);
    }

    #[test]
    fn one_endless_sentence_cannot_overshoot_the_mention_cap() {
        let body = format!("{} met in Oslo.", "Anna Berg, ".repeat(entities::MAX_MENTIONS + 1000));
        let out = enrich(&body);
        let mentions: usize = out.entities.iter().filter(|e| e.kind.is_name()).map(|e| e.mentions.len()).sum();
        assert!(mentions <= entities::MAX_MENTIONS, "{mentions} mentions");
        assert!(mentions >= entities::MAX_MENTIONS / 2, "the cap is not hit far too early: {mentions}");
        assert!(out.processing.warnings.iter().any(|w| w.starts_with("entities: more than")), "{:?}", out.processing.warnings);
    }

    #[test]
    fn the_none_pipeline_passes_the_body_through() {
        let raw = parse_message(br#"{"id":"n","byline":"By Anna Berg","body":"  <p>Kept as it is.</p> "}"#, None, None, 1 << 20).unwrap();
        let out = Pipeline::new(PipelineMode::None).unwrap().process(raw).unwrap();
        assert_eq!(out.text, "<p>Kept as it is.</p>");
        assert!(out.entities.is_empty() && out.quotes.is_empty());
        assert_eq!(out.authors, vec!["Anna Berg"]);
        let empty = parse_message(br#"{"id":"n","body":"   "}"#, None, None, 1 << 20);
        let kind = match empty {
            Ok(raw) => Pipeline::new(PipelineMode::None).unwrap().process(raw).unwrap_err().kind,
            Err(reject) => reject.kind,
        };
        assert_eq!(kind, RejectKind::EmptyBody);
    }
}
