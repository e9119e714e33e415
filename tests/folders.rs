//! Evidence folders (issue 13, items 5 and 6): a folder of review files and a shared
//! `entities.ron` is one document — on the command line and in the app —, every record
//! is saved back to its own file, only changed files are rewritten, new records land
//! where the layout rules say, diagnostics name the right file, and the shipped
//! `evidence.ron` split per review round-trips. Nothing here is timed.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;

use paracrine::app::command::Command;
use paracrine::app::{AppState, Question};
use paracrine::model::edit;
use paracrine::model::io::{self, Fault, Layout, Step};
use paracrine::model::sources::ENTITIES_FILE;
use paracrine::model::{self, Claim, Document, Item, Kind, Record};
use paracrine::platform::{FilePicker, NoDialog};

/// A fresh, empty scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-folders-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A synthetic folder of `reviews` review files and `entities.ron`, in `dir/evidence`.
fn synthetic_folder(name: &str, claims: usize, reviews: usize) -> PathBuf {
    let dir = scratch(name).join("evidence");
    let doc = model::synth::synthetic_reviews(claims, reviews, 11);
    io::write_split(&dir, &doc).unwrap();
    dir
}

/// Every file of `dir` (hidden ones too) and its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// The files whose bytes differ between two snapshots (or that one lacks).
fn changed(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)]) -> Vec<String> {
    let mut names: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| !before.iter().any(|(p, b)| p == path && b == bytes))
        .chain(
            before
                .iter()
                .filter(|(path, _)| !after.iter().any(|(p, _)| p == path)),
        )
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn load(dir: &Path) -> model::Loaded {
    let loaded = model::load_files(&[dir.to_path_buf()]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded
}

fn paracrine(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Process::new(env!("CARGO_BIN_EXE_paracrine"))
        .args(args)
        .output()
        .unwrap()
}

/// A new, valid claim `id` citing `review`: a copy of one of `doc`'s claims.
fn claim_of(doc: &Document, review: &str, id: &str) -> Claim {
    let mut claim = doc.claims[0].clone();
    claim.id = id.into();
    claim.en = "a new finding".to_owned();
    claim.cite.review = review.into();
    claim
}

#[test]
fn a_folder_loads_to_the_same_document_as_its_merge() {
    let dir = synthetic_folder("merge", 1_500, 12);
    let files = io::evidence_files(&dir).unwrap();
    assert_eq!(files.len(), 13, "12 review files and entities.ron");
    assert_eq!(files[0].file_name().unwrap(), ENTITIES_FILE);
    let folder = load(&dir);
    let (merged, notes) = model::load_and_merge_files(&files);
    assert!(merged.diagnostics.is_empty());
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(folder.doc, merged.doc);
    assert_eq!(folder.doc.claims.len(), 1_500);
    // And `paracrine fmt --merge DIR` writes that document as one file.
    let one = dir.with_file_name("merged.ron");
    let out = paracrine(&[
        "fmt".as_ref(),
        "--merge".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        one.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(load(&one).doc, folder.doc);
    // `check` takes the folder, and every record knows its file.
    let out = paracrine(&["check".as_ref(), dir.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1500 claims"));
    for (idx, claim) in folder.doc.claims.iter().enumerate() {
        let file = folder.sources.file_of(Item::Claim(idx)).unwrap();
        assert_eq!(file, dir.join(format!("{}.ron", claim.cite.review)));
    }
    assert_eq!(folder.sources.folder(), Some(dir.as_path()));
}

#[test]
fn what_a_folder_holds_hidden_files_backups_decks_and_subfolders_are_not_read() {
    let dir = scratch("listing");
    let doc = |id: &str| {
        format!("Evidence(version: 1, diseases: [(id: \"{id}\", zh: \"病\", en: \"d\")])\n")
    };
    std::fs::write(dir.join("b.ron"), doc("b")).unwrap();
    std::fs::write(dir.join("a.ron"), doc("a")).unwrap();
    std::fs::write(dir.join(".a.ron.tmp.ron"), doc("a")).unwrap();
    std::fs::write(dir.join(".hidden.ron"), doc("h")).unwrap();
    std::fs::write(dir.join("a.ron.bak"), doc("a")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not evidence").unwrap();
    std::fs::write(dir.join("talk.deck.ron"), "Deck(slides: [])").unwrap();
    std::fs::create_dir_all(dir.join("sub.ron")).unwrap();
    std::fs::create_dir_all(dir.join("exports")).unwrap();
    std::fs::write(dir.join("exports").join("c.ron"), doc("c")).unwrap();
    let files = io::evidence_files(&dir).unwrap();
    assert_eq!(files, [dir.join("a.ron"), dir.join("b.ron")]);
    let loaded = load(&dir);
    let ids: Vec<&str> = loaded.doc.diseases.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    // An empty folder says what it wanted.
    let empty = scratch("empty");
    let loaded = model::load_files(std::slice::from_ref(&empty));
    assert_eq!(loaded.diagnostics.len(), 1);
    let message = loaded.diagnostics[0].to_string();
    assert!(
        message.starts_with(&empty.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("holds no evidence files (`*.ron`"),
        "{message}"
    );
}

#[test]
fn diagnostics_name_the_file_and_the_line_of_each_definition() {
    let dir = scratch("diagnostics");
    std::fs::write(
        dir.join("entities.ron"),
        "Evidence(\n  version: 1,\n  diseases: [\n    (id: \"sle\", zh: \"狼疮\", en: \"lupus\"),\n  ],\n)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("r1.ron"),
        "Evidence(\n  version: 1,\n  diseases: [\n    (id: \"ibd\", zh: \"肠病\", en: \"IBD\"),\n    (id: \"sle\", zh: \"狼疮\", en: \"lupus\", parent: \"nowhere\"),\n  ],\n)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("r2.ron"),
        "Evidence(\n  version: 1,\n  diseases: [\n    (id: \"ra\", zh: \"类风湿\", en: \"RA\", bogus: 1),\n  ],\n)\n",
    )
    .unwrap();
    let loaded = model::load_files(std::slice::from_ref(&dir));
    let lines: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    let at = |file: &str, line: usize| format!("{}:{line}:", dir.join(file).display());
    // The repeat is located in its own file, and the message names the first one's.
    assert!(
        lines.iter().any(|l| l.starts_with(&at("r1.ron", 5))
            && l.contains("sle")
            && l.contains(&at("entities.ron", 4).trim_end_matches(':').to_owned())),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&at("r2.ron", 4)) && l.contains("bogus")),
        "{lines:#?}"
    );
    // And on the command line.
    let out = paracrine(&["check".as_ref(), dir.as_os_str()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&at("r2.ron", 4)), "{stderr}");
}

#[test]
fn an_unedited_save_writes_nothing_and_an_edit_rewrites_only_its_file() {
    let dir = synthetic_folder("edit", 600, 6);
    let loaded = load(&dir);
    let layout = Layout::from_loaded(&loaded);
    let before = snapshot(&dir);
    let report = io::save_layout(&loaded.doc, &layout).unwrap();
    assert!(report.written.is_empty());
    assert_eq!(report.unchanged, 7);
    assert_eq!(snapshot(&dir), before, "an unedited save is byte-identical");

    // One claim's text edited: only its review's file is rewritten (with its backup).
    let mut doc = loaded.doc.clone();
    let review = doc.claims[100].cite.review.clone();
    doc.claims[100].en = "edited by a curator".to_owned();
    let plan = io::plan_layout(&doc, &report.layout).unwrap();
    let file = format!("{review}.ron");
    assert_eq!(plan.files_to_write(), [dir.join(&file).as_path()]);
    let report = plan.commit().unwrap();
    let after = snapshot(&dir);
    assert_eq!(
        changed(&before, &after),
        [file.clone(), format!("{file}.bak")]
    );
    assert!(
        report.message().contains("saved 1 of 7 file(s)"),
        "{}",
        report.message()
    );
    assert_eq!(
        load(&dir).doc,
        doc,
        "the folder reloads to the edited document"
    );

    // A hand-formatted file that holds the same records is not rewritten by a save of
    // another file: nobody's file is reformatted behind their back.
    let other = dir.join("entities.ron");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replace("\n  ", "\n\t")).unwrap();
    let loaded = load(&dir);
    let mut doc = loaded.doc.clone();
    let review = doc.claims[0].cite.review.clone();
    doc.claims[0].en = "again".to_owned();
    let plan = io::plan_layout(&doc, &Layout::from_loaded(&loaded)).unwrap();
    assert_eq!(
        plan.files_to_write(),
        [dir.join(format!("{review}.ron")).as_path()]
    );
}

#[test]
fn new_and_removed_records_go_where_the_layout_rules_say() {
    let dir = synthetic_folder("rules", 400, 4);
    let loaded = load(&dir);
    let before = snapshot(&dir);
    let mut doc = loaded.doc.clone();
    // A new claim of reviews-2 (put first, so every position shifts), a new cargo, a
    // new review with a claim, and a claim of reviews-3 removed.
    let new_claim = claim_of(&doc, "reviews-2", "claim-new");
    doc.claims.insert(0, new_claim);
    let mut cargo = doc.cargos[0].clone();
    cargo.id = "mir-new".into();
    cargo.en = "miR-new".to_owned();
    doc.push_entity(model::Entity::Cargo(cargo));
    let mut review = doc.reviews[0].clone();
    review.id = "r-new".into();
    doc.reviews.push(review);
    let claim = claim_of(&doc, "r-new", "claim-of-new-review");
    doc.claims.push(claim);
    let gone = doc
        .claims
        .iter()
        .position(|c| c.cite.review == "reviews-3")
        .unwrap();
    let gone_id = doc.claims.remove(gone).id;
    let report = io::save_layout(&doc, &Layout::from_loaded(&loaded)).unwrap();
    let after = snapshot(&dir);
    let mut written: Vec<String> = changed(&before, &after)
        .into_iter()
        .filter(|n| !n.ends_with(".bak"))
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "entities.ron",
            "r-new.ron",
            "reviews-2.ron",
            "reviews-3.ron"
        ]
    );
    let ids_in = |file: &str| -> Vec<String> {
        let one = model::load_files(&[dir.join(file)]);
        let mut ids: Vec<String> = one.doc.claims.iter().map(|c| c.id.to_string()).collect();
        ids.extend(one.doc.cargos.iter().map(|c| c.id.to_string()));
        ids.extend(one.doc.reviews.iter().map(|r| r.id.to_string()));
        ids
    };
    assert!(ids_in("reviews-2.ron").contains(&"claim-new".to_owned()));
    assert!(ids_in("entities.ron").contains(&"mir-new".to_owned()));
    assert_eq!(ids_in("r-new.ron"), ["claim-of-new-review", "r-new"]);
    assert!(!ids_in("reviews-3.ron").contains(&gone_id.to_string()));
    // The files that only gain records are written before the one that loses one.
    let order: Vec<String> = report
        .written
        .iter()
        .map(|r| {
            r.written
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        order.last().map(String::as_str),
        Some("reviews-3.ron"),
        "{order:?}"
    );
    // Reloaded, the folder is the edited document (new file included, by name order).
    let reloaded = load(&dir);
    assert_eq!(model::diff::diff(&doc, &reloaded.doc), []);
}

#[test]
fn a_save_that_fails_half_way_leaves_each_file_old_or_new_and_saving_again_finishes() {
    let dir = synthetic_folder("partial", 300, 3);
    let loaded = load(&dir);
    let before = snapshot(&dir);
    let mut doc = loaded.doc.clone();
    for claim in &mut doc.claims {
        claim.note = "touched".to_owned();
    }
    let plan = io::plan_layout(&doc, &Layout::from_loaded(&loaded)).unwrap();
    assert_eq!(plan.files_to_write().len(), 3);
    let fault = Fault {
        step: Step::Rename,
        error: || std::io::Error::from_raw_os_error(28),
    };
    let err = plan.commit_with_fault(Some((1, fault))).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("already saved"), "{message}");
    assert!(message.contains("not written either"), "{message}");
    let io::LayoutError::Partial(partial) = err else {
        panic!("{message}");
    };
    assert_eq!(partial.written.len(), 1);
    assert_eq!(partial.not_written.len(), 1);
    let layout = partial.layout;
    // Every file is either as it was or as saved; all of them still load.
    let mid = load(&dir);
    let new_files = changed(&before, &snapshot(&dir))
        .into_iter()
        .filter(|n| !n.ends_with(".bak"))
        .count();
    assert_eq!(new_files, 1);
    assert_eq!(mid.doc.claims.len(), doc.claims.len());
    // Saving again writes only what is still old.
    let report = io::save_layout(&doc, &layout).unwrap();
    assert_eq!(report.written.len(), 2);
    assert_eq!(load(&dir).doc, doc);
}

#[test]
fn the_shipped_evidence_split_per_review_round_trips() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence.ron");
    let original = load(&shipped);
    let dir = scratch("shipped").join("evidence");
    let out = paracrine(&[
        "split".as_ref(),
        shipped.as_os_str(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = io::evidence_files(&dir).unwrap();
    assert_eq!(files.len(), original.doc.reviews.len() + 1);
    let folder = load(&dir);
    // The same evidence, record for record (files are read by name, so the order of
    // the lists may differ; the semantic diff matches records by id).
    assert_eq!(model::diff::diff(&original.doc, &folder.doc), []);
    for (idx, claim) in folder.doc.claims.iter().enumerate() {
        assert_eq!(
            folder.sources.file_of(Item::Claim(idx)).unwrap(),
            dir.join(format!("{}.ron", claim.cite.review))
        );
    }
    // Unedited, saving writes nothing; as one file again, it is the same evidence.
    let before = snapshot(&dir);
    let report = io::save_layout(&folder.doc, &Layout::from_loaded(&folder)).unwrap();
    assert!(report.written.is_empty());
    assert_eq!(snapshot(&dir), before);
    let one = dir.with_file_name("one.ron");
    let out = paracrine(&[
        "fmt".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        one.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(model::diff::diff(&original.doc, &load(&one).doc), []);
    // The shipped file is still a valid one-file document, and the split refuses to
    // mix with a folder that already holds evidence.
    let out = paracrine(&["check".as_ref(), shipped.as_os_str()]);
    assert!(out.status.success());
    let out = paracrine(&[
        "split".as_ref(),
        shipped.as_os_str(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds evidence files"));
    // `diff` compares a folder with a file.
    let out = paracrine(&["diff".as_ref(), shipped.as_os_str(), dir.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn synth_writes_a_folder_of_review_files_and_entities() {
    let dir = scratch("synth").join("out");
    let out = paracrine(&[
        "synth".as_ref(),
        "2000".as_ref(),
        "--files".as_ref(),
        "20".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = io::evidence_files(&dir).unwrap();
    assert_eq!(files.len(), 21);
    let loaded = load(&dir);
    assert_eq!(loaded.doc.claims.len(), 2000);
    assert_eq!(loaded.doc.reviews.len(), 20);
    // Each review file holds one review and only its own claims and studies.
    let one = model::load_files(&[dir.join("reviews-7.ron")]);
    assert_eq!(one.doc.reviews.len(), 1);
    assert!(one.doc.claims.iter().all(|c| c.cite.review == "reviews-7"));
    assert!(one.doc.studies.iter().all(|s| s.review == "reviews-7"));
    assert!(one.doc.cargos.is_empty());
    let out = paracrine(&[
        "synth".as_ref(),
        "10".as_ref(),
        "--files".as_ref(),
        "2".as_ref(),
        "--shape".as_ref(),
        "junk".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(!out.status.success());
}

/// A picker whose folder dialog answers with one folder.
struct FolderPicker(PathBuf);

impl FilePicker for FolderPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        Err(NoDialog)
    }

    fn pick_evidence_folder(&self) -> Result<Option<PathBuf>, NoDialog> {
        Ok(Some(self.0.clone()))
    }
}

/// Polls the state's jobs until `done` holds (at most 10 s).
fn poll_until(state: &mut AppState, mut done: impl FnMut(&AppState) -> bool) {
    for _ in 0..1_000 {
        state.poll_jobs();
        if done(state) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("gave up waiting");
}

/// Edits claim `idx` through the app state, as the form does.
fn edit_claim(state: &mut AppState, idx: usize, change: impl FnOnce(&mut Claim)) {
    let before = state.doc().record(Item::Claim(idx)).unwrap();
    let mut after = before.clone();
    if let Record::Claim(claim) = &mut after {
        change(claim);
    }
    state.apply(Command::Edit {
        txn: edit::set("edit", Item::Claim(idx), before, after),
        burst: None,
    });
}

fn save(state: &mut AppState) {
    state.apply(Command::Save {
        path: None,
        allow_problems: false,
    });
    poll_until(state, |s| !s.is_saving());
}

#[test]
fn the_app_opens_a_folder_and_saves_each_edit_back_to_its_file() {
    let dir = synthetic_folder("app", 300, 3);
    let mut state = AppState::embedded();
    state.set_picker(Arc::new(FolderPicker(dir.clone())));
    state.apply(Command::OpenFolderDialog);
    poll_until(&mut state, |s| s.path() == Some(dir.as_path()));
    assert!(state.is_folder());
    assert_eq!(state.doc().claims.len(), 300);
    let before = snapshot(&dir);
    // An edit, and a new claim: saved into their reviews' files, nothing else.
    let review = state.doc().claims[5].cite.review.clone();
    edit_claim(&mut state, 5, |c| c.en = "edited in the app".to_owned());
    let claim = claim_of(state.doc(), &review, "claim-app");
    state.apply(Command::Create(Box::new(Record::Claim(Box::new(claim)))));
    assert!(state.is_dirty());
    save(&mut state);
    assert!(
        !state.is_dirty(),
        "{:?} {:?}",
        state.notice(),
        state.question()
    );
    let file = format!("{review}.ron");
    assert_eq!(
        changed(&before, &snapshot(&dir)),
        [file.clone(), format!("{file}.bak")]
    );
    assert!(
        state.notice().unwrap().contains("saved 1 of 4"),
        "{:?}",
        state.notice()
    );
    // The same records (a folder's lists come in file order, the app's in edit order).
    let reloaded = load(&dir);
    assert!(model::diff::diff(state.doc(), &reloaded.doc).is_empty());
    // Saving again, unedited, writes nothing.
    let before = snapshot(&dir);
    edit_claim(&mut state, 5, |c| c.en = "edited twice".to_owned());
    edit_claim(&mut state, 5, |c| c.en = "edited in the app".to_owned());
    save(&mut state);
    assert!(
        state.notice().unwrap().contains("nothing to write"),
        "{:?}",
        state.notice()
    );
    assert_eq!(snapshot(&dir), before);

    // Another curator adds a file to the folder: noticed, and (nothing unsaved) reloaded.
    let extra =
        "Evidence(version: 1, diseases: [(id: \"added-by-git\", zh: \"新\", en: \"new\")])\n";
    std::fs::write(dir.join("zz-colleague.ron"), extra).unwrap();
    poll_until(&mut state, |s| {
        s.doc().diseases.iter().any(|d| d.id == "added-by-git")
    });
    assert!(
        state.notice().unwrap().contains("changed on disk"),
        "{:?}",
        state.notice()
    );
    assert!(state.is_folder());

    // With an unsaved edit, a change to one of the files is asked about, not overwritten.
    edit_claim(&mut state, 0, |c| c.en = "mine".to_owned());
    let theirs = dir.join("zz-colleague.ron");
    std::fs::write(&theirs, extra.replace("\"new\"", "\"renamed\"")).unwrap();
    poll_until(&mut state, |s| s.question().is_some());
    match state.question() {
        Some(Question::ExternalChange { differences, .. }) => {
            assert!(differences.contains("added-by-git"), "{differences}");
        }
        other => panic!("{other:?}"),
    }
    // Removing a file is a change too.
    state.apply(Command::ReloadFromDisk);
    poll_until(&mut state, |s| {
        s.doc().diseases.iter().any(|d| d.en == "renamed")
    });
    std::fs::remove_file(&theirs).unwrap();
    poll_until(&mut state, |s| {
        !s.doc().diseases.iter().any(|d| d.id == "added-by-git")
    });
}

#[test]
fn a_crash_snapshot_of_a_folder_restores_and_saves_back_into_its_files() {
    let dir = synthetic_folder("recovery", 200, 2);
    let data = dir.with_file_name("data");
    let mut state = AppState::load_now(&dir);
    assert!(state.is_folder());
    state.set_data_dir(data.clone());
    let review = state.doc().claims[3].cite.review.clone();
    let id = state.doc().claims[3].id.clone();
    edit_claim(&mut state, 3, |c| c.model = "recovered mice".to_owned());
    let snapshot_path = io::recovery::recovery_path(&data, &dir);
    poll_until(&mut state, |_| snapshot_path.exists());
    drop(state);
    let before = snapshot(&dir);
    let mut state = AppState::load_now(&dir);
    state.set_data_dir(data);
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
    assert!(state.is_dirty());
    save(&mut state);
    assert!(!state.is_dirty(), "{:?}", state.notice());
    let file = format!("{review}.ron");
    assert_eq!(
        changed(&before, &snapshot(&dir)),
        [file.clone(), format!("{file}.bak")]
    );
    let one = model::load_files(&[dir.join(&file)]);
    let claim = one.doc.claims.iter().find(|c| c.id == id).unwrap();
    assert_eq!(claim.model, "recovered mice");
}

#[test]
fn save_as_writes_a_folder_as_one_file_and_the_document_becomes_that_file() {
    let dir = synthetic_folder("save-as", 100, 2);
    let mut state = AppState::load_now(&dir);
    edit_claim(&mut state, 0, |c| c.note = "one file now".to_owned());
    let one = dir.with_file_name("one.ron");
    state.apply(Command::Save {
        path: Some(one.clone()),
        allow_problems: false,
    });
    poll_until(&mut state, |s| !s.is_saving());
    assert_eq!(state.path(), Some(one.as_path()));
    assert!(!state.is_folder());
    let doc: Document = load(&one).doc;
    assert_eq!(doc, *state.doc());
    assert_eq!(doc.count(Kind::Review), 2);
}
