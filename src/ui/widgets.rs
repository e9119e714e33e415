//! Shared widgets: badges, direction and level texts, headers, shortened titles. Views
//! import these; a view never imports another view.

use super::ViewCtx;
use super::style::{direction_color, level_color};
use crate::model::{Direction, Level};

/// A filled badge with white text.
pub fn badge_ui(ui: &mut egui::Ui, text: String, color: egui::Color32) {
    ui.label(
        egui::RichText::new(text)
            .color(egui::Color32::WHITE)
            .background_color(color)
            .strong(),
    );
}

/// A direction as glyph and word ("↑ 促进").
pub fn direction_text(cx: &ViewCtx<'_>, direction: Direction) -> String {
    format!(
        "{} {}",
        direction.glyph(),
        cx.lang.pick(direction.label_zh(), direction.label_en())
    )
}

/// An evidence level as its tier's shape and its word ("◆ 动物模型").
pub fn level_text(cx: &ViewCtx<'_>, level: Level) -> String {
    format!(
        "{} {}",
        level.tier().glyph(),
        cx.lang.pick(level.label_zh(), level.label_en())
    )
}

/// The direction badge of a claim.
pub fn direction_badge_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, direction: Direction) {
    badge_ui(
        ui,
        direction_text(cx, direction),
        direction_color(direction),
    );
}

/// The evidence-level badge of a claim; a level the review does not state says
/// "inferred" beside it (in words, with an explanation on hover).
pub fn level_badge_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, level: Level, inferred: bool) {
    badge_ui(ui, level_text(cx, level), level_color(level));
    if inferred {
        ui.label(
            egui::RichText::new(cx.tr("推断", "inferred"))
                .italics()
                .color(ui.visuals().warn_fg_color),
        )
        .on_hover_text(cx.tr(
            "综述未写明证据等级；此等级由整理者根据上下文推断（见注释）。",
            "The review does not state this evidence level; the curator inferred it from the context (see the note).",
        ));
    }
}

/// `text` cut to `max_chars` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// The header of a table or figure page: its label and caption, and its review.
pub fn view_header_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    label: &str,
    zh: &str,
    en: &str,
    review: &str,
) {
    ui.heading(format!("{label} {}", cx.lang.pick(zh, en)));
    ui.horizontal_wrapped(|ui| {
        ui.weak(cx.tr("来源：", "From:"));
        cx.link_ui(ui, review);
    });
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shorten_counts_characters_not_bytes() {
        assert_eq!(shorten("炎症性肠病", 10), "炎症性肠病");
        assert_eq!(shorten("炎症性肠病", 3), "炎症…");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("", 4), "");
    }
}
