//! The relation graph around an entity, breadth first, within what the caller may read.

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;

use super::query::Viewer;
use crate::catalog::graph::{Graph, GraphEdge, GraphNode, MAX_NODES};
use crate::db::Db;
use crate::db::sql::read_in_chunks;

/// Relation types drawn as they are, and the inverse types drawn as their forward pair.
const FORWARD: &[(&str, &str)] = &[
    ("ownedBy", "ownerOf"),
    ("partOf", "hasPart"),
    ("subcomponentOf", "hasSubcomponent"),
    ("providesApi", "apiProvidedBy"),
    ("consumesApi", "apiConsumedBy"),
    ("dependsOn", "dependencyOf"),
    ("memberOf", "hasMember"),
    ("childOf", "parentOf"),
];

fn forward(source: String, kind: &str, target: String) -> Option<GraphEdge> {
    FORWARD.iter().find_map(|(f, inverse)| {
        if *f == kind {
            Some(GraphEdge {
                source: source.clone(),
                kind: kind.to_owned(),
                target: target.clone(),
            })
        } else if *inverse == kind {
            Some(GraphEdge {
                source: target.clone(),
                kind: (*f).to_owned(),
                target: source.clone(),
            })
        } else {
            None
        }
    })
}

/// The entities within `depth` relations of `centre` (a lowercase ref) and the relations
/// between them; `None` when the caller may not read the centre or it does not exist.
pub async fn neighbourhood(
    db: &Db,
    centre: &str,
    depth: u32,
    viewer: &Viewer,
) -> Result<Option<Graph>, sqlx::Error> {
    let mut depth_of: HashMap<String, u32> = HashMap::from([(centre.to_owned(), 0)]);
    let mut order = vec![centre.to_owned()];
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut frontier = vec![centre.to_owned()];
    let mut truncated = 0;
    for level in 1..=depth {
        if frontier.is_empty() {
            break;
        }
        let mut next = Vec::new();
        let sql = "SELECT DISTINCT source_ref, type, target_ref FROM entity_relations \
            WHERE source_ref IN ({list}) ORDER BY source_ref, type, target_ref";
        for row in read_in_chunks(db, sql, &frontier).await? {
            let source: String = row.try_get("source_ref")?;
            let kind: String = row.try_get("type")?;
            let target: String = row.try_get("target_ref")?;
            if !depth_of.contains_key(&target) {
                if depth_of.len() >= MAX_NODES {
                    truncated += 1;
                    continue;
                }
                depth_of.insert(target.clone(), level);
                order.push(target.clone());
                next.push(target.clone());
            }
            if let Some(edge) = forward(source, &kind, target) {
                edges.insert((edge.source, edge.kind, edge.target));
            }
        }
        frontier = next;
    }
    let mut known: HashMap<String, (String, String, Option<String>, Option<String>)> =
        HashMap::new();
    let sql = "SELECT entity_ref, kind, name, title, owner_ref FROM entities WHERE entity_ref IN ({list})";
    for row in read_in_chunks(db, sql, &order).await? {
        known.insert(
            row.try_get("entity_ref")?,
            (
                row.try_get("kind")?,
                row.try_get("name")?,
                row.try_get("title")?,
                row.try_get("owner_ref")?,
            ),
        );
    }
    let readable = |owner: &Option<String>| viewer.may_read(owner.as_deref());
    match known.get(centre) {
        Some((_, _, _, owner)) if readable(owner) => {}
        _ => return Ok(None),
    }
    let mut nodes = Vec::new();
    for key in &order {
        let node = match known.get(key) {
            Some((kind, name, title, owner)) if readable(owner) => GraphNode {
                entity_ref: key.clone(),
                kind: kind.clone(),
                name: name.clone(),
                title: title.clone(),
                depth: depth_of[key],
                exists: true,
            },
            // Hidden from this caller: absent, as if it were not there.
            Some(_) => continue,
            None => {
                let (kind, rest) = key.split_once(':').unwrap_or(("", key));
                let name = rest.split_once('/').map_or(rest, |(_, n)| n);
                GraphNode {
                    entity_ref: key.clone(),
                    kind: kind.to_owned(),
                    name: name.to_owned(),
                    title: None,
                    depth: depth_of[key],
                    exists: false,
                }
            }
        };
        nodes.push(node);
    }
    let shown: BTreeSet<&str> = nodes.iter().map(|n| n.entity_ref.as_str()).collect();
    let edges = edges
        .into_iter()
        .filter(|(s, _, t)| shown.contains(s.as_str()) && shown.contains(t.as_str()))
        .map(|(source, kind, target)| GraphEdge {
            source,
            kind,
            target,
        })
        .collect();
    Ok(Some(Graph {
        centre: centre.to_owned(),
        nodes,
        edges,
        truncated,
    }))
}
