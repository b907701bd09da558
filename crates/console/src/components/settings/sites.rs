//! The sites page: every site with its key, language and look; a new site (key and name);
//! and one site's editor (`site_look.rs`) opened from its row.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::load::{Results, failed};
use super::super::staff::focus_soon;
use super::shared::{FieldError, Sites, refusal_text};
use super::site_look::SiteEditor;
use crate::api::settings::{self, SiteInfo};
use crate::i18n::{SettingsText as S, position_name, site_saved};
use crate::settings_site::{self, MAX_NAME_CHARS, SiteProblem};
use crate::state::Console;

#[component]
pub fn SitesPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let sites = expect_context::<Sites>();
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let open_add = move |_| {
        editing.set(None);
        notice.set(None);
        adding.set(true);
        focus_soon("new-site-key".to_owned());
    };
    let created = Callback::new(move |site: SiteInfo| {
        adding.set(false);
        notice.set(Some(site_saved(
            console.locale.get_untracked(),
            &site.name,
            true,
        )));
        let key = site.key.clone();
        sites.put(site);
        editing.set(Some(key));
        focus_soon("site-form-heading".to_owned());
    });
    let edit = Callback::new(move |key: String| {
        adding.set(false);
        notice.set(None);
        editing.set(Some(key));
        focus_soon("site-form-heading".to_owned());
    });
    // The editor says "Site saved." itself.
    let saved = Callback::new(move |site: SiteInfo| sites.put(site));
    let closed = Callback::new(move |key: String| {
        editing.set(None);
        focus_soon(format!("edit-site-{key}"));
    });
    // The editor is drawn again only for another site: saving keeps it (and its focus).
    let current = move || {
        let key = editing.get()?;
        sites.answer.with_untracked(|answer| match answer {
            Some(Ok(list)) => list.iter().find(|site| site.key == key).cloned(),
            _ => None,
        })
    };

    let list = move || {
        sites.answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                None,
                "sites-error",
                S::SitesFailed.into(),
                Callback::new(move |()| sites.load(console)),
            ),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p id="sites-empty" class="empty">{move || s(S::NoSites)}</p> }.into_any()
            }
            Some(Ok(list)) => view! { <SitesTable sites=list.clone() on_edit=edit/> }.into_any(),
        })
    };

    view! {
        <div class="heading-row">
            <h2 id="sites-heading">{move || s(S::Sites)}</h2>
            <button
                type="button"
                id="new-site"
                class="button primary"
                aria-controls="new-site-form"
                aria-expanded=move || if adding.get() { "true" } else { "false" }
                on:click=open_add
            >
                {move || s(S::NewSite)}
            </button>
        </div>
        <p class="lead">{move || s(S::SitesIntro)}</p>
        <p id="sites-notice" class="notice" role="status">{move || notice.get()}</p>
        <Show when=move || adding.get()>
            <NewSite
                on_created=created
                on_cancel=Callback::new(move |()| {
                    adding.set(false);
                    focus_soon("new-site".to_owned());
                })
            />
        </Show>
        <Results stem="sites" loading=sites.loading>
            {list}
        </Results>
        {move || {
            current()
                .map(|site| {
                    view! { <SiteEditor site=site on_saved=saved on_close=closed/> }
                })
        }}
    }
}

#[component]
fn SitesTable(
    /// The sites.
    sites: Vec<SiteInfo>,
    /// Opens a site's editor.
    on_edit: Callback<String>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let rows = sites
        .into_iter()
        .map(|site| {
            let SiteInfo {
                key,
                name,
                default_locale,
                brand_color,
                position,
                ..
            } = site;
            let edit_key = key.clone();
            let swatch = brand_color.clone();
            view! {
                <tr data-site=key.clone()>
                    <th scope="row">{name.clone()}</th>
                    <td>
                        <code>{key.clone()}</code>
                    </td>
                    <td>{default_locale}</td>
                    <td class="nowrap">
                        <span class="swatch" style:background-color=swatch></span>
                        " "
                        <code>{brand_color}</code>
                    </td>
                    <td>{move || position_name(console.locale.get(), position)}</td>
                    <td>
                        <button
                            type="button"
                            id=format!("edit-site-{key}")
                            class="button edit-site"
                            on:click=move |_| on_edit.run(edit_key.clone())
                        >
                            {move || s(S::Edit)}
                            <span class="visually-hidden">" " {name.clone()}</span>
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="sites-caption">
            <table class="settings-sites">
                <caption id="sites-caption">{move || s(S::SitesCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || s(S::Name)}</th>
                        <th scope="col">{move || s(S::Key)}</th>
                        <th scope="col">{move || s(S::DefaultLanguage)}</th>
                        <th scope="col">{move || s(S::BrandColor)}</th>
                        <th scope="col">{move || s(S::Position)}</th>
                        <th scope="col">{move || s(S::Actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// "New site": its key (for the script tag) and name.
#[component]
fn NewSite(on_created: Callback<SiteInfo>, on_cancel: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<SiteProblem>);
    let error = RwSignal::new(None::<String>);
    let key_error = Signal::derive(move || {
        matches!(problem.get(), Some(SiteProblem::Key)).then(|| s(S::KeyRule).to_owned())
    });
    let name_error = Signal::derive(move || {
        matches!(problem.get(), Some(SiteProblem::Name)).then(|| s(S::NameRule).to_owned())
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        let input = match settings_site::new_site(&key.get_untracked(), &name.get_untracked()) {
            Ok(input) => input,
            Err(bad) => {
                focus_soon(
                    if bad == SiteProblem::Key {
                        "new-site-key"
                    } else {
                        "new-site-name"
                    }
                    .to_owned(),
                );
                problem.set(Some(bad));
                return;
            }
        };
        problem.set(None);
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = console.check(settings::create_site(&session.csrf_token, &input).await);
            pending.set(false);
            match result {
                Ok(site) => on_created.run(site),
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::CreateSiteFailed,
                    &refusal,
                ))),
            }
        });
    };
    let described = move |error: Signal<Option<String>>, id: &'static str, hint: &'static str| {
        if error.with(Option::is_some) {
            format!("{hint} {id}")
        } else {
            hint.to_owned()
        }
    };
    view! {
        <form
            id="new-site-form"
            class="block card"
            aria-labelledby="new-site-heading"
            novalidate
            on:submit=submit
        >
            <h3 id="new-site-heading">{move || s(S::NewSite)}</h3>
            <div class="editor-fields">
                <div class="field">
                    <label for="new-site-key">{move || s(S::Key)}</label>
                    <input
                        id="new-site-key"
                        name="key"
                        autocomplete="off"
                        spellcheck="false"
                        required
                        maxlength="64"
                        aria-invalid=move || key_error.with(Option::is_some).then_some("true")
                        aria-describedby=move || described(key_error, "new-site-key-error", "new-site-key-hint")
                        prop:value=move || key.get()
                        on:input=move |ev| key.set(event_target_value(&ev))
                    />
                    <p id="new-site-key-hint" class="hint">{move || s(S::KeyHint)}</p>
                    <FieldError id="new-site-key-error".to_owned() text=key_error/>
                </div>
                <div class="field grow">
                    <label for="new-site-name">{move || s(S::Name)}</label>
                    <input
                        id="new-site-name"
                        name="name"
                        autocomplete="off"
                        maxlength=MAX_NAME_CHARS
                        aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                        aria-describedby=move || described(name_error, "new-site-name-error", "new-site-name-hint")
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <p id="new-site-name-hint" class="hint">{move || s(S::NameHint)}</p>
                    <FieldError id="new-site-name-error".to_owned() text=name_error/>
                </div>
            </div>
            <div class="actions">
                <button
                    type="submit"
                    id="create-site"
                    class="button primary"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {move || s(if pending.get() { S::Creating } else { S::CreateSite })}
                </button>
                <button
                    type="button"
                    id="cancel-new-site"
                    class="button"
                    on:click=move |_| on_cancel.run(())
                >
                    {move || s(S::Cancel)}
                </button>
            </div>
            <p id="new-site-error" class="error" role="alert">{move || error.get()}</p>
        </form>
    }
}
