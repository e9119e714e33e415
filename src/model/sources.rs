//! Which file each record came from: [`Sources`], for documents loaded from several files
//! (an evidence folder: one file per review and a shared `entities.ron`), so that a save
//! writes every record back to its own file.
//!
//! Compact: per record, the FNV-1a hash of its id and the index of its file (16 bytes;
//! 1.6 MB for 100,000 records), list by list in document order. The hash lets a save
//! find each record's file again after edits moved positions (inserts, deletes, undo,
//! a restored crash snapshot): a record keeps its file for as long as its id is known,
//! and only records the files have never held are placed by [`Sources::place`]'s rules.
//! Pure: no file is read or written here (that is [`super::io::folder`]).

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::hash::fnv1a;
use super::{Document, Item, Kind};

/// The name of the shared file of entities in an evidence folder.
pub const ENTITIES_FILE: &str = "entities.ron";

/// How many top-level lists a document has: one per entity kind, then claims, tables
/// and figures.
pub const N_LISTS: usize = Kind::COUNT + 3;

/// One top-level list of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    /// The entities of one kind.
    Entities(Kind),
    /// The claims.
    Claims,
    /// The review tables.
    Tables,
    /// The review figures.
    Figures,
}

impl List {
    /// Every list, in file order (entity kinds in [`Kind::FILE_ORDER`], then claims,
    /// tables and figures).
    pub fn all() -> impl Iterator<Item = List> {
        Kind::FILE_ORDER
            .iter()
            .map(|&kind| List::Entities(kind))
            .chain([List::Claims, List::Tables, List::Figures])
    }

    /// Its position in [`List::all`].
    pub fn index(self) -> usize {
        match self {
            List::Entities(kind) => Kind::FILE_ORDER
                .iter()
                .position(|&k| k == kind)
                .unwrap_or(0),
            List::Claims => Kind::COUNT,
            List::Tables => Kind::COUNT + 1,
            List::Figures => Kind::COUNT + 2,
        }
    }

    /// Its field in the evidence file (`diseases`, `claims`, …).
    pub fn field(self) -> &'static str {
        match self {
            List::Entities(kind) => kind.field(),
            List::Claims => "claims",
            List::Tables => "tables",
            List::Figures => "figures",
        }
    }

    /// The list holding `item`, and its position there.
    pub fn of_item(item: Item) -> (List, usize) {
        match item {
            Item::Entity(kind, idx) => (List::Entities(kind), idx),
            Item::Claim(idx) => (List::Claims, idx),
            Item::Table(idx) => (List::Tables, idx),
            Item::Figure(idx) => (List::Figures, idx),
        }
    }

    /// How many records `doc` has in this list.
    pub fn len(self, doc: &Document) -> usize {
        match self {
            List::Entities(kind) => doc.count(kind),
            List::Claims => doc.claims.len(),
            List::Tables => doc.tables.len(),
            List::Figures => doc.figures.len(),
        }
    }

    /// The id of record `idx` of this list in `doc`.
    pub fn id(self, doc: &Document, idx: usize) -> Option<&str> {
        match self {
            List::Entities(kind) => doc.named(kind, idx).map(|n| n.id()),
            List::Claims => doc.claims.get(idx).map(|c| c.id.as_str()),
            List::Tables => doc.tables.get(idx).map(|t| t.id.as_str()),
            List::Figures => doc.figures.get(idx).map(|f| f.id.as_str()),
        }
    }

    /// The review record `idx` of this list belongs to: a review is its own, a study
    /// names its review, a claim cites one, a table or figure is one's. `None` for other
    /// entities (they are shared) and for an empty review field.
    fn review_of(self, doc: &Document, idx: usize) -> Option<&str> {
        let review = match self {
            List::Entities(Kind::Review) => doc.reviews.get(idx).map(|r| r.id.as_str()),
            List::Entities(Kind::Study) => doc.studies.get(idx).map(|s| s.review.as_str()),
            List::Entities(_) => None,
            List::Claims => doc.claims.get(idx).map(|c| c.cite.review.as_str()),
            List::Tables => doc.tables.get(idx).map(|t| t.review.as_str()),
            List::Figures => doc.figures.get(idx).map(|f| f.review.as_str()),
        };
        review.filter(|r| !r.is_empty())
    }
}

/// Where every record of a document came from: the files (in load order), the folder
/// they were found in (when the document was opened as a folder), and per record its
/// file. Made by the loader ([`super::Loaded::sources`]); [`Sources::place`] follows a
/// document through edits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    folder: Option<PathBuf>,
    files: Vec<PathBuf>,
    /// Per list ([`List::index`]), per record in document order: (FNV-1a of its id, its
    /// file's index in `files`).
    records: Vec<Vec<(u64, u32)>>,
}

/// The records of one file, by list: their positions in the document, in order.
pub type FileRecords = Vec<Vec<u32>>;

impl Sources {
    /// Every record of `doc` in the one file `path`.
    pub fn single(path: &Path, doc: &Document) -> Sources {
        let records = List::all()
            .map(|list| {
                (0..list.len(doc))
                    .map(|idx| (fnv1a(list.id(doc, idx).unwrap_or_default().as_bytes()), 0))
                    .collect()
            })
            .collect();
        Sources {
            folder: None,
            files: vec![path.to_path_buf()],
            records,
        }
    }

    /// An evidence folder `dir` holding nothing yet, but for the shared entities file:
    /// [`Sources::place`] then puts every review in a file of its own with its studies,
    /// claims, tables and figures, and every other entity in [`ENTITIES_FILE`]. How
    /// `paracrine split` and `paracrine synth --files` lay a document out.
    pub fn split_by_review(dir: &Path, doc: &Document) -> Sources {
        Sources {
            folder: Some(dir.to_path_buf()),
            files: vec![dir.join(ENTITIES_FILE)],
            records: vec![Vec::new(); N_LISTS],
        }
        .place(doc)
    }

    /// Sources from the loader: `files` as read, `folder` when they were found in one,
    /// and per list field the index of each record's file (parallel to `doc`'s lists;
    /// a list missing or of the wrong length is put in the first file).
    pub(crate) fn from_loader(
        folder: Option<PathBuf>,
        files: Vec<PathBuf>,
        file_of: &std::collections::HashMap<&'static str, Vec<(usize, super::Pos)>>,
        doc: &Document,
    ) -> Sources {
        let records = List::all()
            .map(|list| {
                let at = file_of
                    .get(list.field())
                    .filter(|at| at.len() == list.len(doc));
                (0..list.len(doc))
                    .map(|idx| {
                        let hash = fnv1a(list.id(doc, idx).unwrap_or_default().as_bytes());
                        let file = at
                            .and_then(|at| at.get(idx))
                            .map_or(0, |&(file, _)| u32::try_from(file).unwrap_or(0));
                        (hash, file)
                    })
                    .collect()
            })
            .collect();
        Sources {
            folder,
            files,
            records,
        }
    }

    /// The folder the document was opened from, if it was opened as one.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The files, in load order (new files a save makes come last).
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The index of the file record `idx` of `list` came from.
    pub fn file_index(&self, list: List, idx: usize) -> Option<usize> {
        self.records
            .get(list.index())
            .and_then(|records| records.get(idx))
            .map(|&(_, file)| file as usize)
    }

    /// The file the record at `item` came from (for the document these sources were
    /// made for, or last [`placed`](Sources::place)).
    pub fn file_of(&self, item: Item) -> Option<&Path> {
        let (list, idx) = List::of_item(item);
        self.file_index(list, idx)
            .and_then(|file| self.files.get(file))
            .map(PathBuf::as_path)
    }

    /// How many records these sources place.
    pub fn n_records(&self) -> usize {
        self.records.iter().map(Vec::len).sum()
    }

    /// Per file, the records it holds (positions in the document, by list, in order).
    pub fn by_file(&self) -> Vec<FileRecords> {
        let mut out = vec![vec![Vec::new(); N_LISTS]; self.files.len()];
        for (list, records) in self.records.iter().enumerate() {
            for (idx, &(_, file)) in records.iter().enumerate() {
                if let Some(lists) = out.get_mut(file as usize)
                    && let Some(at) = lists.get_mut(list)
                {
                    at.push(u32::try_from(idx).unwrap_or(u32::MAX));
                }
            }
        }
        out
    }

    /// Per file, how many records it holds and how many of them these sources and
    /// `before` agree on (same list, same id, same file): the caller tells files that
    /// gain records from files that lose some.
    pub fn kept_since(&self, before: &Sources) -> Vec<(usize, usize)> {
        let mut was: FxHashMap<(usize, u64), u32> = FxHashMap::default();
        for (list, records) in before.records.iter().enumerate() {
            for &(hash, file) in records {
                was.entry((list, hash)).or_insert(file);
            }
        }
        let mut out = vec![(0, 0); self.files.len()];
        for (list, records) in self.records.iter().enumerate() {
            for &(hash, file) in records {
                if let Some((n, kept)) = out.get_mut(file as usize) {
                    *n += 1;
                    if was.get(&(list, hash)) == Some(&file) {
                        *kept += 1;
                    }
                }
            }
        }
        out
    }

    /// The sources of `doc`, a later version of the document these sources describe
    /// (edited, undone, restored from a snapshot): every record whose id these sources
    /// know (in the same list) keeps its file; the others are placed by these rules, in
    /// document order, each seeing those placed before it:
    ///
    /// 1. A record belonging to a review — the review itself, its studies, the claims
    ///    citing it, its tables and figures — goes to the file holding most of that
    ///    review's records (the earliest such file on a tie); else to the file holding
    ///    the review; else, for a new review of a folder, to a new file `ID.ron` in the
    ///    folder (one file per review).
    /// 2. Any other record goes to the folder's shared [`ENTITIES_FILE`] when the files
    ///    include one; else to the file holding the most entities of its kind; else to
    ///    the first file (a new `entities.ron` when a folder has no file at all).
    pub fn place(&self, doc: &Document) -> Sources {
        let mut files = self.files.clone();
        // Pass 1: the records whose ids are known keep their files. The position is
        // tried first (an unedited document needs no lookup).
        let mut by_id: Option<FxHashMap<(usize, u64), u32>> = None;
        let mut placed: Vec<Vec<(u64, Option<u32>)>> = List::all()
            .map(|list| {
                let before = self.records.get(list.index());
                (0..list.len(doc))
                    .map(|idx| {
                        let hash = fnv1a(list.id(doc, idx).unwrap_or_default().as_bytes());
                        let same_place = before
                            .and_then(|b| b.get(idx))
                            .filter(|&&(h, _)| h == hash)
                            .map(|&(_, file)| file);
                        let file = same_place.or_else(|| {
                            by_id
                                .get_or_insert_with(|| self.id_map())
                                .get(&(list.index(), hash))
                                .copied()
                        });
                        (hash, file.filter(|&f| (f as usize) < files.len()))
                    })
                    .collect()
            })
            .collect();
        // Pass 2: what the rules look at, from the records placed so far.
        let mut rules = Rules::default();
        for (list, records) in List::all().zip(&placed) {
            for (idx, &(_, file)) in records.iter().enumerate() {
                if let Some(file) = file {
                    rules.count(doc, list, idx, file);
                }
            }
        }
        rules.entities_file = files
            .iter()
            .position(|f| f.file_name().is_some_and(|n| n == ENTITIES_FILE))
            .and_then(|f| u32::try_from(f).ok());
        // Pass 3: the others, by the rules, in document order.
        for (list, records) in List::all().zip(&mut placed) {
            for (idx, (_, at)) in records.iter_mut().enumerate() {
                if at.is_none() {
                    let file = rules.choose(doc, list, idx, self.folder.as_deref(), &mut files);
                    *at = Some(file);
                    rules.count(doc, list, idx, file);
                }
            }
        }
        Sources {
            folder: self.folder.clone(),
            files,
            records: placed
                .into_iter()
                .map(|list| {
                    list.into_iter()
                        .map(|(hash, file)| (hash, file.unwrap_or(0)))
                        .collect()
                })
                .collect(),
        }
    }

    /// (list, id hash) → file, for the records these sources place.
    fn id_map(&self) -> FxHashMap<(usize, u64), u32> {
        let mut map = FxHashMap::default();
        for (list, records) in self.records.iter().enumerate() {
            for &(hash, file) in records {
                map.entry((list, hash)).or_insert(file);
            }
        }
        map
    }
}

/// What [`Sources::place`]'s rules look at: per review, where its records are; per
/// kind, where its entities are.
#[derive(Default)]
struct Rules<'a> {
    /// Review id → file → how many of its records (the review, studies, claims, tables,
    /// figures) are there.
    review_records: FxHashMap<&'a str, FxHashMap<u32, usize>>,
    /// Review id → the file holding the review itself.
    review_file: FxHashMap<&'a str, u32>,
    /// Kind → file → how many entities of it are there.
    kind_files: FxHashMap<Kind, FxHashMap<u32, usize>>,
    /// The shared entities file, if the files include one.
    entities_file: Option<u32>,
}

impl<'a> Rules<'a> {
    /// Counts record `idx` of `list` in `file`.
    fn count(&mut self, doc: &'a Document, list: List, idx: usize, file: u32) {
        if let Some(review) = list.review_of(doc, idx) {
            *self
                .review_records
                .entry(review)
                .or_default()
                .entry(file)
                .or_default() += 1;
            if list == List::Entities(Kind::Review) {
                self.review_file.entry(review).or_insert(file);
            }
        }
        if let List::Entities(kind) = list {
            *self
                .kind_files
                .entry(kind)
                .or_default()
                .entry(file)
                .or_default() += 1;
        }
    }

    /// The file for record `idx` of `list`, which no file held: see [`Sources::place`].
    /// May add a file to `files` (a new review's, or `entities.ron` in an empty folder).
    fn choose(
        &mut self,
        doc: &Document,
        list: List,
        idx: usize,
        folder: Option<&Path>,
        files: &mut Vec<PathBuf>,
    ) -> u32 {
        if let Some(review) = list.review_of(doc, idx) {
            if let Some(file) = self.review_records.get(review).and_then(most) {
                return file;
            }
            if let Some(&file) = self.review_file.get(review) {
                return file;
            }
            // A new review of a folder gets a file of its own. Only a slug is a safe
            // file name (no separator, no leading dot).
            if list == List::Entities(Kind::Review)
                && let Some(dir) = folder
                && super::validate::is_slug(review)
            {
                let path = dir.join(format!("{review}.ron"));
                return file_index(files, path);
            }
        }
        if let Some(file) = self.entities_file {
            return file;
        }
        if let List::Entities(kind) = list
            && let Some(file) = self.kind_files.get(&kind).and_then(most)
        {
            return file;
        }
        if files.is_empty() {
            let path = folder.map_or_else(
                || PathBuf::from(ENTITIES_FILE),
                |dir| dir.join(ENTITIES_FILE),
            );
            let file = file_index(files, path);
            self.entities_file = Some(file);
            return file;
        }
        0
    }
}

/// The index of `path` in `files`, added at the end if it is not there.
fn file_index(files: &mut Vec<PathBuf>, path: PathBuf) -> u32 {
    let at = files.iter().position(|f| *f == path).unwrap_or_else(|| {
        files.push(path);
        files.len() - 1
    });
    u32::try_from(at).unwrap_or(0)
}

/// The file holding the most (the earliest on a tie).
fn most(counts: &FxHashMap<u32, usize>) -> Option<u32> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&file, _)| file)
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::field_reassign_with_default
    )]
    use super::*;
    use crate::model::synth::synthetic;
    use crate::model::{Claim, Review};

    fn review(id: &str) -> Review {
        Review {
            id: id.into(),
            ..Review::default()
        }
    }

    fn claim(id: &str, review: &str) -> Claim {
        let mut claim = Claim {
            id: id.into(),
            ..Claim::default()
        };
        claim.cite.review = review.into();
        claim
    }

    #[test]
    fn split_puts_each_review_in_its_file_and_the_rest_in_entities() {
        let doc = synthetic(300, 7);
        let dir = Path::new("/evidence");
        let sources = Sources::split_by_review(dir, &doc);
        assert_eq!(sources.files()[0], dir.join(ENTITIES_FILE));
        assert_eq!(sources.files().len(), 1 + doc.reviews.len());
        for (idx, claim) in doc.claims.iter().enumerate() {
            let file = sources.file_of(Item::Claim(idx)).unwrap();
            assert_eq!(file, dir.join(format!("{}.ron", claim.cite.review)));
        }
        for (idx, study) in doc.studies.iter().enumerate() {
            let file = sources.file_of(Item::Entity(Kind::Study, idx)).unwrap();
            assert_eq!(file, dir.join(format!("{}.ron", study.review)));
        }
        for idx in 0..doc.cargos.len() {
            let file = sources.file_of(Item::Entity(Kind::Cargo, idx)).unwrap();
            assert_eq!(file, dir.join(ENTITIES_FILE));
        }
        assert_eq!(sources.n_records(), {
            let entities: usize = Kind::ALL.iter().map(|&k| doc.count(k)).sum();
            entities + doc.claims.len()
        });
    }

    #[test]
    fn records_keep_their_file_through_inserts_and_removals() {
        let mut doc = Document::default();
        doc.reviews = vec![review("ra"), review("rb")];
        doc.claims = vec![claim("c1", "ra"), claim("c2", "rb"), claim("c3", "rb")];
        let dir = Path::new("/ev");
        let sources = Sources::split_by_review(dir, &doc);
        let a = dir.join("ra.ron");
        let b = dir.join("rb.ron");
        // c1 removed, a new claim of ra and one of rb put first: positions all shift.
        doc.claims.remove(0);
        doc.claims.insert(0, claim("c9", "rb"));
        doc.claims.insert(0, claim("c8", "ra"));
        let placed = sources.place(&doc);
        let files: Vec<&Path> = (0..doc.claims.len())
            .map(|i| placed.file_of(Item::Claim(i)).unwrap())
            .collect();
        assert_eq!(files, [a.as_path(), b.as_path(), b.as_path(), b.as_path()]);
        assert_eq!(placed.files().len(), sources.files().len());
    }

    #[test]
    fn a_new_review_gets_its_own_file_only_in_a_folder_and_only_with_a_slug() {
        let mut doc = Document::default();
        doc.reviews = vec![review("ra")];
        let dir = Path::new("/ev");
        let sources = Sources::split_by_review(dir, &doc);
        doc.reviews.push(review("new-one"));
        doc.reviews.push(review("../escape"));
        doc.claims.push(claim("c1", "new-one"));
        let placed = sources.place(&doc);
        assert_eq!(
            placed.file_of(Item::Entity(Kind::Review, 1)),
            Some(dir.join("new-one.ron").as_path())
        );
        assert_eq!(
            placed.file_of(Item::Claim(0)),
            Some(dir.join("new-one.ron").as_path())
        );
        // Not a slug: the shared file, never a path outside the folder.
        assert_eq!(
            placed.file_of(Item::Entity(Kind::Review, 2)),
            Some(dir.join(ENTITIES_FILE).as_path())
        );
        // One file: everything new goes to it.
        let single = Sources::single(Path::new("/one.ron"), &Document::default());
        let placed = single.place(&doc);
        assert_eq!(placed.files(), [PathBuf::from("/one.ron")]);
    }

    #[test]
    fn a_claim_follows_most_of_its_reviews_claims_and_an_entity_its_kind() {
        // Curators' files: the review record in a.ron, its claims in b.ron; cargo in b.
        let mut doc = Document::default();
        doc.reviews = vec![review("ra")];
        doc.claims = vec![claim("c1", "ra"), claim("c2", "ra")];
        doc.cargos = vec![crate::model::Cargo {
            id: "mir-1".into(),
            ..crate::model::Cargo::default()
        }];
        let a = PathBuf::from("/x/a.ron");
        let b = PathBuf::from("/x/b.ron");
        let mut file_of = std::collections::HashMap::new();
        let pos = crate::model::Pos { line: 1, col: 1 };
        file_of.insert("reviews", vec![(0, pos)]);
        file_of.insert("claims", vec![(1, pos), (1, pos)]);
        file_of.insert("cargos", vec![(1, pos)]);
        let sources = Sources::from_loader(None, vec![a.clone(), b.clone()], &file_of, &doc);
        doc.claims.push(claim("c3", "ra"));
        doc.cargos.push(crate::model::Cargo {
            id: "mir-2".into(),
            ..crate::model::Cargo::default()
        });
        doc.diseases.push(crate::model::Disease {
            id: "d".into(),
            ..crate::model::Disease::default()
        });
        let placed = sources.place(&doc);
        assert_eq!(placed.file_of(Item::Claim(2)), Some(b.as_path()));
        assert_eq!(
            placed.file_of(Item::Entity(Kind::Cargo, 1)),
            Some(b.as_path())
        );
        // No disease anywhere, no entities.ron: the first file.
        assert_eq!(
            placed.file_of(Item::Entity(Kind::Disease, 0)),
            Some(a.as_path())
        );
    }
}
