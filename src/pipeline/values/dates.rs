//! The value of a date expression, resolved against the publication date in the direction
//! the sentence gives.
//!
//! Values are ISO 8601 at the granularity the text gives, so the form says which it is:
//! `2025-03-18` (a day), `2025-W12` (an ISO week: "last week"), `2025-03` (a month), `2025`
//! (a year). An expression with no knowable value ("next spring", "a few days ago", "the
//! 1990s") is kept without one.
//!
//! Direction: "last", "since" and "ago" look back; "next", "by", "until" and "coming" look
//! ahead; otherwise the tense nearest it in its sentence decides ("will", "is expected to",
//! "is due" look ahead; "was", "had" and verbs in -ed look back; "said" tells nothing). A weekday or a month without a
//! year resolves to the nearest one in that direction, counting the publication day or
//! month itself. With no direction at all, a weekday is the latest one (news reports what
//! happened) and a month is the one nearest the publication date.

use time::{Date, Duration, Month, Weekday};

/// Which way from the publication date an expression points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
    /// The sentence's tense looks back: it may speak of another clause, so a month or day
    /// of month is taken in the past only when that is within [`WEAK_REACH_DAYS`].
    TensePast,
    /// The sentence's tense looks ahead (as for [`Direction::TensePast`]).
    TenseFuture,
    Unknown,
}

/// How far a direction read from the tense alone may carry a month or day of month from the
/// publication date: within a year. A tense cue can belong to another clause; a date more
/// than a year off in its direction is then the nearest occurrence instead.
const WEAK_REACH_DAYS: i64 = 366;

impl Direction {
    /// The direction with the tense's weak forms taken as firm (for weekdays, which are
    /// never more than six days away).
    fn firm(self) -> Direction {
        match self {
            Direction::TensePast => Direction::Past,
            Direction::TenseFuture => Direction::Future,
            d => d,
        }
    }
}

/// The direction of the date expression between `before` and `after` in its paragraph: the
/// word just before it first, then the tense of its sentence.
pub fn direction(before: &str, after: &str) -> Direction {
    let prev = before.split_whitespace().next_back().unwrap_or("").trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    match prev.as_str() {
        "last" | "since" | "previous" | "past" => return Direction::Past,
        "next" | "by" | "until" | "till" | "coming" | "upcoming" => return Direction::Future,
        _ => {}
    }
    // The tense cue nearest the expression decides: in "said the plant will open in
    // October", "will" (closer) wins over "said".
    let start = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let end = after.find(['.', '!', '?']).unwrap_or(after.len());
    let words =
        |s: &str| s.split(|c: char| !(c.is_alphabetic() || c == '\'')).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>();
    let (left, right) = (words(&before[start..]), words(&after[..end]));
    let nearest_left = left.iter().rev().enumerate().find_map(|(d, w)| tense(w).map(|t| (d, t)));
    let nearest_right = right.iter().enumerate().find_map(|(d, w)| tense(w).map(|t| (d, t)));
    match (nearest_left, nearest_right) {
        (Some((dl, tl)), Some((dr, tr))) => {
            if dl <= dr {
                tl
            } else {
                tr
            }
        }
        (Some((_, t)), None) | (None, Some((_, t))) => t,
        (None, None) => Direction::Unknown,
    }
}

/// The direction a word's tense gives: a future auxiliary or planning word, or a past
/// auxiliary or a verb in -ed. Reporting verbs ("said") tell when something was said, not
/// when it happened, and give none.
fn tense(word: &str) -> Option<Direction> {
    const FUTURE: [&str; 14] = [
        "will", "would", "expected", "due", "scheduled", "plans", "planned", "planning", "upcoming", "next", "going", "opens", "begins",
        "starts",
    ];
    const PAST: [&str; 7] = ["was", "were", "had", "did", "ago", "earlier", "last"];
    if FUTURE.contains(&word) || word.ends_with("'ll") {
        Some(Direction::TenseFuture)
    } else if PAST.contains(&word) || (word.len() >= 5 && word.ends_with("ed") && !word.ends_with("eed")) {
        Some(Direction::TensePast)
    } else {
        None
    }
}

/// The groups of the date pattern a value is computed from (their names in `Values`).
pub fn value(c: &regex::Captures, published: Option<Date>, dir: Direction) -> Option<String> {
    let text = c.get(0)?.as_str();
    if let Some(m) = c.name("iso") {
        return Date::parse(m.as_str(), &time::format_description::well_known::Iso8601::DATE).ok().map(|d| d.to_string());
    }
    if c.name("mdy").is_some() || c.name("dmy").is_some() {
        return ymd(year_in(text)?, month_word(text)?, day_in(text)?);
    }
    if c.name("part").is_some() || c.name("year").is_some() {
        return year_in(text).map(|y| y.to_string());
    }
    if c.name("my").is_some() {
        return Some(format!("{}-{:02}", year_in(text)?, month_word(text)? as u8));
    }
    let published = published?;
    if c.name("md").is_some() || c.name("dm").is_some() {
        return day_of_month_near(published, month_word(text)?, day_in(text)?, dir).map(|d| d.to_string());
    }
    if c.name("month").is_some() {
        let (y, m) = month_near(published, month_word(text)?, dir);
        return Some(format!("{y}-{:02}", m as u8));
    }
    if c.name("weekday").is_some() {
        return weekday_near(published, weekday(text)?, dir.firm(), false).map(|d| d.to_string());
    }
    if c.name("relday").is_some() {
        let (word, day) = text.split_once(char::is_whitespace)?;
        let dir = match word.to_lowercase().as_str() {
            "last" | "previous" => Direction::Past,
            "next" | "coming" => Direction::Future,
            // "this Friday": the sentence says which, else the one ahead.
            _ if dir.firm() == Direction::Past => Direction::Past,
            _ => Direction::Future,
        };
        return weekday_near(published, weekday(day.trim())?, dir, true).map(|d| d.to_string());
    }
    if c.name("ago").is_some() {
        return ago_value(&text.to_lowercase(), published);
    }
    relative_value(&text.to_lowercase(), published)
}

/// "today", "last week", "this month", "the previous year" and the like.
fn relative_value(lower: &str, published: Date) -> Option<String> {
    let lower = lower.strip_prefix("the ").unwrap_or(lower);
    match lower {
        "today" | "tonight" | "this morning" | "this afternoon" | "this evening" => Some(published.to_string()),
        "yesterday" => published.checked_sub(Duration::days(1)).map(|d| d.to_string()),
        "tomorrow" => published.checked_add(Duration::days(1)).map(|d| d.to_string()),
        "last week" | "previous week" => published.checked_sub(Duration::weeks(1)).map(iso_week),
        "this week" => Some(iso_week(published)),
        "next week" | "coming week" | "following week" => published.checked_add(Duration::weeks(1)).map(iso_week),
        "last month" | "previous month" => Some(month_string(shift_months(published, -1))),
        "this month" => Some(month_string(shift_months(published, 0))),
        "next month" | "coming month" | "following month" => Some(month_string(shift_months(published, 1))),
        "last year" | "previous year" => Some((published.year() - 1).to_string()),
        "this year" => Some(published.year().to_string()),
        "next year" | "coming year" | "following year" => Some((published.year() + 1).to_string()),
        "previous day" => published.checked_sub(Duration::days(1)).map(|d| d.to_string()),
        "following day" => published.checked_add(Duration::days(1)).map(|d| d.to_string()),
        _ => None,
    }
}

/// "two years ago", "a week earlier", "three months later": counted from the publication
/// date, at the unit's granularity.
fn ago_value(lower: &str, published: Date) -> Option<String> {
    let mut words = lower.split_whitespace();
    let count = count_word(words.next()?)?;
    let unit = words.next()?.trim_end_matches('s');
    let sign: i64 = if words.next()? == "later" { 1 } else { -1 };
    let n = sign * count;
    match unit {
        "day" => published.checked_add(Duration::days(n)).map(|d| d.to_string()),
        "week" => published.checked_add(Duration::weeks(n)).map(iso_week),
        "month" => Some(month_string(shift_months(published, i32::try_from(n).ok()?))),
        // "two summers ago": the year of that season.
        "year" | "summer" | "winter" | "spring" | "autumn" => Some((i64::from(published.year()) + n).to_string()),
        _ => None,
    }
}

fn count_word(w: &str) -> Option<i64> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => w.parse().ok().filter(|n| (1..=999).contains(n))?,
    })
}

/// The ISO week of `d`, as `2025-W12`.
fn iso_week(d: Date) -> String {
    let (year, week, _) = d.to_iso_week_date();
    format!("{year}-W{week:02}")
}

fn month_string((y, m): (i32, Month)) -> String {
    format!("{y}-{:02}", m as u8)
}

/// The (year, month) `n` months from `d`'s month.
fn shift_months(d: Date, n: i32) -> (i32, Month) {
    let index = d.year() * 12 + i32::from(d.month() as u8) - 1 + n;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(Month::January);
    (index.div_euclid(12), month)
}

/// The nearest `month` to `published` in direction `dir`: the publication month counts as
/// both the past and the future one.
fn month_near(published: Date, month: Month, dir: Direction) -> (i32, Month) {
    let first = |y: i32| Date::from_calendar_date(y, month, 1).ok();
    let this_month = Date::from_calendar_date(published.year(), published.month(), 1).unwrap_or(published);
    let candidates: Vec<Date> = [-1, 0, 1].iter().filter_map(|dy| first(published.year() + dy)).collect();
    let pick = nearest_in(&candidates, this_month, dir).unwrap_or(this_month);
    (pick.year(), month)
}

/// The nearest `month` `day` to `published` in direction `dir` (the publication day counts
/// as both).
fn day_of_month_near(published: Date, month: Month, day: u8, dir: Direction) -> Option<Date> {
    let candidates: Vec<Date> =
        [-1, 0, 1].iter().filter_map(|dy| Date::from_calendar_date(published.year() + dy, month, day).ok()).collect();
    nearest_in(&candidates, published, dir)
}

/// Of `candidates` (in order), the nearest to `from` in direction `dir`; a tense-only
/// direction holds within [`WEAK_REACH_DAYS`], and with none the nearest wins, ties going to
/// the past (news reports more than it announces).
fn nearest_in(candidates: &[Date], from: Date, dir: Direction) -> Option<Date> {
    let past = candidates.iter().rev().find(|d| **d <= from).copied();
    let future = candidates.iter().find(|d| **d >= from).copied();
    let nearest = candidates.iter().min_by_key(|d| ((**d - from).whole_days().abs(), **d > from)).copied();
    let within = |d: Option<Date>| d.filter(|d| (*d - from).whole_days().abs() <= WEAK_REACH_DAYS);
    match dir {
        Direction::Past => past,
        Direction::Future => future,
        Direction::TensePast => within(past).or(nearest),
        Direction::TenseFuture => within(future).or(nearest),
        Direction::Unknown => nearest,
    }
}

/// The nearest `target` weekday to `published` in direction `dir` (`Unknown` is taken as
/// past); `strict` skips the publication day itself ("last Tuesday" on a Tuesday is a week
/// ago).
fn weekday_near(published: Date, target: Weekday, dir: Direction, strict: bool) -> Option<Date> {
    let step = if dir == Direction::Future { Duration::days(1) } else { Duration::days(-1) };
    let mut d = if strict { published.checked_add(step)? } else { published };
    for _ in 0..7 {
        if d.weekday() == target {
            return Some(d);
        }
        d = d.checked_add(step)?;
    }
    None
}

pub fn month_of(s: &str) -> Option<Month> {
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

/// Whether the word before a "May" makes it a month ("in May", "since May").
pub fn after_time_word(before: &str) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or("").to_lowercase();
    matches!(last.as_str(), "in" | "since" | "until" | "by" | "last" | "next" | "early" | "late" | "mid" | "of" | "from" | "through")
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
