//! The single sign-on routes: `GET /auth/oidc/login` sends people to the identity provider,
//! `GET /auth/oidc/callback` brings them back signed in (or to the sign-in page with the reason).

use app::auth::model::safe_next;
use app::auth::service::oidc::{FLOW_COOKIE, Oidc};
use app::auth::service::runtime::cookie_value;
use app::auth::service::session::Origin;
use app::server::caller::ClientAddress;
use app::server::{AppState, now};
use axum::extract::{Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderValue, header};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

fn flow_cookie(value: &str, secure: bool, max_age: i64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{FLOW_COOKIE}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    )
}

/// Back to the sign-in page with a message; the flow cookie goes.
fn fail(state: &AppState, message: &str) -> Response {
    tracing::warn!(%message, "single sign-on failed");
    let encoded: String = message
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut response = Redirect::to(&format!("/sign-in?error={encoded}")).into_response();
    if let Ok(value) = HeaderValue::from_str(&flow_cookie("", state.auth.secure_cookies, 0)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

pub async fn login(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Response {
    let Some(oidc) = state.auth.oidc.clone() else {
        return fail(&state, "single sign-on is not configured");
    };
    match oidc
        .begin(&state.auth.keys, &safe_next(query.next.as_deref()), now())
        .await
    {
        Ok((url, flow)) => {
            let mut response = Redirect::to(&url).into_response();
            if let Ok(value) =
                HeaderValue::from_str(&flow_cookie(&flow, state.auth.secure_cookies, 600))
            {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(error) => fail(&state, &error.to_string()),
    }
}

pub async fn callback(
    State(state): State<AppState>,
    Query(query): Query<CallbackQuery>,
    request: Request,
) -> Response {
    let Some(oidc) = state.auth.oidc.clone() else {
        return fail(&state, "single sign-on is not configured");
    };
    if let Some(error) = query.error {
        return fail(
            &state,
            &format!(
                "the identity provider refused: {}",
                query.error_description.unwrap_or(error)
            ),
        );
    }
    let (Some(code), Some(returned_state)) = (query.code, query.state) else {
        return fail(&state, "the identity provider's answer has no code");
    };
    let cookie = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie_value(h, FLOW_COOKIE));
    let flow = match Oidc::flow(&state.auth.keys, cookie, &returned_state, now()) {
        Ok(flow) => flow,
        Err(error) => return fail(&state, &error.to_string()),
    };
    let identity = match oidc.finish(&flow, &code).await {
        Ok(identity) => identity,
        Err(error) => return fail(&state, &error.to_string()),
    };
    let origin = Origin {
        address: request
            .extensions()
            .get::<ClientAddress>()
            .map(|a| a.0.clone()),
        user_agent: request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    match app::auth::service::sso::sign_in(
        &state.db,
        &state.auth,
        &oidc.settings,
        &identity,
        &origin,
        now(),
    )
    .await
    {
        Ok((_, session)) => {
            let mut response = Redirect::to(&flow.next).into_response();
            for value in [session, flow_cookie("", state.auth.secure_cookies, 0)] {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(error) => fail(&state, &error.to_string()),
    }
}
