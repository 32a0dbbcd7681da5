//! The teams page: who belongs to each team, and memberships granted outside the catalog.

use leptos::prelude::*;

use super::{ActionMessage, AdminHeader};
use crate::admin::api::teams::{AddTeamMember, RemoveTeamMember, TeamRow, list_teams};
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::button::{INPUT, SECONDARY};
use crate::ui::{Badge, Panel, Tone};

/// Teams and their members. For administrators.
#[component]
pub fn AdminTeamsPage() -> impl IntoView {
    let add = ServerAction::<AddTeamMember>::new();
    let remove = ServerAction::<RemoveTeamMember>::new();
    let data = Resource::new(
        move || (add.version().get(), remove.version().get()),
        |_| list_teams(),
    );
    // The message belongs to whichever action ran last.
    let result = Signal::derive(move || {
        if add.version().get() >= remove.version().get() {
            add.value().get()
        } else {
            remove.value().get()
        }
    });
    view! {
        <AdminHeader title="Teams"/>
        <p class="mb-4 max-w-3xl text-sm text-subtle">
            "Teams are the catalog's groups. Members listed in the catalog change there; memberships granted here add to them, and count for ownership rules at once."
        </p>
        <ActionMessage result done="Membership saved."/>
        <Loaded data=move || data.get() title="Teams" rows=8 let:teams>
            <div class="grid grid-cols-1 gap-4 lg:grid-cols-2">
                {teams.into_iter().map(|team| view! { <Team team add remove/> }).collect_view()}
            </div>
        </Loaded>
    }
}

#[component]
fn Team(
    team: TeamRow,
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
) -> impl IntoView {
    let title = match &team.parent {
        Some(parent) => format!("{} · in {}", team.display_name, short_ref(parent)),
        None => team.display_name.clone(),
    };
    let input_id = format!("add-{}", team.team_ref.replace([':', '/'], "-"));
    let team_ref = team.team_ref.clone();
    view! {
        <Panel title=title>
                        {team.members.is_empty().then(|| view! { <p class="text-sm text-subtle">"No members yet."</p> })}
            <ul class="-my-1 divide-y divide-zinc-100 dark:divide-zinc-800">
                {team.members.into_iter().map(|member| {
                    let removable = member.source == "admin";
                    let login = member.login.clone().unwrap_or_default();
                    let team_ref = team.team_ref.clone();
                    view! {
                        <li class="flex items-center justify-between gap-3 py-2 text-sm">
                            <span>
                                <span class="text-zinc-900 dark:text-zinc-100">{member.name}</span>
                                {member.login.clone().map(|l| view! { <span class="ml-2 font-mono text-xs text-subtle">{l}</span> })}
                            </span>
                            <span class="flex items-center gap-2">
                                <Badge tone=if member.source == "catalog" { Tone::Neutral } else { Tone::Accent }>{member.source.clone()}</Badge>
                                {removable.then(|| view! {
                                    <ActionForm action=remove>
                                        <input type="hidden" name="team_ref" value=team_ref/>
                                        <input type="hidden" name="login" value=login.clone()/>
                                        <button type="submit" class="text-xs text-rose-600 hover:underline dark:text-rose-400" aria-label=format!("Remove {login}")>"Remove"</button>
                                    </ActionForm>
                                })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="mt-4 flex gap-2">
                <input type="hidden" name="team_ref" value=team_ref/>
                <label for=input_id.clone() class="sr-only">{format!("Add a member to {}", team.display_name)}</label>
                <input id=input_id name="login" placeholder="Login to add" required class=INPUT/>
                <button type="submit" class=SECONDARY>"Add"</button>
            </ActionForm>
        </Panel>
    }
}
