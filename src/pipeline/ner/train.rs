//! Training data and the training loop: CoNLL-2003 files to sentences with gold mentions,
//! epochs of the averaged perceptron, and mention-level F1 on a development set.

use super::features::Sentence;
use super::model::{Model, Trainer};
use super::tags::{EntityType, Span, from_spans, spans};
use crate::pipeline::lexicon::Lexicons;
use rand::SeedableRng;
use rand::seq::SliceRandom;

/// A sentence of words with its gold mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub words: Vec<String>,
    pub mentions: Vec<Span>,
}

/// Reads CoNLL-2003 (word first, IOB1 entity tag last on each line; blank lines end
/// sentences; `-DOCSTART-` lines ignored).
pub fn read_conll(text: &str) -> Vec<Labelled> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut flush = |words: &mut Vec<String>, labels: &mut Vec<String>| {
        if !words.is_empty() {
            out.push(Labelled { words: std::mem::take(words), mentions: iob1_spans(labels) });
            labels.clear();
        }
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            flush(&mut words, &mut labels);
            continue;
        }
        if cols[0] == "-DOCSTART-" {
            continue;
        }
        words.push(cols[0].to_string());
        labels.push(cols.last().copied().unwrap_or("O").to_string());
    }
    flush(&mut words, &mut labels);
    out
}

fn iob1_spans(labels: &[String]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, l) in labels.iter().enumerate() {
        let (prefix, ty) = match l.split_once('-') {
            Some((p, t)) => (p, EntityType::from_conll(t)),
            None => ("O", None),
        };
        match (open, ty) {
            // I- continues a mention of the same type; B- or another type starts a new one.
            (Some((_, oty)), Some(t)) if t == oty && prefix == "I" => {}
            (o, t) => {
                if let Some((s, oty)) = o {
                    spans.push(Span::new(s, i, oty));
                }
                open = t.map(|t| (i, t));
            }
        }
    }
    if let Some((s, t)) = open {
        spans.push(Span::new(s, labels.len(), t));
    }
    spans
}

/// Precision, recall and F1 over exact mentions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Mention-level score of `model` on `data`, counting the mentions of `types`.
pub fn evaluate(model: &Model, lexicons: &Lexicons, data: &[Labelled], types: &[EntityType]) -> Score {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for s in data {
        let sentence = Sentence::new(s.words.iter().map(String::as_str).collect(), lexicons);
        let guess: Vec<_> = spans(&model.tag(&sentence)).into_iter().filter(|m| types.contains(&m.ty)).collect();
        let gold: Vec<_> = s.mentions.iter().copied().filter(|m| types.contains(&m.ty)).collect();
        let hits = guess.iter().filter(|m| gold.contains(m)).count();
        tp += hits;
        fp += guess.len() - hits;
        fn_ += gold.len() - hits;
    }
    let p = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
    let r = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    Score { precision: p, recall: r, f1 }
}

/// Trains for `epochs` passes (shuffled with `seed`), calling `report(epoch, dev score)` after
/// each, and returns the averaged model of the epoch that scored best on `dev` (PER, ORG, LOC).
pub fn train(
    data: &[Labelled],
    dev: &[Labelled],
    lexicons: &Lexicons,
    epochs: usize,
    seed: u64,
    mut report: impl FnMut(usize, Score),
) -> (Model, Score) {
    let mut trainer = Trainer::new();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut best: Option<(Model, Score)> = None;
    for epoch in 1..=epochs {
        order.shuffle(&mut rng);
        for &i in &order {
            let s = &data[i];
            let sentence = Sentence::new(s.words.iter().map(String::as_str).collect(), lexicons);
            trainer.learn(&sentence, &from_spans(s.words.len(), &s.mentions));
        }
        let model = trainer.averaged();
        let score = evaluate(&model, lexicons, dev, &[EntityType::Per, EntityType::Org, EntityType::Loc]);
        report(epoch, score);
        if best.as_ref().is_none_or(|(_, b)| score.f1 > b.f1) {
            best = Some((model, score));
        }
    }
    best.unwrap_or_else(|| (trainer.averaged(), Score::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n\n\
        Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\nin IN I-PP O\nSão NNP I-NP I-LOC\nPaulo NNP I-NP I-LOC\nB-LOC NNP I-NP B-LOC\n";

    #[test]
    fn reads_conll_iob1() {
        let s = read_conll(SAMPLE);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].words, vec!["EU", "rejects", "German", "call"]);
        assert_eq!(s[0].mentions, vec![Span::new(0, 1, EntityType::Org), Span::new(2, 3, EntityType::Misc)]);
        assert_eq!(s[1].mentions, vec![Span::new(0, 2, EntityType::Per)]);
        // B- starts a new mention of the same type right after another.
        assert_eq!(s[2].mentions, vec![Span::new(1, 3, EntityType::Loc), Span::new(3, 4, EntityType::Loc)]);
    }

    #[test]
    fn trains_and_evaluates() {
        let data = read_conll(SAMPLE);
        let (model, score) = train(&data, &data, &Lexicons::empty(), 5, 7, |_, _| {});
        assert!(score.f1 > 0.9, "{score:?}");
        assert!(!model.is_empty());
    }
}
