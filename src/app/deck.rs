//! Decks for presenting: a titled sequence of slides, each naming a page by id (a figure
//! panel, an entity's mechanism diagram, a table, a claim, an entity), saved as a small
//! RON file of its own so it survives evidence edits and can be shared. A slide whose
//! record vanished resolves to [`Resolved::Missing`] and says so, never disappears.
//!
//! [`Presenter`] is the state of a running presentation: the slide, the reveal step of
//! a diagram slide, the blank screen, the slide grid and the typed slide number. Its
//! moves are pure functions of the keys pressed, tested without a window.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::nav::Page;
use crate::model::{Document, Id, Index, Item};

/// What a slide shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SlideContent {
    /// A panel of a review figure, by the figure's id and the panel's printed label
    /// (empty for a single-panel figure).
    Panel {
        /// The figure's id.
        figure: Id,
        /// The panel's label ("B").
        panel: String,
    },
    /// The mechanism diagram of an entity.
    Diagram {
        /// The entity's id.
        entity: Id,
    },
    /// The page of a record: a review table, a claim, an entity.
    Page {
        /// The record's id.
        id: Id,
    },
}

/// One slide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// What it shows.
    pub content: SlideContent,
    /// A title the presenter gave it; empty: the shown record's own title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Speaker notes (shown to the presenter only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Slide {
    /// A slide showing `content`, untitled.
    pub fn new(content: SlideContent) -> Self {
        Self {
            content,
            title: String::new(),
            notes: String::new(),
        }
    }
}

/// A deck of slides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// The deck's title.
    #[serde(default)]
    pub title: String,
    /// The slides, in order.
    #[serde(default)]
    pub slides: Vec<Slide>,
}

/// What a slide's content names in the current document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Figure index and panel index.
    Panel(usize, usize),
    /// The entity whose diagram is shown.
    Diagram(Item),
    /// A record's page.
    Page(Item),
    /// The record is not in the document (or the panel is not in its figure).
    Missing,
}

/// Why a deck file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DeckError {
    /// The file is not a deck.
    #[error("{path}:{line}:{col}: not a deck file: {message}")]
    Parse {
        /// The file.
        path: String,
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        col: usize,
        /// What the parser said.
        message: String,
    },
    /// The deck could not be written as RON.
    #[error("could not write the deck: {0}")]
    Write(String),
}

impl Deck {
    /// The deck of a review: its figures' panels, then its tables, in file order.
    pub fn for_review(doc: &Document, review: &str) -> Deck {
        let title = doc
            .reviews
            .iter()
            .find(|r| r.id == review)
            .map(|r| if r.en.is_empty() { r.zh.clone() } else { r.en.clone() })
            .unwrap_or_default();
        let mut slides = Vec::new();
        for figure in doc.figures.iter().filter(|f| f.review == review) {
            for panel in &figure.panels {
                slides.push(Slide::new(SlideContent::Panel {
                    figure: figure.id.clone(),
                    panel: panel.label.clone(),
                }));
            }
        }
        for table in doc.tables.iter().filter(|t| t.review == review) {
            slides.push(Slide::new(SlideContent::Page {
                id: table.id.clone(),
            }));
        }
        Deck { title, slides }
    }

    /// A deck of the pages of a navigation trail, in order (the welcome page left out,
    /// a page repeated next to itself once). A figure page becomes its panel `panel_of`
    /// says is shown.
    pub fn from_trail(pages: &[Page], panel_of: impl Fn(&str) -> Option<String>) -> Deck {
        let mut slides: Vec<Slide> = Vec::new();
        for page in pages {
            let content = match page {
                Page::Home => continue,
                Page::Diagram(diagram) => SlideContent::Diagram {
                    entity: diagram.entity.clone(),
                },
                Page::Item(id) => match panel_of(id) {
                    Some(panel) => SlideContent::Panel {
                        figure: id.clone(),
                        panel,
                    },
                    None => SlideContent::Page { id: id.clone() },
                },
            };
            if slides.last().map(|s| &s.content) != Some(&content) {
                slides.push(Slide::new(content));
            }
        }
        Deck {
            title: String::new(),
            slides,
        }
    }

    /// The deck as RON text, in a stable layout.
    pub fn to_ron(&self) -> Result<String, DeckError> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .indentor("  ".to_owned());
        ron::ser::to_string_pretty(self, config).map_err(|e| DeckError::Write(e.to_string()))
    }

    /// Reads a deck from RON text; `path` names it in messages.
    pub fn from_ron(path: &str, text: &str) -> Result<Deck, DeckError> {
        ron::from_str(text).map_err(|e| DeckError::Parse {
            path: path.to_owned(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        })
    }
}

/// What `content` names in `doc`.
pub fn resolve(doc: &Document, index: &Index, content: &SlideContent) -> Resolved {
    match content {
        SlideContent::Panel { figure, panel } => match index.item(figure) {
            Some(Item::Figure(figure_idx)) => doc
                .figures
                .get(figure_idx)
                .and_then(|f| f.panels.iter().position(|p| p.label == *panel))
                .map_or(Resolved::Missing, |panel_idx| {
                    Resolved::Panel(figure_idx, panel_idx)
                }),
            _ => Resolved::Missing,
        },
        SlideContent::Diagram { entity } => match index.item(entity) {
            Some(item @ Item::Entity(..)) => Resolved::Diagram(item),
            _ => Resolved::Missing,
        },
        SlideContent::Page { id } => index.item(id).map_or(Resolved::Missing, Resolved::Page),
    }
}

/// The page a slide's content is drawn from (the page cache keys derived data by page).
pub fn page_of(content: &SlideContent) -> Page {
    match content {
        SlideContent::Panel { figure, .. } => Page::Item(figure.clone()),
        SlideContent::Diagram { entity } => Page::diagram_of(entity.clone()),
        SlideContent::Page { id } => Page::Item(id.clone()),
    }
}

/// A running presentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presenter {
    /// The deck shown.
    pub deck: Deck,
    /// The slide shown (an index into the deck).
    pub slide: usize,
    /// Reveal layers shown on a diagram slide, `0..=n_layers`; `None`: all.
    pub reveal: Option<usize>,
    /// The screen is blanked (B or . on a clicker).
    pub blank: bool,
    /// The slide grid is shown (G).
    pub grid: bool,
    /// Digits typed to jump to a slide (number + Enter).
    pub jump: String,
    /// The node whose path is highlighted on a diagram slide.
    pub highlight: Option<usize>,
    /// The page to return to when presenting ends.
    pub return_to: Page,
}

/// A presenter's move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresenterKey {
    /// Next step: reveal one more layer, else the next slide.
    Next,
    /// Previous step: hide one layer, else the previous slide (shown whole).
    Previous,
    /// The first slide.
    First,
    /// The last slide.
    Last,
    /// Blank or unblank the screen.
    Blank,
    /// Show or hide the slide grid.
    Grid,
    /// A digit typed toward a slide number.
    Digit(u8),
    /// Jump to the typed slide number.
    Jump,
    /// Show slide `n` (0-based), e.g. picked on the grid.
    Show(usize),
}

impl Presenter {
    /// Starts presenting `deck` at slide `start`, returning to `return_to` afterwards.
    pub fn new(deck: Deck, start: usize, return_to: Page) -> Self {
        let slide = start.min(deck.slides.len().saturating_sub(1));
        Self {
            deck,
            slide,
            reveal: None,
            blank: false,
            grid: false,
            jump: String::new(),
            highlight: None,
            return_to,
        }
    }

    /// Applies a key. `layers` is the number of reveal layers of the current slide's
    /// diagram (`None` for slides that are not diagrams). A blanked screen comes back on
    /// any key, and that key does nothing else.
    pub fn press(&mut self, key: PresenterKey, layers: Option<usize>) {
        if self.blank && key != PresenterKey::Blank {
            self.blank = false;
            return;
        }
        let n = self.deck.slides.len();
        match key {
            PresenterKey::Next => {
                if let (Some(layers), Some(shown)) = (layers, self.reveal)
                    && shown + 1 < layers
                {
                    self.reveal = Some(shown + 1);
                } else if self.slide + 1 < n {
                    self.go(self.slide + 1, true);
                } else {
                    // Past the end: the whole last slide stays.
                    self.reveal = None;
                }
            }
            PresenterKey::Previous => {
                if let Some(shown) = self.reveal.filter(|&s| s > 0 && layers.is_some()) {
                    self.reveal = Some(shown - 1);
                } else if self.slide > 0 {
                    self.go(self.slide - 1, false);
                }
            }
            PresenterKey::First => self.go(0, true),
            PresenterKey::Last => self.go(n.saturating_sub(1), true),
            PresenterKey::Blank => self.blank = !self.blank,
            PresenterKey::Grid => self.grid = !self.grid,
            PresenterKey::Digit(d) => {
                if self.jump.len() < 4 {
                    self.jump.push(char::from(b'0' + d.min(9)));
                }
            }
            PresenterKey::Jump => {
                if let Ok(number) = std::mem::take(&mut self.jump).parse::<usize>()
                    && (1..=n).contains(&number)
                {
                    self.go(number - 1, true);
                }
            }
            PresenterKey::Show(slide) => {
                self.grid = false;
                if slide < n {
                    self.go(slide, true);
                }
            }
        }
    }

    /// Shows slide `slide`: from the first reveal step when going forward, whole when
    /// going back (the audience has seen it).
    fn go(&mut self, slide: usize, forward: bool) {
        self.slide = slide;
        self.reveal = forward.then_some(0);
        self.highlight = None;
        self.jump.clear();
    }

    /// The slide shown, if the deck has any.
    pub fn current(&self) -> Option<&Slide> {
        self.deck.slides.get(self.slide)
    }
}

/// Saves `deck` to `path` atomically; the message says where it wrote or why not.
pub fn save_deck(path: &Path, deck: &Deck) -> String {
    let text = match deck.to_ron() {
        Ok(text) => text,
        Err(err) => return err.to_string(),
    };
    match crate::model::io::write_atomic(path, text.as_bytes(), crate::model::io::Symlinks::Follow) {
        Ok(real) => format!("deck saved to {}", real.display()),
        Err(err) => err.to_string(),
    }
}

/// Opens the deck file at `path`.
pub fn open_deck(path: &Path) -> Result<Deck, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{}: not a regular file", path.display()));
    }
    if meta.len() > 16 * 1024 * 1024 {
        return Err(format!("{}: larger than 16 MiB, not a deck", path.display()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Deck::from_ron(&path.display().to_string(), &text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn deck(n: usize) -> Deck {
        Deck {
            title: "t".into(),
            slides: (0..n)
                .map(|i| {
                    Slide::new(SlideContent::Page {
                        id: format!("p{i}"),
                    })
                })
                .collect(),
        }
    }

    #[test]
    fn next_reveals_layer_by_layer_then_moves_on() {
        let mut p = Presenter::new(deck(3), 0, Page::Home);
        p.press(PresenterKey::Next, None);
        assert_eq!((p.slide, p.reveal), (1, Some(0)));
        // Slide 1 is a diagram of three layers: two more steps reveal it, then slide 2.
        p.press(PresenterKey::Next, Some(3));
        assert_eq!(p.reveal, Some(1));
        p.press(PresenterKey::Next, Some(3));
        assert_eq!(p.reveal, Some(2));
        p.press(PresenterKey::Next, Some(3));
        assert_eq!((p.slide, p.reveal), (2, Some(0)));
        // Back hides a layer only when some are hidden; otherwise the previous slide,
        // shown whole.
        p.press(PresenterKey::Previous, None);
        assert_eq!((p.slide, p.reveal), (1, None));
        p.press(PresenterKey::Next, Some(3));
        assert_eq!(p.slide, 2);
        p.press(PresenterKey::Next, None);
        assert_eq!(p.slide, 2, "the last slide stays");
    }

    #[test]
    fn home_end_jump_grid_and_blank() {
        let mut p = Presenter::new(deck(12), 5, Page::Home);
        p.press(PresenterKey::Last, None);
        assert_eq!(p.slide, 11);
        p.press(PresenterKey::First, None);
        assert_eq!(p.slide, 0);
        p.press(PresenterKey::Digit(1), None);
        p.press(PresenterKey::Digit(0), None);
        p.press(PresenterKey::Jump, None);
        assert_eq!(p.slide, 9);
        p.press(PresenterKey::Digit(9), None);
        p.press(PresenterKey::Digit(9), None);
        p.press(PresenterKey::Jump, None);
        assert_eq!(p.slide, 9, "no slide 99");
        p.press(PresenterKey::Blank, None);
        assert!(p.blank);
        p.press(PresenterKey::Next, None);
        assert!(!p.blank);
        assert_eq!(p.slide, 9, "the key that unblanks does nothing else");
        p.press(PresenterKey::Grid, None);
        assert!(p.grid);
        p.press(PresenterKey::Show(3), None);
        assert!(!p.grid);
        assert_eq!(p.slide, 3);
    }

    #[test]
    fn decks_round_trip_and_missing_records_resolve_as_missing() {
        let mut d = deck(2);
        d.slides.push(Slide {
            content: SlideContent::Panel {
                figure: "f001-2".into(),
                panel: "B".into(),
            },
            title: "归巢 homing".into(),
            notes: "say why".into(),
        });
        let text = d.to_ron().unwrap();
        assert_eq!(Deck::from_ron("x.deck.ron", &text).unwrap(), d);
        let err = Deck::from_ron("x.deck.ron", "(title: 3)").unwrap_err();
        assert!(err.to_string().starts_with("x.deck.ron:1:"), "{err}");
        let doc = Document::default();
        let index = Index::build(&doc);
        assert_eq!(resolve(&doc, &index, &d.slides[2].content), Resolved::Missing);
    }

    #[test]
    fn a_trail_becomes_a_deck_without_repeats() {
        let pages = vec![
            Page::Home,
            Page::Item("ibd".into()),
            Page::Item("ibd".into()),
            Page::Item("f001-2".into()),
            Page::diagram_of("sle"),
        ];
        let d = Deck::from_trail(&pages, |id| (id == "f001-2").then(|| "B".to_owned()));
        let contents: Vec<_> = d.slides.iter().map(|s| s.content.clone()).collect();
        assert_eq!(
            contents,
            [
                SlideContent::Page { id: "ibd".into() },
                SlideContent::Panel {
                    figure: "f001-2".into(),
                    panel: "B".into()
                },
                SlideContent::Diagram {
                    entity: "sle".into()
                },
            ]
        );
    }
}
