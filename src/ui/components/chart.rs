//! Charts drawn on the server as SVG: no charting script, nothing to hydrate. Each chart is an image with a
//! title and a description for screen readers (`role="img"`, `aria-labelledby`), each bar says its number on
//! hover (`<title>`), and the page puts the same numbers in a table beside it.

use crate::domain::analytics::scale_top;
use leptos::prelude::*;

/// One series of a bar chart: its name, its colour (a tailwind `fill-*` class) and a value per label.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: &'static str,
    pub fill: &'static str,
    pub values: Vec<i64>,
}

// Units of the drawing: narrow enough that on a phone (about 340 px wide) its text still reads at about 9 px.
const W: f64 = 480.0;
const H: f64 = 200.0;
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 26.0;
const TOP: f64 = 10.0;

/// Vertical bars, one per label, the series stacked. `id` names the title and description for
/// `aria-labelledby`.
#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    desc: String,
    labels: Vec<String>,
    series: Vec<Series>,
) -> impl IntoView {
    let n = labels.len().max(1);
    let totals: Vec<i64> = (0..labels.len())
        .map(|i| series.iter().map(|s| s.values.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let top = scale_top(totals.iter().copied().max().unwrap_or(0));
    let plot_h = H - BOTTOM - TOP;
    let y = move |v: i64| TOP + plot_h - plot_h * v as f64 / top as f64;
    let slot = (W - LEFT) / n as f64;
    let bar_w = (slot * 0.6).max(2.0);
    let mut ticks = vec![0, top / 2, top];
    ticks.dedup();
    let grid = ticks
        .into_iter()
        .map(|v| {
            let at = format!("{:.1}", y(v));
            view! {
                <line x1=LEFT x2=W y1=at.clone() y2=at.clone() class="stroke-slate-200" stroke-width="1"/>
                <text x=LEFT - 6.0 y=format!("{:.1}", y(v) + 4.0) text-anchor="end" class="fill-slate-500 text-[12px]">{v.to_string()}</text>
            }
        })
        .collect_view();
    let bars = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
            let mut base = 0;
            let segments = series
                .iter()
                .filter_map(|s| {
                    let v = s.values.get(i).copied().unwrap_or(0);
                    if v == 0 {
                        return None;
                    }
                    let (y0, y1) = (y(base), y(base + v));
                    base += v;
                    Some(view! {
                        <rect x=format!("{x:.1}") y=format!("{y1:.1}") width=format!("{bar_w:.1}") height=format!("{:.1}", y0 - y1) class=s.fill>
                            <title>{format!("{label}: {v} {}", s.name.to_lowercase())}</title>
                        </rect>
                    })
                })
                .collect_view();
            let text_x = format!("{:.1}", x + bar_w / 2.0);
            // every other label when they are many, always the last one
            let shown = labels.len() <= 6 || (labels.len() - 1 - i).is_multiple_of(2);
            view! {
                {segments}
                {shown.then(|| view! { <text x=text_x y=H - 8.0 text-anchor="middle" class="fill-slate-500 text-[12px]">{label.clone()}</text> })}
            }
        })
        .collect_view();
    let legend = (series.len() > 1).then(|| {
        view! {
            <ul class="mt-2 flex flex-wrap gap-3 text-xs text-slate-600" aria-hidden="true">
                {series.iter().map(|s| view! {
                    <li class="flex items-center gap-1">
                        <svg viewBox="0 0 10 10" class="h-3 w-3"><rect width="10" height="10" class=s.fill/></svg>
                        {s.name}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="min-w-0">
            <figcaption class="mb-1 text-sm font-medium text-slate-700" aria-hidden="true">{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") class="h-auto w-full" role="img" aria-labelledby=labelled_by data-testid=id>
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                {grid}
                {bars}
            </svg>
            {legend}
        </figure>
    }
}

/// Horizontal bars for the steps of a funnel: (label, count, share of the first step in percent).
#[component]
pub fn FunnelChart(id: &'static str, title: String, steps: Vec<(&'static str, i64, Option<i64>)>) -> impl IntoView {
    let first = steps.first().map(|s| s.1).unwrap_or(0).max(1);
    let row_h = 34.0;
    let h = row_h * steps.len() as f64 + 4.0;
    let (label_w, width) = (84.0, W - 84.0 - 90.0);
    let rows = steps
        .iter()
        .enumerate()
        .map(|(i, (label, n, share))| {
            let y = 4.0 + row_h * i as f64;
            let w = (width * *n as f64 / first as f64).max(if *n > 0 { 2.0 } else { 0.0 });
            let said = match share {
                Some(p) => format!("{n} ({p}%)"),
                None => n.to_string(),
            };
            view! {
                <text x="0" y=format!("{:.1}", y + 18.0) class="fill-slate-700 text-[14px]">{*label}</text>
                <rect x=label_w y=format!("{y:.1}") width=format!("{w:.1}") height="24" rx="3" class="fill-indigo-500">
                    <title>{format!("{label}: {said}")}</title>
                </rect>
                <text x=format!("{:.1}", label_w + w + 8.0) y=format!("{:.1}", y + 17.0) class="fill-slate-600 text-[13px]">{said}</text>
            }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <svg viewBox=format!("0 0 {W} {h}") class="h-auto w-full" role="img" aria-labelledby=labelled_by data-testid=id>
            <title id=title_id>{title}</title>
            {rows}
        </svg>
    }
}
