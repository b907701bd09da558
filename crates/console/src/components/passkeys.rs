//! The account's "Passkeys" section: the member's passkeys, adding one (a name, then the
//! browser's prompt), removing one behind a question in the page. On the set-up-only screen it
//! is the other way to meet a required second factor. The browser's side is `crate::webauthn`.

use ayuda_api::{NewPasskey, PasskeyInfo};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{Failure, failure_text};
use super::confirm::{BusyMark, Confirm};
use super::load::loading_line;
use crate::api::{self, ApiError, Refusal};
use crate::dom;
use crate::i18n::{
    Locale, PasskeyText, confirm_remove_passkey, device_name, remove_passkey_label, server_says,
    too_many_attempts, tr,
};
use crate::state::Console;
use crate::webauthn::{self, Availability, Ceremony, CeremonyError, MAX_NAME_CHARS};

/// Why passkeys cannot be offered, for a note in place of the buttons; `None` when they can,
/// or when the browser simply lacks them (each screen decides what to say then).
pub(super) fn unavailable_text(locale: Locale, availability: &Availability) -> Option<String> {
    let say = |text: PasskeyText| tr(locale, text.into());
    match availability {
        Availability::ServerRefused(Some(why)) => Some(format!(
            "{} {}",
            say(PasskeyText::Unavailable),
            server_says(locale, why)
        )),
        Availability::ServerRefused(None) => Some(say(PasskeyText::Unavailable).to_owned()),
        Availability::Ready | Availability::Unsupported => None,
    }
}

/// What went wrong in the section, for `#passkeys-error`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// No name for the new passkey.
    MissingName,
    /// The browser could not create it.
    Browser(CeremonyError),
    /// The server did not add it.
    AddRefused(Refusal),
    /// The server did not remove it.
    RemoveRefused(Refusal),
}

fn problem_text(locale: Locale, problem: &Problem) -> String {
    let say = |text: PasskeyText| tr(locale, text.into());
    let failed = say(PasskeyText::AddFailed);
    match problem {
        Problem::MissingName => say(PasskeyText::MissingName).to_owned(),
        Problem::Browser(CeremonyError::AlreadyRegistered) => {
            format!("{failed} {}", say(PasskeyText::AlreadyOnDevice))
        }
        Problem::Browser(CeremonyError::WrongAddress) => {
            format!("{failed} {}", say(PasskeyText::WrongAddress))
        }
        Problem::Browser(_) => format!("{failed} {}", say(PasskeyText::BrowserFailed)),
        Problem::AddRefused(refusal) => format!("{failed} {}", reason(locale, refusal)),
        Problem::RemoveRefused(refusal) => {
            format!(
                "{} {}",
                say(PasskeyText::RemoveFailed),
                reason(locale, refusal)
            )
        }
    }
}

/// Why the server refused: its own message for a refused passkey or an impossible removal (the
/// only second factor of a member who must have one), else the usual wording.
fn reason(locale: Locale, refusal: &Refusal) -> String {
    match (refusal.error, refusal.message.as_deref()) {
        (ApiError::RateLimited(seconds), _) => too_many_attempts(locale, seconds),
        (ApiError::InvalidInput | ApiError::InvalidState, Some(message)) => {
            server_says(locale, message)
        }
        (ApiError::InvalidInput, None) => tr(locale, PasskeyText::BrowserFailed.into()).to_owned(),
        (error, _) => tr(locale, failure_text(error)).to_owned(),
    }
}

/// How adding a passkey ended, when it did not.
enum NotAdded {
    /// The user closed the browser's prompt.
    Cancelled,
    /// The server has no passkeys: its message.
    Unavailable(Option<String>),
    Failed(Problem),
}

/// The registration, the browser's new credential, and the server's taking it.
async fn create(
    console: Console,
    csrf_token: String,
    name: String,
) -> Result<PasskeyInfo, NotAdded> {
    let refused = |refusal: Refusal| match refusal.error {
        ApiError::InvalidState => NotAdded::Unavailable(refusal.message),
        _ => NotAdded::Failed(Problem::AddRefused(refusal)),
    };
    let challenge = console
        .check(api::passkeys::begin_registration(&csrf_token).await)
        .map_err(refused)?;
    let credential = webauthn::run(Ceremony::Create, &challenge.options)
        .await
        .map_err(|error| match error {
            CeremonyError::Cancelled => NotAdded::Cancelled,
            error => NotAdded::Failed(Problem::Browser(error)),
        })?;
    let new = NewPasskey {
        ceremony: challenge.ceremony,
        name,
        credential,
    };
    console
        .check(api::passkeys::add_passkey(&csrf_token, &new).await)
        .map_err(refused)
}

/// Focuses `id` once the view has been drawn.
fn focus_soon(id: String) {
    request_animation_frame(move || {
        dom::focus_id(&id);
    });
}

/// The suggested name of a new passkey, from the browser ("Chrome on Linux").
fn suggested_name(locale: Locale) -> String {
    let agent = webauthn::user_agent();
    let (browser, system) = webauthn::guess_device(&agent);
    device_name(locale, browser, system)
}

/// `section#passkeys`.
#[component]
pub fn Passkeys(
    /// On the set-up-only screen: says a passkey meets the requirement.
    #[prop(optional)]
    setup: bool,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let p = move |text: PasskeyText| console.t(text);
    let list = RwSignal::new(None::<Result<Vec<PasskeyInfo>, ApiError>>);
    let status = RwSignal::new(None::<PasskeyText>);
    let problem = RwSignal::new(None::<Problem>);
    let availability = RwSignal::new(webauthn::availability(Ceremony::Create));
    let name = RwSignal::new(suggested_name(console.locale.get_untracked()));
    let adding = RwSignal::new(false);
    let confirming = RwSignal::new(None::<PasskeyInfo>);
    let removing = RwSignal::new(false);
    let load = move || {
        list.set(None);
        spawn_local(async move {
            let result = console.check(api::passkeys::passkeys().await);
            list.set(Some(result));
        });
    };
    load();

    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        if adding.get_untracked() {
            return;
        }
        let Some(typed) = webauthn::clean_name(&name.get_untracked()) else {
            problem.set(Some(Problem::MissingName));
            dom::focus_id("passkey-name");
            return;
        };
        let Some(session) = console.session() else {
            return;
        };
        adding.set(true);
        problem.set(None);
        status.set(Some(PasskeyText::FollowBrowser));
        spawn_local(async move {
            let result = create(console, session.csrf_token, typed).await;
            adding.set(false);
            status.set(None);
            match result {
                Ok(passkey) => {
                    let listed = list.try_update(|list| match list {
                        Some(Ok(list)) => {
                            list.push(passkey);
                            true
                        }
                        _ => false,
                    });
                    if listed != Some(true) {
                        load();
                    }
                    name.set(suggested_name(console.locale.get_untracked()));
                    status.set(Some(PasskeyText::PasskeyAdded));
                    // A passkey is a second factor: on the set-up-only screen this leads on.
                    console.set_two_factor(true, false);
                }
                Err(NotAdded::Cancelled) => status.set(Some(PasskeyText::AddCancelled)),
                Err(NotAdded::Unavailable(message)) => {
                    webauthn::remember_refusal(message.as_deref());
                    availability.set(webauthn::availability(Ceremony::Create));
                    focus_soon("passkeys-unavailable".to_owned());
                }
                Err(NotAdded::Failed(why)) => problem.set(Some(why)),
            }
        });
    };

    let ask = Callback::new(move |passkey: PasskeyInfo| {
        problem.set(None);
        status.set(None);
        confirming.set(Some(passkey));
        focus_soon("remove-passkey-confirm-text".to_owned());
    });
    let cancel = move || {
        if removing.get_untracked() {
            return;
        }
        if let Some(passkey) = confirming.get_untracked() {
            confirming.set(None);
            focus_soon(format!("remove-passkey-{}", passkey.id));
        }
    };
    let remove = move |_| {
        if removing.get_untracked() {
            return;
        }
        let (Some(passkey), Some(session)) = (confirming.get_untracked(), console.session()) else {
            return;
        };
        removing.set(true);
        spawn_local(async move {
            let result = api::passkeys::remove_passkey(&session.csrf_token, passkey.id).await;
            let result = console.check(result);
            removing.set(false);
            confirming.set(None);
            match result {
                // Gone already (removed in another tab) is gone all the same.
                Ok(())
                | Err(Refusal {
                    error: ApiError::NotFound,
                    ..
                }) => {
                    let left = list.try_update(|list| match list {
                        Some(Ok(list)) => {
                            list.retain(|kept| kept.id != passkey.id);
                            Some(list.len())
                        }
                        _ => None,
                    });
                    status.set(Some(PasskeyText::PasskeyRemoved));
                    focus_soon("passkeys-heading".to_owned());
                    if left == Some(Some(0)) {
                        // Whether a second factor is left (an authenticator app).
                        spawn_local(async move {
                            if let Ok(state) = api::two_factor().await {
                                console.set_two_factor(state.totp || state.passkeys > 0, false);
                            }
                        });
                    }
                }
                Err(refusal) => {
                    problem.set(Some(Problem::RemoveRefused(refusal)));
                    focus_soon(format!("remove-passkey-{}", passkey.id));
                }
            }
        });
    };

    let body = move || {
        list.with(|answer| match answer {
            None => loading_line("passkeys-loading"),
            Some(Err(error)) => view! {
                <Failure
                    id="passkeys-load-error"
                    what=PasskeyText::ListFailed.into()
                    error=*error
                    retry=Callback::new(move |()| load())
                />
            }
            .into_any(),
            Some(Ok(passkeys)) if passkeys.is_empty() => view! {
                <p id="passkeys-empty" class="empty">{move || p(PasskeyText::NoPasskeys)}</p>
            }
            .into_any(),
            Some(Ok(passkeys)) => {
                let rows = passkeys
                    .iter()
                    .cloned()
                    .map(|passkey| passkey_row(passkey, ask))
                    .collect_view();
                view! {
                    <div
                        class="table-wrap"
                        tabindex="0"
                        role="region"
                        aria-labelledby="passkeys-caption"
                    >
                        <table class="passkeys">
                            <caption id="passkeys-caption" class="visually-hidden">
                                {move || p(PasskeyText::Caption)}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || p(PasskeyText::Name)}</th>
                                    <th scope="col">{move || p(PasskeyText::Added)}</th>
                                    <th scope="col">{move || p(PasskeyText::LastUsed)}</th>
                                    <th scope="col">
                                        <span class="visually-hidden">
                                            {move || p(PasskeyText::Actions)}
                                        </span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        })
    };

    let question = move || {
        confirming
            .get()
            .map(|passkey| confirm_remove_passkey(console.locale.get(), &passkey.name))
    };
    let adding_form = move || {
        match availability.get() {
        Availability::Ready => view! {
            <form id="add-passkey-form" class="stack add-passkey" on:submit=add>
                <div class="field">
                    <label for="passkey-name">{move || p(PasskeyText::NewName)}</label>
                    <p id="passkey-name-hint" class="hint">{move || p(PasskeyText::NameHint)}</p>
                    <input
                        id="passkey-name"
                        name="passkey-name"
                        type="text"
                        maxlength=MAX_NAME_CHARS.to_string()
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="passkey-name-hint passkeys-error"
                        aria-invalid=move || {
                            if problem.get() == Some(Problem::MissingName) { "true" } else { "false" }
                        }
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <div class="actions">
                    <button
                        type="submit"
                        id="add-passkey"
                        class="button primary"
                        aria-disabled=move || if adding.get() { "true" } else { "false" }
                    >
                        {move || p(if adding.get() { PasskeyText::Adding } else { PasskeyText::Add })}
                    </button>
                </div>
            </form>
        }
        .into_any(),
        Availability::Unsupported => view! {
            <p id="passkeys-unsupported" class="hint">{move || p(PasskeyText::Unsupported)}</p>
        }
        .into_any(),
        unavailable => view! {
            <p id="passkeys-unavailable" class="hint" tabindex="-1">
                {move || unavailable_text(console.locale.get(), &unavailable)}
            </p>
        }
        .into_any(),
    }
    };

    view! {
        <section
            id="passkeys"
            class="block"
            aria-labelledby="passkeys-heading"
            aria-busy=move || if list.with(Option::is_none) { "true" } else { "false" }
        >
            <h2 id="passkeys-heading" tabindex="-1">{move || p(PasskeyText::Passkeys)}</h2>
            <p>{move || p(PasskeyText::Intro)}</p>
            {setup
                .then(|| {
                    view! {
                        <p id="passkeys-setup-hint">{move || p(PasskeyText::SetupAlternative)}</p>
                    }
                })}
            <p id="passkeys-status" class="notice" role="status">
                {move || status.get().map(p)}
            </p>
            {body}
            <Confirm
                id="remove-passkey-confirm"
                open=Signal::derive(move || confirming.with(Option::is_some))
                yes_id="confirm-remove-passkey"
                yes_label=Signal::derive(move || {
                    p(if removing.get() { PasskeyText::Removing } else { PasskeyText::RemoveYes })
                })
                on_yes=Callback::new(remove)
                cancel_id="cancel-remove-passkey"
                on_cancel=Callback::new(move |()| cancel())
                busy=removing
                mark=BusyMark::Both
                escape=true
            >
                {question}
            </Confirm>
            {adding_form}
            <p id="passkeys-error" class="error" role="alert">
                {move || problem.with(|problem| {
                    problem.as_ref().map(|problem| problem_text(console.locale.get(), problem))
                })}
            </p>
        </section>
    }
}

/// A passkey's row: its name, when it was added and last used, and its remove button.
fn passkey_row(passkey: PasskeyInfo, ask: Callback<PasskeyInfo>) -> impl IntoView {
    let console = expect_context::<Console>();
    let p = move |text: PasskeyText| console.t(text);
    let PasskeyInfo {
        id,
        name,
        created_at,
        last_used_at,
    } = passkey.clone();
    let created = created_at.clone();
    let last_used = move || match &last_used_at {
        Some(time) => view! {
            <time datetime=time.clone()>
                {
                    let time = time.clone();
                    move || dom::format_time(&time, console.locale.get(), true)
                }
            </time>
        }
        .into_any(),
        None => view! { <span>{move || p(PasskeyText::Never)}</span> }.into_any(),
    };
    let label = {
        let name = name.clone();
        move || remove_passkey_label(console.locale.get(), &name)
    };
    view! {
        <tr data-passkey-id=id>
            <th scope="row">{name}</th>
            <td>
                <time datetime=created_at>
                    {move || dom::format_time(&created, console.locale.get(), true)}
                </time>
            </td>
            <td>{last_used}</td>
            <td>
                <button
                    type="button"
                    id=format!("remove-passkey-{id}")
                    class="button remove-passkey"
                    data-passkey-id=id
                    aria-label=label
                    on:click=move |_| ask.run(passkey.clone())
                >
                    {move || p(PasskeyText::Remove)}
                </button>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_worded() {
        let last = Refusal {
            error: ApiError::InvalidState,
            message: Some("this is your only second factor".to_owned()),
        };
        assert_eq!(
            problem_text(Locale::En, &Problem::RemoveRefused(last)),
            "Could not remove the passkey. The server says: “this is your only second factor”."
        );
        assert_eq!(
            problem_text(
                Locale::En,
                &Problem::Browser(CeremonyError::AlreadyRegistered)
            ),
            "Could not add the passkey. This device already keeps a passkey for your account."
        );
        let limited = Refusal::from(ApiError::RateLimited(Some(5)));
        assert!(problem_text(Locale::En, &Problem::AddRefused(limited)).ends_with("5 seconds."));
        assert_eq!(
            problem_text(Locale::Es, &Problem::MissingName),
            "Escribe un nombre para la llave de acceso."
        );
    }

    #[test]
    fn unavailability_is_explained() {
        assert_eq!(unavailable_text(Locale::En, &Availability::Ready), None);
        assert_eq!(
            unavailable_text(Locale::En, &Availability::Unsupported),
            None
        );
        assert_eq!(
            unavailable_text(
                Locale::En,
                &Availability::ServerRefused(Some("no domain".to_owned()))
            )
            .as_deref(),
            Some("Passkeys are not available on this server. The server says: “no domain”.")
        );
        assert_eq!(
            unavailable_text(Locale::Es, &Availability::ServerRefused(None)).as_deref(),
            Some("Las llaves de acceso no están disponibles en este servidor.")
        );
    }
}
