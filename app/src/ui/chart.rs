//! A stacked bar chart in SVG, rendered on the server, with a data table for screen readers.

use leptos::prelude::*;

/// One series of a stacked chart: its name and the Tailwind classes that colour it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: &'static str,
    /// Fill class for the bars, e.g. `fill-indigo-500`.
    pub fill: &'static str,
    /// Background class for the legend swatch, e.g. `bg-indigo-500`.
    pub swatch: &'static str,
}

/// One bar: a short axis label, a long label for tooltips and the table, one value per series.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub label: String,
    pub detail: String,
    pub values: Vec<i64>,
}

/// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `n` (and at least 1).
pub fn nice_ceiling(n: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if step * m >= n {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// A bar segment in chart coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub series: usize,
}

/// Each bar's slot in the plot's coordinates; the plot is `SLOT * bars` wide and `HEIGHT` tall,
/// and the SVG stretches to its box, so only shapes go in it and labels are HTML.
const SLOT: f64 = 10.0;
const HEIGHT: f64 = 100.0;

/// Lays out stacked bars: returns the axis maximum and the segments, bottom series first.
/// Empty segments are left out.
pub fn layout(points: &[ChartPoint]) -> (i64, Vec<Segment>) {
    let max = nice_ceiling(
        points
            .iter()
            .map(|p| p.values.iter().sum::<i64>())
            .max()
            .unwrap_or(0),
    );
    let width = SLOT * 0.62;
    let mut segments = Vec::new();
    for (i, point) in points.iter().enumerate() {
        let x = SLOT * i as f64 + (SLOT - width) / 2.0;
        let mut base = HEIGHT;
        for (series, value) in point.values.iter().enumerate() {
            if *value <= 0 {
                continue;
            }
            let height = *value as f64 / max as f64 * HEIGHT;
            base -= height;
            segments.push(Segment {
                x,
                y: base,
                width,
                height,
                series,
            });
        }
    }
    (max, segments)
}

/// Where the five horizontal gridlines and their labels sit, top to bottom.
const TICK_POSITIONS: [&str; 5] = ["top-0", "top-1/4", "top-1/2", "top-3/4", "top-full"];

/// A stacked bar chart with a legend. Every reader gets the numbers: sighted users through
/// tooltips, screen reader users through a hidden table.
#[component]
pub fn StackedBarChart(
    /// What the chart shows, e.g. "Deployments per day".
    #[prop(into)]
    label: String,
    series: Vec<Series>,
    points: Vec<ChartPoint>,
) -> impl IntoView {
    let (max, segments) = layout(&points);
    let plot_width = SLOT * points.len().max(1) as f64;
    let label_every = if points.len() > 16 {
        3
    } else if points.len() > 8 {
        2
    } else {
        1
    };
    let titles: Vec<String> = points
        .iter()
        .map(|p| {
            let parts: Vec<String> = series
                .iter()
                .zip(&p.values)
                .map(|(s, v)| format!("{v} {}", s.name.to_lowercase()))
                .collect();
            format!("{}: {}", p.detail, parts.join(", "))
        })
        .collect();
    let count = points.len();
    view! {
        <figure class="w-full">
            <div class="relative h-48 pl-9">
                <div class="absolute inset-y-0 left-0 w-7" aria-hidden="true">
                    {TICK_POSITIONS.iter().enumerate().map(|(i, position)| view! {
                        <span class=format!("absolute right-0 {position} -translate-y-1/2 text-[11px] leading-none text-subtle tabular-nums dark:text-zinc-400")>
                            {max * (4 - i as i64) / 4}
                        </span>
                    }).collect_view()}
                </div>
                <svg viewBox=format!("0 0 {plot_width} {HEIGHT}") preserveAspectRatio="none" class="h-full w-full overflow-visible" role="img" aria-label=label.clone()>
                    {(0..=4).map(|i| {
                        let y = HEIGHT * f64::from(i) / 4.0;
                        view! {
                            <line x1="0" x2=plot_width y1=y y2=y vector-effect="non-scaling-stroke"
                                class="stroke-zinc-200 dark:stroke-zinc-800" stroke-dasharray=if i == 4 { "" } else { "3 3" }></line>
                        }
                    }).collect_view()}
                    {segments.into_iter().map(|s| {
                        let fill = series.get(s.series).map_or("fill-zinc-400", |x| x.fill);
                        let title = titles.get((s.x / SLOT) as usize).cloned().unwrap_or_default();
                        view! {
                            <rect x=s.x y=s.y width=s.width height=s.height class=format!("{fill} transition-opacity hover:opacity-80")>
                                <title>{title}</title>
                            </rect>
                        }
                    }).collect_view()}
                </svg>
            </div>
            <div class="mt-2 ml-9 flex text-[11px] text-subtle" aria-hidden="true">
                {points.iter().enumerate().map(|(i, p)| view! {
                    <span class="flex-1 text-center">{(count - 1 - i).is_multiple_of(label_every).then(|| p.label.clone())}</span>
                }).collect_view()}
            </div>
            <figcaption class="mt-3 flex flex-wrap gap-4 text-xs text-subtle">
                {series.iter().map(|s| view! {
                    <span class="inline-flex items-center gap-1.5"><span class=format!("size-2.5 rounded-sm {}", s.swatch)></span>{s.name}</span>
                }).collect_view()}
            </figcaption>
            <table class="sr-only">
                <caption>{label}</caption>
                <thead><tr><th scope="col">"Day"</th>{series.iter().map(|s| view! { <th scope="col">{s.name}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {points.iter().map(|p| view! {
                        <tr><th scope="row">{p.detail.clone()}</th>{p.values.iter().map(|v| view! { <td>{*v}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        for (n, nice) in [
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 5),
            (7, 10),
            (11, 20),
            (87, 100),
            (101, 200),
            (4_999, 5_000),
        ] {
            assert_eq!(nice_ceiling(n), nice, "{n}");
        }
    }

    fn point(values: &[i64]) -> ChartPoint {
        ChartPoint {
            label: String::new(),
            detail: String::new(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn stacks_segments_from_the_baseline() {
        let (max, segments) = layout(&[point(&[3, 2]), point(&[0, 0]), point(&[10, 0])]);
        assert_eq!(max, 10);
        assert_eq!(segments.len(), 3, "empty values draw nothing");
        let (ok, bad, tall) = (&segments[0], &segments[1], &segments[2]);
        assert_eq!((ok.series, bad.series, tall.series), (0, 1, 0));
        assert!((ok.height - HEIGHT * 0.3).abs() < 1e-9);
        assert!(
            (ok.y + ok.height - HEIGHT).abs() < 1e-9,
            "first series sits on the axis"
        );
        assert!(
            (bad.y + bad.height - ok.y).abs() < 1e-9,
            "second series sits on the first"
        );
        assert!(tall.y.abs() < 1e-9, "the tallest bar reaches the top");
        assert_eq!((ok.x / SLOT) as usize, 0, "a bar sits in its own slot");
        assert_eq!((tall.x / SLOT) as usize, 2);
    }

    #[test]
    fn an_empty_chart_has_an_axis() {
        assert_eq!(layout(&[]), (1, vec![]));
    }
}
