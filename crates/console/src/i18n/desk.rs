//! The strings of the agents' workspace (inbox, ticket, shortcuts), in Spanish and English: one [`pair`] for the
//! fixed ones (reached through `Text::Desk`), functions for those with numbers or names.

/// A string of the agents' workspace (inbox, ticket, shortcuts). Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeskText {
    Inbox,
    Ticket,
    Shortcuts,
}

/// (Spanish, English).
pub fn pair(text: DeskText) -> (&'static str, &'static str) {
    match text {
        DeskText::Inbox => ("Bandeja de entrada", "Inbox"),
        DeskText::Ticket => ("Ticket", "Ticket"),
        DeskText::Shortcuts => ("Atajos de teclado", "Keyboard shortcuts"),
    }
}
