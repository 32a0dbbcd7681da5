//! Pages of authentication: sign in, and the signed-in person's account.

pub mod account;
pub mod sign_in;
pub mod tokens;

pub use account::AccountPage;
pub use sign_in::SignInPage;
