//! The evidence model: entities, claims and views, how they load, validate and index.
//!
//! Nothing under `model` knows about egui; IO happens only in [`io`].

pub mod claim;
pub mod diag;
pub mod entity;
pub mod filter;
pub mod index;
pub mod io;
pub mod search;
pub mod synth;
pub mod validate;
pub mod view;

use serde::{Deserialize, Serialize};

pub use claim::{Cite, Claim, Direction, Level, Number, Relation, Step};
pub use diag::{Diagnostic, Pos};
pub use entity::{
    Cargo, CargoKind, CellType, Disease, Effect, Id, Kind, Mechanism, Named, Pathway, Product,
    ProductKind, Review, Source, Species, Strategy, StrategyKind, Study, Target, Vehicle,
    VehicleClass,
};
pub use index::{Index, Item};
pub use view::{Cell, Column, Edge, FigureView, Node, Panel, Row, TableView};

/// The whole evidence file. Lists keep file order, so saving is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    #[serde(default)]
    pub reviews: Vec<Review>,
    #[serde(default)]
    pub studies: Vec<Study>,
    #[serde(default)]
    pub diseases: Vec<Disease>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub vehicles: Vec<Vehicle>,
    #[serde(default)]
    pub cargos: Vec<Cargo>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub pathways: Vec<Pathway>,
    #[serde(default)]
    pub cell_types: Vec<CellType>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub strategies: Vec<Strategy>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub tables: Vec<TableView>,
    #[serde(default)]
    pub figures: Vec<FigureView>,
}

impl Document {
    /// Number of entities of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Disease => self.diseases.len(),
            Kind::Source => self.sources.len(),
            Kind::Vehicle => self.vehicles.len(),
            Kind::Cargo => self.cargos.len(),
            Kind::Target => self.targets.len(),
            Kind::Pathway => self.pathways.len(),
            Kind::CellType => self.cell_types.len(),
            Kind::Effect => self.effects.len(),
            Kind::Product => self.products.len(),
            Kind::Strategy => self.strategies.len(),
            Kind::Study => self.studies.len(),
            Kind::Review => self.reviews.len(),
        }
    }

    /// The entity of `kind` at `idx`, seen through its naming fields.
    pub fn named(&self, kind: Kind, idx: usize) -> Option<&dyn Named> {
        fn get<T: Named>(list: &[T], idx: usize) -> Option<&dyn Named> {
            list.get(idx).map(|e| e as &dyn Named)
        }
        match kind {
            Kind::Disease => get(&self.diseases, idx),
            Kind::Source => get(&self.sources, idx),
            Kind::Vehicle => get(&self.vehicles, idx),
            Kind::Cargo => get(&self.cargos, idx),
            Kind::Target => get(&self.targets, idx),
            Kind::Pathway => get(&self.pathways, idx),
            Kind::CellType => get(&self.cell_types, idx),
            Kind::Effect => get(&self.effects, idx),
            Kind::Product => get(&self.products, idx),
            Kind::Strategy => get(&self.strategies, idx),
            Kind::Study => get(&self.studies, idx),
            Kind::Review => get(&self.reviews, idx),
        }
    }

    /// Every entity of the kinds that form a hierarchy (diseases, sources, vehicles, cell
    /// types), with its position and its parent id.
    pub fn hierarchy(&self) -> Vec<HierarchyLink<'_>> {
        fn links<'a, T: Named>(
            kind: Kind,
            list: &'a [T],
            parent: impl Fn(&'a T) -> Option<&'a str>,
        ) -> impl Iterator<Item = HierarchyLink<'a>> {
            list.iter().enumerate().map(move |(idx, e)| HierarchyLink {
                kind,
                idx,
                id: e.id(),
                parent: parent(e),
            })
        }
        links(Kind::Disease, &self.diseases, |e| e.parent.as_deref())
            .chain(links(Kind::Source, &self.sources, |e| e.parent.as_deref()))
            .chain(links(Kind::Vehicle, &self.vehicles, |e| {
                e.parent.as_deref()
            }))
            .chain(links(Kind::CellType, &self.cell_types, |e| {
                e.parent.as_deref()
            }))
            .collect()
    }

    /// Appends every list of `other` to this document's lists.
    pub fn append(&mut self, other: Document) {
        self.reviews.extend(other.reviews);
        self.studies.extend(other.studies);
        self.diseases.extend(other.diseases);
        self.sources.extend(other.sources);
        self.vehicles.extend(other.vehicles);
        self.cargos.extend(other.cargos);
        self.targets.extend(other.targets);
        self.pathways.extend(other.pathways);
        self.cell_types.extend(other.cell_types);
        self.effects.extend(other.effects);
        self.products.extend(other.products);
        self.strategies.extend(other.strategies);
        self.claims.extend(other.claims);
        self.tables.extend(other.tables);
        self.figures.extend(other.figures);
    }
}

impl Document {
    /// Merges entities defined more than once with the same id and kind (as happens when
    /// several curators' files are combined): the first definition wins, and the other
    /// definitions' names and aliases become aliases. Returns one note per merge.
    /// Claims, tables and figures are never merged: a repeated id there stays an error.
    pub fn merge_duplicate_entities(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        merge_list(&mut self.reviews, &mut notes);
        merge_list(&mut self.studies, &mut notes);
        merge_list(&mut self.diseases, &mut notes);
        merge_list(&mut self.sources, &mut notes);
        merge_list(&mut self.vehicles, &mut notes);
        merge_list(&mut self.cargos, &mut notes);
        merge_list(&mut self.targets, &mut notes);
        merge_list(&mut self.pathways, &mut notes);
        merge_list(&mut self.cell_types, &mut notes);
        merge_list(&mut self.effects, &mut notes);
        merge_list(&mut self.products, &mut notes);
        merge_list(&mut self.strategies, &mut notes);
        notes
    }
}

/// One child → parent link of a hierarchy.
#[derive(Clone, Copy, Debug)]
pub struct HierarchyLink<'a> {
    pub kind: Kind,
    pub idx: usize,
    pub id: &'a str,
    pub parent: Option<&'a str>,
}

/// Entities whose aliases can absorb a duplicate's names.
pub trait Aliased: Named {
    fn aliases_mut(&mut self) -> &mut Vec<String>;
}

fn merge_list<T: Aliased>(list: &mut Vec<T>, notes: &mut Vec<String>) {
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut keep: Vec<T> = Vec::with_capacity(list.len());
    for entity in list.drain(..) {
        match first_of.get(entity.id()) {
            Some(&at) => {
                let Some(first) = keep.get_mut(at) else {
                    continue;
                };
                let mut added = Vec::new();
                let names = [entity.zh(), entity.en(), entity.abbr()]
                    .into_iter()
                    .chain(entity.aliases().iter().map(String::as_str));
                for name in names {
                    let name = name.trim();
                    let known = name.is_empty()
                        || [first.zh(), first.en(), first.abbr()].contains(&name)
                        || first.aliases().iter().any(|a| a == name);
                    if !known {
                        first.aliases_mut().push(name.to_owned());
                        added.push(name.to_owned());
                    }
                }
                notes.push(if added.is_empty() {
                    format!("merged duplicate `{}`", entity.id())
                } else {
                    format!(
                        "merged duplicate `{}`; new aliases: {}",
                        entity.id(),
                        added.join(", ")
                    )
                });
            }
            None => {
                first_of.insert(entity.id().to_owned(), keep.len());
                keep.push(entity);
            }
        }
    }
    *list = keep;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl io::HasId for $t {
            fn id(&self) -> &str { &self.id }
        }
    )*};
}
has_id!(
    Review, Study, Disease, Source, Vehicle, Cargo, Target, Pathway, CellType, Effect, Product,
    Strategy, Claim, TableView, FigureView
);

macro_rules! aliased {
    ($($t:ty),*) => {$(
        impl Aliased for $t {
            fn aliases_mut(&mut self) -> &mut Vec<String> { &mut self.aliases }
        }
    )*};
}
aliased!(
    Review, Study, Disease, Source, Vehicle, Cargo, Target, Pathway, CellType, Effect, Product,
    Strategy
);

/// Everything a loaded file gives the app: the document, its derived index and the
/// problems found. Built once per revision of the document.
pub struct Loaded {
    pub doc: Document,
    pub index: Index,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads, validates and indexes one or more files as one document.
pub fn load_files(paths: &[std::path::PathBuf]) -> Loaded {
    finish(io::read_files(paths))
}

/// Loads several curators' files as one document, merging entities they both define
/// (see [`Document::merge_duplicate_entities`]), then validates and indexes it.
pub fn load_and_merge_files(paths: &[std::path::PathBuf]) -> (Loaded, Vec<String>) {
    let mut parsed = io::read_files(paths);
    let notes = parsed.doc.merge_duplicate_entities();
    // Keep the locations of ids that are still defined more than once (a claim id
    // reused, or one id used for two different kinds).
    let mut n_defs: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let doc = &parsed.doc;
    let entity_ids = Kind::ALL.iter().flat_map(|&kind| {
        (0..doc.count(kind)).filter_map(move |i| doc.named(kind, i).map(|n| n.id()))
    });
    let view_ids = doc
        .claims
        .iter()
        .map(|c| c.id.as_str())
        .chain(doc.tables.iter().map(|t| t.id.as_str()))
        .chain(doc.figures.iter().map(|f| f.id.as_str()));
    for id in entity_ids.chain(view_ids) {
        *n_defs.entry(id).or_default() += 1;
    }
    let still_duplicated: std::collections::HashSet<String> = n_defs
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(id, _)| id.to_owned())
        .collect();
    parsed
        .origins
        .duplicates
        .retain(|(id, _, _)| still_duplicated.contains(id));
    (finish(parsed), notes)
}

/// Loads, validates and indexes an in-memory file.
pub fn load_bytes(path: &std::path::Path, bytes: &[u8]) -> Loaded {
    finish(io::parse_bytes(path, bytes))
}

fn finish(parsed: io::Parsed) -> Loaded {
    let io::Parsed {
        doc,
        mut diagnostics,
        origins,
    } = parsed;
    // Validation and indexing only read the document: run them side by side.
    let (problems, index) = std::thread::scope(|scope| {
        let problems = scope.spawn(|| validate::validate(&doc, &origins));
        let index = Index::build(&doc);
        (problems.join(), index)
    });
    match problems {
        Ok(problems) => diagnostics.extend(problems),
        Err(_) => diagnostics.push(Diagnostic::in_file(
            origins.file(0),
            "internal error while validating; please report it",
        )),
    }
    // Read in file order, top to bottom, as an editor would list them.
    diagnostics.sort_by_key(|d| {
        let file_idx = origins.files.iter().position(|f| *f == d.file);
        (file_idx, d.pos.is_none(), d.pos)
    });
    Loaded {
        doc,
        index,
        diagnostics,
    }
}
