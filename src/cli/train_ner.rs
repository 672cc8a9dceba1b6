//! `news-enricher train-ner`: train the entity tagger on CoNLL-2003 and write the model file
//! that ships in `data/` (the data itself never goes into the repository).

use anyhow::Context;
use news_enricher::pipeline::lexicon::Lexicons;
use news_enricher::pipeline::ner::train::{read_conll, train};
use std::path::Path;
use std::time::Instant;

pub struct Options<'a> {
    pub train: &'a Path,
    pub dev: &'a Path,
    pub output: &'a Path,
    pub epochs: usize,
    pub seed: u64,
    pub min_weight: f32,
}

/// Trains, reports the development score after every epoch, and writes the best model.
pub fn run(o: &Options) -> anyhow::Result<()> {
    let read = |p: &Path| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()));
    let data = read_conll(&read(o.train)?);
    let dev = read_conll(&read(o.dev)?);
    eprintln!("training on {} sentences, tuning on {}", data.len(), dev.len());
    let started = Instant::now();
    let lexicons = Lexicons::shipped().context("cannot build the lexicons")?;
    let (model, best) = train(&data, &dev, &lexicons, o.epochs, o.seed, |epoch, s| {
        eprintln!(
            "epoch {epoch:>2}: dev PER/ORG/LOC P {:.3} R {:.3} F1 {:.3} ({:.0}s)",
            s.precision,
            s.recall,
            s.f1,
            started.elapsed().as_secs_f64()
        );
    });
    let file = std::fs::File::create(o.output).with_context(|| format!("cannot create {}", o.output.display()))?;
    model.save(std::io::BufWriter::new(file), o.min_weight).context("cannot write the model")?;
    let size = std::fs::metadata(o.output).map(|m| m.len()).unwrap_or(0);
    println!("best dev F1 {:.3}; wrote {} ({} features, {:.1} MB)", best.f1, o.output.display(), model.len(), size as f64 / 1e6);
    Ok(())
}
