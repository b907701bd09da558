//! The security policy (admins): whether every staff member must use two-factor
//! authentication. Turning it on is asked first (members without it, perhaps the admin too,
//! are sent to set it up); the answer is said in `#security-status`.

use ayuda_api::{Role, SecuritySettings};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::Confirm;
use super::load::{failed, loading_line};
use super::staff::{Problem, focus_soon, problem_text};
use crate::api::{self, ApiError, Refusal};
use crate::i18n::AdminText;
use crate::state::Console;

#[component]
pub fn SecurityScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let admin = Memo::new(move |_| console.role() == Some(Role::Admin));
    let answer = RwSignal::new(None::<Result<SecuritySettings, ApiError>>);
    let load = move || {
        answer.set(None);
        spawn_local(async move {
            let result = console.check(api::admin::security().await);
            answer.set(Some(result));
        });
    };
    if admin.get_untracked() {
        load();
    }
    let forbidden = move || {
        !admin.get() || answer.with(|answer| matches!(answer, Some(Err(ApiError::Forbidden))))
    };
    // What was just saved, for `#security-status` (which stays while the policy is redrawn).
    let status = RwSignal::new(None::<bool>);
    let saved = Callback::new(move |settings: SecuritySettings| {
        answer.set(Some(Ok(settings)));
    });

    let body = move || {
        answer.with(|answer| match answer {
            None => loading_line("security-loading"),
            Some(Err(error)) => failed(
                *error,
                None,
                "security-error",
                AdminText::PolicyFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(settings)) => view! {
                <RequireTwoFactor
                    required=settings.require_2fa
                    status=status
                    on_saved=saved
                />
            }
            .into_any(),
        })
    };

    view! {
        <h1 tabindex="-1">{move || a(AdminText::Security)}</h1>
        <Show
            when=move || !forbidden()
            fallback=move || {
                view! {
                    <p id="security-forbidden" class="notice">
                        {move || a(AdminText::AdminsOnly)}
                    </p>
                }
            }
        >
            <p class="lead">{move || a(AdminText::SecurityIntro)}</p>
            <section
                id="require-2fa"
                class="block"
                aria-labelledby="require-2fa-heading"
                aria-busy=move || if answer.with(Option::is_none) { "true" } else { "false" }
            >
                <h2 id="require-2fa-heading" tabindex="-1">
                    {move || a(AdminText::RequireTwoFactor)}
                </h2>
                <p id="require-2fa-explain">{move || a(AdminText::RequireExplain)}</p>
                <p id="security-status" class="notice" role="status">
                    {move || {
                        status
                            .get()
                            .map(|on| {
                                a(if on { AdminText::SavedRequired } else { AdminText::SavedNotRequired })
                            })
                    }}
                </p>
                {body}
            </section>
        </Show>
    }
}

/// The policy's state and the button that changes it (asking first before turning it on).
#[component]
fn RequireTwoFactor(
    /// The policy as the server last said.
    required: bool,
    /// What was just saved (`#security-status`).
    status: RwSignal<Option<bool>>,
    /// The server saved a new policy.
    on_saved: Callback<SecuritySettings>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let confirming = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<Refusal>);

    let save = move |require: bool| {
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let settings = SecuritySettings {
                require_2fa: require,
            };
            let result = api::admin::set_security(&session.csrf_token, &settings).await;
            pending.set(false);
            match console.check(result) {
                Ok(settings) => {
                    confirming.set(false);
                    status.set(Some(settings.require_2fa));
                    on_saved.run(settings);
                    // The button for the way back, in the redrawn policy.
                    focus_soon(
                        if settings.require_2fa {
                            "require-2fa-off"
                        } else {
                            "require-2fa-on"
                        }
                        .to_owned(),
                    );
                }
                Err(refusal) => error.set(Some(refusal)),
            }
        });
    };
    let ask = move |_| {
        error.set(None);
        status.set(None);
        confirming.set(true);
        focus_soon("confirm-require-text".to_owned());
    };
    let cancel = move |_| {
        confirming.set(false);
        focus_soon("require-2fa-on".to_owned());
    };

    view! {
        <p id="security-state" class="policy-state" tabindex="-1">
            <span class=if required { "badge badge-published" } else { "badge badge-archived" }>
                {move || a(if required { AdminText::StateRequired } else { AdminText::StateNotRequired })}
            </span>
        </p>
        {if required {
            view! {
                <button
                    type="button"
                    id="require-2fa-off"
                    class="button"
                    aria-disabled=move || pending.get().then_some("true")
                    on:click=move |_| {
                        status.set(None);
                        save(false);
                    }
                >
                    {move || a(if pending.get() { AdminText::SavingPolicy } else { AdminText::StopRequiring })}
                </button>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    id="require-2fa-on"
                    class="button primary"
                    aria-controls="confirm-require"
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    hidden=move || confirming.get()
                    on:click=ask
                >
                    {move || a(AdminText::RequireIt)}
                </button>
                <Confirm
                    id="confirm-require"
                    open=confirming
                    yes_id="confirm-require-yes"
                    yes_label=Signal::derive(move || {
                        a(if pending.get() { AdminText::SavingPolicy } else { AdminText::ConfirmRequireYes })
                    })
                    on_yes=Callback::new(move |()| save(true))
                    cancel_id="cancel-require"
                    on_cancel=Callback::new(cancel)
                    busy=pending
                >
                    {move || a(AdminText::ConfirmRequire)}
                </Confirm>
            }
            .into_any()
        }}
        <p id="security-save-error" class="error" role="alert">
            {move || {
                error
                    .get()
                    .map(|refusal| {
                        problem_text(
                            console.locale.get(),
                            AdminText::PolicySaveFailed,
                            &Problem::Refused(refusal),
                        )
                    })
            }}
        </p>
    }
}
