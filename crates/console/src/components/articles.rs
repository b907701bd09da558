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

use super::common::RouteLink;
use super::load::{Latest, Results, failed};
use super::pages::{PageCounts, Pager};
use crate::api::{self, ApiError};
use crate::bulk::{PageSelection, page_selection};
use crate::dom;
use crate::filters::ArticleFilter;
use crate::i18n::{EditorText, PublishingText, Text, helpful_votes, language_name, status_text};
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
    let latest = Latest::new();
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
        let page = filter.page;
        latest.load(
            console,
            loading,
            async move { api::articles(&filter).await },
            move |result| {
                answered_page.set(page);
                answer.set(Some(result));
            },
        );
    });

    let forbidden = move || answer.with(|a| matches!(a, Some(Err(ApiError::Forbidden))));
    let results = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                Some("articles-forbidden"),
                "articles-error",
                Text::ArticlesFailed,
                Callback::new(move |()| retries.update(|n| *n += 1)),
            ),
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
            Some(Ok(list)) if !list.articles.is_empty() => Some(PageCounts {
                total: paging::total(list.total),
                rows: list.articles.len(),
                page: answered_page.get(),
            }),
            _ => None,
        })
    });
    let go = Callback::new(move |to: u32| {
        if let Some(filter) = filter.get_untracked() {
            console.navigate(Route::Articles(filter.with_page(to)));
        }
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
        <Results stem="articles" loading=loading>
            {results}
            <Show when=move || counts.get().is_some()>
                <Pager prefix="articles" page=page counts=counts go=go/>
            </Show>
        </Results>
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
