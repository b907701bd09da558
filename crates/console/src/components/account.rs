//! Your account: who you are, your second factor, where you are signed in, and "sign out
//! everywhere" behind a confirmation step in the page; and the set-up-only screen while a
//! required second factor is missing.

use ayuda_api::SessionInfo;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{Failure, failure_text};
use super::confirm::{BusyMark, Confirm};
use super::load::loading_line;
use super::passkeys::Passkeys;
use super::two_factor::TwoFactor;
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{SecurityText, Text, role_text, session_kind};
use crate::state::{Console, Notice};

#[component]
pub fn AccountScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let email = move || {
        console
            .session()
            .map(|session| session.user.email)
            .unwrap_or_default()
    };
    let role = move || console.role().map(|role| t(role_text(role)));

    view! {
        <h1 tabindex="-1">{move || t(Text::Account)}</h1>
        <dl class="facts">
            <div>
                <dt>{move || t(Text::Email)}</dt>
                <dd id="account-email">{email}</dd>
            </div>
            <div>
                <dt>{move || t(Text::Role)}</dt>
                <dd id="account-role">{role}</dd>
            </div>
        </dl>
        <TwoFactor/>
        <Passkeys/>
        <Sessions/>
        <SignOutEverywhere/>
    }
}

/// While the installation requires a second factor the member has not set up: only that.
#[component]
pub fn SetupRequiredScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <h1 tabindex="-1">{move || console.t(SecurityText::TwoFactor)}</h1>
        <p id="setup-required" class="notice">
            {move || console.t(SecurityText::SetupRequiredNotice)}
        </p>
        <TwoFactor/>
        <Passkeys setup=true/>
    }
}

/// The user's active sessions, this browser's marked.
#[component]
fn Sessions() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let answer = RwSignal::new(None::<Result<Vec<SessionInfo>, ApiError>>);
    let load = move || {
        answer.set(None);
        spawn_local(async move {
            let result = console.check(api::sessions().await);
            answer.set(Some(result));
        });
    };
    load();

    let body = move || {
        answer.with(|answer| match answer {
            None => loading_line("sessions-loading"),
            Some(Err(error)) => view! {
                <Failure
                    id="sessions-error"
                    what=Text::SessionsFailed
                    error=*error
                    retry=Callback::new(move |()| load())
                />
            }
            .into_any(),
            Some(Ok(sessions)) if sessions.is_empty() => {
                view! { <p class="empty">{move || t(Text::NoSessions)}</p> }.into_any()
            }
            Some(Ok(sessions)) => {
                let rows = sessions.iter().cloned().map(session_row).collect_view();
                view! {
                    <div
                        class="table-wrap"
                        tabindex="0"
                        role="region"
                        aria-labelledby="sessions-heading"
                    >
                        <table class="sessions">
                            <caption class="visually-hidden">
                                {move || t(Text::ActiveSessions)}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || t(Text::Client)}</th>
                                    <th scope="col">{move || t(Text::Kind)}</th>
                                    <th scope="col">{move || t(Text::SignedInAt)}</th>
                                    <th scope="col">{move || t(Text::LastSeen)}</th>
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

    view! {
        <section
            class="block"
            aria-busy=move || if answer.with(Option::is_none) { "true" } else { "false" }
        >
            <h2 id="sessions-heading">{move || t(Text::ActiveSessions)}</h2>
            {body}
        </section>
    }
}

fn session_row(session: SessionInfo) -> impl IntoView {
    let console = expect_context::<Console>();
    let SessionInfo {
        id,
        kind,
        client,
        created_at,
        last_seen_at,
        current,
        ..
    } = session;
    let created = created_at.clone();
    let last_seen = move || match &last_seen_at {
        Some(time) => dom::format_time(time, console.locale.get(), true),
        None => console.t(Text::NotYet).to_owned(),
    };
    view! {
        <tr data-session-id=id class:current=current>
            <th scope="row">
                {client}
                {current
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-current">
                                {move || console.t(Text::ThisBrowser)}
                            </span>
                        }
                    })}
            </th>
            <td>{move || session_kind(console.locale.get(), &kind)}</td>
            <td>
                <time datetime=created_at>
                    {move || dom::format_time(&created, console.locale.get(), true)}
                </time>
            </td>
            <td>{last_seen}</td>
        </tr>
    }
}

/// "Sign out everywhere", then a confirmation in the page (not `window.confirm`): the question
/// takes the focus, Cancel gives it back to the button.
#[component]
fn SignOutEverywhere() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let confirming = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let ask = move |_| {
        error.set(None);
        confirming.set(true);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("confirm-everywhere-text");
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("sign-out-everywhere");
        });
    };
    let confirm = move |_| {
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::sign_out_everywhere(&session.csrf_token).await;
            pending.set(false);
            match result {
                Ok(()) | Err(ApiError::Unauthorized) => console.signed_out(Notice::SignedOut),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };

    view! {
        <section class="block">
            <h2 id="everywhere-heading">{move || t(Text::SignOutEverywhere)}</h2>
            <p>{move || t(Text::SignOutEverywhereHint)}</p>
            <button
                type="button"
                id="sign-out-everywhere"
                class="button danger"
                aria-controls="confirm-everywhere"
                aria-expanded=move || if confirming.get() { "true" } else { "false" }
                hidden=move || confirming.get()
                on:click=ask
            >
                {move || t(Text::SignOutEverywhere)}
            </button>
            <Confirm
                id="confirm-everywhere"
                open=confirming
                yes_id="confirm-sign-out-everywhere"
                yes_label=Signal::derive(move || {
                    t(if pending.get() { Text::SigningOut } else { Text::ConfirmEverywhereYes })
                })
                on_yes=Callback::new(confirm)
                cancel_id="cancel-sign-out-everywhere"
                on_cancel=Callback::new(cancel)
                busy=pending
                mark=BusyMark::Disabled
            >
                {move || t(Text::ConfirmEverywhere)}
            </Confirm>
            <p id="everywhere-error" class="error" role="alert">
                {move || {
                    error
                        .get()
                        .map(|error| {
                            format!(
                                "{} {}",
                                t(Text::EverywhereFailed),
                                t(failure_text(error)),
                            )
                        })
                }}
            </p>
        </section>
    }
}
