//! Shared visual atoms: the colours and glyphs that carry meaning (direction, evidence
//! tier, relation, entity kind). Every view takes them from here, so a colour means the
//! same thing everywhere; each also has a glyph and a word, so nothing depends on colour
//! alone.

use egui::Color32;

use crate::model::{Direction, Kind, Level, Relation, Tier};

/// The colour of a claim's direction; stays distinguishable in light and dark themes.
pub fn direction_color(direction: Direction) -> Color32 {
    match direction {
        Direction::Promotes | Direction::AntiTumor => Color32::from_rgb(0x1b, 0x7f, 0x3b),
        Direction::Inhibits => Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Direction::ProTumor => Color32::from_rgb(0xb0, 0x2a, 0x2a),
        Direction::Mixed => Color32::from_rgb(0x8a, 0x5a, 0x00),
        Direction::NoEffect | Direction::Describes => Color32::from_rgb(0x5a, 0x5a, 0x5a),
    }
}

/// The colour of an evidence tier, shared by cards, filters and diagrams.
pub fn tier_color(tier: Tier) -> Color32 {
    let [r, g, b, _] = crate::diagram::drawing::tier_fill(tier);
    Color32::from_rgb(r, g, b)
}

/// The colour of an evidence level (by its tier).
pub fn level_color(level: Level) -> Color32 {
    tier_color(level.tier())
}

/// The colour that marks an entity kind (diagram nodes, kind chips).
pub fn kind_color(kind: Kind) -> Color32 {
    match kind {
        Kind::Disease => Color32::from_rgb(0xc0, 0x39, 0x2b),
        Kind::Source => Color32::from_rgb(0x27, 0x6f, 0xbf),
        Kind::Vehicle => Color32::from_rgb(0x16, 0x8a, 0x8a),
        Kind::Cargo => Color32::from_rgb(0x8e, 0x44, 0xad),
        Kind::Target => Color32::from_rgb(0xd3, 0x54, 0x00),
        Kind::Pathway => Color32::from_rgb(0x7d, 0x66, 0x08),
        Kind::CellType => Color32::from_rgb(0x2e, 0x86, 0x4b),
        Kind::Effect => Color32::from_rgb(0x5d, 0x6d, 0x7e),
        Kind::Product => Color32::from_rgb(0x9b, 0x2c, 0x6e),
        Kind::Strategy => Color32::from_rgb(0x34, 0x49, 0x5e),
        Kind::Study => Color32::from_rgb(0x62, 0x62, 0x62),
        Kind::Review => Color32::from_rgb(0x44, 0x44, 0x44),
    }
}

/// The arrow written between two names for a relation: a bar for inhibition, an arrow
/// otherwise (text form; diagrams draw heads as shapes).
pub fn relation_arrow(relation: Relation) -> &'static str {
    if relation.is_inhibitory() {
        "—|"
    } else {
        "→"
    }
}
