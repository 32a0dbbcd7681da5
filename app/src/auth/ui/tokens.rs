//! The signed-in person's API tokens: create one (its secret is shown once), see and revoke them.

use leptos::prelude::*;

use crate::admin::api::tokens::{CreateMyToken, RevokeMyToken, list_my_tokens};
use crate::ui::button::{DANGER, INPUT, LABEL, PRIMARY};
use crate::ui::format::timestamp;
use crate::ui::{Badge, Panel, SkeletonRows, TD, Table, Tone};

/// "API tokens" on the account page.
#[component]
pub fn MyTokens() -> impl IntoView {
    let create = ServerAction::<CreateMyToken>::new();
    let revoke = ServerAction::<RevokeMyToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_my_tokens(),
    );
    let created = move || create.value().get().and_then(Result::ok);
    let error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
    };
    view! {
        <Panel title="API tokens" class="mt-6">
            <p class="mb-4 text-sm text-subtle">
                "A token acts as you on the REST API (" <code>"Authorization: Bearer …"</code> "), with exactly your permissions."
            </p>
            <ActionForm action=create attr:class="flex flex-wrap items-end gap-3" attr:aria-label="Create a token">
                <div class="min-w-48 flex-1">
                    <label for="token-name" class=LABEL>"Name"</label>
                    <input id="token-name" name="name" required placeholder="deploy pipeline" class=format!("mt-1 {INPUT}")/>
                </div>
                <div>
                    <label for="token-expiry" class=LABEL>"Expires"</label>
                    <select id="token-expiry" name="expires_days" class=format!("mt-1 {INPUT}")>
                        <option value="30">"in 30 days"</option>
                        <option value="90" selected>"in 90 days"</option>
                        <option value="365">"in a year"</option>
                        <option value="">"never"</option>
                    </select>
                </div>
                <button type="submit" class=PRIMARY>"Create token"</button>
            </ActionForm>
            {move || error().map(|e| view! { <p role="alert" class="mt-3 text-sm text-rose-600 dark:text-rose-400">{e.to_string()}</p> })}
            {move || created().map(|c| view! {
                <div role="status" class="mt-4 rounded-lg border border-amber-200 bg-amber-50 p-3 dark:border-amber-500/30 dark:bg-amber-500/10">
                    <p class="text-sm font-medium text-amber-900 dark:text-amber-200">{format!("Copy \"{}\" now; it will not be shown again.", c.token.name)}</p>
                    <code aria-label="New token" class="mt-2 block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-zinc-900 select-all dark:bg-zinc-950 dark:text-zinc-100">{c.secret}</code>
                </div>
            })}
            <div class="mt-6">
                <Suspense fallback=|| view! { <SkeletonRows rows=2/> }>
                    {move || tokens.get().map(|r| r.map(|list| (!list.is_empty()).then(|| view! {
                        <div class="rounded-lg border border-zinc-200 px-5 py-5 dark:border-zinc-800">
                            <Table label="Your API tokens" head=vec!["Token", "Created", "Expires", "Last used", ""]>
                                {list.into_iter().map(|t| {
                                    let live = t.revoked_at.is_none();
                                    view! {
                                        <tr>
                                            <td class=TD><div class="font-medium">{t.name.clone()}</div><div class="font-mono text-xs text-subtle">{format!("{}…", t.prefix)}</div></td>
                                            <td class=format!("{TD} whitespace-nowrap")>{timestamp(t.created_at)}</td>
                                            <td class=format!("{TD} whitespace-nowrap")>{t.expires_at.map_or_else(|| "never".into(), timestamp)}</td>
                                            <td class=format!("{TD} whitespace-nowrap")>{t.last_used_at.map_or_else(|| "never".into(), timestamp)}</td>
                                            <td class=format!("{TD} text-right")>
                                                {if live {
                                                    view! {
                                                        <ActionForm action=revoke>
                                                            <input type="hidden" name="token_id" value=t.id.clone()/>
                                                            <button type="submit" class=DANGER aria-label=format!("Revoke {}", t.name)>"Revoke"</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                } else {
                                                    view! { <Badge tone=Tone::Neutral>"Revoked"</Badge> }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </Table>
                        </div>
                    })))}
                </Suspense>
            </div>
        </Panel>
    }
}
