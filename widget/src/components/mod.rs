//! The panel's views. Every component reads the [`Panel`] from context; `data-testid`
//! attributes mark what the tests touch (the list is in `PROTOCOL.md`).

mod article;
mod contact;
mod home;
mod thread;

pub use article::{ArticleBody, ArticleView, VoteBox};
pub use contact::{Attachments, ContactView, format_time};
pub use home::{ConversationsEntry, Home, SearchResults};
pub use thread::{Composer, ConversationsView, Csat, Messages, ThreadView};

use leptos::prelude::*;

use crate::dom::MAIN_ID;
use crate::i18n::{Text, tr};
use crate::link::{DeskIntent, LinkState};
use crate::session::Session;
use crate::state::{Go, Panel, View};

/// The whole panel: header bar, then the current view. The home stays mounted (hidden) while
/// another view is shown, so Back finds its query and results as they were.
#[component]
pub fn App() -> impl IntoView {
    let panel = expect_context::<Panel>();
    view! {
        <Header/>
        <main id=MAIN_ID class="main">
            <Home/>
            // Re-rendered on each navigation (the view signal is set only then).
            {move || {
                panel.view.with(|v| match v {
                    View::Home => ().into_any(),
                    View::Article { .. } => view! { <ArticleView/> }.into_any(),
                    View::Contact | View::Conversations | View::Thread { .. } => {
                        view! { <DeskHost/> }.into_any()
                    }
                })
            }}
        </main>
    }
}

/// Where the desk module (contact form, conversations) renders the current view: it is
/// fetched now if the user's intent did not already bring it.
#[component]
pub fn DeskHost() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let root = NodeRef::<leptos::html::Div>::new();
    let state = panel.desk.state;
    Effect::new(move |_| match state.get() {
        LinkState::Ready => {
            if let Some(root) = root.get() {
                panel.show_desk(&root);
            }
        }
        LinkState::Failed => panel.desk_failed(),
        LinkState::Idle | LinkState::Loading => {}
    });
    panel.desk.load();
    let waiting = move || match state.get() {
        LinkState::Failed => view! {
            <ErrorBox text=Text::ConnectionError retry=Box::new(move || panel.desk.load())/>
        }
        .into_any(),
        LinkState::Idle | LinkState::Loading => {
            view! { <p class="muted">{move || tr(panel.ui(), Text::Loading)}</p> }.into_any()
        }
        LinkState::Ready => ().into_any(),
    };
    view! {
        {waiting}
        <div class="desk" node_ref=root></div>
    }
}

/// A button to one of the desk's views. The pointer, focus or a finger on it is intent: the
/// desk module is fetched then, so that the click finds it ready.
#[component]
pub fn DeskButton(
    class: &'static str,
    testid: &'static str,
    /// The view it opens.
    to: View,
    children: Children,
) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <button
            type="button"
            class=class
            data-testid=testid
            on:pointerenter=move |_| prefetch_desk()
            on:focus=move |_| prefetch_desk()
            on:touchstart=move |_| prefetch_desk()
            on:click=move |_| session.go(Go::To(to.clone()))
        >
            {children()}
        </button>
    }
}

/// Fetches the desk module when the user shows intent (pointer, focus or touch on a way to
/// it), so that the click finds it ready.
fn prefetch_desk() {
    if let Some(DeskIntent(intent)) = use_context::<DeskIntent>() {
        intent.run(());
    }
}

/// The brand-coloured bar: Back (when not home), the site's name, Close.
#[component]
pub fn Header() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let t = move |text| tr(panel.ui(), text);
    let title = move || {
        panel.config.with(|c| match c {
            crate::state::Load::Ready(site) if !site.name.trim().is_empty() => site.name.clone(),
            _ => t(Text::Help).to_owned(),
        })
    };
    view! {
        <header class="bar">
            {move || {
                panel
                    .can_go_back()
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="icon"
                                data-testid="back"
                                aria-label=move || t(Text::Back)
                                on:click=move |_| panel.back()
                            >
                                <span aria-hidden="true">"←"</span>
                            </button>
                        }
                    })
            }}
            <span class="title">{title}</span>
            <button
                type="button"
                class="icon"
                data-testid="close"
                aria-label=move || t(Text::Close)
                on:click=move |_| panel.close()
            >
                <span aria-hidden="true">"×"</span>
            </button>
        </header>
    }
}

/// A translated string that follows the panel's language. Every call returns the same closure
/// type, so the view code that renders it exists once in the wasm (each distinct closure in a
/// view costs its own copy).
pub fn tx(
    session: Session,
    text: Text,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || tr(session.ui(), text)
}

/// A friendly failure message, with a Retry button when `retry` is given.
#[component]
pub fn ErrorBox(
    /// What to tell the user.
    text: Text,
    /// Re-runs the request that failed.
    #[prop(optional)]
    retry: Option<Box<dyn Fn()>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <div class="error" role="alert" data-testid="error">
            <p>{move || tr(session.ui(), text)}</p>
            {retry
                .map(|retry| {
                    view! {
                        <button
                            type="button"
                            class="btn"
                            data-testid="retry"
                            on:click=move |_| retry()
                        >
                            {move || tr(session.ui(), Text::Retry)}
                        </button>
                    }
                })}
        </div>
    }
}

/// The way to a human: leads to [`ContactView`]. It is on every view where self-service may
/// have failed: the home, below search results (empty or not), and after "No" in the reader.
#[component]
pub fn ContactEntry(
    /// The line above the button.
    #[prop(default = Text::ContactHint)]
    hint: Text,
) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <div class="contact">
            <p class="muted">{move || tr(session.ui(), hint)}</p>
            <DeskButton class="btn" testid="contact" to=View::Contact>
                {move || tr(session.ui(), Text::ContactUs)}
            </DeskButton>
        </div>
    }
}

/// Escapes text for use as HTML (for a title the server sent without `title_html`).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_html() {
        assert_eq!(
            super::escape_html(r#"<b a='1'>"x" & y</b>"#),
            "&lt;b a=&#39;1&#39;&gt;&quot;x&quot; &amp; y&lt;/b&gt;"
        );
    }
}
