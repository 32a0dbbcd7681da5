//! The roles page: every permission against every role, with checkboxes for custom roles.

use leptos::prelude::*;

use super::{ActionMessage, AdminHeader};
use crate::access::decision::{Reach, Role};
use crate::access::permission::Permission;
use crate::admin::api::roles::{
    CreateRole, DeleteRole, PermissionInfo, RolesPage, SetGrant, list_roles,
};
use crate::ui::Loaded;
use crate::ui::button::{INPUT, LABEL, PRIMARY};
use crate::ui::{Badge, Icon, IconName, Panel, TD, TH, Tone};

/// Roles as a permission matrix. For administrators.
#[component]
pub fn AdminRolesPage() -> impl IntoView {
    let create = ServerAction::<CreateRole>::new();
    let delete = ServerAction::<DeleteRole>::new();
    let grant = ServerAction::<SetGrant>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                delete.version().get(),
                grant.version().get(),
            )
        },
        |_| list_roles(),
    );
    let result = Signal::derive(move || {
        grant
            .value()
            .get()
            .or_else(|| create.value().get())
            .or_else(|| delete.value().get())
    });
    view! {
        <AdminHeader title="Roles"/>
        <ActionMessage result done="Saved. Everyone with this role has the change now."/>
        <Loaded data=move || data.get() title="Permissions by role" rows=12 let:page>
            <Matrix page grant delete/>
        </Loaded>
        <Panel title="New role" class="mt-6 max-w-2xl">
            <ActionForm action=create attr:class="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
                <div><label for="role-name" class=LABEL>"Name"</label><input id="role-name" name="name" required placeholder="auditor" class=format!("mt-1 {INPUT}")/></div>
                <div><label for="role-description" class=LABEL>"What it is for"</label><input id="role-description" name="description" placeholder="Reads the audit log" class=format!("mt-1 {INPUT}")/></div>
                <button type="submit" class=PRIMARY>"Create role"</button>
            </ActionForm>
            <p class="mt-3 text-xs text-subtle">"A new role has no permissions; tick them in the matrix, then give the role to people or teams on the Access tab."</p>
        </Panel>
    }
}

#[component]
fn Matrix(
    page: RolesPage,
    grant: ServerAction<SetGrant>,
    delete: ServerAction<DeleteRole>,
) -> impl IntoView {
    let roles = page.roles;
    let header = roles.iter().map(|role| {
        let name = role.name.clone();
        view! {
            <th scope="col" class=format!("{TH} text-center normal-case")>
                <div class="font-semibold text-zinc-900 dark:text-zinc-100">{role.name.clone()}</div>
                {if role.builtin {
                    view! { <Badge tone=Tone::Neutral>"built-in"</Badge> }.into_any()
                } else {
                    view! {
                        <ActionForm action=delete>
                            <input type="hidden" name="name" value=name.clone()/>
                            <button type="submit" class="text-xs font-normal text-rose-600 hover:underline dark:text-rose-400" aria-label=format!("Delete role {name}")>"delete"</button>
                        </ActionForm>
                    }.into_any()
                }}
            </th>
        }
    }).collect_view();
    view! {
        <Panel title="Permissions by role">
            <div tabindex="0" class=crate::ui::table::SCROLL>
                <table aria-label="Permissions by role" class="min-w-full divide-y divide-zinc-100 dark:divide-zinc-800">
                    <thead><tr><th scope="col" class=TH>"Permission"</th>{header}</tr></thead>
                    <tbody class="divide-y divide-zinc-100 dark:divide-zinc-800">
                        {page.permissions.into_iter().map(|info| view! { <Row info roles=roles.clone() grant/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Panel>
    }
}

#[component]
fn Row(info: PermissionInfo, roles: Vec<Role>, grant: ServerAction<SetGrant>) -> impl IntoView {
    let permission = Permission::parse(&info.name);
    let deny = if info.deny == "hidden" {
        "a deny hides the data"
    } else {
        "a deny answers 403"
    };
    let cells = roles.into_iter().map(|role| {
        let reach = permission.and_then(|p| role.grants.get(&p).copied());
        view! { <td class=format!("{TD} text-center")><Cell role permission=info.name.clone() scoped=info.entity_scoped reach grant/></td> }
    }).collect_view();
    view! {
        <tr>
            <th scope="row" class=format!("{TD} text-left font-normal")>
                <div class="font-mono text-xs text-zinc-900 dark:text-zinc-100">{info.name.clone()}</div>
                <div class="text-xs text-subtle">{format!("{} · {deny}", info.description)}</div>
            </th>
            {cells}
        </tr>
    }
}

#[component]
fn Cell(
    role: Role,
    permission: String,
    scoped: bool,
    reach: Option<Reach>,
    grant: ServerAction<SetGrant>,
) -> impl IntoView {
    let label = format!("{} may {permission}", role.name);
    if role.builtin {
        return match reach {
            Some(Reach::Any) => view! { <span title=label class="inline-flex text-emerald-600 dark:text-emerald-400"><Icon icon=IconName::CheckCircle class="size-4"/><span class="sr-only">"yes"</span></span> }.into_any(),
            Some(Reach::OwnTeams) => view! { <span title=label class="text-xs text-emerald-700 dark:text-emerald-400">"own teams"</span> }.into_any(),
            None => view! { <span class="text-subtle" aria-label="no">"—"</span> }.into_any(),
        };
    }
    let name = role.name.clone();
    let toggle = {
        let (name, permission) = (name.clone(), permission.clone());
        move |ev: leptos::ev::Event| {
            let granted = event_target_checked(&ev);
            grant.dispatch(SetGrant {
                role: name.clone(),
                permission: permission.clone(),
                granted,
                reach: None,
            });
        }
    };
    let change_reach = {
        let (name, permission) = (name.clone(), permission.clone());
        move |ev: leptos::ev::Event| {
            grant.dispatch(SetGrant {
                role: name.clone(),
                permission: permission.clone(),
                granted: true,
                reach: Some(event_target_value(&ev)),
            });
        }
    };
    view! {
        <span class="inline-flex items-center gap-2">
            <input type="checkbox" aria-label=label.clone() checked=reach.is_some() on:change=toggle
                class="size-4 rounded border-zinc-300 text-indigo-600 focus:ring-indigo-500 dark:border-zinc-600"/>
            {(scoped && reach.is_some()).then(|| view! {
                <select aria-label=format!("{label}: for which entities") on:change=change_reach class="rounded border-zinc-300 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900">
                    <option value="any" selected=reach == Some(Reach::Any)>"any"</option>
                    <option value="own_teams" selected=reach == Some(Reach::OwnTeams)>"own teams"</option>
                </select>
            })}
        </span>
    }
    .into_any()
}
