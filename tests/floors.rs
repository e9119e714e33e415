//! Structural tests: the floors of ARCHITECTURE.md hold. Each floor imports only from
//! the floors below it; `model` and `app` (and the pure diagram and export code) never
//! touch egui or eframe; nothing outside `ui/` (and the binary) imports `ui`.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments (doc comments may name other floors).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source");
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files of `floor` (a folder or a file under src/) that use any of `forbidden`.
fn violations(floor: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new("src").join(floor);
    let files = if root.is_dir() {
        sources(&root)
    } else {
        vec![root.with_extension("rs")]
    };
    assert!(
        files.iter().all(|f| f.exists()),
        "floor `{floor}` not found: {files:?}"
    );
    let mut found = Vec::new();
    for file in files {
        let code = code(&file);
        for pattern in forbidden {
            if code.contains(pattern) {
                found.push(format!("{} uses `{pattern}`", file.display()));
            }
        }
    }
    found
}

const EGUI: &[&str] = &[
    "egui::",
    "use egui",
    "eframe::",
    "use eframe",
    "egui_extras",
];

#[test]
fn model_knows_nothing_of_egui_app_or_ui() {
    let mut forbidden = EGUI.to_vec();
    forbidden.extend(["crate::app", "crate::ui"]);
    let found = violations("model", &forbidden);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn app_knows_nothing_of_egui_or_ui() {
    let mut forbidden = EGUI.to_vec();
    forbidden.push("crate::ui");
    let found = violations("app", &forbidden);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_bottom_floor_imports_no_floor_above_it() {
    for floor in ["platform", "lang", "font_data"] {
        let mut forbidden = EGUI.to_vec();
        forbidden.extend(["crate::model", "crate::app", "crate::ui"]);
        let found = violations(floor, &forbidden);
        assert!(found.is_empty(), "{found:#?}");
    }
    let found = violations("fonts", &["crate::model", "crate::app", "crate::ui"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn pure_floors_beside_model_know_nothing_of_egui_app_or_ui() {
    for floor in ["diagram", "export"] {
        if !Path::new("src").join(floor).exists() {
            continue;
        }
        let mut forbidden = EGUI.to_vec();
        forbidden.extend(["crate::app", "crate::ui"]);
        let found = violations(floor, &forbidden);
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn nothing_outside_ui_imports_ui() {
    let mut found = Vec::new();
    for file in sources(Path::new("src")) {
        if file.starts_with("src/ui") || file == Path::new("src/main.rs") {
            continue;
        }
        let code = code(&file);
        for pattern in ["crate::ui", "super::ui", "paracrine::ui"] {
            if code.contains(pattern) {
                found.push(format!("{} uses `{pattern}`", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_checks_see_the_code() {
    // Guards the tests above against walking nothing: the UI uses egui, and the app
    // floor has its files.
    assert!(!violations("ui", &["egui::"]).is_empty());
    assert!(sources(Path::new("src/app")).len() >= 4);
    assert!(sources(Path::new("src/model")).len() >= 10);
}
