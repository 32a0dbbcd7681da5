//! How catalog values read and where they link: entity page addresses, kind names as Backstage
//! spells them, facet values as people read them.

use crate::catalog::filter::Facet;
use crate::catalog::model::short_ref;

/// The entity page of a lowercase ref: `/catalog/{namespace}/{kind}/{name}` as in Backstage.
pub fn entity_href(entity_ref: &str) -> String {
    let (kind, rest) = entity_ref
        .split_once(':')
        .unwrap_or(("component", entity_ref));
    let (namespace, name) = rest.split_once('/').unwrap_or(("default", rest));
    format!(
        "/catalog/{}/{}/{}",
        crate::ui::url::encode(namespace),
        crate::ui::url::encode(kind),
        crate::ui::url::encode(name)
    )
}

/// Facet values as people read them.
pub fn facet_value_label(facet: Facet, value: &str) -> String {
    match facet {
        Facet::Owner | Facet::System => short_ref(value).to_owned(),
        Facet::Kind => kind_label(value).to_owned(),
        _ => value.to_owned(),
    }
}

/// A stored (lowercase) kind as Backstage spells it.
pub fn kind_label(kind: &str) -> &str {
    crate::catalog::validate::KIND_VERSIONS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| k.eq_ignore_ascii_case(kind))
        .unwrap_or(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_links_follow_backstage_paths() {
        assert_eq!(
            entity_href("component:default/cart"),
            "/catalog/default/component/cart"
        );
        assert_eq!(
            entity_href("group:ops/sre team"),
            "/catalog/ops/group/sre%20team"
        );
    }
}
