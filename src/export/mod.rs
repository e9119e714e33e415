//! Writing diagrams out: [`svg`] turns a [`Drawing`](crate::diagram::Drawing) into SVG
//! text. Pure functions of their input; the caller decides where the bytes go.

pub mod svg;

pub use svg::to_svg;
