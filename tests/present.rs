//! Presentation mode, headless: F5 on a figure, the clicker keys through its panels,
//! nothing but the slide drawn, Esc back where the presenter was; decks saved, opened,
//! and a slide whose record vanished; blanking; and slide text that is neither clipped
//! nor elided and large enough for the back of the room.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use egui::epaint::{Shape, TextShape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paracrine::app::deck::{Deck, Resolved, SlideContent, resolve};
use paracrine::app::{AppState, Command, Page};
use paracrine::fonts::install_fonts;
use paracrine::lang::Lang;
use paracrine::platform::NoPicker;
use paracrine::ui::ParacrineApp;

fn harness_at(page: Page, size: egui::Vec2) -> Harness<'static, ParacrineApp> {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(Lang::En));
    state.apply(Command::Navigate(page));
    Harness::builder()
        .with_size(size)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        )
}

fn item(id: &str) -> Page {
    Page::Item(id.into())
}

/// Every text row of the last frame: (row rect, clip rect, text, font height, elided).
fn texts(harness: &Harness<'_, ParacrineApp>) -> Vec<(egui::Rect, egui::Rect, String, f32, bool)> {
    #[allow(clippy::wildcard_enum_match_arm)]
    fn walk(
        shape: &Shape,
        clip: egui::Rect,
        out: &mut Vec<(egui::Rect, egui::Rect, String, f32, bool)>,
    ) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, clip, out)),
            Shape::Text(TextShape { pos, galley, .. }) => {
                for row in &galley.rows {
                    let text: String = row.row.glyphs.iter().map(|g| g.chr).collect();
                    if text.trim().is_empty() {
                        continue;
                    }
                    let size = row
                        .row
                        .glyphs
                        .iter()
                        .map(|g| g.font_height)
                        .fold(0.0_f32, f32::max);
                    let rect = row.rect_without_leading_space().translate(pos.to_vec2());
                    out.push((rect, clip, text, size, galley.elided));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut out);
    }
    out
}

fn counter(harness: &Harness<'_, ParacrineApp>) -> String {
    texts(harness)
        .into_iter()
        .map(|t| t.2)
        .find(|t| {
            t.contains(" / ")
                && t.chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '/')
        })
        .unwrap_or_default()
}

#[test]
fn f5_on_figure_2_steps_through_its_panels_and_esc_comes_back() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 720.0));
    harness.run();
    // Before presenting, the shell is there.
    harness.get_by_label("Search");
    harness.get_by_label("Legend & evidence");
    harness.key_press(egui::Key::F5);
    harness.run();
    let presenter = harness
        .state()
        .state
        .presenter()
        .expect("presenting")
        .clone();
    // The review's deck: Figure 1's three panels come first, so Figure 2A is slide 4.
    assert_eq!(
        counter(&harness),
        format!("4 / {}", presenter.deck.slides.len())
    );
    // Only the slide: no list, no toolbar, no breadcrumbs, no side panel.
    assert!(harness.query_by_label("Search").is_none());
    assert!(harness.query_by_label_contains("Diseases").is_none());
    assert!(harness.query_by_label("Legend & evidence").is_none());
    // PageDown walks panels A–F: each new diagram slide reveals its layers first.
    let mut letters = Vec::new();
    for _ in 0..60 {
        let state = &harness.state().state;
        let p = state.presenter().unwrap();
        if let Some(SlideContent::Panel { figure, panel }) = p.current().map(|s| &s.content)
            && figure == "f001-2"
            && letters.last() != Some(panel)
        {
            letters.push(panel.clone());
        }
        if letters.len() == 6 {
            break;
        }
        harness.key_press(egui::Key::PageDown);
        harness.run();
    }
    assert_eq!(letters, ["A", "B", "C", "D", "E", "F"]);
    // The clicker's "previous" and "blank" keys.
    harness.key_press(egui::Key::B);
    harness.run();
    assert!(harness.state().state.presenter().unwrap().blank);
    assert!(counter(&harness).is_empty(), "a blank screen shows nothing");
    harness.key_press(egui::Key::Space);
    harness.run();
    let p = harness.state().state.presenter().unwrap();
    assert!(!p.blank);
    assert!(!counter(&harness).is_empty());
    harness.key_press(egui::Key::Escape);
    harness.run();
    let state = &harness.state().state;
    assert!(state.presenter().is_none());
    assert_eq!(state.current_page(), &item("f001-2"));
    // The shell is back.
    harness.get_by_label("Search");
}

#[test]
fn a_deck_of_three_pages_saves_opens_and_names_a_missing_slide() {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(Lang::En));
    for page in [item("f001-2"), Page::diagram_of("sle"), item("ibd")] {
        state.apply(Command::Navigate(page));
        state.apply(Command::AddToDeck);
    }
    state.apply(Command::TitleSlide(2, "IBD at a glance".into()));
    assert_eq!(state.deck().slides.len(), 3);
    let dir = std::env::temp_dir().join(format!("paracrine-deck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("talk.deck.ron");
    state.apply(Command::SaveDeck(path.clone()));
    assert!(
        state.notice().unwrap().contains("deck saved"),
        "{:?}",
        state.notice()
    );
    // Another session opens it; one slide's record was renamed meanwhile.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("IBD at a glance"));
    std::fs::write(&path, text.replace("\"sle\"", "\"sle-renamed\"")).unwrap();
    let mut other = AppState::embedded();
    other.apply(Command::OpenDeck(path.clone()));
    let deck: Deck = other.deck().clone();
    assert_eq!(deck.slides.len(), 3, "a vanished record keeps its slide");
    let resolved: Vec<Resolved> = deck
        .slides
        .iter()
        .map(|s| resolve(other.doc(), other.index(), &s.content))
        .collect();
    assert!(matches!(resolved[0], Resolved::Panel(..)));
    assert_eq!(resolved[1], Resolved::Missing);
    // Presented, the missing slide says so.
    other.apply(Command::SetLang(Lang::En));
    other.apply(Command::PresentDeck(deck));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(other, Arc::new(NoPicker)),
        );
    harness.run();
    harness.key_press(egui::Key::PageDown);
    harness.run();
    for _ in 0..20 {
        if harness.state().state.presenter().unwrap().slide == 1 {
            break;
        }
        harness.key_press(egui::Key::PageDown);
        harness.run();
    }
    harness.get_by_label("Missing slide");
    harness.get_by_label_contains("does not have");
    // A broken deck file is a message, not a crash.
    std::fs::write(&path, "(slides: [(content: Nope)])").unwrap();
    let mut third = AppState::embedded();
    third.apply(Command::OpenDeck(path.clone()));
    assert!(
        third.notice().unwrap().contains("talk.deck.ron:1:"),
        "{:?}",
        third.notice()
    );
    assert!(third.deck().slides.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

/// Slide text at `size`: nothing clipped at the side or elided, and body text (not the
/// diagram's own boxes, which fit the screen) at least 24 px high.
fn check_slides(size: egui::Vec2) {
    let mut harness = harness_at(item("f001-2"), size);
    harness.run();
    harness.key_press(egui::Key::F5);
    harness.run();
    let n = harness.state().state.presenter().unwrap().deck.slides.len();
    let mut problems = Vec::new();
    let mut seen = 0;
    for _ in 0..120 {
        let p = harness.state().state.presenter().unwrap().clone();
        let all = texts(&harness);
        for (rect, clip, text, _, elided) in &all {
            if *elided {
                problems.push(format!("slide {}: elided {text:?}", p.slide + 1));
            }
            if rect.right() > clip.right() + 1.0 || rect.left() < clip.left() - 1.0 {
                problems.push(format!(
                    "slide {}: clipped {text:?} {rect:?} in {clip:?}",
                    p.slide + 1
                ));
            }
        }
        // Text outside the diagram (titles, table cells, footers) is large.
        let smallest = all
            .iter()
            .filter(|(_, clip, ..)| clip.height() >= size.y - 40.0)
            .map(|t| t.3)
            .fold(f32::MAX, f32::min);
        if smallest < 14.0 * size.y / 720.0 {
            problems.push(format!("slide {}: text {smallest} px high", p.slide + 1));
        }
        let body = all
            .iter()
            .filter(|(_, clip, ..)| clip.height() >= size.y - 40.0)
            .map(|t| t.3)
            .fold(0.0_f32, f32::max);
        if body < 24.0 {
            problems.push(format!("slide {}: largest text {body} px", p.slide + 1));
        }
        seen = seen.max(p.slide + 1);
        if p.slide + 1 == n && p.reveal.is_none() {
            break;
        }
        harness.key_press(egui::Key::PageDown);
        harness.run();
    }
    assert_eq!(seen, n, "every slide was shown");
    assert!(problems.is_empty(), "at {size:?}:\n{}", problems.join("\n"));
}

#[test]
fn slides_are_readable_at_720p() {
    check_slides(egui::vec2(1280.0, 720.0));
}

#[test]
fn slides_are_readable_at_1080p() {
    check_slides(egui::vec2(1920.0, 1080.0));
}

#[test]
fn number_and_enter_jump_and_g_shows_the_grid() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 720.0));
    harness.run();
    harness.key_press(egui::Key::F5);
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.key_press(egui::Key::Num2);
    harness.run();
    assert_eq!(
        counter(&harness),
        "",
        "the counter shows the typed number instead"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().state.presenter().unwrap().slide, 11);
    harness.key_press(egui::Key::G);
    harness.run();
    harness
        .get_all_by_label_contains("1. ")
        .next()
        .unwrap()
        .click();
    harness.run();
    let p = harness.state().state.presenter().unwrap();
    assert!(!p.grid);
    assert_eq!(p.slide, 0);
}

#[test]
fn the_command_line_exports_a_deck_as_numbered_slides() {
    let dir = std::env::temp_dir().join(format!("paracrine-slides-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let deck_path = dir.join("talk.deck.ron");
    let deck = Deck {
        title: "talk".into(),
        slides: vec![
            paracrine::app::deck::Slide::new(SlideContent::Panel {
                figure: "f001-2".into(),
                panel: "B".into(),
            }),
            paracrine::app::deck::Slide::new(SlideContent::Page {
                id: "t001-1".into(),
            }),
            paracrine::app::deck::Slide::new(SlideContent::Page { id: "gone".into() }),
        ],
    };
    std::fs::write(&deck_path, deck.to_ron().unwrap()).unwrap();
    let out = dir.join("slides");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_paracrine"))
        .args(["export", "deck"])
        .arg(&deck_path)
        .arg("-o")
        .arg(&out)
        .args(["--file", "evidence.ron", "--lang", "en"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Numbered in deck order; the table pages through its rows; the missing slide keeps
    // its number.
    assert!(names[0].starts_with("01-r001-fig2-B"), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("02-t001-1-1.png")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "03-missing.png"), "{names:?}");
    let svg = std::fs::read_to_string(out.join("03-missing.svg")).unwrap();
    assert!(svg.contains("Missing slide"));
    // Every PNG decodes at its size.
    for name in names.iter().filter(|n| n.ends_with(".png")) {
        let file = std::fs::File::open(out.join(name)).unwrap();
        let decoder = png::Decoder::new(std::io::BufReader::new(file));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert!(
            info.width >= 560 && info.height >= 200,
            "{name}: {}×{}",
            info.width,
            info.height
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tab_lights_a_path_without_the_mouse_and_esc_clears_it_first() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 720.0));
    harness.run();
    harness.key_press(egui::Key::F5);
    harness.run();
    // Figure 2A, whole (presenting started on it). Tab steps the highlight through the
    // nodes in reading order until TSG-6's path is lit.
    let state = &harness.state().state;
    let graph =
        paracrine::diagram::Graph::from_panel(state.doc(), state.index(), 1, 0, Lang::En).unwrap();
    let tsg6 = graph
        .nodes
        .iter()
        .position(|n| n.entity.as_deref() == Some("tsg-6"))
        .expect("TSG-6 is in panel A");
    let mut found = false;
    for _ in 0..graph.nodes.len() {
        harness.key_press(egui::Key::Tab);
        harness.run();
        if harness.state().state.presenter().unwrap().highlight == Some(tsg6) {
            found = true;
            break;
        }
    }
    assert!(found, "Tab reaches TSG-6");
    // Its path is lit, the rest faded.
    let faded = harness
        .output()
        .shapes
        .iter()
        .filter(|c| matches!(&c.shape, Shape::Rect(r) if r.fill.a() > 0 && r.fill.a() < 100))
        .count();
    assert!(faded > 3, "{faded} faded boxes");
    harness.key_press(egui::Key::Escape);
    harness.run();
    let p = harness.state().state.presenter().expect("still presenting");
    assert_eq!(p.highlight, None, "the first Esc clears the path");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().state.presenter().is_none());
}

#[test]
fn the_deck_window_adds_reorders_and_titles_slides() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 800.0));
    harness.run();
    // Ctrl+Shift+D adds the page and opens the deck window.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::D,
    );
    harness.run();
    harness.get_by_label("Add current page").click();
    harness.run();
    assert_eq!(harness.state().state.deck().slides.len(), 2);
    harness.get_all_by_label("↓").next().unwrap().click();
    harness.run();
    harness.get_all_by_label("×").next().unwrap().click();
    harness.run();
    assert_eq!(harness.state().state.deck().slides.len(), 1);
    harness
        .get_by_label("This review's figures and tables")
        .click();
    harness.run();
    assert_eq!(harness.state().state.deck().slides.len(), 15);
    // The display choice is there for a projector.
    harness.get_by_label("Present on:");
}

#[test]
fn speaker_notes_show_in_their_own_window() {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(Lang::En));
    state.apply(Command::Navigate(item("f001-2")));
    state.apply(Command::AddToDeck);
    state.apply(Command::Navigate(item("t001-1")));
    state.apply(Command::AddToDeck);
    state.apply(Command::NoteSlide(0, "Point at the TSG-6 arrow".into()));
    let deck = state.deck().clone();
    state.apply(Command::PresentDeck(deck));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        );
    harness.run_steps(3);
    assert!(harness.query_by_label("Point at the TSG-6 arrow").is_none());
    harness.key_press(egui::Key::N);
    harness.run_steps(3);
    harness.get_by_label("Point at the TSG-6 arrow");
    harness.get_by_label_contains("Next:");
}
