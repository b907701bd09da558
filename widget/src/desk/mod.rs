//! "Contact us" and conversations, the desk module: the contact form with its draft, uploads
//! and deflection ([`Contact`]), the user's conversations and the open thread with its live
//! event stream, composer and CSAT ([`Conversations`]), bundled as a [`Desk`].
//!
//! Each is a bundle of signals (it is `Copy`) taking a [`crate::session::Session`], never the
//! whole panel; the pure rules they apply are in `support.rs`. In the built widget they are a
//! second wasm app (`app.rs`, entry `src/desk_main.rs`) the panel loads on intent through
//! `crate::link`; nothing in the panel's own code reaches this module.

pub mod app;
mod contact;
mod conversations;
mod uploads;

pub use contact::Contact;
pub use conversations::{Conversations, TYPING_EVERY_MS};
pub use uploads::{Upload, UploadState, Uploads};

use leptos::prelude::*;

use crate::api::ApiError;
use crate::bridge::HostMessage;
use crate::dom;
use crate::session::Session;
use crate::view::View;

/// Where a send (ticket, reply, CSAT) is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sending {
    #[default]
    Idle,
    Busy,
    Failed(ApiError),
    Done,
}

/// The contact form and the conversations over one session.
#[derive(Clone, Copy)]
pub struct Desk {
    pub session: Session,
    pub contact: Contact,
    pub conversations: Conversations,
}

impl Desk {
    /// Must be called inside a reactive owner.
    pub fn new(session: Session) -> Desk {
        let conversations = Conversations::new(session);
        Desk {
            session,
            contact: Contact::new(session, conversations),
            conversations,
        }
    }

    /// Makes the session and the desk's parts the context of the views below.
    pub fn provide(self) {
        provide_context(self.session);
        provide_context(self.contact);
        provide_context(self.conversations);
    }

    /// Retries a failed send when the browser is back online; marks the open thread read
    /// when the page becomes visible.
    pub fn listen(self) {
        let _ = window_event_listener_untyped("online", move |_| self.contact.online());
        dom::on_document("visibilitychange", move || self.conversations.mark_read());
    }

    /// The panel shows `view` (one of the desk's): load what it needs.
    pub fn enter(self, view: View) {
        if !matches!(view, View::Thread { .. }) {
            self.conversations.stop_stream();
        }
        match &view {
            View::Contact => self.contact.enter(),
            View::Conversations => self.conversations.refresh(),
            View::Thread { id } => self.conversations.open(id.clone()),
            View::Home | View::Article { .. } => {}
        }
        self.session.view.set(view);
    }

    /// The panel shows one of its own views.
    pub fn leave(self) {
        self.conversations.stop_stream();
    }

    /// Applies what the panel passes on of the host's messages.
    pub fn receive(self, message: HostMessage) {
        match message {
            HostMessage::Open | HostMessage::Close => {
                let visible = message == HostMessage::Open;
                if self.session.visible.get_untracked() != visible {
                    self.conversations.set_visible(visible);
                }
            }
            HostMessage::Identify { user } if self.session.user.with_untracked(|u| *u != user) => {
                self.session.user.set(user);
            }
            HostMessage::Context { context }
                if self.session.context.with_untracked(|c| *c != context) =>
            {
                self.session.context.set(context);
            }
            _ => {}
        }
    }
}
