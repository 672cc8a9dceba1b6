//! The hand word lists the entity rules use: titles, head words of names, legal forms and
//! a few closed classes (sports positions, party names, exchanges). Open classes come from
//! the shipped lexicons (`data/lexicons/`, [`crate::pipeline::lexicon`]); these are small,
//! closed, or need a word's exact case.

/// Lowercase words for an area that a name before them makes a place: "the Westlands
/// constituency", "the Kangemi and Parklands areas".
pub(super) fn is_area_noun(word: &str) -> bool {
    const AREAS: [&str; 20] = [
        "area", "areas", "constituency", "constituencies", "district", "districts", "neighbourhood", "neighbourhoods", "neighborhood",
        "neighborhoods", "suburb", "suburbs", "village", "villages", "province", "provinces", "municipality", "municipalities", "ward",
        "wards",
    ];
    AREAS.contains(&word)
}

/// Party names that come before words for an area ("Labour constituencies", "the
/// Republican districts") without naming a place.
pub(super) fn is_party_word(word: &str) -> bool {
    const PARTIES: [&str; 12] = [
        "Labour", "Labor", "Conservative", "Tory", "Republican", "Democratic", "Democrat", "Liberal", "Green", "Socialist", "Communist",
        "Reform",
    ];
    PARTIES.contains(&word)
}

/// A player's position in a team sport, written before the player's name ("guard Kaylee
/// Vos"); not "defender", which also comes before a title holder's club ("title defender
/// Real Madrid").
pub(super) fn is_sports_position(word: &str) -> bool {
    const POSITIONS: [&str; 11] =
        ["guard", "forward", "striker", "midfielder", "goalkeeper", "quarterback", "pitcher", "winger", "teammate", "rookie", "freshman"];
    POSITIONS.contains(&word)
}

/// Capitalized words that open a sentence or a phrase but no name ("In Syria, …").
pub(super) const FUNCTION_WORDS: [&str; 16] =
    ["In", "On", "At", "For", "By", "As", "After", "Before", "The", "A", "An", "From", "With", "And", "Of", "To"];

/// A company's legal form, with or without its full stop ("plc", "Inc.", "GmbH").
pub(super) fn is_legal_form(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "plc" | "PLC" | "Inc" | "Ltd" | "LLC" | "Corp" | "AG" | "SA" | "NV" | "GmbH" | "SE" | "Co" | "LLP" | "Pty" | "Bhd" | "KK"
    )
}

/// The abbreviated titles that make the name after them a person ("Dr", "Mr.", "Sen.").
pub(super) fn is_person_title(word: &str) -> bool {
    matches!(word.trim_end_matches('.'), "Dr" | "Mr" | "Mrs" | "Ms" | "Prof" | "Sen" | "Gov" | "Rep")
}

/// Titles and honorifics that precede a name.
pub(super) fn is_title(word: &str) -> bool {
    const TITLES: [&str; 24] = [
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "sen", "senator", "rep", "gov", "governor",
        "president", "gen", "general", "col", "lt", "capt", "rev", "judge",
    ];
    TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

/// Common nationality adjectives, capitalised as written. The tagger reads the fuller
/// `data/lexicons/demonyms.txt` as features; the rules that need an exact-case word at a
/// name's edge ("Japanese Aggression", "the Kurdish areas") use this closed list.
pub(super) fn is_demonym(word: &str) -> bool {
    const DEMONYMS: [&str; 24] = [
        "American", "British", "Chinese", "Japanese", "Russian", "French", "German", "Korean", "Indian", "Israeli", "Palestinian",
        "Iranian", "Turkish", "Ukrainian", "European", "African", "Asian", "Arab", "Soviet", "Italian", "Spanish", "Canadian",
        "Australian", "Mexican",
    ];
    DEMONYMS.contains(&word)
}

/// Head words of organisation names, capitalised as written. The tagger reads the fuller,
/// lowercase `data/lexicons/org-heads.txt` as features; the typing rules use this shorter
/// list of words that make a name an organisation wherever they stand in it.
pub(super) fn is_org_head(word: &str) -> bool {
    const HEADS: [&str; 40] = [
        "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "plc", "PLC", "AG", "LLC", "GmbH", "SA", "University", "Agency", "Ministry",
        "Council", "Committee", "Commission", "Bank", "Party", "Association", "Institute", "Foundation", "Trust", "Fund", "Authority",
        "Department", "Office", "Court", "Alliance", "Movement", "Company", "Organization", "Group", "Organisation", "Federation", "Board",
        "Service", "Police", "Assembly",
    ];
    HEADS.contains(&word)
}

/// All-capital abbreviations of common nouns ("the DIY retailer", "PC sales", "AI"): no names.
pub(super) fn is_common_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "DIY"
            | "CEO"
            | "CFO"
            | "COO"
            | "CTO"
            | "GDP"
            | "VAT"
            | "FAQ"
            | "PDF"
            | "USB"
            | "TV"
            | "PC"
            | "AI"
            | "HR"
            | "PR"
            | "ID"
            | "DNA"
            | "RNA"
            | "IPO"
            | "ETF"
            | "LED"
            | "GPS"
            | "SUV"
            | "ATM"
            | "ESG"
            | "LGBT"
            | "LGBTQ"
            | "MPs"
            | "CCTV"
            | "PhD"
            | "MBA"
            | "DJ"
            | "SMS"
            | "PIN"
            | "RPM"
            | "MPH"
            | "EV"
            | "EVs"
            | "AGM"
    )
}

/// Stock exchanges written before a ticker symbol ("Nasdaq: LUMS", "NYSE: HCR").
pub(super) fn is_exchange(word: &str) -> bool {
    matches!(
        word,
        "Nasdaq"
            | "NASDAQ"
            | "NYSE"
            | "LSE"
            | "TSX"
            | "ASX"
            | "HKEX"
            | "SGX"
            | "NSE"
            | "BSE"
            | "Euronext"
            | "AMEX"
            | "OTC"
            | "TSE"
            | "JSE"
            | "XETRA"
            | "Xetra"
    )
}

/// Words that head a name but are no name alone ("the Committee said", "Executive").
pub(super) fn is_generic_word(word: &str) -> bool {
    matches!(
        word,
        "Committee"
            | "Commission"
            | "Council"
            | "Ministry"
            | "Department"
            | "Agency"
            | "Board"
            | "Office"
            | "Court"
            | "Authority"
            | "Government"
            | "Administration"
            | "Executive"
            | "Cabinet"
            | "Secretariat"
            | "Bureau"
            | "Directorate"
            | "Tribunal"
            | "Assembly"
    )
}

/// Last words of place names: natural features, areas and streets.
pub(super) fn is_place_head(word: &str) -> bool {
    const HEADS: [&str; 25] = [
        "Island", "Islands", "Creek", "River", "Mountain", "Mountains", "Lake", "Bay", "Sea", "Ocean", "Valley", "County", "Province",
        "Region", "Prefecture", "District", "Township", "Peninsula", "Gulf", "Strait", "Volcano", "Street", "Avenue", "Road", "Square",
    ];
    HEADS.contains(&word)
}

/// Administrative areas and natural features that no team or company is named after.
pub(super) fn is_area_head(word: &str) -> bool {
    matches!(
        word,
        "County"
            | "Province"
            | "Region"
            | "Prefecture"
            | "District"
            | "Township"
            | "Island"
            | "Islands"
            | "Peninsula"
            | "Volcano"
            | "Creek"
    )
}

/// Last words of a facility's name (a street or a square).
pub(super) fn is_facility_head(word: &str) -> bool {
    matches!(word, "Street" | "Avenue" | "Road" | "Square")
}

/// `Echoing`, `Quoting`, `Citing`: capitalised -ing words that open sentences. Short ones
/// (`Ming`, `Jing`, `Ying`) are names.
pub(super) fn is_participle(word: &str) -> bool {
    word.len() > 5 && word.ends_with("ing")
}

/// Last words that make a name an event: `BRICS Summit`, `Spring Festival`, `Great Patriotic War`.
pub(super) fn is_event_head(word: &str) -> bool {
    const HEADS: [&str; 16] = [
        "war", "summit", "festival", "games", "cup", "olympics", "conference", "forum", "championship", "championships", "election",
        "elections", "revolution", "crisis", "year", "expo",
    ];
    HEADS.contains(&word.to_lowercase().as_str())
}
