//! Registering a new entity from a blank form: first its kind, then the same form and YAML
//! review as editing, then it is created and opened.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::edit::Editor;
use crate::access::me::CurrentUser;
use crate::catalog::model::{API_VERSION, Entity, Metadata, short_ref};
use crate::ui::{PageHeader, Panel};

/// The kinds one may register here, with what each is for. Templates come from the templates
/// feature, not from a blank form.
const KINDS: &[(&str, &str)] = &[
    (
        "Component",
        "A piece of software: a service, a website, a library",
    ),
    ("API", "An interface that components provide or consume"),
    (
        "Resource",
        "Infrastructure a component needs: a database, a bucket, a queue",
    ),
    ("System", "Components and APIs that together do one job"),
    ("Domain", "An area of the business that groups systems"),
    ("Group", "A team or an organisation"),
    ("User", "A person"),
    ("Location", "A pointer to more descriptor files"),
];

/// `/catalog/new[?kind=…]`: the kind to register, then its form. For people who may create
/// entities; the server refuses the others when they try.
#[component]
pub fn NewEntityPage() -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| {
        let asked = query.read().get("kind").unwrap_or_default();
        KINDS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&asked))
            .map(|(k, _)| *k)
    });
    let current = use_context::<CurrentUser>();
    view! {
        {move || match kind.get() {
            None => view! { <KindChoice/> }.into_any(),
            Some(kind) => {
                // A new component is most often the author's team's: offer it as the owner.
                let team = current
                    .and_then(|CurrentUser(me)| me.get_untracked())
                    .and_then(|me| me.ok().flatten())
                    .and_then(|me| me.teams.first().cloned());
                view! { <Editor entity=blank(kind, team.as_deref()) existing=false/> }.into_any()
            }
        }}
    }
}

/// An entity of `kind` with nothing filled in but, where the kind has one, the owner.
fn blank(kind: &str, team: Option<&str>) -> Entity {
    let mut spec = serde_json::Map::new();
    let owned = crate::catalog::validate::spec_fields(kind)
        .iter()
        .any(|(field, _, _)| *field == "owner");
    if let (true, Some(team)) = (owned, team) {
        spec.insert("owner".into(), short_ref(team).into());
    }
    Entity {
        api_version: API_VERSION.into(),
        kind: kind.into(),
        metadata: Metadata::default(),
        spec,
        relations: Vec::new(),
        status: None,
    }
}

/// The first step: which kind of entity.
#[component]
fn KindChoice() -> impl IntoView {
    view! {
        <Title text="New entity"/>
        <PageHeader title="New entity" description="Register something in the catalog. Teams that keep catalog-info.yaml files can import them instead."/>
        <Panel title="What are you registering?">
            <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Kinds">
                {KINDS.iter().map(|(kind, about)| view! {
                    <li>
                        <a href=format!("/catalog/new?kind={}", kind.to_lowercase())
                            class="block h-full rounded-lg border border-zinc-200 p-4 transition-colors hover:border-indigo-400 hover:bg-indigo-50/50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:hover:border-indigo-400 dark:hover:bg-indigo-500/10">
                            <span class="block text-sm font-semibold text-zinc-900 dark:text-white">{*kind}</span>
                            <span class="mt-1 block text-sm text-subtle">{*about}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </Panel>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_entity_offers_the_team_as_owner_where_the_kind_has_one() {
        let component = blank("Component", Some("group:default/payments"));
        assert_eq!(component.spec["owner"], "payments");
        assert_eq!(component.metadata.name, "");
        assert!(
            blank("User", Some("group:default/payments"))
                .spec
                .is_empty()
        );
        assert!(blank("Component", None).spec.is_empty());
        assert_eq!(blank("API", Some("group:ops/sre")).spec["owner"], "ops/sre");
        for (kind, _) in KINDS {
            assert!(
                crate::catalog::kinds::KIND_VERSIONS
                    .iter()
                    .any(|(k, _)| k == kind),
                "{kind}"
            );
        }
    }
}
