//! The articles due for review (`/console/reviews?q=&mine=&page=`), the most overdue first:
//! owner, interval, last review and due date (how late, in words), and "Mark as reviewed" on
//! each, after which the row leaves the list. A search keeps those with the text in their title
//! or slug. "Only mine" keeps the signed-in member's articles (the API's `owner`).

use ayuda_api::{Article, ArticleList};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{RouteLink, SearchFilter, failure_text};
use super::load::{Latest, Results, failed};
use super::overview::now_ms;
use super::pages::{PageCounts, Pager};
use crate::api::{self, ApiError, Refusal};
use crate::dom;
use crate::editorial::ReviewFilter;
use crate::i18n::{
    EditorialText, Text, every_days, language_name, marked_reviewed, overdue, server_says,
};
use crate::paging;
use crate::period::{days_late, parse_time_ms};
use crate::route::Route;
use crate::state::Console;

/// The answer, with the filter it is for.
type Answer = (ReviewFilter, Result<ArticleList, ApiError>);

#[component]
pub fn ReviewsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Reviews(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loading = RwSignal::new(true);
    let answer = RwSignal::new(None::<Answer>);
    let retries = RwSignal::new(0u32);
    let latest = Latest::new();
    // Articles marked as reviewed since the answer came: they leave the list.
    let done = RwSignal::new(Vec::<i64>::new());
    // What the last "Mark as reviewed" did.
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<i64>);

    Effect::new(move |_| {
        retries.track();
        let Some(filter) = filter.get() else {
            return;
        };
        let asked = filter.clone();
        let email = console
            .session()
            .map(|session| session.user.email)
            .unwrap_or_default();
        latest.load(
            console,
            loading,
            async move { api::editorial::reviews(&asked, &email).await },
            move |result| {
                done.set(Vec::new());
                answer.set(Some((filter, result)));
            },
        );
    });

    // The rows shown and how many there are in all, without the ones marked meanwhile.
    let shown = Memo::new(move |_| {
        answer.with(|answer| {
            let (filter, Ok(list)) = answer.as_ref()? else {
                return None;
            };
            let done = done.get();
            let rows: Vec<Article> = list
                .articles
                .iter()
                .filter(|article| !done.contains(&article.id))
                .cloned()
                .collect();
            let gone = u64::try_from(done.len()).unwrap_or(0);
            let total = paging::total(list.total).saturating_sub(gone);
            Some((rows, total, filter.page))
        })
    });
    // The page emptied by marking while more are due: the next ones move up, or (past the
    // new last page) the last page is shown.
    Effect::new(move |_| {
        let Some((rows, total, page)) = shown.get() else {
            return;
        };
        if !rows.is_empty() || total == 0 || done.with_untracked(Vec::is_empty) {
            return;
        }
        let last = paging::last_page(total);
        match filter.get_untracked() {
            Some(filter) if page > last => console.navigate(Route::Reviews(filter.with_page(last))),
            // "Mine" is paged here: what is left is already on the earlier pages.
            Some(filter) if filter.mine => {}
            _ => retries.update(|n| *n += 1),
        }
    });

    let mark = Callback::new(move |article: Article| {
        let Some(session) = console.session() else {
            return;
        };
        if pending.get_untracked().is_some() {
            return;
        }
        pending.set(Some(article.id));
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            let result =
                console.check(api::editorial::mark_reviewed(&session.csrf_token, article.id).await);
            // The screen is gone.
            if pending.try_set(None).is_some() {
                return;
            }
            let locale = console.locale.get_untracked();
            match result {
                Ok(updated) => {
                    let next = updated
                        .review_due_at
                        .as_deref()
                        .map(|due| dom::format_time(due, locale, false));
                    notice.set(Some(marked_reviewed(
                        locale,
                        &updated.title,
                        next.as_deref(),
                    )));
                    // The focus goes on to the next row's button, else to the message.
                    let next_button = shown.with_untracked(|shown| {
                        let rows = &shown.as_ref()?.0;
                        let at = rows.iter().position(|a| a.id == article.id)?;
                        rows.get(at + 1)
                            .or_else(|| at.checked_sub(1).and_then(|i| rows.get(i)))
                            .map(|a| a.id)
                    });
                    done.update(|done| done.push(article.id));
                    request_animation_frame(move || {
                        let moved = next_button
                            .is_some_and(|id| dom::focus_id(&format!("mark-reviewed-{id}")));
                        if !moved {
                            dom::focus_id("reviews-notice");
                        }
                    });
                }
                Err(Refusal {
                    error: why,
                    message,
                }) => {
                    let mut text = format!(
                        "{} {}",
                        console.t(EditorialText::MarkFailed),
                        console.t(failure_text(why))
                    );
                    if let Some(message) = message.filter(|_| why == ApiError::InvalidInput) {
                        text = format!("{text} {}", server_says(locale, &message));
                    }
                    error.set(Some(text));
                }
            }
        });
    });

    let results = move || {
        answer.with(|answer| match answer.as_ref().map(|(_, result)| result) {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                Some("reviews-forbidden"),
                "reviews-failed",
                EditorialText::ReviewsFailed.into(),
                Callback::new(move |()| retries.update(|n| *n += 1)),
            ),
            Some(Ok(_)) => view! {
                <Show
                    when=move || shown.with(|s| s.as_ref().is_some_and(|(rows, _, _)| !rows.is_empty()))
                    fallback=move || {
                        let text = filter.with(|f| match f {
                            Some(f) if !f.q.trim().is_empty() => EditorialText::NoReviewsMatch,
                            Some(f) if f.mine => EditorialText::NoReviewsMine,
                            _ => EditorialText::NoReviewsDue,
                        });
                        view! {
                            <p id="reviews-empty" class="empty">{move || t(text)}</p>
                        }
                    }
                >
                    <ReviewTable
                        rows=Signal::derive(move || shown.with(|s| s.as_ref().map(|(rows, _, _)| rows.clone()).unwrap_or_default()))
                        pending=pending
                        mark=mark
                    />
                </Show>
            }
            .into_any(),
        })
    };
    let page = Signal::derive(move || filter.get().map_or(1, |f| f.page));
    let counts = Signal::derive(move || {
        shown.with(|shown| match shown {
            Some((rows, total, page)) if !rows.is_empty() => Some(PageCounts {
                total: *total,
                rows: rows.len(),
                page: *page,
            }),
            _ => None,
        })
    });
    let go = Callback::new(move |to: u32| {
        if let Some(filter) = filter.get_untracked() {
            console.navigate(Route::Reviews(filter.with_page(to)));
        }
    });
    let mine = move || filter.with(|f| f.as_ref().is_some_and(|f| f.mine));

    view! {
        <h1 tabindex="-1">{move || t(EditorialText::Reviews)}</h1>
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <SearchFilter
                id="reviews-search"
                label=EditorialText::SearchReviews
                address=Signal::derive(move || filter.get().map(|f| f.q))
                on_type=Callback::new(move |typed: String| {
                    if let Some(filter) = filter.get_untracked() {
                        console.replace(Route::Reviews(filter.with_q(&typed)));
                    }
                })
            />
            <div class="check">
                <input
                    type="checkbox"
                    id="reviews-mine"
                    name="mine"
                    prop:checked=mine
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        if let Some(filter) = filter.get_untracked() {
                            console.navigate(Route::Reviews(filter.with_mine(on)));
                        }
                    }
                />
                <label for="reviews-mine">{move || t(EditorialText::OnlyMine)}</label>
            </div>
        </form>
        <p id="reviews-notice" class="notice" role="status" tabindex="-1">{move || notice.get()}</p>
        <p id="reviews-error" class="error" role="alert">{move || error.get()}</p>
        <Results stem="reviews" loading=loading>
            {results}
            <Show when=move || counts.get().is_some()>
                <Pager prefix="reviews" page=page counts=counts go=go/>
            </Show>
        </Results>
    }
}

/// The due articles of this page.
#[component]
fn ReviewTable(
    /// The rows (they go as they are marked).
    rows: Signal<Vec<Article>>,
    /// The article being marked.
    pending: RwSignal<Option<i64>>,
    /// Marks an article as reviewed.
    mark: Callback<Article>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="reviews-caption">
            <table id="reviews-table" class="reviews">
                <caption id="reviews-caption">{move || t(EditorialText::ReviewsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || console.t(Text::Title)}</th>
                        <th scope="col">{move || t(EditorialText::Owner)}</th>
                        <th scope="col">{move || t(EditorialText::Interval)}</th>
                        <th scope="col">{move || t(EditorialText::LastReviewed)}</th>
                        <th scope="col">{move || t(EditorialText::DueDate)}</th>
                        <th scope="col">{move || console.t(crate::i18n::EditorText::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|article| article.id
                        children=move |article| review_row(article, pending, mark)
                    />
                </tbody>
            </table>
        </div>
    }
}

fn review_row(
    article: Article,
    pending: RwSignal<Option<i64>>,
    mark: Callback<Article>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let id = article.id;
    let title_id = format!("review-title-{id}");
    let locale = article.locale.clone();
    let lang = article.locale.clone();
    let owner = article.owner.clone();
    let interval = article.review_interval_days;
    let reviewed = article.reviewed_at.clone();
    let due = article.review_due_at.clone();
    let lateness = due
        .as_deref()
        .and_then(parse_time_ms)
        .map(|due| days_late(due, now_ms()));
    let busy = move || pending.get() == Some(id);
    let for_mark = article.clone();
    view! {
        <tr data-article-id=id>
            <th scope="row" id=title_id.clone()>
                <RouteLink to=Route::Article(id)>
                    <span lang=lang>{article.title.clone()}</span>
                </RouteLink>
                " "
                <span class="muted">
                    "(" {move || language_name(console.locale.get(), &locale)} ")"
                </span>
            </th>
            <td class="owner">
                {move || owner.clone().unwrap_or_else(|| t(EditorialText::NoOwner).to_owned())}
            </td>
            <td>{move || interval.map(|days| every_days(console.locale.get(), days))}</td>
            <td>
                {match reviewed {
                    Some(time) => {
                        let shown = time.clone();
                        view! {
                            <time datetime=time>
                                {move || dom::format_time(&shown, console.locale.get(), false)}
                            </time>
                        }
                            .into_any()
                    }
                    None => view! { <span>{move || t(EditorialText::NeverReviewed)}</span> }.into_any(),
                }}
            </td>
            <td>
                {due.map(|time| {
                    let shown = time.clone();
                    view! {
                        <time datetime=time>
                            {move || dom::format_time(&shown, console.locale.get(), false)}
                        </time>
                    }
                })}
                {lateness.map(|days| {
                    let class = if days > 0 { "badge badge-overdue" } else { "badge badge-due" };
                    view! {
                        " "
                        <span class=class>{move || overdue(console.locale.get(), days)}</span>
                    }
                })}
            </td>
            <td>
                <button
                    type="button"
                    id=format!("mark-reviewed-{id}")
                    class="button mark-reviewed"
                    data-article-id=id
                    aria-describedby=title_id
                    aria-disabled=move || busy().then_some("true")
                    on:click=move |_| mark.run(for_mark.clone())
                >
                    {move || t(if busy() { EditorialText::Marking } else { EditorialText::MarkReviewed })}
                </button>
            </td>
        </tr>
    }
}
