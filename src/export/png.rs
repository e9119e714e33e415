//! PNG from SVG text: the export's SVG rasterised by resvg with the bundled font, on
//! white, at an integer scale. No system fonts are consulted, so every machine draws
//! the same pixels.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg;

use crate::font_data::{CJK_FONT, CJK_FONT_FAMILY};

/// The largest scale accepted.
pub const MAX_SCALE: u32 = 8;
/// The most pixels a PNG may have (side × side), about 400 MB of pixmap at most.
const MAX_PIXELS: u64 = 100_000_000;
/// The longest side a PNG may have.
const MAX_SIDE: u32 = 32_000;

/// Why rasterising failed.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The scale is zero or above [`MAX_SCALE`].
    #[error("scale {0} is not supported (use 1 to {MAX_SCALE}; 2 or 4 for print)")]
    Scale(u32),
    /// The SVG could not be parsed (a bug in the writer: please report it).
    #[error("internal error: the SVG could not be read ({0}); please report it")]
    Svg(String),
    /// The image would be too large to hold in memory.
    #[error(
        "the image would be {width} × {height} pixels, too large; export SVG or a smaller scale"
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// Encoding the pixels as PNG failed.
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// A font database holding only the bundled font, as sans-serif: built once, shared.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(CJK_FONT.to_vec());
            database.set_sans_serif_family(CJK_FONT_FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// A rasterised image: its PNG bytes and pixel size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Png {
    /// The PNG file.
    pub bytes: Vec<u8>,
    /// Width and height in pixels.
    pub size: [u32; 2],
}

/// Rasterises `svg` at `scale` (1 to [`MAX_SCALE`]) on a white background. The image is
/// `scale ×` the SVG's width and height (rounded up to whole pixels).
pub fn svg_to_png(svg: &str, scale: u32) -> Result<Png, PngError> {
    let pixmap = svg_to_pixmap(svg, scale)?;
    let bytes = encode_rgb(&pixmap, scale).map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(Png {
        bytes,
        size: [pixmap.width(), pixmap.height()],
    })
}

/// Rasterises `svg` as [`svg_to_png`] does, as straight RGBA pixels (for the clipboard).
pub fn svg_to_rgba(svg: &str, scale: u32) -> Result<Rgba, PngError> {
    let pixmap = svg_to_pixmap(svg, scale)?;
    // The background is opaque white, so premultiplied colours are the colours.
    Ok(Rgba {
        size: [pixmap.width(), pixmap.height()],
        pixels: pixmap.take(),
    })
}

/// Pixels of a rasterised image, 4 bytes each (red, green, blue, alpha), row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rgba {
    /// Width and height in pixels.
    pub size: [u32; 2],
    /// The pixels.
    pub pixels: Vec<u8>,
}

fn svg_to_pixmap(svg: &str, scale: u32) -> Result<tiny_skia::Pixmap, PngError> {
    if scale == 0 || scale > MAX_SCALE {
        return Err(PngError::Scale(scale));
    }
    let options = usvg::Options {
        fontdb: font_database(),
        font_family: CJK_FONT_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let factor = scale as f32;
    let side = |v: f32| -> u64 {
        let v = (v * factor).ceil();
        if v.is_finite() && v >= 1.0 {
            v as u64
        } else {
            1
        }
    };
    let (width, height) = (side(size.width()), side(size.height()));
    let too_large = PngError::TooLarge { width, height };
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(too_large);
    }
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(too_large);
    };
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(too_large)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(factor, factor),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The pixmap as an 8-bit RGB PNG (the background is opaque, so alpha says nothing and
/// premultiplied colours are the colours), with fast compression: tiny-skia's own
/// encoder keeps alpha and compresses harder, and took 0.5 s for a 6-megapixel diagram.
/// The physical size is recorded as 96 dpi × `scale`, so a slide or document shows the
/// image at the diagram's size.
fn encode_rgb(pixmap: &tiny_skia::Pixmap, scale: u32) -> Result<Vec<u8>, png::EncodingError> {
    let data = pixmap.data();
    let mut rgb = vec![0u8; data.len() / 4 * 3];
    for (rgb, rgba) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(4)) {
        rgb.copy_from_slice(rgba.get(..3).unwrap_or(&[255; 3]));
    }
    let mut bytes = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    // 96 pixels per inch is 3 779.5 per metre.
    let per_metre = (3_779.527_6 * scale as f32).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn the_bundled_font_is_the_sans_serif_family() {
        let database = font_database();
        let families: Vec<String> = database
            .faces()
            .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
            .collect();
        assert!(
            families.iter().any(|f| f == CJK_FONT_FAMILY),
            "{families:?}"
        );
    }

    #[test]
    fn rejects_bad_scales_and_bad_svg() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\"/>";
        assert!(matches!(svg_to_png(svg, 0), Err(PngError::Scale(0))));
        assert!(matches!(svg_to_png(svg, 9), Err(PngError::Scale(9))));
        assert!(matches!(svg_to_png("not svg", 2), Err(PngError::Svg(_))));
        let png = svg_to_png(svg, 3).expect("png");
        assert_eq!(png.size, [30, 15]);
        assert!(png.bytes.starts_with(b"\x89PNG"));
        let huge = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20000\" height=\"20000\"/>";
        assert!(matches!(
            svg_to_png(huge, 4),
            Err(PngError::TooLarge { .. })
        ));
    }

    /// The renderer's advance of `text` at 13 px: where its first glyph starts when the
    /// row ends at x = 1000.
    fn rendered_width(text: &str) -> f32 {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"20\">\
             <text x=\"1000\" y=\"15\" font-family=\"{}\" font-size=\"13\" \
             text-anchor=\"end\">{}</text></svg>",
            crate::export::svg::FONT_FAMILY,
            crate::export::svg::escape(text)
        );
        let options = usvg::Options {
            fontdb: font_database(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(&svg, &options).expect("svg");
        let Some(usvg::Node::Text(node)) = tree.root().children().first() else {
            panic!("no text node");
        };
        let first = node
            .layouted()
            .iter()
            .flat_map(|span| &span.positioned_glyphs)
            .map(|glyph| glyph.transform().tx)
            .fold(f32::INFINITY, f32::min);
        1000.0 - first
    }

    #[test]
    fn font_measure_agrees_with_the_renderer() {
        use crate::diagram::{FontMeasure, TextMeasure as _};
        for text in [
            "MSC homing",
            "白细胞介素1β · interleukin-1β",
            "AVATAR Type WAVE",
            "C-X-C趋化因子配体12",
            "(1) reviews/studies; 纳入标准：①巨噬细胞",
        ] {
            let ours = FontMeasure::bundled().width(text, 13.0);
            let theirs = rendered_width(text);
            assert!(
                (ours - theirs).abs() <= 0.01,
                "{text:?}: measured {ours}, rendered {theirs}"
            );
        }
    }
}
