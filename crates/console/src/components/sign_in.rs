//! The sign-in screen: e-mail and password, one generic message for wrong credentials, the
//! wait after too many attempts; for an account with a second factor, a second step that asks
//! for its code (the password stays in memory only for that retry). Below the form, a passkey
//! instead of both, or instead of the code (`passkey_sign_in.rs`).

use ayuda_api::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{LocaleSwitch, failure_text};
use super::passkey_sign_in::{PasskeyFailure, PasskeySignIn};
use crate::api::{self, ApiError};
use crate::dom;
use crate::enrol::clean_code;
use crate::i18n::{SecurityText, Text, too_many_attempts, tr};
use crate::state::{Auth, Console, Notice};

#[component]
pub fn SignIn() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: Text| console.t(text);
    let s = move |text: SecurityText| console.t(text);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The password was right and the account asks for its second factor.
    let second_step = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // A passkey was refused, or the browser could not use one.
    let passkey_failure = RwSignal::new(None::<PasskeyFailure>);
    // The code was wrong (or missing).
    let code_error = RwSignal::new(None::<SecurityText>);
    let notice = move || {
        console.auth.with(|auth| match auth {
            Auth::SignedOut(Some(Notice::Expired)) => Some(t(Text::SessionExpired)),
            Auth::SignedOut(Some(Notice::SignedOut)) => Some(t(Text::SignedOut)),
            _ => None,
        })
    };
    let message = move || {
        let locale = console.locale.get();
        error
            .get()
            .map(|error| match error {
                ApiError::RateLimited(seconds) => too_many_attempts(locale, seconds),
                error => tr(locale, failure_text(error)).to_owned(),
            })
            .or_else(|| {
                passkey_failure
                    .get()
                    .map(|failure| tr(locale, failure.text().into()).to_owned())
            })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        passkey_failure.set(None);
        let with_code = second_step.get_untracked();
        let credentials = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            code: with_code.then(|| clean_code(&code.get_untracked())),
            passkey: None,
        };
        if credentials.email.is_empty() || credentials.password.is_empty() {
            error.set(Some(ApiError::InvalidInput));
            dom::focus_id(if credentials.email.is_empty() {
                "email"
            } else {
                "password"
            });
            return;
        }
        if credentials.code.as_deref() == Some("") {
            code_error.set(Some(SecurityText::MissingCode));
            dom::focus_id("sign-in-code");
            return;
        }
        pending.set(true);
        error.set(None);
        code_error.set(None);
        spawn_local(async move {
            let result = api::sign_in(&credentials).await;
            pending.set(false);
            match result {
                Ok(session) => {
                    password.set(String::new());
                    code.set(String::new());
                    console.signed_in(session);
                }
                Err(ApiError::SecondFactorRequired) if !with_code => {
                    second_step.set(true);
                    request_animation_frame(|| {
                        dom::focus_id("sign-in-code");
                    });
                }
                Err(ApiError::InvalidCredentials | ApiError::SecondFactorRequired) if with_code => {
                    code.set(String::new());
                    code_error.set(Some(SecurityText::WrongCode));
                    dom::focus_id("sign-in-code");
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    // Back to the first step: the password and the code are forgotten.
    let change_email = move |_| {
        second_step.set(false);
        password.set(String::new());
        code.set(String::new());
        code_error.set(None);
        error.set(None);
        passkey_failure.set(None);
        request_animation_frame(|| {
            dom::focus_id("email");
        });
    };

    let first_step = move || {
        view! {
            <div class="field">
                <label for="email">{move || t(Text::Email)}</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                    aria-describedby="sign-in-error"
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="password">{move || t(Text::Password)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-describedby="sign-in-error"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </div>
        }
    };
    let code_step = move || {
        view! {
            <p id="sign-in-code-intro">{move || s(SecurityText::CodeIntro)}</p>
            <p id="sign-in-as" class="hint">{move || email.get()}</p>
            <div class="field">
                <label for="sign-in-code">{move || s(SecurityText::CodeLabel)}</label>
                <p id="sign-in-code-hint" class="hint">{move || s(SecurityText::CodeHint)}</p>
                <input
                    id="sign-in-code"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    autocapitalize="off"
                    spellcheck="false"
                    required
                    aria-describedby="sign-in-code-hint sign-in-code-error"
                    aria-invalid=move || if code_error.get().is_some() { "true" } else { "false" }
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
                <p id="sign-in-code-error" class="error" role="alert">
                    {move || code_error.get().map(s)}
                </p>
            </div>
        }
    };

    view! {
        <main id="main" class="sign-in" tabindex="-1">
            <div class="card">
                <h1 tabindex="-1">{move || t(Text::Product)}</h1>
                <p class="lead">{move || t(Text::SignInIntro)}</p>
                <p id="sign-in-notice" class="notice" role="status">
                    {notice}
                </p>
                <form class="stack" on:submit=submit>
                    {move || {
                        if second_step.get() {
                            code_step().into_any()
                        } else {
                            first_step().into_any()
                        }
                    }}
                    <p id="sign-in-error" class="error" role="alert">
                        {message}
                    </p>
                    <button
                        type="submit"
                        id="sign-in"
                        class="button primary"
                        disabled=move || pending.get()
                    >
                        {move || match (second_step.get(), pending.get()) {
                            (false, false) => t(Text::SignIn),
                            (false, true) => t(Text::SigningIn),
                            (true, false) => s(SecurityText::Verify),
                            (true, true) => s(SecurityText::Verifying),
                        }}
                    </button>
                    <button
                        type="button"
                        id="sign-in-back"
                        class="button"
                        hidden=move || !second_step.get()
                        disabled=move || pending.get()
                        on:click=change_email
                    >
                        {move || s(SecurityText::ChangeEmail)}
                    </button>
                </form>
                <PasskeySignIn
                    email=email
                    password=password
                    second_step=second_step
                    pending=pending
                    error=error
                    failure=passkey_failure
                />
            </div>
            <LocaleSwitch/>
        </main>
    }
}
