//! Semantic checks over a parsed document: ids, names, former ids, references, hierarchy
//! cycles, provenance and view consistency. Every problem is reported; none stops the others.
//!
//! Problems are anchored to the record they concern (its id, which of its definitions,
//! and the field), not to a file position: the loader maps them to `file:line:col` for
//! `paracrine check`, and the editor shows them beside the field.

// Keyed by ids from the file: hashed with a key drawn at random per run.
use super::hash::{IdMap as HashMap, IdSet as HashSet};

use super::diag::Smallest;
use super::entity::{Id, Kind};
use super::{Claim, Document};

/// What an id names, for reference checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum What {
    Entity(Kind),
    Claim,
    Table,
    Figure,
}

impl What {
    fn noun(self) -> &'static str {
        match self {
            What::Entity(kind) => kind.noun(),
            What::Claim => "claim",
            What::Table => "table",
            What::Figure => "figure",
        }
    }
}

/// Stands in a message for where the first definition of the problem's id is; the
/// loader writes `file:line:col` there, the editor a link.
pub const FIRST_DEFINITION: &str = "{first definition}";

/// Stands in a message for where the entry named by the problem's `refers_to` failed to
/// load; the loader writes `file:line:col` there.
pub const ERROR_LOCATION: &str = "{error location}";

/// What the loader could not read. References into it are not "unknown": an id of an
/// entry that failed to parse is mentioned once, pointing at that entry's error; when
/// the file ends early, references to ids that are not found are not reported at all.
#[derive(Clone, Debug, Default)]
pub struct Gaps {
    /// Ids of entries that are in the file but failed to parse, with where their first
    /// error is (file index and position). The positions are the loader's, for its
    /// messages (it moves them to [`Origins::failed`](super::Origins::failed) once
    /// validation is done, so each id is kept once); validation only asks whether an id
    /// is here.
    pub failed: std::collections::HashMap<String, (usize, super::Pos)>,
    /// The file ends early: any id not found may be in the missing part.
    pub truncated: bool,
}

/// One problem of a document, anchored to a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The record the problem is about.
    pub id: Id,
    /// Which definition of `id`: 0 for the first; `n` for the n-th repeat of a
    /// duplicated id.
    pub occurrence: usize,
    /// The field of the record concerned (`parent`, `cite.quote`, `rows`, …).
    pub field: Option<String>,
    /// What is wrong and what to do, as one sentence.
    pub message: String,
    /// The id of an entry that failed to load, for a problem that refers to it; its error's
    /// location replaces [`ERROR_LOCATION`] in the message.
    pub refers_to: Option<Id>,
}

/// Checks `doc` and returns every problem, in no particular order.
pub fn validate(doc: &Document) -> Vec<Problem> {
    validate_with_gaps(doc, &Gaps::default())
}

/// [`validate`] a document that was loaded with `gaps`: references into what could not be
/// read are not reported as unknown (see [`Gaps`]).
pub fn validate_with_gaps(doc: &Document, gaps: &Gaps) -> Vec<Problem> {
    validate_ranked(doc, gaps, usize::MAX, &|_| ()).0
}

/// [`validate_with_gaps`], keeping only the `cap` problems that come first by `rank` (the
/// loader ranks them by file position) and counting the others: a document with millions
/// of problems costs memory for `cap` of them. Returns the kept problems (in the order
/// they were found) and how many more there were. Time stays linear in the document.
pub fn validate_ranked<K: Ord>(
    doc: &Document,
    gaps: &Gaps,
    cap: usize,
    rank: &dyn Fn(&Problem) -> K,
) -> (Vec<Problem>, usize) {
    let mut v = Validator {
        doc,
        gaps,
        ids: HashMap::default(),
        n_defs: HashMap::default(),
        occurrence: 0,
        occurrences: HashMap::default(),
        failed_noted: HashMap::default(),
        rank,
        out: Smallest::new(cap),
    };
    v.ids_and_names();
    v.hierarchies();
    v.studies();
    for (idx, claim) in doc.claims.iter().enumerate() {
        v.enter(What::Claim, idx);
        v.claim(claim);
    }
    v.tables();
    v.figures();
    v.finish()
}

struct Validator<'a, 'r, K> {
    doc: &'a Document,
    gaps: &'a Gaps,
    ids: HashMap<&'a str, What>,
    /// How many times each id was defined so far.
    n_defs: HashMap<&'a str, usize>,
    /// Which definition of its id the record being checked is (see `Problem::occurrence`).
    occurrence: usize,
    /// The occurrence of every record that repeats an id, by list and position; records
    /// not in it are first definitions.
    occurrences: HashMap<(What, usize), usize>,
    /// For each failed id referred to: how many more references to it were left out
    /// (the first one is the problem whose `refers_to` it is).
    failed_noted: HashMap<&'a str, usize>,
    /// Orders problems for `out`.
    rank: &'r dyn Fn(&Problem) -> K,
    /// The problems kept (the first ones by `rank`) and the count of the others.
    out: Smallest<K, Problem>,
}

impl<'a, K: Ord> Validator<'a, '_, K> {
    /// Adds a problem found.
    fn emit(&mut self, problem: Problem) {
        let key = (self.rank)(&problem);
        self.out.push(key, problem);
    }

    /// Reports a problem of the record being checked (its occurrence is `self.occurrence`).
    fn report(&mut self, id: &str, field: &str, message: String) {
        self.emit(Problem {
            id: id.into(),
            occurrence: self.occurrence,
            field: (!field.is_empty()).then(|| field.to_owned()),
            message,
            refers_to: None,
        });
    }

    /// The problems kept, with the sentences that needed the whole document worded: the
    /// suggested slugs, and how many references to a failed entry were left out.
    fn finish(self) -> (Vec<Problem>, usize) {
        let (mut problems, more) = self.out.into_arrival_order();
        word_slug_problems(&self.ids, &mut problems);
        for problem in &mut problems {
            let left_out = problem
                .refers_to
                .as_deref()
                .and_then(|failed| self.failed_noted.get(failed))
                .copied()
                .unwrap_or(0);
            if left_out > 0 {
                let others = if left_out == 1 {
                    "1 more reference to it is not listed".to_owned()
                } else {
                    format!("{left_out} more references to it are not listed")
                };
                problem.message.push_str(&format!(" ({others})"));
            }
        }
        (problems, more)
    }

    /// Starts checking the record at `idx` of the list of `what`.
    fn enter(&mut self, what: What, idx: usize) {
        self.occurrence = self.occurrences.get(&(what, idx)).copied().unwrap_or(0);
    }

    /// Reports that `owner` refers, in `field`, to `id`, which names nothing; `unknown`
    /// is the sentence for an id that is simply not defined. An id of an entry that failed
    /// to load is mentioned once, at its first reference; when the file ends early, an id
    /// that is not found may be in the missing part and is not reported.
    fn unknown(&mut self, owner: &str, owner_id: &str, field: &str, id: &'a str, unknown: String) {
        if self.gaps.failed.contains_key(id) {
            if let Some(more) = self.failed_noted.get_mut(id) {
                *more += 1;
                return;
            }
            self.failed_noted.insert(id, 0);
            self.emit(Problem {
                id: owner_id.into(),
                occurrence: self.occurrence,
                field: (!field.is_empty()).then(|| field.to_owned()),
                message: format!(
                    "{owner}: `{field}` refers to `{id}`, which has an error at {ERROR_LOCATION}; fix that entry first"
                ),
                refers_to: Some(id.into()),
            });
        } else if !self.gaps.truncated {
            self.report(owner_id, field, unknown);
        }
    }

    /// Records a definition of `id` (the record at `idx` of the list of `what`) and
    /// reports a repeat. Returns which definition of `id` this is.
    fn define(&mut self, id: &'a str, what: What, idx: usize) -> usize {
        let occurrence = {
            let n = self.n_defs.entry(id).or_default();
            *n += 1;
            *n - 1
        };
        self.occurrence = occurrence;
        if occurrence > 0 {
            self.occurrences.insert((what, idx), occurrence);
        }
        if !is_slug(id) && occurrence == 0 {
            // Worded once every id is known, so the suggestion is not taken
            // (`word_slug_problems`).
            self.emit(Problem {
                id: id.into(),
                occurrence,
                field: Some("id".to_owned()),
                message: String::new(),
                refers_to: None,
            });
        }
        if let Some(first) = self.ids.get(id) {
            let kinds = if first.noun() == what.noun() {
                format!("two {}", plural_noun(what.noun()))
            } else {
                format!(
                    "{} and {}",
                    with_article(first.noun()),
                    with_article(what.noun())
                )
            };
            self.emit(Problem {
                id: id.into(),
                occurrence,
                field: Some("id".to_owned()),
                message: format!(
                    "duplicate id `{id}`: {kinds} share it (first defined at {FIRST_DEFINITION}); ids must be unique across the file"
                ),
                refers_to: None,
            });
        } else {
            self.ids.insert(id, what);
        }
        occurrence
    }

    fn ids_and_names(&mut self) {
        let doc = self.doc;
        for &kind in Kind::FILE_ORDER {
            for idx in 0..doc.count(kind) {
                let Some(named) = doc.named(kind, idx) else {
                    continue;
                };
                self.define(named.id(), What::Entity(kind), idx);
                let missing = match (named.zh().trim().is_empty(), named.en().trim().is_empty()) {
                    // Studies are named by their authors; a Chinese name is optional.
                    (true, false) if kind == Kind::Study => None,
                    (true, true) => Some(("zh", "a Chinese (`zh`) and an English (`en`) name")),
                    (true, false) => Some(("zh", "a Chinese name (`zh`)")),
                    (false, true) => Some(("en", "an English name (`en`)")),
                    (false, false) => None,
                };
                if let Some((field, missing)) = missing {
                    self.report(
                        named.id(),
                        field,
                        format!("{} `{}`: missing {missing}", kind.noun(), named.id()),
                    );
                }
            }
        }
        for (idx, claim) in doc.claims.iter().enumerate() {
            self.define(&claim.id, What::Claim, idx);
        }
        for (idx, table) in doc.tables.iter().enumerate() {
            self.define(&table.id, What::Table, idx);
        }
        for (idx, figure) in doc.figures.iter().enumerate() {
            self.define(&figure.id, What::Figure, idx);
        }
        self.former_ids();
    }

    /// A former id (an id an entity had before duplicates were merged into it) must not
    /// be live, and only one entity may claim it: `Index::item` resolves a former id only
    /// when no record has it, so a live one would silently stop pointing at the entity
    /// that absorbed it. Reported at the entity declaring the former id.
    fn former_ids(&mut self) {
        let doc = self.doc;
        let mut claimed: HashMap<&'a str, &'a str> = HashMap::default();
        for &kind in Kind::FILE_ORDER {
            for idx in 0..doc.count(kind) {
                let Some(named) = doc.named(kind, idx) else {
                    continue;
                };
                self.enter(What::Entity(kind), idx);
                let id = named.id();
                let noun = kind.noun();
                for former in named.former_ids() {
                    let former = former.as_str();
                    if former == id {
                        self.report(
                            id,
                            "former_ids",
                            format!(
                                "{noun} `{id}` lists its own id in `former_ids`; remove it from `former_ids`"
                            ),
                        );
                    } else if let Some(&live) = self.ids.get(former) {
                        self.report(
                            id,
                            "former_ids",
                            format!(
                                "{noun} `{id}`: former id `{former}` is also the id of {} in the file, so links to `{former}` reach that record, not `{id}`; remove it from `former_ids` or rename the live `{former}`",
                                with_article(live.noun())
                            ),
                        );
                    } else if let Some(&other) = claimed.get(former)
                        && other != id
                    {
                        self.report(
                            id,
                            "former_ids",
                            format!(
                                "{noun} `{id}`: former id `{former}` is also a former id of `{other}`; keep it only on the entity it was merged into"
                            ),
                        );
                    } else {
                        claimed.insert(former, id);
                    }
                }
            }
        }
    }

    /// Checks that `id` names something of `want`; `owner` says who refers to it.
    fn expect(&mut self, owner: &str, owner_id: &str, field: &str, id: &'a str, want: What) {
        match self.ids.get(id) {
            Some(&found) if found == want => {}
            Some(&found) => self.report(
                owner_id,
                field,
                format!(
                    "{owner}: `{id}` in `{field}` is {}, not {}",
                    with_article(found.noun()),
                    with_article(want.noun())
                ),
            ),
            None if id.trim().is_empty() => self.report(
                owner_id,
                field,
                format!(
                    "{owner}: `{field}` is empty; it must name {}",
                    with_article(want.noun())
                ),
            ),
            None => self.unknown(
                owner,
                owner_id,
                field,
                id,
                format!("{owner}: unknown {} `{id}`", want.noun()),
            ),
        }
    }

    /// Parent references and cycles, in one pass over each hierarchy: every walk up stops
    /// at an entity already walked, so the work is linear in the number of entities.
    fn hierarchies(&mut self) {
        let links = self.doc.hierarchy();
        for link in &links {
            self.enter(What::Entity(link.kind), link.idx);
            let owner = format!("{} `{}`", link.kind.noun(), link.id);
            self.expect(
                &owner,
                link.id,
                "parent",
                link.parent,
                What::Entity(link.kind),
            );
        }
        // Parents of the same kind only: a wrong-kind parent was reported above.
        let parent_of: HashMap<&str, &str> = links
            .iter()
            .filter(|link| self.ids.get(link.parent) == Some(&What::Entity(link.kind)))
            .map(|link| (link.id, link.parent))
            .collect();
        let kind_of: HashMap<&str, Kind> = links.iter().map(|l| (l.id, l.kind)).collect();
        // 1 = on the current walk, 2 = done.
        let mut state: HashMap<&str, u8> = HashMap::default();
        for link in &links {
            let mut walk: Vec<&str> = Vec::new();
            let mut cursor = Some(link.id);
            while let Some(id) = cursor {
                match state.get(id) {
                    Some(2) => break,
                    Some(_) => {
                        // `id` is on this walk: everything from it onwards is a cycle.
                        let from = walk.iter().position(|&w| w == id).unwrap_or(0);
                        // A cycle is reported at the first definition of each member.
                        self.occurrence = 0;
                        for &member in walk.get(from..).unwrap_or_default() {
                            let noun = kind_of.get(member).map_or("entity", |k| k.noun());
                            self.report(
                                member,
                                "parent",
                                format!(
                                    "{noun} `{member}` is its own ancestor; break the `parent` cycle"
                                ),
                            );
                        }
                        break;
                    }
                    None => {
                        state.insert(id, 1);
                        walk.push(id);
                        cursor = parent_of.get(id).copied();
                    }
                }
            }
            for id in walk {
                state.insert(id, 2);
            }
        }
    }

    fn studies(&mut self) {
        let doc = self.doc;
        for (idx, study) in doc.studies.iter().enumerate() {
            self.enter(What::Entity(Kind::Study), idx);
            let owner = format!("study `{}`", study.id);
            self.expect(
                &owner,
                &study.id,
                "review",
                &study.review,
                What::Entity(Kind::Review),
            );
            if study.refs.is_empty() {
                self.report(
                    &study.id,
                    "refs",
                    format!("{owner}: missing `refs` (its reference number(s) in the review)"),
                );
            }
        }
    }

    fn claim(&mut self, claim: &'a Claim) {
        let owner = format!("claim `{}`", claim.id);
        let id = claim.id.as_str();
        for (kind, field, ids) in claim.links() {
            for linked in ids {
                // A secreted factor can also be what another molecule acts on
                // (IL-10, TGF-β1): `targets` accepts cargo too.
                if kind == Kind::Target
                    && self.ids.get(linked.as_str()) == Some(&What::Entity(Kind::Cargo))
                {
                    continue;
                }
                self.expect(&owner, id, field, linked, What::Entity(kind));
            }
        }
        for step in &claim.steps {
            for end in [&step.from, &step.to] {
                if !self.ids.contains_key(end.as_str()) {
                    self.unknown(
                        &owner,
                        id,
                        "steps",
                        end,
                        format!("{owner}: step refers to unknown id `{end}`"),
                    );
                }
            }
        }
        if claim.zh.trim().is_empty() && claim.en.trim().is_empty() {
            self.report(
                id,
                "zh",
                format!("{owner}: missing a summary (`zh` or `en`)"),
            );
        }
        let cite = &claim.cite;
        if cite.review.is_empty() {
            self.report(
                id,
                "cite.review",
                format!("{owner}: missing provenance: `cite.review` is empty"),
            );
        } else {
            self.expect(
                &owner,
                id,
                "cite.review",
                &cite.review,
                What::Entity(Kind::Review),
            );
        }
        if cite.quote.trim().is_empty() {
            self.report(
                id,
                "cite.quote",
                format!("{owner}: missing provenance: `cite.quote` is empty"),
            );
        }
        if cite.section.trim().is_empty() {
            self.report(
                id,
                "cite.section",
                format!("{owner}: missing provenance: `cite.section` is empty"),
            );
        }
        if let Some(table) = &cite.table {
            self.expect(&owner, id, "cite.table", table, What::Table);
        }
        if let Some(figure) = &cite.figure {
            self.expect(&owner, id, "cite.figure", figure, What::Figure);
        }
    }

    fn tables(&mut self) {
        let doc = self.doc;
        for (idx, table) in doc.tables.iter().enumerate() {
            self.enter(What::Table, idx);
            let owner = format!("table `{}`", table.id);
            let id = table.id.as_str();
            self.expect(
                &owner,
                id,
                "review",
                &table.review,
                What::Entity(Kind::Review),
            );
            let n_columns = table.columns.len();
            for (row_idx, row) in table.rows.iter().enumerate() {
                let row_no = row_idx + 1;
                if row.cells.len() != n_columns {
                    self.report(
                        id,
                        "rows",
                        format!(
                            "{owner}: row {row_no} has {} but the table has {}",
                            plural(row.cells.len(), "cell"),
                            plural(n_columns, "column")
                        ),
                    );
                }
                let row_owner = format!("{owner} row {row_no}");
                for claim in &row.claims {
                    self.expect(&row_owner, id, "claims", claim, What::Claim);
                }
                for cell in &row.cells {
                    for link in &cell.links {
                        if !self.ids.contains_key(link.as_str()) {
                            self.unknown(
                                &row_owner,
                                id,
                                "rows",
                                link,
                                format!("{row_owner}: cell links unknown id `{link}`"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn figures(&mut self) {
        let doc = self.doc;
        for (idx, figure) in doc.figures.iter().enumerate() {
            self.enter(What::Figure, idx);
            let owner = format!("figure `{}`", figure.id);
            let id = figure.id.as_str();
            self.expect(
                &owner,
                id,
                "review",
                &figure.review,
                What::Entity(Kind::Review),
            );
            for panel in &figure.panels {
                let panel_owner = if panel.label.is_empty() {
                    owner.clone()
                } else {
                    format!("{owner} panel {}", panel.label)
                };
                let mut keys: HashSet<&str> = HashSet::default();
                for node in &panel.nodes {
                    if !keys.insert(&node.key) {
                        self.report(
                            id,
                            "panels",
                            format!("{panel_owner}: node key `{}` appears twice", node.key),
                        );
                    }
                    match &node.entity {
                        Some(entity) if !self.ids.contains_key(entity.as_str()) => self.unknown(
                            &panel_owner,
                            id,
                            "panels",
                            entity,
                            format!(
                                "{panel_owner}: node `{}` refers to unknown id `{entity}`",
                                node.key
                            ),
                        ),
                        None if node.zh.is_empty() && node.en.is_empty() => self.report(
                            id,
                            "panels",
                            format!(
                                "{panel_owner}: node `{}` has neither an entity nor a label",
                                node.key
                            ),
                        ),
                        Some(_) | None => {}
                    }
                }
                for edge in &panel.edges {
                    for end in [&edge.from, &edge.to] {
                        if !keys.contains(&end.as_str()) {
                            self.report(
                                id,
                                "panels",
                                format!("{panel_owner}: edge refers to unknown node `{end}`"),
                            );
                        }
                    }
                    for claim in &edge.claims {
                        self.expect(&panel_owner, id, "claims", claim, What::Claim);
                    }
                }
            }
        }
    }
}

/// Words the "not a slug" problems left blank by `define`, now that every id is known:
/// each suggestion is a slug that no record uses and that was not suggested before.
/// Problems are worded in the order they were found, so suggestions are deterministic.
fn word_slug_problems(ids: &HashMap<&str, What>, problems: &mut [Problem]) {
    let mut taken: HashSet<String> = HashSet::default();
    // For each base suggestion, the last suffix tried: suffixes only grow, so ids that
    // all suggest one base cost one step each, not one step per earlier suggestion.
    let mut next_suffix: HashMap<String, usize> = HashMap::default();
    for problem in problems.iter_mut().filter(|p| p.message.is_empty()) {
        let what = ids.get(problem.id.as_str()).copied();
        let noun = what.map_or("entry", What::noun);
        let base = suggest_slug(&problem.id, noun);
        let n = next_suffix.entry(base.clone()).or_insert(1);
        let mut suggestion = if *n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while ids.contains_key(suggestion.as_str()) || taken.contains(&suggestion) {
            *n += 1;
            suggestion = format!("{base}-{n}");
        }
        let id = &problem.id;
        problem.message = if id.is_empty() {
            format!(
                "{} with an empty id: give it an id of lowercase letters, digits, `-`, `_` or `.` (e.g. `{suggestion}`)",
                with_article(noun)
            )
        } else {
            format!(
                "{noun} id `{id}` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `{suggestion}`)"
            )
        };
        taken.insert(suggestion);
    }
}

/// `noun` with its indefinite article: "a disease", "an effect", "an MSC source".
fn with_article(noun: &str) -> String {
    let vowel_sound = noun.starts_with(['a', 'e', 'i', 'o', 'u']) || noun.starts_with("MSC");
    if vowel_sound {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// "1 cell", "3 cells", "2 studies".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {}", plural_noun(noun))
    }
}

/// The plural of a noun of the kind table: "studies", "strategies", "MSC sources".
fn plural_noun(noun: &str) -> String {
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{noun}s"),
    }
}

/// Ids are lowercase slugs: `[a-z0-9][a-z0-9._-]*`.
pub fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// A slug close to `id`: lowercase, Greek letters spelled in Latin (`TGF-β1` →
/// `tgf-b1`), every other character a `-`, no run of separators, none at either end.
/// An id with nothing to keep (`甲乙`) becomes `{noun}-1`. Always a slug.
fn suggest_slug(id: &str, noun: &str) -> String {
    let mut slug = String::with_capacity(id.len());
    for c in id.chars() {
        let mapped = match c {
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            '.' | '_' | '-' => Some(c),
            c => greek_letter(c),
        };
        match mapped {
            Some(c) if c.is_ascii_alphanumeric() => slug.push(c),
            // One separator between two kept parts, whichever came first.
            _ if slug.ends_with(['-', '_', '.']) || slug.is_empty() => {}
            Some(separator) => slug.push(separator),
            None => slug.push('-'),
        }
    }
    let slug = slug.trim_end_matches(['-', '_', '.']);
    if slug.is_empty() {
        let noun: String = noun
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("{noun}-1")
    } else {
        slug.to_owned()
    }
}

/// The Latin spelling biologists use for a Greek letter in a name (`β` → `b`).
fn greek_letter(c: char) -> Option<char> {
    let latin = match c.to_lowercase().next().unwrap_or(c) {
        'α' => 'a',
        'β' => 'b',
        'γ' => 'g',
        'δ' => 'd',
        'ε' => 'e',
        'κ' => 'k',
        'λ' => 'l',
        'μ' => 'm',
        'ω' => 'w',
        _ => return None,
    };
    Some(latin)
}

#[cfg(test)]
mod tests {
    use super::{is_slug, suggest_slug};

    #[test]
    fn slugs() {
        let cases = [
            ("a", true),
            ("0", true),
            ("mir-146a-5p", true),
            ("tgf-b1", true),
            ("a.b_c-d", true),
            ("9-", true),
            ("", false),
            ("-a", false),
            ("_a", false),
            (".a", false),
            ("A", false),
            ("miR-146a", false),
            ("uc msc", false),
            ("a/b", false),
            ("tgf-β1", false),
            ("甲", false),
            ("a\n", false),
        ];
        for (id, expected) in cases {
            assert_eq!(is_slug(id), expected, "is_slug({id:?})");
        }
    }

    #[test]
    fn suggested_slugs() {
        let cases = [
            ("Crohn's Disease", "crohn-s-disease"),
            ("UC MSC", "uc-msc"),
            ("miR-146a-5p", "mir-146a-5p"),
            ("IL_10.v2", "il_10.v2"),
            ("TGF-β1", "tgf-b1"),
            ("NF-κB", "nf-kb"),
            ("IFN-γ / TNF-α", "ifn-g-tnf-a"),
            ("  padded  ", "padded"),
            ("-dash-", "dash"),
            ("a--b__c", "a-b_c"),
            ("ends.", "ends"),
            ("", "disease-1"),
            ("---", "disease-1"),
            ("甲乙", "disease-1"),
        ];
        for (id, expected) in cases {
            assert_eq!(
                suggest_slug(id, "disease"),
                expected,
                "suggest_slug({id:?})"
            );
        }
        assert_eq!(suggest_slug("甲", "MSC source"), "msc-source-1");
    }

    #[test]
    fn plural_nouns() {
        use super::plural_noun;
        for (noun, plural) in [
            ("study", "studies"),
            ("strategy", "strategies"),
            ("disease", "diseases"),
            ("MSC source", "MSC sources"),
            ("cell type", "cell types"),
            ("cargo", "cargos"),
            ("key", "keys"),
        ] {
            assert_eq!(plural_noun(noun), plural);
        }
    }

    #[test]
    fn a_suggestion_is_always_a_slug() {
        for id in [
            "Crohn's Disease",
            "",
            "甲",
            "TGF-β1",
            "_private",
            ".hidden",
            "-_.x",
            "x-_.",
            "a . b",
            "β",
            "Ω-3",
        ] {
            let suggestion = suggest_slug(id, "cell type");
            assert!(
                is_slug(&suggestion),
                "suggest_slug({id:?}) = {suggestion:?}"
            );
        }
    }
}
