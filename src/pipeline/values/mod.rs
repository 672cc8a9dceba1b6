//! Dates, money and percentages with normalized values, found by rules (regular expressions
//! compiled once in [`Values`]).
//!
//! - MONEY: `$244.8 billion`, `€2bn`, `₦450,000`, `3.2 trillion yen`, `PHP18.6 million`,
//!   `5,000 CHF`, `$2-3 billion`, `41p` → `{amount, currency}` (and `amount_max` for a range)
//!   with ISO 4217 codes.
//! - PERCENT: `1.9 percent`, `6.8%` → a number.
//! - DATE: `January 21, 2025`, `21 January 2025`, `March 18`, `June 2016`, `Tuesday`, `2024`,
//!   `last year`, `last week`, `two years ago`, `the end of 2026`, `1996-08-30` →
//!   `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM` or `YYYY`, with missing years and relative days
//!   resolved against the publication date in the direction the sentence gives ([`dates`]).
//!   Expressions with no knowable value (`next spring`, `a few days ago`) are kept without one.
//!
//! Money ([`money`]) and percentages are written the same way in every language, so they are
//! read in articles of any language.

use crate::article::{Entity, EntityKind, Mention};
use crate::pipeline::Doc;
use regex::Regex;
use serde_json::json;
use time::Date;

mod dates;
mod money;

/// The compiled patterns.
#[derive(Debug)]
pub struct Values {
    money: money::Money,
    percent: Regex,
    date: Regex,
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.";

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
            money: money::Money::new(re, NUM)?,
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
                | (?P<ago>\b(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\sfew|several|\d{{1,3}})\s(?i:days?|weeks?|months?|years?|decades?|summers?|winters?|springs?|autumns?)\s(?i:ago|earlier|later)\b)
                | (?P<rel>\b(?:(?i:today|tonight|yesterday|tomorrow)|(?i:this)\s(?:morning|afternoon|evening)|(?i:last|next|this|previous|coming)\s(?:year|month|week|weekend|spring|summer|fall|autumn|winter)|(?i:the)\s(?:previous|following)\s(?:year|month|week|day))\b)
                | (?P<relday>\b(?i:last|next|this|coming|previous)\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)
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
                for (s, e, value) in self.money.find(para, text) {
                    push(s, e, EntityKind::Money, Some(value), &mut taken);
                }
                for c in self.percent.captures_iter(para) {
                    let (Some(m), Some(n)) = (c.get(0), c.get(1)) else { continue };
                    push(m.start(), m.end(), EntityKind::Percent, Some(json!(money::number(n.as_str()))), &mut taken);
                }
            }
            for c in self.date.captures_iter(para) {
                let Some(m) = c.get(0) else { continue };
                // "May" is a month only after a word that takes one ("in May", "since May").
                if c.name("month").is_some() && m.as_str() == "May" && !dates::after_time_word(&para[..m.start()]) {
                    continue;
                }
                let dir = dates::direction(&para[..m.start()], &para[m.end()..]);
                let value = dates::value(&c, published, dir);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, ParagraphRole};
    use time::Month;

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
    fn signs_codes_and_words_of_many_currencies() {
        let t = "Lagos paid ₦450,000, Manila ₱2.5m and Mumbai Rs 12 crore; NGN 5 billion came from Abuja, \
                 5,000 CHF from Zurich, 300 元 from Shenzhen, 40 million cedis from Accra and R$ 12m from Recife.";
        let money = |surface: &str| value_of(t, surface).map(|v| (v["amount"].as_f64(), v["currency"].as_str().map(str::to_string)));
        assert_eq!(money("₦450,000"), Some((Some(450000.0), Some("NGN".into()))));
        assert_eq!(money("₱2.5m"), Some((Some(2500000.0), Some("PHP".into()))));
        assert_eq!(money("Rs 12 crore"), Some((Some(120000000.0), Some("INR".into()))));
        assert_eq!(money("NGN 5 billion"), Some((Some(5e9), Some("NGN".into()))));
        assert_eq!(money("5,000 CHF"), Some((Some(5000.0), Some("CHF".into()))));
        assert_eq!(money("300 元"), Some((Some(300.0), Some("CNY".into()))));
        assert_eq!(money("40 million cedis"), Some((Some(4e7), Some("GHS".into()))));
        assert_eq!(money("R$ 12m"), Some((Some(1.2e7), Some("BRL".into()))));
        // Three capitals that are no ISO code, or spell a company, are not money.
        assert!(run("The CEO 5 and AMD 7000 chips, NATO 32.").iter().all(|(k, _, _)| *k != EntityKind::Money));
        // "kr" is the krona of the country the article names.
        assert_eq!(value_of("Oslo: the ticket costs 250 kr now.", "250 kr").map(|v| v["currency"].clone()), Some(json!("NOK")));
    }

    #[test]
    fn ranges_are_one_amount_with_both_ends() {
        let t = "It will cost $2-3 billion, or between €5m to €7m, and 40 to 50 people came.";
        assert_eq!(value_of(t, "$2-3 billion"), Some(json!({"amount": 2e9, "amount_max": 3e9, "currency": "USD"})));
        assert_eq!(value_of(t, "€5m to €7m"), Some(json!({"amount": 5e6, "amount_max": 7e6, "currency": "EUR"})));
        // A falling pair is no range.
        assert_eq!(value_of("Prices went from $10-5 a head.", "$10"), Some(json!({"amount": 10.0, "currency": "USD"})));
    }

    #[test]
    fn the_sentence_says_which_way_a_date_points() {
        // Published Wednesday 2025-03-19.
        assert_eq!(value_of("The council must decide by Thursday.", "Thursday"), Some(json!("2025-03-20")));
        assert_eq!(value_of("Talks will resume on Monday.", "Monday"), Some(json!("2025-03-24")));
        assert_eq!(value_of("Talks collapsed on Thursday.", "Thursday"), Some(json!("2025-03-13")));
        assert_eq!(value_of("He met her last Wednesday.", "last Wednesday"), Some(json!("2025-03-12")));
        assert_eq!(value_of("They meet next Monday.", "next Monday"), Some(json!("2025-03-24")));
        // Months without a year: "since" looks back, "will" ahead, else the nearest.
        assert_eq!(value_of("Prices have risen since October.", "October"), Some(json!("2024-10")));
        assert_eq!(value_of("The plant will open in October.", "October"), Some(json!("2025-10")));
        assert_eq!(value_of("The vote is in June.", "June"), Some(json!("2025-06")));
        assert_eq!(value_of("The storm hit in December.", "December"), Some(json!("2024-12")));
        assert_eq!(value_of("It was signed on December 5.", "December 5"), Some(json!("2024-12-05")));
        assert_eq!(value_of("The deadline is April 2.", "April 2"), Some(json!("2025-04-02")));
        // The tense nearest the date decides, and "said" tells nothing.
        assert_eq!(value_of("Officials said the plant will open in October.", "October"), Some(json!("2025-10")));
        assert_eq!(value_of("The ban was imposed in April, and a ruling will follow.", "April"), Some(json!("2024-04")));
        assert_eq!(value_of("Officials said the talks ended in January.", "January"), Some(json!("2025-01")));
    }

    #[test]
    fn relative_expressions_get_values_at_their_granularity() {
        // Published Wednesday 2025-03-19, in ISO week 12.
        let cases = [
            ("Sales fell last week.", "last week", "2025-W11"),
            ("Last week was calm.", "Last week", "2025-W11"),
            ("Sales rose this month.", "this month", "2025-03"),
            ("The firm was founded two years ago.", "two years ago", "2023"),
            ("A year earlier it had lost money.", "A year earlier", "2024"),
            ("The bridge closed three weeks ago.", "three weeks ago", "2025-W09"),
            ("It rained 10 days ago.", "10 days ago", "2025-03-09"),
            ("The mayor spoke today.", "today", "2025-03-19"),
            ("The mayor spoke this morning.", "this morning", "2025-03-19"),
            ("It flooded two summers ago.", "two summers ago", "2023"),
            ("Six months later it reopened.", "Six months later", "2025-09"),
        ];
        for (text, surface, want) in cases {
            assert_eq!(value_of(text, surface), Some(json!(want)), "{text}");
        }
        // Found, with no knowable value.
        assert!(run("It happened a few days ago.").iter().any(|(k, n, v)| *k == EntityKind::Date && n == "a few days ago" && v.is_none()));
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
