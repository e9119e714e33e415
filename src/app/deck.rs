//! Presenting a deck: [`Presenter`] is the state of a running presentation — the slide,
//! the reveal step of a diagram slide, the blank screen, the slide grid and the typed
//! slide number. Its moves are pure functions of the keys pressed, tested without a
//! window. The deck file format is [`crate::model::deck`].

pub use crate::model::deck::{
    Deck, DeckError, Resolved, Slide, SlideContent, open_deck, resolve, save_deck,
};

use super::nav::Page;

/// A deck of the pages of a navigation trail, in order (the welcome page left out, a
/// page repeated next to itself once). A figure page becomes the panel `panel_of` says
/// is shown.
pub fn from_trail(pages: &[Page], panel_of: impl Fn(&str) -> Option<String>) -> Deck {
    let mut slides: Vec<Slide> = Vec::new();
    for page in pages {
        let content = match page {
            // The welcome page, and views without a slide form yet (claims tables, the
            // evidence map, contradictions, diagrams of claim sets), are left out.
            Page::Home
            | Page::Claims(_)
            | Page::SetDiagram(_)
            | Page::EvidenceMap(_)
            | Page::Conflicts { .. } => {
                continue;
            }
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
                        id: format!("p{i}").into(),
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
    fn a_trail_becomes_a_deck_without_repeats() {
        let pages = vec![
            Page::Home,
            Page::Item("ibd".into()),
            Page::Item("ibd".into()),
            Page::Item("f001-2".into()),
            Page::diagram_of("sle"),
        ];
        let d = from_trail(&pages, |id| (id == "f001-2").then(|| "B".to_owned()));
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
