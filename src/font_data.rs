//! The bundled font's bytes, on the bottom floor so the pure floors (diagram text
//! measurement, SVG and PNG export) can use the font without depending on egui.
//! [`crate::fonts`] hands the same bytes to egui.

/// Noto Sans CJK SC (SIL OFL 1.1), subset by `assets/fonts/subset_font.py` to the common hanzi
/// and every character of the seeds and `evidence.ron`. A CFF-flavoured OpenType font.
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-paracrine.otf");

/// The bundled font's family name, as SVG `font-family` and font databases know it.
pub const CJK_FONT_FAMILY: &str = "Noto Sans CJK SC";
