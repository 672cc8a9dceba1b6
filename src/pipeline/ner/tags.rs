//! BILOU tags over four CoNLL types, and which tag may follow which.

/// Entity types the tagger knows (CoNLL-2003's).
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// `O` plus B, I, L, U for each type.
pub const NTAGS: usize = 1 + 4 * TYPES.len();

/// Position of a token in a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// Tag index of `part` of type `ty` (an index into [`TYPES`]).
pub fn tag(part: Part, ty: usize) -> usize {
    1 + 4 * ty
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

/// The part and type of a tag, `None` for `O`.
pub fn split(tag: usize) -> Option<(Part, usize)> {
    if tag == 0 || tag >= NTAGS {
        return None;
    }
    let ty = (tag - 1) / 4;
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

/// Mentions as (first token, end token exclusive, type) from a tag sequence.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            Some((Part::Unit, ty)) => {
                open = None;
                out.push((i, i + 1, ty));
            }
            Some((Part::Begin, ty)) => open = Some((i, ty)),
            Some((Part::Last, ty)) => {
                if let Some((s, oty)) = open.take()
                    && oty == ty
                {
                    out.push((s, i + 1, ty));
                }
            }
            Some((Part::Inside, _)) => {}
            None => open = None,
        }
    }
    out
}

/// Tags for mentions (start, end exclusive, type) over `n` tokens.
pub fn from_spans(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &(s, e, ty) in spans {
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
        let spans = vec![(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let tags = from_spans(9, &spans);
        assert_eq!(super::spans(&tags), spans);
    }

    #[test]
    fn transitions_follow_bilou() {
        let b_per = tag(Part::Begin, 0);
        assert!(allowed(None, b_per));
        assert!(!allowed(None, tag(Part::Inside, 0)));
        assert!(allowed(Some(b_per), tag(Part::Last, 0)));
        assert!(!allowed(Some(b_per), tag(Part::Last, 1)));
        assert!(!allowed(Some(b_per), 0));
        assert!(allowed(Some(tag(Part::Unit, 2)), b_per));
        assert!(!may_end(b_per));
    }
}
