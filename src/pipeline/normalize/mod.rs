//! Normalization: from whatever ingestion sends to clean text with structure.
//!
//! 1. Blocks: HTML through html5ever's tokenizer ([`html`]), plain text by line.
//! 2. Repairs per block ([`repair`]): tag leftovers, markup and entities in text, mojibake,
//!    lost spaces, NFC, control and zero-width characters, whitespace.
//! 3. Structure ([`structure`]): roles (`body`, `heading`, `caption`, `credit`, `byline`,
//!    `dateline`, `boilerplate`), a caption's credit, a dateline and a glued subhead split into
//!    paragraphs of their own; exact duplicate paragraphs dropped.
//! 4. Assembly: paragraphs joined by a blank line; offsets in code points.
//!
//! Idempotent on text: normalizing the `text` of a result again gives the same text and the
//! same paragraph boundaries. (Roles that came from markup, like a `figcaption`, cannot all be
//! recovered from text alone.)

mod html;
mod repair;
mod structure;

pub use structure::{byline_names, fold_quote, is_extractable};

use crate::article::{Body, DatelineInfo, Paragraph, ParagraphRole};
use rustc_hash::FxHashSet as HashSet;

/// The separator between paragraphs in `text`.
pub const PARAGRAPH_SEPARATOR: &str = "\n\n";

/// Normalized text, its paragraphs (code-point offsets into `text`), and what was found in
/// its furniture.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// The dateline of the story, if it had one.
    pub dateline: Option<DatelineInfo>,
    /// Names from byline and contributor paragraphs.
    pub byline_names: Vec<String>,
}

/// Normalizes a body. Never panics; the result has no paragraphs when the body holds no
/// visible text.
pub fn normalize(body: &Body) -> Normalized {
    let blocks: Vec<html::Block> = match body {
        Body::Html(markup) => html::blocks(markup),
        Body::Text(text) => text.split('\n').map(|line| (None, line.to_string())).collect(),
    };
    let mut state = State::default();
    for (hint, raw) in blocks {
        state.block(hint, &raw);
    }
    let mut n = assemble(state.out);
    n.dateline = state.dateline;
    n.byline_names = state.byline_names;
    n
}

/// Paragraphs made so far and what was found in them.
#[derive(Default)]
struct State {
    out: Vec<(ParagraphRole, String)>,
    seen: HashSet<String>,
    dateline: Option<DatelineInfo>,
    byline_names: Vec<String>,
}

/// Datelines are looked for in the first paragraphs only.
const DATELINE_WINDOW: usize = 4;

impl State {
    /// Splits a repaired block into paragraphs and gives each its role.
    ///
    /// Splitting looks at the text only, never at the markup's hint, so that normalizing the
    /// result's text again finds the same paragraphs (idempotence).
    fn block(&mut self, hint: Option<ParagraphRole>, raw: &str) {
        use ParagraphRole as R;
        // Every piece split off is repaired and split again as a paragraph of its own, exactly
        // as it will be when the text is read again.
        let text = repair::repair(raw);
        if text.is_empty() {
            return;
        }
        // A caption's trailing credit: "Boats in Busan. Photo: AFP".
        if let Some(i) = structure::credit_start(&text).filter(|i| *i > 0) {
            let (head, credit) = text.split_at(i);
            let head_hint = hint.or(Some(R::Caption));
            self.block(head_hint, head);
            self.block(Some(R::Credit), credit);
            return;
        }
        // A dateline opening the story: "SEOUL (AFP) — South Korea…".
        if self.dateline.is_none()
            && self.out.iter().filter(|(r, _)| *r != R::Boilerplate).count() < DATELINE_WINDOW
            && let Some(d) = structure::dateline(&text)
        {
            self.dateline = Some(DatelineInfo { text: d.text.clone(), place: d.place, agency: d.agency });
            let (head, rest) = text.split_at(d.len);
            self.block(Some(R::Dateline), head);
            self.block(hint, rest);
            return;
        }
        // An agency sign-off ending a paragraph: "… lines restored. (PNA)".
        if let Some(i) = structure::sign_off_start(&text) {
            let (head, tag) = text.split_at(i);
            self.block(hint, head);
            self.block(Some(R::Credit), tag);
            return;
        }
        let by_text = if structure::is_boilerplate(&text) {
            Some(R::Boilerplate)
        } else if structure::is_byline(&text) {
            Some(R::Byline)
        } else if structure::is_credit(&text) {
            Some(R::Credit)
        } else {
            None
        };
        // A subhead glued to the paragraph: "Toward greater heights The video meeting…".
        if by_text.is_none()
            && let Some(n) = structure::glued_subhead(&text)
        {
            // Inside site chrome both halves stay boilerplate.
            self.block(if hint == Some(R::Boilerplate) { hint } else { Some(R::Heading) }, &text[..n]);
            self.block(hint, &text[n..]);
            return;
        }
        let role = match (hint, by_text) {
            (Some(R::Byline), _) | (_, Some(R::Byline)) => R::Byline,
            (Some(h), _) => h,
            (None, Some(r)) => r,
            (None, None) if structure::is_heading(&text) => R::Heading,
            (None, None) => R::Body,
        };
        if role == R::Byline {
            for name in structure::byline_names(&text) {
                if !self.byline_names.contains(&name) {
                    self.byline_names.push(name);
                }
            }
        }
        if self.seen.insert(text.clone()) {
            self.out.push((role, text));
        }
    }
}

/// Joins paragraphs with [`PARAGRAPH_SEPARATOR`], computing code-point offsets.
fn assemble(blocks: Vec<(ParagraphRole, String)>) -> Normalized {
    let mut text = String::new();
    let mut paragraphs = Vec::with_capacity(blocks.len());
    let mut chars = 0usize;
    for (role, block) in blocks {
        if block.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str(PARAGRAPH_SEPARATOR);
            chars += PARAGRAPH_SEPARATOR.len();
        }
        let len = block.chars().count();
        text.push_str(&block);
        paragraphs.push(Paragraph { start: chars, end: chars + len, role });
        chars += len;
    }
    Normalized { text, paragraphs, dateline: None, byline_names: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ParagraphRole as R;

    pub(crate) fn texts(n: &Normalized) -> Vec<(&str, ParagraphRole)> {
        n.paragraphs
            .iter()
            .map(|p| {
                let start = n.text.char_indices().nth(p.start).map_or(n.text.len(), |(i, _)| i);
                let end = n.text.char_indices().nth(p.end).map_or(n.text.len(), |(i, _)| i);
                (&n.text[start..end], p.role)
            })
            .collect()
    }

    #[test]
    fn html_article_structure() {
        let n = normalize(&Body::Html(
            "<p class=\"byline\">By Ann Lee</p><p>SEOUL (AFP) &#8212; Talks resumed on Wednesday.</p>\
             <figure><img src=a.jpg alt=x><figcaption>Boats in Busan. Photo: AFP</figcaption></figure>\
             <h2>Background</h2><p>Talks resumed on Wednesday.</p><p>Read more: <a href=x>Other story</a></p>"
                .into(),
        ));
        assert_eq!(
            texts(&n),
            vec![
                ("By Ann Lee", R::Byline),
                ("SEOUL (AFP) —", R::Dateline),
                ("Talks resumed on Wednesday.", R::Body),
                ("Boats in Busan.", R::Caption),
                ("Photo: AFP", R::Credit),
                ("Background", R::Heading),
                ("Read more: Other story", R::Boilerplate),
            ]
        );
        assert_eq!(n.byline_names, vec!["Ann Lee"]);
        let d = n.dateline.as_ref().unwrap();
        assert_eq!((d.place.as_str(), d.agency.as_deref()), ("Seoul", Some("AFP")));
    }

    #[test]
    fn plain_text_with_leftover_and_glued_subhead() {
        let n = normalize(&Body::Text(
            "Alt text\" src=\"https://x/a.jpeg\" />Leaders meet in Beijing, January 21, 2025. Photo: Xinhua\n\
             Xi met Putin on Tuesday.\nToward greater heights The meeting comes before the holiday.\nXi met Putin on Tuesday."
                .into(),
        ));
        assert_eq!(
            texts(&n),
            vec![
                ("Leaders meet in Beijing, January 21, 2025.", R::Caption),
                ("Photo: Xinhua", R::Credit),
                ("Xi met Putin on Tuesday.", R::Body),
                ("Toward greater heights", R::Heading),
                ("The meeting comes before the holiday.", R::Body),
            ]
        );
    }

    #[test]
    fn agency_sign_off_is_a_credit() {
        let n = normalize(&Body::Text("First.\nThe lines were restored. (PNA)".into()));
        assert_eq!(texts(&n)[1..], [("The lines were restored.", R::Body), ("(PNA)", R::Credit)]);
        let n = normalize(&Body::Text("He met the head of NATO (NATO)".into()));
        assert_eq!(n.paragraphs.len(), 1);
    }

    #[test]
    fn offsets_count_code_points() {
        let n = normalize(&Body::Text("Zürich café\nNext".into()));
        assert_eq!(n.paragraphs[1].start, "Zürich café\n\n".chars().count());
        assert_eq!(n.paragraphs[1].end, n.text.chars().count());
    }

    #[test]
    fn renormalizing_changes_nothing() {
        let n = normalize(&Body::Html(
            "<p>SEOUL (AFP) — A.</p><p>Toward greater heights The b c d.</p><figcaption>C. Photo: X</figcaption>".into(),
        ));
        let again = normalize(&Body::Text(n.text.clone()));
        assert_eq!(again.text, n.text);
        let bounds = |n: &Normalized| n.paragraphs.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>();
        assert_eq!(bounds(&again), bounds(&n));
    }

    #[test]
    fn html_detection() {}
}
