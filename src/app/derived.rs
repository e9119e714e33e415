//! Data a page derives from the document, cached per page. Computed once per (page,
//! document revision, filters revision, language), never per frame: the linked entities
//! per kind and the claim groups of an entity page, review and claims tables as
//! [`Tabular`]s, diagram layouts, evidence-map cells.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::nav::Page;
use super::state::AppState;
use crate::diagram::{
    self, Collapse, Drawing, FontMeasure, Graph, LayoutOptions, TextMeasure, entity_graph,
};
use crate::lang::Lang;
use crate::model::conflict::{self, GroupBy, Topic};
use crate::model::evidence::{self, ClaimQuery, ClaimSet, SetClaims, Summary};
use crate::model::gapmap::{self, GapMap};
use crate::model::tabular::{self, Tabular};
use crate::model::{Id, Item, Kind};

/// What a cached page derivation depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    /// The page.
    pub page: Page,
    /// The document revision.
    pub revision: u64,
    /// The filters revision.
    pub filters_revision: u64,
    /// The display language (group titles are names).
    pub lang: Lang,
}

impl PageKey {
    /// The key of `page` in the current state.
    pub fn of(state: &AppState, page: &Page) -> Self {
        Self {
            page: page.clone(),
            revision: state.revision(),
            filters_revision: state.filters_revision(),
            lang: state.lang(),
        }
    }
}

/// A group of claims on an entity page, under a title.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimGroup {
    /// The group's title in the page's language (a vehicle class, disease or review).
    pub title: String,
    /// Claim indices, in file order (valid for the key's revision).
    pub claims: Vec<usize>,
}

/// What an entity page shows besides the entity's own fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityPageData {
    /// Entities sharing claims with this one, by kind (UI order), most shared first:
    /// (id, number of shared claims).
    pub related: Vec<(Kind, Vec<(Id, usize)>)>,
    /// The visible claims, grouped the way a reader of this kind of page expects.
    pub groups: Vec<ClaimGroup>,
    /// Claims mentioning the entity, filtered or not.
    pub n_all: usize,
    /// Claims mentioning the entity that pass the filters (with roll-up: or a
    /// descendant).
    pub n_visible: usize,
    /// The visible claims counted (tier × direction, reviews, children included).
    pub summary: Summary,
    /// Whether the entity has descendants in its hierarchy (the roll-up switch applies).
    pub has_children: bool,
    /// Claims standing on either side of a contradiction among the entity's claims.
    pub n_conflicting: usize,
}

/// A laid-out diagram: the graph (what each node and edge stands for) and its drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramData {
    /// The graph drawn.
    pub graph: Graph,
    /// The drawing, in diagram units.
    pub drawing: Drawing,
}

impl DiagramData {
    /// Lays `graph` out and draws it with the text measure diagrams use.
    pub fn new(graph: Graph, lang: Lang) -> Self {
        let drawing = diagram::draw(&graph, diagram_measure(), &LayoutOptions::default(), lang);
        Self { graph, drawing }
    }
}

/// The text measure every diagram is laid out with, on screen and in exports alike.
pub fn diagram_measure() -> &'static dyn TextMeasure {
    FontMeasure::bundled()
}

/// What a figure page derives: every panel drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FigurePageData {
    /// One diagram per panel, in the figure's order.
    pub panels: Vec<DiagramData>,
}

/// What a generated diagram page derives.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramPageData {
    /// The diagram.
    pub diagram: DiagramData,
    /// Claims drawn from (mentioning the entity and passing the filters).
    pub n_claims: usize,
    /// Of those, claims with no mechanism steps (nothing to draw; listed instead).
    pub without_steps: Vec<usize>,
    /// Claims mentioning the entity, filtered or not.
    pub n_all: usize,
}

/// Derived data of one page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageData {
    /// An entity page.
    Entity(EntityPageData),
    /// A review table page.
    Table(TablePageData),
    /// A review figure page.
    Figure(FigurePageData),
    /// A generated diagram page.
    Diagram(DiagramPageData),
    /// A claims table page.
    Claims(ClaimsPageData),
    /// The evidence gap map.
    EvidenceMap(GapMap),
    /// A contradictions page (one entity's, or the list).
    Conflicts(ConflictsPageData),
    /// A page that derives nothing.
    Nothing,
}

/// What a claims table page derives.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimsPageData {
    /// What the table shows, in words ("tumors and 12 child diseases · animal").
    pub title: String,
    /// The claims (indices, file order) and the children included.
    pub set: SetClaims,
    /// The claims as a table, in the page's language.
    pub table: Tabular,
    /// Their counts.
    pub summary: Summary,
    /// False when the set names a record that does not exist.
    pub found: bool,
}

/// What a contradictions page derives.
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictsPageData {
    /// One entity's contradictions, with the claims they were found among.
    Entity {
        /// The entity.
        item: Item,
        /// Opposite findings, by topic.
        topics: Vec<Topic>,
        /// Claims considered (the entity's visible claims).
        n_claims: usize,
    },
    /// Every entity with contradictions: (entity, topics, conflicting claims).
    List(Vec<(Item, usize, usize)>),
    /// The entity does not exist.
    Missing,
}

/// What a review table page derives: the table as a [`Tabular`] (every cell's verbatim
/// text, its links, each row's claims), which the table widget sorts, filters, measures
/// and exports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TablePageData {
    /// The table.
    pub table: Tabular,
}

fn table_page(state: &AppState, table_idx: usize) -> TablePageData {
    TablePageData {
        table: tabular::review_table(state.doc(), state.index(), table_idx).unwrap_or_default(),
    }
}

/// A small cache of derived page data: the current page and the last few visited, so
/// going back is instant too.
#[derive(Default)]
pub struct PageCache {
    entries: Vec<(PageKey, Arc<PageData>)>,
    n_builds: u64,
}

/// Pages kept in the cache.
const CACHE_PAGES: usize = 8;

impl PageCache {
    /// The data of `page`, built if the cache has none for the current state.
    pub fn get(&mut self, state: &AppState, page: &Page) -> Arc<PageData> {
        let key = PageKey::of(state, page);
        if let Some(pos) = self.entries.iter().position(|(k, _)| *k == key) {
            let entry = self.entries.remove(pos);
            let data = Arc::clone(&entry.1);
            self.entries.push(entry);
            return data;
        }
        let data = Arc::new(build(state, page));
        self.n_builds += 1;
        self.entries.push((key, Arc::clone(&data)));
        if self.entries.len() > CACHE_PAGES {
            self.entries.remove(0);
        }
        data
    }

    /// How many times page data was built (tests check that frames reuse it).
    pub fn n_builds(&self) -> u64 {
        self.n_builds
    }
}

fn build(state: &AppState, page: &Page) -> PageData {
    let item = page.id().and_then(|id| state.index().item(id));
    if let Page::Diagram(diagram) = page {
        return match item {
            Some(item @ Item::Entity(..)) => PageData::Diagram(diagram_page(
                state,
                item,
                &diagram.entity,
                &diagram.expanded,
            )),
            _ => PageData::Nothing,
        };
    }
    match page {
        Page::Claims(query) => return PageData::Claims(claims_page(state, query)),
        Page::SetDiagram(diagram) => {
            return match set_diagram_page(state, &diagram.query, &diagram.expanded) {
                Some(data) => PageData::Diagram(data),
                None => PageData::Nothing,
            };
        }
        Page::EvidenceMap(axis) => {
            return PageData::EvidenceMap(gapmap::gap_map(
                state.doc(),
                state.index(),
                *axis,
                |i| state.claim_visible(i),
            ));
        }
        Page::Conflicts { entity, group_by } => {
            return PageData::Conflicts(conflicts_page(state, entity.as_deref(), *group_by));
        }
        Page::Home | Page::Item(_) | Page::Diagram(_) => {}
    }
    match item {
        Some(item @ Item::Entity(kind, _)) => PageData::Entity(entity_page(state, kind, item)),
        Some(Item::Table(table_idx)) => PageData::Table(table_page(state, table_idx)),
        Some(Item::Figure(figure_idx)) => PageData::Figure(figure_page(state, figure_idx)),
        Some(Item::Claim(_)) | None => PageData::Nothing,
    }
}

/// The claims a query selects, as a table with its summary.
fn claims_page(state: &AppState, query: &ClaimQuery) -> ClaimsPageData {
    let (doc, index, lang) = (state.doc(), state.index(), state.lang());
    let selected = evidence::select(doc, index, query, |i| state.claim_visible(i));
    let found = selected.is_some();
    let set = selected.unwrap_or_default();
    ClaimsPageData {
        title: query.describe(doc, index, lang),
        table: evidence::claims_table(doc, index, &set.claims, lang),
        summary: Summary::of(doc, &set),
        set,
        found,
    }
}

/// The entity's set of claims as its page shows them: with roll-up through its
/// descendants when the switch is on.
pub fn entity_claims(state: &AppState, item: Item) -> SetClaims {
    let doc = state.doc();
    let set = ClaimSet::Entity {
        id: doc.id_of(item).unwrap_or_default().into(),
        rollup: state.rollup(),
    };
    evidence::claims_of_set(doc, state.index(), &set, |i| state.claim_visible(i))
        .unwrap_or_default()
}

fn conflicts_page(state: &AppState, entity: Option<&str>, group_by: GroupBy) -> ConflictsPageData {
    let (doc, index) = (state.doc(), state.index());
    let visible = |i| state.claim_visible(i);
    let Some(entity) = entity else {
        return ConflictsPageData::List(conflict::entities_with_contradictions(
            doc, index, visible,
        ));
    };
    match index.item(entity) {
        Some(item @ Item::Entity(..)) => {
            let claims = entity_claims(state, item).claims;
            ConflictsPageData::Entity {
                item,
                topics: conflict::contradictions(doc, index, item, &claims, group_by, state.lang()),
                n_claims: claims.len(),
            }
        }
        Some(Item::Claim(_) | Item::Table(_) | Item::Figure(_)) | None => {
            ConflictsPageData::Missing
        }
    }
}

/// Every panel of a figure, drawn.
fn figure_page(state: &AppState, figure_idx: usize) -> FigurePageData {
    let n_panels = state
        .doc()
        .figures
        .get(figure_idx)
        .map_or(0, |f| f.panels.len());
    let panels = (0..n_panels)
        .filter_map(|panel_idx| {
            Graph::from_panel(
                state.doc(),
                state.index(),
                figure_idx,
                panel_idx,
                state.lang(),
            )
        })
        .map(|graph| DiagramData::new(graph, state.lang()))
        .collect();
    FigurePageData { panels }
}

/// The mechanism diagram of an entity: the steps of its visible claims.
fn diagram_page(
    state: &AppState,
    item: Item,
    entity: &str,
    expanded: &BTreeSet<String>,
) -> DiagramPageData {
    let doc = state.doc();
    let claims = state.visible_claims_of(item);
    let without_steps = claims
        .iter()
        .copied()
        .filter(|&idx| doc.claims.get(idx).is_some_and(|c| c.steps.is_empty()))
        .collect();
    let collapse = Collapse {
        expanded: expanded.clone(),
        ..Collapse::default()
    };
    let graph = entity_graph(doc, state.index(), entity, &claims, state.lang(), &collapse);
    DiagramPageData {
        diagram: DiagramData::new(graph, state.lang()),
        n_claims: claims.len(),
        without_steps,
        n_all: state.index().claims_of(item).len(),
    }
}

/// The mechanism diagram of the claims a query selects (those passing the filters), its
/// entity emphasised when the set is an entity's; `None` when the set names a record
/// that does not exist.
fn set_diagram_page(
    state: &AppState,
    query: &ClaimQuery,
    expanded: &BTreeSet<String>,
) -> Option<DiagramPageData> {
    let (doc, index) = (state.doc(), state.index());
    let claims = evidence::select(doc, index, query, |i| state.claim_visible(i))?.claims;
    let n_all = evidence::select(doc, index, query, |_| true).map_or(0, |s| s.claims.len());
    let without_steps = claims
        .iter()
        .copied()
        .filter(|&idx| doc.claims.get(idx).is_some_and(|c| c.steps.is_empty()))
        .collect();
    let focus = match &query.set {
        ClaimSet::Entity { id, .. } => id.as_str(),
        ClaimSet::TableRow { .. } | ClaimSet::All => "",
    };
    let collapse = Collapse {
        expanded: expanded.clone(),
        ..Collapse::default()
    };
    let graph = entity_graph(doc, index, focus, &claims, state.lang(), &collapse);
    Some(DiagramPageData {
        diagram: DiagramData::new(graph, state.lang()),
        n_claims: claims.len(),
        without_steps,
        n_all,
    })
}

/// Linked entities and grouped claims of an entity page.
pub fn entity_page(state: &AppState, kind: Kind, item: Item) -> EntityPageData {
    let doc = state.doc();
    let index = state.index();
    let lang = state.lang();
    let set = entity_claims(state, item);
    let visible = set.claims.clone();

    let mut by_kind: BTreeMap<Kind, BTreeMap<&str, usize>> = BTreeMap::new();
    for &claim_idx in &visible {
        let Some(claim) = doc.claims.get(claim_idx) else {
            continue;
        };
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for id in claim.referenced_ids() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(linked @ Item::Entity(linked_kind, _)) = index.item(id)
                && linked != item
                && linked_kind != Kind::Review
            {
                *by_kind
                    .entry(linked_kind)
                    .or_default()
                    .entry(id)
                    .or_default() += 1;
            }
        }
    }
    let related = by_kind
        .into_iter()
        .map(|(kind, ids)| {
            let mut ids: Vec<(Id, usize)> =
                ids.into_iter().map(|(id, n)| (Id::from(id), n)).collect();
            ids.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (kind, ids)
        })
        .collect();

    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for &claim_idx in &visible {
        let Some(claim) = doc.claims.get(claim_idx) else {
            continue;
        };
        let not_stated = |zh: &str, en: &str| lang.label(zh, en);
        let key = match kind {
            // A disease or source page: by vehicle (cells, exosomes, EVs, engineered).
            Kind::Disease | Kind::Source => {
                let class = claim
                    .vehicles
                    .iter()
                    .filter_map(|v| match index.item(v) {
                        Some(Item::Entity(Kind::Vehicle, i)) => {
                            doc.vehicles.get(i).map(|v| v.class)
                        }
                        _ => None,
                    })
                    .max();
                match class {
                    Some(class) => (class as u8, lang.pick(class.label_zh(), class.label_en())),
                    None => (u8::MAX, not_stated("未指明载体", "vehicle not stated")),
                }
            }
            // A molecule, pathway or cell page: by disease.
            Kind::Cargo | Kind::Target | Kind::Pathway | Kind::Effect | Kind::CellType => {
                match claim.diseases.first().and_then(|d| index.item(d)) {
                    Some(disease) => (0, doc.display_name(disease, lang)),
                    None => (1, not_stated("未指明疾病", "no disease stated")),
                }
            }
            // Anything else: by review.
            Kind::Vehicle | Kind::Product | Kind::Strategy | Kind::Study | Kind::Review => {
                match index.item(&claim.cite.review) {
                    Some(review) => (0, doc.display_name(review, lang)),
                    None => (1, claim.cite.review.to_string()),
                }
            }
        };
        groups.entry(key).or_default().push(claim_idx);
    }
    let topics =
        conflict::contradictions(doc, index, item, &visible, GroupBy::default_for(kind), lang);
    EntityPageData {
        summary: Summary::of(doc, &set),
        has_children: !index.children(item).is_empty(),
        n_conflicting: conflict::n_conflicting(&topics),
        related,
        groups: groups
            .into_iter()
            .map(|((_, title), claims)| ClaimGroup { title, claims })
            .collect(),
        n_all: index.claims_of(item).len(),
        n_visible: visible.len(),
    }
}
