//! Text repairs, each a small pure function over one block of text:
//! tag leftovers, markup and entities inside text, mis-decoded UTF-8 (mojibake), a `?` left
//! where a special space was, Unicode NFC, control and zero-width characters, whitespace.

use super::html;
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Everything below, in order, repeated until the text stops changing (one repair can expose
/// another: mojibake that reads differently once spaces are normalized, say), so applying it
/// to its own output changes nothing.
pub fn repair(block: &str) -> String {
    let first = repair_once(block);
    if *first == *block {
        return first.into_owned();
    }
    let mut text = first.into_owned();
    for _ in 0..4 {
        let next = repair_once(&text);
        if *next == *text {
            break;
        }
        text = next.into_owned();
    }
    text
}

/// One round of the repairs; borrowed (a suffix of `block`, or all of it when nothing
/// changed) until a repair has to write, so clean text (most of it) is never copied.
fn repair_once(block: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(strip_attribute_tail(block));
    // Markup and entities inside text (double-escaped feeds need more than one round).
    for _ in 0..4 {
        if !has_markup(&text) {
            break;
        }
        let next = strip_attribute_tail(&html::inline_text(&text)).to_string();
        if next == *text {
            break;
        }
        text = Cow::Owned(next);
    }
    let text = then(text, fix_mojibake);
    let text = then(text, fix_lost_space);
    let text = if text.is_ascii() || unicode_normalization::is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        Cow::Owned(text.nfc().collect())
    };
    then(text, collapse_whitespace)
}

/// `repair` applied to `text`: `text` itself when the repair borrowed (changed nothing).
fn then<'a>(text: Cow<'a, str>, repair: impl Fn(&str) -> Cow<'_, str>) -> Cow<'a, str> {
    match repair(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(changed) => Cow::Owned(changed),
    }
}

/// Whether `s` holds something the HTML tokenizer would change: a tag of a known element, a
/// comment, or an entity.
pub fn has_markup(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.contains(&b'&') && has_entity(s) || bytes.contains(&b'<') && has_tag(s)
}

fn has_entity(s: &str) -> bool {
    s.match_indices('&').any(|(i, _)| {
        let rest = &s.as_bytes()[i + 1..];
        let name = rest.iter().take(32).take_while(|b| b.is_ascii_alphanumeric() || **b == b'#').count();
        name > 0 && rest.get(name) == Some(&b';')
    })
}

const TAG_NAMES: &[&str] = &[
    "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "caption", "cite", "code", "div", "em", "embed", "figcaption",
    "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img", "li", "link",
    "meta", "nav", "noscript", "ol", "p", "picture", "pre", "q", "s", "script", "section", "small", "source", "span", "strong", "style",
    "sub", "sup", "svg", "table", "td", "th", "time", "tr", "u", "ul", "video",
];

fn has_tag(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        let rest = &s.as_bytes()[i + 1..];
        if rest.starts_with(b"!--") {
            return true;
        }
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        len > 0
            && matches!(rest.get(len), Some(b'>' | b' ' | b'/' | b'\t' | b'\n') | None)
            && TAG_NAMES.iter().any(|t| t.as_bytes().eq_ignore_ascii_case(&rest[..len]))
    })
}

/// Drops the tail of a tag cut in half before the text starts, as in
/// `A caption" src="https://x/a.jpg" />Text`: everything up to the first `>` when what
/// precedes it holds no `<`, has an attribute (`name="value"`) and ends the tag (`"/>`, `">`).
/// Repeated until nothing changes (a tail can follow a tail).
pub fn strip_attribute_tail(mut s: &str) -> &str {
    loop {
        let next = strip_one_attribute_tail(s);
        if next.len() == s.len() {
            return s;
        }
        s = next;
    }
}

fn strip_one_attribute_tail(s: &str) -> &str {
    let Some(gt) = s.find('>') else { return s };
    let head = &s[..gt];
    if head.contains('<') {
        return s;
    }
    let trimmed = head.trim_end().trim_end_matches('/').trim_end();
    let ends_tag = trimmed.ends_with('"') || trimmed.ends_with('\'');
    if ends_tag && has_attribute(head) { s[gt + 1..].trim_start() } else { s }
}

/// `name="` or `name='` with an ASCII attribute name.
fn has_attribute(s: &str) -> bool {
    s.match_indices("=\"").chain(s.match_indices("='")).any(|(i, _)| {
        let before = &s[..i];
        let name: String = before.chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
        !name.is_empty() && before[..before.len() - name.len()].ends_with(|c: char| c.is_whitespace() || c == '"' || c == '\'')
    })
}

/// Repairs UTF-8 that was decoded as Windows-1252 or Latin-1 (`â€™` → `’`, `Ã©` → `é`) with
/// plsfix, a port of Python's ftfy. Quotes stay curly or straight as written; only blocks that
/// show the signature of mojibake are touched, which keeps correct text (and the cost) alone.
pub fn fix_mojibake(s: &str) -> Cow<'_, str> {
    if !looks_like_mojibake(s) {
        return Cow::Borrowed(s);
    }
    let config = plsfix::TextFixerConfig {
        unescape_html: Some(false),
        uncurl_quotes: false,
        fix_line_breaks: false,
        fix_character_width: false,
        fix_latin_ligatures: false,
        normalization: None,
        // Lines are bounded below; plsfix slices at this length without regard to UTF-8
        // boundaries, so it must never be reached.
        max_decode_length: i32::MAX,
        ..plsfix::TextFixerConfig::default()
    };
    // plsfix is not written to our no-panic standard: run it on bounded segments and fall
    // back to the text as it was if it fails.
    if s.len() > 100_000 {
        return Cow::Borrowed(s);
    }
    let s = &restore_lost_closing_quote(s);
    match std::panic::catch_unwind(|| plsfix::fix_text(s, Some(&config))) {
        Ok(fixed) => Cow::Owned(fixed),
        Err(_) => Cow::Owned(s.to_string()),
    }
}

/// `”` is E2 80 9D in UTF-8; read as Windows-1252 it is `â€` and a byte 0x9D that the
/// code page does not define, which is often dropped on the way. `â€` then ends a word
/// (`peacefulâ€ and`): that is the closing quote.
fn restore_lost_closing_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("â€") {
        let after = &rest[i + "â€".len()..];
        out.push_str(&rest[..i]);
        if after.is_empty() || after.starts_with(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')')) {
            out.push('”');
        } else {
            out.push_str("â€");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A lead byte of a 2- or 3-byte UTF-8 sequence read as Windows-1252/Latin-1 (`Ã`, `Â`, `â`,
/// `Ð`...) directly followed by a continuation byte read the same way.
fn looks_like_mojibake(s: &str) -> bool {
    // Every signature starts with a character in U+00C2..=U+00F4, encoded as 0xC3 0x82..0xB4.
    if !s.as_bytes().contains(&0xC3) {
        return false;
    }
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev
            && ('\u{00C2}'..='\u{00F4}').contains(&p)
            && is_continuation_lookalike(c)
        {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Characters that a UTF-8 continuation byte (0x80–0xBF) becomes in Windows-1252 or Latin-1.
fn is_continuation_lookalike(c: char) -> bool {
    ('\u{0080}'..='\u{00BF}').contains(&c)
        || matches!(
            c,
            '€' | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
        )
}

/// A `?` standing where a no-break or thin space was lost in transcoding, between sentence
/// punctuation and the next word: `2025.?Photo` → `2025. Photo`.
pub fn fix_lost_space(s: &str) -> Cow<'_, str> {
    if !s.contains('?') {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let lost = c == '?' && i > 0 && matches!(chars[i - 1], '.' | ',' | ';' | ':') && chars.get(i + 1).is_some_and(|n| n.is_uppercase());
        out.push(if lost { ' ' } else { c });
    }
    Cow::Owned(out)
}

/// One space for every run of whitespace (Unicode's, including no-break and other special
/// spaces); control, zero-width and soft-hyphen characters removed; no leading or trailing
/// space.
pub fn collapse_whitespace(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) || c.is_control() && !c.is_whitespace() {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Already free of leading, trailing, doubled or special spaces and of control characters.
fn is_collapsed(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    if s.is_ascii() {
        return !bytes.windows(2).any(|w| w == b"  ") && !bytes.iter().any(|b| b.is_ascii_control());
    }
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
        } else if c.is_whitespace() || c.is_control() || is_invisible(c) {
            return false;
        } else {
            prev_space = false;
        }
    }
    true
}

/// Zero-width, formatting and replacement-noise characters that carry no text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{200E}' | '\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_tail_at_the_start_is_dropped() {
        assert_eq!(
            strip_attribute_tail("MK sports 2025.?Photo: Xinhua\" src=\"https://x/a.jpeg\" />Chinese President Xi"),
            "Chinese President Xi"
        );
        assert_eq!(strip_attribute_tail("A caption\" src='a.jpg'>Text"), "Text");
        assert_eq!(strip_attribute_tail("He said x > y"), "He said x > y");
        assert_eq!(strip_attribute_tail("Score \"high\" > 5"), "Score \"high\" > 5");
    }

    #[test]
    fn markup_and_entities_inside_text() {
        assert_eq!(repair("He said &#8220;yes&#8221; &amp; left"), "He said “yes” & left");
        assert_eq!(repair("Text <img src=\"a.jpg\"> more <b>bold</b>"), "Text more bold");
        assert_eq!(repair("double &amp;#8220;escaped&amp;#8221;"), "double “escaped”");
        assert_eq!(repair("5 < 6 and AT&T"), "5 < 6 and AT&T");
    }

    #[test]
    fn mojibake_is_repaired_and_quotes_kept() {
        assert_eq!(fix_mojibake("Parnellâ€™s shares"), "Parnell’s shares");
        assert_eq!(fix_mojibake("a cafÃ© in town"), "a café in town");
        assert_eq!(fix_mojibake("LEGAZPI CITY (PNA) â€“ At least"), "LEGAZPI CITY (PNA) – At least");
        assert_eq!(fix_mojibake("as â€œlargely peacefulâ€\u{9d} and"), "as “largely peaceful” and");
        assert_eq!(fix_mojibake("as â€œlargely peacefulâ€ and"), "as “largely peaceful” and");
        assert_eq!(fix_mojibake("â€œdoneâ€"), "“done”");
        // Correct text is left alone, including straight quotes and Latin-1 letters.
        assert_eq!(fix_mojibake("Für Lucien Favre war es \"der Skandal\""), "Für Lucien Favre war es \"der Skandal\"");
        assert_eq!(fix_mojibake("Ærø og Øresund"), "Ærø og Øresund");
    }

    #[test]
    fn lost_space_after_punctuation() {
        assert_eq!(fix_lost_space("January 21, 2025.?Photo: Xinhua"), "January 21, 2025. Photo: Xinhua");
        assert_eq!(fix_lost_space("Why? Because. What?No"), "Why? Because. What?No");
    }

    #[test]
    fn nfc_controls_and_spaces() {
        assert_eq!(repair("Cafe\u{301}  au\u{00A0}lait\u{200B}\u{0007}!"), "Café au lait!");
        assert_eq!(repair("  a\u{2009}b\t\tc  "), "a b c");
    }
}
