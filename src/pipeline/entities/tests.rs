use super::Found;
use super::group::{group, is_acronym_of, is_part_of_name};
use super::label::label;
use super::spans::*;
use crate::article::EntityKind;
use crate::pipeline::lexicon::Lexicons;
use crate::pipeline::ner::tags::EntityType::{self, Area, Loc, Misc, NaturalFeature, Org, Per, Told};
use crate::pipeline::ner::tags::Span;
use crate::pipeline::offsets::CodePoints;
use crate::pipeline::tokenize::tokenize;

#[test]
fn name_parts_and_acronyms() {
    assert!(is_part_of_name("Putin", "Vladimir Putin"));
    assert!(is_part_of_name("Xi", "Xi Jinping"));
    assert!(!is_part_of_name("Jin", "Xi Jinping"));
    assert!(is_acronym_of("SCO", "Shanghai Cooperation Organization"));
    assert!(!is_acronym_of("SCO", "Shanghai Organization"));
}

#[test]
fn a_person_named_after_an_organisation_of_a_country_is_split_off() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "said Minister of Water Resources of China Tian Rongsheng and the Bank of Japan Research Institute and the Republic of Korea Air Force";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let mut tagged = vec![
        Span::new(at("Water"), at("Rongsheng") + 1, Org),
        Span::new(at("Bank"), at("Institute") + 1, Org),
        Span::new(at("Republic"), at("Force") + 1, Org),
    ];
    split_person_after_country(&mut tagged, &toks, para, &lexicons);
    assert_eq!(
        tagged,
        vec![
            Span::new(at("Water"), at("China") + 1, Org),
            Span::new(at("Tian"), at("Rongsheng") + 1, Per),
            Span::new(at("Bank"), at("Institute") + 1, Org),
            Span::new(at("Republic"), at("Force") + 1, Org),
        ]
    );
    Ok(())
}

#[test]
fn rivers_and_stock_exchanges() {
    let para = "The Irtysh and Ili rivers feed Almaty, and Lumora listed on the Nasdaq in 2021 near the Ili river. By Monday river levels fell on the Amu Darya and Syr Darya rivers";
    let toks = tokenize(para);
    let at = |w: &str, n: usize| toks.iter().enumerate().filter(|(_, t)| t.text(para) == w).nth(n).map(|(i, _)| i).unwrap();
    // The tagger took Ili for a person, Nasdaq for MISC, and missed the rest.
    let mut tagged = vec![
        Span::new(at("Ili", 0), at("Ili", 0) + 1, Per),
        Span::new(at("Almaty", 0), at("Almaty", 0) + 1, Loc),
        Span::new(at("Nasdaq", 0), at("Nasdaq", 0) + 1, Misc),
    ];
    name_rivers_and_exchanges(&mut tagged, &toks, para, &Lexicons::empty());
    let one = |w: &str, n: usize, ty: EntityType| Span::new(at(w, n), at(w, n) + 1, ty);
    assert_eq!(
        tagged,
        vec![
            one("Irtysh", 0, NaturalFeature),
            one("Ili", 0, NaturalFeature),
            one("Almaty", 0, Loc),
            one("Nasdaq", 0, Org),
            one("Ili", 1, NaturalFeature),
            Span::new(at("Amu", 0), at("Darya", 0) + 1, NaturalFeature),
            Span::new(at("Syr", 0), at("Darya", 1) + 1, NaturalFeature),
        ]
    );
    assert_eq!(label(NaturalFeature, "Ili", &Lexicons::empty()), Some(EntityKind::Loc));
}

#[test]
fn names_before_a_word_for_an_area_are_places() {
    let para = "Voters in Nairobi’s Westlands constituency and the Kangemi and Parklands areas, not the Labour districts or the Council area, met Smith in the Lagos suburbs";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let one = |w: &str, ty: EntityType| Span::new(at(w), at(w) + 1, ty);
    // The tagger took Westlands for a person and Parklands for an organisation.
    let mut tagged = vec![
        one("Nairobi", Loc),
        one("Westlands", Per),
        one("Kangemi", Loc),
        one("Parklands", Org),
        one("Labour", Org),
        one("Smith", Per),
        one("Lagos", Loc),
    ];
    name_rivers_and_exchanges(&mut tagged, &toks, para, &Lexicons::empty());
    assert_eq!(
        tagged,
        vec![
            one("Nairobi", Loc),
            one("Westlands", Area),
            one("Kangemi", Loc),
            one("Parklands", Area),
            one("Labour", Org),
            one("Smith", Per),
            one("Lagos", Loc)
        ]
    );
    assert_eq!(label(Area, "Westlands", &Lexicons::empty()), Some(EntityKind::Gpe));
}

#[test]
fn words_around_a_name_settle_its_type() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "Vos told the Mercury and the Guardian that senior guard Kaylee Vos and former Goldman Sachs banker Ann Lee saw St Michael’s Mount with spokesman Acme Corp";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let mut tagged = vec![
        Span::new(at("Vos"), at("Vos") + 1, Per),
        Span::new(at("Mercury"), at("Mercury") + 1, Per),
        Span::new(at("Guardian"), at("Guardian") + 1, Misc),
        Span::new(at("Kaylee"), at("Kaylee") + 2, Org),
        Span::new(at("Goldman"), at("Sachs") + 1, Org),
        Span::new(at("Ann"), at("Lee") + 1, Per),
        Span::new(at("Michael"), at("Mount") + 1, Per),
        Span::new(at("Acme"), at("Corp") + 1, Org),
    ];
    retype_by_context(&mut tagged, &toks, para, &lexicons);
    assert_eq!(
        tagged,
        vec![
            Span::new(at("Vos"), at("Vos") + 1, Per),
            Span::new(at("Mercury"), at("Mercury") + 1, Told),
            Span::new(at("Guardian"), at("Guardian") + 1, Misc), // "told" is not before it
            Span::new(at("Kaylee"), at("Kaylee") + 2, Per),
            Span::new(at("Goldman"), at("Sachs") + 1, Org),
            Span::new(at("Ann"), at("Lee") + 1, Per),
            Span::new(at("St"), at("Mount") + 1, Per),
            Span::new(at("Acme"), at("Corp") + 1, Org),
        ]
    );
    Ok(())
}

#[test]
fn a_known_place_beside_a_place_is_a_place() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "It hit Bato, Catanduanes, and the Cleveland, Ohio-based Acme, while St Helens, Wigan and Chelsea, Reuters said.";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let one = |w: &str, ty: EntityType| Span::new(at(w), at(w) + 1, ty);
    let mut tagged = vec![
        one("Bato", Loc),
        one("Catanduanes", Org),
        one("Cleveland", Org),
        one("Acme", Org),
        Span::new(at("St"), at("Helens") + 1, Org),
        one("Wigan", Org),
        one("Chelsea", Per),
        one("Reuters", Org),
    ];
    place_beside_place(&mut tagged, &toks, para, &lexicons);
    assert_eq!(
        tagged,
        vec![
            one("Bato", Loc),
            one("Catanduanes", Loc),
            one("Cleveland", Loc),
            one("Acme", Org),
            Span::new(at("St"), at("Helens") + 1, Org),
            one("Wigan", Org),
            one("Chelsea", Per),
            one("Reuters", Org),
        ]
    );
    Ok(())
}

#[test]
fn a_named_account_is_no_person() {
    let para = "He moved money from the county’s Liquid Fuels account, said the firm’s Tim Cook, and Tim Cook’s fund grew.";
    let toks = tokenize(para);
    let at = |w: &str, n: usize| toks.iter().enumerate().filter(|(_, t)| t.text(para) == w).nth(n).map(|(i, _)| i).unwrap();
    assert!(names_an_account(&toks, para, at("Liquid", 0), at("Fuels", 0) + 1));
    assert!(!names_an_account(&toks, para, at("Tim", 0), at("Cook", 0) + 1));
    assert!(!names_an_account(&toks, para, at("Tim", 1), at("Cook", 1) + 1));
}

#[test]
fn a_person_opened_by_a_place_prefix_is_a_place() {
    let lexicons = Lexicons::empty();
    assert_eq!(label(Per, "Barangay Bonot", &lexicons), Some(EntityKind::Loc));
    assert_eq!(label(Per, "Mount Kenya", &lexicons), Some(EntityKind::Loc));
    assert_eq!(label(Per, "St Michael’s Mount", &lexicons), Some(EntityKind::Loc));
    assert_eq!(label(Per, "Saint Teresa", &lexicons), Some(EntityKind::Person));
    assert_eq!(label(Per, "Lake Smith", &lexicons), Some(EntityKind::Loc));
    assert_eq!(label(Per, "Lakeisha Smith", &lexicons), Some(EntityKind::Person));
    assert_eq!(label(Org, "Mount Sinai", &lexicons), Some(EntityKind::Org), "a hospital keeps its type");
}

#[test]
fn head_words_alone_and_places_with_digits_name_nothing() {
    assert!(names_nothing(&["Committee"], Org));
    assert!(names_nothing(&["DIY"], Org));
    assert!(!names_nothing(&["NATO"], Org));
    assert!(names_nothing(&["Executive"], Per));
    assert!(!names_nothing(&["Senate"], Org));
    assert!(!names_nothing(&["Judiciary", "Committee"], Org));
    assert!(names_nothing(&["Class", "3A"], Loc));
    assert!(names_nothing(&["PHP412"], Loc));
    assert!(!names_nothing(&["G7"], Org));
    assert!(!names_nothing(&["Kaylee", "Vos"], Per));
    assert!(!names_nothing(&["Route", "66"], Loc));
    assert!(!names_nothing(&["50", "Cent"], Per));
}

#[test]
fn an_organisation_runs_on_over_and() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "the Ministry of Water Resources and Irrigation of Kazakhstan, the Ministry of Defence and NATO, the Ministry of Health and Kenya, the Department of Justice and Attorney General Garland said";
    let toks = tokenize(para);
    let at = |w: &str, n: usize| toks.iter().enumerate().filter(|(_, t)| t.text(para) == w).nth(n).map(|(i, _)| i).unwrap();
    let mut tagged = vec![
        Span::new(at("Ministry", 0), at("Resources", 0) + 1, Org),
        Span::new(at("Kazakhstan", 0), at("Kazakhstan", 0) + 1, Loc),
        Span::new(at("Ministry", 1), at("Defence", 0) + 1, Org),
        Span::new(at("NATO", 0), at("NATO", 0) + 1, Org),
        Span::new(at("Ministry", 2), at("Health", 0) + 1, Org),
        Span::new(at("Department", 0), at("Justice", 0) + 1, Org),
    ];
    extend_organisation_over_and(&mut tagged, &toks, para, &lexicons);
    assert_eq!(tagged[0], Span::new(at("Ministry", 0), at("Irrigation", 0) + 1, Org));
    assert_eq!(tagged[2].end, at("Defence", 0) + 1, "NATO is another organisation");
    assert_eq!(tagged[4].end, at("Health", 0) + 1, "Kenya is a place");
    assert_eq!(tagged[5].end, at("Justice", 0) + 1, "a title starts a person");
    Ok(())
}

#[test]
fn an_organisation_of_a_country_is_one_name() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "the Ministry of Foreign Affairs of Kazakhstan and the Bank of Jackson said";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    // ORG "Ministry of Foreign Affairs", LOC "Kazakhstan"; ORG "Bank", LOC "Jackson".
    let mut tagged = vec![
        Span::new(at("Ministry"), at("Affairs") + 1, Org),
        Span::new(at("Kazakhstan"), at("Kazakhstan") + 1, Loc),
        Span::new(at("Bank"), at("Bank") + 1, Org),
        Span::new(at("Jackson"), at("Jackson") + 1, Loc),
    ];
    join_organisation_of_country(&mut tagged, &toks, para, &lexicons);
    assert_eq!(
        tagged,
        vec![
            Span::new(at("Ministry"), at("Kazakhstan") + 1, Org),
            Span::new(at("Bank"), at("Bank") + 1, Org),
            Span::new(at("Jackson"), at("Jackson") + 1, Loc),
        ]
    );
    Ok(())
}

#[test]
fn an_organisation_runs_on_to_its_defined_acronym() {
    let para = "after the Reviewing Committee on the Export of Works of Art (RCEWA) and the Pennsylvania Office of Attorney General (OAG) and Acme Corp (ZZ) met";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let mut tagged = vec![
        Span::new(at("Reviewing"), at("Committee") + 1, Org),
        Span::new(at("Works"), at("Works") + 1, Misc),
        Span::new(at("Pennsylvania"), at("Attorney") + 1, Org),
        Span::new(at("Acme"), at("Acme") + 1, Org),
    ];
    extend_to_defined_acronym(&mut tagged, &toks, para, &Lexicons::empty());
    assert_eq!(
        tagged,
        vec![
            Span::new(at("Reviewing"), at("Art") + 1, Org),
            Span::new(at("Pennsylvania"), at("General") + 1, Org),
            Span::new(at("Acme"), at("Acme") + 1, Org), // "ZZ" is not Acme Corp's acronym
        ]
    );
}

#[test]
fn a_name_cut_by_the_tagger_is_joined_up_to_its_acronym() {
    let para = "According to the Philippine Atmospheric, Geophysical and Astronomical Services Administration (PAGASA), the Kazakh-Chinese Joint Commission on the Use and Protection of Transboundary Rivers (JCTR) and the Committee on Foreign Investment in the United States (CFIUS) met in the Democratic Republic of Congo (DRC) with Tom Hart of Acme (AC) and Artificial Intelligence (AI) experts.";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let mut tagged = vec![
        Span::new(at("Philippine"), at("Atmospheric") + 1, Loc),
        Span::new(at("Geophysical"), at("Geophysical") + 1, Org),
        Span::new(at("Astronomical"), at("Administration") + 1, Org),
        Span::new(at("Kazakh-Chinese"), at("Commission") + 1, Org),
        Span::new(at("Use"), at("Rivers") + 1, Org),
        Span::new(at("Foreign"), at("Investment") + 1, Org),
        Span::new(at("United"), at("States") + 1, Loc),
        Span::new(at("Democratic"), at("Congo") + 1, Loc),
        Span::new(at("Tom"), at("Hart") + 1, Per),
        Span::new(at("Acme"), at("Acme") + 1, Org),
    ];
    extend_to_defined_acronym(&mut tagged, &toks, para, &Lexicons::empty());
    assert_eq!(
        tagged,
        vec![
            Span::new(at("Philippine"), at("Administration") + 1, Org),
            Span::new(at("Kazakh-Chinese"), at("Rivers") + 1, Org),
            Span::new(at("Committee"), at("States") + 1, Org),
            Span::new(at("Democratic"), at("Congo") + 1, Loc),
            Span::new(at("Tom"), at("Hart") + 1, Per), // "Tom Hart of Acme" is not "AC"
            Span::new(at("Acme"), at("Acme") + 1, Org),
            // "Artificial Intelligence (AI)": untagged, no organisation's head word
        ]
    );
}

#[test]
fn an_acronym_reaches_over_no_function_word_person_or_place() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "In Syria, Islamic State (ISIS) fighters met officials from France, Argentina and the Revolutionary Armed Forces of Colombia (FARC).";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let one = |w: &str, ty: EntityType| Span::new(at(w), at(w) + 1, ty);
    let mut tagged = vec![
        one("Syria", Loc),
        Span::new(at("Islamic"), at("State") + 1, Org),
        one("France", Loc),
        one("Argentina", Loc),
        Span::new(at("Revolutionary"), at("Forces") + 1, Org),
        one("Colombia", Loc),
    ];
    extend_to_defined_acronym(&mut tagged, &toks, para, &lexicons);
    assert_eq!(
        tagged,
        vec![
            one("Syria", Loc),
            Span::new(at("Islamic"), at("State") + 1, Org),
            one("France", Loc),
            one("Argentina", Loc),
            Span::new(at("Revolutionary"), at("Forces") + 1, Org),
            one("Colombia", Loc), // FARC spells Spanish words
        ]
    );
    Ok(())
}

#[test]
fn grouping_joins_surnames_and_acronyms() {
    let text = "Vladimir Putin met the Shanghai Cooperation Organization (SCO). Putin said the SCO works.";
    let f = |s: &str, ty: EntityType| {
        let start = text.find(s).unwrap();
        Found { start, end: start + s.len(), text: s.into(), ty }
    };
    let second = |s: &str, ty: EntityType| {
        let start = text.rfind(s).unwrap();
        Found { start, end: start + s.len(), text: s.into(), ty }
    };
    let found = vec![
        f("Vladimir Putin", Per),
        f("Shanghai Cooperation Organization", Org),
        f("SCO", Org),
        second("Putin", Per),
        second("SCO", Org),
    ];
    let e = group(found, text, &CodePoints::new(text), &Lexicons::empty());
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0].name, "Vladimir Putin");
    assert_eq!(e[0].kind, EntityKind::Person);
    assert_eq!(e[0].mentions.len(), 2);
    assert_eq!(e[1].name, "Shanghai Cooperation Organization");
    assert_eq!(e[1].mentions.len(), 3);
}

#[test]
fn initials_pull_in_the_given_name() {
    let para = "candidate Esther W. Njoroge said";
    let toks = tokenize(para);
    // Tagger output: "Esther" as ORG, "W. Njoroge" as PER.
    let mut spans = vec![Span::new(1, 2, Org), Span::new(2, 4, Per)];
    extend_over_initials(&mut spans, &toks, para);
    assert_eq!(spans, vec![Span::new(1, 4, Per)]);
}

#[test]
fn short_forms_join_whatever_their_tag() {
    let text = "Esther Njoroge won. Rheinwald Chemie AG fell. Njoroge thanked Rheinwald.";
    let at = |s: &str, from: usize| {
        let start = text[from..].find(s).unwrap() + from;
        Found { start, end: start + s.len(), text: s.into(), ty: Per }
    };
    let later = text.find("Njoroge thanked").unwrap();
    let found = vec![
        at("Esther Njoroge", 0),
        Found { ty: Org, ..at("Rheinwald Chemie AG", 0) },
        Found { ty: Loc, ..at("Njoroge", later) },
        Found { ty: Per, ..at("Rheinwald", later) },
    ];
    let e = group(found, text, &CodePoints::new(text), &Lexicons::empty());
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!((e[0].name.as_str(), e[0].mentions.len()), ("Esther Njoroge", 2));
    assert_eq!((e[1].name.as_str(), e[1].kind, e[1].mentions.len()), ("Rheinwald Chemie AG", EntityKind::Org, 2));
}

#[test]
fn peoples_and_parties_before_a_word_for_an_area_are_no_places() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let para = "People fled the Kurdish areas and the Sunni and Shia areas, the SNP constituency and the Olympic village";
    let toks = tokenize(para);
    let at = |w: &str| toks.iter().position(|t| t.text(para) == w).unwrap();
    let mut tagged = vec![Span::new(at("Olympic"), at("Olympic") + 1, Misc)];
    name_rivers_and_exchanges(&mut tagged, &toks, para, &lexicons);
    assert_eq!(tagged, vec![Span::new(at("Olympic"), at("Olympic") + 1, Misc)]);
    Ok(())
}

#[test]
fn a_type_settled_by_context_outweighs_the_tagger() {
    let text = "Voters in Westlands constituency met. The officer for Westlands spoke.";
    let at = |s: &str, from: usize, ty: EntityType| {
        let start = text[from..].find(s).unwrap() + from;
        Found { start, end: start + s.len(), text: s.into(), ty }
    };
    let later = text.find("officer").unwrap();
    let found = vec![at("Westlands", 0, Area), at("Westlands", later, Per)];
    let e = group(found, text, &CodePoints::new(text), &Lexicons::empty());
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!((e[0].kind, e[0].mentions.len()), (EntityKind::Gpe, 2));
}

#[test]
fn name_heads_decide_types() -> Result<(), crate::pipeline::lexicon::LexiconError> {
    let lexicons = Lexicons::shipped()?;
    let lab = |ty: EntityType, text: &str| label(ty, text, &lexicons);
    assert_eq!(lab(Per, "Jeju Island"), Some(EntityKind::Loc));
    assert_eq!(lab(Per, "Ninth Avenue"), Some(EntityKind::Fac));
    assert_eq!(lab(Org, "Tampa Bay"), Some(EntityKind::Org));
    assert_eq!(lab(Per, "Korea Maritime Institute"), Some(EntityKind::Org));
    assert_eq!(lab(Org, "BRICS Summit"), Some(EntityKind::Event));
    assert_eq!(lab(Per, "Park Hye-rin"), Some(EntityKind::Person));
    assert_eq!(lab(Misc, "German"), Some(EntityKind::Norp));
    assert_eq!(lab(Misc, "Super Bowl"), None);
    // A "person" that the lexicons know as a place is one, unless it is a given name too.
    assert_eq!(lab(Per, "Shimane"), Some(EntityKind::Gpe));
    assert_eq!(lab(Per, "Catanduanes"), Some(EntityKind::Gpe));
    assert_eq!(lab(Per, "Georgia"), Some(EntityKind::Person));
    assert_eq!(lab(Per, "Greater Manchester"), Some(EntityKind::Loc));
    assert_eq!(lab(Per, "Typhoon Dalisay"), Some(EntityKind::Event));
    Ok(())
}
