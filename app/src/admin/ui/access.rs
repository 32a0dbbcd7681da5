//! The access page: who holds which role where, giving and removing roles, and explaining why
//! someone may or may not do something.

use leptos::prelude::*;

use super::{ActionMessage, AdminHeader};
use crate::access::decision::Subject;
use crate::admin::api::explain::ExplainAccess;
use crate::admin::api::roles::{CreateBinding, DeleteBinding, RolesPage, list_roles};
use crate::admin::explanation::Explanation;
use crate::catalog::model::short_ref;
use crate::ui::Loaded;
use crate::ui::button::{DANGER, INPUT, LABEL, PRIMARY};
use crate::ui::field::{field_error, form_error};
use crate::ui::{Badge, Icon, IconName, Panel, TD, Table, Tone};

/// Role bindings and "explain access". For administrators.
#[component]
pub fn AdminAccessPage() -> impl IntoView {
    let bind = ServerAction::<CreateBinding>::new();
    let unbind = ServerAction::<DeleteBinding>::new();
    let data = Resource::new(
        move || (bind.version().get(), unbind.version().get()),
        |_| list_roles(),
    );
    let result = Signal::derive(move || bind.value().get().or_else(|| unbind.value().get()));
    view! {
        <AdminHeader title="Access"/>
        <ActionMessage result done="Saved. The change applies at once."/>
        <Loaded data=move || data.get() title="Role bindings" rows=8 let:page>
            <div class="grid grid-cols-1 gap-6 xl:grid-cols-3">
                <div class="xl:col-span-2"><Bindings page=page.clone() unbind/></div>
                <GrantForm page bind/>
            </div>
        </Loaded>
        <Explain/>
    }
}

#[component]
fn Bindings(page: RolesPage, unbind: ServerAction<DeleteBinding>) -> impl IntoView {
    view! {
        <Panel title=format!("{} role bindings", page.bindings.len())>
            <Table label="Role bindings" head=vec!["Who", "Role", "Where", "From", ""]>
                {page.bindings.into_iter().map(|row| {
                    let b = row.binding;
                    let who = match &b.subject {
                        Subject::User(_) => view! { <span><Icon icon=IconName::User class="mr-1.5 inline size-3.5 text-subtle"/><span class="font-mono">{row.subject.clone()}</span></span> }.into_any(),
                        Subject::Team(_) => view! { <span><Icon icon=IconName::Users class="mr-1.5 inline size-3.5 text-subtle"/>{format!("team {}", row.subject)}</span> }.into_any(),
                    };
                    let label = format!("Remove {} from {}", b.role, row.subject);
                    view! {
                        <tr>
                            <td class=TD>{who}</td>
                            <td class=TD><Badge tone=Tone::Accent>{b.role.clone()}</Badge></td>
                            <td class=TD>{b.scope.as_deref().map_or_else(|| "everywhere".to_owned(), |s| format!("what {} owns", short_ref(s)))}</td>
                            <td class=TD>{if b.source == "oidc" { "identity provider" } else { "administrator" }}</td>
                            <td class=format!("{TD} text-right")>
                                {(b.source != "oidc").then(|| view! {
                                    <ActionForm action=unbind>
                                        <input type="hidden" name="binding_id" value=b.id.clone()/>
                                        <button type="submit" class=DANGER aria-label=label>"Remove"</button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </Panel>
    }
}

#[component]
fn GrantForm(page: RolesPage, bind: ServerAction<CreateBinding>) -> impl IntoView {
    let error = Signal::derive(move || bind.value().get().and_then(Result::err));
    let teams = page.teams.clone();
    view! {
        <Panel title="Give a role">
            <ActionForm action=bind attr:class="space-y-4" attr:aria-label="Give a role">
                <div>
                    <label for="grant-kind" class=LABEL>"To"</label>
                    <select id="grant-kind" name="subject_kind" class=format!("mt-1 {INPUT}")>
                        <option value="user">"a user"</option>
                        <option value="team">"every member of a team"</option>
                    </select>
                </div>
                <div>
                    <label for="grant-subject" class=LABEL>"Login or team"</label>
                    <input id="grant-subject" name="subject" required list="grant-teams" placeholder="ada.okafor or payments" class=format!("mt-1 {INPUT}")/>
                    <datalist id="grant-teams">{teams.iter().map(|t| view! { <option value=short_ref(t).to_owned()></option> }).collect_view()}</datalist>
                    <p class="mt-1 text-xs text-rose-600 empty:hidden dark:text-rose-400">{move || field_error(&error.get(), "subject")}</p>
                </div>
                <div>
                    <label for="grant-role" class=LABEL>"Role"</label>
                    <select id="grant-role" name="role" class=format!("mt-1 {INPUT}")>
                        {page.roles.iter().map(|r| view! { <option value=r.name.clone()>{r.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="grant-scope" class=LABEL>"Where"</label>
                    <select id="grant-scope" name="scope" class=format!("mt-1 {INPUT}")>
                        <option value="">"everywhere"</option>
                        {teams.iter().map(|t| view! { <option value=t.clone()>{format!("only what {} owns", short_ref(t))}</option> }).collect_view()}
                    </select>
                </div>
                {move || form_error(&error.get()).map(|m| view! { <p role="alert" class="text-sm text-rose-600 dark:text-rose-400">{m}</p> })}
                <button type="submit" class=PRIMARY>"Give role"</button>
            </ActionForm>
        </Panel>
    }
}

#[component]
fn Explain() -> impl IntoView {
    let explain = ServerAction::<ExplainAccess>::new();
    let error = Signal::derive(move || explain.value().get().and_then(Result::err));
    let answer = move || explain.value().get().and_then(Result::ok);
    let permissions = crate::access::permission::Permission::ALL;
    view! {
        <Panel title="Explain access" class="mt-6">
            <ActionForm action=explain attr:class="grid grid-cols-1 gap-4 md:grid-cols-[1fr_1fr_1fr_auto] md:items-start" attr:aria-label="Explain access">
                <div>
                    <label for="explain-login" class=LABEL>"User"</label>
                    <input id="explain-login" name="login" required placeholder="login" class=format!("mt-1 {INPUT}")/>
                    <p class="mt-1 text-xs text-rose-600 empty:hidden dark:text-rose-400">{move || field_error(&error.get(), "login")}</p>
                </div>
                <div>
                    <label for="explain-permission" class=LABEL>"Permission"</label>
                    <select id="explain-permission" name="permission" class=format!("mt-1 {INPUT}")>
                        {permissions.iter().map(|p| view! { <option value=p.name()>{p.name()}</option> }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="explain-entity" class=LABEL>"Entity (optional)"</label>
                    <input id="explain-entity" name="entity_ref" placeholder="component:default/checkout-api" class=format!("mt-1 {INPUT}")/>
                    <p class="mt-1 text-xs text-rose-600 empty:hidden dark:text-rose-400">{move || field_error(&error.get(), "entity_ref")}</p>
                </div>
                <button type="submit" class=format!("{PRIMARY} md:mt-5")>"Explain"</button>
            </ActionForm>
            {move || form_error(&error.get()).map(|m| view! { <p role="alert" class="mt-4 text-sm text-rose-600 dark:text-rose-400">{m}</p> })}
            {move || answer().map(|a| view! { <Answer answer=a/> })}
        </Panel>
    }
}

#[component]
fn Answer(answer: Explanation) -> impl IntoView {
    let (tone, icon) = if answer.allowed {
        (
            "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200",
            IconName::CheckCircle,
        )
    } else {
        (
            "border-rose-200 bg-rose-50 text-rose-900 dark:border-rose-500/30 dark:bg-rose-500/10 dark:text-rose-200",
            IconName::XCircle,
        )
    };
    view! {
        <div role="status" aria-label="Decision" class=format!("mt-5 rounded-lg border p-4 {tone}")>
            <p class="flex items-start gap-2 text-sm font-medium"><Icon icon=icon class="mt-0.5 size-4"/>{answer.headline}</p>
            <ul class="mt-2 list-disc space-y-0.5 pl-8 text-sm opacity-90">{answer.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
        </div>
    }
}
