//! Fonts: the bundled Noto Sans CJK SC subset, registered as a fallback so Chinese renders
//! on a fresh machine. Called by the app and by every UI test.

use std::sync::Arc;

pub use crate::font_data::CJK_FONT;

const CJK_FONT_NAME: &str = "noto-sans-sc-paracrine";

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
    fonts
}

/// Installs [`font_definitions`] into `ctx`. Call once per context.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}
