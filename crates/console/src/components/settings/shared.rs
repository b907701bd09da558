//! What the settings pages share: the sites (loaded once for every page), a failed change's
//! wording, the site and level selects, and a field's error line.

use ayuda_api::Level;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::common::failure_text;
use crate::api::settings::{self, SiteInfo};
use crate::api::{ApiError, Refusal};
use crate::i18n::{AdminText, Locale, SettingsText as S, level_name, server_says, tr};
use crate::state::Console;

/// The sites, for every page of the settings (the sites page keeps it up to date).
#[derive(Clone, Copy)]
pub struct Sites {
    pub answer: RwSignal<Option<Result<Vec<SiteInfo>, ApiError>>>,
    pub loading: RwSignal<bool>,
}

impl Sites {
    /// Provides the sites to the settings' pages, and asks for them when `load`.
    pub fn provide(console: Console, load: bool) -> Sites {
        let sites = Sites {
            answer: RwSignal::new(None),
            loading: RwSignal::new(false),
        };
        provide_context(sites);
        if load {
            sites.load(console);
        }
        sites
    }

    /// `GET /sites` again.
    pub fn load(self, console: Console) {
        self.loading.set(true);
        spawn_local(async move {
            let result = console.check(settings::sites().await);
            // Unless the settings are gone.
            if self.loading.try_set(false).is_none() {
                self.answer.set(Some(result));
            }
        });
    }

    /// The sites loaded so far (none while loading or after a failure).
    pub fn list(self) -> Vec<SiteInfo> {
        self.answer.with(|answer| match answer {
            Some(Ok(sites)) => sites.clone(),
            _ => Vec::new(),
        })
    }

    /// Puts `site` in the list (replacing the one with its key).
    pub fn put(self, site: SiteInfo) {
        self.answer.update(|answer| {
            if let Some(Ok(sites)) = answer {
                match sites.iter_mut().find(|s| s.key == site.key) {
                    Some(old) => *old = site,
                    None => sites.push(site),
                }
            }
        });
    }
}

/// "Could not save the rules. The server says: “…”." and the like.
pub fn refusal_text(locale: Locale, what: S, refusal: &Refusal) -> String {
    let say = |text: S| tr(locale, text.into()).to_owned();
    let why = match (&refusal.error, &refusal.message) {
        (ApiError::Forbidden, _) => tr(locale, AdminText::AdminsOnly.into()).to_owned(),
        (ApiError::InvalidInput | ApiError::Conflict | ApiError::InvalidState, Some(message)) => {
            server_says(locale, message)
        }
        (ApiError::Conflict, None) => say(S::KeyTaken),
        (ApiError::NotFound, _) => say(S::Gone),
        (ApiError::InvalidInput | ApiError::InvalidState, None) => String::new(),
        (error, _) => tr(locale, failure_text(*error)).to_owned(),
    };
    format!("{} {why}", tr(locale, what.into()))
        .trim_end()
        .to_owned()
}

/// A select of the sites (`value` holds the key), labelled.
#[component]
pub fn SiteSelect(
    /// The select's id.
    id: &'static str,
    /// Its label.
    label: S,
    /// The chosen key.
    value: RwSignal<String>,
    /// Offers "Any site" (`""`) first.
    #[prop(optional)]
    any: Option<S>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let sites = expect_context::<Sites>();
    let options = move || {
        sites
            .list()
            .into_iter()
            .map(|site| {
                let key = site.key.clone();
                view! {
                    <option value=site.key.clone() prop:selected=move || value.get() == key>
                        {format!("{} ({})", site.name, site.key)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for=id>{move || console.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {any
                    .map(|any| {
                        view! {
                            <option value="" prop:selected=move || value.get().is_empty()>
                                {move || console.t(any)}
                            </option>
                        }
                    })}
                {options}
            </select>
        </div>
    }
}

/// A select of the levels (`value` holds `l1`…`l3`, or `""` for `none`'s label).
#[component]
pub fn LevelSelect(
    /// The select's id.
    id: String,
    /// Its label.
    label: S,
    /// The chosen level's word.
    value: RwSignal<String>,
    /// The label of `""` (none when every choice must be a level).
    #[prop(optional)]
    none: Option<S>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let options = Level::ALL
        .into_iter()
        .map(|level| {
            view! {
                <option value=level.as_str() prop:selected=move || value.get() == level.as_str()>
                    {move || level_name(console.locale.get(), level)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{move || console.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {none
                    .map(|none| {
                        view! {
                            <option value="" prop:selected=move || value.get().is_empty()>
                                {move || console.t(none)}
                            </option>
                        }
                    })}
                {options}
            </select>
        </div>
    }
}

/// A field's error line `#{id}` (the field points at it with `aria-describedby` while it says
/// something).
#[component]
pub fn FieldError(
    /// The line's id.
    id: String,
    /// What it says.
    #[prop(into)]
    text: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p id=id class="error field-error" hidden=move || text.with(Option::is_none)>
            {move || text.get()}
        </p>
    }
}
