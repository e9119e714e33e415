//! Deterministic synthetic evidence for benchmarks and scale tests: a fixed-seed
//! generator producing a document shaped like the curated one (every kind, claims with
//! links, steps and citations), at any size; and adversarial [`Shape`]s, valid or nearly
//! valid files built to find passes that are not linear (a deep hierarchy, many
//! duplicate ids, many problems, every error on one line, junk).

use super::entity::{
    CargoKind, Disease, Entity, Id, IdList, Kind, Mechanism, Species, VehicleClass,
};
use super::{Cite, Claim, Direction, Document, Level, Number, Relation, Step};

/// A small, fast, fixed-seed generator (SplitMix64), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.below(items.len());
        items.get(i)
    }
}

const SYLLABLES_ZH: &[&str] = &[
    "间", "充", "质", "干", "细", "胞", "外", "泌", "体", "炎", "症", "纤", "维", "化", "肾", "肠",
    "巨", "噬", "极", "凋", "亡", "血", "管", "生", "成", "免", "疫", "调", "节", "肿", "瘤",
];
const SYLLABLES_EN: &[&str] = &[
    "ka", "ro", "mi", "zen", "tor", "lin", "ex", "vo", "sa", "del", "pha", "neu", "tri", "gal",
];

fn word(rng: &mut Rng, syllables: &[&str], n: usize) -> String {
    (0..n)
        .filter_map(|_| rng.pick(syllables).copied())
        .collect()
}

/// Words for claim prose, common and rare, so that queries meet the spread of hits the
/// curated text gives.
const WORDS_EN: &[&str] = &[
    "the",
    "of",
    "and",
    "in",
    "with",
    "by",
    "to",
    "a",
    "via",
    "through",
    "mesenchymal",
    "stem",
    "cells",
    "exosomes",
    "extracellular",
    "vesicles",
    "derived",
    "macrophage",
    "polarization",
    "inflammation",
    "fibrosis",
    "kidney",
    "colitis",
    "mice",
    "rats",
    "patients",
    "reduced",
    "increased",
    "expression",
    "signalling",
    "pathway",
    "treatment",
    "injury",
    "repair",
    "apoptosis",
    "proliferation",
    "secretion",
    "cytokines",
    "levels",
    "model",
    "tumor",
    "growth",
    "migration",
    "invasion",
    "targeting",
    "inhibiting",
    "promoting",
    "delivery",
    "protein",
    "receptor",
    "activation",
    "suppression",
    "immune",
    "response",
    "tissue",
    "regeneration",
    "angiogenesis",
    "oxidative",
    "stress",
    "autophagy",
    "barrier",
    "function",
    "review",
    "states",
    "reported",
    "significantly",
];
const WORDS_ZH: &[&str] = &[
    "间充质",
    "干细胞",
    "外泌体",
    "细胞外囊泡",
    "巨噬细胞",
    "极化",
    "炎症",
    "纤维化",
    "肾脏",
    "结肠炎",
    "小鼠",
    "大鼠",
    "患者",
    "降低",
    "升高",
    "表达",
    "信号",
    "通路",
    "治疗",
    "损伤",
    "修复",
    "凋亡",
    "增殖",
    "分泌",
    "细胞因子",
    "水平",
    "模型",
    "肿瘤",
    "生长",
    "迁移",
    "侵袭",
    "靶向",
    "抑制",
    "促进",
    "递送",
    "蛋白",
    "受体",
    "激活",
    "免疫",
    "应答",
    "组织",
    "再生",
    "血管生成",
    "氧化应激",
    "自噬",
    "屏障",
    "功能",
    "的",
    "和",
    "在",
    "通过",
    "并",
];

fn prose(rng: &mut Rng, words: &[&str], n: usize, sep: &str) -> String {
    (0..n)
        .filter_map(|_| rng.pick(words).copied())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Gives every claim of `doc` prose of the curated file's lengths (summaries of about
/// 150 English and 50 Chinese characters, a 40-character quote, a gloss, a note on every
/// other claim), for search benchmarks over claim text. Deterministic for a seed.
pub fn with_prose(doc: &mut Document, seed: u64) {
    let mut rng = Rng(seed);
    for (i, claim) in doc.claims.iter_mut().enumerate() {
        claim.zh = prose(&mut rng, WORDS_ZH, 20, "");
        claim.en = prose(&mut rng, WORDS_EN, 20, " ");
        claim.cite.quote = prose(&mut rng, WORDS_ZH, 16, "");
        claim.cite.gloss = prose(&mut rng, WORDS_EN, 16, " ");
        if i % 2 == 0 {
            claim.note = prose(&mut rng, WORDS_EN, 22, " ");
        }
    }
}

/// Entity counts per kind for a document with `n_claims` claims and `n_reviews` reviews:
/// about one entity per claim overall, split like the curated file (many cargo, targets
/// and studies).
fn counts(n_claims: usize, n_reviews: usize) -> [(Kind, usize); 12] {
    let scale = |share: f64| ((n_claims as f64 * share) as usize).max(3);
    [
        (Kind::Review, n_reviews),
        (Kind::Study, scale(0.30)),
        (Kind::Disease, scale(0.06)),
        (Kind::Source, scale(0.01)),
        (Kind::Vehicle, scale(0.005)),
        (Kind::Cargo, scale(0.20)),
        (Kind::Target, scale(0.18)),
        (Kind::Pathway, scale(0.03)),
        (Kind::CellType, scale(0.03)),
        (Kind::Effect, scale(0.08)),
        (Kind::Product, scale(0.02)),
        (Kind::Strategy, scale(0.01)),
    ]
}

/// A valid document with `n_claims` claims, the same for the same arguments.
pub fn synthetic(n_claims: usize, seed: u64) -> Document {
    synthetic_reviews(n_claims, (n_claims / 1000).max(5), seed)
}

/// [`synthetic`] with `n_reviews` reviews (at least one) sharing the claims and studies:
/// laid out with [`crate::model::Sources::split_by_review`], a folder of that many
/// review files and a shared `entities.ron` (`paracrine synth N --files K`).
pub fn synthetic_reviews(n_claims: usize, n_reviews: usize, seed: u64) -> Document {
    let n_reviews = n_reviews.max(1);
    let mut rng = Rng(seed);
    let mut doc = Document {
        version: super::io::FORMAT_VERSION,
        ..Document::default()
    };
    let mut ids: Vec<(Kind, Vec<Id>)> = Vec::new();
    for (kind, n) in counts(n_claims, n_reviews) {
        let mut kind_ids = Vec::with_capacity(n);
        for i in 0..n {
            let entity = entity(&mut rng, kind, i, n_reviews);
            kind_ids.push(Id::from(entity.id()));
            doc.push_entity(entity);
        }
        ids.push((kind, kind_ids));
    }
    let of = |kind: Kind| -> &[Id] {
        ids.iter()
            .find(|(k, _)| *k == kind)
            .map_or(&[], |(_, v)| v.as_slice())
    };
    for i in 0..n_claims {
        doc.claims.push(claim(&mut rng, i, &of));
    }
    doc
}

/// Entity `i` of `kind`, in a document with `n_reviews` reviews.
fn entity(rng: &mut Rng, kind: Kind, i: usize, n_reviews: usize) -> Entity {
    let id = Id::from(format!("{}-{i}", kind.field()));
    let zh = format!("{}{i}", word(rng, SYLLABLES_ZH, 4));
    let en = format!("{} {i}", word(rng, SYLLABLES_EN, 3));
    let abbr = en.chars().take(4).collect::<String>().to_uppercase();
    let aliases = vec![format!("{abbr}-{i}")];
    let parent = (i > 0 && rng.below(3) == 0)
        .then(|| Id::from(format!("{}-{}", kind.field(), rng.below(i))));
    // Every kind is made the same way, from the kind table; a few kinds then get
    // their own fields. Parents point to earlier entries: no cycles.
    let mut entity = Entity::new(kind);
    let named = entity.named_mut();
    named.set_id(id);
    named.set_names(zh, en);
    named.set_abbr(abbr);
    *named.aliases_mut() = aliases;
    match &mut entity {
        Entity::Review(review) => review.year = Some(2020),
        Entity::Study(study) => {
            study.first_author = word(rng, SYLLABLES_EN, 2).to_uppercase();
            study.review = Id::from(format!("reviews-{}", rng.below(n_reviews)));
            study.refs = vec![(i % 90 + 1) as u32];
        }
        Entity::Disease(disease) => disease.parent = parent,
        Entity::Source(source) => {
            source.species = Some(Species::Human);
            source.parent = parent;
        }
        Entity::Vehicle(vehicle) => {
            vehicle.class = *rng
                .pick(&VehicleClass::ALL)
                .unwrap_or(&VehicleClass::Exosomes);
        }
        Entity::Cargo(cargo) => cargo.kind = CargoKind::Mirna,
        Entity::CellType(cell_type) => cell_type.parent = parent,
        Entity::Effect(effect) => effect.mechanism = rng.pick(&Mechanism::ALL).copied(),
        Entity::Target(_) | Entity::Pathway(_) | Entity::Product(_) | Entity::Strategy(_) => {}
    }
    entity
}

/// Claim `i`, linking entities picked from `of(kind)` (the ids of each kind).
fn claim<'a>(rng: &mut Rng, i: usize, of: &impl Fn(Kind) -> &'a [Id]) -> Claim {
    let mut pick = |kind: Kind, n: usize| -> IdList {
        (0..n).filter_map(|_| rng.pick(of(kind)).cloned()).collect()
    };
    let cargos = pick(Kind::Cargo, 1);
    let targets = pick(Kind::Target, 1);
    let effects = pick(Kind::Effect, 1);
    let steps = match (cargos.first(), targets.first(), effects.first()) {
        (Some(c), Some(t), Some(e)) => vec![
            Step {
                from: c.clone(),
                rel: Relation::Inhibits,
                to: t.clone(),
            },
            Step {
                from: t.clone(),
                rel: Relation::Induces,
                to: e.clone(),
            },
        ],
        _ => Vec::new(),
    };
    let review = pick(Kind::Review, 1).pop().unwrap_or_default();
    let diseases = pick(Kind::Disease, 1);
    let sources = pick(Kind::Source, 1);
    let vehicles = pick(Kind::Vehicle, 1);
    let pathways = pick(Kind::Pathway, 1);
    let cell_types = pick(Kind::CellType, 1);
    let studies = pick(Kind::Study, 1);
    Claim {
        id: format!("claim-{i}").into(),
        zh: word(rng, SYLLABLES_ZH, 24),
        en: word(rng, SYLLABLES_EN, 16),
        direction: *rng.pick(&Direction::ALL).unwrap_or(&Direction::Promotes),
        level: *rng.pick(&Level::ALL).unwrap_or(&Level::Animal),
        model: "DSS colitis mice".to_owned(),
        species: vec![Species::Mouse],
        mechanisms: vec![*rng.pick(&Mechanism::ALL).unwrap_or(&Mechanism::Other)],
        diseases,
        sources,
        vehicles,
        cargos,
        targets,
        pathways,
        cell_types,
        effects,
        studies,
        steps,
        numbers: vec![Number {
            what: "n".to_owned(),
            value: format!("{}", rng.below(100)),
        }],
        cite: Cite {
            review,
            refs: vec![(i % 90 + 1) as u32],
            section: "2.4".to_owned(),
            quote: word(rng, SYLLABLES_ZH, 30),
            gloss: word(rng, SYLLABLES_EN, 12),
            ..Cite::default()
        },
        ..Claim::default()
    }
}

/// The shapes of synthetic file `paracrine synth --shape` writes; `n` is the size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// [`synthetic`]: a valid document with `n` claims, shaped like the curated one.
    Typical,
    /// [`deep_hierarchy`]: a valid document of one disease chain `n` deep.
    DeepHierarchy,
    /// [`duplicate_ids`]: `n` diseases defined twice (`n` problems).
    DuplicateIds,
    /// [`dangling_refs`]: `n` diseases whose parent does not exist (`n` problems).
    DanglingRefs,
    /// [`one_line`]: `n` entries on one line, each with an unknown field (`n` problems on
    /// line 1).
    OneLine,
    /// [`junk`]: `n` broken entries of many kinds, most of them costing a diagnostic.
    Junk,
}

impl Shape {
    /// Every shape.
    pub const ALL: [Shape; 6] = [
        Shape::Typical,
        Shape::DeepHierarchy,
        Shape::DuplicateIds,
        Shape::DanglingRefs,
        Shape::OneLine,
        Shape::Junk,
    ];

    /// The file's text: a document of this shape and size `n`, the same for the same
    /// arguments.
    pub fn text(self, n: usize, seed: u64) -> Result<String, ron::Error> {
        match self {
            Shape::Typical => super::io::to_ron_string(&synthetic(n, seed)),
            Shape::DeepHierarchy => super::io::to_ron_string(&deep_hierarchy(n)),
            Shape::DuplicateIds => super::io::to_ron_string(&duplicate_ids(n)),
            Shape::DanglingRefs => super::io::to_ron_string(&dangling_refs(n)),
            Shape::OneLine => Ok(one_line(n)),
            Shape::Junk => Ok(junk(n, seed)),
        }
    }
}

/// Disease `disease-{i}`, with both names.
fn disease(i: usize, parent: Option<Id>) -> Disease {
    Disease {
        id: format!("disease-{i}").into(),
        zh: format!("病{i}"),
        en: format!("disease {i}"),
        parent,
        ..Disease::default()
    }
}

/// A valid document of `n` diseases in one chain: `disease-0` is the root, and each
/// other disease the child of the one before (the deepest is `n - 1` levels down).
pub fn deep_hierarchy(n: usize) -> Document {
    Document {
        version: super::io::FORMAT_VERSION,
        diseases: (0..n)
            .map(|i| {
                disease(
                    i,
                    i.checked_sub(1).map(|p| Id::from(format!("disease-{p}"))),
                )
            })
            .collect(),
        ..Document::default()
    }
}

/// `n` diseases, then the same `n` again: every id defined twice, `n` duplicate-id
/// problems, each repeat `n` entries from its first definition.
pub fn duplicate_ids(n: usize) -> Document {
    Document {
        version: super::io::FORMAT_VERSION,
        diseases: (0..2 * n).map(|i| disease(i % n.max(1), None)).collect(),
        ..Document::default()
    }
}

/// `n` diseases, each the child of a disease that does not exist (`missing-{i}`): `n`
/// unknown-reference problems, in file order.
pub fn dangling_refs(n: usize) -> Document {
    Document {
        version: super::io::FORMAT_VERSION,
        diseases: (0..n)
            .map(|i| disease(i, Some(Id::from(format!("missing-{i}")))))
            .collect(),
        ..Document::default()
    }
}

/// `n` diseases on one line, each with the unknown field `bogus`: `n` problems on line 1.
pub fn one_line(n: usize) -> String {
    let mut text = String::from("Evidence(version: 1, diseases: [");
    for i in 0..n {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(&format!(
            "(id: \"disease-{i}\", zh: \"病{i}\", en: \"disease {i}\", bogus: {i})"
        ));
    }
    text.push_str("])\n");
    text
}

/// Broken entries `junk` is made of, one line each (`{i}` is the entry's number). Each
/// costs a diagnostic or more without stopping the scan: unknown or missing fields,
/// wrong types, missing commas, and entries with no fields at all.
const JUNK_ENTRIES: &[&str] = &[
    "(),",
    "(x: {i}),",
    "(id: \"junk-{i}\", zh: 1, en: [2]),",
    "(id: \"junk-{i}\" zh: \"无逗号\", en: \"no comma\"),",
    "(id: {i}, direction: Sideways, level: Rumour),",
    "(id: \"junk-{i}\", cite: (review: 3, quote: \"q\", section: [])),",
    "((((())))),",
    "(id: \"Junk {i}\", zh: \"名\", en: \"name\", steps: [(from: 1, to: 2)]),",
];

/// `n` broken entries in the claims list (and an unknown top-level field), picked by
/// `seed`: text that is almost all problems, for the cost of junk.
pub fn junk(n: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut text = String::from("Evidence(\n  version: 1,\n  claims: [\n");
    for i in 0..n {
        let entry = rng.pick(JUNK_ENTRIES).copied().unwrap_or("(),");
        text.push_str("    ");
        text.push_str(&entry.replace("{i}", &i.to_string()));
        text.push('\n');
    }
    text.push_str("  ],\n  rubbish: [1, 2, 3],\n)\n");
    text
}
