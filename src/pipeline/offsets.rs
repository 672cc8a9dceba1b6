//! Byte ↔ code-point offsets. Stages cut text by bytes (Rust strings); the output counts
//! Unicode code points, as Python and most JSON consumers index.

/// Byte ↔ code-point offsets of one text, computed once per document.
#[derive(Debug)]
pub struct CodePoints {
    /// Byte offset of every code point, plus the end.
    bytes: Vec<usize>,
}

impl CodePoints {
    /// Indexes `text`: one entry per code point.
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        CodePoints { bytes }
    }

    /// The byte offset of code point `char_index`; `None` past the end.
    pub fn byte(&self, char_index: usize) -> Option<usize> {
        self.bytes.get(char_index).copied()
    }

    /// The code-point index of `byte` (of the first code point at or after it).
    pub fn char(&self, byte: usize) -> usize {
        self.bytes.partition_point(|b| *b < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_point_offsets() {
        let cp = CodePoints::new("Zürich x");
        assert_eq!(cp.char(3), 2);
        assert_eq!(cp.byte(2), Some(3));
        assert_eq!(cp.byte(8), Some(9));
        assert_eq!(cp.byte(9), None);
    }
}
