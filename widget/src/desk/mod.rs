//! "Contact us" and conversations: the contact form with its draft, uploads and deflection
//! ([`Contact`]), the user's conversations and the open thread with its live event stream,
//! composer, CSAT and the launcher's unread count ([`Conversations`]).
//!
//! Each is a bundle of signals (it is `Copy`) taking a [`crate::session::Session`], never the
//! whole panel; the pure rules they apply are in `support.rs`.

mod contact;
mod conversations;
mod uploads;

pub use contact::Contact;
pub use conversations::{Conversations, POLL, TYPING_EVERY_MS};
pub use uploads::{Upload, UploadState, Uploads};

use crate::api::ApiError;

/// Where a send (ticket, reply, CSAT) is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sending {
    #[default]
    Idle,
    Busy,
    Failed(ApiError),
    Done,
}
