//! Normalization: the raw body (HTML or text) to clean text split into paragraphs with roles.
//!
//! HTML is read with html5ever's tokenizer (a spec-compliant, error-tolerant HTML tokenizer):
//! block elements end paragraphs, `script`/`style`/embed machinery is dropped, entities are
//! decoded. Plain text is split on line breaks. Whitespace runs (including no-break spaces)
//! collapse to one space. Paragraphs are joined with a blank line; offsets count code points.

use crate::article::{Body, Paragraph, ParagraphRole};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// The separator between paragraphs in `text`.
pub const PARAGRAPH_SEPARATOR: &str = "\n\n";

/// Normalized text and its paragraphs (code-point offsets into `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
}

/// Whether a body that did not say what it is should be read as HTML: it holds at least one
/// common block or inline tag.
pub fn looks_like_html(body: &str) -> bool {
    const TAGS: [&str; 16] = [
        "p", "div", "br", "span", "a", "h1", "h2", "h3", "li", "ul", "figure", "section",
        "article", "blockquote", "strong", "em",
    ];
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(pos) = body[from..].find('<') {
        let start = from + pos + 1;
        let rest = &bytes[start..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let name_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len > 0 {
            let after = rest.get(name_len).copied();
            if matches!(after, Some(b'>' | b' ' | b'/' | b'\n' | b'\t')) {
                let name = &rest[..name_len];
                if TAGS.iter().any(|t| t.as_bytes().eq_ignore_ascii_case(name)) {
                    return true;
                }
            }
        }
        from = start;
    }
    false
}

/// Normalizes a body. Never panics; the result may have no paragraphs when the body holds no
/// visible text.
pub fn normalize(body: &Body) -> Normalized {
    let blocks = match body {
        Body::Html(html) => html_blocks(html),
        Body::Text(text) => text
            .split('\n')
            .map(|line| (ParagraphRole::Body, line.to_string()))
            .collect(),
    };
    assemble(blocks)
}

/// Collapses whitespace in each block, drops empty ones and joins them with code-point offsets.
fn assemble(blocks: Vec<(ParagraphRole, String)>) -> Normalized {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    let mut chars = 0usize;
    for (role, raw) in blocks {
        let clean = collapse_whitespace(&raw);
        if clean.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str(PARAGRAPH_SEPARATOR);
            chars += PARAGRAPH_SEPARATOR.chars().count();
        }
        let len = clean.chars().count();
        text.push_str(&clean);
        paragraphs.push(Paragraph { start: chars, end: chars + len, role });
        chars += len;
    }
    Normalized { text, paragraphs }
}

/// One space for every run of whitespace (Unicode's, which includes no-break spaces) and
/// control characters; no leading or trailing space.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            if is_invisible(c) {
                continue;
            }
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Zero-width and formatting characters that carry no text.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

const BLOCK_TAGS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article",
    "header", "footer", "aside", "figure", "figcaption", "table", "tr", "td", "th", "pre", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "address", "body.content", "block", "hl1",
    "hl2", "byline", "dateline",
];

/// Elements whose whole content is machinery, not article text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "head", "title", "button", "form", "select", "audio", "video", "canvas",
];

/// Collects block texts from HTML through html5ever's tokenizer.
struct BlockSink {
    state: RefCell<SinkState>,
}

#[derive(Default)]
struct SinkState {
    blocks: Vec<(ParagraphRole, String)>,
    current: String,
    /// The role of the innermost open element that gives one (heading, caption, byline).
    role_stack: Vec<(String, ParagraphRole)>,
    /// Depth inside skipped elements, with the name of each one opened.
    skip_stack: Vec<String>,
}

impl SinkState {
    fn role(&self) -> ParagraphRole {
        self.role_stack.last().map_or(ParagraphRole::Body, |(_, r)| *r)
    }

    fn flush(&mut self) {
        if !self.current.trim().is_empty() {
            let role = self.role();
            self.blocks.push((role, std::mem::take(&mut self.current)));
        } else {
            self.current.clear();
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if !self.skip_stack.is_empty() {
            if tag.kind == TagKind::EndTag && self.skip_stack.last().is_some_and(|n| n == name) {
                self.skip_stack.pop();
            } else if tag.kind == TagKind::StartTag && !tag.self_closing && SKIPPED_TAGS.contains(&name) {
                self.skip_stack.push(name.to_string());
            }
            return TokenSinkResult::Continue;
        }
        if tag.kind == TagKind::StartTag && SKIPPED_TAGS.contains(&name) {
            if tag.self_closing {
                return TokenSinkResult::Continue;
            }
            self.skip_stack.push(name.to_string());
            return match name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "iframe" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
                "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                _ => TokenSinkResult::Continue,
            };
        }
        if BLOCK_TAGS.contains(&name) {
            self.flush();
        } else if name == "img" {
            self.current.push(' ');
        }
        let role = element_role(tag);
        match (tag.kind, role) {
            (TagKind::StartTag, Some(role)) if !tag.self_closing => {
                self.flush();
                self.role_stack.push((name.to_string(), role));
            }
            (TagKind::EndTag, _) => {
                if let Some(pos) = self.role_stack.iter().rposition(|(n, _)| n == name) {
                    self.flush();
                    self.role_stack.truncate(pos);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The paragraph role an element gives its content, by tag name or class.
fn element_role(tag: &Tag) -> Option<ParagraphRole> {
    let by_name = match &*tag.name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hl1" | "hl2" => Some(ParagraphRole::Heading),
        "figcaption" | "caption" => Some(ParagraphRole::Caption),
        "byline" => Some(ParagraphRole::Byline),
        "dateline" => Some(ParagraphRole::Dateline),
        _ => None,
    };
    if by_name.is_some() {
        return by_name;
    }
    let class = tag
        .attrs
        .iter()
        .find(|a| &*a.name.local == "class")
        .map(|a| a.value.to_ascii_lowercase())?;
    if class.contains("byline") {
        Some(ParagraphRole::Byline)
    } else if class.contains("caption") {
        Some(ParagraphRole::Caption)
    } else if class.contains("credit") {
        Some(ParagraphRole::Credit)
    } else if class.contains("dateline") {
        Some(ParagraphRole::Dateline)
    } else {
        None
    }
}

impl TokenSink for BlockSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => state.tag(&tag),
            Token::CharacterTokens(chars) => {
                if state.skip_stack.is_empty() {
                    state.current.push_str(&chars);
                }
                TokenSinkResult::Continue
            }
            Token::EOFToken => {
                state.flush();
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

fn html_blocks(html: &str) -> Vec<(ParagraphRole, String)> {
    let sink = BlockSink { state: RefCell::new(SinkState::default()) };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    // `feed` only stops early for <script> handling by a tree builder; we never ask it to.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.take();
    state.flush();
    state.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: &Normalized) -> Vec<(&str, ParagraphRole)> {
        let chars: Vec<char> = n.text.chars().collect();
        n.paragraphs
            .iter()
            .map(|p| {
                let start = n.text.char_indices().nth(p.start).map_or(n.text.len(), |(i, _)| i);
                let end = n.text.char_indices().nth(p.end).map_or(n.text.len(), |(i, _)| i);
                assert!(p.end <= chars.len());
                (&n.text[start..end], p.role)
            })
            .collect()
    }

    #[test]
    fn html_blocks_become_paragraphs() {
        let n = normalize(&Body::Html(
            "<h2>Title</h2><p>First &amp; <b>bold</b>&nbsp;text.</p><script>var x = '<p>';</script>\
             <figure><img src=a.jpg><figcaption>A caption</figcaption></figure><p>Second</p>"
                .into(),
        ));
        assert_eq!(
            texts(&n),
            vec![
                ("Title", ParagraphRole::Heading),
                ("First & bold text.", ParagraphRole::Body),
                ("A caption", ParagraphRole::Caption),
                ("Second", ParagraphRole::Body),
            ]
        );
        assert_eq!(n.text, "Title\n\nFirst & bold text.\n\nA caption\n\nSecond");
    }

    #[test]
    fn byline_class_is_recognised() {
        let n = normalize(&Body::Html("<p class=\"byline\">By Ann Lee</p><p>Body</p>".into()));
        assert_eq!(texts(&n)[0], ("By Ann Lee", ParagraphRole::Byline));
    }

    #[test]
    fn text_lines_and_whitespace() {
        let n = normalize(&Body::Text("  One\u{00A0}\u{00A0}two \n\n\nThree\u{200B}four\r\n".into()));
        assert_eq!(n.text, "One two\n\nThreefour");
        assert_eq!(n.paragraphs.len(), 2);
    }

    #[test]
    fn offsets_count_code_points() {
        let n = normalize(&Body::Text("Zürich café\nNext".into()));
        assert_eq!(n.paragraphs[1].start, "Zürich café\n\n".chars().count());
        assert_eq!(n.paragraphs[1].end, n.text.chars().count());
    }

    #[test]
    fn broken_markup_does_not_fail() {
        let n = normalize(&Body::Html("<p>Open <b>never closed <div><p>x</".into()));
        assert!(n.text.contains("Open never closed"));
    }

    #[test]
    fn html_detection() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("a<br/>b"));
        assert!(!looks_like_html("5 < 6 and x<y"));
        assert!(!looks_like_html("plain text"));
    }
}
