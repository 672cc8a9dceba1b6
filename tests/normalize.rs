//! Normalization over real inputs from `../shared/`: the seed article, the IPTC ninjs examples
//! and the development set.

use news_enricher::article::{EnrichedArticle, ParagraphRole, parse_message};
use news_enricher::pipeline::{Pipeline, PipelineMode, detect_language};
use std::path::PathBuf;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(path)
}

fn read(path: &str) -> String {
    let p = shared(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{} is needed by this test: {e}", p.display()))
}

fn enrich(json: &str) -> EnrichedArticle {
    let raw = parse_message(json.as_bytes(), None, None, 4 << 20).expect("input parses");
    Pipeline::new(PipelineMode::Full).expect("pipeline loads").process(raw).expect("article is enriched")
}

fn paragraphs(doc: &EnrichedArticle) -> Vec<(ParagraphRole, String)> {
    let chars: Vec<char> = doc.text.chars().collect();
    doc.paragraphs.iter().map(|p| (p.role, chars[p.start..p.end].iter().collect())).collect()
}

fn seed() -> EnrichedArticle {
    let dir = shared("seed");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is needed: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .expect("a seed article");
    let body = std::fs::read_to_string(entry.path()).expect("seed readable");
    enrich(&serde_json::json!({"id": "seed", "body": body, "published_at": "2025-01-21T12:00:00Z"}).to_string())
}

#[test]
fn seed_article_has_no_tag_leftovers() {
    let doc = seed();
    for leftover in ["<", "/>", "src=", ".jpeg\"", "globaltimes.cn", "?Photo"] {
        assert!(!doc.text.contains(leftover), "{leftover:?} left in:\n{}", &doc.text[..300.min(doc.text.len())]);
    }
}

#[test]
fn seed_caption_and_credit_are_recognised() {
    let paras = paragraphs(&seed());
    let caption = paras.iter().position(|(r, t)| *r == ParagraphRole::Caption && t.starts_with("Chinese President Xi Jinping (right) talks with"));
    let caption = caption.expect("the photo caption is a caption");
    assert_eq!(paras[caption + 1], (ParagraphRole::Credit, "Photo: Xinhua".to_string()));
    // The caption does not count as body text.
    assert!(paras.iter().filter(|(r, _)| *r == ParagraphRole::Body).all(|(_, t)| !t.contains("(right) talks with")));
}

#[test]
fn seed_glued_subhead_is_split_off() {
    let paras = paragraphs(&seed());
    let i = paras.iter().position(|(_, t)| t == "Toward greater heights").expect("subhead split off");
    assert_eq!(paras[i].0, ParagraphRole::Heading);
    assert_eq!(paras[i + 1].0, ParagraphRole::Body);
    assert!(paras[i + 1].1.starts_with("The video meeting between the two leaders"));
    assert!(paras.iter().any(|(r, t)| *r == ParagraphRole::Heading && t == "Jointly defend UN-centered system"));
}

#[test]
fn every_ninjs_example_has_body_headline_and_language() {
    let dir = shared("ninjs/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{} is needed: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        let text = std::fs::read_to_string(&path).expect("example readable");
        let item: serde_json::Value = serde_json::from_str(&text).expect("example is JSON");
        let doc = enrich(&text);
        let name = path.display();
        assert!(doc.text.chars().filter(|c| c.is_alphabetic()).count() >= 40, "{name}: body too short: {:?}", doc.text);
        assert!(doc.headline.as_deref().is_some_and(|h| !h.trim().is_empty()), "{name}: no headline");
        assert!(!doc.text.contains('<') && !doc.text.contains("&amp;"), "{name}: markup left");
        let detected = detect_language(&doc.text).map(|(l, _)| l);
        match item.get("language").and_then(|l| l.as_str()) {
            Some(stated) => {
                assert_eq!(doc.language.as_deref(), Some(stated), "{name}: the stated language is kept");
                let primary = stated.split('-').next().unwrap_or(stated);
                assert_eq!(detected.as_deref(), Some(primary), "{name}: detection agrees with the item");
            }
            None => assert_eq!(doc.language.as_deref(), Some("en"), "{name}: detected language"),
        }
        seen += 1;
    }
    assert!(seen >= 10, "expected the ninjs examples, found {seen}");
}

#[test]
fn devset_furniture_stays_out_of_body_paragraphs() {
    let articles = read("devset/articles.jsonl");
    let gold = read("devset/gold.jsonl");
    let mut checked = 0;
    for (line, gold_line) in articles.lines().zip(gold.lines()) {
        let doc = enrich(line);
        let gold: serde_json::Value = serde_json::from_str(gold_line).expect("gold is JSON");
        let body: Vec<String> = paragraphs(&doc)
            .into_iter()
            .filter(|(r, _)| matches!(r, ParagraphRole::Body | ParagraphRole::Heading))
            .map(|(_, t)| t)
            .collect();
        let joined = body.join("\n");
        for marker in ["<", "/>", "src=", ".jpg", "example.org", "Photo:", "Photograph:", "Read more", "Related:", "â€", "Ã"] {
            assert!(!joined.contains(marker), "{}: {marker:?} in body paragraphs", doc.id);
        }
        assert!(body.iter().all(|p| !p.starts_with("By ")), "{}: byline in body", doc.id);
        // Datelines ("SEOUL (AFP)") the gold forbids as entities are split off the body.
        for f in gold["forbidden_entity_texts"].as_array().into_iter().flatten().filter_map(|f| f.as_str()) {
            if f.contains('(') && f.ends_with(')') {
                assert!(!joined.contains(f), "{}: dateline {f:?} left in body", doc.id);
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 12);
}

#[test]
fn seed_entities_are_resolved_and_typed() {
    let doc = seed();
    let find = |name: &str| doc.entities.iter().find(|e| e.name == name);
    let mentions = |name: &str| -> Vec<String> {
        find(name).map(|e| e.mentions.iter().map(|m| m.text.clone()).collect()).unwrap_or_default()
    };
    let xi = find("Xi Jinping").expect("Xi Jinping is an entity");
    assert_eq!(xi.kind, "PERSON");
    assert!(mentions("Xi Jinping").iter().any(|m| m == "Xi"), "Xi joins Xi Jinping");
    assert!(mentions("Vladimir Putin").iter().any(|m| m == "Putin"), "Putin joins Vladimir Putin");
    assert!(mentions("Shanghai Cooperation Organization").iter().any(|m| m == "SCO"), "SCO joins its full name");
    assert!(mentions("Cui Heng").iter().any(|m| m == "Cui"));
    let people: Vec<&str> = doc.entities.iter().filter(|e| e.kind == "PERSON").map(|e| e.name.as_str()).collect();
    for wrong in ["Echoing Li", "Xinhua", "Tass", "Japanese Aggression"] {
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
    assert!(doc.entities.iter().flat_map(|e| &e.mentions).all(|m| m.start >= caption_end));
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
    let people: Vec<&str> = doc.entities.iter().filter(|e| e.kind == "PERSON").map(|e| e.name.as_str()).collect();
    for name in ["Earl Ray Tomblin", "Alicia Machado"] {
        assert!(people.contains(&name), "{name} in {people:?}");
    }
    for wrong in ["Ray Tomblin", "Universe Alicia Machado"] {
        assert!(!people.contains(&wrong), "{wrong} in {people:?}");
    }
}
