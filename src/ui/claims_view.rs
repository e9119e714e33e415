//! A claims table page: the claims of a set (an entity's, rolled up or not; a table row's;
//! all), narrowed by tier, direction or mechanism, with their summary on top.

use egui_extras::{Column, TableBuilder};

use super::ViewCtx;
use super::widgets::{shorten, summary_ui};
use crate::app::derived::PageData;
use crate::app::{Command, Page};
use crate::model::evidence::{ClaimQuery, ClaimSet};
use crate::model::tabular::{Sort, arrange};
use crate::model::{Item, Kind};

/// Characters of a cell shown in its row (the rest on hover).
const CELL_CHARS: usize = 60;

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
    summary_ui(
        ui,
        cx,
        &data.summary,
        &query.set,
        kind.or(Some(Kind::Disease)),
    );
    if query.tier.is_some() || query.direction.is_some() || query.mechanism.is_some() {
        let all = Page::Claims(ClaimQuery::of(query.set.clone()));
        if ui
            .link(cx.tr("显示此集合的全部条目", "Show all claims of this set"))
            .clicked()
        {
            cx.send(Command::Navigate(all));
        }
    }
    ui.separator();
    let id = egui::Id::unique(("claims-table", query));
    let (mut sort, mut filter): (Sort, String) =
        ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label(cx.tr("筛选行：", "Filter rows:"));
        ui.text_edit_singleline(&mut filter).labelled_by(label.id);
    });
    let table = &data.table;
    let order = arrange(table, sort, &filter);
    ui.weak(cx.lang.label(
        &format!("显示 {} / {} 行", order.len(), table.rows.len()),
        &format!("{} of {} rows", order.len(), table.rows.len()),
    ));
    claims_table_ui(ui, cx, query, table, &order, &mut sort);
    ui.data_mut(|d| d.insert_temp(id, (sort, filter)));
}

fn claims_table_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    query: &ClaimQuery,
    table: &crate::model::tabular::Tabular,
    order: &[usize],
    sort: &mut Sort,
) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::horizontal()
        .id_salt(("claims-scroll", query))
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt(("claims", query))
                .striped(true)
                .resizable(true);
            for _ in &table.columns {
                builder = builder.column(Column::initial(150.0).at_least(50.0).clip(true));
            }
            builder
                .header(row_height + 4.0, |mut header| {
                    for (c, column) in table.columns.iter().enumerate() {
                        header.col(|ui| {
                            let mut name = cx.lang.pick(&column.zh, &column.en);
                            if sort.column == Some(c) {
                                name.push_str(match sort.order {
                                    Some(crate::model::tabular::SortOrder::Descending) => " ▼",
                                    _ => " ▲",
                                });
                            }
                            if ui.button(name).clicked() {
                                *sort = sort.clicked(c);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, order.len(), |mut row| {
                        let Some(r) = order.get(row.index()).and_then(|&r| table.rows.get(r))
                        else {
                            return;
                        };
                        for (c, cell) in r.cells.iter().enumerate() {
                            row.col(|ui| {
                                let short = shorten(&cell.text, CELL_CHARS);
                                let response = if c == 2 {
                                    ui.link(short)
                                } else {
                                    ui.label(short)
                                };
                                let response = if cell.text.chars().count() > CELL_CHARS {
                                    response.on_hover_text(&cell.text)
                                } else {
                                    response
                                };
                                if c == 2
                                    && response.clicked()
                                    && let Some(claim) = r.claims.first()
                                {
                                    cx.send(Command::navigate_to(claim.clone()));
                                }
                            });
                        }
                    });
                });
        });
}
