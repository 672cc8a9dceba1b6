//! The output type of a mention: what its tagged type, its head word and the lexicons say.

use super::words::{is_area_head, is_event_head, is_facility_head, is_org_head, is_place_head};
use crate::article::EntityKind;
use crate::pipeline::lexicon::{Kind, Lexicons};
use crate::pipeline::ner::tags::EntityType;

/// The output type of a mention of type `ty` and text `text`; `None` drops the mention (MISC
/// that does not look like a nationality or group).
pub(super) fn label(ty: EntityType, text: &str, lexicons: &Lexicons) -> Option<EntityKind> {
    // A named storm is an event: "Typhoon Dalisay", "Hurricane Katrina".
    let first = text.split_whitespace().next().unwrap_or("");
    if text.contains(' ') && matches!(first, "Typhoon" | "Hurricane" | "Cyclone" | "Storm" | "Tropical") {
        return Some(EntityKind::Event);
    }
    // "Mount Kenya", "Lake Victoria", "Barangay Bonot": a "person" whose first word is a
    // place prefix is a place.
    if ty == EntityType::Per
        && text.contains(' ')
        && matches!(first, "Mount" | "Mt." | "Mt" | "Lake" | "Cape" | "Barangay" | "Isle" | "Loch")
    {
        return Some(EntityKind::Loc);
    }
    // "St Michael's Mount", "St Kilda Island": a saint's name with a place word after it is
    // a place; "Saint Teresa of Calcutta" is a person.
    if ty == EntityType::Per
        && matches!(first, "St" | "St." | "Saint")
        && matches!(text.split_whitespace().last(), Some("Mount" | "Island" | "Isle" | "Hill" | "Head" | "Bay" | "Point"))
    {
        return Some(EntityKind::Loc);
    }
    // "Greater Manchester", "Northern Kazakhstan": a region of a known place.
    if ty != EntityType::Org
        && let Some(rest) = text
            .split_once(' ')
            .filter(|(w, _)| matches!(*w, "Greater" | "Northern" | "Southern" | "Eastern" | "Western" | "Central"))
            .map(|(_, r)| r)
        && lexicons.is_place(rest)
    {
        return Some(EntityKind::Loc);
    }
    // A "person" that is a country or a place, and not also a given name (`Shimane`,
    // `Catanduanes`, not `Georgia`), is that place.
    if ty == EntityType::Per && lexicons.is_place(text) && !lexicons.has(Kind::GivenName, text) {
        return Some(EntityKind::Gpe);
    }
    let head = text.split_whitespace().last().unwrap_or("");
    if is_event_head(head) {
        return Some(EntityKind::Event);
    }
    // The last word of a name says what it names, whatever the tagger guessed.
    if ty != EntityType::Org && is_org_head(head) && text.contains(' ') {
        return Some(EntityKind::Org);
    }
    // Only a "person" is re-typed as a place: an organisation named after one (a team like
    // "Tampa Bay") keeps its type.
    if (ty == EntityType::Per || ty == EntityType::Org && is_area_head(head)) && is_place_head(head) && text.contains(' ') {
        return Some(if is_facility_head(head) { EntityKind::Fac } else { EntityKind::Loc });
    }
    match ty {
        EntityType::Per | EntityType::Titled => Some(EntityKind::Person),
        EntityType::Org | EntityType::Told => Some(EntityKind::Org),
        EntityType::Loc | EntityType::Area => Some(EntityKind::Gpe),
        EntityType::NaturalFeature => Some(EntityKind::Loc),
        EntityType::Misc => {
            let demonym = !text.contains(' ')
                && ["an", "ans", "ese", "ish", "i", "is", "ic", "ch", "sh"].iter().any(|s| text.ends_with(s))
                && text.starts_with(|c: char| c.is_uppercase());
            demonym.then_some(EntityKind::Norp)
        }
    }
}
