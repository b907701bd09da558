//! The KPI tiles: each figure of the period, and beside it the change from the previous
//! period in words and signs (`▲ 12 min (worse)`), never in colour alone.

use leptos::prelude::*;

use super::loaded::Loaded;
use crate::dashboard_format::{self as format, Trend};
use crate::dashboard_series::{KPI_GROUPS, Kpi, Note, kpis};
use crate::i18n::{DashboardText, Locale, helpful_of, previous_value, tr};
use crate::state::Console;

fn text(locale: Locale, text: DashboardText) -> &'static str {
    tr(locale, text.into())
}

/// One tile: `li.kpi#kpi-{key}[data-trend=up|down|flat|none][data-improved=true|false]` with
/// `#kpi-{key}-value`, `#kpi-{key}-change`, `#kpi-{key}-previous`, `#kpi-{key}-note`.
fn tile(locale: Locale, kpi: &Kpi, compared: bool) -> impl IntoView + use<> {
    let id = format!("kpi-{}", kpi.key);
    let value = format::value(locale, kpi.kind, kpi.now);
    let change = format::change(locale, kpi.kind, kpi.better, kpi.now, kpi.before);
    let trend = change.as_ref().map_or("none", |c| c.trend.key());
    let improved = change
        .as_ref()
        .and_then(|c| c.improved)
        .map(|better| if better { "true" } else { "false" });
    let change_view = match (&change, kpi.compared && compared) {
        (_, false) => None,
        (None, true) => Some(
            view! {
                <p id=format!("{id}-change") class="kpi-change none">
                    {text(locale, DashboardText::NothingToCompare)}
                </p>
            }
            .into_any(),
        ),
        (Some(change), true) => {
            let (arrow, size) = change
                .text
                .split_once(' ')
                .unwrap_or(("", change.text.as_str()));
            let direction = match change.trend {
                Trend::Up => DashboardText::Up,
                Trend::Down => DashboardText::Down,
                Trend::Flat => DashboardText::Unchanged,
            };
            let size = (change.trend != Trend::Flat).then(|| size.to_owned());
            let verdict = change.improved.map(|better| {
                let word = if better {
                    DashboardText::Better
                } else {
                    DashboardText::Worse
                };
                view! { <span class="verdict">{format!(" ({})", text(locale, word))}</span> }
            });
            Some(
                view! {
                    <p id=format!("{id}-change") class="kpi-change">
                        <span class="visually-hidden">
                            {format!("{}: ", text(locale, DashboardText::ChangeLabel))}
                        </span>
                        <span class="arrow" aria-hidden="true">{arrow.to_owned()}</span>
                        " "
                        <span class=if change.trend == Trend::Flat {
                            ""
                        } else {
                            "visually-hidden"
                        }>{text(locale, direction)}</span>
                        {size.map(|size| format!(" {size}"))}
                        {verdict}
                    </p>
                }
                .into_any(),
            )
        }
    };
    let previous = (kpi.compared && compared && kpi.before.is_some()).then(|| {
        view! {
            <p id=format!("{id}-previous") class="kpi-previous">
                {previous_value(locale, &format::value(locale, kpi.kind, kpi.before))}
            </p>
        }
    });
    let note = kpi.note.map(|note| {
        let words = match note {
            Note::Backlog => text(locale, DashboardText::BacklogNote).to_owned(),
            Note::NotOnServer => text(locale, DashboardText::NotOnServer).to_owned(),
            Note::AllTime => text(locale, DashboardText::AllTimeNote).to_owned(),
            Note::Votes { helpful, votes } => helpful_of(locale, helpful, votes),
        };
        view! { <p id=format!("{id}-note") class="kpi-note">{words}</p> }
    });
    view! {
        <li
            id=id.clone()
            class="kpi"
            data-kpi=kpi.key
            data-trend=trend
            data-improved=improved
        >
            <p class="kpi-label" id=format!("{id}-label")>{text(locale, kpi.label)}</p>
            <p class="kpi-value" id=format!("{id}-value")>{value}</p>
            {change_view}
            {previous}
            {note}
        </li>
    }
}

/// The tiles in their four groups (`h3` each): `section#kpis`.
#[component]
pub fn Kpis(
    /// The loaded period.
    data: Memo<Option<Loaded>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let groups = move || {
        let locale = console.locale.get();
        data.with(|loaded| {
            let loaded = loaded.as_ref()?;
            let tiles = kpis(&loaded.now, loaded.before.as_ref());
            let compared = loaded.before.is_some();
            Some(
                KPI_GROUPS
                    .iter()
                    .map(|group| {
                        let heading = format!("kpis-{}", group_key(*group));
                        let items = tiles
                            .iter()
                            .filter(|kpi| kpi.group == *group)
                            .map(|kpi| tile(locale, kpi, compared))
                            .collect_view();
                        view! {
                            <div class="kpi-group">
                                <h3 id=heading.clone()>{text(locale, *group)}</h3>
                                <ul class="kpi-grid" aria-labelledby=heading>
                                    {items}
                                </ul>
                            </div>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <section id="kpis" class="block" aria-labelledby="kpis-heading">
            <h2 id="kpis-heading">{move || console.t(DashboardText::Summary)}</h2>
            {groups}
        </section>
    }
}

fn group_key(group: DashboardText) -> &'static str {
    match group {
        DashboardText::Volume => "volume",
        DashboardText::Speed => "speed",
        DashboardText::Quality => "quality",
        _ => "self-service",
    }
}
