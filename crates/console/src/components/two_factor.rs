//! The account's "Two-factor authentication" section: whether it is on, setting it up (the
//! enrolment and the recovery codes are in `enrolment.rs`), new recovery codes, turning it
//! off with the password.

use ayuda_api::{TotpSetup, TwoFactorStatus};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::Failure;
use super::enrolment::{Enrol, Problem, RecoveryCodesView, problem_text};
use super::load::loading_line;
use crate::api::{self, ApiError};
use crate::dom;
use crate::enrol::clean_code;
use crate::i18n::{SecurityText, Text, codes_left, tr};
use crate::state::Console;

/// What the section shows.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Status,
    Enrolling(TotpSetup),
    Codes(Vec<String>),
}

/// Focuses `id` once the view has been drawn.
fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        dom::focus_id(id);
    });
}

#[component]
pub fn TwoFactor() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let status = RwSignal::new(None::<Result<TwoFactorStatus, ApiError>>);
    let step = RwSignal::new(Step::Status);
    let notice = RwSignal::new(None::<SecurityText>);
    let load = move || {
        status.set(None);
        spawn_local(async move {
            let result = console.check(api::two_factor().await);
            status.set(Some(result));
        });
    };
    load();

    let enrolled = Callback::new(move |codes: Vec<String>| {
        step.set(Step::Codes(codes));
        focus_soon("recovery-heading");
    });
    let cancelled = Callback::new(move |()| {
        step.set(Step::Status);
        focus_soon("setup-2fa");
    });
    let done = Callback::new(move |()| {
        step.set(Step::Status);
        notice.set(Some(SecurityText::StateOn));
        load();
        // Leaves the set-up-only console when it was required (the screen is rebuilt).
        console.set_two_factor(true, false);
        focus_soon("two-factor-heading");
    });
    let turned_off = Callback::new(move |()| {
        notice.set(Some(SecurityText::TurnedOff));
        console.set_two_factor(false, false);
        load();
        focus_soon("two-factor-heading");
    });
    let started = Callback::new(move |setup: TotpSetup| {
        notice.set(None);
        step.set(Step::Enrolling(setup));
        focus_soon("totp-heading");
    });
    let renewed = Callback::new(move |codes: Vec<String>| {
        notice.set(None);
        step.set(Step::Codes(codes));
        focus_soon("recovery-heading");
    });

    let body = move || match step.get() {
        Step::Enrolling(setup) => {
            view! { <Enrol setup=setup on_confirmed=enrolled on_cancel=cancelled/> }.into_any()
        }
        Step::Codes(codes) => view! { <RecoveryCodesView codes=codes on_done=done/> }.into_any(),
        Step::Status => status.with(|answer| match answer {
            None => loading_line("two-factor-loading"),
            Some(Err(error)) => view! {
                <Failure
                    id="two-factor-error"
                    what=SecurityText::StatusFailed.into()
                    error=*error
                    retry=Callback::new(move |()| load())
                />
            }
            .into_any(),
            Some(Ok(current)) if current.totp => {
                view! { <TwoFactorOn status=current.clone() on_renewed=renewed on_off=turned_off/> }
                    .into_any()
            }
            Some(Ok(current)) => {
                view! { <TwoFactorOff required=current.required on_started=started/> }.into_any()
            }
        }),
    };

    view! {
        <section
            id="two-factor"
            class="block"
            aria-labelledby="two-factor-heading"
            aria-busy=move || if status.with(Option::is_none) { "true" } else { "false" }
        >
            <h2 id="two-factor-heading" tabindex="-1">{move || s(SecurityText::TwoFactor)}</h2>
            <p>{move || s(SecurityText::TwoFactorIntro)}</p>
            <p id="two-factor-notice" class="notice" role="status">
                {move || notice.get().map(s)}
            </p>
            {body}
        </section>
    }
}

/// Off: "Set up two-factor authentication".
#[component]
fn TwoFactorOff(required: bool, on_started: Callback<TotpSetup>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let start = move |_| {
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = console.check(api::start_totp(&session.csrf_token).await);
            pending.set(false);
            match result {
                Ok(setup) => on_started.run(setup),
                Err(refusal) => error.set(Some(refusal.error)),
            }
        });
    };
    view! {
        <p id="two-factor-state">{move || s(SecurityText::StateOff)}</p>
        {required.then(|| view! { <p>{move || s(SecurityText::RequiredByOrganisation)}</p> })}
        <button
            type="button"
            id="setup-2fa"
            class="button primary"
            disabled=move || pending.get()
            on:click=start
        >
            {move || s(if pending.get() { SecurityText::Preparing } else { SecurityText::SetUp })}
        </button>
        <p id="setup-2fa-error" class="error" role="alert">
            {move || {
                error
                    .get()
                    .map(|error| {
                        let locale = console.locale.get();
                        format!(
                            "{} {}",
                            tr(locale, SecurityText::SetupFailed.into()),
                            problem_text(locale, Problem::Failed(error), SecurityText::WrongCode),
                        )
                    })
            }}
        </p>
    }
}

/// On: the codes left, "New recovery codes" (with a current code) and "Turn off" (with the
/// password; not when the installation requires a second factor).
#[component]
fn TwoFactorOn(
    status: TwoFactorStatus,
    on_renewed: Callback<Vec<String>>,
    on_off: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let left = status.recovery_codes_left;
    let required = status.required;
    view! {
        <p id="two-factor-state">{move || s(SecurityText::StateOn)}</p>
        <p id="recovery-left">{move || codes_left(console.locale.get(), left)}</p>
        {required.then(|| view! { <p>{move || s(SecurityText::RequiredByOrganisation)}</p> })}
        <RenewCodes on_renewed=on_renewed/>
        {(!required).then(|| view! { <TurnOff on_off=on_off/> })}
    }
}

/// "New recovery codes": asks for a current code in the page.
#[component]
fn RenewCodes(on_renewed: Callback<Vec<String>>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let open = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let typed = clean_code(&code.get_untracked());
        if typed.is_empty() {
            problem.set(Some(Problem::Missing(SecurityText::MissingCode)));
            dom::focus_id("renew-code");
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            let result =
                console.check(api::renew_recovery_codes(&session.csrf_token, &typed).await);
            pending.set(false);
            match result {
                Ok(codes) => on_renewed.run(codes.codes),
                Err(refusal) => {
                    code.set(String::new());
                    problem.set(Some(Problem::Failed(refusal.error)));
                    dom::focus_id("renew-code");
                }
            }
        });
    };
    view! {
        <button
            type="button"
            id="renew-codes"
            class="button"
            aria-controls="renew-form"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            hidden=move || open.get()
            on:click=move |_| {
                problem.set(None);
                open.set(true);
                focus_soon("renew-code");
            }
        >
            {move || s(SecurityText::RenewCodes)}
        </button>
        <form id="renew-form" class="stack confirm-plain" hidden=move || !open.get() on:submit=submit>
            <div class="field">
                <label for="renew-code">{move || s(SecurityText::AppCodeLabel)}</label>
                <p id="renew-code-hint" class="hint">{move || s(SecurityText::RenewHint)}</p>
                <input
                    id="renew-code"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    spellcheck="false"
                    aria-describedby="renew-code-hint renew-error"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </div>
            <div class="actions">
                <button type="submit" id="confirm-renew" class="button primary" disabled=move || pending.get()>
                    {move || s(if pending.get() { SecurityText::Renewing } else { SecurityText::CreateCodes })}
                </button>
                <button
                    type="button"
                    id="cancel-renew"
                    class="button"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        open.set(false);
                        code.set(String::new());
                        problem.set(None);
                        focus_soon("renew-codes");
                    }
                >
                    {move || console.t(Text::Cancel)}
                </button>
            </div>
        </form>
        <p id="renew-error" class="error" role="alert">
            {move || {
                problem
                    .get()
                    .map(|problem| {
                        let locale = console.locale.get();
                        format!(
                            "{} {}",
                            tr(locale, SecurityText::RenewFailed.into()),
                            problem_text(locale, problem, SecurityText::WrongCode),
                        )
                    })
            }}
        </p>
    }
}

/// "Turn off": asks for the password in the page.
#[component]
fn TurnOff(on_off: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let open = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let typed = password.get_untracked();
        if typed.is_empty() {
            problem.set(Some(Problem::Missing(SecurityText::TurnOffHint)));
            dom::focus_id("disable-password");
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = console.check(api::disable_totp(&session.csrf_token, &typed).await);
            pending.set(false);
            password.set(String::new());
            match result {
                Ok(()) => on_off.run(()),
                Err(refusal) => {
                    problem.set(Some(Problem::Failed(refusal.error)));
                    dom::focus_id("disable-password");
                }
            }
        });
    };
    view! {
        <button
            type="button"
            id="disable-2fa"
            class="button danger"
            aria-controls="disable-form"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            hidden=move || open.get()
            on:click=move |_| {
                problem.set(None);
                open.set(true);
                focus_soon("disable-password");
            }
        >
            {move || s(SecurityText::TurnOff)}
        </button>
        <form id="disable-form" class="stack confirm" hidden=move || !open.get() on:submit=submit>
            <div class="field">
                <label for="disable-password">{move || console.t(Text::Password)}</label>
                <p id="disable-hint" class="hint">{move || s(SecurityText::TurnOffHint)}</p>
                <input
                    id="disable-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    aria-describedby="disable-hint disable-error"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </div>
            <div class="actions">
                <button type="submit" id="confirm-disable" class="button danger" disabled=move || pending.get()>
                    {move || s(if pending.get() { SecurityText::TurningOff } else { SecurityText::TurnOffYes })}
                </button>
                <button
                    type="button"
                    id="cancel-disable"
                    class="button"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        open.set(false);
                        password.set(String::new());
                        problem.set(None);
                        focus_soon("disable-2fa");
                    }
                >
                    {move || console.t(Text::Cancel)}
                </button>
            </div>
        </form>
        <p id="disable-error" class="error" role="alert">
            {move || {
                problem
                    .get()
                    .map(|problem| {
                        let locale = console.locale.get();
                        let why = match problem {
                            Problem::Failed(ApiError::InvalidState) => {
                                tr(locale, SecurityText::CannotTurnOff.into()).to_owned()
                            }
                            problem => problem_text(locale, problem, SecurityText::WrongPassword),
                        };
                        format!("{} {why}", tr(locale, SecurityText::TurnOffFailed.into()))
                    })
            }}
        </p>
    }
}
