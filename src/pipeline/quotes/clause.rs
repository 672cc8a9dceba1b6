//! The parts of an attribution within one paragraph's tokens: the cue verb, who the subject
//! before it is ("Li Haidong, a professor at …, told"), who follows it ("said Cui Heng"),
//! and where the reported words start after it ("told the Global Times on Tuesday that …").

use super::cues::{Cue, CueKind, Cues};
use crate::pipeline::tokenize::Token;
use std::ops::Range;

/// One paragraph, tokenized, with the token ranges inside quote marks.
pub struct Para<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    /// Token ranges of quoted spans (the marks excluded).
    pub quoted: &'a [Range<usize>],
    pub cues: &'a Cues,
    /// A headline, where every word may be capitalized.
    pub heading: bool,
}

/// A cue verb found in context: token `at`, `end` after its particle ("called on").
#[derive(Debug, Clone, Copy)]
pub struct CueAt {
    pub at: usize,
    pub end: usize,
    pub cue: Cue,
}

/// Words skipped between a subject and its verb ("Li also said", "Xi has repeatedly said").
const BETWEEN: &[&str] = &[
    "also", "has", "had", "have", "later", "then", "further", "previously", "earlier", "repeatedly", "again", "recently", "reportedly",
    "publicly", "once", "only", "just", "separately", "quickly", "firmly", "clearly", "told", "often", "frequently", "has", "had",
    "privately", "openly", "bluntly", "flatly", "simply", "still", "always", "even", "now", "himself", "herself", "themselves", "itself",
    "however", "too", "will", "would", "could", "might", "may", "should", "did", "does", "do", "all", "both", "is", "are", "was", "were",
    "been", "am",
];

/// Capitalized words that open a sentence without naming its subject.
const OPENERS: &[&str] = &[
    "last", "next", "yesterday", "today", "tomorrow", "tonight", "earlier", "later", "during", "despite", "meanwhile", "however", "still",
    "now", "then", "also", "instead", "overall", "recently", "separately", "finally", "first", "here", "why", "how", "what", "without",
    "amid", "among", "under", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Auxiliaries that make an "-ing" form a finite verb ("is stressing", "has been saying").
const PROGRESSIVE: &[&str] = &["is", "are", "was", "were", "been", "am"];

/// Nouns ending in "-ly" that are not adverbs ("the family said").
const LY_NOUNS: &[&str] = &[
    "family", "ally", "assembly", "rally", "supply", "monopoly", "anomaly", "bully", "belly", "folly", "tally", "homily", "reply", "lily",
    "jelly", "melancholy", "fly", "butterfly",
];

/// Words before a base-form verb that make it a verb ("experts say", "would say").
const BEFORE_BASE: &[&str] = &[
    "they", "we", "i", "you", "will", "would", "could", "might", "may", "should", "can", "did", "do", "does", "to", "who", "people",
    "police", "officials", "analysts", "experts", "critics", "residents",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// Cue forms that are also common plural nouns.
const NOUN_LIKE: &[&str] = &[
    "states", "claims", "questions", "attacks", "demands", "calls", "supports", "reports", "comments", "notes", "answers", "replies",
    "promises", "threats", "warnings", "charges", "concerns", "doubts",
];

/// Offices written "X of Y" before their holder's name ("Secretary of State John Kerry").
const OFFICES: &[&str] = &[
    "secretary", "minister", "director", "chairman", "chairwoman", "chair", "president", "governor", "head", "chief", "commissioner",
    "speaker", "mayor", "administrator",
];

/// Function words that end a noun phrase scanned leftwards.
const NP_STOP: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "but", "or", "when", "while", "as", "because", "if", "though", "although", "since",
    "after", "before", "so", "than", "where", "whether", "of", "in", "on", "at", "to", "for", "with", "by", "from", "about", "into",
    "over", "under", "said", "says", "is", "was", "are", "were", "be", "been", "not", "no", "this", "it", "its", "there",
];

/// Determiners that begin a noun phrase (kept, and the scan stops there).
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "some", "many", "several", "most", "other", "another", "one", "two", "three", "these", "those", "his", "her",
    "their", "our", "its", "both", "all", "few", "more",
];

/// Nouns after which the reported words start when the cue has no "that" ("said in a
/// statement the plan …", "said on Tuesday it would …").
const FRAME_ENDS: &[&str] = &[
    "statement", "interview", "conference", "briefing", "call", "email", "letter", "release", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "week", "month", "year", "today", "yesterday", "night", "morning", "afternoon", "evening", "court",
    "parliament", "reporters", "journalists", "meeting", "speech", "post", "video", "filing", "report", "hearing",
];

/// Verbs that report what someone was asked to do: "urged X to …".
const OBJECT_TO: &[&str] =
    &["urge", "ask", "advise", "instruct", "order", "encourage", "remind", "warn", "tell", "invite", "implore", "press"];

/// Verbs of stance whose object is what was said ("blasted the media for …", "cited
/// Trump's remarks as …", "welcomed the resumption of talks").
const OBJECT_CONTENT: &[&str] = &[
    "accuse", "criticize", "criticise", "praise", "blame", "question", "dismiss", "reject", "deny", "welcome", "condemn", "denounce",
    "applaud", "decry", "cite", "describe", "attack", "blast", "slam", "tout", "defend", "admire", "propose", "recommend", "demand",
    "reveal", "dispute", "highlight", "mention", "underline", "underscore", "post", "promise", "pledge", "vow", "ask", "lament", "mock",
    "hail", "laud", "endorse", "oppose", "want", "seek", "support", "favor", "favour", "push",
];

/// Speech verbs whose reported words may follow without "that" ("Putin said ties …"), or
/// come before them ("…, Cui said.").
pub const BARE_CLAUSE: &[&str] = &[
    "say", "tell", "add", "write", "claim", "insist", "argue", "warn", "stress", "note", "explain", "report", "predict", "announce",
    "believe", "think", "estimate", "suggest", "contend", "maintain", "conclude", "acknowledge", "admit", "confirm", "agree", "concede",
    "reiterate", "emphasize", "emphasise", "caution", "recall", "complain", "assert", "declare", "state", "testify", "tweet",
];

impl Para<'_> {
    /// The text of token `i`; empty past the last token (a clause can end at the paragraph's
    /// end, and the fuzzer found a caller looking one past it).
    pub fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    fn lower_is(&self, i: usize, list: &[&str]) -> bool {
        let w = self.word(i);
        list.iter().any(|x| w.eq_ignore_ascii_case(x))
    }

    /// Whether token `i` is one of `list` (ASCII case-insensitive).
    pub fn lower_is_any(&self, i: usize, list: &[&str]) -> bool {
        i < self.toks.len() && self.lower_is(i, list)
    }

    /// Whether token `i` is inside quote marks (the ranges are in order and disjoint, so a
    /// binary search: a paragraph of megabytes must not make this quadratic).
    pub fn in_quote(&self, i: usize) -> bool {
        let k = self.quoted.partition_point(|r| r.end <= i);
        self.quoted.get(k).is_some_and(|r| r.contains(&i))
    }

    /// Whether token `i` is a quote mark.
    pub fn is_mark(&self, i: usize) -> bool {
        matches!(self.word(i), "\"" | "“" | "”" | "‘" | "’" | "'" | "«" | "»" | "„")
    }

    /// The cue verb at token `i`, if the word is one and its context makes it a verb of
    /// speech: its particle present, a base form after a plural subject or an auxiliary, not
    /// passive ("was told"), not an adjective ("the said company").
    pub fn cue_at(&self, i: usize) -> Option<CueAt> {
        let w = self.toks.get(i)?.text(self.text);
        // Reporting verbs are written in lowercase ("States" in "United States" is no cue),
        // except in title-case headlines ("Clinton Says …").
        if !w.starts_with(|c: char| c.is_lowercase() || self.heading && c.is_uppercase()) || self.in_quote(i) {
            return None;
        }
        let mut cue = self.cues.get(w)?;
        let prev = i.checked_sub(1);
        // "Clinton is stressing that …", "officials are warning": an "-ing" form after "am",
        // "is", "are", "was", "were" or "been" is the clause's own verb when a pronoun, a
        // name or a plural noun comes before the auxiliary ("The hardest part was telling
        // my family …" is no speech).
        let progressive = cue.is_participle
            && prev.is_some_and(|p| {
                self.lower_is(p, PROGRESSIVE)
                    && p.checked_sub(1).is_some_and(|s| {
                        let w = self.word(s);
                        self.lower_is(s, PRONOUNS)
                            || w.starts_with(char::is_uppercase) && !self.lower_is(s, DETERMINERS)
                            || w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss") && w.chars().all(|c| c.is_ascii_lowercase())
                    })
            });
        if progressive {
            cue.is_participle = false;
        }
        let mut end = i + 1;
        if !cue.particles.is_empty() {
            let next = self.toks.get(i + 1).map(|t| t.text(self.text).to_lowercase())?;
            if cue.particles.contains(&next.as_str()) {
                end = i + 2;
            } else if !(cue.lemma == "call" && self.names_in_quotes(i + 1)) {
                return None;
            }
        }
        let plural_before = prev.is_some_and(|p| {
            let w = self.word(p);
            w.len() >= 4
                && w.ends_with('s')
                && !w.ends_with("ss")
                && w.chars().all(char::is_alphabetic)
                && !self.lower_is(p, &["this", "thus", "always", "perhaps", "news", "was", "has"])
        });
        if cue.is_base && !plural_before && !prev.is_some_and(|p| self.lower_is(p, BEFORE_BASE)) {
            return None;
        }
        if let Some(mut p) = prev {
            // "was told", "is often called", "were also asked": passive, nobody speaking.
            while p > 0
                && (self.is_adverb(p)
                    || self.lower_is(p, &["often", "also", "sometimes", "still", "now", "usually", "long", "not", "never"]))
            {
                p -= 1;
            }
            let passive = self.lower_is(p, &["was", "were", "been", "being", "is", "are", "be", "the", "get", "got"]);
            if passive && !cue.is_participle && !progressive {
                return None;
            }
        }
        if cue.is_participle && !prev.is_some_and(|p| matches!(self.word(p), "," | "—" | "–") || self.lower_is(p, &["as", "by"])) {
            return None;
        }
        // Forms that are also plural nouns ("battleground states could …", "Democratic
        // claims – a 3 to 1 margin", "took questions from …") are verbs after a pronoun or a
        // name, with words (or a quote) next, or with "that" right after.
        if self.lower_is(i, NOUN_LIKE) && !self.that_follows(end, 2) {
            let subject = prev.is_some_and(|p| {
                let pw = self.word(p);
                // "the lawsuit claims", "DNC chairman calls for": a singular noun after a
                // determiner or a name.
                let singular_noun = pw.chars().all(|c| c.is_lowercase())
                    && !pw.ends_with("ing")
                    && !pw.ends_with("ed")
                    && !pw.ends_with('s')
                    && p.checked_sub(1).is_some_and(|pp| {
                        self.lower_is(pp, &["the", "a", "an", "this", "his", "her", "its", "their", "our"])
                            || self.word(pp).starts_with(char::is_uppercase)
                                && !self.lower_is(pp, DETERMINERS)
                                && pp > 0
                                && !matches!(self.word(pp - 1), "." | "!" | "?")
                    });
                self.lower_is(p, &["he", "she", "it", "who", "which", "that", "also", "now", "still"])
                    || pw.starts_with(char::is_uppercase) && pw.chars().any(char::is_lowercase) && !self.heading
                    || singular_noun
            });
            let next = self.toks.get(end).map(|t| t.text(self.text)).unwrap_or("");
            let words_next = next.starts_with(char::is_alphabetic) || next == ":" || self.is_mark(end);
            if !subject || !words_next {
                return None;
            }
        }
        // A verb of belief reports a stance only with a clause: "believe that …".
        if cue.kind == CueKind::Cognition && !self.that_follows(end, 2) {
            return None;
        }
        Some(CueAt { at: i, end, cue })
    }

    /// Whether "called" at token `from - 1` names its object something in quotes ("called
    /// half of Trump's supporters “deplorables”", "called him “a genius”"): the quote's
    /// first word is within eight tokens, in the same sentence; the object is more than a
    /// determiner ("a group called the “Friends of Syria”" names the group); the word after
    /// "called" is no particle of another sense ("called off", "called in"), and a pronoun
    /// object stands right before the quote ("called him back" is a phone call).
    fn names_in_quotes(&self, from: usize) -> bool {
        let Some(open) = self.quoted.iter().map(|r| r.start).find(|&s| s > from && s <= from + 8) else { return false };
        let mark = open - 1;
        let particle = self.lower_is(from, &["off", "in", "up", "out", "back", "to", "at", "by", "it"])
            || self.lower_is(from, &["him", "her", "them", "me", "us"]) && mark != from + 1;
        let sentence_ends = (from..open).any(|k| matches!(self.word(k), "." | ";" | "?" | "!"));
        let object = (from..mark).any(|k| !self.lower_is(k, DETERMINERS));
        // "a group called …", "the bill called …": the verb names the noun before it.
        let reduced_relative =
            from >= 3 && self.word(from - 2).starts_with(char::is_lowercase) && self.lower_is(from - 3, &["a", "an", "the", "this"]);
        !particle && !sentence_ends && !self.is_mark(from) && object && !reduced_relative
    }

    /// Whether "that" comes within `n` tokens after `from` (with only adverbs between).
    fn that_follows(&self, from: usize, n: usize) -> bool {
        (from..(from + n).min(self.toks.len())).any(|j| self.word(j).eq_ignore_ascii_case("that"))
    }

    /// The subject before cue token `v`, not before token `lo`: a name, a pronoun or a noun
    /// phrase, looking past adverbs ("also"), appositions between commas or dashes ("Li Haidong, a
    /// professor at …, told"), a bracketed acronym ("the Commission (IEBC) said") and an
    /// attachment ("Judge Castellanos of the County Court said"). Token range of the phrase.
    pub fn subject_before(&self, v: usize, lo: usize) -> Option<Range<usize>> {
        let mut j = v;
        while j > lo && (self.lower_is(j - 1, BETWEEN) || self.is_adverb(j - 1)) {
            j -= 1;
        }
        // "Smith, who said …": the person before the relative clause.
        if j > lo + 1 && self.lower_is(j - 1, &["who"]) && self.word(j - 2) == "," {
            j -= 2;
        }
        if j > lo && self.word(j - 1) == ")" {
            j = (lo..j - 1).rev().take(8).find(|&k| self.word(k) == "(")?;
        }
        let mut appositions = 0;
        while j > lo && matches!(self.word(j - 1), "," | "--" | "—" | "–") && appositions < 3 {
            // An apposition: ", a professor at X," or ", 58," or "-- co-editor of X, a book
            // --". Find its opening mark.
            let mark = self.word(j - 1);
            let k = (lo..j - 1).rev().take(40).find(|&k| self.word(k) == mark)?;
            if k == lo || k + 1 >= j - 1 {
                return None;
            }
            let opener = self.word(k + 1);
            let possessive = self.toks.get(k + 2).is_some_and(|t| matches!(t.text(self.text), "'s" | "’s"));
            let opens_apposition = opener.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
                || self.lower_is(k + 1, DETERMINERS)
                || possessive
                || is_party_and_state(opener);
            if !opens_apposition {
                // "Tate’s senior curator, Dr Sebastián Ferrer-Abad, said": the name between
                // the commas is the speaker.
                let name = (k + 1..j - 1).all(|i| self.is_name_word(i));
                return (name && j - 1 - (k + 1) <= 5).then_some(k + 1..j - 1);
            }
            j = k;
            appositions += 1;
        }
        // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said": a bracket before the
        // apposition.
        if j > lo && self.word(j - 1) == ")" {
            j = (lo..j - 1).rev().take(8).find(|&k| self.word(k) == "(")?;
        }
        let np = self.noun_phrase(j, lo)?;
        // "Judge Miriam Castellanos of the Lancaster County Court of Common Pleas": the
        // person, not the court; "the Ministry of Foreign Affairs of Kazakhstan": the ministry.
        let mut np = np;
        for _ in 0..4 {
            if np.start < lo + 2 || !self.lower_is(np.start - 1, &["of", "at", "from", "for", "on"]) || !self.is_name_word(np.start - 2) {
                break;
            }
            match self.noun_phrase(np.start - 1, lo).filter(|r| self.is_name_word(r.end - 1)) {
                // "Secretary of State John F. Kerry said": an office and its holder's name
                // (three words or more after "of"); the holder speaks.
                Some(first) if first.len() == 1 && self.lower_is(first.start, OFFICES) && np.len() >= 3 => break,
                Some(first) => np = first,
                None => break,
            }
        }
        Some(np)
    }

    /// The name or pronoun that opens the sentence at `start`, followed by a lowercase word
    /// that can be its verb ("Hillary Clinton spoke out …, arguing that …"): who a
    /// participle reports when no cue before it named a speaker. A capitalized opener that
    /// is no name ("Last week …", "Yesterday the company …", "Asked about …", "During the
    /// debate …") is none.
    pub fn sentence_subject(&self, start: usize, end: usize) -> Option<Range<usize>> {
        if self.lower_is(start, &["he", "she", "they", "we", "i"]) {
            return Some(start..start + 1);
        }
        let first = self.word(start);
        if self.lower_is(start, OPENERS) || first.ends_with("ing") || first.ends_with("ed") {
            return None;
        }
        let mut e = start;
        while e < end && e < start + 5 && self.is_name_word(e) && !self.lower_is(e, DETERMINERS) && !self.lower_is(e, NP_STOP) {
            e += 1;
        }
        let verb_next = self.word(e).starts_with(char::is_lowercase)
            && !self.lower_is(e, &["'s", "’s", "about"])
            && !self.lower_is(e, DETERMINERS)
            && !self.lower_is(e, NP_STOP);
        (e > start && e < end && verb_next).then_some(start..e)
    }

    /// A lowercase "-ly" adverb between a subject and its verb ("has sharply criticized",
    /// "forcefully told").
    fn is_adverb(&self, i: usize) -> bool {
        let w = self.word(i);
        w.len() >= 5 && w.ends_with("ly") && w.chars().all(|c| c.is_ascii_lowercase()) && !self.lower_is(i, LY_NOUNS)
    }

    /// A word that can be part of a name: capitalized (`Dr`, `Ferrer-Abad`, `A.`).
    fn is_name_word(&self, i: usize) -> bool {
        let w = self.word(i);
        w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
    }

    /// The noun phrase that ends right before token `j` (not before `lo`).
    fn noun_phrase(&self, j: usize, lo: usize) -> Option<Range<usize>> {
        if j <= lo {
            return None;
        }
        let head = j - 1;
        let w = self.word(head);
        if self.lower_is(head, PRONOUNS) {
            return Some(head..j);
        }
        let number = w.chars().all(|c| c.is_ascii_digit() || c == ',');
        if number || !w.starts_with(|c: char| c.is_alphanumeric()) || self.lower_is(head, NP_STOP) || self.cues.get(w).is_some() {
            return None;
        }
        let mut s = head;
        let capital_head = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        while s > lo && s + 7 > head {
            let p = s - 1;
            let pw = self.word(p);
            if self.lower_is(p, DETERMINERS) {
                s = p;
                break;
            }
            let wordish = pw.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’' | '&'));
            if !wordish || self.lower_is(p, NP_STOP) || self.cues.get(pw).is_some_and(|c| !c.is_base) {
                break;
            }
            s = p;
        }
        // A common noun heads a speaker only as a whole phrase: from a determiner ("a police
        // spokesman"), the clause start ("Chinese experts said") or after a comma ("…,
        // sources said"); otherwise the words are the end of some other clause ("candidates
        // had spent an estimated …").
        if !capital_head {
            let starts_phrase = self.lower_is(s, DETERMINERS)
                || s == lo
                || matches!(self.word(s - 1), "," | ";" | ":" | "—" | "–" | "(")
                || self.lower_is(
                    s - 1,
                    &[
                        "and", "but", "while", "as", "because", "although", "though", "so", "where", "when", "if", "since", "after",
                        "before", "that", "whether", "until", "once",
                    ],
                );
            if !starts_phrase || self.lower_is(head, DETERMINERS) || s + 4 < j {
                return None;
            }
        }
        Some(s..j)
    }

    /// The speaker after cue `c` in an inverted attribution ("said Cui Heng, a scholar",
    /// "added the minister"): a capitalized name or a determiner-led phrase, to `hi`.
    pub fn speaker_after(&self, c: &CueAt, hi: usize) -> Option<Range<usize>> {
        let s = c.end;
        if s >= hi {
            return None;
        }
        let first = self.word(s);
        let capital = first.starts_with(|c: char| c.is_uppercase());
        if self.lower_is(s, PRONOUNS) && !self.lower_is(s, &["it", "you", "we"]) {
            return Some(s..s + 1);
        }
        if !capital && !self.lower_is(s, DETERMINERS) {
            return None;
        }
        let ends_clause = |e: usize| e >= hi || matches!(self.word(e), "," | "." | ";" | ":" | "?" | "!" | "(");
        let mut e = s + 1;
        while e < hi && e < s + 6 {
            let w = self.word(e);
            let wordish = w.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’' | '&'));
            if !wordish || self.lower_is(e, NP_STOP) {
                break;
            }
            e += 1;
        }
        // "said the minister." but not "said the attribution had been …".
        (ends_clause(e) || capital && self.lower_is(e, &["in", "on", "at", "of", "for", "from", "who"])).then_some(s..e)
    }

    /// Where the reported words start after cue `c`: after "that" when it comes soon,
    /// after a frame ("in a statement", "on Tuesday") or an object ("told reporters"), or
    /// right after the verb for verbs that take a bare clause. `None` when nothing looks
    /// like reported words (a colon or a quote mark next: a direct quote follows).
    pub fn content_start(&self, c: &CueAt, hi: usize) -> Option<usize> {
        let n = self.toks.len().min(hi);
        let mut j = c.end;
        // "that" within the next dozen tokens, with no sentence punctuation between.
        for k in j..(j + 14).min(n) {
            let w = self.word(k);
            if w.eq_ignore_ascii_case("that") {
                return Some(k + 1);
            }
            if matches!(w, "." | ";" | ":" | "?" | "!") || self.is_mark(k) || self.cue_at(k).is_some() {
                break;
            }
        }
        if !c.cue.particles.is_empty() {
            return Some(j);
        }
        // "urged both governments not to let …": the one urged and what they are to do.
        if OBJECT_TO.contains(&c.cue.lemma)
            && (j..(j + 8).min(n)).any(|k| self.word(k).eq_ignore_ascii_case("to"))
            && j < n
            && !matches!(self.word(j), "," | ":")
            && !self.is_mark(j)
        {
            return Some(j);
        }
        if !BARE_CLAUSE.contains(&c.cue.lemma) && !OBJECT_CONTENT.contains(&c.cue.lemma) {
            return None;
        }
        if j < n && matches!(self.word(j), "," | ":") {
            j += 1;
        }
        if j >= n || self.is_mark(j) {
            return None;
        }
        // Skip a frame: "in a statement", "on Tuesday", "to reporters".
        if self.lower_is(j, &["in", "on", "at", "during", "after", "before", "last", "this", "earlier", "to", "late"]) {
            let frame_end = (j..(j + 7).min(n)).find(|&k| self.lower_is(k, FRAME_ENDS))?;
            j = frame_end + 1;
            if j < n && self.word(j) == "," {
                j += 1;
            }
        } else if c.cue.lemma == "tell" {
            // The one told: "told reporters", "told the court", "told the Global Times".
            let mut k = j;
            if self.lower_is(k, DETERMINERS) {
                k += 1;
            }
            while k < n && k < j + 5 && self.word(k).starts_with(|ch: char| ch.is_uppercase()) {
                k += 1;
            }
            if k == j || (k < n && !self.word(k).starts_with(|ch: char| ch.is_uppercase()) && k == j + 1 && self.lower_is(j, DETERMINERS)) {
                k += 1;
            }
            j = k;
            if j < n
                && self.lower_is(j, &["on", "in", "at"])
                && let Some(f) = (j..(j + 5).min(n)).find(|&k| self.lower_is(k, FRAME_ENDS))
            {
                j = f + 1;
            }
        }
        if j >= n
            || self.is_mark(j)
            || self.lower_is(
                j,
                &["to", "of", "for", "with", "by", "about", "so", "nothing", "goodbye", "yes", "more", "little", "much", "anything"],
            )
        {
            return None;
        }
        // "said no" is a refusal; "said no decision had been made" reports words.
        let refusal = |k: usize| {
            k >= n
                || !self.word(k).starts_with(char::is_alphabetic)
                || self.lower_is(k, &["to", "and", "or", "on", "when", "because", "comment", "one"])
        };
        if self.lower_is(j, &["no"]) && refusal(j + 1) {
            return None;
        }
        Some(j)
    }
}

/// A US politician's party and state written after the name: `R-Ky.`, `D-N.C.`, `R-Utah`.
fn is_party_and_state(w: &str) -> bool {
    let mut chars = w.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some('R' | 'D' | 'I'), Some('-'), Some(c)) if c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tokenize::tokenize;

    /// `s` as a paragraph; the tokens between curly double quotes are its quoted spans.
    fn with<T>(s: &str, f: impl FnOnce(&Para) -> T) -> T {
        let toks = tokenize(s);
        let cues = Cues::new();
        let mut quoted = Vec::new();
        let mut open = None;
        for (i, t) in toks.iter().enumerate() {
            match (t.text(s), open) {
                ("“", None) => open = Some(i + 1),
                ("”", Some(o)) => {
                    quoted.push(o..i);
                    open = None;
                }
                _ => {}
            }
        }
        f(&Para { text: s, toks: &toks, quoted: &quoted, cues: &cues, heading: false })
    }

    fn words(p: &Para, r: Range<usize>) -> String {
        p.toks[r].iter().map(|t| t.text(p.text)).collect::<Vec<_>>().join(" ")
    }

    fn find_cue(p: &Para) -> Option<CueAt> {
        (0..p.toks.len()).find_map(|i| p.cue_at(i))
    }

    #[test]
    fn subject_through_apposition_and_adverbs() {
        with(
            "Li Haidong, a professor at the China Foreign Affairs University, told the Global Times on Tuesday that ties are close.",
            |p| {
                let c = find_cue(p).unwrap();
                assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Li Haidong");
                assert_eq!(words(p, p.content_start(&c, p.toks.len()).unwrap()..p.toks.len() - 1), "ties are close");
            },
        );
        with("Chinese experts believe that the meeting matters.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Chinese experts");
        });
        with("The minister also said on Tuesday the plan was dead.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "The minister");
            assert_eq!(p.word(p.content_start(&c, p.toks.len()).unwrap()), "the");
        });
        with("Rep. Jim Jordan (R-Ohio), an oversight panel member, said in a phone interview that it was odd.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Rep. Jim Jordan");
        });
        with("Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday the veto would fail.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Senate Majority Leader Mitch McConnell");
        });
        with("Kall -- co-editor of Debating The Donald, a book on the debates -- said the candidate made news.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Kall");
        });
        with("Sens. Jeff Merkley, Sherrod Brown and Robert Menendez all suggested that the claims were grounds for a case.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Robert Menendez");
        });
        with("They filed in Richmond, where restructuring experts say some judges are eager.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "restructuring experts");
        });
    }

    #[test]
    fn cue_context() {
        with("He was told to leave.", |p| assert!(find_cue(p).is_none()));
        with("He was also told to leave.", |p| assert!(find_cue(p).is_none()));
        with("The disease is often called the “silent killer” by doctors.", |p| assert!(find_cue(p).is_none()));
        with("Clinton is stressing that her plans will work.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.subject_before(c.at, 0).unwrap()), "Clinton");
            assert!(!c.cue.is_participle);
        });
        with("The call for calm.", |p| assert!(find_cue(p).is_none()));
        with("Xi called on the two sides to act.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(c.end, 3);
            assert_eq!(p.content_start(&c, p.toks.len()), Some(3));
        });
        with("Officials say the road is closed.", |p| assert!(find_cue(p).is_some()));
        with("I believe him.", |p| assert!(find_cue(p).is_none()));
        with("The said company left.", |p| assert!(find_cue(p).is_none()));
        with("Several battleground states could be decisive.", |p| assert!(find_cue(p).is_none()));
        with("Candidates took questions from veterans.", |p| assert!(find_cue(p).is_none()));
        with("Fifth Amendment claims, prosecutors say, are rare.", |p| assert!(find_cue(p).is_some_and(|c| p.word(c.at) == "say")));
        with("Smith claims the vote was rigged.", |p| assert!(find_cue(p).is_some()));
        with("The report states that turnout fell.", |p| assert!(find_cue(p).is_some()));
        with("The lawsuit claims the vote was rigged.", |p| assert!(find_cue(p).is_some()));
        with("It is a problem that demands a bipartisan response.", |p| assert!(find_cue(p).is_some()));
        with("Clinton called half of Trump’s supporters “deplorables.”", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.content_start(&c, p.toks.len()).unwrap()..p.toks.len()), "half of Trump ’s supporters “ deplorables . ”");
        });
        with("The coach called off the “friendly” match.", |p| assert!(find_cue(p).is_none()));
        with("A group called the “Friends of Syria” met in Paris.", |p| assert!(find_cue(p).is_none()));
        with("They passed a bill called “the Dream Act” on Tuesday.", |p| assert!(find_cue(p).is_none()));
        with("His surrogates called him “a genius” on Sunday.", |p| assert!(find_cue(p).is_some()));
        with("The hardest part was telling my family I was sick.", |p| assert!(find_cue(p).is_none()));
        with("Officials are warning that the dam may fail.", |p| assert!(find_cue(p).is_some_and(|c| !c.cue.is_participle)));
        with("She called the mayor. “Come home,” he said.", |p| assert!(find_cue(p).is_none_or(|c| p.word(c.at) == "said")));
    }

    #[test]
    fn a_sentence_opens_with_its_subject_or_not() {
        for (s, want) in [
            ("Hillary Clinton spoke out on Tuesday, arguing that it was wrong.", Some("Hillary Clinton")),
            ("He pitched himself to voters by telling them that it was bad.", Some("He")),
            ("Last week thousands marched, demanding that the president resign.", None),
            ("Yesterday the company released results, noting that sales rose.", None),
            ("Asked about the plan, the senator declined, saying it was early.", None),
            ("During the debate Trump interrupted, arguing that he was right.", None),
        ] {
            with(s, |p| assert_eq!(p.sentence_subject(0, p.toks.len()).map(|r| words(p, r)).as_deref(), want, "{s}"));
        }
    }

    #[test]
    fn inverted_speaker() {
        with("said Cui Heng, a scholar.", |p| {
            let c = find_cue(p).unwrap();
            assert_eq!(words(p, p.speaker_after(&c, p.toks.len()).unwrap()), "Cui Heng");
        });
    }
}
