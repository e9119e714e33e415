//! fonts
