//! The two documents the service exchanges: what ingestion sends ([`RawArticle`], parsed from a
//! message body by [`parse_message`]) and what the worker publishes ([`EnrichedArticle`]).

mod enriched;
mod raw;

pub use enriched::{
    DatelineInfo, EnrichedArticle, Entity, EntityKind, Mention, NinjsRef, Paragraph, ParagraphRole, Processing, Quote, QuoteKind,
    SCHEMA_VERSION, Speaker,
};
pub use raw::{Body, DateForm, InputShape, RawArticle, SourceTags, looks_like_html, parse_message, parse_timestamp};
