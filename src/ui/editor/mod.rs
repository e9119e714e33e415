//! Edit mode: a form for the record of the current page (claims and every entity kind),
//! with labelled fields, Chinese and English side by side, dropdowns with bilingual
//! labels, editable lists, references picked through the app's search (never typed as
//! ids, a new entity created from the picker when the search finds nothing), the
//! validator's problems beside their fields; and the editor's questions (delete with
//! referrers, save with problems, unsaved changes, where to save).
//!
//! A form edits a copy of the record; when the copy differs from the record after the
//! frame, it sends one [`Command::Edit`] replacing it, keyed by record and field so a
//! burst of typing is one undo step.

use std::cell::RefCell;
use std::path::PathBuf;

use egui::RichText;

mod views;

pub use views::{ViewTab, view_tab_ui};

use super::{ViewCtx, kind_label};
use crate::app::command::CloseAnswer;
use crate::app::{AfterUnsaved, Command, Question};
use crate::lang::Lang;
use crate::model::edit::{self, Edit, Transaction};
use crate::model::search::HitGroup;
use crate::model::{
    CargoKind, Claim, Direction, Entity, Id, IdList, Item, Kind, Level, Mechanism, ProductKind,
    Record, Relation, Species, Step, StrategyKind, VehicleClass,
};

thread_local! {
    /// The label of the form row being drawn: dropdowns and checkboxes in the row are
    /// named by it for screen readers (and tests).
    static ROW_LABEL: std::cell::Cell<Option<egui::Id>> = const { std::cell::Cell::new(None) };

    static MATCHER: RefCell<nucleo_matcher::Matcher> =
        RefCell::new(nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT));
}

/// What a form did this frame.
struct Form {
    /// The record's id (as loaded this frame).
    id: Id,
    /// The field changed, by its name in the file (`level`, `cite.quote`; a path for
    /// the parts of tables and figures: `rows.3.cells.1.text`): bursts of typing in one
    /// field join into one undo step.
    changed: Option<String>,
    /// What the change is in words, when the field's name is not enough ("text of row 4,
    /// cell 2"); the undo menu says it.
    words: Option<String>,
    /// A new entity made from a picker, inserted with the change.
    created: Option<Entity>,
}

impl Form {
    fn new(id: &str) -> Self {
        Self {
            id: id.into(),
            changed: None,
            words: None,
            created: None,
        }
    }

    fn mark(&mut self, changed: bool, field: &str) {
        if changed {
            self.changed = Some(field.to_owned());
            self.words = None;
        }
    }

    /// A change of a part of a table or figure: its path (the burst key) and the words
    /// the undo menu uses.
    fn mark_part(&mut self, changed: bool, path: String, words: impl FnOnce() -> String) {
        if changed {
            self.changed = Some(path);
            self.words = Some(words());
        }
    }
}

/// The form of the record at `item`: a claim, an entity of any kind, a review table (its
/// columns, rows and cells with their links) or a figure (its panels, nodes and arrows).
pub fn record_form_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, item: Item) {
    let Some(before) = cx.doc.record(item) else {
        return;
    };
    let mut after = before.clone();
    let mut form = Form::new(before.id());
    header_ui(ui, cx, item, &before);
    record_problems_ui(ui, cx, &form.id);
    match &mut after {
        Record::Claim(claim) => claim_form_ui(ui, cx, &mut form, claim),
        Record::Entity(entity) => entity_form_ui(ui, cx, &mut form, entity),
        Record::Table(table) => views::table_form_ui(ui, cx, &mut form, table),
        Record::Figure(figure) => views::figure_form_ui(ui, cx, &mut form, figure),
    }
    send_form_edit(cx, item, before, after, form);
}

/// Sends the edit a form made this frame, if it made one.
fn send_form_edit(cx: &mut ViewCtx<'_>, item: Item, before: Record, after: Record, mut form: Form) {
    let Some(field) = form.changed.take() else {
        return;
    };
    if after == before {
        return;
    }
    let id = form.id.clone();
    let mut edits = Vec::new();
    let words = form
        .words
        .take()
        .unwrap_or_else(|| field_label(Lang::En, &field));
    let mut label = format!("change {words} of {id}");
    if let Some(entity) = form.created.take() {
        let kind = entity.kind();
        label = format!(
            "create {} {} and link it from {id}",
            kind.noun(),
            entity.id()
        );
        edits.push(Edit::Insert {
            at: Item::Entity(kind, cx.doc.count(kind)),
            record: Record::Entity(entity),
        });
    }
    // The record keeps its place: inserting an entity moves only its own kind's list,
    // after the end.
    edits.push(Edit::Replace {
        at: item,
        before,
        after,
    });
    cx.send(Command::Edit {
        txn: Transaction {
            label,
            focus: Some(id.clone()),
            edits,
        },
        burst: Some(format!("{id}/{field}")),
    });
}

fn header_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, item: Item, record: &Record) {
    let id = Id::from(record.id());
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "{} · {}",
                cx.tr("编辑", "Editing"),
                cx.item_kind_label(item)
            ))
            .strong(),
        );
        ui.heading(cx.item_name(item));
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.weak(cx.tr("标识", "Id"));
        let key = ui.scope_id().with(("rename", &id));
        let mut text = ui
            .data_mut(|d| d.get_temp::<String>(key))
            .unwrap_or_else(|| id.to_string());
        let response = ui
            .add(egui::TextEdit::singleline(&mut text).desired_width(260.0))
            .labelled_by(label.id);
        let trimmed = text.trim().to_owned();
        let rename = ui
            .add_enabled(
                trimmed != id && !trimmed.is_empty(),
                egui::Button::new(cx.tr("重命名", "Rename")),
            )
            .on_hover_text(cx.tr(
                "更改标识，并改写所有引用它的地方（一步，可撤销）",
                "Change the id and rewrite every reference to it (one step, undoable)",
            ))
            .clicked()
            || (response.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                && trimmed != id);
        if rename {
            cx.send(Command::Rename {
                old: id.clone(),
                new: Id::from(trimmed),
            });
            ui.data_mut(|d| d.remove::<String>(key));
        } else if response.has_focus() || text != id {
            ui.data_mut(|d| d.insert_temp(key, text));
        }
        if ui
            .button(cx.tr("复制一份", "Duplicate"))
            .on_hover_text(cx.tr("以新标识复制此条目", "Copy this record under a new id"))
            .clicked()
        {
            let mut copy = record.clone();
            let fresh = edit::fresh_id(cx.index, &format!("{id}-copy"), "copy");
            edit::set_id(&mut copy, &fresh);
            cx.send(Command::Create(Box::new(copy)));
        }
        if let Record::Entity(Entity::Study(study)) = record
            && ui
                .button(cx.tr("新建证据条目", "New claim from this study"))
                .on_hover_text(cx.tr(
                    "新建一条证据，预填此研究、综述与参考文献号",
                    "A new claim with this study, its review and reference numbers filled in",
                ))
                .clicked()
        {
            cx.send(Command::Create(Box::new(Record::Claim(Box::new(
                new_claim_from_study(cx, study),
            )))));
        }
        if ui
            .button(RichText::new(cx.tr("删除…", "Delete…")).color(ui.visuals().error_fg_color))
            .on_hover_text(cx.tr(
                "删除此条目；若有其他条目引用它，会先列出并询问",
                "Delete this record; if others refer to it, they are listed first",
            ))
            .clicked()
        {
            cx.send(Command::Delete {
                id: id.clone(),
                remove_refs: false,
            });
        }
    });
    ui.separator();
}

fn new_claim_from_study(cx: &ViewCtx<'_>, study: &crate::model::Study) -> Claim {
    let id = edit::fresh_id(cx.index, &format!("c-{}", study.id), "claim");
    Claim {
        id,
        studies: IdList::from_elem(study.id.clone(), 1),
        cite: crate::model::Cite {
            review: study.review.clone(),
            refs: study.refs.clone(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The record's problems that belong to no field, in red.
fn record_problems_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, id: &str) {
    for problem in cx.state.problems_of(id).filter(|p| p.field.is_none()) {
        ui.colored_label(ui.visuals().error_fg_color, &problem.message);
    }
}

/// The problems of field `field` of the record, beside it.
fn field_problems_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, id: &str, field: &str) {
    for problem in cx.state.problems_of(id).filter(|p| {
        p.field
            .as_deref()
            .is_some_and(|f| f == field || f.starts_with(&format!("{field}.")))
    }) {
        ui.colored_label(ui.visuals().error_fg_color, &problem.message);
    }
}

/// A labelled grid row; the label is returned for `labelled_by`.
fn row_label(ui: &mut egui::Ui, cx: &ViewCtx<'_>, zh: &str, en: &str) -> egui::Response {
    let label = ui.label(cx.tr(zh, en));
    ROW_LABEL.with(|l| l.set(Some(label.id)));
    label
}

/// Names `response` by the label of the row it is in.
fn named_by_row(response: &egui::Response) {
    if let Some(id) = ROW_LABEL.with(std::cell::Cell::get) {
        let _ = response.clone().labelled_by(id);
    }
}

fn text_field(
    ui: &mut egui::Ui,
    label: &egui::Response,
    text: &mut String,
    multiline: bool,
    width: f32,
) -> bool {
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(text)
    };
    ui.add(edit.desired_width(width))
        .labelled_by(label.id)
        .changed()
}

/// Chinese and English side by side, each labelled.
fn bilingual(ui: &mut egui::Ui, zh: &mut String, en: &mut String, multiline: bool) -> bool {
    let width = ((ui.available_width() - 80.0) / 2.0).max(160.0);
    let mut changed = false;
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let l = lang_tag(ui, "中文");
            changed |= text_field(ui, &l, zh, multiline, width);
        });
        ui.horizontal(|ui| {
            let l = lang_tag(ui, "English");
            changed |= text_field(ui, &l, en, multiline, width);
        });
    });
    changed
}

/// The language's name before its field, in a column of one width so that the Chinese
/// and English fields start and end at the same x.
fn lang_tag(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let size = egui::vec2(52.0, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(size.x);
            ui.weak(text)
        },
    )
    .inner
}

fn combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    value: &mut T,
    variants: &[T],
    text: impl Fn(T) -> String,
) -> bool {
    let mut changed = false;
    let combo_response = egui::ComboBox::from_id_salt(salt)
        .selected_text(text(*value))
        .width(240.0)
        .show_ui(ui, |ui| {
            for &v in variants {
                changed |= ui.selectable_value(value, v, text(v)).changed();
            }
        });
    named_by_row(&combo_response.response);
    changed
}

/// Checkboxes for a set of enum values.
fn flags<T: Copy + PartialEq + Ord>(
    ui: &mut egui::Ui,
    values: &mut Vec<T>,
    all: &[T],
    text: impl Fn(T) -> String,
) -> bool {
    let mut changed = false;
    ui.vertical(|ui| {
        ui.horizontal_wrapped(|ui| {
            for &v in all {
                let mut on = values.contains(&v);
                if ui.checkbox(&mut on, text(v)).changed() {
                    changed = true;
                    if on {
                        values.push(v);
                        values.sort();
                    } else {
                        values.retain(|x| *x != v);
                    }
                }
            }
        });
    });
    changed
}

// A form is one labelled row per field, top to bottom as on screen.
#[allow(clippy::too_many_lines)]
fn claim_form_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, form: &mut Form, claim: &mut Claim) {
    let lang = cx.lang;
    let id = form.id.clone();
    egui::Grid::new(("claim-form", &id))
        .num_columns(2)
        .spacing([12.0, 8.0])
        .striped(true)
        .show(ui, |ui| {
            row_label(ui, cx, "摘要", "Summary");
            let changed = bilingual(ui, &mut claim.zh, &mut claim.en, true);
            form.mark(changed, "summary");
            ui.end_row();

            row_label(ui, cx, "方向", "Direction");
            ui.vertical(|ui| {
                let changed = combo(
                    ui,
                    ("dir", &id),
                    &mut claim.direction,
                    &Direction::ALL,
                    |d| lang.label(d.label_zh(), d.label_en()),
                );
                form.mark(changed, "direction");
                field_problems_ui(ui, cx, &id, "direction");
            });
            ui.end_row();

            row_label(ui, cx, "证据等级", "Evidence level");
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    let changed = combo(ui, ("level", &id), &mut claim.level, &Level::ALL, |l| {
                        lang.label(l.label_zh(), l.label_en())
                    });
                    form.mark(changed, "level");
                    let changed = ui
                        .checkbox(
                            &mut claim.level_inferred,
                            cx.tr("推断（综述未明说）", "inferred (the review does not say)"),
                        )
                        .changed();
                    form.mark(changed, "level_inferred");
                });
                field_problems_ui(ui, cx, &id, "level");
            });
            ui.end_row();

            let label = row_label(ui, cx, "模型", "Model system");
            let changed = text_field(ui, &label, &mut claim.model, false, 420.0);
            form.mark(changed, "model");
            ui.end_row();

            row_label(ui, cx, "观察到结果的物种", "Species observed in");
            ui.vertical(|ui| {
                let changed = flags(ui, &mut claim.species, &Species::ALL, |s| {
                    lang.label(s.label_zh(), s.label_en())
                });
                form.mark(changed, "species");
                field_problems_ui(ui, cx, &id, "species");
            });
            ui.end_row();

            row_label(ui, cx, "机制类别", "Mechanisms");
            let changed = flags(ui, &mut claim.mechanisms, &Mechanism::ALL, |m| {
                lang.label(m.label_zh(), m.label_en())
            });
            form.mark(changed, "mechanisms");
            ui.end_row();

            let links: [(&'static str, Kind, &mut IdList); 11] = [
                ("diseases", Kind::Disease, &mut claim.diseases),
                ("sources", Kind::Source, &mut claim.sources),
                ("vehicles", Kind::Vehicle, &mut claim.vehicles),
                ("cargos", Kind::Cargo, &mut claim.cargos),
                ("targets", Kind::Target, &mut claim.targets),
                ("pathways", Kind::Pathway, &mut claim.pathways),
                ("cell_types", Kind::CellType, &mut claim.cell_types),
                ("effects", Kind::Effect, &mut claim.effects),
                ("products", Kind::Product, &mut claim.products),
                ("strategies", Kind::Strategy, &mut claim.strategies),
                ("studies", Kind::Study, &mut claim.studies),
            ];
            for (field, kind, ids) in links {
                ui.label(kind_label(lang, kind));
                ui.vertical(|ui| {
                    let changed = id_list_ui(ui, cx, form, (&id, field), kind, ids);
                    form.mark(changed, field);
                    field_problems_ui(ui, cx, &id, field);
                });
                ui.end_row();
            }

            row_label(ui, cx, "机制步骤", "Mechanism steps");
            ui.vertical(|ui| {
                let changed = steps_ui(ui, cx, &id, claim);
                form.mark(changed, "steps");
                field_problems_ui(ui, cx, &id, "steps");
            });
            ui.end_row();

            row_label(ui, cx, "综述", "Review");
            ui.vertical(|ui| {
                let mut chosen = claim.cite.review.clone();
                let changed = review_combo(ui, cx, ("review2", &id), &mut chosen);
                if changed {
                    claim.cite.review = chosen;
                }
                form.mark(changed, "cite.review");
                field_problems_ui(ui, cx, &id, "cite.review");
            });
            ui.end_row();

            let label = row_label(ui, cx, "参考文献号", "Reference numbers");
            ui.vertical(|ui| {
                let changed = numbers_ui(ui, cx, &label, ("refs", &id), &mut claim.cite.refs);
                form.mark(changed, "cite.refs");
                field_problems_ui(ui, cx, &id, "cite.refs");
            });
            ui.end_row();

            let label = row_label(ui, cx, "章节", "Section");
            let changed = text_field(ui, &label, &mut claim.cite.section, false, 240.0);
            form.mark(changed, "cite.section");
            ui.end_row();

            row_label(ui, cx, "表格 / 图", "Table / figure");
            ui.horizontal(|ui| {
                let changed = optional_view_ui(ui, cx, ("table", &id), &mut claim.cite.table, true);
                form.mark(changed, "cite.table");
                let changed =
                    optional_view_ui(ui, cx, ("figure", &id), &mut claim.cite.figure, false);
                form.mark(changed, "cite.figure");
            });
            ui.end_row();

            let label = row_label(ui, cx, "原文引语", "Verbatim quote");
            ui.vertical(|ui| {
                let changed = text_field(ui, &label, &mut claim.cite.quote, true, 520.0);
                form.mark(changed, "cite.quote");
                field_problems_ui(ui, cx, &id, "cite.quote");
            });
            ui.end_row();

            let label = row_label(ui, cx, "英文释义", "English gloss");
            let changed = text_field(ui, &label, &mut claim.cite.gloss, true, 520.0);
            form.mark(changed, "cite.gloss");
            ui.end_row();

            let label = row_label(ui, cx, "整理者备注", "Curator's note");
            let changed = text_field(ui, &label, &mut claim.note, true, 520.0);
            form.mark(changed, "note");
            ui.end_row();
        });
}

fn review_name(doc: &crate::model::Document, lang: Lang, id: &str) -> String {
    doc.reviews
        .iter()
        .find(|r| r.id == id)
        .map(|r| {
            let name = lang.pick(&r.zh, &r.en);
            if name.is_empty() {
                id.to_owned()
            } else {
                crate::ui::widgets::shorten(&name, 48)
            }
        })
        .unwrap_or_else(|| id.to_owned())
}

/// A dropdown of the reviews, by name.
fn review_combo(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    review: &mut Id,
) -> bool {
    let mut changed = false;
    let lang = cx.lang;
    let shown = if review.is_empty() {
        cx.tr("（未选）", "(none chosen)")
    } else {
        review_name(cx.doc, lang, review)
    };
    let combo_response = egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(420.0)
        .show_ui(ui, |ui| {
            for r in &cx.doc.reviews {
                let name = review_name(cx.doc, lang, &r.id);
                if ui.selectable_label(*review == r.id, name).clicked() && *review != r.id {
                    *review = r.id.clone();
                    changed = true;
                }
            }
        });
    named_by_row(&combo_response.response);
    changed
}

/// Reference numbers as "12, 15"; a typo is shown and not saved until it parses.
fn numbers_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    label: &egui::Response,
    salt: impl std::hash::Hash + std::fmt::Debug,
    refs: &mut Vec<u32>,
) -> bool {
    let key = ui.scope_id().with(salt);
    let shown = refs
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(key))
        .unwrap_or_else(|| shown.clone());
    let response = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(240.0))
        .labelled_by(label.id);
    let parsed: Result<Vec<u32>, _> = text
        .split([',', '，', ' ', ';', '、'])
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().trim_matches(['[', ']']).parse::<u32>())
        .collect();
    let mut changed = false;
    match parsed {
        Ok(numbers) => {
            if numbers != *refs {
                *refs = numbers;
                changed = true;
            }
        }
        Err(_) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                cx.tr(
                    "只能填数字，用逗号分隔（如 12, 15）",
                    "numbers only, separated by commas (e.g. 12, 15)",
                ),
            );
        }
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(key, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(key));
    }
    changed
}

/// A table or figure of the document, or none.
fn optional_view_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    value: &mut Option<Id>,
    tables: bool,
) -> bool {
    let mut changed = false;
    let options: Vec<(Id, String)> = if tables {
        cx.doc
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), cx.item_name(Item::Table(i))))
            .collect()
    } else {
        cx.doc
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), cx.item_name(Item::Figure(i))))
            .collect()
    };
    let none = if tables {
        cx.tr("（无表格）", "(no table)")
    } else {
        cx.tr("（无图）", "(no figure)")
    };
    let shown = value
        .as_ref()
        .and_then(|v| {
            options
                .iter()
                .find(|(id, _)| id == v)
                .map(|(_, n)| super::widgets::shorten(n, 40))
        })
        .unwrap_or_else(|| none.clone());
    let combo_response = egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(220.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), none).clicked() && value.is_some() {
                *value = None;
                changed = true;
            }
            for (id, name) in &options {
                if ui
                    .selectable_label(
                        value.as_deref() == Some(id),
                        super::widgets::shorten(name, 60),
                    )
                    .clicked()
                    && value.as_deref() != Some(id)
                {
                    *value = Some(id.clone());
                    changed = true;
                }
            }
        });
    named_by_row(&combo_response.response);
    changed
}

/// The entities of a link field as chips (name, ×), and a picker to add one.
fn id_list_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    form: &mut Form,
    salt: (&str, &'static str),
    kind: Kind,
    ids: &mut IdList,
) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (n, id) in ids.iter().enumerate() {
            let name = cx
                .index
                .item(id)
                .map_or_else(|| id.to_string(), |item| cx.item_name(item));
            ui.label(RichText::new(name).strong());
            if ui
                .small_button("×")
                .on_hover_text(cx.tr("移除此链接", "Remove this link"))
                .clicked()
            {
                remove = Some(n);
            }
        }
        if let Some(n) = remove {
            ids.remove(n);
            changed = true;
        }
        match picker_ui(ui, cx, salt, kind) {
            Some(Pick::Existing(id)) if !ids.contains(&id) => {
                ids.push(id);
                changed = true;
            }
            Some(Pick::Create(name)) => {
                let id = edit::fresh_id(cx.index, &name, kind.noun());
                form.created = Some(edit::new_entity(kind, &id, &name));
                ids.push(id);
                changed = true;
            }
            Some(Pick::Existing(_)) | None => {}
        }
    });
    changed
}

/// What the picker chose.
enum Pick {
    /// An existing entity.
    Existing(Id),
    /// A new entity with this name.
    Create(String),
}

/// What a picker searches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PickFrom {
    /// Entities of one kind (a new one can be created from the picker).
    Kind(Kind),
    /// Entities of any kind (a table cell, a figure node).
    AnyEntity,
    /// Claims (a table row's, a figure arrow's evidence).
    Claims,
}

impl PickFrom {
    fn admits(self, group: HitGroup) -> bool {
        match (self, group) {
            (PickFrom::Kind(kind), HitGroup::Entity(k)) => k == kind,
            (PickFrom::AnyEntity, HitGroup::Entity(_)) | (PickFrom::Claims, HitGroup::Claim) => {
                true
            }
            _ => false,
        }
    }

    fn label(self, lang: Lang) -> String {
        match self {
            PickFrom::Kind(kind) => kind_label(lang, kind),
            PickFrom::AnyEntity => lang.label("条目", "entries").to_owned(),
            PickFrom::Claims => lang.label("证据", "claims").to_owned(),
        }
    }
}

/// "+ Add": a popup with a search box over entities of `kind` (the app's search), its
/// best hits, and "create" when it finds nothing.
fn picker_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    kind: Kind,
) -> Option<Pick> {
    picker_from_ui(ui, cx, salt, PickFrom::Kind(kind))
}

/// "+ Add" over what `from` names: entities of a kind, of any kind, or claims.
fn picker_from_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    from: PickFrom,
) -> Option<Pick> {
    let mut picked = None;
    let button_text = format!("＋ {}", cx.tr("添加", "Add"));
    let key = ui.scope_id().with(("picker", salt));
    ui.menu_button(button_text, |ui| {
        ui.set_min_width(320.0);
        let mut query = ui
            .data_mut(|d| d.get_temp::<String>(key))
            .unwrap_or_default();
        let label = ui.weak(format!(
            "{} {}",
            cx.tr("搜索", "Search"),
            from.label(cx.lang)
        ));
        let response = ui
            .add(egui::TextEdit::singleline(&mut query).desired_width(300.0))
            .labelled_by(label.id);
        if !response.has_focus() && query.is_empty() {
            response.request_focus();
        }
        let hits: Vec<Item> = match (from, query.trim().is_empty()) {
            (PickFrom::Kind(kind), true) => (0..cx.doc.count(kind).min(12))
                .map(|i| Item::Entity(kind, i))
                .collect(),
            (_, true) => Vec::new(),
            (_, false) => MATCHER.with(|m| {
                let per_group = if from == PickFrom::AnyEntity { 4 } else { 12 };
                cx.index
                    .search
                    .query_grouped(
                        &query,
                        |g| if from.admits(g) { per_group } else { 0 },
                        &mut m.borrow_mut(),
                    )
                    .into_iter()
                    .filter(|g| from.admits(g.group))
                    .flat_map(|g| g.hits.into_iter().map(|h| h.item))
                    .collect()
            }),
        };
        for item in hits {
            let Some(id) = cx.doc.id_of(item) else {
                continue;
            };
            let name = super::widgets::shorten(&cx.item_name(item), 60);
            let text = match (from, item) {
                (PickFrom::AnyEntity, Item::Entity(kind, _)) => {
                    format!("{name} · {}", kind_label(cx.lang, kind))
                }
                _ => name,
            };
            if ui.button(text).clicked() {
                picked = Some(Pick::Existing(id.into()));
                ui.close();
            }
        }
        let name = query.trim();
        if let PickFrom::Kind(kind) = from
            && !name.is_empty()
            && ui
                .button(format!(
                    "＋ {} {} “{name}”",
                    cx.tr("新建", "New"),
                    kind_label(cx.lang, kind)
                ))
                .on_hover_text(cx.tr(
                    "以此名称新建条目并链接（可撤销）",
                    "Create an entry with this name and link it (undoable)",
                ))
                .clicked()
        {
            picked = Some(Pick::Create(name.to_owned()));
            ui.close();
        }
        if !matches!(from, PickFrom::Kind(_)) && query.trim().is_empty() {
            ui.weak(cx.tr("输入名称以搜索", "Type a name to search"));
        }
        if picked.is_some() {
            ui.data_mut(|d| d.remove::<String>(key));
        } else {
            ui.data_mut(|d| d.insert_temp(key, query));
        }
    });
    picked
}

/// Steps: from → relation → to, each end one of the claim's linked entities.
fn steps_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, id: &str, claim: &mut Claim) -> bool {
    let lang = cx.lang;
    let ends: Vec<Id> = claim
        .links()
        .into_iter()
        .filter(|(kind, _, _)| *kind != Kind::Study)
        .flat_map(|(_, _, ids)| ids.iter().cloned())
        .collect();
    let name = |id: &str| {
        let full = cx
            .index
            .item(id)
            .map_or_else(|| id.to_owned(), |item| cx.item_name(item));
        super::widgets::shorten(&full, 28)
    };
    let mut changed = false;
    let mut remove = None;
    for (n, step) in claim.steps.iter_mut().enumerate() {
        ui.horizontal_wrapped(|ui| {
            changed |= end_combo(ui, ("from", id, n), &mut step.from, &ends, &name);
            changed |= combo(ui, ("rel", id, n), &mut step.rel, &Relation::ALL, |r| {
                lang.label(r.label_zh(), r.label_en())
            });
            changed |= end_combo(ui, ("to", id, n), &mut step.to, &ends, &name);
            if ui
                .small_button("×")
                .on_hover_text(cx.tr("删除此步骤", "Remove this step"))
                .clicked()
            {
                remove = Some(n);
            }
        });
    }
    if let Some(n) = remove {
        claim.steps.remove(n);
        changed = true;
    }
    if ends.len() >= 2
        && ui
            .button(format!("＋ {}", cx.tr("添加步骤", "Add a step")))
            .clicked()
    {
        claim.steps.push(Step {
            from: ends[0].clone(),
            rel: Relation::Activates,
            to: ends[1].clone(),
        });
        changed = true;
    } else if ends.len() < 2 {
        ui.weak(cx.tr(
            "先链接两个以上条目，才能画出步骤",
            "Link two or more entities to draw a step between them",
        ));
    }
    changed
}

fn end_combo(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    value: &mut Id,
    ends: &[Id],
    name: &dyn Fn(&str) -> String,
) -> bool {
    let mut changed = false;
    let combo_response = egui::ComboBox::from_id_salt(salt)
        .selected_text(name(value))
        .width(180.0)
        .show_ui(ui, |ui| {
            for end in ends {
                if ui.selectable_label(value == end, name(end)).clicked() && value != end {
                    value.clone_from(end);
                    changed = true;
                }
            }
        });
    named_by_row(&combo_response.response);
    changed
}

fn entity_form_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, form: &mut Form, entity: &mut Entity) {
    let lang = cx.lang;
    let id = form.id.clone();
    let kind = entity.kind();
    egui::Grid::new(("entity-form", &id))
        .num_columns(2)
        .spacing([12.0, 8.0])
        .striped(true)
        .show(ui, |ui| {
            row_label(ui, cx, "名称", "Name");
            ui.vertical(|ui| {
                let named = entity.named_mut();
                let (mut zh, mut en) = (named.zh().to_owned(), named.en().to_owned());
                let changed = bilingual(ui, &mut zh, &mut en, false);
                if changed {
                    named.set_names(zh, en);
                }
                form.mark(changed, "name");
                field_problems_ui(ui, cx, &id, "en");
                field_problems_ui(ui, cx, &id, "zh");
            });
            ui.end_row();

            let label = row_label(ui, cx, "缩写", "Abbreviation");
            let mut abbr = entity.named().abbr().to_owned();
            if text_field(ui, &label, &mut abbr, false, 240.0) {
                entity.named_mut().set_abbr(abbr);
                form.mark(true, "abbr");
            }
            ui.end_row();

            row_label(ui, cx, "别名", "Aliases");
            let changed = strings_ui(ui, cx, ("aliases", &id), entity.named_mut().aliases_mut());
            form.mark(changed, "aliases");
            ui.end_row();

            row_label(ui, cx, "简介", "Description");
            let changed = match entity {
                Entity::Review(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Study(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Disease(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Source(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Vehicle(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Cargo(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Target(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Pathway(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::CellType(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Effect(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Product(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
                Entity::Strategy(e) => bilingual(ui, &mut e.desc_zh, &mut e.desc_en, true),
            };
            form.mark(changed, "description");
            ui.end_row();

            if let Some(parent) = entity.parent_mut() {
                row_label(ui, cx, "上级", "Parent");
                ui.vertical(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        match parent.as_deref() {
                            Some(p) => {
                                let name = cx
                                    .index
                                    .item(p)
                                    .map_or_else(|| p.to_owned(), |item| cx.item_name(item));
                                ui.label(RichText::new(name).strong());
                                if ui
                                    .small_button("×")
                                    .on_hover_text(cx.tr("移除上级", "Remove the parent"))
                                    .clicked()
                                {
                                    *parent = None;
                                    form.mark(true, "parent");
                                }
                            }
                            None => {
                                ui.weak(cx.tr("（无）", "(none)"));
                            }
                        }
                        match picker_ui(ui, cx, ("parent", &id), kind) {
                            Some(Pick::Existing(p)) if p != id => {
                                *parent = Some(p);
                                form.mark(true, "parent");
                            }
                            Some(Pick::Create(name)) => {
                                let new_id = edit::fresh_id(cx.index, &name, kind.noun());
                                form.created = Some(edit::new_entity(kind, &new_id, &name));
                                *parent = Some(new_id);
                                form.mark(true, "parent");
                            }
                            Some(Pick::Existing(_)) | None => {}
                        }
                    });
                    field_problems_ui(ui, cx, &id, "parent");
                });
                ui.end_row();
            }
            kind_fields_ui(ui, cx, form, entity, lang);
        });
}

/// The fields only some kinds have.
// A form is one labelled row per field, top to bottom as on screen.
#[allow(clippy::too_many_lines)]
fn kind_fields_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    form: &mut Form,
    entity: &mut Entity,
    lang: Lang,
) {
    let id = form.id.clone();
    match entity {
        Entity::Review(review) => {
            let label = row_label(ui, cx, "作者", "Authors");
            form.mark(
                text_field(ui, &label, &mut review.authors, true, 520.0),
                "authors",
            );
            ui.end_row();
            let label = row_label(ui, cx, "期刊", "Journal");
            form.mark(
                text_field(ui, &label, &mut review.journal, false, 320.0),
                "journal",
            );
            ui.end_row();
            row_label(ui, cx, "年份", "Year");
            form.mark(year_ui(ui, &mut review.year), "year");
            ui.end_row();
            let label = row_label(ui, cx, "DOI", "DOI");
            form.mark(text_field(ui, &label, &mut review.doi, false, 320.0), "doi");
            ui.end_row();
        }
        Entity::Study(study) => {
            let label = row_label(ui, cx, "第一作者", "First author");
            form.mark(
                text_field(ui, &label, &mut study.first_author, false, 240.0),
                "first_author",
            );
            ui.end_row();
            row_label(ui, cx, "年份", "Year");
            form.mark(year_ui(ui, &mut study.year), "year");
            ui.end_row();
            row_label(ui, cx, "综述", "Review");
            ui.vertical(|ui| {
                form.mark(
                    review_combo(ui, cx, ("study-review", &id), &mut study.review),
                    "review",
                );
                field_problems_ui(ui, cx, &id, "review");
            });
            ui.end_row();
            let label = row_label(ui, cx, "参考文献号", "Reference numbers");
            form.mark(
                numbers_ui(ui, cx, &label, ("study-refs", &id), &mut study.refs),
                "refs",
            );
            ui.end_row();
        }
        Entity::Disease(disease) => {
            row_label(ui, cx, "实验模型", "Experimental model");
            form.mark(
                ui.checkbox(
                    &mut disease.is_model,
                    cx.tr("是（如 DSS 结肠炎）", "yes (e.g. DSS colitis)"),
                )
                .changed(),
                "is_model",
            );
            ui.end_row();
        }
        Entity::Source(source) => {
            let label = row_label(ui, cx, "组织", "Tissue");
            form.mark(
                text_field(ui, &label, &mut source.tissue, false, 320.0),
                "tissue",
            );
            ui.end_row();
            row_label(ui, cx, "供体物种", "Donor species");
            let mut options: Vec<Option<Species>> = vec![None];
            options.extend(Species::ALL.map(Some));
            let none = cx.tr("（综述未说）", "(not stated)");
            form.mark(
                combo(ui, ("donor", &id), &mut source.species, &options, |s| {
                    s.map_or_else(|| none.clone(), |s| lang.label(s.label_zh(), s.label_en()))
                }),
                "species",
            );
            ui.end_row();
        }
        Entity::Vehicle(vehicle) => {
            row_label(ui, cx, "类别", "Class");
            form.mark(
                combo(
                    ui,
                    ("class", &id),
                    &mut vehicle.class,
                    &VehicleClass::ALL,
                    |c| lang.label(c.label_zh(), c.label_en()),
                ),
                "class",
            );
            ui.end_row();
        }
        Entity::Cargo(cargo) => {
            row_label(ui, cx, "分子类别", "Molecule class");
            form.mark(
                combo(
                    ui,
                    ("cargo-kind", &id),
                    &mut cargo.kind,
                    CargoKind::VARIANTS,
                    |c| lang.label(c.label_zh(), c.label_en()),
                ),
                "kind",
            );
            ui.end_row();
        }
        Entity::Effect(effect) => {
            row_label(ui, cx, "机制类别", "Mechanism");
            let mut options: Vec<Option<Mechanism>> = vec![None];
            options.extend(Mechanism::ALL.map(Some));
            let none = cx.tr("（无）", "(none)");
            form.mark(
                combo(
                    ui,
                    ("mechanism", &id),
                    &mut effect.mechanism,
                    &options,
                    |m| m.map_or_else(|| none.clone(), |m| lang.label(m.label_zh(), m.label_en())),
                ),
                "mechanism",
            );
            ui.end_row();
        }
        Entity::Product(product) => {
            row_label(ui, cx, "类别", "Kind");
            form.mark(
                combo(
                    ui,
                    ("product-kind", &id),
                    &mut product.kind,
                    ProductKind::VARIANTS,
                    |k| lang.label(k.label_zh(), k.label_en()),
                ),
                "kind",
            );
            ui.end_row();
            let label = row_label(ui, cx, "审批状态", "Approval status");
            form.mark(
                text_field(ui, &label, &mut product.status, false, 320.0),
                "status",
            );
            ui.end_row();
        }
        Entity::Strategy(strategy) => {
            row_label(ui, cx, "类别", "Kind");
            form.mark(
                combo(
                    ui,
                    ("strategy-kind", &id),
                    &mut strategy.kind,
                    StrategyKind::VARIANTS,
                    |k| lang.label(k.label_zh(), k.label_en()),
                ),
                "kind",
            );
            ui.end_row();
        }
        Entity::Target(_) | Entity::Pathway(_) | Entity::CellType(_) => {}
    }
}

fn year_ui(ui: &mut egui::Ui, year: &mut Option<u16>) -> bool {
    let mut known = year.is_some();
    let mut changed = false;
    ui.horizontal(|ui| {
        let response = ui.checkbox(&mut known, "");
        named_by_row(&response);
        if response.changed() {
            *year = known.then_some(2020);
            changed = true;
        }
        if let Some(y) = year {
            changed |= ui.add(egui::DragValue::new(y).range(1900..=2100)).changed();
        }
    });
    changed
}

/// An editable list of short texts (aliases): each with ×, and a box to add one.
fn strings_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    list: &mut Vec<String>,
) -> bool {
    let mut changed = false;
    let key = ui.scope_id().with(salt);
    ui.vertical(|ui| {
        ui.horizontal_wrapped(|ui| {
            let mut remove = None;
            for (n, text) in list.iter().enumerate() {
                ui.label(text);
                if ui
                    .small_button("×")
                    .on_hover_text(cx.tr("移除", "Remove"))
                    .clicked()
                {
                    remove = Some(n);
                }
            }
            if let Some(n) = remove {
                list.remove(n);
                changed = true;
            }
            let mut new = ui
                .data_mut(|d| d.get_temp::<String>(key))
                .unwrap_or_default();
            let label = ui.weak(cx.tr("新别名", "New alias"));
            let response = ui
                .add(egui::TextEdit::singleline(&mut new).desired_width(160.0))
                .labelled_by(label.id);
            let add = ui.small_button(cx.tr("添加", "Add")).clicked()
                || (response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
            if add && !new.trim().is_empty() {
                list.push(new.trim().to_owned());
                changed = true;
                new.clear();
            }
            ui.data_mut(|d| d.insert_temp(key, new));
        });
    });
    changed
}

/// The editor's questions, as modals: delete with referrers, save with problems, unsaved
/// changes, where to save.
// A form is one labelled row per field, top to bottom as on screen.
#[allow(clippy::too_many_lines)]
fn questions_ui(ctx: &egui::Context, cx: &mut ViewCtx<'_>, save_path: &mut String) {
    let Some(question) = cx.state.question().cloned() else {
        save_path.clear();
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("editor-question")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        match &question {
            Question::Delete { id, referrers, blocked } => {
                ui.heading(cx.tr("删除前请确认", "Before deleting"));
                let name = cx.index.item(id).map_or_else(|| id.to_string(), |item| cx.item_name(item));
                let n = referrers.len();
                ui.label(cx.tr(
                    &format!("有 {n} 个条目引用“{name}”："),
                    &format!("“{name}” is referred to by {n} records:"),
                ));
                egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                    for r in referrers {
                        ui.horizontal_wrapped(|ui| {
                            let name = cx.item_name(r.item);
                            ui.label(format!("{} — {}", cx.item_kind_label(r.item), super::widgets::shorten(&name, 60)));
                            let fields: Vec<String> =
                                r.fields.iter().map(|f| field_label(cx.lang, f)).collect();
                            ui.weak(format!("({})", fields.join(", ")));
                            if r.required {
                                ui.colored_label(ui.visuals().error_fg_color, cx.tr("必须引用", "must refer to it"));
                            }
                        });
                    }
                });
                ui.separator();
                if *blocked {
                    ui.label(cx.tr(
                        "标红的条目必须引用它：请先把它们改指别处或删除。",
                        "The records marked in red must refer to it: point them elsewhere or delete them first.",
                    ));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(!*blocked, egui::Button::new(cx.tr("删除它并移除这些引用", "Delete it and remove these references")))
                        .clicked()
                    {
                        cx.send(Command::Delete { id: id.clone(), remove_refs: true });
                    }
                    if ui.button(cx.tr("取消", "Cancel")).clicked() {
                        cx.send(Command::DismissQuestion);
                    }
                });
            }
            Question::SaveWithProblems {
                n, path, comments, ..
            } => {
                if let Some(comments) = comments {
                    ui.heading(cx.tr("保存会丢弃注释", "Saving drops comments"));
                    ui.colored_label(ui.visuals().warn_fg_color, comments);
                }
                if *n == 0 {
                    ui.horizontal(|ui| {
                        if ui.button(cx.tr("仍然保存", "Save anyway")).clicked() {
                            cx.send(Command::Save {
                                path: path.clone(),
                                allow_problems: true,
                            });
                        }
                        if ui.button(cx.tr("取消", "Cancel")).clicked() {
                            cx.send(Command::DismissQuestion);
                        }
                    });
                    return;
                }
                ui.heading(cx.tr("证据有问题", "The evidence has problems"));
                ui.label(format!(
                    "{} {n} {}",
                    cx.tr("检查发现", "The check finds"),
                    cx.tr("个问题。可以先存为草稿，稍后再修正。", "problems. You can save it as a draft and fix them later.")
                ));
                let (problems, _) = cx.state.doc_problems();
                egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
                    for p in problems.iter().take(50) {
                        let name = cx
                            .index
                            .item(&p.id)
                            .map_or_else(|| p.id.to_string(), |item| cx.item_name(item));
                        ui.label(format!(
                            "{}: {}",
                            super::widgets::shorten(&name, 40),
                            p.message
                        ));
                    }
                });
                ui.horizontal(|ui| {
                    if ui.button(cx.tr("仍然保存（草稿）", "Save anyway (draft)")).clicked() {
                        cx.send(Command::Save { path: path.clone(), allow_problems: true });
                    }
                    if ui.button(cx.tr("取消", "Cancel")).clicked() {
                        cx.send(Command::DismissQuestion);
                    }
                });
            }
            Question::UnsavedChanges { then } => {
                ui.heading(cx.tr("有未保存的修改", "Unsaved changes"));
                ui.label(match then {
                    AfterUnsaved::Close => cx.tr("关闭前要保存修改吗？", "Save your changes before closing?"),
                    AfterUnsaved::Open(_) => cx.tr("打开其他文件前要保存修改吗？", "Save your changes before opening another file?"),
                });
                ui.horizontal(|ui| {
                    if ui.button(cx.tr("保存", "Save")).clicked() {
                        cx.send(Command::AnswerUnsaved(CloseAnswer::Save));
                    }
                    if ui.button(cx.tr("不保存", "Discard")).clicked() {
                        cx.send(Command::AnswerUnsaved(CloseAnswer::Discard));
                    }
                    if ui.button(cx.tr("取消", "Cancel")).clicked() {
                        cx.send(Command::AnswerUnsaved(CloseAnswer::Cancel));
                    }
                });
            }
            Question::ExternalChange { path, differences } => {
                ui.heading(cx.tr("文件已在磁盘上被修改", "The file changed on disk"));
                ui.label(format!(
                    "{} {}",
                    path.display(),
                    cx.tr(
                        "在载入或上次保存后被其他程序修改（例如 git pull）。与你的版本相比：",
                        "was changed by another program since it was loaded or saved (git pull, a colleague). Compared with your version:"
                    )
                ));
                egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                    ui.label(differences);
                });
                ui.horizontal_wrapped(|ui| {
                    if ui.button(cx.tr("重新载入（放弃我的修改）", "Reload (discard my changes)")).clicked() {
                        cx.send(Command::ReloadFromDisk);
                    }
                    if ui.button(cx.tr("另存为…", "Save as…")).clicked() {
                        cx.send(Command::SaveAsDialog(path.with_extension("mine.ron")));
                    }
                    if ui.button(cx.tr("用我的版本覆盖", "Overwrite with my version")).clicked() {
                        cx.send(Command::Save {
                            path: None,
                            allow_problems: true,
                        });
                    }
                    if ui.button(cx.tr("继续编辑", "Keep editing")).clicked() {
                        cx.send(Command::DismissQuestion);
                    }
                });
            }
            Question::Restore {
                path,
                age_secs,
                changed_since,
            } => {
                ui.heading(cx.tr("恢复未保存的修改？", "Restore unsaved edits?"));
                let (zh_ago, en_ago) = ago(*age_secs);
                let path = path.display();
                // One whole sentence per language, not one sentence of two halves.
                ui.label(cx.tr(
                    &format!("上次会话结束时，{path} 有未保存的修改（{zh_ago}）。"),
                    &format!("A session ended with unsaved edits of {path} ({en_ago})."),
                ));
                if *changed_since {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        cx.tr(
                            "注意：此后文件在磁盘上已被修改；恢复后保存会覆盖那些修改。",
                            "Note: the file changed on disk since then; saving the restored edits would overwrite those changes.",
                        ),
                    );
                }
                ui.horizontal(|ui| {
                    if ui.button(cx.tr("恢复", "Restore")).clicked() {
                        cx.send(Command::AnswerRestore(true));
                    }
                    if ui.button(cx.tr("丢弃", "Discard them")).clicked() {
                        cx.send(Command::AnswerRestore(false));
                    }
                });
            }
            Question::SavePath { suggested } => {
                ui.heading(cx.tr("保存到", "Save to"));
                if save_path.is_empty() {
                    *save_path = suggested.display().to_string();
                }
                let label = ui.label(cx.tr("文件路径", "File path"));
                ui.add(egui::TextEdit::singleline(save_path).desired_width(480.0)).labelled_by(label.id);
                ui.horizontal(|ui| {
                    let path = save_path.trim();
                    if ui.add_enabled(!path.is_empty(), egui::Button::new(cx.tr("保存", "Save"))).clicked() {
                        cx.send(Command::Save { path: Some(PathBuf::from(path)), allow_problems: false });
                    }
                    if ui.button(cx.tr("取消", "Cancel")).clicked() {
                        cx.send(Command::DismissQuestion);
                    }
                });
            }
        }
    });
    if modal.should_close() {
        match question {
            Question::UnsavedChanges { .. } => cx.send(Command::AnswerUnsaved(CloseAnswer::Cancel)),
            Question::Delete { .. }
            | Question::SaveWithProblems { .. }
            | Question::SavePath { .. }
            | Question::ExternalChange { .. }
            | Question::Restore { .. } => {
                cx.send(Command::DismissQuestion);
            }
        }
    }
}

/// The document's problems (the validator of `paracrine check`), each a click from its
/// record's form. Returns true when closed.
fn doc_problems_ui(ctx: &egui::Context, cx: &mut ViewCtx<'_>) -> bool {
    let mut open = true;
    let (problems, more) = cx.state.doc_problems();
    let title = cx.tr("证据中的问题", "Problems in the evidence");
    egui::Window::new(title)
        .id(egui::Id::unique("doc-problems"))
        .open(&mut open)
        .default_size([520.0, 360.0])
        .show(ctx, |ui| {
            if problems.is_empty() {
                ui.label(cx.tr("没有问题：可以保存。", "No problems: ready to save."));
                return;
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, row_height, problems.len(), |ui, rows| {
                    for problem in &problems[rows] {
                        let name = cx
                            .index
                            .item(&problem.id)
                            .map_or_else(|| problem.id.to_string(), |item| cx.item_name(item));
                        let text = format!(
                            "{} — {}",
                            super::widgets::shorten(&name, 32),
                            problem.message
                        );
                        if ui
                            .link(text)
                            .on_hover_text(cx.tr("转到此条目的编辑表单", "Open this record's form"))
                            .clicked()
                        {
                            cx.send(Command::SetEditMode(true));
                            cx.send(Command::navigate_to(problem.id.clone()));
                        }
                    }
                });
            if more > 0 {
                ui.weak(format!(
                    "{} {more} {}",
                    cx.tr("另有", "and"),
                    cx.tr("个未列出", "more not listed")
                ));
            }
        });
    !open
}

/// The editor's windows: its question, and the problems list when open.
pub fn editor_windows_ui(
    ctx: &egui::Context,
    cx: &mut ViewCtx<'_>,
    problems_open: &mut bool,
    save_path: &mut String,
) {
    questions_ui(ctx, cx, save_path);
    if *problems_open && doc_problems_ui(ctx, cx) {
        *problems_open = false;
    }
}

/// A field of the file in words, for the delete dialog and undo labels.
fn field_label(lang: Lang, field: &str) -> String {
    let link_kind = [
        ("diseases", Kind::Disease),
        ("sources", Kind::Source),
        ("vehicles", Kind::Vehicle),
        ("cargos", Kind::Cargo),
        ("targets", Kind::Target),
        ("pathways", Kind::Pathway),
        ("cell_types", Kind::CellType),
        ("effects", Kind::Effect),
        ("products", Kind::Product),
        ("strategies", Kind::Strategy),
        ("studies", Kind::Study),
    ]
    .into_iter()
    .find(|(name, _)| *name == field);
    if let Some((_, kind)) = link_kind {
        return lang.label(kind.label_zh(), &kind.label_en().to_lowercase());
    }
    let (zh, en) = match field {
        "steps" => ("机制步骤", "mechanism steps"),
        "cite.review" | "review" => ("综述", "review"),
        "cite.table" => ("表格", "table"),
        "cite.figure" => ("图", "figure"),
        "cite.refs" | "refs" => ("参考文献号", "reference numbers"),
        "cite.section" => ("章节", "section"),
        "cite.quote" => ("原文引语", "quote"),
        "cite.gloss" => ("英文释义", "gloss"),
        "parent" => ("上级", "parent"),
        "rows.claims" => ("表格行的证据", "table rows"),
        "rows.cells.links" => ("表格单元格", "table cells"),
        "panels.nodes.entity" => ("图的节点", "figure nodes"),
        "panels.edges.claims" => ("图的箭头", "figure arrows"),
        "level_inferred" => ("等级是否推断", "inferred level"),
        "first_author" => ("第一作者", "first author"),
        "is_model" => ("实验模型", "model flag"),
        other => return other.replace(['_', '.'], " "),
    };
    lang.label(zh, en)
}

/// How long ago, in Chinese and in English ("6 分钟前", "6 min ago").
fn ago(secs: u64) -> (String, String) {
    if secs < 120 {
        (format!("{secs} 秒前"), format!("{secs} s ago"))
    } else if secs < 7200 {
        (
            format!("{} 分钟前", secs / 60),
            format!("{} min ago", secs / 60),
        )
    } else {
        (
            format!("{} 小时前", secs / 3600),
            format!("{} h ago", secs / 3600),
        )
    }
}
