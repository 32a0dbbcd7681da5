//! Server-side authentication: credentials, sessions, the caller of each request.

pub mod bootstrap;
pub mod credentials;
pub use crate::access::hashing;
pub mod oidc;
pub mod resolve;
pub mod runtime;
pub mod session;
pub mod sign_in;
pub mod sso;
