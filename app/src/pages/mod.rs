//! Pages that belong to no feature: not found and sections still to come.

pub mod not_found;
pub mod placeholder;
