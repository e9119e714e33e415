//! Claims: one finding as a review reports it, linking typed entities, with direction,
//! evidence level, model system, numbers and provenance.

use serde::{Deserialize, Serialize};

use super::entity::{Id, IdList, Kind, Mechanism, Species};

/// One finding, e.g. "hUCMSC-exosomes deliver miR-146a-5p, inhibit NOTCH1 and promote M2
/// polarization, relieving SLE-associated diffuse alveolar haemorrhage in mice".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable slug, unique in the file (`c003-…`).
    pub id: Id,
    /// One-sentence summary in Chinese.
    #[serde(default)]
    pub zh: String,
    /// One-sentence summary in English.
    #[serde(default)]
    pub en: String,
    /// Which way the finding points: promotes, inhibits, no effect … or only describes.
    #[serde(default)]
    pub direction: Direction,
    /// The kind of evidence behind the finding, as the review reports it.
    #[serde(default)]
    pub level: Level,
    /// True when the review does not state the evidence level and the curator inferred
    /// it (for example "animal" from an in-vivo outcome such as a disease activity index).
    /// Shown as "inferred" on cards and filterable, as CIViC separates rating from level.
    #[serde(default, skip_serializing_if = "is_false")]
    pub level_inferred: bool,
    /// Model system as the review names it ("DSS colitis mice", "HG-cultured podocytes").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    /// The organisms in which the outcome was observed: human for patients and trials, the
    /// animal for animal models, empty for cell culture (human cell lines included, as the
    /// README and the `--strict` heuristics have it); never where the MSCs came from,
    /// which is the MSC source.
    #[serde(
        default,
        deserialize_with = "crate::model::io::exact_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub species: Vec<Species>,
    /// The mechanism categories the finding bears on.
    #[serde(
        default,
        deserialize_with = "crate::model::io::exact_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub mechanisms: Vec<Mechanism>,

    // Linked entities, by kind. Every id must exist and be of that kind.
    /// Diseases or disease models the finding concerns.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub diseases: IdList,
    /// MSC sources (tissue, donor species) of the cells or vesicles used.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub sources: IdList,
    /// Vehicles the therapy was given as (cells, exosomes, EVs …).
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub vehicles: IdList,
    /// Molecules carried or secreted that the finding credits.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub cargos: IdList,
    /// Molecular targets acted on; cargo ids are accepted too (a secreted factor can be a target).
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub targets: IdList,
    /// Signalling pathways or axes involved.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub pathways: IdList,
    /// Cell types or phenotypes involved (M2 macrophages, podocytes …).
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub cell_types: IdList,
    /// Cellular effects or outcomes reported.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub effects: IdList,
    /// Products or drugs the finding concerns.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub products: IdList,
    /// Engineering strategies used.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub strategies: IdList,
    /// The primary studies the review cites for it.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub studies: IdList,

    /// The mechanism chain, as typed edges between linked entities
    /// (`miR-146a-5p —inhibits→ NOTCH1`). Feeds the mechanism diagrams.
    #[serde(
        default,
        deserialize_with = "crate::model::io::exact_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub steps: Vec<Step>,
    /// Quantitative results where the text gives them.
    #[serde(
        default,
        deserialize_with = "crate::model::io::exact_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub numbers: Vec<Number>,
    /// Where the review is vague or hedged, say so here rather than sharpening the claim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Curators' warnings about the claim from outside the review or from elsewhere in it
    /// (a later withdrawal, a contradiction): each with its own named, dated source, shown
    /// as a warning and never mixed into the review's own text.
    #[serde(
        default,
        deserialize_with = "crate::model::io::exact_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub caveats: Vec<Caveat>,
    /// Where it comes from.
    #[serde(default)]
    pub cite: Cite,
}

/// A curator's warning about a claim, with its source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caveat {
    /// The warning in Chinese.
    #[serde(default)]
    pub zh: String,
    /// The warning in English.
    #[serde(default)]
    pub en: String,
    /// Where it comes from, named so a reader can check it ("EMA, Alofisel: withdrawal of
    /// the marketing authorisation"; "this review, section 2.3, ref. [60]").
    pub source: String,
    /// When the source said it (ISO date, `2024-12-13`), if it has a date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How many link fields a claim has: one per entity kind but reviews (a claim names its
/// review in `cite.review`).
pub const N_LINK_FIELDS: usize = 11;

impl Claim {
    /// Every link field: its kind, its name in the file and its ids. The one list of
    /// them; the index, validation, claim cards and renaming all iterate it.
    pub fn links(&self) -> [(Kind, &'static str, &[Id]); N_LINK_FIELDS] {
        [
            (Kind::Disease, "diseases", &self.diseases),
            (Kind::Source, "sources", &self.sources),
            (Kind::Vehicle, "vehicles", &self.vehicles),
            (Kind::Cargo, "cargos", &self.cargos),
            (Kind::Target, "targets", &self.targets),
            (Kind::Pathway, "pathways", &self.pathways),
            (Kind::CellType, "cell_types", &self.cell_types),
            (Kind::Effect, "effects", &self.effects),
            (Kind::Product, "products", &self.products),
            (Kind::Strategy, "strategies", &self.strategies),
            (Kind::Study, "studies", &self.studies),
        ]
    }

    /// The link field holding entities of `kind` (none for reviews, which a claim
    /// cites in `cite.review`); the same fields as [`Claim::links`].
    pub fn link_field_mut(&mut self, kind: Kind) -> Option<&mut IdList> {
        Some(match kind {
            Kind::Disease => &mut self.diseases,
            Kind::Source => &mut self.sources,
            Kind::Vehicle => &mut self.vehicles,
            Kind::Cargo => &mut self.cargos,
            Kind::Target => &mut self.targets,
            Kind::Pathway => &mut self.pathways,
            Kind::CellType => &mut self.cell_types,
            Kind::Effect => &mut self.effects,
            Kind::Product => &mut self.products,
            Kind::Strategy => &mut self.strategies,
            Kind::Study => &mut self.studies,
            Kind::Review => return None,
        })
    }

    /// Every id the claim refers to: its link fields, its steps, its review and its
    /// table and figure.
    pub fn referenced_ids(&self) -> impl Iterator<Item = &Id> {
        self.links()
            .into_iter()
            .flat_map(|(_, _, ids)| ids.iter())
            .chain(self.steps.iter().flat_map(|s| [&s.from, &s.to]))
            .chain(std::iter::once(&self.cite.review))
            .chain(self.cite.table.iter())
            .chain(self.cite.figure.iter())
    }
}

/// Which way the finding points.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Direction {
    /// Beneficial / promotes the named effect.
    Promotes,
    /// Inhibits the named effect.
    Inhibits,
    /// Asserts that the named effect did not change.
    NoEffect,
    /// The review reports both directions.
    Mixed,
    /// Tumor review: promotes tumor growth, invasion or metastasis.
    ProTumor,
    /// Tumor review: inhibits tumors.
    AntiTumor,
    /// A definition, epidemiology figure or open question: no direction.
    #[default]
    Describes,
}

impl Direction {
    /// Every direction, in declaration order.
    pub const ALL: [Direction; 7] = [
        Direction::Promotes,
        Direction::Inhibits,
        Direction::NoEffect,
        Direction::Mixed,
        Direction::ProTumor,
        Direction::AntiTumor,
        Direction::Describes,
    ];

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Direction::Promotes => "promotes",
            Direction::Inhibits => "inhibits",
            Direction::NoEffect => "no effect",
            Direction::Mixed => "mixed",
            Direction::ProTumor => "pro-tumor",
            Direction::AntiTumor => "anti-tumor",
            Direction::Describes => "describes",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Direction::Promotes => "促进",
            Direction::Inhibits => "抑制",
            Direction::NoEffect => "无作用",
            Direction::Mixed => "双向",
            Direction::ProTumor => "促肿瘤",
            Direction::AntiTumor => "抑肿瘤",
            Direction::Describes => "描述",
        }
    }

    /// A glyph so the direction is never conveyed by colour alone.
    pub fn glyph(self) -> &'static str {
        match self {
            Direction::Promotes => "↑",
            Direction::Inhibits => "↓",
            Direction::NoEffect => "=",
            Direction::Mixed => "±",
            Direction::ProTumor => "▲",
            Direction::AntiTumor => "▼",
            Direction::Describes => "·",
        }
    }
}

/// Evidence level, ordered from weakest to strongest.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Level {
    /// The review's own statement, a definition or an open question.
    #[default]
    Statement,
    /// Experiments on cultured cells.
    InVitro,
    /// Experiments in animal models (DSS colitis mice, CD fistula rats).
    Animal,
    /// Human case report or case series.
    HumanCase,
    /// Human observational study or cohort.
    HumanObservational,
    /// Clinical trial, phase not given.
    Trial,
    /// Clinical trial the review reports as phase I.
    TrialPhase1,
    /// Clinical trial the review reports as phase II.
    TrialPhase2,
    /// Clinical trial the review reports as phase III.
    TrialPhase3,
    /// Approved / marketed therapy.
    Approved,
}

impl Level {
    /// Every level, in declaration order (weakest first).
    pub const ALL: [Level; 10] = [
        Level::Statement,
        Level::InVitro,
        Level::Animal,
        Level::HumanCase,
        Level::HumanObservational,
        Level::Trial,
        Level::TrialPhase1,
        Level::TrialPhase2,
        Level::TrialPhase3,
        Level::Approved,
    ];

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Level::Statement => "review statement",
            Level::InVitro => "in vitro",
            Level::Animal => "animal model",
            Level::HumanCase => "human case series",
            Level::HumanObservational => "human observational",
            Level::Trial => "clinical trial",
            Level::TrialPhase1 => "phase I trial",
            Level::TrialPhase2 => "phase II trial",
            Level::TrialPhase3 => "phase III trial",
            Level::Approved => "approved",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Statement => "综述陈述",
            Level::InVitro => "体外实验",
            Level::Animal => "动物模型",
            Level::HumanCase => "人类病例",
            Level::HumanObservational => "人类观察性研究",
            Level::Trial => "临床试验",
            Level::TrialPhase1 => "I期临床试验",
            Level::TrialPhase2 => "II期临床试验",
            Level::TrialPhase3 => "III期临床试验",
            Level::Approved => "已获批",
        }
    }

    /// The coarse tier used for filters, colours and the evidence map.
    pub fn tier(self) -> Tier {
        match self {
            Level::Statement => Tier::Statement,
            Level::InVitro => Tier::InVitro,
            Level::Animal => Tier::Animal,
            Level::HumanCase
            | Level::HumanObservational
            | Level::Trial
            | Level::TrialPhase1
            | Level::TrialPhase2
            | Level::TrialPhase3
            | Level::Approved => Tier::Human,
        }
    }
}

/// Coarse evidence tiers, weakest first: what a clinician filters and counts by.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Tier {
    /// The review's own statement.
    #[default]
    Statement,
    /// Cells in a dish.
    InVitro,
    /// Animal models.
    Animal,
    /// Any human evidence: cases, cohorts, trials, approved products.
    Human,
}

impl Tier {
    /// Every tier, weakest first.
    pub const ALL: [Tier; 4] = [Tier::Statement, Tier::InVitro, Tier::Animal, Tier::Human];

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Tier::Statement => "综述陈述",
            Tier::InVitro => "体外",
            Tier::Animal => "动物",
            Tier::Human => "人类",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Tier::Statement => "review statement",
            Tier::InVitro => "in vitro",
            Tier::Animal => "animal",
            Tier::Human => "human",
        }
    }

    /// A shape, so the tier never depends on colour alone.
    pub fn glyph(self) -> &'static str {
        match self {
            Tier::Statement => "○",
            Tier::InVitro => "◇",
            Tier::Animal => "◆",
            Tier::Human => "●",
        }
    }
}

/// A typed edge of a mechanism chain or a figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Id of the entity the edge starts at.
    pub from: Id,
    /// How the edge reads: `from` *rel* `to`.
    pub rel: Relation,
    /// Id of the entity the edge points to.
    pub to: Id,
}

/// Edge types shared by claim steps and figure edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Relation {
    /// `from` activates `to`.
    Activates,
    /// `from` inhibits `to`.
    Inhibits,
    /// `from` raises the expression or level of `to`.
    Upregulates,
    /// `from` lowers the expression or level of `to`.
    Downregulates,
    /// `from`, a cell, secretes `to`: vesicles or a factor (MSC → MSC-Exo).
    Secretes,
    /// `from`, a vehicle, carries or delivers `to`, a cargo.
    Delivers,
    /// `from`, a cargo, binds or targets `to`, a molecule (miRNA → mRNA).
    Targets,
    /// `from`, a cell phenotype, is polarized to `to` (M1 → M2).
    PolarizesTo,
    /// `from`, a cell, differentiates into `to` (MSC → osteoblast).
    DifferentiatesTo,
    /// `from` induces `to`, usually an effect (MSC-Exo → autophagy).
    Induces,
    /// `from` recruits `to`, a cell type (MSC-Exo → M2).
    Recruits,
    /// `from` alleviates `to`, a disease or injury.
    Alleviates,
    /// `from` aggravates or worsens `to`, a disease or injury.
    Aggravates,
    /// `to` follows `from` in a flow chart (search strategy, screening flow).
    Then,
    /// `from` is associated with `to`; no direction claimed.
    Associated,
}
impl Relation {
    /// Every relation, in declaration order.
    pub const ALL: [Relation; 15] = [
        Relation::Activates,
        Relation::Inhibits,
        Relation::Upregulates,
        Relation::Downregulates,
        Relation::Secretes,
        Relation::Delivers,
        Relation::Targets,
        Relation::PolarizesTo,
        Relation::DifferentiatesTo,
        Relation::Induces,
        Relation::Recruits,
        Relation::Alleviates,
        Relation::Aggravates,
        Relation::Then,
        Relation::Associated,
    ];
}

impl Relation {
    /// English label: how the edge reads (`from` *label* `to`).
    pub fn label_en(self) -> &'static str {
        match self {
            Relation::Activates => "activates",
            Relation::Inhibits => "inhibits",
            Relation::Upregulates => "upregulates",
            Relation::Downregulates => "downregulates",
            Relation::Secretes => "secretes",
            Relation::Delivers => "delivers",
            Relation::Targets => "targets",
            Relation::PolarizesTo => "polarizes to",
            Relation::DifferentiatesTo => "differentiates to",
            Relation::Induces => "induces",
            Relation::Recruits => "recruits",
            Relation::Alleviates => "alleviates",
            Relation::Aggravates => "aggravates",
            Relation::Then => "then",
            Relation::Associated => "associated with",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Relation::Activates => "激活",
            Relation::Inhibits => "抑制",
            Relation::Upregulates => "上调",
            Relation::Downregulates => "下调",
            Relation::Secretes => "分泌",
            Relation::Delivers => "递送",
            Relation::Targets => "靶向",
            Relation::PolarizesTo => "极化为",
            Relation::DifferentiatesTo => "分化为",
            Relation::Induces => "诱导",
            Relation::Recruits => "募集",
            Relation::Alleviates => "缓解",
            Relation::Aggravates => "加重",
            Relation::Then => "然后",
            Relation::Associated => "相关",
        }
    }

    /// Inhibitory edges are drawn with a bar head and dashed line.
    pub fn is_inhibitory(self) -> bool {
        matches!(
            self,
            Relation::Inhibits | Relation::Downregulates | Relation::Alleviates
        )
    }
}

/// A quantitative result: `(what: "fistula healing at 12 months", value: "80.8%")`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Number {
    /// What the value measures, as precisely as the text says ("fistula healing at 12 months").
    pub what: String,
    /// The value as the review prints it, unit included ("80.8%", "< 60 mL/(min·1.73 m2)").
    pub value: String,
}

/// Provenance: which review, which of its references, where, and a verbatim quote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// Id of the review the finding comes from.
    #[serde(default)]
    pub review: Id,
    /// The review's reference numbers for this finding (empty when it is the review's own statement).
    #[serde(
        default,
        deserialize_with = "crate::model::io::exact_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub refs: Vec<u32>,
    /// Section number or heading ("2.4.2", "摘要", "结语").
    #[serde(default)]
    pub section: String,
    /// The table view this finding appears in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Id>,
    /// The figure view this finding appears in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Id>,
    /// Verbatim quote from the seed text (under ~150 characters, OCR noise kept).
    #[serde(default)]
    pub quote: String,
    /// English gloss of the quote.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gloss: String,
}
