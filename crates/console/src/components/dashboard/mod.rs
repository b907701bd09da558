//! The desk's dashboard (`/console/dashboard?days=&from=&to=&site=&group=&agent=`; agents and
//! admins): the period's KPIs against the previous period of the same length, day-by-day
//! charts as SVG (each with its table and CSV), the figures per team and per agent, and the
//! volume forecast for the coming week.
//!
//! Two `GET /metrics` calls per period (this one and the one before), one `GET
//! /metrics/forecast` per site, and `GET /sites` and `GET /agents` once. While a new period
//! loads the last one stays on screen under `aria-busy`.

mod breakdown;
mod charts;
mod figure;
mod filters;
mod forecast;
mod kpis;
mod loaded;

use ayuda_api::Site;
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::breakdown::Breakdown;
use self::charts::DayCharts;
use self::figure::DownloadNote;
use self::filters::Filters;
use self::forecast::ForecastSection;
use self::kpis::Kpis;
use self::loaded::Loaded;
use super::common::Failure;
use super::load::{Latest, Results};
use super::overview::today;
use crate::api::{self, ApiError};
use crate::dashboard_data::Agent;
use crate::dashboard_format as format;
use crate::dashboard_query::{DashboardFilter, Period};
use crate::dashboard_series::Days;
use crate::i18n::{DashboardText, period_compared, time_zone_note};
use crate::route::Route;
use crate::state::Console;

/// Both periods' metrics; the previous one's failure only loses the comparison.
async fn load(filter: DashboardFilter, period: Period) -> Result<Loaded, ApiError> {
    let now = api::dashboard::metrics(&filter.metrics_url(period)).await?;
    let previous = period.previous();
    let before = match previous {
        Some(previous) => api::dashboard::metrics(&filter.metrics_url(previous))
            .await
            .ok(),
        None => None,
    };
    let days = Days::new(&now, period);
    Ok(Loaded {
        period,
        previous,
        now,
        before,
        days,
    })
}

#[component]
pub fn DashboardScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DashboardText| console.t(text);
    let today = today();
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Dashboard(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loading = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<Loaded, ApiError>>);
    let retries = RwSignal::new(0u32);
    let latest = Latest::new();
    let sites = RwSignal::new(None::<Result<Vec<Site>, ApiError>>);
    let agents = RwSignal::new(None::<Result<Vec<Agent>, ApiError>>);
    let downloads = RwSignal::new(0u32);
    provide_context(DownloadNote(downloads));

    spawn_local(async move {
        let result = console.check(api::editorial::sites().await);
        let _ = sites.try_set(Some(result));
    });
    spawn_local(async move {
        let result = console.check(api::dashboard::agents().await);
        let _ = agents.try_set(Some(result));
    });

    Effect::new(move |_| {
        retries.track();
        let Some(filter) = filter.get() else {
            return;
        };
        // A period the server would refuse is not asked for: the form says why.
        let Ok(period) = filter.period(today) else {
            loading.set(false);
            answer.set(None);
            return;
        };
        latest.load(console, loading, load(filter, period), move |result| {
            answer.set(Some(result));
        });
    });

    let data = Memo::new(move |_| {
        answer.with(|answer| answer.as_ref().and_then(|a| a.as_ref().ok().cloned()))
    });
    let forecast_url = Memo::new(move |_| filter.get().map(|f| f.forecast_url()));
    let agent_list = Signal::derive(move || {
        agents.with(|a| match a {
            Some(Ok(agents)) => agents.clone(),
            _ => Vec::new(),
        })
    });
    let report_groups = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| d.now.by_group.iter().map(|(key, _)| key.clone()).collect())
                .unwrap_or_default()
        })
    });

    let failure = move || {
        answer.with(|answer| match answer {
            Some(Err(ApiError::Forbidden)) => view! {
                <p id="dashboard-forbidden" class="notice">{move || t(DashboardText::Forbidden)}</p>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <Failure
                    id="dashboard-error"
                    what=DashboardText::MetricsFailed.into()
                    error=*error
                    retry=Callback::new(move |()| retries.update(|n| *n += 1))
                />
            }
            .into_any(),
            _ => ().into_any(),
        })
    };
    let period_line = move || {
        let locale = console.locale.get();
        data.with(|d| {
            let d = d.as_ref()?;
            let day = |day| format::long_day(locale, day);
            let previous = d.previous.map(|p| (day(p.from), day(p.to))).unwrap_or_default();
            let compared = period_compared(
                locale,
                (&day(d.period.from), &day(d.period.to)),
                (&previous.0, &previous.1),
                d.period.days(),
            );
            let zone = (!d.now.time_zone.is_empty())
                .then(|| format!(" {}", time_zone_note(locale, &d.now.time_zone)));
            let no_comparison = d
                .before
                .is_none()
                .then(|| format!(" {}", t(DashboardText::NoComparison)));
            let empty = (d.now.overall.tickets == 0 && d.now.overall.deflections == 0)
                .then(|| view! { <p id="dashboard-empty" class="notice">{t(DashboardText::NoTicketsInPeriod)}</p> });
            Some(view! {
                <p id="dashboard-period-shown" class="lead">{compared}{zone}{no_comparison}</p>
                {empty}
            })
        })
    };

    view! {
        <h1 id="dashboard-title" tabindex="-1">
            {move || t(DashboardText::Dashboard)}
        </h1>
        <div class="dashboard">
            <Filters
                filter=filter
                today=today
                sites=sites
                agents=agents
                report_groups=report_groups
            />
            <Results stem="dashboard" loading=loading>
                {failure}
                {period_line}
                <Show when=move || data.with(Option::is_some)>
                    <Kpis data=data/>
                    <DayCharts data=data/>
                    <Breakdown data=data agents=agent_list/>
                </Show>
            </Results>
            <p id="dashboard-download-status" class="status-line visually-hidden" role="status">
                {move || (downloads.get() > 0).then(|| t(DashboardText::Downloaded))}
            </p>
            <ForecastSection url=forecast_url/>
        </div>
    }
}
