//! Features of a token in its sentence, hashed to 64-bit ids: the word and its lowercase,
//! shape, prefixes and suffixes, capitalisation in context, and neighbouring words.

use crate::pipeline::fxwords::{id, word};
use crate::pipeline::lexicon::{KIND_NAMES, KINDS, Lexicons, POSITION_NAMES, Position};
#[cfg(test)]
use rustc_hash::FxHasher;
use std::borrow::Cow;
#[cfg(test)]
use std::hash::Hasher;

/// A feature id: FxHasher (rustc-hash 2) over a template byte and string parts, each part
/// followed by 0xff. The shipped model is keyed by these ids. Tagging uses [`id`], which
/// gives the same value from the parts' [`word`]s; this is the definition it is tested against.
#[cfg(test)]
fn hash(template: u8, parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

/// The words of the fixed strings features use.
struct Fixed {
    start: u64,
    end: u64,
    caps: u64,
    mixed: u64,
    lengths: [u64; 3],
    kinds: [u64; KINDS],
    positions: [u64; 5],
}

impl Fixed {
    fn new() -> Self {
        Fixed {
            start: word("<s>"),
            end: word("</s>"),
            caps: word("caps"),
            mixed: word("mixed"),
            lengths: ["short", "mid", "long"].map(word),
            kinds: KIND_NAMES.map(word),
            positions: POSITION_NAMES.map(word),
        }
    }
}

/// `Xxxx`-style shape with runs collapsed: `Xinhua` → `Xx`, `1996-08-30` → `d-d-d`, `U.S.` → `X.X.`.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    push_shape(word, &mut out);
    out
}

/// Appends the [`shape`] of `word` to `out`.
fn push_shape(word: &str, out: &mut String) {
    let start = out.len();
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last || !matches!(s, 'X' | 'x' | 'd') {
            out.push(s);
        }
        last = s;
        if out.len() - start > 12 {
            break;
        }
    }
}

/// Per-sentence precomputed views of the words.
pub struct Sentence<'a> {
    pub words: Vec<&'a str>,
    /// Lowercased words; borrowed when a word has nothing to lower.
    lower: Vec<Cow<'a, str>>,
    /// The [`word`] of each lowercased word and of each word's shape.
    lower_words: Vec<u64>,
    shape_words: Vec<u64>,
    fixed: Fixed,
    /// Each token's position in the lexicon phrases that cover it.
    lexicon: Vec<[Position; KINDS]>,
    all_caps: bool,
}

impl<'a> Sentence<'a> {
    pub fn new(words: Vec<&'a str>, lexicons: &Lexicons) -> Self {
        let lower: Vec<Cow<'a, str>> =
            words
                .iter()
                .map(|w| {
                    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                        Cow::Borrowed(*w)
                    } else {
                        Cow::Owned(w.to_lowercase())
                    }
                })
                .collect();
        let lower_words: Vec<u64> = lower.iter().map(|l| word(l)).collect();
        let mut shape = String::new();
        let shape_words = words
            .iter()
            .map(|w| {
                shape.clear();
                push_shape(w, &mut shape);
                word(&shape)
            })
            .collect();
        // More than three letters, all capitals: a headline or a shouted line.
        let mut letters = words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic());
        let all_caps = letters.by_ref().take(4).filter(|c| c.is_uppercase()).count() == 4 && letters.all(char::is_uppercase);
        let lexicon = lexicons.positions_of_words(&lower_words);
        Sentence { words, lower, lower_words, shape_words, fixed: Fixed::new(), lexicon, all_caps }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The [`word`] of token `i`'s lowercase form, or of `<s>` / `</s>` outside the sentence.
    fn lower_at(&self, i: isize) -> u64 {
        if i < 0 { self.fixed.start } else { self.lower_words.get(i as usize).copied().unwrap_or(self.fixed.end) }
    }

    /// The [`word`] of token `i`'s shape, or of `<s>` / `</s>` outside the sentence.
    fn shape_at(&self, i: isize) -> u64 {
        if i < 0 { self.fixed.start } else { self.shape_words.get(i as usize).copied().unwrap_or(self.fixed.end) }
    }

    /// The feature ids of token `i`, in `out` (cleared first): [`Sentence::word_features`]
    /// then [`Sentence::context_features`].
    pub fn features(&self, i: usize, out: &mut Vec<u64>) {
        self.word_features(i, out);
        self.push_context_features(i, out);
    }

    /// What token `i`'s [`Sentence::word_features`] depend on: the word and whether the
    /// sentence is in capitals. Tokens with equal keys have equal word features.
    pub fn word_key(&self, i: usize) -> (&'a str, bool) {
        (self.words[i], self.all_caps)
    }

    /// The ids of token `i`'s features that depend on the word alone (and the sentence's
    /// capitals), in `out` (cleared first): the word, its lowercase and shape, prefixes and
    /// suffixes. They come first in [`Sentence::features`].
    pub fn word_features(&self, i: usize, out: &mut Vec<u64>) {
        out.clear();
        let w = word(self.words[i]);
        let text: &str = &self.lower[i];
        let ii = i as isize;
        let l = self.lower_at(ii);
        let s = self.shape_at(ii);
        let caps = if self.all_caps { self.fixed.caps } else { self.fixed.mixed };
        out.push(id(0, &[]));
        out.push(id(1, &[w]));
        out.push(id(2, &[l]));
        out.push(id(3, &[s]));
        out.push(id(4, &[s, caps]));
        // Prefixes of 1-3 and suffixes of 1-4 characters, as slices (no allocation).
        let count = text.chars().count();
        let mut ends = text.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(text.len()));
        let mut starts = text.char_indices().rev().map(|(i, _)| i);
        for n in 1..=4.min(count) {
            let p = ends.next().map_or(text, |e| &text[..e]);
            let x = starts.next().map_or(text, |b| &text[b..]);
            if n <= 3 {
                out.push(id(5, &[word(p)]));
            }
            out.push(id(6, &[word(x)]));
        }
    }

    /// The ids of token `i`'s other features, in `out` (cleared first): its neighbours,
    /// position, length and lexicon membership.
    pub fn context_features(&self, i: usize, out: &mut Vec<u64>) {
        out.clear();
        self.push_context_features(i, out);
    }

    /// [`Sentence::context_features`], appended to `out`.
    fn push_context_features(&self, i: usize, out: &mut Vec<u64>) {
        let text: &str = &self.lower[i];
        let ii = i as isize;
        let l = self.lower_at(ii);
        let s = self.shape_at(ii);
        let caps = if self.all_caps { self.fixed.caps } else { self.fixed.mixed };
        let count = text.chars().count();
        let (before, after) = (self.shape_at(ii - 1), self.shape_at(ii + 1));
        out.push(id(7, &[self.lower_at(ii - 1)]));
        out.push(id(8, &[self.lower_at(ii + 1)]));
        out.push(id(9, &[self.lower_at(ii - 2)]));
        out.push(id(10, &[self.lower_at(ii + 2)]));
        out.push(id(11, &[before]));
        out.push(id(12, &[after]));
        out.push(id(13, &[self.lower_at(ii - 1), l]));
        out.push(id(14, &[l, self.lower_at(ii + 1)]));
        out.push(id(15, &[before, s, after]));
        if i == 0 {
            out.push(id(16, &[s]));
            out.push(id(17, &[l]));
        }
        out.push(id(18, &[caps, l]));
        out.push(id(19, &[before, s]));
        out.push(id(20, &[s, after]));
        let len = match count {
            0..=2 => self.fixed.lengths[0],
            3..=5 => self.fixed.lengths[1],
            _ => self.fixed.lengths[2],
        };
        out.push(id(21, &[len, s]));
        // Lexicon membership: the token's place in a phrase of each lexicon, with its shape
        // (a place written in lowercase is a word, not a name), and the lexicons of its
        // neighbours ("President" before a name).
        for (k, &p) in self.lexicon[i].iter().enumerate() {
            if p != 0 {
                let (kind, pos) = (self.fixed.kinds[k], self.fixed.positions[usize::from(p).min(4)]);
                out.push(id(22, &[kind, pos]));
                out.push(id(23, &[kind, pos, s]));
            }
        }
        for (template, at) in [(24, i.checked_sub(1)), (25, Some(i + 1))] {
            if let Some(around) = at.and_then(|j| self.lexicon.get(j)) {
                for (k, &p) in around.iter().enumerate() {
                    if p != 0 {
                        out.push(id(template, &[self.fixed.kinds[k]]));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Xinhua"), "Xx");
        assert_eq!(shape("1996-08-30"), "d-d-d");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("McDonald"), "XxXx");
    }

    #[test]
    fn features_are_stable_and_positional() {
        let s = Sentence::new(vec!["Peter", "Blackburn", "said"], &Lexicons::empty());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        s.features(0, &mut a);
        s.features(0, &mut b);
        assert_eq!(a, b);
        s.features(1, &mut b);
        assert_ne!(a, b);
        assert!(a.len() > 20);
    }

    #[test]
    fn affixes_count_characters_not_bytes() {
        let s = Sentence::new(vec!["Zürich"], &Lexicons::empty());
        let mut f = Vec::new();
        s.features(0, &mut f);
        for (template, part) in [(5, "z"), (5, "zü"), (5, "zür"), (6, "h"), (6, "ch"), (6, "ich"), (6, "rich")] {
            assert!(f.contains(&hash(template, &[part])), "{template} {part}");
        }
        assert!(!f.contains(&hash(5, &["züri"])), "prefixes stop at three characters");
    }

    #[test]
    fn lexicon_membership_adds_features() -> Result<(), crate::pipeline::lexicon::LexiconError> {
        let words = vec!["Peter", "visited", "Shimane"];
        let (mut plain, mut with) = (Vec::new(), Vec::new());
        Sentence::new(words.clone(), &Lexicons::empty()).features(2, &mut plain);
        Sentence::new(words, &Lexicons::shipped()?).features(2, &mut with);
        assert!(with.len() > plain.len());
        assert!(plain.iter().all(|f| with.contains(f)));
        Ok(())
    }

    #[test]
    fn features_are_the_fxhasher_definition() {
        let s = Sentence::new(vec!["Peter", "Blackburn", "said"], &Lexicons::empty());
        let mut f = Vec::new();
        s.features(1, &mut f);
        for expected in [
            hash(1, &["Blackburn"]),
            hash(2, &["blackburn"]),
            hash(3, &["Xx"]),
            hash(13, &["peter", "blackburn"]),
            hash(15, &["Xx", "Xx", "x"]),
            hash(10, &["</s>"]),
            hash(9, &["<s>"]),
        ] {
            assert!(f.contains(&expected));
        }
    }
}
