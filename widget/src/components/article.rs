//! The reader: the server's sanitised article HTML, made to behave inside a small frame
//! (scrolling code and tables, in-panel links), related articles and the helpfulness vote.

use std::sync::Arc;

use ayuda_api::{PublicArticle, VoteRequest};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlAnchorElement};

use super::home::{article_item, event_element};
use super::{ContactEntry, ErrorBox};
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{Text, tr};
use crate::state::{Load, Panel, article_link};
use crate::vote::{VoteState, stored_answer, vote_key};

/// The article of the current view, or its loading state or error.
#[component]
pub fn ArticleView() -> impl IntoView {
    let panel = expect_context::<Panel>();
    move || {
        let state = match panel.article.get() {
            Load::Ready(article) => return view! { <ArticleBody article/> }.into_any(),
            Load::Loading => {
                view! { <p class="muted">{move || tr(panel.ui(), Text::Loading)}</p> }.into_any()
            }
            Load::Failed(ApiError::NotFound) => {
                view! { <ErrorBox text=Text::ArticleGone/> }.into_any()
            }
            Load::Failed(_) => view! {
                <ErrorBox text=Text::ConnectionError retry=Box::new(move || panel.load_article())/>
            }
            .into_any(),
        };
        // Every view has its h1 (focus moves there), even while loading or failing.
        view! {
            <section class="page">
                <h1 class="sr-only" tabindex="-1">{move || tr(panel.ui(), Text::Help)}</h1>
                {state}
            </section>
        }
        .into_any()
    }
}

/// One loaded article.
#[component]
pub fn ArticleBody(
    /// The article as the public API returns it.
    article: Arc<PublicArticle>,
) -> impl IntoView {
    let panel = expect_context::<Panel>();
    let content = NodeRef::<leptos::html::Div>::new();
    let site = panel.site.get_value();
    let links = StoredValue::new(LinkContext {
        site,
        article_url: article.url.clone(),
    });
    // After the article's HTML is in the document (and only if it still is).
    request_animation_frame(move || {
        if let Some(element) = content.try_get_untracked().flatten() {
            let ui = untrack(|| panel.ui());
            links.try_with_value(|links| enhance(&element, links, ui));
        }
    });
    let on_click = move |ev: MouseEvent| {
        if let Some(element) = content.get_untracked() {
            links.with_value(|links| on_content_click(panel, &ev, &element, links));
        }
    };
    let related = (!article.related.is_empty()).then(|| {
        let items = article
            .related
            .iter()
            .map(|r| {
                article_item(
                    panel,
                    "related-article",
                    r.slug.clone(),
                    r.locale.clone(),
                    r.title.clone(),
                    String::new(),
                    r.url.clone(),
                )
            })
            .collect::<Vec<_>>();
        view! {
            <section class="related" aria-labelledby="ayuda-related-h">
                <h2 class="label" id="ayuda-related-h">{move || tr(panel.ui(), Text::Related)}</h2>
                <ul class="list">{items}</ul>
            </section>
        }
    });
    // Opened from the contact form's suggestions: it may end the request right here.
    let deflect = {
        let (slug, locale) = (article.slug.clone(), article.locale.clone());
        move || {
            let (slug, locale) = (slug.clone(), locale.clone());
            (panel.deflect_from.get().as_deref() == Some(slug.as_str())).then(|| {
                view! {
                    <p class="deflect-here">
                        <button
                            type="button"
                            class="btn primary"
                            data-testid="deflect-yes"
                            on:click=move |_| panel.deflected_by(slug.clone(), locale.clone())
                        >
                            {super::tx(panel.session, Text::AnsweredIt)}
                        </button>
                    </p>
                }
            })
        }
    };
    view! {
        <article data-testid="article" class="page reader" lang=article.locale.clone()>
            <h1 data-testid="article-title" tabindex="-1">{article.title.clone()}</h1>
            // Sanitised by the server (ammonia) when the Markdown was rendered.
            <div class="content" node_ref=content inner_html=article.html.clone() on:click=on_click></div>
            {related}
            {deflect}
            <VoteBox slug=article.slug.clone() locale=article.locale.clone()/>
            <p class="newtab">
                <a href=article.url.clone() target="_blank" rel="noopener noreferrer">
                    {move || tr(panel.ui(), Text::OpenInNewTab)}
                </a>
            </p>
        </article>
    }
}

/// What decides where a link in an article leads.
struct LinkContext {
    site: String,
    /// The article's public URL (on the server's public origin).
    article_url: String,
}

/// Where a link in the article leads.
#[derive(Debug, PartialEq, Eq)]
enum LinkKind {
    /// `#id` inside the article.
    Anchor(String),
    /// Another article of this site: open it in the panel.
    Article { locale: String, slug: String },
    /// Anything else: a new tab.
    External,
}

fn classify(link: &HtmlAnchorElement, context: &LinkContext) -> LinkKind {
    let href = link.get_attribute("href").unwrap_or_default();
    if let Some(fragment) = href.strip_prefix('#') {
        return LinkKind::Anchor(fragment.to_owned());
    }
    // Relative links were resolved against the article's public page (see `enhance`), so a
    // link to this server has the origin of the article's own URL.
    let origin = link.origin();
    let same_server = context
        .article_url
        .strip_prefix(origin.as_str())
        .is_some_and(|rest| rest.starts_with('/'));
    match article_link(&link.pathname(), &context.site) {
        Some((locale, slug)) if same_server => LinkKind::Article {
            locale: decode(locale),
            slug: decode(slug),
        },
        _ => LinkKind::External,
    }
}

/// Percent-decodes a URL part; keeps it as is when it is not valid UTF-8 once decoded.
fn decode(part: String) -> String {
    js_sys::decode_uri_component(&part)
        .ok()
        .and_then(|d| d.as_string())
        .unwrap_or(part)
}

fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Makes the article's HTML fit the panel: code blocks and tables scroll sideways and can be
/// reached by keyboard (a scrollable region must be focusable), relative links and images
/// point where they do on the article's public page, and links that leave the panel open in
/// a new tab.
fn enhance(content: &Element, links: &LinkContext, ui: crate::i18n::Locale) {
    for pre in query_all(content, "pre") {
        let _ = pre.set_attribute("tabindex", "0");
    }
    let document = web_sys::window().and_then(|w| w.document());
    for table in query_all(content, "table") {
        let (Some(document), Some(parent)) = (&document, table.parent_node()) else {
            continue;
        };
        let Ok(wrapper) = document.create_element("div") else {
            continue;
        };
        let _ = wrapper.set_attribute("class", "table-wrap");
        let _ = wrapper.set_attribute("tabindex", "0");
        let _ = wrapper.set_attribute("role", "region");
        let _ = wrapper.set_attribute("aria-label", tr(ui, Text::Table));
        if parent.insert_before(&wrapper, Some(&table)).is_ok() {
            let _ = wrapper.append_child(&table);
        }
    }
    // Task-list checkboxes from Markdown carry no label: their item's text is one.
    for checkbox in query_all(content, "input[type=checkbox]") {
        let label = checkbox
            .closest("li")
            .ok()
            .flatten()
            .and_then(|li| li.text_content())
            .unwrap_or_default();
        let label = label.trim();
        if !label.is_empty() {
            let _ = checkbox.set_attribute("aria-label", label);
        }
    }
    // Relative URLs in the article are relative to its public page, not to this frame.
    for (selector, attribute) in [("a[href]", "href"), ("img[src]", "src")] {
        for element in query_all(content, selector) {
            let value = element.get_attribute(attribute).unwrap_or_default();
            if value.starts_with('#') {
                continue;
            }
            if let Ok(url) = web_sys::Url::new_with_base(&value, &links.article_url) {
                let _ = element.set_attribute(attribute, &url.href());
            }
        }
    }
    for link in query_all(content, "a[href]") {
        if let Ok(link) = link.dyn_into::<HtmlAnchorElement>()
            && classify(&link, links) == LinkKind::External
        {
            open_in_new_tab(&link);
        }
    }
}

fn open_in_new_tab(link: &HtmlAnchorElement) {
    let _ = link.set_attribute("target", "_blank");
    let _ = link.set_attribute("rel", "noopener noreferrer");
}

/// In-article anchors scroll inside the panel, links to other articles open in the panel,
/// everything else opens in a new tab.
fn on_content_click(panel: Panel, ev: &MouseEvent, content: &Element, links: &LinkContext) {
    let Some(link) = event_element(ev)
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    match classify(&link, links) {
        LinkKind::Anchor(fragment) => {
            ev.prevent_default();
            let id = decode(fragment);
            let target = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
                .filter(|t| content.contains(Some(t)));
            if let Some(target) = target {
                target.scroll_into_view_with_scroll_into_view_options(
                    &web_sys::ScrollIntoViewOptions::new(),
                );
            }
        }
        LinkKind::Article { locale, slug } => {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                ev.prevent_default();
                panel.open_article(slug, locale, None, true);
            }
        }
        LinkKind::External => open_in_new_tab(&link),
    }
}

/// "Was this helpful?" with Yes/No; remembers the answer per site, locale and slug.
#[component]
pub fn VoteBox(
    /// The article's slug.
    slug: String,
    /// The article's locale.
    locale: String,
) -> impl IntoView {
    let panel = expect_context::<Panel>();
    let site = panel.site.get_value();
    let key = vote_key(&site, &locale, &slug);
    let state = RwSignal::new(VoteState::from_stored(dom::storage_get(&key).as_deref()));
    let target = StoredValue::new((site, slug, locale, key));
    // Copy (it captures only arena handles), so each button gets its own.
    let press = move |helpful: bool| {
        let (next, send) = state.get_untracked().press(helpful);
        state.set(next);
        if !send {
            return;
        }
        let (site, slug, locale, key) = target.get_value();
        let request = VoteRequest {
            helpful,
            visitor_id: dom::visitor_id(),
            locale: Some(locale),
        };
        api::vote(&site, &slug, &request, move |result| {
            if result.is_ok() {
                dom::storage_set(&key, stored_answer(helpful));
            }
            state.try_update(|s| *s = s.settle(result.is_ok()));
        });
    };
    let pressed = move |answer: bool| move || (state.get().chosen() == Some(answer)).to_string();
    view! {
        <section class="vote" aria-labelledby="ayuda-vote-h">
            <h2 class="label" id="ayuda-vote-h">{move || tr(panel.ui(), Text::WasHelpful)}</h2>
            <div class="row">
                <button
                    type="button"
                    class="btn"
                    data-testid="vote-yes"
                    aria-pressed=pressed(true)
                    on:click=move |_| press(true)
                >
                    {move || tr(panel.ui(), Text::Yes)}
                </button>
                <button
                    type="button"
                    class="btn"
                    data-testid="vote-no"
                    aria-pressed=pressed(false)
                    on:click=move |_| press(false)
                >
                    {move || tr(panel.ui(), Text::No)}
                </button>
            </div>
            <div role="status">
                {move || {
                    matches!(state.get(), VoteState::Saved { .. })
                        .then(|| {
                            view! {
                                <p class="thanks" data-testid="vote-thanks">
                                    {move || tr(panel.ui(), Text::VoteThanks)}
                                </p>
                            }
                        })
                }}
            </div>
            {move || match state.get() {
                VoteState::Failed { helpful } => Some(view! {
                    <ErrorBox
                        text=Text::ConnectionError
                        retry=Box::new(move || press(helpful))
                    />
                }),
                _ => None,
            }}
            // "No": the article did not answer; offer the team right here.
            {move || {
                (state.get().chosen() == Some(false))
                    .then(|| view! { <ContactEntry hint=Text::NotHelpedHint/> })
            }}
        </section>
    }
}
