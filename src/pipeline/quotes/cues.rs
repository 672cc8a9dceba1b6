//! Speech and cognition verbs that introduce quotes ("said", "told", "warned", "believes"),
//! with their inflections, built once into a lookup table.
//!
//! Written by hand: no maintained crate carries an English reporting-verb lexicon with
//! inflections; the list is curated from style guides and news text, the inflections
//! follow English spelling rules with the irregular forms listed.

use rustc_hash::FxHashMap as HashMap;

/// Verbs that report speech or writing.
const SPEECH: &[&str] = &[
    "say", "tell", "add", "note", "stress", "warn", "argue", "urge", "explain", "insist", "claim", "announce", "declare", "state",
    "acknowledge", "admit", "agree", "ask", "answer", "reply", "respond", "write", "report", "predict", "estimate", "suggest", "recall",
    "concede", "confirm", "deny", "emphasize", "emphasise", "highlight", "observe", "remark", "comment", "caution", "complain", "contend",
    "maintain", "conclude", "reveal", "disclose", "promise", "pledge", "vow", "threaten", "demand", "accuse", "allege", "assert", "assure",
    "boast", "counter", "echo", "forecast", "indicate", "mention", "object", "propose", "recommend", "reiterate", "testify", "tweet",
    "post", "describe", "criticize", "criticise", "praise", "blame", "question", "speculate", "recount", "proclaim", "affirm", "advise",
    "inform", "remind", "notify", "tout", "hint", "imply", "signal", "concur", "dispute", "reject", "dismiss", "protest", "lament",
    "decry", "condemn", "denounce", "applaud", "welcome", "underline", "underscore", "clarify", "elaborate", "specify", "outline",
    "summarize", "summarise", "shout", "yell", "whisper", "mutter", "joke", "quip", "exclaim", "retort", "grumble", "swear", "confide",
    "plead", "brief", "cite", "quote", "point", "call", "vouch", "repeat", "pronounce", "announce", "rule", "instruct", "order",
    "advocate", "contest", "rebut", "refute", "caution", "stipulate", "allege", "attest", "certify", "guarantee", "acknowledge", "lament",
    "mourn", "assess", "project", "anticipate", "calculate", "reckon", "encourage", "implore", "press", "attack", "blast", "slam",
    "defend", "admire", "mock", "hail", "laud", "endorse", "oppose", "want", "seek", "support", "favor", "favour", "push",
];

/// Verbs of belief and expectation that report a stance ("experts believe that …").
const COGNITION: &[&str] = &[
    "believe", "think", "expect", "hope", "fear", "worry", "doubt", "wonder", "suspect", "feel", "reckon", "consider", "judge", "assume",
    "suppose", "find", "show", "warn",
];

/// Forms that English spelling rules do not give.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("say", &["says", "said", "saying"]),
    ("tell", &["tells", "told", "telling"]),
    ("write", &["writes", "wrote", "written", "writing"]),
    ("think", &["thinks", "thought", "thinking"]),
    ("find", &["finds", "found", "finding"]),
    ("show", &["shows", "showed", "shown", "showing"]),
    ("swear", &["swears", "swore", "sworn", "swearing"]),
    ("feel", &["feels", "felt", "feeling"]),
    ("forecast", &["forecasts", "forecasted", "forecasting"]),
    ("admit", &["admits", "admitted", "admitting"]),
    ("rebut", &["rebuts", "rebutted", "rebutting"]),
    ("mock", &["mocks", "mocked", "mocking"]),
    ("seek", &["seeks", "sought", "seeking"]),
    ("quip", &["quips", "quipped", "quipping"]),
    ("plead", &["pleads", "pleaded", "pled", "pleading"]),
    ("echo", &["echoes", "echoed", "echoing"]),
    ("testify", &["testifies", "testified", "testifying"]),
    ("specify", &["specifies", "specified", "specifying"]),
    ("clarify", &["clarifies", "clarified", "clarifying"]),
    ("certify", &["certifies", "certified", "certifying"]),
    ("deny", &["denies", "denied", "denying"]),
    ("reply", &["replies", "replied", "replying"]),
    ("imply", &["implies", "implied", "implying"]),
    ("notify", &["notifies", "notified", "notifying"]),
    ("worry", &["worries", "worried", "worrying"]),
    ("signal", &["signals", "signalled", "signaled", "signalling", "signaling"]),
    ("concur", &["concurs", "concurred", "concurring"]),
    ("refer", &["refers", "referred", "referring"]),
];

/// Lemmas that report speech only with a particle: "called on/for", "pointed out".
const NEEDS_PARTICLE: &[(&str, &[&str])] = &[("call", &["on", "for", "upon"]), ("point", &["out"])];

/// What kind of verb a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Speech,
    Cognition,
}

/// One known cue form.
#[derive(Debug, Clone, Copy)]
pub struct Cue {
    pub lemma: &'static str,
    pub kind: CueKind,
    /// Particles the verb needs to report speech ("call" → "on", "for").
    pub particles: &'static [&'static str],
    /// The base form ("say"), which is also a noun or an imperative: trusted only after a
    /// plural subject or an auxiliary.
    pub is_base: bool,
    /// "-ing" form: a participle ("…, adding that …").
    pub is_participle: bool,
}

/// The cue lexicon: lowercase form → cue.
#[derive(Debug)]
pub struct Cues {
    /// Keyed by bytes, so a word lowercased on the stack is looked up as it is.
    forms: HashMap<Box<[u8]>, Cue>,
    /// Bytes in the longest and the shortest form.
    longest: usize,
    shortest: usize,
}

impl Cues {
    /// Builds the table of every inflected form.
    pub fn new() -> Self {
        let mut forms = HashMap::default();
        for (list, kind) in [(SPEECH, CueKind::Speech), (COGNITION, CueKind::Cognition)] {
            for &lemma in list {
                let particles = NEEDS_PARTICLE.iter().find(|(l, _)| *l == lemma).map_or(&[][..], |(_, p)| *p);
                let inflected = match IRREGULAR.iter().find(|(l, _)| *l == lemma) {
                    Some((_, f)) => f.iter().map(|s| s.to_string()).collect(),
                    None => inflect(lemma),
                };
                let base = Cue { lemma, kind, particles, is_base: true, is_participle: false };
                forms.entry(lemma.as_bytes().into()).or_insert(base);
                for form in inflected {
                    let is_participle = form.ends_with("ing");
                    forms.entry(form.into_bytes().into_boxed_slice()).or_insert(Cue { is_base: false, is_participle, ..base });
                }
            }
        }
        let longest = forms.keys().map(|k| k.len()).max().unwrap_or(0);
        let shortest = forms.keys().map(|k| k.len()).min().unwrap_or(0);
        Cues { forms, longest, shortest }
    }

    /// The cue a word is, if any (case-insensitive).
    pub fn get(&self, word: &str) -> Option<Cue> {
        if !word.is_ascii() {
            return self.forms.get(word.to_lowercase().as_bytes()).copied();
        }
        // ASCII keeps its length when lowercased: a word longer or shorter than every form
        // is none ("a", "of", "to"), and the rest are lowercased on the stack (this runs for
        // most tokens of every paragraph).
        if word.len() > self.longest || word.len() < self.shortest {
            return None;
        }
        let mut buf = [0u8; 32];
        let Some(lower) = buf.get_mut(..word.len()) else {
            return self.forms.get(word.to_ascii_lowercase().as_bytes()).copied();
        };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        self.forms.get(&*lower).copied()
    }
}

impl Default for Cues {
    fn default() -> Self {
        Self::new()
    }
}

/// Third person, past and participle forms of a regular verb.
fn inflect(lemma: &str) -> Vec<String> {
    let stem = lemma.strip_suffix('e');
    let consonant_y = lemma.len() > 1 && lemma.ends_with('y') && !lemma[..lemma.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        let s = &lemma[..lemma.len() - 1];
        return vec![format!("{s}ies"), format!("{s}ied"), format!("{lemma}ing")];
    }
    let third = if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch") {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    };
    match stem {
        Some(_) if lemma.ends_with("ee") => vec![third, format!("{lemma}d"), format!("{lemma}ing")],
        Some(s) => vec![third, format!("{lemma}d"), format!("{s}ing")],
        _ => vec![third, format!("{lemma}ed"), format!("{lemma}ing")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        let c = Cues::new();
        for w in ["said", "says", "told", "warned", "stressed", "noted", "argues", "urging", "believes", "Said"] {
            assert!(c.get(w).is_some(), "{w}");
        }
        assert_eq!(c.get("agreed").map(|c| c.lemma), Some("agree"));
        assert_eq!(c.get("denied").map(|c| c.lemma), Some("deny"));
        assert_eq!(c.get("emphasizes").map(|c| c.lemma), Some("emphasize"));
        assert!(c.get("say").is_some_and(|c| c.is_base));
        assert!(c.get("adding").is_some_and(|c| c.is_participle));
        assert_eq!(c.get("called").map(|c| c.particles), Some(&["on", "for", "upon"][..]));
        assert!(c.get("table").is_none());
        assert!(c.get("sayed").is_none());
    }

    #[test]
    fn any_case_and_any_length() {
        let c = Cues::new();
        assert_eq!(c.get("SAID").map(|c| c.lemma), Some("say"));
        assert_eq!(c.get("Told").map(|c| c.lemma), Some("tell"));
        assert!(c.get("ÉCRIT").is_none());
        assert!(c.get(&"said".repeat(20)).is_none(), "a word longer than every form");
        assert!(c.get("").is_none());
    }
}
