//! A review figure: its caption and review, one tab per panel (PageUp/PageDown step
//! through them), and the selected panel drawn as a diagram with its evidence.
//! Also the generated diagram of an entity, and of any set of claims (a review table's
//! row, a claims table), which share the view.

use std::sync::Arc;

use super::ViewCtx;
use super::diagram_view::{SideExtra, diagram_ui, draggable_diagram_ui};
use crate::app::derived::PageData;
use crate::app::{Command, DiagramPage, Page, SetDiagramPage};
use crate::model::Item;

pub fn figure_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, figure_idx: usize) {
    let Some(figure) = cx.doc.figures.get(figure_idx) else {
        return;
    };
    figure_header_ui(ui, cx, figure);
    let n_panels = figure.panels.len();
    let current = cx.state.panel_of(&figure.id);
    let mut select = None;
    if n_panels > 1 && !ui.ctx().egui_wants_keyboard_input() {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::PageDown) && current + 1 < n_panels {
                select = Some(current + 1);
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::PageUp) && current > 0 {
                select = Some(current - 1);
            }
        });
    }
    if n_panels > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("分图：", "Panels:"));
            for (panel_idx, panel) in figure.panels.iter().enumerate() {
                let letter = if panel.label.is_empty() {
                    (panel_idx + 1).to_string()
                } else {
                    panel.label.clone()
                };
                let text = format!("{} {letter}", cx.tr("分图", "Panel"));
                let caption = cx.lang.pick(&panel.zh, &panel.en);
                if ui
                    .selectable_label(panel_idx == current, text)
                    .on_hover_text(caption)
                    .clicked()
                {
                    select = Some(panel_idx);
                }
            }
            // Key names need no translation: one hint, not the same keys twice.
            let keys = if cx.lang == crate::lang::Lang::Zh {
                "（PageUp / PageDown 切换）"
            } else {
                "(PageUp / PageDown)"
            };
            ui.weak(keys);
        });
    }
    if let Some(panel) = select {
        cx.send(Command::SelectPanel {
            figure: figure.id.clone(),
            panel,
        });
    }
    if let Some(panel) = figure.panels.get(current) {
        let caption = cx.lang.pick(&panel.zh, &panel.en);
        if !caption.is_empty() {
            let text = if panel.label.is_empty() {
                caption
            } else {
                format!("{}  {caption}", panel.label)
            };
            ui.label(egui::RichText::new(text).strong());
        }
    }
    let data = Arc::clone(&cx.page_data);
    let PageData::Figure(data) = data.as_ref() else {
        return;
    };
    match data.panels.get(current) {
        Some(diagram) if !diagram.graph.nodes.is_empty() => {
            if cx.state.edit_mode() {
                let outcome = draggable_diagram_ui(ui, cx, (&figure.id, current), diagram);
                if let Some((node, delta)) = outcome.moved
                    && let Some(txn) = node_moved(cx, figure_idx, current, diagram, node, delta)
                {
                    cx.send(Command::Edit { txn, burst: None });
                }
            } else {
                diagram_ui(ui, cx, (&figure.id, current), diagram, None);
            }
        }
        Some(_) | None => {
            ui.label(cx.tr(
                "这一分图没有整理出节点。",
                "This panel has no curated nodes.",
            ));
        }
    }
}

/// The edit that moves node `node` of the drawing of panel `panel` by `delta`. A panel
/// laid out automatically has every node pinned where it is drawn first, so the move
/// changes that one node and nothing else jumps.
fn node_moved(
    cx: &ViewCtx<'_>,
    figure_idx: usize,
    panel: usize,
    diagram: &crate::app::derived::DiagramData,
    node: usize,
    delta: [f32; 2],
) -> Option<crate::model::edit::Transaction> {
    let item = Item::Figure(figure_idx);
    let before = cx.doc.record(item)?;
    let mut after = before.clone();
    let crate::model::Record::Figure(figure) = &mut after else {
        return None;
    };
    let key = diagram.graph.nodes.get(node)?.key.clone();
    let panel_data = figure.panels.get_mut(panel)?;
    for (graph_node, hit) in diagram.graph.nodes.iter().zip(&diagram.drawing.nodes) {
        let [x, y] = hit.rect.centre();
        let centre = if graph_node.key == key {
            [(x + delta[0]).round(), (y + delta[1]).round()]
        } else {
            [x.round(), y.round()]
        };
        for n in panel_data
            .nodes
            .iter_mut()
            .filter(|n| n.key == graph_node.key)
        {
            if n.key == key || n.pos.is_none() {
                n.pos = Some(centre);
            }
        }
    }
    let letter = if panel_data.label.is_empty() {
        (panel + 1).to_string()
    } else {
        panel_data.label.clone()
    };
    let label = format!("move node {key} in {} {letter}", figure.id);
    Some(crate::model::edit::set(label, item, before, after))
}

/// The figure's label and the caption's first sentence (the rest, often a list of
/// abbreviations, folds away: the diagram needs the room), and its review.
fn figure_header_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, figure: &crate::model::FigureView) {
    let caption = cx.lang.pick(&figure.zh, &figure.en);
    let (first, rest) = split_first_sentence(&caption);
    ui.heading(format!("{} {first}", figure.label));
    if !rest.is_empty() {
        egui::CollapsingHeader::new(cx.tr("图注全文", "Full caption"))
            .id_salt(("caption", &figure.id))
            .show(ui, |ui| {
                ui.label(rest);
            });
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak(cx.tr("来源：", "From:"));
        cx.link_ui(ui, &figure.review);
    });
}

/// `text` split after its first sentence (". " or "。"); the rest trimmed, maybe empty.
fn split_first_sentence(text: &str) -> (&str, &str) {
    let end = text
        .char_indices()
        .find_map(|(i, c)| match c {
            '。' => Some(i + c.len_utf8()),
            '.' if text[i + 1..].starts_with(' ') => Some(i + 1),
            _ => None,
        })
        .unwrap_or(text.len());
    (text[..end].trim(), text[end..].trim())
}

/// The generated mechanism diagram of an entity: the steps of its claims that pass the
/// filters, the entity emphasised, dense leaves folded.
pub fn diagram_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, page: &DiagramPage) {
    let Some(item @ Item::Entity(kind, _)) = cx.index.item(&page.entity) else {
        ui.heading(cx.tr("未找到", "Not found"));
        return;
    };
    let name = cx.item_name(item);
    ui.weak(super::kind_label(cx.lang, kind));
    ui.heading(format!(
        "{} {name}",
        cx.tr("机制图：", "Mechanism diagram:")
    ));
    let data = Arc::clone(&cx.page_data);
    let PageData::Diagram(data) = data.as_ref() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        if ui
            .link(cx.tr("← 实体页面", "← Entity page"))
            .on_hover_text(name.clone())
            .clicked()
        {
            cx.send(Command::navigate_to(page.entity.clone()));
        }
        let summary = if data.n_claims == data.n_all {
            cx.lang.label(
                &format!("由{}条证据绘制", data.n_claims),
                &format!("Drawn from {} claims", data.n_claims),
            )
        } else {
            cx.lang.label(
                &format!(
                    "由通过筛选的{}条证据绘制（共{}条）",
                    data.n_claims, data.n_all
                ),
                &format!(
                    "Drawn from the {} of {} claims that pass the filters",
                    data.n_claims, data.n_all
                ),
            )
        };
        ui.label(summary);
        if !data.without_steps.is_empty() {
            ui.weak(cx.lang.label(
                &format!(
                    "；其中{}条没有机制步骤（见图例下方）",
                    data.without_steps.len()
                ),
                &format!(
                    "; {} have no mechanism steps (listed under the legend)",
                    data.without_steps.len()
                ),
            ));
        }
        if !page.expanded.is_empty()
            && ui
                .button(cx.tr("重新折叠", "Fold again"))
                .on_hover_text(cx.tr("收起已展开的节点组", "Fold the expanded groups again"))
                .clicked()
        {
            cx.send(Command::ReplacePage(Page::diagram_of(page.entity.clone())));
        }
    });
    if data.diagram.graph.nodes.is_empty() {
        ui.label(cx.tr(
            "这些证据都没有机制步骤，无法画图。",
            "None of these claims has mechanism steps: there is nothing to draw.",
        ));
        without_steps_ui(ui, cx, &data.without_steps);
        return;
    }
    let without = data.without_steps.clone();
    let extra = move |ui: &mut egui::Ui, cx: &mut ViewCtx<'_>| without_steps_ui(ui, cx, &without);
    let outcome = diagram_ui(
        ui,
        cx,
        ("entity-diagram", &page.entity),
        &data.diagram,
        (!data.without_steps.is_empty()).then_some(&extra as SideExtra<'_>),
    );
    if let Some(key) = outcome.expand {
        let mut expanded = page.clone();
        expanded.expanded.insert(key);
        cx.send(Command::ReplacePage(Page::Diagram(expanded)));
    }
}

/// The mechanism diagram of the claims a query selects (a table row's, a claims
/// table's): their steps drawn with the same painter, dense leaves folded.
pub fn set_diagram_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, page: &SetDiagramPage) {
    let title = page.query.describe(cx.doc, cx.index, cx.lang);
    ui.heading(format!(
        "{} {title}",
        cx.tr("机制图：", "Mechanism diagram:")
    ));
    let data = Arc::clone(&cx.page_data);
    let PageData::Diagram(data) = data.as_ref() else {
        ui.label(cx.tr(
            "当前证据库中没有此条目。",
            "Nothing in the current evidence has this id.",
        ));
        return;
    };
    ui.horizontal_wrapped(|ui| {
        if ui
            .link(cx.tr("← 证据表", "← Claims table"))
            .on_hover_text(title.clone())
            .clicked()
        {
            cx.send(Command::Navigate(Page::Claims(page.query.clone())));
        }
        if let crate::model::evidence::ClaimSet::TableRow { table, .. } = &page.query.set
            && cx.index.item(table).is_some()
        {
            let table = table.clone();
            ui.weak(cx.tr("来自", "from"));
            cx.link_ui(ui, &table);
        }
        let plural = if data.n_claims == 1 { "" } else { "s" };
        ui.label(if data.n_claims == data.n_all {
            cx.lang.label(
                &format!("由{}条证据绘制", data.n_claims),
                &format!("Drawn from {} claim{plural}", data.n_claims),
            )
        } else {
            cx.lang.label(
                &format!(
                    "由通过筛选的{}条证据绘制（共{}条）",
                    data.n_claims, data.n_all
                ),
                &format!(
                    "Drawn from the {} of {} claims that pass the filters",
                    data.n_claims, data.n_all
                ),
            )
        });
        if !page.expanded.is_empty()
            && ui
                .button(cx.tr("重新折叠", "Fold again"))
                .on_hover_text(cx.tr("收起已展开的节点组", "Fold the expanded groups again"))
                .clicked()
        {
            cx.send(Command::ReplacePage(Page::diagram_of_claims(
                page.query.clone(),
            )));
        }
    });
    if data.diagram.graph.nodes.is_empty() {
        ui.label(cx.tr(
            "这些证据都没有机制步骤，无法画图。",
            "None of these claims has mechanism steps: there is nothing to draw.",
        ));
        without_steps_ui(ui, cx, &data.without_steps);
        return;
    }
    let without = data.without_steps.clone();
    let extra = move |ui: &mut egui::Ui, cx: &mut ViewCtx<'_>| without_steps_ui(ui, cx, &without);
    let outcome = diagram_ui(
        ui,
        cx,
        ("set-diagram", &page.query),
        &data.diagram,
        (!data.without_steps.is_empty()).then_some(&extra as SideExtra<'_>),
    );
    if let Some(key) = outcome.expand {
        let mut expanded = page.clone();
        expanded.expanded.insert(key);
        cx.send(Command::ReplacePage(Page::SetDiagram(expanded)));
    }
}

/// Claims drawn from that have no mechanism steps, as links.
fn without_steps_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claims: &[usize]) {
    if claims.is_empty() {
        return;
    }
    ui.strong(cx.tr("没有机制步骤的证据", "Claims without mechanism steps"));
    for &claim_idx in claims {
        if let Some(claim) = cx.doc.claims.get(claim_idx) {
            let id = claim.id.clone();
            cx.link_ui(ui, &id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_first_sentence;

    #[test]
    fn first_sentence_splits_at_a_full_stop() {
        assert_eq!(
            split_first_sentence("Mechanisms of MSCs. TSG-6: TNF gene 6; IGF-1."),
            ("Mechanisms of MSCs.", "TSG-6: TNF gene 6; IGF-1.")
        );
        assert_eq!(
            split_first_sentence("示意图。缩写：OSM"),
            ("示意图。", "缩写：OSM")
        );
        assert_eq!(split_first_sentence("No stop here"), ("No stop here", ""));
        assert_eq!(split_first_sentence("v1.2 works"), ("v1.2 works", ""));
    }
}
