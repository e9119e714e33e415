//! Text measurement and line wrapping for node and edge labels. The layout asks a
//! [`TextMeasure`] how wide a row is: [`FontMeasure`](super::FontMeasure) sums the bundled
//! font's advances (screen and export lay out alike), [`ApproxMeasure`] estimates without
//! a font.

/// Measures the width of one row of text at a font size, in diagram units.
pub trait TextMeasure {
    /// Width of `text` (one row, no line breaks) at `font_size`.
    fn width(&self, text: &str, font_size: f32) -> f32;
}

/// A font-free estimate: wide (CJK, full-width) characters are 1 em, all others 0.55 em.
/// Good enough for tests and close to Noto Sans CJK SC for mixed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApproxMeasure;

impl TextMeasure for ApproxMeasure {
    fn width(&self, text: &str, font_size: f32) -> f32 {
        let ems: f32 = text.chars().map(approx_em).sum();
        ems * font_size
    }
}

/// [`ApproxMeasure`]'s width of one character, in ems.
pub fn approx_em(c: char) -> f32 {
    if is_wide(c) { 1.0 } else { 0.55 }
}

/// True for characters drawn one em wide: CJK ideographs, kana, hangul, CJK and
/// full-width punctuation.
pub fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Punctuation that must not start a row (it belongs to the character before it).
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | '%'
            | '％'
    )
}

/// Punctuation that must not end a row (it belongs to the character after it).
fn no_break_after(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '(')
}

/// Splits `text` into pieces that wrapping never breaks: a Latin word with its trailing
/// spaces, a single CJK character, a word up to and including a hyphen or slash.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        if let Some(p) = prev {
            let after_break = p == ' ' && c != ' ' || matches!(p, '-' | '–' | '—' | '/');
            let wide_boundary = is_wide(p) || is_wide(c);
            let allowed =
                (after_break || wide_boundary) && !no_break_before(c) && !no_break_after(p);
            if allowed && at > start {
                out.push(&text[start..at]);
                start = at;
            }
        }
        prev = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Wraps `text` into rows no wider than `max_width` (a single character wider than that
/// still gets a row of its own). Breaks go between words and between CJK characters;
/// a word too long for a row is split between characters. Explicit newlines are kept.
pub fn wrap(text: &str, font_size: f32, max_width: f32, measure: &dyn TextMeasure) -> Vec<String> {
    // Most labels fit on one row: one measurement settles them.
    let trimmed = text.trim();
    if !trimmed.contains('\n') && measure.width(trimmed, font_size) <= max_width {
        return vec![trimmed.to_owned()];
    }
    let mut rows = Vec::new();
    for paragraph in text.lines() {
        let mut row = String::new();
        // The row's width as the sum of its pieces' (with trailing spaces): one
        // measurement per piece rather than one per candidate row. Kerning across a
        // break is ignored; the layout measures the finished rows exactly.
        let mut row_width = 0.0;
        for piece in pieces(paragraph.trim()) {
            let piece_width = measure.width(piece, font_size);
            let visible_width = measure.width(piece.trim_end(), font_size);
            let starts_row = row.is_empty() || row_width + visible_width > max_width;
            if starts_row && !row.is_empty() {
                rows.push(row.trim_end().to_owned());
                row.clear();
                row_width = 0.0;
            }
            row.push_str(piece);
            row_width += piece_width;
            // A piece alone wider than a row is split between its characters.
            if starts_row && visible_width > max_width {
                let mut split = split_chars(&row, font_size, max_width, measure);
                row = split.pop().unwrap_or_default();
                row_width = measure.width(&row, font_size);
                rows.extend(split);
            }
        }
        let row = row.trim_end();
        if !row.is_empty() || rows.is_empty() {
            rows.push(row.to_owned());
        }
    }
    if rows.is_empty() {
        rows.push(String::new());
    }
    rows
}

/// Splits one over-wide row between characters, greedily.
fn split_chars(
    row: &str,
    font_size: f32,
    max_width: f32,
    measure: &dyn TextMeasure,
) -> Vec<String> {
    let mut rows = Vec::new();
    let mut current = String::new();
    for c in row.chars() {
        let mut candidate = current.clone();
        candidate.push(c);
        if !current.is_empty() && measure.width(candidate.trim_end(), font_size) > max_width {
            rows.push(current.trim_end().to_owned());
            current = c.to_string().trim_start().to_owned();
        } else {
            current = candidate;
        }
    }
    rows.push(current);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approx_measure_counts_wide_characters_as_one_em() {
        assert_eq!(ApproxMeasure.width("免疫", 10.0), 20.0);
        assert!((ApproxMeasure.width("IL-6", 10.0) - 22.0).abs() < 1e-4);
        assert!((ApproxMeasure.width("M2巨噬细胞", 10.0) - 51.0).abs() < 1e-4);
        assert!(is_wide('，') && is_wide('（') && !is_wide('κ') && !is_wide('-'));
    }

    #[test]
    fn wrapping_breaks_between_words_and_cjk_characters() {
        let cases: [(&str, f32, &[&str]); 7] = [
            ("short", 100.0, &["short"]),
            ("", 100.0, &[""]),
            // 0.55 em × 10 px: "stromal cell" is 66 px; 40 px holds one word.
            ("stromal cell death", 40.0, &["stromal", "cell", "death"]),
            ("stromal cell death", 70.0, &["stromal cell", "death"]),
            // CJK breaks anywhere, but a comma never starts a row.
            ("免疫环境失调，加重", 40.0, &["免疫环境", "失调，加", "重"]),
            // A word longer than a row is split between its characters.
            ("aaaaaaaaaa", 30.0, &["aaaaa", "aaaaa"]),
            ("IL-1β-induced", 40.0, &["IL-1β-", "induced"]),
        ];
        for (text, max, want) in cases {
            assert_eq!(
                wrap(text, 10.0, max, &ApproxMeasure),
                want,
                "{text:?} at {max}"
            );
        }
    }

    #[test]
    fn wrapped_rows_fit_unless_one_character_is_wider() {
        let text = "Inclusion: (1) reviews/studies of macrophage polarization phenotypes; 纳入标准：①巨噬细胞";
        for max in [12.0, 30.0, 55.0, 120.0] {
            let rows = wrap(text, 10.0, max, &ApproxMeasure);
            for row in &rows {
                // Rows are filled by summing piece widths: allow for rounding.
                let fits = ApproxMeasure.width(row, 10.0) <= max + 0.01 || row.chars().count() == 1;
                assert!(fits, "{row:?} wider than {max}");
            }
            let joined: String = rows.concat().split_whitespace().collect();
            let original: String = text.split_whitespace().collect();
            assert_eq!(joined, original, "no text lost at {max}");
        }
    }
}
