//! Decks for presenting (the file format; presenting itself is `app::deck`): a titled sequence of slides, each naming a page by id (a figure
//! panel, an entity's mechanism diagram, a table, a claim, an entity), saved as a small
//! RON file of its own so it survives evidence edits and can be shared. A slide whose
//! record vanished resolves to [`Resolved::Missing`] and says so, never disappears.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Document, Id, Index, Item};

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
            .map(|r| {
                if r.en.is_empty() {
                    r.zh.clone()
                } else {
                    r.en.clone()
                }
            })
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

/// Saves `deck` to `path` atomically; the message says where it wrote or why not.
pub fn save_deck(path: &Path, deck: &Deck) -> String {
    let text = match deck.to_ron() {
        Ok(text) => text,
        Err(err) => return err.to_string(),
    };
    match super::io::write_atomic(path, text.as_bytes(), super::io::Symlinks::Follow) {
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
        return Err(format!(
            "{}: larger than 16 MiB, not a deck",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Deck::from_ron(&path.display().to_string(), &text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn decks_round_trip_and_missing_records_resolve_as_missing() {
        let d = Deck {
            title: "t".into(),
            slides: vec![
                Slide::new(SlideContent::Page { id: "p0".into() }),
                Slide {
                    content: SlideContent::Panel {
                        figure: "f001-2".into(),
                        panel: "B".into(),
                    },
                    title: "归巢 homing".into(),
                    notes: "say why".into(),
                },
            ],
        };
        let text = d.to_ron().unwrap();
        assert_eq!(Deck::from_ron("x.deck.ron", &text).unwrap(), d);
        let err = Deck::from_ron("x.deck.ron", "(title: 3)").unwrap_err();
        assert!(err.to_string().starts_with("x.deck.ron:1:"), "{err}");
        let doc = Document::default();
        let index = Index::build(&doc);
        assert_eq!(
            resolve(&doc, &index, &d.slides[1].content),
            Resolved::Missing
        );
    }
}
