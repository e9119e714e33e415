//! Curation heuristics: checks that a valid file can still fail because a claim says less
//! (or more) than its quote. They are guesses from keywords, so they are warnings for
//! `paracrine check --strict` and the curation tests, not load errors. Every heuristic and
//! its keyword list lives here, in one documented place.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use super::entity::{Kind, Species};
use super::{Document, Id, Level, Problem};

/// Words in a quote that name an animal model or an in-vivo outcome. A claim graded
/// `InVitro` whose quote (the review's own words) contains one is suspect. The claim's
/// `model` is not checked: it names the study's system, and a study's side finding can
/// be in vitro within an animal study.
pub const IN_VIVO_WORDS: &[&str] = &[
    "小鼠",
    "大鼠",
    "动物模型",
    "荷瘤",
    "体内",
    "疾病活动指数",
    "in vivo",
    "mice",
    "mouse",
    "rats",
];

/// Words in a claim's model that name an animal or a cell culture: such a claim cannot
/// have observed its outcome in humans.
pub const NON_HUMAN_MODEL_WORDS: &[&str] = &[
    "mice",
    "mouse",
    "rat",
    "rats",
    "rabbit",
    "cells",
    "cell line",
    "cultured",
    "小鼠",
    "大鼠",
    "细胞",
];

/// Two entities of one kind that rightly share a name: true homonyms, such as the two
/// cells abbreviated "HSC". Each is filed once, under its full names, which differ.
pub struct Homonym {
    /// The kind both entities are of.
    pub kind: Kind,
    /// The two ids, in either order.
    pub ids: [&'static str; 2],
    /// The shared names, normalized ([`normalize_name`]); a name they share that is not
    /// listed is still reported.
    pub names: &'static [&'static str],
    /// Why they are two things, for the next curator.
    pub why: &'static str,
}

/// The allow-list of the same-name heuristic: pairs known to be different things that the
/// literature names alike. Add a pair only when both are distinct entities whose full names
/// tell them apart; `tests/curation.rs` checks that every entry names two entities of the
/// shipped file that still share each listed name, so no entry outlives its reason.
pub const HOMONYMS: &[Homonym] = &[Homonym {
    kind: Kind::CellType,
    ids: ["hematopoietic-stem-cell", "hepatic-stellate-cell"],
    names: &["hsc", "hscs"],
    why: "HSC abbreviates both haematopoietic stem cells (造血干细胞, seed 000) and hepatic stellate cells (肝星状细胞, seed 002); their full names differ",
}];

/// Whether `a` and `b` (of `kind`) may share the normalized `name`: an allow-listed homonym.
pub fn is_homonym(kind: Kind, name: &str, a: &str, b: &str) -> bool {
    HOMONYMS
        .iter()
        .any(|h| h.kind == kind && (h.ids == [a, b] || h.ids == [b, a]) && h.names.contains(&name))
}

/// Lowercase, without spaces, hyphens, dots and Greek/Latin look-alikes, so that "TGF-β1",
/// "tgf β1" and "TGFβ1" compare equal.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '–' | '.' | '·' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every heuristic finding, anchored like validation problems.
pub fn lint(doc: &Document) -> Vec<Problem> {
    let mut out = Vec::new();
    for claim in &doc.claims {
        let quote = claim.cite.quote.to_lowercase();
        let model = claim.model.to_lowercase();
        if claim.level == Level::InVitro
            && let Some(word) = IN_VIVO_WORDS.iter().find(|w| quote.contains(*w))
        {
            out.push(problem(
                &claim.id,
                "level",
                format!(
                    "claim `{}` is graded in vitro but its quote says “{word}” (an animal model or in-vivo outcome); re-grade it",
                    claim.id
                ),
            ));
        }
        if claim.species.contains(&Species::Human) {
            let non_human_level = matches!(claim.level, Level::InVitro | Level::Animal);
            let word = NON_HUMAN_MODEL_WORDS.iter().find(|w| model.contains(*w));
            if non_human_level || word.is_some() {
                out.push(problem(
                    &claim.id,
                    "species",
                    format!(
                        "claim `{}` has species human but is {}; species is the organism in which the outcome was observed (the MSCs' origin belongs to the MSC source)",
                        claim.id,
                        match word {
                            Some(word) => format!("a model of “{word}”"),
                            None => format!("graded {}", claim.level.label_en()),
                        }
                    ),
                ));
            }
        }
        // The schema's rule (`Claim::species`): empty for cell culture, whoever the cells
        // came from; a human species here is reported above.
        if claim.level == Level::InVitro
            && let Some(species) = claim.species.iter().find(|s| **s != Species::Human)
        {
            out.push(problem(
                &claim.id,
                "species",
                format!(
                    "claim `{}` is graded in vitro but has species {}; species is the organism in which the outcome was observed, empty for cell culture (the cells' origin belongs to the MSC source or the model)",
                    claim.id,
                    species.label_en()
                ),
            ));
        }
        let targets: HashSet<&str> = claim.targets.iter().map(Id::as_str).collect();
        for cargo in &claim.cargos {
            if targets.contains(cargo.as_str()) {
                out.push(problem(
                    &claim.id,
                    "targets",
                    format!(
                        "claim `{}` has `{cargo}` both as cargo (delivered) and as target (acted on); choose its role",
                        claim.id
                    ),
                ));
            }
        }
    }
    same_names(doc, &mut out);
    out
}

/// Two entities of one kind whose normalized names or aliases coincide: probably one
/// thing filed twice, unless the pair is an allow-listed homonym ([`HOMONYMS`]).
fn same_names(doc: &Document, out: &mut Vec<Problem>) {
    for &kind in Kind::FILE_ORDER {
        // Studies are named "Ref. [N] (author not named)" per review: equal by design.
        if kind == Kind::Study {
            continue;
        }
        let mut owners: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for idx in 0..doc.count(kind) {
            let Some(named) = doc.named(kind, idx) else {
                continue;
            };
            let mut names: Vec<String> = [named.zh(), named.en(), named.abbr()]
                .into_iter()
                .chain(named.aliases().iter().map(String::as_str))
                .map(normalize_name)
                .filter(|n| n.chars().count() >= 2)
                .collect();
            names.sort();
            names.dedup();
            for name in names {
                owners.entry(name).or_default().push(named.id());
            }
        }
        // One warning per pair, naming the first name they share that is not an
        // allow-listed homonym of theirs.
        let mut pairs: BTreeMap<(&str, &str), String> = BTreeMap::new();
        for (name, ids) in owners {
            if let [first, rest @ ..] = ids.as_slice() {
                for other in rest {
                    if !is_homonym(kind, &name, first, other) {
                        pairs.entry((first, other)).or_insert_with(|| name.clone());
                    }
                }
            }
        }
        for ((first, other), name) in pairs {
            out.push(problem(
                other,
                "aliases",
                format!(
                    "{} `{other}` and `{first}` share the name “{name}” (normalized); merge them or tell them apart",
                    kind.noun()
                ),
            ));
        }
    }
}

fn problem(id: &str, field: &str, message: String) -> Problem {
    Problem {
        id: id.into(),
        occurrence: 0,
        field: Some(field.to_owned()),
        message,
        refers_to: None,
    }
}

#[cfg(test)]
mod tests {
    use super::{lint, normalize_name};
    use crate::model::entity::{Cargo, Species};
    use crate::model::{Cite, Claim, Document, Level};

    #[test]
    fn names_normalize_across_spellings() {
        assert_eq!(normalize_name("TGF-β1"), normalize_name("tgf β1"));
        assert_eq!(normalize_name("miR-146a"), "mir146a");
        assert_ne!(normalize_name("miR-146a"), normalize_name("miR-146a-5p"));
    }

    #[test]
    fn an_allow_listed_homonym_is_quiet_for_its_names_only() {
        use crate::model::entity::CellType;
        let cell = |id: &str, en: &str, abbr: &str, aliases: &[&str]| CellType {
            id: id.into(),
            en: en.to_owned(),
            abbr: abbr.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..CellType::default()
        };
        let doc = |aliases: &[&str]| Document {
            cell_types: vec![
                cell(
                    "hematopoietic-stem-cell",
                    "hematopoietic stem cell",
                    "HSC",
                    &["HSCs"],
                ),
                cell(
                    "hepatic-stellate-cell",
                    "hepatic stellate cell",
                    "HSC",
                    aliases,
                ),
            ],
            ..Document::default()
        };
        assert_eq!(lint(&doc(&["HSCs"])), vec![]);
        // A name the allow-list does not give them is still a warning.
        let found: Vec<String> = lint(&doc(&["HSCs", "hematopoietic stem cell"]))
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert_eq!(
            found,
            [
                "cell type `hepatic-stellate-cell` and `hematopoietic-stem-cell` share the name “hematopoieticstemcell” (normalized); merge them or tell them apart"
            ]
        );
        // The same abbreviation on two other cell types is not excused.
        let other = Document {
            cell_types: vec![
                cell("a", "a cell", "HSC", &[]),
                cell("b", "b cell", "HSC", &[]),
            ],
            ..Document::default()
        };
        assert_eq!(lint(&other).len(), 1);
    }

    #[test]
    fn each_heuristic_fires_on_its_case_and_not_on_a_clean_claim() {
        let claim = |id: &str, level, species: Vec<Species>, quote: &str, model: &str| Claim {
            id: id.into(),
            level,
            species,
            model: model.to_owned(),
            cite: Cite {
                quote: quote.to_owned(),
                ..Cite::default()
            },
            ..Claim::default()
        };
        let mut both = claim("both", Level::Animal, vec![], "q", "");
        both.cargos = smallvec::smallvec!["x".into()];
        both.targets = smallvec::smallvec!["x".into()];
        let doc = Document {
            claims: vec![
                claim("vitro", Level::InVitro, vec![], "降低小鼠疾病活动指数", ""),
                claim("human", Level::Animal, vec![Species::Human], "q", ""),
                claim("mouse-cells", Level::InVitro, vec![Species::Mouse], "q", ""),
                claim(
                    "human-model",
                    Level::Trial,
                    vec![Species::Human],
                    "q",
                    "HG-cultured podocytes",
                ),
                both,
                claim(
                    "clean",
                    Level::Animal,
                    vec![Species::Mouse],
                    "降低小鼠疾病活动指数",
                    "DSS mice",
                ),
            ],
            cargos: vec![
                Cargo {
                    id: "tgf-b1".into(),
                    en: "TGF-β1".to_owned(),
                    ..Cargo::default()
                },
                Cargo {
                    id: "tgfb1".into(),
                    en: "TGF β1".to_owned(),
                    ..Cargo::default()
                },
            ],
            ..Document::default()
        };
        let found: Vec<(String, Option<String>)> = lint(&doc)
            .into_iter()
            .map(|p| (p.id.to_string(), p.field))
            .collect();
        let want = [
            ("vitro", "level"),
            ("human", "species"),
            ("mouse-cells", "species"),
            ("human-model", "species"),
            ("both", "targets"),
            ("tgfb1", "aliases"),
        ];
        assert_eq!(
            found,
            want.map(|(id, f)| (id.to_owned(), Some(f.to_owned())))
        );
    }
}
