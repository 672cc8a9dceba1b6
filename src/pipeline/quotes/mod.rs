//! Quotes: who said what. Direct quotes are the words inside quote marks; indirect quotes
//! are reported speech ("X said that …", "…, Cui said", "according to X, …"). Each is
//! attributed to a speaker resolved against the document's entities.
//!
//! Per body paragraph:
//! 1. [`marks`] pairs the quote marks; scare quotes (a short term in quotes with no
//!    attribution, or one that is named, "dubbed", or modifies a noun) are dropped.
//! 2. Each direct quote takes its attribution from the words right after it (`,” said Li` /
//!    `,” Li said`), else from a cue earlier in its sentence (`Li said: “…`, `it “welcomed
//!    …”`), else from the quote before it in the paragraph, else from the paragraph before
//!    (a floating quote, or one continued across paragraphs).
//! 3. Every other cue verb with a subject gives an indirect quote: the reported clause after
//!    it ("that …"), or the clause before it when it closes the sentence ("…, Cui said.").
//! 4. [`speaker`] resolves the speaker phrase: a name to its entity's canonical name, "he" or
//!    "she" to the last person named, "the minister" to the person introduced with that role,
//!    "the company" to the last organisation; an unnamed group stays as written.

mod clause;
pub mod cues;
mod marks;
mod speaker;

use super::Doc;
use super::lexicon::Lexicons;
use super::tokenize::{Token, sentences};
use crate::article::{Entity, ParagraphRole, Quote, QuoteKind, Speaker};
use clause::{CueAt, Para};
use cues::Cues;
use speaker::Resolver;
use std::ops::Range;

/// Naming words before a quoted term: `dubbed “fish-first diplomacy”`.
const NAMING: &[&str] = &[
    "dubbed", "called", "nicknamed", "named", "known", "labelled", "labeled", "branded", "termed", "so-called", "coined", "titled",
    "entitled", "billed",
];

/// Words that may follow a partial quote without making it a modifier (`“drowning in debt”
/// and`, `“unmatched depth” of`).
const AFTER_PARTIAL: &[&str] = &[
    "and", "or", "but", "to", "of", "in", "for", "despite", "because", "which", "that", "as", "on", "at", "with", "from", "by", "after",
    "before", "when", "while", "if", "than", "since", "until", "over", "into", "he", "she", "they", "it", "we", "i", "said", "says", "the",
    "a", "an", "about",
];

/// A quote before its id is known.
struct Found {
    kind: QuoteKind,
    /// Byte range of the words in the document.
    range: Range<usize>,
    speaker: Option<Speaker>,
    cue: Option<String>,
}

/// More quotes than any article has: past this, a (hostile) text is not read further, so the
/// stage stays linear in the input.
pub const MAX_QUOTES: usize = 2_000;

/// Finds the quotes in the body and heading paragraphs of `doc` and attributes them (`lexicons` tell
/// which given names are a woman's or a man's). The flag says whether the text was cut short
/// at [`MAX_QUOTES`].
pub fn extract(doc: &Doc, entities: &[Entity], cues: &Cues, lexicons: &Lexicons) -> (Vec<Quote>, bool) {
    let (text, offsets, paragraphs, tokens) = (doc.text, &doc.offsets, doc.paragraphs, &doc.tokens);
    let resolver = Resolver::new(text, entities, offsets, lexicons);
    // Paragraphs read for quotes: byte range, tokens, and whether it reads as a headline
    // (capitalized cues).
    let body: Vec<(Range<usize>, &[Token], bool)> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.role, ParagraphRole::Body | ParagraphRole::Heading))
        .filter_map(|(i, p)| {
            let r = offsets.byte(p.start)?..offsets.byte(p.end)?;
            let heading = p.role == ParagraphRole::Heading || is_title_case(&text[r.clone()]);
            Some((r, tokens.get(i).map_or(&[][..], Vec::as_slice), heading))
        })
        .collect();
    let spans: Vec<Vec<marks::Span>> = body
        .iter()
        .map(|(r, _, _)| {
            let para = &text[r.clone()];
            transcript_turn(para).map_or_else(|| marks::find(para), |(_, span)| vec![span])
        })
        .collect();
    let quoted: Vec<Range<usize>> =
        body.iter().zip(&spans).flat_map(|((r, _, _), s)| s.iter().map(move |s| r.start + s.inner.start..r.start + s.inner.end)).collect();

    let mut found: Vec<Found> = Vec::new();
    // The speaker of the last direct quote, and whether its paragraph ended inside it.
    let mut previous: Option<(Speaker, bool)> = None;
    // The speaker of the last direct quote and where it starts, for "he said" after it.
    let mut last_direct: Option<(Speaker, usize)> = None;
    let mut truncated = false;
    for ((r, toks, heading), spans) in body.iter().zip(spans) {
        let (toks, heading) = (*toks, *heading);
        if found.len() >= MAX_QUOTES {
            truncated = true;
            break;
        }
        let para = &text[r.clone()];
        let sents = sentences(para, toks);
        let token_at = |byte: usize| toks.partition_point(|t| t.start < byte);
        let inner_toks: Vec<Range<usize>> = spans.iter().map(|s| token_at(s.inner.start)..token_at(s.inner.end)).collect();
        let p = Para { text: para, toks, quoted: &inner_toks, cues, heading };
        let sentence_of = |i: usize| {
            let k = sents.partition_point(|s| s.end <= i);
            sents.get(k).filter(|s| s.contains(&i)).cloned().unwrap_or(i..i + 1)
        };
        let to_doc = |range: Range<usize>| r.start + range.start..r.start + range.end;
        let speaker_with = |phrase: Range<usize>, previous: Option<(&Speaker, usize)>| {
            resolver.resolve(to_doc(tok_bytes(toks, phrase)), &quoted, offsets, previous)
        };
        let speaker_of = |phrase: Range<usize>| speaker_with(phrase, None);

        let turn = transcript_turn(para);
        let mut used_cues = Vec::new();
        let mut last_in_para: Option<Speaker> = None;
        let continued = previous.as_ref().is_some_and(|(_, open)| *open);
        let mut ended_open = false;
        for (k, span) in spans.iter().enumerate() {
            if found.len() >= MAX_QUOTES {
                truncated = true;
                break;
            }
            let open_tok = token_at(span.open);
            // The first token after the closing mark.
            let close_tok = token_at(span.end);
            let sentence = sentence_of(open_tok);
            if let Some((who, _)) = &turn {
                let speaker = speaker_of(token_at(who.start)..token_at(who.end));
                found.push(Found { kind: QuoteKind::Direct, range: to_doc(span.inner.clone()), speaker: Some(speaker), cue: None });
                continue;
            }
            let after = after_quote(&p, span, close_tok);
            let before = if after.is_none() { before_quote(&p, sentence.start, open_tok) } else { None };
            // The quote is the cue's whole object (`Li said: “…”`), not a partial quote
            // inside reported words, when the cue comes right before it.
            let introduces = before.as_ref().is_some_and(|(c, who)| {
                let last = c.end.max(who.end);
                open_tok == last || open_tok == last + 1 && matches!(p.word(last), ":" | ",")
            });
            let attribution = after.clone().or(before).or_else(|| in_sentence(&p, &sentence, open_tok));
            let words = para[span.inner.clone()].split_whitespace().count();
            if is_scare(&p, span, open_tok, close_tok, &sentence, attribution.is_some(), words) {
                continue;
            }
            if !span.closed && span.inner.end == para.len() {
                ended_open = true;
            }
            // `X put it plainly: “…”`, or a quote after a sentence about a named person:
            // the person named first in that sentence or the one before.
            let named_before = || {
                let colon = open_tok > 0 && p.word(open_tok - 1) == ":";
                let previous_sentence =
                    sents[..sents.partition_point(|s| s.end <= sentence.start)].last().filter(|_| open_tok == sentence.start);
                let candidates = [colon.then(|| sentence.clone()), previous_sentence.cloned()];
                candidates.into_iter().flatten().find_map(|s| {
                    let who = leading_name(&p, &s)?;
                    Some(speaker_of(who)).filter(|sp| sp.entity.is_some())
                })
            };
            // `“…” ― Steve Quinlan`: a quote signed with a dash.
            let signed = if attribution.is_none() { dash_signature(&p, close_tok) } else { None };
            let (speaker, cue) = match attribution {
                Some((c, phrase)) => {
                    if after.is_some() || introduces {
                        used_cues.push(c.at);
                    }
                    let before = last_direct.as_ref().map(|(s, at): &(Speaker, usize)| (s, *at));
                    (Some(speaker_with(phrase, before)), Some(cue_words(&p, &c)))
                }
                None if signed.is_some() => (signed.map(&speaker_of), None),
                None if last_in_para.is_none() && named_before().is_some() => (named_before(), None),
                None => {
                    let inherited = last_in_para.clone().or_else(|| {
                        let first_is_continuation = k == 0 && (continued || span.open == 0);
                        previous.as_ref().filter(|_| first_is_continuation || k == 0).map(|(s, _)| s.clone())
                    });
                    (inherited, None)
                }
            };
            if let Some(s) = &speaker {
                last_in_para = Some(s.clone());
                last_direct = Some((s.clone(), r.start + span.inner.start));
            }
            found.push(Found { kind: QuoteKind::Direct, range: to_doc(span.inner.clone()), speaker, cue });
        }
        previous = match last_in_para {
            Some(s) => Some((s, ended_open)),
            // "Caddell continued:" introduces the quote in the next paragraph.
            None => introduces_next(&p, &sents).map(|who| (speaker_of(who), false)),
        };

        for sentence in &sents {
            if found.len() >= MAX_QUOTES {
                truncated = true;
                break;
            }
            reported(&p, sentence.clone(), &used_cues, &speaker_of, &mut |range, speaker, cue| {
                found.push(Found {
                    kind: QuoteKind::Indirect,
                    range: to_doc(tok_bytes(toks, range)),
                    speaker: Some(speaker),
                    cue: Some(cue),
                });
            });
        }
    }

    found.sort_by_key(|f| (f.range.start, f.range.end));
    found.truncate(MAX_QUOTES);
    let quotes = found
        .into_iter()
        .enumerate()
        .map(|(n, f)| Quote {
            id: format!("q{}", n + 1),
            kind: f.kind,
            text: text[f.range.clone()].to_string(),
            start: offsets.char(f.range.start),
            end: offsets.char(f.range.end),
            speaker: f.speaker,
            cue: f.cue,
        })
        .collect();
    (quotes, truncated)
}

/// A headline written as a paragraph: most words capitalized, no full stop at the end.
fn is_title_case(para: &str) -> bool {
    if para.trim_end().ends_with('.') {
        return false;
    }
    let (mut words, mut capital) = (0usize, 0usize);
    for first in para.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphabetic()) {
        words += 1;
        capital += usize::from(first.is_uppercase());
    }
    words >= 3 && capital * 10 >= words * 7
}

/// A turn of an interview transcript, `PENCE: Well, look, …`: the speaker's byte range
/// and the words as a quoted span. A transcript quoted whole has a quote mark opening each
/// turn (`"WALLACE: Let's start …`), and the last one closing it; neither is part of the words.
fn transcript_turn(para: &str) -> Option<(Range<usize>, marks::Span)> {
    let label_start = para.find(|c: char| !matches!(c, '"' | '“' | '„')).filter(|&i| i <= 3)?;
    // A speaker label is a few words: look for its colon near the start only.
    let head = &para[label_start..para.floor_char_boundary(label_start + 48)];
    let colon = label_start + head.find(": ")?;
    let who = &para[label_start..colon];
    let words = who.split_whitespace().count();
    let caps = who.chars().any(char::is_alphabetic) && who.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\''));
    if !(1..=3).contains(&words) || !caps || who.len() < 2 || para.len() < colon + 12 {
        return None;
    }
    let mut end = para.trim_end().len();
    if label_start > 0 {
        let t = &para[..end];
        end = t.strip_suffix(['"', '”']).unwrap_or(t).trim_end().len();
        // `“BREAKING: Shots fired,” the account posted.`: the quote closes before the
        // paragraph ends, so this is a quote with a colon, not a transcript turn. Quotes
        // nested in the turn (`“Shark Tank.”`) open before they close.
        let mut depth = 0usize;
        for c in para[colon..end].chars() {
            match c {
                '“' => depth += 1,
                '”' if depth > 0 => depth -= 1,
                '”' | '"' => return None,
                _ => {}
            }
        }
    }
    let inner = colon + 2..end.max(colon + 2);
    if inner.is_empty() {
        return None;
    }
    Some((label_start..colon, marks::Span { open: colon, inner, end: para.len(), closed: true }))
}

/// Byte range covered by a token range.
fn tok_bytes(toks: &[Token], r: Range<usize>) -> Range<usize> {
    match (toks.get(r.start), r.end.checked_sub(1).and_then(|e| toks.get(e))) {
        (Some(a), Some(b)) if r.start < r.end => a.start..b.end,
        _ => 0..0,
    }
}

fn cue_words(p: &Para, c: &CueAt) -> String {
    (c.at..c.end).map(|i| p.word(i)).collect::<Vec<_>>().join(" ")
}

/// `,” said Li` or `,” Li said` right after the closing mark.
fn after_quote(p: &Para, span: &marks::Span, close_tok: usize) -> Option<(CueAt, Range<usize>)> {
    if !span.closed {
        return None;
    }
    let mut s = close_tok;
    if s < p.toks.len() && matches!(p.word(s), "," | "—" | "–") {
        s += 1;
    }
    let hi = (s..p.toks.len().min(s + 20))
        .find(|&i| matches!(p.word(i), "." | "?" | "!" | ";" | "“" | "\"" | "‘") || p.in_quote(i))
        .unwrap_or(p.toks.len().min(s + 20));
    for v in s..hi {
        if let Some(c) = p.cue_at(v) {
            if v == s {
                return p.speaker_after(&c, hi).map(|r| (c, r));
            }
            return p.subject_before(v, s).filter(|r| r.start == s).map(|r| (c, r));
        }
    }
    None
}

/// The name after a dash right after a quote's closing mark (`” ― Steve Quinlan.`): one to
/// four capitalized words ending the paragraph or the sentence.
fn dash_signature(p: &Para, close_tok: usize) -> Option<Range<usize>> {
    if !matches!(p.word(close_tok), "―" | "—" | "–" | "-") {
        return None;
    }
    let start = close_tok + 1;
    let mut end = start;
    while end < p.toks.len()
        && end < start + 4
        && p.word(end).starts_with(char::is_uppercase)
        && p.word(end).chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    {
        end += 1;
    }
    let closes = end == p.toks.len() || matches!(p.word(end), "." | "," | "“" | "\"" | "”");
    (end > start && closes).then_some(start..end)
}

/// A paragraph that ends in a colon after an attribution (`Caddell continued:`, `The
/// statement said:`) introduces the quote of the next one: the subject of that cue.
fn introduces_next(p: &Para, sents: &[Range<usize>]) -> Option<Range<usize>> {
    let last = sents.last()?;
    let colon = last.end.checked_sub(1).filter(|&i| p.word(i) == ":")?;
    let v = colon.checked_sub(1)?;
    (p.cue_at(v).is_some() || p.lower_is_any(v, &["continued"])).then(|| p.subject_before(v, last.start)).flatten()
}

/// A cue before the quote in its sentence: `Li said: “…”`, `it said it “welcomed …”`.
fn before_quote(p: &Para, sentence_start: usize, open_tok: usize) -> Option<(CueAt, Range<usize>)> {
    (sentence_start..open_tok).rev().find_map(|v| {
        let c = p.cue_at(v)?;
        let who = p.subject_before(v, sentence_start).or_else(|| p.speaker_after(&c, open_tok))?;
        Some((c, who))
    })
}

/// A cue later in the quote's sentence: `“…” was how Li described it`.
fn in_sentence(p: &Para, sentence: &Range<usize>, open_tok: usize) -> Option<(CueAt, Range<usize>)> {
    (open_tok..sentence.end).filter(|&v| !p.in_quote(v)).find_map(|v| {
        let c = p.cue_at(v)?;
        Some((c, p.subject_before(v, open_tok)?))
    })
}

/// The name that opens a sentence (`Faith Chepkoech, the returning officer, put it …`):
/// capitalized words from its start.
fn leading_name(p: &Para, sentence: &Range<usize>) -> Option<Range<usize>> {
    let mut e = sentence.start;
    while e < sentence.end && e < sentence.start + 5 {
        let w = p.word(e);
        let name_like =
            w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'));
        if !name_like || matches!(w, "The" | "A" | "An" | "But" | "And" | "In" | "On" | "At" | "When" | "After") {
            break;
        }
        e += 1;
    }
    (e > sentence.start).then_some(sentence.start..e)
}

/// Whether a quoted span is a scare quote or a term rather than someone's words.
fn is_scare(
    p: &Para,
    span: &marks::Span,
    open_tok: usize,
    close_tok: usize,
    sentence: &Range<usize>,
    attributed: bool,
    words: usize,
) -> bool {
    let inner = &p.text[span.inner.clone()];
    let title_case = words >= 2 && inner.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic()));
    let after_colon = open_tok > 0 && p.word(open_tok - 1) == ":";
    if words >= 4 {
        return title_case && !attributed && !after_colon;
    }
    if !attributed {
        return true;
    }
    // Directly attributed ("Never," he said): a quote whatever its length.
    let adjacent = after_quote(p, span, close_tok).is_some()
        || open_tok > 0 && matches!(p.word(open_tok - 1), ":" | ",") && (sentence.start..open_tok).any(|v| p.cue_at(v).is_some());
    if adjacent {
        return false;
    }
    let before = |n: usize| open_tok.checked_sub(n).filter(|&i| i >= sentence.start).map(|i| p.word(i).to_lowercase());
    if (1..=4).filter_map(before).any(|w| NAMING.contains(&w.as_str())) {
        return true;
    }
    if before(1).is_some_and(|w| matches!(w.as_str(), "of" | "the" | "a" | "an" | "too" | "so" | "this" | "that")) {
        return true;
    }
    // A modifier: `the “AI PC” label`.
    let next = p.toks.get(close_tok).map(|t| t.text(p.text));
    if next.is_some_and(|n| n.starts_with(|c: char| c.is_lowercase()) && !AFTER_PARTIAL.contains(&n)) {
        return true;
    }
    // A term or a name: `any form of “Taiwan independence”`, a lone hyphenated compound.
    let capital = inner.starts_with(|c: char| c.is_uppercase()) && open_tok > sentence.start;
    capital || (words == 1 && inner.contains('-'))
}

/// Indirect quotes of one sentence: reported clauses after a cue with a subject, clauses
/// closed by `, X said`, and `according to X`.
fn reported(
    p: &Para,
    sentence: Range<usize>,
    used: &[usize],
    speaker_of: &dyn Fn(Range<usize>) -> Speaker,
    emit: &mut dyn FnMut(Range<usize>, Speaker, String),
) {
    let end = sentence_end(p, &sentence);
    let mut last_speaker: Option<Speaker> = None;
    let mut emitted: Vec<Range<usize>> = Vec::new();
    let mut push = |range: Range<usize>, speaker: Speaker, cue: String, emitted: &mut Vec<Range<usize>>| {
        // Words that end inside a partial quote take its closing mark (`“deplorables.”`).
        let mut range = range;
        if range.end > range.start && p.in_quote(range.end - 1) {
            if p.is_mark(range.end) {
                range.end += 1;
            } else if matches!(p.word(range.end), "." | "!" | "?") && p.is_mark(range.end + 1) {
                range.end += 2;
            }
        }
        let content = range.clone().filter(|&i| p.word(i).chars().any(char::is_alphanumeric)).count();
        let in_marks = range.clone().filter(|&i| p.in_quote(i)).count();
        // A clause reported inside another ("he said he raised …") is a quote of its own;
        // the same words twice are not.
        let overlaps =
            emitted.iter().any(|e| e.start == range.start || e.end == range.end && e.start <= range.start && range.start <= e.start + 2);
        // Reported words may end in a partial quote (`said cancer was ‘the one that …’`)
        // or, after "that", open with one that most of the words follow (`said that “race
        // still matters” in America, including how …`), but are not themselves a quotation
        // (`said: “…”`, `“We will not back down” on taxes, the minister said`).
        let starts_outside = !p.in_quote(range.start) && !p.is_mark(range.start);
        let after_that = range.start > 0 && p.word(range.start - 1).eq_ignore_ascii_case("that");
        let mostly_outside = in_marks * 2 < range.len();
        if content >= 3 && (starts_outside && (mostly_outside || in_marks + 3 < range.len()) || after_that && mostly_outside) && !overlaps {
            emitted.push(range.clone());
            emit(range, speaker, cue);
        }
    };
    let mut v = sentence.start;
    while v < end {
        if p.word(v).eq_ignore_ascii_case("according") && v + 1 < end && p.word(v + 1).eq_ignore_ascii_case("to") && !p.in_quote(v) {
            let who_end = (v + 2..end).find(|&i| p.word(i) == ",").unwrap_or(end);
            let who = v + 2..who_end;
            let opens = v <= sentence.start + 1;
            if !who.is_empty() && who.len() <= 10 {
                let speaker = speaker_of(who.clone());
                if opens && who_end < end {
                    // "According to X, …" unless the clause has its own speaker.
                    let own = (who_end + 1..end).any(|i| p.cue_at(i).is_some_and(|c| p.subject_before(c.at, who_end + 1).is_some()));
                    if !own {
                        push(who_end + 1..end, speaker.clone(), "according to".into(), &mut emitted);
                    }
                } else if v > sentence.start + 3 {
                    // "…, according to X" (the comma is often left out).
                    let end_of_clause = if p.word(v - 1) == "," { v - 1 } else { v };
                    push(sentence.start..end_of_clause, speaker.clone(), "according to".into(), &mut emitted);
                }
                last_speaker = Some(speaker);
            }
            v = who_end;
            continue;
        }
        let Some(c) = p.cue_at(v) else {
            v += 1;
            continue;
        };
        if used.contains(&v) {
            // The cue of a direct quote (`,” Li said, noting that …`): its speaker carries on.
            if let Some(who) = p.subject_before(v, sentence.start).or_else(|| p.speaker_after(&c, end)) {
                last_speaker = Some(speaker_of(who));
            }
            v = c.end;
            continue;
        }
        if c.cue.is_participle {
            let speaker = last_speaker.clone().or_else(|| p.sentence_subject(sentence.start, v).map(speaker_of));
            if let (Some(s), Some(cs)) = (speaker, p.content_start(&c, end)) {
                push(cs..clause_end(p, cs, end), s, cue_words(p, &c), &mut emitted);
            }
            v = c.end;
            continue;
        }
        let subject = p.subject_before(v, sentence.start);
        let inverted = if subject.is_none() { p.speaker_after(&c, end) } else { None };
        // A second verb of the same subject: "… described the results as … but cautioned
        // that …", "warned that … and urged the council to …".
        let coordinated = subject.is_none() && v > sentence.start && p.lower_is_any(v - 1, &["and", "but"]);
        if let (true, Some(s), Some(cs)) = (coordinated, last_speaker.clone(), p.content_start(&c, end)) {
            push(cs..clause_end(p, cs, end), s, cue_words(p, &c), &mut emitted);
            v = c.end;
            continue;
        }
        let Some(who) = subject.clone().or(inverted.clone()) else {
            v = c.end;
            continue;
        };
        let speaker = speaker_of(who.clone());
        let after = inverted.as_ref().map_or(c.end, |r| r.end);
        // Where the attribution starts: the subject (`…, Cui said`) or, inverted, the cue
        // (`…, said Cui Heng, a scholar at …`).
        let attribution = if inverted.is_some() { v } else { who.start };
        let closes = clause::BARE_CLAUSE.contains(&c.cue.lemma)
            && attribution > sentence.start + 3
            && p.word(attribution - 1) == ","
            && (after >= end || matches!(p.word(after), "," | "." | ";") || p.content_start(&c, end).is_none());
        if closes {
            // "…, Cui said." The clause starts after an "According to X," opener.
            let from = (sentence.start..attribution - 1)
                .find(|&i| p.word(i).eq_ignore_ascii_case("according"))
                .and_then(|a| (a..attribution - 1).find(|&i| p.word(i) == ",").map(|i| i + 1))
                .unwrap_or(sentence.start);
            // "Acts of protest, Mr. Obama said, are acts of patriotism": the attribution sits
            // inside the reported words; the longer side is kept (a quote is one span). An
            // apposition after an inverted speaker (`said Cui Heng, a scholar`) is not words.
            let rest = after + 1..end;
            let words = |r: &Range<usize>| r.clone().filter(|&i| p.word(i).chars().any(char::is_alphanumeric)).count();
            // "…, the release said, and has signed …" goes on with a clause of its own.
            let inside = inverted.is_none()
                && after < end
                && p.word(after) == ","
                && words(&rest) >= 4
                && !p.lower_is_any(after + 1, &["and", "but", "or", "while", "as", "although", "though", "because", "which", "who"]);
            if inside && words(&rest) > words(&(from..attribution - 1)) {
                push(rest.start..clause_end(p, rest.start, end), speaker.clone(), cue_words(p, &c), &mut emitted);
            } else {
                push(from..attribution - 1, speaker.clone(), cue_words(p, &c), &mut emitted);
            }
        } else if let Some(cs) = p.content_start(&c, end) {
            push(cs..clause_end(p, cs, end), speaker.clone(), cue_words(p, &c), &mut emitted);
        }
        last_speaker = Some(speaker);
        v = c.end;
    }
}

/// The sentence without its final punctuation and closing marks.
fn sentence_end(p: &Para, sentence: &Range<usize>) -> usize {
    let mut end = sentence.end;
    while end > sentence.start && matches!(p.word(end - 1), "." | "!" | "?" | "”" | "\"" | "’" | "'" | ")" | "…") {
        end -= 1;
    }
    end
}

/// Where a reported clause starting at `from` ends: before `, adding that …` or the end.
fn clause_end(p: &Para, from: usize, end: usize) -> usize {
    (from..end).find(|&i| p.word(i) == "," && p.cue_at(i + 1).is_some_and(|c| c.cue.is_participle)).unwrap_or(end)
}

#[cfg(test)]
mod tests;
