//! The breakdowns: the period's figures per team (`by_group`) and per agent (`by_agent`,
//! named from `GET /agents`), the busiest first, each with its CSV.

use leptos::prelude::*;

use super::figure::{CsvButton, DataTable};
use super::loaded::Loaded;
use crate::dashboard_data::{Agent, Report, agent_name};
use crate::dashboard_tables::{self as tables, Table};
use crate::i18n::DashboardText;
use crate::state::Console;

/// Rows named and sorted: the most tickets first, then by name.
fn sorted(mut rows: Vec<(String, String, Report)>) -> Vec<(String, String, Report)> {
    rows.sort_by(|a, b| b.2.tickets.cmp(&a.2.tickets).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// `section#dashboard-breakdown` with `table#dashboard-teams` and `table#dashboard-agents`
/// (or `#dashboard-teams-empty` / `#dashboard-agents-empty`) and their CSV buttons
/// `#dashboard-teams-csv`, `#dashboard-agents-csv`.
#[component]
pub fn Breakdown(
    /// The loaded period.
    data: Memo<Option<Loaded>>,
    /// The agents, for their names (empty while unknown).
    agents: Signal<Vec<Agent>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DashboardText| console.t(text);
    let period = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| (d.period.from.to_string(), d.period.to.to_string()))
                .unwrap_or_default()
        })
    });
    let teams = Signal::derive(move || {
        let locale = console.locale.get();
        data.with(|d| {
            let d = d.as_ref()?;
            let rows = d
                .now
                .by_group
                .iter()
                .map(|(key, report)| (key.clone(), key.clone(), report.clone()))
                .collect();
            Some(tables::breakdown(
                locale,
                DashboardText::Team,
                &sorted(rows),
            ))
        })
    });
    let people = Signal::derive(move || {
        let locale = console.locale.get();
        agents.with(|agents| {
            data.with(|d| {
                let d = d.as_ref()?;
                let rows = d
                    .now
                    .by_agent
                    .iter()
                    .map(|(id, report)| {
                        let name = agent_name(agents, *id);
                        (name.clone(), name, report.clone())
                    })
                    .collect();
                Some(tables::breakdown(
                    locale,
                    DashboardText::Agent,
                    &sorted(rows),
                ))
            })
        })
    });
    let part = move |stem: &'static str,
                     heading: DashboardText,
                     caption: DashboardText,
                     empty: DashboardText,
                     table: Signal<Option<Table>>| {
        let is_empty = move || table.with(|t| t.as_ref().is_none_or(|t| t.rows.is_empty()));
        view! {
            <div class="breakdown-part">
                <h3 id=format!("{stem}-heading")>{move || t(heading)}</h3>
                <Show
                    when=move || !is_empty()
                    fallback=move || {
                        view! { <p id=format!("{stem}-empty") class="empty">{move || t(empty)}</p> }
                    }
                >
                    <DataTable
                        id=stem.to_owned()
                        caption=Signal::derive(move || t(caption).to_owned())
                        table=table
                        class="breakdown"
                    />
                    <div class="chart-actions">
                        <CsvButton
                            id=format!("{stem}-csv")
                            stem=stem
                            period=period
                            table=table
                            describedby=format!("{stem}-caption")
                        />
                    </div>
                </Show>
            </div>
        }
    };
    view! {
        <section id="dashboard-breakdown" class="block" aria-labelledby="dashboard-breakdown-heading">
            <h2 id="dashboard-breakdown-heading">{move || t(DashboardText::Breakdown)}</h2>
            {part(
                "dashboard-teams",
                DashboardText::ByTeam,
                DashboardText::TeamsCaption,
                DashboardText::NoTeams,
                teams,
            )}
            {part(
                "dashboard-agents",
                DashboardText::ByAgent,
                DashboardText::AgentsCaption,
                DashboardText::NoAgents,
                people,
            )}
        </section>
    }
}
