//! The central page: whatever the shared selection names — an entity, a claim, a table
//! or a figure — with everything linked to it.

use std::sync::Arc;

use super::claim_card::claim_card_ui;
use super::commands::UiCommand;
use super::widgets::{shorten, summary_ui};
use super::{ViewCtx, kind_label};
use crate::app::derived::{EntityPageData, PageData};
use crate::app::{Command, Page};
use crate::lang::Lang;
use crate::model::evidence::{ClaimSet, child_noun};

use crate::model::{EntityRef, Id, Item, Kind};

pub fn page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, page: &Page) {
    let id = match page {
        Page::Home => {
            egui::ScrollArea::vertical()
                .id_salt("home")
                .auto_shrink([false, false])
                .show(ui, |ui| welcome_ui(ui, cx));
            return;
        }
        Page::Item(id) => id,
        Page::Diagram(diagram) => {
            super::figure_view::diagram_page_ui(ui, cx, diagram);
            return;
        }
        Page::Claims(query) => {
            super::claims_view::claims_page_ui(ui, cx, query);
            return;
        }
        Page::SetDiagram(diagram) => {
            super::figure_view::set_diagram_page_ui(ui, cx, diagram);
            return;
        }
        Page::EvidenceMap(axis) => {
            super::gapmap_view::gap_map_page_ui(ui, cx, *axis);
            return;
        }
        Page::Conflicts { entity, group_by } => {
            super::conflict_view::conflicts_page_ui(ui, cx, entity.as_deref(), *group_by);
            return;
        }
    };
    let Some(item) = cx.index.item(id) else {
        ui.heading(cx.tr("未找到", "Not found"));
        ui.label(format!(
            "{} `{id}`",
            cx.tr(
                "当前证据库中没有此条目：",
                "Nothing in the current evidence has the id"
            )
        ));
        return;
    };
    if cx.state.edit_mode() {
        // A table or figure has its form and its view as two tabs (the form of a long
        // table would push the table off the screen); dragging nodes is in the view.
        let form = match item {
            Item::Entity(..) | Item::Claim(_) => true,
            Item::Table(_) | Item::Figure(_) => {
                let figure = matches!(item, Item::Figure(_));
                super::editor::view_tab_ui(ui, cx, id, figure) == super::editor::ViewTab::Form
            }
        };
        if form {
            egui::ScrollArea::vertical()
                .id_salt(("edit", id))
                .auto_shrink([false, false])
                .show(ui, |ui| super::editor::record_form_ui(ui, cx, item));
            return;
        }
    }
    if let Item::Table(idx) = item {
        // The table scrolls itself (virtualized rows).
        super::table_view::table_page_ui(ui, cx, idx);
        return;
    }
    if let Item::Figure(idx) = item {
        // The diagram fills the page and pans itself.
        super::figure_view::figure_page_ui(ui, cx, idx);
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(("page", id))
        .auto_shrink([false, false])
        .show(ui, |ui| match item {
            Item::Entity(kind, idx) => entity_page_ui(ui, cx, kind, idx),
            Item::Claim(idx) => {
                if let Some(claim) = cx.doc.claims.get(idx) {
                    ui.heading(cx.tr("证据条目", "Claim"));
                    claim_card_ui(ui, cx, claim, true);
                }
            }
            Item::Figure(_) | Item::Table(_) => {}
        });
}

fn welcome_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    ui.heading("Paracrine");
    let search = UiCommand::Search
        .shortcut_text(ui.ctx())
        .unwrap_or_default();
    let palette = UiCommand::CommandPalette
        .shortcut_text(ui.ctx())
        .unwrap_or_default();
    ui.label(cx.lang.label(
        &format!("间充质干细胞（MSC）及其外泌体治疗的证据浏览器。从左侧选择疾病、来源或分子，或按 {search} 搜索；按 {palette} 列出所有操作。"),
        &format!("An evidence browser for MSC and MSC-exosome therapies. Pick a disease, source or molecule on the left, or press {search} to search; {palette} lists every action."),
    ));
    ui.add_space(8.0);
    let n_entities: usize = Kind::ALL.iter().map(|&k| cx.doc.count(k)).sum();
    ui.label(format!(
        "{n_entities} {} · {} {} · {} {}",
        cx.tr("个实体", "entities"),
        cx.doc.claims.len(),
        cx.tr("条证据", "claims"),
        cx.doc.reviews.len(),
        cx.tr("篇综述", "reviews"),
    ));
    ui.add_space(8.0);
    ui.strong(cx.tr("综述", "Reviews"));
    let reviews: Vec<Id> = cx
        .doc
        .reviews
        .iter()
        .take(super::MAX_INLINE_LINKS)
        .map(|r| r.id.clone())
        .collect();
    cx.capped_links_ui(ui, &reviews, cx.doc.reviews.len());
    ui.add_space(8.0);
    ui.strong(cx.tr("综述中的表与图", "Tables and figures of the reviews"));
    let n_views = cx.doc.tables.len() + cx.doc.figures.len();
    let views: Vec<Id> = (0..cx.doc.tables.len())
        .map(Item::Table)
        .chain((0..cx.doc.figures.len()).map(Item::Figure))
        .take(super::MAX_INLINE_LINKS)
        .filter_map(|view| super::browse::view_id(cx, view))
        .collect();
    cx.capped_links_ui(ui, &views, n_views);
}

fn entity_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, kind: Kind, idx: usize) {
    let Some(named) = cx.doc.named(kind, idx) else {
        return;
    };
    let item = Item::Entity(kind, idx);
    ui.weak(kind_label(cx.lang, kind));
    ui.horizontal_wrapped(|ui| {
        ui.heading(cx.item_name(item)).on_hover_text(format!(
            "{}: {}",
            cx.tr("标识", "id"),
            named.id()
        ));
        if kind != Kind::Review
            && kind != Kind::Study
            && ui
                .button(cx.tr("机制图", "Mechanism diagram"))
                .on_hover_text(cx.tr(
                    "把与它相关的证据画成机制图（遵从当前筛选）",
                    "Draw the claims around it as a mechanism diagram (with the active filters)",
                ))
                .clicked()
        {
            cx.send(Command::Navigate(Page::diagram_of(named.id())));
        }
    });
    // The other language and the abbreviation, so both names are always findable.
    let other = match cx.lang {
        Lang::Zh => named.en(),
        Lang::En => named.zh(),
        Lang::Both => "",
    };
    ui.horizontal_wrapped(|ui| {
        if !other.is_empty() {
            ui.label(other);
        }
        if !named.abbr().is_empty() {
            ui.label(egui::RichText::new(named.abbr()).strong());
        }
    });
    if !named.aliases().is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("别名：", "Also written:"));
            ui.label(named.aliases().join(" · "));
        });
    }
    let data = Arc::clone(&cx.page_data);
    if let PageData::Entity(data) = data.as_ref()
        && kind != Kind::Review
    {
        glance_ui(ui, cx, kind, named.id(), data);
    }
    let desc = cx.lang.pick(named.desc_zh(), named.desc_en());
    if !desc.is_empty() {
        ui.label(desc);
    }
    facts_ui(ui, cx, kind, idx);

    let views = cx.index.views_of(item);
    if !views.is_empty() {
        let n_views = views.len();
        let ids: Vec<Id> = views
            .iter()
            .take(super::MAX_INLINE_LINKS)
            .filter_map(|&view| super::browse::view_id(cx, view))
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("见于：", "Appears in:"));
            cx.capped_links_ui(ui, &ids, n_views);
        });
    }
    let children = cx.index.children(item);
    if !children.is_empty() {
        let n_children = children.len();
        let ids: Vec<Id> = children
            .iter()
            .take(super::MAX_INLINE_LINKS)
            .filter_map(|&child| match child {
                Item::Entity(k, i) => cx.doc.named(k, i).map(|n| Id::from(n.id())),
                Item::Claim(_) | Item::Table(_) | Item::Figure(_) => None,
            })
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("下级：", "Includes:"));
            cx.capped_links_ui(ui, &ids, n_children);
        });
    }
    if let PageData::Entity(data) = data.as_ref() {
        ui.separator();
        related_ui(ui, cx, data);
        ui.separator();
        claims_grouped_ui(ui, cx, named.id(), data);
    }
}

/// The evidence at a glance: the summary of the claims the page lists, the roll-up
/// switch, the claims table and the contradictions.
fn glance_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, kind: Kind, id: &str, data: &EntityPageData) {
    let rollup = cx.state.rollup() && data.has_children;
    let set = ClaimSet::Entity {
        id: id.into(),
        rollup,
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        summary_ui(ui, cx, &data.summary, &set, Some(kind));
        ui.horizontal_wrapped(|ui| {
            if data.has_children {
                let mut on = cx.state.rollup();
                let noun = child_noun(kind);
                let label = cx.lang.label(&format!("包含{}的证据", noun.0), &format!("Include {}", noun.1));
                if ui
                    .checkbox(&mut on, label)
                    .on_hover_text(cx.tr(
                        "上级条目的页面、统计与证据表是否包含其下级条目的证据（所有上级页面共用此开关）",
                        "Whether a parent's page, counts and claims table include the evidence on its children (one switch for every parent page)",
                    ))
                    .changed()
                {
                    cx.send(Command::SetRollup(on));
                }
            }
            if data.summary.n > 0
                && ui
                    .button(cx.tr("证据表", "Claims table"))
                    .on_hover_text(cx.tr(
                        "以可排序、可筛选、可导出的表格列出这些证据",
                        "List these claims as a table you can sort, filter and export",
                    ))
                    .clicked()
            {
                cx.send(Command::Navigate(Page::claims_of(set.clone())));
            }
            if data.n_conflicting > 0 {
                let text = cx.lang.label(
                    &format!("{} 条相互矛盾的证据", data.n_conflicting),
                    &format!("{} conflicting findings", data.n_conflicting),
                );
                if ui
                    .link(egui::RichText::new(format!("± {text}")).color(ui.visuals().warn_fg_color))
                    .on_hover_text(cx.tr("并排查看方向相反的证据", "See the claims that point in opposite directions side by side"))
                    .clicked()
                {
                    cx.send(Command::Navigate(Page::conflicts_of(id, kind)));
                }
            }
        });
    });
}

/// Kind-specific fields: hierarchy, tissue, class, status, citation.
fn facts_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, kind: Kind, idx: usize) {
    let Some(entity) = cx.doc.entity(kind, idx) else {
        return;
    };
    let lang = cx.lang;
    let mut links: Vec<(String, String)> = Vec::new();
    let mut facts: Vec<String> = Vec::new();
    if let Some(parent) = entity.named().parent() {
        links.push((cx.tr("上级", "Part of"), parent.to_owned()));
    }
    match entity {
        EntityRef::Disease(d) => {
            if d.is_model {
                facts.push(cx.tr("实验模型", "experimental model"));
            }
        }
        EntityRef::Source(s) => {
            if !s.tissue.is_empty() {
                facts.push(format!("{}: {}", cx.tr("组织", "tissue"), s.tissue));
            }
            if let Some(sp) = s.species {
                facts.push(lang.pick(sp.label_zh(), sp.label_en()));
            }
        }
        EntityRef::Vehicle(v) => facts.push(lang.pick(v.class.label_zh(), v.class.label_en())),
        EntityRef::Cargo(c) => facts.push(lang.pick(c.kind.label_zh(), c.kind.label_en())),
        EntityRef::Product(p) => {
            facts.push(lang.pick(p.kind.label_zh(), p.kind.label_en()));
            if !p.status.is_empty() {
                facts.push(p.status.clone());
            }
        }
        EntityRef::Strategy(s) => facts.push(lang.pick(s.kind.label_zh(), s.kind.label_en())),
        EntityRef::Effect(e) => {
            if let Some(m) = e.mechanism {
                facts.push(lang.pick(m.label_zh(), m.label_en()));
            }
        }
        EntityRef::Study(s) => {
            facts.push(s.first_author.clone());
            if let Some(year) = s.year {
                facts.push(year.to_string());
            }
            let refs: Vec<String> = s.refs.iter().map(|r| format!("[{r}]")).collect();
            facts.push(format!("{} {}", cx.tr("参考文献", "ref."), refs.join("")));
            links.push((cx.tr("引自", "Cited in"), s.review.to_string()));
        }
        EntityRef::Review(r) => {
            for text in [&r.authors, &r.journal, &r.doi, &r.seed] {
                if !text.is_empty() {
                    facts.push(text.clone());
                }
            }
            if let Some(year) = r.year {
                facts.push(year.to_string());
            }
        }
        EntityRef::Target(_) | EntityRef::Pathway(_) | EntityRef::CellType(_) => {}
    }
    if !facts.is_empty() {
        ui.label(facts.join(" · "));
    }
    for (label, id) in links {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{label}:"));
            cx.link_ui(ui, &id);
        });
    }
    if kind == Kind::Review {
        let item = Item::Entity(kind, idx);
        let studies = cx.index.studies_of(item).to_vec();
        if !studies.is_empty() {
            ui.collapsing(
                format!(
                    "{} ({})",
                    cx.tr("引用的原始研究", "Cited studies"),
                    studies.len()
                ),
                |ui| {
                    let ids: Vec<Id> = studies
                        .iter()
                        .take(super::MAX_INLINE_LINKS)
                        .filter_map(|&study_idx| cx.doc.studies.get(study_idx))
                        .map(|s| s.id.clone())
                        .collect();
                    ui.horizontal_wrapped(|ui| {
                        cx.capped_links_ui(ui, &ids, studies.len());
                    });
                },
            );
        }
    }
}

/// Linked entities shown per kind; the rest are counted (they all appear in the claims).
const MAX_RELATED_PER_KIND: usize = 12;

/// Entities that share claims with this one, by kind, most shared first.
fn related_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, data: &EntityPageData) {
    if data.related.is_empty() {
        return;
    }
    ui.strong(cx.tr("相关", "Linked"));
    for (kind, ids) in &data.related {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{}:", kind_label(cx.lang, *kind)));
            let n_more = ids.len().saturating_sub(MAX_RELATED_PER_KIND);
            for (id, n) in ids.iter().take(MAX_RELATED_PER_KIND) {
                cx.link_ui(ui, id);
                if *n > 1 {
                    ui.weak(format!("×{n}"));
                }
            }
            if n_more > 0 {
                ui.weak(format!(
                    "+{n_more} {}",
                    cx.tr("个（见下方证据）", "more (see the evidence below)")
                ));
            }
        });
    }
}

/// The claims mentioning the entity, grouped the way a reader of that kind of page
/// expects (the groups are derived once per page, see `app::derived`).
fn claims_grouped_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, id: &str, data: &EntityPageData) {
    let n_all = data.n_all;
    if data.n_visible == n_all {
        ui.heading(format!("{} ({n_all})", cx.tr("证据", "Evidence")));
    } else {
        ui.heading(format!(
            "{} ({} / {n_all}, {})",
            cx.tr("证据", "Evidence"),
            data.n_visible,
            cx.tr("已筛选", "filtered")
        ));
    }
    if data.n_visible == 0 {
        ui.weak(cx.tr(
            "没有证据条目提及此项（或均被筛选隐藏）。",
            "No claim mentions this entry (or the filters hide them all).",
        ));
        return;
    }
    // Cards are drawn a page at a time: a long page stays fast and readable. How many
    // are shown is UI state, kept per entity (by id, which survives reloads).
    let shown_id = egui::Id::unique(("claims-shown", id));
    let mut budget = ui.data_mut(|d| *d.get_temp_mut_or(shown_id, CLAIMS_PER_PAGE));
    let mut n_hidden = 0usize;
    for group in &data.groups {
        // Headers do not wrap: a long title would widen the whole page, so shorten it.
        egui::CollapsingHeader::new(format!(
            "{} ({})",
            shorten(&group.title, 56),
            group.claims.len()
        ))
        .id_salt(("group", &group.title))
        .default_open(true)
        .show(ui, |ui| {
            for &claim_idx in &group.claims {
                if budget == 0 {
                    n_hidden += 1;
                    continue;
                }
                budget -= 1;
                if let Some(claim) = cx.doc.claims.get(claim_idx) {
                    card_if_visible_ui(ui, cx, claim);
                }
            }
        });
    }
    if n_hidden > 0 {
        let text = format!(
            "{} ({n_hidden} {})",
            cx.tr("显示更多证据", "Show more evidence"),
            cx.tr("条未显示", "not shown")
        );
        if ui.button(text).clicked() {
            ui.data_mut(|d| *d.get_temp_mut_or(shown_id, CLAIMS_PER_PAGE) += CLAIMS_PER_PAGE);
        }
    }
}

/// Draws a claim card, or only reserves its space when it is scrolled out of view and
/// its height is known from an earlier frame (heights are remembered per width and
/// language, so a resize or a language switch measures again).
fn card_if_visible_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, claim: &crate::model::Claim) {
    let width = ui.available_width();
    let height_id = egui::Id::unique(("card-height", &claim.id, width as i32, cx.lang));
    if let Some(height) = ui.data(|d| d.get_temp::<f32>(height_id)) {
        let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height));
        if !ui.is_rect_visible(rect) {
            ui.allocate_space(egui::vec2(width, height));
            return;
        }
    }
    let response = ui
        .push_id(&claim.id, |ui| claim_card_ui(ui, cx, claim, false))
        .response;
    ui.data_mut(|d| d.insert_temp(height_id, response.rect.height()));
}

/// Claim cards drawn at first on an entity page; "Show more" adds as many again.
const CLAIMS_PER_PAGE: usize = 20;
