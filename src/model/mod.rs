//! The evidence model: entities, claims and views, how they load, validate and index.
//!
//! Nothing under `model` knows about egui; IO happens only in [`io`].

pub mod claim;
pub mod diag;
pub mod entity;
pub mod index;
pub mod io;
pub mod search;
pub mod validate;
pub mod view;

use serde::{Deserialize, Serialize};

pub use claim::{Cite, Claim, Direction, Level, Number, Relation, Step};
pub use diag::{Diagnostic, Pos};
pub use entity::{
    CargoKind, CellType, Cargo, Disease, Effect, Id, Kind, Mechanism, Named, Pathway, Product,
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
    diagnostics.extend(validate::validate(&doc, &origins));
    let index = Index::build(&doc);
    Loaded {
        doc,
        index,
        diagnostics,
    }
}
