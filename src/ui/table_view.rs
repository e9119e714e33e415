//! A review table re-rendered from the evidence: cells link to the entities they name,
//! rows link to their claims.

use egui_extras::{Column, TableBuilder};

use super::ViewCtx;
use super::page::view_header_ui;
use crate::app::Command;

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
    // Row heights follow the longest cell: one line per linked entity (two when both
    // languages show), or the wrapped length of the printed text.
    let line_height = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
    let lines_per_link = if cx.lang == crate::lang::Lang::Both {
        2.0
    } else {
        1.0
    };
    let heights: Vec<f32> = table
        .rows
        .iter()
        .map(|row| {
            let lines = row
                .cells
                .iter()
                .map(|cell| {
                    if cell.links.is_empty() {
                        (cell.text.chars().count() as f32 / 14.0).ceil().max(1.0)
                    } else {
                        cell.links.len() as f32 * lines_per_link
                    }
                })
                .fold(1.0_f32, f32::max);
            lines * line_height + 8.0
        })
        .collect();
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
