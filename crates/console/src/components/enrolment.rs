//! Setting up the second factor: the QR code and the key to type in, the code that confirms
//! them, and the recovery codes, shown once, to copy or download.

use ayuda_api::TotpSetup;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::failure_text;
use crate::api::{self, ApiError};
use crate::dom;
use crate::enrol::{clean_code, grouped, recovery_file, svg_data_url};
use crate::i18n::{Locale, SecurityText, too_many_attempts, tr};
use crate::state::Console;

/// What went wrong with a form of the second factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A field was left empty: what to ask for.
    Missing(SecurityText),
    /// The server refused.
    Failed(ApiError),
}

/// What to say about `problem`; `wrong` is what a refused code or password means here.
pub fn problem_text(locale: Locale, problem: Problem, wrong: SecurityText) -> String {
    match problem {
        Problem::Missing(text) => tr(locale, text.into()).to_owned(),
        Problem::Failed(ApiError::RateLimited(seconds)) => too_many_attempts(locale, seconds),
        Problem::Failed(ApiError::InvalidInput | ApiError::InvalidCredentials) => {
            tr(locale, wrong.into()).to_owned()
        }
        Problem::Failed(error) => tr(locale, failure_text(error)).to_owned(),
    }
}

/// The QR code, the key, and the code that turns the second factor on.
#[component]
pub fn Enrol(
    /// The pending secret.
    setup: TotpSetup,
    /// Runs with the recovery codes once a code was accepted.
    on_confirmed: Callback<Vec<String>>,
    /// Runs on "Cancel".
    on_cancel: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let code = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let qr = svg_data_url(&setup.qr_svg);
    let secret = grouped(&setup.secret);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let typed = clean_code(&code.get_untracked());
        if typed.is_empty() {
            problem.set(Some(Problem::Missing(SecurityText::MissingCode)));
            dom::focus_id("totp-code");
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = console.check(api::confirm_totp(&session.csrf_token, &typed).await);
            pending.set(false);
            match result {
                Ok(codes) => on_confirmed.run(codes.codes),
                Err(refusal) => {
                    code.set(String::new());
                    problem.set(Some(Problem::Failed(refusal.error)));
                    dom::focus_id("totp-code");
                }
            }
        });
    };

    view! {
        <div id="totp-setup" class="enrol">
            <h3 id="totp-heading" tabindex="-1">{move || s(SecurityText::SetUp)}</h3>
            <p>{move || s(SecurityText::ScanQr)}</p>
            <img
                id="totp-qr"
                class="qr"
                src=qr
                width="200"
                height="200"
                alt=move || s(SecurityText::QrAlt)
            />
            <p id="totp-secret-label" class="hint">{move || s(SecurityText::SecretLabel)}</p>
            <p>
                <code id="totp-secret" class="secret" aria-labelledby="totp-secret-label">
                    {secret}
                </code>
            </p>
            <form class="stack" on:submit=submit>
                <div class="field">
                    <label for="totp-code">{move || s(SecurityText::AppCodeLabel)}</label>
                    <p id="totp-code-hint" class="hint">{move || s(SecurityText::AppCodeHint)}</p>
                    <input
                        id="totp-code"
                        name="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        spellcheck="false"
                        aria-describedby="totp-code-hint setup-2fa-error"
                        aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                </div>
                <p id="setup-2fa-error" class="error" role="alert">
                    {move || {
                        problem
                            .get()
                            .map(|problem| {
                                let locale = console.locale.get();
                                format!(
                                    "{} {}",
                                    tr(locale, SecurityText::SetupFailed.into()),
                                    problem_text(locale, problem, SecurityText::WrongCode),
                                )
                            })
                    }}
                </p>
                <div class="actions">
                    <button
                        type="submit"
                        id="confirm-2fa"
                        class="button primary"
                        disabled=move || pending.get()
                    >
                        {move || {
                            s(if pending.get() { SecurityText::TurningOn } else { SecurityText::TurnOn })
                        }}
                    </button>
                    <button
                        type="button"
                        id="cancel-setup"
                        class="button"
                        disabled=move || pending.get()
                        on:click=move |_| on_cancel.run(())
                    >
                        {move || console.t(crate::i18n::Text::Cancel)}
                    </button>
                </div>
            </form>
        </div>
    }
}

/// The ten recovery codes, this once: a list, "Copy", "Download" and "Done".
#[component]
pub fn RecoveryCodesView(
    codes: Vec<String>,
    /// Runs on "Done".
    on_done: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: SecurityText| console.t(text);
    let copied = RwSignal::new(false);
    let codes = StoredValue::new(codes);
    let file = move || {
        let email = console
            .session()
            .map(|session| session.user.email)
            .unwrap_or_default();
        let title = tr(
            console.locale.get_untracked(),
            SecurityText::RecoveryFileTitle.into(),
        );
        codes.with_value(|codes| recovery_file(title, &email, codes))
    };
    let copy = move |_| {
        let text = codes.with_value(|codes| codes.join("\n"));
        spawn_local(async move {
            // A refused clipboard changes nothing: the codes are on the screen.
            copied.set(dom::copy_text(&text).await);
        });
    };
    let download = move |_| dom::download_text("ayuda-recovery-codes.txt", &file());
    let items = codes.with_value(|codes| {
        codes
            .iter()
            .map(|code| view! { <li><code>{code.clone()}</code></li> })
            .collect_view()
    });

    view! {
        <div id="recovery" class="enrol">
            <h3 id="recovery-heading" tabindex="-1">{move || s(SecurityText::RecoveryTitle)}</h3>
            <p id="recovery-hint">{move || s(SecurityText::RecoveryHint)}</p>
            <ul id="recovery-codes" class="codes" aria-labelledby="recovery-heading">
                {items}
            </ul>
            <div class="actions">
                <button type="button" id="copy-codes" class="button" on:click=copy>
                    {move || s(SecurityText::Copy)}
                </button>
                <button type="button" id="download-codes" class="button" on:click=download>
                    {move || s(SecurityText::Download)}
                </button>
                <button
                    type="button"
                    id="recovery-done"
                    class="button primary"
                    on:click=move |_| on_done.run(())
                >
                    {move || s(SecurityText::Done)}
                </button>
            </div>
            <p id="copy-status" class="status-line" role="status">
                {move || copied.get().then(|| s(SecurityText::Copied))}
            </p>
        </div>
    }
}
