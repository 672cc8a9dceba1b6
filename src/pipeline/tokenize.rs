//! Tokens and sentences for news text.
//!
//! Whitespace splits words; then leading and trailing punctuation, quotes and brackets are
//! peeled off, keeping what belongs to the word: abbreviations and titles (`Mr.`, `Sen.`,
//! `Lt.`, `U.S.`, `Jan.`), initials (`J.`), decimals and times (`3.5`, `11:40`), hyphenated
//! words and dates (`all-rounder`, `1996-08-30`). Possessive and negative clitics (`'s`, `’s`,
//! `n't`) become tokens of their own, as in the CoNLL and Penn Treebank conventions the
//! tagger was trained on. Sentences end at `.`, `!` or `?` (after closing quotes) unless the
//! period ends an abbreviation or an initial.
//!
//! Written by hand: general tokenizer crates (unicode-segmentation and the like) do not know
//! news abbreviations and datelines, and the tagger needs CoNLL-compatible tokens.

/// A token: byte offsets into the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Abbreviations that take a period and do not end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm", "rev", "st", "jr", "sr",
    "hon", "pres", "supt", "insp", "det", "cpl", "pvt", "atty", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "corp", "co", "ltd", "bros", "no",
    "nos", "vs", "v", "etc", "approx", "dept", "univ", "assn", "ave", "blvd", "rd", "mt", "ft", "calif", "conn", "fla", "ill", "mass",
    "mich", "minn", "penn", "tenn", "wash", "wis", "ariz", "colo", "okla", "ore", "nev", "kan", "neb", "ala", "ark", "del", "ga", "ky",
    "la", "md", "miss", "mo", "mont", "va", "vt", "wyo", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u",
];

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                split_word(text, s, i, &mut tokens);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        split_word(text, s, text.len(), &mut tokens);
    }
    tokens
}

fn is_leading_punct(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '„' | '‚' | '‹' | '(' | '[' | '{' | '¿' | '¡')
}

fn is_trailing_punct(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '“' | '›' | ')' | ']' | '}' | ',' | ';' | ':' | '!' | '?' | '.' | '…')
}

/// Splits one whitespace-delimited word into tokens.
fn split_word(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    // Leading punctuation, one character each.
    while start < end {
        let Some(c) = text[start..end].chars().next() else { break };
        if is_leading_punct(c) && start + c.len_utf8() < end {
            out.push(Token { start, end: start + c.len_utf8() });
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, one character each, pushed after the core.
    let word_end = end;
    while start < end {
        let word = &text[start..end];
        let Some(c) = word.chars().next_back() else { break };
        if !is_trailing_punct(c) {
            break;
        }
        if c == '.' && keeps_period(&word[..word.len() - 1]) {
            break;
        }
        // A closing single quote after a letter is usually an apostrophe (`Jones'`), except
        // when it closes an opening quote we peeled.
        if (c == '\'' || c == '’') && word.len() > c.len_utf8() && word[..word.len() - c.len_utf8()].ends_with('s') {
            break;
        }
        end -= c.len_utf8();
    }
    if start < end {
        split_clitics(text, start, end, out);
    }
    out.extend(text[end..word_end].char_indices().map(|(i, c)| Token { start: end + i, end: end + i + c.len_utf8() }));
}

/// Whether a period after `core` belongs to it: an abbreviation, an initial, or dotted
/// letters (`U.S`, `J`).
fn keeps_period(core: &str) -> bool {
    if core.is_empty() {
        return false;
    }
    let lower = core.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut chars = core.chars();
    // A single capital letter: an initial.
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    // A party and state after a US politician's name: `R-Ky`, `D-N.C`.
    if let Some(state) = core.strip_prefix("R-").or_else(|| core.strip_prefix("D-")).or_else(|| core.strip_prefix("I-")) {
        return keeps_period(state);
    }
    // Dotted letters: U.S, a.m, U.N
    core.contains('.') && core.split('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// `Xinhua's` → `Xinhua` `'s`; `don't` → `do` `n't`.
fn split_clitics(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    for clitic in ["'s", "’s", "'S", "n't", "n’t"] {
        if word.len() > clitic.len() && word.ends_with(clitic) {
            let cut = end - clitic.len();
            out.push(Token { start, end: cut });
            out.push(Token { start: cut, end });
            return;
        }
    }
    out.push(Token { start, end });
}

/// Sentence boundaries over `tokens` of `text`: ranges of token indices.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].text(text);
        if matches!(t, "." | "!" | "?" | "…") {
            // Closing quotes and brackets stay with the sentence they end.
            let mut j = i + 1;
            while j < tokens.len() && matches!(tokens[j].text(text), "\"" | "”" | "’" | "'" | ")" | "»") {
                j += 1;
            }
            let next_starts = tokens.get(j).is_none_or(|n| {
                let s = n.text(text);
                s.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || is_leading_punct(c))
            });
            if next_starts {
                out.push(begin..j);
                begin = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if begin < tokens.len() {
        out.push(begin..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn punctuation_quotes_and_clitics() {
        assert_eq!(toks("“We lost,” said Park."), vec!["“", "We", "lost", ",", "”", "said", "Park", "."]);
        assert_eq!(toks("Xinhua's report (in full)"), vec!["Xinhua", "'s", "report", "(", "in", "full", ")"]);
        assert_eq!(toks("China’s don't"), vec!["China", "’s", "do", "n't"]);
        assert_eq!(toks("the Joneses' house"), vec!["the", "Joneses'", "house"]);
    }

    #[test]
    fn abbreviations_initials_numbers() {
        assert_eq!(
            toks("Mr. Smith met Lt. Col. J. Doe in the U.S. on Jan. 5."),
            vec!["Mr.", "Smith", "met", "Lt.", "Col.", "J.", "Doe", "in", "the", "U.S.", "on", "Jan.", "5", "."]
        );
        assert_eq!(toks("up 3.5% at 11:40 p.m. in 1996-08-30"), vec!["up", "3.5%", "at", "11:40", "p.m.", "in", "1996-08-30"]);
        assert_eq!(
            toks("McConnell, R-Ky., and Butterfield (D-N.C.) left."),
            vec!["McConnell", ",", "R-Ky.", ",", "and", "Butterfield", "(", "D-N.C.", ")", "left", "."]
        );
        assert_eq!(toks("an all-rounder, $244.8 billion"), vec!["an", "all-rounder", ",", "$244.8", "billion"]);
    }

    #[test]
    fn sentence_splitting() {
        let s = "Mr. Xi met Dr. Putin. They talked. “It went well,” he said. Then U.S. officials left.";
        let t = tokenize(s);
        let sents: Vec<String> =
            sentences(s, &t).into_iter().map(|r| t[r].iter().map(|x| x.text(s)).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(sents, vec!["Mr. Xi met Dr. Putin .", "They talked .", "“ It went well , ” he said .", "Then U.S. officials left .",]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in ["", " ", "...", "'", "“", "(a", "a)", "é.", "U.S", "’s", "n't"] {
            let t = tokenize(s);
            assert!(t.iter().all(|x| x.start < x.end && x.end <= s.len()));
            let _ = sentences(s, &t);
        }
    }
}
