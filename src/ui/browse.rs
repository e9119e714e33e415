//! The browse panel: entity kinds with counts, the list of the chosen kind, and the
//! review tables and figures.

use super::commands::UiCommand;
use super::style::tier_color;
use super::widgets::direction_text;
use super::{ViewCtx, kind_label};
use crate::app::Command;
use crate::app::Page;
use crate::model::conflict::GroupBy;
use crate::model::evidence::ClaimSet;
use crate::model::filter::Filters;
use crate::model::gapmap::MapAxis;
use crate::model::{Direction, Item, Kind, Species, Tier, VehicleClass};

pub fn browse_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    let list_kind = cx.state.list_kind();
    let current = cx.state.current_item();
    ui.add_space(4.0);
    // Wrapped rather than a fixed grid, so the panel stays narrow at any zoom.
    ui.horizontal_wrapped(|ui| {
        for kind in Kind::ALL {
            let n = cx.doc.count(kind);
            let text = format!("{}  ({n})", kind_label(cx.lang, kind));
            if ui.selectable_label(list_kind == kind, text).clicked() {
                cx.send(Command::ShowKind(kind));
            }
        }
    });
    ui.separator();
    filters_ui(ui, cx);
    ui.separator();
    views_ui(ui, cx, current);
    glance_links_ui(ui, cx);
    ui.separator();
    let rows_all = cx.state.list_rows();
    ui.strong(format!(
        "{} ({})",
        kind_label(cx.lang, list_kind),
        rows_all.len()
    ));
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows_all.len(), |ui, rows| {
            for &idx in rows_all.get(rows).unwrap_or_default() {
                let Some(named) = cx.doc.named(list_kind, idx) else {
                    continue;
                };
                let item = Item::Entity(list_kind, idx);
                let n_claims = cx.state.n_visible_claims(item);
                let mut text = cx.item_name(item);
                if !named.abbr().is_empty() && !text.contains(named.abbr()) {
                    text = format!("{text} ({})", named.abbr());
                }
                let id = named.id().to_owned();
                let response = ui
                    .push_id(idx, |ui| {
                        ui.horizontal(|ui| {
                            let r = ui.selectable_label(current == Some(item), text);
                            if n_claims > 0 {
                                ui.weak(n_claims.to_string());
                            }
                            r
                        })
                        .inner
                    })
                    .inner;
                if response.clicked() {
                    cx.send(Command::navigate_to(id));
                }
            }
        });
}

/// The views of the whole evidence: the gap map, the contradictions, every claim.
fn glance_links_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    ui.horizontal_wrapped(|ui| {
        for (action, page) in [
            (
                UiCommand::EvidenceMap,
                Page::EvidenceMap(MapAxis::default()),
            ),
            (
                UiCommand::Contradictions,
                Page::Conflicts {
                    entity: None,
                    group_by: GroupBy::default(),
                },
            ),
            (UiCommand::AllClaims, Page::claims_of(ClaimSet::All)),
        ] {
            let shown = match (&page, cx.state.current_page()) {
                (Page::EvidenceMap(_), Page::EvidenceMap(_))
                | (Page::Conflicts { .. }, Page::Conflicts { entity: None, .. }) => true,
                (a, b) => a == b,
            };
            if ui
                .selectable_label(shown, action.label(cx.lang))
                .on_hover_text(action.tooltip(cx.lang))
                .clicked()
            {
                cx.send(Command::Navigate(page));
            }
        }
    });
}

fn views_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, current: Option<Item>) {
    let header = format!(
        "{} ({})",
        cx.tr("综述图表", "Review tables & figures"),
        cx.doc.tables.len() + cx.doc.figures.len()
    );
    egui::CollapsingHeader::new(header)
        .id_salt("views")
        .default_open(false)
        .show(ui, |ui| {
            // Grouped under their review (by name, never by id); one line each, the full
            // caption on hover and on the page.
            for review in &cx.doc.reviews {
                let items: Vec<Item> = (0..cx.doc.tables.len())
                    .filter(|&i| cx.doc.tables.get(i).is_some_and(|t| t.review == review.id))
                    .map(Item::Table)
                    .chain(
                        (0..cx.doc.figures.len())
                            .filter(|&i| {
                                cx.doc.figures.get(i).is_some_and(|f| f.review == review.id)
                            })
                            .map(Item::Figure),
                    )
                    .collect();
                if items.is_empty() {
                    continue;
                }
                let review_name = cx.lang.pick(&review.zh, &review.en);
                ui.add(egui::Label::new(egui::RichText::new(&review_name).weak()).truncate())
                    .on_hover_text(&review_name);
                for item in items {
                    let Some(id) = view_id(cx, item) else {
                        continue;
                    };
                    let name = cx.item_name(item);
                    let button = egui::Button::selectable(current == Some(item), &name).truncate();
                    let response = ui
                        .push_id(&id, |ui| ui.add(button))
                        .inner
                        .on_hover_text(&name);
                    if response.clicked() {
                        cx.send(Command::navigate_to(id));
                    }
                }
            }
        });
}

pub(super) fn view_id(cx: &ViewCtx<'_>, view: Item) -> Option<String> {
    cx.doc.id_of(view).map(str::to_owned)
}

/// Toggles `value` in `set` when the checkbox changes; returns whether it changed.
fn toggle<T: Ord + Clone>(
    ui: &mut egui::Ui,
    set: &mut std::collections::BTreeSet<T>,
    value: T,
    text: impl Into<egui::WidgetText>,
) -> bool {
    let mut on = set.contains(&value);
    let changed = ui.checkbox(&mut on, text).changed();
    if changed {
        if on {
            set.insert(value);
        } else {
            set.remove(&value);
        }
    }
    changed
}

/// Claim filters: they narrow every list and page at once.
fn filters_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    let mut filters: Filters = cx.state.filters().clone();
    let mut changed = false;
    let active = filters.is_active();
    let title = if active {
        cx.tr("筛选（已启用）", "Filters (active)")
    } else {
        cx.tr("筛选", "Filters")
    };
    egui::CollapsingHeader::new(title)
        .id_salt("filters")
        .default_open(false)
        .show(ui, |ui| {
            ui.weak(cx.tr("证据等级", "Evidence level"));
            ui.horizontal_wrapped(|ui| {
                for tier in Tier::ALL {
                    let text = egui::RichText::new(cx.lang.pick(tier.label_zh(), tier.label_en()))
                        .color(tier_color(tier));
                    changed |= toggle(ui, &mut filters.tiers, tier, text);
                }
            });
            changed |= ui
                .checkbox(
                    &mut filters.stated_level_only,
                    cx.tr(
                        "仅综述写明的等级（排除推断）",
                        "Only levels the review states (no inferred)",
                    ),
                )
                .changed();
            ui.weak(cx.tr("方向", "Direction"));
            ui.horizontal_wrapped(|ui| {
                for direction in Direction::ALL {
                    changed |= toggle(
                        ui,
                        &mut filters.directions,
                        direction,
                        direction_text(cx, direction),
                    );
                }
            });
            ui.weak(cx.tr("载体", "Vehicle"));
            ui.horizontal_wrapped(|ui| {
                for class in VehicleClass::ALL {
                    let text = cx.lang.pick(class.label_zh(), class.label_en());
                    changed |= toggle(ui, &mut filters.vehicle_classes, class, text);
                }
            });
            ui.weak(cx.tr("综述", "Review"));
            ui.horizontal_wrapped(|ui| {
                for review in &cx.doc.reviews {
                    // A short name (its abbreviation, or its title cut short); the whole
                    // title on hover. Never the id.
                    let title = cx.lang.pick(&review.zh, &review.en);
                    let text = if review.abbr.is_empty() {
                        super::widgets::shorten(&title, 18)
                    } else {
                        review.abbr.clone()
                    };
                    let response = ui.push_id(&review.id, |ui| {
                        toggle(ui, &mut filters.reviews, review.id.clone(), text)
                    });
                    response.response.on_hover_text(title);
                    changed |= response.inner;
                }
            });
            // Says what an empty species means: the rule of `Claim::species`.
            ui.weak(cx.tr("物种", "Species")).on_hover_text(cx.tr(
                "物种指观察到结果的生物（患者或动物模型）；细胞实验不标物种，因此选择物种后，体外研究不会显示。",
                "The organism in which the outcome was observed (patients or the animal model). Cell-culture work names no species, so choosing a species hides in-vitro findings.",
            ));
            ui.horizontal_wrapped(|ui| {
                for species in Species::ALL {
                    let text = cx.lang.pick(species.label_zh(), species.label_en());
                    changed |= toggle(ui, &mut filters.species, species, text);
                }
            });
            if active && ui.button(cx.tr("清除筛选", "Clear filters")).clicked() {
                filters = Filters::default();
                changed = true;
            }
        });
    if changed {
        cx.send(Command::SetFilters(filters));
    }
}
