//! The signed-in person as every page reads them: who they are and what they may do.

use leptos::prelude::Resource;
use serde::{Deserialize, Serialize};

use super::identity::User;
use super::permission::Permission;
use crate::error::AppError;

/// The signed-in user, with what they may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    /// Team entity refs.
    pub teams: Vec<String>,
    /// Roles bound to the user directly or through a team.
    pub roles: Vec<String>,
    /// Dotted names of the permissions held for at least some entities.
    pub permissions: Vec<String>,
}

impl Me {
    pub fn may(&self, permission: Permission) -> bool {
        self.permissions.iter().any(|p| p == permission.name())
    }

    /// Initials for the avatar: "Ada Okafor" → "AO".
    pub fn initials(&self) -> String {
        let initials: String = self
            .user
            .display_name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect();
        if initials.is_empty() {
            self.user
                .login
                .chars()
                .take(1)
                .collect::<String>()
                .to_uppercase()
        } else {
            initials.to_uppercase()
        }
    }
}

/// The signed-in person, loaded once per page by the shell and read by any page from the
/// context (`None` when nobody is signed in).
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Result<Option<Me>, AppError>>);

impl CurrentUser {
    /// The signed-in person, awaited. Inside `Suspense`, await this rather than `get()` the
    /// resource: several boundaries of a page share it, and streamed rendering can stall for good
    /// when they all `get()` it (leptos-rs/leptos #4578, whose workaround this is).
    pub async fn signed_in(current: Option<CurrentUser>) -> Option<Me> {
        match current {
            Some(CurrentUser(me)) => me.await.ok().flatten(),
            None => None,
        }
    }
}
