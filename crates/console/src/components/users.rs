//! The team (admins): every staff account with its role and whether it is switched on,
//! searched and paged in the browser; adding a member with an initial password (typed or
//! generated from `crypto.getRandomValues`) shown once to pass on; and each member's panel
//! (`member.rs`).

use ayuda_api::{NewUser, Role, User};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::load::{Results, failed};
use super::member::MemberPanel;
use super::pages::{PageCounts, Pager};
use super::staff::{
    Change, PasswordField, Problem, RoleSelect, focus_soon, generated_password, problem_text,
};
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{AdminText, MemberNotice, SecurityText, Text, member_notice, role_text, tr};
use crate::password;
use crate::state::Console;
use crate::team;

/// A password just set, to hand over: whose, which, and where the focus goes afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PassOn {
    email: String,
    password: String,
    back_to: String,
}

#[component]
pub fn UsersScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let admin = Memo::new(move |_| console.role() == Some(Role::Admin));
    let answer = RwSignal::new(None::<Result<Vec<User>, ApiError>>);
    let loading = RwSignal::new(false);
    let load = move || {
        loading.set(true);
        spawn_local(async move {
            let result = console.check(api::admin::users().await);
            loading.set(false);
            answer.set(Some(result));
        });
    };
    if admin.get_untracked() {
        load();
    }
    let forbidden = move || {
        !admin.get() || answer.with(|answer| matches!(answer, Some(Err(ApiError::Forbidden))))
    };
    let users = Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Ok(users)) => users.clone(),
            _ => Vec::new(),
        })
    });
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let adding = RwSignal::new(false);
    let selected = RwSignal::new(None::<i64>);
    let notice = RwSignal::new(None::<(String, Change)>);
    let pass_on = RwSignal::new(None::<PassOn>);

    let shown =
        Memo::new(move |_| users.with(|users| team::page(users, &search.get(), page.get())));
    let member = Signal::derive(move || {
        let id = selected.get()?;
        users.with(|users| users.iter().find(|user| user.id == id).cloned())
    });

    let open_add = move |_| {
        notice.set(None);
        selected.set(None);
        adding.set(true);
        focus_soon("member-email".to_owned());
    };
    let added = Callback::new(move |(user, password): (User, String)| {
        adding.set(false);
        answer.update(|answer| {
            if let Some(Ok(users)) = answer {
                *users = team::replaced(users, &user);
            }
        });
        notice.set(Some((user.email.clone(), Change::Added)));
        pass_on.set(Some(PassOn {
            email: user.email,
            password,
            back_to: "add-member".to_owned(),
        }));
        focus_soon("pass-on-heading".to_owned());
    });
    let cancel_add = Callback::new(move |()| {
        adding.set(false);
        focus_soon("add-member".to_owned());
    });
    let manage = move |id: i64| {
        adding.set(false);
        pass_on.set(None);
        notice.set(None);
        selected.set(Some(id));
        focus_soon("member-heading".to_owned());
    };
    let changed = Callback::new(move |(user, change): (User, Change)| {
        answer.update(|answer| {
            if let Some(Ok(users)) = answer {
                *users = team::replaced(users, &user);
            }
        });
        notice.set(Some((user.email, change)));
    });
    let password_set = Callback::new(move |(user, password): (User, String)| {
        notice.set(Some((user.email.clone(), Change::PasswordReset)));
        pass_on.set(Some(PassOn {
            email: user.email,
            password,
            back_to: format!("manage-member-{}", user.id),
        }));
        selected.set(None);
        focus_soon("pass-on-heading".to_owned());
    });
    let closed = Callback::new(move |id: i64| {
        selected.set(None);
        focus_soon(format!("manage-member-{id}"));
    });

    let notice_text = move || {
        let (email, change) = notice.get()?;
        let locale = console.locale.get();
        let notice = match change {
            Change::Added => MemberNotice::Added,
            Change::Role(role) => MemberNotice::RoleChanged(tr(locale, role_text(role)).to_owned()),
            Change::SwitchedOff => MemberNotice::SwitchedOff,
            Change::SwitchedOn => MemberNotice::SwitchedOn,
            Change::PasswordReset => MemberNotice::PasswordReset,
            Change::TwoFactorReset => MemberNotice::TwoFactorReset,
        };
        Some(member_notice(locale, &email, &notice))
    };

    let results = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                None,
                "team-error",
                AdminText::TeamFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(_)) => {
                let (rows, _, _) = shown.get();
                if rows.is_empty() {
                    view! { <p id="team-empty" class="empty">{move || a(AdminText::NoMembers)}</p> }
                        .into_any()
                } else {
                    view! { <TeamTable members=rows on_manage=Callback::new(manage)/> }.into_any()
                }
            }
        })
    };
    let counts = Signal::derive(move || {
        answer
            .with(|answer| matches!(answer, Some(Ok(_))))
            .then_some(())?;
        let (rows, total, page) = shown.get();
        (!rows.is_empty()).then_some(PageCounts {
            total: total as u64,
            rows: rows.len(),
            page,
        })
    });
    let shown_page = Signal::derive(move || shown.get().2);

    view! {
        <div class="heading-row">
            <h1 tabindex="-1">{move || a(AdminText::Team)}</h1>
            <Show when=move || !forbidden()>
                <button
                    type="button"
                    id="add-member"
                    class="button primary"
                    aria-controls="add-member-form"
                    aria-expanded=move || if adding.get() { "true" } else { "false" }
                    on:click=open_add
                >
                    {move || a(AdminText::AddMember)}
                </button>
            </Show>
        </div>
        <Show
            when=move || !forbidden()
            fallback=move || {
                view! { <p id="team-forbidden" class="notice">{move || a(AdminText::AdminsOnly)}</p> }
            }
        >
            <p class="lead">{move || a(AdminText::TeamIntro)}</p>
            <p id="team-notice" class="notice" role="status">{notice_text}</p>
            {move || {
                pass_on
                    .get()
                    .map(|shown| {
                        view! {
                            <PassOnBox
                                shown=shown
                                on_done=Callback::new(move |back_to: String| {
                                    pass_on.set(None);
                                    focus_soon(back_to);
                                })
                            />
                        }
                    })
            }}
            <Show when=move || adding.get()>
                <AddMember on_added=added on_cancel=cancel_add/>
            </Show>
            {move || {
                member
                    .get()
                    .map(|current| {
                        view! {
                            <MemberPanel
                                member=current
                                team=users
                                on_changed=changed
                                on_password=password_set
                                on_close=closed
                            />
                        }
                    })
            }}
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="field grow">
                    <label for="team-search">{move || a(AdminText::SearchTeam)}</label>
                    <input
                        type="search"
                        id="team-search"
                        name="q"
                        autocomplete="off"
                        maxlength=team::MAX_SEARCH_CHARS
                        prop:value=move || search.get()
                        on:input=move |ev| {
                            search.set(event_target_value(&ev));
                            page.set(1);
                        }
                    />
                </div>
            </form>
            <Results stem="team" loading=loading>
                {results}
                <Show when=move || counts.get().is_some()>
                    <Pager
                        prefix="team"
                        page=shown_page
                        counts=counts
                        go=Callback::new(move |to: u32| page.set(to.max(1)))
                    />
                </Show>
            </Results>
        </Show>
    }
}

/// One page of members.
#[component]
fn TeamTable(
    /// The members on this page.
    members: Vec<User>,
    /// Opens a member's panel.
    on_manage: Callback<i64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let t = move |text: Text| console.t(text);
    let me = console.session().map(|session| session.user.id);
    let rows = members
        .into_iter()
        .map(|member| member_row(member, me, on_manage))
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="team-caption">
            <table class="team">
                <caption id="team-caption">{move || a(AdminText::TeamCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(Text::Email)}</th>
                        <th scope="col">{move || t(Text::Role)}</th>
                        <th scope="col">{move || t(Text::Status)}</th>
                        <th scope="col">{move || a(AdminText::SecondFactor)}</th>
                        <th scope="col">{move || a(AdminText::Added)}</th>
                        <th scope="col">{move || a(AdminText::Actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn member_row(member: User, me: Option<i64>, on_manage: Callback<i64>) -> impl IntoView {
    let console = expect_context::<Console>();
    let User {
        id,
        email,
        role,
        created_at,
        active,
        two_factor,
        ..
    } = member;
    let second = if two_factor {
        AdminText::SecondFactorOn
    } else {
        AdminText::SecondFactorOff
    };
    let created = created_at.clone();
    let (badge, state) = if active {
        ("badge badge-active", AdminText::Active)
    } else {
        ("badge badge-off", AdminText::SwitchedOff)
    };
    view! {
        <tr data-user-id=id class:off=!active>
            <th scope="row">
                <span class="member-email">{email.clone()}</span>
                {(me == Some(id))
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-current">
                                {move || console.t(AdminText::You)}
                            </span>
                        }
                    })}
            </th>
            <td class="member-role" data-role=role.as_str()>
                {move || console.t(role_text(role))}
            </td>
            <td>
                <span class=badge>{move || console.t(state)}</span>
            </td>
            <td class="member-2fa" data-two-factor=two_factor.to_string()>
                {move || console.t(second)}
            </td>
            <td>
                <time datetime=created_at>
                    {move || dom::format_time(&created, console.locale.get(), false)}
                </time>
            </td>
            <td>
                <button
                    type="button"
                    id=format!("manage-member-{id}")
                    class="button manage-member"
                    data-user-id=id
                    on:click=move |_| on_manage.run(id)
                >
                    {move || console.t(AdminText::Manage)}
                    <span class="visually-hidden">" " {email.clone()}</span>
                </button>
            </td>
        </tr>
    }
}

/// "Add a member": e-mail, role, initial password (typed or generated).
#[component]
fn AddMember(
    /// The member was added, with the password to pass on.
    on_added: Callback<(User, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let t = move |text: Text| console.t(text);
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);

    let generate = move |_| match generated_password() {
        Some(generated) => {
            password.set(generated);
            error.set(None);
            focus_soon("member-password".to_owned());
        }
        None => error.set(Some(Problem::CannotGenerate)),
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        let new = NewUser {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            role: role.get_untracked(),
        };
        if !new.email.contains('@') {
            error.set(Some(Problem::MissingEmail));
            focus_soon("member-email".to_owned());
            return;
        }
        if let Err(problem) = password::check(&new.password, &new.email) {
            error.set(Some(Problem::Password(problem)));
            focus_soon("member-password".to_owned());
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = console.check(api::admin::create_user(&session.csrf_token, &new).await);
            pending.set(false);
            match result {
                Ok(user) => on_added.run((user, new.password)),
                Err(refusal) => error.set(Some(Problem::Refused(refusal))),
            }
        });
    };

    view! {
        <form
            id="add-member-form"
            class="block card"
            aria-labelledby="add-member-heading"
            novalidate
            on:submit=submit
        >
            <h2 id="add-member-heading">{move || a(AdminText::AddMember)}</h2>
            <div class="editor-fields">
                <div class="field grow">
                    <label for="member-email">{move || t(Text::Email)}</label>
                    <input
                        type="email"
                        id="member-email"
                        name="email"
                        autocomplete="off"
                        required
                        maxlength="254"
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="member-role">{move || t(Text::Role)}</label>
                    <RoleSelect id="member-role" role=role/>
                </div>
            </div>
            <PasswordField
                id="member-password"
                label=AdminText::InitialPassword
                password=password
                on_generate=Callback::new(generate)
            />
            <div class="actions">
                <button
                    type="submit"
                    id="create-member"
                    class="button primary"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {move || a(if pending.get() { AdminText::Creating } else { AdminText::Create })}
                </button>
                <button
                    type="button"
                    id="cancel-add-member"
                    class="button"
                    on:click=move |_| on_cancel.run(())
                >
                    {move || t(Text::Cancel)}
                </button>
            </div>
            <p id="add-member-error" class="error" role="alert">
                {move || {
                    error
                        .get()
                        .map(|problem| problem_text(console.locale.get(), AdminText::CreateFailed, &problem))
                }}
            </p>
        </form>
    }
}

/// The password just set, once, with Copy and Done.
#[component]
fn PassOnBox(shown: PassOn, on_done: Callback<String>) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let copied = RwSignal::new(None::<bool>);
    let PassOn {
        email,
        password,
        back_to,
    } = shown;
    let secret = password.clone();
    let copy = move |_| {
        let secret = secret.clone();
        spawn_local(async move {
            copied.set(Some(dom::copy_text(&secret).await));
        });
    };
    view! {
        <section id="pass-on" class="block confirm-plain" aria-labelledby="pass-on-heading">
            <h2 id="pass-on-heading" tabindex="-1">{move || a(AdminText::PassOnTitle)}</h2>
            <p>{move || a(AdminText::PassOnHint)}</p>
            <dl class="facts">
                <div>
                    <dt>{move || console.t(Text::Email)}</dt>
                    <dd id="pass-on-email">{email}</dd>
                </div>
                <div>
                    <dt>{move || console.t(Text::Password)}</dt>
                    <dd>
                        <code id="pass-on-password" class="secret">{password}</code>
                    </dd>
                </div>
            </dl>
            <div class="actions">
                <button type="button" id="copy-password" class="button" on:click=copy>
                    {move || console.t(SecurityText::Copy)}
                </button>
                <button
                    type="button"
                    id="pass-on-done"
                    class="button primary"
                    on:click=move |_| on_done.run(back_to.clone())
                >
                    {move || console.t(SecurityText::Done)}
                </button>
            </div>
            <p id="copy-password-status" class="status-line" role="status">
                {move || {
                    copied
                        .get()
                        .map(|ok| a(if ok { AdminText::PasswordCopied } else { AdminText::CopyFailed }))
                }}
            </p>
        </section>
    }
}
