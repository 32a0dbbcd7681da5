//! Location routes of the Backstage catalog API: list, register (with `dryRun`), read, remove,
//! and `POST /refresh` for an entity's location.

use app::catalog::location;
use app::catalog::model::EntityRef;
use app::catalog::store::locations;
use app::catalog::store::query::Viewer;
use app::catalog::store::query::{By, get_for};
use app::server::ctx::Ctx;
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, query_pairs, values};

type Result<T> = std::result::Result<T, ApiError>;

/// `GET /locations`: `[{data: {id, type, target}}]`; empty for those who may not manage
/// locations (a location names a path on the server).
pub async fn list(ctx: Ctx) -> Result<Response> {
    let all = location::visible(&ctx).await?;
    let items: Vec<Value> = all.iter().map(|l| json!({"data": l})).collect();
    Ok(Json(items).into_response())
}

/// `GET /locations/{id}`: `{id, type, target}`.
pub async fn one(ctx: Ctx, Path(id): Path<String>) -> Result<Response> {
    let found = location::visible(&ctx)
        .await?
        .into_iter()
        .find(|l| l.id == id);
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
    ctx: Ctx,
    uri: Uri,
    Json(body): Json<NewLocation>,
) -> Result<Response> {
    let dry_run = values(&query_pairs(&uri), "dryRun", false)
        .first()
        .is_some_and(|v| v == "true");
    let remote = state.config.remote();
    let (location, report, exists) =
        location::register(&ctx, &body.kind, &body.target, dry_run, &remote).await?;
    let refs: Vec<String> = report
        .entities
        .iter()
        .filter(|e| e.outcome != app::catalog::report::Outcome::Rejected)
        .map(|e| e.entity_ref.to_lowercase())
        .collect();
    let entities: Vec<Value> = get_for(&ctx.db, By::Refs(&refs), &Viewer::of(&ctx)?)
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
pub async fn remove(ctx: Ctx, Path(id): Path<String>) -> Result<Response> {
    if !location::unregister(&ctx, &id).await? {
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
    ctx: Ctx,
    Json(body): Json<Refresh>,
) -> Result<Response> {
    let key = EntityRef::parse(&body.entity_ref, None, "default")
        .map_err(|e| ApiError::input(e.to_string()))?
        .key();
    let id = locations::of_entity(&ctx.db, &key).await?;
    if let Some(found) = match id {
        Some(id) => locations::by_id(&ctx.db, &id).await?,
        None => None,
    } {
        location::refresh(&ctx, &found, &state.config.remote()).await?;
    }
    Ok(StatusCode::OK.into_response())
}
