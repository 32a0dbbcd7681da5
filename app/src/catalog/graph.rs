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

/// A node's place in the drawing, its size, and its label's place.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    /// The circle's radius: small dots on dense rings, which show their kind by colour only.
    pub radius: f64,
    pub label: LabelPlace,
}

/// Where a node's label goes: its anchor point, its rotation in degrees about that point, and
/// which end of the text sits at the anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelPlace {
    pub x: f64,
    pub y: f64,
    pub rotate: f64,
    pub anchor: Anchor,
}

/// SVG's `text-anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// The radius of the first ring and the least distance between neighbours on a ring.
const RING: f64 = 140.0;
const SPACING: f64 = 95.0;
/// Node radii as drawn: the centre, nodes on rings with room, dots on dense rings.
pub const CENTRE_RADIUS: f64 = 34.0;
pub const NODE_RADIUS: f64 = 24.0;
pub const DOT_RADIUS: f64 = 8.0;
/// Neighbours' distance on a dense ring: a line of 13-unit text and some air.
const DOT_SPACING: f64 = 22.0;
/// Room between a node and its label.
const LABEL_GAP: f64 = 8.0;

/// About how wide a label is drawn, in drawing units (13 px text).
pub fn label_width(text: &str) -> f64 {
    text.chars().count() as f64 * 7.5
}

/// Positions for every node, the centre at (0, 0), and the drawing's bounds (min x, min y,
/// width, height) with a margin.
///
/// Labels sit under their node while a ring has room for them side by side. On a ring too
/// dense for that (the outer rings of a large system), each label runs outwards along its
/// node's ray instead, flipped on the left half so that it reads left to right, and the next
/// ring moves out beyond the longest of them: at 200 nodes no two labels meet.
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
    // How far the last ring's drawing reaches beyond its radius (nodes and labels).
    let mut reach = CENTRE_RADIUS + LABEL_GAP + 16.0;
    for (depth, mut nodes) in rings {
        if depth == 0 {
            for node in nodes {
                let below = LabelPlace {
                    x: 0.0,
                    y: CENTRE_RADIUS + LABEL_GAP + 10.0,
                    rotate: 0.0,
                    anchor: Anchor::Middle,
                };
                placed.insert(
                    node.entity_ref.clone(),
                    Placed {
                        x: 0.0,
                        y: 0.0,
                        radius: CENTRE_RADIUS,
                        label: below,
                    },
                );
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
        let count = nodes.len() as f64;
        let widest = nodes
            .iter()
            .map(|n| label_width(&label(n)))
            .fold(0.0, f64::max);
        // Past the last ring's nodes and labels, with a gap, but never closer than RING.
        let past = |node: f64| radius + (reach + 12.0).max(RING - NODE_RADIUS) + node;
        let full = past(NODE_RADIUS).max(count * SPACING / TAU);
        // Labels side by side when neighbours are further apart than the widest label;
        // otherwise dots with labels along their rays, packed by the text's line height.
        let radial = nodes.len() > 1 && TAU * full / count < widest + 16.0;
        let node_radius = if radial { DOT_RADIUS } else { NODE_RADIUS };
        radius = if radial {
            past(DOT_RADIUS).max(count * DOT_SPACING / TAU)
        } else {
            full
        };
        reach = if radial {
            DOT_RADIUS + LABEL_GAP + widest
        } else {
            NODE_RADIUS + LABEL_GAP + 16.0
        };
        for (index, node) in nodes.iter().enumerate() {
            // Start at the top and go clockwise; one node alone sits straight above.
            let angle = -TAU / 4.0 + TAU * index as f64 / count;
            let (x, y) = (radius * angle.cos(), radius * angle.sin());
            let label = if radial {
                let out = radius + DOT_RADIUS + LABEL_GAP;
                let left = angle.cos() < -1e-9;
                LabelPlace {
                    x: out * angle.cos(),
                    y: out * angle.sin(),
                    rotate: angle.to_degrees() + if left { 180.0 } else { 0.0 },
                    anchor: if left { Anchor::End } else { Anchor::Start },
                }
            } else {
                LabelPlace {
                    x,
                    y: y + NODE_RADIUS + LABEL_GAP + 10.0,
                    rotate: 0.0,
                    anchor: Anchor::Middle,
                }
            };
            placed.insert(
                node.entity_ref.clone(),
                Placed {
                    x,
                    y,
                    radius: node_radius,
                    label,
                },
            );
            angle_of.insert(node.entity_ref.clone(), angle);
        }
    }
    // Side-by-side labels stick out sideways by half their width.
    let margin = 90.0;
    let extent = radius + (reach + 24.0).max(margin);
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
#[path = "graph_tests.rs"]
mod tests;
