//! Finding the comments of a RON file, which a save (a rewrite in the canonical layout)
//! drops, so the app can say so before it saves.

use std::path::Path;

/// Where each comment of a RON text starts (`//` to the end of the line, or `/* … */`,
/// which nests as in `ron`), as (line, column) from 1, columns in characters as
/// diagnostics count them. Text inside strings (`"http://x"`, escapes included), raw
/// strings (`r#"…"#`, byte strings too) and characters (`'/'`) is not a comment. Works on
/// any bytes, UTF-8 or not; a comment left open runs to the end.
pub fn comments(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = Walker {
        bytes,
        idx: 0,
        line: 1,
        col: 1,
    };
    while let Some(byte) = at.peek(0) {
        match byte {
            b'/' if matches!(at.peek(1), Some(b'/' | b'*')) => {
                found.push((at.line, at.col));
                if at.peek(1) == Some(b'/') {
                    while at.peek(0).is_some_and(|b| b != b'\n') {
                        at.bump();
                    }
                } else {
                    at.block_comment();
                }
            }
            b'"' => {
                at.bump();
                at.string();
            }
            b'\'' => {
                at.bump();
                at.character();
            }
            b'r' if at.starts_token() && at.raw_string_hashes().is_some() => {
                let hashes = at.raw_string_hashes().unwrap_or(0);
                // `r`, the hashes and the opening quote.
                for _ in 0..hashes + 2 {
                    at.bump();
                }
                at.raw_string(hashes);
            }
            _ => at.bump(),
        }
    }
    found
}

/// The warning to show before a save drops the comments at `found` (from [`comments`]) in
/// `file`: "3 comments would be dropped: evidence.ron:12:3, …", the first five listed.
/// `None` when there are none.
pub fn describe_comments(file: &Path, found: &[(usize, usize)]) -> Option<String> {
    const LISTED: usize = 5;
    if found.is_empty() {
        return None;
    }
    let unlisted = found.len().saturating_sub(LISTED);
    let listed: Vec<String> = found
        .iter()
        .take(LISTED)
        .map(|(line, col)| format!("{}:{line}:{col}", file.display()))
        .collect();
    let noun = if found.len() == 1 {
        "comment"
    } else {
        "comments"
    };
    let more = if unlisted == 0 {
        String::new()
    } else {
        format!(" and {unlisted} more")
    };
    Some(format!(
        "{} {noun} would be dropped: {}{more} (saving writes the canonical layout, which \
         has no comments; move what they say into a `note` field to keep it)",
        found.len(),
        listed.join(", ")
    ))
}

/// A position in the bytes with its line and column.
struct Walker<'a> {
    bytes: &'a [u8],
    idx: usize,
    line: usize,
    col: usize,
}

impl Walker<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.idx + ahead).copied()
    }

    /// Moves past one byte; a column is a character, so UTF-8 continuation bytes do not
    /// count.
    fn bump(&mut self) {
        match self.peek(0) {
            Some(b'\n') => {
                self.line += 1;
                self.col = 1;
            }
            Some(byte) if byte & 0xC0 != 0x80 => self.col += 1,
            _ => {}
        }
        self.idx += 1;
    }

    /// Whether the byte here starts a token: no identifier character before it (or just a
    /// `b` that starts one, as in `br"…"`).
    fn starts_token(&self) -> bool {
        let ident = |idx: Option<usize>| {
            idx.and_then(|idx| self.bytes.get(idx))
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        };
        let before = self.idx.checked_sub(1);
        match before.and_then(|idx| self.bytes.get(idx)) {
            Some(b'b') => !ident(self.idx.checked_sub(2)),
            _ => !ident(before),
        }
    }

    /// At an `r`: the number of `#`s of the raw string it opens, if it opens one.
    fn raw_string_hashes(&self) -> Option<usize> {
        let mut hashes = 0;
        while self.peek(1 + hashes) == Some(b'#') {
            hashes += 1;
        }
        (self.peek(1 + hashes) == Some(b'"')).then_some(hashes)
    }

    /// Inside a string: to past its closing quote.
    fn string(&mut self) {
        while let Some(byte) = self.peek(0) {
            self.bump();
            match byte {
                b'\\' => self.bump(),
                b'"' => return,
                _ => {}
            }
        }
    }

    /// Inside a raw string of `hashes` hashes: to past its closing quote and hashes.
    fn raw_string(&mut self, hashes: usize) {
        while let Some(byte) = self.peek(0) {
            self.bump();
            if byte == b'"' && (0..hashes).all(|ahead| self.peek(ahead) == Some(b'#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return;
            }
        }
    }

    /// Inside a character literal: to past its closing quote. One that is not closed on
    /// its line ends there, so a stray `'` cannot hide the comments after it.
    fn character(&mut self) {
        while let Some(byte) = self.peek(0) {
            match byte {
                b'\n' => return,
                b'\\' => {
                    self.bump();
                    if self.peek(0) != Some(b'\n') {
                        self.bump();
                    }
                }
                b'\'' => {
                    self.bump();
                    return;
                }
                _ => self.bump(),
            }
        }
    }

    /// At `/*`: to past the matching `*/` (block comments nest).
    fn block_comment(&mut self) {
        self.bump();
        self.bump();
        let mut depth = 1usize;
        while self.peek(0).is_some() {
            if self.peek(0) == Some(b'/') && self.peek(1) == Some(b'*') {
                depth += 1;
                self.bump();
                self.bump();
            } else if self.peek(0) == Some(b'*') && self.peek(1) == Some(b'/') {
                depth -= 1;
                self.bump();
                self.bump();
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_and_strings_are_not_comments() {
        for (text, expected) in [
            ("", vec![]),
            ("// one\n(a: 1)", vec![(1, 1)]),
            ("(a: 1) // end", vec![(1, 8)]),
            ("(a: 1, /* b */ c: 2)", vec![(1, 8)]),
            ("(url: \"http://x\")", vec![]),
            ("(url: \"http://x\") // but this", vec![(1, 19)]),
            (r#"(s: "a \" // still a string")"#, vec![]),
            (r#"(s: "ends with \\") // comment"#, vec![(1, 21)]),
            (r##"(s: r#"a " // raw"#) /* c */"##, vec![(1, 22)]),
            (r#"(s: r"/* raw */")"#, vec![]),
            (r#"(s: br"//")"#, vec![]),
            ("(c: '/', d: '\\'', e: 1) // c", vec![(1, 25)]),
            ("(c: '\"') // after a quote character", vec![(1, 10)]),
            (
                "/* outer /* inner */ still */ (a: 1) // two",
                vec![(1, 1), (1, 38)],
            ),
            ("/* open\n\n// inside", vec![(1, 1)]),
            // Columns are characters; lines count from 1.
            ("(zh: \"中文\",\n  // 注释\n)", vec![(2, 3)]),
            ("(zh: \"中文\") // x", vec![(1, 12)]),
            // An identifier ending in r is not a raw string.
            ("(bar: \"x\" /* c */)", vec![(1, 11)]),
            // A division-like slash alone is not a comment.
            ("(a: 1 / 2)", vec![]),
        ] {
            assert_eq!(comments(text.as_bytes()), expected, "{text}");
        }
    }

    #[test]
    fn the_warning_lists_the_first_five() {
        let file = Path::new("evidence.ron");
        assert_eq!(describe_comments(file, &[]), None);
        let one = describe_comments(file, &[(12, 3)]).unwrap_or_default();
        assert!(
            one.starts_with("1 comment would be dropped: evidence.ron:12:3 ("),
            "{one}"
        );
        let many: Vec<(usize, usize)> = (1..=7).map(|line| (line, 1)).collect();
        let text = describe_comments(file, &many).unwrap_or_default();
        assert!(
            text.starts_with(
                "7 comments would be dropped: evidence.ron:1:1, evidence.ron:2:1, \
                 evidence.ron:3:1, evidence.ron:4:1, evidence.ron:5:1 and 2 more ("
            ),
            "{text}"
        );
    }
}
