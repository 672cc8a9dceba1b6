//! Named-entity tagging: PER, ORG, LOC and MISC mentions with an averaged perceptron over
//! BILOU tags (see [`model`]), trained on CoNLL-2003 by `news-enricher train-ner`.

pub mod features;
pub mod model;
pub mod tags;
pub mod train;
mod viterbi;

pub use model::{Memo, Model, ModelError, Trainer};
