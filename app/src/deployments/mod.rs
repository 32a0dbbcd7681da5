//! Deployments: environments, rollouts, the commits they ship and the incidents they cause.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
