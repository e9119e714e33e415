//! The browse panel: entity kinds with counts, the list of the chosen kind, and the
//! review tables and figures.

use super::{ViewCtx, kind_label};
use crate::app::Command;
use crate::model::{Item, Kind};

pub fn browse_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, list_kind: Kind, current: Option<Item>) {
    ui.add_space(4.0);
    egui::Grid::new("kinds").num_columns(2).spacing([8.0, 2.0]).show(ui, |ui| {
        for kind in Kind::ALL {
            let n = cx.doc.count(kind);
            let text = format!("{}  ({n})", kind_label(cx.lang, kind));
            if ui.selectable_label(list_kind == kind, text).clicked() {
                cx.send(Command::ShowKind(kind));
            }
            if kind as usize % 2 == 1 {
                ui.end_row();
            }
        }
    });
    ui.separator();
    views_ui(ui, cx, current);
    ui.separator();
    ui.strong(kind_label(cx.lang, list_kind));
    let n = cx.doc.count(list_kind);
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, n, |ui, rows| {
            for idx in rows {
                let Some(named) = cx.doc.named(list_kind, idx) else {
                    continue;
                };
                let item = Item::Entity(list_kind, idx);
                let n_claims = cx.index.claims_of(item).len();
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
                    cx.send(Command::Navigate(id));
                }
            }
        });
}

fn views_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, current: Option<Item>) {
    let header = cx.tr("综述图表", "Review tables & figures");
    egui::CollapsingHeader::new(header)
        .id_salt("views")
        .default_open(true)
        .show(ui, |ui| {
            let items = (0..cx.doc.tables.len())
                .map(Item::Table)
                .chain((0..cx.doc.figures.len()).map(Item::Figure));
            for item in items {
                let (id, review) = match item {
                    Item::Table(i) => cx.doc.tables.get(i).map(|t| (t.id.clone(), t.review.clone())),
                    Item::Figure(i) => cx.doc.figures.get(i).map(|f| (f.id.clone(), f.review.clone())),
                    _ => None,
                }
                .unwrap_or_default();
                let text = format!("[{review}] {}", cx.item_name(item));
                if ui
                    .push_id(&id, |ui| ui.selectable_label(current == Some(item), text))
                    .inner
                    .clicked()
                {
                    cx.send(Command::Navigate(id));
                }
            }
        });
}
