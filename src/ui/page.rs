//! The central page: whatever the shared selection names — an entity, a claim, a table
//! or a figure — with everything linked to it.

use std::collections::BTreeMap;

use super::claim_card::claim_card_ui;
use super::{ViewCtx, kind_label};
use crate::app::Page;
use crate::lang::Lang;

use crate::model::{Item, Kind};

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
    if let Item::Table(idx) = item {
        // The table scrolls itself (virtualized rows).
        super::table_view::table_page_ui(ui, cx, idx);
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(("page", item))
        .auto_shrink([false, false])
        .show(ui, |ui| match item {
            Item::Entity(kind, idx) => entity_page_ui(ui, cx, kind, idx),
            Item::Claim(idx) => {
                if let Some(claim) = cx.doc.claims.get(idx) {
                    ui.heading(cx.tr("证据条目", "Claim"));
                    claim_card_ui(ui, cx, claim, true);
                }
            }
            Item::Figure(idx) => super::figure_view::figure_page_ui(ui, cx, idx),
            Item::Table(_) => {}
        });
}

fn welcome_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    ui.heading("Paracrine");
    ui.label(cx.tr(
        "间充质干细胞（MSC）及其外泌体治疗的证据浏览器。从左侧选择疾病、来源或分子，或按 Ctrl+K 搜索。",
        "An evidence browser for MSC and MSC-exosome therapies. Pick a disease, source or molecule on the left, or press Ctrl+K to search.",
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
    for idx in 0..cx.doc.reviews.len() {
        if let Some(review) = cx.doc.reviews.get(idx) {
            let id = review.id.clone();
            cx.link_ui(ui, &id);
        }
    }
    ui.add_space(8.0);
    ui.strong(cx.tr("综述中的表与图", "Tables and figures of the reviews"));
    let views = (0..cx.doc.tables.len())
        .map(Item::Table)
        .chain((0..cx.doc.figures.len()).map(Item::Figure));
    for view in views {
        if let Some(id) = super::browse::view_id(cx, view) {
            cx.link_ui(ui, &id);
        }
    }
}

fn entity_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, kind: Kind, idx: usize) {
    let Some(named) = cx.doc.named(kind, idx) else {
        return;
    };
    let item = Item::Entity(kind, idx);
    ui.weak(kind_label(cx.lang, kind));
    ui.heading(cx.item_name(item));
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
        ui.weak(format!("id: {}", named.id()));
    });
    if !named.aliases().is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("别名：", "Also written:"));
            ui.label(named.aliases().join(" · "));
        });
    }
    let desc = cx.lang.pick(named.desc_zh(), named.desc_en());
    if !desc.is_empty() {
        ui.label(desc);
    }
    facts_ui(ui, cx, kind, idx);

    let views = cx.index.views_of(item).to_vec();
    if !views.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("见于：", "Appears in:"));
            for view in views {
                if let Some(id) = super::browse::view_id(cx, view) {
                    cx.link_ui(ui, &id);
                }
            }
        });
    }
    let children = cx.index.children(item).to_vec();
    if !children.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak(cx.tr("下级：", "Includes:"));
            for child in children {
                if let Item::Entity(k, i) = child
                    && let Some(id) = cx.doc.named(k, i).map(|n| n.id().to_owned())
                {
                    cx.link_ui(ui, &id);
                }
            }
        });
    }
    ui.separator();
    related_ui(ui, cx, item);
    ui.separator();
    claims_grouped_ui(ui, cx, kind, item);
}

/// Kind-specific fields: hierarchy, tissue, class, status, citation.
fn facts_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, kind: Kind, idx: usize) {
    let doc = cx.doc;
    let mut links: Vec<(String, String)> = Vec::new();
    let mut facts: Vec<String> = Vec::new();
    match kind {
        Kind::Disease => {
            if let Some(d) = doc.diseases.get(idx) {
                if let Some(p) = &d.parent {
                    links.push((cx.tr("上级", "Part of"), p.clone()));
                }
                if d.is_model {
                    facts.push(cx.tr("实验模型", "experimental model"));
                }
            }
        }
        Kind::Source => {
            if let Some(s) = doc.sources.get(idx) {
                if !s.tissue.is_empty() {
                    facts.push(format!("{}: {}", cx.tr("组织", "tissue"), s.tissue));
                }
                if let Some(sp) = s.species {
                    facts.push(cx.lang.pick(sp.label_zh(), sp.label_en()));
                }
                if let Some(p) = &s.parent {
                    links.push((cx.tr("上级", "Part of"), p.clone()));
                }
            }
        }
        Kind::Vehicle => {
            if let Some(v) = doc.vehicles.get(idx) {
                facts.push(cx.lang.pick(v.class.label_zh(), v.class.label_en()));
                if let Some(p) = &v.parent {
                    links.push((cx.tr("上级", "Part of"), p.clone()));
                }
            }
        }
        Kind::Cargo => {
            if let Some(c) = doc.cargos.get(idx) {
                facts.push(c.kind.label_en().to_owned());
            }
        }
        Kind::CellType => {
            if let Some(Some(p)) = doc.cell_types.get(idx).map(|c| &c.parent) {
                links.push((cx.tr("上级", "Part of"), p.clone()));
            }
        }
        Kind::Product => {
            if let Some(p) = doc.products.get(idx) {
                facts.push(format!("{:?}", p.kind));
                if !p.status.is_empty() {
                    facts.push(p.status.clone());
                }
            }
        }
        Kind::Strategy => {
            if let Some(s) = doc.strategies.get(idx) {
                facts.push(format!("{:?}", s.kind));
            }
        }
        Kind::Study => {
            if let Some(s) = doc.studies.get(idx) {
                facts.push(s.first_author.clone());
                if let Some(year) = s.year {
                    facts.push(year.to_string());
                }
                let refs: Vec<String> = s.refs.iter().map(|r| format!("[{r}]")).collect();
                facts.push(format!("{} {}", cx.tr("参考文献", "ref."), refs.join("")));
                links.push((cx.tr("引自", "Cited in"), s.review.clone()));
            }
        }
        Kind::Review => {
            if let Some(r) = doc.reviews.get(idx) {
                for text in [&r.authors, &r.journal, &r.doi, &r.seed] {
                    if !text.is_empty() {
                        facts.push(text.clone());
                    }
                }
                if let Some(year) = r.year {
                    facts.push(year.to_string());
                }
            }
        }
        Kind::Target | Kind::Pathway | Kind::Effect => {}
    }
    if let Some(Some(mechanism)) =
        (kind == Kind::Effect).then(|| doc.effects.get(idx).map(|e| e.mechanism))
    {
        facts.extend(mechanism.map(|m| format!("{m:?}")));
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
                    ui.horizontal_wrapped(|ui| {
                        for study_idx in studies {
                            if let Some(id) = cx.doc.studies.get(study_idx).map(|s| s.id.clone()) {
                                cx.link_ui(ui, &id);
                            }
                        }
                    });
                },
            );
        }
    }
}

/// Linked entities shown per kind; the rest are counted (they all appear in the claims).
const MAX_RELATED_PER_KIND: usize = 12;

/// Entities that share claims with this one, by kind, most shared first.
fn related_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, item: Item) {
    let mut by_kind: BTreeMap<Kind, BTreeMap<String, usize>> = BTreeMap::new();
    for claim_idx in cx.state.visible_claims_of(item) {
        let Some(claim) = cx.doc.claims.get(claim_idx) else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        for id in claim.referenced_ids() {
            if seen.contains(&id.as_str()) {
                continue;
            }
            seen.push(id);
            if let Some(linked @ Item::Entity(kind, _)) = cx.index.item(id)
                && linked != item
                && kind != Kind::Review
            {
                *by_kind
                    .entry(kind)
                    .or_default()
                    .entry(id.clone())
                    .or_default() += 1;
            }
        }
    }
    if by_kind.is_empty() {
        return;
    }
    ui.strong(cx.tr("相关", "Linked"));
    for (kind, ids) in by_kind {
        let mut ids: Vec<(String, usize)> = ids.into_iter().collect();
        ids.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{}:", kind_label(cx.lang, kind)));
            let n_more = ids.len().saturating_sub(MAX_RELATED_PER_KIND);
            for (id, n) in ids.into_iter().take(MAX_RELATED_PER_KIND) {
                cx.link_ui(ui, &id);
                if n > 1 {
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

/// The claims mentioning `item`, grouped the way a reader of that kind of page expects.
fn claims_grouped_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, kind: Kind, item: Item) {
    let n_all = cx.index.claims_of(item).len();
    let claim_idxs = cx.state.visible_claims_of(item);
    if claim_idxs.len() == n_all {
        ui.heading(format!("{} ({n_all})", cx.tr("证据", "Evidence")));
    } else {
        ui.heading(format!(
            "{} ({} / {n_all}, {})",
            cx.tr("证据", "Evidence"),
            claim_idxs.len(),
            cx.tr("已筛选", "filtered")
        ));
    }
    if claim_idxs.is_empty() {
        ui.weak(cx.tr(
            "没有证据条目提及此项（或均被筛选隐藏）。",
            "No claim mentions this entry (or the filters hide them all).",
        ));
        return;
    }
    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for claim_idx in claim_idxs {
        let Some(claim) = cx.doc.claims.get(claim_idx) else {
            continue;
        };
        let key = match kind {
            // A disease or source page: by vehicle (cells, exosomes, EVs, engineered).
            Kind::Disease | Kind::Source => {
                let class = claim
                    .vehicles
                    .iter()
                    .filter_map(|v| match cx.index.item(v) {
                        Some(Item::Entity(Kind::Vehicle, i)) => {
                            cx.doc.vehicles.get(i).map(|v| v.class)
                        }
                        _ => None,
                    })
                    .max();
                match class {
                    Some(class) => (
                        class as u8,
                        cx.lang.pick(class.label_zh(), class.label_en()),
                    ),
                    None => (u8::MAX, cx.tr("未指明载体", "vehicle not stated")),
                }
            }
            // A molecule or pathway page: by disease.
            Kind::Cargo | Kind::Target | Kind::Pathway | Kind::Effect | Kind::CellType => {
                match claim.diseases.first().and_then(|d| cx.index.item(d)) {
                    Some(disease) => (0, cx.item_name(disease)),
                    None => (1, cx.tr("未指明疾病", "no disease stated")),
                }
            }
            _ => match cx.index.item(&claim.cite.review) {
                Some(review) => (0, cx.item_name(review)),
                None => (1, claim.cite.review.clone()),
            },
        };
        groups.entry(key).or_default().push(claim_idx);
    }
    // Cards are drawn a page at a time: a long page stays fast and readable. How many
    // are shown is UI state, kept per entity page in egui's memory.
    let shown_id = egui::Id::unique(("claims-shown", item));
    let mut budget = ui.data_mut(|d| *d.get_temp_mut_or(shown_id, CLAIMS_PER_PAGE));
    let mut n_hidden = 0usize;
    for ((_, title), claim_idxs) in groups {
        // Headers do not wrap: a long title would widen the whole page, so shorten it.
        egui::CollapsingHeader::new(format!("{} ({})", shorten(&title, 56), claim_idxs.len()))
            .id_salt(("group", &title))
            .default_open(true)
            .show(ui, |ui| {
                for claim_idx in claim_idxs {
                    if budget == 0 {
                        n_hidden += 1;
                        continue;
                    }
                    budget -= 1;
                    if let Some(claim) = cx.doc.claims.get(claim_idx) {
                        card_if_visible_ui(ui, cx, claim_idx, claim);
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
fn card_if_visible_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    claim_idx: usize,
    claim: &crate::model::Claim,
) {
    let width = ui.available_width();
    let height_id = egui::Id::unique(("card-height", claim_idx, width as i32, cx.lang as u8));
    if let Some(height) = ui.data(|d| d.get_temp::<f32>(height_id)) {
        let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height));
        if !ui.is_rect_visible(rect) {
            ui.allocate_space(egui::vec2(width, height));
            return;
        }
    }
    let response = ui
        .push_id(claim_idx, |ui| claim_card_ui(ui, cx, claim, false))
        .response;
    ui.data_mut(|d| d.insert_temp(height_id, response.rect.height()));
}

/// `text` cut to `max_chars` characters, with an ellipsis when cut.
fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Claim cards drawn at first on an entity page; "Show more" adds as many again.
const CLAIMS_PER_PAGE: usize = 20;

/// Shared by the table and figure pages: a header naming the review and caption.
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
