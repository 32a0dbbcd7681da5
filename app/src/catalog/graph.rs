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
        assert_eq!((at("a").x, at("a").y), (0.0, 0.0));
        let distance = |p: Placed| (p.x * p.x + p.y * p.y).sqrt();
        assert!((distance(at("b")) - RING).abs() < 1e-6);
        assert!(distance(at("d")) > distance(at("b")));
        // Sparse rings keep their labels under their nodes, level.
        for n in ["a", "b", "c", "d"] {
            let label = at(n).label;
            assert_eq!(
                (label.anchor, label.rotate, label.x),
                (Anchor::Middle, 0.0, at(n).x)
            );
            assert!(label.y > at(n).y + NODE_RADIUS);
        }
        assert!(x < -distance(at("d")) && y < 0.0 && w == h && w > 2.0 * distance(at("d")));
    }

    #[test]
    fn two_hundred_nodes_keep_their_distance() {
        let mut nodes = vec![node("centre", 0)];
        nodes.extend((0..199).map(|i| node(&format!("service-number-{i:03}"), 1)));
        let graph = Graph {
            centre: "component:default/centre".into(),
            nodes,
            edges: vec![],
            truncated: 0,
        };
        let (placed, (_, _, width, _)) = layout(&graph);
        let all: Vec<&Placed> = placed.values().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let apart = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
                assert!(
                    apart > a.radius + b.radius + 4.0,
                    "circles {apart:.1} apart"
                );
            }
        }
        // A dense ring packs dots by the labels' line height, not by the node size.
        assert!(all.iter().filter(|p| p.radius == DOT_RADIUS).count() == 199);
        assert!(width < 2.0 * (199.0 * SPACING / TAU), "{width:.0} wide");
    }

    /// The baseline of a label as a segment, from its anchor along its rotation.
    fn baseline(at: &Placed, text: &str) -> ((f64, f64), (f64, f64)) {
        let w = label_width(text);
        let (dx, dy) = (
            at.label.rotate.to_radians().cos(),
            at.label.rotate.to_radians().sin(),
        );
        let (from, to) = match at.label.anchor {
            Anchor::Start => (0.0, w),
            Anchor::Middle => (-w / 2.0, w / 2.0),
            Anchor::End => (-w, 0.0),
        };
        let point = |t: f64| (at.label.x + t * dx, at.label.y + t * dy);
        (point(from), point(to))
    }

    fn point_to_segment(p: (f64, f64), (a, b): ((f64, f64), (f64, f64))) -> f64 {
        let (vx, vy) = (b.0 - a.0, b.1 - a.1);
        let t = (((p.0 - a.0) * vx + (p.1 - a.1) * vy) / (vx * vx + vy * vy)).clamp(0.0, 1.0);
        ((p.0 - a.0 - t * vx).powi(2) + (p.1 - a.1 - t * vy).powi(2)).sqrt()
    }

    /// Segments that do not cross are as far apart as the nearest end of one to the other.
    fn segment_distance(s: ((f64, f64), (f64, f64)), t: ((f64, f64), (f64, f64))) -> f64 {
        let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
            (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
        };
        let crosses = cross(s.0, s.1, t.0) * cross(s.0, s.1, t.1) < 0.0
            && cross(t.0, t.1, s.0) * cross(t.0, t.1, s.1) < 0.0;
        if crosses {
            return 0.0;
        }
        [
            point_to_segment(s.0, t),
            point_to_segment(s.1, t),
            point_to_segment(t.0, s),
            point_to_segment(t.1, s),
        ]
        .into_iter()
        .fold(f64::MAX, f64::min)
    }

    #[test]
    fn at_two_hundred_nodes_no_label_meets_another_label_or_node() {
        // A system as large as the graph shows: 12 neighbours, 187 entities behind them.
        let name = |i: usize| format!("payments-settlement-{i:03}");
        let mut nodes = vec![node("centre", 0)];
        let mut edges = Vec::new();
        for i in 0..12 {
            nodes.push(node(&name(i), 1));
            edges.push(edge("centre", &name(i)));
        }
        for i in 12..199 {
            nodes.push(node(&name(i), 2));
            edges.push(edge(&name(i % 12), &name(i)));
        }
        let graph = Graph {
            centre: "component:default/centre".into(),
            nodes,
            edges,
            truncated: 0,
        };
        let (placed, (x, y, w, h)) = layout(&graph);
        let drawn: Vec<(&GraphNode, &Placed)> = graph
            .nodes
            .iter()
            .map(|n| (n, &placed[&n.entity_ref]))
            .collect();
        let lines: Vec<_> = drawn
            .iter()
            .map(|(n, at)| baseline(at, &label(n)))
            .collect();
        // Text is 13 units tall, so baselines closer than that would overlap.
        for i in 0..lines.len() {
            for j in i + 1..lines.len() {
                let apart = segment_distance(lines[i], lines[j]);
                assert!(
                    apart > 14.0,
                    "labels of {} and {} are {apart:.1} apart",
                    drawn[i].0.name,
                    drawn[j].0.name
                );
            }
            for (j, (other, at)) in drawn.iter().enumerate() {
                let r = at.radius;
                let apart = point_to_segment((at.x, at.y), lines[i]);
                assert!(
                    i == j || apart > r + 6.0,
                    "the label of {} runs {apart:.1} from {}",
                    drawn[i].0.name,
                    other.name
                );
            }
            // Everything is inside the drawing.
            for (px, py) in [lines[i].0, lines[i].1] {
                assert!(
                    px > x && px < x + w && py > y && py < y + h,
                    "{} is outside",
                    drawn[i].0.name
                );
            }
        }
        // The outer ring is dense, so its labels run outwards, and read left to right.
        let outer: Vec<&Placed> = drawn
            .iter()
            .filter(|(n, _)| n.depth == 2)
            .map(|(_, p)| *p)
            .collect();
        assert!(
            outer
                .iter()
                .all(|p| p.label.rotate.rem_euclid(360.0) < 90.0 + 1e-6
                    || p.label.rotate.rem_euclid(360.0) > 270.0 - 1e-6)
        );
        assert!(outer.iter().any(|p| p.label.anchor == Anchor::End));
    }

    #[test]
    fn labels_are_short() {
        let mut long = node("a-very-long-service-name-indeed", 1);
        assert_eq!(label(&long), "a-very-long-service-…");
        long.title = Some("Cart".into());
        assert_eq!(label(&long), "Cart");
    }
}
