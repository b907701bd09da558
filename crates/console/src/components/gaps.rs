//! Content gaps (`/console/gaps?site=&since=&until=`): over a period (the last 7, 30 or 90
//! days, or chosen days) and a site, the searches that found nothing (each with "Write an
//! article for this"), the articles voted unhelpful and the articles nobody has opened.
//!
//! Only admins may list the sites (`GET /api/v1/sites`); editors see the default site's gaps.

use ayuda_api::{ContentGaps, GapArticle, GapQuery, Role, Site};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::RouteLink;
use super::load::{Latest, Results, failed};
use super::overview::{AddressLink, today};
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{EditorialText, Text, language_name, last_days, period_shown};
use crate::period::{Day, GapFilter, Preset, gaps_api_url};
use crate::route::Route;
use crate::seed;
use crate::state::Console;

/// The period select's value for custom dates.
const CUSTOM: &str = "custom";

/// The API's address for `filter`: its days turned into instants in the browser's time zone.
fn api_url(filter: &GapFilter) -> String {
    let since = filter
        .since
        .and_then(|day| dom::local_to_utc(&day.local_start()));
    let until = filter
        .until
        .and_then(|day| dom::local_to_utc(&day.local_end()));
    gaps_api_url(filter.site.as_deref(), since.as_deref(), until.as_deref())
}

#[component]
pub fn GapsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Gaps(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loading = RwSignal::new(true);
    let answer = RwSignal::new(None::<Result<ContentGaps, ApiError>>);
    let retries = RwSignal::new(0u32);
    let latest = Latest::new();

    Effect::new(move |_| {
        retries.track();
        let Some(filter) = filter.get() else {
            return;
        };
        // The server refuses a period that ends before it starts; the form says so instead.
        if !filter.is_ordered() {
            loading.set(false);
            answer.set(None);
            return;
        }
        let url = api_url(&filter);
        latest.load(
            console,
            loading,
            async move { api::editorial::content_gaps(&url).await },
            move |result| answer.set(Some(result)),
        );
    });

    let results = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                Some("gaps-forbidden"),
                "gaps-error",
                EditorialText::GapsFailed.into(),
                Callback::new(move |()| retries.update(|n| *n += 1)),
            ),
            Some(Ok(gaps)) => {
                let (since, until) = (gaps.since.clone(), gaps.until.clone());
                view! {
                    <p id="gaps-period-shown" class="lead">
                        {move || {
                            let locale = console.locale.get();
                            period_shown(
                                locale,
                                &dom::format_time(&since, locale, false),
                                &dom::format_time(&until, locale, false),
                            )
                        }}
                    </p>
                    <QuerySection
                        stem="gaps-no-results"
                        heading=EditorialText::NoResultsHeading
                        caption=EditorialText::NoResultsCaption
                        empty=EditorialText::NoNoResults
                        queries=gaps.no_results.clone()
                    />
                    <QuerySection
                        stem="gaps-followed-by-ticket"
                        heading=EditorialText::FollowedHeading
                        caption=EditorialText::FollowedCaption
                        empty=EditorialText::NoFollowed
                        queries=gaps.followed_by_ticket.clone()
                    />
                    <ArticleSection
                        stem="gaps-unhelpful"
                        heading=EditorialText::UnhelpfulHeading
                        caption=EditorialText::UnhelpfulCaption
                        empty=EditorialText::NoUnhelpful
                        articles=gaps.unhelpful.clone()
                        votes=true
                    />
                    <ArticleSection
                        stem="gaps-never-opened"
                        heading=EditorialText::NeverOpenedHeading
                        caption=EditorialText::NeverOpenedCaption
                        empty=EditorialText::NoNeverOpened
                        articles=gaps.never_opened.clone()
                        votes=false
                    />
                }
                .into_any()
            }
        })
    };

    view! {
        <h1 tabindex="-1">{move || t(EditorialText::ContentGaps)}</h1>
        <PeriodForm filter=filter/>
        <Results stem="gaps" loading=loading>
            {results}
        </Results>
    }
}

/// The site (for admins) and the period. Each change is a new address.
#[component]
fn PeriodForm(
    /// The filter in the address (`None` while the screen is leaving).
    filter: Memo<Option<GapFilter>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let today = today();
    let current = move || filter.get_untracked().unwrap_or_default();
    let sites = RwSignal::new(None::<Result<Vec<Site>, ApiError>>);
    if console
        .session()
        .is_some_and(|s| s.user.role == Role::Admin)
    {
        spawn_local(async move {
            let result = console.check(api::editorial::sites().await);
            let _ = sites.try_set(Some(result));
        });
    }
    let preset = move || filter.get().and_then(|f| f.preset(today));
    let custom = move || filter.get().is_some() && preset().is_none();
    let shown_days = move || filter.get().unwrap_or_default().shown_days(today);
    let site = move || filter.get().and_then(|f| f.site);
    let ordered = move || filter.get().is_none_or(|f| f.is_ordered());
    let pick_day = move |since: bool| {
        move |ev| {
            let day = Day::parse(&event_target_value(&ev));
            let filter = current();
            let (first, last) = filter.shown_days(today);
            let next = if since {
                filter.with_days(day, Some(last))
            } else {
                filter.with_days(first, day)
            };
            console.navigate(Route::Gaps(next));
        }
    };
    let site_field = move || {
        sites.with(|sites| match sites {
            Some(Ok(sites)) if !sites.is_empty() => {
                let options = sites
                    .iter()
                    .map(|option| {
                        let key = option.key.clone();
                        let selected = key.clone();
                        view! {
                            <option
                                value=key
                                prop:selected=move || site().as_deref() == Some(selected.as_str())
                            >
                                {option.name.clone()}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="field">
                        <label for="gaps-site">{move || t(EditorialText::Site)}</label>
                        <select
                            id="gaps-site"
                            name="site"
                            on:change=move |ev| {
                                let key = event_target_value(&ev);
                                let key = (!key.is_empty()).then_some(key);
                                console.navigate(Route::Gaps(current().with_site(key)));
                            }
                        >
                            <option value="" prop:selected=move || site().is_none()>
                                {move || t(EditorialText::DefaultSite)}
                            </option>
                            {options}
                        </select>
                    </div>
                }
                .into_any()
            }
            Some(Err(_)) => view! {
                <p id="gaps-sites-error" class="hint">{move || t(EditorialText::SitesFailed)}</p>
            }
            .into_any(),
            _ => ().into_any(),
        })
    };

    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            {site_field}
            <div class="field">
                <label for="gaps-period">{move || t(EditorialText::Period)}</label>
                <select
                    id="gaps-period"
                    name="period"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let filter = current();
                        let next = match Preset::parse(&value) {
                            Some(preset) => filter.with_preset(preset, today),
                            None => {
                                let (first, last) = filter.shown_days(today);
                                filter.with_days(first, Some(last))
                            }
                        };
                        console.navigate(Route::Gaps(next));
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
                        {move || t(EditorialText::CustomDates)}
                    </option>
                </select>
            </div>
            <Show when=custom>
                <div class="field">
                    <label for="gaps-since">{move || t(EditorialText::FromDay)}</label>
                    <input
                        type="date"
                        id="gaps-since"
                        name="since"
                        prop:value=move || shown_days().0.map(|d| d.to_string()).unwrap_or_default()
                        aria-invalid=move || (!ordered()).then_some("true")
                        aria-describedby="gaps-period-error"
                        on:change=pick_day(true)
                    />
                </div>
                <div class="field">
                    <label for="gaps-until">{move || t(EditorialText::ToDay)}</label>
                    <input
                        type="date"
                        id="gaps-until"
                        name="until"
                        prop:value=move || shown_days().1.to_string()
                        aria-invalid=move || (!ordered()).then_some("true")
                        aria-describedby="gaps-period-error"
                        on:change=pick_day(false)
                    />
                </div>
            </Show>
        </form>
        <p id="gaps-period-error" class="error" role="alert">
            {move || (!ordered()).then(|| t(EditorialText::PeriodOrder))}
        </p>
    }
}

/// Searches (that found nothing, or followed by a ticket), each with "Write an article for
/// this".
#[component]
fn QuerySection(
    /// The ids' stem: the table's id, `{stem}-heading`, `{stem}-caption`, `{stem}-empty`.
    stem: &'static str,
    heading: EditorialText,
    caption: EditorialText,
    empty: EditorialText,
    /// The queries, the most frequent first.
    queries: Vec<GapQuery>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let table = (!queries.is_empty()).then(|| {
        let rows = queries
            .into_iter()
            .enumerate()
            .map(|(n, gap)| {
                let cell = format!("{stem}-query-{n}");
                let locale = gap.locale.clone();
                let language = gap.locale.clone();
                view! {
                    <tr data-query=gap.query.clone() data-locale=gap.locale.clone()>
                        <th scope="row" id=cell.clone()>
                            <span lang=locale>{gap.query.clone()}</span>
                        </th>
                        <td>{move || language_name(console.locale.get(), &language)}</td>
                        <td class="num">{gap.count}</td>
                        <td>
                            <AddressLink
                                href=seed::write_for_query_href(&gap.query, &gap.locale)
                                class="button write-article"
                                describedby=cell
                            >
                                {move || t(EditorialText::WriteArticle)}
                            </AddressLink>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let head = view! {
            <th scope="col">{move || t(EditorialText::SearchQuery)}</th>
            <th scope="col">{move || console.t(Text::Language)}</th>
            <th scope="col" class="num">{move || t(EditorialText::Times)}</th>
            <th scope="col">{move || console.t(crate::i18n::EditorText::Actions)}</th>
        };
        (head.into_any(), rows.into_any())
    });
    gap_section(stem, heading, caption, empty, table)
}

/// A section of articles (voted unhelpful, or never opened), each linking to its editor.
#[component]
fn ArticleSection(
    /// The ids' stem: the table's id, `{stem}-heading`, `{stem}-caption`, `{stem}-empty`.
    stem: &'static str,
    /// The section's heading.
    heading: EditorialText,
    /// The table's caption.
    caption: EditorialText,
    /// What an empty section says.
    empty: EditorialText,
    /// The articles.
    articles: Vec<GapArticle>,
    /// Whether to show the votes.
    votes: bool,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let table = (!articles.is_empty()).then(|| {
        let rows = articles
            .into_iter()
            .map(|article| {
                let locale = article.locale.clone();
                let language = article.locale.clone();
                view! {
                    <tr data-article-id=article.id>
                        <th scope="row">
                            <RouteLink to=Route::Article(article.id)>
                                <span lang=locale>{article.title.clone()}</span>
                            </RouteLink>
                        </th>
                        <td>{move || language_name(console.locale.get(), &language)}</td>
                        {votes
                            .then(|| {
                                view! {
                                    <td class="num helpful">{article.helpful}</td>
                                    <td class="num not-helpful">{article.not_helpful}</td>
                                }
                            })}
                    </tr>
                }
            })
            .collect_view();
        let head = view! {
            <th scope="col">{move || console.t(Text::Title)}</th>
            <th scope="col">{move || console.t(Text::Language)}</th>
            {votes
                .then(|| {
                    view! {
                        <th scope="col" class="num">{move || t(EditorialText::Helpful)}</th>
                        <th scope="col" class="num">{move || t(EditorialText::NotHelpful)}</th>
                    }
                })}
        };
        (head.into_any(), rows.into_any())
    });
    gap_section(stem, heading, caption, empty, table)
}

/// One of the gaps' sections: `h2#{stem}-heading` over the table `#{stem}` (its header cells
/// and rows given, captioned `#{stem}-caption`), or `#{stem}-empty` when there are no rows.
fn gap_section(
    stem: &'static str,
    heading: EditorialText,
    caption: EditorialText,
    empty: EditorialText,
    table: Option<(AnyView, AnyView)>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let table = match table {
        None => view! { <p id=format!("{stem}-empty") class="empty">{move || t(empty)}</p> }
            .into_any(),
        Some((head, rows)) => view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{stem}-caption")>
                <table id=stem class="gaps">
                    <caption id=format!("{stem}-caption")>{move || t(caption)}</caption>
                    <thead>
                        <tr>{head}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any(),
    };
    view! {
        <section class="block" aria-labelledby=format!("{stem}-heading")>
            <h2 id=format!("{stem}-heading")>{move || t(heading)}</h2>
            {table}
        </section>
    }
}
