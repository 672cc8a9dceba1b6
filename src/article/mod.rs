//! The two documents the service exchanges: what ingestion sends ([`RawArticle`], parsed from a
//! message body by [`parse_message`]) and what the worker publishes ([`EnrichedArticle`]).

mod enriched;
mod raw;

pub use enriched::{
    Entity, EnrichedArticle, Mention, NinjsRef, Paragraph, ParagraphRole, Processing, Quote,
    QuoteKind, Speaker, SCHEMA_VERSION,
};
pub use raw::{parse_message, Body, InputShape, RawArticle};
