//! Derived indices over a document: id lookup, backlinks and hierarchy. Built once per
//! revision of the document, never per frame.

use rustc_hash::FxHashMap as HashMap;

use super::Document;
use super::entity::Kind;
use super::search::SearchIndex;

/// Anything selectable, resolved to its position in the current document revision.
/// History and selection store ids (stable across edits) and resolve them through
/// [`Index::item`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// An entity: its kind and its position in that kind's list.
    Entity(Kind, usize),
    /// A claim, by position in `claims`.
    Claim(usize),
    /// A table, by position in `tables`.
    Table(usize),
    /// A figure, by position in `figures`.
    Figure(usize),
}

/// Backlinks and lookups for one document revision.
#[derive(Debug, Default)]
pub struct Index {
    by_id: HashMap<String, Item>,
    /// Ids entities had before a merge (`former_ids`), to the entity that absorbed them.
    /// Consulted only when an id is not live.
    former: HashMap<String, Item>,
    /// Claims that mention each entity (in a link field or a mechanism step), in file order.
    claims_of: HashMap<Item, Vec<usize>>,
    /// Tables and figures that mention each entity or claim.
    views_of: HashMap<Item, Vec<Item>>,
    /// Direct children in a parent hierarchy (diseases, sources, vehicles, cargo, cell types).
    children: HashMap<Item, Vec<Item>>,
    /// Studies cited by each review.
    studies_of: HashMap<Item, Vec<usize>>,
    /// Fuzzy search over names, abbreviations, aliases and labels.
    pub search: SearchIndex,
}

impl Index {
    fn build_links(doc: &Document) -> Self {
        let mut index = Index::default();
        for &kind in Kind::FILE_ORDER {
            for idx in 0..doc.count(kind) {
                if let Some(named) = doc.named(kind, idx) {
                    index
                        .by_id
                        .entry(named.id().to_owned())
                        .or_insert(Item::Entity(kind, idx));
                    for former in named.former_ids() {
                        index
                            .former
                            .entry(former.clone())
                            .or_insert(Item::Entity(kind, idx));
                    }
                }
            }
        }
        for (idx, claim) in doc.claims.iter().enumerate() {
            index
                .by_id
                .entry(claim.id.clone())
                .or_insert(Item::Claim(idx));
        }
        for (idx, table) in doc.tables.iter().enumerate() {
            index
                .by_id
                .entry(table.id.clone())
                .or_insert(Item::Table(idx));
        }
        for (idx, figure) in doc.figures.iter().enumerate() {
            index
                .by_id
                .entry(figure.id.clone())
                .or_insert(Item::Figure(idx));
        }

        for (claim_idx, claim) in doc.claims.iter().enumerate() {
            for id in claim.referenced_ids() {
                if let Some(item) = index.item(id) {
                    let claims = index.claims_of.entry(item).or_default();
                    // Claims come in order: this claim listed `item` already exactly when
                    // it is last (no scan of what the claim mentioned before).
                    if claims.last() != Some(&claim_idx) {
                        claims.push(claim_idx);
                    }
                }
            }
        }

        for (table_idx, table) in doc.tables.iter().enumerate() {
            let view = Item::Table(table_idx);
            let ids = table.rows.iter().flat_map(|row| {
                row.claims
                    .iter()
                    .chain(row.cells.iter().flat_map(|c| &c.links))
            });
            index.add_view_links(view, ids);
        }
        for (figure_idx, figure) in doc.figures.iter().enumerate() {
            let view = Item::Figure(figure_idx);
            let ids = figure.panels.iter().flat_map(|panel| {
                panel
                    .nodes
                    .iter()
                    .filter_map(|n| n.entity.as_ref())
                    .chain(panel.edges.iter().flat_map(|e| &e.claims))
            });
            index.add_view_links(view, ids);
        }

        for link in doc.hierarchy() {
            if let Some(parent) = index.item(link.parent) {
                let child = Item::Entity(link.kind, link.idx);
                index.children.entry(parent).or_default().push(child);
            }
        }
        for (study_idx, study) in doc.studies.iter().enumerate() {
            if let Some(review) = index.item(&study.review) {
                index.studies_of.entry(review).or_default().push(study_idx);
            }
        }
        index
    }

    /// Builds the lookup tables and the search index on two threads (they are independent).
    pub fn build(doc: &Document) -> Self {
        let (mut index, search) = std::thread::scope(|scope| {
            let search = scope.spawn(|| SearchIndex::build(doc));
            let index = Self::build_links(doc);
            (index, search.join())
        });
        // A panic there is a bug, not bad input: re-raise it rather than ship an app
        // whose search silently finds nothing.
        index.search = search.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        index
    }

    fn add_view_links<'a>(&mut self, view: Item, ids: impl Iterator<Item = &'a String>) {
        for id in ids {
            if let Some(item) = self.item(id) {
                let views = self.views_of.entry(item).or_default();
                // Views come one after the other: `view` is listed exactly when it is last.
                if views.last() != Some(&view) {
                    views.push(view);
                }
            }
        }
    }

    /// Resolves an id to the item it names; an entity's former id (before a merge of
    /// duplicates) resolves to the entity that absorbed it, unless it is live again.
    pub fn item(&self, id: &str) -> Option<Item> {
        self.by_id.get(id).or_else(|| self.former.get(id)).copied()
    }

    /// Claims mentioning `item`, in file order.
    pub fn claims_of(&self, item: Item) -> &[usize] {
        self.claims_of.get(&item).map_or(&[], Vec::as_slice)
    }

    /// Tables and figures mentioning `item`.
    pub fn views_of(&self, item: Item) -> &[Item] {
        self.views_of.get(&item).map_or(&[], Vec::as_slice)
    }

    /// Direct children of `item` in its hierarchy.
    pub fn children(&self, item: Item) -> &[Item] {
        self.children.get(&item).map_or(&[], Vec::as_slice)
    }

    /// Studies cited by a review, in file order.
    pub fn studies_of(&self, review: Item) -> &[usize] {
        self.studies_of.get(&review).map_or(&[], Vec::as_slice)
    }

    /// How many distinct ids the document defines.
    pub fn n_ids(&self) -> usize {
        self.by_id.len()
    }
}

#[cfg(test)]
mod tests {
    use super::{Index, Item};
    use crate::model::Document;
    use crate::model::entity::{Cargo, Kind};

    #[test]
    fn a_former_id_resolves_to_the_entity_that_absorbed_it() {
        let doc = Document {
            cargos: vec![
                Cargo {
                    id: "mir-21".to_owned(),
                    former_ids: vec!["mirna-21".to_owned(), "mir-155".to_owned()],
                    ..Cargo::default()
                },
                Cargo {
                    id: "mir-155".to_owned(),
                    ..Cargo::default()
                },
            ],
            ..Document::default()
        };
        let index = Index::build(&doc);
        assert_eq!(index.item("mirna-21"), Some(Item::Entity(Kind::Cargo, 0)));
        // A live id wins over a former one.
        assert_eq!(index.item("mir-155"), Some(Item::Entity(Kind::Cargo, 1)));
        assert_eq!(index.item("nothing"), None);
    }
}
