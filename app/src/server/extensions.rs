//! What features keep for the life of the server (the catalog index, say), found by type, so
//! that the context every use case runs in carries them without knowing the features.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

/// Values by their type; cloning shares them.
#[derive(Clone, Default)]
pub struct Extensions(Arc<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl Extensions {
    /// These extensions and `value`, which replaces any earlier value of its type.
    pub fn with<T: Any + Send + Sync>(self, value: Arc<T>) -> Extensions {
        let mut map = Arc::unwrap_or_clone(self.0);
        map.insert(TypeId::of::<T>(), value);
        Extensions(Arc::new(map))
    }

    /// The value of type `T`, if there is one.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.0.get(&TypeId::of::<T>())?.clone().downcast().ok()
    }
}

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Extensions({} values)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_type_and_shared() {
        let count = Arc::new(7_u32);
        let extensions = Extensions::default()
            .with(count.clone())
            .with(Arc::new(String::from("catalog")));
        assert_eq!(extensions.get::<u32>().as_deref(), Some(&7));
        assert!(Arc::ptr_eq(&extensions.get::<u32>().unwrap(), &count));
        assert_eq!(
            extensions.get::<String>().as_deref().map(String::as_str),
            Some("catalog")
        );
        assert!(extensions.get::<i64>().is_none());
        let replaced = extensions.with(Arc::new(8_u32));
        assert_eq!(replaced.get::<u32>().as_deref(), Some(&8));
    }
}
