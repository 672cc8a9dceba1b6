//! The normalized article as the extraction stages read it.

use super::offsets::CodePoints;
use super::tokenize::{self, Token};
use crate::article::{Paragraph, ParagraphRole};

/// The normalized text with what every extraction stage needs of it, computed once: its
/// code-point offsets, its paragraphs, and the tokens of each paragraph read for entities
/// and quotes.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The normalized text.
    pub text: &'a str,
    /// Byte ↔ code-point offsets of `text`.
    pub offsets: CodePoints,
    /// The paragraphs, in code points of `text`.
    pub paragraphs: &'a [Paragraph],
    /// Per paragraph: its tokens (byte offsets into the paragraph) when it is body text or a
    /// heading and the document is tokenized; none otherwise.
    pub tokens: Vec<Vec<Token>>,
}

impl<'a> Doc<'a> {
    /// Indexes `text` and, when `tokenized`, tokenizes its body and heading paragraphs (a
    /// document in a language the tagger does not read needs no tokens).
    pub fn new(text: &'a str, paragraphs: &'a [Paragraph], tokenized: bool) -> Self {
        let offsets = CodePoints::new(text);
        let tokens = if tokenized { tokenize_paragraphs(text, &offsets, paragraphs) } else { Vec::new() };
        Doc { text, offsets, paragraphs, tokens }
    }
}

/// The tokens of each paragraph the entity and quote stages read (body text and headings),
/// tokenized once for both; other paragraphs get none.
fn tokenize_paragraphs(text: &str, offsets: &CodePoints, paragraphs: &[Paragraph]) -> Vec<Vec<Token>> {
    paragraphs
        .iter()
        .map(|p| match (p.role, offsets.byte(p.start), offsets.byte(p.end)) {
            (ParagraphRole::Body | ParagraphRole::Heading, Some(start), Some(end)) => tokenize::tokenize(&text[start..end]),
            _ => Vec::new(),
        })
        .collect()
}
