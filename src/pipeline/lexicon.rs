//! Lexicons of names from open data (countries, places, given names, demonyms,
//! organisation heads, titles), built by `scripts/build-lexicons.py` into `data/lexicons/`
//! and compiled in. The tagger reads membership as features; matching is one Aho-Corasick
//! pass over a sentence's lowercased words.

use super::tokenize::tokenize;
use aho_corasick::{AhoCorasick, MatchKind};
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
    (
        Kind::Country,
        include_str!("../../data/lexicons/countries.txt"),
    ),
    (Kind::Place, include_str!("../../data/lexicons/places.txt")),
    (
        Kind::GivenName,
        include_str!("../../data/lexicons/given-names.txt"),
    ),
    (
        Kind::Demonym,
        include_str!("../../data/lexicons/demonyms.txt"),
    ),
    (
        Kind::OrgHead,
        include_str!("../../data/lexicons/org-heads.txt"),
    ),
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

/// The compiled lexicons.
#[derive(Debug, Clone)]
pub struct Lexicons {
    /// Phrases as lowercased tokens joined by single spaces; `None` when empty.
    automaton: Option<AhoCorasick>,
    /// Per pattern: which lexicons hold it (bit `Kind as u8`).
    kinds: Vec<u8>,
    /// Phrase → index into `kinds`, for whole-name lookups.
    index: FxHashMap<String, usize>,
    /// Lowercased given name → the gender it tells.
    genders: FxHashMap<String, NameGender>,
}

/// Why the lexicons could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the lexicon automaton: {0}")]
pub struct LexiconError(#[from] aho_corasick::BuildError);

impl Lexicons {
    /// The lexicons shipped in `data/lexicons/`.
    ///
    /// Returns an error only when the automaton cannot be built (it is too large).
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
        Lexicons {
            automaton: None,
            kinds: Vec::new(),
            index: FxHashMap::default(),
            genders: FxHashMap::default(),
        }
    }

    /// Lexicons from `(kind, one phrase per line)` lists.
    ///
    /// Returns an error when the automaton cannot be built.
    pub fn from_lists(lists: &[(Kind, &str)]) -> Result<Self, LexiconError> {
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds: Vec<u8> = Vec::new();
        for (kind, list) in lists {
            for line in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
                // Phrases are matched as the tokenizer splits text: "st. cloud", "d.c .".
                let phrase = tokenize(line)
                    .iter()
                    .map(|t| t.text(line).to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                let at = *index.entry(phrase.clone()).or_insert_with(|| {
                    patterns.push(phrase);
                    kinds.push(0);
                    kinds.len() - 1
                });
                kinds[at] |= 1 << (*kind as u8);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)?;
        Ok(Lexicons {
            automaton: Some(automaton),
            kinds,
            index,
            genders: FxHashMap::default(),
        })
    }

    /// Whether lexicon `kind` holds `name` (any case; tokenized as text is).
    pub fn has(&self, kind: Kind, name: &str) -> bool {
        let phrase = tokenize(name)
            .iter()
            .map(|t| t.text(name).to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        self.index
            .get(&phrase)
            .and_then(|&i| self.kinds.get(i))
            .is_some_and(|mask| mask & (1 << kind as u8) != 0)
    }

    /// For each of `lower` (a sentence's lowercased tokens), its [`Position`] in the longest
    /// phrase of each lexicon that covers it.
    pub fn positions(&self, lower: &[String]) -> Vec<[Position; KINDS]> {
        let mut out = vec![[0; KINDS]; lower.len()];
        let Some(automaton) = &self.automaton else {
            return out;
        };
        if lower.is_empty() {
            return out;
        }
        // Token starts in the joined text, to map matches back to tokens.
        let mut starts = Vec::with_capacity(lower.len());
        let mut joined = String::with_capacity(lower.iter().map(|w| w.len() + 1).sum());
        for w in lower {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.len());
            joined.push_str(w);
        }
        let mut matches: Vec<(usize, usize, u8)> = automaton
            .find_overlapping_iter(&joined)
            .filter_map(|m| {
                let first = starts.binary_search(&m.start()).ok()?;
                // The match must end where a token ends.
                let last = starts.partition_point(|&s| s < m.end()).checked_sub(1)?;
                (first <= last && starts[last] + lower.get(last)?.len() == m.end()).then(|| {
                    (
                        first,
                        last + 1,
                        self.kinds.get(m.pattern().as_usize()).copied().unwrap_or(0),
                    )
                })
            })
            .collect();
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
        tokenize(s)
            .iter()
            .map(|t| t.text(s).to_lowercase())
            .collect()
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
        assert_eq!(
            (pos[6][Kind::Place as usize], pos[7][Kind::Place as usize]),
            (1, 3)
        );
        assert_eq!(pos[9][Kind::Place as usize], 4);
        assert_eq!(pos[3], [0; KINDS], "'of' is in no lexicon");
        assert!(
            lex.has(Kind::Place, "New York")
                && lex.has(Kind::Title, "chairman")
                && !lex.has(Kind::Place, "Chairman")
        );
        Ok(())
    }

    #[test]
    fn matches_whole_tokens_only() -> Result<(), LexiconError> {
        let lex = Lexicons::from_lists(&[(Kind::Place, "york\nnew york\nst. cloud\n")])?;
        let pos = lex.positions(&lower("Yorkshire, New Yorker, St. Cloud and york"));
        let place: Vec<u8> = pos.iter().map(|p| p[Kind::Place as usize]).collect();
        // Yorkshire , New Yorker , St. Cloud and york
        assert_eq!(place, vec![0, 0, 0, 0, 0, 1, 3, 0, 4]);
        assert!(
            Lexicons::empty()
                .positions(&lower("New York"))
                .iter()
                .all(|p| *p == [0; KINDS])
        );
        Ok(())
    }
}
