//! Quoted spans of one paragraph: pairs of quote marks, told apart from apostrophes.
//!
//! Styles: straight and curly double quotes, British single quotes (‘…’ and '…'), « » and
//! „ “. An opening mark is closed by the next closing mark of its kind; marks of another
//! kind in between are nested quotes and do not end it. When a second opening mark of the
//! same kind comes before any closing one, the first quote ends there (recovered locally);
//! one left open at the end of the paragraph is reported as open, for the caller to
//! continue in the next paragraph or to drop.
//!
//! A single quote opens only before a letter or digit and after a space, a bracket or a dash
//! (never `’90s`, `’em`, `rock ’n’ roll`); it closes before a space or punctuation. A
//! closing single mark after an `s` and before a lowercase word (`the Joneses’ house`) is a
//! weak close, used only when no stronger one follows in the paragraph.

/// One quoted span: byte offsets into the paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The opening mark.
    pub open: usize,
    /// The quoted words, without the marks.
    pub inner: std::ops::Range<usize>,
    /// Just after the closing mark (the paragraph's end or the next opening mark when open).
    pub end: usize,
    /// Whether a closing mark ends it (false: open at the paragraph's end, or cut short by
    /// a new opening mark).
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Straight,
    Curly,
    Low,
    Guillemet,
    Single,
    StraightSingle,
}

/// Finds the quoted spans of `para`, outermost only, in order.
pub fn find(para: &str) -> Vec<Span> {
    if may_open(para) { scan(para) } else { Vec::new() }
}

/// [`find`] over every character.
fn scan(para: &str) -> Vec<Span> {
    // Typewriter doubles stand for double quotes: ''…'' (some wires) and ``…'' (Penn
    // Treebank style) are read as "…" and “…'' — each pair as one mark, two bytes wide.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(para.len());
    let mut it = para.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        match (c, it.peek()) {
            ('\'', Some((_, '\''))) => {
                it.next();
                chars.push((b, '"'));
            }
            ('`', Some((_, '`'))) => {
                it.next();
                chars.push((b, '“'));
            }
            _ => chars.push((b, c)),
        }
    }
    let width = |j: usize| chars.get(j + 1).map_or(para.len(), |c| c.0) - chars[j].0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|c| c.1);
        let Some(kind) = opener(chars[i].1, prev, next, &chars[i + 1..]) else {
            i += 1;
            continue;
        };
        let open = chars[i].0;
        let start = open + width(i);
        // A single quote that opens the paragraph or a sentence may run on into the next
        // paragraph, as an unclosed double quote does.
        let starts_sentence =
            prev.is_none() || i >= 2 && prev.is_some_and(char::is_whitespace) && matches!(chars[i - 2].1, '.' | '?' | '!' | ':');
        match close(kind, &chars, i + 1, starts_sentence) {
            Close::At(j) => {
                out.push(Span { open, inner: start..chars[j].0, end: chars[j].0 + width(j), closed: true });
                i = j + 1;
            }
            Close::Reopened(j) => {
                out.push(Span { open, inner: start..chars[j].0, end: chars[j].0, closed: false });
                i = j;
            }
            Close::Open => {
                out.push(Span { open, inner: start..para.len(), end: para.len(), closed: false });
                break;
            }
            Close::NotAQuote => i += 1,
        }
    }
    for s in &mut out {
        let t = &para[s.inner.clone()];
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        s.inner = s.inner.start + lead..s.inner.end - trail;
        if s.inner.start > s.inner.end {
            s.inner.end = s.inner.start;
        }
    }
    out.retain(|s| para[s.inner.clone()].chars().any(char::is_alphanumeric));
    out
}

/// Whether `para` holds a mark that [`opener`] could take: a byte scan that settles most
/// paragraphs (no quote, apostrophes inside words only) without decoding every character.
fn may_open(para: &str) -> bool {
    let bytes = para.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        // `"`, and the `` of a Penn Treebank opening pair.
        b'"' | b'`' => true,
        // A straight single mark (or the first of a '' pair) opens only after what
        // `opens_after` allows; `i` is a character boundary, as the mark is ASCII.
        b'\'' => opens_after(para.get(..i).and_then(|s| s.chars().next_back())),
        // «
        0xC2 => bytes.get(i + 1) == Some(&0xAB),
        // “ „ ‘
        0xE2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x9C | 0x9E | 0x98)),
        _ => false,
    })
}

fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '“' | '"' | '‘' | ':' | '/'))
}

/// The kind of quote `c` opens here, if it is an opening mark.
fn opener(c: char, prev: Option<char>, next: Option<char>, rest: &[(usize, char)]) -> Option<Kind> {
    let next_is_word = next.is_some_and(|n| !n.is_whitespace());
    match c {
        '“' => Some(Kind::Curly),
        '„' => Some(Kind::Low),
        '«' => Some(Kind::Guillemet),
        '"' if opens_after(prev) && next_is_word => Some(Kind::Straight),
        '‘' | '\'' if opens_after(prev) && next.is_some_and(char::is_alphanumeric) && !is_elision(rest) => {
            Some(if c == '‘' { Kind::Single } else { Kind::StraightSingle })
        }
        _ => None,
    }
}

/// `’90s`, `’em`, `’n’`, `’til`: an apostrophe at the start of a word.
fn is_elision(rest: &[(usize, char)]) -> bool {
    let word: String = rest.iter().map(|c| c.1).take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let digits_s = word.len() == 3 && word.starts_with(|c: char| c.is_ascii_digit()) && word.ends_with('s');
    digits_s || matches!(word.as_str(), "em" | "n" | "til" | "tis" | "twas" | "cause" | "bout" | "round")
}

enum Close {
    /// The closing mark's index.
    At(usize),
    /// A new opening mark of the same kind at this index, before any closing one.
    Reopened(usize),
    /// No closing mark before the paragraph's end.
    Open,
    /// A single mark with no close: an apostrophe, not a quote.
    NotAQuote,
}

fn close(kind: Kind, chars: &[(usize, char)], from: usize, starts_sentence: bool) -> Close {
    let mut weak = None;
    for j in from..chars.len() {
        let c = chars[j].1;
        let prev = chars[j - 1].1;
        let next = chars.get(j + 1).map(|c| c.1);
        let before_break = next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation() || matches!(n, '—' | '–' | '”' | '…' | '»'));
        match kind {
            Kind::Curly => match c {
                '”' | '"' => return Close::At(j),
                '“' if opens_after(Some(prev)) => return Close::Reopened(j),
                _ => {}
            },
            Kind::Low if matches!(c, '“' | '”') => return Close::At(j),
            Kind::Guillemet if c == '»' => return Close::At(j),
            Kind::Straight if c == '"' => {
                // A mark with a space before and a word after opens a new quote: this one
                // was never closed.
                if prev.is_whitespace() && next.is_some_and(|n| !n.is_whitespace()) {
                    return Close::Reopened(j);
                }
                return Close::At(j);
            }
            Kind::Single | Kind::StraightSingle => {
                let mark = if kind == Kind::Single { '’' } else { '\'' };
                if c == mark && !prev.is_whitespace() && before_break {
                    let possessive =
                        prev == 's' && next.is_some_and(char::is_whitespace) && chars.get(j + 2).is_some_and(|n| n.1.is_lowercase());
                    if !possessive {
                        return Close::At(j);
                    }
                    weak.get_or_insert(j);
                }
            }
            _ => {}
        }
    }
    match (kind, weak) {
        (Kind::Single | Kind::StraightSingle, Some(j)) => Close::At(j),
        (Kind::Single, None) if starts_sentence => Close::Open,
        (Kind::Single | Kind::StraightSingle, None) => Close::NotAQuote,
        _ => Close::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn quoted(p: &str) -> Vec<&str> {
        find(p).into_iter().map(|s| &p[s.inner]).collect()
    }

    #[test]
    fn double_quotes_of_every_style() {
        assert_eq!(quoted("“We lost,” said Park. “Again.”"), vec!["We lost,", "Again."]);
        assert_eq!(quoted("He said \"no way\" and left."), vec!["no way"]);
        assert_eq!(quoted("Er sagte: „Wir bleiben.“ Dann ging er."), vec!["Wir bleiben."]);
        assert_eq!(quoted("Il a dit : « Nous restons. »"), vec!["Nous restons."]);
        assert_eq!(quoted("He said, ''We will walk away,'' and left."), vec!["We will walk away,"]);
        assert_eq!(quoted("He said, ``We will walk away,'' and left."), vec!["We will walk away,"]);
    }

    #[test]
    fn british_single_quotes_are_not_apostrophes() {
        let p = "Raghunathan said: ‘This is the third downgrade. The “self-help” story doesn’t work.’ Shares fell.";
        assert_eq!(quoted(p), vec!["This is the third downgrade. The “self-help” story doesn’t work."]);
        assert_eq!(quoted("Xinhua’s report on the ’90s, don’t ask"), Vec::<&str>::new());
        assert_eq!(quoted("She said there were ‘no plans’ to cut the dividend."), vec!["no plans"]);
        assert_eq!(quoted("the Joneses’ house is ‘very old’ now"), vec!["very old"]);
        assert_eq!(quoted("He said 'never again', twice."), vec!["never again"]);
    }

    #[test]
    fn the_byte_scan_passes_every_opening_mark() {
        for p in ["a “b” c", "a „b“ c", "a «b» c", "a ‘b’ c", "a 'b' c", "a \"b\" c", "a ``b'' c", "a ''b'' c", "—'b' c", "'b' c"]
        {
            assert!(may_open(p), "{p}");
            assert!(!find(p).is_empty(), "{p}");
        }
        for p in ["Xinhua’s report, don’t ask", "Obama's plan", "no marks at all", "a ” stray closer", "», then"] {
            assert!(!may_open(p), "{p}");
        }
    }

    proptest! {
        /// The byte scan passes every paragraph in which the full scan finds a quote.
        #[test]
        fn what_the_byte_scan_skips_holds_no_quote(parts in proptest::collection::vec(prop_oneof![
            "[a-zA-Z0-9]{1,4}",
            proptest::sample::select(vec![" ", ".", ":", "(", "—", "-", "/", "'", "’", "‘", "\"", "“", "”", "„", "«", "»", "`", "é", "–"]).prop_map(String::from),
        ], 0..14)) {
            let p = parts.concat();
            if !may_open(&p) {
                prop_assert!(scan(&p).is_empty(), "{}", p);
            }
        }
    }

    #[test]
    fn nested_quotes_stay_inside() {
        let p = "“He asked me, ‘Where did the money go?’ I had no answer,” she said.";
        assert_eq!(quoted(p), vec!["He asked me, ‘Where did the money go?’ I had no answer,"]);
    }

    #[test]
    fn unbalanced_marks_recover_locally() {
        let s = find("“First part, he said. “Second part,” she said.");
        assert_eq!(s.len(), 2);
        assert!(!s[0].closed && s[1].closed);
        let s = find("He said “this runs to the end");
        assert_eq!(s.len(), 1);
        assert!(!s[0].closed);
        assert!(find("” stray closer and ’ apostrophe").is_empty());
        let s = find("‘The honest answer is that we don’t know yet.");
        assert_eq!((s.len(), s[0].closed), (1, false));
    }
}
