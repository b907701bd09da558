//! The dashboard's period (a preset or chosen days), site, team and agent. Each change is a
//! new address (`Route::Dashboard`), so Back steps through what was looked at.

use ayuda_api::Site;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::dashboard_data::{Agent, group_keys};
use crate::dashboard_query::{DashboardFilter, PeriodProblem};
use crate::i18n::{DashboardText, last_days};
use crate::period::{Day, Preset};
use crate::route::Route;
use crate::state::Console;

/// The period select's value for chosen days.
const CUSTOM: &str = "custom";

/// `form#dashboard-filters` and `#dashboard-period-error[role=alert]`.
#[component]
pub fn Filters(
    /// The filter in the address (`None` while the screen is leaving).
    filter: Memo<Option<DashboardFilter>>,
    /// Today, in the browser's time zone.
    today: Day,
    /// The sites (`None` while loading).
    sites: RwSignal<Option<Result<Vec<Site>, ApiError>>>,
    /// The agents (`None` while loading).
    agents: RwSignal<Option<Result<Vec<Agent>, ApiError>>>,
    /// Group keys the loaded report has (teams with tickets but no agent).
    report_groups: Signal<Vec<String>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DashboardText| console.t(text);
    let current = move || filter.get_untracked().unwrap_or_default();
    let go = move |next: DashboardFilter| console.navigate(Route::Dashboard(next));
    let preset = move || filter.get().and_then(|f| f.preset());
    let custom = move || filter.get().is_some_and(|f| f.is_custom());
    let problem = move || filter.get().and_then(|f| f.period(today).err());
    // The days shown in the date fields: the period's, else what the address holds.
    let shown = move || {
        let filter = filter.get().unwrap_or_default();
        match filter.period(today) {
            Ok(period) => (Some(period.from), Some(period.to)),
            Err(_) => (Day::parse(&filter.from), Day::parse(&filter.to)),
        }
    };
    let pick_day = move |first: bool| {
        move |ev| {
            let day = Day::parse(&event_target_value(&ev));
            let (from, to) = shown();
            let next = if first {
                current().with_days(day, to)
            } else {
                current().with_days(from, day)
            };
            go(next);
        }
    };
    let site = move || filter.get().map(|f| f.site).unwrap_or_default();
    let group = move || filter.get().map(|f| f.group).unwrap_or_default();
    let agent = move || filter.get().map(|f| f.agent).unwrap_or_default();

    let site_options = move || {
        let chosen = site();
        let mut options: Vec<(String, String)> = sites.with(|sites| match sites {
            Some(Ok(sites)) => sites
                .iter()
                .map(|s| (s.key.clone(), s.name.clone()))
                .collect(),
            _ => Vec::new(),
        });
        if !chosen.is_empty() && !options.iter().any(|(key, _)| *key == chosen) {
            options.push((chosen.clone(), chosen.clone()));
        }
        options
            .into_iter()
            .map(|(key, name)| {
                let selected = key == chosen;
                view! { <option value=key prop:selected=selected>{name}</option> }
            })
            .collect_view()
    };
    let group_options = move || {
        let chosen = group();
        let extra = report_groups.get();
        let mut keys = agents.with(|agents| {
            let known: &[Agent] = match agents {
                Some(Ok(agents)) => agents,
                _ => &[],
            };
            group_keys(known, extra.iter().map(String::as_str))
        });
        if !chosen.is_empty() && !keys.contains(&chosen) {
            keys.push(chosen.clone());
        }
        keys.into_iter()
            .map(|key| {
                let selected = key == chosen;
                view! { <option value=key.clone() prop:selected=selected>{key.clone()}</option> }
            })
            .collect_view()
    };
    let agent_options = move || {
        let chosen = agent();
        let mut options: Vec<(String, String)> = agents.with(|agents| match agents {
            Some(Ok(agents)) => {
                let mut list: Vec<(String, String)> = agents
                    .iter()
                    .map(|a| (a.user_id.to_string(), a.name().to_owned()))
                    .collect();
                list.sort_by_key(|(_, name)| name.to_lowercase());
                list
            }
            _ => Vec::new(),
        });
        if !chosen.is_empty() && !options.iter().any(|(id, _)| *id == chosen) {
            options.push((chosen.clone(), format!("#{chosen}")));
        }
        options
            .into_iter()
            .map(|(id, name)| {
                let selected = id == chosen;
                view! { <option value=id prop:selected=selected>{name}</option> }
            })
            .collect_view()
    };
    let narrowed = move || {
        filter
            .get()
            .is_some_and(|f| f.is_narrowed() || !f.group.is_empty())
    };

    view! {
        <form
            id="dashboard-filters"
            class="filters dashboard-filters"
            aria-label=move || t(DashboardText::Filters)
            on:submit=|ev| ev.prevent_default()
        >
            <div class="field">
                <label for="dashboard-period">{move || t(DashboardText::Period)}</label>
                <select
                    id="dashboard-period"
                    name="period"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let next = match Preset::parse(&value) {
                            Some(preset) => current().with_preset(preset),
                            None => {
                                let (from, to) = shown();
                                current().with_days(from, to.or(Some(today)))
                            }
                        };
                        go(next);
                    }
                >
                    {Preset::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option value=option.key() prop:selected=move || preset() == Some(option)>
                                    {move || last_days(console.locale.get(), option.days())}
                                </option>
                            }
                        })
                        .collect_view()}
                    <option value=CUSTOM prop:selected=custom>
                        {move || t(DashboardText::CustomDates)}
                    </option>
                </select>
            </div>
            <Show when=custom>
                <div class="field">
                    <label for="dashboard-from">{move || t(DashboardText::FromDay)}</label>
                    <input
                        type="date"
                        id="dashboard-from"
                        name="from"
                        max=move || shown().1.map(|d| d.to_string())
                        prop:value=move || shown().0.map(|d| d.to_string()).unwrap_or_default()
                        aria-invalid=move || problem().map(|_| "true")
                        aria-describedby="dashboard-period-error"
                        on:change=pick_day(true)
                    />
                </div>
                <div class="field">
                    <label for="dashboard-to">{move || t(DashboardText::ToDay)}</label>
                    <input
                        type="date"
                        id="dashboard-to"
                        name="to"
                        min=move || shown().0.map(|d| d.to_string())
                        prop:value=move || shown().1.map(|d| d.to_string()).unwrap_or_default()
                        aria-invalid=move || problem().map(|_| "true")
                        aria-describedby="dashboard-period-error"
                        on:change=pick_day(false)
                    />
                </div>
            </Show>
            <div class="field">
                <label for="dashboard-site">{move || t(DashboardText::Site)}</label>
                <select
                    id="dashboard-site"
                    name="site"
                    on:change=move |ev| go(current().with_site(&event_target_value(&ev)))
                >
                    <option value="" prop:selected=move || site().is_empty()>
                        {move || t(DashboardText::DefaultSite)}
                    </option>
                    {site_options}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-group">{move || t(DashboardText::Team)}</label>
                <select
                    id="dashboard-group"
                    name="group"
                    on:change=move |ev| go(current().with_group(&event_target_value(&ev)))
                >
                    <option value="" prop:selected=move || group().is_empty()>
                        {move || t(DashboardText::AllTeams)}
                    </option>
                    {group_options}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-agent">{move || t(DashboardText::Agent)}</label>
                <select
                    id="dashboard-agent"
                    name="agent"
                    on:change=move |ev| go(current().with_agent(&event_target_value(&ev)))
                >
                    <option value="" prop:selected=move || agent().is_empty()>
                        {move || t(DashboardText::AllAgents)}
                    </option>
                    {agent_options}
                </select>
            </div>
            <Show when=narrowed>
                <button
                    type="button"
                    id="dashboard-clear"
                    class="button"
                    on:click=move |_| {
                        go(current().with_site("").with_group("").with_agent(""));
                        crate::dom::focus_id("dashboard-site");
                    }
                >
                    {move || t(DashboardText::ClearFilters)}
                </button>
            </Show>
        </form>
        <p id="dashboard-period-error" class="error" role="alert">
            {move || {
                problem()
                    .map(|problem| match problem {
                        PeriodProblem::Order => t(DashboardText::PeriodOrder),
                        PeriodProblem::TooLong => t(DashboardText::PeriodTooLong),
                    })
            }}
        </p>
        <p id="dashboard-lists-error" class="hint">
            {move || sites.with(|s| matches!(s, Some(Err(_)))).then(|| t(DashboardText::SitesFailed))}
            " "
            {move || agents.with(|a| matches!(a, Some(Err(_)))).then(|| t(DashboardText::AgentsFailed))}
        </p>
    }
}
