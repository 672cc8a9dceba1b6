//! Language identification with `whatlang`, reported as ISO 639-1 where one exists.

/// The detected language (ISO 639-1, or ISO 639-3 when there is no two-letter code) and the
/// detector's confidence in [0, 1]; `None` when the text gives no signal (digits only, say).
pub fn detect(text: &str) -> Option<(String, f64)> {
    // whatlang looks at trigrams; a few sentences (500 characters) tell a language as well as
    // the whole article and keep detection cheap on long bodies.
    let sample = match text.char_indices().nth(500) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let info = whatlang::detect(sample)?;
    Some((iso_639_1(info.lang().code()).to_string(), info.confidence()))
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1; unknown codes pass through unchanged.
fn iso_639_1(code: &'static str) -> &'static str {
    match code {
        "eng" => "en", "rus" => "ru", "cmn" => "zh", "spa" => "es", "por" => "pt", "ita" => "it",
        "ben" => "bn", "fra" => "fr", "deu" => "de", "ukr" => "uk", "kat" => "ka", "ara" => "ar",
        "hin" => "hi", "jpn" => "ja", "heb" => "he", "yid" => "yi", "pol" => "pl", "amh" => "am",
        "jav" => "jv", "kor" => "ko", "nob" => "nb", "dan" => "da", "swe" => "sv", "fin" => "fi",
        "tur" => "tr", "nld" => "nl", "hun" => "hu", "ces" => "cs", "ell" => "el", "bul" => "bg",
        "bel" => "be", "mar" => "mr", "kan" => "kn", "ron" => "ro", "slv" => "sl", "hrv" => "hr",
        "srp" => "sr", "mkd" => "mk", "lit" => "lt", "lav" => "lv", "est" => "et", "tam" => "ta",
        "vie" => "vi", "urd" => "ur", "tha" => "th", "guj" => "gu", "uzb" => "uz", "pan" => "pa",
        "aze" => "az", "ind" => "id", "tel" => "te", "pes" => "fa", "mal" => "ml", "ori" => "or",
        "mya" => "my", "nep" => "ne", "sin" => "si", "khm" => "km", "tuk" => "tk", "aka" => "ak",
        "zul" => "zu", "sna" => "sn", "afr" => "af", "lat" => "la", "slk" => "sk", "cat" => "ca",
        "tgl" => "tl", "hye" => "hy", "cym" => "cy", "epo" => "eo",
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
    fn no_signal_gives_none() {
        assert_eq!(detect("1234 5678"), None);
    }
}
