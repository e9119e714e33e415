//! Fonts: the bundled Noto Sans CJK SC subset, registered as a fallback so Chinese renders
//! on a fresh machine. Called by the app and by every UI test.

use std::sync::Arc;

pub use crate::font_data::CJK_FONT;

const CJK_FONT_NAME: &str = "noto-sans-sc-paracrine";

/// The font family diagram text is painted in: the bundled CJK font alone (it covers
/// Latin too), so the screen shows the same glyphs, widths and line breaks as an export.
pub const DIAGRAM_FONT: &str = "diagram";

/// Egui's default fonts with the bundled CJK font appended to both families. System
/// fonts (eframe's `system_fonts` provider) still fill in anything neither covers.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT_NAME.to_owned());
    }
    // Diagrams are painted in the bundled font alone, as exports are (it covers Latin
    // too); egui's default fonts stay behind it for anything it lacks.
    let mut diagram = vec![CJK_FONT_NAME.to_owned()];
    diagram.extend(
        fonts
            .families
            .get(&egui::FontFamily::Proportional)
            .into_iter()
            .flatten()
            .filter(|name| name.as_str() != CJK_FONT_NAME)
            .cloned(),
    );
    fonts
        .families
        .insert(egui::FontFamily::Name(DIAGRAM_FONT.into()), diagram);
    fonts
}

/// Installs [`font_definitions`] into `ctx`. Call once per context.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}
