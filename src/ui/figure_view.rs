//! A review figure: its panels, their nodes (linked to entities) and typed edges.
//! Rendered as a structured list; the node-link diagram view builds on the same data.

use super::ViewCtx;
use super::style::relation_arrow;
use super::widgets::view_header_ui;
use crate::model::Node;

fn node_text(cx: &ViewCtx<'_>, node: &Node) -> String {
    let own = cx.lang.pick(&node.zh, &node.en);
    if !own.is_empty() {
        return own;
    }
    node.entity
        .as_deref()
        .and_then(|id| cx.index.item(id))
        .map(|item| cx.item_name(item))
        .unwrap_or_else(|| node.key.clone())
}

pub fn figure_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, figure_idx: usize) {
    let Some(figure) = cx.doc.figures.get(figure_idx) else {
        return;
    };
    view_header_ui(
        ui,
        cx,
        &figure.label,
        &figure.zh,
        &figure.en,
        &figure.review,
    );
    for (panel_idx, panel) in figure.panels.iter().enumerate() {
        ui.push_id(panel_idx, |ui| {
            ui.separator();
            let title = cx.lang.pick(&panel.zh, &panel.en);
            ui.strong(format!("{} {title}", panel.label));
            ui.horizontal_wrapped(|ui| {
                for node in &panel.nodes {
                    match &node.entity {
                        Some(id) => {
                            let own = cx.lang.pick(&node.zh, &node.en);
                            cx.link_ui(ui, id);
                            if !own.is_empty() {
                                ui.weak(format!("({own})"));
                            }
                        }
                        None => {
                            ui.label(node_text(cx, node));
                        }
                    }
                    ui.weak("|");
                }
            });
            for (i, edge) in panel.edges.iter().enumerate() {
                let from = panel.nodes.iter().find(|n| n.key == edge.from);
                let to = panel.nodes.iter().find(|n| n.key == edge.to);
                let (Some(from), Some(to)) = (from, to) else {
                    continue;
                };
                ui.push_id(("edge", i), |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(node_text(cx, from));
                        let arrow = relation_arrow(edge.rel);
                        let mut rel = cx.lang.pick(edge.rel.label_zh(), edge.rel.label_en());
                        if !edge.label.is_empty() {
                            // The label as the review prints it (often Chinese): quoted,
                            // so it reads as the figure's text, not the app's.
                            rel = format!("{rel}: “{}”", edge.label);
                        }
                        ui.weak(format!("{arrow} {rel} {arrow}"));
                        ui.label(node_text(cx, to));
                        // Evidence for the edge as short links; the summary is on hover.
                        for (n, claim) in edge.claims.iter().enumerate() {
                            let summary = match cx.index.item(claim) {
                                Some(item) => cx.item_name(item),
                                None => claim.clone(),
                            };
                            let text = format!("[{} {}]", cx.tr("证据", "evidence"), n + 1);
                            if ui.link(text).on_hover_text(summary).clicked() {
                                cx.send(crate::app::Command::navigate_to(claim.clone()));
                            }
                        }
                    });
                });
            }
        });
    }
}
