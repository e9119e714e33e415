//! Shared widgets: badges, direction and level texts, headers, shortened titles. Views
//! import these; a view never imports another view.

use super::ViewCtx;
use super::style::{direction_color, level_color, tier_color};
use crate::app::{Command, Page};
use crate::model::evidence::{ClaimQuery, ClaimSet, Summary, child_noun, singular_if_one};
use crate::model::{Direction, Item, Kind, Level, Tier};

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

/// Children named in a summary before "and N more".
const CHILDREN_NAMED: usize = 6;

/// The evidence at a glance for a set of claims: a headline sentence, a grid of counts
/// by evidence tier (rows, strongest first) × direction (columns) where every count opens
/// the claims table narrowed to it, the reviews reporting them, and which child entities
/// are included. `kind` names the children ("child diseases").
pub fn summary_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    summary: &Summary,
    set: &ClaimSet,
    kind: Option<Kind>,
) {
    let noun = kind.map_or(("下级条目", "child entries"), child_noun);
    ui.label(egui::RichText::new(summary.headline(cx.lang, noun)).strong());
    if summary.n == 0 {
        return;
    }
    if !summary.children.is_empty() {
        ui.horizontal_wrapped(|ui| {
            let n = summary.children.len();
            ui.weak(cx.lang.label(
                &format!("含 {n} 个{}的证据：", noun.0),
                &format!("Including {n} {}:", singular_if_one(n, noun.1)),
            ));
            for (i, &child) in summary.children.iter().take(CHILDREN_NAMED).enumerate() {
                if i > 0 {
                    ui.weak(cx.tr("、", "·"));
                }
                item_link_ui(ui, cx, child);
            }
            if n > CHILDREN_NAMED {
                ui.weak(cx.lang.label(
                    &format!("等另外 {} 个", n - CHILDREN_NAMED),
                    &format!("and {} more", n - CHILDREN_NAMED),
                ));
            }
        });
    }
    counts_grid_ui(ui, cx, summary, set);
    if summary.n_inferred > 0 {
        ui.weak(cx.lang.label(
            &format!("其中 {} 条的证据等级由整理者推断。", summary.n_inferred),
            &format!(
                "The evidence level of {} of these is inferred by the curator.",
                summary.n_inferred
            ),
        ));
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak(cx.tr("报道的综述：", "Reported by:"));
        for (i, (review, n)) in summary.reviews.iter().enumerate() {
            if i > 0 {
                ui.weak("·");
            }
            match cx.index.item(review) {
                Some(item) => {
                    let name = shorten(&cx.item_name(item), 28);
                    if ui
                        .link(format!("{name} ({n})"))
                        .on_hover_text(cx.item_name(item))
                        .clicked()
                    {
                        cx.send(Command::navigate_to(review.clone()));
                    }
                }
                None => {
                    ui.label(format!("{review} ({n})"));
                }
            }
        }
    });
}

/// The tier × direction counts, each a link to the claims table narrowed to it.
fn counts_grid_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, summary: &Summary, set: &ClaimSet) {
    let directions: Vec<Direction> = Direction::ALL
        .into_iter()
        .filter(|d| summary.by_direction.contains_key(d))
        .collect();
    let query = |tier: Option<Tier>, direction: Option<Direction>| {
        Page::Claims(ClaimQuery {
            tier,
            direction,
            ..ClaimQuery::of(set.clone())
        })
    };
    egui::Grid::new(("summary", set))
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.weak(stacked(cx, "证据 \\ 方向", "evidence \\ direction"));
            for &d in &directions {
                let word = stacked(cx, d.label_zh(), d.label_en());
                ui.label(
                    egui::RichText::new(format!("{} {word}", d.glyph())).color(direction_color(d)),
                );
            }
            ui.strong(stacked(cx, "合计", "Total"));
            ui.end_row();
            for tier in Tier::ALL.into_iter().rev() {
                let Some(&total) = summary.by_tier.get(&tier) else {
                    continue;
                };
                let word = stacked(cx, tier.label_zh(), tier.label_en());
                ui.label(
                    egui::RichText::new(format!("{} {word}", tier.glyph())).color(tier_color(tier)),
                );
                for &d in &directions {
                    match summary.counts.get(&(tier, d)) {
                        Some(&n) => count_link_ui(ui, cx, n, query(Some(tier), Some(d))),
                        None => {
                            ui.weak("–");
                        }
                    }
                }
                count_link_ui(ui, cx, total, query(Some(tier), None));
                ui.end_row();
            }
            ui.strong(cx.tr("合计", "Total"));
            for &d in &directions {
                let n = summary.by_direction.get(&d).copied().unwrap_or(0);
                count_link_ui(ui, cx, n, query(None, Some(d)));
            }
            count_link_ui(ui, cx, summary.n, query(None, None));
            ui.end_row();
        });
}

/// A label in the display language; with both languages, Chinese above English, so a
/// grid's columns stay narrow.
fn stacked(cx: &ViewCtx<'_>, zh: &str, en: &str) -> String {
    match cx.lang {
        crate::lang::Lang::Both => format!("{zh}\n{en}"),
        crate::lang::Lang::Zh | crate::lang::Lang::En => cx.lang.pick(zh, en),
    }
}

/// A count that opens `page` (a claims table) when clicked.
fn count_link_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, n: usize, page: Page) {
    let hover = cx.tr("在证据表中打开这些条目", "Open these claims as a table");
    if ui.link(n.to_string()).on_hover_text(hover).clicked() {
        cx.send(Command::Navigate(page));
    }
}

/// A link to an item by its name.
pub fn item_link_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, item: Item) {
    if let Some(id) = cx.doc.id_of(item) {
        let id = id.to_owned();
        cx.link_ui(ui, &id);
    }
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
