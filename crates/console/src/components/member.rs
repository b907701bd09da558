//! One member's panel on the team screen: change the role, switch the account off (asked first:
//! their sessions end at once) or on, set a new password, reset their second factor (asked
//! first). The server's refusals (the last active admin) are shown as it gives them.

use ayuda_api::{User, UserUpdate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::Confirm;
use super::staff::{
    Change, PasswordField, Problem, RoleSelect, focus_soon, generated_password, problem_text,
};
use crate::api::{self, Refusal};
use crate::i18n::{
    AdminText, Text, confirm_reset_password, confirm_reset_two_factor, confirm_switch_off,
    role_text,
};
use crate::password;
use crate::state::Console;
use crate::team;

/// The question open in the panel, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Asking {
    Nothing,
    SwitchOff,
    Password,
    TwoFactor,
}

/// The call out, for the buttons' words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Idle,
    Role,
    Active,
    Password,
    TwoFactor,
}

#[component]
pub fn MemberPanel(
    /// The member, as last answered by the server.
    member: User,
    /// The whole team (for "the last active admin").
    team: Signal<Vec<User>>,
    /// The member changed (role, switched off or on, second factor reset).
    on_changed: Callback<(User, Change)>,
    /// A new password was set: the member, and the password to pass on.
    on_password: Callback<(User, String)>,
    /// "Close", with the member's id (the focus goes back to their row).
    on_close: Callback<i64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let t = move |text: Text| console.t(text);
    let id = member.id;
    let email = member.email.clone();
    let active = member.active;
    let current_role = member.role;
    let role = RwSignal::new(member.role);
    let asking = RwSignal::new(Asking::Nothing);
    let pending = RwSignal::new(Pending::Idle);
    let busy = move || pending.get() != Pending::Idle;
    let error = RwSignal::new(None::<(AdminText, Problem)>);
    let new_password = RwSignal::new(String::new());
    let last_admin = {
        let member = member.clone();
        move || team.with(|users| team::is_last_admin(users, &member))
    };

    let ask = move |question: Asking, focus: &'static str| {
        error.set(None);
        asking.set(question);
        focus_soon(focus.to_owned());
    };
    let cancel = move |back_to: &'static str| {
        asking.set(Asking::Nothing);
        focus_soon(back_to.to_owned());
    };
    let refused = move |what: AdminText, refusal: Refusal| {
        error.set(Some((what, Problem::Refused(refusal))));
    };

    let save_role = move |_| {
        let chosen = role.get_untracked();
        if busy() || chosen == current_role {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(Pending::Role);
        error.set(None);
        spawn_local(async move {
            let change = UserUpdate {
                role: Some(chosen),
                active: None,
            };
            let result = api::admin::update_user(&session.csrf_token, id, &change).await;
            pending.set(Pending::Idle);
            match console.check(result) {
                Ok(user) => {
                    on_changed.run((user, Change::Role(chosen)));
                    focus_soon("save-role".to_owned());
                }
                Err(refusal) => refused(AdminText::ChangeFailed, refusal),
            }
        });
    };
    let set_active = move |on: bool| {
        if busy() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(Pending::Active);
        error.set(None);
        spawn_local(async move {
            let change = UserUpdate {
                role: None,
                active: Some(on),
            };
            let result = api::admin::update_user(&session.csrf_token, id, &change).await;
            pending.set(Pending::Idle);
            match console.check(result) {
                Ok(user) => {
                    asking.set(Asking::Nothing);
                    on_changed.run((
                        user,
                        if on {
                            Change::SwitchedOn
                        } else {
                            Change::SwitchedOff
                        },
                    ));
                    focus_soon("toggle-active".to_owned());
                }
                Err(refusal) => refused(AdminText::ChangeFailed, refusal),
            }
        });
    };
    let generate = move |()| match generated_password() {
        Some(generated) => {
            new_password.set(generated);
            error.set(None);
            focus_soon("reset-password-input".to_owned());
        }
        None => error.set(Some((AdminText::ChangeFailed, Problem::CannotGenerate))),
    };
    let reset_password = {
        let email = email.clone();
        let member = member.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if busy() {
                return;
            }
            let chosen = new_password.get_untracked();
            if let Err(problem) = password::check(&chosen, &email) {
                error.set(Some((AdminText::ChangeFailed, Problem::Password(problem))));
                focus_soon("reset-password-input".to_owned());
                return;
            }
            let Some(session) = console.session() else {
                return;
            };
            pending.set(Pending::Password);
            error.set(None);
            let member = member.clone();
            spawn_local(async move {
                let result = api::admin::reset_password(&session.csrf_token, id, &chosen).await;
                pending.set(Pending::Idle);
                match console.check(result) {
                    Ok(()) => on_password.run((member, chosen)),
                    Err(refusal) => refused(AdminText::ChangeFailed, refusal),
                }
            });
        }
    };
    let reset_two_factor = {
        let member = member.clone();
        move |()| {
            if busy() {
                return;
            }
            let Some(session) = console.session() else {
                return;
            };
            pending.set(Pending::TwoFactor);
            error.set(None);
            let member = member.clone();
            spawn_local(async move {
                let result = api::admin::reset_two_factor(&session.csrf_token, id).await;
                pending.set(Pending::Idle);
                match console.check(result) {
                    Ok(()) => {
                        asking.set(Asking::Nothing);
                        on_changed.run((member, Change::TwoFactorReset));
                        focus_soon("reset-2fa".to_owned());
                    }
                    Err(refusal) => refused(AdminText::ChangeFailed, refusal),
                }
            });
        }
    };

    let switch_off_text = {
        let email = email.clone();
        move || confirm_switch_off(console.locale.get(), &email)
    };
    let password_text = {
        let email = email.clone();
        move || confirm_reset_password(console.locale.get(), &email)
    };
    let two_factor_text = {
        let email = email.clone();
        move || confirm_reset_two_factor(console.locale.get(), &email)
    };
    let aria_busy = move |which: Pending| move || (pending.get() == which).then_some("true");

    view! {
        <section
            id="member-panel"
            class="block card member"
            data-user-id=id
            aria-labelledby="member-heading"
        >
            <h2 id="member-heading" tabindex="-1">
                <span class="visually-hidden">{move || a(AdminText::MemberActions)} ": "</span>
                {email.clone()}
            </h2>
            <p id="member-state">
                {move || t(role_text(current_role))}
                " · "
                {move || a(if active { AdminText::Active } else { AdminText::SwitchedOff })}
            </p>
            {
                let last_admin = last_admin.clone();
                move || {
                    last_admin()
                        .then(|| {
                            view! {
                                <p id="member-last-admin" class="notice">
                                    {move || a(AdminText::LastAdmin)}
                                </p>
                            }
                        })
                }
            }
            <div class="member-row">
                <div class="field">
                    <label for="member-new-role">{move || t(Text::Role)}</label>
                    <RoleSelect id="member-new-role" role=role/>
                </div>
                <button
                    type="button"
                    id="save-role"
                    class="button"
                    aria-disabled=move || busy().then_some("true")
                    aria-busy=aria_busy(Pending::Role)
                    on:click=save_role
                >
                    {move || a(if pending.get() == Pending::Role { AdminText::Saving } else { AdminText::SaveRole })}
                </button>
            </div>
            <div class="actions member-actions">
                <button
                    type="button"
                    id="toggle-active"
                    class=if active { "button danger" } else { "button" }
                    aria-disabled=move || busy().then_some("true")
                    aria-expanded=move || active.then(|| if asking.get() == Asking::SwitchOff { "true" } else { "false" })
                    on:click=move |_| {
                        if active {
                            ask(Asking::SwitchOff, "confirm-active-text");
                        } else {
                            set_active(true);
                        }
                    }
                >
                    {move || {
                        a(match (active, pending.get() == Pending::Active) {
                            (false, true) => AdminText::SwitchingOn,
                            (false, false) => AdminText::SwitchOn,
                            (true, _) => AdminText::SwitchOff,
                        })
                    }}
                </button>
                <button
                    type="button"
                    id="reset-password"
                    class="button"
                    aria-expanded=move || if asking.get() == Asking::Password { "true" } else { "false" }
                    on:click=move |_| {
                        new_password.set(String::new());
                        ask(Asking::Password, "reset-password-text");
                    }
                >
                    {move || a(AdminText::ResetPassword)}
                </button>
                <button
                    type="button"
                    id="reset-2fa"
                    class="button"
                    aria-expanded=move || if asking.get() == Asking::TwoFactor { "true" } else { "false" }
                    on:click=move |_| ask(Asking::TwoFactor, "confirm-reset-2fa-text")
                >
                    {move || a(AdminText::ResetTwoFactor)}
                </button>
            </div>
            <Confirm
                id="confirm-active"
                open=Signal::derive(move || asking.get() == Asking::SwitchOff)
                yes_id="confirm-switch-off"
                yes_label=Signal::derive(move || {
                    a(if pending.get() == Pending::Active { AdminText::SwitchingOff } else { AdminText::SwitchOffYes })
                })
                on_yes=Callback::new(move |()| set_active(false))
                cancel_id="cancel-switch-off"
                on_cancel=Callback::new(move |()| cancel("toggle-active"))
                busy=Signal::derive(busy)
            >
                {switch_off_text}
            </Confirm>
            <form
                id="reset-password-form"
                class="confirm"
                aria-labelledby="reset-password-text"
                novalidate
                hidden=move || asking.get() != Asking::Password
                on:submit=reset_password
            >
                <p id="reset-password-text" tabindex="-1">{password_text}</p>
                <PasswordField
                    id="reset-password-input"
                    label=AdminText::NewPassword
                    password=new_password
                    on_generate=Callback::new(generate)
                />
                <div class="actions">
                    <button
                        type="submit"
                        id="confirm-reset-password"
                        class="button danger"
                        aria-disabled=move || busy().then_some("true")
                    >
                        {move || a(if pending.get() == Pending::Password { AdminText::ResettingPassword } else { AdminText::ResetPasswordYes })}
                    </button>
                    <button
                        type="button"
                        id="cancel-reset-password"
                        class="button"
                        on:click=move |_| cancel("reset-password")
                    >
                        {move || t(Text::Cancel)}
                    </button>
                </div>
            </form>
            <Confirm
                id="confirm-reset-2fa"
                open=Signal::derive(move || asking.get() == Asking::TwoFactor)
                yes_id="confirm-reset-2fa-yes"
                yes_label=Signal::derive(move || {
                    a(if pending.get() == Pending::TwoFactor { AdminText::ResettingTwoFactor } else { AdminText::ResetTwoFactorYes })
                })
                on_yes=Callback::new(reset_two_factor)
                cancel_id="cancel-reset-2fa"
                on_cancel=Callback::new(move |()| cancel("reset-2fa"))
                busy=Signal::derive(busy)
            >
                {two_factor_text}
            </Confirm>
            <p id="member-error" class="error" role="alert">
                {move || {
                    error
                        .get()
                        .map(|(what, problem)| problem_text(console.locale.get(), what, &problem))
                }}
            </p>
            <button
                type="button"
                id="close-member"
                class="button"
                on:click=move |_| on_close.run(id)
            >
                {move || a(AdminText::Close)}
            </button>
        </section>
    }
}
