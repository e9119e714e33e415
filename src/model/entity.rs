//! Entity kinds of the evidence file: reviews, studies, diseases, MSC sources, vehicles,
//! cargo, targets, pathways, cell types, effects, products and engineering strategies.
//!
//! Every entity shares the same naming fields (id slug, Chinese and English name,
//! abbreviation, aliases, short descriptions); the `entity!` macro writes them once so
//! that the RON file stays flat and readable (`(id: "sle", zh: "系统性红斑狼疮", en: …)`).

use serde::{Deserialize, Serialize};

/// A stable, human-readable slug such as `mir-146a-5p`. Unique across the whole file.
pub type Id = smol_str::SmolStr;

/// A list of ids, as a claim's link fields and a table's or figure's references hold
/// them. Most hold one id, which is kept in place (the one-id list of each of a claim's
/// eleven link fields was an allocation of its own); more spill to the heap like a `Vec`.
pub type IdList = smallvec::SmallVec<[Id; 1]>;

macro_rules! define_kind {
    ($($variant:ident, $ty:ident, $field:ident, $rank:literal, $noun:literal, $en:literal, $zh:literal;)*) => {
        /// The kinds of entity. `Ord` follows the order the UI lists them in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Kind {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl Kind {
            /// Every kind, in file order (the order of the lists in the evidence file).
            pub const FILE_ORDER: &'static [Kind] = &[$(Kind::$variant),*];

            /// How many kinds there are.
            pub const COUNT: usize = Kind::FILE_ORDER.len();

            /// Every kind, in the order the UI lists them.
            pub const ALL: [Kind; Kind::COUNT] = {
                let mut all = [$(Kind::$variant),*];
                // Insertion sort by rank: `sort` is not const.
                let mut i = 1;
                while i < all.len() {
                    let mut j = i;
                    while j > 0 && all[j - 1].rank() > all[j].rank() {
                        let swap = all[j];
                        all[j] = all[j - 1];
                        all[j - 1] = swap;
                        j -= 1;
                    }
                    i += 1;
                }
                all
            };

            /// Position in the UI's listing (0 first).
            pub const fn rank(self) -> u8 {
                match self {
                    $(Kind::$variant => $rank,)*
                }
            }

            /// The name of the list holding this kind in the evidence file.
            pub fn field(self) -> &'static str {
                match self {
                    $(Kind::$variant => stringify!($field),)*
                }
            }

            /// Singular English noun, used in diagnostics ("unknown cargo `miR-999`").
            pub fn noun(self) -> &'static str {
                match self {
                    $(Kind::$variant => $noun,)*
                }
            }

            /// English label of the kind's list.
            pub fn label_en(self) -> &'static str {
                match self {
                    $(Kind::$variant => $en,)*
                }
            }

            /// Chinese label of the kind's list.
            pub fn label_zh(self) -> &'static str {
                match self {
                    $(Kind::$variant => $zh,)*
                }
            }

            /// The kind whose list is called `field` in the evidence file.
            pub fn from_field(field: &str) -> Option<Kind> {
                match field {
                    $(stringify!($field) => Some(Kind::$variant),)*
                    _ => None,
                }
            }
        }

        /// One entity of any kind, owned.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Entity {
            $(
                #[doc = $en]
                $variant($ty),
            )*
        }

        /// One entity of any kind, borrowed from a document.
        #[derive(Clone, Copy, Debug)]
        pub enum EntityRef<'a> {
            $(
                #[doc = $en]
                $variant(&'a $ty),
            )*
        }

        impl Entity {
            /// This entity's kind.
            pub fn kind(&self) -> Kind {
                match self {
                    $(Entity::$variant(_) => Kind::$variant,)*
                }
            }

            /// Its naming fields.
            pub fn named(&self) -> &dyn Named {
                match self {
                    $(Entity::$variant(e) => e,)*
                }
            }

            /// Its naming fields, mutably.
            pub fn named_mut(&mut self) -> &mut dyn NamedMut {
                match self {
                    $(Entity::$variant(e) => e,)*
                }
            }

            /// A new entity of `kind` with every field at its default.
            pub fn new(kind: Kind) -> Entity {
                match kind {
                    $(Kind::$variant => Entity::$variant($ty::default()),)*
                }
            }

            /// Its id.
            pub fn id(&self) -> &str {
                self.named().id()
            }
        }

        impl<'a> EntityRef<'a> {
            /// This entity's kind.
            pub fn kind(self) -> Kind {
                match self {
                    $(EntityRef::$variant(_) => Kind::$variant,)*
                }
            }

            /// Its naming fields.
            pub fn named(self) -> &'a dyn Named {
                match self {
                    $(EntityRef::$variant(e) => e,)*
                }
            }

            /// An owned copy.
            pub fn to_owned(self) -> Entity {
                match self {
                    $(EntityRef::$variant(e) => Entity::$variant(e.clone()),)*
                }
            }
        }
    };
}
super::kinds::for_each_kind!(define_kind);

impl PartialOrd for Kind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// Naming fields shared by every entity, read through one trait so that lists, search
/// and validation treat all kinds alike.
pub trait Named {
    /// The id slug.
    fn id(&self) -> &str;
    /// Chinese name.
    fn zh(&self) -> &str;
    /// English name.
    fn en(&self) -> &str;
    /// Abbreviation.
    fn abbr(&self) -> &str;
    /// Other spellings.
    fn aliases(&self) -> &[String];
    /// Ids it was filed under before a merge; they still resolve to it.
    fn former_ids(&self) -> &[Id];
    /// Chinese description.
    fn desc_zh(&self) -> &str;
    /// English description.
    fn desc_en(&self) -> &str;
    /// The parent in this kind's hierarchy (diseases, sources, vehicles, cargo, cell types).
    fn parent(&self) -> Option<&str> {
        None
    }
}

/// Naming fields, writable: the synthetic generator and the editor set them.
pub trait NamedMut: Named {
    /// Sets the id.
    fn set_id(&mut self, id: Id);
    /// Sets the Chinese and English names.
    fn set_names(&mut self, zh: String, en: String);
    /// Sets the abbreviation.
    fn set_abbr(&mut self, abbr: String);
    /// The aliases, to add to or edit.
    fn aliases_mut(&mut self) -> &mut Vec<String>;
}

macro_rules! entity {
    ($(#[$meta:meta])* $name:ident with parent { $($body:tt)* }) => {
        entity!(@define $(#[$meta])* $name { $($body)* } {
            fn parent(&self) -> Option<&str> { self.parent.as_deref() }
        });
    };
    ($(#[$meta:meta])* $name:ident { $($body:tt)* }) => {
        entity!(@define $(#[$meta])* $name { $($body)* } {});
    };
    (@define $(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? } { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Stable slug, unique in the file.
            pub id: Id,
            /// Chinese name.
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub zh: String,
            /// English name.
            #[serde(default)]
            pub en: String,
            /// Abbreviation as the reviews write it (`hUC-MSC`, `TSG-6`).
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub abbr: String,
            /// Other spellings a reader might type, OCR variants included.
            #[serde(default, deserialize_with = "crate::model::io::exact_vec", skip_serializing_if = "Vec::is_empty")]
            pub aliases: Vec<String>,
            /// Ids this entity was filed under before duplicates were merged into it; links
            /// to them still resolve (`Index::item`). None may be a live id.
            #[serde(default, deserialize_with = "crate::model::io::exact_vec", skip_serializing_if = "Vec::is_empty")]
            pub former_ids: Vec<Id>,
            /// Short description in Chinese, shown on the entity's page.
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub desc_zh: String,
            /// Short description in English, shown on the entity's page.
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub desc_en: String,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl Named for $name {
            fn id(&self) -> &str { &self.id }
            fn zh(&self) -> &str { &self.zh }
            fn en(&self) -> &str { &self.en }
            fn abbr(&self) -> &str { &self.abbr }
            fn aliases(&self) -> &[String] { &self.aliases }
            fn former_ids(&self) -> &[Id] { &self.former_ids }
            fn desc_zh(&self) -> &str { &self.desc_zh }
            fn desc_en(&self) -> &str { &self.desc_en }
            $($extra)*
        }

        impl NamedMut for $name {
            fn set_id(&mut self, id: Id) { self.id = id; }
            fn set_names(&mut self, zh: String, en: String) { self.zh = zh; self.en = en; }
            fn set_abbr(&mut self, abbr: String) { self.abbr = abbr; }
            fn aliases_mut(&mut self) -> &mut Vec<String> { &mut self.aliases }
        }
    };
}

entity!(
    /// One of the five review papers (the seeds).
    Review {
        /// Authors (and affiliations) as the review prints them; empty when not given.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        authors: String,
        /// Journal name; empty when not given.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        journal: String,
        /// Publication year, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<u16>,
        /// DOI; empty when not given.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        doi: String,
        /// File name of the seed text this review was curated from.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        seed: String,
    }
);

entity!(
    /// A primary study cited by a review (first author, year, reference number(s)).
    Study {
        /// First author's name as the review cites it; the study's name for search.
        #[serde(default)]
        first_author: String,
        /// Publication year, when the review gives it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<u16>,
        /// The review citing it.
        #[serde(default)]
        review: Id,
        /// Reference numbers in that review's bibliography.
        #[serde(default)]
        refs: Vec<u32>,
    }
);

entity!(
    /// A disease or a disease model; `parent` builds the hierarchy (pfCD ⊂ CD ⊂ IBD).
    Disease with parent {
        /// The broader disease this one is a form of (the id of another disease).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
        /// True for experimental models (DSS colitis, CIA, UUO …).
        #[serde(default, skip_serializing_if = "is_false")]
        is_model: bool,
    }
);

entity!(
    /// Where the MSCs come from (tissue and species); `parent` for specialisations.
    Source with parent {
        /// The tissue the MSCs are isolated from ("umbilical cord", "bone marrow").
        #[serde(default, skip_serializing_if = "String::is_empty")]
        tissue: String,
        /// The donor species the MSCs come from, when the review says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        species: Option<Species>,
        /// The more general source this one specialises (the id of another MSC source).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// How the therapy is delivered: cells, exosomes, EVs, engineered EVs …
    Vehicle with parent {
        /// What kind of vehicle it is; the vehicle filter works on this.
        #[serde(default)]
        class: VehicleClass,
        /// The more general vehicle this one specialises (the id of another vehicle).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// A molecule carried or secreted: miRNA, protein, mRNA, lipid, tsRNA, drug …;
    /// `parent` relates a mature miRNA arm to its family (miR-146a-5p ⊂ miR-146a).
    Cargo with parent {
        /// The class of molecule (or organelle).
        #[serde(default)]
        kind: CargoKind,
        /// The molecule this one is a form of (the id of another cargo): a miRNA arm's
        /// family (`mir-146a` for `mir-146a-5p`), so the family's page rolls up the arm's
        /// evidence. A family and its arm are related, never merged: the reviews name both.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// A molecular target (gene, protein, receptor) that cargo acts on.
    Target {}
);

entity!(
    /// A signalling pathway or axis (NF-κB, PI3K/AKT, TGF-β/Smad …).
    Pathway {}
);

entity!(
    /// A cell type or phenotype (M1, M2a, Treg, podocyte …); `parent` for subtypes.
    CellType with parent {
        /// The cell type this is a subtype or phenotype of (the id of another cell type).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// A cellular effect or outcome (M2 polarization, fibrosis, fistula healing …).
    Effect {
        /// The mechanism category the effect belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mechanism: Option<Mechanism>,
    }
);

entity!(
    /// An approved or investigational product, or a comparator drug class.
    Product {
        /// An MSC product (approved or investigational) or a drug (conventional or loaded).
        #[serde(default)]
        kind: ProductKind,
        /// Approval status as the review states it.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        status: String,
    }
);

entity!(
    /// An engineering strategy (gene overexpression, surface modification, microneedles …).
    Strategy {
        /// The family of engineering approach.
        #[serde(default)]
        kind: StrategyKind,
    }
);

fn is_false(b: &bool) -> bool {
    !*b
}

/// An organism. In a claim (`Claim::species`) it is where the outcome was observed:
/// the patients or the animal model (a claim on cultured cells lists none). In an MSC
/// source (`Source::species`) it is the donor the MSCs came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Species {
    /// Humans: patients and volunteers (a claim), or human donors of cells and tissues (an MSC source).
    Human,
    /// Mice, including mouse disease models (DSS colitis mice), or mouse cells.
    Mouse,
    /// Rats, including rat disease models, or rat cells.
    Rat,
    /// Rabbits or rabbit cells.
    Rabbit,
    /// Pigs or pig cells.
    Pig,
    /// Dogs or dog cells.
    Dog,
    /// Monkeys or monkey cells.
    Monkey,
    /// Sheep or sheep cells.
    Sheep,
    /// Horses or horse cells.
    Horse,
    /// Zebrafish or zebrafish cells.
    Zebrafish,
    /// Any organism not listed here.
    Other,
}

impl Species {
    /// Every species, in the order filters list them.
    pub const ALL: [Species; 11] = [
        Species::Human,
        Species::Mouse,
        Species::Rat,
        Species::Rabbit,
        Species::Pig,
        Species::Dog,
        Species::Monkey,
        Species::Sheep,
        Species::Horse,
        Species::Zebrafish,
        Species::Other,
    ];

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Species::Human => "human",
            Species::Mouse => "mouse",
            Species::Rat => "rat",
            Species::Rabbit => "rabbit",
            Species::Pig => "pig",
            Species::Dog => "dog",
            Species::Monkey => "monkey",
            Species::Sheep => "sheep",
            Species::Horse => "horse",
            Species::Zebrafish => "zebrafish",
            Species::Other => "other",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Species::Human => "人",
            Species::Mouse => "小鼠",
            Species::Rat => "大鼠",
            Species::Rabbit => "兔",
            Species::Pig => "猪",
            Species::Dog => "犬",
            Species::Monkey => "猴",
            Species::Sheep => "羊",
            Species::Horse => "马",
            Species::Zebrafish => "斑马鱼",
            Species::Other => "其他",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
/// What a vehicle is, in broad classes: the vehicle filter's choices.
pub enum VehicleClass {
    /// The cells themselves given as the therapy: MSCs, native or engineered (the default).
    #[default]
    Cells,
    /// Vesicles the review calls exosomes (MSC-Exo, BMSC-Exo …).
    Exosomes,
    /// Extracellular vesicles the review does not call exosomes: EVs in general, microvesicles.
    Evs,
    /// Vesicles released by MSCs undergoing apoptosis.
    ApoptoticVesicles,
    /// Engineered exosomes or EVs: loaded, coated, surface-modified, or from gene-modified cells.
    EngineeredEvs,
    /// Medium in which MSCs were cultured, with what they secreted into it.
    ConditionedMedium,
    /// Any other vehicle.
    Other,
}

impl VehicleClass {
    /// Every class, in the order filters list them.
    pub const ALL: [VehicleClass; 7] = [
        VehicleClass::Cells,
        VehicleClass::Exosomes,
        VehicleClass::Evs,
        VehicleClass::ApoptoticVesicles,
        VehicleClass::EngineeredEvs,
        VehicleClass::ConditionedMedium,
        VehicleClass::Other,
    ];

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            VehicleClass::Cells => "cells",
            VehicleClass::Exosomes => "exosomes",
            VehicleClass::Evs => "EVs",
            VehicleClass::ApoptoticVesicles => "apoptotic vesicles",
            VehicleClass::EngineeredEvs => "engineered EVs",
            VehicleClass::ConditionedMedium => "conditioned medium",
            VehicleClass::Other => "other",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            VehicleClass::Cells => "细胞",
            VehicleClass::Exosomes => "外泌体",
            VehicleClass::Evs => "细胞外囊泡",
            VehicleClass::ApoptoticVesicles => "凋亡囊泡",
            VehicleClass::EngineeredEvs => "工程化囊泡",
            VehicleClass::ConditionedMedium => "条件培养基",
            VehicleClass::Other => "其他",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
/// The class of a cargo molecule.
pub enum CargoKind {
    /// A microRNA (miR-146a-5p, let-7a).
    Mirna,
    /// A tRNA-derived small RNA (tsRNA-21109).
    Tsrna,
    /// A long non-coding RNA.
    Lncrna,
    /// A circular RNA.
    Circrna,
    /// A messenger RNA carried as such (CDC6 mRNA).
    Mrna,
    /// A protein other than a cytokine or an enzyme: growth factors, TSG-6 … (the default).
    #[default]
    Protein,
    /// A cytokine or chemokine (IL-10, TGF-β1, SDF-1).
    Cytokine,
    /// An enzyme (IDO, MnSOD, COX-2).
    Enzyme,
    /// A lipid or lipid mediator (PGE2, sphingomyelin, phosphatidylserine).
    Lipid,
    /// A small molecule other than a drug.
    SmallMolecule,
    /// A drug loaded into or carried by the vehicle (icariin).
    Drug,
    /// A whole organelle (e.g. mitochondria).
    Organelle,
    /// Anything else (non-coding RNAs in general, siRNA, mitochondrial DNA).
    Other,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
/// What a product is: an MSC product (approved or in trials), or a drug.
pub enum ProductKind {
    /// An approved or marketed MSC product (darvadstrocel/Alofisel …).
    MscProduct,
    /// An investigational MSC or exosome product in trials.
    Investigational,
    /// A conventional drug or drug class (comparators in seed 001 Table 1).
    #[default]
    Drug,
    /// A drug loaded into or combined with MSCs/EVs.
    LoadedDrug,
    /// Anything else the reviews list with products (e.g. the MISEV guidelines).
    Other,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
/// The family an engineering strategy belongs to.
pub enum StrategyKind {
    /// Making MSCs or their vesicles overexpress a gene, miRNA or protein (CXCR4, GDNF).
    GeneOverexpression,
    /// Knocking a gene down or out (integrin knockout).
    GeneKnockdown,
    /// Treating MSCs before use (IFN-γ, IL-1β or TNF-α priming, hypoxia).
    Preconditioning,
    /// Changing the surface of cells or vesicles (antibodies, PEGylation, glycoengineering).
    SurfaceModification,
    /// Loading drugs or nucleic acids into MSCs or vesicles (electroporation loading).
    DrugLoading,
    /// Holding cells or vesicles in a material: hydrogels, scaffolds, microcapsules.
    Biomaterial,
    /// Delivery through microneedles (dissolving microneedle patches).
    Microneedle,
    /// Coating or encapsulating cells or vesicles (alginate microspheres, layer-by-layer coating).
    Coating,
    /// Combining MSCs or vesicles with another therapy (conventional drugs, radiotherapy).
    CombinationTherapy,
    /// The route of administration (oral, intravenous, local injection, intranasal …).
    RouteOfDelivery,
    /// Anything else: isolation and culture methods, gene editing … (the default).
    #[default]
    Other,
}

/// Mechanism categories: the columns of the evidence gap map. An effect has one
/// (`Effect::mechanism`), a claim lists those it bears on (`Claim::mechanisms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mechanism {
    /// Regulation of immune cells: T-cell differentiation, Treg induction, DC maturation.
    Immunomodulation,
    /// Macrophage polarization between M1 and M2, and recruitment of M2 macrophages.
    MacrophagePolarization,
    /// Inflammation and its signs: cytokine storm, pyroptosis, macrophage accumulation.
    AntiInflammation,
    /// Fibrosis and its steps: EMT, matrix deposition, myofibroblast activation, scarring.
    AntiFibrosis,
    /// Cell death and survival: apoptosis, necrosis, neuronal death.
    AntiApoptosis,
    /// Oxidative stress.
    AntiOxidation,
    /// Vessel formation and protection: angiogenesis, tube formation, microvascular rarefaction.
    Angiogenesis,
    /// Repair and function of tissues and organs: renoprotection, kidney function, neuroprotection.
    TissueRepair,
    /// Epithelial and mucosal barriers: barrier repair, mucosal healing.
    BarrierRepair,
    /// Autophagy, induced or restored.
    Autophagy,
    /// Metabolism: glycolysis, fatty-acid metabolism, lipid accumulation, blood glucose.
    Metabolism,
    /// Cell proliferation and the cell cycle.
    Proliferation,
    /// Cell migration, invasion and metastasis; MSC homing and engraftment.
    Migration,
    /// Promotion of tumours: tumour growth, tumorigenesis, tumour heterogeneity.
    TumorGrowth,
    /// Suppression of tumours.
    TumorSuppression,
    /// How well a vehicle delivers: targeting, enrichment, penetration, stability, clearance.
    DrugDelivery,
    /// Outcomes of engineering MSCs or their vesicles.
    Engineering,
    /// Production and storage: batch-to-batch heterogeneity, storage stability.
    Manufacturing,
    /// Safety and adverse effects: immunogenicity, tumorigenicity, infection, hypersensitivity.
    Safety,
    /// Clinical outcomes in patients: response, remission, relapse, endoscopic improvement.
    Clinical,
    /// Epidemiology: how common a disease is and who it affects.
    Epidemiology,
    /// What something is: definitions, not effects.
    Definition,
    /// Anything else (paracrine signalling, intercellular communication).
    Other,
}

impl Mechanism {
    /// Every category, in declaration order.
    pub const ALL: [Mechanism; 23] = [
        Mechanism::Immunomodulation,
        Mechanism::MacrophagePolarization,
        Mechanism::AntiInflammation,
        Mechanism::AntiFibrosis,
        Mechanism::AntiApoptosis,
        Mechanism::AntiOxidation,
        Mechanism::Angiogenesis,
        Mechanism::TissueRepair,
        Mechanism::BarrierRepair,
        Mechanism::Autophagy,
        Mechanism::Metabolism,
        Mechanism::Proliferation,
        Mechanism::Migration,
        Mechanism::TumorGrowth,
        Mechanism::TumorSuppression,
        Mechanism::DrugDelivery,
        Mechanism::Engineering,
        Mechanism::Manufacturing,
        Mechanism::Safety,
        Mechanism::Clinical,
        Mechanism::Epidemiology,
        Mechanism::Definition,
        Mechanism::Other,
    ];
}

/// Writes `label_zh` and `label_en` for an enum shown to users, from one table of rows
/// `Variant => "中文", "English";` (so no label comes from `{:?}`).
macro_rules! labels {
    ($ty:ident { $($variant:ident => $zh:literal, $en:literal;)* }) => {
        impl $ty {
            /// Every variant, in declaration order (for the editor's dropdowns).
            pub const VARIANTS: &'static [$ty] = &[$($ty::$variant,)*];

            /// Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self {
                    $($ty::$variant => $zh,)*
                }
            }

            /// English label.
            pub fn label_en(self) -> &'static str {
                match self {
                    $($ty::$variant => $en,)*
                }
            }
        }
    };
}

labels!(CargoKind {
    Mirna => "微小RNA", "miRNA";
    Tsrna => "tRNA衍生小RNA", "tsRNA";
    Lncrna => "长链非编码RNA", "lncRNA";
    Circrna => "环状RNA", "circRNA";
    Mrna => "信使RNA", "mRNA";
    Protein => "蛋白质", "protein";
    Cytokine => "细胞因子", "cytokine";
    Enzyme => "酶", "enzyme";
    Lipid => "脂质", "lipid";
    SmallMolecule => "小分子", "small molecule";
    Drug => "药物", "drug";
    Organelle => "细胞器", "organelle";
    Other => "其他", "other";
});

labels!(ProductKind {
    MscProduct => "已获批MSC产品", "approved MSC product";
    Investigational => "在研产品", "investigational product";
    Drug => "常规药物", "conventional drug";
    LoadedDrug => "负载药物", "loaded drug";
    Other => "其他", "other";
});

labels!(StrategyKind {
    GeneOverexpression => "基因过表达", "gene overexpression";
    GeneKnockdown => "基因敲低", "gene knockdown";
    Preconditioning => "预处理", "preconditioning";
    SurfaceModification => "表面修饰", "surface modification";
    DrugLoading => "药物装载", "drug loading";
    Biomaterial => "生物材料", "biomaterial";
    Microneedle => "微针", "microneedle";
    Coating => "包被", "coating";
    CombinationTherapy => "联合治疗", "combination therapy";
    RouteOfDelivery => "给药途径", "route of delivery";
    Other => "其他", "other";
});

labels!(Mechanism {
    Immunomodulation => "免疫调节", "immunomodulation";
    MacrophagePolarization => "巨噬细胞极化", "macrophage polarization";
    AntiInflammation => "抗炎", "anti-inflammation";
    AntiFibrosis => "抗纤维化", "anti-fibrosis";
    AntiApoptosis => "抗凋亡", "anti-apoptosis";
    AntiOxidation => "抗氧化", "anti-oxidation";
    Angiogenesis => "血管生成", "angiogenesis";
    TissueRepair => "组织修复", "tissue repair";
    BarrierRepair => "屏障修复", "barrier repair";
    Autophagy => "自噬", "autophagy";
    Metabolism => "代谢", "metabolism";
    Proliferation => "增殖", "proliferation";
    Migration => "迁移", "migration";
    TumorGrowth => "促进肿瘤生长", "tumour growth";
    TumorSuppression => "抑制肿瘤", "tumour suppression";
    DrugDelivery => "药物递送", "drug delivery";
    Engineering => "工程化改造", "engineering";
    Manufacturing => "制备与生产", "manufacturing";
    Safety => "安全性", "safety";
    Clinical => "临床应用", "clinical use";
    Epidemiology => "流行病学", "epidemiology";
    Definition => "定义", "definition";
    Other => "其他", "other";
});

impl Entity {
    /// The parent field of a hierarchical kind (diseases, sources, vehicles, cargo, cell
    /// types), for the editor and the reference visitor.
    pub fn parent_mut(&mut self) -> Option<&mut Option<Id>> {
        match self {
            Entity::Disease(e) => Some(&mut e.parent),
            Entity::Source(e) => Some(&mut e.parent),
            Entity::Vehicle(e) => Some(&mut e.parent),
            Entity::Cargo(e) => Some(&mut e.parent),
            Entity::CellType(e) => Some(&mut e.parent),
            Entity::Review(_)
            | Entity::Study(_)
            | Entity::Target(_)
            | Entity::Pathway(_)
            | Entity::Effect(_)
            | Entity::Product(_)
            | Entity::Strategy(_) => None,
        }
    }
}
