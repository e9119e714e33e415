//! Exports of the shipped evidence: SVG snapshots of two figure panels and an entity
//! diagram (footer included), a PNG that decodes to the size asked for and is not blank,
//! Chinese text kept, file names, the atomic writer refusing a planted symlink, and the
//! `paracrine export` command line. No display needed.
//!
//! Snapshots: `UPDATE_EXPECT=1 cargo test --test export` rewrites them after a change
//! meant to alter the output (then look at the diff).

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use paracrine::diagram::{self, FontMeasure, LayoutOptions};
use paracrine::export::{self, ExportError, Format, SourceInfo, Subject};
use paracrine::lang::Lang;
use paracrine::model::filter::Filters;
use paracrine::model::hash::{fnv1a, short_hash};
use paracrine::model::io::WriteError;
use paracrine::model::{self, Loaded, Tier};

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE)
    })
}

/// A fixed source, so the snapshots do not change with every edit of the evidence
/// elsewhere in the file (the real hash is tested on its own).
fn source() -> SourceInfo {
    SourceInfo {
        file_name: "evidence.ron".to_owned(),
        hash: 0x0123_4567_89ab_cdef,
    }
}

fn panel(figure: &str, letter: Option<&str>) -> Subject {
    let loaded = loaded();
    export::find_panel(&loaded.doc, &loaded.index, figure, letter).expect("panel")
}

fn sle() -> Subject {
    Subject::entity("sle", Filters::default())
}

fn render(subject: &Subject, format: Format, lang: Lang) -> export::Rendered {
    let loaded = loaded();
    export::render(&loaded.doc, &loaded.index, subject, format, lang, &source()).expect("render")
}

fn svg_text(subject: &Subject, lang: Lang) -> String {
    String::from_utf8(render(subject, Format::Svg, lang).bytes).expect("UTF-8")
}

/// A scratch folder of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn snapshot_of_figure_2_panel_b_of_review_001() {
    let svg = svg_text(&panel("f001-2", Some("B")), Lang::Both);
    expect_test::expect_file!["snapshots/export/f001-2-B.svg"].assert_eq(&svg);
}

#[test]
fn snapshot_of_the_screening_flow_of_review_003() {
    let svg = svg_text(&panel("f003-2", None), Lang::Both);
    expect_test::expect_file!["snapshots/export/f003-2.svg"].assert_eq(&svg);
}

#[test]
fn snapshot_of_the_lupus_diagram() {
    let svg = svg_text(&sle(), Lang::Both);
    expect_test::expect_file!["snapshots/export/diagram-sle.svg"].assert_eq(&svg);
}

#[test]
fn exports_are_deterministic() {
    let subject = panel("f001-2", Some("B"));
    assert_eq!(
        render(&subject, Format::Svg, Lang::Both),
        render(&subject, Format::Svg, Lang::Both)
    );
}

#[test]
fn the_footer_cites_what_the_export_shows() {
    let svg = svg_text(&panel("f001-2", Some("B")), Lang::En);
    for part in [
        "Review: r001 — Research progress on mesenchymal stem cell",
        "Fig. 2B: Mechanisms and features of MSCs in treating IBD.",
        "Panel B: Homing to inflamed sites",
        "Evidence file: evidence.ron · content hash 01234567",
    ] {
        assert!(svg.contains(part), "{part:?} missing");
    }
    let filters = Filters {
        tiers: [Tier::Animal].into(),
        ..Filters::default()
    };
    let svg = svg_text(&Subject::entity("sle", filters), Lang::En);
    assert!(svg.contains("Diagram: systemic lupus erythematosus (sle)"));
    assert!(svg.contains("Filters: evidence: animal · "), "{svg}");
}

#[test]
fn the_loaded_file_carries_its_hash() {
    let loaded = loaded();
    assert_eq!(loaded.hash, fnv1a(paracrine::app::EMBEDDED_EVIDENCE));
    let source = SourceInfo::new(Path::new("/home/someone/evidence.ron"), loaded.hash);
    assert_eq!(source.file_name, "evidence.ron", "no folders in the footer");
    let svg = export::render(
        &loaded.doc,
        &loaded.index,
        &sle(),
        Format::Svg,
        Lang::En,
        &source,
    )
    .expect("render");
    let text = String::from_utf8(svg.bytes).expect("UTF-8");
    assert!(text.contains(&short_hash(loaded.hash)));
    assert!(!text.contains("/home/someone"));
}

#[test]
fn chinese_text_survives_into_the_svg() {
    let svg = svg_text(&panel("f001-2", Some("B")), Lang::Zh);
    for text in [
        ">趋化因子受体4</text>",
        "综述：r001 — 间充质干细胞产品及其外泌体治疗炎症性肠病的研究进展",
        "分图 B：向炎症部位归巢",
        "证据文件：evidence.ron",
    ] {
        assert!(svg.contains(text), "{text:?} missing");
    }
    assert!(svg.contains("font-family=\"Noto Sans CJK SC, sans-serif\""));
}

#[test]
fn png_has_the_size_asked_for_and_is_not_blank() {
    let loaded = loaded();
    let subject = panel("f001-2", Some("B"));
    let svg = render(&subject, Format::Svg, Lang::Both);
    for scale in [2u32, 4] {
        let png = render(&subject, Format::Png { scale }, Lang::Both);
        assert_eq!(png.size, [svg.size[0] * scale, svg.size[1] * scale]);
        let decoder = png::Decoder::new(std::io::Cursor::new(&png.bytes));
        let mut reader = decoder.read_info().expect("PNG header");
        let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
        let frame = reader.next_frame(&mut pixels).expect("PNG data");
        assert_eq!([frame.width, frame.height], png.size);
        assert_eq!(frame.color_type, png::ColorType::Rgb);
        let width = frame.width as usize;
        let non_white = |rows: std::ops::Range<usize>| {
            rows.flat_map(|y| (0..width).map(move |x| (y * width + x) * 3))
                .filter(|&at| pixels[at..at + 3].iter().any(|&c| c < 200))
                .count()
        };
        // The footer starts below the diagram (the rule at its bottom edge + 8).
        let graph =
            export::graph_of(&loaded.doc, &loaded.index, &subject, Lang::Both).expect("graph");
        let drawing = diagram::draw(
            &graph,
            FontMeasure::bundled(),
            &LayoutOptions::default(),
            Lang::Both,
        );
        let footer_top = ((drawing.size[1] + 10.0) * scale as f32) as usize;
        let height = frame.height as usize;
        let total = width * height;
        let diagram_ink = non_white(0..footer_top);
        let footer_ink = non_white(footer_top..height);
        assert!(
            diagram_ink > total / 50,
            "diagram nearly blank: {diagram_ink} of {total}"
        );
        // Three or four rows of 11 px text across most of the width.
        assert!(
            footer_ink > (width * scale as usize) * 4,
            "footer nearly blank: {footer_ink}"
        );
        // Corners are the white background.
        assert!(pixels[..3].iter().all(|&c| c == 255));
    }
}

#[test]
fn unknown_subjects_are_clear_errors() {
    let loaded = loaded();
    let (doc, index) = (&loaded.doc, &loaded.index);
    let err = export::find_panel(doc, index, "f001-2", Some("Z")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "figure `f001-2` has no panel `Z`; its panels: A, B, C, D, E, F"
    );
    let err = export::find_panel(doc, index, "f001-2", None).unwrap_err();
    assert!(matches!(err, ExportError::PanelNeeded { .. }), "{err}");
    let err = export::find_panel(doc, index, "f001-9", Some("A")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no figure `f001-9`; did you mean f001-1"),
        "{err}"
    );
    assert_eq!(export::find_entity(doc, index, "SLE").expect("abbr"), "sle");
    assert_eq!(
        export::find_entity(doc, index, "系统性红斑狼疮").expect("zh"),
        "sle"
    );
    let err = export::find_entity(doc, index, "lupuss").unwrap_err();
    assert!(err.to_string().contains("sle"), "{err}");
    let stale = Subject::Panel {
        figure_idx: 10_000,
        panel_idx: 0,
    };
    let err = export::render(doc, index, &stale, Format::Svg, Lang::En, &source()).unwrap_err();
    assert!(matches!(err, ExportError::NoSuchPanel { .. }), "{err}");
    let filters = Filters {
        reviews: ["r000".into()].into(),
        ..Filters::default()
    };
    let err = export::render(
        doc,
        index,
        &Subject::entity("sle", filters),
        Format::Svg,
        Lang::En,
        &source(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("nothing to draw: no claim about systemic lupus erythematosus passes"),
        "{err}"
    );
}

#[test]
fn file_names_say_what_the_export_shows() {
    let loaded = loaded();
    let (doc, index) = (&loaded.doc, &loaded.index);
    let name = |subject: &Subject, format| export::file_name(doc, index, subject, format).unwrap();
    assert_eq!(
        name(&panel("f001-2", Some("B")), Format::Svg),
        "r001-fig2-B-MSC-homing.svg"
    );
    assert_eq!(
        name(&panel("f003-2", None), Format::Png { scale: 2 }),
        "r003-fig2-Screening-flow.png"
    );
    let filters = Filters {
        tiers: [Tier::Animal].into(),
        ..Filters::default()
    };
    assert_eq!(
        name(&Subject::entity("sle", filters), Format::Png { scale: 2 }),
        "diagram-systemic-lupus-erythematosus-animal.png"
    );
    assert_eq!(
        name(&sle(), Format::Svg),
        "diagram-systemic-lupus-erythematosus.svg"
    );
    // Every panel gets an ASCII name of its own.
    let mut names = std::collections::BTreeSet::new();
    for (figure_idx, figure) in doc.figures.iter().enumerate() {
        for panel_idx in 0..figure.panels.len() {
            let subject = Subject::Panel {
                figure_idx,
                panel_idx,
            };
            let n = name(&subject, Format::Svg);
            assert!(
                n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
                "{n}"
            );
            assert!(names.insert(n.clone()), "two panels named {n}");
        }
    }
}

#[test]
fn write_file_replaces_atomically_and_leaves_no_temporary_file() {
    let dir = scratch("write");
    let target = dir.join("out.svg");
    let written = export::write_file(&target, b"first").expect("write");
    assert_eq!(written, std::fs::canonicalize(&target).expect("real path"));
    export::write_file(&target, b"second").expect("overwrite");
    assert_eq!(std::fs::read(&target).expect("read"), b"second");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["out.svg"], "temporary files left behind");
    let err = export::write_file(&dir, b"x").unwrap_err();
    assert!(
        matches!(err, ExportError::Write(WriteError::NotAFile { .. })),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn write_file_refuses_a_symlink_planted_at_the_target() {
    let dir = scratch("symlink");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "precious").expect("victim");
    let target = dir.join("diagram.png");
    std::os::unix::fs::symlink(&victim, &target).expect("plant the link");
    let err = export::write_file(&target, b"export bytes").unwrap_err();
    assert!(
        matches!(err, ExportError::Write(WriteError::Symlink { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let link = std::fs::symlink_metadata(&target).expect("link");
    assert!(link.file_type().is_symlink(), "the link is left as it was");
    // A dangling link is refused too (it would create the file it points to).
    let dangling = dir.join("dangling.svg");
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).expect("link");
    assert!(export::write_file(&dangling, b"x").is_err());
    assert!(!dir.join("nowhere").exists());
    // A symlinked folder is resolved: the file goes into the real folder.
    let real = dir.join("real");
    std::fs::create_dir(&real).expect("real dir");
    std::os::unix::fs::symlink(&real, dir.join("alias")).expect("dir link");
    let written = export::write_file(&dir.join("alias").join("a.svg"), b"ok").expect("write");
    assert_eq!(
        written,
        std::fs::canonicalize(real.join("a.svg")).expect("real")
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs `paracrine` with `args` in the crate folder (where `evidence.ron` is).
fn paracrine(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_paracrine"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run paracrine")
}

#[test]
fn cli_exports_a_figure_panel_as_svg() {
    let dir = scratch("cli-figure");
    let out = dir.join("out.svg");
    let run = paracrine(&[
        "export",
        "figure",
        "f001-2",
        "--panel",
        "B",
        "-o",
        out.to_str().expect("path"),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.starts_with("wrote "), "{stdout}");
    assert!(stdout.contains("out.svg"), "{stdout}");
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.starts_with("<svg xmlns="));
    assert!(
        svg.contains("趋化因子受体4 · C-X-C"),
        "both languages by default"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_exports_an_entity_diagram_as_png() {
    let dir = scratch("cli-diagram");
    let out = dir.join("ibd.png");
    let run = paracrine(&[
        "export",
        "diagram",
        "ibd",
        "--level",
        "animal",
        "--lang",
        "en",
        "--scale",
        "2",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&out).expect("written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // Into a folder: the suggested name.
    let run = paracrine(&[
        "export",
        "diagram",
        "sle",
        "--level",
        "animal",
        "--format",
        "png",
        "-o",
        dir.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        dir.join("diagram-systemic-lupus-erythematosus-animal.png")
            .is_file()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_names_what_it_did_not_find() {
    let run = paracrine(&[
        "export",
        "figure",
        "f001-2",
        "--panel",
        "Z",
        "-o",
        "never.svg",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        stderr.trim(),
        "error: figure `f001-2` has no panel `Z`; its panels: A, B, C, D, E, F"
    );
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("never.svg")
            .exists()
    );
    let run = paracrine(&["export", "diagram", "lupuss", "-o", "never.svg"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("error: no entity `lupuss`; did you mean "),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let run = paracrine(&["export", "figure", "f001-2", "--panel", "B", "-o", "x.gif"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("end it in .svg or .png"));
}
