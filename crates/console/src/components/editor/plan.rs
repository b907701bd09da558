//! Where the article shows and who keeps it accurate: the sites it is limited to (checkboxes
//! from `GET /api/v1/sites`; none checked is every site), its owner (an e-mail, or "Me") and
//! its review interval, with the date its next review is due.
//!
//! Only admins may list the sites: for anyone else the article's own sites stay as boxes (they
//! can be unchecked, never added), and the fieldset says why.

use ayuda_api::Site;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::Editor;
use super::ops::REVIEW_DAYS_ID;
use crate::api::{self, ApiError};
use crate::components::common::Failure;
use crate::dom;
use crate::draft::{self, REVIEW_PRESETS};
use crate::i18n::{PublishingText, review_due, review_every};
use crate::state::Console;

/// Asks for the help centre's sites, once per editor.
pub fn load_sites(editor: Editor, console: Console) {
    editor.site_list.set(None);
    spawn_local(async move {
        let result = console.check(api::editorial::sites().await);
        let _ = editor.site_list.try_set(Some(result));
    });
}

/// A site box: its key, and its name when the list gave one.
fn site_boxes(list: Option<&Result<Vec<Site>, ApiError>>, own: &[String]) -> Vec<(String, String)> {
    let mut boxes: Vec<(String, String)> = match list {
        Some(Ok(sites)) => sites
            .iter()
            .map(|site| (site.key.clone(), site.name.clone()))
            .collect(),
        _ => Vec::new(),
    };
    for key in own {
        if !boxes.iter().any(|(k, _)| k == key) {
            boxes.push((key.clone(), String::new()));
        }
    }
    boxes
}

/// The sites fieldset.
#[component]
pub fn SitesField(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: PublishingText| console.t(text);
    let boxes = move || {
        // The article's saved sites stay listed while unchecked.
        let mut own = editor.saved.with(|saved| saved.sites.clone());
        for key in editor.sites.get() {
            if !own.contains(&key) {
                own.push(key);
            }
        }
        editor
            .site_list
            .with(|list| site_boxes(list.as_ref(), &own))
    };
    let toggle = move |key: String, on: bool| {
        editor.sites.update(|sites| {
            sites.retain(|k| *k != key);
            if on {
                sites.push(key);
            }
        });
    };
    let note = move || {
        editor.site_list.with(|list| match list {
            None => Some(view! { <p class="hint">{move || console.t(crate::i18n::Text::Loading)}</p> }.into_any()),
            Some(Err(ApiError::Forbidden)) => Some(
                view! { <p id="sites-forbidden" class="hint">{move || t(PublishingText::SitesForbidden)}</p> }
                    .into_any(),
            ),
            Some(Err(error)) => Some(
                view! {
                    <Failure
                        id="sites-error"
                        what=PublishingText::SitesFailed.into()
                        error=*error
                        retry=Callback::new(move |()| load_sites(editor, console))
                    />
                }
                .into_any(),
            ),
            Some(Ok(_)) => None,
        })
    };
    view! {
        <fieldset id="article-sites" class="field sites" aria-describedby="article-sites-hint">
            <legend>{move || t(PublishingText::Sites)}</legend>
            <div class="checks">
                <For each=boxes key=|(key, name)| (key.clone(), name.clone()) let((key, name))>
                    {
                        let checked_key = key.clone();
                        let toggled = key.clone();
                        let label = if name.is_empty() || name == key {
                            key.clone()
                        } else {
                            format!("{name} ({key})")
                        };
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name="site"
                                    value=key.clone()
                                    prop:checked=move || editor.sites.with(|s| s.contains(&checked_key))
                                    on:change=move |ev| toggle(toggled.clone(), event_target_checked(&ev))
                                />
                                <span>{label}</span>
                            </label>
                        }
                    }
                </For>
            </div>
            <p id="article-sites-hint" class="hint">
                {move || t(PublishingText::SitesHint)}
                {move || {
                    editor
                        .sites
                        .with(Vec::is_empty)
                        .then(|| format!(" {}", t(PublishingText::EverySiteNow)))
                }}
            </p>
            {note}
        </fieldset>
    }
}

/// The owner's e-mail, with "Me".
#[component]
pub fn OwnerField(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: PublishingText| console.t(text);
    let me = move |_| {
        if let Some(session) = console.session() {
            editor.owner.set(session.user.email);
        }
    };
    view! {
        <div class="field owner">
            <label for="article-owner">{move || t(PublishingText::Owner)}</label>
            <div class="inline">
                <input
                    id="article-owner"
                    name="owner"
                    type="email"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="article-owner-hint"
                    prop:value=move || editor.owner.get()
                    on:input=move |ev| editor.owner.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    id="owner-me"
                    class="button"
                    aria-label=move || t(PublishingText::OwnerMeLabel)
                    on:click=me
                >
                    {move || t(PublishingText::OwnerMe)}
                </button>
            </div>
            <p id="article-owner-hint" class="hint">{move || t(PublishingText::OwnerHint)}</p>
        </div>
    }
}

/// The review interval (none, a preset, or another number of days) and when the next review
/// is due.
#[component]
pub fn ReviewField(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: PublishingText| console.t(text);
    // "Another number of days" was picked (a loaded interval off the presets is one too).
    let custom = RwSignal::new(false);
    let choice = move || {
        let typed = draft::review_choice(&editor.review.get());
        if custom.get() {
            "custom".to_owned()
        } else {
            typed
        }
    };
    let is_custom = move || choice() == "custom";
    let invalid = move || editor.review.with(|r| draft::review_days(r).is_err());
    let change = move |ev| {
        let value = event_target_value(&ev);
        if value == "custom" {
            custom.set(true);
            leptos::prelude::request_animation_frame(|| {
                dom::focus_id(REVIEW_DAYS_ID);
            });
        } else {
            custom.set(false);
            editor.review.set(value);
        }
    };
    let due = move || {
        editor
            .article
            .with(|a| a.as_ref().and_then(|a| a.review_due_at.clone()))
            .map(|at| {
                let locale = console.locale.get();
                let date = dom::format_time(&at, locale, false);
                view! {
                    <p id="review-due" class="hint">
                        <time datetime=at>{review_due(locale, &date)}</time>
                    </p>
                }
            })
    };
    let presets = REVIEW_PRESETS
        .into_iter()
        .map(|days| {
            let value = days.to_string();
            let selected = value.clone();
            view! {
                <option value=value prop:selected=move || choice() == selected>
                    {move || review_every(console.locale.get(), days)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field review">
            <label for="article-review-interval">{move || t(PublishingText::ReviewInterval)}</label>
            <select id="article-review-interval" name="review" on:change=change>
                <option value="" prop:selected=move || choice().is_empty()>
                    {move || t(PublishingText::ReviewNone)}
                </option>
                {presets}
                <option value="custom" prop:selected=is_custom>
                    {move || t(PublishingText::ReviewCustom)}
                </option>
            </select>
            <Show when=is_custom>
                <label for=REVIEW_DAYS_ID>{move || t(PublishingText::ReviewDays)}</label>
                <input
                    id=REVIEW_DAYS_ID
                    name="review-days"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max=draft::MAX_REVIEW_DAYS.to_string()
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    aria-describedby="article-review-error"
                    prop:value=move || editor.review.get()
                    on:input=move |ev| editor.review.set(event_target_value(&ev))
                />
            </Show>
            <p id="article-review-error" class="error">
                {move || invalid().then(|| t(PublishingText::ReviewInvalid))}
            </p>
            {due}
        </div>
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
    fn the_boxes_are_the_sites_and_the_articles_own() {
        let list = Ok(vec![site("demo", "Demo"), site("shop", "Shop")]);
        let own = ["gone".to_owned(), "demo".to_owned()];
        assert_eq!(
            site_boxes(Some(&list), &own),
            [
                ("demo".to_owned(), "Demo".to_owned()),
                ("shop".to_owned(), "Shop".to_owned()),
                ("gone".to_owned(), String::new()),
            ]
        );
        // Without the list (an editor's 403), only the article's own.
        let forbidden = Err(ApiError::Forbidden);
        assert_eq!(
            site_boxes(Some(&forbidden), &own),
            [
                ("gone".to_owned(), String::new()),
                ("demo".to_owned(), String::new())
            ]
        );
        assert!(site_boxes(None, &[]).is_empty());
    }
}
