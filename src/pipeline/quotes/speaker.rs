//! Who a speaker phrase is: the entity it names, the person a pronoun or a role noun ("the
//! minister", "the Chinese leader") refers to, or the words as written for an unnamed group
//! ("Chinese experts", "a source").

use crate::article::{Entity, EntityKind, Mention, Speaker};
use crate::pipeline::lexicon::{Lexicons, NameGender};
use crate::pipeline::offsets::CodePoints;
use std::cell::OnceCell;
use std::ops::Range;

/// Role nouns that stand for a person named elsewhere in the story, with the words that
/// introduce such a person ("the Chinese leader" → "Chinese President Xi Jinping").
const PERSON_ROLES: &[(&str, &[&str])] = &[
    ("leader", &["leader", "president", "premier", "chancellor", "king", "queen", "prime", "chairman", "head"]),
    ("president", &["president"]),
    ("minister", &["minister", "secretary"]),
    ("secretary", &["secretary", "minister"]),
    ("spokesman", &["spokesman", "spokeswoman", "spokesperson"]),
    ("spokeswoman", &["spokeswoman", "spokesperson", "spokesman"]),
    ("spokesperson", &["spokesperson", "spokesman", "spokeswoman"]),
    ("coach", &["coach", "manager"]),
    ("manager", &["manager", "coach"]),
    ("executive", &["executive", "ceo", "chief"]),
    ("chief", &["chief", "ceo", "head", "executive"]),
    ("ceo", &["ceo", "chief", "executive"]),
    ("lawyer", &["lawyer", "attorney", "counsel"]),
    ("attorney", &["attorney", "lawyer", "counsel", "prosecutor"]),
    ("prosecutor", &["prosecutor", "attorney"]),
    ("judge", &["judge", "justice"]),
    ("professor", &["professor", "academic", "scholar"]),
    ("scholar", &["scholar", "professor", "academic", "researcher"]),
    ("researcher", &["researcher", "scientist", "scholar", "author"]),
    ("scientist", &["scientist", "researcher"]),
    ("author", &["author", "researcher", "writer"]),
    ("analyst", &["analyst", "economist", "strategist"]),
    ("economist", &["economist", "analyst"]),
    ("chairman", &["chairman", "chair", "chairwoman"]),
    ("chairwoman", &["chairwoman", "chair", "chairman"]),
    ("chair", &["chair", "chairman", "chairwoman"]),
    ("director", &["director", "head"]),
    ("governor", &["governor", "gov"]),
    ("mayor", &["mayor"]),
    ("senator", &["senator", "sen"]),
    ("congressman", &["congressman", "rep", "representative"]),
    ("congresswoman", &["congresswoman", "rep", "representative"]),
    ("lawmaker", &["lawmaker", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "legislator"]),
    ("ambassador", &["ambassador", "envoy"]),
    ("envoy", &["envoy", "ambassador"]),
    ("official", &["official", "minister", "secretary", "spokesman", "spokeswoman", "director"]),
    ("candidate", &["candidate", "nominee"]),
    ("nominee", &["nominee", "candidate"]),
    ("adviser", &["adviser", "advisor", "aide"]),
    ("aide", &["aide", "adviser", "advisor"]),
    ("strategist", &["strategist", "adviser"]),
    ("pollster", &["pollster"]),
    ("billionaire", &["billionaire", "businessman", "mogul", "tycoon"]),
    ("businessman", &["businessman", "billionaire", "mogul", "tycoon", "entrepreneur"]),
    ("treasurer", &["treasurer"]),
    ("doctor", &["doctor", "dr", "physician", "surgeon"]),
    ("officer", &["officer", "chief", "inspector", "detective"]),
    ("founder", &["founder", "co-founder"]),
    ("councillor", &["councillor", "councilmember", "councilman", "councilwoman"]),
    ("councilmember", &["councilmember", "councillor", "councilman", "councilwoman"]),
    ("captain", &["captain", "skipper"]),
    ("striker", &["striker", "forward"]),
    ("chancellor", &["chancellor"]),
    ("premier", &["premier"]),
];

/// Nouns that stand for an organisation named elsewhere ("the company said").
const ORG_ROLES: &[&str] = &[
    "company", "firm", "group", "bank", "agency", "ministry", "department", "council", "board", "committee", "commission", "authority",
    "regulator", "retailer", "maker", "manufacturer", "insurer", "lender", "carrier", "airline", "union", "party", "club", "university",
    "institute", "hospital", "office", "court", "government", "administration", "organisation", "organization", "newspaper", "developer",
    "operator", "chipmaker", "automaker", "startup", "museum", "charity", "foundation", "school", "prosecutors",
];

/// What an organisation puts out: "according to a company press release" is the company.
const ORG_OUTPUTS: &[&str] = &["release", "statement", "filing", "announcement", "spokesperson"];

/// How far back (bytes) a role noun looks for the person or organisation it stands for: a
/// long article's worth, and a bound on the work per quote in a hostile one.
const WINDOW: usize = 50_000;

/// Resolves speaker phrases to the document's entities.
pub struct Resolver<'a> {
    text: &'a str,
    entities: &'a [Entity],
    /// Mentions as byte ranges with their entity's index, in text order.
    mentions: Vec<(Range<usize>, usize)>,
    /// Per entity, the pronoun used for it, when the text shows one.
    genders: Vec<Option<Gender>>,
    /// Per mention, the words that introduce it (see [`Resolver::context`]), computed the
    /// first time a role phrase asks (most documents never do) and kept.
    contexts: Vec<OnceCell<Vec<String>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

impl<'a> Resolver<'a> {
    /// Indexes the mentions of `entities` in `text` by byte offset; `lexicons` tell the
    /// gender of common given names.
    pub fn new(text: &'a str, entities: &'a [Entity], offsets: &CodePoints, lexicons: &Lexicons) -> Self {
        let mut mentions = Vec::new();
        for (n, e) in entities.iter().enumerate() {
            if !matches!(
                e.kind,
                EntityKind::Person | EntityKind::Org | EntityKind::Gpe | EntityKind::Norp | EntityKind::Loc | EntityKind::Fac
            ) {
                continue;
            }
            for m in &e.mentions {
                if let (Some(s), Some(t)) = (offsets.byte(m.start), offsets.byte(m.end)) {
                    mentions.push((s..t, n));
                }
            }
        }
        mentions.sort_by_key(|(r, _)| r.start);
        let contexts = vec![OnceCell::new(); mentions.len()];
        let mut resolver = Resolver { text, entities, mentions, genders: vec![None; entities.len()], contexts };
        resolver.genders = resolver.genders(lexicons);
        resolver
    }

    /// Each person's gender as the story shows it: a title before a mention ("Mr", "Ms"), a
    /// given name that census data gives (nearly) only to women or only to men, or the first
    /// personal pronoun after the first mention, before anyone else is named.
    /// One pass over the mentions, and a bounded look after each first mention.
    fn genders(&self, lexicons: &Lexicons) -> Vec<Option<Gender>> {
        let mut genders = vec![None; self.entities.len()];
        let mut first: Vec<Option<usize>> = vec![None; self.entities.len()];
        for (k, (r, n)) in self.mentions.iter().enumerate() {
            if self.entities[*n].kind != EntityKind::Person || genders[*n].is_some() {
                continue;
            }
            first[*n].get_or_insert(k);
            let from = self.text.floor_char_boundary(r.start.saturating_sub(8));
            let title = self.text[from..r.start].split_whitespace().last().unwrap_or("").trim_end_matches('.');
            genders[*n] = match title {
                "Mr" | "Sir" | "Lord" | "King" | "Prince" => Some(Gender::Male),
                "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Queen" | "Princess" => Some(Gender::Female),
                _ => None,
            };
        }
        for (n, e) in self.entities.iter().enumerate() {
            let given = e.name.split_whitespace().next().filter(|_| e.kind == EntityKind::Person && e.name.contains(' '));
            if genders[n].is_none() {
                genders[n] = match given.and_then(|g| lexicons.given_name_gender(g)) {
                    Some(NameGender::Female) => Some(Gender::Female),
                    Some(NameGender::Male) => Some(Gender::Male),
                    None => None,
                };
            }
        }
        for n in 0..self.entities.len() {
            let Some(k) = first[n].filter(|_| genders[n].is_none()) else { continue };
            let first_end = self.mentions[k].0.end;
            let limit = first_end + 400;
            let next_person = self.mentions[k + 1..]
                .iter()
                .take_while(|(r, _)| r.start < limit)
                .find(|(r, m)| r.start >= first_end && *m != n && self.entities[*m].kind == EntityKind::Person)
                .map_or(limit, |(r, _)| r.start);
            let to = self.text.floor_char_boundary(next_person.min(limit).min(self.text.len()));
            for w in self.text[first_end..to.max(first_end)].split(|c: char| !c.is_alphabetic()) {
                match w {
                    "he" | "He" | "him" | "his" | "His" | "himself" => genders[n] = Some(Gender::Male),
                    "she" | "She" | "her" | "Her" | "hers" | "herself" => genders[n] = Some(Gender::Female),
                    _ => continue,
                }
                break;
            }
        }
        genders
    }

    /// The speaker a phrase (byte range of the document) stands for. `quoted`: byte ranges
    /// inside quote marks, where a pronoun's antecedent is not looked for.
    ///
    /// `previous`: the speaker of the quote before and where that quote starts; "he said"
    /// after it means that speaker unless another person was named in between.
    pub fn resolve(
        &self,
        phrase: Range<usize>,
        quoted: &[Range<usize>],
        offsets: &CodePoints,
        previous: Option<(&Speaker, usize)>,
    ) -> Speaker {
        let original = self.text[phrase.clone()].trim();
        let leading = self.text[phrase.clone()].len() - self.text[phrase.clone()].trim_start().len();
        let has_the = original.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("the"));
        let mut written = original;
        for det in ["the ", "The ", "a ", "A ", "an ", "An "] {
            if let Some(rest) = written.strip_prefix(det) {
                // "The Post" is a name; "the company", "a source" are descriptions.
                if rest.starts_with(|c: char| c.is_lowercase()) || det.starts_with(['a', 'A']) {
                    written = rest;
                }
                break;
            }
        }
        let mention = Some(Mention { start: offsets.char(phrase.start), end: offsets.char(phrase.end), text: written.to_string() });
        let as_written = Speaker { name: written.to_string(), entity: None, mention: mention.clone() };
        let words: Vec<&str> = written.split_whitespace().collect();
        let Some(&head) = words.last() else { return as_written };
        let head_lower = head.to_lowercase();
        let head_start = phrase.start + leading + original.rfind(head).unwrap_or(0);
        let entity =
            |n: usize| Speaker { name: self.entities[n].name.clone(), entity: Some(self.entities[n].id.clone()), mention: mention.clone() };
        // A name: the mention under the phrase's last word.
        let near = self.mentions.partition_point(|(r, _)| r.start + 300 < head_start);
        if let Some((_, n)) = self.mentions[near..].iter().take_while(|(r, _)| r.start < phrase.end).find(|(r, _)| head_start < r.end) {
            return entity(*n);
        }
        // `quoted` is in text order and disjoint: binary searches keep this linear in the
        // mentions looked at, however many quotes a (hostile) text has.
        let outside = |r: &Range<usize>| {
            let k = quoted.partition_point(|q| q.end < r.end);
            !quoted.get(k).is_some_and(|q| q.start <= r.start && r.end <= q.end)
        };
        let before_phrase = self.mentions.partition_point(|(r, _)| r.start < phrase.start);
        let last_of = |kinds: &[EntityKind], not: Option<Gender>| {
            self.mentions[..before_phrase]
                .iter()
                .rev()
                .filter(|(r, n)| r.end <= phrase.start && outside(r) && kinds.contains(&self.entities[*n].kind))
                .find(|(_, n)| not.is_none() || self.genders[*n] != not)
                .map(|(r, n)| (r.start, *n))
        };
        let person = |not: Gender| {
            let last = last_of(&[EntityKind::Person], Some(not));
            let before = previous.and_then(|(s, at)| {
                let n = self.entities.iter().position(|e| Some(&e.id) == s.entity.as_ref())?;
                let fits = self.entities[n].kind == EntityKind::Person && self.genders[n] != Some(not);
                let nobody_since = last.is_none_or(|(pos, m)| pos < at || m == n);
                (fits && nobody_since).then_some(n)
            });
            before.or(last.map(|(_, n)| n)).map_or(as_written.clone(), entity)
        };
        match head_lower.as_str() {
            "he" | "him" => return person(Gender::Female),
            "she" | "her" => return person(Gender::Male),
            "it" => return last_of(&[EntityKind::Org], None).map_or(as_written, |(_, n)| entity(n)),
            _ => {}
        }
        let role = PERSON_ROLES.iter().find(|(r, _)| *r == head_lower);
        if head.starts_with(|c: char| c.is_uppercase()) {
            // A surname or given name the tagger did not mark: the person whose name has it.
            let part = self.entities.iter().enumerate().find(|(_, e)| {
                e.kind == EntityKind::Person && e.name.split_whitespace().count() > 1 && {
                    let parts: Vec<&str> = e.name.split_whitespace().collect();
                    let same = |p: Option<&&str>| p.is_some_and(|p| p.to_lowercase() == head_lower);
                    same(parts.last()) || same(parts.first()) && words.len() == 1
                }
            });
            if let Some((n, _)) = part {
                return entity(n);
            }
            // "Senator from Texas says": a capitalised role, as in a headline.
            if words.len() > 1 || role.is_none() {
                return as_written;
            }
        }
        if let Some((_, synonyms)) = role {
            let modifiers: Vec<String> = words[..words.len() - 1]
                .iter()
                .filter(|w| w.starts_with(|c: char| c.is_uppercase()) && !matches!(**w, "The" | "A" | "An"))
                .map(|w| w.to_lowercase())
                .collect();
            let vice = words.iter().any(|w| w.eq_ignore_ascii_case("vice"));
            if let Some(n) = self.person_with_role(synonyms, &modifiers, vice, phrase.start, before_phrase) {
                return entity(n);
            }
            return as_written;
        }
        let company_output =
            ORG_OUTPUTS.contains(&head_lower.as_str()) && (has_the || words.iter().any(|w| ORG_ROLES.contains(&w.to_lowercase().as_str())));
        if ORG_ROLES.contains(&head_lower.as_str()) && has_the || company_output {
            // "the company", "the retailer": the organisation the story is about so far —
            // the one named most often before, the latest of equals.
            let mut counts = vec![0usize; self.entities.len()];
            let window = self.mentions.partition_point(|(r, _)| r.start + WINDOW < phrase.start);
            for (r, n) in &self.mentions[window..before_phrase] {
                let inside = r.start >= phrase.start && r.end <= phrase.end;
                if r.end <= phrase.start && !inside && self.entities[*n].kind == EntityKind::Org && outside(r) {
                    counts[*n] += 1;
                }
            }
            // A full name beats a bare acronym or a word the tagger took for one ("DIY").
            let best = (0..counts.len()).filter(|n| counts[*n] > 0).max_by_key(|n| {
                let named = self.entities[*n].name.contains(' ');
                (named, counts[*n], self.mentions.iter().rposition(|(r, m)| m == n && r.end <= phrase.start))
            });
            return best.map_or(as_written, entity);
        }
        as_written
    }

    /// The person introduced with one of `roles` (and, when given, the `modifiers`: "the
    /// Lincoln coach"), mentioned last before `before` or else first after it. A vice
    /// president is not the president ("the Democratic nominee" is not "Democratic vice
    /// presidential nominee Tim Kaine") unless the phrase says "vice".
    fn person_with_role(&self, roles: &[&str], modifiers: &[String], vice: bool, before: usize, at: usize) -> Option<usize> {
        let mut best: Option<(bool, bool, usize, usize)> = None; // (modifiers, before, position, entity)
        let from = self.mentions.partition_point(|(r, _)| r.start + WINDOW < before);
        let to = (at + 200).min(self.mentions.len());
        for (k, (r, n)) in self.mentions.iter().enumerate().take(to.max(from)).skip(from) {
            if self.entities[*n].kind != EntityKind::Person {
                continue;
            }
            let Some(context) = self.contexts.get(k).map(|c| c.get_or_init(|| self.context(r))) else { continue };
            if !context.iter().any(|w| roles.contains(&w.as_str())) {
                continue;
            }
            if context.iter().any(|w| w == "vice") != vice {
                continue;
            }
            let all_mods = modifiers.iter().all(|m| context.contains(m));
            let is_before = r.end <= before;
            let pos = if is_before { r.start } else { usize::MAX - r.start };
            let key = (all_mods, is_before, pos, *n);
            if best.is_none_or(|b| (key.0, key.1, key.2) > (b.0, b.1, b.2)) {
                best = Some(key);
            }
        }
        best.filter(|b| b.0 || modifiers.is_empty()).map(|b| b.3)
    }

    /// Lowercase words introducing a mention: the few before it in its sentence ("Chinese
    /// President") and an apposition after it (", a professor at …,").
    fn context(&self, r: &Range<usize>) -> Vec<String> {
        let from = self.text.floor_char_boundary(r.start.saturating_sub(60));
        let mut before = &self.text[from..r.start];
        // The previous sentence's words introduce nobody: cut at a full stop after a word
        // of four letters or more (not "Sen.", "Gov.", "U.S.").
        if let Some(stop) = before
            .match_indices(['.', '!', '?', '\n'])
            .rev()
            .find(|(i, m)| *m == "\n" || before[..*i].rsplit(|c: char| !c.is_alphabetic()).next().is_some_and(|w| w.chars().count() >= 4))
        {
            before = &before[stop.0 + 1..];
        }
        let mut words: Vec<String> = before
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .rev()
            .take(4)
            .map(str::to_lowercase)
            .collect();
        let after = &self.text[r.end..];
        if let Some(rest) = after.strip_prefix(", ") {
            let to = rest.floor_char_boundary(160);
            let app = rest[..to].split([',', '.', ';']).next().unwrap_or("");
            words.extend(app.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).map(str::to_lowercase));
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(id: &str, kind: EntityKind, name: &str, text: &str, surfaces: &[&str]) -> Entity {
        let mut mentions = Vec::new();
        for s in surfaces {
            let mut from = 0;
            while let Some(i) = text[from..].find(s) {
                let b = from + i;
                let cp = CodePoints::new(text);
                mentions.push(Mention { start: cp.char(b), end: cp.char(b + s.len()), text: s.to_string() });
                from = b + s.len();
            }
        }
        Entity { id: id.into(), kind, name: name.into(), mentions, value: None, salience: None }
    }

    fn speaker(text: &str, entities: &[Entity], phrase: &str, nth: usize) -> Speaker {
        let cp = CodePoints::new(text);
        let r = Resolver::new(text, entities, &cp, &Lexicons::empty());
        let b = text.match_indices(phrase).nth(nth).unwrap().0;
        r.resolve(b..b + phrase.len(), &[], &cp, None)
    }

    #[test]
    fn names_pronouns_and_roles() {
        let text = "Chinese President Xi Jinping met Vladimir Putin. Xi spoke first. He said the talks went well. \
                    The Chinese leader called for calm. Cui Heng, a scholar at SCO, agreed. The scholar said so. The company said no. Chinese experts agree.";
        let es = vec![
            ent("e1", EntityKind::Person, "Xi Jinping", text, &["Xi Jinping", "Xi "]),
            ent("e2", EntityKind::Person, "Vladimir Putin", text, &["Vladimir Putin"]),
            ent("e3", EntityKind::Person, "Cui Heng", text, &["Cui Heng"]),
            ent("e4", EntityKind::Org, "Shanghai Cooperation Organization", text, &["SCO"]),
        ];
        assert_eq!(speaker(text, &es, "Xi", 1).name, "Xi Jinping");
        assert_eq!(speaker(text, &es, "He", 0).entity.as_deref(), Some("e1"));
        assert_eq!(speaker(text, &es, "The Chinese leader", 0).name, "Xi Jinping");
        assert_eq!(speaker(text, &es, "The scholar", 0).name, "Cui Heng");
        assert_eq!(speaker(text, &es, "The company", 0).name, "Shanghai Cooperation Organization");
        let group = speaker(text, &es, "Chinese experts", 0);
        assert_eq!((group.name.as_str(), group.entity.as_deref()), ("Chinese experts", None));
    }
}
