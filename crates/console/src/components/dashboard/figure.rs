//! A chart as the dashboard shows it: `<figure>` with its caption, legend and SVG, a "Show
//! table" toggle with the same data as a `<table>`, and "Download CSV". Also the table alone
//! (the breakdowns) and the download itself.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::chart_csv;
use crate::dashboard_tables::Table;
use crate::i18n::{DashboardText, Locale};
use crate::state::Console;

/// Says that a CSV was downloaded, in the dashboard's one status line for it.
#[derive(Clone, Copy)]
pub struct DownloadNote(pub RwSignal<u32>);

/// Offers `csv` as a file: a `text/csv` Blob (with a byte-order mark, so spreadsheets read
/// its accents as UTF-8) behind an object URL, an `<a download>` clicked, the URL revoked.
pub fn download_csv(file_name: &str, csv: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(&format!("\u{feff}{csv}")));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let mut done = false;
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.set_class_name("visually-hidden");
        if let Some(body) = document.body() {
            let _ = body.append_child(&anchor);
            anchor.click();
            let _ = body.remove_child(&anchor);
            done = true;
        }
    }
    // Revoked after the click has started the download.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(1),
    );
    done
}

/// `button#{id}`: downloads `table` as `{stem}-{from}-{to}.csv`.
#[component]
pub fn CsvButton(
    /// The button's id.
    id: String,
    /// The file name's stem (`tickets-per-day`).
    stem: &'static str,
    /// The period, for the file name (empty for the forecast).
    #[prop(into)]
    period: Signal<(String, String)>,
    /// What to download.
    #[prop(into)]
    table: Signal<Option<Table>>,
    /// What the button is about, for its accessible name (the figure's caption's id).
    describedby: String,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let note = use_context::<DownloadNote>();
    view! {
        <button
            type="button"
            id=id
            class="button"
            aria-describedby=describedby
            on:click=move |_| {
                let locale = console.locale.get_untracked();
                let Some(table) = table.get_untracked() else {
                    return;
                };
                let (from, to) = period.get_untracked();
                let name = chart_csv::file_name(stem, &from, &to);
                if download_csv(&name, &table.csv(locale))
                    && let Some(note) = note
                {
                    note.0.update(|n| *n += 1);
                }
            }
        >
            {move || console.t(DashboardText::DownloadCsv)}
        </button>
    }
}

/// A table of figures: `.table-wrap[role=region]` › `table#{id}` with `caption#{id}-caption`,
/// a header row of `th[scope=col]` and each row's `th[scope=row]`.
#[component]
pub fn DataTable(
    /// The table's id.
    id: String,
    /// Its caption.
    #[prop(into)]
    caption: Signal<String>,
    #[prop(into)] table: Signal<Option<Table>>,
    /// One more class for the table (`breakdown`). Each row carries its CSV key as `data-key`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let caption_id = format!("{id}-caption");
    let body = move || {
        let locale: Locale = console.locale.get();
        table.with(|table| {
            let Some(table) = table else {
                return ().into_any();
            };
            let head = table
                .columns
                .iter()
                .map(|column| view! { <th scope="col" class="num">{column.title.clone()}</th> })
                .collect_view();
            let rows = table
                .rows
                .iter()
                .map(|row| {
                    let cells = row
                        .values
                        .iter()
                        .enumerate()
                        .map(|(n, value)| {
                            view! { <td class="num">{table.cell(locale, n, *value)}</td> }
                        })
                        .collect_view();
                    view! {
                        <tr data-key=row.key.clone()>
                            <th scope="row">{row.label.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <thead>
                    <tr>
                        <th scope="col">{table.key_title.clone()}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            }
            .into_any()
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=caption_id.clone()>
            <table id=id class=format!("figures {class}")>
                <caption id=caption_id.clone()>{move || caption.get()}</caption>
                {body}
            </table>
        </div>
    }
}

/// One legend entry: a swatch's SVG markup and its name.
pub type LegendEntry = (String, String);

/// A chart: `figure#chart-{key}` with `figcaption#chart-{key}-caption`, `ul.chart-legend`,
/// the SVG (`svg#chart-{key}-svg[role=img][aria-label]`), `button#chart-{key}-table-toggle`
/// (`aria-expanded`, controls `#chart-{key}-table-wrap`, where `table#chart-{key}-table` is)
/// and `button#chart-{key}-csv`.
#[component]
pub fn ChartFigure(
    /// The ids' stem: `chart-{key}`.
    key: &'static str,
    /// The caption.
    title: DashboardText,
    /// The chart's SVG markup (built by the pure chart functions).
    #[prop(into)]
    svg: Signal<String>,
    /// The legend, when the chart has more than one series.
    #[prop(into)]
    legend: Signal<Vec<LegendEntry>>,
    /// The same data as a table.
    #[prop(into)]
    table: Signal<Option<Table>>,
    /// The CSV file's stem.
    csv_stem: &'static str,
    /// The period, for the CSV file's name.
    #[prop(into)]
    period: Signal<(String, String)>,
    /// A class for the SVG's box (`wide`: scrolls sideways on narrow screens).
    #[prop(optional)]
    canvas_class: &'static str,
    /// Anything shown between the caption and the chart (the clock choice).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DashboardText| console.t(text);
    let id = format!("chart-{key}");
    let caption_id = format!("{id}-caption");
    let wrap_id = format!("{id}-table-wrap");
    let shown = RwSignal::new(false);
    let legend_view = move || {
        let entries = legend.get();
        (!entries.is_empty()).then(|| {
            let items = entries
                .into_iter()
                .map(|(swatch, name)| {
                    view! {
                        <li>
                            <span class="key" inner_html=swatch></span>
                            {name}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="chart-legend" aria-label=move || t(DashboardText::Legend)>
                    {items}
                </ul>
            }
        })
    };
    let canvas = if canvas_class == "wide" {
        view! {
            <div
                class="chart-canvas wide"
                tabindex="0"
                role="region"
                aria-label=move || t(DashboardText::Scroll)
                inner_html=move || svg.get()
            ></div>
        }
        .into_any()
    } else {
        view! { <div class="chart-canvas" inner_html=move || svg.get()></div> }.into_any()
    };
    view! {
        <figure id=id.clone() class="chart" aria-labelledby=caption_id.clone()>
            <figcaption id=caption_id.clone()>{move || t(title)}</figcaption>
            {children.map(|children| children())}
            {legend_view}
            {canvas}
            <div class="chart-actions">
                <button
                    type="button"
                    id=format!("{id}-table-toggle")
                    class="button"
                    aria-expanded=move || if shown.get() { "true" } else { "false" }
                    aria-controls=wrap_id.clone()
                    aria-describedby=caption_id.clone()
                    on:click=move |_| shown.update(|shown| *shown = !*shown)
                >
                    {move || {
                        if shown.get() { t(DashboardText::HideTable) } else { t(DashboardText::ShowTable) }
                    }}
                </button>
                <CsvButton
                    id=format!("{id}-csv")
                    stem=csv_stem
                    period=period
                    table=table
                    describedby=caption_id.clone()
                />
            </div>
            <div id=wrap_id class="chart-table" hidden=move || !shown.get()>
                <DataTable
                    id=format!("{id}-table")
                    caption=Signal::derive(move || t(title).to_owned())
                    table=table
                />
            </div>
        </figure>
    }
}
