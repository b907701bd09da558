//! The sign-in screen: e-mail and password, one generic message for wrong credentials, the
//! wait after too many attempts.

use ayuda_api::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{LocaleSwitch, failure_text};
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{Text, too_many_attempts, tr};
use crate::state::{Auth, Console, Notice};

#[component]
pub fn SignIn() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let notice = move || {
        console.auth.with(|auth| match auth {
            Auth::SignedOut(Some(Notice::Expired)) => Some(t(Text::SessionExpired)),
            Auth::SignedOut(Some(Notice::SignedOut)) => Some(t(Text::SignedOut)),
            _ => None,
        })
    };
    let message = move || {
        let locale = console.locale.get();
        error.get().map(|error| match error {
            ApiError::RateLimited(seconds) => too_many_attempts(locale, seconds),
            error => tr(locale, failure_text(error)).to_owned(),
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let credentials = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            code: None,
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
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::sign_in(&credentials).await;
            pending.set(false);
            match result {
                Ok(session) => console.signed_in(session),
                Err(failure) => error.set(Some(failure)),
            }
        });
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
                    <p id="sign-in-error" class="error" role="alert">
                        {message}
                    </p>
                    <button
                        type="submit"
                        id="sign-in"
                        class="button primary"
                        disabled=move || pending.get()
                    >
                        {move || t(if pending.get() { Text::SigningIn } else { Text::SignIn })}
                    </button>
                </form>
            </div>
            <LocaleSwitch/>
        </main>
    }
}
