//! The relation graph as SVG: rings around the entity, coloured by kind, with pan (drag), zoom
//! (wheel or buttons), a depth control, and nodes that open their entity when clicked. Pointing
//! at a node (or focusing it) brings out its relations and neighbours and dims the rest.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::labels::{entity_href, kind_label};
use crate::catalog::api::entity::entity_graph;
use std::collections::{HashMap, HashSet};

use crate::catalog::graph::{DOT_RADIUS, Graph, label, layout};
use crate::ui::Loaded;
use crate::ui::Panel;

/// Node colours by kind: (fill, stroke) as Tailwind classes for light and dark themes.
fn colours(kind: &str) -> &'static str {
    match kind {
        "component" => "fill-indigo-50 stroke-indigo-500 dark:fill-indigo-500/20",
        "api" => "fill-emerald-50 stroke-emerald-500 dark:fill-emerald-500/20",
        "resource" => "fill-amber-50 stroke-amber-500 dark:fill-amber-500/20",
        "system" => "fill-sky-50 stroke-sky-500 dark:fill-sky-500/20",
        "domain" => "fill-violet-50 stroke-violet-500 dark:fill-violet-500/20",
        "group" => "fill-rose-50 stroke-rose-500 dark:fill-rose-500/20",
        _ => "fill-zinc-50 stroke-zinc-400 dark:fill-zinc-700/40",
    }
}

/// A view box around the centre at the smallest scale that keeps labels readable, when showing
/// all of `bounds` in a `width` × `height` pixel drawing would make them smaller than that.
fn readable_view(
    bounds: (f64, f64, f64, f64),
    width: f64,
    height: f64,
) -> Option<(f64, f64, f64, f64)> {
    const SMALLEST: f64 = 10.0 / 13.0;
    let (_, _, w, h) = bounds;
    if width <= 0.0 || height <= 0.0 || (width / w).min(height / h) >= SMALLEST {
        return None;
    }
    let (w, h) = (width / SMALLEST, height / SMALLEST);
    Some((-w / 2.0, -h / 2.0, w, h))
}

/// The relation graph around an entity, with its depth control; for everyone who may read it.
#[component]
pub fn GraphView(entity_ref: String, depth: i64) -> impl IntoView {
    let key = entity_ref.clone();
    let data = Resource::new(
        move || (key.clone(), depth),
        |(key, depth)| entity_graph(key, depth),
    );
    let base = entity_href(&entity_ref);
    let depth_links = (1..=3)
        .map(|d| {
            let href = format!("{base}?tab=relations&depth={d}");
            view! {
                <a href=href aria-current=(d == depth).then_some("true")
                    class="rounded-md px-2.5 py-1 text-sm text-zinc-600 hover:bg-zinc-100 aria-[current=true]:bg-indigo-600 aria-[current=true]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800">
                    {d.to_string()}
                </a>
            }
        })
        .collect_view();
    view! {
        <Panel title="Relation graph" action=view! {
            <nav aria-label="Depth" class="flex items-center gap-1 text-sm">
                <span class="mr-1 text-subtle">"Depth"</span>
                {depth_links}
            </nav>
        }.into_any()>
            <Loaded data=move || data.get() rows=8 let:graph>
                <Drawing graph/>
            </Loaded>
        </Panel>
    }
}

/// The drawing itself, with its toolbar and legend.
#[component]
fn Drawing(graph: Graph) -> impl IntoView {
    let (placed, bounds) = layout(&graph);
    let view_box = RwSignal::new(bounds);
    let svg = NodeRef::<leptos::svg::Svg>::new();
    // The server draws the whole graph. Once the browser knows the drawing's size, a graph
    // too large to read whole opens zoomed to where 13-unit text is at least 10 px, centred
    // on the entity; Fit shows all of it.
    Effect::new(move |_| {
        let Some(element) = svg.get() else { return };
        let (width, height) = (
            f64::from(element.client_width()),
            f64::from(element.client_height()),
        );
        if let Some(readable) = readable_view(bounds, width, height) {
            view_box.set(readable);
        }
    });
    let navigate = use_navigate();
    let zoom = move |factor: f64| {
        view_box.update(|(x, y, w, h)| {
            let (cx, cy) = (*x + *w / 2.0, *y + *h / 2.0);
            *w = (*w * factor).clamp(200.0, bounds.2 * 4.0);
            *h = (*h * factor).clamp(200.0, bounds.3 * 4.0);
            *x = cx - *w / 2.0;
            *y = cy - *h / 2.0;
        })
    };
    let pan = move |ev: leptos::ev::PointerEvent| {
        if ev.buttons() != 1 {
            return;
        }
        let width = svg
            .get()
            .map(|s| f64::from(s.client_width()))
            .filter(|w| *w > 0.0)
            .unwrap_or(800.0);
        view_box.update(|(x, y, w, _)| {
            let scale = *w / width;
            *x -= f64::from(ev.movement_x()) * scale;
            *y -= f64::from(ev.movement_y()) * scale;
        });
    };
    // The node pointed at or focused, and who is next to whom, to bring out its relations.
    let active = RwSignal::new(None::<String>);
    let mut adjacent: HashMap<String, HashSet<String>> = HashMap::new();
    for edge in &graph.edges {
        adjacent
            .entry(edge.source.clone())
            .or_default()
            .insert(edge.target.clone());
        adjacent
            .entry(edge.target.clone())
            .or_default()
            .insert(edge.source.clone());
    }
    let adjacent = std::sync::Arc::new(adjacent);
    let edges = graph
        .edges
        .iter()
        .filter_map(|e| {
            Some((
                placed.get(&e.source)?.clone(),
                placed.get(&e.target)?.clone(),
                e.clone(),
            ))
        })
        .map(|(a, b, edge)| {
            let kind = edge.kind.clone();
            let touches = Memo::new(move |_| {
                active.with(|n| n.as_ref().map(|n| *n == edge.source || *n == edge.target))
            });
            view! {
                <line x1=a.x y1=a.y x2=b.x y2=b.y
                    class=move || match touches.get() {
                        None => "stroke-zinc-300 dark:stroke-zinc-600",
                        Some(true) => "stroke-indigo-500 dark:stroke-indigo-400",
                        Some(false) => "stroke-zinc-300 opacity-20 dark:stroke-zinc-600",
                    }
                    stroke-width=move || if touches.get() == Some(true) { "2.5" } else { "1.5" }>
                    <title>{kind}</title>
                </line>
            }
        })
        .collect_view();
    let nodes = graph
        .nodes
        .iter()
        .filter_map(|n| Some((n.clone(), placed.get(&n.entity_ref)?.clone())))
        .map(|(node, at)| {
            let centre = node.depth == 0;
            let radius = at.radius;
            // Dots on dense rings show their kind by colour; bigger nodes also say it.
            let kind_text = (radius > DOT_RADIUS).then(|| node.kind.chars().take(4).collect::<String>());
            let href = entity_href(&node.entity_ref);
            let go = {
                let navigate = navigate.clone();
                let href = href.clone();
                move || navigate(&href, Default::default())
            };
            let go_key = go.clone();
            // The accessible name starts with the visible label (WCAG 2.5.3), then says the kind.
            let name = format!("{}, {}", label(&node), kind_label(&node.kind));
            let dashed = (!node.exists).then_some("4 3");
            let key = node.entity_ref.clone();
            let dimmed = {
                let (key, adjacent) = (key.clone(), adjacent.clone());
                move || active.with(|a| a.as_ref().is_some_and(|a| *a != key && !adjacent.get(a).is_some_and(|n| n.contains(&key))))
            };
            let (enter, focus) = (key.clone(), key.clone());
            let l = at.label.clone();
            let rotate = (l.rotate != 0.0).then(|| format!("rotate({:.2} {:.1} {:.1})", l.rotate, l.x, l.y));
            // A radial label is centred on its ray; a level one hangs below its node.
            let dy = if l.rotate != 0.0 || l.anchor != crate::catalog::graph::Anchor::Middle { "0.35em" } else { "0" };
            view! {
                // The link holds only what its name says (WCAG 2.5.3): the circle and the label;
                // the kind's letters are drawn beside it, hidden from assistive technology.
                <g class=move || if dimmed() { "opacity-25 transition-opacity" } else { "transition-opacity" }>
                    <g role="link" tabindex="0" aria-label=name.clone() data-href=href
                        class="cursor-pointer focus:outline-none [&:focus>circle]:stroke-[4]"
                        on:click=move |_| go()
                        on:keydown=move |ev| if ev.key() == "Enter" { go_key() }
                        on:pointerenter=move |_| active.set(Some(enter.clone()))
                        on:pointerleave=move |_| active.set(None)
                        on:focus=move |_| active.set(Some(focus.clone()))
                        on:blur=move |_| active.set(None)>
                        <circle cx=at.x cy=at.y r=radius stroke-width=if centre { "3" } else { "2" } stroke-dasharray=dashed class=colours(&node.kind)/>
                        // The label is part of the target: a dot alone is small to hit.
                        <text x=l.x y=l.y dy=dy text-anchor=l.anchor.svg() transform=rotate
                            class="fill-zinc-800 stroke-zinc-50 stroke-[3px] text-[13px] [paint-order:stroke] dark:fill-zinc-200 dark:stroke-zinc-950">
                            {label(&node)}
                        </text>
                    </g>
                    {kind_text.map(|text| view! {
                        <text x=at.x y=at.y dy="0.35em" text-anchor="middle" aria-hidden="true" class="pointer-events-none fill-zinc-500 text-[10px] font-medium uppercase dark:fill-zinc-400">
                            {text}
                        </text>
                    })}
                </g>
            }
        })
        .collect_view();
    let button = "rounded-md border border-zinc-200 bg-white px-2.5 py-1 text-sm text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800";
    let mut kinds: Vec<String> = graph.nodes.iter().map(|n| n.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    let legend = kinds
        .into_iter()
        .map(|kind| {
            view! {
                <span class="flex items-center gap-1.5">
                    <svg viewBox="0 0 10 10" class="size-2.5" aria-hidden="true"><circle cx="5" cy="5" r="4" stroke-width="2" class=colours(&kind)/></svg>
                    {kind_label(&kind).to_owned()}
                </span>
            }
        })
        .collect_view();
    let count = graph.nodes.len();
    let truncated = graph.truncated;
    view! {
        <div class="-mx-5 -my-5">
            <div class="flex items-center justify-between gap-3 border-b border-zinc-100 px-5 py-2 text-sm text-subtle dark:border-zinc-800 dark:text-zinc-400">
                <span class="flex flex-wrap items-center gap-x-4 gap-y-1">
                    <span>{format!("{count} entities")}{(truncated > 0).then(|| format!(", {truncated} more not shown"))}</span>
                    {legend}
                </span>
                <span class="flex gap-1">
                    <button type="button" class=button aria-label="Zoom in" on:click=move |_| zoom(0.8)>"+"</button>
                    <button type="button" class=button aria-label="Zoom out" on:click=move |_| zoom(1.25)>"−"</button>
                    <button type="button" class=button on:click=move |_| view_box.set(bounds)>"Fit"</button>
                </span>
            </div>
            // A group, not an image: its nodes are links the keyboard reaches.
            <svg node_ref=svg role="group" aria-label="Relation graph" class="h-[max(28rem,min(70vh,56rem))] w-full touch-none select-none bg-zinc-50/50 dark:bg-zinc-950/30"
                viewBox=move || { let (x, y, w, h) = view_box.get(); format!("{x:.1} {y:.1} {w:.1} {h:.1}") }
                on:pointermove=pan
                on:wheel=move |ev| { ev.prevent_default(); zoom(if ev.delta_y() > 0.0 { 1.1 } else { 0.9 }) }>
                <g>{edges}</g>
                <g>{nodes}</g>
            </svg>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::readable_view;

    #[test]
    fn large_graphs_open_at_a_readable_zoom_and_small_ones_whole() {
        // 1,000 units into 800 pixels: text at 10.4 px, shown whole.
        assert_eq!(
            readable_view((-500.0, -500.0, 1000.0, 1000.0), 800.0, 800.0),
            None
        );
        // 3,000 units into 800 × 600: zoom in around the centre.
        let (x, y, w, h) = readable_view((-1500.0, -1500.0, 3000.0, 3000.0), 800.0, 600.0).unwrap();
        assert!((800.0 / w - 10.0 / 13.0).abs() < 1e-9 && (600.0 / h - 10.0 / 13.0).abs() < 1e-9);
        assert_eq!((x, y), (-w / 2.0, -h / 2.0));
        assert_eq!(readable_view((0.0, 0.0, 10.0, 10.0), 0.0, 0.0), None);
    }
}
