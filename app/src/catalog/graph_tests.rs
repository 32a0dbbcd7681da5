//! Tests of the graph layout: rings, distances between nodes, and label geometry at 200 nodes.

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
