//! Pieces several screens share: the language switch, a language filter, a search box kept in
//! the address, a failure with its retry button, the wording of failures, in-console links and
//! an article's tabs.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{EditorText, Locale, PublishingText, SecurityText, Text, language_name};
use crate::route::Route;
use crate::state::Console;

/// What to tell the user about a failed call (401 and 403 are handled by the callers).
pub fn failure_text(error: ApiError) -> Text {
    match error {
        ApiError::Network | ApiError::Timeout => Text::NetworkError,
        ApiError::Unauthorized => Text::SessionExpired,
        ApiError::InvalidCredentials => Text::BadCredentials,
        ApiError::SecondFactorRequired => SecurityText::CodeIntro.into(),
        ApiError::SetupRequired => SecurityText::SetupRequiredNotice.into(),
        ApiError::InvalidState => SecurityText::CannotTurnOff.into(),
        ApiError::TooLarge => PublishingText::ImageTooLarge.into(),
        ApiError::UnsupportedMedia => PublishingText::ImageType.into(),
        ApiError::Forbidden => Text::ArticlesForbidden,
        ApiError::InvalidInput => Text::MissingCredentials,
        ApiError::NotFound => EditorText::ArticleGone.into(),
        ApiError::Conflict => EditorText::SlugTaken.into(),
        ApiError::EditConflict => EditorText::ConflictTitle.into(),
        ApiError::RateLimited(_) | ApiError::Server(_) | ApiError::BadData => Text::ServerError,
    }
}

/// `<select id="locale">`: the UI language, each named in itself.
#[component]
pub fn LocaleSwitch() -> impl IntoView {
    let console = expect_context::<Console>();
    let options = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <option
                    value=locale.tag()
                    lang=locale.tag()
                    prop:selected=move || console.locale.get() == locale
                >
                    {locale.autonym()}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="locale">
            <label for="locale">{move || console.t(Text::Language)}</label>
            <select
                id="locale"
                on:change=move |ev| {
                    if let Some(locale) = Locale::parse(&event_target_value(&ev)) {
                        console.set_locale(locale);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

/// A list's language filter: `select#{id}[name=locale]`, "All languages" (`""`) then each
/// language, named in the UI's language.
#[component]
pub fn LanguageFilter(
    /// The select's id.
    id: &'static str,
    /// The language chosen (`None`: all).
    #[prop(into)]
    chosen: Signal<Option<Locale>>,
    /// Runs with the language picked.
    on_pick: Callback<Option<Locale>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let options = Locale::ALL
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.tag() prop:selected=move || chosen.get() == Some(option)>
                    {move || language_name(console.locale.get(), option.tag())}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{move || console.t(Text::Language)}</label>
            <select
                id=id
                name="locale"
                on:change=move |ev| on_pick.run(Locale::parse(&event_target_value(&ev)))
            >
                <option value="" prop:selected=move || chosen.get().is_none()>
                    {move || console.t(Text::AllLanguages)}
                </option>
                {options}
            </select>
        </div>
    }
}

/// A list's search box kept in the address: `input#{id}[type=search][name=q]`, labelled. The
/// box keeps what is typed and each key replaces the address (one history entry per search,
/// not per key); on Back or Forward the box follows the address.
#[component]
pub fn SearchFilter(
    /// The input's id.
    id: &'static str,
    /// Its label.
    #[prop(into)]
    label: Text,
    /// The search text in the address (`None` while the screen is leaving).
    #[prop(into)]
    address: Signal<Option<String>>,
    /// Runs with what was typed.
    on_type: Callback<String>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let text = RwSignal::new(address.get_untracked().unwrap_or_default());
    Effect::new(move |_| {
        if let Some(value) = address.get()
            && text.get_untracked() != value
        {
            text.set(value);
        }
    });
    view! {
        <div class="field grow">
            <label for=id>{move || console.t(label)}</label>
            <input
                type="search"
                id=id
                name="q"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    text.set(typed.clone());
                    on_type.run(typed);
                }
            />
        </div>
    }
}

/// A failed load: what went wrong (`role="alert"`) and a button to try again.
#[component]
pub fn Failure(
    /// The element's id; the retry button's is this plus `-retry`.
    id: &'static str,
    /// What could not be done ("Could not load the articles.").
    what: Text,
    /// Why, as far as the user can act on it.
    error: ApiError,
    /// Runs on "Try again".
    retry: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <div id=id class="failure" role="alert">
            <p>
                {move || console.t(what)} " " {move || console.t(failure_text(error))}
            </p>
            <button
                type="button"
                id=format!("{id}-retry")
                class="button"
                on:click=move |_| retry.run(())
            >
                {move || console.t(Text::Retry)}
            </button>
        </div>
    }
}

/// An in-console link: a real `href` (open in a new tab works), followed without a page load
/// on a plain click.
#[component]
pub fn RouteLink(
    /// Where it leads.
    to: Route,
    /// Its id, for tests.
    #[prop(optional, into)]
    id: Option<String>,
    /// Its class (a link styled as a button).
    #[prop(optional, into)]
    class: Option<String>,
    /// `aria-current="page"` when true.
    #[prop(optional, into)]
    current: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let href = to.href();
    view! {
        <a
            id=id
            class=class
            href=href
            aria-current=move || current.get().then_some("page")
            on:click=move |ev: MouseEvent| {
                if is_plain_click(&ev) {
                    ev.prevent_default();
                    console.navigate(to.clone());
                }
            }
        >
            {children()}
        </a>
    }
}

/// "Edit" / "Versions": an article's two screens, the current one marked.
#[component]
pub fn ArticleTabs(
    /// The article.
    id: i64,
    /// The versions screen is the current one (else the editor).
    on_versions: bool,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    view! {
        <nav class="tabs" aria-label=move || t(EditorText::ArticleViews)>
            <RouteLink
                to=Route::Article(id)
                id="editor-link"
                current=Signal::derive(move || !on_versions)
            >
                {move || t(EditorText::EditTab)}
            </RouteLink>
            <RouteLink
                to=Route::Versions(id)
                id="versions-link"
                current=Signal::derive(move || on_versions)
            >
                {move || t(EditorText::VersionsTab)}
            </RouteLink>
        </nav>
    }
}

/// A left click without modifier keys: anything else (a new tab, a new window, a download)
/// is left to the browser.
fn is_plain_click(ev: &MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}
