//! BILOU tags over four CoNLL types, which tag may follow which, and the mention spans
//! they make.

/// What a mention names, before the entity stage labels it for the output.
///
/// The tagger knows the first four (CoNLL-2003's, [`EntityType::TAGGED`]). The entity stage
/// settles the others from a mention's context, and they weigh differently when a
/// document's mentions of one name vote on its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Misc,
    /// A river or another natural feature its context names ("the Ili river").
    NaturalFeature,
    /// An area its context names ("Nairobi's Westlands constituency"): a place.
    Area,
    /// A name after "told the" ("told the Mercury"): an organisation by context alone,
    /// weaker evidence than the tagger's.
    Told,
    /// A name right after a personal title ("Mr. Obama"): a person, strong enough to outvote
    /// the tagger's guesses for the same name elsewhere.
    Titled,
}

impl EntityType {
    /// The types the tagger knows, in tag order, with their CoNLL names.
    pub const TAGGED: [EntityType; 4] = [EntityType::Per, EntityType::Org, EntityType::Loc, EntityType::Misc];

    /// Every type, in the order of [`EntityType::index`].
    pub const ALL: [EntityType; 8] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
        EntityType::NaturalFeature,
        EntityType::Area,
        EntityType::Told,
        EntityType::Titled,
    ];

    /// The position of this type in [`EntityType::ALL`] (and, for the tagger's types, in
    /// [`EntityType::TAGGED`]).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The type a CoNLL-2003 label names (`PER`, `ORG`, `LOC`, `MISC`), `None` for others.
    pub fn from_conll(label: &str) -> Option<EntityType> {
        match label {
            "PER" => Some(EntityType::Per),
            "ORG" => Some(EntityType::Org),
            "LOC" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// A mention over tokens: `start` to `end` (exclusive) of its sentence, and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub ty: EntityType,
}

impl Span {
    pub fn new(start: usize, end: usize, ty: EntityType) -> Self {
        Span { start, end, ty }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether the two spans share a token.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// `O` plus B, I, L, U for each type.
pub const NTAGS: usize = 1 + 4 * EntityType::TAGGED.len();

/// Position of a token in a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// Tag index of `part` of type `ty`, one of [`EntityType::TAGGED`] (another type has no tags
/// and gives an index past [`NTAGS`]).
pub fn tag(part: Part, ty: EntityType) -> usize {
    1 + 4 * ty.index()
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

/// The part and type of a tag, `None` for `O`.
pub fn split(tag: usize) -> Option<(Part, EntityType)> {
    if tag == 0 || tag >= NTAGS {
        return None;
    }
    let ty = EntityType::TAGGED[(tag - 1) / 4];
    let part = match (tag - 1) % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((part, ty))
}

/// Whether `next` may follow `prev` (`None`: the sentence start).
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    let open = |t: Option<usize>| matches!(t.and_then(split), Some((Part::Begin | Part::Inside, _)));
    match (open(prev), split(next)) {
        // Inside a mention: only I or L of the same type.
        (true, Some((Part::Inside | Part::Last, ty))) => prev.and_then(split).is_some_and(|(_, p)| p == ty),
        (true, _) => false,
        // Outside: O, B or U.
        (false, None) => true,
        (false, Some((part, _))) => matches!(part, Part::Begin | Part::Unit),
    }
}

/// Whether a sentence may end after `tag`.
pub fn may_end(tag: usize) -> bool {
    !matches!(split(tag), Some((Part::Begin | Part::Inside, _)))
}

/// The mentions of a tag sequence.
pub fn spans(tags: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            Some((Part::Unit, ty)) => {
                open = None;
                out.push(Span::new(i, i + 1, ty));
            }
            Some((Part::Begin, ty)) => open = Some((i, ty)),
            Some((Part::Last, ty)) => {
                if let Some((s, oty)) = open.take()
                    && oty == ty
                {
                    out.push(Span::new(s, i + 1, ty));
                }
            }
            Some((Part::Inside, _)) => {}
            None => open = None,
        }
    }
    out
}

/// Tags for `spans` over `n` tokens.
pub fn from_spans(n: usize, spans: &[Span]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &Span { start: s, end: e, ty } in spans {
        if e <= s || e > n {
            continue;
        }
        if e - s == 1 {
            tags[s] = tag(Part::Unit, ty);
        } else {
            tags[s] = tag(Part::Begin, ty);
            for t in &mut tags[s + 1..e - 1] {
                *t = tag(Part::Inside, ty);
            }
            tags[e - 1] = tag(Part::Last, ty);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_round_trip() {
        let spans = vec![Span::new(0, 2, EntityType::Per), Span::new(3, 4, EntityType::Loc), Span::new(5, 8, EntityType::Org)];
        let tags = from_spans(9, &spans);
        assert_eq!(super::spans(&tags), spans);
    }

    #[test]
    fn transitions_follow_bilou() {
        let b_per = tag(Part::Begin, EntityType::Per);
        assert!(allowed(None, b_per));
        assert!(!allowed(None, tag(Part::Inside, EntityType::Per)));
        assert!(allowed(Some(b_per), tag(Part::Last, EntityType::Per)));
        assert!(!allowed(Some(b_per), tag(Part::Last, EntityType::Org)));
        assert!(!allowed(Some(b_per), 0));
        assert!(allowed(Some(tag(Part::Unit, EntityType::Loc)), b_per));
        assert!(!may_end(b_per));
    }
}
