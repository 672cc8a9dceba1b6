//! Entities: mentions found by the tagger in the paragraphs that carry article text, grouped
//! per document into entities with a canonical name, a type and all their mentions.
//!
//! The stage runs in four steps, one module each:
//!
//! | step | module |
//! |---|---|
//! | tag each sentence, then correct the spans the tagger cut or typed wrongly | [`spans`] |
//! | label each mention with its output type | [`label`] |
//! | group the document's mentions into entities with canonical names | [`group`] |
//! | add mentions the tagger missed (surnames, acronyms) and merge variants | [`mentions`] |
//!
//! Salience is computed last, over the final mentions ([`group::score_salience`]). The hand
//! word lists the rules use are in [`words`].
//!
//! Grouping rules (document level): mentions with the same text and type are one entity; a
//! one-word PERSON mention that is the first or last word of a longer PERSON name (`Putin`,
//! `Xi`) joins that person; an acronym defined in parentheses right after a name (`Shanghai
//! Cooperation Organization (SCO)`) joins that name. The canonical name is the longest
//! mention. A surface form tagged with different types takes its most frequent type.

mod group;
mod label;
mod mentions;
mod spans;
mod words;

pub use group::ninjs_refs;

use super::Doc;
use super::lexicon::Lexicons;
use super::ner::features::Sentence;
use super::ner::tags::{EntityType, spans};
use super::ner::{Memo, Model};
use super::tokenize::sentences;
use crate::article::{Entity, Paragraph, ParagraphRole};

/// At most this many mentions are read per article: a hostile or runaway document (a
/// million names) stays bounded in time and output size; the rest of its text is not read
/// for entities, and `extract` says so.
pub const MAX_MENTIONS: usize = 5000;

/// At most this many bracket-defined acronyms are searched for per article.
const MAX_ACRONYMS: usize = 50;

/// A mention before grouping: code-point offsets into the document text, and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    text: String,
    ty: EntityType,
}

/// Finds and groups the entities of `doc`, reading only the paragraphs whose role carries
/// article text. The flag is true when the text held more than [`MAX_MENTIONS`] mentions
/// and the rest was not read.
pub fn extract(model: &Model, lexicons: &Lexicons, doc: &Doc) -> (Vec<Entity>, bool) {
    let (text, offsets) = (doc.text, &doc.offsets);
    let mut found = Vec::new();
    let mut truncated = false;
    let mut read_end = 0usize; // code point where reading stopped
    let mut memo = Memo::default();
    'paragraphs: for (p, tokens) in doc.paragraphs.iter().zip(&doc.tokens).filter(|(p, _)| super::is_extractable(p.role)) {
        if found.len() >= MAX_MENTIONS {
            truncated = true;
            break;
        }
        let (Some(bs), Some(be)) = (offsets.byte(p.start), offsets.byte(p.end)) else { continue };
        let para = &text[bs..be];
        if p.role == ParagraphRole::Dateline {
            found.extend(dateline_places(para, bs, doc));
            continue;
        }
        for range in sentences(para, tokens) {
            let toks = &tokens[range];
            if let Some(last) = toks.last() {
                read_end = offsets.char(bs + last.end);
            }
            let sentence = Sentence::new(toks.iter().map(|t| t.text(para)).collect(), lexicons);
            let tagged = spans::correct(spans(&model.tag_in(&sentence, &mut memo)), toks, para, lexicons);
            for span in tagged {
                let Some((s, e, ty)) = spans::finish(span, toks, para, lexicons) else { continue };
                // The cap holds per mention: one endless sentence cannot overshoot it.
                if found.len() >= MAX_MENTIONS {
                    truncated = true;
                    read_end = offsets.char(bs + toks[s].start);
                    break 'paragraphs;
                }
                let (b0, b1) = (bs + toks[s].start, bs + toks[e - 1].end);
                found.push(Found { start: offsets.char(b0), end: offsets.char(b1), text: text[b0..b1].to_string(), ty });
            }
        }
    }
    let mut entities = group::group(found, text, offsets, lexicons);
    // Later mentions are looked for only in the text that was read.
    let read: Vec<Paragraph> = if truncated {
        doc.paragraphs.iter().filter(|p| p.start < read_end).map(|p| Paragraph { end: p.end.min(read_end), ..p.clone() }).collect()
    } else {
        doc.paragraphs.to_vec()
    };
    mentions::add_name_part_mentions(&mut entities, text, offsets, &read);
    mentions::add_acronym_mentions(&mut entities, text, offsets, &read);
    mentions::merge_legal_form_variants(&mut entities);
    group::score_salience(&mut entities, text);
    (entities, truncated)
}

/// The places of a dateline paragraph (`bs`: its byte offset in the text). In "NAIROBI,
/// Kenya (AP) —" the place and its region are GPEs; the agency is not an entity of the
/// story, nor is a date ("FRANKFURT, June 4").
fn dateline_places(para: &str, bs: usize, doc: &Doc) -> Vec<Found> {
    let main = para.split('(').next().unwrap_or("").trim_end_matches(['—', '–', '-', ' ']);
    let mut found = Vec::new();
    for part in main.split(',').take(2) {
        let part = part.trim();
        let is_date = part.split_whitespace().any(|w| w.chars().all(|c| c.is_ascii_digit()));
        if is_date || !part.chars().any(char::is_alphabetic) || !part.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let b0 = bs + (part.as_ptr() as usize - para.as_ptr() as usize);
        let b1 = b0 + part.len();
        found.push(Found { start: doc.offsets.char(b0), end: doc.offsets.char(b1), text: part.to_string(), ty: EntityType::Loc });
    }
    found
}

#[cfg(test)]
mod tests;
