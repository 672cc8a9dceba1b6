//! The tagger's model: a structured averaged perceptron over hashed features with BILOU
//! transitions, decoded with Viterbi. Pure Rust, loaded once; training lives in [`Trainer`].

use super::features::Sentence;
use super::tags::NTAGS;
use super::viterbi::{Lattice, Scores, viterbi};
use rustc_hash::FxHashMap;
use std::io::{Read, Write};

/// Nonzero weights a feature keeps inline in its table entry: 87% of the shipped model's
/// features have at most this many.
const INLINE: usize = 4;

/// A feature's weights. Most features have nonzero weights for two to four tags, so they sit
/// inline in the hash table's entry (24 bytes with the key) and a lookup touches one cache
/// line; dense rows of 17 floats made a 10 MB table that lookups kept missing into.
#[derive(Debug, Clone, Copy)]
enum Row {
    /// Up to [`INLINE`] tags with their weights in half precision (the model file's own).
    Short { len: u8, tags: [u8; INLINE], weights: [u16; INLINE] },
    /// The `O` weight, and the row's other weights: its index in [`Model::long`].
    Long { o: f32, line: u32 },
}

/// The weights of tags 1 to 16 (B, I, L, U of the four types) of a feature with more than
/// [`INLINE`] of them, on a cache line of its own. Seventeen packed floats (68 bytes) made
/// most rows straddle two lines, and loading them was the slowest step of tagging; the `O`
/// weight sits in the table entry ([`Row::Long`]) instead.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Line([f32; NTAGS - 1]);

/// Per document: a word's (and the sentence's capitals') summed word-feature weights, so a
/// word that comes again is not looked up again. See [`Model::tag_in`].
pub type Memo<'a> = FxHashMap<(&'a str, bool), [f32; NTAGS + 1]>;

/// Words a [`Memo`] holds at most (about 1.4 MB): a document of endless distinct words
/// stays bounded in memory.
const MEMO_WORDS: usize = 20_000;

/// A trained model, ready to tag.
#[derive(Debug, Clone)]
pub struct Model {
    index: FxHashMap<u64, Row>,
    /// Dense rows of the features with more than [`INLINE`] nonzero weights.
    long: Vec<Line>,
    /// `trans[prev][next]`; row `NTAGS` is the sentence start.
    trans: Vec<Scores>,
    /// The same transitions laid out for [`viterbi`].
    lattice: Lattice,
}

impl Default for Model {
    fn default() -> Self {
        Model::empty()
    }
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read the model: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a news-enricher NER model (bad magic or version)")]
    Format,
}

const MAGIC: &[u8; 8] = b"NENER\x00\x01\x00";

impl Model {
    fn empty() -> Self {
        let trans = vec![[0.0; NTAGS]; NTAGS + 1];
        Model { index: FxHashMap::default(), long: Vec::new(), lattice: Lattice::new(&trans), trans }
    }

    /// A model from dense rows (the trainer's form), keeping nonzero weights only.
    fn from_dense(rows: &FxHashMap<u64, Scores>, trans: Vec<Scores>) -> Self {
        let mut m = Model { lattice: Lattice::new(&trans), trans, ..Model::empty() };
        m.index.reserve(rows.len());
        let mut pairs = Vec::with_capacity(NTAGS);
        for (k, row) in rows {
            pairs.clear();
            pairs.extend(row.iter().enumerate().map(|(t, w)| (t as u8, half_bits(*w))).filter(|(_, h)| half_to_f32(*h) != 0.0));
            m.push(*k, &pairs);
        }
        m
    }

    /// Adds a feature's (tag, half-precision weight) pairs; a feature without any is not stored.
    fn push(&mut self, feature: u64, pairs: &[(u8, u16)]) {
        let row = if pairs.is_empty() {
            return;
        } else if pairs.len() <= INLINE {
            let (mut tags, mut weights) = ([NTAGS as u8; INLINE], [0; INLINE]);
            for (k, &(t, w)) in pairs.iter().enumerate() {
                tags[k] = t;
                weights[k] = w;
            }
            Row::Short { len: pairs.len() as u8, tags, weights }
        } else {
            let Ok(line) = u32::try_from(self.long.len()) else { return };
            let mut dense = [0.0; NTAGS];
            for &(t, w) in pairs {
                if let Some(d) = dense.get_mut(usize::from(t)) {
                    *d = half_to_f32(w);
                }
            }
            let mut rest = [0.0; NTAGS - 1];
            rest.copy_from_slice(&dense[1..]);
            self.long.push(Line(rest));
            Row::Long { o: dense[0], line }
        };
        self.index.insert(feature, row);
    }

    /// A feature's nonzero (tag, weight) pairs.
    fn pairs(&self, row: &Row) -> Vec<(u8, f32)> {
        match row {
            Row::Short { len, tags, weights } => {
                tags.iter().zip(weights).take(usize::from(*len)).map(|(t, w)| (*t, half_to_f32(*w))).collect()
            }
            Row::Long { o, line } => {
                let rest = self.long.get(*line as usize).map_or(&[0.0; NTAGS - 1], |l| &l.0);
                std::iter::once(o).chain(rest).enumerate().filter(|(_, w)| **w != 0.0).map(|(t, w)| (t as u8, *w)).collect()
            }
        }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Adds the weights of features `feats` to `s` (slot `NTAGS` absorbs a short row's
    /// unused pairs: tag NTAGS, weight 0, so adding a row has no branch on its length).
    fn add(&self, feats: &[u64], s: &mut [f32; NTAGS + 1]) {
        for f in feats {
            match self.index.get(f) {
                Some(Row::Short { tags, weights, .. }) => {
                    for (t, w) in tags.iter().zip(weights) {
                        s[usize::from(*t).min(NTAGS)] += half_to_f32(*w);
                    }
                }
                Some(Row::Long { o, line }) => {
                    s[0] += o;
                    if let Some(l) = self.long.get(*line as usize) {
                        for (a, b) in s[1..NTAGS].iter_mut().zip(&l.0) {
                            *a += b;
                        }
                    }
                }
                None => {}
            }
        }
    }

    fn emissions<'a>(&self, sentence: &Sentence<'a>, memo: &mut Memo<'a>) -> Vec<Scores> {
        let mut feats = Vec::with_capacity(64);
        (0..sentence.len())
            .map(|i| {
                // The word features' sum comes first, so taking it from the memo adds the
                // same numbers in the same order as computing it.
                let key = sentence.word_key(i);
                let mut s = match memo.get(&key) {
                    Some(partial) => *partial,
                    None => {
                        sentence.word_features(i, &mut feats);
                        let mut partial = [0.0; NTAGS + 1];
                        self.add(&feats, &mut partial);
                        if memo.len() < MEMO_WORDS {
                            memo.insert(key, partial);
                        }
                        partial
                    }
                };
                sentence.context_features(i, &mut feats);
                self.add(&feats, &mut s);
                let mut out = [0.0; NTAGS];
                out.copy_from_slice(&s[..NTAGS]);
                out
            })
            .collect()
    }

    /// The best tag sequence for a sentence (Viterbi under BILOU constraints).
    pub fn tag(&self, sentence: &Sentence) -> Vec<usize> {
        self.tag_in(sentence, &mut Memo::default())
    }

    /// [`Model::tag`] for one sentence of a document, sharing `memo` with the document's
    /// other sentences: a word that comes again (half the tokens of an article) reuses the
    /// weights of its word features.
    pub fn tag_in<'a>(&self, sentence: &Sentence<'a>, memo: &mut Memo<'a>) -> Vec<usize> {
        let em = self.emissions(sentence, memo);
        viterbi(&em, &self.trans, &self.lattice)
    }

    /// Writes the model, gzip-compressed, keeping only weights above `min_abs` in magnitude.
    pub fn save(&self, out: impl Write, min_abs: f32) -> std::io::Result<()> {
        let mut z = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        z.write_all(MAGIC)?;
        z.write_all(&(NTAGS as u32).to_le_bytes())?;
        for row in &self.trans {
            for w in row {
                z.write_all(&w.to_le_bytes())?;
            }
        }
        let mut keys: Vec<(&u64, &Row)> = self.index.iter().collect();
        keys.sort_by_key(|(k, _)| **k);
        let kept: Vec<(&u64, Vec<(u8, f32)>)> = keys
            .into_iter()
            .filter_map(|(k, row)| {
                let nz: Vec<(u8, f32)> = self.pairs(row).into_iter().filter(|(_, w)| w.abs() >= min_abs).collect();
                (!nz.is_empty()).then_some((k, nz))
            })
            .collect();
        z.write_all(&(kept.len() as u64).to_le_bytes())?;
        for (k, nz) in kept {
            z.write_all(&k.to_le_bytes())?;
            z.write_all(&[nz.len() as u8])?;
            for (t, w) in nz {
                z.write_all(&[t])?;
                // Half precision is plenty for perceptron weights and halves the file.
                z.write_all(&half_bits(w).to_le_bytes())?;
            }
        }
        z.finish()?;
        Ok(())
    }

    /// Reads a model written by [`Model::save`].
    pub fn load(input: impl Read) -> Result<Model, ModelError> {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(input).read_to_end(&mut bytes)?;
        let mut r = Reader { bytes: &bytes, pos: 0 };
        if r.take(8)? != MAGIC || r.u32()? as usize != NTAGS {
            return Err(ModelError::Format);
        }
        let mut m = Model::empty();
        for row in m.trans.iter_mut() {
            for w in row.iter_mut() {
                *w = f32::from_le_bytes(r.array()?);
            }
        }
        m.lattice = Lattice::new(&m.trans);
        let n = r.u64()? as usize;
        m.index.reserve(n.min(10_000_000));
        let mut run = Vec::with_capacity(NTAGS);
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array()?);
            let count = r.take(1)?[0] as usize;
            run.clear();
            for _ in 0..count {
                let t = r.take(1)?[0];
                let w = u16::from_le_bytes(r.array()?);
                if usize::from(t) >= NTAGS {
                    return Err(ModelError::Format);
                }
                if half_to_f32(w) != 0.0 {
                    run.push((t, w));
                }
            }
            m.push(k, &run);
        }
        Ok(m)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len()).ok_or(ModelError::Format)?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        self.take(N)?.try_into().map_err(|_| ModelError::Format)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
}

/// f32 → IEEE 754 half (round to nearest, saturating). Hand-written: three lines do not
/// warrant a dependency.
fn half_bits(x: f32) -> u16 {
    let b = x.to_bits();
    let sign = ((b >> 16) & 0x8000) as u16;
    let exp = ((b >> 23) & 0xff) as i32 - 127 + 15;
    let mant = b & 0x7f_ffff;
    if exp <= 0 {
        return sign;
    }
    if exp >= 31 {
        return sign | 0x7bff;
    }
    let h = sign | ((exp as u16) << 10) | ((mant >> 13) as u16);
    if mant & 0x1000 != 0 && h & 0x7bff != 0x7bff { h + 1 } else { h }
}

fn half_to_f32(h: u16) -> f32 {
    // Exponent and mantissa shifted into place and rescaled by 2^(127 - 15): exact for every
    // finite half, subnormals included, and without a branch.
    let sign = u32::from(h & 0x8000) << 16;
    let magnitude = f32::from_bits(u32::from(h & 0x7fff) << 13) * f32::from_bits(0x7780_0000);
    f32::from_bits(sign | magnitude.to_bits())
}

/// Averaged structured perceptron training. It keeps dense rows, which updates need;
/// [`Trainer::averaged`] turns them into the sparse [`Model`].
pub struct Trainer {
    weights: FxHashMap<u64, Scores>,
    trans: Vec<Scores>,
    /// Sum of `step * update` per weight, for averaging (w_avg = w - totals / step).
    totals: FxHashMap<u64, Scores>,
    trans_totals: Vec<Scores>,
    step: f32,
}

impl Default for Trainer {
    fn default() -> Self {
        Self::new()
    }
}

impl Trainer {
    pub fn new() -> Self {
        Trainer {
            weights: FxHashMap::default(),
            trans: vec![[0.0; NTAGS]; NTAGS + 1],
            totals: FxHashMap::default(),
            trans_totals: vec![[0.0; NTAGS]; NTAGS + 1],
            step: 1.0,
        }
    }

    /// The current (not averaged) weights' best tags for a sentence.
    fn tag(&self, sentence: &Sentence) -> Vec<usize> {
        let mut feats = Vec::with_capacity(64);
        let em: Vec<Scores> = (0..sentence.len())
            .map(|i| {
                sentence.features(i, &mut feats);
                let mut s = [0.0; NTAGS];
                for w in feats.iter().filter_map(|f| self.weights.get(f)) {
                    for (a, b) in s.iter_mut().zip(w) {
                        *a += b;
                    }
                }
                s
            })
            .collect();
        viterbi(&em, &self.trans, &Lattice::new(&self.trans))
    }

    /// Learns from one sentence with its gold tags; returns whether the guess was right.
    pub fn learn(&mut self, sentence: &Sentence, gold: &[usize]) -> bool {
        let guess = self.tag(sentence);
        let correct = guess == gold;
        if !correct {
            let mut feats = Vec::with_capacity(64);
            for i in 0..sentence.len() {
                if guess[i] == gold[i] {
                    continue;
                }
                sentence.features(i, &mut feats);
                for f in &feats {
                    self.update(*f, gold[i], 1.0);
                    self.update(*f, guess[i], -1.0);
                }
            }
            for i in 0..sentence.len() {
                let (gp, pp) = if i == 0 { (NTAGS, NTAGS) } else { (gold[i - 1], guess[i - 1]) };
                if gp != pp || gold[i] != guess[i] {
                    self.update_trans(gp, gold[i], 1.0);
                    self.update_trans(pp, guess[i], -1.0);
                }
            }
        }
        self.step += 1.0;
        correct
    }

    fn update(&mut self, f: u64, tag: usize, delta: f32) {
        self.weights.entry(f).or_insert([0.0; NTAGS])[tag] += delta;
        self.totals.entry(f).or_insert([0.0; NTAGS])[tag] += self.step * delta;
    }

    fn update_trans(&mut self, prev: usize, next: usize, delta: f32) {
        self.trans[prev][next] += delta;
        self.trans_totals[prev][next] += self.step * delta;
    }

    /// The averaged model so far.
    pub fn averaged(&self) -> Model {
        let mut rows = FxHashMap::default();
        for (k, w) in &self.weights {
            let t = self.totals.get(k).copied().unwrap_or([0.0; NTAGS]);
            let mut avg = [0.0; NTAGS];
            for i in 0..NTAGS {
                avg[i] = w[i] - t[i] / self.step;
            }
            rows.insert(*k, avg);
        }
        let mut trans = vec![[0.0; NTAGS]; NTAGS + 1];
        for (p, row) in self.trans.iter().enumerate() {
            for (n, w) in row.iter().enumerate() {
                trans[p][n] = w - self.trans_totals[p][n] / self.step;
            }
        }
        Model::from_dense(&rows, trans)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tags::{EntityType, Part, Span, from_spans, spans, tag};
    use super::*;

    fn toy() -> Vec<(Vec<&'static str>, Vec<Span>)> {
        use EntityType::{Loc, Org, Per};
        vec![
            (vec!["Peter", "Blackburn", "visited", "Paris", "."], vec![Span::new(0, 2, Per), Span::new(3, 4, Loc)]),
            (vec!["Anna", "Schmidt", "left", "Berlin", "yesterday", "."], vec![Span::new(0, 2, Per), Span::new(3, 4, Loc)]),
            (vec!["The", "Acme", "Corp", "hired", "John", "Smith", "."], vec![Span::new(1, 3, Org), Span::new(4, 6, Per)]),
            (vec!["He", "flew", "to", "Rome", "."], vec![Span::new(3, 4, Loc)]),
        ]
    }

    /// A model trained for ten epochs on [`toy`].
    fn toy_model() -> Model {
        let mut t = Trainer::new();
        for _ in 0..10 {
            for (words, gold) in toy() {
                let s = Sentence::new(words.clone(), &crate::pipeline::lexicon::Lexicons::empty());
                t.learn(&s, &from_spans(words.len(), &gold));
            }
        }
        t.averaged()
    }

    #[test]
    fn learns_a_toy_corpus_and_round_trips_through_a_file() {
        let m = toy_model();
        for (words, gold) in toy() {
            assert_eq!(spans(&m.tag(&Sentence::new(words.clone(), &crate::pipeline::lexicon::Lexicons::empty()))), gold, "{words:?}");
        }
        let mut buf = Vec::new();
        m.save(&mut buf, 0.0).unwrap();
        let loaded = Model::load(buf.as_slice()).unwrap();
        for (words, gold) in toy() {
            assert_eq!(spans(&loaded.tag(&Sentence::new(words.clone(), &crate::pipeline::lexicon::Lexicons::empty()))), gold);
        }
        assert!(Model::load(&b"garbage"[..]).is_err());
        assert_eq!(tag(Part::Unit, EntityType::Loc), 12);
    }

    #[test]
    fn a_table_entry_fits_in_24_bytes() {
        assert!(std::mem::size_of::<(u64, Row)>() <= 24, "{}", std::mem::size_of::<(u64, Row)>());
    }

    #[test]
    fn long_and_short_rows_score_alike() {
        let mut rows = FxHashMap::default();
        let mut long = [0.0; NTAGS];
        for (t, w) in long.iter_mut().enumerate() {
            *w = t as f32 - 8.0;
        }
        rows.insert(1u64, long);
        let mut short = [0.0; NTAGS];
        short[3] = 1.5;
        short[16] = -0.25;
        rows.insert(2u64, short);
        rows.insert(3u64, [0.0; NTAGS]);
        let m = Model::from_dense(&rows, vec![[0.0; NTAGS]; NTAGS + 1]);
        assert_eq!(m.len(), 2, "an all-zero row is not stored");
        assert!(matches!(m.index.get(&1), Some(Row::Long { .. })));
        assert_eq!(m.pairs(&m.index[&2]), vec![(3, 1.5), (16, -0.25)]);
        assert_eq!(m.pairs(&m.index[&1]).len(), NTAGS - 1);
    }

    #[test]
    fn a_shared_memo_changes_no_tag() {
        let m = toy_model();
        let mut memo = Memo::default();
        let sentences: Vec<Vec<&str>> = toy().into_iter().map(|(w, _)| w).chain([vec!["PETER", "BLACKBURN", "VISITED", "ROME"]]).collect();
        for words in sentences.iter().chain(sentences.iter()) {
            let s = Sentence::new(words.clone(), &crate::pipeline::lexicon::Lexicons::empty());
            assert_eq!(m.tag_in(&s, &mut memo), m.tag(&s), "{words:?}");
        }
        assert!(memo.contains_key(&("Peter", false)) && memo.contains_key(&("PETER", true)));
    }

    #[test]
    fn half_precision_round_trip() {
        for x in [0.0f32, 1.0, -2.5, 0.001, 123.4, -0.75] {
            let y = half_to_f32(half_bits(x));
            assert!((x - y).abs() <= x.abs() * 0.002 + 1e-4, "{x} -> {y}");
        }
    }
}
