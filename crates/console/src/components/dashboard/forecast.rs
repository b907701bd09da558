//! The volume forecast for the coming week (`GET /metrics/forecast`): a weekday × hour
//! heatmap with the number in each cell, the expected tickets per day, and beside them how
//! wrong the same method was on past weeks.

use leptos::prelude::*;

use super::figure::{ChartFigure, LegendEntry};
use crate::api::{self, ApiError};
use crate::chart_heatmap::{Heatmap, SHADES, heatmap, shade_swatch};
use crate::chart_svg::{Axes, BarSeries, Fill, stacked_bars, swatch};
use crate::components::common::Failure;
use crate::components::load::Latest;
use crate::components::overview::today;
use crate::dashboard_data::Forecast;
use crate::dashboard_format::{self as format, Kind};
use crate::dashboard_tables::{self as tables, hour_names};
use crate::i18n::{
    DashboardText, Locale, Text, forecast_basis, forecast_days_summary, forecast_week,
    heatmap_summary, tickets_error, tr,
};
use crate::period::Day;
use crate::state::Console;

fn text(locale: Locale, text: DashboardText) -> &'static str {
    tr(locale, text.into())
}

/// A cell's number: `0` for nothing, else one decimal below 10.
fn cell_value(locale: Locale, value: f64) -> String {
    if value < 0.05 {
        "0".to_owned()
    } else {
        format::amount(locale, value)
    }
}

fn heatmap_svg(locale: Locale, forecast: &Forecast) -> String {
    let grid = forecast.grid();
    let values: Vec<Vec<f64>> = grid.iter().map(|row| row.to_vec()).collect();
    let rows: Vec<String> = (0..7)
        .map(|n| format::weekday_name(locale, n, true).to_owned())
        .collect();
    let names: Vec<String> = (0..7)
        .map(|n| format::weekday_name(locale, n, false).to_owned())
        .collect();
    let busiest = grid
        .iter()
        .enumerate()
        .flat_map(|(d, row)| row.iter().enumerate().map(move |(h, v)| (d, h, *v)))
        .filter(|(_, _, v)| *v > 0.0)
        .fold(None, |best: Option<(usize, usize, f64)>, cell| match best {
            Some(best) if best.2 >= cell.2 => Some(best),
            _ => Some(cell),
        })
        .map(|(d, h, v)| {
            (
                names[d].clone(),
                format!("{h:02}:00"),
                cell_value(locale, v),
            )
        });
    let summary = heatmap_summary(
        locale,
        &format::amount(locale, forecast.days().iter().sum()),
        busiest
            .as_ref()
            .map(|(d, h, v)| (d.as_str(), h.as_str(), v.as_str())),
    );
    let format = move |v: f64| cell_value(locale, v);
    heatmap(&Heatmap {
        id: "chart-forecast-heatmap",
        summary: &summary,
        rows: &rows,
        row_names: &names,
        columns: &hour_names(),
        values: &values,
        format: &format,
    })
}

fn days_svg(locale: Locale, forecast: &Forecast) -> String {
    let days = forecast.days();
    let labels: Vec<String> = (0..7)
        .map(|n| format::weekday_name(locale, n, true).to_owned())
        .collect();
    let names: Vec<String> = (0..7)
        .map(|n| format::weekday_name(locale, n, false).to_owned())
        .collect();
    let listed: Vec<(String, String)> = names
        .iter()
        .zip(days)
        .map(|(name, value)| (name.clone(), format::amount(locale, value)))
        .collect();
    let summary =
        forecast_days_summary(locale, &format::amount(locale, days.iter().sum()), &listed);
    let y_label = move |v: f64| format::count(locale, v);
    let axes = Axes {
        id: "chart-forecast-days",
        summary: &summary,
        x_labels: &labels,
        x_names: &names,
        unit: text(locale, DashboardText::TicketsUnit),
        y_label: &y_label,
    };
    stacked_bars(
        &axes,
        &[BarSeries {
            name: text(locale, DashboardText::Expected),
            class: "expected",
            fill: Fill::Solid,
            values: &days,
        }],
    )
}

/// The shades' key: blank for none, then each fifth of the busiest hour.
fn shade_legend(locale: Locale, forecast: &Forecast) -> Vec<LegendEntry> {
    let max = forecast
        .grid()
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let mut entries = vec![(shade_swatch(0), "0".to_owned())];
    if max > 0.0 {
        let step = max / f64::from(SHADES);
        for level in 1..=SHADES {
            let (low, high) = (step * f64::from(level - 1), step * f64::from(level));
            entries.push((
                shade_swatch(level),
                format!(
                    "{}–{}",
                    format::amount(locale, low),
                    format::amount(locale, high)
                ),
            ));
        }
    }
    entries
}

/// `section#forecast`: `#forecast-status`, `#forecast-error` (+ retry), `#forecast-unavailable`
/// (404: an older server), `#forecast-week`, `#forecast-basis`, the figures
/// `#chart-forecast-heatmap` and `#chart-forecast-days`, and `dl#forecast-accuracy` with
/// `#forecast-mae`, `#forecast-mape`, `#forecast-weeks-tested`.
#[component]
pub fn ForecastSection(
    /// The forecast's API address (`None` while the screen is leaving).
    url: Memo<Option<String>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DashboardText| console.t(text);
    let loading = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<Forecast, ApiError>>);
    let retries = RwSignal::new(0u32);
    let latest = Latest::new();
    Effect::new(move |_| {
        retries.track();
        let Some(url) = url.get() else {
            return;
        };
        latest.load(
            console,
            loading,
            async move { api::dashboard::forecast(&url).await },
            move |result| answer.set(Some(result)),
        );
    });
    let forecast =
        Memo::new(move |_| answer.with(|a| a.as_ref().and_then(|a| a.as_ref().ok().cloned())));
    let monday: Option<Day> = format::next_monday(today());
    let heat = Signal::derive(move || {
        let locale = console.locale.get();
        forecast.with(|f| {
            f.as_ref()
                .map(|f| heatmap_svg(locale, f))
                .unwrap_or_default()
        })
    });
    let days = Signal::derive(move || {
        let locale = console.locale.get();
        forecast.with(|f| f.as_ref().map(|f| days_svg(locale, f)).unwrap_or_default())
    });
    let hours_table = Signal::derive(move || {
        let locale = console.locale.get();
        forecast.with(|f| f.as_ref().map(|f| tables::forecast_hours(locale, f)))
    });
    let days_table = Signal::derive(move || {
        let locale = console.locale.get();
        forecast.with(|f| f.as_ref().map(|f| tables::forecast_days(locale, f, monday)))
    });
    let heat_legend = Signal::derive(move || {
        let locale = console.locale.get();
        forecast.with(|f| {
            f.as_ref()
                .map(|f| shade_legend(locale, f))
                .unwrap_or_default()
        })
    });
    let days_legend = Signal::derive(move || {
        vec![(
            swatch("chart-forecast-days", "expected", Fill::Solid),
            t(DashboardText::Expected).to_owned(),
        )]
    });
    let period = Signal::derive(move || {
        let week = monday.map(|m| {
            (
                m.to_string(),
                m.plus_days(6).map(|d| d.to_string()).unwrap_or_default(),
            )
        });
        week.unwrap_or_default()
    });
    let failure = move || {
        answer.with(|a| match a {
            Some(Err(ApiError::NotFound)) => view! {
                <p id="forecast-unavailable" class="notice">{move || t(DashboardText::NotOnServer)}</p>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <Failure
                    id="forecast-error"
                    what=DashboardText::ForecastFailed.into()
                    error=*error
                    retry=Callback::new(move |()| retries.update(|n| *n += 1))
                />
            }
            .into_any(),
            _ => ().into_any(),
        })
    };
    let week = move || {
        let locale = console.locale.get();
        forecast.with(|f| {
            let f = f.as_ref()?;
            let week = monday
                .zip(monday.and_then(|m| m.plus_days(6)))
                .map(|(m, s)| {
                    forecast_week(
                        locale,
                        &format::long_day(locale, m),
                        &format::long_day(locale, s),
                        &format::amount(locale, f.days().iter().sum()),
                    )
                });
            let zone = if f.time_zone.is_empty() {
                "UTC"
            } else {
                f.time_zone.as_str()
            };
            Some(view! {
                <p id="forecast-week">{week}</p>
                <p id="forecast-basis" class="muted">
                    {match f.weeks_used.unwrap_or(f.weeks) {
                        0 => text(locale, DashboardText::NoHistory).to_owned(),
                        weeks => forecast_basis(locale, weeks, zone),
                    }}
                </p>
            })
        })
    };
    let facts = move || {
        let locale = console.locale.get();
        forecast.with(|f| {
            let f = f.as_ref()?;
            let error = f.error;
            let tested = error.weeks_tested > 0;
            let mae = error
                .mae_per_hour
                .filter(|_| tested)
                .map(|v| tickets_error(locale, &format::number(locale, v, 1)))
                .unwrap_or_else(|| "—".to_owned());
            let mape = error
                .mape_per_day
                .filter(|_| tested)
                .map(|v| format::value(locale, Kind::Rate, Some(v)))
                .unwrap_or_else(|| "—".to_owned());
            Some(view! {
                <section class="accuracy" aria-labelledby="forecast-accuracy-heading">
                    <h3 id="forecast-accuracy-heading">{text(locale, DashboardText::Accuracy)}</h3>
                    <dl id="forecast-accuracy" class="facts">
                        <div>
                            <dt>{text(locale, DashboardText::MaePerHour)}</dt>
                            <dd id="forecast-mae">{mae}</dd>
                        </div>
                        <div>
                            <dt>{text(locale, DashboardText::MapePerDay)}</dt>
                            <dd id="forecast-mape">{mape}</dd>
                        </div>
                        <div>
                            <dt>{text(locale, DashboardText::WeeksTested)}</dt>
                            <dd id="forecast-weeks-tested">{format::count(locale, f64::from(error.weeks_tested))}</dd>
                        </div>
                    </dl>
                    <p class="muted">
                        {if tested {
                            text(locale, DashboardText::AccuracyNote)
                        } else {
                            text(locale, DashboardText::NotEnoughHistory)
                        }}
                    </p>
                </section>
            })
        })
    };
    view! {
        <section id="forecast" class="block" aria-labelledby="forecast-heading" aria-busy=move || if loading.get() { "true" } else { "false" }>
            <h2 id="forecast-heading">{move || t(DashboardText::Forecast)}</h2>
            <p class="lead">{move || t(DashboardText::ForecastIntro)}</p>
            <p id="forecast-status" class="status-line" role="status">
                {move || loading.get().then(|| console.t(Text::Loading))}
            </p>
            {failure}
            <Show when=move || forecast.with(Option::is_some)>
                {week}
                <div class="forecast-layout">
                    <ChartFigure
                        key="forecast-heatmap"
                        title=DashboardText::HeatmapChart
                        svg=heat
                        legend=heat_legend
                        table=hours_table
                        csv_stem="forecast-by-hour"
                        period=period
                        canvas_class="wide"
                    />
                    <div class="forecast-days">
                        <ChartFigure
                            key="forecast-days"
                            title=DashboardText::ForecastDaysChart
                            svg=days
                            legend=days_legend
                            table=days_table
                            csv_stem="forecast-by-day"
                            period=period
                        />
                        <div class="forecast-facts">{facts}</div>
                    </div>
                </div>
            </Show>
        </section>
    }
}
