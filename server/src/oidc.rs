//! The single sign-on routes: `GET /auth/oidc/login` sends people to the identity provider,
//! `GET /auth/oidc/callback` brings them back signed in (or to the sign-in page with the reason).

use app::auth::model::{SsoFailure, safe_next};
use app::auth::service::oidc::{FLOW_COOKIE, Oidc, OidcError};
use app::auth::service::runtime::cookie_value;
use app::auth::service::session::Origin;
use app::server::caller::ClientAddress;
use app::server::now;
use app::state::AppState;
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

/// Back to the sign-in page with the failure's code (the page shows a fixed message for it; the
/// details go to the log); the flow cookie goes.
fn fail(state: &AppState, failure: SsoFailure, detail: &dyn std::fmt::Display) -> Response {
    tracing::warn!(code = failure.code(), %detail, "single sign-on failed");
    let mut response = Redirect::to(&format!("/sign-in?error={}", failure.code())).into_response();
    if let Ok(value) = HeaderValue::from_str(&flow_cookie("", state.auth.secure_cookies, 0)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The failure the sign-in page names for an error of the flow.
fn failure_of(error: &OidcError) -> SsoFailure {
    match error {
        OidcError::NotConfigured => SsoFailure::NotConfigured,
        OidcError::Discovery(_) => SsoFailure::Unreachable,
        OidcError::NoFlow => SsoFailure::Expired,
        OidcError::WrongState => SsoFailure::WrongState,
        OidcError::Provider(_) => SsoFailure::Refused,
        OidcError::Exchange(_) => SsoFailure::CodeRefused,
        OidcError::IdToken(_) => SsoFailure::BadToken,
    }
}

pub async fn login(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Response {
    let Some(oidc) = state.auth.oidc.clone() else {
        return fail(&state, SsoFailure::NotConfigured, &"no RUNWAY_OIDC_ISSUER");
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
        Err(error) => fail(&state, failure_of(&error), &error),
    }
}

pub async fn callback(
    State(state): State<AppState>,
    Query(query): Query<CallbackQuery>,
    request: Request,
) -> Response {
    let Some(oidc) = state.auth.oidc.clone() else {
        return fail(&state, SsoFailure::NotConfigured, &"no RUNWAY_OIDC_ISSUER");
    };
    if let Some(error) = query.error {
        let detail = query.error_description.unwrap_or(error);
        return fail(&state, SsoFailure::Refused, &detail);
    }
    let (Some(code), Some(returned_state)) = (query.code, query.state) else {
        return fail(&state, SsoFailure::Refused, &"the answer has no code");
    };
    let cookie = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie_value(h, FLOW_COOKIE));
    let flow = match Oidc::flow(&state.auth.keys, cookie, &returned_state, now()) {
        Ok(flow) => flow,
        Err(error) => return fail(&state, failure_of(&error), &error),
    };
    let identity = match oidc.finish(&flow, &code).await {
        Ok(identity) => identity,
        Err(error) => return fail(&state, failure_of(&error), &error),
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
            let mut response = Redirect::to(&safe_next(Some(&flow.next))).into_response();
            for value in [session, flow_cookie("", state.auth.secure_cookies, 0)] {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(error @ app::error::AppError::Forbidden(_)) => {
            fail(&state, SsoFailure::Deactivated, &error)
        }
        Err(error) => fail(&state, SsoFailure::Server, &error),
    }
}
