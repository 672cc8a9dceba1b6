//! Features of a token in its sentence, hashed to 64-bit ids: the word and its lowercase,
//! shape, prefixes and suffixes, capitalisation in context, and neighbouring words.

use crate::pipeline::lexicon::{KIND_NAMES, KINDS, Lexicons, POSITION_NAMES, Position};
use rustc_hash::FxHasher;
use std::borrow::Cow;
use std::hash::Hasher;

fn hash(template: u8, parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
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
    /// Every word's shape, end to end in one string (`shape_ends[i]` closes word `i`'s):
    /// one allocation a sentence rather than one a word.
    shapes: String,
    shape_ends: Vec<usize>,
    /// Each token's position in the lexicon phrases that cover it.
    lexicon: Vec<[Position; KINDS]>,
    all_caps: bool,
}

impl<'a> Sentence<'a> {
    pub fn new(words: Vec<&'a str>, lexicons: &Lexicons) -> Self {
        let lower: Vec<Cow<'a, str>> = words
            .iter()
            .map(|w| if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) { Cow::Borrowed(*w) } else { Cow::Owned(w.to_lowercase()) })
            .collect();
        let mut shapes = String::with_capacity(words.len() * 4);
        let mut shape_ends = Vec::with_capacity(words.len());
        for w in &words {
            push_shape(w, &mut shapes);
            shape_ends.push(shapes.len());
        }
        // More than three letters, all capitals: a headline or a shouted line.
        let mut letters = words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic());
        let all_caps = letters.by_ref().take(4).filter(|c| c.is_uppercase()).count() == 4 && letters.all(char::is_uppercase);
        let lexicon = lexicons.positions(&lower);
        Sentence { words, lower, shapes, shape_ends, lexicon, all_caps }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn lower_at(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.lower.get(i as usize).map_or("</s>", |l| l.as_ref())
        }
    }

    fn shape_at(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        let i = i as usize;
        let Some(&end) = self.shape_ends.get(i) else { return "</s>" };
        let start = if i == 0 { 0 } else { self.shape_ends.get(i - 1).copied().unwrap_or(0) };
        self.shapes.get(start..end).unwrap_or("")
    }

    /// The feature ids of token `i`, appended to `out` (cleared first).
    pub fn features(&self, i: usize, out: &mut Vec<u64>) {
        out.clear();
        let w = self.words[i];
        let l: &str = &self.lower[i];
        let s = self.shape_at(i as isize);
        let ii = i as isize;
        let caps = if self.all_caps { "caps" } else { "mixed" };
        out.push(hash(0, &[]));
        out.push(hash(1, &[w]));
        out.push(hash(2, &[l]));
        out.push(hash(3, &[s]));
        out.push(hash(4, &[s, caps]));
        // Prefixes of 1-3 and suffixes of 1-4 characters, as slices (no allocation).
        let count = l.chars().count();
        let mut ends = l.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(l.len()));
        let mut starts = l.char_indices().rev().map(|(i, _)| i);
        for n in 1..=4.min(count) {
            let p = ends.next().map_or(l, |e| &l[..e]);
            let x = starts.next().map_or(l, |b| &l[b..]);
            if n <= 3 {
                out.push(hash(5, &[p]));
            }
            out.push(hash(6, &[x]));
        }
        out.push(hash(7, &[self.lower_at(ii - 1)]));
        out.push(hash(8, &[self.lower_at(ii + 1)]));
        out.push(hash(9, &[self.lower_at(ii - 2)]));
        out.push(hash(10, &[self.lower_at(ii + 2)]));
        out.push(hash(11, &[self.shape_at(ii - 1)]));
        out.push(hash(12, &[self.shape_at(ii + 1)]));
        out.push(hash(13, &[self.lower_at(ii - 1), l]));
        out.push(hash(14, &[l, self.lower_at(ii + 1)]));
        out.push(hash(15, &[self.shape_at(ii - 1), s, self.shape_at(ii + 1)]));
        if i == 0 {
            out.push(hash(16, &[s]));
            out.push(hash(17, &[l]));
        }
        out.push(hash(18, &[caps, l]));
        out.push(hash(19, &[self.shape_at(ii - 1), s]));
        out.push(hash(20, &[s, self.shape_at(ii + 1)]));
        let len = match count {
            0..=2 => "short",
            3..=5 => "mid",
            _ => "long",
        };
        out.push(hash(21, &[len, s]));
        // Lexicon membership: the token's place in a phrase of each lexicon, with its shape
        // (a place written in lowercase is a word, not a name), and the lexicons of its
        // neighbours ("President" before a name).
        for (k, &p) in self.lexicon[i].iter().enumerate() {
            if p != 0 {
                let (kind, pos) = (KIND_NAMES[k], POSITION_NAMES[usize::from(p)]);
                out.push(hash(22, &[kind, pos]));
                out.push(hash(23, &[kind, pos, s]));
            }
        }
        for (template, at) in [(24, i.checked_sub(1)), (25, Some(i + 1))] {
            if let Some(around) = at.and_then(|j| self.lexicon.get(j)) {
                for (k, &p) in around.iter().enumerate() {
                    if p != 0 {
                        out.push(hash(template, &[KIND_NAMES[k]]));
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
}
