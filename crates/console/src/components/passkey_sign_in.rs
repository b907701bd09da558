//! The sign-in screen's passkey button: "Sign in with a passkey" (the passkey alone), or on the
//! second step "Use a passkey instead" (the e-mail and password with it, the passkey as the
//! second factor). Hidden in a browser without WebAuthn's JSON helpers; where the server or
//! the page's address rules passkeys out, a note says why instead.

use ayuda_api::{ConsoleSession, LoginRequest, PasskeyAssertion};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::passkeys::unavailable_text;
use crate::api::{self, ApiError, Refusal};
use crate::dom;
use crate::i18n::PasskeyText;
use crate::state::Console;
use crate::webauthn::{self, Availability, Ceremony, CeremonyError};

/// Why signing in with a passkey failed, for `#sign-in-error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasskeyFailure {
    /// The server did not take the passkey (it never says why).
    Refused,
    /// The browser could not run the ceremony.
    Browser(CeremonyError),
}

impl PasskeyFailure {
    /// What to say.
    pub fn text(self) -> PasskeyText {
        match self {
            PasskeyFailure::Refused => PasskeyText::Refused,
            PasskeyFailure::Browser(CeremonyError::WrongAddress) => PasskeyText::WrongAddress,
            PasskeyFailure::Browser(_) => PasskeyText::BrowserFailed,
        }
    }
}

/// What came of one try.
enum Outcome {
    SignedIn(ConsoleSession),
    /// The user closed the browser's prompt (or let it time out).
    Cancelled,
    /// The server has no passkeys: its message.
    Unavailable(Option<String>),
    Failed(PasskeyFailure),
    /// The calls failed (network, rate limit, server).
    CallFailed(ApiError),
}

/// The challenge, the browser's answer, and the sign-in with it: with `email` and `password`
/// (the second step) or with empty ones (the passkey alone).
async fn attempt(email: String, password: String) -> Outcome {
    let challenge = match api::passkeys::sign_in_challenge().await {
        Ok(challenge) => challenge,
        Err(Refusal {
            error: ApiError::InvalidState,
            message,
        }) => return Outcome::Unavailable(message),
        Err(refusal) => return Outcome::CallFailed(refusal.error),
    };
    let credential = match webauthn::run(Ceremony::Get, &challenge.options).await {
        Ok(credential) => credential,
        Err(CeremonyError::Cancelled) => return Outcome::Cancelled,
        Err(error) => return Outcome::Failed(PasskeyFailure::Browser(error)),
    };
    let request = LoginRequest {
        email,
        password,
        code: None,
        passkey: Some(PasskeyAssertion {
            ceremony: challenge.ceremony,
            credential,
        }),
    };
    match api::sign_in(&request).await {
        Ok(session) => Outcome::SignedIn(session),
        Err(ApiError::InvalidCredentials | ApiError::SecondFactorRequired) => {
            Outcome::Failed(PasskeyFailure::Refused)
        }
        Err(ApiError::InvalidState) => Outcome::Unavailable(None),
        Err(error) => Outcome::CallFailed(error),
    }
}

/// `button#sign-in-passkey` (first step) or `button#second-factor-passkey` (second step),
/// below the sign-in form.
#[component]
pub fn PasskeySignIn(
    /// The e-mail typed in the first step (sent in the second).
    email: RwSignal<String>,
    /// The password (sent in the second step; forgotten once signed in).
    password: RwSignal<String>,
    /// The password was right and the account asks for its second factor.
    second_step: RwSignal<bool>,
    /// A sign-in is out (either kind): no second one starts.
    pending: RwSignal<bool>,
    /// A failed call, said in `#sign-in-error` as the password's are.
    error: RwSignal<Option<ApiError>>,
    /// A refused passkey or a browser's failure, said in `#sign-in-error`.
    failure: RwSignal<Option<PasskeyFailure>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let p = move |text: PasskeyText| console.t(text);
    let availability = RwSignal::new(webauthn::availability(Ceremony::Get));
    // The browser's prompt is open.
    let waiting = RwSignal::new(false);
    let cancelled = RwSignal::new(false);

    let start = move |_| {
        if pending.get_untracked() {
            return;
        }
        let (sent_email, sent_password) = if second_step.get_untracked() {
            (
                email.get_untracked().trim().to_owned(),
                password.get_untracked(),
            )
        } else {
            (String::new(), String::new())
        };
        pending.set(true);
        waiting.set(true);
        cancelled.set(false);
        error.set(None);
        failure.set(None);
        spawn_local(async move {
            let outcome = attempt(sent_email, sent_password).await;
            pending.set(false);
            waiting.set(false);
            match outcome {
                Outcome::SignedIn(session) => {
                    password.set(String::new());
                    console.signed_in(session);
                }
                Outcome::Cancelled => cancelled.set(true),
                Outcome::Unavailable(message) => {
                    webauthn::remember_refusal(message.as_deref());
                    availability.set(webauthn::availability(Ceremony::Get));
                    request_animation_frame(|| {
                        dom::focus_id("sign-in-passkey-unavailable");
                    });
                }
                Outcome::Failed(why) => failure.set(Some(why)),
                Outcome::CallFailed(why) => error.set(Some(why)),
            }
        });
    };

    view! {
        {move || match availability.get() {
            Availability::Unsupported => ().into_any(),
            Availability::Ready => view! {
                <div class="passkey-sign-in">
                    <p class="or">
                        <span>{move || p(PasskeyText::Or)}</span>
                    </p>
                    <button
                        type="button"
                        id=move || {
                            if second_step.get() { "second-factor-passkey" } else { "sign-in-passkey" }
                        }
                        class="button passkey"
                        aria-disabled=move || if pending.get() { "true" } else { "false" }
                        on:click=start
                    >
                        {move || {
                            p(
                                if second_step.get() {
                                    PasskeyText::UsePasskeyInstead
                                } else {
                                    PasskeyText::SignInWithPasskey
                                },
                            )
                        }}
                    </button>
                    <p id="passkey-sign-in-status" class="status-line" role="status">
                        {move || {
                            if waiting.get() {
                                Some(p(PasskeyText::WaitingForPasskey))
                            } else if cancelled.get() {
                                Some(p(PasskeyText::SignInCancelled))
                            } else {
                                None
                            }
                        }}
                    </p>
                </div>
            }
            .into_any(),
            unavailable => view! {
                <p id="sign-in-passkey-unavailable" class="hint" tabindex="-1">
                    {move || unavailable_text(console.locale.get(), &unavailable)}
                </p>
            }
            .into_any(),
        }}
    }
}
