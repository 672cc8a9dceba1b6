//! Normalization over articles written for these tests, in `tests/fixtures/`: an article
//! shaped like a scraped news page (tag leftovers, caption and credit, a glued subhead), ninjs
//! items of each version, and short articles full of site furniture. Nothing outside the
//! repository is read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use news_enricher::article::{EnrichedArticle, ParagraphRole, parse_message};
use news_enricher::pipeline::{Pipeline, PipelineMode, detect_language};
use std::path::PathBuf;

/// The contents of `tests/fixtures/<path>`.
fn fixture(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn enrich(json: &str) -> EnrichedArticle {
    let raw = parse_message(json.as_bytes(), None, None, 4 << 20).expect("input parses");
    Pipeline::new(PipelineMode::Full).expect("pipeline loads").process(raw).expect("article is enriched")
}

fn paragraphs(doc: &EnrichedArticle) -> Vec<(ParagraphRole, String)> {
    let chars: Vec<char> = doc.text.chars().collect();
    doc.paragraphs.iter().map(|p| (p.role, chars[p.start..p.end].iter().collect())).collect()
}

/// `tests/fixtures/seed-like-article.txt`, a plain-text body as a scraper hands it over: it
/// opens with the tail of a cut `<img ... />` tag and site furniture, then a photo caption
/// ending in its credit; no language is stated.
fn seed_like() -> EnrichedArticle {
    let body = fixture("seed-like-article.txt");
    enrich(&serde_json::json!({"id": "seed-like", "body": body, "published_at": "2025-03-04T10:00:00Z"}).to_string())
}

/// The broken image tag before the text, its URL and the site furniture in its alt text are
/// gone, and the text starts with the caption.
#[test]
fn seed_like_article_has_no_tag_leftovers() {
    let doc = seed_like();
    let start: String = doc.text.chars().take(300).collect();
    for leftover in ["<", "/>", "src=", ".jpeg\"", "southernwire.example", "?Photo", "Southern Wire Energy"] {
        assert!(!doc.text.contains(leftover), "{leftover:?} left in:\n{start}");
    }
    assert!(doc.text.starts_with("Chilean Energy Minister Valentina Ortúzar (left) speaks with"), "{start}");
}

/// The photo caption is a caption, its "Photo: Reuters" credit a paragraph of its own, and
/// neither is body text.
#[test]
fn seed_like_caption_and_credit_are_recognised() {
    let paras = paragraphs(&seed_like());
    let caption = paras
        .iter()
        .position(|(r, t)| *r == ParagraphRole::Caption && t.starts_with("Chilean Energy Minister Valentina Ortúzar (left) speaks with"));
    let caption = caption.expect("the photo caption is a caption");
    assert_eq!(paras[caption + 1], (ParagraphRole::Credit, "Photo: Reuters".to_string()));
    assert!(paras.iter().filter(|(r, _)| *r == ParagraphRole::Body).all(|(_, t)| !t.contains("(left) speaks with")));
}

/// "Shipping lanes ahead The meeting between…" is split into a heading and the body paragraph
/// after it; the subhead on a line of its own is a heading too.
#[test]
fn seed_like_glued_subhead_is_split_off() {
    let paras = paragraphs(&seed_like());
    let i = paras.iter().position(|(_, t)| t == "Shipping lanes ahead").expect("subhead split off");
    assert_eq!(paras[i].0, ParagraphRole::Heading);
    assert_eq!(paras[i + 1].0, ParagraphRole::Body);
    assert!(paras[i + 1].1.starts_with("The meeting between the two ministers"), "{:?}", paras[i + 1]);
    assert!(paras.iter().any(|(r, t)| *r == ParagraphRole::Heading && t == "Building ports before pipelines"));
}

/// People named in full and then by surname are one entity each, and so is an organisation
/// named in full with its acronym and then by the acronym; agencies, the site's name and a
/// surname after "Echoing" are no people; offsets point at the mentions; nothing is taken
/// from the caption or credit.
#[test]
fn seed_like_entities_are_resolved_and_typed() {
    let doc = seed_like();
    let find = |name: &str| doc.entities.iter().find(|e| e.name == name);
    let mentions =
        |name: &str| -> Vec<String> { find(name).map(|e| e.mentions.iter().map(|m| m.text.clone()).collect()).unwrap_or_default() };
    let ortuzar = find("Valentina Ortúzar").expect("Valentina Ortúzar is an entity");
    assert_eq!(ortuzar.kind.as_str(), "PERSON");
    assert!(mentions("Valentina Ortúzar").iter().any(|m| m == "Ortúzar"), "Ortúzar joins Valentina Ortúzar");
    assert!(mentions("Callum Fairweather").iter().any(|m| m == "Fairweather"), "Fairweather joins Callum Fairweather");
    assert!(mentions("Rosa Quintanilla").iter().any(|m| m == "Quintanilla"), "Quintanilla joins Rosa Quintanilla");
    assert!(mentions("Nathan Okoro").iter().any(|m| m == "Okoro"), "Okoro joins Nathan Okoro");
    let council = find("Pacific Hydrogen Council").expect("Pacific Hydrogen Council is an entity");
    assert_eq!(council.kind.as_str(), "ORG");
    assert!(mentions("Pacific Hydrogen Council").iter().any(|m| m == "PHC"), "PHC joins its full name");
    assert!(find("PHC").is_none(), "the acronym is no entity of its own");
    let people: Vec<&str> = doc.entities.iter().filter(|e| e.kind.as_str() == "PERSON").map(|e| e.name.as_str()).collect();
    for wrong in ["Echoing Quintanilla", "Quintanilla", "Okoro", "Reuters", "Southern Wire"] {
        assert!(!people.contains(&wrong), "{wrong} is not a person: {people:?}");
    }
    // Each entity once; offsets point at its mentions.
    let chars: Vec<char> = doc.text.chars().collect();
    for e in &doc.entities {
        assert_eq!(doc.entities.iter().filter(|o| o.name == e.name && o.kind == e.kind).count(), 1, "{} twice", e.name);
        for m in &e.mentions {
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        }
    }
    // Nothing from the caption or credit.
    let caption_end = doc.paragraphs.iter().find(|p| p.role == ParagraphRole::Credit).map_or(0, |p| p.end);
    assert!(caption_end > 0, "the credit is found");
    assert!(doc.entities.iter().flat_map(|e| &e.mentions).all(|m| m.start >= caption_end));
}

/// The ninjs items in `tests/fixtures/ninjs/` (1.x with `body_html` and a `body_text`
/// alternative, 2.x with `headlines[]` and `bodies[]` in German, 3.0 without a language):
/// the main headline is taken, the HTML body is preferred to plain text, markup and character
/// references are gone, a stated language is kept (and detection agrees with it), and a
/// missing one is detected.
#[test]
fn ninjs_items_have_body_headline_and_language() {
    // (file, headline, words only the HTML body has, stated language)
    let items = [
        ("ninjs1-body-html.json", "Island ferry returns after storm repairs to the harbour wall", "by Penhallow & Sons", Some("en")),
        (
            "ninjs2-headlines-bodies.json",
            "Stadtbibliothek Lindenau öffnet wieder mit längeren Öffnungszeiten",
            "die Tischlerei Brandt & Söhne",
            Some("de"),
        ),
        ("ninjs3-no-language.json", "Volunteers plant 200 fruit trees on former railway land", "the town’s first community orchard", None),
    ];
    for (file, headline, html_words, stated) in items {
        let text = fixture(&format!("ninjs/{file}"));
        let item: serde_json::Value = serde_json::from_str(&text).expect("item is JSON");
        assert_eq!(item.get("language").and_then(|l| l.as_str()), stated, "{file}: the fixture states its language as listed");
        let doc = enrich(&text);
        assert_eq!(doc.headline.as_deref(), Some(headline), "{file}: the main headline");
        assert!(doc.text.contains(html_words), "{file}: the HTML body is used: {:?}", doc.text);
        assert!(doc.paragraphs.len() >= 3, "{file}: one paragraph per <p>: {:?}", doc.paragraphs);
        assert!(!doc.text.contains('<') && !doc.text.contains("&amp;") && !doc.text.contains("&rsquo;"), "{file}: markup left");
        let detected = detect_language(&doc.text).map(|(l, _)| l);
        match stated {
            Some(stated) => {
                assert_eq!(doc.language.as_deref(), Some(stated), "{file}: the stated language is kept");
                assert_eq!(detected.as_deref(), Some(stated), "{file}: detection agrees with the item");
                assert_eq!(doc.language_confidence, None, "{file}: a stated language has no confidence");
            }
            None => {
                assert_eq!(doc.language.as_deref(), Some("en"), "{file}: detected language");
                assert!(doc.language_confidence.is_some(), "{file}: a detected language has a confidence");
            }
        }
    }
}

/// Short articles in `tests/fixtures/furniture/` carry image tags (whole and cut in half),
/// "Photo:"/"Photograph:" credits, "Read more"/"Related:" links, mojibake, bylines and
/// datelines: none of it ends up in body or heading paragraphs, while the story does, with
/// its mojibake repaired.
#[test]
fn furniture_stays_out_of_body_paragraphs() {
    // (file, dateline, start of the photo caption, start of the first body paragraph)
    let articles = [
        ("lisbon-afp.html", "LISBON (AFP)", "A regional train crosses", "Portugal’s parliament approved on Thursday"),
        ("nairobi-ap.txt", "NAIROBI, Kenya (AP)", "Commuters wait for transport", "Minibus drivers in Nairobi’s central"),
        ("frankfurt-reuters.html", "FRANKFURT, June 4 (Reuters)", "The Kessler Antriebe plant", "German bearings maker Kessler Antriebe"),
    ];
    for (file, dateline, caption, first_body) in articles {
        let body = fixture(&format!("furniture/{file}"));
        let json = serde_json::json!({"id": file, "body": body, "language": "en", "published_at": "2025-03-13T12:00:00Z"});
        let doc = enrich(&json.to_string());
        let body: Vec<String> = paragraphs(&doc)
            .into_iter()
            .filter(|(r, _)| matches!(r, ParagraphRole::Body | ParagraphRole::Heading))
            .map(|(_, t)| t)
            .collect();
        let joined = body.join("\n");
        for marker in ["<", "/>", "src=", ".jpg", "example.org", "Photo:", "Photograph:", "Read more", "Related:", "â€", "Ã"] {
            assert!(!joined.contains(marker), "{file}: {marker:?} in body paragraphs:\n{joined}");
        }
        assert!(body.iter().all(|p| !p.starts_with("By ") && !p.starts_with("(Reporting")), "{file}: byline in body:\n{joined}");
        assert_eq!(doc.dateline.as_ref().map(|d| d.text.as_str()), Some(dateline), "{file}: the dateline is found");
        assert!(!joined.contains(dateline), "{file}: dateline {dateline:?} left in body");
        assert!(!joined.contains(caption), "{file}: the caption is in the body");
        assert!(body.first().is_some_and(|p| p.starts_with(first_body)), "{file}: the story opens the body:\n{joined}");
    }
}

#[test]
fn ticker_symbols_and_common_abbreviations_are_not_entities() {
    let doc = enrich(
        &serde_json::json!({
            "id": "t",
            "body": "<p>Shares in Hartley &amp; Crane plc, the DIY and home improvement retailer, fell by 14% on Tuesday.</p>\
                     <p>Lumora Systems Inc. (Nasdaq: LUMS) designs energy-efficient processors for edge computing.</p>",
            "language": "en"
        })
        .to_string(),
    );
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Lumora Systems Inc."), "{names:?}");
    for wrong in ["DIY", "LUMS"] {
        assert!(!names.contains(&wrong), "{wrong} is not an entity: {names:?}");
    }
}

#[test]
fn a_portfolio_in_a_title_is_no_organisation_and_the_person_after_it_is_found() {
    let doc = enrich(
        &serde_json::json!({
            "id": "t",
            "body": "<p>The talks in Astana were led by Vice Minister of Water Resources of China Tian Rongsheng on Monday.</p>",
            "language": "en"
        })
        .to_string(),
    );
    let typed: Vec<(&str, &str)> = doc.entities.iter().map(|e| (e.kind.as_str(), e.name.as_str())).collect();
    assert!(typed.contains(&("PERSON", "Tian Rongsheng")), "{typed:?}");
    assert!(!typed.iter().any(|(k, n)| *k == "ORG" && n.contains("Water Resources")), "{typed:?}");
}

#[test]
fn a_title_is_left_out_of_a_name_and_a_given_name_after_it_is_kept() {
    let doc = enrich(
        &serde_json::json!({
            "id": "t",
            "body": "<p>In January, Gov. Earl Ray Tomblin of West Virginia lauded Mr. Clarke in his state-of-the-state address.</p>\
                     <p>Miss Universe Alicia Machado said she would stand up to the attacks.</p>",
            "language": "en"
        })
        .to_string(),
    );
    let people: Vec<&str> = doc.entities.iter().filter(|e| e.kind.as_str() == "PERSON").map(|e| e.name.as_str()).collect();
    for name in ["Earl Ray Tomblin", "Alicia Machado"] {
        assert!(people.contains(&name), "{name} in {people:?}");
    }
    for wrong in ["Ray Tomblin", "Universe Alicia Machado"] {
        assert!(!people.contains(&wrong), "{wrong} in {people:?}");
    }
}
