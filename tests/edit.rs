//! Editing: edits as values (random sequences undone give back the same document and the
//! same bytes), rename and delete through the reference visitor, the undo stack in the
//! app state, and the edit-mode flows of a curator (kittest, no display).

// Tests panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paracrine::app::{AppState, Command, Page, Question};
use paracrine::fonts::install_fonts;
use paracrine::model::edit::{self, Edit, OnReferences, RefusedEdit, Transaction};
use paracrine::model::io::to_ron_string;
use paracrine::model::{self, Document, Index, Item, Kind, Level, Record, refs, validate};
use paracrine::platform::{FilePicker, NoDialog};
use paracrine::ui::ParacrineApp;
use proptest::prelude::*;

const FIXTURE: &str = "tests/fixtures/good_minimal.ron";

fn shipped() -> &'static model::Loaded {
    static LOADED: std::sync::OnceLock<model::Loaded> = std::sync::OnceLock::new();
    LOADED.get_or_init(|| model::load_files(&[PathBuf::from("evidence.ron")]))
}

/// One random edit, chosen by numbers so proptest can shrink it.
#[derive(Clone, Debug)]
enum Op {
    Level(usize, usize),
    Text(usize, String),
    Rename(usize),
    Delete(usize),
    Create(usize, String),
    Duplicate(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), 0..Level::ALL.len()).prop_map(|(c, l)| Op::Level(c, l)),
        (any::<usize>(), "[a-z 中文]{0,12}").prop_map(|(c, t)| Op::Text(c, t)),
        any::<usize>().prop_map(Op::Rename),
        any::<usize>().prop_map(Op::Delete),
        (0..Kind::COUNT, "[a-zA-Z0-9-]{1,8}").prop_map(|(k, n)| Op::Create(k, n)),
        any::<usize>().prop_map(Op::Duplicate),
    ]
}

/// Every record of `doc`, as positions.
fn items(doc: &Document) -> Vec<Item> {
    let mut items = Vec::new();
    for &kind in Kind::FILE_ORDER {
        items.extend((0..doc.count(kind)).map(|i| Item::Entity(kind, i)));
    }
    items.extend((0..doc.claims.len()).map(Item::Claim));
    items.extend((0..doc.tables.len()).map(Item::Table));
    items.extend((0..doc.figures.len()).map(Item::Figure));
    items
}

/// The transaction `op` makes on `doc`, if it makes one.
fn transaction(doc: &Document, index: &Index, op: &Op, n: usize) -> Option<Transaction> {
    let all = items(doc);
    let pick = |k: usize| all.get(k % all.len().max(1)).copied();
    match op {
        Op::Level(c, l) => {
            let idx = c % doc.claims.len().max(1);
            let before = doc.record(Item::Claim(idx))?;
            let mut after = before.clone();
            if let Record::Claim(claim) = &mut after {
                claim.level = Level::ALL[*l];
            }
            Some(edit::set("change level", Item::Claim(idx), before, after))
        }
        Op::Text(c, text) => {
            let idx = c % doc.claims.len().max(1);
            let before = doc.record(Item::Claim(idx))?;
            let mut after = before.clone();
            if let Record::Claim(claim) = &mut after {
                claim.en.clone_from(text);
            }
            Some(edit::set("change text", Item::Claim(idx), before, after))
        }
        Op::Rename(k) => {
            let item = pick(*k)?;
            let id = doc.id_of(item)?.to_owned();
            edit::rename(doc, index, &id, &format!("renamed-{n}")).ok()
        }
        Op::Delete(k) => {
            let item = pick(*k)?;
            let id = doc.id_of(item)?.to_owned();
            edit::delete(doc, index, &id, OnReferences::Remove).ok()
        }
        Op::Create(k, name) => {
            let kind = Kind::ALL[*k];
            let id = edit::fresh_id(index, name, kind.noun());
            Some(edit::create(
                doc,
                Record::Entity(edit::new_entity(kind, &id, name)),
            ))
        }
        Op::Duplicate(k) => {
            let item = pick(*k)?;
            let mut copy = doc.record(item)?;
            let id = edit::fresh_id(index, &format!("{}-copy-{n}", copy.id()), "copy");
            edit::set_id(&mut copy, &id);
            Some(edit::create(doc, copy))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random edits (rename and delete with references among them) applied, then undone in
    /// reverse, give back the document and the bytes a save writes; redone, the edited one.
    #[test]
    fn random_edits_undone_give_back_the_same_bytes(ops in prop::collection::vec(op(), 1..12)) {
        let original = shipped().doc.clone();
        let original_bytes = to_ron_string(&original).unwrap();
        let mut doc = original.clone();
        let mut done = Vec::new();
        for (n, op) in ops.iter().enumerate() {
            let index = Index::build(&doc);
            if let Some(txn) = transaction(&doc, &index, op, n) {
                txn.apply(&mut doc).unwrap();
                done.push(txn);
            }
        }
        let edited = doc.clone();
        for txn in done.iter().rev() {
            txn.inverse().apply(&mut doc).unwrap();
        }
        prop_assert!(doc == original);
        prop_assert_eq!(to_ron_string(&doc).unwrap(), original_bytes);
        for txn in &done {
            txn.apply(&mut doc).unwrap();
        }
        prop_assert!(doc == edited);
    }
}

/// An edit that changes what a record links to, keeping every record in place.
#[derive(Clone, Debug)]
enum Relink {
    /// Claim `.0`: add entity `.1` to its link field of that entity's kind, or take it out.
    ClaimLink(usize, usize),
    /// Entity `.0` of a hierarchical kind gets parent `.1` of its kind (or none).
    Parent(usize, usize),
    /// Study `.0` now cites review `.1`.
    Review(usize, usize),
    /// Table `.0`: cell `.1` of some row links entity `.2` (or drops its links).
    Cell(usize, usize, usize),
    /// Figure `.0`: node `.1` of some panel shows entity `.2`.
    Node(usize, usize, usize),
}

/// The claim's link field for entities of `kind`.
fn link_field(claim: &mut model::Claim, kind: Kind) -> Option<&mut model::IdList> {
    claim.link_field_mut(kind)
}

fn relink() -> impl Strategy<Value = Relink> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Relink::ClaimLink(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Relink::Parent(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Relink::Review(a, b)),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, c)| Relink::Cell(a, b, c)),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, c)| Relink::Node(a, b, c)),
    ]
}

fn relink_txn(doc: &Document, op: &Relink) -> Option<Transaction> {
    let entities: Vec<Item> = items(doc)
        .into_iter()
        .filter(|i| matches!(i, Item::Entity(..)))
        .collect();
    let entity = |k: usize| entities.get(k % entities.len().max(1)).copied();
    let (at, after) = match op {
        Relink::ClaimLink(c, e) => {
            let at = Item::Claim(c % doc.claims.len().max(1));
            let mut after = doc.record(at)?;
            let Item::Entity(kind, _) = entity(*e)? else {
                return None;
            };
            let id = doc.id_of(entity(*e)?)?.to_owned();
            if let Record::Claim(claim) = &mut after
                && let Some(ids) = link_field(claim, kind)
            {
                if let Some(pos) = ids.iter().position(|x| *x == id) {
                    ids.remove(pos);
                } else {
                    ids.push(id.into());
                }
            }
            (at, after)
        }
        Relink::Parent(e, p) => {
            let at = entity(*e)?;
            let Item::Entity(kind, _) = at else {
                return None;
            };
            let same: Vec<&Item> = entities
                .iter()
                .filter(|i| matches!(i, Item::Entity(k, _) if *k == kind))
                .collect();
            let parent = same
                .get(p % (same.len() + 1))
                .and_then(|i| doc.id_of(**i))
                .map(str::to_owned);
            let mut after = doc.record(at)?;
            if let Record::Entity(entity) = &mut after
                && let Some(slot) = entity.parent_mut()
            {
                *slot = parent.map(Into::into);
            }
            (at, after)
        }
        Relink::Review(s, r) => {
            let at = Item::Entity(Kind::Study, s % doc.studies.len().max(1));
            let review = doc.reviews.get(r % doc.reviews.len().max(1))?.id.clone();
            let mut after = doc.record(at)?;
            if let Record::Entity(model::Entity::Study(study)) = &mut after {
                study.review = review;
            }
            (at, after)
        }
        Relink::Cell(t, c, e) => {
            let at = Item::Table(t % doc.tables.len().max(1));
            let id = doc.id_of(entity(*e)?)?.to_owned();
            let mut after = doc.record(at)?;
            if let Record::Table(table) = &mut after {
                let cells: Vec<&mut model::view::Cell> = table
                    .rows
                    .iter_mut()
                    .flat_map(|r| r.cells.iter_mut())
                    .collect();
                let n = cells.len();
                if let Some(cell) = cells.into_iter().nth(c % n.max(1)) {
                    if cell.links.is_empty() {
                        cell.links.push(id.into());
                    } else {
                        cell.links.clear();
                    }
                }
            }
            (at, after)
        }
        Relink::Node(f, n, e) => {
            let at = Item::Figure(f % doc.figures.len().max(1));
            let id = doc.id_of(entity(*e)?)?.to_owned();
            let mut after = doc.record(at)?;
            if let Record::Figure(figure) = &mut after {
                let nodes: Vec<&mut model::view::Node> = figure
                    .panels
                    .iter_mut()
                    .flat_map(|p| p.nodes.iter_mut())
                    .collect();
                let len = nodes.len();
                if let Some(node) = nodes.into_iter().nth(n % len.max(1)) {
                    node.entity = Some(id.into());
                }
            }
            (at, after)
        }
    };
    let before = doc.record(at)?;
    if before == after {
        return None;
    }
    Some(edit::set("relink", at, before, after))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Edits that keep records in place update the index in place, and what they give is
    /// exactly what a full build gives; edits that move records say so (and are rebuilt).
    #[test]
    fn an_index_updated_in_place_equals_a_full_build(
        ops in prop::collection::vec((relink(), op(), any::<bool>()), 1..10)
    ) {
        let mut doc = shipped().doc.clone();
        let mut index = Index::build_without_search(&doc);
        for (n, (relink, op, structural)) in ops.iter().enumerate() {
            let txn = if *structural {
                transaction(&doc, &index, op, n)
            } else {
                relink_txn(&doc, relink)
            };
            let Some(txn) = txn else { continue };
            txn.apply(&mut doc).unwrap();
            if !index.update_links(&doc, &txn.edits) {
                index = Index::build_without_search(&doc);
            }
            prop_assert!(index.same_links(&Index::build_without_search(&doc)), "after {:?}", txn.label);
            // And back again.
            let undo = txn.inverse();
            undo.apply(&mut doc).unwrap();
            if !index.update_links(&doc, &undo.edits) {
                index = Index::build_without_search(&doc);
            }
            prop_assert!(index.same_links(&Index::build_without_search(&doc)), "after undoing {:?}", txn.label);
            txn.apply(&mut doc).unwrap();
            if !index.update_links(&doc, &txn.edits) {
                index = Index::build_without_search(&doc);
            }
        }
    }
}

#[test]
fn a_rename_rewrites_every_reference_and_leaves_no_new_problem() {
    let loaded = shipped();
    let problems_before = validate::validate(&loaded.doc).len();
    // The most referred-to cargo.
    let (old, _) = (0..loaded.doc.cargos.len())
        .map(|i| {
            let id = loaded.doc.cargos[i].id.clone();
            let n = refs::referrers(&loaded.doc, &[&id]).len();
            (id, n)
        })
        .max_by_key(|(_, n)| *n)
        .unwrap();
    let mut doc = loaded.doc.clone();
    let txn = edit::rename(&doc, &loaded.index, &old, "renamed-cargo").unwrap();
    assert!(txn.edits.len() > 2, "{old} has referrers");
    txn.apply(&mut doc).unwrap();
    assert!(refs::referrers(&doc, &[&old]).is_empty());
    assert_eq!(validate::validate(&doc).len(), problems_before);
    // Renaming to an id in use, or to a non-id, is refused with a sentence.
    let index = Index::build(&doc);
    let taken = doc.cargos[0].id.clone();
    let err = edit::rename(&doc, &index, "renamed-cargo", &taken).unwrap_err();
    assert!(err.to_string().contains("already in use"), "{err}");
    let err = edit::rename(&doc, &index, "renamed-cargo", "Not An Id").unwrap_err();
    assert!(err.to_string().contains("not an id"), "{err}");
}

#[test]
fn deleting_a_referenced_record_lists_the_referrers_and_never_leaves_one_dangling() {
    let loaded = shipped();
    let study = &loaded.doc.studies[0].id;
    let err = edit::delete(&loaded.doc, &loaded.index, study, OnReferences::Refuse).unwrap_err();
    let RefusedEdit::Referenced { referrers, .. } = err else {
        panic!("{err:?}");
    };
    assert!(!referrers.is_empty());
    let mut doc = loaded.doc.clone();
    let problems_before = validate::validate(&doc).len();
    edit::delete(&doc, &loaded.index, study, OnReferences::Remove)
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    assert!(refs::referrers(&doc, &[study]).is_empty());
    assert_eq!(validate::validate(&doc).len(), problems_before);
    // A review its studies must name cannot be deleted, either way.
    let review = &loaded.doc.reviews[0].id;
    let err = edit::delete(&loaded.doc, &loaded.index, review, OnReferences::Remove).unwrap_err();
    let RefusedEdit::Referenced { referrers, .. } = err else {
        panic!("{err:?}");
    };
    assert!(referrers.iter().any(|r| r.required));
}

#[test]
fn a_stale_edit_is_refused_and_changes_nothing() {
    let loaded = shipped();
    let mut doc = loaded.doc.clone();
    let before = doc.record(Item::Claim(0)).unwrap();
    let mut after = before.clone();
    edit::set_id(&mut after, "x-claim");
    // The record changes under the edit.
    doc.claims[0].en.push('!');
    let snapshot = doc.clone();
    let txn = edit::set("rename", Item::Claim(0), before, after);
    assert!(txn.apply(&mut doc).is_err());
    assert!(doc == snapshot);
}

#[test]
fn undo_in_the_app_state_returns_to_the_page_and_tracks_unsaved_changes() {
    let bytes = std::fs::read(FIXTURE).unwrap();
    let mut state = AppState::from_bytes(Path::new(FIXTURE), &bytes);
    assert!(!state.is_dirty());
    edit_first_claim(&mut state, "change level of c1", |claim| {
        claim.level = Level::HumanCase;
    });
    assert_eq!(state.doc().claims[0].level, Level::HumanCase);
    assert!(state.is_dirty());
    assert_eq!(state.undo_label(), Some("change level of c1"));
    state.apply(Command::Navigate(Page::Home));
    state.apply(Command::Undo);
    assert_eq!(state.doc().claims[0].level, Level::Animal);
    assert_eq!(
        state.current_id(),
        Some("c1"),
        "undo shows where it happened"
    );
    assert!(!state.is_dirty());
    state.apply(Command::Redo);
    assert_eq!(state.doc().claims[0].level, Level::HumanCase);
}

/// Edits the first claim through the app state, as the form does: one replacement.
fn edit_first_claim(state: &mut AppState, label: &str, change: impl FnOnce(&mut model::Claim)) {
    let before = state.doc().record(Item::Claim(0)).unwrap();
    let mut after = before.clone();
    if let Record::Claim(claim) = &mut after {
        change(claim);
    }
    state.apply(Command::Edit {
        txn: edit::set(label, Item::Claim(0), before, after),
        burst: None,
    });
}

/// Never opens a dialog.
struct NoPicker;

impl FilePicker for NoPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        Err(NoDialog)
    }
}

/// A copy of the fixture in a scratch folder, so saving has somewhere to go.
fn scratch_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-edit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("evidence.ron");
    std::fs::copy(FIXTURE, &path).unwrap();
    path
}

fn harness_on(path: &Path) -> Harness<'static, ParacrineApp> {
    let state = AppState::load_now(path);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        )
}

fn key(harness: &mut Harness<'_, ParacrineApp>, modifiers: egui::Modifiers, key: egui::Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn wait_for_save(harness: &mut Harness<'_, ParacrineApp>) {
    for _ in 0..200 {
        harness.run();
        if !harness.state().state.is_saving() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the save never finished");
}

#[test]
fn a_curator_edits_a_claim_undoes_redoes_saves_and_reloads() {
    let path = scratch_copy("claim");
    let mut harness = harness_on(&path);
    harness.state_mut().state.apply(Command::navigate_to("c1"));
    harness.run();
    // Read-only by default: no form.
    assert!(harness.query_by_label("Verbatim quote 原文引语").is_none());
    key(&mut harness, egui::Modifiers::COMMAND, egui::Key::E);
    assert!(harness.state().state.edit_mode());
    harness.get_by_label_contains("Editing");
    // Type into the English summary (a burst of typing is one undo step).
    let (role, label) = (egui::accesskit::Role::MultilineTextInput, "English");
    harness
        .get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .focus();
    harness.run();
    harness
        .get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .type_text(" Edited");
    harness.run();
    let en = harness.state().state.doc().claims[0].en.clone();
    assert!(en.ends_with(" Edited"), "{en}");
    assert_eq!(
        harness.state().state.undo_label(),
        Some("change summary of c1")
    );
    // Leave the field, then the app's undo takes over from the field's own.
    key(&mut harness, egui::Modifiers::NONE, egui::Key::Escape);
    harness
        .state_mut()
        .state
        .apply(Command::Navigate(Page::Home));
    harness.run();
    key(&mut harness, egui::Modifiers::COMMAND, egui::Key::Z);
    assert!(
        !harness.state().state.doc().claims[0]
            .en
            .ends_with(" Edited")
    );
    assert_eq!(harness.state().state.current_id(), Some("c1"));
    key(&mut harness, egui::Modifiers::COMMAND, egui::Key::Y);
    assert!(
        harness.state().state.doc().claims[0]
            .en
            .ends_with(" Edited")
    );
    assert!(harness.state().state.is_dirty());
    // The title marks unsaved changes; Ctrl+S saves in the background.
    key(&mut harness, egui::Modifiers::COMMAND, egui::Key::S);
    // The fixture has a comment, which a rewrite drops: the save job looks at the file
    // first and the app says where.
    wait_for_save(&mut harness);
    harness.get_by_label_contains("comment would be dropped: ");
    harness.get_by_label("Save anyway 仍然保存").click();
    harness.run();
    wait_for_save(&mut harness);
    assert!(
        !harness.state().state.is_dirty(),
        "{:?}",
        harness.state().state.notice()
    );
    let reloaded = model::load_files(std::slice::from_ref(&path));
    assert!(
        reloaded.diagnostics.is_empty(),
        "{:?}",
        reloaded.diagnostics
    );
    assert!(reloaded.doc.claims[0].en.ends_with(" Edited"));
    // One field changed: one changed line.
    let old = std::fs::read_to_string(FIXTURE).unwrap();
    let new = std::fs::read_to_string(&path).unwrap();
    let original = to_ron_string(&model::load_files(&[PathBuf::from(FIXTURE)]).doc).unwrap();
    let changed = original
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 1, "{old}\n---\n{new}");
}

#[test]
fn a_cargo_is_created_from_the_picker_and_linked_in_one_step() {
    let path = scratch_copy("picker");
    let mut harness = harness_on(&path);
    harness.state_mut().state.apply(Command::SetEditMode(true));
    harness.state_mut().state.apply(Command::navigate_to("c1"));
    harness.run();
    // The fourth "Add" is the cargo row's (diseases, sources, vehicles, cargo …).
    harness
        .get_all_by_label("＋ Add 添加")
        .nth(3)
        .unwrap()
        .click();
    harness.run();
    harness
        .get_by_label("Search 搜索 Cargo 活性分子")
        .type_text("miR-999");
    harness.run();
    harness.get_by_label_contains("“miR-999”").click();
    harness.run();
    let state = &harness.state().state;
    assert!(state.index().item("mir-999").is_some());
    assert!(state.doc().claims[0].cargos.iter().any(|c| c == "mir-999"));
    assert!(
        state
            .undo_label()
            .is_some_and(|l| l.starts_with("create cargo mir-999")),
        "{:?}",
        state.undo_label()
    );
    harness.state_mut().state.apply(Command::Undo);
    let state = &harness.state().state;
    assert!(state.index().item("mir-999").is_none());
    assert!(!state.doc().claims[0].cargos.iter().any(|c| c == "mir-999"));
}

#[test]
fn deleting_a_referenced_study_lists_its_referrers_and_closing_asks_about_changes() {
    let path = scratch_copy("delete");
    let mut harness = harness_on(&path);
    harness.state_mut().state.apply(Command::SetEditMode(true));
    harness.state_mut().state.apply(Command::navigate_to("s1"));
    harness.run();
    harness.get_by_label("Delete… 删除…").click();
    harness.run();
    assert!(matches!(
        harness.state().state.question(),
        Some(Question::Delete { .. })
    ));
    harness.get_by_label_contains("Before deleting");
    // The claim citing the study is listed by its name, with the field.
    harness.get_by_label_contains("MSC-exo deliver miR-146a-5p");
    harness
        .get_by_label("Delete it and remove these references 删除它并移除这些引用")
        .click();
    harness.run();
    let state = &harness.state().state;
    assert!(state.index().item("s1").is_none());
    assert!(state.doc().claims[0].studies.is_empty());
    assert!(state.is_dirty());
    // Closing with unsaved changes asks; Cancel keeps the window.
    harness.state_mut().state.apply(Command::RequestClose);
    harness.run();
    harness.get_by_label_contains("Unsaved changes");
    harness.get_by_label("Cancel 取消").click();
    harness.run();
    assert!(!harness.state().state.should_close());
    harness.state_mut().state.apply(Command::RequestClose);
    harness.run();
    harness.get_by_label("Discard 不保存").click();
    harness.run();
    assert!(harness.state().state.should_close());
    // Nothing was written.
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(FIXTURE).unwrap()
    );
}

#[test]
fn a_change_on_disk_is_noticed_shown_as_a_semantic_diff_and_never_overwritten_silently() {
    let path = scratch_copy("external");
    let mut state = AppState::load_now(&path);
    edit_first_claim(&mut state, "change level of c1", |claim| {
        claim.level = Level::HumanCase;
    });
    // A colleague's change arrives (git pull) while the edit is unsaved.
    let mut theirs = model::load_files(std::slice::from_ref(&path)).doc;
    theirs.claims[0].model = "DSS colitis mice".into();
    let theirs = to_ron_string(&theirs).unwrap();
    std::fs::write(&path, &theirs).unwrap();
    state.apply(Command::Save {
        path: None,
        allow_problems: false,
    });
    // The save job looks at the file first, and writes nothing.
    for _ in 0..500 {
        if !state.poll_jobs() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    match state.question() {
        Some(Question::ExternalChange { differences, .. }) => {
            assert!(differences.contains("c1"), "{differences}");
            assert!(differences.contains("DSS colitis mice"), "{differences}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);

    // With nothing unsaved, a change on disk is simply reloaded.
    let mut state = AppState::load_now(&path);
    let mut newer = model::load_files(std::slice::from_ref(&path)).doc;
    newer.claims[0].model = "CIA mice".into();
    std::fs::write(&path, to_ron_string(&newer).unwrap()).unwrap();
    for _ in 0..500 {
        state.poll_jobs();
        if state.doc().claims[0].model == "CIA mice" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(state.doc().claims[0].model, "CIA mice");
    assert!(
        state
            .notice()
            .is_some_and(|n| n.contains("changed on disk")),
        "{:?}",
        state.notice()
    );
}

#[test]
fn unsaved_edits_survive_a_crash_through_the_recovery_snapshot() {
    let path = scratch_copy("recovery");
    let data = path.with_file_name("data");
    let mut state = AppState::load_now(&path);
    state.set_data_dir(data.clone());
    assert!(state.question().is_none());
    edit_first_claim(&mut state, "change model of c1", |claim| {
        claim.model = "recovered mice".into();
    });
    let snapshot = model::io::recovery::recovery_path(&data, &path);
    for _ in 0..500 {
        state.poll_jobs();
        if snapshot.exists() && !state.poll_jobs() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(snapshot.exists());
    // The app "crashes": a new session on the same file is offered the edits.
    drop(state);
    let mut state = AppState::load_now(&path);
    state.set_data_dir(data.clone());
    assert!(
        matches!(
            state.question(),
            Some(Question::Restore {
                changed_since: false,
                ..
            })
        ),
        "{:?}",
        state.question()
    );
    state.apply(Command::AnswerRestore(true));
    assert_eq!(state.doc().claims[0].model, "recovered mice");
    assert!(state.is_dirty());
    // Discarding the edits deletes the snapshot.
    state.apply(Command::RequestClose);
    state.apply(Command::AnswerUnsaved(
        paracrine::app::command::CloseAnswer::Discard,
    ));
    state.poll_jobs();
    assert!(!snapshot.exists());
}

#[test]
fn a_problem_shows_beside_its_field_and_in_the_problems_list() {
    let path = scratch_copy("problem");
    let mut harness = harness_on(&path);
    harness.state_mut().state.apply(Command::SetEditMode(true));
    harness.state_mut().state.apply(Command::navigate_to("c1"));
    harness.run();
    harness.get_by_label("No problems 无问题");
    let (role, label) = (
        egui::accesskit::Role::MultilineTextInput,
        "Verbatim quote 原文引语",
    );
    let quote = harness.get_by_role_and_label(role, label);
    quote.focus();
    harness.run();
    for _ in 0.."抗炎极化".chars().count() {
        harness.key_press(egui::Key::Backspace);
        harness.run();
    }
    assert_eq!(harness.state().state.doc().claims[0].cite.quote, "");
    // Beside the field, in the validator's words, and counted in the toolbar.
    assert!(
        harness
            .query_all_by_label_contains("`cite.quote` is empty")
            .count()
            >= 1
    );
    harness.get_by_label("1 problem 个问题").click();
    harness.run();
    harness.get_by_label_contains("Problems in the evidence");
    // Saving asks first, listing it.
    harness.state_mut().state.apply(Command::Save {
        path: None,
        allow_problems: false,
    });
    harness.run();
    harness.get_by_label_contains("The evidence has problems");
}

/// A copy of the shipped evidence in a scratch folder.
fn scratch_shipped(name: &str) -> PathBuf {
    let path = scratch_copy(name);
    std::fs::copy("evidence.ron", &path).unwrap();
    path
}

/// An opened row of a review table's form shows each cell's whole column header (wrapped,
/// never cut to "Representative d…") and each of the row's claims on a line of its own
/// with its whole summary, as looked at under Xvfb (t001-1, row 9: seven claims).
#[test]
fn a_table_rows_form_shows_whole_headers_and_one_claim_per_line() {
    let path = scratch_shipped("row-form");
    let mut harness = harness_on(&path);
    harness.set_size(egui::vec2(1280.0, 3000.0));
    harness.state_mut().state.apply(Command::SetEditMode(true));
    harness
        .state_mut()
        .state
        .apply(Command::navigate_to("t001-1"));
    harness.run();
    harness.get_by_label_contains("Row 9 第 9 行 · ").click();
    harness.run();
    let state = &harness.state().state;
    let lang = state.lang();
    let doc = state.doc();
    let table = doc.tables.iter().find(|t| t.id == "t001-1").unwrap();
    for column in &table.columns {
        let header = lang.pick(&column.zh, &column.en);
        assert!(
            harness.query_all_by_label(&header).next().is_some(),
            "the header {header:?} is shown whole"
        );
    }
    let row = &table.rows[8];
    assert!(row.claims.len() >= 5, "{:?}", row.claims);
    let mut tops = Vec::new();
    for id in &row.claims {
        let item = state.index().item(id).unwrap();
        let name = doc.display_name(item, lang);
        let node = harness
            .query_all_by_label(&name)
            .next()
            .unwrap_or_else(|| panic!("{id}: its whole summary is shown: {name}"));
        tops.push(node.rect().min.y);
    }
    // One per line: every claim starts below the one before.
    assert!(tops.windows(2).all(|w| w[1] > w[0] + 5.0), "{tops:?}");
}

#[test]
fn a_table_row_is_edited_and_made_into_a_claim_listed_in_the_row() {
    let path = scratch_shipped("table");
    let mut harness = harness_on(&path);
    // Tall enough that the opened row's cells are on screen without scrolling.
    harness.set_size(egui::vec2(1280.0, 2400.0));
    harness.state_mut().state.apply(Command::SetEditMode(true));
    harness
        .state_mut()
        .state
        .apply(Command::navigate_to("t001-1"));
    harness.run();
    let t = match harness.state().state.index().item("t001-1") {
        Some(Item::Table(t)) => t,
        other => panic!("{other:?}"),
    };
    // The form is the first tab; a row opens to its cells.
    harness.get_by_label_contains("Row 1 第 1 行 · ").click();
    harness.run();
    let cell = harness
        .get_all_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "分类 · Class")
        .next()
        .unwrap();
    cell.focus();
    harness.run();
    harness
        .get_all_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "分类 · Class")
        .next()
        .unwrap()
        .type_text("（试）");
    harness.run();
    let state = &harness.state().state;
    assert_eq!(
        state.doc().tables[t].rows[0].cells[0].text,
        "氨基水杨酸类（试）"
    );
    assert_eq!(
        state.undo_label(),
        Some("change the text of row 1, column 1 of t001-1")
    );
    key(&mut harness, egui::Modifiers::NONE, egui::Key::Escape);
    // A claim from the row: review, table, section and the row's entities filled in.
    harness
        .get_by_label("New claim from this row 由此行新建证据")
        .click();
    harness.run();
    let state = &harness.state().state;
    let id = state.current_id().unwrap().to_owned();
    assert_eq!(id, "c-t001-1-row-1");
    let claim = state.doc().claims.iter().find(|c| c.id == id).unwrap();
    assert_eq!(claim.cite.review, "r001");
    assert_eq!(claim.cite.table.as_deref(), Some("t001-1"));
    assert!(!claim.cite.section.is_empty());
    assert!(
        claim.products.iter().any(|p| p == "mesalazine"),
        "{claim:?}"
    );
    assert!(
        claim.diseases.iter().any(|d| d == "ulcerative-colitis"),
        "{claim:?}"
    );
    assert!(
        state.doc().tables[t].rows[0]
            .claims
            .contains(&id.as_str().into())
    );
    // The validator asks for what the curator must still write (the quote).
    assert!(
        state
            .problems_of(&id)
            .any(|p| p.field.as_deref() == Some("cite.quote"))
    );
    // One step undoes both.
    harness.state_mut().state.apply(Command::Undo);
    let state = &harness.state().state;
    assert!(state.index().item(&id).is_none());
    assert!(
        !state.doc().tables[t].rows[0]
            .claims
            .contains(&id.as_str().into())
    );
    assert_eq!(
        state.doc().tables[t].rows[0].cells[0].text,
        "氨基水杨酸类（试）"
    );
}

#[test]
// One flow, step by step as a curator does it.
#[allow(clippy::too_many_lines)]
fn a_node_dragged_in_a_figure_moves_alone_and_keeps_its_place() {
    let path = scratch_shipped("figure");
    let mut harness = harness_on(&path);
    harness.state_mut().state.apply(Command::SetEditMode(true));
    harness
        .state_mut()
        .state
        .apply(Command::navigate_to("f001-2"));
    harness.run();
    harness
        .get_by_label_contains("Diagram (drag nodes to place them)")
        .click();
    harness.run();
    harness.run();
    let f = match harness.state().state.index().item("f001-2") {
        Some(Item::Figure(f)) => f,
        other => panic!("{other:?}"),
    };
    let panel = harness.state().state.panel_of("f001-2");
    let nodes = harness.state().state.doc().figures[f].panels[panel]
        .nodes
        .clone();
    assert!(
        nodes.iter().all(|n| n.pos.is_none()),
        "laid out automatically"
    );
    let name_of = |n: &model::Node| {
        let state = &harness.state().state;
        n.entity
            .as_ref()
            .and_then(|e| state.index().item(e))
            .map(|item| state.doc().display_name(item, paracrine::lang::Lang::Both))
    };
    // Two nodes the test can find by their accessible names.
    let named: Vec<String> = nodes.iter().filter_map(name_of).collect();
    let rect_of = |h: &Harness<'_, ParacrineApp>, name: &str| {
        h.get_all_by_role_and_label(egui::accesskit::Role::Button, name)
            .next()
            .map(|n| n.rect())
    };
    // Node widgets report their boxes in the diagram's own (scene) coordinates; the
    // scene's layer transform maps them to the screen.
    let to_screen = |harness: &Harness<'_, ParacrineApp>| {
        harness.ctx.memory(|m| {
            assert_eq!(m.to_global.len(), 1, "one transformed layer: the scene");
            *m.to_global.values().next().unwrap()
        })
    };
    let transform = to_screen(&harness);
    let on_screen = |r: egui::Rect| transform * r;
    let (moved, other) = {
        // Nodes inside the diagram's view (right of the browse panel, left of the side panel).
        let visible: Vec<&String> = named
            .iter()
            .filter(|n| {
                rect_of(&harness, n).map(on_screen).is_some_and(|r| {
                    r.center().x > 420.0
                        && r.center().x < 800.0
                        && (150.0..700.0).contains(&r.center().y)
                })
            })
            .collect();
        assert!(visible.len() >= 2, "{named:?}");
        (visible[0].clone(), visible[1].clone())
    };
    let start = rect_of(&harness, &moved).unwrap();
    let other_before = rect_of(&harness, &other).unwrap();
    let from = on_screen(start).center();
    let to = from + egui::vec2(40.0, 24.0);
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from + (to - from) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
    harness.run();
    let state = &harness.state().state;
    assert_eq!(
        state.undo_label().map(|l| l.starts_with("move node")),
        Some(true),
        "{:?}",
        state.undo_label()
    );
    let after = &state.doc().figures[f].panels[panel].nodes;
    assert!(after.iter().all(|n| n.pos.is_some()), "every node pinned");
    // The view kept its zoom and place, the node moved by the drag, the other stayed.
    assert_eq!(to_screen(&harness), transform);
    let moved_now = rect_of(&harness, &moved).unwrap();
    let shift = (moved_now.center() - start.center()) * transform.scaling;
    assert!((shift - (to - from)).length() < 2.0, "moved by {shift:?}");
    let other_now = rect_of(&harness, &other).unwrap();
    assert!(
        (other_now.center() - other_before.center()).length() < 2.0,
        "{other} stayed: {other_before:?} → {other_now:?}"
    );
    // One drag is one step.
    harness.state_mut().state.apply(Command::Undo);
    harness.run();
    let state = &harness.state().state;
    assert!(
        state.doc().figures[f].panels[panel]
            .nodes
            .iter()
            .all(|n| n.pos.is_none())
    );
}

#[test]
fn reference_numbers_and_links_of_a_row_fill_in_a_new_claim() {
    let loaded = shipped();
    let txn = edit::claim_from_row(&loaded.doc, &loaded.index, "t001-1", 1).unwrap();
    assert_eq!(txn.edits.len(), 2);
    let Edit::Insert {
        record: Record::Claim(claim),
        ..
    } = &txn.edits[0]
    else {
        panic!("{:?}", txn.edits[0]);
    };
    assert_eq!(claim.id, "c-t001-1-row-2");
    assert!(claim.products.iter().any(|p| p == "prednisolone"));
    assert!(edit::claim_from_row(&loaded.doc, &loaded.index, "t001-1", 999).is_none());
    assert!(edit::claim_from_row(&loaded.doc, &loaded.index, "nothing", 0).is_none());
}

#[test]
fn a_large_document_finds_search_and_problems_in_the_background_after_an_edit() {
    let mut state = AppState::load_now(Path::new(FIXTURE));
    state.apply(Command::SetEditMode(true));
    // As if the fixture were large: problems follow in the background too.
    state.set_background_above(0);
    edit_first_claim(&mut state, "empty the quote", |c| c.cite.quote.clear());
    assert!(state.refresh_pending());
    assert!(
        !state
            .problems_of("c1")
            .any(|p| p.field.as_deref() == Some("cite.quote")),
        "not yet: the edit's frame does not wait for the validator"
    );
    for _ in 0..500 {
        state.poll_jobs();
        if !state.refresh_pending() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!state.refresh_pending(), "the refresh finished");
    assert!(
        state
            .problems_of("c1")
            .any(|p| p.field.as_deref() == Some("cite.quote"))
    );
    // The search index was rebuilt for the edited document (the quote's text is gone).
    assert!(state.index().n_ids() > 0);
}
