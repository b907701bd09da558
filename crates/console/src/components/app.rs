//! The root: the start check, the sign-in screen or the signed-in shell, and the document's
//! title for each.

use leptos::prelude::*;

use super::common::failure_text;
use super::shell::Shell;
use super::sign_in::SignIn;
use crate::dom;
use crate::i18n::{
    AdminText, DashboardText, DeskText, EditorText, EditorialText, SettingsText, Text, page_title,
};
use crate::route::{Route, Screen};
use crate::state::{Auth, Console};

/// Which of the root's views is up, without the session's details (the shell is not rebuilt
/// when they change).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Checking,
    Unreachable,
    SignedOut,
    SignedIn,
}

#[component]
pub fn App() -> impl IntoView {
    let console = expect_context::<Console>();
    let stage = Memo::new(move |_| {
        console.auth.with(|auth| match auth {
            Auth::Checking => Stage::Checking,
            Auth::Unreachable(_) => Stage::Unreachable,
            Auth::SignedOut(_) => Stage::SignedOut,
            Auth::SignedIn(_) => Stage::SignedIn,
        })
    });

    Effect::new(move |_| {
        let screen = match stage.get() {
            Stage::Checking | Stage::Unreachable => Text::ConsoleName,
            Stage::SignedOut => Text::SignInTitle,
            Stage::SignedIn => match console.route.with(Route::screen) {
                Screen::Articles => Text::Articles,
                Screen::Editor if console.route.with(|r| matches!(r, Route::NewArticle(_))) => {
                    EditorText::NewArticle.into()
                }
                Screen::Editor => EditorText::EditArticle.into(),
                Screen::Versions => EditorText::Versions.into(),
                Screen::SideBySide => EditorialText::SideBySide.into(),
                Screen::Translations => EditorialText::Translations.into(),
                Screen::Reviews => EditorialText::Reviews.into(),
                Screen::Gaps => EditorialText::ContentGaps.into(),
                Screen::Inbox => DeskText::Inbox.into(),
                Screen::Ticket => DeskText::Ticket.into(),
                Screen::Shortcuts => DeskText::Shortcuts.into(),
                Screen::Dashboard => DashboardText::Dashboard.into(),
                Screen::Settings => SettingsText::Settings.into(),
                Screen::Users => AdminText::Team.into(),
                Screen::Audit => AdminText::AuditLog.into(),
                Screen::Security => AdminText::Security.into(),
                Screen::Account => Text::Account,
                Screen::NotFound => Text::NotFound,
                Screen::Start | Screen::SignIn => Text::ConsoleName,
            },
        };
        dom::set_title(&page_title(console.locale.get(), screen));
    });

    move || match stage.get() {
        Stage::Checking | Stage::Unreachable => view! { <Boot/> }.into_any(),
        Stage::SignedOut => view! { <SignIn/> }.into_any(),
        Stage::SignedIn => view! { <Shell/> }.into_any(),
    }
}

/// While the console asks who is signed in, and if it cannot.
#[component]
fn Boot() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let failed = move || {
        console.auth.with(|auth| match auth {
            Auth::Unreachable(error) => Some(*error),
            _ => None,
        })
    };
    view! {
        <main
            id="main"
            class="boot"
            tabindex="-1"
            aria-busy=move || if failed().is_none() { "true" } else { "false" }
        >
            <h1 tabindex="-1">{move || t(Text::ConsoleName)}</h1>
            {move || match failed() {
                None => view! {
                    <p id="boot-loading" class="status-line" role="status">
                        {move || t(Text::Loading)}
                    </p>
                }
                .into_any(),
                Some(error) => view! {
                    <div id="boot-error" class="failure" role="alert">
                        <p>{move || t(Text::Unreachable)} " " {move || t(failure_text(error))}</p>
                        <button
                            type="button"
                            id="boot-retry"
                            class="button"
                            on:click=move |_| console.check_session()
                        >
                            {move || t(Text::Retry)}
                        </button>
                    </div>
                }
                .into_any(),
            }}
        </main>
    }
}
