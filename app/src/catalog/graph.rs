//! The relation graph around an entity and its layout: rings by distance from the centre, each
//! node near the node that led to it, so that large systems stay readable without a physics
//! simulation (and lay out the same on the server and in the browser).

use std::collections::{BTreeMap, HashMap};
use std::f64::consts::TAU;

use serde::{Deserialize, Serialize};

/// The most nodes a graph shows; the rest are counted, not drawn.
pub const MAX_NODES: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    /// Lowercase entity ref.
    pub entity_ref: String,
    pub kind: String,
    pub name: String,
    pub title: Option<String>,
    /// Distance from the centre in relations.
    pub depth: u32,
    /// Whether the entity exists (a relation may point at a missing one).
    pub exists: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphEdge {
    pub source: String,
    /// A forward relation type (`ownedBy`, `dependsOn`, …); inverse pairs are drawn once.
    pub kind: String,
    pub target: String,
}

/// The neighbourhood of an entity up to some depth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    pub centre: String,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Nodes left out to stay under [`MAX_NODES`].
    pub truncated: usize,
}

/// A node's place in the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
}

/// The radius of the first ring and the least distance between neighbours on a ring.
const RING: f64 = 140.0;
const SPACING: f64 = 95.0;

/// Positions for every node, the centre at (0, 0), and the drawing's bounds (min x, min y,
/// width, height) with a margin.
pub fn layout(graph: &Graph) -> (HashMap<String, Placed>, (f64, f64, f64, f64)) {
    let mut placed: HashMap<String, Placed> = HashMap::new();
    let mut angle_of: HashMap<String, f64> = HashMap::new();
    let mut rings: BTreeMap<u32, Vec<&GraphNode>> = BTreeMap::new();
    for node in &graph.nodes {
        rings.entry(node.depth).or_default().push(node);
    }
    // Which already-placed neighbour each node hangs from, for ordering within a ring.
    let mut neighbours: HashMap<&str, Vec<&str>> = HashMap::new();
    for edge in &graph.edges {
        neighbours
            .entry(&edge.source)
            .or_default()
            .push(&edge.target);
        neighbours
            .entry(&edge.target)
            .or_default()
            .push(&edge.source);
    }
    let mut radius = 0.0_f64;
    for (depth, mut nodes) in rings {
        if depth == 0 {
            for node in nodes {
                placed.insert(node.entity_ref.clone(), Placed { x: 0.0, y: 0.0 });
                angle_of.insert(node.entity_ref.clone(), 0.0);
            }
            continue;
        }
        // Sort by the angle of the nearest placed neighbour, then by kind and name, so related
        // nodes sit together and the drawing is stable.
        let parent_angle = |node: &GraphNode| -> f64 {
            neighbours
                .get(node.entity_ref.as_str())
                .and_then(|ns| {
                    ns.iter()
                        .filter_map(|n| angle_of.get(*n))
                        .copied()
                        .reduce(f64::min)
                })
                .unwrap_or(0.0)
        };
        nodes.sort_by(|a, b| {
            parent_angle(a)
                .total_cmp(&parent_angle(b))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.name.cmp(&b.name))
        });
        let needed = nodes.len() as f64 * SPACING / TAU;
        radius = (radius + RING).max(needed);
        let count = nodes.len() as f64;
        for (index, node) in nodes.iter().enumerate() {
            // Start at the top and go clockwise; one node alone sits straight above.
            let angle = -TAU / 4.0 + TAU * index as f64 / count;
            placed.insert(
                node.entity_ref.clone(),
                Placed {
                    x: radius * angle.cos(),
                    y: radius * angle.sin(),
                },
            );
            angle_of.insert(node.entity_ref.clone(), angle);
        }
    }
    let margin = 90.0;
    let extent = radius + margin;
    (placed, (-extent, -extent, 2.0 * extent, 2.0 * extent))
}

/// A label that fits under a node.
pub fn label(node: &GraphNode) -> String {
    let text = node.title.as_deref().unwrap_or(&node.name);
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(20).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, depth: u32) -> GraphNode {
        GraphNode {
            entity_ref: format!("component:default/{name}"),
            kind: "component".into(),
            name: name.into(),
            title: None,
            depth,
            exists: true,
        }
    }

    fn edge(a: &str, b: &str) -> GraphEdge {
        GraphEdge {
            source: format!("component:default/{a}"),
            kind: "dependsOn".into(),
            target: format!("component:default/{b}"),
        }
    }

    #[test]
    fn the_centre_is_in_the_middle_and_rings_grow_outwards() {
        let graph = Graph {
            centre: "component:default/a".into(),
            nodes: vec![node("a", 0), node("b", 1), node("c", 1), node("d", 2)],
            edges: vec![edge("a", "b"), edge("a", "c"), edge("b", "d")],
            truncated: 0,
        };
        let (placed, (x, y, w, h)) = layout(&graph);
        let at = |n: &str| placed[&format!("component:default/{n}")].clone();
        assert_eq!(at("a"), Placed { x: 0.0, y: 0.0 });
        let distance = |p: Placed| (p.x * p.x + p.y * p.y).sqrt();
        assert!((distance(at("b")) - RING).abs() < 1e-6);
        assert!(distance(at("d")) > distance(at("b")));
        assert!(x < -distance(at("d")) && y < 0.0 && w == h && w > 2.0 * distance(at("d")));
    }

    #[test]
    fn two_hundred_nodes_keep_their_distance() {
        let mut nodes = vec![node("centre", 0)];
        nodes.extend((0..199).map(|i| node(&format!("n{i:03}"), 1)));
        let graph = Graph {
            centre: "component:default/centre".into(),
            nodes,
            edges: vec![],
            truncated: 0,
        };
        let (placed, _) = layout(&graph);
        let ring: Vec<&Placed> = placed
            .iter()
            .filter(|(k, _)| !k.ends_with("centre"))
            .map(|(_, p)| p)
            .collect();
        let closest = ring
            .iter()
            .flat_map(|a| {
                ring.iter()
                    .map(move |b| ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt())
            })
            .filter(|d| *d > 0.0)
            .fold(f64::MAX, f64::min);
        assert!(closest > SPACING * 0.9, "nodes {closest} apart");
    }

    #[test]
    fn labels_are_short() {
        let mut long = node("a-very-long-service-name-indeed", 1);
        assert_eq!(label(&long), "a-very-long-service-…");
        long.title = Some("Cart".into());
        assert_eq!(label(&long), "Cart");
    }
}
