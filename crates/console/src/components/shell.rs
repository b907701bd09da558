//! The signed-in console around every screen: skip link, header (who, language, sign out),
//! the role's navigation, and `<main>` with the current screen, drawn by the bundle's own
//! function ([`editor_screen`], [`agent_screen`], [`admin_screen`]): each names only the
//! screens of its bundle's groups (`bundle.rs`), and answers any other with that screen's
//! refusal, so the others' code stays out of the bundle.

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::account::{AccountScreen, SetupRequiredScreen};
use super::articles::ArticlesScreen;
use super::audit::AuditScreen;
use super::common::{LocaleSwitch, RouteLink};
use super::dashboard::DashboardScreen;
use super::desk::{InboxScreen, ShortcutsScreen, TicketScreen};
use super::editor::EditorScreen;
use super::gaps::GapsScreen;
use super::leave::LeaveConfirm;
use super::reviews::ReviewsScreen;
use super::security_policy::SecurityScreen;
use super::settings::SettingsScreen;
use super::side_by_side::SideBySideScreen;
use super::translations::TranslationsScreen;
use super::users::UsersScreen;
use super::versions::VersionsScreen;
use crate::api::{self, ApiError};
use crate::bundle::{self, Group};
use crate::dom;
use crate::i18n::{Text, role_text};
use crate::nav::{self, Section};
use crate::route::{Route, Screen};
use crate::state::{Console, Notice};

#[component]
pub fn Shell(
    /// The bundle's screens: the view for each screen.
    screens: fn(Screen) -> AnyView,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let screen = Memo::new(move |_| console.route.with(Route::screen));
    // A required second factor is missing: its set-up and "Sign out", nothing else.
    let setup_only = Memo::new(move |_| console.setup_required());
    let email = move || {
        console
            .session()
            .map(|session| session.user.email)
            .unwrap_or_default()
    };
    let role = move || console.role().map(|role| t(role_text(role)));

    let main = move || match screen.get() {
        _ if setup_only.get() => view! { <SetupRequiredScreen/> }.into_any(),
        screen => screens(screen),
    };

    view! {
        <a
            class="skip"
            href="#main"
            on:click=move |ev: MouseEvent| {
                ev.prevent_default();
                dom::focus_id("main");
            }
        >
            {move || t(Text::SkipToContent)}
        </a>
        <header class="top">
            <p class="brand">{move || t(Text::ConsoleName)}</p>
            <p class="who">
                <span id="user-email">{email}</span>
                " "
                <span id="user-role" class="role">{role}</span>
            </p>
            <div class="tools">
                <LocaleSwitch/>
                <SignOutButton/>
            </div>
        </header>
        {move || (!setup_only.get()).then(|| view! { <Navigation screen=screen/> })}
        <main
            id="main"
            class="content"
            class:wide=move || matches!(screen.get(), Screen::Editor | Screen::SideBySide)
            tabindex="-1"
        >
            <LeaveConfirm/>
            {main}
        </main>
    }
}

/// The editors' bundle's screens.
pub fn editor_screen(screen: Screen) -> AnyView {
    match bundle::group(screen) {
        Group::Everyone => everyones(screen),
        Group::Editorial => editorial(screen),
        Group::Desk | Group::Admin => refused(screen),
    }
}

/// The agents' bundle's screens.
pub fn agent_screen(screen: Screen) -> AnyView {
    match bundle::group(screen) {
        Group::Everyone => everyones(screen),
        Group::Desk => desk(screen),
        Group::Editorial | Group::Admin => refused(screen),
    }
}

/// The admins' bundle's screens: all of them.
pub fn admin_screen(screen: Screen) -> AnyView {
    match bundle::group(screen) {
        Group::Everyone => everyones(screen),
        Group::Editorial => editorial(screen),
        Group::Desk => desk(screen),
        Group::Admin => admins(screen),
    }
}

/// [`Group::Everyone`]'s screens.
fn everyones(screen: Screen) -> AnyView {
    match screen {
        Screen::Account => view! { <AccountScreen/> }.into_any(),
        Screen::NotFound => view! { <NotFoundScreen/> }.into_any(),
        // Both lead elsewhere at once (`Console::settle`).
        Screen::Start | Screen::SignIn => ().into_any(),
        other => refused(other),
    }
}

/// [`Group::Editorial`]'s screens.
fn editorial(screen: Screen) -> AnyView {
    match screen {
        Screen::Articles => view! { <ArticlesScreen/> }.into_any(),
        Screen::Editor => view! { <EditorScreen/> }.into_any(),
        Screen::Versions => view! { <VersionsScreen/> }.into_any(),
        Screen::SideBySide => view! { <SideBySideScreen/> }.into_any(),
        Screen::Translations => view! { <TranslationsScreen/> }.into_any(),
        Screen::Reviews => view! { <ReviewsScreen/> }.into_any(),
        Screen::Gaps => view! { <GapsScreen/> }.into_any(),
        other => refused(other),
    }
}

/// [`Group::Desk`]'s screens.
fn desk(screen: Screen) -> AnyView {
    match screen {
        Screen::Inbox => view! { <InboxScreen/> }.into_any(),
        Screen::Ticket => view! { <TicketScreen/> }.into_any(),
        Screen::Shortcuts => view! { <ShortcutsScreen/> }.into_any(),
        Screen::Dashboard => view! { <DashboardScreen/> }.into_any(),
        other => refused(other),
    }
}

/// [`Group::Admin`]'s screens.
fn admins(screen: Screen) -> AnyView {
    match screen {
        Screen::Settings => view! { <SettingsScreen/> }.into_any(),
        Screen::Users => view! { <UsersScreen/> }.into_any(),
        Screen::Audit => view! { <AuditScreen/> }.into_any(),
        Screen::Security => view! { <SecurityScreen/> }.into_any(),
        other => refused(other),
    }
}

fn refused(screen: Screen) -> AnyView {
    view! { <RefusedScreen screen=screen/> }.into_any()
}

/// A screen this bundle does not carry (its role may not see it): its title and the notice
/// the screen itself gives such a role (`bundle::refusal`).
#[component]
fn RefusedScreen(
    /// The screen asked for.
    screen: Screen,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let (id, text) = bundle::refusal(screen);
    view! {
        <h1 tabindex="-1">{move || console.t(console.route.with(nav::title))}</h1>
        <p id=id class="notice">{move || console.t(text)}</p>
    }
}

/// The role's sections, `aria-current="page"` on the one shown.
#[component]
fn Navigation(
    /// The screen shown.
    screen: Memo<Screen>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let entries = move || {
        let sections = console.role().map(nav::sections).unwrap_or_default();
        sections
            .into_iter()
            .map(|section| {
                let current = Signal::derive(move || Section::of(screen.get()) == Some(section));
                let id = format!("nav-{}", section.key());
                view! {
                    <li>
                        <RouteLink to=section.route() id=id current=current>
                            {move || console.t(section.label())}
                        </RouteLink>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="sections" aria-label=move || console.t(Text::Sections)>
            <ul>{entries}</ul>
        </nav>
    }
}

/// Signs this browser out; says so if the server could not be reached.
#[component]
fn SignOutButton() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let pending = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let sign_out = move |_| {
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        failed.set(false);
        spawn_local(async move {
            let result = api::sign_out(&session.csrf_token).await;
            pending.set(false);
            match result {
                // Already signed out on the server is signed out all the same.
                Ok(()) | Err(ApiError::Unauthorized) => console.signed_out(Notice::SignedOut),
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <button
            type="button"
            id="sign-out"
            class="button"
            disabled=move || pending.get()
            on:click=sign_out
        >
            {move || t(if pending.get() { Text::SigningOut } else { Text::SignOut })}
        </button>
        <p id="sign-out-error" class="error" role="alert">
            {move || failed.get().then(|| t(Text::SignOutFailed))}
        </p>
    }
}

/// An address under `/console/` that is no screen.
#[component]
fn NotFoundScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    view! {
        <h1 tabindex="-1">{move || t(Text::NotFound)}</h1>
        <p>{move || t(Text::NotFoundText)}</p>
        <p>
            <RouteLink to=Route::Start id="go-to-start">
                {move || t(Text::GoToStart)}
            </RouteLink>
        </p>
    }
}
