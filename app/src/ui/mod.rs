//! The design system: the few building blocks every page is made of.

pub mod badge;
pub mod button;
pub mod card;
pub mod chart;
#[cfg(test)]
mod contrast_tests;
pub mod field;
pub mod format;
pub mod icon;
pub mod loaded;
pub mod page;
pub mod skeleton;
pub mod table;
pub mod url;

pub use badge::{Badge, Tone};
pub use card::{Panel, StatCard};
pub use icon::{Icon, IconName};
pub use loaded::{ErrorFallback, Loaded};
pub use page::{EmptyState, PageHeader, PageLinks};
pub use skeleton::{Skeleton, SkeletonRows, SkeletonStats};
pub use table::{TD, TH, Table};
