//! Entities: mentions found by the tagger in the paragraphs that carry article text, grouped
//! per document into entities with a canonical name, a type and all their mentions.
//!
//! Grouping rules (document level): mentions with the same text and type are one entity; a
//! one-word PERSON mention that is the first or last word of a longer PERSON name (`Putin`,
//! `Xi`) joins that person; an acronym defined in parentheses right after a name (`Shanghai
//! Cooperation Organization (SCO)`) joins that name. The canonical name is the longest
//! mention. A surface form tagged with different types takes its most frequent type.

use super::lexicon::{Kind, Lexicons};
use super::ner::{Memo, Model};
use super::ner::features::Sentence;
use super::ner::tags::spans;
use super::offsets::CodePoints;
use super::tokenize::{Token, sentences};
use crate::article::{Entity, Mention, NinjsRef, Paragraph, ParagraphRole};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// At most this many mentions are read per article: a hostile or runaway document (a
/// million names) stays bounded in time and output size; the rest of its text is not read
/// for entities, and `extract` says so.
pub const MAX_MENTIONS: usize = 5000;

/// At most this many bracket-defined acronyms are searched for per article.
const MAX_ACRONYMS: usize = 50;

/// A mention before grouping: code-point offsets into the document text, CoNLL type index.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    text: String,
    conll: usize,
}

/// Finds and groups the entities of `text`, reading only `paragraphs` whose role carries
/// article text; `tokens` holds each paragraph's tokens (see [`super::tokenize_paragraphs`]).
/// The flag is true when the text held more than [`MAX_MENTIONS`] mentions and
/// the rest was not read.
pub fn extract(model: &Model, lexicons: &Lexicons, text: &str, offsets: &CodePoints, paragraphs: &[Paragraph], tokens: &[Vec<Token>]) -> (Vec<Entity>, bool) {
    let mut found = Vec::new();
    let mut truncated = false;
    let mut read_end = 0usize; // code point where reading stopped
    let mut memo = Memo::default();
    'paragraphs: for (p, tokens) in paragraphs.iter().zip(tokens).filter(|(p, _)| super::is_extractable(p.role)) {
        if found.len() >= MAX_MENTIONS {
            truncated = true;
            break;
        }
        let (Some(bs), Some(be)) = (offsets.byte(p.start), offsets.byte(p.end)) else { continue };
        let para = &text[bs..be];
        if p.role == ParagraphRole::Dateline {
            // "NAIROBI, Kenya (AP) —": the place and its region are GPEs; the agency is not an
            // entity of the story, nor is a date ("FRANKFURT, June 4").
            let main = para.split('(').next().unwrap_or("").trim_end_matches(['—', '–', '-', ' ']);
            for (n, part) in main.split(',').enumerate().take(2) {
                let part = part.trim();
                let is_date = part.split_whitespace().any(|w| w.chars().all(|c| c.is_ascii_digit()));
                if n > 1 || is_date || !part.chars().any(char::is_alphabetic) || !part.starts_with(|c: char| c.is_uppercase()) {
                    continue;
                }
                let b0 = bs + (part.as_ptr() as usize - para.as_ptr() as usize);
                let b1 = b0 + part.len();
                found.push(Found { start: offsets.char(b0), end: offsets.char(b1), text: part.to_string(), conll: 2 });
            }
            continue;
        }
        for range in sentences(para, tokens) {
            if found.len() >= MAX_MENTIONS {
                truncated = true;
                break 'paragraphs;
            }
            let toks = &tokens[range];
            if let Some(last) = toks.last() {
                read_end = offsets.char(bs + last.end);
            }
            let sentence = Sentence::new(toks.iter().map(|t| t.text(para)).collect(), lexicons);
            let mut tagged = spans(&model.tag_in(&sentence, &mut memo));
            split_person_after_country(&mut tagged, toks, para, lexicons);
            extend_organisation_over_and(&mut tagged, toks, para, lexicons);
            join_organisation_of_country(&mut tagged, toks, para, lexicons);
            extend_to_defined_acronym(&mut tagged, toks, para, lexicons);
            extend_over_initials(&mut tagged, toks, para);
            extend_over_given_name_after_title(&mut tagged, toks, para, lexicons);
            extend_over_hyphenated_given_names(&mut tagged, toks, para);
            name_rivers_and_exchanges(&mut tagged, toks, para, lexicons);
            retype_by_context(&mut tagged, toks, para, lexicons);
            place_beside_place(&mut tagged, toks, para, lexicons);
            for (mut s, mut e, mut ty) in tagged {
                // A legal form ends an organisation's name: "Hartley & Crane plc".
                if ty == 1 && e < toks.len() && is_legal_form(toks[e].text(para)) {
                    e += 1;
                }
                // A title makes a person: "Dr Huang Jiayi" tagged ORG is still Dr Huang, and so
                // is "Huang Jiayi" after "Dr" when the tagger left the title out.
                let titled = e - s > 1 && is_person_title(toks[s].text(para))
                    || s >= 1 && is_person_title(toks[s - 1].text(para)) && toks[s..e].iter().all(|t| t.text(para).starts_with(char::is_uppercase));
                if titled {
                    ty = 0;
                }
                // A title is not part of the name: "Dr Huang Jiayi" → "Huang Jiayi"; nor is a
                // participle opening the sentence: "Echoing Li, …" → "Li".
                while ty == 0 && e - s > 1 && (is_title(toks[s].text(para)) || is_participle(toks[s].text(para))) {
                    s += 1;
                }
                // "Miss Universe Alicia Machado": a pageant's title runs on to the word after
                // "Miss", which is no given name.
                if ty == 0 && s >= 1 && toks[s - 1].text(para) == "Miss" && e - s >= 3 && !lexicons.has(Kind::GivenName, toks[s].text(para)) {
                    s += 1;
                }
                // A lone title is not a person ("panel Chairman Rep. Jason Chaffetz").
                if ty == 0 && e - s == 1 && lexicons.has(Kind::Title, toks[s].text(para)) {
                    continue;
                }
                // "Japanese Aggression": a nationality does not open a person's name ("Chinese
                // President Xi" has lost its title above only if the tagger took it in).
                if ty == 0 && is_demonym(toks[s].text(para)) {
                    if e - s > 2 && is_title(toks[s + 1].text(para)) {
                        s += 2;
                    } else {
                        continue;
                    }
                }
                let words: Vec<&str> = toks[s..e].iter().map(|t| t.text(para)).collect();
                if names_nothing(&words, ty) {
                    continue;
                }
                // "Minister of Water Resources of China": a portfolio in a title, no organisation.
                if ty == 1 && after_portfolio_title(toks, para, s) && lexicons.has(Kind::Country, toks[e - 1].text(para)) && !is_org_head(toks[s].text(para)) {
                    continue;
                }
                if ty == 0 && names_an_account(toks, para, s, e) && !lexicons.has(Kind::GivenName, toks[s].text(para)) {
                    continue;
                }
                // "(Nasdaq: LUMS)": a ticker symbol stands for the company named in full.
                if e - s == 1 && s >= 2 && toks[s - 1].text(para) == ":" && is_exchange(toks[s - 2].text(para)) {
                    continue;
                }
                let (b0, b1) = (bs + toks[s].start, bs + toks[e - 1].end);
                if !text[b0..b1].chars().any(char::is_alphanumeric) {
                    continue;
                }
                let conll = if titled && ty == 0 { TITLED } else { ty };
                found.push(Found { start: offsets.char(b0), end: offsets.char(b1), text: text[b0..b1].to_string(), conll });
            }
        }
    }
    let mut entities = group(found, text, offsets, lexicons);
    // Later mentions are looked for only in the text that was read.
    let read: Vec<Paragraph> = if truncated {
        paragraphs.iter().filter(|p| p.start < read_end).map(|p| Paragraph { end: p.end.min(read_end), ..p.clone() }).collect()
    } else {
        paragraphs.to_vec()
    };
    add_name_part_mentions(&mut entities, text, offsets, &read);
    add_acronym_mentions(&mut entities, text, offsets, &read);
    merge_legal_form_variants(&mut entities);
    (entities, truncated)
}

/// Whether the span starting at token `s` follows "Minister of", "Secretary of" or
/// "Commissioner of": the words are a portfolio in someone's title.
fn after_portfolio_title(toks: &[Token], para: &str, s: usize) -> bool {
    s >= 2 && toks[s - 1].text(para) == "of" && matches!(toks[s - 2].text(para), "Minister" | "Secretary" | "Commissioner")
}

/// "Vice Minister of Water Resources of China Tian Rongsheng" tagged as one organisation
/// after a title: what follows "of <country>" when it is two or three capitalized words is
/// the title holder, and the portfolio ends at the country ("Republic of Korea Air Force",
/// with no title before it, stays whole).
fn split_person_after_country(tagged: &mut Vec<(usize, usize, usize)>, toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let mut k = 0;
    while k < tagged.len() {
        let (s, e, ty) = tagged[k];
        if !after_portfolio_title(toks, para, s) {
            k += 1;
            continue;
        }
        let country_end = (s + 2..e).find(|&j| word(j - 1) == "of" && (lexicons.has(Kind::Country, word(j)) || j + 1 < e && lexicons.has(Kind::Country, &para[toks[j].start..toks[j + 1].end])));
        if let Some(j) = country_end.filter(|_| ty == 1) {
            let end = if lexicons.has(Kind::Country, word(j)) { j + 1 } else { j + 2 };
            let rest = end..e;
            let name = rest.len() >= 2 && rest.len() <= 3 && rest.clone().all(|i| word(i).starts_with(char::is_uppercase) && word(i).chars().all(char::is_alphabetic));
            if name && !is_org_head(word(e - 1)) {
                tagged[k] = (s, end, 1);
                tagged.insert(k + 1, (end, e, 0));
                k += 1;
            }
        }
        k += 1;
    }
}

/// Type of a natural feature found by [`name_rivers_and_exchanges`] (after CoNLL's four).
const NATURAL_FEATURE: usize = 4;

/// Type of an area found by [`name_rivers_and_exchanges`]: a place whose type its context
/// settles, as for a natural feature.
const AREA: usize = 5;

/// Type of a name after "told the" ("told the Mercury"): an organisation by context alone,
/// weaker evidence than the tagger's, so "She told the Dalai Lama" stays a person where the
/// tagger found him elsewhere.
const TOLD: usize = 6;

/// Type of a name right after a personal title ("Mr. Obama", "Sen. Cruz"): a person by
/// context, strong enough to outvote the tagger's guesses for the same name elsewhere (a
/// name it does not know, tagged a place in a headline).
const TITLED: usize = 7;

/// The types above (CoNLL's four and those settled by context).
const TYPES: usize = 8;

/// Lowercase words for an area that a name before them makes a place: "the Westlands
/// constituency", "the Kangemi and Parklands areas".
fn is_area_noun(word: &str) -> bool {
    const AREAS: [&str; 20] = [
        "area", "areas", "constituency", "constituencies", "district", "districts", "neighbourhood",
        "neighbourhoods", "neighborhood", "neighborhoods", "suburb", "suburbs", "village", "villages",
        "province", "provinces", "municipality", "municipalities", "ward", "wards",
    ];
    AREAS.contains(&word)
}

/// Party names that come before words for an area ("Labour constituencies", "the
/// Republican districts") without naming a place.
fn is_party_word(word: &str) -> bool {
    const PARTIES: [&str; 12] = [
        "Labour", "Labor", "Conservative", "Tory", "Republican", "Democratic", "Democrat", "Liberal",
        "Green", "Socialist", "Communist", "Reform",
    ];
    PARTIES.contains(&word)
}

/// Names the tagger misses or mistypes that their context settles: "the Ili river", "the
/// Irtysh and Ili rivers" (places: rivers named before a lowercase "river"), "Nairobi's
/// Westlands constituency", "the Kangemi and Parklands areas" (places: names before a
/// lowercase word for an area, when the tagger saw no place there), and a stock exchange
/// ("listed on the Nasdaq"), an organisation.
fn name_rivers_and_exchanges(tagged: &mut Vec<(usize, usize, usize)>, toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let name_word = |i: usize| {
        let w = word(i);
        w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic) && !matches!(w, "The" | "A" | "An") && !is_demonym(w)
    };
    // The capitalized words (up to three) ending right before token `end`, when "the" or
    // "and" comes before them: "the Syr Darya river", "the Irtysh and Ili rivers".
    let name_before = |end: usize| {
        let mut start = end;
        while start > 0 && end - start < 3 && name_word(start - 1) {
            start -= 1;
        }
        let opened = start > 0 && matches!(word(start - 1), "the" | "The" | "and");
        (start < end && opened).then_some(start)
    };
    // An area's name may follow a possessive ("Nairobi's Westlands constituency") but is no
    // party ("the Labour constituency", "the SNP constituency"), no people ("the Kurdish
    // areas", "the Sunni and Shia areas"), no organisation's head word ("the Council area")
    // and nothing the tagger called MISC ("the Olympic village").
    let area_before = |end: usize| {
        let mut start = end;
        while start > 0 && end - start < 3 && name_word(start - 1) {
            start -= 1;
        }
        let opened = start > 0 && matches!(word(start - 1), "the" | "The" | "and" | "'s" | "’s");
        let named = (start..end).all(|k| {
            let w = word(k);
            !is_party_word(w) && !is_org_head(w) && !lexicons.has(Kind::Demonym, w) && w.chars().any(char::is_lowercase)
        });
        let misc = tagged.iter().any(|t| t.2 == 3 && t.0 < end && start < t.1);
        (start < end && opened && named && !misc).then_some(start)
    };
    let mut add: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..toks.len() {
        if is_area_noun(word(i)) {
            let Some(start) = area_before(i) else { continue };
            add.push((start, i, AREA));
            if word(start - 1) == "and" && word(i).ends_with('s')
                && let Some(first) = area_before(start - 1)
            {
                add.push((first, start - 1, AREA));
            }
            continue;
        }
        match word(i) {
            "river" | "rivers" => {
                let Some(start) = name_before(i) else { continue };
                add.push((start, i, NATURAL_FEATURE));
                // "the Irtysh and Ili rivers": both are rivers.
                if word(i) == "rivers" && word(start - 1) == "and"
                    && let Some(first) = name_before(start - 1)
                {
                    add.push((first, start - 1, NATURAL_FEATURE));
                }
            }
            "Nasdaq" | "NASDAQ" | "NYSE" | "Euronext" => add.push((i, i + 1, 1)),
            _ => {}
        }
    }
    for (s, e, ty) in add {
        let overlaps = |t: &(usize, usize, usize)| t.0 < e && s < t.1;
        // A river overrides what the tagger said of its name; an exchange overrides all but an
        // organisation ("Nasdaq Stock Market"); an area all but a place.
        if ty == 1 && tagged.iter().any(|t| overlaps(t) && t.2 == 1) || ty == AREA && tagged.iter().any(|t| overlaps(t) && t.2 == 2) {
            continue;
        }
        tagged.retain(|t| !overlaps(t));
        tagged.push((s, e, ty));
    }
    tagged.sort_unstable();
}

/// Types that the words around a name settle:
/// - "told the Mercury", "told the Guardian": a "person" or MISC named after "told the" is
///   an organisation (a newspaper, a committee), as weak evidence ([`TOLD`]);
/// - "guard Kaylee Vos", "spokesman Tom Hart": two or three capitalized words the tagger did
///   not call a person, after a lowercase role word, name one when they open with a given
///   name or follow a player's position, unless they are an organisation's or a place's name;
/// - "St Michael's Mount": a person named right after "St" or "Saint" takes it in.
fn retype_by_context(tagged: &mut [(usize, usize, usize)], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    for t in tagged.iter_mut() {
        let (s, e, ty) = *t;
        let words = s..e;
        let capitalized = words.clone().all(|i| word(i).starts_with(char::is_uppercase) && word(i).chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'));
        if (ty == 0 || ty == 3) && s >= 2 && word(s - 1) == "the" && word(s - 2) == "told" && capitalized {
            t.2 = TOLD;
        } else if ty != 0 && s >= 1 && is_role_word(word(s - 1), lexicons) && (2..=3).contains(&words.len()) && capitalized
            && (lexicons.has(Kind::GivenName, word(s)) || is_sports_position(word(s - 1)))
        {
            let name = &para[toks[s].start..toks[e - 1].end];
            let place = lexicons.is_place(name);
            if !place && !words.clone().any(|i| is_org_head(word(i)) || is_place_head(word(i)) || is_legal_form(word(i))) {
                t.2 = 0;
            }
        } else if ty == 0 && s >= 1 && matches!(word(s - 1), "St" | "St." | "Saint") {
            *t = (s - 1, e, ty);
        }
    }
}

/// "Bato, Catanduanes", "the Cleveland, Ohio-based company": a known place written beside
/// another place, with only a comma between, is a place too, though the tagger saw a
/// person or an organisation (a team, a company named after its town). Two teams in a list
/// ("St Helens, Wigan") have no place beside them and keep their type.
fn place_beside_place(tagged: &mut [(usize, usize, usize)], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let place = |text: &str| lexicons.is_place(text);
    let places: Vec<(usize, usize)> = tagged.iter().filter(|t| t.2 == 2).map(|t| (t.0, t.1)).collect();
    for t in tagged.iter_mut() {
        let (s, e, ty) = *t;
        let name = &para[toks[s].start..toks[e - 1].end];
        if !matches!(ty, 0 | 1) || !place(name) || ty == 0 && lexicons.has(Kind::GivenName, name) {
            continue;
        }
        let after = word(e) == "," && (places.iter().any(|p| p.0 == e + 1) || word(e + 1).strip_suffix("-based").is_some_and(place));
        let before = s >= 1 && word(s - 1) == "," && places.iter().any(|p| p.1 == s - 1);
        if after || before {
            t.2 = 2;
        }
    }
}

/// "the county's Liquid Fuels account", "the city's Rainy Day fund": capitalized words
/// between a possessive and a lowercase word for an account or a fund name that account,
/// not a person (the caller keeps a name opening with a given name: "Twitter's Donald
/// Trump account").
fn names_an_account(toks: &[Token], para: &str, s: usize, e: usize) -> bool {
    const ACCOUNTS: [&str; 8] = ["account", "accounts", "fund", "funds", "budget", "scheme", "grant", "grants"];
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    s >= 1 && matches!(word(s - 1), "'s" | "’s") && ACCOUNTS.contains(&word(e))
}

/// A lowercase word for someone's role that comes right before their name ("guard",
/// "spokesman", "coach"): the titles of the lexicon and the positions of team sports, but no
/// word that also comes before organisations ("former", "acting", "foreign", "a major
/// Goldman Sachs client", "market leader Samsung", "asset manager Fidelity").
fn is_role_word(word: &str, lexicons: &Lexicons) -> bool {
    const BEFORE_ORGANISATIONS: [&str; 21] = [
        "former", "acting", "deputy", "foreign", "finance", "defence", "defense", "health",
        "education", "interior", "trade", "crown", "chief", "major", "private", "prime", "general",
        "count", "leader", "manager", "ambassador",
    ];
    word.starts_with(char::is_lowercase) && (is_sports_position(word) || lexicons.has(Kind::Title, word) && !BEFORE_ORGANISATIONS.contains(&word))
}

/// A player's position in a team sport, written before the player's name ("guard Kaylee
/// Vos"); not "defender", which also comes before a title holder's club ("title defender
/// Real Madrid").
fn is_sports_position(word: &str) -> bool {
    const POSITIONS: [&str; 11] = [
        "guard", "forward", "striker", "midfielder", "goalkeeper", "quarterback", "pitcher", "winger",
        "teammate", "rookie", "freshman",
    ];
    POSITIONS.contains(&word)
}

/// "Ministry of Water Resources and Irrigation", "Department of Health and Human Services":
/// an organisation named "<Head> of …" that the tagger stopped at "and" runs on over the
/// capitalized words after it (up to three), when they are untagged and not a place; a
/// tagged name after "and" ("the Ministry of Defence and NATO") is another entity.
fn extend_organisation_over_and(tagged: &mut [(usize, usize, usize)], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    for k in 0..tagged.len() {
        let (s, e, ty) = tagged[k];
        let headed = e > s + 2 && is_org_head(word(s)) && word(s + 1) == "of";
        if ty != 1 || !headed || word(e) != "and" {
            continue;
        }
        let next_tagged = tagged.get(k + 1).map_or(usize::MAX, |t| t.0);
        let mut end = e + 1;
        while end < toks.len().min(e + 4) && end < next_tagged && word(end).starts_with(char::is_uppercase) && word(end).chars().all(char::is_alphabetic) {
            end += 1;
        }
        if end == e + 1 {
            continue;
        }
        let added = &para[toks[e + 1].start..toks[end - 1].end];
        let place = lexicons.is_place(added);
        // "the Department of Justice and Attorney General Merrick Garland": a title starts a
        // person, not more of the name.
        if (e + 1..end).any(|i| is_title(word(i)) || lexicons.has(Kind::Title, word(i))) {
            continue;
        }
        let possessive = matches!(word(end), "'s" | "’s");
        if !place && !possessive {
            tagged[k].1 = end;
        }
    }
}

/// "Ministry of Foreign Affairs of Kazakhstan": an organisation followed by "of" and a
/// country is one organisation (OntoNotes names the whole), not an organisation and a place.
fn join_organisation_of_country(tagged: &mut Vec<(usize, usize, usize)>, toks: &[Token], para: &str, lexicons: &Lexicons) {
    let mut i = 0;
    while i + 1 < tagged.len() {
        let ((s, e, ty), (s2, e2, ty2)) = (tagged[i], tagged[i + 1]);
        let country = || {
            let (Some(a), Some(b)) = (toks.get(s2), toks.get(e2 - 1)) else { return false };
            lexicons.has(Kind::Country, &para[a.start..b.end])
        };
        if ty == 1 && ty2 == 2 && s2 == e + 1 && toks.get(e).is_some_and(|t| t.text(para) == "of") && country() {
            tagged[i] = (s, e2, 1);
            tagged.remove(i + 1);
        }
        i += 1;
    }
}

/// "Reviewing Committee on the Export of Works of Art (RCEWA)", "Philippine Atmospheric,
/// Geophysical and Astronomical Services Administration (PAGASA)", "Committee on Foreign
/// Investment in the United States (CFIUS)": a name defined by the acronym after it is one
/// name, however the tagger cut it. The name is the shortest run of capitalized and joining
/// words before "(" whose initials hold the acronym's letters in order, from its first word
/// to its last; a tagged name it cuts into is taken whole ("Kazakh-Chinese Joint Commission
/// on the Use and Protection of Transboundary Rivers (JCTR)"). It never opens on a function
/// word ("In Syria, Islamic State (ISIS)") and never reaches over a comma or "and" to a
/// person or a known place ("France, Argentina and the Revolutionary Armed Forces of
/// Colombia (FARC)"). It is an organisation when the tagger saw one in it, or saw nothing
/// and it has an organisation's head word; otherwise it keeps the tagger's type
/// ("Democratic Republic of Congo (DRC)").
fn extend_to_defined_acronym(tagged: &mut Vec<(usize, usize, usize)>, toks: &[Token], para: &str, lexicons: &Lexicons) {
    const JOINING: [&str; 9] = ["of", "on", "the", "and", "for", "in", "&", ",", "de"];
    const LONGEST: usize = 16; // tokens of a name, joining words included
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let capital = |i: usize| word(i).starts_with(char::is_uppercase) && word(i).chars().any(char::is_alphabetic);
    for open in 1..toks.len().saturating_sub(2) {
        let acronym = word(open + 1);
        if word(open) != "(" || word(open + 2) != ")" || !is_acronym_like(acronym) || !capital(open - 1) {
            continue;
        }
        let letters: Vec<char> = acronym.chars().filter(char::is_ascii_uppercase).collect();
        // A person or a known place the tagger found, which a list joins to the name.
        let whole_name = |i: usize| {
            tagged.iter().any(|t| t.0 <= i && i < t.1 && (t.2 == 0 || t.2 == 2 && {
                let name = &para[toks[t.0].start..toks[t.1 - 1].end];
                lexicons.is_place(name)
            }))
        };
        let mut start = None;
        let mut k = open;
        while k > 0 && open - k < LONGEST && (capital(k - 1) || JOINING.contains(&word(k - 1))) {
            if k >= 2 && matches!(word(k - 1), "," | "and") && whole_name(k - 2) {
                break;
            }
            k -= 1;
            if FUNCTION_WORDS.contains(&word(k)) {
                continue;
            }
            let initials: Vec<char> = (k..open).filter(|&i| capital(i)).filter_map(|i| word(i).chars().next()).collect();
            if capital(k) && initials.first() == letters.first() && spells(&letters, &initials) {
                start = Some(k);
                break;
            }
        }
        let Some(mut s) = start else { continue };
        let cut: Vec<(usize, usize, usize)> = tagged.iter().copied().filter(|t| t.0 < open && s < t.1).collect();
        s = cut.iter().map(|t| t.0).min().map_or(s, |first| first.min(s));
        let ty = if cut.iter().any(|t| t.2 == 1) || (cut.is_empty() && (s..open).any(|i| is_org_head(word(i)))) {
            1
        } else if let Some(t) = cut.first() {
            t.2
        } else {
            continue;
        };
        tagged.retain(|t| !(t.0 < open && s < t.1));
        tagged.push((s, open, ty));
        tagged.sort_unstable();
    }
}

/// Capitalized words that open a sentence or a phrase but no name ("In Syria, …").
const FUNCTION_WORDS: [&str; 16] = ["In", "On", "At", "For", "By", "As", "After", "Before", "The", "A", "An", "From", "With", "And", "Of", "To"];

/// Whether `word` looks like an acronym: 2 to 10 capitals (and `&`), nothing else.
fn is_acronym_like(word: &str) -> bool {
    (2..=10).contains(&word.len()) && word.chars().filter(char::is_ascii_uppercase).count() >= 2 && word.chars().all(|c| c.is_ascii_uppercase() || c == '&')
}

/// Whether an acronym's `letters` spell a name's `initials` loosely: all of them, in
/// order, gaps allowed, the last letter from the last word ("JCTR" for "Joint Commission
/// on the Use and Protection of Transboundary Rivers").
fn spells(letters: &[char], initials: &[char]) -> bool {
    let mut rest = initials.iter();
    initials.last() == letters.last() && letters.iter().all(|c| rest.any(|l| l == c))
}

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
fn word_index<'t>(text: &'t str, offsets: &CodePoints, paragraphs: &[Paragraph]) -> HashMap<&'t str, Vec<(usize, usize, usize)>> {
    let mut index: HashMap<&str, Vec<(usize, usize, usize)>> = HashMap::default();
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    for p in paragraphs.iter().filter(|p| super::is_extractable(p.role)) {
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
fn merge_legal_form_variants(entities: &mut Vec<Entity>) {
    for n in 0..entities.len() {
        if entities[n].kind != "ORG" {
            continue;
        }
        let short = entities[n].name.clone();
        let full = entities.iter().position(|e| {
            e.kind == "ORG" && e.name.strip_prefix(short.as_str()).and_then(|r| r.strip_prefix(' ')).is_some_and(is_legal_form)
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
fn add_acronym_mentions(entities: &mut Vec<Entity>, text: &str, offsets: &CodePoints, paragraphs: &[Paragraph]) {
    let mut defined: Vec<(usize, String, usize)> = Vec::new(); // (entity, acronym, where defined)
    for (n, e) in entities.iter().enumerate() {
        if !matches!(e.kind.as_str(), "ORG" | "GPE" | "LOC" | "FAC" | "EVENT") || !e.name.contains(' ') {
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
        for p in paragraphs.iter().filter(|p| super::is_extractable(p.role) && p.end > from) {
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

/// `Park Hye-rin`, `Choi Soo-ah`: a capitalized word followed by a capitalized hyphenated
/// given name is a person, as Korean names are written, whatever the tagger made of it
/// (`Park` as a place, `Choi` as nothing).
fn extend_over_hyphenated_given_names(spans: &mut Vec<(usize, usize, usize)>, toks: &[super::tokenize::Token], para: &str) {
    let given = |t: &str| {
        let mut parts = t.split('-');
        let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else { return false };
        a.starts_with(|c: char| c.is_uppercase()) && a.chars().skip(1).all(char::is_lowercase) && !b.is_empty() && b.chars().all(char::is_lowercase)
    };
    let family = |t: &str| {
        (2..=8).contains(&t.len())
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && !matches!(t, "The" | "A" | "An" | "In" | "On" | "At" | "By" | "For" | "And" | "But" | "Mr" | "Ms" | "Dr")
    };
    for i in 0..toks.len().saturating_sub(1) {
        if family(toks[i].text(para)) && given(toks[i + 1].text(para)) {
            spans.retain(|(s, e, _)| *e <= i || *s >= i + 2);
            spans.push((i, i + 2, 0));
        }
    }
    spans.sort_unstable();
}

/// Later mentions of a person by surname alone that the tagger missed (`Farah accused …`
/// after `Hassan Abdi Farah`): whole capitalized words of extractable paragraphs, not inside
/// another mention and not followed by another capitalized word.
fn add_name_part_mentions(entities: &mut [Entity], text: &str, offsets: &CodePoints, paragraphs: &[Paragraph]) {
    let mut taken = Taken::of(entities);
    let words = word_index(text, offsets, paragraphs);
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    for n in 0..entities.len() {
        let e = &entities[n];
        if e.kind != "PERSON" || e.name.split_whitespace().count() < 2 {
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
            for p in paragraphs.iter().filter(|p| super::is_extractable(p.role) && p.end > first) {
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
        let e = &mut entities[n];
        e.mentions.extend(added);
        e.mentions.sort_by_key(|m| m.start);
    }
}

/// "Gov. Earl Ray Tomblin": a capitalised given name between a title and the person the
/// tagger found opens the name (the tagger leaves out a given name that is also a title,
/// as "Earl", when a title comes before it).
fn extend_over_given_name_after_title(spans: &mut [(usize, usize, usize)], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let ends: Vec<usize> = spans.iter().map(|(_, e, _)| *e).collect();
    for (s, _, ty) in spans.iter_mut() {
        let at = *s;
        if *ty == 0 && at >= 2 && !ends.contains(&at) && is_title(word(at - 2)) && word(at - 1).starts_with(char::is_uppercase) && lexicons.has(Kind::GivenName, word(at - 1)) {
            *s = at - 1;
        }
    }
}

/// `Esther W. Njoroge` tagged as `W. Njoroge`: a person that starts with an initial takes in
/// the capitalised word before it (taking it from another mention that ends there).
fn extend_over_initials(spans: &mut Vec<(usize, usize, usize)>, toks: &[super::tokenize::Token], para: &str) {
    let is_initial = |t: &str| t.len() == 2 && t.ends_with('.') && t.starts_with(|c: char| c.is_ascii_uppercase());
    let capitalised = |t: &str| t.starts_with(|c: char| c.is_uppercase()) && t.chars().all(|c| c.is_alphabetic() || c == '-');
    let mut changed = false;
    for i in 0..spans.len() {
        let (s, e, ty) = spans[i];
        if ty != 0 || s == 0 || !is_initial(toks[s].text(para)) || !capitalised(toks[s - 1].text(para)) {
            continue;
        }
        spans[i] = (s - 1, e, ty);
        changed = true;
        for other in spans.iter_mut() {
            if other.1 == s && other.0 < s - 1 {
                other.1 = s - 1;
            }
        }
    }
    if !changed {
        return;
    }
    spans.retain(|(s, e, _)| s < e);
    let all = spans.clone();
    spans.retain(|(s, e, ty)| !all.iter().any(|(s2, e2, t2)| (s2, e2, t2) != (s, e, ty) && s2 <= s && e <= e2 && *t2 == 0));
}

fn is_legal_form(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "plc" | "PLC" | "Inc" | "Ltd" | "LLC" | "Corp" | "AG" | "SA" | "NV" | "GmbH" | "SE" | "Co" | "LLP" | "Pty" | "Bhd" | "KK"
    )
}

fn is_person_title(word: &str) -> bool {
    matches!(word.trim_end_matches('.'), "Dr" | "Mr" | "Mrs" | "Ms" | "Prof" | "Sen" | "Gov" | "Rep")
}

/// Titles and honorifics that precede a name.
fn is_title(word: &str) -> bool {
    const TITLES: [&str; 24] = [
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "sen",
        "senator", "rep", "gov", "governor", "president", "gen", "general", "col", "lt", "capt",
        "rev", "judge",
    ];
    TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

/// Common nationality adjectives (lexicons from open data replace this list in a later stage).
fn is_demonym(word: &str) -> bool {
    const DEMONYMS: [&str; 24] = [
        "American", "British", "Chinese", "Japanese", "Russian", "French", "German", "Korean",
        "Indian", "Israeli", "Palestinian", "Iranian", "Turkish", "Ukrainian", "European", "African",
        "Asian", "Arab", "Soviet", "Italian", "Spanish", "Canadian", "Australian", "Mexican",
    ];
    DEMONYMS.contains(&word)
}

/// Last words of organisation names (a seed list; the open-data lexicons extend it).
fn is_org_head(word: &str) -> bool {
    const HEADS: [&str; 40] = [
        "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "plc", "PLC", "AG", "LLC", "GmbH", "SA",
        "University", "Agency", "Ministry", "Council", "Committee", "Commission", "Bank", "Party",
        "Association", "Institute", "Foundation", "Trust", "Fund", "Authority", "Department",
        "Office", "Court", "Alliance", "Movement", "Company", "Organization", "Group",
        "Organisation", "Federation", "Board", "Service", "Police", "Assembly",
    ];
    HEADS.contains(&word)
}

/// Whether a tagged span of `words` (CoNLL type `ty`) is no name at all: a head word alone
/// ("the Committee", "Executive"), or a person or place with a word mixing letters and
/// digits ("Class 3A", "PHP412"; organisations may have one: "3M", "G7").
fn names_nothing(words: &[&str], ty: usize) -> bool {
    let generic = matches!(words, [w] if is_generic_word(w) || is_common_abbreviation(w));
    // A token mixing letters and digits ("3A", "PHP412"); "Route 66" and "50 Cent" are names.
    let digits = ty != 1 && words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic));
    generic || digits
}

/// All-capital abbreviations of common nouns ("the DIY retailer", "PC sales", "AI"): no names.
fn is_common_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "DIY" | "CEO" | "CFO" | "COO" | "CTO" | "GDP" | "VAT" | "FAQ" | "PDF" | "USB" | "TV" | "PC" | "AI" | "HR"
            | "PR" | "ID" | "DNA" | "RNA" | "IPO" | "ETF" | "LED" | "GPS" | "SUV" | "ATM" | "ESG" | "LGBT" | "LGBTQ"
            | "MPs" | "CCTV" | "PhD" | "MBA" | "DJ" | "SMS" | "PIN" | "RPM" | "MPH" | "EV" | "EVs" | "AGM"
    )
}

/// Stock exchanges written before a ticker symbol ("Nasdaq: LUMS", "NYSE: HCR").
fn is_exchange(word: &str) -> bool {
    matches!(
        word,
        "Nasdaq" | "NASDAQ" | "NYSE" | "LSE" | "TSX" | "ASX" | "HKEX" | "SGX" | "NSE" | "BSE" | "Euronext" | "AMEX" | "OTC" | "TSE" | "JSE" | "XETRA" | "Xetra"
    )
}

/// Words that head a name but are no name alone ("the Committee said", "Executive").
fn is_generic_word(word: &str) -> bool {
    matches!(
        word,
        "Committee" | "Commission" | "Council" | "Ministry" | "Department" | "Agency" | "Board" | "Office"
            | "Court" | "Authority" | "Government" | "Administration" | "Executive"
            | "Cabinet" | "Secretariat" | "Bureau" | "Directorate" | "Tribunal" | "Assembly"
    )
}

/// Last words of place names: natural features, areas and streets.
fn is_place_head(word: &str) -> bool {
    const HEADS: [&str; 25] = [
        "Island", "Islands", "Creek", "River", "Mountain", "Mountains", "Lake", "Bay",
        "Sea", "Ocean", "Valley", "County", "Province", "Region", "Prefecture", "District",
        "Township", "Peninsula", "Gulf", "Strait", "Volcano", "Street", "Avenue", "Road", "Square",
    ];
    HEADS.contains(&word)
}

/// Administrative areas and natural features that no team or company is named after.
fn is_area_head(word: &str) -> bool {
    matches!(word, "County" | "Province" | "Region" | "Prefecture" | "District" | "Township" | "Island" | "Islands" | "Peninsula" | "Volcano" | "Creek")
}

fn is_facility_head(word: &str) -> bool {
    matches!(word, "Street" | "Avenue" | "Road" | "Square")
}

/// `Echoing`, `Quoting`, `Citing`: capitalised -ing words that open sentences. Short ones
/// (`Ming`, `Jing`, `Ying`) are names.
fn is_participle(word: &str) -> bool {
    word.len() > 5 && word.ends_with("ing")
}

/// Last words that make a name an event: `BRICS Summit`, `Spring Festival`, `Great Patriotic War`.
fn is_event_head(word: &str) -> bool {
    const HEADS: [&str; 16] = [
        "war", "summit", "festival", "games", "cup", "olympics", "conference", "forum",
        "championship", "championships", "election", "elections", "revolution", "crisis", "year", "expo",
    ];
    HEADS.contains(&word.to_lowercase().as_str())
}

/// spaCy/OntoNotes label for a CoNLL type and mention text; `None` drops the mention (MISC
/// that does not look like a nationality or group).
fn label(conll: usize, text: &str, lexicons: &Lexicons) -> Option<&'static str> {
    // A named storm is an event: "Typhoon Dalisay", "Hurricane Katrina".
    let first = text.split_whitespace().next().unwrap_or("");
    if text.contains(' ') && matches!(first, "Typhoon" | "Hurricane" | "Cyclone" | "Storm" | "Tropical") {
        return Some("EVENT");
    }
    // "Mount Kenya", "Lake Victoria", "Barangay Bonot": a "person" whose first word is a
    // place prefix is a place.
    if conll == 0 && text.contains(' ') && matches!(first, "Mount" | "Mt." | "Mt" | "Lake" | "Cape" | "Barangay" | "Isle" | "Loch") {
        return Some("LOC");
    }
    // "St Michael's Mount", "St Kilda Island": a saint's name with a place word after it is
    // a place; "Saint Teresa of Calcutta" is a person.
    if conll == 0 && matches!(first, "St" | "St." | "Saint") && matches!(text.split_whitespace().last(), Some("Mount" | "Island" | "Isle" | "Hill" | "Head" | "Bay" | "Point")) {
        return Some("LOC");
    }
    // "Greater Manchester", "Northern Kazakhstan": a region of a known place.
    if conll != 1
        && let Some(rest) = text.split_once(' ').filter(|(w, _)| matches!(*w, "Greater" | "Northern" | "Southern" | "Eastern" | "Western" | "Central")).map(|(_, r)| r)
        && lexicons.is_place(rest)
    {
        return Some("LOC");
    }
    // A "person" that is a country or a place, and not also a given name (`Shimane`,
    // `Catanduanes`, not `Georgia`), is that place.
    if conll == 0 && lexicons.is_place(text) && !lexicons.has(Kind::GivenName, text) {
        return Some("GPE");
    }
    let head = text.split_whitespace().last().unwrap_or("");
    if is_event_head(head) {
        return Some("EVENT");
    }
    // The last word of a name says what it names, whatever the tagger guessed.
    if conll != 1 && is_org_head(head) && text.contains(' ') {
        return Some("ORG");
    }
    // Only a "person" is re-typed as a place: an organisation named after one (a team like
    // "Tampa Bay") keeps its type.
    if (conll == 0 || conll == 1 && is_area_head(head)) && is_place_head(head) && text.contains(' ') {
        return Some(if is_facility_head(head) { "FAC" } else { "LOC" });
    }
    match conll {
        0 => Some("PERSON"),
        1 => Some("ORG"),
        2 => Some("GPE"),
        NATURAL_FEATURE => Some("LOC"),
        AREA => Some("GPE"),
        TOLD => Some("ORG"),
        TITLED => Some("PERSON"),
        _ => {
            let demonym = !text.contains(' ')
                && ["an", "ans", "ese", "ish", "i", "is", "ic", "ch", "sh"].iter().any(|s| text.ends_with(s))
                && text.starts_with(|c: char| c.is_uppercase());
            demonym.then_some("NORP")
        }
    }
}

fn group(found: Vec<Found>, text: &str, offsets: &CodePoints, lexicons: &Lexicons) -> Vec<Entity> {
    // Majority type per surface form. A type that context settled (a river, an area) counts
    // twice the tagger's: "Nairobi's Westlands constituency" outweighs a tagger's "person"
    // Westlands. One read from "told the" alone counts half.
    let mut votes: HashMap<&str, [usize; TYPES]> = HashMap::default();
    for f in &found {
        if let Some(v) = votes.entry(f.text.as_str()).or_default().get_mut(f.conll) {
            *v += match f.conll {
                TOLD => 1,
                NATURAL_FEATURE | AREA | TITLED => 4,
                _ => 2,
            };
        }
    }
    let typed: Vec<(Found, &'static str)> = found
        .iter()
        .filter_map(|f| {
            let v = votes.get(f.text.as_str()).copied().unwrap_or_default();
            let best = (0..TYPES).max_by_key(|t| (v[*t], usize::from(*t == f.conll))).unwrap_or(f.conll);
            label(best, &f.text, lexicons).map(|l| (Found { conll: best, ..f.clone() }, l))
        })
        .collect();

    // Entity keys: full names first so short forms can join them.
    let mut order: Vec<usize> = (0..typed.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(typed[*i].0.text.split_whitespace().count()));
    let mut key_of: Vec<Option<usize>> = vec![None; typed.len()];
    let mut names: Vec<(String, &'static str)> = Vec::new();
    // (lowercased name, type) → index into `names`, for the exact-match case.
    let mut exact: HashMap<(String, &'static str), usize> = HashMap::default();
    for &i in &order {
        let (f, kind) = &typed[i];
        let lower = f.text.to_lowercase();
        // A one-word mention that is a person's first or last name, or an organisation's
        // first word (`Njoroge`, `Rheinwald`), is that entity whatever type it was tagged.
        let short_form = |name: &str, k: &str| {
            !f.text.contains(' ')
                && ((k == "PERSON" && is_part_of_name(&f.text, name))
                    || (k == "ORG" && name.contains(' ') && name.split_whitespace().next() == Some(f.text.as_str()) && *kind != "GPE")
                    // A lone "person" that is a word of an organisation's name ("Riverside"
                    // of "Pella Riverside Lady Rams") is that organisation.
                    || (k == "ORG" && *kind == "PERSON" && name.split_whitespace().any(|w| w == f.text)))
        };
        let joined = exact
            .get(&(lower.clone(), *kind))
            .copied()
            .or_else(|| if f.text.contains(' ') { None } else { names.iter().position(|(name, k)| short_form(name, k)) });
        // Prefer the form as normally written over an all-caps one (datelines, headlines).
        if let Some(j) = joined
            && is_all_caps(&names[j].0)
            && !is_all_caps(&f.text)
            && names[j].0.to_lowercase() == f.text.to_lowercase()
        {
            names[j].0 = f.text.clone();
        }
        key_of[i] = Some(joined.unwrap_or_else(|| {
            names.push((f.text.clone(), kind));
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
        if let Some(j) = starting_at
            .get(&(f.end + 2))
            .and_then(|js| js.iter().copied().find(|j| is_acronym_of(&typed[*j].0.text, &f.text)))
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
                kind: names[k].1.to_string(),
                name: names[k].0.clone(),
                mentions: Vec::new(),
                value: None,
                salience: None,
            });
            entities.len() - 1
        });
        entities[at].mentions.push(Mention { start: f.start, end: f.end, text: f.text.clone() });
    }
    let total_chars = text.chars().count().max(1) as f64;
    let total_mentions: usize = entities.iter().map(|e| e.mentions.len()).sum();
    for (n, e) in entities.iter_mut().enumerate() {
        e.id = format!("e{}", n + 1);
        let first = e.mentions.first().map_or(0, |m| m.start) as f64;
        let share = e.mentions.len() as f64 / total_mentions.max(1) as f64;
        let early = 1.0 - first / total_chars;
        e.salience = Some(((0.7 * share + 0.3 * early) * 1000.0).round() / 1000.0);
    }
    entities
}

fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
}

/// `Putin` in `Vladimir Putin`, `Xi` in `Xi Jinping`: a one-word name that is the first or
/// last word of a longer one.
fn is_part_of_name(short: &str, full: &str) -> bool {
    if short.contains(' ') || !full.contains(' ') {
        return false;
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    words.first() == Some(&short) || words.last() == Some(&short)
}

/// `SCO` for `Shanghai Cooperation Organization`: the capitals of the name's words.
fn is_acronym_of(acronym: &str, name: &str) -> bool {
    if acronym.len() < 2 || !acronym.chars().all(|c| c.is_uppercase() || c == '&') {
        return false;
    }
    let initials: String = name
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .filter_map(|w| w.chars().next())
        .collect();
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
    let pick = |kinds: &[&str]| entities.iter().filter(|e| kinds.contains(&e.kind.as_str())).map(r).collect();
    (pick(&["PERSON"]), pick(&["ORG"]), pick(&["GPE", "LOC", "FAC"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tokenize::tokenize;

    #[test]
    fn name_parts_and_acronyms() {
        assert!(is_part_of_name("Putin", "Vladimir Putin"));
        assert!(is_part_of_name("Xi", "Xi Jinping"));
        assert!(!is_part_of_name("Jin", "Xi Jinping"));
        assert!(is_acronym_of("SCO", "Shanghai Cooperation Organization"));
        assert!(!is_acronym_of("SCO", "Shanghai Organization"));
    }

    #[test]
    fn a_person_named_after_an_organisation_of_a_country_is_split_off() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "said Minister of Water Resources of China Tian Rongsheng and the Bank of Japan Research Institute and the Republic of Korea Air Force";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let mut tagged = vec![(at("Water"), at("Rongsheng") + 1, 1), (at("Bank"), at("Institute") + 1, 1), (at("Republic"), at("Force") + 1, 1)];
        split_person_after_country(&mut tagged, &toks, para, &lexicons);
        assert_eq!(
            tagged,
            vec![
                (at("Water"), at("China") + 1, 1),
                (at("Tian"), at("Rongsheng") + 1, 0),
                (at("Bank"), at("Institute") + 1, 1),
                (at("Republic"), at("Force") + 1, 1),
            ]
        );
        Ok(())
    }

    #[test]
    fn rivers_and_stock_exchanges() {
        let para = "The Irtysh and Ili rivers feed Almaty, and Lumora listed on the Nasdaq in 2021 near the Ili river. By Monday river levels fell on the Amu Darya and Syr Darya rivers";
        let toks = tokenize(para);
        let at = |w: &str, n: usize| toks.iter().enumerate().filter(|(_, t)| t.text(para) == w).nth(n).map(|(i, _)| i).unwrap();
        // The tagger took Ili for a person, Nasdaq for MISC, and missed the rest.
        let mut tagged = vec![(at("Ili", 0), at("Ili", 0) + 1, 0), (at("Almaty", 0), at("Almaty", 0) + 1, 2), (at("Nasdaq", 0), at("Nasdaq", 0) + 1, 3)];
        name_rivers_and_exchanges(&mut tagged, &toks, para, &Lexicons::empty());
        let one = |w: &str, n: usize, ty: usize| (at(w, n), at(w, n) + 1, ty);
        assert_eq!(
            tagged,
            vec![
                one("Irtysh", 0, NATURAL_FEATURE),
                one("Ili", 0, NATURAL_FEATURE),
                one("Almaty", 0, 2),
                one("Nasdaq", 0, 1),
                one("Ili", 1, NATURAL_FEATURE),
                (at("Amu", 0), at("Darya", 0) + 1, NATURAL_FEATURE),
                (at("Syr", 0), at("Darya", 1) + 1, NATURAL_FEATURE),
            ]
        );
        assert_eq!(label(NATURAL_FEATURE, "Ili", &Lexicons::empty()), Some("LOC"));
    }

    #[test]
    fn names_before_a_word_for_an_area_are_places() {
        let para = "Voters in Nairobi’s Westlands constituency and the Kangemi and Parklands areas, not the Labour districts or the Council area, met Smith in the Lagos suburbs";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let one = |w: &str, ty: usize| (at(w), at(w) + 1, ty);
        // The tagger took Westlands for a person and Parklands for an organisation.
        let mut tagged = vec![one("Nairobi", 2), one("Westlands", 0), one("Kangemi", 2), one("Parklands", 1), one("Labour", 1), one("Smith", 0), one("Lagos", 2)];
        name_rivers_and_exchanges(&mut tagged, &toks, para, &Lexicons::empty());
        assert_eq!(tagged, vec![one("Nairobi", 2), one("Westlands", AREA), one("Kangemi", 2), one("Parklands", AREA), one("Labour", 1), one("Smith", 0), one("Lagos", 2)]);
        assert_eq!(label(AREA, "Westlands", &Lexicons::empty()), Some("GPE"));
    }

    #[test]
    fn words_around_a_name_settle_its_type() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "Vos told the Mercury and the Guardian that senior guard Kaylee Vos and former Goldman Sachs banker Ann Lee saw St Michael’s Mount with spokesman Acme Corp";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let mut tagged = vec![
            (at("Vos"), at("Vos") + 1, 0),
            (at("Mercury"), at("Mercury") + 1, 0),
            (at("Guardian"), at("Guardian") + 1, 3),
            (at("Kaylee"), at("Kaylee") + 2, 1),
            (at("Goldman"), at("Sachs") + 1, 1),
            (at("Ann"), at("Lee") + 1, 0),
            (at("Michael"), at("Mount") + 1, 0),
            (at("Acme"), at("Corp") + 1, 1),
        ];
        retype_by_context(&mut tagged, &toks, para, &lexicons);
        assert_eq!(tagged, vec![
            (at("Vos"), at("Vos") + 1, 0),
            (at("Mercury"), at("Mercury") + 1, TOLD),
            (at("Guardian"), at("Guardian") + 1, 3), // "told" is not before it
            (at("Kaylee"), at("Kaylee") + 2, 0),
            (at("Goldman"), at("Sachs") + 1, 1),
            (at("Ann"), at("Lee") + 1, 0),
            (at("St"), at("Mount") + 1, 0),
            (at("Acme"), at("Corp") + 1, 1),
        ]);
        Ok(())
    }

    #[test]
    fn a_known_place_beside_a_place_is_a_place() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "It hit Bato, Catanduanes, and the Cleveland, Ohio-based Acme, while St Helens, Wigan and Chelsea, Reuters said.";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let one = |w: &str, ty: usize| (at(w), at(w) + 1, ty);
        let mut tagged = vec![
            one("Bato", 2), one("Catanduanes", 1), one("Cleveland", 1), one("Acme", 1),
            (at("St"), at("Helens") + 1, 1), one("Wigan", 1), one("Chelsea", 0), one("Reuters", 1),
        ];
        place_beside_place(&mut tagged, &toks, para, &lexicons);
        assert_eq!(tagged, vec![
            one("Bato", 2), one("Catanduanes", 2), one("Cleveland", 2), one("Acme", 1),
            (at("St"), at("Helens") + 1, 1), one("Wigan", 1), one("Chelsea", 0), one("Reuters", 1),
        ]);
        Ok(())
    }

    #[test]
    fn a_named_account_is_no_person() {
        let para = "He moved money from the county’s Liquid Fuels account, said the firm’s Tim Cook, and Tim Cook’s fund grew.";
        let toks = tokenize(para);
        let at = |w: &str, n: usize| toks.iter().enumerate().filter(|(_, t)| t.text(para) == w).nth(n).map(|(i, _)| i).unwrap();
        assert!(names_an_account(&toks, para, at("Liquid", 0), at("Fuels", 0) + 1));
        assert!(!names_an_account(&toks, para, at("Tim", 0), at("Cook", 0) + 1));
        assert!(!names_an_account(&toks, para, at("Tim", 1), at("Cook", 1) + 1));
    }

    #[test]
    fn a_person_opened_by_a_place_prefix_is_a_place() {
        let lexicons = Lexicons::empty();
        assert_eq!(label(0, "Barangay Bonot", &lexicons), Some("LOC"));
        assert_eq!(label(0, "Mount Kenya", &lexicons), Some("LOC"));
        assert_eq!(label(0, "St Michael’s Mount", &lexicons), Some("LOC"));
        assert_eq!(label(0, "Saint Teresa", &lexicons), Some("PERSON"));
        assert_eq!(label(0, "Lake Smith", &lexicons), Some("LOC"));
        assert_eq!(label(0, "Lakeisha Smith", &lexicons), Some("PERSON"));
        assert_eq!(label(1, "Mount Sinai", &lexicons), Some("ORG"), "a hospital keeps its type");
    }

    #[test]
    fn head_words_alone_and_places_with_digits_name_nothing() {
        assert!(names_nothing(&["Committee"], 1));
        assert!(names_nothing(&["DIY"], 1));
        assert!(!names_nothing(&["NATO"], 1));
        assert!(names_nothing(&["Executive"], 0));
        assert!(!names_nothing(&["Senate"], 1));
        assert!(!names_nothing(&["Judiciary", "Committee"], 1));
        assert!(names_nothing(&["Class", "3A"], 2));
        assert!(names_nothing(&["PHP412"], 2));
        assert!(!names_nothing(&["G7"], 1));
        assert!(!names_nothing(&["Kaylee", "Vos"], 0));
        assert!(!names_nothing(&["Route", "66"], 2));
        assert!(!names_nothing(&["50", "Cent"], 0));
    }

    #[test]
    fn an_organisation_runs_on_over_and() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "the Ministry of Water Resources and Irrigation of Kazakhstan, the Ministry of Defence and NATO, the Ministry of Health and Kenya, the Department of Justice and Attorney General Garland said";
        let toks = tokenize(para);
        let at = |w: &str, n: usize| toks.iter().enumerate().filter(|(_, t)| t.text(para) == w).nth(n).map(|(i, _)| i).unwrap();
        let mut tagged = vec![
            (at("Ministry", 0), at("Resources", 0) + 1, 1),
            (at("Kazakhstan", 0), at("Kazakhstan", 0) + 1, 2),
            (at("Ministry", 1), at("Defence", 0) + 1, 1),
            (at("NATO", 0), at("NATO", 0) + 1, 1),
            (at("Ministry", 2), at("Health", 0) + 1, 1),
            (at("Department", 0), at("Justice", 0) + 1, 1),
        ];
        extend_organisation_over_and(&mut tagged, &toks, para, &lexicons);
        assert_eq!(tagged[0], (at("Ministry", 0), at("Irrigation", 0) + 1, 1));
        assert_eq!(tagged[2].1, at("Defence", 0) + 1, "NATO is another organisation");
        assert_eq!(tagged[4].1, at("Health", 0) + 1, "Kenya is a place");
        assert_eq!(tagged[5].1, at("Justice", 0) + 1, "a title starts a person");
        Ok(())
    }

    #[test]
    fn an_organisation_of_a_country_is_one_name() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "the Ministry of Foreign Affairs of Kazakhstan and the Bank of Jackson said";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        // ORG "Ministry of Foreign Affairs", LOC "Kazakhstan"; ORG "Bank", LOC "Jackson".
        let mut tagged = vec![
            (at("Ministry"), at("Affairs") + 1, 1),
            (at("Kazakhstan"), at("Kazakhstan") + 1, 2),
            (at("Bank"), at("Bank") + 1, 1),
            (at("Jackson"), at("Jackson") + 1, 2),
        ];
        join_organisation_of_country(&mut tagged, &toks, para, &lexicons);
        assert_eq!(tagged, vec![
            (at("Ministry"), at("Kazakhstan") + 1, 1),
            (at("Bank"), at("Bank") + 1, 1),
            (at("Jackson"), at("Jackson") + 1, 2),
        ]);
        Ok(())
    }

    #[test]
    fn an_organisation_runs_on_to_its_defined_acronym() {
        let para = "after the Reviewing Committee on the Export of Works of Art (RCEWA) and the Pennsylvania Office of Attorney General (OAG) and Acme Corp (ZZ) met";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let mut tagged = vec![
            (at("Reviewing"), at("Committee") + 1, 1),
            (at("Works"), at("Works") + 1, 3),
            (at("Pennsylvania"), at("Attorney") + 1, 1),
            (at("Acme"), at("Acme") + 1, 1),
        ];
        extend_to_defined_acronym(&mut tagged, &toks, para, &Lexicons::empty());
        assert_eq!(tagged, vec![
            (at("Reviewing"), at("Art") + 1, 1),
            (at("Pennsylvania"), at("General") + 1, 1),
            (at("Acme"), at("Acme") + 1, 1), // "ZZ" is not Acme Corp's acronym
        ]);
    }

    #[test]
    fn a_name_cut_by_the_tagger_is_joined_up_to_its_acronym() {
        let para = "According to the Philippine Atmospheric, Geophysical and Astronomical Services Administration (PAGASA), the Kazakh-Chinese Joint Commission on the Use and Protection of Transboundary Rivers (JCTR) and the Committee on Foreign Investment in the United States (CFIUS) met in the Democratic Republic of Congo (DRC) with Tom Hart of Acme (AC) and Artificial Intelligence (AI) experts.";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let mut tagged = vec![
            (at("Philippine"), at("Atmospheric") + 1, 2),
            (at("Geophysical"), at("Geophysical") + 1, 1),
            (at("Astronomical"), at("Administration") + 1, 1),
            (at("Kazakh-Chinese"), at("Commission") + 1, 1),
            (at("Use"), at("Rivers") + 1, 1),
            (at("Foreign"), at("Investment") + 1, 1),
            (at("United"), at("States") + 1, 2),
            (at("Democratic"), at("Congo") + 1, 2),
            (at("Tom"), at("Hart") + 1, 0),
            (at("Acme"), at("Acme") + 1, 1),
        ];
        extend_to_defined_acronym(&mut tagged, &toks, para, &Lexicons::empty());
        assert_eq!(tagged, vec![
            (at("Philippine"), at("Administration") + 1, 1),
            (at("Kazakh-Chinese"), at("Rivers") + 1, 1),
            (at("Committee"), at("States") + 1, 1),
            (at("Democratic"), at("Congo") + 1, 2),
            (at("Tom"), at("Hart") + 1, 0), // "Tom Hart of Acme" is not "AC"
            (at("Acme"), at("Acme") + 1, 1),
            // "Artificial Intelligence (AI)": untagged, no organisation's head word
        ]);
    }

    #[test]
    fn an_acronym_reaches_over_no_function_word_person_or_place() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "In Syria, Islamic State (ISIS) fighters met officials from France, Argentina and the Revolutionary Armed Forces of Colombia (FARC).";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let one = |w: &str, ty: usize| (at(w), at(w) + 1, ty);
        let mut tagged = vec![
            one("Syria", 2), (at("Islamic"), at("State") + 1, 1), one("France", 2), one("Argentina", 2),
            (at("Revolutionary"), at("Forces") + 1, 1), one("Colombia", 2),
        ];
        extend_to_defined_acronym(&mut tagged, &toks, para, &lexicons);
        assert_eq!(tagged, vec![
            one("Syria", 2), (at("Islamic"), at("State") + 1, 1), one("France", 2), one("Argentina", 2),
            (at("Revolutionary"), at("Forces") + 1, 1), one("Colombia", 2), // FARC spells Spanish words
        ]);
        Ok(())
    }

    #[test]
    fn grouping_joins_surnames_and_acronyms() {
        let text = "Vladimir Putin met the Shanghai Cooperation Organization (SCO). Putin said the SCO works.";
        let f = |s: &str, ty| {
            let start = text.find(s).unwrap();
            Found { start, end: start + s.len(), text: s.into(), conll: ty }
        };
        let second = |s: &str, ty| {
            let start = text.rfind(s).unwrap();
            Found { start, end: start + s.len(), text: s.into(), conll: ty }
        };
        let found = vec![
            f("Vladimir Putin", 0),
            f("Shanghai Cooperation Organization", 1),
            f("SCO", 1),
            second("Putin", 0),
            second("SCO", 1),
        ];
        let e = group(found, text, &CodePoints::new(text), &Lexicons::empty());
        assert_eq!(e.len(), 2, "{e:#?}");
        assert_eq!(e[0].name, "Vladimir Putin");
        assert_eq!(e[0].kind, "PERSON");
        assert_eq!(e[0].mentions.len(), 2);
        assert_eq!(e[1].name, "Shanghai Cooperation Organization");
        assert_eq!(e[1].mentions.len(), 3);
    }

    #[test]
    fn initials_pull_in_the_given_name() {
        let para = "candidate Esther W. Njoroge said";
        let toks = tokenize(para);
        // Tagger output: "Esther" as ORG, "W. Njoroge" as PER.
        let mut spans = vec![(1, 2, 1), (2, 4, 0)];
        extend_over_initials(&mut spans, &toks, para);
        assert_eq!(spans, vec![(1, 4, 0)]);
    }

    #[test]
    fn short_forms_join_whatever_their_tag() {
        let text = "Esther Njoroge won. Rheinwald Chemie AG fell. Njoroge thanked Rheinwald.";
        let at = |s: &str, from: usize| {
            let start = text[from..].find(s).unwrap() + from;
            Found { start, end: start + s.len(), text: s.into(), conll: 0 }
        };
        let later = text.find("Njoroge thanked").unwrap();
        let found = vec![
            at("Esther Njoroge", 0),
            Found { conll: 1, ..at("Rheinwald Chemie AG", 0) },
            Found { conll: 2, ..at("Njoroge", later) },
            Found { conll: 0, ..at("Rheinwald", later) },
        ];
        let e = group(found, text, &CodePoints::new(text), &Lexicons::empty());
        assert_eq!(e.len(), 2, "{e:#?}");
        assert_eq!((e[0].name.as_str(), e[0].mentions.len()), ("Esther Njoroge", 2));
        assert_eq!((e[1].name.as_str(), e[1].kind.as_str(), e[1].mentions.len()), ("Rheinwald Chemie AG", "ORG", 2));
    }

    #[test]
    fn peoples_and_parties_before_a_word_for_an_area_are_no_places() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let para = "People fled the Kurdish areas and the Sunni and Shia areas, the SNP constituency and the Olympic village";
        let toks = tokenize(para);
        let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
        let mut tagged = vec![(at("Olympic"), at("Olympic") + 1, 3)];
        name_rivers_and_exchanges(&mut tagged, &toks, para, &lexicons);
        assert_eq!(tagged, vec![(at("Olympic"), at("Olympic") + 1, 3)]);
        Ok(())
    }

    #[test]
    fn a_type_settled_by_context_outweighs_the_tagger() {
        let text = "Voters in Westlands constituency met. The officer for Westlands spoke.";
        let at = |s: &str, from: usize, conll: usize| {
            let start = text[from..].find(s).unwrap() + from;
            Found { start, end: start + s.len(), text: s.into(), conll }
        };
        let later = text.find("officer").unwrap();
        let found = vec![at("Westlands", 0, AREA), at("Westlands", later, 0)];
        let e = group(found, text, &CodePoints::new(text), &Lexicons::empty());
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!((e[0].kind.as_str(), e[0].mentions.len()), ("GPE", 2));
    }

    #[test]
    fn name_heads_decide_types() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let lexicons = Lexicons::shipped()?;
        let lab = |conll: usize, text: &str| label(conll, text, &lexicons);
        assert_eq!(lab(0, "Jeju Island"), Some("LOC"));
        assert_eq!(lab(0, "Ninth Avenue"), Some("FAC"));
        assert_eq!(lab(1, "Tampa Bay"), Some("ORG"));
        assert_eq!(lab(0, "Korea Maritime Institute"), Some("ORG"));
        assert_eq!(lab(1, "BRICS Summit"), Some("EVENT"));
        assert_eq!(lab(0, "Park Hye-rin"), Some("PERSON"));
        assert_eq!(lab(3, "German"), Some("NORP"));
        assert_eq!(lab(3, "Super Bowl"), None);
        // A "person" that the lexicons know as a place is one, unless it is a given name too.
        assert_eq!(lab(0, "Shimane"), Some("GPE"));
        assert_eq!(lab(0, "Catanduanes"), Some("GPE"));
        assert_eq!(lab(0, "Georgia"), Some("PERSON"));
        assert_eq!(lab(0, "Greater Manchester"), Some("LOC"));
        assert_eq!(lab(0, "Typhoon Dalisay"), Some("EVENT"));
        Ok(())
    }

}
