//! Span corrections after tagging: structural fixes for names the tagger cut short, ran
//! on, or typed where the words around them settle the type. Each works on one sentence's
//! spans over its tokens.

use super::words::{
    FUNCTION_WORDS, is_area_noun, is_common_abbreviation, is_demonym, is_exchange, is_generic_word, is_legal_form, is_org_head,
    is_participle, is_party_word, is_person_title, is_place_head, is_sports_position, is_title,
};
use crate::pipeline::lexicon::{Kind, Lexicons};
use crate::pipeline::ner::tags::EntityType::{self, Area, Loc, Misc, NaturalFeature, Org, Per, Titled, Told};
use crate::pipeline::ner::tags::Span;
use crate::pipeline::tokenize::Token;

/// The tagger's spans of one sentence with the structural corrections applied, in order:
/// each may rely on the ones before it.
pub(super) fn correct(mut tagged: Vec<Span>, toks: &[Token], para: &str, lexicons: &Lexicons) -> Vec<Span> {
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
    tagged
}

/// The mention a corrected span makes, as (first token, end token, type), or `None` when
/// it names nothing: titles and opening participles are cut off a person's name, a legal
/// form is taken into an organisation's, and lone titles, head words, ticker symbols and
/// named accounts are dropped.
pub(super) fn finish(span: Span, toks: &[Token], para: &str, lexicons: &Lexicons) -> Option<(usize, usize, EntityType)> {
    let Span { start: mut s, end: mut e, mut ty } = span;
    // A legal form ends an organisation's name: "Hartley & Crane plc".
    if ty == Org && e < toks.len() && is_legal_form(toks[e].text(para)) {
        e += 1;
    }
    // A title makes a person: "Dr Huang Jiayi" tagged ORG is still Dr Huang, and so
    // is "Huang Jiayi" after "Dr" when the tagger left the title out.
    let titled = e - s > 1 && is_person_title(toks[s].text(para))
        || s >= 1 && is_person_title(toks[s - 1].text(para)) && toks[s..e].iter().all(|t| t.text(para).starts_with(char::is_uppercase));
    if titled {
        ty = Per;
    }
    // A title is not part of the name: "Dr Huang Jiayi" → "Huang Jiayi"; nor is a
    // participle opening the sentence: "Echoing Li, …" → "Li".
    while ty == Per && e - s > 1 && (is_title(toks[s].text(para)) || is_participle(toks[s].text(para))) {
        s += 1;
    }
    // "Miss Universe Alicia Machado": a pageant's title runs on to the word after
    // "Miss", which is no given name.
    if ty == Per && s >= 1 && toks[s - 1].text(para) == "Miss" && e - s >= 3 && !lexicons.has(Kind::GivenName, toks[s].text(para)) {
        s += 1;
    }
    // A lone title is not a person ("panel Chairman Rep. Jason Chaffetz").
    if ty == Per && e - s == 1 && lexicons.has(Kind::Title, toks[s].text(para)) {
        return None;
    }
    // "Japanese Aggression": a nationality does not open a person's name ("Chinese
    // President Xi" has lost its title above only if the tagger took it in).
    if ty == Per && is_demonym(toks[s].text(para)) {
        if e - s > 2 && is_title(toks[s + 1].text(para)) {
            s += 2;
        } else {
            return None;
        }
    }
    let words: Vec<&str> = toks[s..e].iter().map(|t| t.text(para)).collect();
    if names_nothing(&words, ty) {
        return None;
    }
    // "Minister of Water Resources of China": a portfolio in a title, no organisation.
    if ty == Org
        && after_portfolio_title(toks, para, s)
        && lexicons.has(Kind::Country, toks[e - 1].text(para))
        && !is_org_head(toks[s].text(para))
    {
        return None;
    }
    if ty == Per && names_an_account(toks, para, s, e) && !lexicons.has(Kind::GivenName, toks[s].text(para)) {
        return None;
    }
    // "(Nasdaq: LUMS)": a ticker symbol stands for the company named in full.
    if e - s == 1 && s >= 2 && toks[s - 1].text(para) == ":" && is_exchange(toks[s - 2].text(para)) {
        return None;
    }
    if !para[toks[s].start..toks[e - 1].end].chars().any(char::is_alphanumeric) {
        return None;
    }
    Some((s, e, if titled && ty == Per { Titled } else { ty }))
}

/// Whether the span starting at token `s` follows "Minister of", "Secretary of" or
/// "Commissioner of": the words are a portfolio in someone's title.
pub(super) fn after_portfolio_title(toks: &[Token], para: &str, s: usize) -> bool {
    s >= 2 && toks[s - 1].text(para) == "of" && matches!(toks[s - 2].text(para), "Minister" | "Secretary" | "Commissioner")
}

/// "Vice Minister of Water Resources of China Tian Rongsheng" tagged as one organisation
/// after a title: what follows "of <country>" when it is two or three capitalized words is
/// the title holder, and the portfolio ends at the country ("Republic of Korea Air Force",
/// with no title before it, stays whole).
pub(super) fn split_person_after_country(tagged: &mut Vec<Span>, toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let mut k = 0;
    while k < tagged.len() {
        let Span { start: s, end: e, ty } = tagged[k];
        if !after_portfolio_title(toks, para, s) {
            k += 1;
            continue;
        }
        let country_end = (s + 2..e).find(|&j| {
            word(j - 1) == "of"
                && (lexicons.has(Kind::Country, word(j)) || j + 1 < e && lexicons.has(Kind::Country, &para[toks[j].start..toks[j + 1].end]))
        });
        if let Some(j) = country_end.filter(|_| ty == Org) {
            let end = if lexicons.has(Kind::Country, word(j)) { j + 1 } else { j + 2 };
            let rest = end..e;
            let name = rest.len() >= 2
                && rest.len() <= 3
                && rest.clone().all(|i| word(i).starts_with(char::is_uppercase) && word(i).chars().all(char::is_alphabetic));
            if name && !is_org_head(word(e - 1)) {
                tagged[k] = Span::new(s, end, Org);
                tagged.insert(k + 1, Span::new(end, e, Per));
                k += 1;
            }
        }
        k += 1;
    }
}

/// Names the tagger misses or mistypes that their context settles: "the Ili river", "the
/// Irtysh and Ili rivers" (places: rivers named before a lowercase "river"), "Nairobi's
/// Westlands constituency", "the Kangemi and Parklands areas" (places: names before a
/// lowercase word for an area, when the tagger saw no place there), and a stock exchange
/// ("listed on the Nasdaq"), an organisation.
pub(super) fn name_rivers_and_exchanges(tagged: &mut Vec<Span>, toks: &[Token], para: &str, lexicons: &Lexicons) {
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
        let misc = tagged.iter().any(|t| t.ty == Misc && t.start < end && start < t.end);
        (start < end && opened && named && !misc).then_some(start)
    };
    let mut add: Vec<Span> = Vec::new();
    for i in 0..toks.len() {
        if is_area_noun(word(i)) {
            let Some(start) = area_before(i) else { continue };
            add.push(Span::new(start, i, Area));
            if word(start - 1) == "and"
                && word(i).ends_with('s')
                && let Some(first) = area_before(start - 1)
            {
                add.push(Span::new(first, start - 1, Area));
            }
            continue;
        }
        match word(i) {
            "river" | "rivers" => {
                let Some(start) = name_before(i) else { continue };
                add.push(Span::new(start, i, NaturalFeature));
                // "the Irtysh and Ili rivers": both are rivers.
                if word(i) == "rivers"
                    && word(start - 1) == "and"
                    && let Some(first) = name_before(start - 1)
                {
                    add.push(Span::new(first, start - 1, NaturalFeature));
                }
            }
            "Nasdaq" | "NASDAQ" | "NYSE" | "Euronext" => add.push(Span::new(i, i + 1, Org)),
            _ => {}
        }
    }
    for new in add {
        // A river overrides what the tagger said of its name; an exchange overrides all but an
        // organisation ("Nasdaq Stock Market"); an area all but a place.
        let overlapped_by = |ty: EntityType| tagged.iter().any(|t| t.overlaps(&new) && t.ty == ty);
        if new.ty == Org && overlapped_by(Org) || new.ty == Area && overlapped_by(Loc) {
            continue;
        }
        tagged.retain(|t| !t.overlaps(&new));
        tagged.push(new);
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
pub(super) fn retype_by_context(tagged: &mut [Span], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    for t in tagged.iter_mut() {
        let Span { start: s, end: e, ty } = *t;
        let words = s..e;
        let capitalized = words
            .clone()
            .all(|i| word(i).starts_with(char::is_uppercase) && word(i).chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'));
        if matches!(ty, Per | Misc) && s >= 2 && word(s - 1) == "the" && word(s - 2) == "told" && capitalized {
            t.ty = Told;
        } else if ty != Per
            && s >= 1
            && is_role_word(word(s - 1), lexicons)
            && (2..=3).contains(&words.len())
            && capitalized
            && (lexicons.has(Kind::GivenName, word(s)) || is_sports_position(word(s - 1)))
        {
            let name = &para[toks[s].start..toks[e - 1].end];
            let place = lexicons.is_place(name);
            if !place && !words.clone().any(|i| is_org_head(word(i)) || is_place_head(word(i)) || is_legal_form(word(i))) {
                t.ty = Per;
            }
        } else if ty == Per && s >= 1 && matches!(word(s - 1), "St" | "St." | "Saint") {
            t.start = s - 1;
        }
    }
}

/// "Bato, Catanduanes", "the Cleveland, Ohio-based company": a known place written beside
/// another place, with only a comma between, is a place too, though the tagger saw a
/// person or an organisation (a team, a company named after its town). Two teams in a list
/// ("St Helens, Wigan") have no place beside them and keep their type.
pub(super) fn place_beside_place(tagged: &mut [Span], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let place = |text: &str| lexicons.is_place(text);
    let places: Vec<(usize, usize)> = tagged.iter().filter(|t| t.ty == Loc).map(|t| (t.start, t.end)).collect();
    for t in tagged.iter_mut() {
        let Span { start: s, end: e, ty } = *t;
        let name = &para[toks[s].start..toks[e - 1].end];
        if !matches!(ty, Per | Org) || !place(name) || ty == Per && lexicons.has(Kind::GivenName, name) {
            continue;
        }
        let after = word(e) == "," && (places.iter().any(|p| p.0 == e + 1) || word(e + 1).strip_suffix("-based").is_some_and(place));
        let before = s >= 1 && word(s - 1) == "," && places.iter().any(|p| p.1 == s - 1);
        if after || before {
            t.ty = Loc;
        }
    }
}

/// "the county's Liquid Fuels account", "the city's Rainy Day fund": capitalized words
/// between a possessive and a lowercase word for an account or a fund name that account,
/// not a person (the caller keeps a name opening with a given name: "Twitter's Donald
/// Trump account").
pub(super) fn names_an_account(toks: &[Token], para: &str, s: usize, e: usize) -> bool {
    const ACCOUNTS: [&str; 8] = ["account", "accounts", "fund", "funds", "budget", "scheme", "grant", "grants"];
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    s >= 1 && matches!(word(s - 1), "'s" | "’s") && ACCOUNTS.contains(&word(e))
}

/// A lowercase word for someone's role that comes right before their name ("guard",
/// "spokesman", "coach"): the titles of the lexicon and the positions of team sports, but no
/// word that also comes before organisations ("former", "acting", "foreign", "a major
/// Goldman Sachs client", "market leader Samsung", "asset manager Fidelity").
pub(super) fn is_role_word(word: &str, lexicons: &Lexicons) -> bool {
    const BEFORE_ORGANISATIONS: [&str; 21] = [
        "former", "acting", "deputy", "foreign", "finance", "defence", "defense", "health", "education", "interior", "trade", "crown",
        "chief", "major", "private", "prime", "general", "count", "leader", "manager", "ambassador",
    ];
    word.starts_with(char::is_lowercase)
        && (is_sports_position(word) || lexicons.has(Kind::Title, word) && !BEFORE_ORGANISATIONS.contains(&word))
}

/// "Ministry of Water Resources and Irrigation", "Department of Health and Human Services":
/// an organisation named "<Head> of …" that the tagger stopped at "and" runs on over the
/// capitalized words after it (up to three), when they are untagged and not a place; a
/// tagged name after "and" ("the Ministry of Defence and NATO") is another entity.
pub(super) fn extend_organisation_over_and(tagged: &mut [Span], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    for k in 0..tagged.len() {
        let Span { start: s, end: e, ty } = tagged[k];
        let headed = e > s + 2 && is_org_head(word(s)) && word(s + 1) == "of";
        if ty != Org || !headed || word(e) != "and" {
            continue;
        }
        let next_tagged = tagged.get(k + 1).map_or(usize::MAX, |t| t.start);
        let mut end = e + 1;
        while end < toks.len().min(e + 4)
            && end < next_tagged
            && word(end).starts_with(char::is_uppercase)
            && word(end).chars().all(char::is_alphabetic)
        {
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
            tagged[k].end = end;
        }
    }
}

/// "Ministry of Foreign Affairs of Kazakhstan": an organisation followed by "of" and a
/// country is one organisation (OntoNotes names the whole), not an organisation and a place.
pub(super) fn join_organisation_of_country(tagged: &mut Vec<Span>, toks: &[Token], para: &str, lexicons: &Lexicons) {
    let mut i = 0;
    while i + 1 < tagged.len() {
        let (Span { start: s, end: e, ty }, Span { start: s2, end: e2, ty: ty2 }) = (tagged[i], tagged[i + 1]);
        let country = || {
            let (Some(a), Some(b)) = (toks.get(s2), toks.get(e2 - 1)) else { return false };
            lexicons.has(Kind::Country, &para[a.start..b.end])
        };
        if ty == Org && ty2 == Loc && s2 == e + 1 && toks.get(e).is_some_and(|t| t.text(para) == "of") && country() {
            tagged[i] = Span::new(s, e2, Org);
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
pub(super) fn extend_to_defined_acronym(tagged: &mut Vec<Span>, toks: &[Token], para: &str, lexicons: &Lexicons) {
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
            tagged.iter().any(|t| {
                t.start <= i
                    && i < t.end
                    && (t.ty == Per
                        || t.ty == Loc && {
                            let name = &para[toks[t.start].start..toks[t.end - 1].end];
                            lexicons.is_place(name)
                        })
            })
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
        let cut: Vec<Span> = tagged.iter().copied().filter(|t| t.start < open && s < t.end).collect();
        s = cut.iter().map(|t| t.start).min().map_or(s, |first| first.min(s));
        let ty = if cut.iter().any(|t| t.ty == Org) || (cut.is_empty() && (s..open).any(|i| is_org_head(word(i)))) {
            Org
        } else if let Some(t) = cut.first() {
            t.ty
        } else {
            continue;
        };
        tagged.retain(|t| !(t.start < open && s < t.end));
        tagged.push(Span::new(s, open, ty));
        tagged.sort_unstable();
    }
}

/// Whether `word` looks like an acronym: 2 to 10 capitals (and `&`), nothing else.
pub(super) fn is_acronym_like(word: &str) -> bool {
    (2..=10).contains(&word.len())
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && word.chars().all(|c| c.is_ascii_uppercase() || c == '&')
}

/// Whether an acronym's `letters` spell a name's `initials` loosely: all of them, in
/// order, gaps allowed, the last letter from the last word ("JCTR" for "Joint Commission
/// on the Use and Protection of Transboundary Rivers").
pub(super) fn spells(letters: &[char], initials: &[char]) -> bool {
    let mut rest = initials.iter();
    initials.last() == letters.last() && letters.iter().all(|c| rest.any(|l| l == c))
}

/// `Park Hye-rin`, `Choi Soo-ah`: a capitalized word followed by a capitalized hyphenated
/// given name is a person, as Korean names are written, whatever the tagger made of it
/// (`Park` as a place, `Choi` as nothing).
pub(super) fn extend_over_hyphenated_given_names(spans: &mut Vec<Span>, toks: &[Token], para: &str) {
    let given = |t: &str| {
        let mut parts = t.split('-');
        let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else { return false };
        a.starts_with(|c: char| c.is_uppercase())
            && a.chars().skip(1).all(char::is_lowercase)
            && !b.is_empty()
            && b.chars().all(char::is_lowercase)
    };
    let family = |t: &str| {
        (2..=8).contains(&t.len())
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && !matches!(t, "The" | "A" | "An" | "In" | "On" | "At" | "By" | "For" | "And" | "But" | "Mr" | "Ms" | "Dr")
    };
    for i in 0..toks.len().saturating_sub(1) {
        if family(toks[i].text(para)) && given(toks[i + 1].text(para)) {
            spans.retain(|t| t.end <= i || t.start >= i + 2);
            spans.push(Span::new(i, i + 2, Per));
        }
    }
    spans.sort_unstable();
}

/// "Gov. Earl Ray Tomblin": a capitalised given name between a title and the person the
/// tagger found opens the name (the tagger leaves out a given name that is also a title,
/// as "Earl", when a title comes before it).
pub(super) fn extend_over_given_name_after_title(spans: &mut [Span], toks: &[Token], para: &str, lexicons: &Lexicons) {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(para));
    let ends: Vec<usize> = spans.iter().map(|t| t.end).collect();
    for span in spans.iter_mut() {
        let at = span.start;
        if span.ty == Per
            && at >= 2
            && !ends.contains(&at)
            && is_title(word(at - 2))
            && word(at - 1).starts_with(char::is_uppercase)
            && lexicons.has(Kind::GivenName, word(at - 1))
        {
            span.start = at - 1;
        }
    }
}

/// `Esther W. Njoroge` tagged as `W. Njoroge`: a person that starts with an initial takes in
/// the capitalised word before it (taking it from another mention that ends there).
pub(super) fn extend_over_initials(spans: &mut Vec<Span>, toks: &[Token], para: &str) {
    let is_initial = |t: &str| t.len() == 2 && t.ends_with('.') && t.starts_with(|c: char| c.is_ascii_uppercase());
    let capitalised = |t: &str| t.starts_with(|c: char| c.is_uppercase()) && t.chars().all(|c| c.is_alphabetic() || c == '-');
    let mut changed = false;
    for i in 0..spans.len() {
        let Span { start: s, ty, .. } = spans[i];
        if ty != Per || s == 0 || !is_initial(toks[s].text(para)) || !capitalised(toks[s - 1].text(para)) {
            continue;
        }
        spans[i].start = s - 1;
        changed = true;
        for other in spans.iter_mut() {
            if other.end == s && other.start < s - 1 {
                other.end = s - 1;
            }
        }
    }
    if !changed {
        return;
    }
    spans.retain(|t| t.start < t.end);
    let all = spans.clone();
    spans.retain(|t| !all.iter().any(|o| o != t && o.start <= t.start && t.end <= o.end && o.ty == Per));
}

/// Whether a tagged span of `words` (of type `ty`) is no name at all: a head word alone
/// ("the Committee", "Executive"), or a person or place with a word mixing letters and
/// digits ("Class 3A", "PHP412"; organisations may have one: "3M", "G7").
pub(super) fn names_nothing(words: &[&str], ty: EntityType) -> bool {
    let generic = matches!(words, [w] if is_generic_word(w) || is_common_abbreviation(w));
    // A token mixing letters and digits ("3A", "PHP412"); "Route 66" and "50 Cent" are names.
    let digits = ty != Org && words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic));
    generic || digits
}
