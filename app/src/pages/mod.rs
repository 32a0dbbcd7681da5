//! Pages that belong to no feature: not found, errors, and sections still to come.

pub mod error;
pub mod not_found;
pub mod placeholder;
