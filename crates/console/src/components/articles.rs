//! The articles list: search as you type, filters (language, status, tag, site, owner, due
//! for review, missing translation), 20 a page, and bulk actions on the selected rows. The
//! filters live in the address (`Route::Articles`), so reload and Back keep them; this screen
//! only reads them, asks the server, and shows the newest answer. Its parts: `filters` (the
//! form) and `bulk` (the bulk bar).

mod bulk;
mod filters;

use std::collections::BTreeSet;

use ayuda_api::{Article, ArticleList, Site};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{Failure, RouteLink};
use crate::api::{self, ApiError};
use crate::bulk::{PageSelection, page_selection};
use crate::dom;
use crate::filters::ArticleFilter;
use crate::i18n::{
    EditorText, PublishingText, Text, helpful_votes, language_name, showing, status_text,
};
use crate::paging;
use crate::route::Route;
use crate::seed::ArticleSeed;
use crate::state::{Console, Flash};
use bulk::BulkBar;
use filters::Filters;

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
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    let sites = RwSignal::new(None::<Result<Vec<Site>, ApiError>>);
    spawn_local(async move {
        let result = console.check(api::editorial::sites().await);
        let _ = sites.try_set(Some(result));
    });
    // Another filter or page: a selection is of the rows one sees.
    Effect::new(move |previous: Option<Option<ArticleFilter>>| {
        let now = filter.get();
        if previous.is_some_and(|previous| previous != now) {
            selected.set(BTreeSet::new());
        }
        now
    });

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
            Some(Ok(list)) => {
                view! { <ArticleTable articles=list.articles.clone() selected=selected/> }
                    .into_any()
            }
        })
    };
    let rows = Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Ok(list)) => list
                .articles
                .iter()
                .map(|a| (a.id, a.title.clone()))
                .collect(),
            _ => Vec::new(),
        })
    });
    let seen_sites = Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Ok(list)) => list
                .articles
                .iter()
                .flat_map(|a| a.sites.iter().cloned())
                .collect(),
            _ => Vec::new(),
        })
    });
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
                <RouteLink
                    to=Route::NewArticle(ArticleSeed::default())
                    id="new-article"
                    class="button primary"
                >
                    {move || console.t(EditorText::NewArticle)}
                </RouteLink>
            </Show>
        </div>
        <p id="articles-notice" class="notice" role="status">
            {deleted.then_some(move || console.t(EditorText::ArticleDeleted))}
        </p>
        <Show when=move || !forbidden()>
            <Filters filter=filter sites=sites seen_sites=seen_sites/>
            <BulkBar
                rows=rows
                selected=selected
                reload=Callback::new(move |()| retries.update(|n| *n += 1))
            />
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

/// One page of articles, each row with its selection box.
#[component]
fn ArticleTable(
    /// The server's answer for this page.
    articles: Vec<Article>,
    /// The selected articles.
    selected: RwSignal<BTreeSet<i64>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let all = StoredValue::new(ids);
    let state = move || all.with_value(|ids| selected.with(|s| page_selection(ids, s)));
    let select_all = move |ev| {
        let on = event_target_checked(&ev);
        all.with_value(|ids| {
            selected.update(|s| {
                for id in ids {
                    if on {
                        s.insert(*id);
                    } else {
                        s.remove(id);
                    }
                }
            });
        });
    };
    let rows = articles
        .into_iter()
        .map(|article| article_row(article, selected))
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="articles-caption">
            <table class="articles">
                <caption id="articles-caption">{move || t(Text::ArticlesCaption)}</caption>
                <thead>
                    <tr>
                        // A cell, not a header: the box is labelled, and heads no column.
                        <td class="select">
                            <input
                                type="checkbox"
                                id="select-all"
                                aria-label=move || t(PublishingText::SelectAll.into())
                                prop:checked=move || state() == PageSelection::All
                                prop:indeterminate=move || state() == PageSelection::Some
                                on:change=select_all
                            />
                        </td>
                        <th scope="col">{move || t(Text::Title)}</th>
                        <th scope="col">{move || t(Text::Language)}</th>
                        <th scope="col">{move || t(Text::Status)}</th>
                        <th scope="col" class="num">{move || t(Text::Views)}</th>
                        <th scope="col" class="num">{move || t(PublishingText::HelpfulColumn.into())}</th>
                        <th scope="col">{move || t(PublishingText::Owner.into())}</th>
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

fn article_row(article: Article, selected: RwSignal<BTreeSet<i64>>) -> impl IntoView {
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
        owner,
        ..
    } = article;
    let updated = updated_at.clone();
    let link_id = format!("article-link-{id}");
    let votes = move || {
        helpful_votes(console.locale.get(), helpful, not_helpful)
            .unwrap_or_else(|| console.t(PublishingText::NoVotes).to_owned())
    };
    let owner = match owner.filter(|o| !o.trim().is_empty()) {
        Some(owner) => view! { <td class="owner">{owner}</td> }.into_any(),
        None => view! {
            <td class="owner muted">{move || console.t(PublishingText::Nobody)}</td>
        }
        .into_any(),
    };
    view! {
        <tr data-article-id=id>
            <td class="select">
                <input
                    type="checkbox"
                    class="select-article"
                    data-article-id=id
                    aria-labelledby=link_id.clone()
                    prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| {
                            if on {
                                s.insert(id);
                            } else {
                                s.remove(&id);
                            }
                        });
                    }
                />
            </td>
            <th scope="row">
                <RouteLink to=Route::Article(id) id=link_id>
                    {title}
                </RouteLink>
            </th>
            <td>{move || language_name(console.locale.get(), &locale)}</td>
            <td>
                <span class=format!("badge badge-{}", status.as_str())>
                    {move || console.t(status_text(status))}
                </span>
            </td>
            <td class="num">{views}</td>
            <td class="num">{votes}</td>
            {owner}
            <td>
                <time datetime=updated_at>
                    {move || dom::format_time(&updated, console.locale.get(), true)}
                </time>
            </td>
        </tr>
    }
}
