//! The articles list's filters: the search box, language, status, tag, site, owner (with
//! "Mine"), "Due for review" and "Missing or out-of-date translation". Each change is a new
//! address: typing replaces it (one history entry per search, not per key), a pick pushes one.

use ayuda_api::{ArticleStatus, Site};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::common::LanguageFilter;
use crate::filters::ArticleFilter;
use crate::i18n::{PublishingText, Text, status_text};
use crate::route::Route;
use crate::state::Console;

/// The site select's options: the help centre's sites, or (when they cannot be listed: only
/// admins may) the keys the shown articles carry, with the chosen one kept in either case.
pub fn site_options(
    list: Option<&Result<Vec<Site>, ApiError>>,
    seen: &[String],
    chosen: Option<&str>,
) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = match list {
        Some(Ok(sites)) => sites
            .iter()
            .map(|site| (site.key.clone(), site.name.clone()))
            .collect(),
        _ => seen.iter().map(|key| (key.clone(), key.clone())).collect(),
    };
    if let Some(chosen) = chosen
        && !options.iter().any(|(key, _)| key == chosen)
    {
        options.push((chosen.to_owned(), chosen.to_owned()));
    }
    options.sort_by_key(|option| option.1.to_lowercase());
    options.dedup_by(|a, b| a.0 == b.0);
    options
}

/// A text filter kept in the address: the box keeps what is typed and the address follows it;
/// on Back or Forward the box follows the address.
#[component]
fn TextFilter(
    /// The filter in the address.
    filter: Memo<Option<ArticleFilter>>,
    /// The input's id.
    id: &'static str,
    /// Its `name`.
    name: &'static str,
    /// `search`, `text` or `email`.
    kind: &'static str,
    /// Its label.
    label: Text,
    /// The filter's value.
    read: fn(&ArticleFilter) -> String,
    /// The filter with a new value.
    write: fn(&ArticleFilter, &str) -> ArticleFilter,
    /// Wider than the others (the search box).
    #[prop(optional)]
    grow: bool,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let current = move || filter.get_untracked().unwrap_or_default();
    let text = RwSignal::new(read(&current()));
    Effect::new(move |_| {
        if let Some(filter) = filter.get() {
            let value = read(&filter);
            if text.get_untracked() != value {
                text.set(value);
            }
        }
    });
    view! {
        <div class=if grow { "field grow" } else { "field" }>
            <label for=id>{move || console.t(label)}</label>
            <input
                type=kind
                id=id
                name=name
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    text.set(typed.clone());
                    console.replace(Route::Articles(write(&current(), &typed)));
                }
            />
        </div>
    }
}

#[component]
pub fn Filters(
    /// The filter in the address (`None` while the screen is leaving).
    filter: Memo<Option<ArticleFilter>>,
    /// The help centre's sites, once asked.
    sites: RwSignal<Option<Result<Vec<Site>, ApiError>>>,
    /// The site keys of the articles shown (the site select's fallback).
    #[prop(into)]
    seen_sites: Signal<Vec<String>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let current = move || filter.get_untracked().unwrap_or_default();
    let locale = move || filter.get().and_then(|f| f.locale);
    let status = move || filter.get().and_then(|f| f.status);
    let site = move || filter.get().and_then(|f| f.site);
    let my_email = move || console.session().map(|s| s.user.email).unwrap_or_default();
    let mine = move || {
        let email = my_email();
        filter.get().is_some_and(|f| f.owned_by(&email))
    };
    let toggle_mine = move |_| {
        let filter = current();
        let email = my_email();
        let owner = if filter.owned_by(&email) {
            ""
        } else {
            email.as_str()
        };
        console.navigate(Route::Articles(filter.with_owner(owner)));
    };
    let site_list = move || {
        let chosen = site();
        let seen = seen_sites.get();
        sites.with(|list| site_options(list.as_ref(), &seen, chosen.as_deref()))
    };

    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <TextFilter
                filter=filter
                id="article-search"
                name="q"
                kind="search"
                label=Text::SearchArticles
                read=|f| f.q.clone()
                write=|f, q| f.with_q(q)
                grow=true
            />
            <LanguageFilter
                id="article-locale"
                chosen=Signal::derive(locale)
                on_pick=Callback::new(move |locale| {
                    console.navigate(Route::Articles(current().with_locale(locale)));
                })
            />
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
            <TextFilter
                filter=filter
                id="article-tag"
                name="tag"
                kind="text"
                label=PublishingText::Tag.into()
                read=|f| f.tag.clone()
                write=|f, tag| f.with_tag(tag)
            />
            <div class="field">
                <label for="article-site">{move || t(PublishingText::Site.into())}</label>
                <select
                    id="article-site"
                    name="site"
                    on:change=move |ev| {
                        let site = event_target_value(&ev);
                        console.navigate(Route::Articles(current().with_site(&site)));
                    }
                >
                    <option value="" prop:selected=move || site().is_none()>
                        {move || t(PublishingText::AllSites.into())}
                    </option>
                    {move || {
                        site_list()
                            .into_iter()
                            .map(|(key, name)| {
                                let selected = key.clone();
                                view! {
                                    <option
                                        value=key
                                        prop:selected=move || site().as_deref() == Some(selected.as_str())
                                    >
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="owner-filter">
                <TextFilter
                    filter=filter
                    id="article-owner-filter"
                    name="owner"
                    kind="email"
                    label=PublishingText::OwnerFilter.into()
                    read=|f| f.owner.clone()
                    write=|f, owner| f.with_owner(owner)
                />
                <button
                    type="button"
                    id="owner-mine"
                    class="button"
                    aria-pressed=move || if mine() { "true" } else { "false" }
                    on:click=toggle_mine
                >
                    {move || t(PublishingText::Mine.into())}
                </button>
            </div>
            <div class="checks">
                <label class="check">
                    <input
                        type="checkbox"
                        id="article-review-due"
                        name="review"
                        value="due"
                        prop:checked=move || filter.get().is_some_and(|f| f.review_due)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            console.navigate(Route::Articles(current().with_review_due(on)));
                        }
                    />
                    <span>{move || t(PublishingText::ReviewDue.into())}</span>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        id="article-translation-missing"
                        name="translation"
                        value="missing"
                        prop:checked=move || filter.get().is_some_and(|f| f.translation_missing)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            console
                                .navigate(Route::Articles(current().with_translation_missing(on)));
                        }
                    />
                    <span>{move || t(PublishingText::TranslationMissing.into())}</span>
                </label>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str, name: &str) -> Site {
        Site {
            key: key.to_owned(),
            name: name.to_owned(),
            allowed_origins: Vec::new(),
            default_locale: "es".to_owned(),
            brand_color: "#000000".to_owned(),
            position: "right".to_owned(),
            launcher_text: None,
            logo_url: None,
        }
    }

    #[test]
    fn site_options_by_name_or_from_the_articles() {
        let list = Ok(vec![site("shop", "Tienda"), site("demo", "Demo")]);
        assert_eq!(
            site_options(Some(&list), &[], Some("old")),
            [
                ("demo".to_owned(), "Demo".to_owned()),
                ("old".to_owned(), "old".to_owned()),
                ("shop".to_owned(), "Tienda".to_owned()),
            ]
        );
        let forbidden = Err(ApiError::Forbidden);
        let seen = ["b".to_owned(), "a".to_owned(), "b".to_owned()];
        assert_eq!(
            site_options(Some(&forbidden), &seen, None),
            [
                ("a".to_owned(), "a".to_owned()),
                ("b".to_owned(), "b".to_owned())
            ]
        );
    }
}
