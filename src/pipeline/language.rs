//! Language identification with `whatlang`, reported as ISO 639-1 where one exists, after a
//! quick test that settles plain English prose without it.

/// Where an article's language came from, as `processing.language_source` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageSource {
    /// The input said so.
    Input,
    /// The detector decided, with confidence.
    Detected,
    /// The text was too short or too mixed for detection to be trusted, and the configured
    /// default language was used.
    Default,
}

impl LanguageSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageSource::Input => "input",
            LanguageSource::Detected => "detected",
            LanguageSource::Default => "default",
        }
    }
}

/// The language of a text that does not declare one: the detector's answer when it is
/// reliable, else `default` when one is configured. Returns the language, the detector's
/// confidence when it decided, and where the answer came from; `None` when there is neither a
/// reliable answer nor a default, and the detector has no guess at all.
///
/// Why: on a short or list-like text (a results table, two sentences of names) whatlang's
/// trigrams pick Catalan, French or Afrikaans as often as English, and an English article
/// taken for another language loses every entity. An unreliable guess among Latin-script
/// languages is no better than the newsroom's own default. A non-Latin script is itself
/// strong evidence (Cyrillic is not English), so there the guess stands.
pub fn identify(text: &str, default: Option<&str>) -> Option<(String, Option<f64>, LanguageSource)> {
    match detect_info(text) {
        Some(Detection::PlainEnglish) => Some(("en".to_string(), Some(1.0), LanguageSource::Detected)),
        Some(Detection::Whatlang(info)) if info.is_reliable() || info.script() != whatlang::Script::Latin => {
            Some((iso_639_1(info.lang().code()).to_string(), Some(info.confidence()), LanguageSource::Detected))
        }
        guess => match (default, guess) {
            (Some(lang), _) => Some((lang.to_string(), None, LanguageSource::Default)),
            (None, Some(Detection::Whatlang(info))) => {
                Some((iso_639_1(info.lang().code()).to_string(), Some(info.confidence()), LanguageSource::Detected))
            }
            (None, _) => None,
        },
    }
}

enum Detection {
    PlainEnglish,
    Whatlang(whatlang::Info),
}

fn detect_info(text: &str) -> Option<Detection> {
    // whatlang looks at trigrams; a few sentences (500 characters) tell a language as well as
    // the whole article and keep detection cheap on long bodies.
    let sample = match text.char_indices().nth(500) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    if is_plain_english(sample) {
        return Some(Detection::PlainEnglish);
    }
    whatlang::detect(sample).map(Detection::Whatlang)
}

/// The detected language (ISO 639-1, or ISO 639-3 when there is no two-letter code) and the
/// detector's confidence in [0, 1], reliable or not; `None` when the text gives no signal
/// (digits only, say).
pub fn detect(text: &str) -> Option<(String, f64)> {
    Some(match detect_info(text)? {
        Detection::PlainEnglish => ("en".to_string(), 1.0),
        Detection::Whatlang(info) => (iso_639_1(info.lang().code()).to_string(), info.confidence()),
    })
}

/// English words that are rare as words of other languages written in Latin script ("was",
/// "will", "in", "to" and "for" are common German, Dutch or Scandinavian words, so they are
/// not here).
const ENGLISH_MARKERS: [&str; 20] = [
    "the", "of", "and", "that", "with", "said", "from", "which", "were", "have", "has", "this", "their", "they", "would", "been", "about",
    "after", "who", "its",
];

/// Whether `sample` is plainly English prose: among its first 100 words (at least 30), one in
/// ten or more is an [`ENGLISH_MARKERS`] word, at least four different ones occur, and no
/// more than one letter in fifty is outside ASCII.
///
/// Why by hand: whatlang scores some 40 Latin-script trigram profiles on every call, a fixed
/// cost of 100–150 µs that was a tenth of the whole pipeline's time on news articles
/// without a declared language; this test takes about a microsecond. On English news whatlang
/// answers English with confidence 1.0 (every such devset article); everything this test
/// does not settle, whatlang still decides. In English news the markers are 8–25% of the
/// opening words; in German, Swedish and Norwegian agency copy, none.
fn is_plain_english(sample: &str) -> bool {
    let (mut words, mut markers, mut seen) = (0usize, 0usize, [false; ENGLISH_MARKERS.len()]);
    let (mut letters, mut foreign) = (0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(100) {
        words += 1;
        for c in word.chars() {
            letters += 1;
            foreign += usize::from(!c.is_ascii());
        }
        if word.len() <= 5 {
            let mut lower = [0u8; 5];
            lower[..word.len()].copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            if let Some(k) = ENGLISH_MARKERS.iter().position(|m| m.as_bytes() == &lower[..word.len()]) {
                markers += 1;
                seen[k] = true;
            }
        }
    }
    words >= 30 && markers * 10 >= words && seen.iter().filter(|s| **s).count() >= 4 && foreign * 50 <= letters
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1; unknown codes pass through unchanged.
fn iso_639_1(code: &'static str) -> &'static str {
    match code {
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        "epo" => "eo",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_news_languages() {
        let en = detect("The president said on Tuesday that the talks would continue next week.");
        assert_eq!(en.as_ref().map(|(l, _)| l.as_str()), Some("en"));
        let de = detect("Der Bundeskanzler sagte am Dienstag, dass die Gespräche weitergehen würden.");
        assert_eq!(de.map(|(l, _)| l), Some("de".to_string()));
        let (_, confidence) = en.unwrap();
        assert!((0.0..=1.0).contains(&confidence));
    }

    #[test]
    fn short_latin_text_without_a_reliable_guess_takes_the_default() {
        // A results line and a two-line brief: names and numbers, too little for trigrams.
        for text in ["Ajax 2 Feyenoord 1. Porto 0 Benfica 0.", "Lagos traders reopen stalls. Prices steady."] {
            let (lang, confidence, source) = identify(text, Some("en")).unwrap();
            assert_eq!((lang.as_str(), confidence, source), ("en", None, LanguageSource::Default), "{text}");
            // Without a default, the unreliable guess is all there is.
            assert_eq!(identify(text, None).map(|(_, _, s)| s), Some(LanguageSource::Detected), "{text}");
        }
        assert_eq!(identify("2024 - 3:1", Some("en")).map(|(l, _, s)| (l, s)), Some(("en".into(), LanguageSource::Default)));
    }

    #[test]
    fn reliable_or_non_latin_answers_are_kept_over_the_default() {
        let german = "Der Bundeskanzler sagte am Dienstag in Berlin, dass die Gespräche mit den Ländern über die \
            Finanzierung der Krankenhäuser in der kommenden Woche fortgesetzt werden sollen.";
        assert_eq!(identify(german, Some("en")).map(|(l, _, s)| (l, s)), Some(("de".into(), LanguageSource::Detected)));
        // Too short for whatlang to be sure which Cyrillic language, but surely not English.
        let (lang, _, source) = identify("Москва сегодня", Some("en")).unwrap();
        assert_ne!(lang, "en");
        assert_eq!(source, LanguageSource::Detected);
    }

    #[test]
    fn plain_english_is_settled_without_whatlang() {
        let english = "The minister said on Tuesday that the talks with their neighbours would resume \
            after a pause of three weeks, and that both sides have agreed on the agenda, which \
            covers fishing quotas, border crossings and the price of electricity this winter.";
        assert!(is_plain_english(english));
        assert_eq!(detect(english), Some(("en".to_string(), 1.0)));
        // Too short to settle: whatlang decides.
        assert!(!is_plain_english("The minister said that the talks with them would resume."));
    }

    #[test]
    fn other_languages_are_left_to_whatlang() {
        // German and Dutch with English loanwords and the words they share with English.
        let german = "Der Minister sagte am Dienstag, dass die Gespräche mit den Nachbarn nach einer \
            Pause von drei Wochen wieder aufgenommen werden. Das Meeting in Berlin war ein Update \
            für die Presse, the show must go on, sagte er, und die Agenda umfasst Fischerei.";
        assert!(!is_plain_english(german));
        assert_eq!(detect(german).map(|(l, _)| l), Some("de".to_string()));
        let dutch = "De minister zei dinsdag dat de gesprekken met de buurlanden na een pauze van \
            drie weken worden hervat, of dat in het voorjaar gebeurt is nog niet duidelijk. Het \
            overleg in Den Haag was een update voor de pers en de agenda omvat de visserij.";
        assert!(!is_plain_english(dutch));
        assert_eq!(detect(dutch).map(|(l, _)| l), Some("nl".to_string()));
        // Non-ASCII letters beyond one in fifty hand the text to whatlang, whatever its words.
        let accented = "Thé and café with the crème brûlée, which they said has been about the \
            ŕéśţáúŕáńţ of their señor über alles, ñoño façade déjà vu naïve rôle élan piñata \
            jalapeño from the façade, who would have it after this, the end of its days.";
        assert!(!is_plain_english(accented));
    }

    #[test]
    fn no_signal_gives_none() {
        assert_eq!(detect("1234 5678"), None);
    }
}
