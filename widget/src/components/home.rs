//! The home view: the search box (an ARIA combobox), the suggestions for the host's page,
//! and the search results (its listbox).

use ayuda_api::{SearchHit, SuggestReason, SuggestedArticle};
use leptos::ev::{Event, KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{ContactEntry, DeskButton, ErrorBox, escape_html, tx};
use crate::i18n::{Text, nothing_found, results_count, tr, unread_count};
use crate::state::{Load, Panel, SearchState, View, next_active};

/// The id of the result listbox (`aria-controls` of the search box).
pub const RESULTS_ID: &str = "ayuda-results";

/// The id of result option `index` (`aria-activedescendant`).
pub fn option_id(index: usize) -> String {
    format!("ayuda-opt-{index}")
}

/// Search box, live region, then suggestions or results.
#[component]
pub fn Home() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let has_query = Memo::new(move |_| !panel.query.with(|q| q.trim().is_empty()));
    let expanded = Memo::new(move |_| {
        has_query.get()
            && panel.search.with(
                |s| matches!(s, SearchState::Done { response, .. } if !response.hits.is_empty()),
            )
    });
    let status = move || {
        panel.search.with(|s| match s {
            SearchState::Done { response, .. } if has_query.get() => {
                results_count(panel.ui(), response.total)
            }
            _ => String::new(),
        })
    };
    view! {
        <section class="home" hidden=move || panel.view.with(|v| *v != View::Home)>
            <h1 class="hero">{move || tr(panel.ui(), Text::HowCanWeHelp)}</h1>
            <input
                type="search"
                class="q"
                data-testid="search-input"
                role="combobox"
                aria-autocomplete="list"
                aria-expanded=move || expanded.get().to_string()
                aria-controls=move || expanded.get().then_some(RESULTS_ID)
                aria-activedescendant=move || {
                    panel.active.get().filter(|_| expanded.get()).map(option_id)
                }
                aria-label=move || tr(panel.ui(), Text::SearchLabel)
                placeholder=move || tr(panel.ui(), Text::SearchPlaceholder)
                autocomplete="off"
                spellcheck="false"
                enterkeyhint="search"
                prop:value=move || panel.query.get()
                on:input=move |ev: Event| panel.set_query(event_target_value(&ev))
                on:keydown=move |ev: KeyboardEvent| on_search_key(panel, &ev)
            />
            <p class="sr-only" role="status" aria-live="polite" data-testid="status">
                {status}
            </p>
            {move || {
                if has_query.get() {
                    view! { <SearchResults/> }.into_any()
                } else {
                    view! { <HomeLists/> }.into_any()
                }
            }}
        </section>
    }
}

/// Arrow keys move the active option, Enter opens it (or the first), Escape closes.
fn on_search_key(panel: Panel, ev: &KeyboardEvent) {
    // The (slug, locale) of hit `index`, and how many hits there are.
    let hit = |index: usize| {
        panel.search.with_untracked(|s| match s {
            SearchState::Done { response, .. } => (
                response.hits.len(),
                response
                    .hits
                    .get(index)
                    .map(|h| (h.slug.clone(), h.locale.clone())),
            ),
            _ => (0, None),
        })
    };
    match ev.key().as_str() {
        key @ ("ArrowDown" | "ArrowUp") => {
            ev.prevent_default();
            let next = next_active(panel.active.get_untracked(), hit(0).0, key == "ArrowDown");
            panel.active.set(next);
            if let Some(option) = next.and_then(|i| document().get_element_by_id(&option_id(i))) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                option.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
        "Enter" => {
            ev.prevent_default();
            if let (_, Some((slug, locale))) = hit(panel.active.get_untracked().unwrap_or(0)) {
                panel.open_article(slug, locale, None, true);
            }
        }
        // Keep the browser from clearing the box: Escape closes the panel (the window's
        // keydown listener posts `close`).
        "Escape" => ev.prevent_default(),
        _ => {}
    }
}

/// The results for the text in the box: the listbox, the empty state, or the error.
#[component]
pub fn SearchResults() -> impl IntoView {
    let panel = expect_context::<Panel>();
    move || {
        panel.search.with(|state| match state {
            SearchState::Idle => ().into_any(),
            SearchState::Failed { .. } => view! {
                <ErrorBox
                    text=Text::ConnectionError
                    retry=Box::new(move || panel.retry_search())
                />
            }
            .into_any(),
            SearchState::Done { query, response } if response.hits.is_empty() => {
                // The query is the user's text: it is rendered as a text node, never as HTML.
                let message = nothing_found(panel.ui(), query);
                view! {
                    <div class="empty" data-testid="empty">
                        <p>{message}</p>
                        <ContactEntry/>
                    </div>
                }
                .into_any()
            }
            // Results may not answer the question: the way to a human stays below them.
            SearchState::Done { response, .. } => view! {
                {result_list(panel, &response.hits)}
                <ContactEntry/>
            }
            .into_any(),
        })
    }
}

fn result_list(panel: Panel, hits: &[SearchHit]) -> impl IntoView + use<> {
    let options = hits
        .iter()
        .enumerate()
        .map(|(index, hit)| {
            let (slug, locale) = (hit.slug.clone(), hit.locale.clone());
            // `title_html` and `snippet` are HTML from the server: everything escaped but
            // the `<mark>` around matches.
            let title = if hit.title_html.is_empty() {
                escape_html(&hit.title)
            } else {
                hit.title_html.clone()
            };
            view! {
                <li
                    role="option"
                    id=option_id(index)
                    data-testid="result"
                    class="item"
                    lang=hit.locale.clone()
                    aria-selected=move || (panel.active.get() == Some(index)).to_string()
                    on:click=move |_| {
                        panel.open_article(slug.clone(), locale.clone(), None, true)
                    }
                >
                    <span class="t" inner_html=title></span>
                    <span class="s" inner_html=hit.snippet.clone()></span>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <h2 class="sr-only" id="ayuda-results-h">
            {move || tr(panel.ui(), Text::Results)}
        </h2>
        <ul role="listbox" id=RESULTS_ID data-testid="results" class="list" aria-labelledby="ayuda-results-h">
            {options}
        </ul>
    }
}

/// "Your conversations" on the home, when there are any.
#[component]
pub fn ConversationsEntry() -> impl IntoView {
    let panel = expect_context::<Panel>();
    move || {
        let (count, unread) = panel.inbox.get();
        (count > 0).then(|| {
            let badge = (unread > 0).then(|| {
                view! { <span class="badge">{unread_count(panel.ui(), unread)}</span> }
            });
            view! {
                <DeskButton class="item convs" testid="conversations" to=View::Conversations>
                    <span class="t">{tx(panel.session, Text::YourConversations)}</span>
                    {badge}
                </DeskButton>
            }
        })
    }
}

/// Suggestions for the host's page, then popular articles, then the contact entry.
#[component]
fn HomeLists() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let lists = move || {
        if panel.config.with(|c| matches!(c, Load::Failed(_))) {
            return view! {
                <ErrorBox text=Text::ConnectionError retry=Box::new(move || panel.load_config())/>
            }
            .into_any();
        }
        match panel.suggestions.get() {
            Load::Loading => view! {
                <p class="muted">{move || tr(panel.ui(), Text::Loading)}</p>
            }
            .into_any(),
            Load::Failed(_) => view! {
                <ErrorBox
                    text=Text::ConnectionError
                    retry=Box::new(move || panel.reload_suggestions())
                />
            }
            .into_any(),
            Load::Ready(articles) => {
                let (here, popular): (Vec<_>, Vec<_>) = articles
                    .into_iter()
                    .partition(|a| a.reason == SuggestReason::Context);
                view! {
                    <div data-testid="home-list">
                        {article_section(panel, Text::SuggestedForPage, here)}
                        {article_section(panel, Text::PopularArticles, popular)}
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        {lists}
        <ConversationsEntry/>
        <ContactEntry/>
    }
}

fn article_section(
    panel: Panel,
    heading: Text,
    articles: Vec<SuggestedArticle>,
) -> Option<impl IntoView + use<>> {
    if articles.is_empty() {
        return None;
    }
    let items = articles
        .into_iter()
        .map(|a| {
            article_item(
                panel,
                "home-article",
                a.slug,
                a.locale,
                a.title,
                a.summary,
                a.url,
            )
        })
        .collect::<Vec<_>>();
    Some(view! {
        <h2 class="label">{move || tr(panel.ui(), heading)}</h2>
        <ul class="list">{items}</ul>
    })
}

/// A link to an article that opens it in the panel (a modified click opens its public page).
pub fn article_item(
    panel: Panel,
    testid: &'static str,
    slug: String,
    locale: String,
    title: String,
    summary: String,
    url: String,
) -> impl IntoView + use<> {
    let open = move |ev: MouseEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        panel.open_article(slug.clone(), locale.clone(), None, true);
    };
    let summary = (!summary.trim().is_empty()).then(|| view! { <span class="s">{summary}</span> });
    view! {
        <li>
            <a class="item" href=url data-testid=testid on:click=open>
                <span class="t">{title}</span>
                {summary}
            </a>
        </li>
    }
}

/// The element an event happened on, as an `Element`.
pub fn event_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}
