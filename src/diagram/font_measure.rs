//! [`FontMeasure`]: text widths from the bundled font's glyph advances, so a row measured
//! for the layout is as wide as the SVG/PNG renderer (and the screen) draws it.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

use super::text::{TextMeasure, approx_em};
use crate::font_data::CJK_FONT;

/// A [`TextMeasure`] summing the advances of a font's glyphs, with the font's kerning
/// (and ligatures) between printable ASCII characters: the renderers shape text (egui and
/// resvg both use harfrust), and "AVATAR" set with kerning is 4 % narrower than its
/// advances. Characters the font lacks get [`ApproxMeasure`](super::ApproxMeasure)'s
/// estimate.
///
/// Everything is read once, when the measure is built: every mapped character's advance
/// (ASCII in an array, the rest in a hash map) and, by shaping each pair once, the
/// adjustment of every printable ASCII pair. Measuring is then a lookup or two per
/// character. Kerning between other characters (Greek, accented Latin) is left out: the
/// bundled CJK font kerns CJK not at all, and the rest is rare in labels. Use
/// [`FontMeasure::bundled`] for the shared instance.
#[derive(Clone, Debug)]
pub struct FontMeasure {
    /// Advances of U+0000..U+007F, in ems.
    ascii: [f32; 128],
    /// Advances of every other character the font maps, in ems.
    others: FxHashMap<char, f32>,
    /// `kern[a * 128 + b]`: the adjustment, in ems, when ASCII `b` follows ASCII `a`
    /// (usually negative; zero for most pairs and for control characters).
    kern: Box<[f32]>,
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
        let mut font_units: [Option<f32>; 128] = [None; 128];
        let mut others = FxHashMap::default();
        for (codepoint, glyph) in font.charmap().mappings() {
            let (Some(c), Some(advance)) = (char::from_u32(codepoint), glyphs.advance_width(glyph))
            else {
                continue;
            };
            let em = advance * per_unit;
            match ascii.get_mut(codepoint as usize) {
                Some(slot) => {
                    *slot = em;
                    if let Some(units) = font_units.get_mut(codepoint as usize) {
                        *units = Some(advance);
                    }
                }
                None => {
                    others.insert(c, em);
                }
            }
        }
        let kern = ascii_pair_adjustments(&font, &font_units, per_unit);
        Ok(FontMeasure {
            ascii,
            others,
            kern,
        })
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
                kern: vec![0.0; 128 * 128].into_boxed_slice(),
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
        let mut ems = 0.0;
        // The previous character when it was ASCII, as a row of the pair table.
        let mut previous: Option<usize> = None;
        for c in text.chars() {
            let code = c as usize;
            match self.ascii.get(code) {
                Some(&em) => {
                    ems += em;
                    if let Some(row) = previous {
                        ems += self.kern.get(row * 128 + code).copied().unwrap_or(0.0);
                    }
                    previous = Some(code);
                }
                None => {
                    ems += self.others.get(&c).copied().unwrap_or_else(|| approx_em(c));
                    previous = None;
                }
            }
        }
        ems * font_size
    }
}

/// How much the shaper moves each printable ASCII pair from its advances, in ems: the
/// shaped width of the pair (kerning, ligatures) less the two advances. One shaping per
/// pair, about 9 000 in all, once per measure.
fn ascii_pair_adjustments(
    font: &FontRef<'_>,
    units: &[Option<f32>; 128],
    per_unit: f32,
) -> Box<[f32]> {
    let mut kern = vec![0.0; 128 * 128];
    let data = harfrust::ShaperData::new(font);
    let shaper = data.shaper(font).build();
    let mut buffer = harfrust::UnicodeBuffer::new();
    let mut pair = String::with_capacity(2);
    for a in 0x21u8..0x7F {
        let Some(Some(a_units)) = units.get(usize::from(a)) else {
            continue;
        };
        for b in 0x21u8..0x7F {
            let Some(Some(b_units)) = units.get(usize::from(b)) else {
                continue;
            };
            pair.clear();
            pair.push(char::from(a));
            pair.push(char::from(b));
            buffer.push_str(&pair);
            buffer.guess_segment_properties();
            let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
            let width: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
            // Float rounding of a sum of whole font units: never a real adjustment.
            let adjustment = width as f32 - a_units - b_units;
            if adjustment.abs() >= 0.5
                && let Some(slot) = kern.get_mut(usize::from(a) * 128 + usize::from(b))
            {
                *slot = adjustment * per_unit;
            }
            buffer = shaped.clear();
        }
    }
    kern.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

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
        // Kerned pairs are tighter than their advances; most pairs are not kerned.
        let (a, v) = (measure.width("A", 10.0), measure.width("V", 10.0));
        assert!(measure.width("AV", 10.0) < a + v - 0.1);
        let (m, s) = (measure.width("m", 10.0), measure.width("s", 10.0));
        assert!((measure.width("ms", 10.0) - (m + s)).abs() < 1e-4);
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
        // Across a CJK character nothing is kerned.
        let (a, b) = (
            measure.width("IL-6 ", 13.0),
            measure.width("巨噬细胞", 13.0),
        );
        assert!((measure.width("IL-6 巨噬细胞", 13.0) - (a + b)).abs() < 1e-3);
        assert_eq!(measure.width("", 13.0), 0.0);
    }
}
