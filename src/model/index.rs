//! Derived indices over a document: id lookup, backlinks and hierarchy. Built once per
//! revision of the document, never per frame.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use super::edit::Edit;
use super::entity::{Entity, Kind};
use super::hash::IdMap;
use super::par;
use super::search::SearchIndex;
use super::{Claim, Document, Id, Record};

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
    by_id: IdMap<Id, Item>,
    /// Ids entities had before a merge (`former_ids`), to the entity that absorbed them.
    /// Consulted only when an id is not live.
    former: IdMap<Id, Item>,
    /// Claims that mention each entity (in a link field or a mechanism step), in file order.
    claims_of: ItemLists<usize>,
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
        Self::build_links_given(doc, None)
    }

    /// The lookup tables, with the claims per item given (checked to fit `doc`) or, with
    /// `None`, found.
    fn build_links_given(doc: &Document, claims_of: Option<ItemLists<usize>>) -> Self {
        let mut index = Index::default();
        index.by_id.reserve(doc.n_records());
        for &kind in Kind::FILE_ORDER {
            for idx in 0..doc.count(kind) {
                if let Some(named) = doc.named(kind, idx) {
                    index
                        .by_id
                        .entry(Id::from(named.id()))
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

        index.claims_of = match claims_of {
            Some(given) => given,
            None => index.claims_mentioning(doc),
        };

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

    /// The claims that mention each item, in file order. The ids are resolved (the
    /// costly part: a hash lookup per reference) on every core above a few thousand
    /// claims ([`par::map_chunks`]); the lists are then filled in one pass in order.
    fn claims_mentioning(&self, doc: &Document) -> ItemLists<usize> {
        const PARALLEL_FROM: usize = 4096;
        let slots = Slots::for_document(doc);
        let parts = par::map_chunks(&doc.claims, PARALLEL_FROM, |part| {
            self.slots_mentioned(&slots, part)
        });
        let mut lists = ItemLists::new(slots);
        let mut claim_idx = 0;
        for (_, outcome) in parts {
            // A panic there is a bug, not bad input: re-raise it.
            let mentioned = outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for slot in mentioned {
                if slot == END_OF_CLAIM {
                    claim_idx += 1;
                } else if let Some(claims) = lists.lists.get_mut(slot) {
                    // Claims come in order: this claim listed the item already exactly
                    // when it is last (no scan of what the claim mentioned before).
                    if claims.last() != Some(&claim_idx) {
                        claims.push(claim_idx);
                    }
                }
            }
        }
        lists
    }

    /// The slots of the items each of `claims` mentions, each claim's ended by
    /// [`END_OF_CLAIM`].
    fn slots_mentioned(&self, slots: &Slots, claims: &[Claim]) -> Vec<usize> {
        let mut mentioned = Vec::with_capacity(claims.len() * 16);
        for claim in claims {
            for id in claim.referenced_ids() {
                if let Some(slot) = self.item(id).and_then(|item| slots.of(item)) {
                    mentioned.push(slot);
                }
            }
            mentioned.push(END_OF_CLAIM);
        }
        mentioned
    }

    /// [`Self::claims_mentioning`] in one pass on one thread, the plain way: what the
    /// shared-out one must equal.
    #[cfg(test)]
    fn claims_mentioning_one_pass(&self, doc: &Document) -> ItemLists<usize> {
        let mut lists = ItemLists::new(Slots::for_document(doc));
        for (claim_idx, claim) in doc.claims.iter().enumerate() {
            for id in claim.referenced_ids() {
                if let Some(item) = self.item(id) {
                    lists.insert_sorted(item, claim_idx, |&i| i);
                }
            }
        }
        lists
    }

    /// Builds the lookup tables and the search index on two threads (they are independent).
    pub fn build(doc: &Document) -> Self {
        Self::beside_search(doc, || Self::build_links(doc))
    }

    /// `links()` on this thread, the search index of `doc` on another, put together.
    fn beside_search(doc: &Document, links: impl FnOnce() -> Self) -> Self {
        let (mut index, search) = std::thread::scope(|scope| {
            let search = scope.spawn(|| SearchIndex::build(doc));
            let index = links();
            (index, search.join())
        });
        // A panic there is a bug, not bad input: re-raise it rather than ship an app
        // whose search silently finds nothing.
        index.search = search.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        index
    }

    /// Brings the lookup tables up to date after `edits` were applied to `doc`, without
    /// rebuilding them: each replaced record's backlinks (claims mentioning an entity,
    /// views mentioning it, children, a review's studies) are taken out and put back
    /// where a full build would put them. Returns false, having changed nothing that
    /// matters, when an edit moves records or changes an id (an insert, a removal, a
    /// rename): the caller then builds the index anew. The search index is not
    /// touched (see [`Index::set_search`]).
    pub fn update_links(&mut self, doc: &Document, edits: &[Edit]) -> bool {
        let replaces = edits.iter().all(|edit| match edit {
            Edit::Replace { before, after, .. } => same_identity(before, after),
            Edit::Insert { .. } | Edit::Remove { .. } => false,
        });
        if !replaces {
            return false;
        }
        for edit in edits {
            if let Edit::Replace { at, before, after } = edit {
                self.replace_links(doc, *at, before, after);
            }
        }
        true
    }

    fn replace_links(&mut self, doc: &Document, at: Item, before: &Record, after: &Record) {
        match (at, before, after) {
            (Item::Claim(idx), Record::Claim(old), Record::Claim(new)) => {
                let old = self.resolved(old.referenced_ids());
                let new = self.resolved(new.referenced_ids());
                for item in old.difference(&new) {
                    self.claims_of.remove_sorted(*item, &idx);
                }
                for item in new.difference(&old) {
                    self.claims_of.insert_sorted(*item, idx, |&i| i);
                }
            }
            (Item::Table(_) | Item::Figure(_), _, _) => {
                let old = self.resolved(view_ids(before));
                let new = self.resolved(view_ids(after));
                for item in old.difference(&new) {
                    remove_sorted(&mut self.views_of, *item, &at);
                }
                for item in new.difference(&old) {
                    insert_sorted(&mut self.views_of, *item, at, |&v| v);
                }
            }
            (Item::Entity(kind, idx), Record::Entity(old), Record::Entity(new)) => {
                let child = Item::Entity(kind, idx);
                let rank = |item: &Item| match *item {
                    Item::Entity(kind, idx) => {
                        (Kind::FILE_ORDER.iter().position(|&k| k == kind), idx)
                    }
                    Item::Claim(_) | Item::Table(_) | Item::Figure(_) => (None, 0),
                };
                let (old_parent, new_parent) = (old.named().parent(), new.named().parent());
                if old_parent != new_parent {
                    if let Some(parent) = old_parent.and_then(|p| self.item(p)) {
                        let key = rank(&child);
                        if let Some(children) = self.children.get_mut(&parent)
                            && let Ok(pos) = children.binary_search_by_key(&key, rank)
                        {
                            children.remove(pos);
                            if children.is_empty() {
                                self.children.remove(&parent);
                            }
                        }
                    }
                    if let Some(parent) = new_parent.and_then(|p| self.item(p)) {
                        insert_sorted(&mut self.children, parent, child, rank);
                    }
                }
                if let (Entity::Study(old), Entity::Study(new)) = (old, new)
                    && old.review != new.review
                {
                    if let Some(review) = self.item(&old.review) {
                        remove_sorted(&mut self.studies_of, review, &idx);
                    }
                    if let Some(review) = self.item(&new.review) {
                        insert_sorted(&mut self.studies_of, review, idx, |&i| i);
                    }
                }
            }
            _ => {
                // A record of another list at this position cannot come through the one
                // mutation path (`Transaction::apply` refuses it); rebuild to be safe.
                *self = Self {
                    search: std::mem::take(&mut self.search),
                    ..Self::build_links(doc)
                };
            }
        }
    }

    /// The distinct items `ids` resolve to.
    fn resolved<'a>(&self, ids: impl Iterator<Item = &'a Id>) -> BTreeSet<Item> {
        ids.filter_map(|id| self.item(id)).collect()
    }

    /// Builds only the lookup tables (no search): what an edit needs at once; the
    /// search index can follow in the background ([`Index::set_search`]).
    pub fn build_without_search(doc: &Document) -> Self {
        Self::build_links(doc)
    }

    /// The claims mentioning each item, one list per item in the document's order (its
    /// entities kind by kind in file order, then its claims, tables and figures): what
    /// a cache entry keeps so that a reopen need not look up every reference again.
    pub fn claim_lists(&self) -> &[Vec<usize>] {
        &self.claims_of.lists
    }

    /// [`Self::build_without_search`] (or [`Self::build`], with `search`), given the
    /// claim lists [`Self::claim_lists`] gave for this document. Refused, and nothing
    /// built, unless there is a list per item and each names claims of `doc` in
    /// increasing order: lists that do not fit are never trusted (a cache entry can be
    /// anyone's bytes).
    pub fn with_claim_lists(
        doc: &Document,
        lists: Vec<Vec<usize>>,
        search: bool,
    ) -> Result<Self, String> {
        let slots = Slots::for_document(doc);
        if lists.len() != slots.len {
            return Err(format!(
                "claim lists for {} items, but the document has {}",
                lists.len(),
                slots.len
            ));
        }
        let n_claims = doc.claims.len();
        let fits = |list: &Vec<usize>| {
            list.windows(2).all(|pair| pair[0] < pair[1])
                && list.last().is_none_or(|&last| last < n_claims)
        };
        if !lists.iter().all(fits) {
            return Err("claim lists out of order or naming claims not there".to_owned());
        }
        let links = || Self::build_links_given(doc, Some(ItemLists { slots, lists }));
        Ok(if search {
            Self::beside_search(doc, links)
        } else {
            links()
        })
    }

    /// Installs a search index built for the current document.
    pub fn set_search(&mut self, search: SearchIndex) {
        self.search = search;
    }

    /// Whether the lookup tables (everything but search) equal `other`'s — the test
    /// that an updated index is the one a full build gives.
    #[doc(hidden)]
    pub fn same_links(&self, other: &Index) -> bool {
        self.by_id == other.by_id
            && self.former == other.former
            && self.claims_of == other.claims_of
            && self.views_of == other.views_of
            && self.children == other.children
            && self.studies_of == other.studies_of
    }

    fn add_view_links<'a>(&mut self, view: Item, ids: impl Iterator<Item = &'a Id>) {
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
        self.claims_of.get(item)
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

/// Whether a replacement keeps what the lookup by id depends on: the list, the id and
/// an entity's former ids.
fn same_identity(before: &Record, after: &Record) -> bool {
    if before.id() != after.id() {
        return false;
    }
    match (before, after) {
        (Record::Entity(old), Record::Entity(new)) => {
            old.kind() == new.kind() && old.named().former_ids() == new.named().former_ids()
        }
        (Record::Claim(_), Record::Claim(_))
        | (Record::Table(_), Record::Table(_))
        | (Record::Figure(_), Record::Figure(_)) => true,
        _ => false,
    }
}

/// The ids a table or figure mentions (as the full build collects them).
fn view_ids(record: &Record) -> Box<dyn Iterator<Item = &Id> + '_> {
    match record {
        Record::Table(table) => Box::new(table.rows.iter().flat_map(|row| {
            row.claims
                .iter()
                .chain(row.cells.iter().flat_map(|c| &c.links))
        })),
        Record::Figure(figure) => Box::new(figure.panels.iter().flat_map(|panel| {
            panel
                .nodes
                .iter()
                .filter_map(|n| n.entity.as_ref())
                .chain(panel.edges.iter().flat_map(|e| &e.claims))
        })),
        Record::Entity(_) | Record::Claim(_) => Box::new(std::iter::empty()),
    }
}

/// Ends a claim's slots in [`Index::slots_mentioned`].
const END_OF_CLAIM: usize = usize::MAX;

/// Where each item of one document revision sits in a table with a row per record:
/// the entities kind by kind in file order, then the claims, tables and figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Slots {
    /// The first row and the number of rows of each kind's entities, by `Kind as usize`.
    kinds: [(usize, usize); Kind::COUNT],
    /// The same of the claims, the tables and the figures.
    claims: (usize, usize),
    tables: (usize, usize),
    figures: (usize, usize),
    len: usize,
}

impl Slots {
    fn for_document(doc: &Document) -> Slots {
        let mut slots = Slots::default();
        let mut next = 0;
        let mut take = |n: usize| {
            let range = (next, n);
            next += n;
            range
        };
        for &kind in Kind::FILE_ORDER {
            slots.kinds[kind as usize] = take(doc.count(kind));
        }
        slots.claims = take(doc.claims.len());
        slots.tables = take(doc.tables.len());
        slots.figures = take(doc.figures.len());
        slots.len = next;
        slots
    }

    /// The row of `item`; `None` for a position past its list.
    fn of_item(range: (usize, usize), idx: usize) -> Option<usize> {
        (idx < range.1).then_some(range.0 + idx)
    }

    fn of(&self, item: Item) -> Option<usize> {
        match item {
            Item::Entity(kind, idx) => Self::of_item(self.kinds[kind as usize], idx),
            Item::Claim(idx) => Self::of_item(self.claims, idx),
            Item::Table(idx) => Self::of_item(self.tables, idx),
            Item::Figure(idx) => Self::of_item(self.figures, idx),
        }
    }
}

/// A list per item, in a table by [`Slots`] (no hashing in or out): the claims
/// mentioning each item, the one list with an entry per reference of every claim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ItemLists<V> {
    slots: Slots,
    lists: Vec<Vec<V>>,
}

impl<V> ItemLists<V> {
    fn new(slots: Slots) -> Self {
        let lists = std::iter::repeat_with(Vec::new).take(slots.len).collect();
        ItemLists { slots, lists }
    }

    fn get(&self, item: Item) -> &[V] {
        self.slots
            .of(item)
            .and_then(|slot| self.lists.get(slot))
            .map_or(&[], Vec::as_slice)
    }

    fn get_mut(&mut self, item: Item) -> Option<&mut Vec<V>> {
        self.slots
            .of(item)
            .and_then(|slot| self.lists.get_mut(slot))
    }

    /// Whether no item has anything listed.
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.lists.iter().all(Vec::is_empty)
    }

    /// Removes `value` from the sorted list of `item`.
    fn remove_sorted(&mut self, item: Item, value: &V)
    where
        V: Ord,
    {
        if let Some(list) = self.get_mut(item) {
            remove_from_sorted(list, value);
        }
    }

    /// Inserts `value` into the list of `item`, kept sorted by `rank`, once.
    fn insert_sorted<R: Ord>(&mut self, item: Item, value: V, rank: impl Fn(&V) -> R) {
        if let Some(list) = self.get_mut(item) {
            insert_into_sorted(list, value, rank);
        }
    }
}

/// Removes `value` from the sorted list of `key` (and the list when it empties).
fn remove_sorted<V: Ord>(map: &mut HashMap<Item, Vec<V>>, key: Item, value: &V) {
    if let Some(list) = map.get_mut(&key) {
        remove_from_sorted(list, value);
        if list.is_empty() {
            map.remove(&key);
        }
    }
}

/// Inserts `value` into the list of `key`, kept sorted by `rank`, once.
fn insert_sorted<V, R: Ord>(
    map: &mut HashMap<Item, Vec<V>>,
    key: Item,
    value: V,
    rank: impl Fn(&V) -> R,
) {
    insert_into_sorted(map.entry(key).or_default(), value, rank);
}

/// Removes `value` from a sorted list, if it is there.
fn remove_from_sorted<V: Ord>(list: &mut Vec<V>, value: &V) {
    if let Ok(pos) = list.binary_search(value) {
        list.remove(pos);
    }
}

/// Inserts `value` into a list kept sorted by `rank`, unless one of its rank is there.
fn insert_into_sorted<V, R: Ord>(list: &mut Vec<V>, value: V, rank: impl Fn(&V) -> R) {
    let at = rank(&value);
    if let Err(pos) = list.binary_search_by_key(&at, &rank) {
        list.insert(pos, value);
    }
}

#[cfg(test)]
// Tests may panic on broken fixtures: that is how they fail.
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Index, Item};
    use crate::model::Document;
    use crate::model::entity::{Cargo, Kind};

    #[test]
    fn a_former_id_resolves_to_the_entity_that_absorbed_it() {
        let doc = Document {
            cargos: vec![
                Cargo {
                    id: "mir-21".into(),
                    former_ids: vec!["mirna-21".into(), "mir-155".into()],
                    ..Cargo::default()
                },
                Cargo {
                    id: "mir-155".into(),
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

    #[test]
    fn claim_lists_given_back_build_the_same_index_and_lists_that_do_not_fit_are_refused() {
        let doc = crate::model::synth::synthetic(300, 5);
        let built = Index::build(&doc);
        let lists = built.claim_lists().to_vec();
        assert!(lists.iter().any(|list| list.len() > 1));
        for search in [false, true] {
            let given = Index::with_claim_lists(&doc, lists.clone(), search).unwrap();
            assert!(given.same_links(&built));
            assert_eq!(given.search.is_empty(), !search);
        }
        let busy = lists.iter().position(|list| list.len() > 1).unwrap();
        let mut wrong: Vec<(&str, Vec<Vec<usize>>)> = Vec::new();
        let mut fewer = lists.clone();
        fewer.pop();
        wrong.push(("a list short", fewer));
        let mut more = lists.clone();
        more.push(Vec::new());
        wrong.push(("a list too many", more));
        let mut unordered = lists.clone();
        unordered[busy].reverse();
        wrong.push(("out of order", unordered));
        let mut twice = lists.clone();
        let first = twice[busy][0];
        twice[busy].insert(0, first);
        wrong.push(("a claim twice", twice));
        let mut past = lists.clone();
        past[busy].push(doc.claims.len());
        wrong.push(("a claim past the end", past));
        for (what, lists) in wrong {
            assert!(
                Index::with_claim_lists(&doc, lists, false).is_err(),
                "{what}"
            );
        }
    }

    #[test]
    fn claims_shared_out_among_threads_are_listed_as_one_pass_lists_them() {
        // Past the threshold, so the claims are split among the cores.
        let doc = crate::model::synth::synthetic(9_000, 7);
        let index = Index::build_without_search(&doc);
        let one_pass = index.claims_mentioning_one_pass(&doc);
        assert!(!one_pass.is_empty());
        assert_eq!(index.claims_of, one_pass);
        for claims in &one_pass.lists {
            assert!(
                claims.windows(2).all(|w| w[0] < w[1]),
                "in file order, once each"
            );
        }
    }
}
