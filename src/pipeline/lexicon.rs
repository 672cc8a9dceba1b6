//! Lexicons of names from open data (countries, places, given names, demonyms,
//! organisation heads, titles), built by `scripts/build-lexicons.py` into `data/lexicons/`
//! and compiled in. The tagger reads membership as features.
//!
//! Matching walks a sentence's lowercased tokens once: from each token, the hash of the
//! token sequence grows a token at a time and is looked up among the phrases' hashes, and
//! the walk stops as soon as no phrase starts with that sequence (for most tokens, after one
//! lookup). A phrase only ever matches whole tokens, so this finds exactly what an
//! Aho-Corasick pass over the joined words finds once matches inside words are thrown away;
//! it replaced one because that pass, with its many matches inside words ("ona" in
//! "persona"), took a tenth of the pipeline's time, and building the automaton most of the
//! start-up. A hash collision (2^-64 per lookup) would only add a lexicon feature.

use super::fxwords;
use super::tokenize::tokenize;
use rustc_hash::FxHashMap;

/// The lexicons, in feature order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Country = 0,
    Place = 1,
    GivenName = 2,
    Demonym = 3,
    OrgHead = 4,
    Title = 5,
}

/// Number of lexicons.
pub const KINDS: usize = 6;

/// Names of the lexicons, as used in features.
pub const KIND_NAMES: [&str; KINDS] = ["country", "place", "given", "demonym", "orghead", "title"];

const SOURCES: [(Kind, &str); KINDS] = [
    (Kind::Country, include_str!("../../data/lexicons/countries.txt")),
    (Kind::Place, include_str!("../../data/lexicons/places.txt")),
    (Kind::GivenName, include_str!("../../data/lexicons/given-names.txt")),
    (Kind::Demonym, include_str!("../../data/lexicons/demonyms.txt")),
    (Kind::OrgHead, include_str!("../../data/lexicons/org-heads.txt")),
    (Kind::Title, include_str!("../../data/lexicons/titles.txt")),
];

/// Given names that (nearly) only women or only men bear, from the same census files: what
/// "he" and "she" can refer to. Not tagger features.
const FEMALE_NAMES: &str = include_str!("../../data/lexicons/female-names.txt");
const MALE_NAMES: &str = include_str!("../../data/lexicons/male-names.txt");

/// The gender a given name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameGender {
    Female,
    Male,
}

/// Where a token sits in a lexicon phrase it belongs to: 0 none, then Begin, Inside, Last,
/// Unit (a one-word phrase).
pub type Position = u8;

/// Position names for features, indexed by [`Position`].
pub const POSITION_NAMES: [&str; 5] = ["", "B", "I", "L", "U"];

/// The longest phrase, in tokens, that a lexicon may hold.
pub const MAX_PHRASE_TOKENS: usize = 12;

/// The compiled lexicons.
#[derive(Debug, Clone)]
pub struct Lexicons {
    /// Hash of a token sequence (tokens lowercased, the hash grown a token at a time by
    /// [`fxwords::then`]) → what it is: one lookup a step when walking a sentence's tokens and
    /// when looking a whole name up.
    phrases: FxHashMap<u64, Sequence>,
    /// The most tokens in a phrase.
    longest: usize,
    /// Lowercased given name → the gender it tells.
    genders: FxHashMap<String, NameGender>,
}

/// Why the lexicons could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("lexicon phrase {phrase:?} has more than {MAX_PHRASE_TOKENS} tokens")]
    TooLong { phrase: String },
}

/// What a token sequence is in the lexicons.
#[derive(Debug, Clone, Copy, Default)]
struct Sequence {
    /// Which lexicons hold it as a whole phrase (bit `Kind as u8`; 0 when none does).
    kinds: u8,
    /// Whether it begins a longer phrase: where a token walk may go on.
    continues: bool,
}

impl Lexicons {
    /// The lexicons shipped in `data/lexicons/`.
    ///
    /// Returns an error only when a phrase is longer than [`MAX_PHRASE_TOKENS`].
    pub fn shipped() -> Result<Self, LexiconError> {
        let mut lexicons = Self::from_lists(&SOURCES)?;
        for (list, gender) in [(FEMALE_NAMES, NameGender::Female), (MALE_NAMES, NameGender::Male)] {
            for name in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
                lexicons.genders.insert(name.to_string(), gender);
            }
        }
        Ok(lexicons)
    }

    /// The gender a given name (any case) tells, if the census gives it (nearly) only to
    /// women or only to men.
    pub fn given_name_gender(&self, name: &str) -> Option<NameGender> {
        self.genders.get(&name.to_lowercase()).copied()
    }

    /// No lexicons: no token matches (tests, and the empty pipeline).
    pub fn empty() -> Self {
        Lexicons { phrases: FxHashMap::default(), longest: 0, genders: FxHashMap::default() }
    }

    /// Lexicons from `(kind, one phrase per line)` lists.
    ///
    /// Returns an error when a phrase has more than [`MAX_PHRASE_TOKENS`] tokens.
    pub fn from_lists(lists: &[(Kind, &str)]) -> Result<Self, LexiconError> {
        let mut phrases: FxHashMap<u64, Sequence> = FxHashMap::default();
        let mut longest = 0;
        for (kind, list) in lists {
            for line in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
                // Phrases are matched as the tokenizer splits text: "st. cloud", "d.c .".
                let tokens: Vec<String> = tokenize(line).iter().map(|t| t.text(line).to_lowercase()).collect();
                if tokens.len() > MAX_PHRASE_TOKENS {
                    return Err(LexiconError::TooLong { phrase: line.to_string() });
                }
                let Some((last, init)) = tokens.split_last() else { continue };
                let mut state = 0;
                for token in init {
                    state = fxwords::then(state, fxwords::word(token));
                    phrases.entry(fxwords::finish(state)).or_default().continues = true;
                }
                state = fxwords::then(state, fxwords::word(last));
                phrases.entry(fxwords::finish(state)).or_default().kinds |= 1 << (*kind as u8);
                longest = longest.max(tokens.len());
            }
        }
        Ok(Lexicons { phrases, longest, genders: FxHashMap::default() })
    }

    /// Whether lexicon `kind` holds `name` (any case; tokenized as text is).
    pub fn has(&self, kind: Kind, name: &str) -> bool {
        self.held_by(name) & (1 << kind as u8) != 0
    }

    /// Whether `name` is a known country or place: one lookup for both lexicons.
    pub fn is_place(&self, name: &str) -> bool {
        self.held_by(name) & (1 << Kind::Country as u8 | 1 << Kind::Place as u8) != 0
    }

    /// Which lexicons hold `name` (bit `Kind as u8`; 0 for none).
    fn held_by(&self, name: &str) -> u8 {
        let tokens = tokenize(name);
        if tokens.is_empty() || tokens.len() > self.longest {
            return 0;
        }
        let state = tokens.iter().fold(0, |state, t| {
            let word = t.text(name);
            let lower = if word.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
                fxwords::word(&word.to_lowercase())
            } else {
                fxwords::word(word)
            };
            fxwords::then(state, lower)
        });
        self.phrases.get(&fxwords::finish(state)).map_or(0, |s| s.kinds)
    }

    /// For each of `lower` (a sentence's lowercased tokens), its [`Position`] in the longest
    /// phrase of each lexicon that covers it.
    pub fn positions(&self, lower: &[impl AsRef<str>]) -> Vec<[Position; KINDS]> {
        let words: Vec<u64> = lower.iter().map(|t| fxwords::word(t.as_ref())).collect();
        self.positions_of_words(&words)
    }

    /// [`Lexicons::positions`] of tokens given as their [`fxwords::word`]s (the tagger has
    /// them already): the phrase hashes grow from the words as they do when
    /// the lexicons are built.
    pub fn positions_of_words(&self, words: &[u64]) -> Vec<[Position; KINDS]> {
        let mut out = vec![[0; KINDS]; words.len()];
        // Every run of whole tokens that is a phrase, by start (and so, among runs of one
        // length, in text order).
        let mut matches: Vec<(usize, usize, u8)> = Vec::new();
        for first in 0..words.len() {
            let mut state = 0;
            for (n, w) in words[first..].iter().take(self.longest).enumerate() {
                state = fxwords::then(state, *w);
                let h = fxwords::finish(state);
                let Some(sequence) = self.phrases.get(&h) else { break };
                if sequence.kinds != 0 {
                    matches.push((first, first + n + 1, sequence.kinds));
                }
                if !sequence.continues {
                    break;
                }
            }
        }
        // Longest phrases first: a token keeps its place in the longest one.
        matches.sort_by_key(|(s, e, _)| std::cmp::Reverse(e - s));
        for (s, e, mask) in matches {
            for k in 0..KINDS {
                if mask & (1 << k) == 0 {
                    continue;
                }
                if (s..e).any(|i| out[i][k] != 0) {
                    continue;
                }
                for (i, slot) in out[s..e].iter_mut().enumerate() {
                    slot[k] = match (e - s, i) {
                        (1, _) => 4,
                        (_, 0) => 1,
                        (n, i) if i + 1 == n => 3,
                        _ => 2,
                    };
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> Vec<String> {
        tokenize(s).iter().map(|t| t.text(s).to_lowercase()).collect()
    }

    #[test]
    fn given_names_tell_a_gender_only_when_the_census_is_clear() -> Result<(), LexiconError> {
        let lex = Lexicons::shipped()?;
        assert_eq!(lex.given_name_gender("Hillary"), Some(NameGender::Female));
        assert_eq!(lex.given_name_gender("DONALD"), Some(NameGender::Male));
        assert_eq!(lex.given_name_gender("Jordan"), None);
        assert_eq!(lex.given_name_gender("Xi"), None);
        assert_eq!(Lexicons::empty().given_name_gender("Hillary"), None);
        Ok(())
    }

    #[test]
    fn shipped_lexicons_know_places_names_and_titles() -> Result<(), LexiconError> {
        let lex = Lexicons::shipped()?;
        let words = lower("President Mary Smith of France visited New York and Shimane.");
        let pos = lex.positions(&words);
        assert_eq!(pos[0][Kind::Title as usize], 4);
        assert_eq!(pos[1][Kind::GivenName as usize], 4);
        assert_eq!(pos[4][Kind::Country as usize], 4);
        assert_eq!((pos[6][Kind::Place as usize], pos[7][Kind::Place as usize]), (1, 3));
        assert_eq!(pos[9][Kind::Place as usize], 4);
        assert_eq!(pos[3], [0; KINDS], "'of' is in no lexicon");
        assert!(lex.has(Kind::Place, "New York") && lex.has(Kind::Title, "chairman") && !lex.has(Kind::Place, "Chairman"));
        Ok(())
    }

    #[test]
    fn matches_whole_tokens_only() -> Result<(), LexiconError> {
        let lex = Lexicons::from_lists(&[(Kind::Place, "york\nnew york\nst. cloud\n")])?;
        let pos = lex.positions(&lower("Yorkshire, New Yorker, St. Cloud and york"));
        let place: Vec<u8> = pos.iter().map(|p| p[Kind::Place as usize]).collect();
        // Yorkshire , New Yorker , St. Cloud and york
        assert_eq!(place, vec![0, 0, 0, 0, 0, 1, 3, 0, 4]);
        assert!(Lexicons::empty().positions(&lower("New York")).iter().all(|p| *p == [0; KINDS]));
        Ok(())
    }

    #[test]
    fn the_longest_phrase_wins_and_overlong_phrases_are_refused() -> Result<(), LexiconError> {
        let lex = Lexicons::from_lists(&[(Kind::Place, "new york\nyork\nnew york city\nyork city hall\n")])?;
        let pos = lex.positions(&lower("in new york city hall"));
        let place: Vec<u8> = pos.iter().map(|p| p[Kind::Place as usize]).collect();
        // "new york city" (3 tokens) is found first; "york city hall" overlaps it.
        assert_eq!(place, vec![0, 1, 2, 3, 0]);
        let long = "a b c d e f g h i j k l m";
        assert!(matches!(Lexicons::from_lists(&[(Kind::Place, long)]), Err(LexiconError::TooLong { .. })));
        Ok(())
    }
}
