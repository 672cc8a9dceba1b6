//! HTML to blocks of text with html5ever's tokenizer (spec-compliant and error-tolerant: it
//! survives broken or truncated markup). Block elements end a block; `script`, `style` and
//! embed machinery are dropped; entities are decoded. [`inline_text`] does the same for markup
//! left inside plain text, without block structure.

use crate::article::ParagraphRole;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use std::cell::RefCell;

/// A block of text with the role its markup gave it (`None`: ordinary text).
pub type Block = (Option<ParagraphRole>, String);

const BLOCK_TAGS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "header", "footer", "aside", "figure",
    "figcaption", "table", "tr", "td", "th", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "address", "body.content",
    "block", "hl1", "hl2", "byline", "dateline",
];

/// Elements whose whole content is machinery, not article text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "title", "button", "form", "select",
    "audio", "video", "canvas",
];

/// Collects block texts from HTML through html5ever's tokenizer.
struct BlockSink {
    state: RefCell<SinkState>,
}

#[derive(Default)]
struct SinkState {
    blocks: Vec<Block>,
    /// Inline mode: no blocks, block boundaries become spaces.
    inline: bool,
    current: String,
    /// The role of each open element that gives one (heading, caption, byline, chrome), with
    /// the number of elements of the same name opened inside it and not yet closed, so that an
    /// inner `</div>` does not end an outer `<div class="menu">`.
    role_stack: Vec<(String, ParagraphRole, usize)>,
    /// Depth inside skipped elements, with the name of each one opened.
    skip_stack: Vec<String>,
    /// `<article>` elements open around the current position.
    articles_open: usize,
}

impl SinkState {
    /// The innermost role, except that anything inside site chrome (navigation, page header
    /// and footer) is boilerplate, headings included.
    fn role(&self) -> Option<ParagraphRole> {
        if self.role_stack.iter().any(|(_, r, _)| *r == ParagraphRole::Boilerplate) {
            return Some(ParagraphRole::Boilerplate);
        }
        self.role_stack.last().map(|(_, r, _)| *r)
    }

    fn flush(&mut self) {
        if self.inline {
            self.current.push(' ');
            return;
        }
        if !self.current.trim().is_empty() {
            let role = self.role();
            self.blocks.push((role, std::mem::take(&mut self.current)));
        } else {
            self.current.clear();
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let opens = tag.kind == TagKind::StartTag && !tag.self_closing && !VOID_TAGS.contains(&name);
        if name == "body" && self.skip_stack.first().is_some_and(|n| n == "head") {
            // An unclosed <head> ends where the body starts.
            self.skip_stack.clear();
        }
        if !self.skip_stack.is_empty() {
            // Inside dropped content: only track nesting to find where it ends.
            if opens {
                self.skip_stack.push(name.to_string());
            } else if tag.kind == TagKind::EndTag
                && let Some(pos) = self.skip_stack.iter().rposition(|n| n == name)
            {
                self.skip_stack.truncate(pos);
            }
            return raw_kind(tag);
        }
        if opens && (SKIPPED_TAGS.contains(&name) || is_embed(tag)) {
            self.flush();
            self.skip_stack.push(name.to_string());
            return raw_kind(tag);
        }
        if BLOCK_TAGS.contains(&name) {
            self.flush();
        } else if name == "img" {
            self.current.push(' ');
        }
        if tag.kind == TagKind::StartTag && name == "article" {
            self.articles_open += 1;
        } else if tag.kind == TagKind::EndTag && name == "article" {
            self.articles_open = self.articles_open.saturating_sub(1);
        }
        let role = if is_site_chrome(tag, self.articles_open > 0) { Some(ParagraphRole::Boilerplate) } else { element_role(tag) };
        match (tag.kind, role) {
            (TagKind::StartTag, Some(role)) if opens => {
                self.flush();
                self.role_stack.push((name.to_string(), role, 0));
            }
            (TagKind::StartTag, None) if opens => {
                if let Some(entry) = self.role_stack.iter_mut().rev().find(|(n, _, _)| n == name) {
                    entry.2 += 1;
                }
            }
            (TagKind::EndTag, _) => {
                if let Some(pos) = self.role_stack.iter().rposition(|(n, _, _)| n == name) {
                    if self.role_stack[pos].2 > 0 {
                        self.role_stack[pos].2 -= 1;
                    } else {
                        self.flush();
                        self.role_stack.truncate(pos);
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Elements without content or end tag.
const VOID_TAGS: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// After a `script` or `style` start tag the tokenizer must read raw text, not markup.
fn raw_kind(tag: &Tag) -> TokenSinkResult<()> {
    if tag.kind != TagKind::StartTag || tag.self_closing {
        return TokenSinkResult::Continue;
    }
    match &*tag.name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "iframe" | "noscript" | "xmp" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        _ => TokenSinkResult::Continue,
    }
}

/// Embedded posts, share bars, ads and newsletter boxes, recognised by their class.
fn is_embed(tag: &Tag) -> bool {
    const MARKERS: [&str; 12] = [
        "twitter-tweet", "instagram-media", "tiktok-embed", "embed", "social", "share", "newsletter", "advert", "ad-slot", "promo",
        "related", "outbrain",
    ];
    tag.attrs.iter().any(|a| {
        &*a.name.local == "class" && {
            let class = a.value.to_ascii_lowercase();
            MARKERS.iter().any(|m| class.contains(m))
        }
    })
}

/// Whether an element is site chrome, whose text is boilerplate and never a heading:
/// `<nav>` and `<footer>`, a `<header>` outside any `<article>` (inside one it holds the
/// article's own headline), the ARIA landmarks `navigation`, `banner` and `contentinfo`, and
/// classes naming menus, breadcrumbs and site headers or footers.
fn is_site_chrome(tag: &Tag, in_article: bool) -> bool {
    const CLASS_MARKERS: [&str; 7] = ["site-header", "site-footer", "masthead", "navbar", "breadcrumb", "menu", "skip-link"];
    if tag.kind != TagKind::StartTag {
        return false;
    }
    match &*tag.name {
        "nav" | "footer" => return true,
        "header" => return !in_article,
        _ => {}
    }
    tag.attrs.iter().any(|a| match &*a.name.local {
        "role" => matches!(&*a.value.to_ascii_lowercase(), "navigation" | "banner" | "contentinfo"),
        "class" | "id" => {
            let value = a.value.to_ascii_lowercase();
            CLASS_MARKERS.iter().any(|m| value.contains(m))
        }
        _ => false,
    })
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
    let class = tag.attrs.iter().find(|a| &*a.name.local == "class").map(|a| a.value.to_ascii_lowercase())?;
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
                if !state.inline {
                    state.flush();
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The blocks of an HTML document or fragment, in order.
pub fn blocks(html: &str) -> Vec<Block> {
    let state = run(html, false);
    state.blocks
}

/// The text of markup found inside plain text: tags dropped (with the content of `script`,
/// `style` and the like), entities decoded, block boundaries turned into spaces.
pub fn inline_text(html: &str) -> String {
    run(html, true).current
}

fn run(html: &str, inline: bool) -> SinkState {
    let sink = BlockSink { state: RefCell::new(SinkState { inline, ..SinkState::default() }) };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    // `feed` only stops early for <script> handling by a tree builder; we never ask it to.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.take();
    if !inline {
        state.flush();
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_with_roles() {
        let b = blocks(
            "<h2>Title</h2><p>First &amp; <b>bold</b>&nbsp;text.</p><script>var x = '<p>';</script>\
             <figure><img src=a.jpg><figcaption>A caption</figcaption></figure><p class=\"byline\">By A</p><p>Second",
        );
        let texts: Vec<(Option<ParagraphRole>, &str)> = b.iter().map(|(r, t)| (*r, t.trim())).collect();
        assert_eq!(
            texts,
            vec![
                (Some(ParagraphRole::Heading), "Title"),
                (None, "First & bold\u{a0}text."),
                (Some(ParagraphRole::Caption), "A caption"),
                (Some(ParagraphRole::Byline), "By A"),
                (None, "Second"),
            ]
        );
    }

    #[test]
    fn site_chrome_is_boilerplate_and_never_a_heading() {
        let b = blocks(
            "<header><h1>The Daily Courier</h1><nav><ul><li>Home</li><li>Sports</li></ul></nav></header>\
             <div class=\"breadcrumb\"><div>News &gt; Local</div><div>Today</div></div>\
             <article><header><h1>Harbour bridge reopens</h1></header><p>The bridge reopened on Monday.</p></article>\
             <footer><h3>About us</h3><p>Contact the newsroom.</p></footer>",
        );
        let texts: Vec<(Option<ParagraphRole>, &str)> = b.iter().map(|(r, t)| (*r, t.trim())).collect();
        assert_eq!(
            texts,
            vec![
                (Some(ParagraphRole::Boilerplate), "The Daily Courier"),
                (Some(ParagraphRole::Boilerplate), "Home"),
                (Some(ParagraphRole::Boilerplate), "Sports"),
                (Some(ParagraphRole::Boilerplate), "News > Local"),
                (Some(ParagraphRole::Boilerplate), "Today"),
                (Some(ParagraphRole::Heading), "Harbour bridge reopens"),
                (None, "The bridge reopened on Monday."),
                (Some(ParagraphRole::Boilerplate), "About us"),
                (Some(ParagraphRole::Boilerplate), "Contact the newsroom."),
            ]
        );
    }

    #[test]
    fn broken_markup_does_not_fail() {
        let b = blocks("<p>Open <b>never closed <div><p>x</");
        assert!(b.iter().any(|(_, t)| t.contains("Open never closed")));
        assert!(blocks("<").is_empty() || blocks("<").iter().all(|(_, t)| t.trim() == "<"));
    }

    #[test]
    fn embeds_are_dropped() {
        let b = blocks(
            "<p>Before</p><blockquote class=\"twitter-tweet\"><p>Tweet text</p></blockquote>\
            <script async src=\"https://platform.twitter.com/widgets.js\"></script><iframe src=x>fallback</iframe><p>After</p>",
        );
        let all: String = b.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("|");
        assert!(!all.contains("widgets") && !all.contains("fallback"), "{all}");
        assert!(all.contains("Before") && all.contains("After"));
    }

    #[test]
    fn inline_text_strips_tags_and_decodes() {
        assert_eq!(inline_text("a <b>bold</b> &amp; <br/>new"), "a bold &  new");
        assert_eq!(inline_text("5 < 6 and AT&T"), "5 < 6 and AT&T");
    }
}
