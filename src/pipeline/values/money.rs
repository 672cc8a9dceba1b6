//! Amounts of money: a currency sign or code before the number (`$2.3bn`, `₦450,000`,
//! `NGN 5 billion`, `R$ 12m`), a code, sign or currency word after it (`5,000 CHF`, `300 元`,
//! `40 million naira`), and pence. Ranges (`$2-3 billion`, `€5m to €7m`) are one amount
//! with `amount` the low end and `amount_max` the high end; a multiplier written only once
//! applies to both ends. Values are `{amount, currency}` with ISO 4217 codes.
//!
//! The ISO codes come from `data/lexicons/currencies.txt` (ISO 4217, built by
//! `scripts/build-lexicons.py`). The signs are written here: no open package maps the
//! currency signs news uses to ISO codes, and the list is short and stable (Unicode's
//! Currency Symbols block plus the letter signs like `Rs` and `RM`).

use regex::{Captures, Regex};
use rustc_hash::FxHashSet;
use serde_json::{Value, json};

const CODES: &str = include_str!("../../../data/lexicons/currencies.txt");

/// Multipliers after a number.
const SCALE: &str = r"(?:trillion|billion|million|thousand|bn|bln|tn|trn|mn|mln|m|k|crore|lakh)\b";

/// Signs written before the amount. Longest first: `US$` before `$`.
const PREFIX_SIGNS: &str =
    r"US\$|C\$|A\$|HK\$|NZ\$|S\$|R\$|NT\$|Mex\$|[$€£¥₹₩₦₱₽₺₴₪฿₫₵₡₲₸₼₾৳₭₮]|\bRs\.?\s?|\bRp\.?\s?|\bRM\s?|\bK[Ss]h\.?\s?";

/// Currency words after the amount.
const WORDS: &str = r"dollars?|euros?|pounds?(?: sterling)?|sterling|yen|yuan|renminbi|won|rupees?|roubles?|rubles?|francs?|shillings?|tenge|pesos?|naira|rand|lira|reais|real|kronor|krona|kroner|krone|kronur|dirhams?|riyals?|baht|ringgit|rupiah|dong|hryvnias?|cedis?|kwacha|birr|taka|zlotys?|zloty|forints?|koruna|korun|lei|leu|shekels?|rials?|kwanza|leones?|dalasi|nairas|bolivars?|bolívares|soles|sol|rubels?";

/// The compiled money patterns and the ISO codes.
#[derive(Debug)]
pub struct Money {
    /// Sign or code, amount, multiplier, and the optional range's end.
    prefix: Regex,
    /// Amount, multiplier, and a code, sign or word after them.
    suffix: Regex,
    pence: Regex,
    codes: FxHashSet<String>,
}

/// One amount found: byte span in the paragraph and its value.
pub type Found = (usize, usize, Value);

impl Money {
    /// Compiles the patterns; `re` applies the value stage's ASCII boundaries and digits.
    pub fn new(re: impl Fn(&str) -> Result<Regex, regex::Error>, num: &str) -> Result<Self, regex::Error> {
        let range_end = format!(r"(?:\s?(?:-|–|—|to)\s?(?:{PREFIX_SIGNS}|[A-Z]{{3}}\s?)?({num})(?:\s?({SCALE}))?)?");
        Ok(Money {
            prefix: re(&format!(r"((?i:{PREFIX_SIGNS})|\b[A-Z]{{3}})\s?({num})(?:\s?({SCALE}))?{range_end}"))?,
            suffix: re(&format!(r"\b({num})(?:\s?({SCALE}))?\s?(\b[A-Z]{{3}}\b|元|円|\bkr\b|zł|Kč|\bFt\b|(?i:\b(?:{WORDS})\b))"))?,
            pence: re(&format!(r"\b({num})p\b"))?,
            codes: CODES.lines().map(str::trim).filter(|c| !c.is_empty()).map(str::to_ascii_uppercase).collect(),
        })
    }

    /// The amounts in `para`, in the order they are preferred when they overlap (signs and
    /// codes before the amount first). `doc` is the whole text, read only to tell which
    /// country's "kr" an amount is in.
    pub fn find(&self, para: &str, doc: &str) -> Vec<Found> {
        let mut found = Vec::new();
        for c in self.prefix.captures_iter(para) {
            let (Some(m), Some(sign), Some(n)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            let Some(currency) = self.sign_currency(sign.as_str().trim()) else { continue };
            let (low, high) = range(&c, 2);
            // A range's end was matched greedily; keep only the part that reads as one.
            let end = if high.is_some() { m.end() } else { c.get(3).map_or(n.end(), |s| s.end()) };
            found.push((m.start(), end, value(low, high, currency)));
        }
        for c in self.suffix.captures_iter(para) {
            let (Some(m), Some(n), Some(unit)) = (c.get(0), c.get(1), c.get(3)) else { continue };
            let Some(currency) = self.suffix_currency(unit.as_str(), doc) else { continue };
            let amount = number(n.as_str()) * scale(c.get(2).map(|s| s.as_str()));
            found.push((m.start(), m.end(), value(amount, None, currency)));
        }
        for c in self.pence.captures_iter(para) {
            let (Some(m), Some(n)) = (c.get(0), c.get(1)) else { continue };
            found.push((m.start(), m.end(), json!({"amount": round2(number(n.as_str()) / 100.0), "currency": "GBP"})));
        }
        found
    }

    fn sign_currency(&self, sign: &str) -> Option<&str> {
        if sign.len() == 3 && sign.bytes().all(|b| b.is_ascii_uppercase()) {
            return self.code(sign);
        }
        Some(match sign.trim_end_matches('.') {
            "$" | "US$" => "USD",
            "C$" => "CAD",
            "A$" => "AUD",
            "HK$" => "HKD",
            "NZ$" => "NZD",
            "S$" => "SGD",
            "R$" => "BRL",
            "NT$" => "TWD",
            "Mex$" => "MXN",
            "€" => "EUR",
            "£" => "GBP",
            "¥" => "JPY",
            "₹" => "INR",
            "₩" => "KRW",
            "₦" => "NGN",
            "₱" => "PHP",
            "₽" => "RUB",
            "₺" => "TRY",
            "₴" => "UAH",
            "₪" => "ILS",
            "฿" => "THB",
            "₫" => "VND",
            "₵" => "GHS",
            "₡" => "CRC",
            "₲" => "PYG",
            "₸" => "KZT",
            "₼" => "AZN",
            "₾" => "GEL",
            "৳" => "BDT",
            "₭" => "LAK",
            "₮" => "MNT",
            s if s.eq_ignore_ascii_case("rs") => "INR",
            s if s.eq_ignore_ascii_case("rp") => "IDR",
            s if s.eq_ignore_ascii_case("rm") => "MYR",
            s if s.eq_ignore_ascii_case("ksh") => "KES",
            // The case-insensitive sign group lets "usd" through: a code in any case.
            s => return self.code(&s.to_ascii_uppercase()),
        })
    }

    fn suffix_currency(&self, unit: &str, doc: &str) -> Option<&str> {
        match unit {
            "元" => Some("CNY"),
            "円" => Some("JPY"),
            "zł" => Some("PLN"),
            "Kč" => Some("CZK"),
            "Ft" => Some("HUF"),
            "kr" => Some(krona(doc)),
            u if u.len() == 3 && u.bytes().all(|b| b.is_ascii_uppercase()) => self.code(u),
            u => word_currency(u),
        }
    }

    fn code(&self, code: &str) -> Option<&str> {
        self.codes.get(code).map(String::as_str)
    }
}

/// "kr" is the Swedish, Norwegian, Danish and Icelandic krona/krone: the country the article
/// names decides, Swedish when it names none.
fn krona(doc: &str) -> &'static str {
    if doc.contains("Norw") || doc.contains("Oslo") {
        "NOK"
    } else if doc.contains("Danish") || doc.contains("Denmark") || doc.contains("Copenhagen") {
        "DKK"
    } else if doc.contains("Iceland") || doc.contains("Reykjav") {
        "ISK"
    } else {
        "SEK"
    }
}

/// The low and high ends of the amount in `c`, whose number is group `g` (multiplier `g+1`,
/// range end `g+2`, its multiplier `g+3`). A multiplier written once applies to both ends.
fn range(c: &Captures, g: usize) -> (f64, Option<f64>) {
    let text = |i: usize| c.get(i).map(|m| m.as_str());
    let (scale_low, scale_high) = (text(g + 1), text(g + 3));
    let low = text(g).map_or(0.0, number);
    match text(g + 2).map(number) {
        Some(high) => {
            let low = low * scale(scale_low.or(scale_high));
            let high = high * scale(scale_high.or(scale_low));
            // "$5-10" is a range; "$10-5" is not one (a score, a code).
            if high > low { (low, Some(high)) } else { (low, None) }
        }
        None => (low * scale(scale_low), None),
    }
}

fn value(amount: f64, max: Option<f64>, currency: &str) -> Value {
    match max {
        Some(max) => json!({"amount": round2(amount), "amount_max": round2(max), "currency": currency}),
        None => json!({"amount": round2(amount), "currency": currency}),
    }
}

pub fn number(s: &str) -> f64 {
    s.replace(',', "").parse().unwrap_or(0.0)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn scale(s: Option<&str>) -> f64 {
    match s.map(str::to_lowercase).as_deref() {
        Some("trillion" | "tn" | "trn") => 1e12,
        Some("billion" | "bn" | "bln") => 1e9,
        Some("million" | "mn" | "mln" | "m") => 1e6,
        Some("thousand" | "k") => 1e3,
        Some("crore") => 1e7,
        Some("lakh") => 1e5,
        _ => 1.0,
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
        "rouble" | "roubles" | "ruble" | "rubles" | "rubel" | "rubels" => "RUB",
        "franc" | "francs" => "CHF",
        "shilling" | "shillings" => "KES",
        "tenge" => "KZT",
        "peso" | "pesos" => "PHP",
        "naira" | "nairas" => "NGN",
        "rand" => "ZAR",
        "lira" => "TRY",
        "real" | "reais" => "BRL",
        "krona" | "kronor" => "SEK",
        "krone" | "kroner" => "NOK",
        "kronur" => "ISK",
        "dirham" | "dirhams" => "AED",
        "riyal" | "riyals" => "SAR",
        "rial" | "rials" => "IRR",
        "baht" => "THB",
        "ringgit" => "MYR",
        "rupiah" => "IDR",
        "dong" => "VND",
        "hryvnia" | "hryvnias" => "UAH",
        "cedi" | "cedis" => "GHS",
        "kwacha" => "ZMW",
        "birr" => "ETB",
        "taka" => "BDT",
        "zloty" | "zlotys" => "PLN",
        "forint" | "forints" => "HUF",
        "koruna" | "korun" => "CZK",
        "leu" | "lei" => "RON",
        "shekel" | "shekels" => "ILS",
        "kwanza" => "AOA",
        "leone" | "leones" => "SLE",
        "dalasi" => "GMD",
        "bolivar" | "bolivars" | "bolívares" => "VES",
        "sol" | "soles" => "PEN",
        _ => return None,
    })
}
