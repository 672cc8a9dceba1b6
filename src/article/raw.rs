//! Reading a message body into a [`RawArticle`]: size and UTF-8 limits, then shape detection
//! (native article, IPTC ninjs 1.x, ninjs 2.x/3.x, or a bare text/HTML body).

use crate::error::{Reject, RejectKind};
use serde_json::{Map, Value};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// The article body as ingestion sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Markup to be turned into text by the normalize stage.
    Html(String),
    /// Plain text (it may still carry tag leftovers; normalization deals with those).
    Text(String),
}

impl Body {
    /// The body's characters, whatever their kind.
    pub fn as_str(&self) -> &str {
        match self {
            Body::Html(s) | Body::Text(s) => s,
        }
    }
}

/// Which input shape a message had; recorded so operators can see what their feeds send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputShape {
    /// `{"id", "headline"|"title", "body"|"body_html"|"body_text", ...}`
    Native,
    /// IPTC ninjs 1.x (`uri`, `headline`, `body_html`/`body_text`/`body_xhtml`).
    Ninjs1,
    /// IPTC ninjs 2.x or 3.x (`uri`, `headlines[]`, `bodies[]`).
    Ninjs2,
    /// A bare body sent with content type `text/plain` or `text/html`.
    Bare,
}

/// An article as received, before any processing. Every optional field is `None` when the
/// input did not carry it (or carried an empty string).
#[derive(Debug, Clone, PartialEq)]
pub struct RawArticle {
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub headline: Option<String>,
    pub body: Body,
    pub language: Option<String>,
    pub published_at: Option<OffsetDateTime>,
    /// How `published_at` was written (feeds send more than RFC 3339).
    pub published_at_form: Option<DateForm>,
    pub byline: Option<String>,
    pub shape: InputShape,
    /// The input's own subject, genre and place tags (ninjs), carried to the output as given.
    pub source_tags: Option<SourceTags>,
    /// Problems that did not stop processing (an unparsable date, say).
    pub warnings: Vec<String>,
}

/// The ways a feed writes a timestamp that [`parse_message`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// `2025-03-11T16:20:00Z`
    Rfc3339,
    /// `Tue, 11 Mar 2025 16:20:00 GMT` (RSS)
    Rfc2822,
    /// `2025-03-11 16:20:00`, read as UTC
    DateTime,
    /// `2025-03-11`, read as midnight UTC
    Date,
}

impl DateForm {
    /// The name recorded in `processing.published_at_form`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateForm::Rfc3339 => "rfc3339",
            DateForm::Rfc2822 => "rfc2822",
            DateForm::DateTime => "datetime",
            DateForm::Date => "date",
        }
    }
}

/// A timestamp in any [`DateForm`], with the form it was in; `None` when it is in none.
pub fn parse_timestamp(s: &str) -> Option<(OffsetDateTime, DateForm)> {
    let s = s.trim();
    if let Ok(d) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some((d, DateForm::Rfc3339));
    }
    if let Ok(d) = OffsetDateTime::parse(s, &Rfc2822) {
        return Some((d, DateForm::Rfc2822));
    }
    let date_time = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    if let Ok(d) = PrimitiveDateTime::parse(s, date_time) {
        return Some((d.assume_utc(), DateForm::DateTime));
    }
    let date = format_description!("[year]-[month]-[day]");
    Date::parse(s, date).ok().map(|d| (d.midnight().assume_utc(), DateForm::Date))
}

/// Tags the input gave the story itself (ninjs `subject`/`subjects`, `genre`/`genres`,
/// `place`/`places`), as JSON objects exactly as sent, so that downstream keeps the agency's
/// own classification beside ours.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SourceTags {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub genre: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Value>,
}

/// The ninjs tags of `obj` (1.x and 2.x/3.x spellings), `None` when it has none; a tag list
/// that is not an array of objects is a reject.
fn source_tags(obj: &Map<String, Value>) -> Result<Option<SourceTags>, Reject> {
    let list = |keys: &[&str]| -> Result<Vec<Value>, Reject> {
        let mut out = Vec::new();
        for key in keys {
            for (i, v) in array_field(obj, key)?.iter().enumerate() {
                match v {
                    Value::Object(_) => out.push(v.clone()),
                    other => {
                        return Err(Reject::input(
                            RejectKind::InvalidField,
                            format!("{key}[{i}] must be an object, found {}", json_type(other)),
                        ));
                    }
                }
            }
        }
        Ok(out)
    };
    let tags =
        SourceTags { subjects: list(&["subject", "subjects"])?, genre: list(&["genre", "genres"])?, places: list(&["place", "places"])? };
    Ok((!tags.subjects.is_empty() || !tags.genre.is_empty() || !tags.places.is_empty()).then_some(tags))
}

/// Parses one message body.
///
/// `content_type` is the AMQP `content_type` property: `text/plain` or `text/html` make the
/// whole body the article text, with `message_id` as its id. Anything else is read as JSON.
/// When no id can be found, the id is a UUID v5 of the body bytes, so a redelivery keeps it.
///
/// Returns a [`Reject`] when the message can never be processed: over `max_bytes`, not UTF-8,
/// not JSON, an unknown shape, a field of the wrong type, or an empty body.
pub fn parse_message(bytes: &[u8], content_type: Option<&str>, message_id: Option<&str>, max_bytes: usize) -> Result<RawArticle, Reject> {
    if bytes.len() > max_bytes {
        return Err(Reject::input(RejectKind::TooLarge, format!("message is {} bytes, the limit is {max_bytes}", bytes.len())));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Reject::input(RejectKind::EmptyBody, "message body is empty"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Reject::input(RejectKind::InvalidUtf8, format!("body is not valid UTF-8: {e}")))?;
    let fallback_id = || match message_id {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        _ => uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, bytes).to_string(),
    };
    let media_type = content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).unwrap_or_default();
    if media_type == "text/plain" || media_type == "text/html" {
        let body = if media_type == "text/html" { Body::Html(text.to_string()) } else { Body::Text(text.to_string()) };
        ensure_body(&body)?;
        return Ok(RawArticle {
            id: fallback_id(),
            url: None,
            source: None,
            headline: None,
            body,
            language: None,
            published_at: None,
            published_at_form: None,
            byline: None,
            shape: InputShape::Bare,
            source_tags: None,
            warnings: Vec::new(),
        });
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| Reject::input(RejectKind::MalformedJson, format!("body is not valid JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(Reject::input(RejectKind::UnsupportedShape, "body is JSON but not an object; expected an article or a ninjs item"));
    };
    let article = if obj.contains_key("bodies") || obj.contains_key("headlines") {
        parse_ninjs2(&obj, fallback_id)?
    } else if obj.contains_key("uri") && !obj.contains_key("id") {
        parse_ninjs1(&obj, fallback_id)?
    } else if ["id", "body", "body_html", "body_text", "headline", "title"].iter().any(|k| obj.contains_key(*k)) {
        parse_native(&obj, fallback_id)?
    } else {
        return Err(Reject::input(
            RejectKind::UnsupportedShape,
            "JSON object has none of the fields of a native article (id, body, headline) \
             or a ninjs item (uri, headlines, bodies, body_html)",
        ));
    };
    ensure_body(&article.body)?;
    Ok(article)
}

fn ensure_body(body: &Body) -> Result<(), Reject> {
    if body.as_str().trim().is_empty() {
        return Err(Reject::input(RejectKind::EmptyBody, "article body is empty"));
    }
    Ok(())
}

fn parse_native(obj: &Map<String, Value>, fallback_id: impl Fn() -> String) -> Result<RawArticle, Reject> {
    let body = if let Some(html) = string_field(obj, "body_html")? {
        Body::Html(html)
    } else if let Some(text) = string_field(obj, "body_text")? {
        Body::Text(text)
    } else if let Some(body) = string_field(obj, "body")? {
        if looks_like_html(&body) { Body::Html(body) } else { Body::Text(body) }
    } else {
        return Err(Reject::input(RejectKind::EmptyBody, "native article has no body, body_html or body_text"));
    };
    let mut warnings = Vec::new();
    let published = date_field(obj, "published_at", &mut warnings)?;
    Ok(RawArticle {
        id: id_field(obj, "id")?.unwrap_or_else(fallback_id),
        url: string_field(obj, "url")?,
        source: string_field(obj, "source")?,
        headline: match string_field(obj, "headline")? {
            Some(h) => Some(h),
            None => string_field(obj, "title")?,
        },
        body,
        language: string_field(obj, "language")?,
        published_at: published.map(|(d, _)| d),
        published_at_form: published.map(|(_, f)| f),
        byline: string_field(obj, "byline")?,
        shape: InputShape::Native,
        source_tags: None,
        warnings,
    })
}

fn parse_ninjs1(obj: &Map<String, Value>, fallback_id: impl Fn() -> String) -> Result<RawArticle, Reject> {
    let body = if let Some(html) = string_field(obj, "body_html")? {
        Body::Html(html)
    } else if let Some(xhtml) = string_field(obj, "body_xhtml")? {
        Body::Html(xhtml)
    } else if let Some(text) = string_field(obj, "body_text")? {
        Body::Text(text)
    } else {
        return Err(Reject::input(RejectKind::EmptyBody, "ninjs 1.x item has no body_html, body_xhtml or body_text"));
    };
    let mut warnings = Vec::new();
    let published = match date_field(obj, "versioncreated", &mut warnings)? {
        Some(d) => Some(d),
        None => date_field(obj, "firstcreated", &mut warnings)?,
    };
    Ok(RawArticle {
        id: id_field(obj, "uri")?.unwrap_or_else(fallback_id),
        url: None,
        source: copyright_holder(obj)?,
        headline: string_field(obj, "headline")?,
        body,
        language: string_field(obj, "language")?,
        published_at: published.map(|(d, _)| d),
        published_at_form: published.map(|(_, f)| f),
        byline: string_field(obj, "byline")?,
        shape: InputShape::Ninjs1,
        source_tags: source_tags(obj)?,
        warnings,
    })
}

fn parse_ninjs2(obj: &Map<String, Value>, fallback_id: impl Fn() -> String) -> Result<RawArticle, Reject> {
    let headlines = array_field(obj, "headlines")?;
    let headline = pick_by_role(headlines, &["main", "default", ""])?
        .and_then(|h| h.get("value").and_then(Value::as_str).map(str::to_string))
        .filter(|s| !s.trim().is_empty());
    let bodies = array_field(obj, "bodies")?;
    let mut body = pick_body(bodies)?;
    if body.is_none() {
        // Some agencies (NTB's example) send only a text description and no body.
        body = pick_body(array_field(obj, "descriptions")?)?;
    }
    let Some(body) = body else {
        return Err(Reject::input(RejectKind::EmptyBody, "ninjs item has no usable entry in bodies[] or descriptions[]"));
    };
    let mut warnings = Vec::new();
    let mut published = None;
    for key in ["versionCreated", "versioncreated", "firstCreated", "firstcreated"] {
        if let Some(d) = date_field(obj, key, &mut warnings)? {
            published = Some(d);
            break;
        }
    }
    Ok(RawArticle {
        id: id_field(obj, "uri")?.unwrap_or_else(fallback_id),
        url: None,
        source: copyright_holder(obj)?,
        headline,
        body,
        language: string_field(obj, "language")?,
        published_at: published.map(|(d, _)| d),
        published_at_form: published.map(|(_, f)| f),
        byline: match string_field(obj, "by")? {
            Some(b) => Some(b),
            None => string_field(obj, "byline")?,
        },
        shape: InputShape::Ninjs2,
        source_tags: source_tags(obj)?,
        warnings,
    })
}

/// Chooses the article body among ninjs `bodies[]`: HTML before plain text, the main role first.
fn pick_body(entries: &[Value]) -> Result<Option<Body>, Reject> {
    let mut best: Option<(u8, Body)> = None;
    for (i, entry) in entries.iter().enumerate() {
        let Value::Object(e) = entry else {
            return Err(Reject::input(RejectKind::InvalidField, format!("bodies[{i}] is not an object")));
        };
        let Some(value) = string_field(e, "value")? else { continue };
        let content_type = match string_field(e, "contentType")? {
            Some(c) => c,
            None => string_field(e, "contenttype")?.unwrap_or_default(),
        }
        .to_ascii_lowercase();
        let role = string_field(e, "role")?.unwrap_or_default();
        let is_text = content_type.starts_with("text/plain");
        let body = if is_text { Body::Text(value) } else { Body::Html(value) };
        let rank = u8::from(is_text) * 2 + u8::from(role != "main" && role != "html");
        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, body));
        }
    }
    Ok(best.map(|(_, b)| b))
}

fn pick_by_role<'a>(entries: &'a [Value], roles: &[&str]) -> Result<Option<&'a Map<String, Value>>, Reject> {
    let mut objects = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        match entry {
            Value::Object(o) => objects.push(o),
            _ => {
                return Err(Reject::input(RejectKind::InvalidField, format!("headlines[{i}] is not an object")));
            }
        }
    }
    for role in roles {
        if let Some(o) = objects.iter().find(|o| o.get("role").and_then(Value::as_str).unwrap_or("") == *role) {
            return Ok(Some(o));
        }
    }
    Ok(objects.first().copied())
}

fn copyright_holder(obj: &Map<String, Value>) -> Result<Option<String>, Reject> {
    match string_field(obj, "copyrightHolder")? {
        Some(s) => Ok(Some(s)),
        None => string_field(obj, "copyrightholder"),
    }
}

/// A string field; `None` when absent, null or blank; a reject when of another type.
fn string_field(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Reject> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Reject::input(RejectKind::InvalidField, format!("field `{key}` must be a string, found {}", json_type(other)))),
    }
}

/// An identifier: a string, or a number (some CMS exports send numeric ids).
fn id_field(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Reject> {
    match obj.get(key) {
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        _ => Ok(string_field(obj, key)?.map(|s| s.trim().to_string())),
    }
}

fn array_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a [Value], Reject> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(other) => Err(Reject::input(RejectKind::InvalidField, format!("field `{key}` must be an array, found {}", json_type(other)))),
    }
}

/// A timestamp in one of the [`DateForm`]s, with its form. A string that does not parse is
/// dropped with a warning (feeds send odd dates, and losing the article for it would be
/// worse); another JSON type is a reject.
fn date_field(obj: &Map<String, Value>, key: &str, warnings: &mut Vec<String>) -> Result<Option<(OffsetDateTime, DateForm)>, Reject> {
    let Some(s) = string_field(obj, key)? else { return Ok(None) };
    match parse_timestamp(&s) {
        Some(d) => Ok(Some(d)),
        None => {
            warnings.push(format!("{key} ignored: {s:?} is no timestamp (RFC 3339, RFC 2822, YYYY-MM-DD hh:mm:ss or YYYY-MM-DD)"));
            Ok(None)
        }
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether a body that did not say what it is should be read as HTML: it holds a common tag.
pub fn looks_like_html(body: &str) -> bool {
    const TAGS: [&str; 16] =
        ["p", "div", "br", "span", "a", "h1", "h2", "h3", "li", "ul", "figure", "section", "article", "blockquote", "strong", "em"];
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(pos) = body[from..].find('<') {
        let start = from + pos + 1;
        let rest = &bytes[start..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let name_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len > 0
            && matches!(rest.get(name_len), Some(b'>' | b' ' | b'/' | b'\n' | b'\t'))
            && TAGS.iter().any(|t| t.as_bytes().eq_ignore_ascii_case(&rest[..name_len]))
        {
            return true;
        }
        from = start;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 2 * 1024 * 1024;

    #[test]
    fn feeds_date_formats_are_read_and_named() {
        let at = |s: &str| parse(&format!(r#"{{"id":"x","body":"b","published_at":"{s}"}}"#)).unwrap();
        let cases = [
            ("2025-03-11T16:20:00Z", "rfc3339"),
            ("Tue, 11 Mar 2025 16:20:00 GMT", "rfc2822"),
            ("Tue, 11 Mar 2025 17:20:00 +0100", "rfc2822"),
            ("2025-03-11 16:20:00", "datetime"),
        ];
        for (written, form) in cases {
            let a = at(written);
            assert_eq!(a.published_at.map(|d| d.unix_timestamp()), Some(1741710000), "{written}");
            assert_eq!(a.published_at_form.map(DateForm::as_str), Some(form), "{written}");
            assert!(a.warnings.is_empty(), "{written}: {:?}", a.warnings);
        }
        let a = at("2025-03-11");
        assert_eq!(a.published_at.map(|d| (d.date().to_string(), d.hour())), Some(("2025-03-11".to_string(), 0)));
        assert_eq!(a.published_at_form, Some(DateForm::Date));
        let ninjs = parse(r#"{"uri":"u","body_text":"b","versioncreated":"Tue, 11 Mar 2025 16:20:00 GMT"}"#).unwrap();
        assert_eq!(ninjs.published_at_form, Some(DateForm::Rfc2822));
    }

    #[test]
    fn ninjs_subjects_genre_and_places_are_carried_as_given() {
        let a = parse(
            r#"{"uri":"u","headlines":[{"value":"H"}],"bodies":[{"value":"<p>b</p>"}],
                "subjects":[{"name":"politics","uri":"http://cv.iptc.org/newscodes/mediatopic/11000000"}],
                "genres":[{"name":"Current","code":"current"}],"places":[{"name":"Oslo"}]}"#,
        )
        .unwrap();
        let tags = a.source_tags.unwrap();
        assert_eq!(tags.subjects[0]["uri"], "http://cv.iptc.org/newscodes/mediatopic/11000000");
        assert_eq!(tags.genre[0]["code"], "current");
        assert_eq!(tags.places[0]["name"], "Oslo");
        let v1 = parse(r#"{"uri":"u","body_text":"b","subject":[{"name":"sport","code":"15000000"}]}"#).unwrap();
        assert_eq!(v1.source_tags.map(|t| t.subjects.len()), Some(1));
        assert!(parse(r#"{"uri":"u","body_text":"b"}"#).unwrap().source_tags.is_none());
        assert_eq!(parse(r#"{"uri":"u","body_text":"b","subject":["sport"]}"#).unwrap_err().kind, RejectKind::InvalidField);
    }

    #[test]
    fn an_empty_message_is_an_empty_body_not_malformed_json() {
        for body in [&b""[..], b"  \n", b"\t"] {
            let e = parse_message(body, None, None, MAX).unwrap_err();
            assert_eq!((e.kind, e.message.as_str()), (RejectKind::EmptyBody, "message body is empty"), "{body:?}");
        }
        let e = parse_message(b"", Some("text/plain"), Some("m1"), MAX).unwrap_err();
        assert_eq!(e.kind, RejectKind::EmptyBody);
    }

    #[test]
    fn html_is_told_from_text_by_its_tags() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("a<br/>b"));
        assert!(!looks_like_html("5 < 6 and x<y"));
        assert!(!looks_like_html("plain text"));
    }

    fn parse(s: &str) -> Result<RawArticle, Reject> {
        parse_message(s.as_bytes(), Some("application/json"), None, MAX)
    }

    #[test]
    fn native_article_with_html_body() {
        let a = parse(
            r#"{"id":"a1","title":"T","body":"<p>Hello</p>","language":"en",
            "published_at":"2025-01-21T10:00:00Z","byline":"By Ann Lee","source":"X","url":"https://x"}"#,
        )
        .unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.headline.as_deref(), Some("T"));
        assert_eq!(a.body, Body::Html("<p>Hello</p>".into()));
        assert_eq!(a.shape, InputShape::Native);
        assert_eq!(a.published_at.map(|d| d.year()), Some(2025));
        assert_eq!(a.byline.as_deref(), Some("By Ann Lee"));
    }

    #[test]
    fn native_plain_body_is_text() {
        let a = parse(r#"{"id":7,"body":"Just words."}"#).unwrap();
        assert_eq!(a.id, "7");
        assert_eq!(a.body, Body::Text("Just words.".into()));
    }

    #[test]
    fn ninjs1_prefers_html() {
        let a = parse(
            r#"{"uri":"urn:x","headline":"H","body_text":"plain","body_html":"<p>rich</p>",
            "versioncreated":"2013-07-09T10:37:00Z","language":"en"}"#,
        )
        .unwrap();
        assert_eq!(a.shape, InputShape::Ninjs1);
        assert_eq!(a.id, "urn:x");
        assert_eq!(a.body, Body::Html("<p>rich</p>".into()));
    }

    #[test]
    fn ninjs2_headline_and_body_by_role() {
        let a = parse(
            r#"{"uri":"urn:y","headlines":[{"role":"sub","value":"S"},{"role":"main","value":"M"}],
            "bodies":[{"role":"text","contentType":"text/plain","value":"plain"},
                      {"role":"main","contentType":"text/html","value":"<p>html</p>"}],
            "versionCreated":"2019-05-10T16:02:28+02:00","by":"NTB","language":"nb-NO"}"#,
        )
        .unwrap();
        assert_eq!(a.shape, InputShape::Ninjs2);
        assert_eq!(a.headline.as_deref(), Some("M"));
        assert_eq!(a.body, Body::Html("<p>html</p>".into()));
        assert_eq!(a.byline.as_deref(), Some("NTB"));
    }

    #[test]
    fn ninjs_description_when_no_body() {
        let a = parse(
            r#"{"uri":"urn:z","headlines":[{"role":"main","value":"H"}],
            "descriptions":[{"role":"text","contentType":"text/plain","value":"Desc."}]}"#,
        )
        .unwrap();
        assert_eq!(a.body, Body::Text("Desc.".into()));
    }

    #[test]
    fn bare_text_uses_message_id() {
        let a = parse_message(b"Some text", Some("text/plain; charset=utf-8"), Some("m-1"), MAX).unwrap();
        assert_eq!(a.id, "m-1");
        assert_eq!(a.shape, InputShape::Bare);
        let h = parse_message(b"<p>x</p>", Some("text/html"), None, MAX).unwrap();
        assert_eq!(h.body, Body::Html("<p>x</p>".into()));
        let again = parse_message(b"<p>x</p>", Some("text/html"), None, MAX).unwrap();
        assert_eq!(h.id, again.id, "content-derived ids are deterministic");
    }

    #[test]
    fn rejects_name_their_kind() {
        let kind = |r: Result<RawArticle, Reject>| r.unwrap_err().kind;
        assert_eq!(kind(parse_message(b"{\"body\":\"x\"}", None, None, 5)), RejectKind::TooLarge);
        assert_eq!(kind(parse_message(&[0xff, 0xfe, b'{'], None, None, MAX)), RejectKind::InvalidUtf8);
        assert_eq!(kind(parse("{not json")), RejectKind::MalformedJson);
        assert_eq!(kind(parse("[1,2]")), RejectKind::UnsupportedShape);
        assert_eq!(kind(parse(r#"{"foo":1}"#)), RejectKind::UnsupportedShape);
        assert_eq!(kind(parse(r#"{"id":"x","body":"   "}"#)), RejectKind::EmptyBody);
        assert_eq!(kind(parse(r#"{"id":"x"}"#)), RejectKind::EmptyBody);
        assert_eq!(kind(parse(r#"{"id":"x","body":42}"#)), RejectKind::InvalidField);
        assert_eq!(kind(parse(r#"{"uri":"u","headlines":"oops","bodies":[]}"#)), RejectKind::InvalidField);
        assert_eq!(kind(parse_message(b"  ", Some("text/plain"), None, MAX)), RejectKind::EmptyBody);
    }

    #[test]
    fn bad_date_is_a_warning_not_a_reject() {
        let a = parse(r#"{"id":"x","body":"b","published_at":"yesterday"}"#).unwrap();
        assert!(a.published_at.is_none());
        assert_eq!(a.warnings.len(), 1);
    }
}
