//! A claim card: direction and evidence level at a glance (colour *and* text), model,
//! numbers, mechanism chain, and provenance with the verbatim quote.

use super::style::relation_arrow;
use super::widgets::{direction_badge_ui, level_badge_ui};
use super::{ViewCtx, kind_label};
use crate::app::Command;
use crate::model::{Claim, Kind};

/// `full` shows every field (the claim's own page); otherwise a compact card with a
/// link to the claim page.
pub fn claim_card_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &Claim, full: bool) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            direction_badge_ui(ui, cx, claim.direction);
            level_badge_ui(ui, cx, claim.level, claim.level_inferred);
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
                let shown = claim.steps.len().min(super::MAX_INLINE_LINKS);
                for (i, step) in claim.steps.iter().take(shown).enumerate() {
                    {
                        if i > 0 {
                            ui.weak(";");
                        }
                        cx.link_ui(ui, &step.from);
                        let arrow = relation_arrow(step.rel);
                        ui.weak(format!(
                            "{arrow} {} {arrow}",
                            cx.lang.pick(step.rel.label_zh(), step.rel.label_en())
                        ));
                        cx.link_ui(ui, &step.to);
                    }
                }
                if claim.steps.len() > shown {
                    ui.weak(format!(
                        "{} {} {}",
                        cx.tr("……另有", "… and"),
                        claim.steps.len() - shown,
                        cx.tr("步", "more steps")
                    ));
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
            // Curators' notes are written in English; say so rather than mix languages
            // silently in Chinese mode.
            let prefix = cx.tr("※ 注（英文）：", "※ Note:");
            ui.label(egui::RichText::new(format!("{prefix} {}", claim.note)).italics());
        }
        caveats_ui(ui, cx, claim);
        cite_ui(ui, cx, claim);
    });
}

/// A brief card for comparing claims side by side: direction, level, species and model,
/// the finding (a link to the claim), only the link fields of `kinds`, caveats and the
/// citation with its quote.
pub fn claim_brief_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &Claim, kinds: &[Kind]) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            direction_badge_ui(ui, cx, claim.direction);
            level_badge_ui(ui, cx, claim.level, claim.level_inferred);
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
        if ui
            .link(summary)
            .on_hover_text(cx.tr("打开证据条目", "Open this claim"))
            .clicked()
        {
            cx.send(Command::navigate_to(claim.id.clone()));
        }
        for (kind, _, ids) in claim.links() {
            if ids.is_empty() || !kinds.contains(&kind) {
                continue;
            }
            ui.horizontal_wrapped(|ui| {
                ui.weak(format!("{}:", kind_label(cx.lang, kind)));
                for id in ids {
                    cx.link_ui(ui, id);
                }
            });
        }
        caveats_ui(ui, cx, claim);
        cite_ui(ui, cx, claim);
    });
}

/// Curators' caveats, each a warning with its named, dated source, set apart from the
/// review's own text.
pub fn caveats_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, claim: &Claim) {
    for caveat in &claim.caveats {
        let warn = ui.visuals().warn_fg_color;
        egui::Frame::new()
            .stroke(egui::Stroke::new(1.5, warn))
            .corner_radius(4.0)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.colored_label(
                    warn,
                    egui::RichText::new(cx.tr(
                        "注意（整理者补充，非综述原文）",
                        "Caveat (added by a curator, not the review's text)",
                    ))
                    .strong(),
                );
                ui.label(cx.lang.pick(&caveat.zh, &caveat.en));
                let source = if caveat.date.is_empty() {
                    caveat.source.clone()
                } else {
                    format!("{}, {}", caveat.source, caveat.date)
                };
                ui.weak(format!("{} {source}", cx.tr("来源：", "Source:")));
            });
    }
}

fn links_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &Claim) {
    for (kind, _, ids) in claim.links() {
        if ids.is_empty() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{}:", kind_label(cx.lang, kind)));
            cx.capped_links_ui(ui, ids, ids.len());
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
