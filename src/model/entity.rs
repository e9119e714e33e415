//! Entity kinds of the evidence file: reviews, studies, diseases, MSC sources, vehicles,
//! cargo, targets, pathways, cell types, effects, products and engineering strategies.
//!
//! Every entity shares the same naming fields (id slug, Chinese and English name,
//! abbreviation, aliases, short descriptions); the `entity!` macro writes them once so
//! that the RON file stays flat and readable (`(id: "sle", zh: "系统性红斑狼疮", en: …)`).

use serde::{Deserialize, Serialize};

/// A stable, human-readable slug such as `mir-146a-5p`. Unique across the whole file.
pub type Id = String;

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
    /// Chinese description.
    fn desc_zh(&self) -> &str;
    /// English description.
    fn desc_en(&self) -> &str;
    /// The parent in this kind's hierarchy (diseases, sources, vehicles, cell types).
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
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub aliases: Vec<String>,
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub desc_zh: String,
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
        #[serde(default, skip_serializing_if = "String::is_empty")]
        authors: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        journal: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<u16>,
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
        #[serde(default)]
        first_author: String,
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
        #[serde(default, skip_serializing_if = "String::is_empty")]
        tissue: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        species: Option<Species>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// How the therapy is delivered: cells, exosomes, EVs, engineered EVs …
    Vehicle with parent {
        #[serde(default)]
        class: VehicleClass,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// A molecule carried or secreted: miRNA, protein, mRNA, lipid, tsRNA, drug …
    Cargo {
        #[serde(default)]
        kind: CargoKind,
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
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<Id>,
    }
);

entity!(
    /// A cellular effect or outcome (M2 polarization, fibrosis, fistula healing …).
    Effect {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mechanism: Option<Mechanism>,
    }
);

entity!(
    /// An approved or investigational product, or a comparator drug class.
    Product {
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
        #[serde(default)]
        kind: StrategyKind,
    }
);

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Species {
    Human,
    Mouse,
    Rat,
    Rabbit,
    Pig,
    Dog,
    Monkey,
    Sheep,
    Horse,
    Zebrafish,
    Other,
}

impl Species {
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
pub enum VehicleClass {
    #[default]
    Cells,
    Exosomes,
    Evs,
    ApoptoticVesicles,
    EngineeredEvs,
    ConditionedMedium,
    Other,
}

impl VehicleClass {
    pub const ALL: [VehicleClass; 7] = [
        VehicleClass::Cells,
        VehicleClass::Exosomes,
        VehicleClass::Evs,
        VehicleClass::ApoptoticVesicles,
        VehicleClass::EngineeredEvs,
        VehicleClass::ConditionedMedium,
        VehicleClass::Other,
    ];
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
pub enum CargoKind {
    Mirna,
    Tsrna,
    Lncrna,
    Circrna,
    Mrna,
    #[default]
    Protein,
    Cytokine,
    Enzyme,
    Lipid,
    SmallMolecule,
    Drug,
    Organelle,
    Other,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
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
    Other,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum StrategyKind {
    GeneOverexpression,
    GeneKnockdown,
    Preconditioning,
    SurfaceModification,
    DrugLoading,
    Biomaterial,
    Microneedle,
    Coating,
    CombinationTherapy,
    RouteOfDelivery,
    #[default]
    Other,
}

/// Mechanism categories: the columns of the evidence gap map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mechanism {
    Immunomodulation,
    MacrophagePolarization,
    AntiInflammation,
    AntiFibrosis,
    AntiApoptosis,
    AntiOxidation,
    Angiogenesis,
    TissueRepair,
    BarrierRepair,
    Autophagy,
    Metabolism,
    Proliferation,
    Migration,
    TumorGrowth,
    TumorSuppression,
    DrugDelivery,
    Engineering,
    Manufacturing,
    Safety,
    Clinical,
    Epidemiology,
    Definition,
    Other,
}

impl Mechanism {
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
