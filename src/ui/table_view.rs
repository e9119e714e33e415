//! A review table re-rendered from the evidence: its caption (label, title, review)
//! above, the rows in the shared table widget (every cell's verbatim text with the
//! entities it names as links; sort, filter, export; each row's claims and diagram one
//! click away), its footnote below.

use super::ViewCtx;
use super::tabular_view::{RowLinks, Sizing, TabularView, tabular_ui};
use super::widgets::view_header_ui;
use crate::app::derived::PageData;
use crate::export::table::TableSource;

pub fn table_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, table_idx: usize) {
    let Some(table) = cx.doc.tables.get(table_idx) else {
        return;
    };
    let data = std::sync::Arc::clone(&cx.page_data);
    let PageData::Table(data) = data.as_ref() else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("table-page", &table.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            view_header_ui(ui, cx, &table.label, &table.zh, &table.en, &table.review);
            ui.separator();
            tabular_ui(
                ui,
                cx,
                &TabularView {
                    salt: egui::Id::unique(("review-table", &table.id)),
                    table: &data.table,
                    sizing: Sizing::Wrapped,
                    rows: RowLinks::Review { table: &table.id },
                    source: TableSource::Review(table.id.clone()),
                },
            );
            if !table.note.is_empty() {
                ui.add_space(6.0);
                ui.add(egui::Label::new(egui::RichText::new(&table.note).weak()).wrap());
            }
        });
}
