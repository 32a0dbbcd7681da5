//! Server-side authentication: credentials, sessions, the caller of each request.

pub mod credentials;
