//! Semantic checks over a parsed document: ids, names, references, hierarchy cycles,
//! provenance and view consistency. Every problem is reported; none stops the others.
//!
//! Problems are anchored to the record they concern (its id, which of its definitions,
//! and the field), not to a file position: the loader maps them to `file:line:col` for
//! `paracrine check`, and the editor shows them beside the field.

use rustc_hash::FxHashMap as HashMap;

use super::entity::{Id, Kind};
use super::{Claim, Document};

/// What an id names, for reference checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

/// Checks `doc` and returns every problem, in no particular order.
pub fn validate(doc: &Document) -> Vec<Problem> {
    let mut v = Validator {
        doc,
        ids: HashMap::default(),
        n_defs: HashMap::default(),
        out: Vec::new(),
    };
    v.ids_and_names();
    v.hierarchies();
    v.studies();
    for claim in &doc.claims {
        v.claim(claim);
    }
    v.tables();
    v.figures();
    v.out
}

struct Validator<'a> {
    doc: &'a Document,
    ids: HashMap<&'a str, What>,
    /// How many times each id was defined so far.
    n_defs: HashMap<&'a str, usize>,
    out: Vec<Problem>,
}

impl<'a> Validator<'a> {
    fn report(&mut self, id: &str, field: &str, message: String) {
        self.out.push(Problem {
            id: id.to_owned(),
            occurrence: 0,
            field: (!field.is_empty()).then(|| field.to_owned()),
            message,
        });
    }

    fn define(&mut self, id: &'a str, what: What) {
        let occurrence = {
            let n = self.n_defs.entry(id).or_default();
            *n += 1;
            *n - 1
        };
        if !is_slug(id) && occurrence == 0 {
            self.report(
                id,
                "id",
                format!(
                    "{} id `{id}` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `{}`)",
                    what.noun(),
                    suggest_slug(id)
                ),
            );
        }
        if let Some(first) = self.ids.get(id) {
            let kinds = if first.noun() == what.noun() {
                format!("two {}s", what.noun())
            } else {
                format!("a {} and a {}", first.noun(), what.noun())
            };
            self.out.push(Problem {
                id: id.to_owned(),
                occurrence,
                field: Some("id".to_owned()),
                message: format!(
                    "duplicate id `{id}`: {kinds} share it (first defined at {FIRST_DEFINITION}); ids must be unique across the file"
                ),
            });
        } else {
            self.ids.insert(id, what);
        }
    }

    fn ids_and_names(&mut self) {
        let doc = self.doc;
        for kind in Kind::ALL {
            for idx in 0..doc.count(kind) {
                let Some(named) = doc.named(kind, idx) else {
                    continue;
                };
                self.define(named.id(), What::Entity(kind));
                let missing = match (named.zh().trim().is_empty(), named.en().trim().is_empty()) {
                    // Studies are named by their authors; a Chinese name is optional.
                    (true, false) if kind == Kind::Study => None,
                    (true, true) => Some("a Chinese (`zh`) and an English (`en`) name"),
                    (true, false) => Some("a Chinese name (`zh`)"),
                    (false, true) => Some("an English name (`en`)"),
                    (false, false) => None,
                };
                if let Some(missing) = missing {
                    self.report(
                        named.id(),
                        "zh",
                        format!("{} `{}`: missing {missing}", kind.noun(), named.id()),
                    );
                }
            }
        }
        for claim in &doc.claims {
            self.define(&claim.id, What::Claim);
        }
        for table in &doc.tables {
            self.define(&table.id, What::Table);
        }
        for figure in &doc.figures {
            self.define(&figure.id, What::Figure);
        }
    }

    /// Checks that `id` names something of `want`; `owner` says who refers to it.
    fn expect(&mut self, owner: &str, owner_id: &str, field: &str, id: &str, want: What) {
        match self.ids.get(id) {
            Some(&found) if found == want => {}
            Some(&found) => self.report(
                owner_id,
                field,
                format!(
                    "{owner}: `{id}` in `{field}` is a {}, not a {}",
                    found.noun(),
                    want.noun()
                ),
            ),
            None => self.report(
                owner_id,
                field,
                format!("{owner}: unknown {} `{id}`", want.noun()),
            ),
        }
    }

    /// Parent references and cycles, in one pass over each hierarchy: every walk up stops
    /// at an entity already walked, so the work is linear in the number of entities.
    fn hierarchies(&mut self) {
        let links = self.doc.hierarchy();
        for link in &links {
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
        for study in &self.doc.studies {
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

    fn claim(&mut self, claim: &Claim) {
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
                    self.report(
                        id,
                        "steps",
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
        for table in &self.doc.tables {
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
                            "{owner}: row {row_no} has {} cells but the table has {n_columns} columns",
                            row.cells.len()
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
                            self.report(
                                id,
                                "rows",
                                format!("{row_owner}: cell links unknown id `{link}`"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn figures(&mut self) {
        for figure in &self.doc.figures {
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
                let mut keys: Vec<&str> = Vec::new();
                for node in &panel.nodes {
                    if keys.contains(&node.key.as_str()) {
                        self.report(
                            id,
                            "panels",
                            format!("{panel_owner}: node key `{}` appears twice", node.key),
                        );
                    }
                    keys.push(&node.key);
                    match &node.entity {
                        Some(entity) if !self.ids.contains_key(entity.as_str()) => self.report(
                            id,
                            "panels",
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

/// Ids are lowercase slugs: `[a-z0-9][a-z0-9._-]*`.
pub fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn suggest_slug(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_owned();
    if slug.is_empty() {
        "my-id".to_owned()
    } else {
        slug
    }
}
