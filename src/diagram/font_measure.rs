//! [`FontMeasure`]: text widths from the bundled font's glyph advances, so a row measured
//! for the layout is as wide as the SVG/PNG renderer (and the screen) draws it.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

use super::text::{TextMeasure, approx_em};
use crate::font_data::CJK_FONT;

/// A [`TextMeasure`] summing the advances of a font's glyphs (no kerning or shaping: the
/// fonts used here set CJK and Latin labels on fixed advances to within a hair).
/// Characters the font lacks get [`ApproxMeasure`](super::ApproxMeasure)'s estimate.
///
/// Every advance is read once, when the measure is built (a few thousand glyphs for the
/// bundled subset): ASCII in an array, the rest in a hash map. Measuring is then a
/// lookup per character. Use [`FontMeasure::bundled`] for the shared instance.
#[derive(Clone, Debug)]
pub struct FontMeasure {
    /// Advances of U+0000..U+007F, in ems.
    ascii: [f32; 128],
    /// Advances of every other character the font maps, in ems.
    others: FxHashMap<char, f32>,
}

/// Why a font could not be read for measuring.
#[derive(Debug, thiserror::Error)]
pub enum FontMeasureError {
    /// The bytes are not an OpenType font skrifa can read.
    #[error("cannot read the font: {0}")]
    Unreadable(String),
    /// The font's units per em is zero.
    #[error("the font has no units per em")]
    NoUnitsPerEm,
}

impl FontMeasure {
    /// Reads every mapped character's advance from `font` (an OpenType/TrueType file,
    /// first face).
    pub fn new(font: &[u8]) -> Result<FontMeasure, FontMeasureError> {
        let font = FontRef::new(font).map_err(|e| FontMeasureError::Unreadable(e.to_string()))?;
        let location = LocationRef::default();
        let units_per_em = font.metrics(Size::unscaled(), location).units_per_em;
        if units_per_em == 0 {
            return Err(FontMeasureError::NoUnitsPerEm);
        }
        let per_unit = 1.0 / f32::from(units_per_em);
        let glyphs = font.glyph_metrics(Size::unscaled(), location);
        let mut ascii: [f32; 128] = std::array::from_fn(|c| approx_em(char::from(c as u8)));
        let mut others = FxHashMap::default();
        for (codepoint, glyph) in font.charmap().mappings() {
            let (Some(c), Some(advance)) = (char::from_u32(codepoint), glyphs.advance_width(glyph))
            else {
                continue;
            };
            let em = advance * per_unit;
            match ascii.get_mut(codepoint as usize) {
                Some(slot) => *slot = em,
                None => {
                    others.insert(c, em);
                }
            }
        }
        Ok(FontMeasure { ascii, others })
    }

    /// The measure of the bundled font, built on first use and shared. Should the
    /// bundled font ever be unreadable (a broken build; a test checks it is not), every
    /// character gets the approximate width instead.
    pub fn bundled() -> &'static FontMeasure {
        static BUNDLED: OnceLock<FontMeasure> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            FontMeasure::new(CJK_FONT).unwrap_or_else(|_| FontMeasure {
                ascii: std::array::from_fn(|c| approx_em(char::from(c as u8))),
                others: FxHashMap::default(),
            })
        })
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        c.is_ascii() || self.others.contains_key(&c)
    }

    /// The advance of `c`, in ems.
    pub fn em(&self, c: char) -> f32 {
        match self.ascii.get(c as usize) {
            Some(&em) => em,
            None => self.others.get(&c).copied().unwrap_or_else(|| approx_em(c)),
        }
    }
}

impl TextMeasure for FontMeasure {
    fn width(&self, text: &str, font_size: f32) -> f32 {
        let ems: f32 = text.chars().map(|c| self.em(c)).sum();
        ems * font_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::text::ApproxMeasure;

    #[test]
    fn the_bundled_font_is_read() {
        let measure = FontMeasure::new(CJK_FONT).expect("the bundled font parses");
        assert!(measure.others.len() > 3000, "{}", measure.others.len());
        // CJK ideographs are one em; Latin is proportional.
        assert!((measure.em('免') - 1.0).abs() < 1e-3);
        assert!(measure.em('i') < measure.em('m'));
        assert!(measure.em(' ') > 0.1);
        assert!(measure.covers('β') && measure.covers('巨'));
    }

    #[test]
    fn missing_characters_fall_back_to_the_estimate() {
        let measure = FontMeasure::bundled();
        // A private-use character no font here maps.
        let c = '\u{E123}';
        assert!(!measure.covers(c));
        assert_eq!(
            measure.width("\u{E123}", 10.0),
            ApproxMeasure.width("\u{E123}", 10.0)
        );
    }

    #[test]
    fn widths_add_up() {
        let measure = FontMeasure::bundled();
        let (a, b) = (
            measure.width("IL-6 ", 13.0),
            measure.width("巨噬细胞", 13.0),
        );
        assert!((measure.width("IL-6 巨噬细胞", 13.0) - (a + b)).abs() < 1e-3);
        assert_eq!(measure.width("", 13.0), 0.0);
    }
}
