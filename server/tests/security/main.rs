//! Regression tests of the security review's defects (issue 8), one or more per defect, through
//! the doors an attacker uses: HTTP requests to the real router over SQLite and PostgreSQL.

#[path = "../support/mod.rs"]
mod support;

mod catalog_rules;
mod credentials;
mod import_bounds;
mod read_scope;
mod redirects;
mod render_bounds;
mod requests;
