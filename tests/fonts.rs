//! The bundled CJK font must cover every character Paracrine shows: the shipped
//! evidence and the UI's own strings. When this fails, run `assets/fonts/subset_font.py`.

// Tests and benchmarks may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use skrifa::MetadataProvider as _;

/// Characters of `text` that none of the app's fonts (egui's defaults plus the bundled
/// CJK subset) can draw.
fn missing_in_font(text: &str) -> Vec<char> {
    let definitions = paracrine::fonts::font_definitions();
    let fonts: Vec<skrifa::FontRef<'_>> = definitions
        .font_data
        .values()
        .filter_map(|data| skrifa::FontRef::from_index((*data.font).as_ref(), data.index).ok())
        .collect();
    assert!(fonts.len() >= 2, "egui defaults and the CJK font");
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() && !c.is_ascii())
        .filter(|&c| fonts.iter().all(|font| font.charmap().map(c).is_none()))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    missing
}

#[test]
fn bundled_font_covers_every_character_of_the_shipped_evidence() {
    let text = std::str::from_utf8(paracrine::app::EMBEDDED_EVIDENCE).expect("UTF-8");
    let missing = missing_in_font(text);
    assert!(
        missing.is_empty(),
        "not in the bundled font: {missing:?}; run assets/fonts/subset_font.py"
    );
}

#[test]
fn bundled_font_covers_every_character_of_the_ui_strings() {
    // Every source file, in every folder: a new module cannot be skipped.
    let mut text = String::new();
    let mut dirs = vec![std::path::PathBuf::from("src")];
    let mut n_files = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&std::fs::read_to_string(&path).expect("source"));
                n_files += 1;
            }
        }
    }
    assert!(n_files > 20, "walked only {n_files} source files");
    let missing = missing_in_font(&text);
    assert!(
        missing.is_empty(),
        "not in the bundled font: {missing:?}; run assets/fonts/subset_font.py"
    );
}

#[test]
fn bundled_font_covers_the_common_hanzi() {
    // A sample across GB2312 level 1 (the 3,755 most common characters).
    let sample = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世";
    let missing = missing_in_font(sample);
    assert!(missing.is_empty(), "{missing:?}");
}
