//! A review table re-rendered from the evidence: cells link to the entities they name,
//! rows link to their claims.

use egui_extras::{Column, TableBuilder};

use super::ViewCtx;
use super::widgets::view_header_ui;
use crate::app::Command;
use crate::app::derived::PageData;

pub fn table_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, table_idx: usize) {
    let Some(table) = cx.doc.tables.get(table_idx) else {
        return;
    };
    view_header_ui(ui, cx, &table.label, &table.zh, &table.en, &table.review);
    if !table.note.is_empty() {
        ui.weak(&table.note);
    }
    ui.separator();
    let n_columns = table.columns.len();
    // Row heights come from the page cache (derived once per page, not per frame).
    let line_height = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
    let heights: Vec<f32> = match cx.page_data.as_ref() {
        PageData::Table(data) => data
            .row_lines
            .iter()
            .map(|lines| lines * line_height + 8.0)
            .collect(),
        PageData::Entity(_)
        | PageData::Figure(_)
        | PageData::Diagram(_)
        | PageData::Claims(_)
        | PageData::EvidenceMap(_)
        | PageData::Conflicts(_)
        | PageData::Nothing => {
            vec![line_height + 8.0; table.rows.len()]
        }
    };
    egui::ScrollArea::horizontal()
        .id_salt(("table-scroll", table_idx))
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt(("table", table_idx))
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::top_down(egui::Align::Min))
                .column(Column::exact(28.0));
            for _ in 0..n_columns {
                builder = builder.column(Column::initial(190.0).at_least(60.0).clip(true));
            }
            builder
                .header(28.0, |mut header| {
                    header.col(|ui| {
                        ui.strong("#");
                    });
                    for column in &table.columns {
                        header.col(|ui| {
                            ui.strong(cx.lang.pick(&column.zh, &column.en));
                        });
                    }
                })
                .body(|body| {
                    body.heterogeneous_rows(heights.iter().copied(), |mut table_row| {
                        let row_idx = table_row.index();
                        let Some(row) = table.rows.get(row_idx) else {
                            return;
                        };
                        table_row.col(|ui| {
                            let text = (row_idx + 1).to_string();
                            match row.claims.first() {
                                Some(claim) => {
                                    let hover =
                                        cx.tr("打开此行的证据条目", "Open this row's claim");
                                    if ui.link(text).on_hover_text(hover).clicked() {
                                        cx.send(Command::navigate_to(claim.clone()));
                                    }
                                }
                                None => {
                                    ui.label(text);
                                }
                            }
                        });
                        for cell in &row.cells {
                            table_row.col(|ui| {
                                if cell.links.is_empty() {
                                    ui.label(&cell.text);
                                } else {
                                    for link in &cell.links {
                                        cx.link_ui(ui, link);
                                    }
                                }
                            });
                        }
                    });
                });
        });
}
