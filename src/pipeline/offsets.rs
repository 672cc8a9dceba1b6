//! Byte ↔ code-point offsets. Stages cut text by bytes (Rust strings); the output counts
//! Unicode code points, as Python and most JSON consumers index.

/// Byte ↔ code-point offsets of one text, computed once per document.
#[derive(Debug)]
pub struct CodePoints {
    /// The text's length in bytes.
    len: usize,
    /// Byte offset of every code point, plus the end; `None` for ASCII text, where the two
    /// offsets are equal (and a table of eight bytes per character is not worth building).
    bytes: Option<Vec<usize>>,
}

impl CodePoints {
    /// Indexes `text`: one entry per code point, or none when it is ASCII.
    pub fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).chain([text.len()]).collect());
        CodePoints { len: text.len(), bytes }
    }

    /// The byte offset of code point `char_index`; `None` past the end.
    pub fn byte(&self, char_index: usize) -> Option<usize> {
        match &self.bytes {
            Some(bytes) => bytes.get(char_index).copied(),
            None => (char_index <= self.len).then_some(char_index),
        }
    }

    /// The code-point index of `byte` (of the first code point at or after it).
    pub fn char(&self, byte: usize) -> usize {
        match &self.bytes {
            Some(bytes) => bytes.partition_point(|b| *b < byte),
            None => byte.min(self.len + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// ASCII text, indexed without a table, answers as the table would.
        #[test]
        fn ascii_offsets_are_the_tables(text in "[ -~]{0,20}", at in 0usize..24) {
            let table = CodePoints { len: text.len(), bytes: Some((0..=text.len()).collect()) };
            let plain = CodePoints::new(&text);
            proptest::prop_assert!(plain.bytes.is_none());
            proptest::prop_assert_eq!(plain.byte(at), table.byte(at));
            proptest::prop_assert_eq!(plain.char(at), table.char(at));
        }
    }

    #[test]
    fn code_point_offsets() {
        let cp = CodePoints::new("Zürich x");
        assert_eq!(cp.char(3), 2);
        assert_eq!(cp.byte(2), Some(3));
        assert_eq!(cp.byte(8), Some(9));
        assert_eq!(cp.byte(9), None);
    }
}
