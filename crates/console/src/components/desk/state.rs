//! What a ticket's parts share: its state, the composer's mode, and the note left for the next
//! ticket shown.

use std::cell::RefCell;

use ayuda_api::{Customer, StaffMessage, StaffTicket, TicketDetail};
use leptos::prelude::*;

use crate::components::common::failure_text;
use crate::i18n::DeskText;
use crate::state::Console;

/// What the composer writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Reply,
    Note,
}

thread_local! {
    /// A note for the next ticket shown ("Merged: …"), taken when it mounts.
    static FLASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Leaves `text` for the next ticket shown.
pub fn flash(text: String) {
    FLASH.with(|f| *f.borrow_mut() = Some(text));
}

/// What the ticket's parts share.
#[derive(Clone, Copy)]
pub struct TicketState {
    pub id: i64,
    pub ticket: RwSignal<Option<StaffTicket>>,
    pub messages: RwSignal<Vec<StaffMessage>>,
    pub customer: RwSignal<Option<Customer>>,
    /// The last action's outcome (`#ticket-status`) or refusal (`#ticket-error`).
    pub notice: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl TicketState {
    /// The ticket as the server answered a change.
    pub fn apply(self, detail: TicketDetail) {
        let _ = self.ticket.try_set(Some(detail.ticket));
        let _ = self.messages.try_set(detail.messages);
        let _ = self.customer.try_set(Some(detail.customer));
    }

    /// Says what an action did.
    pub fn said(self, text: String) {
        let _ = self.error.try_set(None);
        let _ = self.notice.try_set(Some(text));
    }

    /// Says why an action failed: the server's words, else ours.
    pub fn refused(self, console: Console, lead: DeskText, refusal: crate::api::Refusal) {
        let why = refusal
            .message
            .unwrap_or_else(|| console.t(failure_text(refusal.error)).to_owned());
        let _ = self.notice.try_set(None);
        let _ = self
            .error
            .try_set(Some(format!("{} {why}", console.t(lead))));
    }
}

/// The note left for this ticket, if any (taken once).
pub fn take_flash() -> Option<String> {
    FLASH.with(|f| f.borrow_mut().take())
}
