//! What the panel shows and how a view asks to move: shared by the panel's state and by the
//! contact form and conversations (the desk module), which only ask for moves (the panel does
//! the navigating) and report the user's conversations.

use crate::api::ApiError;

/// What the panel shows below its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// Search box, then suggestions, or the results when the box has text.
    Home,
    /// The reader.
    Article { slug: String, locale: String },
    /// The contact form (or, after "this answered my question", its friendly ending).
    Contact,
    /// The user's conversations.
    Conversations,
    /// One conversation, followed live.
    Thread { id: String },
}

/// A value that is fetched.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// A move the contact form or the conversations ask of the panel, which keeps the back stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Go {
    /// Show a view, as if the user chose it (Back returns).
    To(View),
    /// Show a view with nothing to go back to but the home (a finished task).
    Restart(View),
    /// Back to the home, forgetting the back stack.
    Home,
    /// Read an article (from the contact form's suggestions).
    Article { slug: String, locale: String },
}

/// What the desk views tell the panel (in the split build, through [`crate::link`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToPanel {
    /// A move: the panel keeps the back stack.
    Go(Go),
    /// The user's conversations were (re)loaded: how many, and how many unread messages.
    Inbox { count: u32, unread: u32 },
}
