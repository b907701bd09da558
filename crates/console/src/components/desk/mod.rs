//! The agents' workspace: the inbox, one ticket, the keyboard shortcuts' help.

use leptos::prelude::*;

use crate::i18n::DeskText;
use crate::state::Console;

#[component]
pub fn InboxScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    view! { <h1 id="inbox-title" tabindex="-1">{move || console.t(DeskText::Inbox)}</h1> }
}

#[component]
pub fn TicketScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    view! { <h1 id="ticket-title" tabindex="-1">{move || console.t(DeskText::Ticket)}</h1> }
}

#[component]
pub fn ShortcutsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <h1 id="shortcuts-title" tabindex="-1">{move || console.t(DeskText::Shortcuts)}</h1>
    }
}
