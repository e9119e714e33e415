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
    let mut builder = TableBuilder::new(ui)
        .id_salt(("table", table_idx))
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min).with_main_wrap(true))
        .column(Column::auto().at_least(28.0));
    for _ in 0..n_columns {
        builder = builder.column(Column::remainder().at_least(80.0).clip(false));
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
        .body(|mut body| {
            for (row_idx, row) in table.rows.iter().enumerate() {
                // Rows wrap text, so their height varies; tables are short (≤ tens of rows).
                body.row(48.0, |mut table_row| {
                    table_row.col(|ui| {
                        let claim = row.claims.first();
                        let text = (row_idx + 1).to_string();
                        match claim {
                            Some(claim) => {
                                if ui.link(text).on_hover_text(claim).clicked() {
                                    cx.send(Command::Navigate(claim.clone()));
                                }
                            }
                            None => {
                                ui.label(text);
                            }
                        }
                    });
                    for (col_idx, cell) in row.cells.iter().enumerate() {
                        table_row.col(|ui| {
                            ui.push_id((row_idx, col_idx), |ui| {
                                if cell.links.is_empty() {
                                    ui.label(&cell.text);
                                } else {
                                    for (i, link) in cell.links.iter().enumerate() {
                                        ui.push_id(i, |ui| cx.link_ui(ui, link));
                                    }
                                }
                            });
                        });
                    }
                });
            }
        });
}
