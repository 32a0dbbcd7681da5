//! Location routes of the Backstage catalog API: list, register (with `dryRun`), read, remove,
//! and `POST /refresh` for an entity's location.

use app::access::permission::Permission;
use app::catalog::import::Options;
use app::catalog::location;
use app::catalog::model::EntityRef;
use app::catalog::store::locations;
use app::catalog::store::query::{By, get_for};
use app::server::AppState;
use app::server::caller::{Caller, CallerSlot, ClientAddress};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, query_pairs, reader, values};

type Result<T> = std::result::Result<T, ApiError>;

fn may_manage(policy: &app::access::decision::Policy, caller: &Caller) -> Result<()> {
    if policy
        .decide(&caller.principal, Permission::CatalogLocationManage, None)
        .allowed
    {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "you may not register, refresh or remove locations (catalog.location.manage)",
        ))
    }
}

fn options(
    caller: &Caller,
    address: Option<Extension<ClientAddress>>,
    dry_run: bool,
    action: &str,
) -> Options {
    Options {
        dry_run,
        partial: true,
        actor: caller.user.login.clone(),
        address: address.map(|a| a.0.0),
        action: action.to_owned(),
    }
}

/// `GET /locations`: `[{data: {id, type, target}}]`. A location names a path on the server,
/// so only those who manage locations see them; for others the list is empty.
pub async fn list(
    State(state): State<AppState>,
    Extension(slot): Extension<CallerSlot>,
) -> Result<Response> {
    let (caller, policy, _) = reader(&state, slot).await?;
    if may_manage(&policy, &caller).is_err() {
        return Ok(Json(Vec::<Value>::new()).into_response());
    }
    let all = locations::list(&state.db).await?;
    let items: Vec<Value> = all.iter().map(|l| json!({"data": l})).collect();
    Ok(Json(items).into_response())
}

/// `GET /locations/{id}`: `{id, type, target}`.
pub async fn one(
    State(state): State<AppState>,
    Extension(slot): Extension<CallerSlot>,
    Path(id): Path<String>,
) -> Result<Response> {
    let (caller, policy, _) = reader(&state, slot).await?;
    let found = match may_manage(&policy, &caller) {
        Ok(()) => locations::by_id(&state.db, &id).await?,
        Err(_) => None,
    };
    let location = found.ok_or_else(|| ApiError::not_found(format!("no location with id {id}")))?;
    Ok(Json(location).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewLocation {
    #[serde(rename = "type", default = "default_type")]
    kind: String,
    target: String,
}

fn default_type() -> String {
    "file".to_owned()
}

/// `POST /locations[?dryRun=true]`: 201 `{location, entities, exists}`.
pub async fn create(
    State(state): State<AppState>,
    Extension(slot): Extension<CallerSlot>,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    Json(body): Json<NewLocation>,
) -> Result<Response> {
    let (caller, policy, viewer) = reader(&state, slot).await?;
    may_manage(&policy, &caller)?;
    let dry_run = values(&query_pairs(&uri), "dryRun", false)
        .first()
        .is_some_and(|v| v == "true");
    let options = options(&caller, address, dry_run, "catalog.location.register");
    let remote = state.config.remote();
    let reading = location::Reading {
        policy: &policy,
        remote: &remote,
    };
    let (location, report, exists) =
        location::register(&state.db, &body.kind, &body.target, &options, reading).await?;
    let refs: Vec<String> = report
        .entities
        .iter()
        .filter(|e| e.outcome != app::catalog::report::Outcome::Rejected)
        .map(|e| e.entity_ref.to_lowercase())
        .collect();
    let entities: Vec<Value> = get_for(&state.db, By::Refs(&refs), &viewer)
        .await?
        .into_iter()
        .map(|s| serde_json::to_value(s.entity).unwrap_or_default())
        .collect();
    // Backstage answers 201 for dry runs too; its client accepts nothing else.
    Ok((
        StatusCode::CREATED,
        Json(json!({"location": location, "entities": entities, "exists": exists})),
    )
        .into_response())
}

/// `DELETE /locations/{id}`: 204; the location's entities stay, as orphans.
pub async fn remove(
    State(state): State<AppState>,
    Extension(slot): Extension<CallerSlot>,
    Path(id): Path<String>,
) -> Result<Response> {
    let (caller, policy, _) = reader(&state, slot).await?;
    may_manage(&policy, &caller)?;
    if !location::unregister(&state.db, &id).await? {
        return Err(ApiError::not_found(format!("no location with id {id}")));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Refresh {
    entity_ref: String,
    /// Backstage clients may send the caller's token here; Runway already knows the caller.
    #[serde(default, rename = "authorizationToken")]
    _authorization_token: Option<String>,
}

/// `POST /refresh {entityRef}`: reads the entity's location again, now.
pub async fn refresh(
    State(state): State<AppState>,
    Extension(slot): Extension<CallerSlot>,
    address: Option<Extension<ClientAddress>>,
    Json(body): Json<Refresh>,
) -> Result<Response> {
    let (caller, policy, _) = reader(&state, slot).await?;
    may_manage(&policy, &caller)?;
    let key = EntityRef::parse(&body.entity_ref, None, "default")
        .map_err(|e| ApiError::input(e.to_string()))?
        .key();
    let id = locations::of_entity(&state.db, &key).await?;
    if let Some(found) = match id {
        Some(id) => locations::by_id(&state.db, &id).await?,
        None => None,
    } {
        let options = options(&caller, address, false, "catalog.location.refresh");
        let remote = state.config.remote();
        let reading = location::Reading {
            policy: &policy,
            remote: &remote,
        };
        location::refresh(&state.db, &found, &options, reading).await?;
    }
    Ok(StatusCode::OK.into_response())
}
