//! Viterbi decoding under BILOU constraints, with the allowed transitions laid out so that
//! each token scores 97 fixed pairs (81 of them as packed maxima) instead of walking
//! per-tag predecessor lists: about 600 instructions a token, where the lists took 1,500.
//!
//! Under BILOU a tag either opens or stays outside a mention (O, B, U) and then follows any
//! tag that closes one or stays outside (O, L, U): nine by nine pairs. Or it continues a
//! mention (I, L) and follows only the B or I of its type: two by two pairs per type.

use super::tags::{EntityType, NTAGS, Part, allowed, may_end, split, tag};

/// Scores for every tag.
pub type Scores = [f32; NTAGS];

/// Tags that open a mention or stay outside (O, B, U), and tags that close one or stay
/// outside (O, L, U): as many of each.
const OPEN: usize = 1 + 2 * EntityType::TAGGED.len();

/// [`OPEN`] rounded up to whole 4-lane vectors, so the maxima over the opening tags
/// compile to packed additions and maxima (the lanes past `OPEN` are never read).
const LANES: usize = OPEN.div_ceil(4) * 4;

/// One type's transitions inside a mention: its (B, I), its (I, L), and the score of each of
/// the first to each of the second.
type Inside = ([usize; 2], [usize; 2], [[f32; 2]; 2]);

/// The allowed transitions of `trans[prev][next]`, grouped as the module doc says; tags in
/// ascending order in each group, so ties go to the lowest-numbered predecessor as in a
/// plain scan.
#[derive(Debug, Clone)]
pub struct Lattice {
    /// O, B and U tags, ascending.
    opening: [usize; OPEN],
    /// O, L and U tags, ascending.
    closing: [usize; OPEN],
    /// `into_opening[j][m]`: the score of `closing[j]` → `opening[m]` (0 past `OPEN`).
    into_opening: [[f32; LANES]; OPEN],
    /// Per type: its (B, I), its (I, L), and the score of each of the first to each of the second.
    inside: [Inside; EntityType::TAGGED.len()],
}

impl Lattice {
    /// The lattice of transitions `trans` (`trans[prev][next]`; row `NTAGS`, the sentence
    /// start, is not used). Missing rows score 0.
    pub fn new(trans: &[Scores]) -> Self {
        let of = |parts: [Part; 2]| -> [usize; OPEN] {
            let mut out = [0; OPEN];
            let tags = (0..NTAGS).filter(|&t| split(t).is_none_or(|(p, _)| parts.contains(&p)));
            for (slot, t) in out.iter_mut().zip(tags) {
                *slot = t;
            }
            out
        };
        let score = |p: usize, t: usize| trans.get(p).map_or(0.0, |row| row[t]);
        let opening = of([Part::Begin, Part::Unit]);
        let closing = of([Part::Last, Part::Unit]);
        let into_opening = closing.map(|p| std::array::from_fn(|m| opening.get(m).map_or(0.0, |&t| score(p, t))));
        let inside = EntityType::TAGGED.map(|ty| {
            let (from, to) = ([tag(Part::Begin, ty), tag(Part::Inside, ty)], [tag(Part::Inside, ty), tag(Part::Last, ty)]);
            (from, to, from.map(|p| to.map(|t| score(p, t))))
        });
        Lattice { opening, closing, into_opening, inside }
    }

    /// Every (prev, next) pair the lattice scores.
    #[cfg(test)]
    fn pairs(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = self.closing.iter().flat_map(|&p| self.opening.map(|t| (p, t))).collect();
        for (from, to, _) in &self.inside {
            out.extend(from.iter().flat_map(|&p| to.map(|t| (p, t))));
        }
        out.sort_unstable();
        out
    }
}

/// The best tag sequence for emission scores `em` under transitions `trans` (row `NTAGS`:
/// from the sentence start) laid out as `lattice`, allowed transitions only.
pub fn viterbi(em: &[Scores], trans: &[Scores], lattice: &Lattice) -> Vec<usize> {
    let n = em.len();
    if n == 0 || trans.len() <= NTAGS {
        return vec![0; n];
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
        let closing = lattice.closing.map(|p| prev[p]);
        // The best score into each opening tag first, in packed lanes; then its predecessor:
        // the first closing tag that reaches that score, as a strictly-greater scan keeps.
        let mut best = [f32::NEG_INFINITY; LANES];
        for (&c, row) in closing.iter().zip(&lattice.into_opening) {
            for (b, &w) in best.iter_mut().zip(row) {
                let s = c + w;
                *b = if s > *b { s } else { *b };
            }
        }
        for (m, &t) in lattice.opening.iter().enumerate() {
            let from = closing
                .iter()
                .zip(&lattice.into_opening)
                .position(|(&c, row)| c + row[m] == best[m])
                .filter(|_| best[m] > f32::NEG_INFINITY)
                .map_or(0, |j| lattice.closing[j]);
            score[i][t] = best[m] + em[i][t];
            back[i][t] = from as u8;
        }
        for (from, to, w) in &lattice.inside {
            for (b, &t) in to.iter().enumerate() {
                let mut best = (f32::NEG_INFINITY, 0u8);
                for (a, &p) in from.iter().enumerate() {
                    let s = prev[p] + w[a][b];
                    if s > best.0 {
                        best = (s, p as u8);
                    }
                }
                score[i][t] = best.0 + em[i][t];
                back[i][t] = best.1;
            }
        }
    }
    let mut last = (0..NTAGS).filter(|t| may_end(*t)).max_by(|a, b| score[n - 1][*a].total_cmp(&score[n - 1][*b])).unwrap_or(0);
    let mut tags = vec![0; n];
    for i in (0..n).rev() {
        tags[i] = last;
        last = usize::from(back[i][last]);
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain decoder the lattice replaces: every tag's allowed predecessors, scanned in
    /// order.
    fn reference(em: &[Scores], trans: &[Scores]) -> Vec<usize> {
        let n = em.len();
        let mut score = vec![[f32::NEG_INFINITY; NTAGS]; n];
        let mut back = vec![[0u8; NTAGS]; n];
        for t in (0..NTAGS).filter(|&t| allowed(None, t)) {
            score[0][t] = em[0][t] + trans[NTAGS][t];
        }
        for i in 1..n {
            for t in 0..NTAGS {
                let mut best = (f32::NEG_INFINITY, 0u8);
                for p in (0..NTAGS).filter(|&p| allowed(Some(p), t)) {
                    let s = score[i - 1][p] + trans[p][t];
                    if s > best.0 {
                        best = (s, p as u8);
                    }
                }
                score[i][t] = best.0 + em[i][t];
                back[i][t] = best.1;
            }
        }
        let mut last = (0..NTAGS).filter(|t| may_end(*t)).max_by(|a, b| score[n - 1][*a].total_cmp(&score[n - 1][*b])).unwrap_or(0);
        let mut tags = vec![0; n];
        for i in (0..n).rev() {
            tags[i] = last;
            last = usize::from(back[i][last]);
        }
        tags
    }

    #[test]
    fn the_lattice_holds_exactly_the_allowed_transitions() {
        let lattice = Lattice::new(&vec![[0.0; NTAGS]; NTAGS + 1]);
        let allowed_pairs: Vec<(usize, usize)> =
            (0..NTAGS).flat_map(|p| (0..NTAGS).map(move |t| (p, t))).filter(|&(p, t)| allowed(Some(p), t)).collect();
        assert_eq!(lattice.pairs(), allowed_pairs);
        assert_eq!(allowed_pairs.len(), OPEN * OPEN + 4 * EntityType::TAGGED.len());
    }

    #[test]
    fn the_best_allowed_path_wins_over_a_better_forbidden_one() {
        // Emissions favour O then I-PER (forbidden); the best allowed path is B-PER, L-PER.
        let mut em = vec![[0.0; NTAGS]; 2];
        em[0][1] = 1.0;
        em[1][2] = 5.0;
        em[1][3] = 2.0;
        let trans = vec![[0.0; NTAGS]; NTAGS + 1];
        assert_eq!(viterbi(&em, &trans, &Lattice::new(&trans)), vec![1, 3]);
    }

    proptest! {
        /// Small integer scores make ties common: the lattice breaks them as the plain scan does.
        #[test]
        fn decodes_as_the_plain_scan(
            em in proptest::collection::vec(proptest::array::uniform17(-3i8..3), 1..12),
            trans in proptest::collection::vec(proptest::array::uniform17(-3i8..3), NTAGS + 1),
        ) {
            let em: Vec<Scores> = em.iter().map(|r| r.map(f32::from)).collect();
            let trans: Vec<Scores> = trans.iter().map(|r| r.map(f32::from)).collect();
            prop_assert_eq!(viterbi(&em, &trans, &Lattice::new(&trans)), reference(&em, &trans));
        }
    }
}
