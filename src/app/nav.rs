//! Pages and navigation history. A [`Page`] is a value naming what the centre shows; the
//! navigation history (back/forward, breadcrumbs) is a capped list of pages. It is not
//! the undo history: navigating never changes the evidence.

use std::collections::BTreeSet;

use crate::model::conflict::GroupBy;
use crate::model::evidence::{ClaimQuery, ClaimSet};
use crate::model::gapmap::MapAxis;
use crate::model::{Id, Kind};

/// What the central panel shows. Pages name records by id, so they survive reloads and
/// edits (an `Item` index does not); a page whose id vanished says so when shown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// The welcome page: the reviews, their tables and figures, and counts.
    Home,
    /// The page of an entity, claim, table or figure.
    Item(Id),
    /// A generated mechanism diagram.
    Diagram(DiagramPage),
    /// The mechanism diagram of a set of claims (a review table's row, a claims table).
    SetDiagram(SetDiagramPage),
    /// A claims table: the claims of a set (an entity's, a table row's, all), narrowed.
    Claims(ClaimQuery),
    /// The evidence gap map, rows along one axis.
    EvidenceMap(MapAxis),
    /// Contradictions: of one entity, or (`entity: None`) the list of every entity with
    /// some; rows grouped by `group_by` (switching replaces the page in place).
    Conflicts {
        /// The entity, or `None` for the list.
        entity: Option<Id>,
        /// What the rows group by.
        group_by: GroupBy,
    },
}

/// A generated mechanism diagram: what it is drawn for, and which collapsed leaf groups
/// the reader expanded (expanding replaces the page in place; going back keeps it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DiagramPage {
    /// The entity whose claims are drawn.
    pub entity: Id,
    /// Keys of the expanded leaf groups.
    pub expanded: BTreeSet<String>,
}

/// The mechanism diagram of the claims a query selects (a table row's, an entity's
/// narrowed to a tier …), and the collapsed leaf groups the reader expanded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SetDiagramPage {
    /// The claims drawn (those passing the filters).
    pub query: ClaimQuery,
    /// Keys of the expanded leaf groups.
    pub expanded: BTreeSet<String>,
}

impl Page {
    /// The record id this page is about, if any (a diagram page: its entity).
    pub fn id(&self) -> Option<&str> {
        match self {
            Page::Home | Page::EvidenceMap(_) => None,
            Page::Item(id) => Some(id),
            Page::Diagram(diagram) => Some(&diagram.entity),
            Page::Claims(query) => set_id(&query.set),
            Page::SetDiagram(diagram) => set_id(&diagram.query.set),
            Page::Conflicts { entity, .. } => entity.as_deref(),
        }
    }

    /// The claims table of `set`, not narrowed.
    pub fn claims_of(set: ClaimSet) -> Page {
        Page::Claims(ClaimQuery::of(set))
    }

    /// The diagram of the claims `query` selects, nothing expanded.
    pub fn diagram_of_claims(query: ClaimQuery) -> Page {
        Page::SetDiagram(SetDiagramPage {
            query,
            expanded: BTreeSet::new(),
        })
    }

    /// The contradictions page of `entity` (of `kind`), grouped as its kind suggests.
    pub fn conflicts_of(entity: impl Into<Id>, kind: Kind) -> Page {
        Page::Conflicts {
            entity: Some(entity.into()),
            group_by: GroupBy::default_for(kind),
        }
    }

    /// The diagram page of the entity `id`, nothing expanded.
    pub fn diagram_of(id: impl Into<Id>) -> Page {
        Page::Diagram(DiagramPage {
            entity: id.into(),
            expanded: BTreeSet::new(),
        })
    }
}

/// The record a claim set is about: its entity or its table.
fn set_id(set: &ClaimSet) -> Option<&str> {
    match set {
        ClaimSet::Entity { id, .. } => Some(id),
        ClaimSet::TableRow { table, .. } => Some(table),
        ClaimSet::All => None,
    }
}

/// Browser-like navigation history: back, forward and the breadcrumb trail.
#[derive(Debug)]
pub struct NavHistory {
    pages: Vec<Page>,
    /// Index into `pages` of the current page.
    cursor: Option<usize>,
    cap: usize,
}

impl Default for NavHistory {
    fn default() -> Self {
        Self::with_cap(NavHistory::DEFAULT_CAP)
    }
}

impl NavHistory {
    /// Pages remembered before the oldest are forgotten.
    pub const DEFAULT_CAP: usize = 200;

    /// An empty history remembering at most `cap` pages (at least one).
    pub fn with_cap(cap: usize) -> Self {
        Self {
            pages: Vec::new(),
            cursor: None,
            cap: cap.max(1),
        }
    }

    /// The page shown now.
    pub fn current(&self) -> Option<&Page> {
        self.cursor.and_then(|i| self.pages.get(i))
    }

    /// Goes to `page`: forward pages are dropped, as in a browser. Visiting the current
    /// page again does nothing.
    pub fn visit(&mut self, page: Page) {
        if self.current() == Some(&page) {
            return;
        }
        let keep = self.cursor.map_or(0, |i| i + 1);
        self.pages.truncate(keep);
        self.pages.push(page);
        if self.pages.len() > self.cap {
            let excess = self.pages.len() - self.cap;
            self.pages.drain(..excess);
        }
        self.cursor = Some(self.pages.len() - 1);
    }

    /// Replaces the current page without a new history entry (or visits `page` when the
    /// history is empty).
    pub fn replace_current(&mut self, page: Page) {
        match self.cursor.and_then(|i| self.pages.get_mut(i)) {
            Some(current) => *current = page,
            None => self.visit(page),
        }
    }

    /// Whether there is a page to go back to.
    pub fn can_go_back(&self) -> bool {
        self.cursor.is_some_and(|i| i > 0)
    }

    /// Whether there is a page to go forward to.
    pub fn can_go_forward(&self) -> bool {
        self.cursor.is_some_and(|i| i + 1 < self.pages.len())
    }

    /// One page back, when there is one.
    pub fn back(&mut self) {
        if self.can_go_back() {
            self.cursor = self.cursor.map(|i| i - 1);
        }
    }

    /// One page forward, when there is one.
    pub fn forward(&mut self) {
        if self.can_go_forward() {
            self.cursor = self.cursor.map(|i| i + 1);
        }
    }

    /// The pages up to and including the current one, oldest first, for breadcrumbs.
    pub fn trail(&self) -> &[Page] {
        match self.cursor {
            Some(i) => self.pages.get(..=i).unwrap_or_default(),
            None => &[],
        }
    }

    /// Forgets pages for which `keep` is false (records deleted or absent from a newly
    /// opened file). Neighbours that become equal are merged; the cursor stays on the
    /// nearest surviving page at or before it.
    pub fn retain(&mut self, mut keep: impl FnMut(&Page) -> bool) {
        let mut new_cursor = None;
        let mut kept: Vec<Page> = Vec::with_capacity(self.pages.len());
        for (i, page) in self.pages.drain(..).enumerate() {
            if keep(&page) && kept.last() != Some(&page) {
                kept.push(page);
            }
            if self.cursor == Some(i) {
                new_cursor = kept.len().checked_sub(1);
            }
        }
        self.pages = kept;
        self.cursor = match new_cursor {
            Some(c) => Some(c),
            None if self.pages.is_empty() => None,
            None => Some(0),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{NavHistory, Page};

    fn page(id: &str) -> Page {
        Page::Item(id.into())
    }

    fn ids(history: &NavHistory) -> Vec<&str> {
        history.trail().iter().filter_map(Page::id).collect()
    }

    #[test]
    fn visit_back_forward_and_trail() {
        let mut h = NavHistory::default();
        assert!(h.current().is_none() && !h.can_go_back() && !h.can_go_forward());
        h.visit(page("a"));
        h.visit(page("b"));
        h.visit(page("b"));
        h.visit(page("c"));
        assert_eq!(ids(&h), ["a", "b", "c"]);
        h.back();
        assert_eq!(h.current(), Some(&page("b")));
        assert!(h.can_go_forward());
        h.forward();
        h.forward();
        assert_eq!(h.current(), Some(&page("c")));
        h.back();
        h.back();
        h.back();
        assert_eq!(h.current(), Some(&page("a")));
        assert_eq!(ids(&h), ["a"]);
        // A new visit drops the forward pages.
        h.visit(page("d"));
        assert_eq!(ids(&h), ["a", "d"]);
        assert!(!h.can_go_forward());
    }

    #[test]
    fn capped_history_forgets_the_oldest() {
        let mut h = NavHistory::with_cap(3);
        for id in ["a", "b", "c", "d", "e"] {
            h.visit(page(id));
        }
        assert_eq!(ids(&h), ["c", "d", "e"]);
        h.back();
        h.back();
        assert!(!h.can_go_back());
    }

    #[test]
    fn retain_drops_vanished_pages_and_keeps_the_cursor_near() {
        let mut h = NavHistory::default();
        for id in ["a", "x", "a", "b", "x", "c"] {
            h.visit(page(id));
        }
        h.back(); // on the second "x"
        h.retain(|p| p.id() != Some("x"));
        // a, a merge; the cursor falls back to "b", the page before the vanished one.
        assert_eq!(h.current(), Some(&page("b")));
        h.forward();
        assert_eq!(ids(&h), ["a", "b", "c"]);
        h.retain(|_| false);
        assert!(h.current().is_none());
    }
}
