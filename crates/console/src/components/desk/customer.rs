//! The customer's panel beside the thread (under it on narrow screens): who they are, the
//! host app's attributes from `identify`, the environment the widget captured, and their other
//! tickets, each a link.

use leptos::prelude::*;

use super::state::TicketState;
use super::status_class;
use crate::components::common::RouteLink;
use crate::desk_ticket::{environment_rows, rows};
use crate::i18n::{DeskText, ticket_status};
use crate::route::Route;
use crate::state::Console;

/// A definition list of (name, value) rows, or "—" when there are none.
fn facts(id: &'static str, rows: Vec<(String, String)>, none: &'static str) -> AnyView {
    if rows.is_empty() {
        return view! { <p id=id class="empty">{none}</p> }.into_any();
    }
    view! {
        <dl id=id class="facts customer-facts">
            {rows
                .into_iter()
                .map(|(name, value)| view! { <div><dt>{name}</dt><dd>{value}</dd></div> })
                .collect_view()}
        </dl>
    }
    .into_any()
}

#[component]
pub fn CustomerPanel(state: TicketState) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let body = move || {
        state.customer.get().map(|customer| {
            let none = t(DeskText::NoneGiven);
            let mut who = vec![(t(DeskText::Email).to_owned(), customer.email.clone())];
            if let Some(company) = customer.company.clone().filter(|c| !c.is_empty()) {
                who.push((t(DeskText::Company).to_owned(), company));
            }
            if let Some(user) = customer.user_id.clone() {
                who.push((t(DeskText::UserId).to_owned(), user));
            }
            let others: Vec<_> = customer
                .tickets
                .iter()
                .filter(|ticket| ticket.id != state.id)
                .cloned()
                .collect();
            let past = if others.is_empty() {
                view! { <p id="customer-tickets-empty" class="empty">{t(DeskText::NoPastTickets)}</p> }.into_any()
            } else {
                view! {
                    <ul id="customer-tickets" class="past-tickets">
                        {others
                            .into_iter()
                            .map(|ticket| {
                                let id = ticket.id;
                                view! {
                                    <li>
                                        <RouteLink to=Route::Ticket(id) id=format!("past-ticket-{id}")>
                                            {ticket.subject.clone()}
                                        </RouteLink>
                                        " "
                                        <span class=status_class(ticket.status)>{t(ticket_status(ticket.status))}</span>
                                        <span class="ticket-number">{format!(" #{id}")}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <p id="customer-name" class="customer-name">{customer.name.clone()}</p>
                {facts("customer-facts", who, none)}
                <h3 id="customer-attributes-heading">{t(DeskText::Attributes)}</h3>
                {facts("customer-attributes", rows(&customer.attributes), none)}
                <h3 id="customer-environment-heading">{t(DeskText::Environment)}</h3>
                {facts("customer-environment", environment_rows(&customer.environment), none)}
                <h3 id="customer-tickets-heading">{t(DeskText::PastTickets)}</h3>
                {past}
            }
        })
    };
    view! {
        <aside id="customer-panel" class="customer-panel" aria-labelledby="customer-heading">
            <h2 id="customer-heading">{move || t(DeskText::Customer)}</h2>
            {body}
        </aside>
    }
}
