//! Entity routes of the Backstage catalog API: queries, lookups by ref, name and uid, facets,
//! validation and deletion, each limited to what the caller may read.

use app::catalog::entity_query::{Cursor, parse_filter, project};
use app::catalog::model::EntityRef;
use app::catalog::store::query::{By, Stored, Viewer, get_for};
use app::catalog::store::search::SearchQuery;
use app::server::ctx::Ctx;
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, query_pairs, values};

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 10_000;

type Result<T> = std::result::Result<T, ApiError>;

/// Entities as JSON, in the order of `refs`, projected to `fields`.
async fn load(
    state: &AppState,
    viewer: &Viewer,
    refs: &[String],
    fields: &[String],
) -> Result<Vec<Value>> {
    let mut stored: std::collections::HashMap<String, Stored> =
        get_for(&state.db, By::Refs(refs), viewer)
            .await?
            .into_iter()
            .map(|s| (s.entity.entity_ref().key(), s))
            .collect();
    Ok(refs
        .iter()
        .filter_map(|key| stored.remove(key))
        .map(|s| project(&serde_json::to_value(&s.entity).unwrap_or_default(), fields))
        .collect())
}

fn number(pairs: &[(String, String)], name: &str) -> Result<Option<i64>> {
    match values(pairs, name, false).first() {
        None => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| {
                ApiError::input(format!(
                    "{name} must be a whole number of 0 or more, not {text:?}"
                ))
            }),
    }
}

/// The search a by-query or list request describes.
fn search_query(pairs: &[(String, String)]) -> Result<SearchQuery> {
    let filter = parse_filter(values(pairs, "filter", false).iter().map(String::as_str))
        .map_err(ApiError::input)?;
    let mut order = Vec::new();
    for field in values(pairs, "orderField", false) {
        let (name, direction) = field.split_once(',').unwrap_or((&field, "asc"));
        let descending = match direction.trim() {
            "asc" => false,
            "desc" => true,
            other => {
                return Err(ApiError::input(format!(
                    "orderField direction must be asc or desc, not {other:?}"
                )));
            }
        };
        order.push((name.trim().to_owned(), descending));
    }
    // GET /entities orders with `order=asc:metadata.name`.
    for field in values(pairs, "order", false) {
        let (direction, name) = field.split_once(':').unwrap_or(("asc", &field));
        order.push((name.to_owned(), direction == "desc"));
    }
    let full_text = values(pairs, "fullTextFilterTerm", false)
        .first()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .map(|term| (term, values(pairs, "fullTextFilterFields", true)));
    Ok(SearchQuery {
        filter,
        full_text,
        order,
        limit: DEFAULT_LIMIT,
        offset: 0,
    })
}

/// `GET /entities/by-query`: `{items, totalItems, pageInfo: {nextCursor?, prevCursor?}}`.
pub async fn by_query(State(state): State<AppState>, ctx: Ctx, uri: Uri) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    let request = query_pairs(&uri);
    // A cursor carries the original query; limit and fields may change from page to page.
    let (pairs, query_text, cursor_offset) = match values(&request, "cursor", false).first() {
        Some(cursor) => {
            let cursor =
                Cursor::decode(cursor).ok_or_else(|| ApiError::input("the cursor is malformed"))?;
            let pairs = query_pairs(
                &format!("/?{}", cursor.query)
                    .parse::<Uri>()
                    .map_err(|_| ApiError::input("the cursor is malformed"))?,
            );
            (pairs, cursor.query, Some(cursor.offset))
        }
        None => {
            let kept: Vec<String> = uri
                .query()
                .unwrap_or_default()
                .split('&')
                .filter(|p| {
                    !["limit", "fields", "cursor", "offset"]
                        .contains(&p.split('=').next().unwrap_or_default())
                })
                .map(str::to_owned)
                .collect();
            (request.clone(), kept.join("&"), None)
        }
    };
    let mut query = search_query(&pairs)?;
    query.limit = number(&request, "limit")?
        .unwrap_or(DEFAULT_LIMIT)
        .min(MAX_LIMIT);
    query.offset = cursor_offset.or(number(&request, "offset")?).unwrap_or(0);
    let fields = values(&request, "fields", true);
    let found = state.catalog.find(&state.db, &query, &viewer).await?;
    let (refs, total) = (found.refs, found.total);
    let items = load(&state, &viewer, &refs, &fields).await?;
    let mut page_info = serde_json::Map::new();
    let next = query.offset + items.len() as i64;
    if next < total && !items.is_empty() {
        page_info.insert(
            "nextCursor".into(),
            Cursor {
                offset: next,
                query: query_text.clone(),
            }
            .encode()
            .into(),
        );
    }
    if query.offset > 0 {
        let previous = (query.offset - query.limit).max(0);
        page_info.insert(
            "prevCursor".into(),
            Cursor {
                offset: previous,
                query: query_text,
            }
            .encode()
            .into(),
        );
    }
    Ok(Json(json!({"items": items, "totalItems": total, "pageInfo": page_info})).into_response())
}

/// `GET /entities`: a plain array, with `filter`, `fields`, `order`, `offset`, `limit`.
pub async fn list(State(state): State<AppState>, ctx: Ctx, uri: Uri) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    let pairs = query_pairs(&uri);
    let mut query = search_query(&pairs)?;
    query.limit = number(&pairs, "limit")?.unwrap_or(i64::MAX / 2);
    query.offset = number(&pairs, "offset")?.unwrap_or(0);
    let refs = state.catalog.find(&state.db, &query, &viewer).await?.refs;
    let items = load(&state, &viewer, &refs, &values(&pairs, "fields", true)).await?;
    Ok(Json(items).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ByRefs {
    entity_refs: Vec<String>,
    #[serde(default)]
    fields: Vec<String>,
}

/// `POST /entities/by-refs`: `{items}` in the order asked, `null` where there is nothing to see.
pub async fn by_refs(
    State(state): State<AppState>,
    ctx: Ctx,
    uri: Uri,
    Json(body): Json<ByRefs>,
) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    if body.entity_refs.len() > MAX_LIMIT as usize {
        return Err(ApiError::input(format!(
            "at most {MAX_LIMIT} entity refs at once"
        )));
    }
    let mut fields = body.fields;
    fields.extend(values(&query_pairs(&uri), "fields", true));
    let keys: Vec<String> = body
        .entity_refs
        .iter()
        .map(|r| {
            EntityRef::parse(r, None, "default")
                .map(|r| r.key())
                .map_err(|e| ApiError::input(e.to_string()))
        })
        .collect::<Result<_>>()?;
    let stored = get_for(&state.db, By::Refs(&keys), &viewer).await?;
    let items: Vec<Value> = keys
        .iter()
        .map(|key| {
            stored
                .iter()
                .find(|s| &s.entity.entity_ref().key() == key)
                .map_or(Value::Null, |s| {
                    project(
                        &serde_json::to_value(&s.entity).unwrap_or_default(),
                        &fields,
                    )
                })
        })
        .collect();
    Ok(Json(json!({"items": items})).into_response())
}

/// One entity the caller may read, or "not found" (also when they may not: a deny hides).
async fn one(state: &AppState, viewer: &Viewer, by: By<'_>, what: &str) -> Result<Stored> {
    get_for(&state.db, by, viewer)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found(format!("no entity {what}")))
}

/// `GET /entities/by-name/{kind}/{namespace}/{name}`.
pub async fn by_name(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, namespace, name)): Path<(String, String, String)>,
) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    let entity_ref = EntityRef::new(&kind, &namespace, &name);
    let stored = one(
        &state,
        &viewer,
        By::Refs(&[entity_ref.key()]),
        &entity_ref.to_string(),
    )
    .await?;
    Ok(Json(stored.entity).into_response())
}

/// `GET /entities/by-uid/{uid}`.
pub async fn by_uid(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(uid): Path<String>,
) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    let stored = one(
        &state,
        &viewer,
        By::Uids(std::slice::from_ref(&uid)),
        &format!("with uid {uid}"),
    )
    .await?;
    Ok(Json(stored.entity).into_response())
}

/// `DELETE /entities/by-uid/{uid}`: the portal's delete service, with its checks and its audit
/// row.
pub async fn delete_by_uid(ctx: Ctx, Path(uid): Path<String>) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    let found = get_for(&ctx.db, By::Uids(std::slice::from_ref(&uid)), &viewer).await?;
    let stored = found
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found(format!("no entity with uid {uid}")))?;
    let key = stored.entity.entity_ref().to_string();
    app::catalog::api::edit::service::delete(&ctx, key).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /entity-facets?facet=kind&facet=spec.type&filter=…`: `{facets: {kind: [{value, count}]}}`.
pub async fn facets(State(state): State<AppState>, ctx: Ctx, uri: Uri) -> Result<Response> {
    let viewer = Viewer::of(&ctx)?;
    let pairs = query_pairs(&uri);
    let names = values(&pairs, "facet", false);
    if names.is_empty() || names.len() > 50 {
        return Err(ApiError::input("ask for 1 to 50 facets with facet=…"));
    }
    let query = search_query(&pairs)?;
    let counts = state
        .catalog
        .facets(&state.db, &query, &viewer, &names)
        .await?;
    let facets: serde_json::Map<String, Value> = counts
        .into_iter()
        .map(|(name, values)| {
            let values: Vec<Value> = values
                .into_iter()
                .map(|(value, count)| json!({"value": value, "count": count}))
                .collect();
            (name, Value::Array(values))
        })
        .collect();
    Ok(Json(json!({"facets": facets})).into_response())
}

#[derive(Debug, Deserialize)]
pub struct Validate {
    entity: Value,
    /// Backstage sends the location the entity would come from; validation does not need it.
    #[serde(default, rename = "location")]
    _location: Option<String>,
}

/// `POST /validate-entity`: 200 `{}` when valid, 400 `{errors: [{name, message}]}` when not.
pub async fn validate(_ctx: Ctx, Json(body): Json<Validate>) -> Result<Response> {
    match app::catalog::validate::validate(&body.entity) {
        Ok(_) => Ok(Json(json!({})).into_response()),
        Err(problems) => {
            let errors: Vec<Value> = problems
                .iter()
                .map(|p| {
                    let message = if p.field.is_empty() {
                        p.message.clone()
                    } else {
                        format!("{}: {}", p.field, p.message)
                    };
                    json!({"name": "InputError", "message": message})
                })
                .collect();
            Ok((StatusCode::BAD_REQUEST, Json(json!({"errors": errors}))).into_response())
        }
    }
}
