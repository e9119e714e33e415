//! A claims table page: the claims of a set (an entity's, rolled up or not; a table row's;
//! all), narrowed by tier, direction or mechanism, with their summary on top and the
//! shared table widget below (one line per claim, virtualized; sort, filter, export; each
//! row opens its claim), and a link to the diagram of these claims.

use super::ViewCtx;
use super::tabular_view::{RowLinks, Sizing, TabularView, tabular_ui};
use super::widgets::summary_ui;
use crate::app::derived::PageData;
use crate::app::{Command, Page};
use crate::export::table::TableSource;
use crate::model::evidence::{ClaimQuery, ClaimSet};
use crate::model::{Item, Kind};

pub fn claims_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, query: &ClaimQuery) {
    let data = std::sync::Arc::clone(&cx.page_data);
    let PageData::Claims(data) = data.as_ref() else {
        return;
    };
    ui.heading(format!("{} {}", cx.tr("证据表：", "Claims:"), data.title));
    if !data.found {
        ui.label(cx.tr(
            "当前证据库中没有此条目。",
            "Nothing in the current evidence has this id.",
        ));
        return;
    }
    let kind = match &query.set {
        ClaimSet::Entity { id, .. } => match cx.index.item(id) {
            Some(Item::Entity(kind, _)) => Some(kind),
            _ => None,
        },
        ClaimSet::All | ClaimSet::TableRow { .. } => None,
    };
    // The summary's grid can be wider than the page (five directions, both languages):
    // it scrolls sideways rather than being cut.
    egui::ScrollArea::horizontal()
        .id_salt(("claims-summary", query))
        .show(ui, |ui| {
            summary_ui(
                ui,
                cx,
                &data.summary,
                &query.set,
                kind.or(Some(Kind::Disease)),
            );
        });
    if query.tier.is_some() || query.direction.is_some() || query.mechanism.is_some() {
        let all = Page::Claims(ClaimQuery::of(query.set.clone()));
        if ui
            .link(cx.tr("显示此集合的全部条目", "Show all claims of this set"))
            .clicked()
        {
            cx.send(Command::Navigate(all));
        }
    }
    ui.horizontal_wrapped(|ui| {
        if data.summary.n > 0
            && ui
                .button(cx.tr("这些证据的机制图", "Diagram of these claims"))
                .on_hover_text(cx.tr(
                    "把这些证据的机制步骤画成一张图（遵从当前筛选）",
                    "Draw these claims' mechanism steps as one diagram (with the active filters)",
                ))
                .clicked()
        {
            cx.send(Command::Navigate(Page::diagram_of_claims(query.clone())));
        }
    });
    ui.separator();
    tabular_ui(
        ui,
        cx,
        &TabularView {
            salt: egui::Id::unique(("claims-table", query)),
            table: &data.table,
            sizing: Sizing::Fixed,
            rows: RowLinks::Claims,
            source: TableSource::Claims(query.clone()),
        },
    );
}
