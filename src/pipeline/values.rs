//! Dates, money and percentages with normalized values, found by rules (regular expressions
//! compiled once in [`Values`]).
//!
//! - MONEY: `$244.8 billion`, `€2bn`, `£300,000`, `3.2 trillion yen`, `PHP18.6 million`,
//!   `41p` → `{amount, currency}` with ISO 4217 codes.
//! - PERCENT: `1.9 percent`, `6.8%` → a number.
//! - DATE: `January 21, 2025`, `21 January 2025`, `March 18`, `June 2016`, `Tuesday`, `2024`,
//!   `last year`, `the end of 2026`, `1996-08-30` → `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with
//!   missing years and relative days resolved against the publication date. Expressions with
//!   no knowable value (`next spring`, `last week`) are kept without one.

use crate::article::{Entity, EntityKind, Mention};
use crate::pipeline::Doc;
use regex::Regex;
use serde_json::json;
use time::{Date, Duration, Month, Weekday};

/// The compiled patterns.
#[derive(Debug)]
pub struct Values {
    money_symbol: Regex,
    money_word: Regex,
    pence: Regex,
    percent: Regex,
    date: Regex,
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
const SCALE: &str = r"(?:trillion|billion|million|thousand|bn|tn|mn|m|k|crore|lakh)\b";
const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.";
const CURRENCY_WORDS: &str = r"dollars?|euros?|pounds?(?: sterling)?|sterling|yen|yuan|renminbi|won|rupees?|roubles?|rubles?|francs?|shillings?|tenge|pesos?|naira|rand|lira|reais|real|kronor|krona|kroner|krone|dirhams?|riyals?|baht|ringgit|rupiah|dong|hryvnias?";

impl Values {
    /// Compiles the patterns (constants: an error here is a bug, caught by the unit tests).
    pub fn new() -> Result<Self, regex::Error> {
        // ASCII word boundaries: Unicode ones force the slow backtracking engine, and every
        // boundary here sits next to an ASCII digit or letter anyway.
        //
        // ASCII digits too: amounts are parsed as ASCII numbers anyway, and Unicode `\d` (some
        // 700 code points) makes the automata larger and slower.
        let re = |p: &str| Regex::new(&p.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]"));
        Ok(Values {
            money_symbol: re(&format!(
                r"(?i)(US\$|C\$|A\$|HK\$|NZ\$|S\$|R\$|[$€£¥₹₩]|\b(?:PHP|USD|EUR|GBP|JPY|CNY|INR|KRW|CHF|KES|KZT|NGN|ZAR)\s?)({NUM})(?:\s?({SCALE}))?"
            ))?,
            money_word: re(&format!(r"(?i)\b({NUM})(?:\s({SCALE}))?\s({CURRENCY_WORDS})\b"))?,
            pence: re(&format!(r"\b({NUM})p\b"))?,
            percent: re(&format!(r"(?i)\b({NUM})\s?(%|percent\b|per cent\b)"))?,
            date: re(&format!(
                r"(?x)
                (?P<iso>\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}\b)
                | (?P<mdy>\b(?:{MONTHS})\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}}\b)
                | (?P<dmy>\b\d{{1,2}}\s(?:{MONTHS})\s(?:19|20)\d{{2}}\b)
                | (?P<part>\b(?:the\s)?(?:end|start|beginning|middle|first\shalf|second\shalf|first\squarter|second\squarter|third\squarter|fourth\squarter|summer|spring|fall|autumn|winter)\sof\s(?:19|20)\d{{2}}\b)
                | (?P<my>\b(?:{MONTHS})\s(?:of\s)?(?:19|20)\d{{2}}\b)
                | (?P<md>\b(?:{MONTHS})\s\d{{1,2}}(?:st|nd|rd|th)?\b)
                | (?P<dm>\b\d{{1,2}}\s(?:{MONTHS}))
                | (?P<rel>\b(?:today|yesterday|tomorrow|(?:last|next|this|previous)\s(?:year|month|week|spring|summer|fall|autumn|winter)|the\sprevious\syear|the\sfollowing\syear)\b)
                | (?P<weekday>\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)
                | (?P<month>\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)
                | (?P<year>\b(?:1[6-9]|20)\d{{2}}\b)"
            ))?,
        })
    }

    /// The values in the extractable paragraphs of `doc`, one entity per distinct text.
    ///
    /// At most [`MAX_VALUES`] mentions are kept (the flag says when more were found), so a
    /// document of a million numbers stays bounded in time and output.
    pub fn extract(&self, doc: &Doc, published: Option<Date>) -> (Vec<Entity>, bool) {
        let (text, offsets, paragraphs) = (doc.text, &doc.offsets, doc.paragraphs);
        let mut found: Vec<(usize, usize, EntityKind, Option<serde_json::Value>)> = Vec::new();
        let mut truncated = false;
        let byte_at = |cp: usize| offsets.byte(cp).unwrap_or(text.len());
        for p in paragraphs.iter().filter(|p| super::is_extractable(p.role)) {
            let (bs, be) = (byte_at(p.start), byte_at(p.end));
            let para = &text[bs..be];
            let mut taken: Vec<(usize, usize)> = Vec::new();
            let mut push = |s: usize, e: usize, kind: EntityKind, value: Option<serde_json::Value>, taken: &mut Vec<(usize, usize)>| {
                if found.len() >= MAX_VALUES {
                    truncated = true;
                    return;
                }
                if taken.iter().any(|(a, b)| s < *b && *a < e) {
                    return;
                }
                taken.push((s, e));
                found.push((bs + s, bs + e, kind, value));
            };
            // Money and percentages all hold a number: a paragraph without a digit (about half
            // of them) skips those four scans.
            if para.bytes().any(|b| b.is_ascii_digit()) {
                for c in self.money_symbol.captures_iter(para) {
                    let (Some(m), Some(sym), Some(n)) = (c.get(0), c.get(1), c.get(2)) else { continue };
                    let amount = number(n.as_str()) * scale(c.get(3).map(|s| s.as_str()));
                    let currency = symbol_currency(sym.as_str().trim());
                    push(m.start(), m.end(), EntityKind::Money, Some(json!({"amount": round2(amount), "currency": currency})), &mut taken);
                }
                for c in self.money_word.captures_iter(para) {
                    let (Some(m), Some(n), Some(w)) = (c.get(0), c.get(1), c.get(3)) else { continue };
                    let amount = number(n.as_str()) * scale(c.get(2).map(|s| s.as_str()));
                    if let Some(currency) = word_currency(w.as_str()) {
                        push(
                            m.start(),
                            m.end(),
                            EntityKind::Money,
                            Some(json!({"amount": round2(amount), "currency": currency})),
                            &mut taken,
                        );
                    }
                }
                for c in self.pence.captures_iter(para) {
                    let (Some(m), Some(n)) = (c.get(0), c.get(1)) else { continue };
                    push(
                        m.start(),
                        m.end(),
                        EntityKind::Money,
                        Some(json!({"amount": round2(number(n.as_str()) / 100.0), "currency": "GBP"})),
                        &mut taken,
                    );
                }
                for c in self.percent.captures_iter(para) {
                    let (Some(m), Some(n)) = (c.get(0), c.get(1)) else { continue };
                    push(m.start(), m.end(), EntityKind::Percent, Some(json!(number(n.as_str()))), &mut taken);
                }
            }
            for c in self.date.captures_iter(para) {
                let Some(m) = c.get(0) else { continue };
                // "May" is a month only after a word that takes one ("in May", "since May").
                if c.name("month").is_some() && m.as_str() == "May" && !after_time_word(&para[..m.start()]) {
                    continue;
                }
                // Only a weekday's value depends on it.
                let future = c.name("weekday").is_some() && is_future_context(&para[..m.start()], &para[m.end()..]);
                let value = date_value(&c, published, future);
                // A bare year inside a money or percent span was taken above.
                push(m.start(), m.end(), EntityKind::Date, value.map(serde_json::Value::String), &mut taken);
            }
        }
        found.sort_by_key(|f| f.0);
        let to_cp = |b: usize| offsets.char(b);
        let mut entities: Vec<Entity> = Vec::new();
        let mut index: rustc_hash::FxHashMap<(EntityKind, &str), usize> = rustc_hash::FxHashMap::default();
        for (b0, b1, kind, value) in found {
            let surface = &text[b0..b1];
            let mention = Mention { start: to_cp(b0), end: to_cp(b1), text: surface.to_string() };
            match index.get(&(kind, surface)) {
                Some(&at) => entities[at].mentions.push(mention),
                None => {
                    index.insert((kind, surface), entities.len());
                    entities.push(Entity {
                        id: String::new(),
                        kind,
                        name: surface.to_string(),
                        mentions: vec![mention],
                        value,
                        salience: None,
                    });
                }
            }
        }
        (entities, truncated)
    }
}

/// At most this many dates, times, amounts and percentages are read per article.
pub const MAX_VALUES: usize = 5000;

fn number(s: &str) -> f64 {
    s.replace(',', "").parse().unwrap_or(0.0)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn scale(s: Option<&str>) -> f64 {
    match s.map(str::to_lowercase).as_deref() {
        Some("trillion" | "tn") => 1e12,
        Some("billion" | "bn") => 1e9,
        Some("million" | "mn" | "m") => 1e6,
        Some("thousand" | "k") => 1e3,
        Some("crore") => 1e7,
        Some("lakh") => 1e5,
        _ => 1.0,
    }
}

fn symbol_currency(sym: &str) -> &'static str {
    match sym.to_uppercase().as_str() {
        "$" | "US$" | "USD" => "USD",
        "C$" => "CAD",
        "A$" => "AUD",
        "HK$" => "HKD",
        "NZ$" => "NZD",
        "S$" => "SGD",
        "R$" => "BRL",
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" | "JPY" => "JPY",
        "₹" | "INR" => "INR",
        "₩" | "KRW" => "KRW",
        "PHP" => "PHP",
        "CNY" => "CNY",
        "CHF" => "CHF",
        "KES" => "KES",
        "KZT" => "KZT",
        "NGN" => "NGN",
        "ZAR" => "ZAR",
        _ => "USD",
    }
}

fn word_currency(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches(" sterling");
    Some(match w {
        "dollar" | "dollars" => "USD",
        "euro" | "euros" => "EUR",
        "pound" | "pounds" | "sterling" => "GBP",
        "yen" => "JPY",
        "yuan" | "renminbi" => "CNY",
        "won" => "KRW",
        "rupee" | "rupees" => "INR",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "franc" | "francs" => "CHF",
        "shilling" | "shillings" => "KES",
        "tenge" => "KZT",
        "peso" | "pesos" => "PHP",
        "naira" => "NGN",
        "rand" => "ZAR",
        "lira" => "TRY",
        "real" | "reais" => "BRL",
        "krona" | "kronor" => "SEK",
        "krone" | "kroner" => "NOK",
        "dirham" | "dirhams" => "AED",
        "riyal" | "riyals" => "SAR",
        "baht" => "THB",
        "ringgit" => "MYR",
        "rupiah" => "IDR",
        "dong" => "VND",
        "hryvnia" | "hryvnias" => "UAH",
        _ => return None,
    })
}

fn month_of(s: &str) -> Option<Month> {
    let m = s.trim_end_matches('.').get(..3)?.to_lowercase();
    Some(match m.as_str() {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    })
}

fn year_in(s: &str) -> Option<i32> {
    s.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 4).and_then(|w| w.parse().ok())
}

fn day_in(s: &str) -> Option<u8> {
    s.split(|c: char| !c.is_ascii_digit()).find(|w| !w.is_empty() && w.len() <= 2).and_then(|w| w.parse().ok())
}

fn month_word(s: &str) -> Option<Month> {
    s.split(|c: char| c.is_whitespace() || c == ',').find_map(month_of)
}

fn ymd(y: i32, m: Month, d: u8) -> Option<String> {
    Date::from_calendar_date(y, m, d).ok().map(|d| d.to_string())
}

fn after_time_word(before: &str) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or("").to_lowercase();
    matches!(last.as_str(), "in" | "since" | "until" | "by" | "last" | "next" | "early" | "late" | "mid" | "of" | "from" | "through")
}

/// Whether the sentence around a weekday speaks of the future ("results are expected by
/// Saturday", "the season opens on Tuesday").
fn is_future_context(before: &str, after: &str) -> bool {
    let start = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let end = after.find(['.', '!', '?']).unwrap_or(after.len());
    let sentence = format!("{} {}", &before[start..], &after[..end]).to_lowercase();
    const CUES: [&str; 14] = [
        " will ", "expected", " due ", "scheduled", " set to ", " plans ", " plan to ", " is to ", " are to ", " opens ", " begins ",
        " starts ", "next ", " until ",
    ];
    let padded = format!(" {sentence} ");
    CUES.iter().any(|c| padded.contains(c))
}

/// The normalized value of one date match, `None` when it is not knowable. `future` picks the
/// next rather than the last occurrence of a weekday.
fn date_value(c: &regex::Captures, published: Option<Date>, future: bool) -> Option<String> {
    let text = c.get(0)?.as_str();
    let pub_year = published.map(|d| d.year());
    if let Some(m) = c.name("iso") {
        return Date::parse(m.as_str(), &time::format_description::well_known::Iso8601::DATE).ok().map(|d| d.to_string());
    }
    if c.name("mdy").is_some() || c.name("dmy").is_some() {
        return ymd(year_in(text)?, month_word(text)?, day_in(text)?);
    }
    if c.name("part").is_some() {
        return year_in(text).map(|y| y.to_string());
    }
    if c.name("my").is_some() {
        return Some(format!("{}-{:02}", year_in(text)?, month_word(text)? as u8));
    }
    if c.name("md").is_some() || c.name("dm").is_some() {
        return ymd(pub_year?, month_word(text)?, day_in(text)?);
    }
    if c.name("month").is_some() {
        return Some(format!("{}-{:02}", pub_year?, month_word(text)? as u8));
    }
    if c.name("year").is_some() {
        return Some(text.to_string());
    }
    let published = published?;
    if c.name("weekday").is_some() {
        // News mostly speaks of the past week (the latest such day on or before publication),
        // unless the sentence looks ahead (the next one on or after it).
        let target = weekday(text)?;
        let mut d = published;
        for _ in 0..7 {
            if d.weekday() == target {
                return Some(d.to_string());
            }
            d = if future { d.checked_add(Duration::days(1))? } else { d.checked_sub(Duration::days(1))? };
        }
        return None;
    }
    let lower = text.to_lowercase();
    match lower.as_str() {
        "today" => Some(published.to_string()),
        "yesterday" => published.checked_sub(Duration::days(1)).map(|d| d.to_string()),
        "tomorrow" => published.checked_add(Duration::days(1)).map(|d| d.to_string()),
        "last year" | "the previous year" | "previous year" => Some((published.year() - 1).to_string()),
        "next year" | "the following year" => Some((published.year() + 1).to_string()),
        "this year" => Some(published.year().to_string()),
        "this month" => Some(format!("{}-{:02}", published.year(), published.month() as u8)),
        "next month" => {
            let m = published.month().next();
            let y = if m == Month::January { published.year() + 1 } else { published.year() };
            Some(format!("{y}-{:02}", m as u8))
        }
        "last month" => {
            let m = published.month().previous();
            let y = if m == Month::December { published.year() - 1 } else { published.year() };
            Some(format!("{y}-{:02}", m as u8))
        }
        _ => None,
    }
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        "Sunday" => Weekday::Sunday,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, ParagraphRole};

    fn run(text: &str) -> Vec<(EntityKind, String, Option<serde_json::Value>)> {
        let p = vec![Paragraph { start: 0, end: text.chars().count(), role: ParagraphRole::Body }];
        let published = Date::from_calendar_date(2025, Month::March, 19).ok();
        Values::new()
            .expect("patterns compile")
            .extract(&Doc::new(text, &p, false), published)
            .0
            .into_iter()
            .map(|e| (e.kind, e.name, e.value))
            .collect()
    }

    fn value_of(text: &str, surface: &str) -> Option<serde_json::Value> {
        run(text).into_iter().find(|(_, n, _)| n == surface).and_then(|(_, _, v)| v)
    }

    #[test]
    fn money() {
        let t = "Trade reached $244.8 billion, €2bn and £300,000, plus 3.2 trillion yen, PHP18.6 million, 210 billion won and 41p.";
        assert_eq!(value_of(t, "$244.8 billion"), Some(json!({"amount": 244800000000.0, "currency": "USD"})));
        assert_eq!(value_of(t, "€2bn"), Some(json!({"amount": 2000000000.0, "currency": "EUR"})));
        assert_eq!(value_of(t, "£300,000"), Some(json!({"amount": 300000.0, "currency": "GBP"})));
        assert_eq!(value_of(t, "3.2 trillion yen"), Some(json!({"amount": 3200000000000.0, "currency": "JPY"})));
        assert_eq!(value_of(t, "PHP18.6 million"), Some(json!({"amount": 18600000.0, "currency": "PHP"})));
        assert_eq!(value_of(t, "210 billion won"), Some(json!({"amount": 210000000000.0, "currency": "KRW"})));
        assert_eq!(value_of(t, "41p"), Some(json!({"amount": 0.41, "currency": "GBP"})));
    }

    #[test]
    fn percentages() {
        let t = "up 1.9 percent, or 6.8%, and 4 per cent";
        assert_eq!(value_of(t, "1.9 percent"), Some(json!(1.9)));
        assert_eq!(value_of(t, "6.8%"), Some(json!(6.8)));
        assert_eq!(value_of(t, "4 per cent"), Some(json!(4.0)));
    }

    #[test]
    fn dates_resolved_against_publication() {
        let t = "On Wednesday, after talks on January 21, 2025 and 31 January 2026, the March 18 deal \
                 (June 2016) was renewed in 2023; next month and last year too, by the end of 2026, on 1996-08-30.";
        assert_eq!(value_of(t, "Wednesday"), Some(json!("2025-03-19")));
        assert_eq!(value_of(t, "January 21, 2025"), Some(json!("2025-01-21")));
        assert_eq!(value_of(t, "31 January 2026"), Some(json!("2026-01-31")));
        assert_eq!(value_of(t, "March 18"), Some(json!("2025-03-18")));
        assert_eq!(value_of(t, "June 2016"), Some(json!("2016-06")));
        assert_eq!(value_of(t, "2023"), Some(json!("2023")));
        assert_eq!(value_of(t, "next month"), Some(json!("2025-04")));
        assert_eq!(value_of(t, "last year"), Some(json!("2024")));
        assert_eq!(value_of(t, "the end of 2026"), Some(json!("2026")));
        assert_eq!(value_of(t, "1996-08-30"), Some(json!("1996-08-30")));
        // "Monday" before a Wednesday publication is two days earlier.
        assert_eq!(value_of("He left on Monday.", "Monday"), Some(json!("2025-03-17")));
        assert_eq!(value_of("Results are expected by Saturday.", "Saturday"), Some(json!("2025-03-22")));
        assert_eq!(value_of("The deal lapsed in June 2016.", "June 2016"), Some(json!("2016-06")));
        assert_eq!(value_of("Turner toured Cornwall in 1811.", "1811"), Some(json!("1811")));
        assert!(run("You May go.").is_empty());
        assert_eq!(value_of("It opens in May.", "May"), Some(json!("2025-05")));
    }

    #[test]
    fn no_false_years_in_money() {
        let kinds: Vec<String> = run("They paid $2024 and 2,100 people came").into_iter().map(|(k, n, _)| format!("{k}:{n}")).collect();
        assert_eq!(kinds, vec!["MONEY:$2024"]);
    }

    #[test]
    fn only_ascii_digits_make_amounts() {
        // "٣٠٠" (Arabic-Indic 300) would parse as no number at all: no amount of 0 is made up.
        assert!(run("They paid $٣٠٠ and ٥% more").is_empty());
        assert_eq!(value_of("They paid $300 and 5% more", "$300"), Some(json!({"amount": 300.0, "currency": "USD"})));
    }
}
