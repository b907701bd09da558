//! One site's editor: name, allowed origins, language, brand colour (a colour picker and its
//! hex), the launcher's corner, text and logo; a live preview drawn in the page (a mock host
//! page with the launcher and the open panel's header in the colour); the embed snippet with
//! Copy; and the site's secret for `identify` (shown on demand, rotated after a question).

use ayuda_api::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::confirm::Confirm;
use super::super::staff::focus_soon;
use super::shared::{FieldError, refusal_text};
use crate::api::settings::{self, Position, SiteInfo};
use crate::dom;
use crate::i18n::{
    Locale, SettingsText as S, edit_site_title, language_name, position_name, site_problem,
};
use crate::settings_site::{
    DEFAULT_COLOR, MAX_LAUNCHER_CHARS, MAX_NAME_CHARS, SiteForm, SiteProblem, logo_drawable,
    normalized_color, snippet, text_on,
};
use crate::state::Console;

#[component]
pub fn SiteEditor(
    /// The site as saved.
    site: SiteInfo,
    /// Runs with the site as the server saved it.
    on_saved: Callback<SiteInfo>,
    /// Runs with the site's key when the editor closes.
    on_close: Callback<String>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let key = site.key.clone();
    let form = SiteForm::from_site(&site);
    let name = RwSignal::new(form.name);
    let origins = RwSignal::new(form.origins);
    let locale = RwSignal::new(form.locale);
    let color = RwSignal::new(form.color);
    let position = RwSignal::new(form.position);
    let launcher = RwSignal::new(form.launcher_text);
    let logo = RwSignal::new(form.logo_url);
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<SiteProblem>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<&'static str>);

    let current = move || SiteForm {
        name: name.get(),
        origins: origins.get(),
        locale: locale.get(),
        color: color.get(),
        position: position.get(),
        launcher_text: launcher.get(),
        logo_url: logo.get(),
    };
    let shown_color = Signal::derive(move || {
        normalized_color(&color.get()).unwrap_or_else(|| DEFAULT_COLOR.to_owned())
    });
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            let problem = problem.get()?;
            (problem.field() == field).then(|| site_problem(console.locale.get(), &problem))
        })
    };
    let described = move |field: &'static str, hint: Option<&'static str>| {
        let error = field_error(field);
        move || {
            let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
            if error.with(Option::is_some) {
                ids.push(format!("{field}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move |field: &'static str| {
        let error = field_error(field);
        move || error.with(Option::is_some).then_some("true")
    };

    let save_key = key.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        status.set(None);
        error.set(None);
        let input = match current().to_input(&save_key) {
            Ok(input) => input,
            Err(bad) => {
                focus_soon(bad.field().to_owned());
                problem.set(Some(bad));
                return;
            }
        };
        problem.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = console.check(settings::update_site(&session.csrf_token, &input).await);
            pending.set(false);
            match result {
                Ok(site) => {
                    status.set(Some(console.t(S::SiteSaved)));
                    on_saved.run(site);
                }
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::SaveSiteFailed,
                    &refusal,
                ))),
            }
        });
    };

    let locale_options = move || {
        let chosen = locale.get();
        let mut tags: Vec<String> = Locale::ALL.iter().map(|l| l.tag().to_owned()).collect();
        if !chosen.is_empty() && !tags.contains(&chosen) {
            tags.push(chosen.clone());
        }
        tags.into_iter()
            .map(|tag| {
                let selected = tag == chosen;
                let label = language_name(console.locale.get(), &tag);
                view! { <option value=tag selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let corners = Position::ALL
        .into_iter()
        .map(|corner| {
            view! {
                <label class="check">
                    <input
                        type="radio"
                        name="site-position"
                        value=corner.as_str()
                        prop:checked=move || position.get() == corner
                        on:change=move |_| position.set(corner)
                    />
                    {move || position_name(console.locale.get(), corner)}
                </label>
            }
        })
        .collect_view();
    let title_name = name;
    let close_key = key.clone();

    view! {
        <section id="site-editor" class="block card" aria-labelledby="site-form-heading">
            <h3 id="site-form-heading" tabindex="-1">
                {move || edit_site_title(console.locale.get(), &title_name.get())}
            </h3>
            <div class="site-editor-panes">
                <form id="site-form" novalidate on:submit=submit>
                    <div class="field">
                        <label for="site-name">{move || s(S::Name)}</label>
                        <input
                            id="site-name"
                            autocomplete="off"
                            maxlength=MAX_NAME_CHARS
                            aria-invalid=invalid("site-name")
                            aria-describedby=described("site-name", None)
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <FieldError id="site-name-error".to_owned() text=field_error("site-name")/>
                    </div>
                    <div class="field">
                        <label for="site-origins">{move || s(S::AllowedOrigins)}</label>
                        <textarea
                            id="site-origins"
                            rows="4"
                            spellcheck="false"
                            aria-invalid=invalid("site-origins")
                            aria-describedby=described("site-origins", Some("site-origins-hint"))
                            prop:value=move || origins.get()
                            on:input=move |ev| origins.set(event_target_value(&ev))
                        ></textarea>
                        <p id="site-origins-hint" class="hint">{move || s(S::OriginsHint)}</p>
                        <FieldError id="site-origins-error".to_owned() text=field_error("site-origins")/>
                    </div>
                    <div class="field">
                        <label for="site-locale">{move || s(S::DefaultLanguage)}</label>
                        <select id="site-locale" on:change=move |ev| locale.set(event_target_value(&ev))>
                            {locale_options}
                        </select>
                    </div>
                    <div class="color-fields">
                        <div class="field">
                            <label for="site-color">{move || s(S::BrandColor)}</label>
                            <input
                                type="color"
                                id="site-color"
                                prop:value=move || shown_color.get()
                                on:input=move |ev| color.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for="site-color-text">{move || s(S::ColorHex)}</label>
                            <input
                                id="site-color-text"
                                autocomplete="off"
                                spellcheck="false"
                                maxlength="7"
                                aria-invalid=invalid("site-color-text")
                                aria-describedby=described("site-color-text", None)
                                prop:value=move || color.get()
                                on:input=move |ev| color.set(event_target_value(&ev))
                            />
                        </div>
                    </div>
                    <FieldError id="site-color-text-error".to_owned() text=field_error("site-color-text")/>
                    <fieldset id="site-position" class="choices">
                        <legend>{move || s(S::Position)}</legend>
                        {corners}
                    </fieldset>
                    <div class="field">
                        <label for="site-launcher-text">{move || s(S::LauncherText)}</label>
                        <input
                            id="site-launcher-text"
                            autocomplete="off"
                            maxlength=MAX_LAUNCHER_CHARS
                            aria-invalid=invalid("site-launcher-text")
                            aria-describedby=described("site-launcher-text", Some("site-launcher-text-hint"))
                            prop:value=move || launcher.get()
                            on:input=move |ev| launcher.set(event_target_value(&ev))
                        />
                        <p id="site-launcher-text-hint" class="hint">{move || s(S::LauncherTextHint)}</p>
                        <FieldError id="site-launcher-text-error".to_owned() text=field_error("site-launcher-text")/>
                    </div>
                    <div class="field">
                        <label for="site-logo">{move || s(S::LogoUrl)}</label>
                        <input
                            id="site-logo"
                            type="url"
                            autocomplete="off"
                            spellcheck="false"
                            aria-invalid=invalid("site-logo")
                            aria-describedby=described("site-logo", Some("site-logo-hint"))
                            prop:value=move || logo.get()
                            on:input=move |ev| logo.set(event_target_value(&ev))
                        />
                        <p id="site-logo-hint" class="hint">{move || s(S::LogoHint)}</p>
                        <FieldError id="site-logo-error".to_owned() text=field_error("site-logo")/>
                    </div>
                    <div class="actions">
                        <button
                            type="submit"
                            id="save-site"
                            class="button primary"
                            aria-disabled=move || pending.get().then_some("true")
                        >
                            {move || s(if pending.get() { S::Saving } else { S::Save })}
                        </button>
                        <button
                            type="button"
                            id="close-site"
                            class="button"
                            on:click=move |_| on_close.run(close_key.clone())
                        >
                            {move || s(S::Close)}
                        </button>
                    </div>
                    <p id="site-status" class="status-line" role="status">{move || status.get()}</p>
                    <p id="site-error" class="error" role="alert">{move || error.get()}</p>
                </form>
                <SitePreview
                    name=name.into()
                    color=shown_color
                    position=position.into()
                    launcher=launcher.into()
                    logo=logo.into()
                />
            </div>
            <Embed site_key=key.clone() position=position.into()/>
            <Secret site_key=key/>
        </section>
    }
}

/// The mock host page: the launcher in the colour at its corner, with its text or logo, and the
/// open panel's header. Decorative (its facts are the form's), so hidden from screen readers.
#[component]
fn SitePreview(
    name: Signal<String>,
    color: Signal<String>,
    position: Signal<Position>,
    launcher: Signal<String>,
    logo: Signal<String>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let ink = move || text_on(&color.get());
    let logo_note = move || {
        let url = logo.get();
        (!url.trim().is_empty() && !logo_drawable(&url)).then(|| s(S::LogoNotDrawn))
    };
    view! {
        <section id="site-preview" class="site-preview" aria-labelledby="site-preview-heading">
            <h4 id="site-preview-heading">{move || s(S::Preview)}</h4>
            <div
                class="mock-host"
                class:mock-left=move || position.get() == Position::Left
                aria-hidden="true"
            >
                <div class="mock-page">
                    <span class="mock-line"></span>
                    <span class="mock-line short"></span>
                    <span class="mock-line"></span>
                </div>
                <div class="mock-panel">
                    <div
                        class="mock-panel-head"
                        style:background-color=move || color.get()
                        style:color=ink
                    >
                        {move || name.get()}
                    </div>
                    <span class="mock-line"></span>
                    <span class="mock-line short"></span>
                </div>
                <div
                    id="mock-launcher"
                    class="mock-launcher"
                    style:background-color=move || color.get()
                    style:color=ink
                >
                    {move || {
                        let url = logo.get();
                        if logo_drawable(&url) {
                            view! { <img class="mock-logo" src=url alt=""/> }.into_any()
                        } else {
                            view! { <span class="mock-glyph">"?"</span> }.into_any()
                        }
                    }}
                    {move || {
                        let text = launcher.get();
                        (!text.trim().is_empty())
                            .then(|| view! { <span class="mock-launcher-text">{text}</span> })
                    }}
                </div>
            </div>
            <p id="site-preview-note" class="hint">{logo_note}</p>
        </section>
    }
}

/// The tag to paste in the host page, with Copy.
#[component]
fn Embed(site_key: String, position: Signal<Position>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let copied = RwSignal::new(None::<bool>);
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let text = Signal::derive(move || snippet(&origin, &site_key, position.get()));
    let copy = move |_| {
        let text = text.get_untracked();
        spawn_local(async move {
            copied.set(Some(dom::copy_text(&text).await));
        });
    };
    view! {
        <section class="embed" aria-labelledby="embed-heading">
            <h4 id="embed-heading">{move || s(S::Embed)}</h4>
            <p class="hint">{move || s(S::EmbedHint)}</p>
            <pre class="snippet"><code id="site-snippet">{move || text.get()}</code></pre>
            <div class="actions">
                <button type="button" id="copy-snippet" class="button" on:click=copy>
                    {move || s(S::CopySnippet)}
                </button>
            </div>
            <p id="copy-snippet-status" class="status-line" role="status">
                {move || copied.get().map(|ok| s(if ok { S::Copied } else { S::CopyFailed }))}
            </p>
        </section>
    }
}

/// The site's secret: shown on demand, rotated after a question (shown once then, with Copy).
#[component]
fn Secret(site_key: String) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let secret = RwSignal::new(None::<(String, bool)>);
    let asking = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<bool>);
    let key = StoredValue::new(site_key);

    let show = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        copied.set(None);
        spawn_local(async move {
            let result = console.check(settings::site_secret(&key.get_value()).await);
            pending.set(false);
            match result {
                Ok(answer) => secret.set(Some((answer.secret, false))),
                Err(failure) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::SecretFailed,
                    &failure.into(),
                ))),
            }
        });
    };
    let rotate = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        if session.user.role != Role::Admin {
            return;
        }
        pending.set(true);
        error.set(None);
        copied.set(None);
        spawn_local(async move {
            let result =
                console.check(settings::rotate_secret(&session.csrf_token, &key.get_value()).await);
            pending.set(false);
            asking.set(false);
            match result {
                Ok(answer) => {
                    secret.set(Some((answer.secret, true)));
                    focus_soon("site-secret-heading".to_owned());
                }
                Err(refusal) => {
                    error.set(Some(refusal_text(
                        console.locale.get_untracked(),
                        S::RotateFailed,
                        &refusal,
                    )));
                    focus_soon("rotate-secret".to_owned());
                }
            }
        });
    });
    let copy = move |_| {
        let Some((text, _)) = secret.get_untracked() else {
            return;
        };
        spawn_local(async move {
            copied.set(Some(dom::copy_text(&text).await));
        });
    };
    view! {
        <section class="secret-box" aria-labelledby="site-secret-heading">
            <h4 id="site-secret-heading" tabindex="-1">{move || s(S::SiteSecret)}</h4>
            <p class="hint">{move || s(S::SecretHint)}</p>
            {move || {
                secret
                    .get()
                    .map(|(value, rotated)| {
                        view! {
                            <p id="secret-warning" class="notice" hidden=!rotated>
                                {move || s(S::SecretRotated)}
                            </p>
                            <p>
                                <code id="site-secret" class="secret">{value}</code>
                            </p>
                            <div class="actions">
                                <button type="button" id="copy-secret" class="button" on:click=copy>
                                    {move || s(S::CopySecret)}
                                </button>
                                <button
                                    type="button"
                                    id="hide-secret"
                                    class="button"
                                    on:click=move |_| {
                                        secret.set(None);
                                        focus_soon("show-secret".to_owned());
                                    }
                                >
                                    {move || s(S::HideSecret)}
                                </button>
                            </div>
                        }
                    })
            }}
            <div class="actions" hidden=move || secret.with(Option::is_some)>
                <button
                    type="button"
                    id="show-secret"
                    class="button"
                    aria-disabled=move || pending.get().then_some("true")
                    on:click=show
                >
                    {move || s(S::ShowSecret)}
                </button>
                <button
                    type="button"
                    id="rotate-secret"
                    class="button danger"
                    aria-controls="rotate-confirm"
                    aria-expanded=move || if asking.get() { "true" } else { "false" }
                    on:click=move |_| {
                        asking.set(true);
                        focus_soon("rotate-confirm-text".to_owned());
                    }
                >
                    {move || s(S::RotateSecret)}
                </button>
            </div>
            <Confirm
                id="rotate-confirm"
                open=asking
                yes_id="confirm-rotate"
                yes_label=Signal::derive(move || s(if pending.get() { S::Rotating } else { S::RotateYes }))
                on_yes=rotate
                cancel_id="cancel-rotate"
                on_cancel=Callback::new(move |()| {
                    asking.set(false);
                    focus_soon("rotate-secret".to_owned());
                })
                busy=pending
                escape=true
            >
                {move || s(S::RotateQuestion)}
            </Confirm>
            <p id="copy-secret-status" class="status-line" role="status">
                {move || copied.get().map(|ok| s(if ok { S::Copied } else { S::CopyFailed }))}
            </p>
            <p id="secret-error" class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
