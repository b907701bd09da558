//! The day-by-day charts: tickets per level (stacked bars), first-response and resolution
//! times (median and 90th percentile, on the chosen clock), SLA compliance and CSAT.

use leptos::prelude::*;

use super::figure::{ChartFigure, LegendEntry};
use super::loaded::Loaded;
use crate::chart_lines::{LineSeries, Marker, Scale, key, lines};
use crate::chart_svg::{Axes, BarSeries, Fill, stacked_bars, swatch};
use crate::dashboard_data::Clock;
use crate::dashboard_format::{self as format, TimeUnit};
use crate::dashboard_series::{Days, Time, level_names};
use crate::dashboard_tables as tables;
use crate::i18n::{DashboardText, Locale, quality_summary, time_summary, tr, volume_summary};
use crate::state::Console;

/// The fill of each level, in stacking order: plain, stripes, dots.
const LEVEL_FILLS: [Fill; 3] = [Fill::Solid, Fill::Stripes, Fill::Dots];

fn text(locale: Locale, text: DashboardText) -> &'static str {
    tr(locale, text.into())
}

/// The x axis's labels (`2 nov`) and the days' full names (`2 nov 2026`).
fn day_labels(locale: Locale, days: &Days) -> (Vec<String>, Vec<String>) {
    days.days
        .iter()
        .map(|day| {
            (
                format::short_day(locale, *day),
                format::long_day(locale, *day),
            )
        })
        .unzip()
}

fn volume_svg(locale: Locale, loaded: &Loaded) -> String {
    let days = &loaded.days;
    let (labels, names) = day_labels(locale, days);
    let levels: Vec<Vec<f64>> = level_names()
        .iter()
        .map(|(key, _)| days.level(key))
        .collect();
    let overall = &loaded.now.overall;
    let counts =
        level_names().map(|(key, _)| format::count(locale, overall.level_count(key) as f64));
    let busiest = days.busiest().map(|(day, n)| {
        (
            format::long_day(locale, day),
            format::count(locale, n as f64),
        )
    });
    let summary = volume_summary(
        locale,
        &format::count(locale, overall.tickets as f64),
        [&counts[0], &counts[1], &counts[2]],
        busiest.as_ref().map(|(d, n)| (d.as_str(), n.as_str())),
    );
    let y_label = move |v: f64| format::count(locale, v);
    let axes = Axes {
        id: "chart-volume",
        summary: &summary,
        x_labels: &labels,
        x_names: &names,
        unit: text(locale, DashboardText::TicketsUnit),
        y_label: &y_label,
    };
    let series: Vec<BarSeries<'_>> = level_names()
        .iter()
        .zip(&levels)
        .zip(LEVEL_FILLS)
        .map(|(((key, name), values), fill)| BarSeries {
            name,
            class: key,
            fill,
            values,
        })
        .collect();
    stacked_bars(&axes, &series)
}

fn time_svg(locale: Locale, loaded: &Loaded, time: Time, clock: Clock) -> String {
    let days = &loaded.days;
    let (labels, names) = day_labels(locale, days);
    let median = days.times(time, clock, false);
    let p90 = days.times(time, clock, true);
    let max = median
        .iter()
        .chain(&p90)
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let unit = TimeUnit::for_max(max);
    let in_unit = |values: &[Option<f64>]| -> Vec<Option<f64>> {
        values
            .iter()
            .map(|v| v.map(|s| s / unit.seconds()))
            .collect()
    };
    let (median_in_unit, p90_in_unit) = (in_unit(&median), in_unit(&p90));
    let overall = time.of(&loaded.now.overall).on(clock);
    let (title, clock_name) = (
        match time {
            Time::FirstResponse => text(locale, DashboardText::FirstResponseChart),
            Time::Resolution => text(locale, DashboardText::ResolutionChart),
        },
        clock_name(locale, clock),
    );
    let summary = time_summary(
        locale,
        title,
        clock_name,
        &format::value(locale, format::Kind::Duration, overall.median),
        &format::value(locale, format::Kind::Duration, overall.p90),
    );
    let y_label = move |v: f64| format::number(locale, v, if v.fract() == 0.0 { 0 } else { 1 });
    let id = match time {
        Time::FirstResponse => "chart-first-response",
        Time::Resolution => "chart-resolution",
    };
    let axes = Axes {
        id,
        summary: &summary,
        x_labels: &labels,
        x_names: &names,
        unit: unit.symbol(),
        y_label: &y_label,
    };
    let tooltip = move |v: f64| format::duration(v * unit.seconds());
    lines(
        &axes,
        &Scale {
            top: None,
            whole: false,
        },
        &[
            LineSeries {
                name: text(locale, DashboardText::Median),
                class: "median",
                dash: None,
                marker: Marker::Circle,
                values: &median_in_unit,
            },
            LineSeries {
                name: text(locale, DashboardText::P90),
                class: "p90",
                dash: Some("7 4"),
                marker: Marker::Square,
                values: &p90_in_unit,
            },
        ],
        &tooltip,
    )
}

fn quality_svg(locale: Locale, loaded: &Loaded) -> String {
    let days = &loaded.days;
    let (labels, names) = day_labels(locale, days);
    let percent = |values: Vec<Option<f64>>| -> Vec<Option<f64>> {
        values.into_iter().map(|v| v.map(|r| r * 100.0)).collect()
    };
    let sla = percent(days.rates(|r| r.sla_compliance_rate));
    let csat = percent(days.rates(|r| r.csat_rate));
    let overall = &loaded.now.overall;
    let summary = quality_summary(
        locale,
        &format::value(locale, format::Kind::Rate, overall.sla_compliance_rate),
        &format::value(locale, format::Kind::Rate, overall.csat_rate),
    );
    // Whole percentages; the unit is written above the axis.
    let y_label = move |v: f64| format::number(locale, v, 0);
    let axes = Axes {
        id: "chart-quality",
        summary: &summary,
        x_labels: &labels,
        x_names: &names,
        unit: "%",
        y_label: &y_label,
    };
    let tooltip = move |v: f64| format::percent(locale, v / 100.0);
    lines(
        &axes,
        &Scale {
            top: Some(100.0),
            whole: true,
        },
        &[
            LineSeries {
                name: text(locale, DashboardText::SlaCompliance),
                class: "sla",
                dash: None,
                marker: Marker::Diamond,
                values: &sla,
            },
            LineSeries {
                name: text(locale, DashboardText::Csat),
                class: "csat",
                dash: Some("2 3"),
                marker: Marker::Triangle,
                values: &csat,
            },
        ],
        &tooltip,
    )
}

fn clock_name(locale: Locale, clock: Clock) -> &'static str {
    match clock {
        Clock::Business => text(locale, DashboardText::BusinessHours),
        Clock::Calendar => text(locale, DashboardText::CalendarTime),
    }
}

/// The legend of the two time charts.
fn time_legend(locale: Locale) -> Vec<LegendEntry> {
    vec![
        (
            key("median", None, Marker::Circle),
            text(locale, DashboardText::Median).to_owned(),
        ),
        (
            key("p90", Some("7 4"), Marker::Square),
            text(locale, DashboardText::P90).to_owned(),
        ),
    ]
}

/// The four day charts, and the clock their times are measured on.
#[component]
pub fn DayCharts(
    /// The loaded period (`None` before the first answer).
    data: Memo<Option<Loaded>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DashboardText| console.t(text);
    let clock = RwSignal::new(Clock::Business);
    let period = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| (d.period.from.to_string(), d.period.to.to_string()))
                .unwrap_or_default()
        })
    });
    let svg = move |draw: fn(Locale, &Loaded, Clock) -> String| {
        Signal::derive(move || {
            let (locale, clock) = (console.locale.get(), clock.get());
            data.with(|d| {
                d.as_ref()
                    .map(|d| draw(locale, d, clock))
                    .unwrap_or_default()
            })
        })
    };
    let table = move |build: fn(Locale, &Days) -> tables::Table| {
        Signal::derive(move || {
            let locale = console.locale.get();
            data.with(|d| d.as_ref().map(|d| build(locale, &d.days)))
        })
    };
    let volume_legend = Signal::derive(move || {
        level_names()
            .iter()
            .zip(LEVEL_FILLS)
            .map(|((key, name), fill)| (swatch("chart-volume", key, fill), (*name).to_owned()))
            .collect::<Vec<_>>()
    });
    let time_legend = Signal::derive(move || time_legend(console.locale.get()));
    let quality_legend = Signal::derive(move || {
        let locale = console.locale.get();
        vec![
            (
                key("sla", None, Marker::Diamond),
                text(locale, DashboardText::SlaCompliance).to_owned(),
            ),
            (
                key("csat", Some("2 3"), Marker::Triangle),
                text(locale, DashboardText::Csat).to_owned(),
            ),
        ]
    });
    let clock_choice = move |id: &'static str, value: Clock, label: DashboardText| {
        view! {
            <label class="check" for=id>
                <input
                    type="radio"
                    id=id
                    name="dashboard-clock"
                    prop:checked=move || clock.get() == value
                    on:change=move |_| clock.set(value)
                />
                {move || t(label)}
            </label>
        }
    };

    view! {
        <section class="block dashboard-charts" aria-labelledby="dashboard-charts-heading">
            <h2 id="dashboard-charts-heading">{move || t(DashboardText::Charts)}</h2>
            <div class="chart-grid">
                <ChartFigure
                    key="volume"
                    title=DashboardText::VolumeChart
                    svg=svg(|locale, loaded, _| volume_svg(locale, loaded))
                    legend=volume_legend
                    table=table(tables::volume)
                    csv_stem="tickets-per-day"
                    period=period
                />
                <ChartFigure
                    key="quality"
                    title=DashboardText::QualityChart
                    svg=svg(|locale, loaded, _| quality_svg(locale, loaded))
                    legend=quality_legend
                    table=table(tables::quality)
                    csv_stem="sla-csat-per-day"
                    period=period
                />
            </div>
            <fieldset id="dashboard-clock" class="clock">
                <legend>{move || t(DashboardText::MeasuredIn)}</legend>
                <div class="checks">
                    {clock_choice("dashboard-clock-business", Clock::Business, DashboardText::BusinessHours)}
                    {clock_choice("dashboard-clock-calendar", Clock::Calendar, DashboardText::CalendarTime)}
                </div>
            </fieldset>
            <div class="chart-grid">
                <ChartFigure
                    key="first-response"
                    title=DashboardText::FirstResponseChart
                    svg=svg(|locale, loaded, clock| time_svg(locale, loaded, Time::FirstResponse, clock))
                    legend=time_legend
                    table=table(|locale, days| tables::times(locale, days, Time::FirstResponse))
                    csv_stem="first-response-per-day"
                    period=period
                />
                <ChartFigure
                    key="resolution"
                    title=DashboardText::ResolutionChart
                    svg=svg(|locale, loaded, clock| time_svg(locale, loaded, Time::Resolution, clock))
                    legend=time_legend
                    table=table(|locale, days| tables::times(locale, days, Time::Resolution))
                    csv_stem="resolution-per-day"
                    period=period
                />
            </div>
        </section>
    }
}
