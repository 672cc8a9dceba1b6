//! The enriched document published for every article. Field names are a contract with
//! downstream consumers and the scorers in `../shared/eval/`; `schema/enriched-article.schema.json`
//! describes it and the tests check every output against that schema.
//!
//! All offsets (`start`, `end`) count Unicode code points of `text`, end exclusive.

use serde::Serialize;
use std::collections::BTreeMap;

/// Version of this document's shape; bumped on any incompatible change.
pub const SCHEMA_VERSION: &str = "1.0";

/// One enriched article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnrichedArticle {
    pub schema_version: &'static str,
    pub id: String,
    pub headline: Option<String>,
    /// BCP 47 tag as given by the input, or detected (ISO 639-1 when detected).
    pub language: Option<String>,
    /// Confidence of the language detection in [0, 1]; absent when the input stated the language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_confidence: Option<f64>,
    /// RFC 3339.
    pub published_at: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    /// Names of the writers, from the byline field and byline paragraphs.
    pub authors: Vec<String>,
    /// Where the story was filed, from a dateline (`SEOUL (AFP) —`).
    pub dateline: Option<DatelineInfo>,
    /// The normalized body: paragraphs separated by a blank line (`"\n\n"`).
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub people: Vec<NinjsRef>,
    pub organisations: Vec<NinjsRef>,
    pub places: Vec<NinjsRef>,
    /// The input's own subject, genre and place tags, as it sent them (absent when it sent none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_tags: Option<super::SourceTags>,
    pub processing: Processing,
}

impl EnrichedArticle {
    /// The output's deterministic `message_id`: a UUID v5 of the article id and the pipeline
    /// version, so a redelivered input produces a message that consumers can de-duplicate.
    pub fn message_id(&self) -> String {
        let key = format!("{}\u{1f}{}", self.id, self.processing.pipeline_version);
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes()).to_string()
    }
}

/// A story's dateline: where (and through which agency) it was filed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DatelineInfo {
    pub text: String,
    pub place: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

/// A block of `text` and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub role: ParagraphRole,
}

/// What a paragraph is; only `body` and `heading` paragraphs feed entity and quote extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphRole {
    Body,
    Heading,
    Caption,
    Credit,
    Byline,
    Dateline,
    Boilerplate,
}

/// An entity of the document with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// Stable within the document (`e1`, `e2`, ...).
    pub id: String,
    /// What it is, as a spaCy/OntoNotes label.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Canonical name in this document.
    pub name: String,
    pub mentions: Vec<Mention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salience: Option<f64>,
}

/// An entity's type in the output: the spaCy/OntoNotes labels news consumers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    /// A person (or a fictional character).
    Person,
    /// A company, agency, institution, team, party or other organisation.
    Org,
    /// A country, city or state: a place with a government.
    Gpe,
    /// Another place: a region, a mountain, a body of water.
    Loc,
    /// A building, airport, road or bridge.
    Fac,
    /// A nationality, or a religious or political group.
    Norp,
    /// A named storm, war, summit, festival or sports event.
    Event,
    /// A date or period, with its ISO `value` when it can be resolved.
    Date,
    /// An amount of money, with `value` `{amount, currency}`.
    Money,
    /// A percentage, with its number as `value`.
    Percent,
}

impl EntityKind {
    /// The label as written in the output (`PERSON`, `ORG`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Gpe => "GPE",
            EntityKind::Loc => "LOC",
            EntityKind::Fac => "FAC",
            EntityKind::Norp => "NORP",
            EntityKind::Event => "EVENT",
            EntityKind::Date => "DATE",
            EntityKind::Money => "MONEY",
            EntityKind::Percent => "PERCENT",
        }
    }

    /// Whether the entity names something (a person, organisation, place, group or event)
    /// rather than a value.
    pub fn is_name(self) -> bool {
        !matches!(self, EntityKind::Date | EntityKind::Money | EntityKind::Percent)
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One occurrence of an entity in `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Direct (quoted words) or indirect (reported speech).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Direct,
    Indirect,
}

/// Who said what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub id: String,
    pub kind: QuoteKind,
    /// The quoted or reported words, without quote marks.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Who said it; absent when no attribution could be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// The speech verb or phrase that introduced it ("said", "according to").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// The quoted person or group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// Canonical full name when resolved to an entity, otherwise the words as written.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mention: Option<Mention>,
}

/// A ninjs-style subject reference (`people[]`, `organisations[]`, `places[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NinjsRef {
    pub name: String,
    /// `about` for the most salient entities, `mentions` for the rest.
    pub rel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
}

/// How the document was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Processing {
    /// `news-enricher/<crate version>` plus the model versions; part of the output `message_id`.
    pub pipeline_version: String,
    /// Wall time of each stage in microseconds, by stage name.
    pub timings_us: BTreeMap<&'static str, u64>,
    pub warnings: Vec<String>,
    /// How the input wrote its publication time (`rfc3339`, `rfc2822`, `datetime`, `date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at_form: Option<&'static str>,
    /// Where `language` came from: `input`, `detected`, or `default` (`language.default`,
    /// used when the text was too short or mixed for detection to be trusted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_source: Option<&'static str>,
}
