//! Contradictions side by side: for one entity, the claims pointing in opposite
//! directions in two aligned columns, grouped by what else differs (MSC source, cargo,
//! species, model, disease), each with its citation; or the list of every entity with
//! contradictions.

use super::ViewCtx;
use super::claim_card::claim_brief_ui;
use super::style::direction_color;
use super::widgets::{direction_text, item_link_ui};
use crate::app::derived::{ConflictsPageData, PageData};
use crate::app::{Command, Page};
use crate::model::conflict::{GroupBy, Topic, TopicRow};
use crate::model::{Direction, Kind};

/// The link fields a side-by-side card shows: what else may differ between two claims.
const BRIEF_KINDS: [Kind; 5] = [
    Kind::Disease,
    Kind::Source,
    Kind::Vehicle,
    Kind::Cargo,
    Kind::Effect,
];

pub fn conflicts_page_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    entity: Option<&str>,
    group_by: GroupBy,
) {
    let data = std::sync::Arc::clone(&cx.page_data);
    let PageData::Conflicts(data) = data.as_ref() else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("conflicts", entity, group_by))
        .auto_shrink([false, false])
        .show(ui, |ui| match data {
            ConflictsPageData::List(list) => list_ui(ui, cx, list),
            ConflictsPageData::Missing => {
                ui.heading(cx.tr("未找到", "Not found"));
                ui.label(cx.tr(
                    "当前证据库中没有此条目。",
                    "Nothing in the current evidence has this id.",
                ));
            }
            ConflictsPageData::Entity {
                item,
                topics,
                n_claims,
            } => {
                let name = cx.item_name(*item);
                ui.heading(format!("{} {name}", cx.tr("矛盾证据：", "Contradictions:")));
                let n = crate::model::conflict::n_conflicting(topics);
                ui.label(cx.lang.label(
                    &format!(
                        "在 {n_claims} 条证据中，{n} 条指向相反方向（{} 个主题）。",
                        topics.len()
                    ),
                    &format!(
                        "Of {n_claims} claims, {n} point in opposite directions ({} topic{}).",
                        topics.len(),
                        if topics.len() == 1 { "" } else { "s" }
                    ),
                ));
                let Some(entity) = entity else {
                    return;
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(cx.tr("按此分组：", "Group by:"));
                    for g in GroupBy::ALL {
                        let label = cx.lang.pick(g.label_zh(), g.label_en());
                        if ui.selectable_label(g == group_by, label).clicked() && g != group_by {
                            cx.send(Command::ReplacePage(Page::Conflicts {
                                entity: Some(entity.into()),
                                group_by: g,
                            }));
                        }
                    }
                    if ui
                        .link(cx.tr("所有存在矛盾的条目", "Every entity with contradictions"))
                        .clicked()
                    {
                        cx.send(Command::Navigate(Page::Conflicts {
                            entity: None,
                            group_by,
                        }));
                    }
                });
                if topics.is_empty() {
                    ui.label(cx.tr(
                        "（在当前筛选下）没有方向相反的证据。",
                        "No claims point in opposite directions (with the current filters).",
                    ));
                }
                for (t, topic) in topics.iter().enumerate() {
                    ui.push_id(t, |ui| topic_ui(ui, cx, topic, group_by));
                }
            }
        });
}

fn side_title(cx: &ViewCtx<'_>, direction: Direction, n: usize) -> egui::RichText {
    egui::RichText::new(format!("{} ({n})", direction_text(cx, direction)))
        .strong()
        .color(direction_color(direction))
}

fn topic_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, topic: &Topic, group_by: GroupBy) {
    ui.add_space(10.0);
    ui.separator();
    let (left, right) = topic.sides();
    ui.horizontal_wrapped(|ui| {
        match topic.about {
            None => {
                ui.heading(cx.tr("肿瘤：", "Tumours:"));
            }
            Some(about) => {
                ui.heading(cx.tr("关于：", "About:"));
                item_link_ui(ui, cx, about);
            }
        }
        ui.label(side_title(cx, topic.pair.0, left));
        ui.label(cx.tr("对", "vs"));
        ui.label(side_title(cx, topic.pair.1, right));
    });
    for (r, row) in topic.rows.iter().enumerate() {
        ui.push_id(r, |ui| row_ui(ui, cx, topic, row, group_by));
    }
}

fn row_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    topic: &Topic,
    row: &TopicRow,
    group_by: GroupBy,
) {
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let dimension = cx.lang.pick(group_by.label_zh(), group_by.label_en());
        ui.strong(format!("{dimension}{}", cx.tr("：", ":")));
        if !row.ids.is_empty() {
            for (i, id) in row.ids.iter().enumerate() {
                if i > 0 {
                    ui.weak("+");
                }
                cx.link_ui(ui, id);
            }
        } else if !row.text.is_empty() {
            ui.label(&row.text);
        } else {
            ui.weak(cx.tr("未说明", "not stated"));
        }
        if !row.left.is_empty() && !row.right.is_empty() {
            ui.label(
                egui::RichText::new(cx.tr(
                    "两侧都有：此项不能解释矛盾",
                    "on both sides: this does not explain the conflict",
                ))
                .italics()
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
    ui.columns(2, |columns| {
        for (side, (column, claims)) in columns.iter_mut().zip([&row.left, &row.right]).enumerate()
        {
            let direction = if side == 0 {
                topic.pair.0
            } else {
                topic.pair.1
            };
            column.label(side_title(cx, direction, claims.len()));
            if claims.is_empty() {
                column.weak(cx.tr("（无）", "(none)"));
            }
            for &idx in claims.iter() {
                if let Some(claim) = cx.doc.claims.get(idx) {
                    column.push_id(&claim.id, |ui| claim_brief_ui(ui, cx, claim, &BRIEF_KINDS));
                }
            }
        }
    });
}

fn list_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, list: &[(crate::model::Item, usize, usize)]) {
    ui.heading(cx.tr("存在矛盾证据的条目", "Entities with contradictory evidence"));
    ui.label(cx.tr(
        "同一条目的证据指向相反方向：促肿瘤对抑肿瘤，或对同一结局的促进对抑制。",
        "Claims about the same entity that point in opposite directions: pro- vs anti-tumour, or promotes vs inhibits the same outcome.",
    ));
    if list.is_empty() {
        ui.label(cx.tr("（在当前筛选下）没有。", "None (with the current filters)."));
        return;
    }
    egui::Grid::new("conflict-list")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(cx.lang.pick("类别", "Kind"));
            ui.strong(cx.lang.pick("条目", "Entity"));
            ui.strong(cx.lang.pick("主题", "Topics"));
            ui.strong(cx.lang.pick("相反的证据", "Opposing claims"));
            ui.end_row();
            for &(item, n_topics, n_claims) in list {
                ui.label(cx.item_kind_label(item));
                let name = cx.item_name(item);
                if ui
                    .link(super::widgets::shorten(&name, 40))
                    .on_hover_text(&name)
                    .clicked()
                    && let Some(id) = cx.doc.id_of(item)
                    && let crate::model::Item::Entity(kind, _) = item
                {
                    let id = id.to_owned();
                    cx.send(Command::Navigate(Page::conflicts_of(id, kind)));
                }
                ui.label(n_topics.to_string());
                ui.label(n_claims.to_string());
                ui.end_row();
            }
        });
}
