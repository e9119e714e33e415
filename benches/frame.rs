//! CPU time of one UI frame (build + tessellate, headless) for the entity page, the
//! lists (also while the window is resized every frame) and the search popup, on the
//! shipped evidence and on a synthetic 50,000-claim document; a 50,000-row claims
//! table and the largest review table.
//!
//! `cargo bench --bench frame`

// Benchmarks may panic on broken fixtures: that is how they fail.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use paracrine::app::{AppState, Command, Page};
use paracrine::lang::Lang;
use paracrine::model::evidence::ClaimSet;
use paracrine::model::{self, io, synth};
use paracrine::platform::NoPicker;
use paracrine::ui::ParacrineApp;

fn raw_input() -> egui::RawInput {
    raw_input_sized(egui::vec2(1280.0, 800.0))
}

fn raw_input_sized(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        ..Default::default()
    }
}

/// One frame: build the UI, then tessellate its shapes.
fn frame(ctx: &egui::Context, app: &mut ParacrineApp) -> usize {
    frame_sized(ctx, app, egui::vec2(1280.0, 800.0))
}

fn frame_sized(ctx: &egui::Context, app: &mut ParacrineApp, size: egui::Vec2) -> usize {
    let mut output = ctx.run_ui(raw_input_sized(size), |ui| app.frame_ui(ui));
    output.textures_delta.clear();
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn setup(state: AppState) -> (egui::Context, ParacrineApp) {
    let ctx = egui::Context::default();
    paracrine::fonts::install_fonts(&ctx);
    let mut app = ParacrineApp::with_state(state, Arc::new(NoPicker));
    // Warm up: fonts, layout caches and the side panel's first sizing pass.
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    (ctx, app)
}

fn scenarios(
    c: &mut Criterion,
    group_name: &str,
    make_state: &dyn Fn() -> AppState,
    page: &str,
    query: &str,
) {
    let mut group = c.benchmark_group(group_name);
    {
        let mut state = make_state();
        state.apply(Command::navigate_to(page));
        let (ctx, mut app) = setup(state);
        group.bench_function("entity page", |b| b.iter(|| frame(&ctx, &mut app)));
    }
    {
        let mut state = make_state();
        state.apply(Command::ShowKind(model::Kind::Cargo));
        let (ctx, mut app) = setup(state);
        group.bench_function("lists (cargo, welcome page)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
        // The window resized every frame (the list's panel is 45 % of 600 pt, or its
        // 320 pt at 1280): every row shown and a slice more measured again each frame.
        let mut wide = false;
        group.bench_function("lists while resizing (cargo)", |b| {
            b.iter(|| {
                wide = !wide;
                let width = if wide { 1280.0 } else { 600.0 };
                frame_sized(&ctx, &mut app, egui::vec2(width, 800.0))
            })
        });
    }
    {
        let mut state = make_state();
        state.apply(Command::SetLang(Lang::Both));
        let (ctx, mut app) = setup(state);
        app.search.query = query.to_owned();
        app.search.request_focus = true;
        for _ in 0..3 {
            frame(&ctx, &mut app);
        }
        assert!(!app.search.results().is_empty(), "search popup has results");
        group.bench_function("search popup", |b| b.iter(|| frame(&ctx, &mut app)));
    }
    group.finish();
}

fn bench_frames(c: &mut Criterion) {
    let shipped = || AppState::embedded();
    scenarios(c, "frame_shipped", &shipped, "ibd", "146a");

    let doc = synth::synthetic(50_000, 42);
    let text = io::to_ron_string(&doc).expect("ron");
    let loaded_text = text.clone();
    let synthetic = move || {
        let loaded = model::load_bytes(Path::new("synthetic.ron"), loaded_text.as_bytes());
        AppState::from_loaded(Path::new("synthetic.ron"), loaded)
    };
    // The most-cited disease of the synthetic file: a heavy page.
    scenarios(c, "frame_synthetic_50k", &synthetic, "diseases-0", "ka");

    // Tables: every claim of the synthetic file in one claims table (50,000 rows,
    // virtualized), and the largest review table of the shipped file.
    let mut group = c.benchmark_group("frame_table");
    {
        let mut state = synthetic();
        state.apply(Command::SetLang(Lang::En));
        state.apply(Command::Navigate(Page::claims_of(ClaimSet::All)));
        let (ctx, mut app) = setup(state);
        group.bench_function("claims table (50,000 rows)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
    }
    {
        let mut state = AppState::embedded();
        state.apply(Command::Navigate(Page::Item("t001-1".into())));
        let (ctx, mut app) = setup(state);
        group.bench_function("review table (t001-1, 7 × 9 cells, wrapped)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
    }
    group.finish();
}

/// Frames of diagrams: a review figure page, the densest entity diagram (IBD), a
/// 300-node synthetic diagram in the same view, and the IBD diagram as a presentation
/// slide.
fn bench_diagram_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_diagram");
    {
        let mut state = AppState::embedded();
        state.apply(Command::navigate_to("f001-2"));
        let (ctx, mut app) = setup(state);
        group.bench_function("figure page (f001-2 A)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
    }
    {
        let mut state = AppState::embedded();
        state.apply(Command::Navigate(paracrine::app::Page::diagram_of("ibd")));
        let (ctx, mut app) = setup(state);
        group.bench_function("entity diagram (IBD, 71 nodes)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
    }
    {
        let mut state = AppState::embedded();
        state.apply(Command::Navigate(paracrine::app::Page::diagram_of("ibd")));
        state.apply(Command::PresentDeck(paracrine::app::deck::Deck {
            title: String::new(),
            slides: vec![paracrine::app::deck::Slide::new(
                paracrine::app::deck::SlideContent::Diagram {
                    entity: "ibd".into(),
                },
            )],
        }));
        let (ctx, mut app) = setup(state);
        group.bench_function("presentation slide (IBD diagram)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
    }
    {
        let state = AppState::embedded();
        let graph = paracrine::diagram::synth::synthetic_graph(300, 7);
        let data = paracrine::app::derived::DiagramData::new(graph, Lang::Both);
        let ctx = egui::Context::default();
        paracrine::fonts::install_fonts(&ctx);
        let page_data = Arc::new(paracrine::app::derived::PageData::Nothing);
        let mut run = || {
            let mut commands = Vec::new();
            let mut output = ctx.run_ui(raw_input(), |ui| {
                egui::CentralPanel::default().show(ui, |ui| {
                    let mut cx = paracrine::ui::ViewCtx {
                        state: &state,
                        doc: state.doc(),
                        index: state.index(),
                        lang: Lang::Both,
                        commands: &mut commands,
                        page_data: Arc::clone(&page_data),
                    };
                    paracrine::ui::diagram_view::diagram_ui(ui, &mut cx, "bench", &data, None);
                });
            });
            output.textures_delta.clear();
            ctx.tessellate(output.shapes, output.pixels_per_point).len()
        };
        for _ in 0..5 {
            run();
        }
        group.bench_function("300-node synthetic diagram", |b| b.iter(&mut run));
    }
    group.finish();
}

/// Evidence at a glance: the gap map page (cells come from the page cache, built once
/// per revision and filters) on the shipped evidence and on 50,000 synthetic claims, the
/// contradictions of the tumour page, and building the 50k map's cells.
fn bench_glance_frames(c: &mut Criterion) {
    use paracrine::app::Page;
    use paracrine::model::conflict::GroupBy;
    use paracrine::model::gapmap::{self, MapAxis};
    let mut group = c.benchmark_group("frame_glance");
    {
        let mut state = AppState::embedded();
        state.apply(Command::Navigate(Page::EvidenceMap(MapAxis::Diseases)));
        let (ctx, mut app) = setup(state);
        group.bench_function("gap map (shipped)", |b| b.iter(|| frame(&ctx, &mut app)));
    }
    {
        let mut state = AppState::embedded();
        state.apply(Command::Navigate(Page::Conflicts {
            entity: Some("tumor".into()),
            group_by: GroupBy::Vehicle,
        }));
        let (ctx, mut app) = setup(state);
        group.bench_function("contradictions (tumours)", |b| {
            b.iter(|| frame(&ctx, &mut app))
        });
    }
    let doc = synth::synthetic(50_000, 42);
    let text = io::to_ron_string(&doc).expect("ron");
    let loaded = model::load_bytes(Path::new("synthetic.ron"), text.as_bytes());
    group.bench_function("gap map cells (50k claims, built once per revision)", |b| {
        b.iter(|| {
            gapmap::gap_map(&loaded.doc, &loaded.index, MapAxis::Diseases, |_| true)
                .rows
                .len()
        })
    });
    {
        let mut state = AppState::from_loaded(Path::new("synthetic.ron"), loaded);
        state.apply(Command::Navigate(Page::EvidenceMap(MapAxis::Diseases)));
        let (ctx, mut app) = setup(state);
        group.bench_function("gap map (50k claims)", |b| b.iter(|| frame(&ctx, &mut app)));
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_frames,
    bench_diagram_frames,
    bench_glance_frames
);
criterion_main!(benches);
