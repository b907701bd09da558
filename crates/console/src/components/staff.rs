//! What the admins' screens share: the change a member went through, the role select, the
//! password field with "Generate a password", and the wording of a refused change.

use ayuda_api::Role;
use js_sys::{Function, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::common::failure_text;
use crate::api::{ApiError, Refusal};
use crate::dom;
use crate::i18n::{AdminText, Locale, Text, role_text, server_says, tr};
use crate::password::{self, PasswordProblem};
use crate::state::Console;

/// A change the screen reports in `#team-notice`, kept as data so it follows the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Role(Role),
    SwitchedOff,
    SwitchedOn,
    PasswordReset,
    TwoFactorReset,
}

/// A `<select>` of the three roles, bound to `role`.
#[component]
pub fn RoleSelect(id: &'static str, role: RwSignal<Role>) -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <select
            id=id
            name="role"
            on:change=move |ev| {
                if let Some(chosen) = Role::parse(&event_target_value(&ev)) {
                    role.set(chosen);
                }
            }
        >
            {[Role::Agent, Role::Editor, Role::Admin]
                .into_iter()
                .map(|option| {
                    view! {
                        <option value=option.as_str() prop:selected=move || role.get() == option>
                            {move || console.t(role_text(option))}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// A password typed in the clear (the admin hands it on), with "Generate a password".
#[component]
pub fn PasswordField(
    /// The input's id; its hint is `{id}-hint`, the button `generate-{id}`.
    id: &'static str,
    label: AdminText,
    password: RwSignal<String>,
    on_generate: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let hint = format!("{id}-hint");
    view! {
        <div class="field password-field">
            <label for=id>{move || a(label)}</label>
            <div class="password-row">
                <input
                    type="text"
                    id=id
                    name="password"
                    class="secret"
                    autocomplete="new-password"
                    spellcheck="false"
                    autocapitalize="off"
                    required
                    maxlength=password::MAX_CHARS
                    aria-describedby=hint.clone()
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    id=format!("generate-{id}")
                    class="button"
                    on:click=move |_| on_generate.run(())
                >
                    {move || a(AdminText::Generate)}
                </button>
            </div>
            <p id=hint class="hint">{move || a(AdminText::PasswordHint)}</p>
        </div>
    }
}

/// Why an admin's change did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    MissingEmail,
    Password(PasswordProblem),
    CannotGenerate,
    Refused(Refusal),
}

/// "Could not add the member. An account with that e-mail already exists."
pub fn problem_text(locale: Locale, what: AdminText, problem: &Problem) -> String {
    let say = |text: Text| tr(locale, text).to_owned();
    let why = match problem {
        Problem::MissingEmail => return say(AdminText::MissingEmail.into()),
        Problem::CannotGenerate => return say(AdminText::GenerateFailed.into()),
        Problem::Password(problem) => {
            return say(match problem {
                PasswordProblem::TooShort => AdminText::PasswordTooShort,
                PasswordProblem::TooLong => AdminText::PasswordTooLong,
                PasswordProblem::Repeated => AdminText::PasswordRepeated,
                PasswordProblem::HoldsEmailName => AdminText::PasswordHoldsName,
            }
            .into());
        }
        Problem::Refused(refusal) => match (&refusal.error, &refusal.message) {
            (ApiError::InvalidState, _) => say(AdminText::LastAdmin.into()),
            (ApiError::Conflict, _) => say(AdminText::EmailTaken.into()),
            (ApiError::NotFound, _) => say(AdminText::MemberGone.into()),
            (ApiError::Forbidden, _) => say(AdminText::AdminsOnly.into()),
            (ApiError::InvalidInput, Some(message)) => server_says(locale, message),
            (ApiError::InvalidInput, None) => String::new(),
            (error, _) => say(failure_text(*error)),
        },
    };
    format!("{} {why}", tr(locale, what.into()))
        .trim_end()
        .to_owned()
}

/// Focuses `id` once the view has been drawn.
pub fn focus_soon(id: String) {
    request_animation_frame(move || {
        dom::focus_id(&id);
    });
}

/// A password from the browser's cryptographic random numbers; `None` without
/// `crypto.getRandomValues` (never a weaker source).
pub fn generated_password() -> Option<String> {
    let window = web_sys::window()?;
    let crypto = Reflect::get(&window, &"crypto".into())
        .ok()
        .filter(|crypto| crypto.is_object())?;
    let fill: Function = Reflect::get(&crypto, &"getRandomValues".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let bytes = Uint8Array::new_with_length(u32::try_from(password::RANDOM_BYTES).ok()?);
    fill.call1(&crypto, &bytes).ok()?;
    password::generate(&bytes.to_vec())
}
