//! The root: the start check, the sign-in screen or the signed-in shell (or, when this bundle
//! has neither for who is there, the hand-over to the bundle that has), and the document's title
//! for each. Which screens a bundle has is its [`Views`] type, implemented here for each of
//! the four.

use leptos::prelude::*;

use super::common::failure_text;
use super::shell::{self, Shell};
use super::sign_in::SignIn;
use crate::bundle::{AdminViews, AgentViews, Bundle, EditorViews, SignInViews, Views};
use crate::dom;
use crate::i18n::{Text, page_title};
use crate::nav;
use crate::state::{Auth, Console};

impl Views for SignInViews {
    const BUNDLE: Bundle = Bundle::SignIn;

    fn sign_in() -> AnyView {
        view! { <SignIn/> }.into_any()
    }

    fn shell() -> AnyView {
        ().into_any()
    }
}

impl Views for EditorViews {
    const BUNDLE: Bundle = Bundle::Editor;

    fn sign_in() -> AnyView {
        ().into_any()
    }

    fn shell() -> AnyView {
        view! { <Shell screens=shell::editor_screen/> }.into_any()
    }
}

impl Views for AgentViews {
    const BUNDLE: Bundle = Bundle::Agent;

    fn sign_in() -> AnyView {
        ().into_any()
    }

    fn shell() -> AnyView {
        view! { <Shell screens=shell::agent_screen/> }.into_any()
    }
}

impl Views for AdminViews {
    const BUNDLE: Bundle = Bundle::Admin;

    fn sign_in() -> AnyView {
        view! { <SignIn/> }.into_any()
    }

    fn shell() -> AnyView {
        view! { <Shell screens=shell::admin_screen/> }.into_any()
    }
}

/// Which of the root's views is up, without the session's details (the shell is not rebuilt
/// when they change).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Checking,
    Unreachable,
    SignedOut,
    SignedIn,
    /// Another bundle has the screens for who is there: the page reloads.
    HandOver,
}

/// The console of bundle `V` (a plain function, not a `#[component]`: generic over the
/// bundle's views, so that each bin links only its own).
#[allow(non_snake_case)]
pub fn App<V: Views>() -> impl IntoView {
    let console = expect_context::<Console>();
    let stage = Memo::new(move |_| {
        console.auth.with(|auth| match auth {
            Auth::Checking => Stage::Checking,
            Auth::Unreachable(_) => Stage::Unreachable,
            auth if console.hands_over(auth) => Stage::HandOver,
            Auth::SignedOut(_) => Stage::SignedOut,
            Auth::SignedIn(_) => Stage::SignedIn,
        })
    });

    Effect::new(move |_| {
        let screen = match stage.get() {
            Stage::Checking | Stage::Unreachable | Stage::HandOver => Text::ConsoleName,
            Stage::SignedOut => Text::SignInTitle,
            Stage::SignedIn => console.route.with(nav::title),
        };
        dom::set_title(&page_title(console.locale.get(), screen));
    });

    move || match stage.get() {
        Stage::Checking | Stage::Unreachable => view! { <Boot/> }.into_any(),
        Stage::HandOver => view! { <HandOver/> }.into_any(),
        Stage::SignedOut => V::sign_in(),
        Stage::SignedIn => V::shell(),
    }
}

/// While the page reloads for another bundle: the start screen's "Loading…". The reload waits
/// until this is drawn, so the screen it replaces is gone (an editor has kept its draft).
#[component]
fn HandOver() -> impl IntoView {
    let console = expect_context::<Console>();
    Effect::new(move |_| console.hand_over());
    view! { <Boot/> }
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
                            on:click=move |_| console.retry()
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
