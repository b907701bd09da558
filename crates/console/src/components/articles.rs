//! The articles list: search as you type, language and status filters, 20 a page. The filters
//! live in the address (`Route::Articles`), so reload and Back keep them; this screen only
//! reads them, asks the server, and shows the newest answer.

use ayuda_api::{Article, ArticleList, ArticleStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{Failure, RouteLink};
use crate::api::{self, ApiError};
use crate::dom;
use crate::filters::ArticleFilter;
use crate::i18n::{EditorText, Locale, Text, language_name, showing, status_text};
use crate::paging;
use crate::route::Route;
use crate::state::{Console, Flash};

#[component]
pub fn ArticlesScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Articles(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loading = RwSignal::new(true);
    let answer = RwSignal::new(None::<Result<ArticleList, ApiError>>);
    // "Article deleted." when the editor sent the user here after deleting one.
    let deleted = console.flash.get_untracked() == Some(Flash::Deleted);
    if deleted {
        console.flash.set(None);
    }
    // The page the shown answer is for (the address may already be on the next).
    let answered_page = RwSignal::new(1u32);
    let retries = RwSignal::new(0u32);
    // The number of the newest request: an answer to an older one is dropped.
    let latest = StoredValue::new(0u64);

    Effect::new(move |_| {
        retries.track();
        let Some(filter) = filter.get() else {
            return;
        };
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        loading.set(true);
        spawn_local(async move {
            let result = console.check(api::articles(&filter).await);
            // Stale (a newer request is out) or the screen is gone.
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            loading.set(false);
            answered_page.set(filter.page);
            answer.set(Some(result));
        });
    });

    let forbidden = move || answer.with(|a| matches!(a, Some(Err(ApiError::Forbidden))));
    let results = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(ApiError::Forbidden)) => view! {
                <p id="articles-forbidden" class="notice">
                    {move || t(Text::ArticlesForbidden)}
                </p>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <Failure
                    id="articles-error"
                    what=Text::ArticlesFailed
                    error=*error
                    retry=Callback::new(move |()| retries.update(|n| *n += 1))
                />
            }
            .into_any(),
            Some(Ok(list)) if list.articles.is_empty() => view! {
                <p id="articles-empty" class="empty">{move || t(Text::NoArticles)}</p>
            }
            .into_any(),
            Some(Ok(list)) => view! { <ArticleTable articles=list.articles.clone()/> }.into_any(),
        })
    };
    let page = Signal::derive(move || filter.get().map_or(1, |f| f.page));
    let counts = Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Ok(list)) if !list.articles.is_empty() => Some((
                paging::total(list.total),
                list.articles.len(),
                answered_page.get(),
            )),
            _ => None,
        })
    });

    view! {
        <div class="heading-row">
            <h1 tabindex="-1">{move || t(Text::Articles)}</h1>
            <Show when=move || !forbidden()>
                <RouteLink to=Route::NewArticle id="new-article" class="button primary">
                    {move || console.t(EditorText::NewArticle)}
                </RouteLink>
            </Show>
        </div>
        <p id="articles-notice" class="notice" role="status">
            {deleted.then_some(move || console.t(EditorText::ArticleDeleted))}
        </p>
        <Show when=move || !forbidden()>
            <Filters filter=filter/>
        </Show>
        <div
            id="articles-results"
            class="results"
            aria-busy=move || if loading.get() { "true" } else { "false" }
        >
            <p id="articles-status" class="status-line" role="status">
                {move || loading.get().then(|| t(Text::Loading))}
            </p>
            {results}
            <Show when=move || counts.get().is_some()>
                <Pager page=page counts=counts/>
            </Show>
        </div>
    }
}

/// The search box and the two selects. Each change is a new address.
#[component]
fn Filters(
    /// The filter in the address (`None` while the screen is leaving).
    filter: Memo<Option<ArticleFilter>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let current = move || filter.get_untracked().unwrap_or_default();
    // The box keeps what is typed; the address follows it (replaced, not pushed: one history
    // entry per search, not per key) and, on Back or Forward, the box follows the address.
    let text = RwSignal::new(current().q);
    Effect::new(move |_| {
        if let Some(filter) = filter.get()
            && text.get_untracked() != filter.q
        {
            text.set(filter.q);
        }
    });
    let locale = move || filter.get().and_then(|f| f.locale);
    let status = move || filter.get().and_then(|f| f.status);

    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="field grow">
                <label for="article-search">{move || t(Text::SearchArticles)}</label>
                <input
                    type="search"
                    id="article-search"
                    name="q"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        text.set(typed.clone());
                        console.replace(Route::Articles(current().with_q(&typed)));
                    }
                />
            </div>
            <div class="field">
                <label for="article-locale">{move || t(Text::Language)}</label>
                <select
                    id="article-locale"
                    name="locale"
                    on:change=move |ev| {
                        let locale = Locale::parse(&event_target_value(&ev));
                        console.navigate(Route::Articles(current().with_locale(locale)));
                    }
                >
                    <option value="" prop:selected=move || locale().is_none()>
                        {move || t(Text::AllLanguages)}
                    </option>
                    {Locale::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option
                                    value=option.tag()
                                    prop:selected=move || locale() == Some(option)
                                >
                                    {move || language_name(console.locale.get(), option.tag())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="article-status">{move || t(Text::Status)}</label>
                <select
                    id="article-status"
                    name="status"
                    on:change=move |ev| {
                        let status = ArticleStatus::parse(&event_target_value(&ev));
                        console.navigate(Route::Articles(current().with_status(status)));
                    }
                >
                    <option value="" prop:selected=move || status().is_none()>
                        {move || t(Text::AllStatuses)}
                    </option>
                    {[ArticleStatus::Draft, ArticleStatus::Published, ArticleStatus::Archived]
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option
                                    value=option.as_str()
                                    prop:selected=move || status() == Some(option)
                                >
                                    {move || t(status_text(option))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}

/// One page of articles.
#[component]
fn ArticleTable(
    /// The server's answer for this page.
    articles: Vec<Article>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let rows = articles.into_iter().map(article_row).collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="articles-caption">
            <table class="articles">
                <caption id="articles-caption">{move || t(Text::ArticlesCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(Text::Title)}</th>
                        <th scope="col">{move || t(Text::Language)}</th>
                        <th scope="col">{move || t(Text::Status)}</th>
                        <th scope="col" class="num">{move || t(Text::Views)}</th>
                        <th scope="col" class="num">{move || t(Text::HelpfulVotes)}</th>
                        <th scope="col">{move || t(Text::LastUpdate)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// "Showing 21–40 of 57" and the page buttons. It stays mounted from page to page (the
/// buttons keep the focus), and the buttons follow the page in the address at once: the one
/// pressed may become disabled, and then the focus moves to the other.
#[component]
fn Pager(
    /// The page in the address.
    page: Signal<u32>,
    /// The newest list's total and the rows it shows on its page.
    counts: Signal<Option<(u64, usize, u32)>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let total = move || counts.get().map_or(0, |(total, _, _)| total);
    let range = move || {
        let (total, rows, answered_page) = counts.get()?;
        let shown = paging::shown(answered_page, rows, total)?;
        Some(showing(
            console.locale.get(),
            shown.first,
            shown.last,
            shown.total,
        ))
    };
    let go = move |to: u32| {
        let Some(filter) = console.route.with_untracked(|route| match route {
            Route::Articles(filter) => Some(filter.with_page(to)),
            _ => None,
        }) else {
            return;
        };
        let total = counts.get_untracked().map_or(0, |(total, _, _)| total);
        console.navigate(Route::Articles(filter));
        leptos::prelude::request_animation_frame(move || {
            if !paging::has_previous(to) {
                dom::focus_id("articles-next");
            } else if !paging::has_next(to, total) {
                dom::focus_id("articles-prev");
            }
        });
    };
    view! {
        <div class="pager">
            <p id="articles-range">{range}</p>
            <nav aria-label=move || t(Text::Pages)>
                <button
                    type="button"
                    id="articles-prev"
                    class="button"
                    disabled=move || !paging::has_previous(page.get())
                    on:click=move |_| go(page.get_untracked().saturating_sub(1))
                >
                    {move || t(Text::Previous)}
                </button>
                <button
                    type="button"
                    id="articles-next"
                    class="button"
                    disabled=move || !paging::has_next(page.get(), total())
                    on:click=move |_| go(page.get_untracked().saturating_add(1))
                >
                    {move || t(Text::Next)}
                </button>
            </nav>
        </div>
    }
}

fn article_row(article: Article) -> impl IntoView {
    let console = expect_context::<Console>();
    let Article {
        id,
        title,
        locale,
        status,
        views,
        helpful,
        not_helpful,
        updated_at,
        ..
    } = article;
    let updated = updated_at.clone();
    view! {
        <tr data-article-id=id>
            <th scope="row">
                <RouteLink to=Route::Article(id)>{title}</RouteLink>
            </th>
            <td>{move || language_name(console.locale.get(), &locale)}</td>
            <td>
                <span class=format!("badge badge-{}", status.as_str())>
                    {move || console.t(status_text(status))}
                </span>
            </td>
            <td class="num">{views}</td>
            <td class="num">{format!("{helpful} / {not_helpful}")}</td>
            <td>
                <time datetime=updated_at>
                    {move || dom::format_time(&updated, console.locale.get(), false)}
                </time>
            </td>
        </tr>
    }
}
