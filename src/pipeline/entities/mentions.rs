//! Mentions added after grouping: later surnames and acronyms the tagger missed, and an
//! organisation's name with and without its legal form made one entity.

use super::MAX_ACRONYMS;
use super::group::is_acronym_of;
use super::spans::spells;
use super::words::is_legal_form;
use crate::article::{Entity, EntityKind, Mention, Paragraph};
use crate::pipeline::offsets::CodePoints;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Code-point ranges already taken by a mention, for overlap checks in O(log n) (the linear
/// scan this replaces made a document of many names quadratic).
struct Taken {
    /// start → the longest end of a range starting there.
    ranges: BTreeMap<usize, usize>,
    longest: usize,
}

impl Taken {
    fn of(entities: &[Entity]) -> Taken {
        let mut t = Taken { ranges: BTreeMap::new(), longest: 0 };
        for m in entities.iter().flat_map(|e| &e.mentions) {
            t.insert(m.start, m.end);
        }
        t
    }

    fn insert(&mut self, start: usize, end: usize) {
        let e = self.ranges.entry(start).or_insert(end);
        *e = (*e).max(end);
        self.longest = self.longest.max(end.saturating_sub(start));
    }

    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.ranges.range(start.saturating_sub(self.longest)..end).any(|(a, b)| start < *b && *a < end)
    }
}

/// Where each word (a maximal run of letters, digits and hyphens) of the extractable
/// paragraphs stands: byte ranges, in text order. Built once so later-mention searches cost
/// one pass over the text instead of one per entity.
pub(super) fn word_index<'t>(
    text: &'t str,
    offsets: &CodePoints,
    paragraphs: &[Paragraph],
) -> HashMap<&'t str, Vec<(usize, usize, usize)>> {
    let mut index: HashMap<&str, Vec<(usize, usize, usize)>> = HashMap::default();
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    for p in paragraphs.iter().filter(|p| crate::pipeline::is_extractable(p.role)) {
        let (Some(bs), Some(be)) = (offsets.byte(p.start), offsets.byte(p.end)) else { continue };
        let mut start: Option<usize> = None;
        for (i, c) in text[bs..be].char_indices().chain(std::iter::once((be - bs, ' '))) {
            match (start, is_word(c)) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    index.entry(&text[bs + s..bs + i]).or_default().push((bs + s, bs + i, be));
                    start = None;
                }
                _ => {}
            }
        }
    }
    index
}

/// "Hartley & Crane" and "Hartley & Crane plc" are one organisation, named in full.
pub(super) fn merge_legal_form_variants(entities: &mut Vec<Entity>) {
    for n in 0..entities.len() {
        if entities[n].kind != EntityKind::Org {
            continue;
        }
        let short = entities[n].name.clone();
        let full = entities.iter().position(|e| {
            e.kind == EntityKind::Org && e.name.strip_prefix(short.as_str()).and_then(|r| r.strip_prefix(' ')).is_some_and(is_legal_form)
        });
        if let Some(f) = full {
            let moved = std::mem::take(&mut entities[n].mentions);
            entities[f].mentions.extend(moved);
            entities[f].mentions.sort_by_key(|m| m.start);
        }
    }
    entities.retain(|e| !e.mentions.is_empty());
}

/// `Elections Observation Group (ELOG)`: an acronym defined in brackets right after a
/// name is that name wherever it stands alone later, tagged or not; an entity made of the
/// acronym alone joins the name.
pub(super) fn add_acronym_mentions(entities: &mut Vec<Entity>, text: &str, offsets: &CodePoints, paragraphs: &[Paragraph]) {
    let mut defined: Vec<(usize, String, usize)> = Vec::new(); // (entity, acronym, where defined)
    for (n, e) in entities.iter().enumerate() {
        if !matches!(e.kind, EntityKind::Org | EntityKind::Gpe | EntityKind::Loc | EntityKind::Fac | EntityKind::Event)
            || !e.name.contains(' ')
        {
            continue;
        }
        for m in &e.mentions {
            let Some(b) = offsets.byte(m.end) else { continue };
            let Some(rest) = text[b..].strip_prefix(" (") else { continue };
            let Some(close) = rest.find(')') else { continue };
            let acr = &rest[..close];
            let letters = acr.chars().filter(|c| c.is_ascii_uppercase()).count();
            let acronym_like = (2..=10).contains(&acr.len()) && letters >= 2 && acr.chars().all(|c| c.is_ascii_alphanumeric() || c == '&');
            // Defined right after the name, the acronym need only share its first letter or
            // spell, in order, initials of the name ending with its last word: "Pennsylvania
            // Office of Attorney General (OAG)", "Kazakh-Chinese Joint Commission on the Use
            // and Protection of Transboundary Rivers (JCTR)".
            let initials: Vec<char> = e.name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
            let acr_letters: Vec<char> = acr.chars().filter(char::is_ascii_uppercase).collect();
            let first_matches = acr.chars().next() == e.name.chars().next()
                || is_acronym_of(acr, &e.name)
                || (initials.len() >= 2 && spells(&acr_letters, &initials));
            if acronym_like && first_matches {
                defined.push((n, acr.to_string(), m.end));
            }
        }
    }
    let mut taken = Taken::of(entities);
    let mut merged = Vec::new();
    // One search per acronym, from where it was first defined.
    let mut seen_acronyms = rustc_hash::FxHashSet::default();
    defined.retain(|(_, acr, _)| seen_acronyms.insert(acr.clone()));
    defined.truncate(MAX_ACRONYMS);
    for (n, acr, from) in defined {
        // A separate entity that is just the acronym joins the name.
        for (k, other) in entities.iter().enumerate() {
            if k != n && other.name == acr {
                merged.push((k, n));
            }
        }
        let mut added = Vec::new();
        for p in paragraphs.iter().filter(|p| crate::pipeline::is_extractable(p.role) && p.end > from) {
            let (Some(bs), Some(be)) = (offsets.byte(p.start), offsets.byte(p.end)) else { continue };
            for (i, _) in text[bs..be].match_indices(acr.as_str()) {
                let (b0, b1) = (bs + i, bs + i + acr.len());
                let boundary_before = !text[..b0].chars().next_back().is_some_and(char::is_alphanumeric);
                let boundary_after = !text[b1..].chars().next().is_some_and(char::is_alphanumeric);
                let (c0, c1) = (offsets.char(b0), offsets.char(b1));
                if boundary_before && boundary_after && c0 >= from && !taken.overlaps(c0, c1) {
                    added.push(Mention { start: c0, end: c1, text: acr.clone() });
                    taken.insert(c0, c1);
                }
            }
        }
        entities[n].mentions.extend(added);
        entities[n].mentions.sort_by_key(|m| m.start);
    }
    for (from, into) in merged.iter().rev() {
        if from == into {
            continue;
        }
        let moved = std::mem::take(&mut entities[*from].mentions);
        entities[*into].mentions.extend(moved);
        entities[*into].mentions.sort_by_key(|m| m.start);
        entities[*into].mentions.dedup_by_key(|m| m.start);
    }
    entities.retain(|e| !e.mentions.is_empty());
}

/// Later mentions of a person by surname alone that the tagger missed (`Farah accused …`
/// after `Hassan Abdi Farah`): whole capitalized words of extractable paragraphs, not inside
/// another mention and not followed by another capitalized word.
pub(super) fn add_name_part_mentions(entities: &mut [Entity], text: &str, offsets: &CodePoints, paragraphs: &[Paragraph]) {
    let mut taken = Taken::of(entities);
    let words = word_index(text, offsets, paragraphs);
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    for e in entities.iter_mut() {
        if e.kind != EntityKind::Person || e.name.split_whitespace().count() < 2 {
            continue;
        }
        let Some(surname) = e.name.split_whitespace().last().map(str::to_string) else { continue };
        if surname.chars().count() < 3 || !surname.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let first = e.mentions.first().map_or(0, |m| m.start);
        // Whole-word occurrences: from the index, or (a surname with an apostrophe, which the
        // index splits) by a search of the paragraphs.
        let places: Vec<(usize, usize, usize)> = if surname.chars().all(is_word) {
            words.get(surname.as_str()).cloned().unwrap_or_default()
        } else {
            let mut v = Vec::new();
            for p in paragraphs.iter().filter(|p| crate::pipeline::is_extractable(p.role) && p.end > first) {
                let (Some(bs), Some(be)) = (offsets.byte(p.start), offsets.byte(p.end)) else { continue };
                for (i, _) in text[bs..be].match_indices(surname.as_str()) {
                    let (b0, b1) = (bs + i, bs + i + surname.len());
                    let word_before = text[..b0].chars().next_back().is_some_and(is_word);
                    let word_after = text[b1..be].starts_with(is_word);
                    if !word_before && !word_after {
                        v.push((b0, b1, be));
                    }
                }
            }
            v
        };
        let mut added = Vec::new();
        for (b0, b1, be) in places {
            let next_capital = text[b1..be].strip_prefix(' ').is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()));
            let (c0, c1) = (offsets.char(b0), offsets.char(b1));
            if next_capital || c0 < first || taken.overlaps(c0, c1) {
                continue;
            }
            added.push(Mention { start: c0, end: c1, text: surname.clone() });
            taken.insert(c0, c1);
        }
        e.mentions.extend(added);
        e.mentions.sort_by_key(|m| m.start);
    }
}
