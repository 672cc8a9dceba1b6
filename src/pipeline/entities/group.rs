//! Document-level grouping: a document's mentions become entities with one type and a
//! canonical name each; salience and the ninjs subject references.

use super::Found;
use super::label::label;
use crate::article::{Entity, EntityKind, Mention, NinjsRef};
use crate::pipeline::lexicon::Lexicons;
use crate::pipeline::ner::tags::EntityType;
use crate::pipeline::offsets::CodePoints;
use rustc_hash::FxHashMap as HashMap;

/// The document's entities from its mentions (in text order), grouped as the module doc of
/// [`super`] says, with canonical names and output types; salience is left to
/// [`score_salience`], once every mention is in.
pub(super) fn group(found: Vec<Found>, text: &str, offsets: &CodePoints, lexicons: &Lexicons) -> Vec<Entity> {
    // Majority type per surface form. A type that context settled (a river, an area) counts
    // twice the tagger's: "Nairobi's Westlands constituency" outweighs a tagger's "person"
    // Westlands. One read from "told the" alone counts half.
    let mut votes: HashMap<&str, [usize; EntityType::ALL.len()]> = HashMap::default();
    for f in &found {
        if let Some(v) = votes.entry(f.text.as_str()).or_default().get_mut(f.ty.index()) {
            *v += match f.ty {
                EntityType::Told => 1,
                EntityType::NaturalFeature | EntityType::Area | EntityType::Titled => 4,
                _ => 2,
            };
        }
    }
    let typed: Vec<(Found, EntityKind)> = found
        .iter()
        .filter_map(|f| {
            let v = votes.get(f.text.as_str()).copied().unwrap_or_default();
            let best = EntityType::ALL.into_iter().max_by_key(|t| (v[t.index()], usize::from(*t == f.ty))).unwrap_or(f.ty);
            label(best, &f.text, lexicons).map(|l| (Found { ty: best, ..f.clone() }, l))
        })
        .collect();

    // Entity keys: full names first so short forms can join them.
    let mut order: Vec<usize> = (0..typed.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(typed[*i].0.text.split_whitespace().count()));
    let mut key_of: Vec<Option<usize>> = vec![None; typed.len()];
    let mut names: Vec<(String, EntityKind)> = Vec::new();
    // (lowercased name, type) → index into `names`, for the exact-match case.
    let mut exact: HashMap<(String, EntityKind), usize> = HashMap::default();
    for &i in &order {
        let (f, kind) = &typed[i];
        let lower = f.text.to_lowercase();
        // A one-word mention that is a person's first or last name, or an organisation's
        // first word (`Njoroge`, `Rheinwald`), is that entity whatever type it was tagged.
        let short_form = |name: &str, k: EntityKind| {
            !f.text.contains(' ')
                && ((k == EntityKind::Person && is_part_of_name(&f.text, name))
                    || (k == EntityKind::Org && name.contains(' ') && name.split_whitespace().next() == Some(f.text.as_str()) && *kind != EntityKind::Gpe)
                    // A lone "person" that is a word of an organisation's name ("Riverside"
                    // of "Pella Riverside Lady Rams") is that organisation.
                    || (k == EntityKind::Org && *kind == EntityKind::Person && name.split_whitespace().any(|w| w == f.text)))
        };
        let joined = exact
            .get(&(lower.clone(), *kind))
            .copied()
            .or_else(|| if f.text.contains(' ') { None } else { names.iter().position(|(name, k)| short_form(name, *k)) });
        // Prefer the form as normally written over an all-caps one (datelines, headlines).
        if let Some(j) = joined
            && is_all_caps(&names[j].0)
            && !is_all_caps(&f.text)
            && names[j].0.to_lowercase() == f.text.to_lowercase()
        {
            names[j].0 = f.text.clone();
        }
        key_of[i] = Some(joined.unwrap_or_else(|| {
            names.push((f.text.clone(), *kind));
            exact.insert((lower, *kind), names.len() - 1);
            names.len() - 1
        }));
    }
    // Acronyms defined in parentheses: "Name (ACR)".
    let mut alias: HashMap<usize, usize> = HashMap::default();
    let mut starting_at: HashMap<usize, Vec<usize>> = HashMap::default();
    for (j, (g, _)) in typed.iter().enumerate() {
        starting_at.entry(g.start).or_default().push(j);
    }
    for (i, (f, _)) in typed.iter().enumerate() {
        if let Some(j) = starting_at.get(&(f.end + 2)).and_then(|js| js.iter().copied().find(|j| is_acronym_of(&typed[*j].0.text, &f.text)))
            && offsets.byte(f.end + 1).is_some_and(|b| text[b..].starts_with('('))
            && let (Some(a), Some(b)) = (key_of[j], key_of[i])
            && a != b
        {
            alias.insert(a, b);
        }
    }
    let resolve = |k: usize| alias.get(&k).copied().unwrap_or(k);

    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::default();
    let mut mentions_sorted: Vec<usize> = (0..typed.len()).collect();
    mentions_sorted.sort_by_key(|i| typed[*i].0.start);
    for i in mentions_sorted {
        let Some(k) = key_of[i].map(resolve) else { continue };
        let f = &typed[i].0;
        let at = *index.entry(k).or_insert_with(|| {
            entities.push(Entity {
                id: String::new(),
                kind: names[k].1,
                name: names[k].0.clone(),
                mentions: Vec::new(),
                value: None,
                salience: None,
            });
            entities.len() - 1
        });
        entities[at].mentions.push(Mention { start: f.start, end: f.end, text: f.text.clone() });
    }
    for (n, e) in entities.iter_mut().enumerate() {
        e.id = format!("e{}", n + 1);
    }
    entities
}

/// Sets each entity's salience: its share of the document's mentions and how early it
/// first comes, mixed 0.7 / 0.3 and rounded to three places. Run once every mention is in,
/// so that mentions added after grouping count.
pub(super) fn score_salience(entities: &mut [Entity], text: &str) {
    let total_chars = text.chars().count().max(1) as f64;
    let total_mentions: usize = entities.iter().map(|e| e.mentions.len()).sum();
    for e in entities.iter_mut() {
        let first = e.mentions.first().map_or(0, |m| m.start) as f64;
        let share = e.mentions.len() as f64 / total_mentions.max(1) as f64;
        let early = 1.0 - first / total_chars;
        e.salience = Some(((0.7 * share + 0.3 * early) * 1000.0).round() / 1000.0);
    }
}

pub(super) fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
}

/// `Putin` in `Vladimir Putin`, `Xi` in `Xi Jinping`: a one-word name that is the first or
/// last word of a longer one.
pub(super) fn is_part_of_name(short: &str, full: &str) -> bool {
    if short.contains(' ') || !full.contains(' ') {
        return false;
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    words.first() == Some(&short) || words.last() == Some(&short)
}

/// `SCO` for `Shanghai Cooperation Organization`: the capitals of the name's words.
pub(super) fn is_acronym_of(acronym: &str, name: &str) -> bool {
    if acronym.len() < 2 || !acronym.chars().all(|c| c.is_uppercase() || c == '&') {
        return false;
    }
    let initials: String =
        name.split_whitespace().filter(|w| w.starts_with(|c: char| c.is_uppercase())).filter_map(|w| w.chars().next()).collect();
    initials == acronym
}

/// People, organisations and places as ninjs subject references: the most salient third are
/// `about`, the rest `mentions`.
pub fn ninjs_refs(entities: &[Entity]) -> (Vec<NinjsRef>, Vec<NinjsRef>, Vec<NinjsRef>) {
    let mut sal: Vec<f64> = entities.iter().filter_map(|e| e.salience).collect();
    sal.sort_by(|a, b| b.total_cmp(a));
    let cut = sal.get(sal.len() / 3).copied().unwrap_or(f64::MAX);
    let r = |e: &Entity| NinjsRef {
        name: e.name.clone(),
        rel: if e.salience.unwrap_or(0.0) >= cut { "about" } else { "mentions" }.to_string(),
        literal: None,
    };
    let pick = |kinds: &[EntityKind]| entities.iter().filter(|e| kinds.contains(&e.kind)).map(r).collect();
    (pick(&[EntityKind::Person]), pick(&[EntityKind::Org]), pick(&[EntityKind::Gpe, EntityKind::Loc, EntityKind::Fac]))
}
