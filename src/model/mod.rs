//! The evidence model: entities, claims and views, how they load, validate and index.
//!
//! Nothing under `model` knows about egui; IO happens only in [`io`].

pub mod claim;
pub mod conflict;
pub mod deck;
pub mod diag;
pub mod diff;
pub mod edit;
pub mod entity;
pub mod evidence;
pub mod filter;
pub mod gapmap;
pub mod hash;
pub mod index;
pub mod io;
pub(crate) mod kinds;
pub mod lint;
pub(crate) mod par;
pub mod refs;
pub mod search;
pub mod sources;
pub mod synth;
pub mod tabular;
pub mod validate;
pub mod view;

use serde::{Deserialize, Serialize};

use crate::platform::{Progress, Stage};

pub use claim::{Caveat, Cite, Claim, Direction, Level, Number, Relation, Step, Tier};
pub use diag::{Diagnostic, Origins, Pos};
pub use entity::{
    Cargo, CargoKind, CellType, Disease, Effect, Entity, EntityRef, Id, IdList, Kind, Mechanism,
    Named, NamedMut, Pathway, Product, ProductKind, Review, Source, Species, Strategy,
    StrategyKind, Study, Target, Vehicle, VehicleClass,
};
pub use index::{Index, Item};
pub use sources::Sources;
pub use validate::Problem;
pub use view::{Cell, Column, Edge, FigureView, Node, Panel, Row, TableView};

macro_rules! define_document {
    ($($variant:ident, $ty:ident, $field:ident, $rank:literal, $noun:literal, $en:literal, $zh:literal;)*) => {
        /// The whole evidence file. Lists keep file order, so saving is deterministic.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Document {
            /// The file format version ([`io::FORMAT_VERSION`]).
            pub version: u32,
            $(
                #[doc = $en]
                #[serde(default)]
                pub $field: Vec<$ty>,
            )*
            /// The findings.
            #[serde(default)]
            pub claims: Vec<Claim>,
            /// The reviews' tables.
            #[serde(default)]
            pub tables: Vec<TableView>,
            /// The reviews' figures.
            #[serde(default)]
            pub figures: Vec<FigureView>,
        }

        /// The top-level fields of `Evidence(…)`, in file order.
        pub const TOP_FIELDS: &[&str] =
            &["version", $(stringify!($field),)* "claims", "tables", "figures"];

        impl Document {
    /// How many records with an id the document holds: entities of every kind, claims,
    /// tables and figures.
    pub fn n_records(&self) -> usize {
        Kind::FILE_ORDER
            .iter()
            .map(|&kind| self.count(kind))
            .sum::<usize>()
            + self.claims.len()
            + self.tables.len()
            + self.figures.len()
    }

            /// Number of entities of `kind`.
            pub fn count(&self, kind: Kind) -> usize {
                match kind {
                    $(Kind::$variant => self.$field.len(),)*
                }
            }

            /// The entity of `kind` at `idx`.
            pub fn entity(&self, kind: Kind, idx: usize) -> Option<EntityRef<'_>> {
                match kind {
                    $(Kind::$variant => self.$field.get(idx).map(EntityRef::$variant),)*
                }
            }

            /// The entity of `kind` at `idx`, seen through its naming fields.
            pub fn named(&self, kind: Kind, idx: usize) -> Option<&dyn Named> {
                match kind {
                    $(Kind::$variant => self.$field.get(idx).map(|e| e as &dyn Named),)*
                }
            }

            /// Appends an entity to the list of its kind.
            pub fn push_entity(&mut self, entity: Entity) {
                match entity {
                    $(Entity::$variant(e) => self.$field.push(e),)*
                }
            }

            /// Puts `entity` at `idx` of its kind's list, returning the entity that was
            /// there; `None` (and nothing changed) when there is no such position.
            pub fn set_entity(&mut self, idx: usize, entity: Entity) -> Option<Entity> {
                match entity {
                    $(Entity::$variant(e) => self
                        .$field
                        .get_mut(idx)
                        .map(|slot| Entity::$variant(std::mem::replace(slot, e))),)*
                }
            }

            /// Inserts `entity` at `idx` of its kind's list; false (and nothing changed)
            /// when `idx` is past its end.
            pub fn insert_entity(&mut self, idx: usize, entity: Entity) -> bool {
                match entity {
                    $(Entity::$variant(e) => {
                        let fits = idx <= self.$field.len();
                        if fits {
                            self.$field.insert(idx, e);
                        }
                        fits
                    })*
                }
            }

            /// Removes and returns the entity at `idx` of the `kind` list.
            pub fn remove_entity(&mut self, kind: Kind, idx: usize) -> Option<Entity> {
                match kind {
                    $(Kind::$variant => (idx < self.$field.len())
                        .then(|| Entity::$variant(self.$field.remove(idx))),)*
                }
            }

            /// Appends every list of `other` to this document's lists.
            pub fn append(&mut self, other: Document) {
                $(self.$field.extend(other.$field);)*
                self.claims.extend(other.claims);
                self.tables.extend(other.tables);
                self.figures.extend(other.figures);
            }

            /// Merges entities defined more than once with the same id and kind (as
            /// happens when several curators' files are combined): the first definition
            /// wins, and the other definitions' names and aliases become aliases. Returns
            /// one note per merge. Claims, tables and figures are never merged: a
            /// repeated id there stays an error.
            pub fn merge_duplicate_entities(&mut self) -> Vec<String> {
                let mut notes = Vec::new();
                $(merge_list(&mut self.$field, &mut notes);)*
                notes
            }
        }

        $(
            impl io::HasId for $ty {
                fn id(&self) -> &str { &self.id }
            }
        )*

        /// Every list of a [`Document`] but its claims, borrowed: the reopen cache
        /// writes the claims apart, in chunks it decodes side by side. Made by the same
        /// kind table as the document, so it cannot miss a field.
        #[derive(Serialize)]
        pub(crate) struct DocumentHead<'a> {
            version: u32,
            $($field: &'a [$ty],)*
            tables: &'a [TableView],
            figures: &'a [FigureView],
        }

        /// A [`DocumentHead`] read back; [`OwnedHead::with_claims`] makes the document.
        #[derive(Deserialize)]
        pub(crate) struct OwnedHead {
            version: u32,
            $($field: Vec<$ty>,)*
            tables: Vec<TableView>,
            figures: Vec<FigureView>,
        }

        impl Document {
            /// Every list but the claims.
            pub(crate) fn head(&self) -> DocumentHead<'_> {
                DocumentHead {
                    version: self.version,
                    $($field: &self.$field,)*
                    tables: &self.tables,
                    figures: &self.figures,
                }
            }
        }

        impl OwnedHead {
            /// The document of this head and `claims`.
            pub(crate) fn with_claims(self, claims: Vec<Claim>) -> Document {
                Document {
                    version: self.version,
                    $($field: self.$field,)*
                    claims,
                    tables: self.tables,
                    figures: self.figures,
                }
            }
        }
    };
}
kinds::for_each_kind!(define_document);

impl io::HasId for Claim {
    fn id(&self) -> &str {
        &self.id
    }
}

impl io::HasId for TableView {
    fn id(&self) -> &str {
        &self.id
    }
}

impl io::HasId for FigureView {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Any top-level record of the file: an entity, a claim, a table or a figure.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// An entity of any kind.
    Entity(Entity),
    /// A finding (boxed: claims are large).
    Claim(Box<Claim>),
    /// A review table.
    Table(TableView),
    /// A review figure.
    Figure(FigureView),
}

impl Record {
    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            Record::Entity(entity) => entity.id(),
            Record::Claim(claim) => &claim.id,
            Record::Table(table) => &table.id,
            Record::Figure(figure) => &figure.id,
        }
    }
}

impl Document {
    /// The id of the record at `item`, if it exists in this revision.
    pub fn id_of(&self, item: Item) -> Option<&str> {
        match item {
            Item::Entity(kind, idx) => self.named(kind, idx).map(Named::id),
            Item::Claim(idx) => self.claims.get(idx).map(|c| c.id.as_str()),
            Item::Table(idx) => self.tables.get(idx).map(|t| t.id.as_str()),
            Item::Figure(idx) => self.figures.get(idx).map(|f| f.id.as_str()),
        }
    }

    /// A copy of the record at `item`.
    pub fn record(&self, item: Item) -> Option<Record> {
        match item {
            Item::Entity(kind, idx) => self.entity(kind, idx).map(|e| Record::Entity(e.to_owned())),
            Item::Claim(idx) => self
                .claims
                .get(idx)
                .cloned()
                .map(|c| Record::Claim(Box::new(c))),
            Item::Table(idx) => self.tables.get(idx).cloned().map(Record::Table),
            Item::Figure(idx) => self.figures.get(idx).cloned().map(Record::Figure),
        }
    }

    /// Every entity that has a parent (diseases, sources, vehicles, cargo — a miRNA arm
    /// under its family — and cell types form hierarchies), with its position and its
    /// parent id.
    pub fn hierarchy(&self) -> Vec<HierarchyLink<'_>> {
        let mut links = Vec::new();
        for &kind in Kind::FILE_ORDER {
            for idx in 0..self.count(kind) {
                if let Some(named) = self.named(kind, idx)
                    && let Some(parent) = named.parent()
                {
                    links.push(HierarchyLink {
                        kind,
                        idx,
                        id: named.id(),
                        parent,
                    });
                }
            }
        }
        links
    }

    /// The display name of any item in `lang`: its name, else its id; a table or
    /// figure is its label and caption.
    pub fn display_name(&self, item: Item, lang: crate::lang::Lang) -> String {
        match item {
            Item::Entity(kind, idx) => self
                .named(kind, idx)
                .map(|named| {
                    let name = lang.pick(named.zh(), named.en());
                    if name.is_empty() {
                        named.id().to_owned()
                    } else {
                        name
                    }
                })
                .unwrap_or_default(),
            // A claim just made has no summary yet: say so rather than show nothing.
            Item::Claim(idx) => self
                .claims
                .get(idx)
                .map(|c| lang.pick(&c.zh, &c.en))
                .filter(|name| !name.trim().is_empty())
                .unwrap_or_else(|| lang.label("（尚无摘要的证据）", "(claim without a summary)")),
            Item::Table(idx) => self
                .tables
                .get(idx)
                .map(|t| format!("{} {}", t.label, lang.pick(&t.zh, &t.en)))
                .unwrap_or_default(),
            Item::Figure(idx) => self
                .figures
                .get(idx)
                .map(|f| format!("{} {}", f.label, lang.pick(&f.zh, &f.en)))
                .unwrap_or_default(),
        }
    }
}

/// One child → parent link of a hierarchy.
#[derive(Clone, Copy, Debug)]
pub struct HierarchyLink<'a> {
    /// The child's kind (the parent has the same kind).
    pub kind: Kind,
    /// The child's position in its list.
    pub idx: usize,
    /// The child's id.
    pub id: &'a str,
    /// The parent's id.
    pub parent: &'a str,
}

fn merge_list<T: NamedMut>(list: &mut Vec<T>, notes: &mut Vec<String>) {
    // For each id: where its first definition is kept, and the names it already has (so
    // that merging many repeats of one id stays linear).
    let mut first_of: std::collections::HashMap<String, (usize, rustc_hash::FxHashSet<String>)> =
        std::collections::HashMap::new();
    let mut keep: Vec<T> = Vec::with_capacity(list.len());
    for entity in list.drain(..) {
        match first_of.get_mut(entity.id()) {
            Some((at, known_names)) => {
                let Some(first) = keep.get_mut(*at) else {
                    continue;
                };
                if known_names.is_empty() {
                    known_names.extend(
                        [first.zh(), first.en(), first.abbr()]
                            .into_iter()
                            .chain(first.aliases().iter().map(String::as_str))
                            .map(str::to_owned),
                    );
                }
                let mut added = Vec::new();
                let names = [entity.zh(), entity.en(), entity.abbr()]
                    .into_iter()
                    .chain(entity.aliases().iter().map(String::as_str));
                for name in names {
                    let name = name.trim();
                    if !name.is_empty() && known_names.insert(name.to_owned()) {
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
                first_of.insert(
                    entity.id().to_owned(),
                    (keep.len(), rustc_hash::FxHashSet::default()),
                );
                keep.push(entity);
            }
        }
    }
    *list = keep;
}

/// Everything a loaded file gives the app: the document, its derived index and the
/// problems found. Built once per revision of the document.
pub struct Loaded {
    /// The document as loaded (entries that failed to parse are left out).
    pub doc: Document,
    /// Lookups, backlinks and search over `doc`.
    pub index: Index,
    /// The problems found, in file order: all of them, or the first
    /// [`diag::MAX_LISTED`] (and those explaining the others, such as a file cut short)
    /// when there are more.
    pub diagnostics: Vec<Diagnostic>,
    /// How many more problems were found than `diagnostics` lists (counted, not kept).
    pub unlisted: usize,
    /// Where each record was defined, to locate later findings (the strict check, edits).
    pub origins: Origins,
    /// 64-bit FNV-1a of the file bytes as loaded (several files, as a folder: the FNV-1a
    /// of each file's FNV-1a, in order), computed once at load; exports cite it
    /// ([`hash::short_hash`]).
    pub hash: u64,
    /// The file each record came from, and the folder when one was opened.
    pub sources: Sources,
    /// Each file's FNV-1a, parallel to `sources.files()` (`None`: it could not be read).
    pub file_hashes: Vec<Option<u64>>,
    /// The search index was left to be built later ([`Search::Later`]): `index.search`
    /// is empty until [`search::SearchIndex::build`] is installed.
    pub search_deferred: bool,
}

/// When a load builds the search index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// With the other indices (what every load did so far).
    Now,
    /// Not at all: the caller builds it (in the background: the app shows the evidence
    /// first), or never needs it (`check`).
    Later,
}

impl Search {
    fn index(self, doc: &Document) -> Index {
        match self {
            Search::Now => Index::build(doc),
            Search::Later => Index::build_without_search(doc),
        }
    }
}

impl Loaded {
    /// Every problem found, listed or not.
    pub fn n_problems(&self) -> usize {
        self.diagnostics.len() + self.unlisted
    }

    /// The curation heuristics of [`lint`], located in the file like diagnostics.
    pub fn lint_diagnostics(&self) -> Vec<Diagnostic> {
        let mut found: Vec<Diagnostic> = lint::lint(&self.doc)
            .iter()
            .map(|p| self.origins.locate(p))
            .collect();
        found.sort_by_key(|d| d.pos);
        found
    }
}

/// Loads, validates and indexes one or more files as one document.
pub fn load_files(paths: &[std::path::PathBuf]) -> Loaded {
    load_files_with(paths, &Progress::default())
}

/// [`load_files`], publishing its progress.
pub fn load_files_with(paths: &[std::path::PathBuf], progress: &Progress) -> Loaded {
    progress.start(Stage::Reading, 0);
    finish(io::read_files(paths, progress), progress, Search::Now)
}

/// [`load_files`] without the search index (`check`: it never searches, and the search
/// index is about half of the index's time and memory at scale).
pub fn load_files_without_search(paths: &[std::path::PathBuf]) -> Loaded {
    let progress = Progress::default();
    finish(io::read_files(paths, &progress), &progress, Search::Later)
}

/// How the reopen cache served a load ([`load_files_cached`]).
#[derive(Debug)]
pub enum CacheUse {
    /// No cache folder, a folder or several files, or a file that could not be read:
    /// loaded from the text as usual.
    Off,
    /// Read from the cache: the entry was written after a clean load of these very
    /// bytes by this build, so no text was parsed and nothing needed validating.
    Hit,
    /// Loaded from the text; `why` the cache was not used. After a clean load a new
    /// entry is being written in the background (`writing`; nothing has to wait for it).
    Miss {
        /// Why there was no usable entry (none yet, stale, corrupt …).
        why: String,
        /// The background write of the new entry, when the load was clean.
        writing: Option<std::thread::JoinHandle<Result<std::path::PathBuf, String>>>,
    },
}

/// [`load_files_with`] through the reopen cache in `cache_dir` (see [`io::cache`]):
/// unchanged files load from the cache; others from their text, and a clean load
/// writes a new entry. `None` loads from the text and writes nothing. Diagnostics are
/// the text's either way (an entry exists only for a load without any).
pub fn load_files_cached(
    paths: &[std::path::PathBuf],
    cache_dir: Option<&std::path::Path>,
    progress: &Progress,
) -> (Loaded, CacheUse) {
    load_files_cached_with(paths, cache_dir, progress, Search::Now)
}

/// [`load_files_cached`], the search index built now or left for later (the app's
/// loads: the evidence shows while it is built in the background).
pub fn load_files_cached_with(
    paths: &[std::path::PathBuf],
    cache_dir: Option<&std::path::Path>,
    progress: &Progress,
    search: Search,
) -> (Loaded, CacheUse) {
    // One regular file: a folder (or several files) loads from its text, since an
    // entry keeps one file's positions and hash.
    let one_file = match paths {
        [path] if !path.is_dir() => Some(path),
        _ => None,
    };
    let (Some(dir), Some(path)) = (cache_dir, one_file) else {
        progress.start(Stage::Reading, 0);
        return (
            finish(io::read_files(paths, progress), progress, search),
            CacheUse::Off,
        );
    };
    progress.start(Stage::Reading, 0);
    // The key is hashed from the file a block at a time, beside the decoding of the
    // entry its length suggests: on a hit its text is never held in memory. A file
    // that cannot be read is reported by the text path.
    let why = match io::cache::read_for_file(dir, path) {
        Ok(cached) => match from_cache(paths, cached, progress, search) {
            Ok(loaded) => return (loaded, CacheUse::Hit),
            Err(why) => why,
        },
        Err(why) => why,
    };
    let reads = io::read_all(paths);
    let contents: Option<Vec<&[u8]>> = reads.iter().map(|r| r.as_deref().ok()).collect();
    let Some(contents) = contents else {
        return (
            finish(io::parse_reads(paths, &reads, progress), progress, search),
            CacheUse::Off,
        );
    };
    // The key of the bytes parsed: the file may have changed since it was hashed
    // above, and an entry must be filed under what it was made from.
    let key = io::cache::Key::of(&contents);
    let parsed = io::parse_reads(paths, &reads, progress);
    // The text is not needed past the parse.
    drop(reads);
    // The entry is encoded beside validation and indexing, when the text read without
    // a problem (and kept only when validation finds none either).
    let read_clean = parsed.diagnostics.is_empty();
    let (loaded, unsealed) = finish_with(parsed, progress, search, |doc, origins, hash| {
        read_clean
            .then(|| io::cache::encode(key, doc, &origins.lists, hash).ok())
            .flatten()
    });
    // The claims per item are added once the index has them; the checksum is made on
    // the thread that writes the entry.
    let writing = unsealed
        .filter(|_| loaded.n_problems() == 0)
        .and_then(|unsealed| unsealed.with_claim_lists(&loaded.index).ok())
        .map(|entry| io::cache::store(dir.to_path_buf(), key, entry));
    (loaded, CacheUse::Miss { why, writing })
}

/// The load a cache entry stands for: origins rebuilt, the index built; refused when
/// its positions do not fit the document and the files.
fn from_cache(
    paths: &[std::path::PathBuf],
    cached: io::cache::Cached,
    progress: &Progress,
    search: Search,
) -> Result<Loaded, String> {
    progress.start(Stage::Checking, 0);
    let io::cache::Cached {
        doc,
        lists,
        fnv,
        claim_lists,
    } = cached;
    let mut origins = Origins::default();
    origins.files = paths.to_vec();
    let static_field = |name: &str| {
        Kind::FILE_ORDER
            .iter()
            .map(|kind| kind.field())
            .chain(["claims", "tables", "figures"])
            .find(|field| *field == name)
    };
    for (field, positions) in lists {
        let field = static_field(&field).ok_or("an unknown list in the cache entry")?;
        let positions: Vec<(usize, Pos)> = positions
            .into_iter()
            .map(|(file, line, col)| {
                let pos = Pos {
                    line: line as usize,
                    col: col as usize,
                };
                (file as usize, pos)
            })
            .collect();
        if positions.iter().any(|(file, _)| *file >= paths.len()) {
            return Err("a position in a file not loaded".to_owned());
        }
        origins.lists.insert(field, positions);
    }
    let count = |field: &str| origins.lists.get(field).map_or(0, Vec::len);
    let fits = Kind::FILE_ORDER
        .iter()
        .all(|&kind| count(kind.field()) == doc.count(kind))
        && count("claims") == doc.claims.len()
        && count("tables") == doc.tables.len()
        && count("figures") == doc.figures.len();
    if !fits {
        return Err("positions that do not fit the document".to_owned());
    }
    // The definitions' positions and the index are independent: side by side.
    let (index, origins) = std::thread::scope(|scope| {
        let definitions = scope.spawn(|| {
            origins.index_definitions(&doc);
            origins
        });
        // The claims per item come from the entry: no lookup per reference.
        let index = Index::with_claim_lists(&doc, claim_lists, search == Search::Now);
        // A panic there is a bug, not bad input: re-raise it.
        let origins = definitions
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (index, origins)
    });
    let index = index?;
    let sources = Sources::from_loader(None, paths.to_vec(), &origins.lists, &doc);
    Ok(Loaded {
        doc,
        index,
        diagnostics: Vec::new(),
        unlisted: 0,
        sources,
        origins,
        hash: fnv,
        file_hashes: vec![Some(fnv)],
        search_deferred: search == Search::Later,
    })
}

/// Loads several curators' files as one document, merging entities they both define
/// (see [`Document::merge_duplicate_entities`]), then validates and indexes it.
pub fn load_and_merge_files(paths: &[std::path::PathBuf]) -> (Loaded, Vec<String>) {
    let progress = Progress::default();
    let mut parsed = io::read_files(paths, &progress);
    // Merging keeps the first entity of each id in each list: keep its position only, so
    // the positions stay parallel to the lists (a claim id reused, or one id used for two
    // kinds, is still defined more than once and still located).
    for &kind in Kind::FILE_ORDER {
        let doc = &parsed.doc;
        let mut seen = std::collections::HashSet::new();
        let keep: Vec<bool> = (0..doc.count(kind))
            .map(|idx| doc.named(kind, idx).is_some_and(|n| seen.insert(n.id())))
            .collect();
        if let Some(positions) = parsed.origins.lists.get_mut(kind.field()) {
            let mut keep = keep.iter();
            positions.retain(|_| keep.next().copied().unwrap_or(false));
        }
    }
    let notes = parsed.doc.merge_duplicate_entities();
    parsed.origins.index_definitions(&parsed.doc);
    (finish(parsed, &progress, Search::Now), notes)
}

/// Loads, validates and indexes an in-memory file.
pub fn load_bytes(path: &std::path::Path, bytes: &[u8]) -> Loaded {
    load_bytes_with(path, bytes, &Progress::default())
}

/// [`load_bytes`], publishing its progress.
pub fn load_bytes_with(path: &std::path::Path, bytes: &[u8], progress: &Progress) -> Loaded {
    finish(
        io::parse_bytes(path, bytes, progress),
        progress,
        Search::Now,
    )
}

fn finish(parsed: io::Parsed, progress: &Progress, search: Search) -> Loaded {
    finish_with(parsed, progress, search, |_, _, _| ()).0
}

/// [`finish`], running `beside` (given the document, its origins and its hash) on a
/// thread of its own beside validation and indexing.
fn finish_with<R: Send>(
    parsed: io::Parsed,
    progress: &Progress,
    search: Search,
    beside: impl FnOnce(&Document, &Origins, u64) -> R + Send,
) -> (Loaded, R) {
    let hash = parsed.content_hash();
    let io::Parsed {
        doc,
        mut diagnostics,
        mut origins,
        file_hashes,
        folder,
        gaps,
        leading,
        fast_misses: _,
    } = parsed;
    progress.start(Stage::Checking, 0);
    // Validation and indexing only read the document: run them side by side. Validation
    // keeps the problems that come first in the file (it can never list more than
    // those) and counts the rest.
    let (problems, index, beside) = std::thread::scope(|scope| {
        let problems = scope.spawn(|| {
            let rank = |problem: &Problem| origins.rank(problem);
            validate::validate_ranked(&doc, &gaps, diag::MAX_LISTED, &rank)
        });
        let beside = scope.spawn(|| beside(&doc, &origins, hash));
        let index = search.index(&doc);
        // A panic beside is a bug, not bad input: re-raise it.
        let beside = beside
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (problems.join(), index, beside)
    });
    // Where the entries that failed are, for messages referring to them.
    origins.failed = gaps.failed;
    match problems {
        // Only here do problems get file positions.
        Ok((problems, more)) => {
            for problem in &problems {
                let diagnostic = origins.locate(problem);
                let file_rank = origins.file_rank(&diagnostic.file);
                diagnostics.push(file_rank, diag::Found::VALIDATION, diagnostic);
            }
            diagnostics.add_unlisted(more);
        }
        Err(_) => {
            let diagnostic = Diagnostic::in_file(
                origins.file(0),
                "internal error while validating; please report it",
            );
            let file_rank = origins.file_rank(&diagnostic.file);
            diagnostics.push(file_rank, diag::Found::VALIDATION, diagnostic);
        }
    }
    // Read in file order, top to bottom, as an editor would list them.
    let (mut diagnostics, unlisted) = diagnostics.into_sorted();
    let sources = Sources::from_loader(folder, origins.files.clone(), &origins.lists, &doc);
    // What explains the others (a file cut short) comes first.
    if !leading.is_empty() {
        diagnostics.splice(0..0, leading);
    }
    let loaded = Loaded {
        doc,
        index,
        diagnostics,
        unlisted,
        origins,
        hash,
        sources,
        file_hashes,
        search_deferred: search == Search::Later,
    };
    (loaded, beside)
}
