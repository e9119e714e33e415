//! A claim card: direction and evidence level at a glance (colour *and* text), model,
//! numbers, mechanism chain, and provenance with the verbatim quote.

use super::{ViewCtx, kind_label};
use crate::app::Command;
use crate::model::{Claim, Direction, Kind, Level, Tier};

/// Colours chosen to stay distinguishable in light and dark themes; every badge also
/// carries a glyph and a word, so nothing depends on colour alone.
pub fn direction_color(direction: Direction) -> egui::Color32 {
    match direction {
        Direction::Promotes | Direction::AntiTumor => egui::Color32::from_rgb(0x1b, 0x7f, 0x3b),
        Direction::Inhibits => egui::Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Direction::ProTumor => egui::Color32::from_rgb(0xb0, 0x2a, 0x2a),
        Direction::Mixed => egui::Color32::from_rgb(0x8a, 0x5a, 0x00),
        Direction::NoEffect | Direction::Describes => egui::Color32::from_rgb(0x5a, 0x5a, 0x5a),
    }
}

pub fn level_color(level: Level) -> egui::Color32 {
    tier_color(level.tier())
}

/// Colour of an evidence tier (see `Level::tier`), shared by cards and filters.
pub fn tier_color(tier: Tier) -> egui::Color32 {
    match tier {
        Tier::Statement => egui::Color32::from_rgb(0x6b, 0x6b, 0x6b),
        Tier::InVitro => egui::Color32::from_rgb(0x7a, 0x4f, 0x9e),
        Tier::Animal => egui::Color32::from_rgb(0x9e, 0x5b, 0x1f),
        Tier::Human => egui::Color32::from_rgb(0x0e, 0x6e, 0x6e),
    }
}

fn badge_ui(ui: &mut egui::Ui, text: String, color: egui::Color32) {
    ui.label(
        egui::RichText::new(text)
            .color(egui::Color32::WHITE)
            .background_color(color)
            .strong(),
    );
}

pub fn direction_text(cx: &ViewCtx<'_>, direction: Direction) -> String {
    format!(
        "{} {}",
        direction.glyph(),
        cx.lang.pick(direction.label_zh(), direction.label_en())
    )
}

pub fn level_text(cx: &ViewCtx<'_>, level: Level) -> String {
    let glyph = level.tier().glyph();
    format!(
        "{glyph} {}",
        cx.lang.pick(level.label_zh(), level.label_en())
    )
}

/// `full` shows every field (the claim's own page); otherwise a compact card with a
/// link to the claim page.
pub fn claim_card_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &Claim, full: bool) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            badge_ui(
                ui,
                direction_text(cx, claim.direction),
                direction_color(claim.direction),
            );
            badge_ui(ui, level_text(cx, claim.level), level_color(claim.level));
            let species: Vec<String> = claim
                .species
                .iter()
                .map(|s| cx.lang.pick(s.label_zh(), s.label_en()))
                .collect();
            if !species.is_empty() {
                ui.label(species.join(", "));
            }
            if !claim.model.is_empty() {
                ui.weak(&claim.model);
            }
        });
        let summary = cx.lang.pick(&claim.zh, &claim.en);
        if full {
            ui.label(egui::RichText::new(summary).size(18.0));
        } else if ui
            .link(summary)
            .on_hover_text(cx.tr("打开证据条目", "Open this claim"))
            .clicked()
        {
            cx.send(Command::navigate_to(claim.id.clone()));
        }
        links_ui(ui, cx, claim);
        if !claim.steps.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak(cx.tr("机制：", "Mechanism:"));
                for (i, step) in claim.steps.iter().enumerate() {
                    {
                        if i > 0 {
                            ui.weak(";");
                        }
                        cx.link_ui(ui, &step.from);
                        let arrow = if step.rel.is_inhibitory() {
                            "—|"
                        } else {
                            "→"
                        };
                        ui.weak(format!(
                            "{arrow} {} {arrow}",
                            cx.lang.pick(step.rel.label_zh(), step.rel.label_en())
                        ));
                        cx.link_ui(ui, &step.to);
                    }
                }
            });
        }
        for number in &claim.numbers {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}:", number.what));
                ui.strong(&number.value);
            });
        }
        if !claim.note.is_empty() {
            ui.label(egui::RichText::new(format!("※ {}", claim.note)).italics());
        }
        cite_ui(ui, cx, claim);
    });
}

fn links_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &Claim) {
    let fields: [(Kind, &[String]); 11] = [
        (Kind::Disease, &claim.diseases),
        (Kind::Source, &claim.sources),
        (Kind::Vehicle, &claim.vehicles),
        (Kind::Cargo, &claim.cargos),
        (Kind::Target, &claim.targets),
        (Kind::Pathway, &claim.pathways),
        (Kind::CellType, &claim.cell_types),
        (Kind::Effect, &claim.effects),
        (Kind::Product, &claim.products),
        (Kind::Strategy, &claim.strategies),
        (Kind::Study, &claim.studies),
    ];
    for (kind, ids) in fields {
        if ids.is_empty() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{}:", kind_label(cx.lang, kind)));
            for id in ids {
                cx.link_ui(ui, id);
            }
        });
    }
}

fn cite_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &Claim) {
    let cite = &claim.cite;
    ui.horizontal_wrapped(|ui| {
        ui.weak(cx.tr("出处：", "Source:"));
        cx.link_ui(ui, &cite.review);
        if !cite.refs.is_empty() {
            let refs: Vec<String> = cite.refs.iter().map(|r| format!("[{r}]")).collect();
            ui.label(format!("{} {}", cx.tr("参考文献", "ref."), refs.join("")));
        }
        if !cite.section.is_empty() {
            ui.label(format!("§ {}", cite.section));
        }
        if let Some(table) = &cite.table {
            cx.link_ui(ui, table);
        }
        if let Some(figure) = &cite.figure {
            cx.link_ui(ui, figure);
        }
    });
    if !cite.quote.is_empty() {
        ui.label(egui::RichText::new(format!("“{}”", cite.quote)).italics());
    }
    if !cite.gloss.is_empty() && cx.lang != crate::lang::Lang::Zh {
        ui.weak(&cite.gloss);
    }
}
