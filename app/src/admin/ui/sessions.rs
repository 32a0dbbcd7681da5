//! Sessions and tokens: who is signed in where, which tokens exist, and revoking either.

use leptos::prelude::*;

use super::{ActionMessage, AdminHeader};
use crate::access::identity::SignInMethod;
use crate::admin::api::tokens::{RevokeAnyToken, list_all_tokens};
use crate::admin::api::users::{RevokeSession, list_sessions};
use crate::ui::Loaded;
use crate::ui::button::DANGER;
use crate::ui::format::timestamp;
use crate::ui::{Badge, Panel, TD, Table, Tone};

/// Live sessions and every token. For administrators.
#[component]
pub fn AdminSessionsPage() -> impl IntoView {
    let revoke_session = ServerAction::<RevokeSession>::new();
    let revoke_token = ServerAction::<RevokeAnyToken>::new();
    let sessions = Resource::new(move || revoke_session.version().get(), |_| list_sessions());
    let tokens = Resource::new(move || revoke_token.version().get(), |_| list_all_tokens());
    let result = Signal::derive(move || {
        revoke_session
            .value()
            .get()
            .or_else(|| revoke_token.value().get())
    });
    view! {
        <AdminHeader title="Sessions & tokens"/>
        <ActionMessage result done="Revoked. It stops working at once."/>
        <Loaded data=move || sessions.get() title="Live sessions" rows=6 let:rows>
            <Panel title=format!("{} live sessions", rows.len())>
                <Table label="Live sessions" head=vec!["User", "Signed in with", "Since", "Last seen", "From", ""]>
                    {rows.into_iter().map(|row| {
                        let s = row.session;
                        view! {
                            <tr>
                                <td class=format!("{TD} font-mono")>{row.login.clone()}</td>
                                <td class=TD>{match s.method { SignInMethod::Password => "Password", SignInMethod::Oidc => "Single sign-on" }}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{timestamp(s.created_at)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{timestamp(s.last_seen_at)}</td>
                                <td class=TD>
                                    <div>{s.address.clone().unwrap_or_default()}</div>
                                    <div class="max-w-xs truncate text-xs text-subtle" title=s.user_agent.clone()>{s.user_agent.clone()}</div>
                                </td>
                                <td class=format!("{TD} text-right")>
                                    <ActionForm action=revoke_session>
                                        <input type="hidden" name="session_id" value=s.id.clone()/>
                                        <button type="submit" class=DANGER aria-label=format!("Revoke {}'s session", row.login)>"Revoke"</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            </Panel>
        </Loaded>
        <div class="mt-6"></div>
        <Loaded data=move || tokens.get() title="API tokens" rows=4 let:rows>
            <Panel title=format!("{} API tokens", rows.len())>
                <Table label="API tokens" head=vec!["Token", "User", "Created", "Expires", "Last used", "Status", ""]>
                    {rows.into_iter().map(|row| {
                        let t = row.token;
                        let live = t.revoked_at.is_none();
                        view! {
                            <tr>
                                <td class=TD><div class="font-medium">{t.name.clone()}</div><div class="font-mono text-xs text-subtle">{format!("{}…", t.prefix)}</div></td>
                                <td class=format!("{TD} font-mono")>{row.login}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{timestamp(t.created_at)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{t.expires_at.map_or_else(|| "never".into(), timestamp)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{t.last_used_at.map_or_else(|| "never".into(), timestamp)}</td>
                                <td class=TD>{if live { view! { <Badge tone=Tone::Good>"Live"</Badge> } } else { view! { <Badge tone=Tone::Neutral>"Revoked"</Badge> } }}</td>
                                <td class=format!("{TD} text-right")>
                                    {live.then(|| view! {
                                        <ActionForm action=revoke_token>
                                            <input type="hidden" name="token_id" value=t.id.clone()/>
                                            <button type="submit" class=DANGER aria-label=format!("Revoke token {}", t.name)>"Revoke"</button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            </Panel>
        </Loaded>
    }
}
