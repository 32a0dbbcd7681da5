//! The catalog list's filter: facets, free text, "mine" and "starred", sort and page, and its
//! round trip through the URL so that a filtered view can be bookmarked and shared.

use serde::{Deserialize, Serialize};

/// A dimension the catalog list can be narrowed by, with counts per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Facet {
    Kind,
    Type,
    Owner,
    Lifecycle,
    System,
    Tag,
    Namespace,
}

impl Facet {
    pub const ALL: &'static [Facet] = &[
        Facet::Kind,
        Facet::Type,
        Facet::Owner,
        Facet::Lifecycle,
        Facet::System,
        Facet::Tag,
        Facet::Namespace,
    ];

    /// The URL parameter, e.g. `owner`.
    pub fn param(self) -> &'static str {
        match self {
            Facet::Kind => "kind",
            Facet::Type => "type",
            Facet::Owner => "owner",
            Facet::Lifecycle => "lifecycle",
            Facet::System => "system",
            Facet::Tag => "tag",
            Facet::Namespace => "namespace",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Facet::Kind => "Kind",
            Facet::Type => "Type",
            Facet::Owner => "Owner",
            Facet::Lifecycle => "Lifecycle",
            Facet::System => "System",
            Facet::Tag => "Tag",
            Facet::Namespace => "Namespace",
        }
    }
}

/// The order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Name,
    Kind,
    Owner,
    Updated,
}

impl Sort {
    pub const ALL: &'static [Sort] = &[Sort::Name, Sort::Kind, Sort::Owner, Sort::Updated];

    pub fn param(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Kind => "kind",
            Sort::Owner => "owner",
            Sort::Updated => "updated",
        }
    }

    pub fn parse(text: &str) -> Option<Sort> {
        Sort::ALL.iter().copied().find(|s| s.param() == text)
    }
}

/// What the catalog list shows. Facet values within one facet are alternatives (OR); facets
/// combine with AND, as in every faceted search people know.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogFilter {
    /// (facet, selected values), values lowercase as stored.
    pub facets: Vec<(Facet, Vec<String>)>,
    pub text: String,
    /// Only entities owned by the caller's teams.
    pub mine: bool,
    /// Only entities the caller starred.
    pub starred: bool,
    pub sort: Sort,
    pub descending: bool,
    /// Zero-based.
    pub page: i64,
}

impl CatalogFilter {
    /// Reads the filter from URL query pairs; unknown parameters are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = CatalogFilter::default();
        for (key, value) in pairs {
            if let Some(facet) = Facet::ALL.iter().find(|f| f.param() == key) {
                let value = value.trim().to_lowercase();
                if !value.is_empty() {
                    filter.select(*facet, value);
                }
                continue;
            }
            match key {
                "q" => filter.text = value.to_owned(),
                "mine" => filter.mine = value == "1" || value == "true",
                "starred" => filter.starred = value == "1" || value == "true",
                "sort" => filter.sort = Sort::parse(value).unwrap_or_default(),
                "desc" => filter.descending = value == "1" || value == "true",
                "page" => filter.page = value.parse::<i64>().map_or(0, |p| (p - 1).max(0)),
                _ => {}
            }
        }
        filter
    }

    /// The URL query (without `?`) that gives this filter back; empty for the default view.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (facet, values) in &self.facets {
            for value in values {
                parts.push(format!(
                    "{}={}",
                    facet.param(),
                    crate::ui::url::encode(value)
                ));
            }
        }
        if !self.text.trim().is_empty() {
            parts.push(format!("q={}", crate::ui::url::encode(self.text.trim())));
        }
        if self.mine {
            parts.push("mine=1".to_owned());
        }
        if self.starred {
            parts.push("starred=1".to_owned());
        }
        if self.sort != Sort::Name {
            parts.push(format!("sort={}", self.sort.param()));
        }
        if self.descending {
            parts.push("desc=1".to_owned());
        }
        if self.page > 0 {
            parts.push(format!("page={}", self.page + 1));
        }
        parts.join("&")
    }

    /// `/catalog` with this filter.
    pub fn href(&self) -> String {
        self.href_at("/catalog")
    }

    /// The page at `base` (the catalog, or the Create page's templates) with this filter.
    pub fn href_at(&self, base: &str) -> String {
        let query = self.to_query();
        if query.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{query}")
        }
    }

    /// How many filters narrow the list: each selected facet value, "mine" and "starred" (the
    /// search text has its own box), for the count on the phone layout's Filters button.
    pub fn active_count(&self) -> usize {
        self.facets
            .iter()
            .map(|(_, values)| values.len())
            .sum::<usize>()
            + usize::from(self.mine)
            + usize::from(self.starred)
    }

    pub fn selected(&self, facet: Facet) -> &[String] {
        self.facets
            .iter()
            .find(|(f, _)| *f == facet)
            .map_or(&[], |(_, values)| values.as_slice())
    }

    pub fn is_selected(&self, facet: Facet, value: &str) -> bool {
        self.selected(facet).iter().any(|v| v == value)
    }

    pub fn select(&mut self, facet: Facet, value: String) {
        match self.facets.iter_mut().find(|(f, _)| *f == facet) {
            Some((_, values)) if !values.contains(&value) => values.push(value),
            Some(_) => {}
            None => self.facets.push((facet, vec![value])),
        }
    }

    /// The same filter with `value` of `facet` switched on or off, back on the first page.
    pub fn toggled(&self, facet: Facet, value: &str) -> CatalogFilter {
        let mut next = self.clone();
        next.page = 0;
        if next.is_selected(facet, value) {
            for (f, values) in &mut next.facets {
                if *f == facet {
                    values.retain(|v| v != value);
                }
            }
            next.facets.retain(|(_, values)| !values.is_empty());
        } else {
            next.select(facet, value.to_owned());
        }
        next
    }

    /// The same filter on another page.
    pub fn at_page(&self, page: i64) -> CatalogFilter {
        CatalogFilter {
            page,
            ..self.clone()
        }
    }
}

/// Counts of one facet's values among the entities matching every other part of the filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCounts {
    pub facet: Facet,
    /// (value, count), most frequent first.
    pub values: Vec<(String, i64)>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn active_filters_count_each_value_and_switch_but_not_the_text() {
        let filter = CatalogFilter::from_pairs([
            ("kind", "component"),
            ("lifecycle", "production"),
            ("lifecycle", "experimental"),
            ("mine", "true"),
            ("q", "ledger"),
        ]);
        assert_eq!(filter.active_count(), 4);
        assert_eq!(
            CatalogFilter::from_pairs([("q", "ledger")]).active_count(),
            0
        );
    }

    use super::*;

    fn check(query: &str) {
        // The router hands over decoded values.
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .map(|(k, v)| (k.to_owned(), crate::ui::url::decode(v)))
            .collect();
        let filter = CatalogFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(filter.to_query(), query, "round trip of {query:?}");
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        check("");
        check("kind=component&kind=api&owner=group%3Adefault%2Fteam-a");
        check("tag=java&q=pay&mine=1&starred=1&sort=updated&desc=1&page=3");
    }

    #[test]
    fn toggling_adds_and_removes_values_and_resets_the_page() {
        let filter = CatalogFilter::default().at_page(4);
        let on = filter.toggled(Facet::Kind, "api");
        assert_eq!(on.href(), "/catalog?kind=api");
        let two = on.toggled(Facet::Kind, "component");
        assert_eq!(two.selected(Facet::Kind), ["api", "component"]);
        assert_eq!(
            two.toggled(Facet::Kind, "api")
                .toggled(Facet::Kind, "component"),
            CatalogFilter::default()
        );
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let filter = CatalogFilter::from_pairs([
            ("page", "-2"),
            ("sort", "size"),
            ("kind", "  "),
            ("Kind", "API"),
            ("unknown", "x"),
        ]);
        assert_eq!(filter, CatalogFilter::default());
        let upper = CatalogFilter::from_pairs([("kind", "API")]);
        assert_eq!(upper.selected(Facet::Kind), ["api"]);
    }
}
