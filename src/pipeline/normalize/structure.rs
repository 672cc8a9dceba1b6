//! Paragraph roles and structure found in the text itself: bylines, datelines, photo captions
//! and credits, boilerplate, headings (including a subhead glued to the start of the next
//! paragraph), with the byline's names and the dateline's place and agency.
//!
//! These are rules over short spans of text, written by hand because no crate knows news
//! layout conventions; each one fires only on clear evidence and leaves a paragraph as body
//! text otherwise.

use crate::article::ParagraphRole;

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The dateline as written, without the dash: `SEOUL (AFP)`.
    pub text: String,
    /// The place, in title case with any region: `Seoul`, `Nairobi, Kenya`.
    pub place: String,
    /// The agency in parentheses, if any: `AFP`.
    pub agency: Option<String>,
    /// Length in bytes of the dateline with its dash and the space after it.
    pub len: usize,
}

/// Splits a dateline off the start of `s`: `PLACE[, Region | Date] [(Agency)] —`.
pub fn dateline(s: &str) -> Option<Dateline> {
    let head: String = s.chars().take(90).collect();
    let dash = DASHES.iter().filter_map(|d| head.find(d).map(|i| (i, d.len()))).min_by_key(|(i, _)| *i)?;
    let (dash_at, dash_len) = dash;
    let before = head[..dash_at].trim_end();
    let after = &s[dash_at + dash_len..];
    if !(after.is_empty() || after.starts_with(' ')) || before.is_empty() {
        return None;
    }
    if !after.trim_start().is_empty()
        && !after.trim_start().starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "“\"‘'".contains(c))
    {
        return None;
    }
    // "SOCCER - UNITED BEAT CITY" is an all-caps headline, not a dateline: a story's text
    // after a dateline is in sentence case.
    let next_words: Vec<&str> = after.split_whitespace().take(3).collect();
    if next_words.len() >= 2 && next_words.iter().all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)) {
        return None;
    }
    let (main, agency) = match before.strip_suffix(')').and_then(|b| b.rsplit_once('(')) {
        Some((main, agency)) if !agency.trim().is_empty() && agency.split_whitespace().count() <= 5 => {
            (main.trim_end(), Some(agency.trim().to_string()))
        }
        _ => (before, None),
    };
    let (place, region) = match main.split_once(',') {
        Some((p, r)) => (p.trim(), Some(r.trim())),
        None => (main.trim(), None),
    };
    let words: Vec<&str> = place.split_whitespace().collect();
    let upper_word = |w: &&str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || ".'-’".contains(c))
    };
    if words.is_empty()
        || words.len() > 5
        || !words.iter().all(upper_word)
        || !words.iter().any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    {
        return None;
    }
    if let Some(r) = region {
        let ok = !r.is_empty()
            && r.split_whitespace().count() <= 4
            && r.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if !ok {
            return None;
        }
    }
    let mut place_name = title_case(place);
    if let Some(r) = region.filter(|r| !starts_with_month(r)) {
        place_name = format!("{place_name}, {r}");
    }
    let len = dash_at + dash_len + after.len() - after.trim_start().len();
    Some(Dateline { text: before.to_string(), place: place_name, agency, len })
}

const DASHES: [&str; 4] = [" --", " —", " –", " -"];

fn starts_with_month(s: &str) -> bool {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().any(|m| s.starts_with(m))
}

/// `DES MOINES` → `Des Moines`, `ST. CLOUD` → `St. Cloud`.
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut out = String::new();
            let mut first = true;
            for c in w.chars() {
                if c.is_alphabetic() {
                    if first {
                        out.extend(c.to_uppercase())
                    } else {
                        out.extend(c.to_lowercase())
                    }
                    first = false;
                } else {
                    out.push(c);
                    first = c == '-';
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s.split_whitespace().take(limit).count()`, byte by byte over ASCII: the checks of a
/// paragraph's role count its first words several times per paragraph, and the iterator's
/// decoding of every character cost 2% of the pipeline.
fn words_up_to(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() && words < limit {
        let b = bytes[i];
        let (space, width) = if b.is_ascii() {
            // char::is_whitespace over ASCII (u8::is_ascii_whitespace leaves out \x0B).
            (b == b' ' || (b'\t'..=b'\r').contains(&b), 1)
        } else {
            s.get(i..).and_then(|rest| rest.chars().next()).map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
        };
        words += usize::from(!space && !in_word);
        in_word = !space;
        i += width;
    }
    words
}

/// Lines that are site furniture, not article text.
pub fn is_boilerplate(s: &str) -> bool {
    let words = words_up_to(s, 31);
    if words > 30 {
        return false;
    }
    let lower = s.to_lowercase();
    const PREFIXES: [&str; 22] = [
        "read more", "related:", "related articles", "related stories", "related coverage", "see also", "also read", "more:", "follow us",
        "follow @", "sign up", "subscribe", "click here", "share this", "advertisement", "download our", "get the latest", "©", "(c) ",
        "copyright ", "watch:", "listen:",
    ];
    if words <= 30 && PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if words <= 30 && (lower.contains("all rights reserved") || lower.contains("newsletter") && lower.contains("sign up")) {
        return true;
    }
    // Press-release footers: "About Lumora Systems: ..." / "About X" headings.
    if let Some(rest) = s.strip_prefix("About ")
        && let Some(colon) = rest.find(':')
    {
        let name = &rest[..colon];
        return name.split_whitespace().count() <= 6 && name.starts_with(|c: char| c.is_uppercase());
    }
    lower == "related" || lower == "advertisement"
}

/// Words that introduce a photo credit.
const CREDIT_WORDS: [&str; 10] = ["Photo", "Photograph", "Photos", "Picture", "Image", "Foto", "Bild", "Credit", "Video", "Illustration"];

/// A whole paragraph that is a credit: `Photo: Xinhua`, `Photograph: Ledger Pictures`.
pub fn is_credit(s: &str) -> bool {
    credit_start(s) == Some(0)
}

/// Where a trailing credit starts in a caption: `Trawlers in Busan. Photo: AFP` → the index
/// of `Photo`. The credit must be short and end the text.
pub fn credit_start(s: &str) -> Option<usize> {
    if !s.as_bytes().iter().any(|b| *b == b':' || *b == b'/') {
        return None;
    }
    let mut best = None;
    for word in CREDIT_WORDS {
        for (i, _) in s.match_indices(word) {
            let at_boundary = i == 0 || s[..i].ends_with([' ', '(', '|', '/']);
            let rest = &s[i + word.len()..];
            let rest = rest.strip_prefix(" by").unwrap_or(rest);
            let rest = rest.trim_start();
            let Some(source) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('/')) else { continue };
            let source = source.trim().trim_end_matches(')');
            let n = source.split_whitespace().count();
            if at_boundary && (1..=8).contains(&n) && !source.contains(". ") && best.is_none_or(|b| i < b) {
                best = Some(if i > 0 && s[..i].ends_with('(') { i - 1 } else { i });
            }
        }
    }
    best
}

/// Where an agency sign-off ending a paragraph starts: `… communication lines. (PNA)` →
/// the index of ` (PNA)`.
pub fn sign_off_start(s: &str) -> Option<usize> {
    let open = s.rfind(" (")?;
    let agency = s[open + 2..].strip_suffix(')')?;
    let is_agency = (2..=8).contains(&agency.len())
        && agency.chars().all(|c| c.is_ascii_uppercase() || c == '-' || c == '/')
        && s[..open].ends_with(['.', '!', '?', '”', '"']);
    is_agency.then_some(open)
}

/// A byline or contributor line: `By Claire Dumont-Vasseur`, `Von Christian Hollmann, dpa`,
/// `(Reporting by Katrin Vogel; Editing by Tom Ashdown)`,
/// `Associated Press writer Daniel Kiprop contributed to this report.`
pub fn is_byline(s: &str) -> bool {
    let words = words_up_to(s, 26);
    if words > 25 {
        return false;
    }
    const OPENERS: [&str; 8] = ["By ", "BY ", "Von ", "Av ", "Par ", "Por ", "Door ", "Di "];
    if OPENERS.iter().any(|o| s.starts_with(o)) {
        let rest = &s[s.find(' ').map_or(0, |i| i + 1)..];
        return rest.starts_with(|c: char| c.is_uppercase()) && words <= 15 && !rest.trim_end().ends_with(['.', '!', '?'])
            || rest.trim_end().ends_with('.') && rest.matches(". ").count() == 0 && words <= 8;
    }
    let lower = s.to_lowercase();
    lower.starts_with("(reporting by")
        || lower.starts_with("reporting by")
        || lower.starts_with("additional reporting by")
        || lower.starts_with("(additional reporting")
        || lower.starts_with("(writing by")
        || lower.starts_with("editing by")
        || lower.contains("contributed to this report")
        || lower.contains("contributed reporting")
}

/// The people a byline names: `By Claire Dumont-Vasseur, with Min Seo-yeon in Tokyo` →
/// `["Claire Dumont-Vasseur", "Min Seo-yeon"]`. Agencies, titles and places are left out;
/// so are editors in a contributor line.
pub fn byline_names(s: &str) -> Vec<String> {
    let s = s.trim().trim_start_matches('(').trim_end_matches(['.', ')']);
    let mut names = Vec::new();
    for part in s.split([';', '|', ',']) {
        let lower = part.trim().to_lowercase();
        if lower.starts_with("editing by") || lower.starts_with("edited by") || lower.starts_with("writing by") {
            continue;
        }
        for piece in split_conjunctions(part) {
            if let Some(name) = clean_name(piece)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    }
    names
}

fn split_conjunctions(s: &str) -> Vec<&str> {
    let mut pieces = vec![s];
    for sep in [" and ", " & ", " with ", " und ", " og ", " och ", " et ", " y "] {
        pieces = pieces.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    pieces
}

fn clean_name(piece: &str) -> Option<String> {
    let mut s = piece.trim();
    for prefix in [
        "By ", "BY ", "by ", "Von ", "Av ", "Par ", "Por ", "Door ", "Di ", "Reporting by ", "reporting by ", "Additional reporting by ",
        "Additional ", "with ", "With ", "Associated Press writer ", "AP writer ", "Associated Press writers ", "Staff writer ",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim();
        }
    }
    for suffix in [" contributed to this report", " contributed reporting", " contributed"] {
        if let Some(i) = s.find(suffix) {
            s = s[..i].trim();
        }
    }
    // "Min Seo-yeon in Tokyo" → "Min Seo-yeon"
    if let Some(i) = s.find(" in ") {
        s = s[..i].trim();
    }
    let tokens: Vec<&str> = s.split_whitespace().collect();
    if tokens.len() < 2 || tokens.len() > 5 {
        return None;
    }
    const PARTICLES: [&str; 12] = ["de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", "al"];
    const NOT_NAMES: [&str; 22] = [
        "staff", "writer", "correspondent", "editor", "reporter", "daily", "news", "press", "agency", "times", "herald", "desk", "bureau",
        "service", "wire", "post", "journal", "tribune", "media", "online", "database", "contributor",
    ];
    let name_like = tokens.iter().all(|t| {
        let lower = t.to_lowercase();
        (t.starts_with(|c: char| c.is_uppercase()) || PARTICLES.contains(&lower.as_str()) || t.starts_with("d'"))
            && !NOT_NAMES.contains(&lower.trim_end_matches('.'))
            && t.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
    });
    name_like.then(|| tokens.join(" "))
}

/// A short line that heads a section: a few words, capitalised, without sentence punctuation.
pub fn is_heading(s: &str) -> bool {
    let words = words_up_to(s, 11);
    (1..=10).contains(&words)
        && s.starts_with(|c: char| c.is_uppercase())
        && !s.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '’', '\'', ')', '»', '“'])
        && s.chars().any(char::is_lowercase)
        && !s.contains(['“', '”', '"'])
}

/// Sentence openers that are capitalised only at the start of a sentence.
const SENTENCE_STARTERS: [&str; 40] = [
    "The", "A", "An", "In", "On", "At", "As", "After", "According", "But", "For", "It", "Its", "This", "These", "Those", "That", "He",
    "She", "They", "We", "I", "When", "While", "With", "Despite", "Since", "Following", "Under", "Over", "During", "Before", "Although",
    "Some", "Many", "Most", "Officials", "Investigators", "Analysts", "Experts",
];

/// Words that end a phrase which cannot be a heading on its own: articles, prepositions,
/// conjunctions, pronouns, auxiliaries.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "and", "or", "as", "that", "said", "says", "told", "than",
    "its", "their", "his", "her", "between", "among", "against", "into", "through", "during", "without", "within", "about", "above",
    "across", "after", "along", "around", "before", "behind", "below", "beneath", "beside", "beyond", "despite", "down", "except",
    "inside", "near", "off", "onto", "outside", "over", "past", "since", "toward", "towards", "under", "until", "up", "upon", "via",
    "amid", "per", "like", "unlike", "versus", "including", "following", "regarding", "this", "these", "those", "our", "your", "my",
    "some", "any", "each", "every", "both", "all", "no", "not", "is", "are", "was", "were", "be", "been", "will", "would", "can", "could",
    "should", "may", "might", "must", "has", "have", "had", "do", "does", "did", "who", "which", "whom", "whose", "where", "when", "how",
    "what", "if", "but", "so", "because", "while", "although", "then", "also", "nor", "yet",
];

/// Verbs that follow a sentence's subject; after a capitalised word they show that a new
/// sentence started there (`Financing and savings Rheinwald said…`).
const SUBJECT_VERBS: &[&str] = &[
    "said", "says", "has", "have", "had", "is", "was", "were", "are", "will", "would", "plans", "expects", "reported", "announced", "told",
    "added", "agreed", "warned", "noted",
];

/// Role nouns that precede a name in apposition (`Prime minister Narendra Modi`), so the
/// capitalised word after them is a name, not a new sentence.
const ROLE_NOUNS: [&str; 32] = [
    "minister", "president", "secretary", "spokesman", "spokeswoman", "spokesperson", "director", "chief", "leader", "coach", "official",
    "governor", "senator", "mayor", "judge", "professor", "analyst", "economist", "chairman", "chairwoman", "ceo", "founder", "manager",
    "captain", "striker", "defender", "company", "group", "firm", "bank", "agency", "minister's",
];

/// A subhead glued to the start of a paragraph: `Toward greater heights The video meeting…`.
/// Returns the byte length of the subhead. Fires only on clear evidence: 2–7 words in
/// sentence case without punctuation, not ending in a function word, followed by a word that
/// starts a sentence (a capitalised function word, or any capitalised word after a heading
/// that holds `and`).
pub fn glued_subhead(s: &str) -> Option<usize> {
    let mut offset = 0;
    let mut words: Vec<(usize, &str)> = Vec::new();
    for w in s.split(' ') {
        words.push((offset, w));
        offset += w.len() + 1;
        if words.len() > 9 {
            break;
        }
    }
    let first = words.first()?.1;
    if !first.starts_with(|c: char| c.is_uppercase()) || !first.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    if SENTENCE_STARTERS.contains(&first) {
        return None;
    }
    for k in 2..=7.min(words.len().saturating_sub(3)) {
        let phrase = &words[..k];
        let rest_ok = phrase[1..].iter().all(|(_, w)| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-'));
        if !rest_ok {
            return None;
        }
        let last = phrase[k - 1].1;
        let (next_at, next) = words[k];
        if !next.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        if FUNCTION_WORDS.contains(&last) {
            return None;
        }
        let next_word = next.trim_end_matches([',', '.', ';', ':']);
        let starter = SENTENCE_STARTERS.contains(&next_word);
        if !starter && ROLE_NOUNS.contains(&last.to_lowercase().as_str()) {
            return None;
        }
        let followed_by_verb = words.get(k + 1).is_some_and(|(_, w)| SUBJECT_VERBS.contains(w));
        let conjoined =
            k <= 4 && phrase.iter().any(|(_, w)| *w == "and") && next_word.chars().skip(1).all(char::is_lowercase) && followed_by_verb;
        if (starter || conjoined) && words.len() > k + 2 {
            return Some(next_at - 1);
        }
        return None;
    }
    None
}

/// Straight and typographic quotation marks folded to their ASCII forms, so later stages can
/// treat `"`, `“`, `”`, `„`, `«`, `»` alike (and `'`, `‘`, `’`, `‚`, `‹`, `›`). Other
/// characters are returned unchanged. The text itself keeps the marks as written.
pub fn fold_quote(c: char) -> char {
    match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '〝' | '〞' | '＂' => '"',
        '‘' | '’' | '‚' | '‛' | '‹' | '›' | '＇' => '\'',
        other => other,
    }
}

/// Roles whose paragraphs feed entity and quote extraction: captions, credits, bylines and
/// boilerplate do not.
pub fn is_extractable(role: ParagraphRole) -> bool {
    matches!(role, ParagraphRole::Body | ParagraphRole::Heading | ParagraphRole::Dateline)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_up_to_counts_as_split_whitespace(s in "[a b\t\n\x0B\x0C\r\u{a0}\u{2003}\u{3000}é“”—x]{0,40}", limit in 0usize..12) {
            proptest::prop_assert_eq!(words_up_to(&s, limit), s.split_whitespace().take(limit).count());
        }
    }

    #[test]
    fn datelines() {
        let d = dateline("SEOUL (AFP) — South Korea and Japan agreed").unwrap();
        assert_eq!((d.text.as_str(), d.place.as_str(), d.agency.as_deref()), ("SEOUL (AFP)", "Seoul", Some("AFP")));
        assert_eq!(&"SEOUL (AFP) — South"[d.len..], "South");
        let d = dateline("NAIROBI, Kenya (AP) — Voters in").unwrap();
        assert_eq!((d.place.as_str(), d.agency.as_deref()), ("Nairobi, Kenya", Some("AP")));
        let d = dateline("FRANKFURT, June 4 (Reuters) - German group").unwrap();
        assert_eq!((d.place.as_str(), d.agency.as_deref()), ("Frankfurt", Some("Reuters")));
        assert_eq!(dateline("ST. CLOUD — The council").unwrap().place, "St. Cloud");
        assert_eq!(dateline("GROSSETO, Italy (AP) -- The trial").unwrap().place, "Grosseto, Italy");
        assert_eq!(dateline("LAGOS, Nigeria — Fuel").unwrap().agency, None);
        assert_eq!(dateline("SAN JOSE, Calif. — Lumora").unwrap().place, "San Jose, Calif.");
        assert_eq!(dateline("SEOUL (AFP) —").unwrap().len, "SEOUL (AFP) —".len());
        assert!(dateline("The US - China talks").is_none());
        assert!(dateline("NATO — the alliance").is_none());
        assert!(dateline("He said - no").is_none());
        assert!(dateline("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP").is_none());
    }

    #[test]
    fn credits_and_captions() {
        assert!(is_credit("Photo: Xinhua"));
        assert!(is_credit("Photograph: Ledger Pictures"));
        let s = "Trawlers moored at a port in Busan on March 18. Photo: AFP";
        assert_eq!(&s[credit_start(s).unwrap()..], "Photo: AFP");
        let s = "Xi and Putin meet (Photo: Reuters)";
        assert_eq!(&s[credit_start(s).unwrap()..], "(Photo: Reuters)");
        assert_eq!(credit_start("The photo showed nothing."), None);
        assert_eq!(credit_start("Photo: this is a long sentence that goes on and on with many words"), None);
    }

    #[test]
    fn bylines_and_names() {
        assert!(is_byline("By Claire Dumont-Vasseur, with Min Seo-yeon in Tokyo"));
        assert_eq!(byline_names("By Claire Dumont-Vasseur, with Min Seo-yeon in Tokyo"), vec!["Claire Dumont-Vasseur", "Min Seo-yeon"]);
        assert_eq!(byline_names("Von Christian Hollmann, dpa"), vec!["Christian Hollmann"]);
        assert_eq!(byline_names("Paulo Santalucia and Frances d'Emilio"), vec!["Paulo Santalucia", "Frances d'Emilio"]);
        assert_eq!(byline_names("By Jake Morrow | Staff writer"), vec!["Jake Morrow"]);
        assert_eq!(byline_names("Rachel Ainsworth, Business correspondent"), vec!["Rachel Ainsworth"]);
        assert!(is_byline("(Reporting by Katrin Vogel; Additional reporting by Sam Delgado in New York; Editing by Tom Ashdown)"));
        assert_eq!(
            byline_names("(Reporting by Katrin Vogel; Additional reporting by Sam Delgado in New York; Editing by Tom Ashdown)"),
            vec!["Katrin Vogel", "Sam Delgado"]
        );
        assert!(is_byline("Associated Press writer Daniel Kiprop contributed to this report."));
        assert_eq!(byline_names("Associated Press writer Daniel Kiprop contributed to this report."), vec!["Daniel Kiprop"]);
        assert!(byline_names("NTB").is_empty());
        assert!(!is_byline("By the end of the year, prices had doubled across the region."));
    }

    #[test]
    fn boilerplate_lines() {
        assert!(is_boilerplate("Read more: Why Britain’s DIY boom has turned to bust"));
        assert!(is_boilerplate("Related: PHOTOS: Riverside celebrates its first state title"));
        assert!(is_boilerplate("About Lumora Systems: Lumora Systems Inc. (Nasdaq: LUMS) designs chips."));
        assert!(is_boilerplate("© 2025 Harbour Ledger. All rights reserved."));
        assert!(is_boilerplate("Follow us on X and Facebook"));
        assert!(!is_boilerplate("Relations between Seoul and Tokyo have warmed markedly since 2023."));
    }

    #[test]
    fn headings_and_glued_subheads() {
        assert!(is_heading("Jointly defend UN-centered system"));
        assert!(!is_heading("Results are expected by Saturday, the IEBC said."));
        let cases = [
            ("Toward greater heights The video meeting between the two leaders comes", Some("Toward greater heights")),
            ("Register complaints The Independent Electoral and Boundaries Commission (IEBC) said", Some("Register complaints")),
            ("Relief operations The Department of Social Welfare and Development (DSWD) said", Some("Relief operations")),
            ("Financing and savings Rheinwald said it would pay for the acquisition", Some("Financing and savings")),
            ("Shell company Investigators say the money moved through a firm", Some("Shell company")),
            ("Prime minister Narendra Modi said on Monday that", None),
            ("Chinese company Huawei said on Monday that it would", None),
            ("According to the Philippine Atmospheric agency, the storm", None),
            ("Turnout appeared slow in the morning at several polling stations", None),
            ("Xi called on the two sides to consolidate", None),
            ("The Chinese leader called on the two countries", None),
            ("Analysts were more cautious. The price looks full", None),
            ("Coordination and cooperation between China and Russia, with joint efforts", None),
        ];
        for (text, want) in cases {
            let got = glued_subhead(text).map(|n| &text[..n]);
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn quotes_fold_alike() {
        let folded: String = "“a” „b“ «c» ‘d’ 'e'".chars().map(fold_quote).collect();
        assert_eq!(folded, "\"a\" \"b\" \"c\" 'd' 'e'");
    }
}
