//! Semantic checks over a parsed document: ids, names, references, hierarchy cycles,
//! provenance and view consistency. Every problem is reported; none stops the others.

use rustc_hash::FxHashMap as HashMap;

use super::diag::Diagnostic;
use super::entity::Kind;
use super::io::Origins;
use super::{Claim, Document};

/// What an id names, for reference checks.
#[derive(Clone, Copy, PartialEq, Eq)]
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

pub fn validate(doc: &Document, origins: &Origins) -> Vec<Diagnostic> {
    let mut v = Validator {
        doc,
        origins,
        ids: HashMap::default(),
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
    origins: &'a Origins,
    ids: HashMap<&'a str, What>,
    out: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    fn report(&mut self, id: &str, message: String) {
        self.out.push(self.origins.diagnostic(id, message));
    }

    fn define(&mut self, id: &'a str, what: What) {
        if !is_slug(id) {
            self.report(
                id,
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
            let message = format!(
                "duplicate id `{id}`: {kinds} share it (first defined at {}); ids must be unique across the file",
                self.origins.location(id)
            );
            let diagnostic = match self.origins.duplicates.iter().find(|(dup, _, _)| dup == id) {
                Some(&(_, file_idx, pos)) => {
                    Diagnostic::at(self.origins.file(file_idx), pos, message)
                }
                None => Diagnostic::in_file(self.origins.file(0), message),
            };
            self.out.push(diagnostic);
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
                format!(
                    "{owner}: `{id}` in `{field}` is a {}, not a {}",
                    found.noun(),
                    want.noun()
                ),
            ),
            None => self.report(owner_id, format!("{owner}: unknown {} `{id}`", want.noun())),
        }
    }

    fn hierarchies(&mut self) {
        let doc = self.doc;
        let links = doc.hierarchy();
        for kind in [Kind::Disease, Kind::Source, Kind::Vehicle, Kind::CellType] {
            let entries: Vec<(&str, Option<&str>)> = links
                .iter()
                .filter(|link| link.kind == kind)
                .map(|link| (link.id, link.parent))
                .collect();
            let parent_of: HashMap<&str, &str> = entries
                .iter()
                .filter_map(|&(id, parent)| parent.map(|p| (id, p)))
                .collect();
            for &(id, parent) in &entries {
                let Some(parent) = parent else { continue };
                let owner = format!("{} `{id}`", kind.noun());
                self.expect(&owner, id, "parent", parent, What::Entity(kind));
                // Walk up; a chain longer than the list means a cycle.
                let mut cursor = parent;
                for _ in 0..=entries.len() {
                    if cursor == id {
                        self.report(
                            id,
                            format!("{owner} is its own ancestor; break the `parent` cycle"),
                        );
                        break;
                    }
                    match parent_of.get(cursor) {
                        Some(next) => cursor = next,
                        None => break,
                    }
                }
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
                    format!("{owner}: missing `refs` (its reference number(s) in the review)"),
                );
            }
        }
    }

    fn claim(&mut self, claim: &Claim) {
        let owner = format!("claim `{}`", claim.id);
        let id = claim.id.as_str();
        let fields: [(&str, &[String], Kind); 11] = [
            ("diseases", &claim.diseases, Kind::Disease),
            ("sources", &claim.sources, Kind::Source),
            ("vehicles", &claim.vehicles, Kind::Vehicle),
            ("cargos", &claim.cargos, Kind::Cargo),
            ("targets", &claim.targets, Kind::Target),
            ("pathways", &claim.pathways, Kind::Pathway),
            ("cell_types", &claim.cell_types, Kind::CellType),
            ("effects", &claim.effects, Kind::Effect),
            ("products", &claim.products, Kind::Product),
            ("strategies", &claim.strategies, Kind::Strategy),
            ("studies", &claim.studies, Kind::Study),
        ];
        for (field, ids, kind) in fields {
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
                    self.report(id, format!("{owner}: step refers to unknown id `{end}`"));
                }
            }
        }
        if claim.zh.trim().is_empty() && claim.en.trim().is_empty() {
            self.report(id, format!("{owner}: missing a summary (`zh` or `en`)"));
        }
        let cite = &claim.cite;
        if cite.review.is_empty() {
            self.report(
                id,
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
                format!("{owner}: missing provenance: `cite.quote` is empty"),
            );
        }
        if cite.section.trim().is_empty() {
            self.report(
                id,
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
                            self.report(id, format!("{row_owner}: cell links unknown id `{link}`"));
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
                            format!("{panel_owner}: node key `{}` appears twice", node.key),
                        );
                    }
                    keys.push(&node.key);
                    match &node.entity {
                        Some(entity) if !self.ids.contains_key(entity.as_str()) => self.report(
                            id,
                            format!(
                                "{panel_owner}: node `{}` refers to unknown id `{entity}`",
                                node.key
                            ),
                        ),
                        Some(_) => {}
                        None if node.zh.is_empty() && node.en.is_empty() => self.report(
                            id,
                            format!(
                                "{panel_owner}: node `{}` has neither an entity nor a label",
                                node.key
                            ),
                        ),
                        None => {}
                    }
                }
                for edge in &panel.edges {
                    for end in [&edge.from, &edge.to] {
                        if !keys.contains(&end.as_str()) {
                            self.report(
                                id,
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
