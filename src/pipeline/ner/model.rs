//! The tagger's model: a structured averaged perceptron over hashed features with BILOU
//! transitions, decoded with Viterbi. Pure Rust, loaded once; training lives in [`Trainer`].

use super::features::Sentence;
use super::tags::{NTAGS, allowed, may_end};
use rustc_hash::FxHashMap;
use std::io::{Read, Write};

/// Scores for every tag.
type Scores = [f32; NTAGS];

/// A trained model, ready to tag.
#[derive(Debug, Default, Clone)]
pub struct Model {
    weights: FxHashMap<u64, Scores>,
    /// `trans[prev][next]`; row `NTAGS` is the sentence start.
    trans: Vec<Scores>,
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
        Model { weights: FxHashMap::default(), trans: vec![[0.0; NTAGS]; NTAGS + 1] }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    fn emissions(&self, sentence: &Sentence, feats: &mut Vec<u64>) -> Vec<Scores> {
        (0..sentence.len())
            .map(|i| {
                sentence.features(i, feats);
                let mut s = [0.0; NTAGS];
                for f in feats.iter() {
                    if let Some(w) = self.weights.get(f) {
                        for (a, b) in s.iter_mut().zip(w) {
                            *a += b;
                        }
                    }
                }
                s
            })
            .collect()
    }

    /// The best tag sequence for a sentence (Viterbi under BILOU constraints).
    pub fn tag(&self, sentence: &Sentence) -> Vec<usize> {
        let mut feats = Vec::with_capacity(64);
        let em = self.emissions(sentence, &mut feats);
        viterbi(&em, &self.trans)
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
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        let kept: Vec<(&u64, Vec<(u8, f32)>)> = keys
            .into_iter()
            .filter_map(|k| {
                let nz: Vec<(u8, f32)> = self.weights[k]
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.abs() >= min_abs)
                    .map(|(t, w)| (t as u8, *w))
                    .collect();
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
        let n = r.u64()? as usize;
        m.weights.reserve(n.min(10_000_000));
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array()?);
            let count = r.take(1)?[0] as usize;
            let mut s = [0.0; NTAGS];
            for _ in 0..count {
                let t = r.take(1)?[0] as usize;
                let w = half_to_f32(u16::from_le_bytes(r.array()?));
                if t >= NTAGS {
                    return Err(ModelError::Format);
                }
                s[t] = w;
            }
            m.weights.insert(k, s);
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
    let sign = ((h & 0x8000) as u32) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let mant = (h & 0x3ff) as u32;
    if exp == 0 {
        return f32::from_bits(sign);
    }
    f32::from_bits(sign | ((exp + 127 - 15) << 23) | (mant << 13))
}

/// Viterbi over emission scores and transitions, allowed transitions only.
fn viterbi(em: &[Scores], trans: &[Scores]) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    // The transition scores with the BILOU constraints folded in (a disallowed transition
    // scores minus infinity), so the inner loop has no branch on the constraint.
    let mut masked = [[f32::NEG_INFINITY; NTAGS]; NTAGS];
    for (p, row) in masked.iter_mut().enumerate() {
        for (t, w) in row.iter_mut().enumerate() {
            if allowed(Some(p), t) {
                *w = trans[p][t];
            }
        }
    }
    let mut score = vec![[f32::NEG_INFINITY; NTAGS]; n];
    let mut back = vec![[0u8; NTAGS]; n];
    for t in 0..NTAGS {
        if allowed(None, t) {
            score[0][t] = em[0][t] + trans[NTAGS][t];
        }
    }
    for i in 1..n {
        let prev = score[i - 1];
        for t in 0..NTAGS {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for (p, row) in masked.iter().enumerate() {
                let s = prev[p] + row[t];
                if s > best.0 {
                    best = (s, p as u8);
                }
            }
            score[i][t] = best.0 + em[i][t];
            back[i][t] = best.1;
        }
    }
    let mut last = (0..NTAGS)
        .filter(|t| may_end(*t))
        .max_by(|a, b| score[n - 1][*a].total_cmp(&score[n - 1][*b]))
        .unwrap_or(0);
    let mut tags = vec![0; n];
    for i in (0..n).rev() {
        tags[i] = last;
        last = usize::from(back[i][last]);
    }
    tags
}

/// Averaged structured perceptron training.
pub struct Trainer {
    model: Model,
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
        Trainer { model: Model::empty(), totals: FxHashMap::default(), trans_totals: vec![[0.0; NTAGS]; NTAGS + 1], step: 1.0 }
    }

    /// Learns from one sentence with its gold tags; returns whether the guess was right.
    pub fn learn(&mut self, sentence: &Sentence, gold: &[usize]) -> bool {
        let guess = self.model.tag(sentence);
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
        self.model.weights.entry(f).or_insert([0.0; NTAGS])[tag] += delta;
        self.totals.entry(f).or_insert([0.0; NTAGS])[tag] += self.step * delta;
    }

    fn update_trans(&mut self, prev: usize, next: usize, delta: f32) {
        self.model.trans[prev][next] += delta;
        self.trans_totals[prev][next] += self.step * delta;
    }

    /// The averaged model so far.
    pub fn averaged(&self) -> Model {
        let mut m = Model::empty();
        for (k, w) in &self.model.weights {
            let t = self.totals.get(k).copied().unwrap_or([0.0; NTAGS]);
            let mut avg = [0.0; NTAGS];
            for i in 0..NTAGS {
                avg[i] = w[i] - t[i] / self.step;
            }
            m.weights.insert(*k, avg);
        }
        for (p, row) in self.model.trans.iter().enumerate() {
            for (n, w) in row.iter().enumerate() {
                m.trans[p][n] = w - self.trans_totals[p][n] / self.step;
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::super::tags::{Part, from_spans, spans, tag};
    use super::*;

    fn toy() -> Vec<(Vec<&'static str>, Vec<(usize, usize, usize)>)> {
        vec![
            (vec!["Peter", "Blackburn", "visited", "Paris", "."], vec![(0, 2, 0), (3, 4, 2)]),
            (vec!["Anna", "Schmidt", "left", "Berlin", "yesterday", "."], vec![(0, 2, 0), (3, 4, 2)]),
            (vec!["The", "Acme", "Corp", "hired", "John", "Smith", "."], vec![(1, 3, 1), (4, 6, 0)]),
            (vec!["He", "flew", "to", "Rome", "."], vec![(3, 4, 2)]),
        ]
    }

    #[test]
    fn learns_a_toy_corpus_and_round_trips_through_a_file() {
        let mut t = Trainer::new();
        for _ in 0..10 {
            for (words, gold) in toy() {
                let s = Sentence::new(words.clone(), &crate::pipeline::lexicon::Lexicons::empty());
                t.learn(&s, &from_spans(words.len(), &gold));
            }
        }
        let m = t.averaged();
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
        assert_eq!(tag(Part::Unit, 2), 12);
    }

    #[test]
    fn half_precision_round_trip() {
        for x in [0.0f32, 1.0, -2.5, 0.001, 123.4, -0.75] {
            let y = half_to_f32(half_bits(x));
            assert!((x - y).abs() <= x.abs() * 0.002 + 1e-4, "{x} -> {y}");
        }
    }
}
